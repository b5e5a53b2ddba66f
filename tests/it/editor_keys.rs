//! Key-replay tests of the editor: keys in, state and files out. No terminal:
//! the same `App::on_key` and `perform` the real event loop uses.

use crate::support;

use connedit::core::Kind;
use connedit::tui::app::Pane;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use support::editor::Editor;

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, connedit::core::document::pretty(v)).unwrap();
    p
}

fn profile() -> Value {
    json!({"name": "acme", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"},
           "connection_name_prefix_template": "ec-{org_id}-", "enabled_features": ["scim"]})
}

fn connection() -> Value {
    json!({"name": "db", "strategy": "auth0", "options": {"passwordPolicy": "fair",
           "password_dictionary": {"enable": true, "dictionary": ["b", "A"]}, "mfa": {"active": true}}, "realms": ["db"]})
}

#[test]
fn focus_starts_on_the_profile_else_the_password_pane_and_tab_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&p, &c]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Profile));
    e.press(&["Tab"]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Connection));
    e.press(&["Tab", "Tab", "Tab"]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Profile));
    e.press(&["S-Tab"]);
    assert_eq!(e.app.focus, Pane::Problems);
    let e = Editor::open(&[&c]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Connection));
}

#[test]
fn every_keystroke_is_validated_and_enter_commits_esc_cancels() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    e.go("name").press(&["Enter"]);
    for _ in 0.."acme".len() {
        e.press(&["BS"]);
    }
    // Mid-edit: the document already holds "", and the core already says so.
    assert_eq!(e.value(Kind::Profile)["name"], "");
    assert_eq!(e.codes(Kind::Profile), ["length /name"]);
    e.typ(&"x".repeat(51));
    assert_eq!(
        e.codes(Kind::Profile),
        ["length /name"],
        "51 characters is too long"
    );
    e.press(&["BS"]);
    assert!(e.codes(Kind::Profile).is_empty(), "50 is fine");
    e.press(&["Esc"]);
    assert_eq!(
        e.value(Kind::Profile)["name"],
        "acme",
        "Esc restores the value"
    );
    e.press(&["Enter"]).typ("-2").press(&["Enter"]);
    assert_eq!(e.value(Kind::Profile)["name"], "acme-2");
    assert!(e.app.edit.is_none());
}

#[test]
fn numbers_are_checked_while_typed() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&c]);
    e.go("min_length").press(&["Enter"]).typ("7");
    assert_eq!(
        e.codes(Kind::Connection),
        ["weak /options/password_complexity_options/min_length"]
    );
    // Text is refused as it is typed, and the field keeps its number.
    e.typ("x");
    assert!(e.status().contains("not a digit"), "{}", e.status());
    assert_eq!(
        e.codes(Kind::Connection),
        ["weak /options/password_complexity_options/min_length"]
    );
    e.press(&["BS"]).typ("129");
    assert_eq!(
        e.codes(Kind::Connection),
        ["range /options/password_complexity_options/min_length"]
    );
    e.press(&["BS"]).press(&["Enter"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["password_complexity_options"]["min_length"],
        12
    );
    // Emptying a number field removes it.
    e.press(&["Enter", "BS", "BS", "Enter"]);
    assert!(
        e.value(Kind::Connection)["options"]
            .get("password_complexity_options")
            .unwrap()
            .get("min_length")
            .is_none()
    );
}

#[test]
fn space_cycles_enums_and_toggles_booleans_and_features() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&p, &c]);
    e.go("show_as_button").press(&["Space"]);
    assert_eq!(
        e.value(Kind::Profile)["organization"]["show_as_button"],
        "optional"
    );
    e.press(&["Space", "Space"]);
    assert_eq!(
        e.value(Kind::Profile)["organization"]["show_as_button"],
        "none"
    );
    e.go("feature universal_logout").press(&["Space"]);
    assert_eq!(
        e.value(Kind::Profile)["enabled_features"],
        json!(["scim", "universal_logout"])
    );
    e.go("feature scim").press(&["Space"]);
    assert_eq!(
        e.value(Kind::Profile)["enabled_features"],
        json!(["universal_logout"])
    );
    e.press(&["Tab"]).go("requires_username").press(&["Space"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["requires_username"],
        true
    );
    e.press(&["Space"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["requires_username"],
        false
    );
}

#[test]
fn enter_on_an_enum_opens_a_choice_list() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&c]);
    let before = e.value(Kind::Connection)["options"]["passwordPolicy"].clone();
    e.go("passwordPolicy").press(&["Enter"]);
    assert!(
        e.screen(80, 24).contains("excellent"),
        "the choices are listed"
    );
    // It starts on the current value: Enter alone changes nothing.
    e.press(&["Enter"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["passwordPolicy"],
        before
    );
    e.press(&["Enter", "Down", "Down", "Enter"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["passwordPolicy"],
        "excellent"
    );
    e.press(&["Enter", "Down", "Enter"]); // the last choice: (unset)
    assert!(
        e.value(Kind::Connection)["options"]
            .get("passwordPolicy")
            .is_none()
    );
    e.press(&["Enter", "Esc"]);
    assert!(e.app.dialog.is_none());
}

#[test]
fn undo_and_redo_every_committed_edit() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    let original = e.value(Kind::Profile);
    e.go("name").press(&["Enter"]).typ("abc").press(&["Enter"]);
    e.go("show_as_button").press(&["Space"]);
    let edited = e.value(Kind::Profile);
    e.press(&["C-z"]);
    assert_eq!(
        e.value(Kind::Profile)["organization"]["show_as_button"],
        "none"
    );
    assert_eq!(
        e.value(Kind::Profile)["name"],
        "acmeabc",
        "typing is one change, not three"
    );
    e.press(&["C-z"]);
    assert_eq!(e.value(Kind::Profile), original);
    assert!(!e.app.slot(Kind::Profile).unwrap().dirty());
    e.press(&["C-y", "C-y"]);
    assert_eq!(e.value(Kind::Profile), edited);
}

#[test]
fn save_keeps_the_files_layout_unknown_keys_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("db.json");
    // Minified on disk, with keys connedit does not edit: it stays minified,
    // and only the value changed is written differently.
    std::fs::write(&c, serde_json::to_string(&connection()).unwrap()).unwrap();
    let mut e = Editor::open(&[&c]);
    e.go("passwordPolicy").press(&["Space", "C-s"]);
    assert!(e.status().starts_with("saved db.json"), "{}", e.status());
    let text = std::fs::read_to_string(&c).unwrap();
    let mut want = connection();
    want["options"]["passwordPolicy"] = json!("good");
    assert_eq!(text, serde_json::to_string(&want).unwrap());
    assert!(!e.app.slot(Kind::Connection).unwrap().dirty());
}

#[test]
fn an_edit_saved_changes_one_line_and_undone_and_saved_gives_the_file_back() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("db.json");
    let style = connedit::core::layout::Style {
        indent: Some("\t".into()),
        ..connedit::core::layout::Style::canonical()
    };
    let original = connedit::core::layout::print(&connection(), &[], &style);
    std::fs::write(&c, &original).unwrap(); // tabs, and no final newline
    let mut e = Editor::open(&[&c]);
    e.go("passwordPolicy").press(&["Space", "C-s"]);
    let saved = std::fs::read_to_string(&c).unwrap();
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(saved.lines().count(), original.lines().count());
    assert_eq!(
        changed,
        [(
            "\t\t\"passwordPolicy\": \"fair\",",
            "\t\t\"passwordPolicy\": \"good\","
        )]
    );
    e.press(&["C-z", "C-s"]);
    assert!(e.status().starts_with("saved db.json"), "{}", e.status());
    assert_eq!(std::fs::read_to_string(&c).unwrap(), original);
}

