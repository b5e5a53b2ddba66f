//! Keys → actions, in one table that also renders the `?` help and the key bar.

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
    Pull,
    /// Ctrl-N: a new profile in the deploy-cli tree.
    NewProfile,
    /// Ctrl-R: the writes to the document's object on the tenant, to roll back.
    History,
    /// Ctrl-T: the document beside another tenant.
    Compare,
    /// `+`: the focused pane full screen, and back.
    Zoom,
}

struct Binding {
    code: KeyCode,
    mods: KeyModifiers,
    action: Action,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const BINDINGS: &[Binding] = &[
    Binding {
        code: KeyCode::Tab,
        mods: NONE,
        action: Action::NextPane,
    },
    Binding {
        code: KeyCode::BackTab,
        mods: SHIFT,
        action: Action::PrevPane,
    },
    Binding {
        code: KeyCode::BackTab,
        mods: NONE,
        action: Action::PrevPane,
    },
    Binding {
        code: KeyCode::Up,
        mods: NONE,
        action: Action::Up,
    },
    Binding {
        code: KeyCode::Char('k'),
        mods: NONE,
        action: Action::Up,
    },
    Binding {
        code: KeyCode::Down,
        mods: NONE,
        action: Action::Down,
    },
    Binding {
        code: KeyCode::Char('j'),
        mods: NONE,
        action: Action::Down,
    },
    Binding {
        code: KeyCode::PageUp,
        mods: NONE,
        action: Action::PageUp,
    },
    Binding {
        code: KeyCode::PageDown,
        mods: NONE,
        action: Action::PageDown,
    },
    Binding {
        code: KeyCode::Home,
        mods: NONE,
        action: Action::Top,
    },
    Binding {
        code: KeyCode::Char('g'),
        mods: NONE,
        action: Action::Top,
    },
    Binding {
        code: KeyCode::End,
        mods: NONE,
        action: Action::Bottom,
    },
    Binding {
        code: KeyCode::Char('G'),
        mods: SHIFT,
        action: Action::Bottom,
    },
    Binding {
        code: KeyCode::Char('G'),
        mods: NONE,
        action: Action::Bottom,
    },
    Binding {
        code: KeyCode::Enter,
        mods: NONE,
        action: Action::Activate,
    },
    Binding {
        code: KeyCode::Char(' '),
        mods: NONE,
        action: Action::Toggle,
    },
    Binding {
        code: KeyCode::Delete,
        mods: NONE,
        action: Action::Unset,
    },
    Binding {
        code: KeyCode::Backspace,
        mods: NONE,
        action: Action::Unset,
    },
    Binding {
        code: KeyCode::Char('a'),
        mods: NONE,
        action: Action::AddEntry,
    },
    Binding {
        code: KeyCode::Char('s'),
        mods: NONE,
        action: Action::SortEntries,
    },
    Binding {
        code: KeyCode::Char('c'),
        mods: NONE,
        action: Action::ConvertPolicy,
    },
    Binding {
        code: KeyCode::Char('s'),
        mods: CTRL,
        action: Action::Save,
    },
    Binding {
        code: KeyCode::Char('z'),
        mods: CTRL,
        action: Action::Undo,
    },
    Binding {
        code: KeyCode::Char('y'),
        mods: CTRL,
        action: Action::Redo,
    },
    Binding {
        code: KeyCode::Char('q'),
        mods: CTRL,
        action: Action::Quit,
    },
    Binding {
        code: KeyCode::Char('p'),
        mods: CTRL,
        action: Action::Push,
    },
    Binding {
        code: KeyCode::Char('o'),
        mods: CTRL,
        action: Action::Pull,
    },
    Binding {
        code: KeyCode::Char('n'),
        mods: CTRL,
        action: Action::NewProfile,
    },
    Binding {
        code: KeyCode::Char('r'),
        mods: CTRL,
        action: Action::History,
    },
    Binding {
        code: KeyCode::Char('t'),
        mods: CTRL,
        action: Action::Compare,
    },
    // q quits from the main view (a line editor, a dialog or the Files
    // filter takes its keys first); Ctrl-C asks like Ctrl-Q.
    Binding {
        code: KeyCode::Char('q'),
        mods: NONE,
        action: Action::Quit,
    },
    Binding {
        code: KeyCode::Char('c'),
        mods: CTRL,
        action: Action::Quit,
    },
    Binding {
        code: KeyCode::Char('?'),
        mods: NONE,
        action: Action::Help,
    },
    Binding {
        code: KeyCode::Char('?'),
        mods: SHIFT,
        action: Action::Help,
    },
    Binding {
        code: KeyCode::F(1),
        mods: NONE,
        action: Action::Help,
    },
    Binding {
        code: KeyCode::Char('+'),
        mods: NONE,
        action: Action::Zoom,
    },
    Binding {
        code: KeyCode::Char('+'),
        mods: SHIFT,
        action: Action::Zoom,
    },
];

pub fn action_for(key: KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.code == key.code && b.mods == key.modifiers)
        .map(|b| b.action)
}

/// The help overlay: every key, grouped, in words. Built from the table's actions.
pub const HELP: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "next / previous pane"),
    ("↑ ↓  k j", "move between fields (PgUp PgDn, Home/g End/G)"),
    (
        "Enter",
        "edit a field, pick an enum, open a group or a problem",
    ),
    (
        "  in the line editor",
        "Enter commits, Esc cancels; each keystroke is checked",
    ),
    (
        "Space",
        "cycle an enum; toggle a boolean, feature or override",
    ),
    (
        "Delete / Backspace",
        "unset the field, or delete a list entry",
    ),
    ("a / s", "add a list entry / sort the list"),
    ("c", "convert legacy policy ⇄ password_options"),
    ("Ctrl-S", "save the document of the focused pane"),
    ("Ctrl-Z / Ctrl-Y", "undo / redo in the focused document"),
    ("Ctrl-P", "push the focused document: diff, confirm, send"),
    (
        "Ctrl-O",
        "open a profile, template or connection from the tenant",
    ),
    (
        "Ctrl-R",
        "history of the tenant's object; Enter rolls back to one",
    ),
    ("Ctrl-T", "compare the document with another tenant"),
    ("+", "zoom: the focused pane fills the screen, and back"),
    (
        "Files pane",
        "type to filter, Enter opens, Ctrl-N: new profile",
    ),
    (
        "Ctrl-Q / Ctrl-C / q",
        "quit (asks when there are unsaved changes)",
    ),
    ("? / F1", "this help; any key closes it"),
];

/// The short key bar of the status line. The last two are always shown;
/// the others go, from the end, when the line is short.
pub const KEY_BAR_ALWAYS: usize = 2;
pub const KEY_BAR: &[(&str, &str)] = &[
    ("Tab", "pane"),
    ("Enter", "edit"),
    ("Space", "toggle"),
    ("^S", "save"),
    ("^Z", "undo"),
    ("^Q", "quit"),
    ("?", "help"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_key_and_a_help_line() {
        let key = |c, m| action_for(KeyEvent::new(c, m));
        assert_eq!(key(KeyCode::Char('s'), CTRL), Some(Action::Save));
        assert_eq!(key(KeyCode::Char('s'), NONE), Some(Action::SortEntries));
        assert_eq!(key(KeyCode::Char('j'), NONE), Some(Action::Down));
        assert_eq!(key(KeyCode::Char('x'), NONE), None);
        assert_eq!(key(KeyCode::Char('q'), NONE), Some(Action::Quit));
        assert_eq!(key(KeyCode::Char('c'), CTRL), Some(Action::Quit));
        assert!(HELP.len() >= 10);
    }
}
