//! The editor's push dialog (Ctrl-P) and pull list (Ctrl-O) against the
//! stand-in Management API, with the real worker thread.

mod support;

use connedit::io::api::credentials;
use connedit::tui::app::Dialog;
use connedit::tui::worker::Worker;
use connedit::tui::workspace::DocId;
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
    let Some(Dialog::Push { plan, .. }) = &e.app.dialog else {
        panic!("no push dialog: {}", e.status())
    };
    let lines = connedit::tui::app::push_lines(plan);
    assert_eq!(
        lines,
        ["~ /organization/show_as_button: \"none\" → \"optional\""]
    );
    assert!(api.writes().is_empty(), "nothing sent before confirming");
    e.press(&["y"]).settle();
    assert_eq!(
        e.status(),
        format!("pushed 1 change (connection profile acme ({id}))")
    );
    assert_eq!(
        api.state().profiles[0]["organization"]["show_as_button"],
        "optional"
    );
    let body = api.writes()[0].body.clone().unwrap();
    assert!(body.get("id").is_none());
}

#[test]
fn ctrl_p_then_no_sends_nothing() {
    let api = StandIn::start();
    let id = api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"id": id, "name": "acme-2"}));
    let mut e = editor(&api, &[&p]);
    e.press(&["C-p"]).settle();
    assert!(matches!(e.app.dialog, Some(Dialog::Push { .. })));
    e.press(&["n"]);
    assert!(e.app.dialog.is_none());
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
    assert_eq!(e.value(DocId::Profile)["id"], id.as_str());
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(saved["id"], id.as_str(), "written to the file too");
    assert!(!e.app.slot(DocId::Profile).unwrap().dirty());
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
        matches!(e.app.dialog, Some(Dialog::Push { .. })),
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
        )
        .unwrap(),
    );
    let refused = PushError::Refused {
        message: "refused (400)".into(),
        diagnostics: connedit::core::api_error::diagnostics_for(
            "Payload validation error: 'String is too long (51 chars), maximum 50' on property name (x).",
        ),
    };
    e.app.on_job(
        job,
        JobResult::Applied {
            plan,
            result: Err(refused),
        },
    );
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
    // The next edit re-checks locally and the server's answer goes away.
    e.press(&["Tab"]).go("name").press(&["Enter", "x", "Enter"]);
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
    let Some(Dialog::Pull { items, .. }) = &e.app.dialog else {
        panic!("{}", e.status())
    };
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            format!("profile   remote-one ({id})").as_str(),
            "template  Okta Express Configuration"
        ]
    );
    e.press(&["Enter"]);
    assert_eq!(e.value(DocId::Profile)["id"], id.as_str());
    assert!(
        e.app.slot(DocId::Profile).unwrap().dirty(),
        "Ctrl-S writes it to p.json"
    );
    e.press(&["C-z"]);
    assert_eq!(
        e.value(DocId::Profile),
        json!({"name": "local"}),
        "undoable"
    );
    e.press(&["C-o"]).settle().press(&["Down", "Enter"]);
    assert_eq!(e.value(DocId::Profile)["name"], "okta-express");
}

#[test]
fn a_rate_limit_shows_a_countdown_and_is_waited_out() {
    let api = StandIn::start();
    let id = api.add_profile(json!({"name": "acme"}));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &json!({"id": id, "name": "acme-2"}));
    let mut e = editor(&api, &[&p]);
    api.state().throttle = 1;
    e.press(&["C-p"]);
    let mut saw_countdown = false;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while e.app.busy.is_some() && std::time::Instant::now() < deadline {
        if let Some((id, r)) = e.worker.recv_timeout(std::time::Duration::from_millis(50)) {
            e.app.on_job(id, r);
        }
        saw_countdown |= e.app.busy.as_ref().is_some_and(|b| b.retry_in.is_some());
    }
    assert!(saw_countdown, "the status bar shows the wait");
    assert!(matches!(e.app.dialog, Some(Dialog::Push { .. })));
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
        protected: true,
    });
    e.press(&["C-p"]).settle();
    assert!(matches!(
        &e.app.dialog,
        Some(Dialog::Push { typed: Some(_), .. })
    ));
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
