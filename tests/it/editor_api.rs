//! The editor's push dialog (Ctrl-P) and pull list (Ctrl-O) against the
//! stand-in Management API, with the real worker thread.

use crate::support;

use connedit::core::Kind;
use connedit::io::api::credentials;
use connedit::tui::app::Dialog;
use connedit::tui::worker::Worker;
use serde_json::{Value, json};
use std::path::Path;
use support::StandIn;
use support::editor::Editor;

fn editor(api: &StandIn, paths: &[&Path]) -> Editor {
    let mut e = Editor::open(paths);
    let env = api.env();
    e.worker = Worker::with_credentials(
        Box::new(move || {
            credentials::from_lookup(|k| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
        }),
        Some(api.store()),
    );
    e
}

fn write(dir: &Path, name: &str, v: &Value) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, connedit::core::document::pretty(v)).unwrap();
    p
}

#[test]
fn ctrl_p_shows_the_diff_and_pushes_on_yes() {
    let api = StandIn::start();
    let id = api.add_profile(json!({"name": "acme", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.json",
        &json!({"id": id, "name": "acme", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"}}),
    );
    let mut e = editor(&api, &[&p]);
    e.go("show_as_button").press(&["Space", "C-p"]);
    assert!(
        e.app.busy.is_some(),
        "the request runs on the worker; the UI stays responsive"
    );
    e.settle();
    let Some(Dialog::ConfirmWrite(d)) = &e.app.dialog else {
        panic!("no push dialog: {}", e.status())
    };
    let plan = &d.plan;
    let lines = connedit::tui::app::push_lines(plan);
    // Never pulled here (no base): the tenant's value is named as
    // overwritten, and the title counts it.
    assert_eq!(
        lines,
        [
            "~ /organization/show_as_button: \"none\" → \"optional\"  (overwrites the tenant's value)",
            "note: no base for this object here (not pulled or pushed from this machine): 1 value the tenant has is replaced by the file's, whoever set it"
        ]
    );
    let screen = e.screen(120, 40);
    assert!(
        screen.contains("1 overwrite the tenant's values"),
        "{screen}"
    );
    assert!(api.writes().is_empty(), "nothing sent before confirming");
    e.press(&["y"]).settle();
    assert_eq!(
        e.status(),
        format!(
            "pushed 1 change (connection profile acme ({id})); the file still differs from what was pushed: Ctrl-S saves it"
        )
    );
    assert_eq!(
        api.state().profiles[0]["organization"]["show_as_button"],
        "optional"
    );
    let body = api.writes()[0].body.clone().unwrap();
    assert!(body.get("id").is_none());
    // Saved, then pushed again: the file holds what the tenant has.
    e.press(&["C-s"]);
    e.go("show_as_button")
        .press(&["Space", "C-s", "C-p"])
        .settle()
        .press(&["y"])
        .settle();
    assert!(
        e.status().ends_with("; the file holds what was pushed"),
        "{}",
        e.status()
    );
}

#[test]
fn ctrl_p_then_no_sends_nothing() {
    let api = StandIn::start();
    let id = api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"id": id, "name": "acme-2"}));
    let mut e = editor(&api, &[&p]);
    e.press(&["C-p"]).settle();
    assert!(matches!(e.app.dialog, Some(Dialog::ConfirmWrite(_))));
    e.press(&["n"]);
    assert!(e.app.dialog.is_none());
    assert!(api.writes().is_empty());
}

/// Issue 26: Ctrl-P on a document whose file changed on disk since it was
/// opened (another editor, a git pull) says so before anything is read or
/// sent.
#[test]
fn ctrl_p_on_a_file_changed_on_disk_says_so_first() {
    let api = StandIn::start();
    let id = api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"id": id, "name": "acme-2"}));
    let mut e = editor(&api, &[&p]);
    std::fs::write(&p, format!("{{\"id\": \"{id}\", \"name\": \"acme-3\"}}\n")).unwrap();
    e.press(&["C-p"]).settle();
    assert!(e.app.dialog.is_none());
    assert!(e.status().contains("changed on disk"), "{}", e.status());
    assert!(api.writes().is_empty());
}

#[test]
fn a_created_profile_gets_its_id_in_the_document_and_the_file() {
    let api = StandIn::start();
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "new.json",
        &json!({"name": "brand-new", "enabled_features": ["scim"]}),
    );
    let mut e = editor(&api, &[&p]);
    e.press(&["C-p"]).settle().press(&["y"]).settle();
    let id = api.state().profiles[0]["id"].as_str().unwrap().to_string();
    assert_eq!(e.value(Kind::Profile)["id"], id.as_str());
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(saved["id"], id.as_str(), "written to the file too");
    assert!(!e.app.slot(Kind::Profile).unwrap().dirty());
}

