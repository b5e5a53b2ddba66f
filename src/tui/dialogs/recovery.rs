//! Unsaved edits of an earlier session were found: restore them, discard
//! the recovery file, or decide later (it is offered again next time).

use super::quit::letter;
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
pub enum Step {
    Keep,
    Restore,
    Discard,
    Later,
}

impl Recovery {
    pub fn key(&mut self, key: KeyEvent) -> Step {
        match (key.code, letter(key)) {
            (_, Some('r')) => Step::Restore,
            (_, Some('d')) => Step::Discard,
            (KeyCode::Esc, _) | (_, Some('l')) => Step::Later,
            _ => Step::Keep,
        }
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
