//! Keys → actions, in one table that also renders the `?` help and the key bar.
//!
//! Long (about 590 lines, 90 of them tests): the table is the help text of
//! every key in every context; split, the help and the key bar would read two.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextPane,
    PrevPane,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: edit the field, open a choice list, expand a group, jump to a problem.
    Activate,
    /// Space: cycle an enum, toggle a boolean, a feature or a group.
    Toggle,
    /// Delete: unset the field or delete the list entry.
    Unset,
    AddEntry,
    SortEntries,
    ConvertPolicy,
    Save,
    Undo,
    Redo,
    Quit,
    Help,
    /// Ctrl-P: push the focused document to the tenant.
    Push,
    /// Ctrl-O: open a profile, template or database connection from the tenant.
    OpenRemote,
    /// Ctrl-N: a new profile in the deploy-cli tree.
    NewProfile,
    /// Ctrl-R: the writes to the document's object on the tenant, to roll back.
    History,
    /// Ctrl-T: the document beside another tenant.
    Compare,
    /// `+`: the focused pane full screen, and back.
    Zoom,
    /// `t`: the password tester of the open database connection.
    TryPassword,
    /// `L`: the message log.
    Log,
    /// `i`: the selected problem in full.
    Detail,
    /// `/`: search the focused pane.
    Search,
    /// `n` / `N`: the next / previous match.
    SearchNext,
    SearchPrev,
}

/// Where a key is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The panes, when nothing else takes the keys.
    Main,
    /// The Files pane of a deploy-cli tree (keys it does not use go on to Main).
    Files,
    /// The line editor of a field.
    LineEditor,
    /// Any dialog.
    Dialog,
    /// Typing a search (`/` in a pane) or the Files filter.
    Typing,
}

impl Context {
    /// The help's heading for the keys of this context.
    pub fn heading(self) -> &'static str {
        match self {
            Context::Main => "Everywhere",
            Context::Files => "In the Files pane",
            Context::LineEditor => "In the line editor",
            Context::Dialog => "In a dialog",
            Context::Typing => "Typing a search or filter (after /)",
        }
    }
}

