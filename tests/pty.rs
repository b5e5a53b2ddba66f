//! The editor in a real pseudo-terminal: the bytes it writes are fed to a
//! vt100 emulator, keys are typed as a terminal sends them.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(args: &[&Path], dir: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_connedit"));
        for a in args {
            cmd.arg(a);
        }
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        let child = pty.slave.spawn_command(cmd).expect("spawns");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            24.try_into().unwrap(),
            80.try_into().unwrap(),
            0,
        )));
        let feed = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        // Keep the master open for the session's life.
        std::mem::forget(pty.master);
        Session {
            screen,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; screen:\n{}",
            self.contents()
        );
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the editor did not exit; screen:\n{}", self.contents());
    }
}

const PROFILE: &str = "{\n  \"name\": \"acme\",\n  \"enabled_features\": [\n    \"scim\"\n  ]\n}\n";

#[test]
fn edit_save_and_quit_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("profile.json");
    std::fs::write(&file, PROFILE).unwrap();
    let mut s = Session::start(&[&file], dir.path());
    s.wait_for("Profile — profile.json");
    assert!(
        s.screen.lock().unwrap().screen().alternate_screen(),
        "the editor uses the alternate screen"
    );
    s.send(b"\r"); // edit name
    s.send(b"-corp");
    s.wait_for("\"name\": \"acme-corp\""); // the preview follows the keystrokes
    s.send(b"\r");
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("saved profile.json");
    s.send(b"\x11"); // Ctrl-Q
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["name"], "acme-corp");
    assert!(
        !s.screen.lock().unwrap().screen().alternate_screen(),
        "the terminal left the alternate screen"
    );
}

#[test]
fn a_hangup_writes_the_recovery_file_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("profile.json");
    std::fs::write(&file, PROFILE).unwrap();
    let mut s = Session::start(&[&file], dir.path());
    s.wait_for("Profile — profile.json");
    s.send(b"\r-unsaved\r");
    s.wait_for("profile.json*");
    let pid = s.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    s.wait_exit();
    let rec = dir.path().join(".profile.json.connedit-recovery");
    let text = std::fs::read_to_string(&rec).expect("a recovery file");
    assert!(text.contains("\"acme-unsaved\""), "{text}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&rec).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        PROFILE,
        "the document itself is untouched"
    );
    assert!(
        !s.screen.lock().unwrap().screen().alternate_screen(),
        "the terminal was restored"
    );

    // The next open offers the edits back.
    let mut s = Session::start(&[&file], dir.path());
    s.wait_for("[R]estore");
    s.send(b"r");
    s.wait_for("\"name\": \"acme-unsaved\"");
    s.send(b"\x13");
    s.wait_for("saved profile.json");
    s.send(b"\x11");
    s.wait_exit();
    assert!(!rec.exists(), "saved: the recovery file is gone");
}