#[test]
fn saving_with_errors_is_allowed_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    e.go("name").press(&["Enter"]);
    for _ in 0..4 {
        e.press(&["BS"]);
    }
    e.press(&["Enter", "C-s"]);
    assert_eq!(
        e.status(),
        "saved p.json with 1 error (push will refuse it until fixed)"
    );
    assert_eq!(
        std::fs::read_to_string(&p).unwrap().lines().nth(1),
        Some("  \"name\": \"\",")
    );
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    e.go("show_as_button").press(&["Space"]);
    std::fs::write(&p, "{\"name\": \"someone else\"}\n").unwrap();
    e.press(&["C-s"]);
    assert!(e.screen(80, 24).contains("File changed"));
    e.press(&["c"]);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "{\"name\": \"someone else\"}\n",
        "cancel leaves the file"
    );
    assert_eq!(
        e.value(Kind::Profile)["organization"]["show_as_button"],
        "optional",
        "edits kept"
    );
    // Reload: the file removed the organization the edit changed, so both
    // changed one place: the file's version is kept there, the place named,
    // and the user's whole version kept as a recovery copy.
    e.press(&["C-s", "r"]);
    assert_eq!(e.value(Kind::Profile), json!({"name": "someone else"}));
    assert!(e.status().contains("/organization"), "{}", e.status());
    let copy = dir.path().join(".p.json.connedit-recovery");
    let kept: Value = serde_json::from_str(&std::fs::read_to_string(&copy).unwrap()).unwrap();
    assert_eq!(kept["organization"]["show_as_button"], "optional");
    // Ctrl-Z never brings the stale document back over the other writer's.
    e.press(&["C-z"]);
    assert_eq!(e.value(Kind::Profile), json!({"name": "someone else"}));
    // The reload made this the known disk state: a save asks nothing.
    e.go("name")
        .press(&["Enter", "End"])
        .typ("!")
        .press(&["Enter", "C-s"]);
    assert!(e.app.dialog.is_none(), "{}", e.status());
    // Overwrite writes ours.
    std::fs::write(&p, "{}").unwrap();
    e.go("name").press(&["Enter", "Enter", "C-s", "o"]);
    assert_eq!(
        serde_json::from_str::<Value>(&std::fs::read_to_string(&p).unwrap()).unwrap()["name"],
        "someone else!"
    );
}

/// Issue 26: two editors on one file. B saves a change; A's save asks; A
/// reloads: A's edits are applied on top of B's version, Ctrl-Z leaves
/// B's version (never A's stale document), and the next save asks again
/// if the file moved once more.
#[test]
fn reload_applies_the_edits_on_top_of_the_other_writers_version() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    e.go("show_as_button").press(&["Space"]);
    // B changes another field and saves.
    let mut theirs = profile();
    theirs["connection_name_prefix_template"] = json!("b-{org_id}-");
    std::fs::write(&p, connedit::core::document::pretty(&theirs)).unwrap();
    e.press(&["C-s"]);
    assert!(e.screen(80, 24).contains("File changed"));
    e.press(&["r"]);
    let v = e.value(Kind::Profile);
    assert_eq!(v["organization"]["show_as_button"], "optional", "mine kept");
    assert_eq!(
        v["connection_name_prefix_template"], "b-{org_id}-",
        "theirs kept"
    );
    assert!(e.status().contains("applied on top"), "{}", e.status());
    e.press(&["C-z"]);
    assert_eq!(e.value(Kind::Profile), theirs, "undo leaves B's version");
    e.press(&["C-y"]);
    // The file moves again: the next save asks again.
    std::fs::write(&p, connedit::core::document::pretty(&profile())).unwrap();
    e.press(&["C-s"]);
    assert!(e.screen(80, 24).contains("File changed"));
    e.press(&["c"]);
}

/// Issue 26: another writer only reordered the file's keys; after Reload
/// the edit is applied in their order and the save keeps their lines where
/// they put them.
#[test]
fn reload_keeps_the_other_writers_key_order() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    std::fs::write(
        &p,
        "{\n  \"name\": \"p\",\n  \"organization\": {\n    \"show_as_button\": \"none\",\n    \"assign_membership_on_login\": \"none\"\n  }\n}\n",
    )
    .unwrap();
    let mut e = Editor::open(&[&p]);
    e.go("show_as_button").press(&["Space"]);
    let theirs = "{\n  \"organization\": {\n    \"assign_membership_on_login\": \"none\",\n    \"show_as_button\": \"none\"\n  },\n  \"name\": \"p\"\n}\n";
    std::fs::write(&p, theirs).unwrap();
    e.press(&["C-s"]);
    assert!(e.screen(80, 24).contains("File changed"));
    e.press(&["r", "C-s"]);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        theirs.replace(
            "\"show_as_button\": \"none\"",
            "\"show_as_button\": \"optional\""
        ),
        "their order, my value"
    );
}

/// Issue 26: the file is deleted while the editor has unsaved edits: Reload
/// does not load a blank document and mark it clean; the edits stay, quit
/// still asks, and a save writes the file again after asking.
#[test]
fn reload_of_a_deleted_file_keeps_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    e.go("show_as_button").press(&["Space"]);
    std::fs::remove_file(&p).unwrap();
    e.press(&["C-s"]);
    assert!(e.screen(80, 24).contains("File changed"));
    e.press(&["r"]);
    assert!(e.status().contains("deleted"), "{}", e.status());
    assert_eq!(
        e.value(Kind::Profile)["organization"]["show_as_button"],
        "optional"
    );
    e.press(&["C-q"]);
    assert!(!e.quit, "unsaved edits: quit asks");
    e.press(&["Esc", "C-s"]);
    assert!(e.screen(80, 24).contains("File changed"));
    e.press(&["o"]);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(saved["organization"]["show_as_button"], "optional");
}

#[test]
fn quit_asks_about_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    e.press(&["C-q"]);
    assert!(e.quit, "nothing unsaved: quits at once");

    let mut e = Editor::open(&[&p]);
    e.go("show_as_button").press(&["Space", "C-q"]);
    assert!(e.screen(80, 24).contains("Unsaved changes in p.json."));
    e.press(&["c"]);
    assert!(!e.quit && e.app.dialog.is_none());
    e.press(&["C-q", "d"]);
    assert!(e.quit);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        connedit::core::document::pretty(&profile()),
        "discarded"
    );

    let mut e = Editor::open(&[&p]);
    e.go("show_as_button").press(&["Space", "C-q", "s"]);
    assert!(e.quit);
    assert!(
        std::fs::read_to_string(&p)
            .unwrap()
            .contains("\"optional\""),
        "saved, then quit"
    );
}

#[test]
fn selecting_a_problem_jumps_to_its_field_opening_groups() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = profile();
    v["cross_app_access_resource_app"] = json!({"status": {"default_value": "on"}});
    let p = write(dir.path(), "p.json", &v);
    let mut e = Editor::open(&[&p]);
    let field = "/cross_app_access_resource_app/status/default_value".to_string();
    assert!(
        !e.visible(Kind::Profile).contains(&field),
        "its group starts folded"
    );
    e.press(&["S-Tab", "Enter"]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Profile));
    let row = e.app.selected_row(Kind::Profile).unwrap();
    assert_eq!(
        row.pointer(),
        Some("/cross_app_access_resource_app/status/default_value")
    );
    assert!(
        e.visible(Kind::Profile).contains(&field),
        "the group was opened"
    );
    // Fixing it from there clears the problem.
    e.press(&["Space"]);
    assert!(e.codes(Kind::Profile).is_empty());
}

#[test]
fn the_dictionary_list_editor_adds_edits_deletes_and_sorts() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&c]);
    let dict = |e: &Editor| {
        e.value(Kind::Connection)["options"]["password_dictionary"]["dictionary"].clone()
    };
    e.go("dictionary")
        .press(&["a"])
        .typ("acme")
        .press(&["Enter"]);
    assert_eq!(dict(&e), json!(["b", "A", "acme"]));
    assert_eq!(
        e.app.selected_row(Kind::Connection).unwrap().label,
        "acme",
        "lands on the new entry"
    );
    e.press(&["Enter"]).typ("-corp").press(&["Enter"]);
    assert_eq!(dict(&e), json!(["b", "A", "acme-corp"]));
    e.press(&["s"]);
    assert_eq!(dict(&e), json!(["A", "acme-corp", "b"]));
    e.go("A").press(&["Del"]);
    assert_eq!(dict(&e), json!(["acme-corp", "b"]));
    // Adding an empty entry adds nothing; a case-insensitive repeat is flagged.
    e.go("+ add entry").press(&["Enter", "Enter"]);
    assert_eq!(dict(&e), json!(["acme-corp", "b"]));
    e.press(&["a"]).typ("B").press(&["Enter"]);
    assert_eq!(
        e.codes(Kind::Connection),
        ["duplicate /options/password_dictionary/dictionary/2"]
    );
    let header = e
        .app
        .rows(Kind::Connection)
        .iter()
        .find(|r| r.label == "dictionary")
        .cloned()
        .unwrap();
    let shown =
        connedit::tui::rows::value_text(&header, &e.value(Kind::Connection), &Default::default());
    assert_eq!(shown, "3/200");
}