/// One key (or a few that do the same) in one context: what it does, how
/// the help shows it, and its label in the key bar. The help and the key
/// bar are made from this table; in Main, the action is what the key runs.
pub struct Key {
    pub context: Context,
    /// In Main, the action the keys run; elsewhere the context's own code
    /// reads the keys and this row describes them.
    pub action: Option<Action>,
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the help writes the keys.
    pub shown: &'static str,
    pub help: &'static str,
    /// Its place in the key bar (`("^S", "save")`), if it has one.
    pub bar: Option<(&'static str, &'static str)>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const fn main(
    action: Action,
    keys: &'static [(KeyCode, KeyModifiers)],
    shown: &'static str,
    help: &'static str,
    bar: Option<(&'static str, &'static str)>,
) -> Key {
    Key {
        context: Context::Main,
        action: Some(action),
        keys,
        shown,
        help,
        bar,
    }
}

const fn doc(
    context: Context,
    shown: &'static str,
    help: &'static str,
    bar: Option<(&'static str, &'static str)>,
) -> Key {
    Key {
        context,
        action: None,
        keys: &[],
        shown,
        help,
        bar,
    }
}

use KeyCode as K;

pub const KEYS: &[Key] = &[
    main(
        Action::NextPane,
        &[(K::Tab, NONE)],
        "Tab",
        "next pane (an empty document pane is passed over while a document is open)",
        Some(("Tab", "pane")),
    ),
    doc(
        Context::Main,
        "1 … 5",
        "the pane of that number (each title shows its number; an empty pane too)",
        None,
    ),
    main(
        Action::PrevPane,
        &[(K::BackTab, SHIFT), (K::BackTab, NONE)],
        "Shift-Tab",
        "previous pane",
        None,
    ),
    main(
        Action::Up,
        &[(K::Up, NONE), (K::Char('k'), NONE)],
        "↑ k",
        "move up",
        None,
    ),
    main(
        Action::Down,
        &[(K::Down, NONE), (K::Char('j'), NONE)],
        "↓ j",
        "move down",
        None,
    ),
    main(
        Action::PageUp,
        &[(K::PageUp, NONE)],
        "PgUp",
        "a page up",
        None,
    ),
    main(
        Action::PageDown,
        &[(K::PageDown, NONE)],
        "PgDn",
        "a page down",
        None,
    ),
    main(
        Action::Top,
        &[(K::Home, NONE), (K::Char('g'), NONE)],
        "Home g",
        "first line",
        None,
    ),
    main(
        Action::Bottom,
        &[(K::End, NONE), (K::Char('G'), SHIFT), (K::Char('G'), NONE)],
        "End G",
        "last line",
        None,
    ),
    main(
        Action::Activate,
        &[(K::Enter, NONE)],
        "Enter",
        "edit a field, pick an enum, open a group, go to a problem",
        Some(("Enter", "edit")),
    ),
    main(
        Action::Toggle,
        &[(K::Char(' '), NONE)],
        "Space",
        "cycle an enum; toggle a boolean, feature or override",
        Some(("Space", "toggle")),
    ),
    main(
        Action::Unset,
        &[(K::Delete, NONE), (K::Backspace, NONE)],
        "Delete / Backspace",
        "unset the field, or delete a list entry",
        None,
    ),
    main(
        Action::AddEntry,
        &[(K::Char('a'), NONE)],
        "a",
        "add an entry to the list",
        None,
    ),
    main(
        Action::SortEntries,
        &[(K::Char('s'), NONE)],
        "s",
        "sort the list",
        None,
    ),
    main(
        Action::ConvertPolicy,
        &[(K::Char('c'), NONE)],
        "c",
        "convert legacy policy ⇄ password_options (shows what changes first)",
        None,
    ),
    main(
        Action::Save,
        &[(K::Char('s'), CTRL)],
        "Ctrl-S",
        "save the document of the focused pane",
        Some(("^S", "save")),
    ),
    main(
        Action::Undo,
        &[(K::Char('z'), CTRL)],
        "Ctrl-Z",
        "undo in the focused document",
        Some(("^Z", "undo")),
    ),
    main(
        Action::Redo,
        &[(K::Char('y'), CTRL)],
        "Ctrl-Y",
        "redo in the focused document",
        None,
    ),
    main(
        Action::Push,
        &[(K::Char('p'), CTRL)],
        "Ctrl-P",
        "push the focused document: diff, confirm, send",
        None,
    ),
    main(
        Action::OpenRemote,
        &[(K::Char('o'), CTRL)],
        "Ctrl-O",
        "open a profile, template or connection from the tenant",
        None,
    ),
    main(
        Action::History,
        &[(K::Char('r'), CTRL)],
        "Ctrl-R",
        "history of the tenant's object; Enter rolls back to one",
        None,
    ),
    main(
        Action::Compare,
        &[(K::Char('t'), CTRL)],
        "Ctrl-T",
        "compare the document with another tenant",
        None,
    ),
    main(
        Action::TryPassword,
        &[(K::Char('t'), NONE)],
        "t",
        "try a password against the database connection's policy (the tester, at the end of its pane)",
        None,
    ),
    main(
        Action::NewProfile,
        &[(K::Char('n'), CTRL)],
        "Ctrl-N",
        "a new profile in the deploy-cli tree",
        None,
    ),
    main(
        Action::Zoom,
        &[(K::Char('+'), NONE), (K::Char('+'), SHIFT)],
        "+",
        "zoom: the focused pane fills the screen, and back",
        None,
    ),
    main(
        Action::Search,
        &[(K::Char('/'), NONE)],
        "/",
        "search the focused pane (labels, values, lines, problems); Enter keeps, Esc stops",
        None,
    ),
    main(
        Action::SearchNext,
        &[(K::Char('n'), NONE)],
        "n",
        "next match",
        None,
    ),
    main(
        Action::SearchPrev,
        &[(K::Char('N'), SHIFT), (K::Char('N'), NONE)],
        "N",
        "previous match",
        None,
    ),
    main(
        Action::Detail,
        &[(K::Char('i'), NONE)],
        "i",
        "the selected problem in full (Problems pane)",
        None,
    ),
    main(
        Action::Log,
        &[(K::Char('L'), SHIFT), (K::Char('L'), NONE)],
        "L",
        "the message log: every status message and Auth0 answer of the session",
        None,
    ),
    main(
        Action::Quit,
        // q quits from the main view (a line editor, a dialog or the Files
        // filter takes its keys first); Ctrl-C asks like Ctrl-Q.
        &[
            (K::Char('q'), CTRL),
            (K::Char('q'), NONE),
            (K::Char('c'), CTRL),
        ],
        "Ctrl-Q / q / Ctrl-C",
        "quit (asks when there are unsaved changes)",
        Some(("^Q", "quit")),
    ),
    main(
        Action::Help,
        &[(K::Char('?'), NONE), (K::Char('?'), SHIFT), (K::F(1), NONE)],
        "? / F1",
        "this help (j/k scroll it; any other key closes it)",
        Some(("?", "help")),
    ),
    doc(Context::Files, "↑ ↓ j k", "move", Some(("j/k", "move"))),
    doc(
        Context::Files,
        "Enter",
        "open the document",
        Some(("Enter", "open")),
    ),
    doc(
        Context::Files,
        "/",
        "filter by name (type, then Enter opens, Esc clears)",
        Some(("/", "filter")),
    ),
    doc(Context::Files, "Esc", "clear the filter", None),
    doc(
        Context::LineEditor,
        "← → Home End",
        "move in the text",
        Some(("←→", "move")),
    ),
    doc(
        Context::LineEditor,
        "Ctrl-U",
        "clear the text",
        Some(("^U", "clear")),
    ),
    doc(
        Context::LineEditor,
        "Enter",
        "keep the value",
        Some(("Enter", "keep")),
    ),
    doc(
        Context::LineEditor,
        "Esc",
        "cancel the edit",
        Some(("Esc", "cancel")),
    ),
    doc(
        Context::Main,
        "Esc",
        "while a request runs: drop it (a push once sent is not called back)",
        None,
    ),
    doc(
        Context::LineEditor,
        "typing",
        "each keystroke is checked; a number field takes digits only",
        None,
    ),
    doc(
        Context::Dialog,
        "j k ↑ ↓ PgUp PgDn g G",
        "move, scroll",
        Some(("j/k", "move")),
    ),
    doc(
        Context::Dialog,
        "← →",
        "long lines on one row, scrolled (push, compare); ← at the start wraps",
        None,
    ),
    doc(
        Context::Dialog,
        "/",
        "filter a list (Ctrl-O, Ctrl-R, Ctrl-T)",
        None,
    ),
    doc(
        Context::Dialog,
        "Enter / y",
        "confirm (on a protected tenant: type its name, Enter); the Quit, File changed and Unsaved edits dialogs take their own letters (below)",
        Some(("Enter", "ok")),
    ),
    doc(
        Context::Dialog,
        "Esc / n",
        "close, change nothing",
        Some(("Esc", "close")),
    ),
    doc(
        Context::Typing,
        "typing",
        "every key is text: the list narrows, the selection follows the first match",
        None,
    ),
    doc(
        Context::Typing,
        "Enter",
        "keep it (n/N: next, previous match; in Files, Enter opens)",
        Some(("Enter", "keep")),
    ),
    doc(
        Context::Typing,
        "Esc",
        "clear it, back where you were",
        Some(("Esc", "clear")),
    ),
];

/// The Main action of a key.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    KEYS.iter()
        .filter(|k| k.context == Context::Main)
        .find(|k| k.keys.contains(&(key.code, key.modifiers)))
        .and_then(|k| k.action)
}