#[test]
fn a_document_with_errors_is_refused_before_any_request() {
    let api = StandIn::start();
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"name": ""}));
    let mut e = editor(&api, &[&p]);
    e.press(&["C-p"]);
    assert!(e.app.busy.is_none());
    assert_eq!(
        e.status(),
        "push refused: 1 error to fix first (see Problems)"
    );
    assert!(api.state().log.is_empty());
}

#[test]
fn a_connection_push_from_the_editor_keeps_untouched_options() {
    let api = StandIn::start();
    api.add_connection(json!({"name": "db", "strategy": "auth0",
        "options": {"passwordPolicy": "low", "customScripts": {"login": "x"}, "mfa": {"active": true}}}));
    let dir = tempfile::tempdir().unwrap();
    let c = write(
        dir.path(),
        "db.json",
        &json!({"name": "db", "strategy": "auth0", "options": {"passwordPolicy": "low"}}),
    );
    let mut e = editor(&api, &[&c]);
    e.go("passwordPolicy")
        .press(&["Space", "Space", "C-p"])
        .settle();
    assert!(
        matches!(e.app.dialog, Some(Dialog::ConfirmWrite(_))),
        "{}",
        e.status()
    );
    e.press(&["y"]).settle();
    let stored = api.state().connections[0]["options"].clone();
    assert_eq!(
        stored,
        json!({"passwordPolicy": "good", "customScripts": {"login": "x"}, "mfa": {"active": true}})
    );
}

#[test]
fn auth0s_refusal_lands_in_the_problem_list() {
    use connedit::io::api::push::{self, PushError};
    use connedit::tui::worker::JobResult;
    let api = StandIn::start();
    let id = api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"id": id, "name": "acme"}));
    let mut e = editor(&api, &[&p]);
    e.press(&["C-p"]);
    let job = e.app.busy.as_ref().unwrap().job;
    // Auth0's answer as the worker reports it for a refused body.
    let plan = Box::new(
        push::plan(
            &connedit::io::api::Client::new(
                credentials::from_lookup(|k| {
                    api.env().into_iter().find(|(n, _)| n == k).map(|(_, v)| v)
                })
                .unwrap(),
            ),
            connedit::core::Kind::Profile,
            &json!({"id": id, "name": "acme"}),
            Some(&api.store()),
        )
        .unwrap(),
    );
    let refused = PushError::Refused {
        message: "refused (400)".into(),
        diagnostics: connedit::core::api_error::diagnostics_for(
            "Payload validation error: 'String is too long (51 chars), maximum 50' on property name (x).",
        ),
    };
    e.app.update(connedit::tui::app::Msg::Job(
        job,
        JobResult::Applied {
            plan,
            result: Err(refused),
        },
    ));
    let errors = |e: &Editor| -> Vec<(String, Option<u32>)> {
        e.app
            .problems()
            .iter()
            .filter(|(_, d)| d.severity == connedit::core::Severity::Error)
            .map(|(_, d)| (format!("{} {}", d.code, d.path), d.line))
            .collect()
    };
    assert_eq!(
        errors(&e),
        [("length /name".to_string(), Some(3))],
        "placed in the document"
    );
    // `i` shows it whole, property name and all; the log keeps the answer.
    e.press(&["i"]);
    let screen = e.screen(100, 30);
    assert!(
        screen.contains("Auth0: String is too long (51 chars), maximum 50 (on property name)"),
        "{screen}"
    );
    e.press(&["x", "L"]);
    let screen = e.screen(100, 30);
    assert!(
        screen.contains("Messages") && screen.contains("not pushed:"),
        "{screen}"
    );
    e.press(&["x"]);
    // An edit of another field leaves Auth0's answer in place ...
    e.press(&["Tab"]).go("show_as_button").press(&["Space"]);
    assert_eq!(errors(&e).len(), 1, "still there after another edit");
    // ... an edit of its field re-checks it locally, and it goes.
    e.go("name").press(&["Enter", "x", "Enter"]);
    assert!(errors(&e).is_empty());
}