#[test]
fn the_list_editor_stops_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = connection();
    v["options"]["password_dictionary"]["dictionary"] =
        json!((0..200).map(|i| format!("w{i}")).collect::<Vec<_>>());
    let c = write(dir.path(), "db.json", &v);
    let mut e = Editor::open(&[&c]);
    e.go("dictionary").press(&["a"]);
    assert!(e.app.edit.is_none());
    assert_eq!(e.status(), "the list is full (200/200)");
}

/// Issue 30: in the convert dialog, after G a key up moves at once (the
/// first ~20 k did nothing: the end was counted in lines, the screen in
/// wrapped rows).
#[test]
fn a_key_up_after_g_moves_the_convert_dialog_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&c]);
    e.press(&["c", "G"]);
    let first = |screen: &str| -> usize {
        let at = screen.find("rows ").expect("a long dialog says which rows");
        screen[at + 5..]
            .split('–')
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let end = first(&e.screen(80, 24));
    e.press(&["k"]);
    assert_eq!(first(&e.screen(80, 24)), end - 1);
    e.press(&["PgUp"]);
    assert!(first(&e.screen(80, 24)) < end - 1);
}

#[test]
fn legacy_policy_converts_to_password_options_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&c]);
    // `c` shows what will change; Esc changes nothing, Enter converts.
    e.press(&["c"]);
    let screen = e.screen(100, 30);
    assert!(screen.contains("Convert to password_options?"), "{screen}");
    assert!(screen.contains("+ /options/password_options:"), "{screen}");
    assert!(
        screen.contains("- /options/passwordPolicy: \"fair\""),
        "{screen}"
    );
    e.press(&["Esc"]);
    assert_eq!(e.value(Kind::Connection), connection());
    assert_eq!(e.status(), "nothing changed");
    e.press(&["c", "Enter"]);
    let o = e.value(Kind::Connection)["options"].clone();
    assert!(o.get("passwordPolicy").is_none() && o.get("password_dictionary").is_none());
    assert_eq!(
        o["password_options"]["complexity"]["character_types"],
        json!(["lowercase", "uppercase", "number"])
    );
    assert_eq!(
        o["mfa"],
        json!({"active": true}),
        "options connedit does not edit survive"
    );
    assert!(
        e.codes(Kind::Connection).is_empty(),
        "{:?}",
        e.codes(Kind::Connection)
    );
    e.press(&["c", "y"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["passwordPolicy"],
        "fair"
    );
    // Converted back untouched: the options exactly as they were, no
    // legacy group the file did not have (issue 30).
    assert_eq!(e.value(Kind::Connection), connection());
    e.press(&["C-z"]);
    // Undoing a switch shows the policy in effect and folds the other.
    let screen = e.screen(100, 30);
    assert!(screen.contains("▾ password_options"), "{screen}");
    assert!(screen.contains("▸ legacy policy"), "{screen}");
    e.press(&["C-z"]);
    assert_eq!(e.value(Kind::Connection), connection());
    let screen = e.screen(100, 30);
    assert!(screen.contains("▾ legacy policy"), "{screen}");
    assert!(screen.contains("▸ password_options"), "{screen}");
}

/// A flexible policy edited after the switch converts back through the
/// mapping (what it asks, in legacy words), not to the remembered options.
#[test]
fn an_edited_switch_converts_back_by_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&c]);
    e.press(&["c", "Enter"]);
    e.go("min_length")
        .press(&["Enter", "C-u"])
        .typ("12")
        .press(&["Enter"]);
    e.go("→ convert to legacy policy").press(&["Enter", "y"]);
    let o = e.value(Kind::Connection)["options"].clone();
    assert_eq!(o["password_complexity_options"]["min_length"], 12);
    assert!(o.get("password_options").is_none());
}

#[test]
fn a_broken_file_is_shown_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    std::fs::write(&p, "{\"name\": \"x\",\n}").unwrap();
    let mut e = Editor::open(&[&p]);
    let slot = e.app.slot(Kind::Profile).unwrap();
    assert!(slot.is_broken());
    assert_eq!(
        (slot.diagnostics[0].line, slot.diagnostics[0].column),
        (Some(2), Some(1))
    );
    e.press(&["Enter", "Space", "Del", "a", "C-s"]);
    assert!(e.status().contains("not valid JSON"), "{}", e.status());
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"name\": \"x\",\n}");
    e.press(&["C-q"]);
    assert!(e.quit);
}

#[test]
fn a_missing_path_starts_a_new_document_that_save_creates() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new-profile.json");
    let c = dir.path().join("database.json");
    let mut e = Editor::open(&[&p, &c]);
    assert!(e.app.slot(Kind::Profile).is_some() && e.app.slot(Kind::Connection).is_some());
    e.go("name")
        .press(&["Enter"])
        .typ("brand-new")
        .press(&["Enter", "C-s"]);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(saved["name"], "brand-new");
    assert!(!c.exists(), "only the focused document is saved");
    e.press(&["Tab", "C-s"]);
    assert!(
        c.exists(),
        "an untouched new document is still written when asked"
    );
}

#[test]
fn the_builtin_examples_ask_where_to_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = Editor::open(&[]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Profile));
    assert_eq!(e.app.slot(Kind::Profile).unwrap().tally().errors, 0);
    e.press(&["C-s"]);
    assert!(e.screen(80, 24).contains("Save profile as"));
    for _ in 0.."profile.json".len() {
        e.press(&["BS"]);
    }
    let target = dir.path().join("mine.json");
    e.typ(target.to_str().unwrap()).press(&["Enter"]);
    assert!(target.exists());
    assert_eq!(
        e.app.slot(Kind::Profile).unwrap().path.as_deref(),
        Some(target.as_path())
    );
    // Saving as an existing file asks first.
    let other = write(dir.path(), "taken.json", &json!({}));
    e.press(&["Tab", "C-s"]);
    for _ in 0.."connection.json".len() {
        e.press(&["BS"]);
    }
    e.typ(other.to_str().unwrap()).press(&["Enter"]);
    assert!(
        e.screen(80, 24).contains("already exists."),
        "{}",
        e.screen(80, 24)
    );
    // Another file than the document's: overwrite or cancel, no Reload
    // (it would reload nothing the user asked for); r does nothing.
    let screen = e.screen(80, 24);
    assert!(
        screen.contains("File exists") && !screen.contains("[R]eload"),
        "{screen}"
    );
    assert!(
        screen.lines().last().unwrap().contains("o overwrite"),
        "{screen}"
    );
    assert!(
        !screen.lines().last().unwrap().contains("reload"),
        "{screen}"
    );
    e.press(&["r"]);
    assert!(matches!(
        e.app.dialog,
        Some(connedit::tui::app::Dialog::Conflict(_))
    ));
    e.press(&["c"]);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "{}\n");
}

#[test]
fn a_recovery_file_is_offered_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut edited = profile();
    edited["name"] = json!("recovered");
    let rec = connedit::io::recovery::write(
        Some(&p),
        "profile",
        &connedit::core::document::pretty(&edited),
    )
    .unwrap();
    let mut e = Editor::open(&[&p]);
    e.check_recovery();
    assert!(e.screen(80, 24).contains("Recovery"));
    e.press(&["r"]);
    assert_eq!(e.value(Kind::Profile)["name"], "recovered");
    assert!(e.app.slot(Kind::Profile).unwrap().dirty());
    assert!(rec.exists(), "kept until the edits are saved");
    e.press(&["C-s"]);
    assert!(!rec.exists(), "saving removes the recovery file");
}

/// Issue 30: restored edits undone, then a clean quit: the recovery file
/// goes (it was offered again at every start); discarding at the quit
/// question removes it too.
#[test]
fn restored_edits_undone_or_discarded_leave_no_recovery_file() {
    for keys in [&["C-z", "C-q"][..], &["C-q", "d"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "p.json", &profile());
        let mut edited = profile();
        edited["name"] = json!("recovered");
        let rec = connedit::io::recovery::write(
            Some(&p),
            "profile",
            &connedit::core::document::pretty(&edited),
        )
        .unwrap();
        let mut e = Editor::open(&[&p]);
        e.check_recovery();
        e.press(&["r"]);
        assert!(rec.exists());
        e.press(keys);
        assert!(e.quit, "{keys:?}: {}", e.status());
        assert!(!rec.exists(), "{keys:?}");
        let on_disk: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        assert_eq!(on_disk, profile(), "the file untouched");
    }
}

