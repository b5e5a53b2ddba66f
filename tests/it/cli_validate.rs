//! `connedit validate` run as a process: exit codes, text and JSON output.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn connedit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_connedit"))
        .args(args)
        // Never the developer's deploy-cli mappings.
        .env_remove("AUTH0_KEYWORD_REPLACE_MAPPINGS")
        .output()
        .expect("the binary runs")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_seed_profile_with_a_name_has_no_errors() {
    let dir = tempfile::tempdir().unwrap();
    // The example of Auth0's Connection Profile page, with a name added.
    let f = write(
        dir.path(),
        "seed.json",
        r#"{"name": "seed", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"},
            "connection_name_prefix_template": "ec-{org_id}-", "enabled_features": ["scim", "universal_logout"]}"#,
    );
    let o = connedit(&["validate", "--format", "json", &f]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{"file": f, "kind": "profile", "diagnostics": []}])
    );
}

#[test]
fn the_shipped_examples_are_clean() {
    let o = connedit(&[
        "validate",
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/examples"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 files checked: 0 errors, 0 warnings"));
}

#[test]
fn errors_exit_1_with_file_line_column_in_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "p.json",
        "{\n  \"name\": \"x\",\n  \"enabled_features\": [\"scmi\"]\n}\n",
    );
    let o = connedit(&["validate", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{f}:3:24: error[enum] /enabled_features/0: must be one of \"scim\" or \"universal_logout\", not \"scmi\"; did you mean \"scim\"?\n"
        )
    );
}

#[test]
fn warnings_alone_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "db.json",
        r#"{"name": "db", "strategy": "auth0", "options": {"password_complexity_options": {"min_length": 6}}}"#,
    );
    let o = connedit(&["validate", &f]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("warning[weak] /options/password_complexity_options/min_length"));
}

#[test]
fn json_format_matches_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "db.json",
        "{\"name\": \"db\", \"strategy\": \"auth0\",\n \"options\": {\"passwordPolicy\": \"excelent\"}}",
    );
    let o = connedit(&["validate", "--format", "json", &f]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["file"], f.as_str());
    assert_eq!(v[0]["kind"], "connection");
    let d = &v[0]["diagnostics"][0];
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["severity", "code", "path", "message", "line", "column"]
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "enum");
    assert_eq!(d["path"], "/options/passwordPolicy");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(32))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean \"excellent\"?")
    );
}