#[test]
fn ctrl_o_opens_a_profile_or_a_template_from_the_tenant() {
    let api = StandIn::start();
    let id =
        api.add_profile(json!({"name": "remote-one", "enabled_features": ["universal_logout"]}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"name": "local"}));
    let mut e = editor(&api, &[&p]);
    e.press(&["C-o"]).settle();
    let screen = e.screen(120, 40);
    assert!(
        screen.contains(&format!("▶ profile     remote-one ({id})"))
            && screen.contains("  template    Okta Express Configuration"),
        "{screen}"
    );
    e.press(&["Enter"]);
    assert_eq!(e.value(Kind::Profile)["id"], id.as_str());
    // A document of its own, to be saved beside the open file, never over it.
    let slot = e.app.slot(Kind::Profile).unwrap();
    assert!(slot.dirty(), "not on disk yet");
    assert_eq!(
        slot.path.as_deref(),
        Some(dir.path().join("remote-one.json").as_path())
    );
    // Untouched, it is replaced by the next one opened without a word.
    e.press(&["C-o"])
        .settle()
        .press(&["/"])
        .typ("okta")
        .press(&["Enter", "Enter"]);
    assert_eq!(e.value(Kind::Profile)["name"], "okta-express");
    e.press(&["C-s"]);
    let read = |f: &std::path::Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap()
    };
    assert_eq!(
        read(p.as_ref()),
        json!({"name": "local"}),
        "p.json is untouched"
    );
    assert_eq!(
        read(&dir.path().join("okta-express.json"))["name"],
        "okta-express"
    );
    // With unsaved edits, opening another replaces nothing.
    e.go("name")
        .press(&["Enter", "End"])
        .typ("-2")
        .press(&["Enter"]);
    e.press(&["C-o"]).settle().press(&["Enter"]);
    assert_eq!(e.value(Kind::Profile)["name"], "okta-express-2");
    assert!(e.status().contains("unsaved edits"), "{}", e.status());
}

#[test]
fn a_rate_limit_shows_a_countdown_and_is_waited_out() {
    let api = StandIn::start();
    let id = api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"id": id, "name": "acme-2"}));
    let mut e = editor(&api, &[&p]);
    // Not the worker's first job: the countdown must follow the job running now.
    e.press(&["C-p"]).settle().press(&["n"]);
    // A 429, then a 503: each wait says what it waits out.
    for (fault, says) in [
        ("throttle", "rate limited, retrying in"),
        ("fail", "the tenant failed, retrying in"),
    ] {
        match fault {
            "throttle" => api.state().throttle = 1,
            _ => api.state().fail = 1,
        }
        e.press(&["C-p"]);
        let mut saw_countdown = false;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while e.app.busy.is_some() && std::time::Instant::now() < deadline {
            if let Some((id, r)) = e.worker.recv_timeout(std::time::Duration::from_millis(50)) {
                e.app.update(connedit::tui::app::Msg::Job(id, r));
            }
            saw_countdown |= e.screen(80, 24).contains(says);
        }
        assert!(saw_countdown, "the status bar shows the wait: {says}");
        assert!(matches!(e.app.dialog, Some(Dialog::ConfirmWrite(_))));
        e.press(&["n"]);
    }
    // The countdowns flashed by; the message log keeps one line for each.
    e.press(&["L"]);
    let log = e.screen(120, 40);
    for says in [
        "rate limited by Auth0; retrying in",
        "request failed; retrying in",
    ] {
        assert_eq!(log.matches(says).count(), 1, "{says}: {log}");
    }
}

#[test]
fn a_protected_tenant_needs_its_name_typed_back_in_the_editor() {
    let api = StandIn::start();
    let id = api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"id": id, "name": "acme-2"}));
    let mut e = editor(&api, &[&p]);
    e.app.tenant = Some(connedit::tui::app::TenantBadge {
        name: "prod".into(),
        domain: "acme.eu.auth0.com".into(),
        protected: true,
    });
    e.press(&["C-p"]).settle();
    let screen = e.screen(100, 30);
    assert!(
        screen.contains("PROTECTED prod — type its name, Enter:"),
        "{screen}"
    );
    assert!(
        screen.contains("Push to prod (acme.eu.auth0.com)"),
        "the tenant named: {screen}"
    );
    e.press(&["y", "Enter"]);
    assert!(
        api.writes().is_empty(),
        "Y is not enough on a protected tenant"
    );
    assert!(e.status().contains("type prod exactly"), "{}", e.status());
    e.press(&["BS"]).typ("prod").press(&["Enter"]).settle();
    assert_eq!(api.state().profiles[0]["name"], "acme-2");
    assert_eq!(
        api.store().list(&api.addr.to_string(), &id).len(),
        1,
        "snapshotted before the write"
    );
}

