//! auth0-deploy-cli trees: the layout, keyword placeholders, byte-for-byte
//! round trips, and `push DIR` against the stand-in API.

use crate::support;

use connedit::core::{Document, Kind};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::StandIn;
use support::editor::Editor;

const TREE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tree");
const MAPPINGS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/tree-mappings.json"
);

fn run(args: &[&str], env: &[(String, String)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_connedit"));
    cmd.args(args)
        .stdin(Stdio::null())
        .env_remove("AUTH0_KEYWORD_REPLACE_MAPPINGS")
        .env_remove("CONNEDIT_TENANT");
    for k in [
        "AUTH0_DOMAIN",
        "AUTH0_ACCESS_TOKEN",
        "AUTH0_API_TOKEN",
        "AUTH0_CLIENT_ID",
        "AUTH0_CLIENT_SECRET",
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "ALL_PROXY",
    ] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the fixture tree to work on, with or without the broken profile.
fn copy_tree(with_broken: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(TREE), dir.path());
    if !with_broken {
        std::fs::remove_file(dir.path().join("connection-profiles/broken.json")).unwrap();
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file's bytes, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn validate_understands_the_tree_and_ignores_other_folders() {
    let o = run(&["validate", "--format", "json", TREE], &[]);
    assert_eq!(o.status.code(), Some(1), "the broken profile has errors");
    let reports: Value = serde_json::from_str(&out(&o)).unwrap();
    let files: Vec<(String, String)> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches(TREE)
                    .to_string(),
                r["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("/connection-profiles/broken.json".into(), "profile".into()),
            (
                "/connection-profiles/okta-express.json".into(),
                "profile".into()
            ),
            (
                "/connection-profiles/partner-sso.json".into(),
                "profile".into()
            ),
            (
                "/database-connections/Username-Password-Authentication/database.json".into(),
                "connection".into()
            ),
        ],
        "clients/ and tenant.json are not connedit's"
    );
    // Placeholders are info at their path, never errors.
    let okta = &reports[1]["diagnostics"];
    let codes: Vec<(&str, &str, &str)> = okta
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("info", "placeholder", "/name"),
            ("info", "placeholder", "/organization/show_as_button")
        ]
    );
    assert_eq!(
        (okta[1]["line"].as_u64(), okta[1]["column"].as_u64()),
        (Some(4), Some(23)),
        "where @@SHOW@@ stands"
    );
    let db = &reports[3]["diagnostics"];
    assert_eq!(
        db[0]["path"],
        "/options/password_complexity_options/min_length"
    );
}

