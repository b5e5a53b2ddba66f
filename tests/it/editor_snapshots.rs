//! Rendered-screen snapshots of the editor (ratatui `TestBackend` + insta):
//! each pane at 80x24 and 120x40, with problems shown, dialogs, the help,
//! the "too small" notice; and a check that `NO_COLOR` uses no colour while
//! marks and the selection stay visible.

use connedit::core::Kind;
use connedit::tui::app::App;
use connedit::tui::theme::Theme;
use connedit::tui::view;
use connedit::tui::workspace::OpenDocument;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use serde_json::{Value, json};

fn slot(id: Kind, name: &str, v: &Value) -> OpenDocument {
    let text = connedit::core::document::pretty(v);
    OpenDocument::open(id, Some(name.into()), Some(text.into_bytes()))
}

fn profile_with_problems() -> Value {
    json!({
        "name": "",
        "organization": {"show_as_button": "optinal", "assign_membership_on_login": "optional"},
        "connection_name_prefix_template": "ec-{org}-",
        "enabled_features": ["scim"],
        "cross_app_access_resource_app": {"status": {"default_value": "enabled"}}
    })
}

fn connection_with_warnings() -> Value {
    json!({"name": "db", "strategy": "auth0", "options": {
        "passwordPolicy": "fair",
        "password_complexity_options": {"min_length": 6},
        "password_history": {"enable": true, "size": 5},
        "password_dictionary": {"enable": false, "dictionary": ["acme", "Acme"]},
        "requires_username": true
    }})
}

fn app(color: bool) -> App {
    let mut a = App::new(
        Some(slot(
            Kind::Profile,
            "profile.json",
            &profile_with_problems(),
        )),
        Some(slot(
            Kind::Connection,
            "db.json",
            &connection_with_warnings(),
        )),
    );
    a.theme = Theme {
        color,
        ascii: false,
    };
    a
}

fn press(a: &mut App, keys: &[KeyCode]) {
    for k in keys {
        a.update(connedit::tui::app::Msg::Key(KeyEvent::new(
            *k,
            KeyModifiers::NONE,
        )));
    }
}