fn database() -> Value {
    json!({"name": "Username-Password-Authentication", "strategy": "auth0",
           "options": {"passwordPolicy": "low", "customScripts": {"login": "function login() {}"},
                       "mfa": {"active": true}}})
}

#[test]
fn ctrl_r_lists_the_writes_and_rolls_back_with_the_diff_as_confirmation() {
    let api = StandIn::start();
    let id = api.add_connection(database());
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "db.json",
        &json!({"name": "Username-Password-Authentication", "options": {"passwordPolicy": "good"}}),
    );
    let mut e = editor(&api, &[&p]);
    e.press(&["C-r"]).settle();
    assert!(e.app.dialog.is_none());
    assert!(
        e.status().contains("no snapshots of connection"),
        "{}",
        e.status()
    );
    e.keys("<C-p>").settle().keys("y").settle();
    assert_eq!(
        api.state().connections[0]["options"]["passwordPolicy"],
        "good"
    );
    // Someone else changes the connection afterwards.
    api.state().connections[0]["options"]
        .as_object_mut()
        .unwrap()
        .insert("brute_force_protection".into(), json!(true));
    e.press(&["C-r"]).settle();
    let Some(Dialog::History(d)) = &e.app.dialog else {
        panic!("no history: {}", e.status())
    };
    let view = &d.view;
    assert_eq!(view.id, id);
    assert_eq!(view.entries.len(), 1);
    assert_eq!(view.entries[0].action, "push");
    assert_eq!(
        view.entries[0].lines,
        ["~ /options/passwordPolicy: \"low\" → \"good\""]
    );
    let writes = api.writes().len();
    // `/` filters the writes; Enter keeps the filter, Enter again picks.
    e.press(&["/"]).typ("zzz").press(&["Enter"]);
    assert!(e.screen(80, 24).contains("nothing matches the filter"));
    e.press(&["Esc", "/"])
        .typ("push")
        .press(&["Enter", "Enter"])
        .settle();
    let Some(Dialog::ConfirmWrite(d)) = &e.app.dialog else {
        panic!("no rollback dialog: {}", e.status())
    };
    let plan = &d.plan;
    assert_eq!(plan.action, connedit::io::api::push::Action::Rollback);
    let lines = d.lines();
    assert!(
        lines[0].contains("changed on the tenant since"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("+ /options/brute_force_protection")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l == "~ /options/passwordPolicy: \"good\" → \"low\""),
        "{lines:?}"
    );
    assert_eq!(api.writes().len(), writes, "nothing sent before confirming");
    e.press(&["y"]).settle();
    assert!(e.status().starts_with("rolled back"), "{}", e.status());
    assert_eq!(
        api.state().connections[0]["options"],
        database()["options"],
        "the complete options as they were, the added key gone"
    );
    let snaps = api.store().list(&api.addr.to_string(), &id);
    assert_eq!(snaps.len(), 2);
    assert_eq!(snaps[0].action, "rollback", "the rollback can be undone");
    assert_eq!(
        e.value(Kind::Connection)["options"]["passwordPolicy"],
        "good",
        "the document keeps the user's version"
    );
}

#[test]
fn a_created_profile_is_deleted_from_the_editor_only_after_confirmation() {
    let api = StandIn::start();
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"name": "brand-new"}));
    let mut e = editor(&api, &[&p]);
    e.press(&["C-p"]).settle();
    assert!(
        e.screen(80, 24)
            .contains("Create new connection profile brand-new:"),
        "{}",
        e.screen(80, 24)
    );
    e.press(&["y"]).settle();
    let id = e.value(Kind::Profile)["id"].as_str().unwrap().to_string();
    e.press(&["C-r"]).settle();
    let Some(Dialog::History(d)) = &e.app.dialog else {
        panic!("no history: {}", e.status())
    };
    let view = &d.view;
    assert_eq!(view.entries[0].summary, "created");
    e.press(&["Enter"]).settle();
    let Some(Dialog::ConfirmWrite(d)) = &e.app.dialog else {
        panic!("no rollback dialog: {}", e.status())
    };
    let plan = &d.plan;
    assert_eq!(plan.label, format!("delete connection profile {id}"));
    e.press(&["n"]);
    assert_eq!(api.state().profiles.len(), 1, "refused: still there");
    assert_eq!(e.status(), "not rolled back");
    // On a protected tenant, the name typed back is the confirmation.
    e.app.tenant = Some(connedit::tui::app::TenantBadge {
        name: "prod".into(),
        domain: "acme.eu.auth0.com".into(),
        protected: true,
    });
    e.press(&["C-r"]).settle().press(&["Enter"]).settle();
    e.press(&["y", "Enter"]);
    assert_eq!(api.state().profiles.len(), 1, "Y is not enough");
    e.press(&["BS"]).typ("prod").press(&["Enter"]).settle();
    assert!(api.state().profiles.is_empty(), "deleted");
    assert!(
        e.status().contains(&format!("deleted {id}")),
        "{}",
        e.status()
    );
}