#[test]
fn presence_rows_add_and_remove_strategy_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    e.go("strategy_overrides")
        .press(&["Enter"])
        .go("okta")
        .press(&["Space"]);
    assert_eq!(
        e.value(Kind::Profile)["strategy_overrides"],
        json!({"okta": {}})
    );
    e.press(&["Down", "Space"]);
    assert_eq!(
        e.value(Kind::Profile)["strategy_overrides"]["okta"]["enabled_features"],
        json!(["scim"])
    );
    assert!(e.codes(Kind::Profile).is_empty());
    e.go("okta").press(&["Space"]);
    // The file had no overrides: none are left, not an empty object.
    assert!(e.value(Kind::Profile).get("strategy_overrides").is_none());
}

#[test]
fn the_sample_organization_changes_the_expanded_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    e.go("sample org_id").press(&["Enter"]);
    for _ in 0..40 {
        e.press(&["BS"]);
    }
    e.typ("org_42");
    let fx = connedit::core::derived::profile_effects(&e.value(Kind::Profile), &e.app.sample);
    assert_eq!(
        fx.prefix.as_deref(),
        Some("ec-org_42-"),
        "follows every keystroke"
    );
    e.press(&["Enter"]);
    assert!(
        !e.app.slot(Kind::Profile).unwrap().dirty(),
        "the sample is not part of the document"
    );
}

#[test]
fn saving_what_the_file_already_holds_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let before = std::fs::metadata(&p).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut e = Editor::open(&[&p]);
    e.press(&["C-s"]);
    assert_eq!(e.status(), "p.json: no changes to save");
    assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), before);
}

#[test]
fn the_password_tester_checks_every_keystroke_and_keeps_the_password_out_of_everything() {
    let dir = tempfile::tempdir().unwrap();
    let policy = json!({"name": "db", "strategy": "auth0", "options": {"passwordPolicy": "fair",
        "password_no_personal_info": {"enable": true}}});
    let c = write(dir.path(), "db.json", &policy);
    let mut e = Editor::open(&[&c]);
    let verdicts = |e: &Editor| -> Vec<String> {
        e.app
            .rows(Kind::Connection)
            .iter()
            .filter(|r| r.kind == connedit::tui::rows::RowKind::Verdict)
            .map(|r| r.label.clone())
            .collect()
    };
    e.go("password").press(&["Enter"]).typ("Abcdef1");
    assert!(
        verdicts(&e)[0].starts_with("REJECTED"),
        "7 characters: {:?}",
        verdicts(&e)
    );
    e.typ("2");
    assert!(
        verdicts(&e)[0].starts_with("ACCEPTED"),
        "8 characters, fair: {:?}",
        verdicts(&e)
    );
    assert!(
        verdicts(&e)
            .iter()
            .any(|l| l.starts_with("estimate (zxcvbn, not an Auth0 rule)"))
    );
    e.press(&["Enter"]);
    // Masked by default; Space shows it.
    let row = e.app.selected_row(Kind::Connection).unwrap();
    assert_eq!(row.kind, connedit::tui::rows::RowKind::TryPassword);
    assert!(!e.app.tester.show);
    e.press(&["Space"]);
    assert!(e.app.tester.show);
    // The sample user feeds the personal-data rule.
    e.go("sample name")
        .press(&["Enter"])
        .typ("Bcdef")
        .press(&["Enter"]);
    assert!(
        verdicts(&e)
            .iter()
            .any(|l| l == "✗ personal data: contains \"bcdef\" from the user's name"),
        "{:?}",
        verdicts(&e)
    );
    let doc_value = e.value(Kind::Connection);
    let text = serde_json::to_string(&doc_value).unwrap();
    assert!(
        !text.contains("Abcdef12"),
        "not in the document or the preview"
    );
    assert!(
        !e.app.slot(Kind::Connection).unwrap().dirty(),
        "trying a password is not an edit"
    );
    assert!(
        e.app.recovery_snapshot().is_empty(),
        "nothing to recover: never written anywhere"
    );
    e.press(&["C-s"]);
    assert!(!std::fs::read_to_string(&c).unwrap().contains("Abcdef12"));
}

#[test]
fn a_connection_of_another_strategy_is_edited_with_its_own_options() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.json");
    let doc = serde_json::json!({"name": "okta-acme", "strategy": "okta", "options": {
        "domain": "acme.okta.com", "client_id": "cid", "client_secret": "kept-secret-1",
        "attribute_map": {"mapping_mode": "basic_profile"}}});
    std::fs::write(&path, connedit::core::document::pretty(&doc)).unwrap();
    let mut e = Editor::open(&[&path]);
    let rows: Vec<String> = e
        .app
        .rows(Kind::Connection)
        .iter()
        .map(|r| r.label.clone())
        .collect();
    assert!(
        !rows
            .iter()
            .any(|r| r.contains("legacy") || r.contains("password")),
        "{rows:?}"
    );
    e.go("send_back_channel_nonce").press(&["Space"]);
    e.go("domain").press(&["Enter", "End"]);
    for _ in 0.."acme.okta.com".len() {
        e.press(&["BS"]);
    }
    e.typ("login.acme.com").press(&["Enter", "C-s"]);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["options"]["send_back_channel_nonce"], true);
    assert_eq!(saved["options"]["domain"], "login.acme.com");
    // What the form does not show is kept, secrets included.
    assert_eq!(saved["options"]["client_secret"], "kept-secret-1");
    assert_eq!(
        saved["options"]["attribute_map"]["mapping_mode"],
        "basic_profile"
    );
    assert!(
        e.codes(Kind::Connection).is_empty(),
        "{:?}",
        e.codes(Kind::Connection)
    );
}

#[test]
fn recovery_files_of_both_documents_are_offered_and_later_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let c = write(
        dir.path(),
        "db.json",
        &json!({"name": "db", "strategy": "auth0", "options": {"passwordPolicy": "fair"}}),
    );
    let mut edited = profile();
    edited["name"] = json!("recovered");
    let pretty = connedit::core::document::pretty;
    let rec_p = connedit::io::recovery::write(Some(&p), "profile", &pretty(&edited)).unwrap();
    let rec_c = connedit::io::recovery::write(
        Some(&c),
        "connection",
        &pretty(&json!({"name": "db", "strategy": "auth0", "options": {"passwordPolicy": "good"}})),
    )
    .unwrap();
    let mut e = Editor::open(&[&p, &c]);
    e.check_recovery();
    assert!(e.screen(80, 24).contains("Unsaved edits of p.json were"));
    e.press(&["l"]);
    assert!(
        e.screen(80, 24).contains("Unsaved edits of db.json were"),
        "the second document's file is offered too"
    );
    e.press(&["r"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["passwordPolicy"],
        "good"
    );
    // Saving the profile never removes the file answered "later".
    e.app.focus = Pane::Doc(connedit::core::Kind::Profile);
    e.go("name")
        .press(&["Enter", "End"])
        .typ("-x")
        .press(&["Enter", "C-s"]);
    assert!(rec_p.exists(), "later keeps it");
    assert!(rec_c.exists(), "kept until the restored edits are saved");
}

#[test]
fn restoring_onto_a_file_that_changed_since_asks_before_saving() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut edited = profile();
    edited["name"] = json!("recovered");
    let rec = connedit::io::recovery::write(
        Some(&p),
        "profile",
        &connedit::core::document::pretty(&edited),
    )
    .unwrap();
    // Someone edits the file after the crash.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut theirs = profile();
    theirs["name"] = json!("their-change");
    std::fs::write(&p, connedit::core::document::pretty(&theirs)).unwrap();
    let mut e = Editor::open(&[&p]);
    e.check_recovery();
    e.press(&["r", "C-s"]);
    assert!(
        e.screen(80, 24).contains("File changed"),
        "the changed-on-disk dialog, not a silent overwrite"
    );
    assert!(
        std::fs::read_to_string(&p)
            .unwrap()
            .contains("their-change")
    );
    assert!(rec.exists());
}

