//! The editor in a real pseudo-terminal: the bytes it writes are fed to a
//! vt100 emulator, keys are typed as a terminal sends them.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the editor wrote.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Session {
    fn start(args: &[&Path], dir: &Path) -> Session {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_connedit"));
        for a in args {
            cmd.arg(a);
        }
        Session::start_command(cmd, dir)
    }

    fn start_command(mut cmd: CommandBuilder, dir: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        cmd.cwd(dir);
        // Never the developer's tenant or state folder.
        for k in [
            "AUTH0_DOMAIN",
            "AUTH0_ACCESS_TOKEN",
            "AUTH0_API_TOKEN",
            "AUTH0_CLIENT_ID",
            "AUTH0_CLIENT_SECRET",
            "CONNEDIT_TENANT",
        ] {
            cmd.env_remove(k);
        }
        cmd.env("XDG_STATE_HOME", dir.join(".state"));
        cmd.env("XDG_CONFIG_HOME", dir.join(".config"));
        // A 256-colour terminal without colour unless a test says otherwise.
        if cmd.get_env("TERM").is_none() {
            cmd.env("TERM", "xterm-256color");
        }
        if cmd.get_env("NO_COLOR").is_none() {
            cmd.env("NO_COLOR", "1");
        }
        cmd.env_remove("COLORTERM");
        // A UTF-8 terminal unless a test says otherwise (the developer's
        // locale must not decide what is drawn).
        for k in ["LC_ALL", "LC_CTYPE"] {
            cmd.env_remove(k);
        }
        if cmd.get_env("LANG").is_none() {
            cmd.env("LANG", "C.UTF-8");
        }
        let child = pty.slave.spawn_command(cmd).expect("spawns");
        drop(pty.slave);
        // Read the master's own descriptor (a cloned reader would keep the
        // terminal alive after a hangup), polling so the thread can stop.
        let fd = pty.master.as_raw_fd().expect("a master fd");
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            24.try_into().unwrap(),
            80.try_into().unwrap(),
            0,
        )));
        let feed = screen.clone();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let record = raw.clone();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !stopped.load(std::sync::atomic::Ordering::SeqCst) {
                let mut p = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one pollfd; the fd is the master's, open while not stopped.
                if unsafe { libc::poll(&mut p, 1, 50) } <= 0 || p.revents & libc::POLLIN == 0 {
                    if p.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                        break;
                    }
                    continue;
                }
                // SAFETY: reads into a buffer of its length.
                let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
                if n <= 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n as usize]);
                record.lock().unwrap().extend_from_slice(&buf[..n as usize]);
            }
        });
        // The master stays open for the session's life (or until a hangup).
        Session {
            screen,
            raw,
            writer,
            child,
            master: Some(pty.master),
            stop,
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

#[test]
fn search_with_slash_and_ascii_under_lang_c_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("profile.json");
    std::fs::write(&file, PROFILE).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_connedit"));
    cmd.arg(&file);
    cmd.env("LANG", "C");
    let mut s = Session::start_command(cmd, dir.path());
    // Not a UTF-8 locale: borders and marks in ASCII.
    s.wait_for("Profile - profile.json");
    assert!(s.contents().is_ascii(), "{}", s.contents());
    s.send(b"/feature sc");
    s.wait_for("/feature sc");
    s.send(b"\r");
    // The selection is on the match: Space toggles that feature off.
    s.send(b" ");
    s.wait_for("\"enabled_features\": []");
    s.send(b"\x11"); // Ctrl-Q
    s.wait_for("Unsaved changes");
    s.send(b"d"); // discard
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
}

#[test]
fn an_8_colour_terminal_gets_no_256_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("profile.json");
    std::fs::write(&file, PROFILE).unwrap();
    let run = |term: &str| {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_connedit"));
        cmd.arg(&file);
        cmd.env("TERM", term);
        // Colour on (an empty NO_COLOR is no request: no-color.org).
        cmd.env("NO_COLOR", "");
        let mut s = Session::start_command(cmd, dir.path());
        s.wait_for("profile.json");
        s.send(b"j"); // a frame after a key too
        std::thread::sleep(Duration::from_millis(300));
        s.send(b"\x11"); // Ctrl-Q
        assert!(s.wait_exit().success());
        String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string()
    };
    let eight = run("linux");
    assert!(!eight.contains("\x1b[38;5;"), "{eight:?}");
    assert!(!eight.contains(";5;"), "{eight:?}");
    assert!(
        eight.contains("\x1b[36"),
        "the focused border in cyan: {eight:?}"
    );
    for n in 90..=97 {
        assert!(
            !eight.contains(&format!("[{n}")) && !eight.contains(&format!(";{n}m")),
            "no bright colour code on 8 colours: {eight:?}"
        );
    }
    // A terminal that says it has 256 colours gets the bright ones (the
    // theme's grey), still in their short form.
    let many = run("xterm-256color");
    assert!(many.contains(";90m"), "{many:?}");
    assert!(!many.contains("38;5;"), "{many:?}");
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
    s.wait_for("acme-unsaved");
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

