//! Keystroke to frame: from a key event to a finished frame — the edit
//! applied, every document re-validated, the preview rebuilt, the screen
//! rendered into a `TestBackend` at 120x40 (and, the `written` cases, through
//! the editor's own backend and output filter into a sink). Reports median
//! and p99 over many keystrokes typed into a text field (a character, then
//! Backspace) or scrolling the zoomed preview.
//!
//! `cargo bench --bench keystroke`

use connedit::core::Kind;
use connedit::tui::app::App;
use connedit::tui::view;
use connedit::tui::workspace::OpenDocument;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The seed's example profile (Auth0's Connection Profile page), with a name.
fn small_profile() -> Value {
    json!({"name": "seed", "organization": {"show_as_button": "none", "assign_membership_on_login": "none"},
           "connection_name_prefix_template": "ec-{org_id}-", "enabled_features": ["scim", "universal_logout"]})
}

/// The largest documents the limits allow: every strategy override with
/// provisioning, 200 dictionary entries of 50 characters, 12 blocked fields,
/// every option set.
pub fn large_profile() -> Value {
    let overrides: serde_json::Map<String, Value> = ["pingfederate", "ad", "adfs", "waad", "google-apps", "okta", "oidc", "samlp"]
        .iter()
        .map(|s| {
            (s.to_string(), json!({"enabled_features": ["scim", "universal_logout"], "connection_config": {},
                "provisioning": {"scim": {"tokens": {"scopes": ["get:users", "post:users", "patch:users", "delete:users", "put:users"],
                                                     "default_expiry": 86400, "max_allowed_expiry": 604800}}}}))
        })
        .collect();
    json!({"name": "x".repeat(50), "organization": {"show_as_button": "optional", "assign_membership_on_login": "required"},
           "connection_name_prefix_template": "ec-{org_id}-", "enabled_features": ["scim", "universal_logout"], "connection_config": {},
           "strategy_overrides": overrides,
           "provisioning": {"scim": {"tokens": {"scopes": ["get:users", "post:users"], "default_expiry": 3600, "max_allowed_expiry": 86400}}},
           "cross_app_access_resource_app": {"status": {"default_value": "enabled", "allowed_values": ["enabled", "disabled"]}}})
}

pub fn large_connection() -> Value {
    let words = |n: usize, len: usize| -> Vec<String> {
        (0..n)
            .map(|i| format!("{:a<len$}", format!("w{i:03}x"), len = len))
            .collect()
    };
    json!({"name": "Username-Password-Authentication", "strategy": "auth0", "options": {
        "password_options": {
            "complexity": {"min_length": 12, "character_types": ["uppercase", "lowercase", "number", "special"],
                           "character_type_rule": "three_of_four", "identical_characters": "block", "sequential_characters": "block",
                           "max_length_exceeded": "error"},
            "dictionary": {"active": true, "custom": words(200, 50), "default": "en_100k"},
            "history": {"active": true, "size": 24},
            "profile_data": {"active": true, "blocked_fields": words(12, 100)}},
        "validation": {"username": {"min": 1, "max": 128}},
        "requires_username": false, "brute_force_protection": true, "disable_signup": false,
        "disable_self_service_change_password": false, "import_mode": false, "enabledDatabaseCustomization": true,
        "enable_script_context": true, "precedence": ["email", "phone_number", "username"],
        "non_persistent_attrs": words(96, 255),
        "customScripts": {"login": "function login(email, password, callback) { callback(null); }"},
        "mfa": {"active": true, "return_enroll_settings": true}}})
}

fn slot(id: Kind, v: &Value) -> OpenDocument {
    OpenDocument::open(
        id,
        Some(format!("{}.json", id.as_str()).into()),
        Some(connedit::core::document::pretty(v).into_bytes()),
    )
}

/// What is being typed: the keys before the timing, and the two keys that
/// alternate while it is timed.
struct Case {
    label: &'static str,
    setup: &'static [KeyCode],
    keys: [KeyCode; 2],
}

/// Typing into the name field (a character, then Backspace).
const NAME: Case = Case {
    label: "",
    setup: &[KeyCode::Enter],
    keys: [KeyCode::Char('z'), KeyCode::Backspace],
};