/// The help: each context's keys under its heading (a heading is a line
/// with no keys).
pub fn help_lines() -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    for context in [
        Context::Main,
        Context::Files,
        Context::LineEditor,
        Context::Dialog,
        Context::Typing,
    ] {
        out.push(("", context.heading()));
        out.extend(
            KEYS.iter()
                .filter(|k| k.context == context)
                .map(|k| (k.shown, k.help)),
        );
        // After the generic dialog keys, the dialogs whose keys differ.
        if context == Context::Dialog {
            for (heading, lines) in crate::tui::dialogs::own_keys() {
                out.push(("", heading));
                out.extend(lines);
            }
        }
    }
    out
}

/// The key bar of a context, most important first; the last
/// [`KEY_BAR_ALWAYS`] are always shown (`^Q` quit and `?` help; in the line
/// editor and in dialogs, which take every key, Enter and Esc).
pub fn key_bar(context: Context) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = KEYS
        .iter()
        .filter(|k| k.context == context)
        .filter_map(|k| k.bar)
        .collect();
    if matches!(context, Context::Main | Context::Files) {
        let last: Vec<_> = KEYS
            .iter()
            .filter(|k| matches!(k.action, Some(Action::Quit | Action::Help)))
            .filter_map(|k| k.bar)
            .collect();
        out.retain(|b| !last.contains(b));
        out.extend(last);
    }
    out
}