/// The SSH connection drops and no SIGHUP reaches the editor (it is not the
/// session leader, as under `su` or a wrapper shell): its terminal reads fail.
/// It must write the recovery file and leave, not spin.
#[test]
fn a_hangup_without_sighup_writes_the_recovery_file_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("profile.json");
    std::fs::write(&file, PROFILE).unwrap();
    // SIGHUP blocked before exec (perl-base is on every Debian system): no
    // signal arrives, as when the editor runs under su/sudo.
    let mut cmd = CommandBuilder::new("perl");
    cmd.arg("-MPOSIX");
    cmd.arg("-e");
    cmd.arg("sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGHUP)); exec @ARGV or die");
    cmd.arg(env!("CARGO_BIN_EXE_connedit"));
    cmd.arg(&file);
    let mut s = Session::start_command(cmd, dir.path());
    s.wait_for("Profile — profile.json");
    s.send(b"\r-unsaved\r");
    s.wait_for("acme-unsaved");
    // The connection drops: the reader stops, then the master closes.
    s.stop.store(true, std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(150));
    drop(s.writer);
    drop(s.master.take());
    let rec = dir.path().join(".profile.json.connedit-recovery");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !rec.exists() {
        assert!(
            Instant::now() < deadline,
            "no recovery file after the hangup"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The file is created, then written: wait for its text, not its name.
    let mut text = std::fs::read_to_string(&rec).unwrap();
    while !text.contains("\"acme-unsaved\"") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        text = std::fs::read_to_string(&rec).unwrap();
    }
    assert!(text.contains("\"acme-unsaved\""), "{text}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), PROFILE);
    // And the editor is gone (no process left spinning on the dead terminal).
    let out = std::process::Command::new("pgrep")
        .args([
            "-f",
            &format!("{} {}", env!("CARGO_BIN_EXE_connedit"), file.display()),
        ])
        .output()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut left = String::from_utf8_lossy(&out.stdout).trim().to_string();
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        let out = std::process::Command::new("pgrep")
            .args([
                "-f",
                &format!("{} {}", env!("CARGO_BIN_EXE_connedit"), file.display()),
            ])
            .output()
            .unwrap();
        left = String::from_utf8_lossy(&out.stdout).trim().to_string();
    }
    assert!(left.is_empty(), "the editor is still running: {left}");
}