#[test]
fn syntax_errors_are_diagnostics_not_failures() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "broken.json", "{\"name\": \"x\",\n}");
    let o = connedit(&["validate", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with(&format!(
            "{f}:2:1: error[json.syntax] (document): not valid JSON"
        )),
        "{}",
        stdout(&o)
    );
    let bytes = dir.path().join("latin1.json");
    std::fs::write(&bytes, b"{\"name\": \"caf\xe9\"}").unwrap();
    let o = connedit(&["validate", bytes.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            ":1:14: error[json.syntax] (document): not valid JSON: the file is not UTF-8 (byte 0xE9)"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_document_of_millions_of_tiny_values_is_refused_at_its_place_not_read_whole() {
    // 2.4 MB of one-character strings: read whole, it would take ~25 times
    // its size in memory. The refusal names the line and column where
    // reading stopped, and the file next to it is still checked.
    let dir = tempfile::tempdir().unwrap();
    let items = vec!["\"a\""; 600_000].join(",\n");
    let big = write(
        dir.path(),
        "big.json",
        &format!(
            "{{\"name\": \"big\", \"strategy\": \"auth0\", \"options\": {{\"non_persistent_attrs\": [\n{items}]}}}}"
        ),
    );
    let ok = write(
        dir.path(),
        "ok.json",
        r#"{"name": "fine", "strategy": "auth0"}"#,
    );
    let o = connedit(&["validate", &big, &ok]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!(
            "{big}:199997:1: error[json.syntax] (document): too large to read: more than 200000 values"
        )),
        "{out}"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("2 files checked: 1 error,"), "{err}");
}

#[test]
fn directories_are_walked_for_json_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "connection-profiles/a.json", r#"{"name": "a"}"#);
    write(
        dir.path(),
        "database-connections/db/database.json",
        r#"{"name": "db", "options": {}}"#,
    );
    write(
        dir.path(),
        "database-connections/db/login.js",
        "function login() {}",
    );
    write(dir.path(), ".git/config.json", "not json");
    write(dir.path(), "notes.txt", "not json");
    let o = connedit(&["validate", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().rsplit('/').next().unwrap(),
                r["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [("a.json", "profile"), ("database.json", "connection")]
    );
}

#[test]
fn unreadable_input_exits_2_and_still_checks_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.json", r#"{"name": ""}"#);
    let o = connedit(&["validate", &bad, "/nonexistent/x.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("error[length] /name"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/x.json: cannot read"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(connedit(&["validate"]).status.code(), Some(2));
    assert_eq!(
        connedit(&["validate", "--format", "xml", "x.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(connedit(&["frobnicate", "--nope"]).status.code(), Some(2));
}

#[test]
fn kind_can_be_forced() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "x.json", r#"{"name": "x", "options": {}}"#);
    let o = connedit(&["validate", "--kind", "profile", "--format", "json", &f]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["kind"], "profile");
    assert_eq!(v[0]["diagnostics"][0]["code"], "unknown_field");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn many_files_in_one_call_keep_their_order() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let text = if i % 2 == 0 {
            format!(r#"{{"name": "p{i}"}}"#)
        } else {
            r#"{"name": ""}"#.to_string()
        };
        write(dir.path(), &format!("p{i:04}.json"), &text);
    }
    let o = connedit(&["validate", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let reports = v.as_array().unwrap();
    assert_eq!(reports.len(), 300);
    for (i, r) in reports.iter().enumerate() {
        assert!(
            r["file"]
                .as_str()
                .unwrap()
                .ends_with(&format!("p{i:04}.json"))
        );
        assert_eq!(r["diagnostics"].as_array().unwrap().is_empty(), i % 2 == 0);
    }
}

#[test]
fn mixed_evidence_is_an_error_and_the_place_or_kind_decides() {
    let dir = tempfile::tempdir().unwrap();
    // A profile with a stray `options`: never silently taken for a connection.
    let f = write(
        dir.path(),
        "odd.json",
        r#"{"name": "acme", "organization": {"show_as_button": "none"}, "options": {}}"#,
    );
    let o = connedit(&["validate", &f]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("error[conflict]")
            && out.contains("\"organization\"")
            && out.contains("\"options\"")
            && out.contains("--kind"),
        "{out}"
    );
    let o = connedit(&["validate", "--kind", "profile", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("error[unknown_field] /options"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("conflict"), "{}", stdout(&o));
    // A deploy-cli database.json is an auth0 connection by its place, strategy or not.
    let db = dir.path().join("database-connections/Users");
    std::fs::create_dir_all(&db).unwrap();
    std::fs::write(
        db.join("database.json"),
        r#"{"name": "Users", "options": {"upstream_params": {}}}"#,
    )
    .unwrap();
    let o = connedit(&["validate", db.join("database.json").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("warning[strategy] /options/upstream_params"),
        "the database rules ran: {}",
        stdout(&o)
    );
}

#[test]
fn a_folder_with_a_symlink_loop_and_a_fifo_is_walked_once_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/p.json", r#"{"name": "p"}"#);
    std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("a/again")).unwrap();
    let fifo = dir.path().join("a/pipe.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = connedit(&["validate", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("1 file checked"),
        "once, not once per loop: {err}"
    );
    assert!(err.contains("pipe.json: not a regular file"), "{err}");
    assert!(err.contains("symlink loop"), "{err}");
    // Named directly, a FIFO is refused, not read.
    let o = connedit(&["validate", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sarif_output_is_valid_sarif_with_a_rule_per_code_and_results_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("connection profiles")).unwrap();
    let bad = write(
        &dir.path().join("connection profiles"),
        "bad.json",
        "{\n  \"name\": \"\",\n  \"organization\": {\"show_as_button\": \"optinal\"}\n}",
    );
    let broken = write(dir.path(), "broken.json", "{\"name\": ");
    let o = Command::new(env!("CARGO_BIN_EXE_connedit"))
        .current_dir(dir.path())
        .args([
            "validate",
            "--format",
            "sarif",
            "connection profiles/bad.json",
            "broken.json",
            "missing.json",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a missing file is a failure");
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    // Checked against the SARIF 2.1.0 schema (tests/fixtures).
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let problems: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let mut wrong = log.clone();
    wrong["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&wrong), "the schema check can fail");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "connedit");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), connedit::core::Code::ALL.len());
    assert!(
        rules
            .iter()
            .all(|r| !r["shortDescription"]["text"].as_str().unwrap().is_empty())
    );
    let results = run["results"].as_array().unwrap();
    let enum_result = results
        .iter()
        .find(|r| r["ruleId"] == "enum")
        .expect("the enum error");
    assert_eq!(enum_result["level"], "error");
    let loc = &enum_result["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "connection%20profiles/bad.json"
    );
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(
        rules[enum_result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "enum"
    );
    assert!(results.iter().any(|r| r["ruleId"] == "json.syntax"
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.json"));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    drop(bad);
    drop(broken);
}

#[test]
fn github_annotations_carry_file_line_column_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "p.json",
        "{\n  \"name\": \"x\",\n  \"organization\": {\"show_as_button\": \"optinal\"}\n}",
    );
    let o = connedit(&["validate", "--format", "github", &f]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("[enum]"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.starts_with(&format!(
            "::error file={},line=3,col=",
            f.replace(':', "%3A").replace(',', "%2C")
        )),
        "{line}"
    );
    assert!(
        line.contains(",title=connedit [enum]::/organization/show_as_button: "),
        "{line}"
    );
}

#[test]
fn the_readme_describes_every_code_as_the_core_does() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for c in connedit::core::Code::ALL {
        let row = format!("| `{}` | {} |", c.as_str(), c.help());
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}

#[test]
fn a_file_name_cannot_forge_an_annotation_on_either_stream() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir
        .path()
        .join("y\n::error file=evil.json,line=1::forged\n.json");
    std::os::unix::fs::symlink("/nonexistent", &evil).unwrap();
    let o = connedit(&["validate", "--format", "github", evil.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    for (name, text) in [
        ("stdout", stdout(&o)),
        ("stderr", String::from_utf8_lossy(&o.stderr).to_string()),
    ] {
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("::error file=evil.json")),
            "{name}: {text}"
        );
    }
    // The unreadable file is an annotation of its own.
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("::error title=connedit::")),
        "{}",
        stdout(&o)
    );
}

/// Issue 26: a file named like a GitHub workflow command never starts a
/// line of the text report (it would stop or inject workflow commands).
#[test]
fn a_file_name_never_starts_a_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "::stop-commands::x.json", "{\"name\": 5}");
    let o = Command::new(env!("CARGO_BIN_EXE_connedit"))
        .current_dir(dir.path())
        .args(["validate", "--kind", "profile", "::stop-commands::x.json"])
        .output()
        .unwrap();
    let text = stdout(&o);
    assert!(text.contains("stop-commands"), "{text}");
    for line in text.lines() {
        assert!(!line.starts_with("::"), "{line}");
    }
}

/// Issue 26: errors written into a closed pipe (`| head`) are not success,
/// and `completions` into one does not panic.
#[test]
fn a_closed_stdout_is_a_failure_not_a_success_or_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // More output than a pipe holds (64 KB), so the write meets the close.
    for i in 0..1500 {
        write(dir.path(), &format!("p{i}.json"), "{\"name\": 5}");
    }
    let bin = env!("CARGO_BIN_EXE_connedit");
    let d = dir.path().display().to_string();
    for args in [
        format!("validate --kind profile {d}"),
        "completions bash".to_string(),
    ] {
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "'{bin}' {args} | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}}"
            ))
            .output()
            .unwrap();
        let code = String::from_utf8_lossy(&o.stdout).trim().to_string();
        assert!(
            code == "2" || code == "0" && args.starts_with("completions"),
            "{args}: exit {code}"
        );
        assert_ne!(code, "134", "{args}: panicked");
    }
}

/// Issue 26: line and paragraph separators, bidi controls and zero-width
/// characters never reach the terminal raw from a report: shown as
/// `\u{…}` in text, JSON-escaped (same meaning) in JSON.
#[test]
fn separators_bidi_and_zero_width_characters_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "p.json",
        "{\"name\": \"x\", \"organization\": {\"show_as_button\": \"a\u{2028}b\u{202e}c\u{200b}d\"}}",
    );
    let o = connedit(&["validate", "--kind", "profile", &f]);
    let text = stdout(&o);
    for (raw, shown) in [
        ('\u{2028}', "\\u{2028}"),
        ('\u{202e}', "\\u{202e}"),
        ('\u{200b}', "\\u{200b}"),
    ] {
        assert!(!text.contains(raw), "{raw:?} raw in {text}");
        assert!(text.contains(shown), "{shown} not in {text}");
    }
    let o = connedit(&["validate", "--kind", "profile", "--format", "json", &f]);
    let out = stdout(&o);
    assert!(
        !out.contains('\u{2028}') && !out.contains('\u{202e}'),
        "{out}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(
        v[0]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("a\u{2028}b")
    );
}

/// Issue 30: nothing to check is a failure (a CI job pointed at the wrong
/// folder must not pass); a profile given as a password policy is refused.
#[test]
fn nothing_to_check_fails_and_a_profile_has_no_password_policy() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a document").unwrap();
    for target in [empty.clone(), dir.path().to_path_buf()] {
        let o = connedit(&["validate", target.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("no document found in"),
            "{}",
            stderr(&o)
        );
    }
    let p = dir.path().join("p.json");
    std::fs::write(&p, r#"{"name": "p", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}"#).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_connedit"))
        .args(["check-password", "--policy", p.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    // It may refuse (and exit) before reading the password: a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(b"hunter2\n");
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stdout(&o).contains("ACCEPTED"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("connection profile, which has no password policy"),
        "{}",
        stderr(&o)
    );
}

/// Issue 31, first part: deploy-cli's own example `tenant.yaml` (copied into
/// tests/fixtures with where it is from) validates: its profiles,
/// connections and databases are checked as documents, each diagnostic at
/// the YAML line and column, in every format; the file is untouched.
#[test]
fn deploy_clis_example_tenant_yaml_validates_with_yaml_places() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/deploy-cli-tenant.yaml"
    );
    let before = std::fs::read(fixture).unwrap();
    let o = connedit(&["validate", fixture]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    // Warnings by evidence only; deploy-cli's directory provisioning is
    // kept and said not to be pushed, not an unknown key.
    assert!(
        out.contains(":149:25: warning[strategy] /connections/0/options/api_enable_users"),
        "{out}"
    );
    assert!(
        out.contains(":166:5: info[no_effect] /connections/1/directory_provisioning_configuration"),
        "{out}"
    );
    assert!(!out.contains("error["), "{out}");
    assert!(
        stderr(&o).contains("1 file checked: 0 errors, 4 warnings"),
        "{}",
        stderr(&o)
    );
    let o = connedit(&["validate", "--format", "json", fixture]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    // One database, four connections, two profiles.
    assert_eq!(
        kinds.iter().filter(|k| **k == "connection").count(),
        5,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "profile").count(),
        2,
        "{kinds:?}"
    );
    let o = connedit(&["validate", "--format", "github", fixture]);
    assert!(stdout(&o).contains("line=149,col=25"), "{}", stdout(&o));
    let o = connedit(&["validate", "--format", "sarif", fixture]);
    let sarif: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(sarif.to_string().contains("\"startLine\":149"), "{sarif}");
    assert_eq!(std::fs::read(fixture).unwrap(), before);
}

#[test]
fn a_broken_or_foreign_yaml_file_gets_its_place_and_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = "databases:\n  - name: users\n    options: {passwordPolicy: fair\n  - name: other\n";
    let f = write(dir.path(), "tenant.yaml", text);
    let o = connedit(&["validate", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("tenant.yaml:") && out.contains("error[json.syntax]"),
        "{out}"
    );
    assert!(out.contains("not valid YAML"), "{out}");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    // A typo, with a bare placeholder before it on the line above.
    let f = write(
        dir.path(),
        "t.yml",
        "databases:\n  - name: users\n    enabled_clients: @@CLIENTS@@\n    options: {passwordPolicy: fiar}\n",
    );
    let o = connedit(&["validate", &f]);
    let out = stdout(&o);
    assert!(
        out.contains("t.yml:3:22: info[placeholder] /databases/0/enabled_clients"),
        "{out}"
    );
    assert!(
        out.contains("t.yml:4:31: error[enum] /databases/0/options/passwordPolicy"),
        "{out}"
    );
    // With a mapping, the replaced value is checked.
    let m = write(dir.path(), "m.json", r#"{"CLIENTS": ["My SPA"]}"#);
    let o = connedit(&["validate", "--mappings", &m, &f]);
    assert!(!stdout(&o).contains("placeholder"), "{}", stdout(&o));
    // A file with none of connedit's sections checks nothing: a failure.
    let f2 = write(
        dir.path(),
        "clients.yaml",
        "clients:\n  - name: x\nconections: []\n",
    );
    let o = connedit(&["validate", &f2]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("nothing to check"), "{}", stderr(&o));
    // A folder: its deploy-cli YAML files are checked beside its JSON ones;
    // other YAML (a compose file) is not connedit's and is left out.
    let repo = tempfile::tempdir().unwrap();
    write(
        repo.path(),
        "tenant.yaml",
        "databases:\n  - name: users\n    options: {passwordPolicy: fiar}\n",
    );
    write(
        repo.path(),
        "docker-compose.yml",
        "services:\n  web: {image: nginx}\n",
    );
    write(repo.path(), "p.json", r#"{"name": "p"}"#);
    let o = connedit(&["validate", repo.path().to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.contains("tenant.yaml:3:31: error[enum]"), "{out}");
    assert!(!out.contains("docker-compose"), "{out}");
    assert!(stderr(&o).contains("2 files checked"), "{}", stderr(&o));
    // Not editable or pushable yet: said plainly, not "not valid JSON".
    let e = connedit::io::files::read_document_with(Path::new(&f), None, None).unwrap_err();
    assert!(
        e.to_string().contains(
            "a deploy-cli YAML file: `connedit validate` checks it, `connedit diff` and `connedit push`"
        ),
        "{e}"
    );
}