/// How many of a key bar's items, from the end, are always shown.
pub const KEY_BAR_ALWAYS: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action: a new one must be added here (the match says so) and
    /// then to the table (the test says so).
    fn all_actions() -> Vec<Action> {
        use Action::*;
        let all = vec![
            NextPane,
            PrevPane,
            Up,
            Down,
            PageUp,
            PageDown,
            Top,
            Bottom,
            Activate,
            Toggle,
            Unset,
            AddEntry,
            SortEntries,
            ConvertPolicy,
            Save,
            Undo,
            Redo,
            Quit,
            Help,
            Push,
            OpenRemote,
            NewProfile,
            History,
            Compare,
            Zoom,
            TryPassword,
            Log,
            Detail,
            Search,
            SearchNext,
            SearchPrev,
        ];
        for a in &all {
            match a {
                NextPane | PrevPane | Up | Down | PageUp | PageDown | Top | Bottom | Activate
                | Toggle | Unset | AddEntry | SortEntries | ConvertPolicy | Save | Undo | Redo
                | Quit | Help | Push | OpenRemote | NewProfile | History | Compare | Zoom | Log
                | Detail | Search | SearchNext | SearchPrev | TryPassword => {}
            }
        }
        all
    }

    #[test]
    fn every_action_has_a_key_and_a_help_line() {
        for a in all_actions() {
            let rows: Vec<&Key> = KEYS.iter().filter(|k| k.action == Some(a)).collect();
            assert_eq!(rows.len(), 1, "{a:?}: one row in the table");
            assert!(!rows[0].keys.is_empty(), "{a:?} has no key");
            assert!(
                !rows[0].help.is_empty() && !rows[0].shown.is_empty(),
                "{a:?} has no help"
            );
            for &(code, mods) in rows[0].keys {
                assert_eq!(
                    action_for(KeyEvent::new(code, mods)),
                    Some(a),
                    "{a:?}: {code:?} is taken"
                );
            }
        }
        for k in KEYS {
            assert!(!k.help.is_empty(), "{}: no help", k.shown);
        }
        let key = |c, m| action_for(KeyEvent::new(c, m));
        assert_eq!(key(KeyCode::Char('s'), CTRL), Some(Action::Save));
        assert_eq!(key(KeyCode::Char('s'), NONE), Some(Action::SortEntries));
        assert_eq!(key(KeyCode::Char('x'), NONE), None);
    }

    #[test]
    fn every_key_bar_ends_with_help_and_quit_or_enter_and_esc() {
        for c in [Context::Main, Context::Files] {
            let bar = key_bar(c);
            assert_eq!(
                bar[bar.len() - 2..],
                [("^Q", "quit"), ("?", "help")],
                "{c:?}"
            );
        }
        let bar = key_bar(Context::LineEditor);
        assert_eq!(bar[bar.len() - 2..], [("Enter", "keep"), ("Esc", "cancel")]);
        let bar = key_bar(Context::Dialog);
        assert_eq!(bar[bar.len() - 2..], [("Enter", "ok"), ("Esc", "close")]);
        let bar = key_bar(Context::Typing);
        assert_eq!(bar, [("Enter", "keep"), ("Esc", "clear")]);
        assert!(help_lines().iter().any(|(k, _)| *k == "Ctrl-O"));
    }
}
