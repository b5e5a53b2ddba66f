//! Saving found the file changed on disk (or a new file's name taken):
//! overwrite it, reload it (the edits applied on top of it), or cancel.

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

pub struct Conflict {
    pub doc: Kind,
    pub path: PathBuf,
    /// "changed on disk since it was opened", "already exists".
    pub reason: String,
    pub then_quit: bool,
}

/// What a key did.
pub enum Step {
    Keep,
    Cancel,
    Overwrite,
    Reload,
}

impl Conflict {
    pub fn key(&mut self, key: KeyEvent) -> Step {
        match (key.code, letter(key)) {
            (_, Some('o')) => Step::Overwrite,
            (_, Some('r')) => Step::Reload,
            (KeyCode::Esc, _) | (_, Some('c')) => Step::Cancel,
            _ => Step::Keep,
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let text = vec![
            Line::from(format!("{}: {}.", self.path.display(), self.reason)),
            Line::from(
                "Overwrite it with your version, reload it (your edits are applied on top), or cancel?",
            ),
            Line::from(""),
            choices(&[("O", "verwrite"), ("R", "eload"), ("C", "ancel")], app),
        ];
        let inner = boxed("File changed", centred(area, 64, 8), buf, app);
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