#[test]
fn a_file_swapped_for_a_symlink_with_the_same_bytes_is_caught_on_save() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    // Someone moves the file and links its name to a copy elsewhere.
    let elsewhere = dir.path().join("elsewhere.json");
    std::fs::copy(&p, &elsewhere).unwrap();
    std::fs::remove_file(&p).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &p).unwrap();
    e.go("name")
        .press(&["Enter", "End"])
        .typ("-x")
        .press(&["Enter", "C-s"]);
    assert!(
        e.screen(80, 24).contains("File changed"),
        "asked, not written through the new link"
    );
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        std::fs::read_to_string(&p).unwrap()
    );
    assert!(!std::fs::read_to_string(&elsewhere).unwrap().contains("-x"));
}

#[test]
fn upstream_params_are_edited_as_name_to_alias_or_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    let doc = serde_json::json!({"name": "google", "strategy": "google-oauth2", "options": {
        "client_id": "c", "upstream_params": {
            "screen_hint": {"alias": "login_hint"}, "access_type": {"value": "offline"}}}});
    std::fs::write(&path, connedit::core::document::pretty(&doc)).unwrap();
    let mut e = Editor::open(&[&path]);
    // An alias cycles through the OAuth parameters; a value is edited as text.
    e.go("screen_hint → alias").press(&["Space"]);
    e.go("access_type = value")
        .press(&["Enter", "End"])
        .typ("-x")
        .press(&["Enter"]);
    let v = e.value(Kind::Connection);
    assert_eq!(
        v["options"]["upstream_params"]["screen_hint"]["alias"],
        "max_age"
    );
    assert_eq!(
        v["options"]["upstream_params"]["access_type"]["value"],
        "offline-x"
    );
    assert!(
        e.codes(Kind::Connection).is_empty(),
        "{:?}",
        e.codes(Kind::Connection)
    );
}

#[test]
fn a_database_connections_other_options_are_edited_from_the_table_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.json");
    std::fs::write(
        &path,
        "{\n    \"name\": \"db\",\n    \"strategy\": \"auth0\",\n    \"options\": {\"passwordPolicy\": \"good\", \"brute_force_protection\": true,\n        \"customScripts\": {\"login\": \"function login() {}\"}}\n}\n",
    )
    .unwrap();
    let mut e = Editor::open(&[&path]);
    // Folded until asked for: the password policy comes first.
    let labels: Vec<String> = e
        .app
        .rows(Kind::Connection)
        .iter()
        .map(|r| r.label.clone())
        .collect();
    assert!(
        !labels.contains(&"brute-force protection".to_string()),
        "{labels:?}"
    );
    e.go("other options").press(&["Space"]);
    e.go("brute-force protection").press(&["Space"]);
    e.go("MFA");
    e.go("active").press(&["Space"]);
    e.go("challenge UI").press(&["Space"]);
    e.go("connection settings").press(&["Space"]);
    e.go("display name").press(&["Enter"]);
    e.typ("Acme users").press(&["Enter", "C-s"]);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["options"]["brute_force_protection"], false);
    assert_eq!(saved["options"]["mfa"]["active"], true);
    assert_eq!(saved["options"]["passkey_options"]["challenge_ui"], "both");
    assert_eq!(saved["display_name"], "Acme users");
    // What the form does not show is kept.
    assert_eq!(
        saved["options"]["customScripts"]["login"],
        "function login() {}"
    );
    assert!(
        e.codes(Kind::Connection).is_empty(),
        "{:?}",
        e.codes(Kind::Connection)
    );
}

#[test]
fn upstream_parameters_are_added_chosen_and_removed_from_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("google.json");
    std::fs::write(
        &path,
        r#"{"name": "google", "strategy": "google-oauth2", "options": {"scope": ["email"]}}"#,
    )
    .unwrap();
    let mut e = Editor::open(&[&path]);
    let add = "+ add parameter (name, or name=value)";
    e.go(add).press(&["Enter"]);
    e.typ("screen_name").press(&["Enter"]);
    // The cursor lands on the new parameter; Enter picks its alias.
    assert_eq!(
        e.app.selected_row(Kind::Connection).unwrap().label,
        "screen_name → alias"
    );
    e.go(add).press(&["Enter"]);
    e.typ("access_type=offline").press(&["Enter"]);
    e.go(add).press(&["Enter"]);
    e.typ("prompt").press(&["Enter"]);
    let v = e.value(Kind::Connection);
    assert_eq!(
        v["options"]["upstream_params"],
        serde_json::json!({"screen_name": {"alias": "login_hint"},
                           "access_type": {"value": "offline"},
                           "prompt": {"alias": "prompt"}})
    );
    // Unsetting a parameter's row removes the parameter, never leaving `{}`.
    e.go("access_type = value").press(&["Del"]);
    e.press(&["C-s"]);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        saved["options"]["upstream_params"],
        serde_json::json!({"screen_name": {"alias": "login_hint"}, "prompt": {"alias": "prompt"}})
    );
    assert!(
        e.codes(Kind::Connection).is_empty(),
        "{:?}",
        e.codes(Kind::Connection)
    );
}

#[test]
fn an_empty_file_opens_as_a_new_document_of_the_kind_its_name_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new-db.json");
    std::fs::write(&db, "\n").unwrap();
    let mut e = Editor::open(&[&db]);
    let slot = e
        .app
        .slot(Kind::Connection)
        .expect("a connection, from its name");
    assert!(!slot.is_broken(), "not a broken file");
    assert!(slot.dirty(), "the skeleton is not on disk yet");
    e.press(&["C-s"]);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&db).unwrap()).unwrap();
    assert_eq!(saved["strategy"], "auth0");
    assert!(!e.app.slot(Kind::Connection).unwrap().dirty());
}

