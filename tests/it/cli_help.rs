//! What the command line says about itself: every argument described, every
//! subcommand's help ending with its exit codes, completions and the manual.

use clap::CommandFactory;
use std::process::Command;

fn connedit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_connedit"))
        .args(args)
        .env_remove("AUTH0_DOMAIN")
        .output()
        .expect("the binary runs")
}

#[test]
fn every_argument_is_described_and_every_subcommand_ends_with_its_exit_codes() {
    let cli = connedit::cli::Cli::command();
    let mut missing = Vec::new();
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" && arg.get_help().is_none() {
                missing.push(format!("{path} {id}: no help"));
            }
        }
        for sub in cmd.get_subcommands() {
            let p = format!("{path} {}", sub.get_name());
            walk(sub, &p, missing);
        }
    }
    walk(&cli, "connedit", &mut missing);
    // Every subcommand, at every level (`pull profile` too).
    let mut paths: Vec<Vec<String>> = Vec::new();
    for sub in cli.get_subcommands() {
        paths.push(vec![sub.get_name().to_string()]);
        for inner in sub.get_subcommands() {
            paths.push(vec![
                sub.get_name().to_string(),
                inner.get_name().to_string(),
            ]);
        }
    }
    for path in &paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = connedit(&args);
        assert_eq!(out.status.code(), Some(0), "{path:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        let last = text.trim_end().lines().last().unwrap_or("").to_string();
        if !last.starts_with("Exit codes: 0") {
            missing.push(format!("{path:?} --help does not end with its exit codes"));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn completions_for_each_shell_and_the_manual_page() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = connedit(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("connedit")
                && script.contains("validate")
                && script.contains("rollback"),
            "{shell}: {}",
            &script[..script.len().min(200)]
        );
    }
    let out = connedit(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
    let out = connedit(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    for want in [
        ".TH connedit",
        "EXIT STATUS",
        "ENVIRONMENT",
        "AUTH0_CLIENT_SIGNING_KEY_PATH",
        "CONNEDIT_TIMEOUT",
        "connedit rollback",
    ] {
        assert!(page.contains(want), "the manual lacks {want}");
    }
}

#[test]
fn a_mistyped_subcommand_is_a_usage_error_not_a_new_document() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_connedit"))
        .current_dir(dir.path())
        .arg("vaildate")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean `connedit validate`?"), "{err}");
    assert!(
        !dir.path().join("vaildate").exists(),
        "no document was started"
    );
    // A path or a file name is a file, whatever it looks like.
    let o = Command::new(env!("CARGO_BIN_EXE_connedit"))
        .current_dir(dir.path())
        .arg("./vaildate")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stderr).contains("did you mean"));
}
