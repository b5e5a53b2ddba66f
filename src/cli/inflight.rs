//! Ctrl-C while a write is on its way (issue 30): a write once sent is
//! never reported as not sent. The first Ctrl-C says the request was sent
//! and may apply, and keeps waiting for Auth0's answer; the second stops
//! waiting and says what to run to find out (exit 130, as a shell expects
//! of an interrupt).

use signal_hook::consts::SIGINT;
use signal_hook::iterator::{Handle, Signals};
use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C came while watching: a loop of writes stops before its
/// next one.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Watches for Ctrl-C while it lives.
pub struct InFlight {
    handle: Option<Handle>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts watching; `find_out` is the command that tells whether the write
/// applied (`connedit diff FILE`). Without a way to watch (never seen),
/// Ctrl-C keeps its default.
pub fn watch(find_out: &str) -> InFlight {
    let find_out = crate::core::scrub::one_line(find_out);
    let Ok(mut signals) = Signals::new([SIGINT]) else {
        return InFlight {
            handle: None,
            thread: None,
        };
    };
    let handle = signals.handle();
    let thread = std::thread::spawn(move || {
        let mut seen = 0;
        for _ in signals.forever() {
            seen += 1;
            INTERRUPTED.store(true, Ordering::Relaxed);
            if seen == 1 {
                // Only reads so far (the stale check, the plan): nothing was
                // sent, and nothing will be; said so, and gone.
                if !crate::io::api::writes::stop() {
                    eprintln!(
                        "\nconnedit: interrupted before any write was sent: nothing was changed"
                    );
                    std::process::exit(130);
                }
                eprintln!(
                    "\nconnedit: the request was sent and may apply; waiting for Auth0's answer (Ctrl-C again to stop waiting; no further write is sent)"
                );
            } else {
                eprintln!(
                    "connedit: stopped waiting; the write may still apply: run {find_out} to find out"
                );
                std::process::exit(130);
            }
        }
    });
    InFlight {
        handle: Some(handle),
        thread: Some(thread),
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.close();
            // signal-hook leaves its own (now empty) handler installed:
            // Ctrl-C would be ignored for the rest of the run (from the
            // review). The default again.
            // SAFETY: setting a signal's disposition to the default.
            unsafe {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
            }
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