#[test]
fn ctrl_t_compares_the_document_with_another_tenant() {
    let dev = StandIn::start();
    let prod = StandIn::start();
    let stage = StandIn::start();
    let org = json!({"show_as_button": "none", "assign_membership_on_login": "none"});
    dev.add_profile(json!({"name": "acme", "organization": org}));
    prod.add_profile(json!({"name": "acme", "organization": {"show_as_button": "required", "assign_membership_on_login": "none"}, "enabled_features": ["scim"]}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.json",
        &json!({"name": "acme", "organization": org, "connection_name_prefix_template": "acme"}),
    );
    let mut e = editor(&dev, &[&p]);
    let envs = [("prod", prod.env()), ("stage", stage.env())];
    let devenv = dev.env();
    e.worker = Worker::with_tenants(
        Box::new(move || {
            credentials::from_lookup(|k| {
                devenv.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
            })
        }),
        Some(dev.store()),
        Some(Box::new(move |name: &str| {
            let env = &envs.iter().find(|(n, _)| *n == name).unwrap().1;
            credentials::from_lookup(|k| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
        })),
    );
    e.press(&["C-t"]);
    assert!(e.status().contains("no other tenant"), "{}", e.status());
    e.app.other_tenants = vec!["prod".into(), "stage".into()];
    e.press(&["C-t"]);
    assert!(matches!(e.app.dialog, Some(Dialog::PickTenant(_))));
    e.press(&["Enter"]).settle();
    let Some(Dialog::Compare(d)) = &e.app.dialog else {
        panic!("no compare view: {}", e.status())
    };
    let view = &d.view;
    assert_eq!(view.tenant, "prod");
    assert!(!view.missing);
    let differ: Vec<&str> = view
        .rows
        .iter()
        .filter(|r| !r.same)
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(
        differ,
        [
            "/organization/show_as_button",
            "/connection_name_prefix_template"
        ],
        "exactly the fields that differ; enabled_features is not in the document"
    );
    assert_eq!(view.left_out, 1);
    // stage has no profile of that name.
    // `/` filters the tenants: "st" leaves stage.
    e.press(&["Esc", "C-t", "/"])
        .typ("st")
        .press(&["Enter", "Enter"])
        .settle();
    let Some(Dialog::Compare(d)) = &e.app.dialog else {
        panic!("no compare view: {}", e.status())
    };
    let view = &d.view;
    assert_eq!(view.tenant, "stage");
    assert!(view.missing);
    assert!(dev.writes().is_empty() && prod.writes().is_empty());
}

#[test]
fn ctrl_o_opens_a_database_connection_too_secrets_kept_on_the_tenant() {
    let api = StandIn::start();
    api.add_profile(json!({"name": "remote-one"}));
    let id = api.add_connection(json!({"name": "Users-DB", "strategy": "auth0",
        "options": {"passwordPolicy": "good", "configuration": {"secret": "hunter2"}}}));
    api.add_connection(json!({"name": "gh", "strategy": "github", "options": {}}));
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection_value());
    let mut e = editor(&api, &[&c]);
    e.press(&["C-o"]).settle().press(&["/"]).typ("conn");
    let screen = e.screen(120, 40);
    assert!(
        screen.contains(&format!("▶ connection  Users-DB ({id})")),
        "{screen}"
    );
    assert!(
        !screen.contains("remote-one") && !screen.contains("gh ("),
        "filtered: {screen}"
    );
    // The open connection has unsaved edits: nothing is replaced.
    e.press(&["Esc", "Esc", "Esc"]);
    e.go("passwordPolicy").press(&["Space"]);
    e.press(&["C-o"])
        .settle()
        .press(&["/"])
        .typ("users")
        .press(&["Enter", "Enter"]);
    assert!(
        e.status().contains("the open connection has unsaved edits"),
        "{}",
        e.status()
    );
    e.press(&["C-z", "C-o"])
        .settle()
        .press(&["/"])
        .typ("users")
        .press(&["Enter", "Enter"]);
    let v = e.value(Kind::Connection);
    assert_eq!(
        (v["id"].as_str(), v["name"].as_str()),
        (Some(id.as_str()), Some("Users-DB"))
    );
    assert_eq!(v["options"]["configuration"], "(encrypted, kept)");
    assert!(!e.screen(120, 40).contains("hunter2"));
    let slot = e.app.slot(Kind::Connection).unwrap();
    assert_eq!(
        slot.path.as_deref(),
        Some(dir.path().join("Users-DB.json").as_path())
    );
    // Without the options scope it is listed, and opening it says why not.
    api.revoke("read:connections_options");
    let mut e = editor(&api, &[&c]);
    e.press(&["C-o"])
        .settle()
        .press(&["/"])
        .typ("users")
        .press(&["Enter", "Enter"]);
    assert!(
        e.status().contains("read:connections_options"),
        "{}",
        e.status()
    );
    assert_eq!(
        e.value(Kind::Connection)["name"],
        connection_value()["name"]
    );
}

fn connection_value() -> Value {
    json!({"name": "local-db", "strategy": "auth0", "options": {"passwordPolicy": "fair"}})
}

/// Issue 27: with a tenant, unfolding a connection's enabled applications
/// reads the tenant's applications once and shows a checkbox each; Space
/// writes the name into the file's list, and the push sends only that change
/// through /connections/{id}/clients.
#[test]
fn enabled_applications_are_a_checkbox_per_tenant_application() {
    use connedit::tui::rows::RowId;
    let api = StandIn::start();
    let mut conn = connection_value();
    conn["enabled_clients"] = json!(["app1"]);
    let id = api.add_connection(conn);
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "db.json",
        &json!({"id": id, "name": "local-db", "strategy": "auth0",
                "options": {"passwordPolicy": "fair"},
                "enabled_clients": ["Default App", "Gone App"]}),
    );
    let mut e = editor(&api, &[&p]);
    e.app.tenant = Some(connedit::tui::app::TenantBadge {
        name: "dev".into(),
        domain: "dev.example".into(),
        protected: false,
    });
    let group = RowId::field("/enabled_clients");
    // Folded at first; nothing is read until it is unfolded.
    e.go("connection settings").press(&["Space"]);
    e.go_id(&group);
    assert!(e.app.applications.is_none());
    let reads = |api: &StandIn| {
        api.state()
            .log
            .iter()
            .filter(|l| l.path.starts_with("/api/v2/clients"))
            .count()
    };
    assert_eq!(reads(&api), 0);
    e.press(&["Space"]).settle();
    assert_eq!(reads(&api), 1, "read once");
    assert!(
        e.status().contains("the tenant has 3 applications"),
        "{}",
        e.status()
    );
    e.go_id(&RowId::Application("app3".into()));
    let screen = e.screen(120, 40);
    assert!(screen.contains("Default App (app1)"), "{screen}");
    assert!(screen.contains("Storefront (app2)"), "{screen}");
    // An entry that names no application stays, and says so.
    assert!(
        screen.contains("Gone App (not an application on the"),
        "{screen}"
    );
    let checked = |e: &Editor, client: &str| {
        let rows = e.app.rows(Kind::Connection);
        let row = rows
            .iter()
            .find(|r| r.id == RowId::Application(client.into()))
            .unwrap()
            .clone();
        connedit::tui::rows::value_text(&row, &e.value(Kind::Connection), &Default::default())
    };
    assert_eq!(checked(&e, "app1"), "[x]");
    assert_eq!(checked(&e, "app2"), "[ ]");
    e.go_id(&RowId::Application("app2".into()))
        .press(&["Space"]);
    e.go_id(&RowId::Application("app1".into()))
        .press(&["Space"]);
    assert_eq!(
        e.value(Kind::Connection)["enabled_clients"],
        json!(["Gone App", "Storefront"])
    );
    assert!(
        e.status()
            .starts_with("disabled Default App (app1) for this connection"),
        "{}",
        e.status()
    );
    // Folding and unfolding again reads nothing more.
    e.go_id(&group).press(&["Space", "Space"]).settle();
    assert_eq!(reads(&api), 1);
    // The push stops on the unknown name before anything is sent.
    e.press(&["C-p"]).settle();
    assert!(api.writes().is_empty());
    assert!(e.status().contains("Gone App"), "{}", e.status());
    e.go_id(&RowId::field("/enabled_clients/0")).press(&["Del"]);
    e.press(&["C-p"]).settle();
    let Some(Dialog::ConfirmWrite(d)) = &e.app.dialog else {
        panic!("no push dialog: {}", e.status())
    };
    let lines = connedit::tui::app::push_lines(&d.plan).join("\n");
    assert!(
        lines.contains("+ /enabled_clients: \"Storefront (app2)\""),
        "{lines}"
    );
    assert!(
        lines.contains("- /enabled_clients: \"Default App (app1)\""),
        "{lines}"
    );
    e.press(&["y"]).settle();
    assert_eq!(api.enabled(&id), ["app2"]);
}