fn run(label: &str, profile: Value, connection: Value, n: usize, case: &Case) {
    let terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    time(label, terminal, profile, connection, n, case);
}

/// The same through what the editor writes to a terminal: the frugal
/// backend (with the terminal's scroll region; `NOSCROLL=1` without) and
/// the output filter, into a sink.
fn run_written(label: &str, profile: Value, connection: Value, n: usize, case: &Case) {
    use connedit::term::{frugal::Frugal, output};
    let out = output::Compact::new(std::io::sink(), output::Depth::Many).erasing(true);
    let backend = Frugal::sized(
        ratatui::backend::CrosstermBackend::new(out),
        ratatui::layout::Size::new(120, 40),
    )
    .scrolling(std::env::var_os("NOSCROLL").is_none())
    .ambiguous(false);
    let terminal = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40)),
        },
    )
    .unwrap();
    time(label, terminal, profile, connection, n, case);
}

fn time<B: ratatui::backend::Backend>(
    label: &str,
    mut terminal: Terminal<B>,
    profile: Value,
    connection: Value,
    n: usize,
    case: &Case,
) {
    let mut app = App::new(
        Some(slot(Kind::Profile, &profile)),
        Some(slot(Kind::Connection, &connection)),
    );
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    for k in case.setup {
        app.update(connedit::tui::app::Msg::Key(key(*k)));
    }
    // The case measures what it says.
    match case.label {
        "+tester" => assert!(
            app.tester.password.chars().count() >= 40 && app.edit.is_some(),
            "typing into the tester"
        ),
        "+zoomed" => assert!(app.zoomed, "the preview zoomed"),
        _ => assert!(app.edit.is_some(), "typing into a field"),
    }
    let mut frame = |app: &mut App| {
        terminal
            .draw(|f| view::render(app, f.area(), f.buffer_mut()))
            .unwrap();
    };
    frame(&mut app);
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let k = key(case.keys[i % 2]);
        let t = Instant::now();
        app.update(connedit::tui::app::Msg::Key(k));
        frame(&mut app);
        times.push(t.elapsed());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let label = format!("{label}{}", case.label);
    println!(
        "{label:<14} keystroke→frame (120x40): median {:>7.1} µs  p99 {:>7.1} µs  max {:>7.1} µs  ({n} keys)",
        us(pct(0.5)),
        us(pct(0.99)),
        us(*times.last().unwrap())
    );
}

fn main() {
    // BENCH_KEYS shortens the run (for profiling under callgrind).
    let n = std::env::var("BENCH_KEYS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let db = json!({"name": "db", "strategy": "auth0", "options": {"passwordPolicy": "good"}});
    run("warm-up", small_profile(), db.clone(), 200.min(n), &NAME);
    run("small", small_profile(), db, n, &NAME);
    run("large", large_profile(), large_connection(), n, &NAME);
    // The password tester: a 50-character passphrase typed, zxcvbn judging
    // it on every key
    // (Tab to the password pane, / to the tester's rows, Up to its password.)
    let mut passphrase: Vec<KeyCode> = vec![KeyCode::Tab, KeyCode::Char('/')];
    passphrase.extend("sample name".chars().map(KeyCode::Char));
    passphrase.extend([KeyCode::Enter, KeyCode::Up, KeyCode::Enter]);
    passphrase.extend(
        "correct horse battery staple and a long tail ok"
            .chars()
            .map(KeyCode::Char),
    );
    let passphrase: &'static [KeyCode] = Box::leak(passphrase.into_boxed_slice());
    run(
        "large",
        large_profile(),
        large_connection(),
        n,
        &Case {
            label: "+tester",
            setup: passphrase,
            keys: [KeyCode::Char('x'), KeyCode::Backspace],
        },
    );
    // The zoomed preview of the largest connection, scrolled line by line.
    let zoomed = Case {
        label: "+zoomed",
        setup: &[KeyCode::Tab, KeyCode::Tab, KeyCode::Char('+')],
        keys: [KeyCode::Down, KeyCode::Up],
    };
    run("large", large_profile(), large_connection(), n, &zoomed);
    // What the editor really writes (the terminal's scroll region found on
    // every scroll), typing and scrolling.
    run_written("written", large_profile(), large_connection(), n, &NAME);
    run_written("written", large_profile(), large_connection(), n, &zoomed);
}
