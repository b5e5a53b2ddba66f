//! Quitting with unsaved documents: save them, discard them, or stay.

use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::panes::overlay::{boxed, centred, choices};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct Quit {
    pub docs: Vec<Kind>,
}

/// What a key did.
pub enum Step {
    Keep,
    Cancel,
    SaveAll,
    Discard,
}

impl Quit {
    pub fn key(&mut self, key: KeyEvent) -> Step {
        match (key.code, letter(key)) {
            (_, Some('s')) => Step::SaveAll,
            (_, Some('d')) => Step::Discard,
            (KeyCode::Esc, _) | (_, Some('c')) => Step::Cancel,
            _ => Step::Keep,
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let names: Vec<String> = self
            .docs
            .iter()
            .map(|d| app.slot(*d).map_or_else(String::new, |s| s.file_name()))
            .collect();
        let text = vec![
            Line::from(format!("Unsaved changes in {}.", names.join(" and "))),
            Line::from(""),
            choices(&[("S", "ave"), ("D", "iscard"), ("C", "ancel")], app),
        ];
        let inner = boxed("Quit", centred(area, 60, 6), buf, app);
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

/// A plain letter key, lowercased (a dialog's `[S]ave` takes `s` and `S`).
pub fn letter(key: KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(c.to_ascii_lowercase())
        }
        _ => None,
    }
}