/// Issue 29: a push whose file and tenant both changed a place since the
/// base opens the three-way view (nothing sent); the user takes the
/// tenant's value for one place and the file's for another; the push sends
/// the file's, keeps the colleague's other change, and the file is saved
/// with what was taken.
#[test]
fn a_conflict_opens_the_three_way_view_and_the_choices_are_pushed_and_saved() {
    let api = StandIn::start();
    let id = api.add_connection(json!({"name": "local-db", "strategy": "auth0",
        "display_name": "Base",
        "options": {"passwordPolicy": "fair", "brute_force_protection": true}}));
    // The base: the tenant's object as a pull from here recorded it.
    connedit::io::bases::record(
        &api.store(),
        &api.addr.to_string(),
        "connection",
        &id,
        &api.connection(&id),
    )
    .unwrap();
    // A colleague changes three things.
    {
        let mut s = api.state();
        let c = s
            .connections
            .iter_mut()
            .find(|c| c["id"] == id.as_str())
            .unwrap();
        c["display_name"] = json!("Theirs");
        c["options"]["passwordPolicy"] = json!("good");
        c["options"]["brute_force_protection"] = json!(false);
        // The same change on both sides: no conflict, nothing to send.
        c["options"]["disable_signup"] = json!(true);
    }
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "db.json",
        &json!({"id": id, "name": "local-db", "strategy": "auth0", "display_name": "Mine",
                "options": {"passwordPolicy": "excellent", "brute_force_protection": true,
                            "disable_signup": true}}),
    );
    let mut e = editor(&api, &[&p]);
    let writes = api.writes().len();
    e.press(&["C-p"]).settle();
    assert_eq!(api.writes().len(), writes, "nothing sent");
    let Some(Dialog::ThreeWay(d)) = &e.app.dialog else {
        panic!("no three-way view: {}", e.status())
    };
    let order: Vec<String> = d.items.iter().map(|c| c.at.clone()).collect();
    assert_eq!(order, ["/display_name", "/options/passwordPolicy"]);
    let screen = e.screen(100, 30);
    for part in [
        "Conflicts — 0 of 2 chosen",
        "/display_name",
        "tenant now",
        "\"Theirs\"",
        "\"Mine\"",
        "\"Base\"",
    ] {
        assert!(screen.contains(part), "{part}: {screen}");
    }
    assert!(
        screen.contains("or push from here). Nothing was sent."),
        "wrapped, not cut: {screen}"
    );
    // Enter before every place has a choice says which lacks one.
    e.press(&["Enter"]);
    assert!(
        e.status().contains("/display_name has no choice yet"),
        "{}",
        e.status()
    );
    // The tenant's display name, the file's policy.
    e.press(&["t", "f"]);
    assert!(e.screen(100, 30).contains("2 of 2 chosen"));
    e.press(&["Enter"]).settle();
    assert_eq!(e.value(Kind::Connection)["display_name"], "Theirs");
    let Some(Dialog::ConfirmWrite(d)) = &e.app.dialog else {
        panic!("no push dialog: {}", e.status())
    };
    let lines = connedit::tui::app::push_lines(&d.plan).join("\n");
    assert!(lines.contains("/options/passwordPolicy"), "{lines}");
    assert!(
        !lines.contains("/display_name:"),
        "the tenant's kept: {lines}"
    );
    assert!(!lines.contains("disable_signup"), "both the same: {lines}");
    assert!(
        lines.contains("brute_force_protection") && lines.contains("changed on the tenant since"),
        "theirs only: kept and said: {lines}"
    );
    e.press(&["y"]).settle();
    let now = api.connection(&id);
    assert_eq!(now["display_name"], "Theirs");
    assert_eq!(now["options"]["passwordPolicy"], "excellent");
    assert_eq!(
        now["options"]["brute_force_protection"], false,
        "the colleague's other change is not reverted"
    );
    // The file holds what was taken and pushed.
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(saved["display_name"], "Theirs");
    assert_eq!(saved["options"]["passwordPolicy"], "excellent");
    assert!(!e.app.slot(Kind::Connection).unwrap().dirty());
}

