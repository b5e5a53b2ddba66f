//! Dialogs, one file each: its state, what its keys do (a `Step` the editor
//! acts on, in `app/dialogs.rs`), and how it is drawn.

pub mod choice;
pub mod compare;
pub mod confirm_edit;
pub mod confirm_write;
pub mod conflict;
pub mod history;
pub mod list;
pub mod open_remote;
pub mod pick_tenant;
pub mod prompt;
pub mod quit;
pub mod recovery;
pub mod text_view;
pub mod three_way;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key a dialog answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A letter, either case, without Ctrl.
    Letter(char),
    /// A key (Esc, Enter), without Ctrl.
    Code(KeyCode),
}

impl Key {
    fn matches(self, key: KeyEvent) -> bool {
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return false;
        }
        match (self, key.code) {
            (Key::Letter(l), KeyCode::Char(c)) => c.to_ascii_lowercase() == l,
            (Key::Code(k), code) => k == code,
            _ => false,
        }
    }
}

/// One of a dialog's bindings: its keys, what they do (the dialog's step),
/// and how the key bar and the help name them. A dialog's table is both its
/// key handling and its help, so the two cannot drift (they did: the bar
/// said "Enter ok" in dialogs where Enter did nothing).
pub struct Binding<S: 'static> {
    pub keys: &'static [Key],
    pub step: S,
    /// The keys as shown (`s`, `Esc c`).
    pub shown: &'static str,
    /// A word for the key bar.
    pub bar: &'static str,
    /// What it does, for the help.
    pub help: &'static str,
}

/// The step of the binding `key` belongs to, if any.
pub fn step_for<S: Copy>(table: &[Binding<S>], key: KeyEvent) -> Option<S> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.step)
}

/// A table's key bar: each binding's keys and word.
pub fn bar_of<S>(table: &'static [Binding<S>]) -> Vec<(&'static str, &'static str)> {
    table.iter().map(|b| (b.shown, b.bar)).collect()
}

/// A table's help lines: each binding's keys and what it does.
pub fn help_of<S>(table: &'static [Binding<S>]) -> Vec<(&'static str, &'static str)> {
    table.iter().map(|b| (b.shown, b.help)).collect()
}

/// The dialogs whose keys are their own (not the generic Enter/Esc of
/// [`crate::tui::keymap`]): their heading in the help and their lines.
pub fn own_keys() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("In the Quit dialog", help_of(quit::BINDINGS)),
        ("In the File changed dialog", help_of(conflict::BINDINGS)),
        ("In the Unsaved edits dialog", help_of(recovery::BINDINGS)),
        (
            "In the Conflicts view (a push's)",
            help_of(three_way::BINDINGS),
        ),
    ]
}

/// How a full-screen dialog (push, rollback, compare) shows a line longer
/// than its width: wrapped (the default; nothing is ever cut), or on one row
/// scrolled sideways. → leaves the wrapped view and scrolls right by half
/// the width; ← scrolls back, and past the left edge wraps again.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sideways {
    /// The first column shown, when lines are on one row each.
    left: Option<usize>,
}

impl Sideways {
    /// Lines wrap (no sideways scroll).
    pub fn wraps(&self) -> bool {
        self.left.is_none()
    }

    /// ← or →, for a view `width` columns wide whose longest line has
    /// `longest` columns; whether the key was one of them.
    pub fn key(&mut self, code: KeyCode, width: usize, longest: usize) -> bool {
        let step = (width / 2).max(1);
        match code {
            KeyCode::Right => {
                // Not past the point where the longest line's end shows
                // in the view's right half.
                let end = longest.saturating_sub(step);
                self.left = Some(self.left.map_or(0, |l| (l + step).min(end)));
            }
            KeyCode::Left => {
                self.left = match self.left {
                    Some(0) | None => None,
                    Some(l) => Some(l.saturating_sub(step)),
                }
            }
            _ => return false,
        }
        true
    }

