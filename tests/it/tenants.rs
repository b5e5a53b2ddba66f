//! Named tenants, the guard on protected ones, snapshots before every write,
//! history, rollback and compare — against two stand-in tenants.

use crate::support;

use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::{CLIENT_SECRET, StandIn};

struct Setup {
    dev: StandIn,
    prod: StandIn,
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dev = StandIn::start();
        let prod = StandIn::start();
        let dir = tempfile::tempdir().unwrap();
        // prod's secret comes from a command, as with `pass show …`.
        let secret_file = dir.path().join("prod-secret");
        std::fs::write(&secret_file, CLIENT_SECRET).unwrap();
        let config = format!(
            "[tenants.dev]\ndomain = \"http://{}\"\nclient_id = \"{}\"\nclient_secret_env = \"DEV_SECRET\"\n\n\
             [tenants.prod]\ndomain = \"http://{}\"\nclient_id = \"{}\"\nclient_secret_command = \"cat {}\"\nprotected = true\n",
            dev.addr,
            support::CLIENT_ID,
            prod.addr,
            support::CLIENT_ID,
            secret_file.display()
        );
        let cfg = dir.path().join("tenants.toml");
        std::fs::write(&cfg, config).unwrap();
        std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
        Setup { dev, prod, dir }
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_connedit"));
        cmd.arg("--config")
            .arg(self.dir.path().join("tenants.toml"))
            .args(args)
            .stdin(Stdio::null());
        for k in [
            "AUTH0_DOMAIN",
            "AUTH0_ACCESS_TOKEN",
            "AUTH0_API_TOKEN",
            "AUTH0_CLIENT_ID",
            "AUTH0_CLIENT_SECRET",
            "CONNEDIT_TENANT",
            "HTTPS_PROXY",
            "HTTP_PROXY",
            "ALL_PROXY",
        ] {
            cmd.env_remove(k);
        }
        cmd.env("DEV_SECRET", CLIENT_SECRET)
            .env("XDG_STATE_HOME", self.state());
        let o = cmd.output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            !all.contains(CLIENT_SECRET),
            "a secret leaked into the output:\n{all}"
        );
        assert!(
            !all.contains("tok-"),
            "a token leaked into the output:\n{all}"
        );
        o
    }

    /// Every snapshot file, for checks.
    fn snapshots(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![self.state().join("connedit/snapshots")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else {
                    out.push(e.path());
                }
            }
        }
        out.sort();
        out
    }
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, connedit::core::document::pretty(v)).unwrap();
    p.display().to_string()
}

fn database() -> Value {
    json!({"name": "Username-Password-Authentication", "strategy": "auth0",
           "options": {"passwordPolicy": "low", "customScripts": {"login": "function login() {}"},
                       "configuration": {"API_KEY": "enc"}, "mfa": {"active": true}}})
}