/// From the session's review: a place the user chose to keep as the tenant
/// has it, changed again on the tenant before the push, is not overwritten
/// with the file's value: the Conflicts view comes back and nothing is sent.
#[test]
fn a_place_changed_again_after_the_choice_is_asked_again() {
    let api = StandIn::start();
    let id = api.add_connection(json!({"name": "local-db", "strategy": "auth0",
        "display_name": "Base", "options": {"passwordPolicy": "fair"}}));
    connedit::io::bases::record(
        &api.store(),
        &api.addr.to_string(),
        "connection",
        &id,
        &api.connection(&id),
    )
    .unwrap();
    let set = |api: &StandIn, name: &str| {
        let mut s = api.state();
        let c = s
            .connections
            .iter_mut()
            .find(|c| c["id"] == id.as_str())
            .unwrap();
        c["display_name"] = json!(name);
    };
    set(&api, "Theirs");
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "db.json",
        &json!({"id": id, "name": "local-db", "strategy": "auth0", "display_name": "Mine",
                "options": {"passwordPolicy": "fair"}}),
    );
    let mut e = editor(&api, &[&p]);
    e.press(&["C-p"]).settle();
    assert!(
        matches!(e.app.dialog, Some(Dialog::ThreeWay(_))),
        "{}",
        e.status()
    );
    // The tenant's value chosen; the colleague changes it again meanwhile.
    e.press(&["t"]);
    set(&api, "Theirs again");
    e.press(&["Enter"]).settle();
    let Some(Dialog::ThreeWay(d)) = &e.app.dialog else {
        panic!("the view is not back: {}", e.status())
    };
    assert_eq!(d.items[0].tenant, Some(json!("Theirs again")));
    assert!(api.writes().is_empty(), "nothing sent");
}

