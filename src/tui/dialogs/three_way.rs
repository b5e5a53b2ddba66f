//! A push's conflicts, full screen (issue 29): each place the file and the
//! tenant both changed since the base, with its three values — the base,
//! the file, the tenant now. `f` takes the file's value, `t` the tenant's
//! (`F`/`T` for every place); Enter, once each place has its choice, puts
//! the tenant's values taken into the document and pushes (the file is
//! saved with them once the push applied); Esc closes and sends nothing
//! (edit the form and push again).
//!
//! It reads only its own state and the theme: it never imports the App.

use super::{Binding, Key, step_for};
use crate::core::Kind;
use crate::io::api::push::ConflictAt;
use crate::tui::panes::{wrap_breaking, wrap_words};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};
use serde_json::Value;

/// Whose value a place takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    File,
    Tenant,
}

pub struct ThreeWay {
    pub doc: Kind,
    /// When the base was taken, readable.
    pub since: String,
    pub items: Vec<ConflictAt>,
    /// Each place's choice, once made.
    pub chosen: Vec<Option<Side>>,
    /// The selected place.
    cursor: usize,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Keep,
    Close,
    /// Enter with a place still without a choice: its index.
    Unchosen(usize),
    /// Enter with every choice made: the places and what they take.
    Apply(Vec<(ConflictAt, Side)>),
}

/// What a key of the view does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Up,
    Down,
    File,
    Tenant,
    AllFile,
    AllTenant,
    Apply,
    Close,
}

/// The view's keys (its key handling and its help). `F` and `T` come
/// before `f` and `t`: a letter binding takes either case.
pub const BINDINGS: &[Binding<Act>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Char('F'))],
        step: Act::AllFile,
        shown: "F",
        bar: "all file",
        help: "every place takes the file's value",
    },
    Binding {
        keys: &[Key::Code(KeyCode::Char('T'))],
        step: Act::AllTenant,
        shown: "T",
        bar: "all tenant",
        help: "every place keeps the tenant's value",
    },
    Binding {
        keys: &[Key::Letter('f')],
        step: Act::File,
        shown: "f",
        bar: "file",
        help: "this place takes the file's value (it is sent)",
    },
    Binding {
        keys: &[Key::Letter('t')],
        step: Act::Tenant,
        shown: "t",
        bar: "tenant",
        help: "this place keeps the tenant's value (the document takes it)",
    },
    Binding {
        keys: &[Key::Letter('j'), Key::Code(KeyCode::Down)],
        step: Act::Down,
        shown: "j ↓",
        bar: "next",
        help: "the next place",
    },
    Binding {
        keys: &[Key::Letter('k'), Key::Code(KeyCode::Up)],
        step: Act::Up,
        shown: "k ↑",
        bar: "previous",
        help: "the previous place",
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        step: Act::Apply,
        shown: "Enter",
        bar: "push",
        help: "with a choice for every place: take them and show the push",
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Letter('q')],
        step: Act::Close,
        shown: "Esc q",
        bar: "close",
        help: "close; nothing is sent (edit the document and push again)",
    },
];