    /// `line` on one row of `width` columns from the first column shown,
    /// its first `pinned` columns (a diff's mark) kept in place; `‹` where
    /// text is hidden to the left, `›` where more follows to the right.
    pub fn row(&self, line: &str, width: usize, pinned: usize) -> String {
        use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
        let left = self.left.unwrap_or(0);
        let mut rest = line.width();
        let (mut out, mut used, mut col) = (String::new(), 0, 0);
        let mut hidden = false;
        for c in line.chars() {
            let w = c.width().unwrap_or(0);
            let start = col;
            col += w;
            if start >= pinned && start < pinned + left {
                hidden = true;
                rest -= w;
                continue;
            }
            if hidden {
                out.push('‹');
                used += 1;
                hidden = false;
            }
            if used + rest <= width {
                out.push(c);
                used += w;
                rest -= w;
                continue;
            }
            if used + w + 1 > width {
                out.push('›');
                return out;
            }
            out.push(c);
            used += w;
            rest -= w;
        }
        if hidden && used < width {
            out.push('‹');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every binding of the dialogs with keys of their own: each of its keys
    /// (a letter in either case) gives its step, no other key does anything,
    /// and the help and the key bar name it.
    #[test]
    fn every_binding_of_every_own_keyed_dialog_does_what_its_help_says() {
        fn press(code: KeyCode) -> KeyEvent {
            KeyEvent::new(code, KeyModifiers::NONE)
        }
        fn keys_of<S>(table: &[Binding<S>]) -> Vec<KeyEvent> {
            let mut out = Vec::new();
            for b in table {
                for k in b.keys {
                    match *k {
                        Key::Letter(c) => {
                            out.push(press(KeyCode::Char(c)));
                            out.push(press(KeyCode::Char(c.to_ascii_uppercase())));
                        }
                        Key::Code(c) => out.push(press(c)),
                    }
                }
            }
            out
        }
        fn check<S: Copy + PartialEq + std::fmt::Debug>(name: &str, table: &'static [Binding<S>]) {
            let help = crate::tui::keymap::help_lines();
            for b in table {
                assert!(
                    help.iter().any(|(k, w)| *k == b.shown && *w == b.help),
                    "{name}: {} has no help line",
                    b.shown
                );
                for k in keys_of(std::slice::from_ref(b)) {
                    // A capital bound on its own (`F`: all) is not the letter's.
                    let own_binding = table.iter().any(|o| {
                        o.keys.contains(&Key::Code(k.code)) && !b.keys.contains(&Key::Code(k.code))
                    });
                    if !own_binding {
                        assert_eq!(step_for(table, k), Some(b.step), "{name}: {k:?}");
                    }
                }
            }
            let bound = keys_of(table);
            for code in [
                KeyCode::Enter,
                KeyCode::Char('y'),
                KeyCode::Char('n'),
                KeyCode::Char('x'),
                KeyCode::Tab,
            ] {
                let k = press(code);
                if !bound.contains(&k) {
                    assert_eq!(
                        step_for(table, k),
                        None,
                        "{name}: {code:?} is bound to nothing"
                    );
                }
            }
            // Ctrl with a bound letter is not the letter.
            let ctrl = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
            assert_eq!(step_for(table, ctrl), None);
        }
        check("quit", quit::BINDINGS);
        check("conflict", conflict::BINDINGS);
        check("recovery", recovery::BINDINGS);
        check("three-way", three_way::BINDINGS);
        assert_eq!(own_keys().len(), 4);
    }

    #[test]
    fn a_long_line_scrolled_sideways_shows_every_character_once_scrolled_to() {
        let line = "+ /options/x: \"abcdefghijklmnopqrstuvwxyz0123456789\"";
        let mut s = Sideways::default();
        assert!(s.wraps());
        assert!(!s.key(KeyCode::Up, 20, line.len()));
        assert!(s.key(KeyCode::Right, 20, line.len()));
        assert!(!s.wraps());
        assert_eq!(s.row(line, 20, 2), "+ /options/x: \"abcd›");
        s.key(KeyCode::Right, 20, line.len());
        assert_eq!(s.row(line, 20, 2), "+ ‹: \"abcdefghijklm›");
        // Every character is seen in some view as → is pressed.
        let mut seen = String::new();
        let mut views = vec![Sideways::default()];
        let mut v = Sideways::default();
        for _ in 0..10 {
            v.key(KeyCode::Right, 20, line.len());
            views.push(v);
        }
        for v in &views[1..] {
            let r = v.row(line, 20, 2);
            seen.push_str(&r);
            assert!(
                unicode_width::UnicodeWidthStr::width(r.as_str()) <= 20,
                "{r}"
            );
        }
        for c in line.chars() {
            assert!(seen.contains(c), "{c} never shown");
        }
        assert!(views.last().unwrap().row(line, 20, 2).ends_with("789\""));
        // ← back to the start, and once more: wrapped again.
        for _ in 0..10 {
            v.key(KeyCode::Left, 20, line.len());
        }
        assert!(v.wraps());
        // A short line is shown as it is; a wide character is not split.
        let mut one = Sideways::default();
        one.key(KeyCode::Right, 10, 30);
        assert_eq!(one.row("= ok", 10, 2), "= ok");
        assert_eq!(one.row("≠ 日本語日本語日本語", 10, 2), "≠ 日本語›");
    }
}