#[test]
fn new_starts_a_document_of_the_kind_asked_whatever_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.json");
    let mut e = Editor::open(&[]);
    e.app = connedit::tui::open_new(&path, connedit::core::Kind::Connection, None);
    assert!(e.app.slot(Kind::Profile).is_none());
    e.press(&["C-s"]);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        saved["strategy"], "auth0",
        "a connection, though the name says nothing"
    );
    // A file with content is never replaced by --new.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_connedit"))
        .args(["--new", "profile", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already has content"));
}

#[test]
fn adding_a_parameter_never_replaces_a_placeholder_or_an_existing_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let add = "+ add parameter (name, or name=value)";
    // A deploy-cli placeholder where the parameters are: left alone.
    let path = dir.path().join("g.json");
    std::fs::write(
        &path,
        r#"{"name": "g", "strategy": "google-oauth2", "options": {"upstream_params": @@UP@@}}"#,
    )
    .unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let mut e = Editor::open(&[&path]);
    e.go(add).press(&["Enter"]);
    assert!(e.app.edit.is_none(), "no line editor over a placeholder");
    e.press(&["C-s"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    // A name already there keeps its parameter.
    let path = dir.path().join("h.json");
    std::fs::write(
        &path,
        r#"{"name": "h", "strategy": "google-oauth2", "options": {"upstream_params": {"screen_name": {"value": "keepme"}}}}"#,
    )
    .unwrap();
    let mut e = Editor::open(&[&path]);
    e.go(add).press(&["Enter"]);
    e.typ("screen_name").press(&["Enter"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["upstream_params"]["screen_name"],
        serde_json::json!({"value": "keepme"})
    );
    // Removing the last parameter leaves no empty map behind.
    e.go("screen_name = value").press(&["Del"]);
    assert!(
        e.value(Kind::Connection)["options"]
            .get("upstream_params")
            .is_none()
    );
}

#[test]
fn q_and_ctrl_c_quit_like_ctrl_q_and_the_key_bar_always_offers_help_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    let c = dir.path().join("db.json");
    std::fs::write(&p, r#"{"name": "acme"}"#).unwrap();
    std::fs::write(&c, r#"{"name": "db", "strategy": "auth0", "options": {}}"#).unwrap();
    let e = Editor::open(&[&p, &c]);
    for w in [60u16, 80, 120] {
        let screen = e.screen(w, 20);
        let bar = screen.lines().last().unwrap_or("");
        assert!(
            bar.contains("^Q quit") && bar.contains("? help"),
            "{w} columns: {bar:?}"
        );
    }
    // With a tenant's badge there is room for the keys alone at 60 columns.
    let mut e = e;
    e.app.tenant = Some(connedit::tui::app::TenantBadge {
        name: "127.0.0.1:36449".into(),
        domain: "127.0.0.1:36449".into(),
        protected: false,
    });
    let screen = e.screen(60, 20);
    let bar = screen.lines().last().unwrap_or("").trim_end().to_string();
    assert!(bar.ends_with("^Q ?"), "{bar:?}");
    // q with nothing unsaved quits; with unsaved edits it asks first.
    let mut e = Editor::open(&[&p, &c]);
    e.press(&["q"]);
    assert!(e.quit);
    let mut e = Editor::open(&[&p]);
    e.go("name")
        .press(&["Enter", "End"])
        .typ("x")
        .press(&["Enter"]);
    e.press(&["C-c"]);
    assert!(!e.quit, "unsaved: asks");
    assert!(e.app.dialog.is_some());
}

#[test]
fn undo_belongs_to_the_document_being_edited() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    let c = dir.path().join("db.json");
    std::fs::write(&p, r#"{"name": "acme"}"#).unwrap();
    std::fs::write(
        &c,
        r#"{"name": "db", "strategy": "auth0", "options": {"passwordPolicy": "good"}}"#,
    )
    .unwrap();
    let mut e = Editor::open(&[&p, &c]);
    e.go("name")
        .press(&["Enter", "End"])
        .typ("-x")
        .press(&["Enter"]);
    e.press(&["Tab"]);
    assert_eq!(e.app.focus.doc(), Some(Kind::Connection));
    e.go("requires_username").press(&["Space"]);
    // Back in the profile, Ctrl-Z undoes the profile's change, not the
    // connection's, which was made later.
    e.press(&["S-Tab"]);
    assert_eq!(e.app.focus.doc(), Some(Kind::Profile));
    e.press(&["C-z"]);
    assert_eq!(e.value(Kind::Profile)["name"], "acme");
    assert_eq!(
        e.value(Kind::Connection)["options"]["requires_username"],
        true
    );
    e.press(&["C-z"]);
    assert_eq!(
        e.value(Kind::Profile)["name"],
        "acme",
        "nothing more to undo here"
    );
    e.press(&["C-y"]);
    assert_eq!(e.value(Kind::Profile)["name"], "acme-x");
}

#[test]
fn a_save_with_nothing_to_write_is_no_false_alarm_for_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    std::fs::write(&p, "{\n    \"name\": \"acme\"\n}\n").unwrap();
    let mut e = Editor::open(&[&p]);
    e.press(&["C-s"]);
    e.go("name")
        .press(&["Enter", "End"])
        .typ("-x")
        .press(&["Enter", "C-s"]);
    assert!(
        e.app.dialog.is_none(),
        "no changed-on-disk question: {:?}",
        e.app.status
    );
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(saved["name"], "acme-x");
}

#[test]
fn an_override_turned_on_and_off_leaves_the_document_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    std::fs::write(&p, r#"{"name": "acme"}"#).unwrap();
    let mut e = Editor::open(&[&p]);
    e.go("strategy_overrides").press(&["Enter"]);
    e.go("okta").press(&["Space"]);
    assert!(e.value(Kind::Profile)["strategy_overrides"]["okta"].is_object());
    e.go("okta").press(&["Space"]);
    assert_eq!(
        e.value(Kind::Profile),
        serde_json::json!({"name": "acme"}),
        "no strategy_overrides: {{}} left"
    );
    // A file that had the empty object keeps it.
    std::fs::write(&p, r#"{"name": "acme", "strategy_overrides": {}}"#).unwrap();
    let mut e = Editor::open(&[&p]);
    e.go("strategy_overrides").press(&["Enter"]);
    e.go("okta").press(&["Space"]);
    e.go("okta").press(&["Space"]);
    assert_eq!(
        e.value(Kind::Profile),
        serde_json::json!({"name": "acme", "strategy_overrides": {}})
    );
}

#[test]
fn a_placeholder_goes_through_a_policy_switch_and_its_undo_bare() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("database.json");
    let original = "{\n  \"name\": \"db\",\n  \"strategy\": \"auth0\",\n  \"options\": {\n    \"passwordPolicy\": \"good\",\n    \"password_complexity_options\": {\n      \"min_length\": @@MIN_LENGTH@@\n    },\n    \"mfa\": {\"active\": true}\n  }\n}\n";
    std::fs::write(&path, original).unwrap();
    let mut e = Editor::open(&[&path]);
    e.go("passwordPolicy").press(&["c", "y"]);
    assert!(e.status().starts_with("converted"), "{}", e.status());
    let v = e.value(Kind::Connection);
    assert_eq!(
        v["options"]["password_options"]["complexity"]["min_length"], "@@MIN_LENGTH@@",
        "the placeholder is carried to its counterpart, not replaced by 8"
    );
    e.press(&["C-s"]);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("\"min_length\": @@MIN_LENGTH@@,"), "{saved}");
    assert!(
        saved.contains("    \"mfa\": {\"active\": true}"),
        "untouched text kept: {saved}"
    );
    e.press(&["C-z", "C-s"]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        original,
        "written bare again"
    );

    // A placeholder with no counterpart refuses the switch and says which.
    let other = dir.path().join("other.json");
    std::fs::write(&other, original.replace("\"good\"", "@@POLICY@@")).unwrap();
    let mut e = Editor::open(&[&other]);
    let before = e.value(Kind::Connection);
    e.go("passwordPolicy").press(&["c"]);
    assert!(e.status().contains("@@POLICY@@"), "{}", e.status());
    assert_eq!(e.value(Kind::Connection), before);
}

#[test]
fn list_edits_refuse_a_list_that_is_a_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("database.json");
    let original = "{\"name\": \"db\", \"strategy\": \"auth0\", \"options\": {\"passwordPolicy\": \"good\", \"password_dictionary\": {\"enable\": true, \"dictionary\": @@WORDS@@}}}";
    std::fs::write(&path, original).unwrap();
    let mut e = Editor::open(&[&path]);
    let before = e.value(Kind::Connection);
    e.go("dictionary").press(&["a"]);
    assert!(e.app.edit.is_none(), "no line editor over a placeholder");
    assert_eq!(
        e.status(),
        "dictionary is the placeholder @@WORDS@@, not a list: edit it in the file"
    );
    e.press(&["s"]);
    assert_eq!(e.value(Kind::Connection), before);
    e.press(&["C-s"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn the_line_editor_is_visible_and_a_number_field_takes_digits_only() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&c]);
    e.go("min_length").press(&["Enter"]);
    let bar = e.screen(80, 24).lines().last().unwrap().to_string();
    assert!(
        bar.contains("Enter keep") && bar.contains("Esc cancel"),
        "the editor's keys: {bar}"
    );
    e.typ("1x");
    assert!(
        e.status().contains("\"x\" is not a digit"),
        "{}",
        e.status()
    );
    e.press(&["C-u"]).typ("12").press(&["Enter"]);
    assert_eq!(
        e.value(Kind::Connection)["options"]["password_complexity_options"]["min_length"],
        12
    );
}

#[test]
fn slash_searches_the_focused_pane_and_n_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&c]);
    e.press(&["/"]).typ("history");
    let screen = e.screen(80, 24);
    assert!(
        screen.lines().last().unwrap().contains("/history▏"),
        "{screen}"
    );
    e.press(&["Enter"]);
    let label = |e: &Editor| e.app.selected_row(Kind::Connection).unwrap().label.clone();
    assert_eq!(label(&e), "history enable");
    e.press(&["n"]);
    assert_eq!(label(&e), "history size");
    e.press(&["N"]);
    assert_eq!(label(&e), "history enable");
    // A query with no match says so, and the selection stays.
    e.press(&["/"]).typ("zzz").press(&["Enter"]);
    assert_eq!(label(&e), "history enable");
    assert_eq!(e.status(), "no match for \"zzz\" in this pane");
    // In the preview, the view goes to the line.
    e.press(&["Tab", "/"]).typ("\"mfa\"").press(&["Enter"]);
    let screen = e.screen(120, 40);
    assert!(screen.contains("\"mfa\": {"), "{screen}");
}