#[test]
fn mappings_resolve_placeholders_from_a_file_or_the_environment() {
    let o = run(&["validate", "--mappings", MAPPINGS, TREE], &[]);
    assert!(!out(&o).contains("placeholder"), "{}", out(&o));
    let env = vec![(
        "AUTH0_KEYWORD_REPLACE_MAPPINGS".to_string(),
        r#"{"ENV": "prod", "SHOW": "sometimes", "FEATURES": ["scim"], "MIN_LENGTH": 200}"#
            .to_string(),
    )];
    let o = run(&["validate", TREE], &env);
    let text = out(&o);
    // The replaced values are checked, at the place the placeholder stands in the file.
    assert!(
        text.contains(
            "okta-express.json:4:23: error[enum] /organization/show_as_button: must be one of"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "database.json:1:123: error[range] /options/password_complexity_options/min_length"
        ),
        "{text}"
    );
    let o = run(&["validate", "--mappings", "/nonexistent.json", TREE], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn untouched_files_round_trip_byte_for_byte_and_bare_placeholders_stay_bare() {
    // The pretty profile with a bare @@SHOW@@ prints back exactly as it was.
    let path = Path::new(TREE).join("connection-profiles/okta-express.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = Document::parse(&text, Some(Kind::Profile));
    assert_eq!(doc.to_pretty().unwrap(), text);

    // In the editor: opening and saving untouched files writes nothing.
    let dir = copy_tree(false);
    let before = snapshot(dir.path());
    let p = dir.path().join("connection-profiles/okta-express.json");
    let c = dir
        .path()
        .join("database-connections/Username-Password-Authentication/database.json");
    let mut e = Editor::open(&[&p, &c]);
    e.press(&["C-s", "Tab", "C-s", "C-q"]);
    assert!(e.quit);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "not a byte changed, not even the compact database.json"
    );

    // An edit elsewhere keeps the placeholders as they were written.
    let mut e = Editor::open(&[&p]);
    e.go("assign_membership_on_login").press(&["Space", "C-s"]);
    let saved = std::fs::read_to_string(&p).unwrap();
    assert!(saved.contains("\"show_as_button\": @@SHOW@@,"), "{saved}");
    assert!(
        saved.contains("\"name\": \"okta-express-##ENV##\""),
        "{saved}"
    );
    assert_eq!(
        saved,
        text.replace(
            "\"assign_membership_on_login\": \"required\"",
            "\"assign_membership_on_login\": \"none\""
        )
    );
    for (file, bytes) in snapshot(dir.path()) {
        if file != p {
            assert!(
                before.contains(&(file.clone(), bytes)),
                "{} changed",
                file.display()
            );
        }
    }
}

fn standin_with_tenant() -> StandIn {
    let api = StandIn::start();
    api.add_profile(json!({"name": "partner-sso", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"},
                           "enabled_features": ["universal_logout"]}));
    api.add_connection(json!({"name": "Username-Password-Authentication", "strategy": "auth0",
        "options": {"passwordPolicy": "good", "password_complexity_options": {"min_length": 12}, "brute_force_protection": true,
                    "enabledDatabaseCustomization": true,
                    "customScripts": {"login": "function login() { /* old */ }"}, "mfa": {"active": true}}}));
    api
}

#[test]
fn push_dir_dry_run_shows_the_plan_for_every_document() {
    let api = standin_with_tenant();
    let dir = copy_tree(false);
    let o = run(
        &[
            "push",
            dir.path().to_str().unwrap(),
            "--dry-run",
            "--mappings",
            MAPPINGS,
        ],
        &api.env(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with(&format!("plan for {}", dir.path().display())));
    assert_eq!(
        lines[1],
        "  create    new connection profile okta-express-prod (connection-profiles/okta-express.json)"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  update    connection profile partner-sso (cop_")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            // Never pulled here: no base, so the tenant's value is named as overwritten.
            // Lists whole (issue 30: nothing cut where a question follows).
            .any(|l| l.trim() == "~ /enabled_features:  (overwrites the tenant's value)"),
        "{text}"
    );
    assert!(text.contains("      -     [\n      -       \"universal_logout\"\n      -     ]\n      +     [\n      +       \"scim\"\n      +     ]"), "{text}");
    assert!(lines.iter().any(|l| l.starts_with("  update    connection Username-Password-Authentication (con_")), "{text}");
    // Scripts are read from the files beside it, and diff line by line.
    assert!(lines.iter().any(|l| l.trim() == "~ /options/customScripts/login: (text, 1 → 4 lines)  (overwrites the tenant's value)"), "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.trim() == "- function login() { /* old */ }"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim() == "+ function login(email, password, callback) {"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim().starts_with("+ /options/customScripts/get_user: ")),
        "{text}"
    );
    assert!(
        text.contains("1 to create, 2 to update, 0 unchanged"),
        "{text}"
    );
    assert!(text.contains("dry run: nothing was sent"));
    assert!(api.writes().is_empty());
}

#[test]
fn push_dir_applies_the_plan_matching_profiles_by_name() {
    let api = standin_with_tenant();
    let dir = copy_tree(false);
    let before = snapshot(dir.path());
    let o = run(
        &[
            "push",
            dir.path().to_str().unwrap(),
            "--yes",
            "--mappings",
            MAPPINGS,
        ],
        &api.env(),
    );
    assert_eq!(o.status.code(), Some(0), "{}\n{}", out(&o), err(&o));
    let state = api.state();
    let names: Vec<&str> = state
        .profiles
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["partner-sso", "okta-express-prod"],
        "one updated by name, one created"
    );
    assert_eq!(state.profiles[0]["enabled_features"], json!(["scim"]));
    assert_eq!(
        state.profiles[1]["organization"]["show_as_button"], "optional",
        "@@SHOW@@ replaced"
    );
    let options = &state.connections[0]["options"];
    assert!(
        options["customScripts"]["login"]
            .as_str()
            .unwrap()
            .starts_with("function login(email, password, callback)")
    );
    assert_eq!(
        options["mfa"],
        json!({"active": true}),
        "untouched options survive"
    );
    assert_eq!(options["password_complexity_options"]["min_length"], 12);
    drop(state);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a tree keeps profiles without ids: no file is rewritten"
    );
    // Pushing again changes nothing.
    let o = run(
        &[
            "push",
            dir.path().to_str().unwrap(),
            "--yes",
            "--mappings",
            MAPPINGS,
        ],
        &api.env(),
    );
    assert!(
        out(&o).contains("0 to create, 0 to update, 3 unchanged"),
        "{}",
        out(&o)
    );
}

#[test]
fn push_dir_refuses_before_sending_when_a_document_cannot_go() {
    let api = standin_with_tenant();
    let with_broken = copy_tree(true);
    let o = run(
        &[
            "push",
            with_broken.path().to_str().unwrap(),
            "--yes",
            "--mappings",
            MAPPINGS,
        ],
        &api.env(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("broken.json:2:11: error[length] /name"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("nothing was sent"));
    assert!(api.writes().is_empty());
    // Unresolved placeholders: the values must be given.
    let tree = copy_tree(false);
    let o = run(
        &["push", tree.path().to_str().unwrap(), "--yes"],
        &api.env(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("unresolved placeholders"), "{}", err(&o));
    assert!(api.writes().is_empty());
}

#[test]
fn the_editor_lists_the_tree_filters_by_typing_and_opens_files() {
    use connedit::core::Kind;
    use connedit::tui::app::Pane;
    let dir = copy_tree(true);
    let mut e = Editor::open_tree(dir.path(), None);
    assert_eq!(e.app.focus, Pane::Files);
    let tree = e.app.tree.as_ref().unwrap();
    let listed: Vec<(String, usize)> = tree
        .visible()
        .iter()
        .map(|x| (tree.shown(x), x.tally.errors))
        .collect();
    assert_eq!(
        listed,
        [
            ("connection-profiles/broken.json".to_string(), 2),
            ("connection-profiles/okta-express.json".to_string(), 0),
            ("connection-profiles/partner-sso.json".to_string(), 0),
            (
                "database-connections/Username-Password-Authentication/database.json".to_string(),
                0
            ),
        ]
    );
    // j/k move and ? helps; typing filters after / (letters that are keys
    // elsewhere, like j and s, too).
    e.press(&["j"]);
    assert!(
        e.screen(120, 40).contains("partner-sso.json"),
        "{}",
        e.screen(120, 40)
    );
    e.press(&["?"]);
    assert!(
        e.screen(120, 40).contains("In the Files pane"),
        "{}",
        e.screen(120, 40)
    );
    e.press(&["x", "/"]).typ("sso");
    assert_eq!(e.app.tree.as_ref().unwrap().visible().len(), 1);
    assert!(
        e.screen(120, 40).contains("Files — 1 — /sso▏"),
        "{}",
        e.screen(120, 40)
    );
    e.press(&["Enter"]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Profile));
    assert_eq!(e.value(Kind::Profile)["name"], "partner-sso");
    // An edited document is not replaced by another one unasked.
    e.go("show_as_button").press(&["Space"]);
    let to = |e: &mut Editor, pane: Pane| {
        while e.app.focus != pane {
            e.press(&["Tab"]);
        }
    };
    to(&mut e, Pane::Files);
    e.press(&["Esc", "/"]).typ("okta").press(&["Enter"]);
    assert!(e.status().contains("unsaved changes"), "{}", e.status());
    assert_eq!(e.value(Kind::Profile)["name"], "partner-sso");
    // Saved, the other one opens.
    to(&mut e, Pane::Doc(connedit::core::Kind::Profile));
    e.press(&["C-s"]);
    to(&mut e, Pane::Files);
    e.press(&["Enter"]);
    assert_eq!(
        e.app.slot(Kind::Profile).unwrap().path.as_deref(),
        Some(
            dir.path()
                .join("connection-profiles/okta-express.json")
                .as_path()
        )
    );
    // The database connection opens beside it.
    to(&mut e, Pane::Files);
    e.press(&["Esc", "/"]).typ("database").press(&["Enter"]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Connection));
    assert!(e.app.slot(Kind::Connection).is_some() && e.app.slot(Kind::Profile).is_some());
}

#[test]
fn ctrl_n_writes_a_new_profile_into_the_tree() {
    use connedit::core::Kind;
    let dir = copy_tree(false);
    let mut e = Editor::open_tree(dir.path(), None);
    e.press(&["C-n"]).typ("acme/eu okta").press(&["Enter"]);
    let path = dir.path().join("connection-profiles/acme-eu okta.json");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written["name"], "acme/eu okta");
    assert!(written.get("id").is_none(), "tree profiles have no id");
    assert_eq!(e.value(Kind::Profile)["name"], "acme/eu okta");
    assert!(
        e.app
            .tree
            .as_ref()
            .unwrap()
            .entries
            .iter()
            .any(|x| x.path == path),
        "listed at once"
    );
    // The same name again is refused, not overwritten.
    e.press(&["C-n"]).typ("acme/eu okta").press(&["Enter"]);
    assert!(e.status().contains("already exists"), "{}", e.status());
}

#[test]
fn with_mappings_the_editor_checks_and_previews_the_replaced_document() {
    use connedit::core::Kind;
    let dir = copy_tree(false);
    let mappings = connedit::io::files::mappings(Some(Path::new(MAPPINGS))).unwrap();
    let mut e = Editor::open_tree(dir.path(), mappings);
    e.press(&["/"]).typ("okta").press(&["Enter"]);
    let slot = e.app.slot(Kind::Profile).unwrap();
    assert!(slot.diagnostics.is_empty(), "{:?}", slot.diagnostics);
    let shown = slot.doc.resolved().expect("previewed with mappings").text();
    assert!(
        shown.contains("\"show_as_button\": \"optional\""),
        "{shown}"
    );
    assert!(shown.contains("\"name\": \"okta-express-prod\""));
    assert!(
        slot.doc.text().contains("@@SHOW@@"),
        "the document itself keeps the placeholder"
    );
}

#[test]
fn the_editor_pushes_a_tree_document_as_deploy_cli_would() {
    use connedit::tui::app::Dialog;
    use connedit::tui::worker::Worker;
    let api = StandIn::start();
    api.add_connection(
        json!({"name": "Username-Password-Authentication", "strategy": "auth0",
        "options": {"passwordPolicy": "fair", "customScripts": {"login": "old"}}}),
    );
    let dir = copy_tree(false);
    let worker = || {
        let env = api.env();
        Worker::with_credentials(
            Box::new(move || {
                connedit::io::api::credentials::from_lookup(|k| {
                    env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
                })
            }),
            Some(api.store()),
        )
    };
    // Without mappings the placeholders cannot be sent.
    let mut e = Editor::open_tree(dir.path(), None);
    e.worker = worker();
    e.press(&["/"])
        .typ("database")
        .press(&["Enter", "C-p"])
        .settle();
    assert!(
        e.status().contains("unresolved placeholders"),
        "{}",
        e.status()
    );
    assert!(e.app.dialog.is_none());
    let mappings = connedit::io::files::mappings(Some(Path::new(MAPPINGS))).unwrap();
    let mut e = Editor::open_tree(dir.path(), mappings);
    e.worker = worker();
    e.press(&["/"])
        .typ("database")
        .press(&["Enter", "C-p"])
        .settle();
    let Some(Dialog::ConfirmWrite(d)) = &e.app.dialog else {
        panic!("no push dialog: {}", e.status())
    };
    let plan = &d.plan;
    let login = std::fs::read_to_string(
        dir.path()
            .join("database-connections/Username-Password-Authentication/login.js"),
    )
    .unwrap();
    let options = &plan.body["options"];
    assert_eq!(
        options["customScripts"]["login"],
        login.as_str(),
        "the script, not its file name"
    );
    assert_eq!(options["password_complexity_options"]["min_length"], 12);
    assert!(api.writes().is_empty());
}

#[test]
fn custom_scripts_are_read_only_from_inside_the_tree() {
    let api = standin_with_tenant();
    let dir = copy_tree(false);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("steal.js"), "secret outside the tree").unwrap();
    let db = dir
        .path()
        .join("database-connections/Username-Password-Authentication");
    std::os::unix::fs::symlink(outside.path().join("steal.js"), db.join("linked.js")).unwrap();
    let original = std::fs::read_to_string(db.join("database.json")).unwrap();
    for bad in [
        "../../../../../../etc/hostname.js".to_string(),
        outside.path().join("steal.js").display().to_string(),
        "./linked.js".to_string(),
    ] {
        let text = original.replacen("./login.js", &bad, 1);
        assert_ne!(text, original, "the fixture names ./login.js");
        std::fs::write(db.join("database.json"), &text).unwrap();
        let o = run(
            &[
                "push",
                dir.path().to_str().unwrap(),
                "--dry-run",
                "--mappings",
                MAPPINGS,
            ],
            &api.env(),
        );
        assert_ne!(o.status.code(), Some(0), "{bad}: {}", out(&o));
        assert!(err(&o).contains("inside the tree"), "{bad}: {}", err(&o));
        assert!(!out(&o).contains("secret outside") && !err(&o).contains("secret outside"));
    }
}

#[test]
fn the_files_pane_at_80_and_120_columns() {
    let dir = copy_tree(true);
    let mut e = Editor::open_tree(dir.path(), None);
    let at80 = e.screen(80, 24);
    // The long connection path keeps its file name whole at 80 columns.
    assert!(at80.contains("database.json"), "{at80}");
    insta::assert_snapshot!("files_pane_80x24", at80);
    // At 120 with nothing open the Files pane takes the document's room
    // too: whole paths, no empty column between it and the preview.
    let wide = e.screen(120, 40);
    let first_row = wide.lines().nth(1).unwrap_or_default();
    assert!(
        wide.contains("database-connections/Username-Password-Authentication/database.json"),
        "{wide}"
    );
    assert!(!first_row.contains("┃   "), "no gap: {first_row}");
    insta::assert_snapshot!("files_pane_nothing_open_120x40", wide);
    // Open the second profile: the Files pane stays beside it at 120.
    e.keys("jj<Enter>");
    let at120 = e.screen(120, 40);
    assert!(at120.contains("partner-sso.json"), "{at120}");
    insta::assert_snapshot!("files_pane_with_a_profile_open_120x40", at120);
    // Filtered: only after `/`, and j/k move again after Enter.
    for _ in 0..6 {
        if e.app.focus == connedit::tui::app::Pane::Files {
            break;
        }
        e.keys("<Tab>");
    }
    assert_eq!(
        e.app.focus,
        connedit::tui::app::Pane::Files,
        "Tab reaches the Files pane"
    );
    e.keys("/okta");
    insta::assert_snapshot!("files_pane_filtered_80x24", e.screen(80, 24));
    e.keys("<Enter>");
    assert_eq!(e.status(), "opened okta-express.json");
}

#[test]
fn a_document_with_a_request_running_is_not_replaced() {
    use connedit::core::Kind;
    let dir = copy_tree(false);
    let mut e = Editor::open_tree(dir.path(), None);
    e.keys("<Enter>"); // okta-express.json
    let first = e.app.slot(Kind::Profile).unwrap().file_name();
    // A request about it starts (the worker's answer is read on settle).
    e.keys("<C-r>");
    assert!(e.app.busy.is_some(), "{}", e.status());
    for _ in 0..6 {
        if e.app.focus == connedit::tui::app::Pane::Files {
            break;
        }
        e.keys("<Tab>");
    }
    e.keys("j<Enter>");
    assert!(
        e.status().starts_with("wait: reading the history"),
        "{}",
        e.status()
    );
    assert_eq!(e.app.slot(Kind::Profile).unwrap().file_name(), first);
    // Once it has answered, the other file opens.
    e.settle().keys("<Enter>");
    assert_eq!(
        e.app.slot(Kind::Profile).unwrap().file_name(),
        "partner-sso.json"
    );
}

/// Issue 30: a flexible-policy connection opened from the Files pane shows
/// password_options, the inert legacy group folded (as at start-up).
#[test]
fn a_flexible_connection_opened_from_the_tree_folds_the_inert_legacy_group() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("database-connections").join("flex");
    std::fs::create_dir_all(&db).unwrap();
    std::fs::write(
        db.join("database.json"),
        r#"{"name": "flex", "strategy": "auth0", "options": {"password_options": {"complexity": {"min_length": 12}}}}"#,
    )
    .unwrap();
    let mut e = Editor::open_tree(dir.path(), None);
    e.press(&["/"]).typ("flex").press(&["Enter", "Enter"]);
    let doc = connedit::core::Kind::Connection;
    assert!(e.app.slot(doc).is_some(), "{}", e.status());
    use connedit::tui::rows::{RowId, Section};
    assert!(
        e.app
            .collapsed
            .is_folded(doc, &RowId::Section(Section::Legacy))
    );
    assert!(
        !e.app
            .collapsed
            .is_folded(doc, &RowId::field("/options/password_options"))
    );
}