/// Issue 26: an edit made while the create (POST) is on its way is kept:
/// the new id goes into the document as it is then, not as it was sent.
#[test]
fn an_edit_made_while_a_create_runs_is_kept() {
    let api = StandIn::start();
    api.state().stall = Some(std::time::Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "new.json",
        &json!({"name": "brand-new", "enabled_features": ["scim"]}),
    );
    let mut e = editor(&api, &[&p]);
    e.press(&["C-p"]).settle().press(&["y"]);
    assert!(e.app.busy.is_some(), "the POST is on its way");
    e.go("feature universal_logout").press(&["Space"]);
    e.settle();
    let id = api.state().profiles[0]["id"].as_str().unwrap().to_string();
    let v = e.value(Kind::Profile);
    assert_eq!(v["id"], id.as_str());
    assert_eq!(
        v["enabled_features"],
        json!(["scim", "universal_logout"]),
        "the edit is kept"
    );
    assert_eq!(
        api.state().profiles[0]["enabled_features"],
        json!(["scim"]),
        "not sent"
    );
}

/// Issue 28: Esc on a read waiting out a rate limit stops it on the worker
/// too: it makes no further request, and the next request is not held
/// behind its wait (a rate-limit wait can be a minute).
#[test]
fn esc_stops_a_read_waiting_out_a_rate_limit_on_the_worker_too() {
    let api = StandIn::start();
    api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"name": "local"}));
    let mut e = editor(&api, &[&p]);
    {
        let mut s = api.state();
        s.throttle = 1;
        s.throttle_reset = 60;
    }
    let lists = |api: &StandIn| {
        api.state()
            .log
            .iter()
            .filter(|l| {
                l.method == "GET"
                    && l.path.contains("connection-profiles")
                    && !l.path.contains("templates")
            })
            .count()
    };
    e.press(&["C-o"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while lists(&api) == 0 {
        assert!(std::time::Instant::now() < deadline, "no request");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    e.press(&["Esc"]);
    assert!(e.status().starts_with("cancelled"), "{}", e.status());
    // The next listing is answered, and the dropped one asked nothing more.
    e.press(&["C-o"]).settle();
    assert!(
        matches!(e.app.dialog, Some(Dialog::Open(_))),
        "{}",
        e.status()
    );
    assert_eq!(
        lists(&api),
        2,
        "the 429 and the second listing's read, no retry of the first"
    );
}