#[test]
fn the_missing_document_pane_says_how_to_open_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let mut e = Editor::open(&[&p]);
    // Tab passes over the empty pane while a document is open; its title
    // names it, with the digit that goes there.
    let narrow = e.screen(80, 24);
    assert!(narrow.contains("[1] Profile — p.json"), "{narrow}");
    assert!(
        narrow.contains("[2] Password policy"),
        "the hidden pane named: {narrow}"
    );
    assert!(narrow.contains("[3] Preview"), "{narrow}");
    e.press(&["Tab"]);
    assert_eq!(e.app.focus, Pane::Preview);
    e.press(&["2"]);
    assert_eq!(e.app.focus, Pane::Doc(connedit::core::Kind::Connection));
    let screen = e.screen(80, 24);
    assert!(
        screen.contains("No database connection is open"),
        "{screen}"
    );
    assert!(
        screen.contains("connedit --new connection FILE"),
        "{screen}"
    );
    // The preview still shows the profile, and Tab goes on.
    assert!(screen.contains("Preview"), "{screen}");
    e.press(&["Tab"]);
    assert_eq!(e.app.focus, Pane::Preview);
    // Undo from a pane of no document undoes the last edit, and says what.
    e.press(&["1"]);
    e.go("show_as_button").press(&["Space", "4", "C-z"]);
    assert_eq!(e.app.focus, Pane::Problems);
    assert_eq!(
        e.status(),
        "undone: /organization/show_as_button in p.json (nothing more to undo)"
    );
    // At 120 columns both document panes are there at once.
    let wide = e.screen(120, 40);
    assert!(
        wide.contains("Profile — p.json") && wide.contains("Password policy — none open"),
        "{wide}"
    );
}

mod any_keys {
    use super::*;
    use proptest::prelude::*;

    /// Every key the editor binds, and some it does not. Not Ctrl-N (a new
    /// profile is saved relative to the working directory) and not Ctrl-Q.
    const KEYS: &[&str] = &[
        "j", "k", "g", "G", "a", "d", "c", "i", "L", "/", "n", "N", "+", "?", "q", "y", "x", "0",
        "9", " ", "-", "Space", "Enter", "Esc", "Tab", "S-Tab", "Up", "Down", "Left", "Right",
        "Home", "End", "PgUp", "PgDn", "BS", "Del", "C-z", "C-y", "C-c", "C-s", "C-o", "C-p",
        "C-r", "C-t",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Any key sequence on a profile and a connection: no panic in update
        /// or render (the harness draws 80x24 after every key, and the end
        /// is drawn at the smallest and a wide size too), the files hold JSON.
        #[test]
        fn any_key_sequence_keeps_the_editor_whole(picks in prop::collection::vec(0..KEYS.len(), 0..80)) {
            let dir = tempfile::tempdir().unwrap();
            let p = write(dir.path(), "p.json", &profile());
            let c = write(dir.path(), "db.json", &connection());
            let mut e = Editor::open(&[&p, &c]);
            for i in picks {
                if e.quit {
                    break;
                }
                e.press(&[KEYS[i]]);
            }
            if !e.quit {
                for (w, h) in [(20, 8), (46, 15), (60, 15), (200, 50)] {
                    e.screen(w, h);
                }
            }
            for f in [&p, &c] {
                let text = std::fs::read_to_string(f).unwrap();
                prop_assert!(serde_json::from_str::<Value>(&text).is_ok(), "{text}");
            }
        }
    }
}

/// Issue 27: Google Workspace's rows ("store admin flag", "Google Directory
/// API") are offered on google-apps only, not on samlp, okta or
/// google-oauth2; basic profile stays on every social and enterprise one.
#[test]
fn a_row_of_one_strategy_is_not_offered_on_another() {
    let dir = tempfile::tempdir().unwrap();
    for (strategy, shown) in [
        ("google-apps", true),
        ("samlp", false),
        ("okta", false),
        ("google-oauth2", false),
    ] {
        let p = write(
            dir.path(),
            &format!("{strategy}.json"),
            &json!({"id": "con_1", "name": "c", "strategy": strategy, "options": {}}),
        );
        let e = Editor::open(&[&p]);
        let rows = e.visible(Kind::Connection).join("\n");
        for pointer in [
            "/options/ext_admin",
            "/options/api_enable_users",
            "/options/ext_is_suspended",
        ] {
            let there = rows.lines().any(|l| l == pointer);
            assert_eq!(there, shown, "{strategy}: {pointer} in\n{rows}");
        }
        assert!(
            rows.lines().any(|l| l == "/options/basic_profile"),
            "{strategy}: {rows}"
        );
    }
    // Set on another strategy anyway: kept, and a warning says it does nothing.
    let doc =
        json!({"id": "con_1", "name": "c", "strategy": "okta", "options": {"ext_admin": true}});
    let d = connedit::core::Document::parse(&doc.to_string(), Some(Kind::Connection));
    let diags = d.diagnostics();
    assert!(
        diags.iter().any(|x| x.path == "/options/ext_admin"
            && x.severity == connedit::core::Severity::Warning
            && x.message.contains("google-apps")),
        "{diags:?}"
    );
}

/// From the review of the reload: a document with no known version of its
/// file (opened from an empty file) is never taken as "unchanged on disk":
/// the other writer's values are kept, not dropped.
#[test]
fn reload_without_a_known_version_keeps_the_other_writers_values() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    std::fs::write(&p, "").unwrap();
    let mut e = Editor::open(&[&p]);
    e.go("name")
        .press(&["Enter", "End"])
        .typ("mine")
        .press(&["Enter"]);
    let theirs = json!({"name": "theirs", "enabled_features": ["scim"]});
    std::fs::write(&p, connedit::core::document::pretty(&theirs)).unwrap();
    e.press(&["C-s"]);
    assert!(e.screen(80, 24).contains("File changed"));
    e.press(&["r"]);
    let v = e.value(Kind::Profile);
    assert_eq!(v["enabled_features"], json!(["scim"]), "{v}");
    assert_eq!(v["name"], "theirs", "a clash keeps the file's value: {v}");
    assert!(e.status().contains("/name"), "{}", e.status());
}

/// From the review of the reload: when the copy of the user's version
/// cannot be kept, their version comes back and the next save asks.
#[test]
fn reload_whose_copy_cannot_be_kept_gives_the_edits_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    // Every recovery name beside the file taken, and no fallback folder.
    std::fs::create_dir(dir.path().join(".p.json.connedit-recovery")).unwrap();
    for n in 2..=9 {
        std::fs::create_dir(dir.path().join(format!(".p.json.connedit-recovery-{n}"))).unwrap();
    }
    let mut e = Editor::open(&[&p]);
    std::fs::create_dir_all(e.state.path().join("connedit")).unwrap();
    std::fs::write(e.state.path().join("connedit/recovery"), "not a folder").unwrap();
    e.go("name")
        .press(&["Enter", "End"])
        .typ("-mine")
        .press(&["Enter"]);
    let mut theirs = profile();
    theirs["name"] = json!("theirs");
    std::fs::write(&p, connedit::core::document::pretty(&theirs)).unwrap();
    e.press(&["C-s", "r"]);
    assert_eq!(
        e.value(Kind::Profile)["name"],
        "acme-mine",
        "{}",
        e.status()
    );
    assert!(e.status().contains("could not be kept"), "{}", e.status());
    e.press(&["C-s"]);
    assert!(
        e.screen(80, 24).contains("File changed"),
        "the next save asks"
    );
    e.press(&["c"]);
    assert_eq!(
        serde_json::from_str::<Value>(&std::fs::read_to_string(&p).unwrap()).unwrap()["name"],
        "theirs"
    );
}

/// Issue 26: a read-only file (0444) is asked about, never saved over
/// without a word; Overwrite replaces it and keeps its mode.
#[test]
fn a_read_only_file_is_asked_about() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut e = Editor::open(&[&p]);
    e.go("show_as_button").press(&["Space", "C-s"]);
    assert!(
        e.screen(80, 24).contains("read-only"),
        "{}",
        e.screen(80, 24)
    );
    e.press(&["c"]);
    assert_eq!(
        serde_json::from_str::<Value>(&std::fs::read_to_string(&p).unwrap()).unwrap(),
        profile()
    );
    e.press(&["C-s", "o"]);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(saved["organization"]["show_as_button"], "optional");
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

