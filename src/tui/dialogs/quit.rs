//! Quitting with unsaved documents: save them, discard them, or stay.

use super::{Binding, Key, step_for};
use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::panes::overlay::{boxed, centred, choices};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct Quit {
    pub docs: Vec<Kind>,
}

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Keep,
    Cancel,
    SaveAll,
    Discard,
}

/// The Quit dialog's keys (its key handling and its help).
pub const BINDINGS: &[Binding<Step>] = &[
    Binding {
        keys: &[Key::Letter('s')],
        step: Step::SaveAll,
        shown: "s",
        bar: "save",
        help: "save every document with edits, then quit",
    },
    Binding {
        keys: &[Key::Letter('d')],
        step: Step::Discard,
        shown: "d",
        bar: "discard",
        help: "quit without saving (the edits are lost)",
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Letter('c')],
        step: Step::Cancel,
        shown: "Esc c",
        bar: "cancel",
        help: "back to the editor, nothing lost",
    },
];

impl Quit {
    pub fn key(&mut self, key: KeyEvent) -> Step {
        step_for(BINDINGS, key).unwrap_or(Step::Keep)
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