/// Draws through a real `Terminal<TestBackend>`, as the event loop does.
fn draw(a: &App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(a, f.area(), f.buffer_mut()))
        .unwrap();
    t.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    buf.content()
        .chunks(w)
        .map(|row| {
            row.iter()
                .map(|c| c.symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn profile_pane_with_problems_80x24() {
    let a = app(true);
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn password_pane_with_warnings_80x24() {
    let mut a = app(true);
    press(&mut a, &[KeyCode::Tab, KeyCode::Down, KeyCode::Down]);
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn preview_focused_80x24() {
    let mut a = app(true);
    press(&mut a, &[KeyCode::Down, KeyCode::Tab, KeyCode::Tab]);
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn problems_focused_80x24() {
    let mut a = app(true);
    press(&mut a, &[KeyCode::BackTab, KeyCode::Down]);
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn both_documents_side_by_side_120x40() {
    let a = app(true);
    insta::assert_snapshot!(text(&draw(&a, 120, 40)));
}

#[test]
fn password_pane_with_flexible_policy_120x40() {
    let mut a = app(true);
    press(&mut a, &[KeyCode::Tab, KeyCode::Char('c'), KeyCode::Enter]);
    insta::assert_snapshot!(text(&draw(&a, 120, 40)));
}

#[test]
fn line_editor_mid_edit_80x24() {
    let mut a = app(true);
    press(
        &mut a,
        &[KeyCode::Enter, KeyCode::Char('o'), KeyCode::Char('k')],
    );
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn choice_list_80x24() {
    let mut a = app(true);
    press(&mut a, &[KeyCode::Down, KeyCode::Enter]);
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn quit_dialog_80x24() {
    let mut a = app(true);
    press(&mut a, &[KeyCode::Down, KeyCode::Char(' ')]);
    a.update(connedit::tui::app::Msg::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::CONTROL,
    )));
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn help_overlay_80x24() {
    let mut a = app(true);
    press(&mut a, &[KeyCode::Char('?')]);
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn broken_file_80x24() {
    let broken = OpenDocument::open(
        Kind::Profile,
        Some("profile.json".into()),
        Some(b"{\n  \"name\": \"x\",\n}\n".to_vec()),
    );
    let mut a = App::new(Some(broken), None);
    a.theme = Theme::full();
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn too_small_and_back() {
    let a = app(true);
    insta::assert_snapshot!(text(&draw(&a, 40, 10)));
    // Resizing back shows the panes again (nothing is lost on the way).
    assert!(text(&draw(&a, 80, 24)).contains("Profile — profile.json"));
}

#[test]
fn no_color_uses_no_colour_but_keeps_marks_and_selection() {
    let mut a = app(false);
    for (w, h) in [(80, 24), (120, 40)] {
        let buf = draw(&a, w, h);
        for c in buf.content() {
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "a coloured cell {:?} at {w}x{h}",
                c.symbol()
            );
        }
        let t = text(&buf);
        assert!(t.contains("✗"), "error marks are symbols");
        assert!(t.contains("!"), "warning marks are symbols");
    }
    // The selected row is drawn in reverse video, and the focused pane thick.
    let buf = draw(&a, 80, 24);
    let row1: Vec<_> = (1..40).map(|x| buf[(x, 1)].modifier).collect();
    assert!(
        row1.iter().all(|m| m.contains(Modifier::REVERSED)),
        "selection is reverse video"
    );
    assert_eq!(buf[(0, 0)].symbol(), "┏");
    press(&mut a, &[KeyCode::Char('?')]);
    let t = text(&draw(&a, 80, 24));
    assert!(t.contains("Keys 1-20 of"), "{t}");
}

#[test]
fn password_tester_masked_80x24() {
    let mut a = app(true);
    a.tester.password = "Acme2026".into();
    a.tester.user.name = "Ann Smith".into();
    press(&mut a, &[KeyCode::Tab, KeyCode::End]);
    let t = text(&draw(&a, 80, 24));
    assert!(!t.contains("Acme2026"), "masked by default");
    insta::assert_snapshot!(t);
}

#[test]
fn a_protected_tenant_is_a_badge_without_colour() {
    let mut a = app(false);
    a.tenant = Some(connedit::tui::app::TenantBadge {
        name: "prod".into(),
        domain: "acme.eu.auth0.com".into(),
        protected: true,
    });
    let buf = draw(&a, 80, 24);
    let last = text(&buf).lines().last().unwrap().to_string();
    // Distinct from the focused tab (also reverse video) by its brackets.
    assert!(last.contains("[PROTECTED prod]"), "{last}");
    let x = last.chars().position(|c| c == 'P').unwrap() as u16;
    assert!(
        buf[(x, 23)].modifier.contains(Modifier::REVERSED),
        "reverse video, not colour"
    );
}

#[test]
fn history_dialog_80x24() {
    use connedit::io::snapshots::Snapshot;
    use connedit::tui::app::{Dialog, HistoryView};
    use connedit::tui::dialogs::history::HistoryList;
    let mut a = app(false);
    let snap = |taken: &str, action: &str, before: Option<Value>, after: Value| Snapshot {
        path: format!("{taken}.json").into(),
        taken: taken.into(),
        kind: "profile".into(),
        id: "cop_0000000000000001".into(),
        action: action.into(),
        before,
        after,
        problem: None,
        correlation: None,
    };
    let (v1, v2) = (
        json!({"name": "acme"}),
        json!({"name": "acme-2", "enabled_features": ["scim"]}),
    );
    // Seen at 2026-11-24 22:00:00Z ("… min ago" stays the same).
    let seen = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_557_600);
    a.dialog = Some(Dialog::History(Box::new(HistoryList::new_at(
        Kind::Profile,
        HistoryView::new(connedit::tui::worker::History {
            kind: connedit::core::Kind::Profile,
            id: "cop_0000000000000001".into(),
            domain: "acme.eu.auth0.com".into(),
            snapshots: vec![
                snap(
                    "20261124T213805.123Z",
                    "rollback",
                    Some(v2.clone()),
                    json!({"name": "acme", "enabled_features": null}),
                ),
                snap("20261124T211500.000Z", "push", Some(v1.clone()), v2),
                snap("20261124T210000.000Z", "create", None, v1),
            ],
        }),
        seen,
    ))));
    // The second write selected, as j does.
    a.update(connedit::tui::app::Msg::Key(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::NONE,
    )));
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn rollback_dialog_with_drift_80x24() {
    use connedit::core::diff::diff;
    use connedit::io::api::push::{Plan, Target};
    let mut a = app(false);
    let now = json!({"id": "con_1", "options": {"passwordPolicy": "good", "brute_force_protection": true}});
    let before = json!({"id": "con_1", "options": {"passwordPolicy": "low"}});
    a.dialog = Some(connedit::tui::app::Dialog::ConfirmWrite(Box::new(
        connedit::tui::dialogs::confirm_write::ConfirmWrite::new(
            Kind::Connection,
            Box::new(Plan {
                target: Target::Connection { id: "con_1".into() },
                label: "roll connection con_1 back to before 20261124T211500.000Z".into(),
                changes: diff(&now, &before),
                current: now,
                predicted: before.clone(),
                body: before,
                notes: Vec::new(),
                warnings: Vec::new(),
                kept: Vec::new(),
                kept_paths: Vec::new(),
                action: connedit::io::api::push::Action::Rollback,
                apps: None,
                based: true,
            }),
            vec![
                "note: changed on the tenant since the write of 20261124T211500.000Z:".into(),
                "  + /options/brute_force_protection: true".into(),
                "rolling back changes it to:".into(),
            ],
            "dev (dev.eu.auth0.com)".into(),
            None,
        ),
    )));
    insta::assert_snapshot!(text(&draw(&a, 80, 24)));
}

#[test]
fn compare_view_80x24() {
    use connedit::tui::app::{CompareView, Dialog};
    use connedit::tui::dialogs::compare::Compare;
    let mut a = app(false);
    let mine = connection_with_warnings();
    let theirs = json!({"id": "con_9", "name": "db", "strategy": "auth0", "options": {
        "passwordPolicy": "good",
        "password_complexity_options": {"min_length": 6},
        "password_history": {"enable": true, "size": 5},
        "requires_username": true,
        "customScripts": {"login": "function () {}"}
    }});
    a.dialog = Some(Dialog::Compare(Box::new(Compare::new(
        Kind::Connection,
        CompareView::new("prod".into(), &mine, Some(&theirs)),
    ))));
    let t = text(&draw(&a, 80, 24));
    assert!(t.contains("≠ passwordPolicy"), "{t}");
    insta::assert_snapshot!(t);
    // `a` shows the fields that agree too.
    a.update(connedit::tui::app::Msg::Key(KeyEvent::new(
        KeyCode::Char('a'),
        KeyModifiers::NONE,
    )));
    let t = text(&draw(&a, 80, 24));
    assert!(t.contains("= requires_username"), "{t}");
}

#[test]
fn compare_across_policy_types_shows_both_policies_whole_80x24() {
    use connedit::tui::app::{CompareView, Dialog};
    use connedit::tui::dialogs::compare::Compare;
    let mut a = app(false);
    let mine = json!({"name": "db", "strategy": "auth0", "options": {"password_options": {
        "complexity": {"min_length": 14, "character_types": ["uppercase", "lowercase", "number"],
                       "character_type_rule": "all", "identical_characters": "block"},
        "dictionary": {"active": true, "default": "en_100k", "custom": ["acme"]},
        "history": {"active": true, "size": 10}
    }}});
    let theirs = json!({"id": "con_9", "name": "db", "strategy": "auth0", "options": {
        "passwordPolicy": "good", "password_history": {"enable": false}
    }});
    a.dialog = Some(Dialog::Compare(Box::new(Compare::new(
        Kind::Connection,
        CompareView::new("prod".into(), &mine, Some(&theirs)),
    ))));
    let t = text(&draw(&a, 80, 24));
    insta::assert_snapshot!(t);
    // What does not fit scrolls: the last rows are the tenant's policy.
    for _ in 0..30 {
        a.update(connedit::tui::app::Msg::Key(KeyEvent::new(
            KeyCode::Char('j'),
            KeyModifiers::NONE,
        )));
    }
    let t = text(&draw(&a, 80, 24));
    assert!(t.contains("prod: legacy policy, level good"), "{t}");
    assert!(
        t.contains("• 3 of the 4 character types lowercase, uppercase,"),
        "{t}"
    );
    // Every value whole: nothing is cut with an ellipsis.
    assert!(!t.contains('…'), "{t}");
    // Past the end (G, or j pressed too often), k moves back at once.
    let title = |t: &str| t.lines().next().unwrap().to_string();
    let at_end = title(&t);
    a.update(connedit::tui::app::Msg::Key(KeyEvent::new(
        KeyCode::Char('k'),
        KeyModifiers::NONE,
    )));
    assert_ne!(
        title(&text(&draw(&a, 80, 24))),
        at_end,
        "k after the end scrolls up"
    );
}

#[test]
fn compare_shows_a_long_value_to_its_last_character() {
    use connedit::tui::app::{CompareView, Dialog};
    use connedit::tui::dialogs::compare::Compare;
    let mut a = app(false);
    let long = |end: &str| format!("{}{end}", "x".repeat(300));
    let mine = json!({"name": "acme", "connection_name_prefix_template": long("MINE-END")});
    let theirs = json!({"id": "cop_1", "name": "acme", "connection_name_prefix_template": long("THEIRS-END")});
    a.dialog = Some(Dialog::Compare(Box::new(Compare::new(
        connedit::core::Kind::Profile,
        CompareView::new("prod".into(), &mine, Some(&theirs)),
    ))));
    let t = text(&draw(&a, 80, 24));
    assert!(t.contains("MINE-END") && t.contains("THEIRS-END"), "{t}");
}

#[test]
fn the_help_fits_and_scrolls_at_every_size_the_editor_accepts() {
    // It panicked at 15–18 rows (the help is taller than the terminal).
    for h in 15..=30 {
        for w in [60, 80] {
            let mut a = app(false);
            press(&mut a, &[KeyCode::Char('?')]);
            let first = text(&draw(&a, w, h));
            assert!(first.contains("Keys"), "{w}x{h}:\n{first}");
            press(&mut a, &[KeyCode::Char('j'), KeyCode::Char('j')]);
            let scrolled = text(&draw(&a, w, h));
            if first.contains("j/k scroll") {
                assert_ne!(first, scrolled, "{w}x{h}: j scrolls");
            }
            press(&mut a, &[KeyCode::Esc]);
            assert!(
                !text(&draw(&a, w, h)).contains("Keys —"),
                "{w}x{h}: Esc closes"
            );
        }
    }
    let mut a = app(false);
    press(&mut a, &[KeyCode::Char('?')]);
    insta::assert_snapshot!(text(&draw(&a, 60, 15)));
}

#[test]
fn an_okta_connection_opens_with_its_secrets_masked() {
    let okta = json!({"name": "okta-acme", "strategy": "okta", "options": {
        "domain": "acme.okta.com", "client_id": "cid", "client_secret": "okta-client-secret-77ab",
        "scope": "openid profile email"}});
    let mut a = App::new(None, Some(slot(Kind::Connection, "okta.json", &okta)));
    a.theme = Theme {
        color: false,
        ascii: false,
    };
    let screen = text(&draw(&a, 120, 40));
    assert!(!screen.contains("okta-client-secret-77ab"), "{screen}");
    assert!(screen.contains("\"client_secret\": \"(secret,"), "{screen}");
    assert!(!screen.contains("database connection"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_broken_connection_file_shows_no_secret_in_the_preview() {
    let broken = "{\n  \"name\": \"okta-acme\",\n  \"strategy\": \"okta\",\n  \"options\": {\n    \"client_secret\": \"TUILEAK-syntax\",\n  }\n}\n";
    let slot = OpenDocument::open(
        Kind::Connection,
        Some("okta.json".into()),
        Some(broken.as_bytes().to_vec()),
    );
    let mut a = App::new(None, Some(slot));
    a.theme = Theme {
        color: false,
        ascii: false,
    };
    let screen = text(&draw(&a, 120, 40));
    assert!(!screen.contains("TUILEAK"), "{screen}");
}

#[test]
fn push_dialog_shows_a_policy_switch_whole_and_scrolls_80x24() {
    use connedit::core::diff::diff;
    use connedit::io::api::push::{Plan, Target};
    use connedit::tui::dialogs::confirm_write::ConfirmWrite;
    let mut a = app(false);
    let now = json!({"id": "con_1", "options": {"passwordPolicy": "good",
        "password_complexity_options": {"min_length": 10}, "password_history": {"enable": true, "size": 5}}});
    let (flexible, _) =
        connedit::core::policy::to_flexible(now["options"].as_object().unwrap()).unwrap();
    let after = json!({"id": "con_1", "options": flexible});
    let plan = Plan {
        target: Target::Connection { id: "con_1".into() },
        label: "connection Username-Password-Authentication (con_1)".into(),
        changes: diff(&now, &after),
        current: now,
        predicted: after.clone(),
        body: after,
        notes: vec![
            "switches the policy to password_options: the five legacy keys are removed".into(),
        ],
        warnings: Vec::new(),
        kept: Vec::new(),
        kept_paths: Vec::new(),
        action: connedit::io::api::push::Action::Push,
        apps: None,
        based: true,
    };
    let d = ConfirmWrite::new(
        Kind::Connection,
        Box::new(plan),
        Vec::new(),
        "prod (acme.eu.auth0.com)".into(),
        None,
    );
    let lines = d.lines().to_vec();
    assert!(
        lines.contains(&"+ /options/password_options:".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("\"min_length\": 10")),
        "the new policy whole: {lines:?}"
    );
    assert!(
        lines.contains(&"- /options/password_complexity_options:".to_string()),
        "the old group whole: {lines:?}"
    );
    a.dialog = Some(connedit::tui::app::Dialog::ConfirmWrite(Box::new(d)));
    insta::assert_snapshot!("push_dialog_top", text(&draw(&a, 80, 24)));
    let Some(connedit::tui::app::Dialog::ConfirmWrite(d)) = &mut a.dialog else {
        unreachable!()
    };
    d.key(
        KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
        "",
        10,
    );
    insta::assert_snapshot!("push_dialog_end", text(&draw(&a, 80, 24)));
}

#[test]
fn zoomed_preview_shows_every_character_80x24() {
    let mut a = app(true);
    // The preview of the profile, with a long line, zoomed with `+`.
    let mut v = profile_with_problems();
    v["connection_name_prefix_template"] = json!(
        "ec-{org_id}-{org_name}-a-very-long-template-that-no-pane-of-eighty-columns-can-hold-on-one-row"
    );
    a.profile.as_mut().unwrap().set_value(v);
    press(
        &mut a,
        &[KeyCode::BackTab, KeyCode::BackTab, KeyCode::Char('+')],
    );
    assert!(a.zoomed);
    let screen = text(&draw(&a, 80, 24));
    let joined: String = screen
        .lines()
        .map(|l| {
            l.trim_start_matches(['┃', '│'])
                .trim_end_matches(['┃', '│', ' '])
                .replace("  ↪ ", "")
        })
        .collect();
    assert!(
        joined.contains("-a-very-long-template-that-no-pane-of-eighty-columns-can-hold-on-one-row"),
        "every character, over wrapped rows: {screen}"
    );
    insta::assert_snapshot!(screen);
    press(&mut a, &[KeyCode::Char('+')]);
    assert!(!a.zoomed);
}

#[test]
fn ascii_terminals_get_ascii_only() {
    let mut a = app(false);
    a.theme = Theme {
        color: false,
        ascii: true,
    };
    press(&mut a, &[KeyCode::Down]);
    let screen = text(&draw(&a, 80, 24));
    assert!(screen.is_ascii(), "{screen}");
    insta::assert_snapshot!(screen);
    assert!(connedit::tui::theme::unicode_terminal(
        Some("en_US.UTF-8"),
        Some("xterm-256color")
    ));
    assert!(!connedit::tui::theme::unicode_terminal(
        Some("C"),
        Some("xterm")
    ));
    assert!(!connedit::tui::theme::unicode_terminal(None, Some("xterm")));
    assert!(!connedit::tui::theme::unicode_terminal(
        Some("en_US.utf8"),
        Some("vt100")
    ));
}

#[test]
fn problem_detail_and_message_log_80x24() {
    let mut a = app(true);
    press(
        &mut a,
        &[KeyCode::BackTab, KeyCode::Down, KeyCode::Char('i')],
    );
    let detail = text(&draw(&a, 80, 24));
    assert!(
        detail.contains("field: /organization/show_as_button"),
        "{detail}"
    );
    insta::assert_snapshot!("problem_detail", detail);
    // The status line of each key is gone with the next key; the log keeps it.
    press(
        &mut a,
        &[
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Char('+'),
            KeyCode::Char('+'),
        ],
    );
    press(&mut a, &[KeyCode::Char('L')]);
    let log = text(&draw(&a, 80, 24));
    assert!(
        log.contains("zoomed (+ shows all panes again)") && log.contains("all panes shown"),
        "{log}"
    );
    insta::assert_snapshot!("message_log", log);
}

/// ← and → in the full-screen dialogs: a long line on one row, scrolled
/// sideways with its mark kept, every character reachable, ← at the start
/// wrapping again.
#[test]
fn long_lines_scroll_sideways_in_the_push_and_compare_dialogs_80x24() {
    use connedit::core::diff::diff;
    use connedit::io::api::push::{Plan, Target};
    use connedit::tui::app::{CompareView, Dialog, Msg};
    use connedit::tui::dialogs::compare::Compare;
    use connedit::tui::dialogs::confirm_write::ConfirmWrite;
    let key = |a: &mut App, code: KeyCode| {
        a.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    };
    let script = |end: &str| {
        format!(
            "function login(email, password, callback) {{ {} {end} }}",
            "x".repeat(150)
        )
    };
    let now = json!({"id": "con_1", "options": {"customScripts": {"login": script("OLD-END")}}});
    let after = json!({"id": "con_1", "options": {"customScripts": {"login": script("NEW-END")}}});
    let plan = Plan {
        target: Target::Connection { id: "con_1".into() },
        label: "connection db (con_1)".into(),
        changes: diff(&now, &after),
        current: now.clone(),
        predicted: after.clone(),
        body: after.clone(),
        notes: Vec::new(),
        warnings: Vec::new(),
        kept: Vec::new(),
        kept_paths: Vec::new(),
        action: connedit::io::api::push::Action::Push,
        apps: None,
        based: true,
    };
    let mut a = app(false);
    a.dialog = Some(Dialog::ConfirmWrite(Box::new(ConfirmWrite::new(
        Kind::Connection,
        Box::new(plan),
        Vec::new(),
        "prod (acme.eu.auth0.com)".into(),
        None,
    ))));
    let wrapped = text(&draw(&a, 80, 24));
    assert!(
        wrapped.contains("NEW-END") && wrapped.contains("←/→ scroll"),
        "{wrapped}"
    );
    key(&mut a, KeyCode::Right);
    let first = text(&draw(&a, 80, 24));
    assert!(
        !first.contains("NEW-END"),
        "one row a line, cut with ›:\n{first}"
    );
    insta::assert_snapshot!("push_dialog_sideways_start", first);
    let mut views = String::new();
    for _ in 0..20 {
        key(&mut a, KeyCode::Right);
        views.push_str(&text(&draw(&a, 80, 24)));
    }
    assert!(
        views.contains("NEW-END") && views.contains("OLD-END"),
        "{views}"
    );
    insta::assert_snapshot!("push_dialog_sideways_end", text(&draw(&a, 80, 24)));
    for _ in 0..20 {
        key(&mut a, KeyCode::Left);
    }
    assert!(text(&draw(&a, 80, 24)).contains("NEW-END"), "wrapped again");

    // Compare: a long value on one row, its end reached by →.
    let mine = json!({"name": "acme", "connection_name_prefix_template": format!("{}MINE-END", "x".repeat(200))});
    let theirs = json!({"id": "cop_1", "name": "acme", "connection_name_prefix_template": "short"});
    a.dialog = Some(Dialog::Compare(Box::new(Compare::new(
        Kind::Profile,
        CompareView::new("prod".into(), &mine, Some(&theirs)),
    ))));
    key(&mut a, KeyCode::Right);
    let one_row = text(&draw(&a, 80, 24));
    assert!(
        !one_row.contains("MINE-END") && one_row.contains('›'),
        "{one_row}"
    );
    let mut seen = String::new();
    for _ in 0..8 {
        key(&mut a, KeyCode::Right);
        seen.push_str(&text(&draw(&a, 80, 24)));
    }
    assert!(
        seen.contains("MINE-END") && seen.contains("short"),
        "{seen}"
    );
    insta::assert_snapshot!("compare_sideways_end", text(&draw(&a, 80, 24)));
}

/// One change longer than the dialog is tall (a script): the dialog scrolls
/// by rows, so its end is read before confirming, at the smallest size too.
#[test]
fn a_change_taller_than_the_push_dialog_scrolls_to_its_end_60x15() {
    use connedit::core::diff::diff;
    use connedit::io::api::push::{Plan, Target};
    use connedit::tui::app::{Dialog, Msg};
    use connedit::tui::dialogs::confirm_write::ConfirmWrite;
    let script = format!(
        "function login() {{ /* {} */ }} // SCRIPT-END",
        "lorem ipsum ".repeat(60)
    );
    let now =
        json!({"id": "con_1", "options": {"customScripts": {"login": "function login() {}"}}});
    let after = json!({"id": "con_1", "options": {"customScripts": {"login": script}}});
    let mut a = app(false);
    a.dialog = Some(Dialog::ConfirmWrite(Box::new(ConfirmWrite::new(
        Kind::Connection,
        Box::new(Plan {
            target: Target::Connection { id: "con_1".into() },
            label: "connection db (con_1)".into(),
            changes: diff(&now, &after),
            current: now.clone(),
            predicted: after.clone(),
            body: after.clone(),
            notes: Vec::new(),
            warnings: Vec::new(),
            kept: Vec::new(),
            kept_paths: Vec::new(),
            action: connedit::io::api::push::Action::Push,
            apps: None,
            based: true,
        }),
        Vec::new(),
        "prod (acme.eu.auth0.com)".into(),
        None,
    ))));
    let top = text(&draw(&a, 60, 15));
    assert!(
        !top.contains("SCRIPT-END") && top.contains("rows 1–"),
        "{top}"
    );
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('G'),
        KeyModifiers::SHIFT,
    )));
    let end = text(&draw(&a, 60, 15));
    // The footer says the last row is shown: "rows 6–16 of 16".
    let rows = end.split("rows ").nth(1).unwrap_or_default();
    let (shown, of) = rows.split_once(" of ").unwrap_or_default();
    let total = of.split_whitespace().next().unwrap_or_default();
    assert!(
        !total.is_empty() && shown.rsplit('–').next() == Some(total),
        "{end}"
    );
    assert!(end.contains("SCRIPT"), "{end}");
    // k moves back at once from the end.
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('k'),
        KeyModifiers::NONE,
    )));
    assert_ne!(text(&draw(&a, 60, 15)), end);
}

/// Issue 30: the message log wraps without losing a character, at any
/// width: the rows joined give the text back.
#[test]
fn the_message_log_wraps_without_losing_a_character() {
    let text = "the application is not authorized to use the connection: AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET name an application without read:connections_options; grant it in the Dashboard";
    for w in [60u16, 61, 73, 80, 81, 120, 200] {
        let mut a = app(false);
        a.dialog = Some(connedit::tui::app::Dialog::Text(Box::new(
            connedit::tui::dialogs::text_view::TextView::new(
                "Messages".into(),
                vec![text.to_string()],
            ),
        )));
        // The dialog alone, on an empty screen: its rows are what lies
        // between its borders.
        let area = ratatui::layout::Rect::new(0, 0, w, 40);
        let mut buf = Buffer::empty(area);
        connedit::tui::panes::overlay::render_dialog(&a, area, &mut buf);
        let rows: Vec<String> = (0..40)
            .map(|y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .filter_map(|r| {
                let (l, rr) = (r.find('║')?, r.rfind('║')?);
                let inner = r.get(l + '║'.len_utf8()..rr)?.trim().to_string();
                (!inner.is_empty()).then_some(inner)
            })
            .collect();
        let joined = rows.join(" ");
        assert!(joined.contains(text), "width {w}:\n{}", rows.join("\n"));
    }
}

/// Issue 29: a push's conflicts, one place chosen, at 80x24 (a secret's
/// three values masked).
#[test]
fn three_way_view_80x24() {
    use connedit::io::api::push::ConflictAt;
    use connedit::tui::dialogs::three_way::ThreeWay;
    let mut a = app(true);
    let mut view = ThreeWay::new(
        Kind::Connection,
        "2026-12-08 01:00Z".into(),
        vec![
            ConflictAt {
                at: "/display_name".into(),
                base: Some(json!("Base")),
                file: Some(json!("Mine")),
                tenant: Some(json!("Theirs")),
            },
            ConflictAt {
                at: "/options/passwordPolicy".into(),
                base: Some(json!("fair")),
                file: Some(json!("excellent")),
                tenant: None,
            },
            ConflictAt {
                at: "/options/configuration/API_KEY".into(),
                base: Some(json!("k1")),
                file: Some(json!("k2")),
                tenant: Some(json!("k3")),
            },
        ],
    );
    view.key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE));
    a.dialog = Some(connedit::tui::app::Dialog::ThreeWay(Box::new(view)));
    let screen = text(&draw(&a, 80, 24));
    assert!(
        !screen.contains("\"k1\"") && !screen.contains("\"k3\""),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}
