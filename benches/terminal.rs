//! What a user on a terminal feels, measured in a real pseudo-terminal:
//! start-up to the first frame, peak memory with the largest documents open,
//! bytes written to the terminal per keystroke (what an SSH link carries),
//! and `connedit validate` on one file.
//!
//! `cargo bench --bench terminal` (uses the release binary)

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "keystroke.rs"]
#[allow(dead_code)]
mod documents;

const BIN: &str = env!("CARGO_BIN_EXE_connedit");

struct Pty {
    bytes: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn start(args: &[&Path], cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new(BIN);
        for a in args {
            cmd.arg(a);
        }
        Pty::spawn(cmd, cols, rows)
    }

    fn spawn(mut cmd: CommandBuilder, cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        cmd.env("TERM", "xterm-256color");
        // A UTF-8 locale that is not CJK, as on most jump boxes.
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_CTYPE");
        // Never the developer's tenant or state folder.
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy().to_string();
            if k.starts_with("AUTH0_") || k.starts_with("CONNEDIT_") {
                cmd.env_remove(&k);
            }
        }
        let state = std::env::temp_dir().join("connedit-bench-state");
        cmd.env("XDG_STATE_HOME", &state);
        cmd.env("XDG_CONFIG_HOME", &state);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let sink = bytes.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Pty {
            bytes,
            writer,
            child,
            master: pair.master,
        }
    }

    fn len(&self) -> usize {
        self.bytes.lock().unwrap().len()
    }

    fn contains(&self, needle: &[u8]) -> bool {
        self.bytes
            .lock()
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle)
    }

    /// Waits until no byte has arrived for `quiet`; returns how many came.
    fn settle(&self, since: usize, quiet: Duration) -> usize {
        let mut last = self.len();
        let mut still = Instant::now();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
            let now = self.len();
            if now != last {
                last = now;
                still = Instant::now();
            } else if still.elapsed() >= quiet {
                break;
            }
        }
        last - since
    }

    fn send(&mut self, b: &[u8]) {
        self.writer.write_all(b).unwrap();
        self.writer.flush().unwrap();
    }

    fn quit(mut self) {
        self.send(b"\x11");
        std::thread::sleep(Duration::from_millis(100));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Types 60 keys one at a time (every tenth a Backspace) into whatever
/// line the program has open; the bytes written after each, until quiet.
fn typing(pty: &mut Pty, key: &[u8], back: &[u8]) -> Vec<f64> {
    let mut per_key = Vec::new();
    for i in 0..60 {
        let before = pty.len();
        pty.send(if i % 10 == 9 { back } else { key });
        per_key.push(pty.settle(before, Duration::from_millis(40)) as f64);
    }
    per_key
}

/// vim (`-O` when given two files) in the same pty at 80x24: after `setup`,
/// 60 keys typed as `typing` does, and the bytes per key printed.
fn vim_typing(dir: &Path, files: &[&Path], setup: &[&[u8]], label: &str) {
    let mut vim = CommandBuilder::new("vim");
    vim.args(["-N", "-i", "NONE", "-n"]);
    if files.len() > 1 {
        vim.arg("-O");
    }
    for f in files {
        vim.arg(f);
    }
    vim.cwd(dir);
    let mut v = Pty::spawn(vim, 80, 24);
    if v.settle(0, Duration::from_millis(300)) > 0 {
        for keys in setup {
            v.send(keys);
            v.settle(v.len(), Duration::from_millis(100));
        }
        let per_key = typing(&mut v, b"q", b"\x7f");
        let max = per_key.iter().cloned().fold(0.0, f64::max);
        println!(
            "{label}: median {:.0}, max {:.0} (60 keys)",
            median(per_key),
            max
        );
        v.send(b"\x1b:qa!\r");
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = v.child.kill();
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile.json");
    let connection = dir.path().join("connection.json");
    std::fs::write(
        &profile,
        connedit::core::document::pretty(&documents::large_profile()),
    )
    .unwrap();
    std::fs::write(
        &connection,
        connedit::core::document::pretty(&documents::large_connection()),
    )
    .unwrap();
    let args: [&Path; 2] = [&profile, &connection];

    // Start-up: process start to the first frame on the screen.
    let mut startup = Vec::new();
    let runs = if std::env::var_os("BENCH_ONLY_BYTES").is_some() {
        1
    } else {
        20
    };
    for _ in 0..runs {
        let t = Instant::now();
        let pty = Pty::start(&args, 120, 40);
        while !pty.contains("Problems".as_bytes()) {
            std::hint::spin_loop();
            if t.elapsed() > Duration::from_secs(5) {
                panic!("no first frame");
            }
        }
        startup.push(t.elapsed().as_secs_f64() * 1e3);
        pty.quit();
    }
    println!(
        "start-up to first frame (large documents, 120x40): median {:.1} ms over {runs} runs",
        median(startup)
    );

    // Bytes per keystroke while typing in a text field, and memory; vim in
    // the same pty, typing into a line of a file, for comparison.
    let only_bytes = std::env::var_os("BENCH_ONLY_BYTES").is_some();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "name: acme\n").unwrap();
    vim_typing(
        dir.path(),
        &[&text],
        &[b"A"],
        "vim (its defaults.vim) in the same pty, typing into a line at 80x24",
    );
    // vim in the editor's layout: two windows side by side, typing into a
    // line of the right one that wraps (the event that moves rows below it).
    let left = dir.path().join("left.txt");
    let right = dir.path().join("right.json");
    let fields: String = (0..30)
        .map(|i| format!("  \"k{i}\": \"value {i}\",\n"))
        .collect();
    std::fs::write(
        &left,
        (0..40)
            .map(|i| format!("feature line {i}  [x]\n"))
            .collect::<String>(),
    )
    .unwrap();
    std::fs::write(
        &right,
        format!(
            "{{\n  \"name\": \"{}\",\n{fields}  \"end\": true\n}}\n",
            "x".repeat(50)
        ),
    )
    .unwrap();
    vim_typing(
        dir.path(),
        &[&left, &right],
        &[b"\x17l", b"2G", b"$", b"i"],
        "vim -O (two windows), typing into a line that wraps in the right one at 80x24",
    );

    let mut pty = Pty::start(&args, 80, 24);
    pty.settle(0, Duration::from_millis(200));
    pty.send(b"\r"); // the name field's line editor
    pty.settle(pty.len(), Duration::from_millis(100));
    let start = pty.len();
    let per_key = typing(&mut pty, b"q", b"\x7f");
    if std::env::var_os("BENCH_DUMP").is_some() {
        // The whole stream (the first frame too, so an emulator can replay
        // it) and where each key's bytes begin.
        let bytes = pty.bytes.lock().unwrap().clone();
        std::fs::write("/tmp/connedit-typing.bytes", bytes).unwrap();
        let mut at = start;
        let mut offsets = String::new();
        for n in &per_key {
            offsets.push_str(&format!("{at}\n"));
            at += *n as usize;
        }
        std::fs::write("/tmp/connedit-typing.offsets", offsets).unwrap();
    }
    let max = per_key.iter().cloned().fold(0.0, f64::max);
    println!(
        "bytes written per keystroke typing a name at 80x24: median {:.0}, max {:.0} (60 keys): {:?}",
        median(per_key.clone()),
        max,
        per_key
    );
    // Scrolling the help with j (the terminal's scroll region, tui::shift).
    pty.send(b"\r\x1b?");
    pty.settle(pty.len(), Duration::from_millis(100));
    let mut scroll = Vec::new();
    for _ in 0..20 {
        let before = pty.len();
        pty.send(b"j");
        scroll.push(pty.settle(before, Duration::from_millis(40)) as f64);
    }
    pty.send(b"\x1b");
    pty.settle(pty.len(), Duration::from_millis(100));
    println!(
        "bytes written per j scrolling the help at 80x24: median {:.0}, max {:.0} (20 keys)",
        median(scroll.clone()),
        scroll.iter().cloned().fold(0.0, f64::max)
    );
    let pid = pty.child.process_id().unwrap();
    println!(
        "peak RSS of the editor with the largest documents open: {} KB",
        peak_rss_kb(pid).unwrap_or(0)
    );
    let before = pty.len();
    pty.master
        .resize(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    println!(
        "bytes written for a resize to 100x30 (full redraw): {}",
        pty.settle(before, Duration::from_millis(150))
    );
    pty.send(b"\x1b");
    pty.quit();

    if only_bytes {
        return;
    }
    // validate on one file.
    let mut one = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let s = std::process::Command::new(BIN)
            .arg("validate")
            .arg(&profile)
            .output()
            .unwrap();
        assert!(s.status.code() == Some(0));
        one.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "connedit validate on one file (large profile): median {:.2} ms over 50 runs",
        median(one)
    );
}