impl ThreeWay {
    pub fn new(doc: Kind, since: String, items: Vec<ConflictAt>) -> ThreeWay {
        let chosen = vec![None; items.len()];
        ThreeWay {
            doc,
            since,
            items,
            chosen,
            cursor: 0,
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> Step {
        let Some(act) = step_for(BINDINGS, key) else {
            return Step::Keep;
        };
        let last = self.items.len().saturating_sub(1);
        match act {
            Act::Up => self.cursor = self.cursor.saturating_sub(1),
            Act::Down => self.cursor = (self.cursor + 1).min(last),
            Act::File | Act::Tenant => {
                let side = if act == Act::File {
                    Side::File
                } else {
                    Side::Tenant
                };
                if let Some(c) = self.chosen.get_mut(self.cursor) {
                    *c = Some(side);
                }
                // On to the next place without a choice.
                if let Some(next) = (0..self.items.len())
                    .map(|i| (self.cursor + 1 + i) % self.items.len())
                    .find(|i| self.chosen[*i].is_none())
                {
                    self.cursor = next;
                }
            }
            Act::AllFile => self.chosen.fill(Some(Side::File)),
            Act::AllTenant => self.chosen.fill(Some(Side::Tenant)),
            Act::Close => return Step::Close,
            Act::Apply => {
                if let Some(i) = self.chosen.iter().position(Option::is_none) {
                    self.cursor = i;
                    return Step::Unchosen(i);
                }
                return Step::Apply(
                    self.items
                        .iter()
                        .cloned()
                        .zip(self.chosen.iter().flatten().copied())
                        .collect(),
                );
            }
        }
        Step::Keep
    }

    /// The lines drawn, `width` columns wide, and the first line of each
    /// place (to keep the selected one in view).
    fn lines(&self, width: usize, theme: Theme) -> (Vec<Line<'static>>, Vec<usize>) {
        let mut out = Vec::new();
        let mut starts = Vec::new();
        let n = self.items.len();
        let intro = format!(
            "{n} place{} changed both in the document and on the tenant since {} (the last pull or push from here). Nothing was sent.",
            if n == 1 { "" } else { "s" },
            self.since
        );
        for row in wrap_words(&intro, width) {
            out.push(Line::from(row));
        }
        let keys = "For each: f takes the file's value, t keeps the tenant's (F/T: all). Enter pushes; Esc closes.";
        for row in wrap_words(keys, width) {
            out.push(Line::styled(row, theme.dim()));
        }
        for (i, item) in self.items.iter().enumerate() {
            out.push(Line::from(""));
            starts.push(out.len());
            let choice = match self.chosen[i] {
                None => "  (choose f or t)",
                Some(Side::File) => "  → the file's value",
                Some(Side::Tenant) => "  → the tenant's value",
            };
            let marker = if i == self.cursor { "▶ " } else { "  " };
            let head = format!("{marker}{}{choice}", crate::core::scrub::one_line(&item.at));
            let style = if i == self.cursor {
                theme.selected()
            } else {
                theme.title(false)
            };
            for row in wrap_breaking(&head, width) {
                out.push(Line::styled(row, style));
            }
            for (label, value, side) in [
                ("base", &item.base, None),
                ("file", &item.file, Some(Side::File)),
                ("tenant now", &item.tenant, Some(Side::Tenant)),
            ] {
                let taken = side.is_some() && self.chosen[i] == side;
                let text = format!(
                    "    {} {label:<11}{}",
                    if taken { "✓" } else { " " },
                    shown(&item.at, value.as_ref())
                );
                let style = if taken { theme.key() } else { Style::default() };
                for row in wrap_breaking(&text, width) {
                    out.push(Line::from(Span::styled(row, style)));
                }
            }
        }
        (out, starts)
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        if area.height < 5 || area.width < 12 {
            return;
        }
        Clear.render(area, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Double)
            .border_style(theme.border(true))
            .title(Span::styled(
                format!(
                    " Conflicts — {} of {} chosen ",
                    self.chosen.iter().flatten().count(),
                    self.items.len()
                ),
                theme.title(true),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let (lines, starts) = self.lines(inner.width as usize, theme);
        let room = inner.height as usize;
        // The selected place in view, its three values too when they fit.
        let start = starts.get(self.cursor).copied().unwrap_or(0);
        let end = starts
            .get(self.cursor + 1)
            .map_or(lines.len(), |s| s.saturating_sub(1));
        let first = if end <= room {
            0
        } else {
            (end - room).min(start)
        };
        for (i, line) in lines.iter().skip(first).take(room).enumerate() {
            buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
        }
    }
}

/// A value as the view shows it: secrets masked, on one line.
fn shown(at: &str, v: Option<&Value>) -> String {
    match v {
        None => "(not set)".to_string(),
        Some(v) => crate::core::scrub::one_line(
            &serde_json::to_string(&crate::core::fields::masked(at, v)).unwrap_or_default(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;
    use serde_json::json;

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn view() -> ThreeWay {
        ThreeWay::new(
            Kind::Connection,
            "2026-12-08 01:00".into(),
            vec![
                ConflictAt {
                    at: "/options/brute_force_protection".into(),
                    base: Some(json!(true)),
                    file: Some(json!(false)),
                    tenant: Some(json!(true)),
                },
                ConflictAt {
                    at: "/options/client_secret".into(),
                    base: Some(json!("s1")),
                    file: Some(json!("s2")),
                    tenant: Some(json!("s3")),
                },
            ],
        )
    }

    #[test]
    fn enter_asks_for_every_choice_then_applies_them() {
        let mut v = view();
        assert_eq!(
            v.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            Step::Unchosen(0)
        );
        // t on the first moves to the next without a choice.
        v.key(press('t'));
        assert_eq!(v.cursor, 1);
        v.key(press('f'));
        let Step::Apply(taken) = v.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)) else {
            panic!()
        };
        assert_eq!(taken[0].1, Side::Tenant);
        assert_eq!(taken[1].1, Side::File);
        v.key(KeyEvent::new(KeyCode::Char('F'), KeyModifiers::SHIFT));
        assert_eq!(v.chosen, [Some(Side::File), Some(Side::File)]);
        assert_eq!(v.key(press('q')), Step::Close);
        assert_eq!(v.key(press('x')), Step::Keep);
    }

    #[test]
    fn a_secret_is_never_drawn() {
        let v = view();
        let (lines, _) = v.lines(200, Theme::full());
        let text: String = lines.iter().map(|l| l.to_string() + "\n").collect();
        assert!(text.contains("/options/brute_force_protection"), "{text}");
        for s in ["s1", "s2", "s3"] {
            assert!(!text.contains(&format!("\"{s}\"")), "{text}");
        }
    }
}
