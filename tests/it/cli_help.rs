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

/// Issue 30: completion offers the strategies for every `--strategy` and
/// no file names for it, nor for a tenant's name (`--tenant`,
/// `--confirm-tenant`) or a template id: in bash, zsh and fish, which
/// complete values (elvish and powershell complete only the options).
#[test]
fn completion_offers_strategies_for_strategy_and_no_file_names_for_names() {
    let names = connedit::core::fields::strategies::names();
    // Every --strategy, at every level, takes the strategies as its values.
    let mut strategy_args = 0;
    fn walk(cmd: &clap::Command, names: &[&str], seen: &mut usize) {
        for arg in cmd.get_arguments() {
            if arg.get_long() == Some("strategy") {
                *seen += 1;
                let values: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect();
                assert_eq!(values, names, "{} --strategy", cmd.get_name());
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, names, seen);
        }
    }
    walk(&connedit::cli::Cli::command(), names, &mut strategy_args);
    assert!(
        strategy_args >= 4,
        "new, pull connections, pull all, schema: {strategy_args}"
    );
    let script = |shell: &str| {
        let out = connedit(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    // bash: each `--strategy)` case offers the names; a name's case offers
    // nothing (never `compgen -f`).
    let bash = script("bash");
    let cases = |opt: &str| -> Vec<String> {
        bash.split(&format!("{opt})"))
            .skip(1)
            .map(|rest| rest.split(";;").next().unwrap().to_string())
            .collect()
    };
    let strategy_cases = cases("--strategy");
    assert_eq!(strategy_cases.len(), strategy_args, "{strategy_cases:#?}");
    for case in &strategy_cases {
        assert!(
            case.contains("compgen -W \"ad adfs") && case.contains(" okta "),
            "{case}"
        );
        assert!(!case.contains("compgen -f"), "{case}");
    }
    for opt in ["--tenant", "--confirm-tenant", "--template"] {
        let found = cases(opt);
        assert!(!found.is_empty(), "bash has no case for {opt}");
        for case in found {
            assert!(
                !case.contains("compgen -f"),
                "bash: {opt} completes file names: {case}"
            );
        }
    }
    // fish: `-f` (no files) and the names as arguments.
    let fish = script("fish");
    let lines = |opt: &str| -> Vec<&str> {
        fish.lines()
            .filter(|l| l.contains(&format!(" -l {opt} ")))
            .collect()
    };
    assert_eq!(lines("strategy").len(), strategy_args);
    for l in lines("strategy") {
        // One value a line, from "ad" on.
        assert!(l.contains(r#" -r -f -a "ad\t"#), "{l}");
    }
    assert!(fish.contains("\nokta\\t"), "fish offers okta");
    for opt in ["tenant", "confirm-tenant", "template"] {
        for l in lines(opt) {
            assert!(
                l.contains(" -r -f"),
                "fish: {opt} completes file names: {l}"
            );
        }
    }
    // zsh: the names as the action, never `_files` or `_default`.
    let zsh = script("zsh");
    let specs = |opt: &str| -> Vec<&str> {
        zsh.lines()
            .filter(|l| {
                let l = l.trim_start().trim_start_matches('\'');
                // `(--other)--opt=` (conflicts), `*--opt=` (repeatable)
                let l = l
                    .split_once(')')
                    .filter(|(a, _)| a.starts_with('('))
                    .map_or(l, |(_, b)| b);
                l.trim_start_matches('*').starts_with(&format!("{opt}="))
            })
            .collect()
    };
    assert_eq!(
        specs("--strategy").len(),
        strategy_args,
        "{:#?}",
        specs("--strategy")
    );
    for l in specs("--strategy") {
        assert!(
            l.contains(":STRATEGY:(ad adfs") || l.contains(":S:(ad adfs"),
            "{l}"
        );
    }
    for opt in ["--tenant", "--confirm-tenant", "--template"] {
        let found = specs(opt);
        assert!(!found.is_empty(), "zsh has no spec for {opt}");
        for l in found {
            assert!(
                !l.contains("_files") && !l.contains("_default"),
                "zsh: {opt} completes file names: {l}"
            );
        }
    }
}

/// Issue 30: the manual page points to no page that is not installed
/// (`connedit-push(1)`), describes every subcommand at every level, and has
/// the editor's keys (from its key table) and the tenants file.
#[test]
fn the_manual_has_every_subcommand_the_editor_keys_and_the_tenants_file() {
    let out = connedit(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    // As roff escapes them: '-', quotes, backslashes.
    let plain = page
        .replace("\\-", "-")
        .replace("\\(aq", "'")
        .replace("\\*(Aq", "'")
        .replace("\\(ga", "`")
        .replace("\\(rs", "\\")
        .replace("\\e", "\\");
    assert!(
        !plain.contains("(1)"),
        "the page points to connedit-*(1) pages that are not installed:\n{}",
        plain
            .lines()
            .filter(|l| l.contains("(1)"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let cli = connedit::cli::Cli::command();
    for sub in cli.get_subcommands() {
        assert!(
            plain.contains(&format!(".SS \"connedit {}\"", sub.get_name()))
                || plain.contains(&format!(".SS connedit {}", sub.get_name())),
            "no section for connedit {}",
            sub.get_name()
        );
        for inner in sub.get_subcommands() {
            let name = format!("connedit {} {}", sub.get_name(), inner.get_name());
            assert!(plain.contains(&name), "nothing on {name}");
        }
    }
    assert!(plain.contains(".SH \"EDITOR KEYS\""), "no editor keys");
    for (keys, what) in connedit::tui::keymap::help_lines() {
        if keys.is_empty() {
            continue;
        }
        assert!(
            plain.contains(what),
            "the manual lacks the key {keys}: {what}"
        );
    }
    assert!(plain.contains(".SH \"TENANTS FILE\""), "no tenants file");
    for (key, _) in connedit::io::tenants::KEYS {
        assert!(
            plain.contains(&format!("\\fB{key}\\fR")),
            "the tenants file section lacks {key}"
        );
    }
}