/// Issue 27, the whole form: an okta connection's lists, maps, checkboxes
/// and objects are rows (add, edit, delete an entry), not the preview's alone.
#[test]
fn an_okta_connections_lists_maps_and_objects_are_edited_in_the_form() {
    use connedit::tui::rows::RowId;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.json");
    let doc = serde_json::json!({"name": "okta", "strategy": "okta", "options": {
        "domain": "acme.okta.com", "client_id": "c",
        "attribute_map": {"mapping_mode": "use_map",
            "attributes": {"nested": {"kept": true}}}}});
    std::fs::write(&path, connedit::core::document::pretty(&doc)).unwrap();
    let mut e = Editor::open(&[&path]);
    let attributes = "/options/attribute_map/attributes";
    // A key: name=value.
    e.go_id(&RowId::Add(attributes.into())).press(&["Enter"]);
    e.typ("email=${context.tokenset.email}").press(&["Enter"]);
    assert_eq!(
        e.app.selected_row(Kind::Connection).unwrap().id,
        RowId::field(&format!("{attributes}/email"))
    );
    // `a` on a key of the map adds another.
    e.press(&["a"])
        .typ("given_name=${context.tokenset.given_name}")
        .press(&["Enter"]);
    // A value that is not one line of text is shown, not edited.
    e.go_id(&RowId::field(&format!("{attributes}/nested")))
        .press(&["Enter"]);
    assert!(e.status().contains("edit it in the file"), "{}", e.status());
    // A list of strings.
    e.go_id(&RowId::Add("/options/domain_aliases".into()))
        .press(&["Enter"])
        .typ("acme.example")
        .press(&["Enter"]);
    // A list of values from a set: a checkbox each.
    e.go_id(&RowId::Member(
        "/options/id_token_signed_response_algs".into(),
        "RS256",
    ))
    .press(&["Space"]);
    // An object's keys, in their group.
    e.go_id(&RowId::field("/options/connection_settings/pkce"))
        .press(&["Space"]);
    let v = e.value(Kind::Connection);
    assert_eq!(
        v["options"]["attribute_map"]["attributes"],
        serde_json::json!({"nested": {"kept": true},
            "email": "${context.tokenset.email}",
            "given_name": "${context.tokenset.given_name}"})
    );
    assert_eq!(
        v["options"]["domain_aliases"],
        serde_json::json!(["acme.example"])
    );
    assert_eq!(
        v["options"]["id_token_signed_response_algs"],
        serde_json::json!(["RS256"])
    );
    assert_eq!(v["options"]["connection_settings"]["pkce"], "auto");
    // Delete removes one key of the map, and its name is not typed again.
    e.go_id(&RowId::field(&format!("{attributes}/email")))
        .press(&["Del"]);
    e.go_id(&RowId::Add(attributes.into())).press(&["Enter"]);
    e.typ("given_name=other").press(&["Enter"]);
    assert!(e.status().contains("already there"), "{}", e.status());
    let v = e.value(Kind::Connection);
    assert_eq!(
        v["options"]["attribute_map"]["attributes"],
        serde_json::json!({"nested": {"kept": true},
            "given_name": "${context.tokenset.given_name}"})
    );
    // The focused row's JSON key is on the pane's bottom edge.
    e.go_id(&RowId::field("/options/connection_settings/pkce"));
    assert!(
        e.screen(120, 40)
            .contains("/options/connection_settings/pkce"),
        "{}",
        e.screen(120, 40)
    );
    assert!(
        e.codes(Kind::Connection).is_empty(),
        "{:?}",
        e.codes(Kind::Connection)
    );
}

/// A secret inside an object of named values (a `password` key, a PEM key,
/// oauth2's `customHeaders`) is never a row: kept, not shown.
#[test]
fn secrets_inside_maps_are_not_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oauth2.json");
    let doc = serde_json::json!({"name": "o", "strategy": "oauth2", "options": {
        "client_id": "c", "authorizationURL": "https://a.example/x", "tokenURL": "https://a.example/t",
        "customHeaders": {"X-Api-Key": "hdr-SECRET-1"},
        "fieldsMap": {"password": "map-SECRET-2", "email": "mail",
            "pem": "-----BEGIN PRIVATE KEY-----\nmap-SECRET-3\n-----END PRIVATE KEY-----"}}});
    std::fs::write(&path, connedit::core::document::pretty(&doc)).unwrap();
    let e = Editor::open(&[&path]);
    let rows: Vec<String> = e
        .app
        .rows(Kind::Connection)
        .iter()
        .filter_map(|r| r.pointer().map(str::to_string))
        .collect();
    assert!(
        rows.contains(&"/options/fieldsMap/email".to_string()),
        "{rows:?}"
    );
    for p in [
        "/options/customHeaders",
        "/options/fieldsMap/password",
        "/options/fieldsMap/pem",
    ] {
        assert!(!rows.iter().any(|r| r.starts_with(p)), "{p} in {rows:?}");
    }
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let screen = e.screen(w, h);
        assert!(!screen.contains("SECRET"), "{screen}");
    }
}

/// Issue 30: a message longer than the room beside the file names takes the
/// whole status bar instead of being cut; a text prompt's bar does not
/// offer j/k (they are typed there).
#[test]
fn the_status_bar_shows_a_long_message_whole_and_prompts_their_own_keys() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "profile-with-a-long-name.json", &profile());
    let c = write(dir.path(), "database-with-a-long-name.json", &connection());
    let mut e = Editor::open(&[&p, &c]);
    e.go("show_as_button").press(&["a"]);
    let screen = e.screen(80, 24);
    let bar = screen.lines().last().unwrap();
    assert!(
        bar.contains("a adds an entry to a list: select a list first"),
        "{bar}"
    );
    // Ctrl-N's name prompt, in a tree.
    let tree = tempfile::tempdir().unwrap();
    std::fs::create_dir(tree.path().join("connection-profiles")).unwrap();
    let mut e = Editor::open_tree(tree.path(), None);
    e.press(&["C-n"]);
    assert!(matches!(
        e.app.dialog,
        Some(connedit::tui::app::Dialog::Prompt(_))
    ));
    let screen = e.screen(80, 24);
    let bar = screen.lines().last().unwrap();
    assert!(bar.contains("Enter ok") && !bar.contains("j/k"), "{bar}");
}

/// From the session's review: a map entry that is an object or a list is
/// shown (a `Fixed` row) with its secrets masked, for every strategy's maps.
#[test]
fn no_secret_inside_a_map_entry_reaches_a_row_of_any_strategy() {
    use connedit::core::derived::SampleOrg;
    use connedit::core::fields::strategies::{OptionKind, names, option_rows};
    use connedit::tui::rows::{meaning, strategy_rows, value_text};
    use std::collections::HashSet;
    const S: &str = "TOPSECRETVALUE";
    let sample = SampleOrg::default();
    let mut leaks = Vec::new();
    for st in names() {
        for o in option_rows(st) {
            if !matches!(o.kind, OptionKind::Map) {
                continue;
            }
            // The map holds an object and a list with secrets, and a PEM key.
            let mut doc = json!({"name":"c","strategy":st,"options":{}});
            let ptr = format!("/options{}", o.path);
            let map = json!({"entry": {"client_secret": S, "password": S}, "pem": format!("-----BEGIN PRIVATE KEY-----{S}"), "list": [ {"secret": S} ]});
            connedit::core::merge::set_at(&mut doc, &ptr, Some(map));
            let rows = strategy_rows(&doc, &HashSet::new(), None);
            for r in &rows {
                let t = value_text(r, &doc, &sample);
                let m = meaning(r, Kind::Connection, &doc, &sample);
                if t.contains(S) || m.contains(S) || r.label.contains(S) {
                    leaks.push(format!("{st} {ptr} row {:?}: {t}", r.label));
                }
            }
        }
    }
    // metadata too
    let doc = json!({"name":"c","strategy":"google-oauth2","options":{}});
    let rows = strategy_rows(&doc, &HashSet::new(), None);
    for r in &rows {
        let t = value_text(r, &doc, &sample);
        if t.contains(S) {
            leaks.push(format!("metadata {:?} {t}", r.label));
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
}

/// Issue 30: the password tester is below the fold at 80x24; `t` brings it
/// into view from anywhere and starts typing the password.
#[test]
fn t_goes_to_the_password_tester() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.json", &profile());
    let c = write(dir.path(), "db.json", &connection());
    let mut e = Editor::open(&[&p, &c]);
    e.press(&["1", "t"]).typ("correct horse");
    assert_eq!(e.app.focus, Pane::Doc(Kind::Connection));
    assert_eq!(e.app.tester.password, "correct horse");
    let screen = e.screen(80, 24);
    assert!(
        screen.contains("✎  password           •••••••••••••"),
        "{screen}"
    );
    assert!(
        !screen.contains("correct horse"),
        "masked while typed: {screen}"
    );
    // Without a database connection it says what it is for.
    let mut e = Editor::open(&[&p]);
    e.press(&["t"]);
    assert!(e.status().contains("open one first"), "{}", e.status());
}