#[test]
fn tenants_are_listed_without_secrets() {
    let s = Setup::new();
    let o = s.run(&["tenants"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    assert_eq!(lines.len(), 3, "a header and one line per tenant: {text}");
    assert!(lines[0].starts_with("name") && lines[0].ends_with("protected"));
    assert!(
        lines[1].starts_with(&format!("dev   http://{}", s.dev.addr)) && lines[1].ends_with("no"),
        "{text}"
    );
    assert!(
        lines[2].starts_with(&format!("prod  http://{}", s.prod.addr)) && lines[2].ends_with("yes"),
        "{text}"
    );
    // Not even where the secrets come from: only name, domain, protected.
    assert!(
        !text.contains("DEV_SECRET")
            && !text.contains("prod-secret")
            && !text.contains(support::CLIENT_ID)
    );
}

#[test]
fn a_snapshot_of_the_exact_object_is_written_before_each_push() {
    let s = Setup::new();
    let id = s.dev.add_profile(json!({"name": "acme", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}));
    let before = s.dev.state().profiles[0].clone();
    let file = write(
        s.dir.path(),
        "p.json",
        &json!({"id": id, "name": "acme", "organization": {"show_as_button": "optional", "assign_membership_on_login": "none"}}),
    );
    let o = s.run(&["--tenant", "dev", "push", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let snaps = s.snapshots();
    assert_eq!(snaps.len(), 1);
    assert!(
        snaps[0].starts_with(s.state().join(format!(
            "connedit/snapshots/127.0.0.1_{}/{id}",
            s.dev.addr.port()
        ))),
        "{}",
        snaps[0].display()
    );
    assert_eq!(
        std::fs::metadata(&snaps[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&snaps[0]).unwrap()).unwrap();
    assert_eq!(
        snap["before"], before,
        "the exact object as it was before the write"
    );
    assert_eq!(snap["after"]["organization"]["show_as_button"], "optional");
    let o = s.run(&["--tenant", "dev", "history", &file]);
    assert!(out(&o).contains("push     1 change"), "{}", out(&o));
    assert!(
        out(&o).contains("~ /organization/show_as_button: \"none\" → \"optional\""),
        "{}",
        out(&o)
    );
}

#[test]
fn rollback_restores_the_complete_options_and_can_itself_be_undone() {
    let s = Setup::new();
    let id = s.dev.add_connection(database());
    let file = write(
        s.dir.path(),
        "db.json",
        &json!({"name": "Username-Password-Authentication", "options": {"passwordPolicy": "excellent", "mfa": {"active": false}}}),
    );
    assert_eq!(
        s.run(&["--tenant", "dev", "push", &file, "--yes"])
            .status
            .code(),
        Some(0)
    );
    // Someone else adds and removes options afterwards.
    {
        let mut st = s.dev.state();
        let o = st.connections[0]["options"].as_object_mut().unwrap();
        o.remove("customScripts");
        o.insert("brute_force_protection".into(), json!(true));
    }
    let o = s.run(&["--tenant", "dev", "rollback", &id, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("changed on"),
        "the drift since the write is shown: {}",
        out(&o)
    );
    let options = s.dev.state().connections[0]["options"].clone();
    assert_eq!(
        options,
        database()["options"],
        "scripts, mfa, policy back as they were; the added key gone"
    );
    // The rollback was snapshotted too: rolling it back redoes the push state.
    let o = s.run(&["--tenant", "dev", "history", &id]);
    let text = out(&o);
    assert!(
        text.find("rollback").unwrap() < text.find("push").unwrap(),
        "newest first: {text}"
    );
    assert_eq!(s.snapshots().len(), 2);
}

#[test]
fn a_rolled_back_create_is_deleted_only_after_confirmation() {
    let s = Setup::new();
    let file = write(s.dir.path(), "new.json", &json!({"name": "brand-new"}));
    assert_eq!(
        s.run(&["--tenant", "dev", "push", &file, "--yes"])
            .status
            .code(),
        Some(0)
    );
    let id = s.dev.state().profiles[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let o = s.run(&["--tenant", "dev", "rollback", &id]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains(&format!("delete connection profile {id}")));
    assert!(err(&o).contains("explicit confirmation"), "{}", err(&o));
    assert_eq!(s.dev.state().profiles.len(), 1, "still there");
    let o = s.run(&["--tenant", "dev", "rollback", &id, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(s.dev.state().profiles.is_empty(), "deleted");
    // The delete was snapshotted: rolling it back brings the profile back
    // (with a new id: Auth0 gives ids).
    let o = s.run(&["--tenant", "dev", "rollback", &id, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("new id"), "{}", out(&o));
    let st = s.dev.state();
    assert_eq!(st.profiles.len(), 1);
    assert_eq!(st.profiles[0]["name"], "brand-new");
    assert_ne!(st.profiles[0]["id"], id.as_str());
}

#[test]
fn a_profile_rollback_unsets_what_auth0_lets_it_and_says_what_it_cannot() {
    let s = Setup::new();
    let id = s
        .dev
        .add_profile(json!({"name": "acme", "connection_name_prefix_template": "acme"}));
    let before = s.dev.state().profiles[0].clone();
    assert!(before["organization"].is_null() && before["enabled_features"].is_null());
    let file = write(
        s.dir.path(),
        "p.json",
        &json!({"id": id, "name": "acme2", "connection_name_prefix_template": "acme",
                "organization": {"show_as_button": "required", "assign_membership_on_login": "none"},
                "enabled_features": ["scim"], "strategy_overrides": {"okta": {"enabled_features": ["scim"]}}}),
    );
    let o = s.run(&["--tenant", "dev", "push", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = s.run(&["--tenant", "dev", "rollback", &file, "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("organization was not set; Auth0 cannot unset it"),
        "{}",
        out(&o)
    );
    assert_eq!(s.snapshots().len(), 1, "a dry run writes no snapshot");
    let o = s.run(&["--tenant", "dev", "rollback", &file, "--yes"]);
    // The stand-in validates every body with the published schema: a null
    // where Auth0 refuses one would be a 400 here.
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let now = s.dev.state().profiles[0].clone();
    assert_eq!(now["name"], "acme");
    assert_eq!(now["enabled_features"], json!([]));
    assert!(now["strategy_overrides"].is_null());
    assert_eq!(
        now["organization"]["show_as_button"], "required",
        "kept, as the note said"
    );
}

#[test]
fn a_protected_tenant_refuses_yes_alone_and_sends_nothing() {
    let s = Setup::new();
    let id = s.prod.add_profile(json!({"name": "acme"}));
    let file = write(
        s.dir.path(),
        "p.json",
        &json!({"id": id, "name": "acme-renamed"}),
    );
    let o = s.run(&["--tenant", "prod", "push", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains(
            "prod is a protected tenant: --yes alone is not enough: add --confirm-tenant prod"
        ),
        "{}",
        err(&o)
    );
    assert!(s.prod.state().log.is_empty(), "not a single request");
    let o = s.run(&[
        "--tenant",
        "prod",
        "push",
        &file,
        "--yes",
        "--confirm-tenant",
        "dev",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(s.prod.state().log.is_empty());
    let o = s.run(&["--tenant", "prod", "rollback", &id, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "rollback is guarded too");
    assert!(s.prod.state().log.is_empty());
    // A dry run writes nothing and needs no confirmation.
    let o = s.run(&["--tenant", "prod", "push", &file, "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(s.prod.writes().is_empty());
    let o = s.run(&[
        "--tenant",
        "prod",
        "push",
        &file,
        "--yes",
        "--confirm-tenant",
        "prod",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(s.prod.state().profiles[0]["name"], "acme-renamed");
}

#[test]
fn secrets_never_reach_output_snapshots_or_errors() {
    let s = Setup::new();
    s.dev.add_connection(database());
    let file = write(
        s.dir.path(),
        "db.json",
        &json!({"name": "Username-Password-Authentication", "options": {"passwordPolicy": "fair"}}),
    );
    // Every run checks its output for the secret and for tokens.
    s.run(&["--tenant", "dev", "push", &file, "--yes"]);
    s.run(&["--tenant", "prod", "diff", &file]);
    s.run(&["--tenant", "dev", "history", &file]);
    for p in s.snapshots() {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            !text.contains(CLIENT_SECRET) && !text.contains("tok-"),
            "{}",
            p.display()
        );
    }
    // A missing variable is named, not its value.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_connedit"));
    let o = cmd
        .args([
            "--config",
            s.dir.path().join("tenants.toml").to_str().unwrap(),
            "--tenant",
            "dev",
            "templates",
        ])
        .env_remove("DEV_SECRET")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("the environment variable DEV_SECRET (its client secret) is not set"),
        "{}",
        err(&o)
    );
    // An unsafe tenants file is refused.
    std::fs::set_permissions(
        s.dir.path().join("tenants.toml"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let o = s.run(&["tenants"]);
    assert!(err(&o).contains("chmod 600"), "{}", err(&o));
}

#[test]
fn compare_finds_exactly_the_differing_fields() {
    let s = Setup::new();
    s.dev.add_profile(json!({"name": "acme", "organization": {"show_as_button": "none", "assign_membership_on_login": "required"},
                             "connection_name_prefix_template": "ec-{org_id}-", "enabled_features": ["scim"]}));
    s.prod.add_profile(json!({"name": "acme", "organization": {"show_as_button": "optional", "assign_membership_on_login": "required"},
                              "connection_name_prefix_template": "ec-{org_id}-", "enabled_features": ["scim", "universal_logout"]}));
    let o = s.run(&[
        "compare",
        "profile",
        "acme",
        "--tenants",
        "dev,prod",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    let differing: Vec<&str> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["same"] == false)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        differing,
        ["/organization/show_as_button", "/enabled_features"]
    );
    let o = s.run(&["compare", "profile", "acme", "--tenants", "dev,prod"]);
    let text = out(&o);
    assert!(
        text.lines()
            .any(|l| l.starts_with("≠ /organization/show_as_button")
                && l.contains("\"none\"")
                && l.contains("\"optional\"")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("= /organization/assign_membership_on_login")),
        "{text}"
    );
    assert!(text.contains("2 fields differ"), "{text}");
    // Password policies compare in the editor's words.
    s.dev.add_connection(database());
    let mut prod_db = database();
    prod_db["options"]["passwordPolicy"] = json!("good");
    s.prod.add_connection(prod_db);
    let o = s.run(&[
        "compare",
        "connection",
        "Username-Password-Authentication",
        "--tenants",
        "dev,prod",
    ]);
    assert!(out(&o).contains("low: 6+ chars"), "{}", out(&o));
    assert!(
        out(&o).contains("good: 8+ chars, 3 of lower/upper/digit/special"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("1 field differs"), "{}", out(&o));
    assert!(
        !out(&o).contains("different types"),
        "both legacy: no policy section"
    );
    // A flexible policy beside a legacy one: both in full.
    let mut flexible = database();
    flexible["name"] = json!("Flex-DB");
    flexible["options"]["password_options"] =
        json!({"complexity": {"min_length": 12}, "history": {"active": true, "size": 5}});
    s.dev.add_connection(flexible.clone());
    flexible["options"]
        .as_object_mut()
        .unwrap()
        .remove("password_options");
    s.prod.add_connection(flexible);
    let o = s.run(&["compare", "connection", "Flex-DB", "--tenants", "dev,prod"]);
    let text = out(&o);
    assert!(
        text.contains("dev: password_options (flexible policy)\n  • at least 12 characters (complexity.min_length)"),
        "{text}"
    );
    assert!(
        text.contains("prod: legacy policy, level low\n  • at least 6 characters (level low)"),
        "{text}"
    );
}

#[test]
fn a_damaged_snapshot_is_refused_and_nothing_is_sent() {
    let s = Setup::new();
    let id = s.dev.add_connection(database());
    let store = connedit::io::snapshots::Store::at(s.state().join("connedit/snapshots"));
    // A record without the connection's options (edited by hand, truncated…):
    // restoring "no options" would wipe scripts and settings.
    store
        .save(
            &s.dev.addr.to_string(),
            "connection",
            &id,
            "push",
            Some(&json!({"id": id, "name": "Username-Password-Authentication"})),
            &json!({}),
        )
        .unwrap();
    let o = s.run(&["--tenant", "dev", "rollback", &id, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("is damaged (it has no options)"),
        "{}",
        err(&o)
    );
    assert!(s.dev.writes().is_empty(), "nothing sent");
    assert_eq!(
        s.dev.state().connections[0]["options"],
        database()["options"]
    );
}

#[test]
fn a_tenants_file_others_could_write_is_refused_before_any_command_runs() {
    let s = Setup::new();
    let marker = s.dir.path().join("ran");
    let cfg = s.dir.path().join("tenants.toml");
    std::fs::write(
        &cfg,
        format!(
            "[tenants.prod]\ndomain = \"http://{}\"\nclient_id = \"x\"\nclient_secret_command = \"touch {}; echo s\"\n",
            s.prod.addr,
            marker.display()
        ),
    )
    .unwrap();
    for mode in [0o620, 0o602] {
        std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(mode)).unwrap();
        let o = s.run(&["--tenant", "prod", "templates"]);
        assert_eq!(o.status.code(), Some(2), "{mode:o}: {}", err(&o));
        assert!(err(&o).contains("does not trust it"), "{}", err(&o));
        assert!(!marker.exists(), "{mode:o}: the command did not run");
    }
    // The folder it is in, too.
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(s.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let o = s.run(&["--tenant", "prod", "templates"]);
    std::fs::set_permissions(s.dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!marker.exists());
}

#[test]
fn a_secret_given_as_a_variable_name_is_refused_without_echoing_it() {
    let s = Setup::new();
    let cfg = s.dir.path().join("tenants.toml");
    std::fs::write(
        &cfg,
        format!(
            "[tenants.dev]\ndomain = \"http://{}\"\nclient_id = \"x\"\nclient_secret_env = \"Zx9-pasted/secret+value==\"\n",
            s.dev.addr
        ),
    )
    .unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = s.run(&["--tenant", "dev", "templates"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("not a variable name"), "{}", err(&o));
    assert!(!err(&o).contains("pasted"), "not echoed: {}", err(&o));
}

#[test]
fn a_secret_that_looks_like_a_variable_name_is_never_printed() {
    // About one Auth0 client secret in three is letters, digits and _ only:
    // pasted into client_secret_env it is a valid name of an unset variable.
    let s = Setup::new();
    let cfg = s.dir.path().join("tenants.toml");
    let pasted = "Q3vJx8kLm2Tq7Zp0Rw5Yb1Nc4Hd6Fg9Sa3Ue8Wi0Ok2Pj5uIo";
    std::fs::write(
        &cfg,
        format!(
            "[tenants.dev]\ndomain = \"http://{}\"\nclient_id = \"x\"\nclient_secret_env = \"{pasted}\"\n\
             [tenants.named]\ndomain = \"http://{}\"\nclient_id = \"x\"\nclient_secret_env = \"DEV_SECRET_2\"\n",
            s.dev.addr, s.dev.addr
        ),
    )
    .unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = s.run(&["--tenant", "dev", "templates"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let all = format!("{}{}", err(&o), String::from_utf8_lossy(&o.stdout));
    assert!(!all.contains("Q3vJ"), "never echoed: {all}");
    assert!(
        all.contains("the variable named in client_secret_env"),
        "{all}"
    );
    // A name that reads as one is still printed: it helps.
    let o = s.run(&["--tenant", "named", "templates"]);
    assert!(
        err(&o).contains("the environment variable DEV_SECRET_2 (its client secret) is not set"),
        "{}",
        err(&o)
    );
}

#[test]
fn snapshots_others_could_have_written_are_reported_and_never_acted_on() {
    let s = Setup::new();
    let id = s.dev.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "p.json", &json!({"id": id, "name": "acme-2"}));
    let o = s.run(&["--tenant", "dev", "push", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let snap = s.snapshots().pop().unwrap();
    // Group-writable: not trusted.
    std::fs::set_permissions(&snap, std::fs::Permissions::from_mode(0o660)).unwrap();
    let o = s.run(&["--tenant", "dev", "rollback", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("does not trust it"), "{}", err(&o));
    let o = s.run(&["--tenant", "dev", "history", &file]);
    assert!(out(&o).contains("damaged"), "{}", out(&o));
    std::fs::set_permissions(&snap, std::fs::Permissions::from_mode(0o600)).unwrap();
    // A folder on the way that others can write: nothing is written or trusted.
    let folder = snap.parent().unwrap().to_path_buf();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    let o = s.run(&["--tenant", "dev", "rollback", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    // A newest record that is damaged is reported, not skipped for an older one.
    let newest = folder.join("29991231T000000.000Z.json");
    std::fs::write(&newest, "{\"before\": ").unwrap();
    std::fs::set_permissions(&newest, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = s.run(&["--tenant", "dev", "rollback", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("not valid JSON"), "{}", err(&o));
    std::fs::remove_file(&newest).unwrap();
    // A record with nothing before that is not a create connedit made never deletes.
    let forged = folder.join("29991231T000001.000Z.json");
    std::fs::write(
        &forged,
        json!({"kind": "profile", "id": id, "action": "push", "before": null, "after": {}})
            .to_string(),
    )
    .unwrap();
    std::fs::set_permissions(&forged, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = s.run(&["--tenant", "dev", "rollback", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert_eq!(s.dev.state().profiles.len(), 1, "not deleted");
    assert_eq!(s.dev.writes().len(), 1, "only the push was sent");
}

#[test]
fn compare_never_shows_a_secret_in_text_or_json() {
    let s = Setup::new();
    let okta = |secret: &str| {
        json!({"name": "okta1", "strategy": "okta", "options": {"domain": "a.okta.com", "client_id": "c",
               "client_secret": secret, "decryptionKey": "-----BEGIN PRIVATE KEY-----\nMIIEsecretkey\n-----END PRIVATE KEY-----"}})
    };
    s.dev.add_connection(okta("OKTASECRET-dev-123456"));
    s.prod.add_connection(okta("OKTASECRET-prod-654321"));
    for format in ["text", "json"] {
        let o = s.run(&[
            "compare",
            "connection",
            "okta1",
            "--tenants",
            "dev,prod",
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", err(&o));
        let all = format!("{}{}", out(&o), err(&o));
        assert!(
            !all.contains("OKTASECRET") && !all.contains("MIIEsecretkey"),
            "{format}: {all}"
        );
    }
}

#[test]
fn a_tenant_can_authenticate_with_a_private_key_named_in_the_tenants_file() {
    let api = StandIn::start();
    api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("keys")).unwrap();
    let key = dir.path().join("keys/dev.pem");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jwt/test-client-key.pem"),
        &key,
    )
    .unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    // Relative to the tenants file's folder.
    let cfg = dir.path().join("tenants.toml");
    std::fs::write(
        &cfg,
        format!(
            "[tenants.dev]\ndomain = \"http://{}\"\nclient_id = \"{}\"\nclient_signing_key_path = \"keys/dev.pem\"\nclient_signing_algorithm = \"PS256\"\n",
            api.addr,
            support::CLIENT_ID
        ),
    )
    .unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_connedit"));
        cmd.arg("--config")
            .arg(&cfg)
            .args(["--tenant", "dev", "pull", "profile", "acme"]);
        for k in [
            "AUTH0_DOMAIN",
            "AUTH0_ACCESS_TOKEN",
            "AUTH0_API_TOKEN",
            "AUTH0_CLIENT_ID",
            "AUTH0_CLIENT_SECRET",
            "AUTH0_CLIENT_SIGNING_KEY_PATH",
            "CONNEDIT_TENANT",
            "CONNEDIT_TIMEOUT",
        ] {
            cmd.env_remove(k);
        }
        cmd.env("XDG_STATE_HOME", dir.path().join("state"))
            .stdin(Stdio::null());
        cmd.output().unwrap()
    };
    let o = run();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("\"acme\""), "{}", out(&o));
    // Judged like the tenants file: a key others can write is refused.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o602)).unwrap();
    let o = run();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("dev.pem is writable by every user"),
        "{}",
        err(&o)
    );
}

/// Issue 30, one exit-code rule: a named object that exists nowhere is 1
/// in compare and history alike (never an empty table and 0, never 2).
#[test]
fn a_missing_object_is_exit_1_in_compare_and_history() {
    let s = Setup::new();
    let o = s.run(&["compare", "profile", "nowhere", "--tenants", "dev,prod"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
    assert!(
        err(&o).contains("no profile named \"nowhere\" on dev, prod"),
        "{}",
        err(&o)
    );
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "p.json",
        &json!({"name": "nowhere", "organization": {"show_as_button": "none"}}),
    );
    let o = s.run(&["history", &f, "--tenant", "dev"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
}

/// Issue 30: one exit-code rule in every subcommand — 0 done or the same,
/// 1 the documents are wrong or differ, Auth0 refused, or a named object is
/// missing, 2 usage, I/O, network or credentials. Each subcommand's failure
/// modes, walked.
#[test]
fn every_subcommand_follows_the_one_exit_code_rule() {
    let s = Setup::new();
    let acme = s.dev.add_profile(json!({"name": "acme"}));
    let db = s.dev.add_connection(database());
    let d = s.dir.path();
    let good = write(d, "good.json", &json!({"id": acme, "name": "acme"}));
    let broken = d.join("broken.json");
    std::fs::write(&broken, "{\"name\": ").unwrap();
    let broken = broken.display().to_string();
    let wrong = write(
        d,
        "wrong.json",
        &json!({"name": "acme", "enabled_features": ["nope"]}),
    );
    let gone = write(
        d,
        "gone.json",
        &json!({"id": "cop_0000000000000099", "name": "gone"}),
    );
    let missing_file = d.join("absent.json").display().to_string();
    let empty = d.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let empty = empty.display().to_string();
    let ugly = d.join("ugly.json");
    std::fs::write(&ugly, format!("{{\"id\":\"{acme}\",\"name\":\"acme\"}}")).unwrap();
    let ugly = ugly.display().to_string();
    let exists = write(d, "exists.json", &json!({}));
    let db_file = write(
        d,
        "db.json",
        &json!({"id": db, "name": "Username-Password-Authentication", "strategy": "auth0", "options": {"passwordPolicy": "excellent"}}),
    );
    let refused = write(
        d,
        "refused.json",
        &json!({"id": db, "name": "Username-Password-Authentication", "strategy": "auth0",
                "options": {"attributes": {"email": {"identifier": {"active": true}}}, "validation": {"username": {"min": 1, "max": 15}}}}),
    );
    let dev = ["--tenant", "dev"];
    let nowhere = ["--tenant", "nowhere"];
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["validate", &good], 0, "valid"),
        (vec!["validate", &wrong], 1, "a document with errors"),
        (vec!["validate", &broken], 1, "not JSON"),
        (vec!["validate", &missing_file], 2, "no such file"),
        (vec!["validate", &empty], 2, "nothing to check"),
        (vec!["validate", "--format", "yaml", &good], 2, "usage"),
        (vec!["fmt", "--check", &good], 0, "canonical"),
        (vec!["fmt", "--check", &ugly], 1, "not canonical"),
        (vec!["fmt", &missing_file], 2, "no such file"),
        (vec!["new", "profile"], 0, "printed"),
        (
            vec!["new", "profile", "-o", &exists],
            2,
            "never over a file",
        ),
        (vec!["new", "connection", "--strategy", "nope"], 2, "usage"),
        (
            [&dev[..], &["pull", "profile", "acme"]].concat(),
            0,
            "pulled",
        ),
        (
            [&dev[..], &["pull", "profile", "nobody"]].concat(),
            1,
            "a named object is missing",
        ),
        (
            [&nowhere[..], &["pull", "profile", "acme"]].concat(),
            2,
            "credentials (no such tenant)",
        ),
        ([&dev[..], &["diff", &good]].concat(), 0, "compared"),
        (
            [&dev[..], &["diff", "--exit-code", &db_file]].concat(),
            1,
            "differs",
        ),
        (
            [&dev[..], &["diff", &gone]].concat(),
            1,
            "a named object is missing",
        ),
        ([&dev[..], &["diff", &wrong]].concat(), 1, "documents wrong"),
        (
            [&dev[..], &["diff", &missing_file]].concat(),
            2,
            "no such file",
        ),
        ([&nowhere[..], &["diff", &good]].concat(), 2, "credentials"),
        (
            [&dev[..], &["push", &good, "--yes"]].concat(),
            0,
            "the same",
        ),
        (
            [&dev[..], &["push", &wrong, "--yes"]].concat(),
            1,
            "documents wrong",
        ),
        (
            [&dev[..], &["push", &gone, "--yes"]].concat(),
            1,
            "a named object is missing",
        ),
        (
            [&dev[..], &["push", &refused, "--yes"]].concat(),
            1,
            "Auth0 refused",
        ),
        (
            [&dev[..], &["push", &missing_file, "--yes"]].concat(),
            2,
            "no such file",
        ),
        (
            [&nowhere[..], &["push", &good, "--yes"]].concat(),
            2,
            "credentials",
        ),
        ([&dev[..], &["templates"]].concat(), 0, "listed"),
        ([&nowhere[..], &["templates"]].concat(), 2, "credentials"),
        (vec!["tenants"], 0, "listed"),
        (
            [&dev[..], &["history", "cop_0000000000000099"]].concat(),
            0,
            "no write recorded: said",
        ),
        (
            [&dev[..], &["history", &missing_file]].concat(),
            2,
            "no such file",
        ),
        (
            [&dev[..], &["rollback", &gone, "--yes"]].concat(),
            1,
            "no snapshot of a named object",
        ),
        (
            [&dev[..], &["rollback", &missing_file, "--yes"]].concat(),
            2,
            "no such file",
        ),
        (
            [&nowhere[..], &["history", &good]].concat(),
            2,
            "credentials",
        ),
        (
            vec!["compare", "profile", "acme", "--tenants", "dev,prod"],
            0,
            "compared",
        ),
        (
            vec!["compare", "profile", "nobody", "--tenants", "dev,prod"],
            1,
            "on neither tenant",
        ),
        (
            vec!["compare", "profile", "acme", "--tenants", "dev,nowhere"],
            2,
            "credentials",
        ),
        (
            vec!["check-password", "--policy", &missing_file],
            2,
            "no such file",
        ),
        (
            vec!["check-password", "--policy", &good],
            2,
            "a profile has no policy",
        ),
        (
            vec!["schema", "connection", "--strategy", "nope"],
            2,
            "usage",
        ),
        (vec!["schema", "profile"], 0, "printed"),
        (vec!["completions", "tcsh"], 2, "usage"),
        (vec!["man"], 0, "printed"),
        (vec!["vaildate"], 2, "usage"),
    ];
    let mut wrong_codes = Vec::new();
    for (args, want, why) in &cases {
        let o = s.run(args);
        if o.status.code() != Some(*want) {
            wrong_codes.push(format!(
                "{args:?} ({why}): exit {:?}, not {want}: {}",
                o.status.code(),
                err(&o).lines().last().unwrap_or("")
            ));
        }
    }
    assert!(wrong_codes.is_empty(), "{wrong_codes:#?}");
    // Every subcommand is walked.
    use clap::CommandFactory;
    for sub in connedit::cli::Cli::command().get_subcommands() {
        let name = sub.get_name();
        assert!(
            cases.iter().any(|(a, _, _)| a.contains(&name)),
            "{name} is not walked"
        );
    }
}
