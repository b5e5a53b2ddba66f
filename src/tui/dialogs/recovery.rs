//! Unsaved edits of an earlier session were found: restore them, discard
//! the recovery file, or decide later (it is offered again next time).

use super::{Binding, Key, step_for};
use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::panes::overlay::{boxed, centred, choices};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::path::PathBuf;

pub struct Recovery {
    pub doc: Kind,
    /// The recovery file offered (the one Discard removes).
    pub path: PathBuf,
    pub text: String,
    /// "12 min ago".
    pub age: String,
    /// The document's file changed after the edits were recovered.
    pub changed_since: bool,
}

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Keep,
    Restore,
    Discard,
    Later,
}

/// The Unsaved edits dialog's keys (its key handling and its help).
pub const BINDINGS: &[Binding<Step>] = &[
    Binding {
        keys: &[Key::Letter('r')],
        step: Step::Restore,
        shown: "r",
        bar: "restore",
        help: "bring back the earlier session's edits",
    },
    Binding {
        keys: &[Key::Letter('d')],
        step: Step::Discard,
        shown: "d",
        bar: "discard",
        help: "remove the recovery file (its edits are lost)",
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Letter('l')],
        step: Step::Later,
        shown: "Esc l",
        bar: "later",
        help: "keep the recovery file and ask next time",
    },
];

impl Recovery {
    pub fn key(&mut self, key: KeyEvent) -> Step {
        step_for(BINDINGS, key).unwrap_or(Step::Keep)
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let name = app
            .slot(self.doc)
            .map_or_else(String::new, |s| s.file_name());
        let text = vec![
            Line::from(format!(
                "Unsaved edits of {name} were recovered from a session that ended {}.",
                self.age
            )),
            Line::from(if self.changed_since {
                "The file has changed since: saving them will ask first."
            } else {
                ""
            }),
            choices(&[("R", "estore"), ("D", "iscard"), ("L", "ater")], app),
        ];
        let inner = boxed("Recovery", centred(area, 64, 7), buf, app);
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