/// Issue 30: a long diff on a terminal goes through `$PAGER` (whole, never
/// cut), not with `--no-pager`, and never when piped (every other test).
#[test]
fn a_long_diff_on_a_terminal_goes_through_the_pager() {
    let api = crate::support::StandIn::start();
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("t");
    std::fs::create_dir_all(tree.join("connection-profiles")).unwrap();
    for i in 0..12 {
        api.add_profile(serde_json::json!({"name": format!("p{i}"), "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}));
        std::fs::write(
            tree.join(format!("connection-profiles/p{i}.json")),
            format!(r#"{{"name": "p{i}", "organization": {{"show_as_button": "optional", "assign_membership_on_login": "none"}}}}"#),
        )
        .unwrap();
    }
    for (extra, paged, pager) in [
        (None, true, "sed 's/^/PAGED: /' | tail -n 5"),
        (Some("--no-pager"), false, "sed 's/^/PAGED: /' | tail -n 5"),
        // A pager that cannot run: the text is shown all the same.
        (None, false, "no-such-pager-xyz"),
    ] {
        let mut cmd = standin_command(&api, &[]);
        cmd.arg("diff");
        cmd.arg(&tree);
        if let Some(e) = extra {
            cmd.arg(e);
        }
        cmd.env("PAGER", pager);
        let mut s = Session::start_command(cmd, dir.path());
        s.wait_exit();
        let text = s.contents();
        if paged {
            assert!(text.contains("PAGED: "), "{text}");
        } else {
            assert!(
                !text.contains("PAGED: ") && text.contains("profile p9"),
                "{text}"
            );
        }
    }
}

/// Issue 30: Ctrl-C while a push's write is on its way. The first says the
/// request was sent and may apply and keeps waiting (the write lands and is
/// reported); the second stops waiting, says what to run, exits 130.
#[test]
fn ctrl_c_during_a_push_tells_the_truth() {
    for twice in [false, true] {
        let api = crate::support::StandIn::start();
        let id = api.add_profile(serde_json::json!({"name": "acme", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.json");
        std::fs::write(
            &file,
            format!(r#"{{"id": "{id}", "name": "acme", "organization": {{"show_as_button": "optional", "assign_membership_on_login": "none"}}}}"#),
        )
        .unwrap();
        // The write is applied, then answered after 3 s.
        api.state().stall = Some(Duration::from_secs(3));
        let mut cmd = standin_command(&api, &[]);
        cmd.args(["push", "--yes", "--no-pager"]);
        cmd.arg(&file);
        let mut s = Session::start_command(cmd, dir.path());
        s.wait_for("sending 1 change to");
        // The PATCH is on its way once the stand-in logged it.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !api.state().log.iter().any(|l| l.method == "PATCH") {
            assert!(Instant::now() < deadline, "no PATCH: {}", s.contents());
            std::thread::sleep(Duration::from_millis(20));
        }
        s.send(b"\x03");
        s.wait_for("the request was sent and may apply; waiting for Auth0's answer");
        if twice {
            s.send(b"\x03");
            let status = s.wait_exit();
            assert_eq!(status.exit_code(), 130, "{}", s.contents());
            assert!(
                s.contents().contains("may still apply: run connedit diff"),
                "{}",
                s.contents()
            );
        } else {
            let status = s.wait_exit();
            assert!(status.success(), "{}", s.contents());
            assert!(s.contents().contains("pushed 1 change"), "{}", s.contents());
        }
        assert_eq!(
            api.state().profiles[0]["organization"]["show_as_button"],
            "optional",
            "the write applied either way"
        );
    }
}

/// Issue 30: Ctrl-C while a push only reads (the plan, the stale check)
/// says nothing was sent, sends nothing, exits 130 (it said "the request was
/// sent and may apply").
#[test]
fn ctrl_c_before_any_write_says_nothing_was_sent() {
    let api = crate::support::StandIn::start();
    let id = api.add_profile(serde_json::json!({"name": "acme", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.json");
    std::fs::write(
        &file,
        format!(r#"{{"id": "{id}", "name": "acme", "organization": {{"show_as_button": "optional", "assign_membership_on_login": "none"}}}}"#),
    )
    .unwrap();
    // The plan's read answers at once; the stale check's read (the next
    // one, just before the write) stalls.
    api.after_next("GET", &format!("/connection-profiles/{id}"), |s| {
        s.stall_read = Some(Duration::from_secs(3));
    });
    let mut cmd = standin_command(&api, &[]);
    cmd.args(["push", "--yes", "--no-pager"]);
    cmd.arg(&file);
    let mut s = Session::start_command(cmd, dir.path());
    let deadline = Instant::now() + Duration::from_secs(10);
    while api
        .state()
        .log
        .iter()
        .filter(|l| l.method == "GET" && l.path.contains("connection-profiles"))
        .count()
        < 2
    {
        assert!(Instant::now() < deadline, "no GET: {}", s.contents());
        std::thread::sleep(Duration::from_millis(20));
    }
    s.send(b"\x03");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130, "{}", s.contents());
    assert!(
        s.contents()
            .contains("interrupted before any write was sent: nothing was changed"),
        "{}",
        s.contents()
    );
    assert!(
        !s.contents().contains("was sent and may apply"),
        "{}",
        s.contents()
    );
    std::thread::sleep(Duration::from_millis(3500));
    assert!(api.writes().is_empty(), "nothing sent");
    assert_eq!(
        api.state().profiles[0]["organization"]["show_as_button"],
        "none"
    );
}

/// From the review of issue 30: Ctrl-C during a tree push stops before the
/// next write (never during one), says what was not sent, exits 130.
#[test]
fn ctrl_c_during_a_tree_push_sends_no_further_write() {
    let api = crate::support::StandIn::start();
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("t");
    std::fs::create_dir_all(tree.join("connection-profiles")).unwrap();
    for i in 0..3 {
        api.add_profile(serde_json::json!({"name": format!("p{i}"), "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}));
        std::fs::write(
            tree.join(format!("connection-profiles/p{i}.json")),
            format!(r#"{{"name": "p{i}", "organization": {{"show_as_button": "optional", "assign_membership_on_login": "none"}}}}"#),
        )
        .unwrap();
    }
    api.state().stall = Some(Duration::from_secs(2));
    let mut cmd = standin_command(&api, &[]);
    cmd.args(["push", "--yes"]);
    cmd.arg(&tree);
    let mut s = Session::start_command(cmd, dir.path());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !api.state().log.iter().any(|l| l.method == "PATCH") {
        assert!(Instant::now() < deadline, "no PATCH: {}", s.contents());
        std::thread::sleep(Duration::from_millis(20));
    }
    s.send(b"\x03");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130, "{}", s.contents());
    assert!(
        s.contents().contains("interrupted: not sent:"),
        "{}",
        s.contents()
    );
    let patches = api
        .state()
        .log
        .iter()
        .filter(|l| l.method == "PATCH")
        .count();
    assert_eq!(patches, 1, "no write after Ctrl-C: {}", s.contents());
}

/// Issue 30: a wrong name typed at a protected tenant's prompt says so
/// (and sends nothing), where it said nothing.
#[test]
fn a_wrong_name_at_the_protected_prompt_is_said() {
    let api = crate::support::StandIn::start();
    let id = api.add_profile(serde_json::json!({"name": "acme", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}));
    let dir = tempfile::tempdir().unwrap();
    let cfg_dir = dir.path().join(".config/connedit");
    std::fs::create_dir_all(&cfg_dir).unwrap();
    let cfg = cfg_dir.join("tenants.toml");
    std::fs::write(
        &cfg,
        format!(
            "[tenants.prod]\ndomain = \"http://{}\"\nclient_id = \"{}\"\nclient_secret_env = \"PROD_SECRET\"\nprotected = true\n",
            api.addr,
            crate::support::CLIENT_ID
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let file = dir.path().join("p.json");
    std::fs::write(
        &file,
        format!(r#"{{"id": "{id}", "name": "acme", "organization": {{"show_as_button": "optional", "assign_membership_on_login": "none"}}}}"#),
    )
    .unwrap();
    // The tenants file's tenant (--tenant outranks the stand-in's variables).
    let mut cmd = standin_command(
        &api,
        &[format!("PROD_SECRET={}", crate::support::CLIENT_SECRET)],
    );
    cmd.args(["push", "--tenant", "prod", "--no-pager"]);
    cmd.arg(&file);
    let mut s = Session::start_command(cmd, dir.path());
    s.wait_for("Type its name");
    s.send(b"prdo\r");
    s.wait_for("that is not prod: nothing was sent");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 1, "{}", s.contents());
    assert!(api.writes().is_empty());
}

/// connedit against the stand-in in a pty, through env(1) (the session
/// clears only some variables): every variable of the developer's that
/// could reach a tenant, sign, proxy or replace keywords is unset, then the
/// stand-in's (and `extra`) set.
fn standin_command(api: &crate::support::StandIn, extra: &[String]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new("env");
    for k in [
        "CI",
        "AUTH0_DOMAIN",
        "AUTH0_ACCESS_TOKEN",
        "AUTH0_API_TOKEN",
        "AUTH0_CLIENT_ID",
        "AUTH0_CLIENT_SECRET",
        "AUTH0_AUDIENCE",
        "AUTH0_CLIENT_SIGNING_KEY_PATH",
        "AUTH0_CLIENT_SIGNING_ALGORITHM",
        "AUTH0_KEYWORD_REPLACE_MAPPINGS",
        "CONNEDIT_TENANT",
        "CONNEDIT_TIMEOUT",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.arg("-u");
        cmd.arg(k);
    }
    for (k, v) in api.env() {
        cmd.arg(format!("{k}={v}"));
    }
    for e in extra {
        cmd.arg(e);
    }
    cmd.arg(env!("CARGO_BIN_EXE_connedit"));
    cmd
}
