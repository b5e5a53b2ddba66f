//! The password tester, rule by rule at the boundaries, per legacy level and
//! per flexible option; and `check-password` as a process.

use connedit::core::password::{SampleUser, Status, Verdict, evaluate};
use serde_json::{Map, Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

fn opts(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn check(o: &Map<String, Value>, pw: &str) -> Verdict {
    evaluate(o, pw, &SampleUser::default())
}

/// The status of one rule for a password.
fn rule(o: &Map<String, Value>, pw: &str, name: &str) -> Option<Status> {
    check(o, pw)
        .checks
        .iter()
        .find(|c| c.rule == name)
        .map(|c| c.status)
}

use Status::{Fail, Note, Pass};

#[test]
fn legacy_levels_at_their_boundaries() {
    // (level, password, accepted)
    let table: &[(&str, &str, bool)] = &[
        ("none", "a", true),
        ("none", "", false),
        ("low", "abcde", false),
        ("low", "abcdef", true),
        ("fair", "Abcdef1", false),         // 7 characters
        ("fair", "Abcdef12", true),         // 8, lower+upper+digit
        ("fair", "abcdef12", false),        // no upper
        ("fair", "ABCDEF12", false),        // no lower
        ("fair", "Abcdefgh", false),        // no digit
        ("fair", "Abcdef!!", false),        // special is not a digit
        ("good", "abcdefg1", false),        // 2 of 4
        ("good", "abcdefG1", true),         // 3 of 4
        ("good", "abcdef!1", true),         // 3 of 4 with special
        ("good", "Abcde!1", false),         // 7 characters
        ("excellent", "Abcdefg!1", false),  // 9 characters
        ("excellent", "Abcdefgh!1", true),  // 10
        ("excellent", "Abbbcdef!1", false), // "bbb"
        ("excellent", "Aaabcdef!1", true),  // "Aaa" is not three identical characters
        ("excellent", "Aabcdefg!1", true),  // "aa" is fine
    ];
    for (level, pw, ok) in table {
        let v = check(&opts(json!({"passwordPolicy": level})), pw);
        assert_eq!(v.accepted, *ok, "{level} {pw:?}: {:#?}", v.checks);
    }
    // No policy at all is level none.
    assert!(check(&opts(json!({})), "x").accepted);
}

#[test]
fn an_explicit_min_length_supersedes_the_level() {
    let o =
        opts(json!({"passwordPolicy": "fair", "password_complexity_options": {"min_length": 12}}));
    assert_eq!(rule(&o, "Abcdefghij1", "minimum length"), Some(Fail)); // 11
    assert_eq!(rule(&o, "Abcdefghijk1", "minimum length"), Some(Pass)); // 12
    let o =
        opts(json!({"passwordPolicy": "fair", "password_complexity_options": {"min_length": 6}}));
    assert!(check(&o, "Abcd12").accepted, "lower than the level's 8 too");
    // Characters, not bytes.
    let o = opts(json!({"password_complexity_options": {"min_length": 8}}));
    assert_eq!(rule(&o, "ééééééé", "minimum length"), Some(Fail));
    assert_eq!(rule(&o, "éééééééé", "minimum length"), Some(Pass));
}

#[test]
fn legacy_passwords_past_72_bytes_are_truncated_not_refused() {
    let o = opts(json!({"passwordPolicy": "none"}));
    let seventy_two = "é".repeat(36);
    assert_eq!(rule(&o, &seventy_two, "maximum length"), Some(Pass));
    let v = check(&o, &format!("{seventy_two}a"));
    assert!(v.accepted);
    assert_eq!(
        v.checks
            .iter()
            .find(|c| c.rule == "maximum length")
            .unwrap()
            .status,
        Note
    );
}

fn flex(complexity: Value) -> Map<String, Value> {
    opts(json!({"password_options": {"complexity": complexity}}))
}

#[test]
fn flexible_rules_one_by_one() {
    let o = flex(json!({"min_length": 8}));
    assert_eq!(rule(&o, "abcdefg", "minimum length"), Some(Fail));
    assert_eq!(rule(&o, "abcdefgh", "minimum length"), Some(Pass));
    // Without min_length the server's default (15) applies.
    assert_eq!(
        rule(&flex(json!({})), "fourteen-chars", "minimum length"),
        Some(Fail)
    );
    assert_eq!(
        rule(&flex(json!({})), "fifteen-chars!!", "minimum length"),
        Some(Pass)
    );

    let all = flex(
        json!({"min_length": 1, "character_types": ["uppercase", "number"], "character_type_rule": "all"}),
    );
    assert_eq!(rule(&all, "ABC", "character types"), Some(Fail));
    assert_eq!(rule(&all, "AB1", "character types"), Some(Pass));
    let three = flex(
        json!({"min_length": 1, "character_types": ["uppercase", "lowercase", "number", "special"], "character_type_rule": "three_of_four"}),
    );
    assert_eq!(rule(&three, "aB", "character types"), Some(Fail));
    assert_eq!(rule(&three, "aB!", "character types"), Some(Pass));

    let identical = flex(json!({"min_length": 1, "identical_characters": "block"}));
    assert_eq!(rule(&identical, "xaax", "identical characters"), Some(Pass));
    assert_eq!(
        rule(&identical, "xaaax", "identical characters"),
        Some(Fail)
    );
    assert_eq!(
        rule(
            &flex(json!({"min_length": 1, "identical_characters": "allow"})),
            "aaaa",
            "identical characters"
        ),
        None
    );

    let seq = flex(json!({"min_length": 1, "sequential_characters": "block"}));
    for bad in ["xabcx", "x123x", "xcbax", "x321x", "XYZ"] {
        assert_eq!(
            rule(&seq, bad, "sequential characters"),
            Some(Fail),
            "{bad}"
        );
    }
    for ok in ["xabdx", "x124x", "ab12", "a1b2c3"] {
        assert_eq!(rule(&seq, ok, "sequential characters"), Some(Pass), "{ok}");
    }

    let error = flex(json!({"min_length": 1, "max_length_exceeded": "error"}));
    let seventy_two = "é".repeat(36);
    assert_eq!(rule(&error, &seventy_two, "maximum length"), Some(Pass));
    assert_eq!(
        rule(&error, &format!("{seventy_two}a"), "maximum length"),
        Some(Fail),
        "73 bytes"
    );
    let truncate = flex(json!({"min_length": 1, "max_length_exceeded": "truncate"}));
    assert_eq!(
        rule(&truncate, &format!("{seventy_two}a"), "maximum length"),
        Some(Note)
    );
}

#[test]
fn dictionaries_ignore_case() {
    let legacy = opts(json!({"password_dictionary": {"enable": true, "dictionary": ["Acme"]}}));
    let v = check(&legacy, "my-aCmE-pass");
    assert!(!v.accepted);
    assert_eq!(
        v.checks
            .iter()
            .find(|c| c.rule == "custom dictionary")
            .unwrap()
            .detail,
        "contains \"Acme\" from the dictionary"
    );
    assert_eq!(rule(&legacy, "PASSWORD", "common passwords"), Some(Fail));
    assert_eq!(
        rule(&legacy, "unusual-horse-47", "common passwords"),
        Some(Pass)
    );
    // Disabled: neither list applies.
    let off = opts(json!({"password_dictionary": {"enable": false, "dictionary": ["acme"]}}));
    assert!(check(&off, "acme").accepted);
    let flexible = opts(
        json!({"password_options": {"complexity": {"min_length": 1}, "dictionary": {"active": true, "custom": ["Globex"], "default": "en_10k"}}}),
    );
    assert_eq!(
        rule(&flexible, "GLOBEX-corp", "custom dictionary"),
        Some(Fail)
    );
    assert_eq!(rule(&flexible, "qwerty", "common passwords"), Some(Fail));
}

#[test]
fn each_personal_field_is_checked() {
    let user = SampleUser {
        name: "Jane Marple".into(),
        username: "detective1947".into(),
        nickname: "sleuth".into(),
        email: "miss.m@stmary.example".into(),
        phone_number: "5550147".into(),
        metadata_name: "Janey".into(),
        metadata_first: "Jane".into(),
        metadata_last: "Marple".into(),
    };
    let legacy = opts(json!({"password_no_personal_info": {"enable": true}}));
    for (pw, field) in [
        ("xx-jane marple", "name"),
        ("xxDETECTIVE1947xx", "username"),
        ("sleuth99", "nickname"),
        ("miss.m-2026", "email"),
        ("janey!", "name"), // "Jane" from the name is in "janey"
        ("Marple1", "name"),
    ] {
        let v = evaluate(&legacy, pw, &user);
        let c = v.checks.iter().find(|c| c.rule == "personal data").unwrap();
        assert_eq!(c.status, Fail, "{pw}");
        assert!(c.detail.contains(field), "{pw}: {}", c.detail);
    }
    assert!(
        evaluate(&legacy, "stmary-example", &user).accepted,
        "only the part of the email before @"
    );
    assert!(
        evaluate(&legacy, "5550147", &user).accepted,
        "legacy does not block the phone number"
    );
    // The flexible policy blocks exactly its blocked_fields.
    let flexible = opts(json!({"password_options": {"complexity": {"min_length": 1},
        "profile_data": {"active": true, "blocked_fields": ["phone_number", "user_metadata.first"]}}}));
    assert!(!evaluate(&flexible, "call5550147", &user).accepted);
    assert!(!evaluate(&flexible, "JANE!!", &user).accepted);
    assert!(
        evaluate(&flexible, "sleuth", &user).accepted,
        "nickname is not blocked here"
    );
}

#[test]
fn the_checklist_reads_well() {
    let o = opts(
        json!({"passwordPolicy": "excellent", "password_dictionary": {"enable": true, "dictionary": ["acme"]},
        "password_no_personal_info": {"enable": true}, "password_history": {"enable": true, "size": 5}}),
    );
    let user = SampleUser {
        username: "jdoe".into(),
        ..Default::default()
    };
    let v = evaluate(&o, "Jdoe-acme-111", &user);
    let mut text: Vec<String> = vec![format!("policy: {}", v.policy)];
    text.extend(v.checks.iter().map(|c| c.line()));
    text.push(if v.accepted { "ACCEPTED" } else { "REJECTED" }.to_string());
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn the_estimate_is_labelled_as_an_estimate() {
    let v = check(&opts(json!({})), "correct horse battery staple");
    assert!(v.estimate.as_ref().unwrap().0 >= 3);
    assert!(
        v.estimate_line()
            .starts_with("estimate (zxcvbn, not an Auth0 rule): ")
    );
}

fn run_cli(policy: &Value, password: &str, user: Option<&Value>) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("db.json");
    std::fs::write(&p, serde_json::to_string(policy).unwrap()).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_connedit"));
    cmd.args(["check-password", "--policy", p.to_str().unwrap()]);
    if let Some(u) = user {
        let up = dir.path().join("user.json");
        std::fs::write(&up, serde_json::to_string(u).unwrap()).unwrap();
        cmd.args(["--user", up.to_str().unwrap()]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn check_password_reads_stdin_and_never_prints_the_password() {
    let policy = json!({"name": "db", "strategy": "auth0", "options": {"passwordPolicy": "good",
        "password_no_personal_info": {"enable": true}}});
    let secret = "Zq8!vT2#mW9pLx";
    let (code, text) = run_cli(&policy, secret, None);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("ACCEPTED"));
    assert!(!text.contains(secret), "the password leaked:\n{text}");
    let weak = "Rover-Smith-1";
    let user =
        json!({"name": "Ann Smith", "email": "ann@example.com", "user_metadata": {"first": "Ann"}});
    let (code, text) = run_cli(&policy, weak, Some(&user));
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("✗ personal data: contains \"smith\" from the user's name"),
        "{text}"
    );
    assert!(!text.contains(weak));
    assert!(text.contains("REJECTED"));
}
