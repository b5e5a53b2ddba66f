//! Saving found the file changed on disk (or a new file's name taken):
//! overwrite it, reload it (the edits applied on top of it), or cancel.

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

pub struct Conflict {
    pub doc: Kind,
    pub path: PathBuf,
    /// "changed on disk since it was opened", "already exists".
    pub reason: String,
    pub then_quit: bool,
    /// The path is the document's own file (else a Save As target).
    pub own_file: bool,
}

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Keep,
    Cancel,
    Overwrite,
    Reload,
}

/// The File changed dialog's keys (its key handling and its help).
pub const BINDINGS: &[Binding<Step>] = &[
    Binding {
        keys: &[Key::Letter('o')],
        step: Step::Overwrite,
        shown: "o",
        bar: "overwrite",
        help: "write your version over the file",
    },
    Binding {
        keys: &[Key::Letter('r')],
        step: Step::Reload,
        shown: "r",
        bar: "reload",
        help: "read the file again, your edits applied on top (Ctrl-Z takes them back)",
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Letter('c')],
        step: Step::Cancel,
        shown: "Esc c",
        bar: "cancel",
        help: "not saved; your edits are kept",
    },
];

impl Conflict {
    pub fn key(&mut self, key: KeyEvent) -> Step {
        match step_for(BINDINGS, key) {
            Some(Step::Reload) if !self.reloadable() => Step::Keep,
            Some(step) => step,
            None => Step::Keep,
        }
    }

    /// Whether Reload means something: the file is the document's own (a
    /// Save As onto another existing file has nothing to reload).
    pub fn reloadable(&self) -> bool {
        self.own_file
    }

    /// The key bar: the table's keys, without Reload where it means nothing.
    pub fn key_bar(&self) -> Vec<(&'static str, &'static str)> {
        BINDINGS
            .iter()
            .filter(|b| self.reloadable() || b.step != Step::Reload)
            .map(|b| (b.shown, b.bar))
            .collect()
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let (question, keys, title): (&str, &[(&str, &str)], &str) = if self.reloadable() {
            (
                "Overwrite it with your version, reload it (your edits are applied on top), or cancel?",
                &[("O", "verwrite"), ("R", "eload"), ("C", "ancel")],
                "File changed",
            )
        } else {
            (
                "Overwrite it with this document, or cancel (and choose another name)?",
                &[("O", "verwrite"), ("C", "ancel")],
                "File exists",
            )
        };
        let text = vec![
            Line::from(format!("{}: {}.", self.path.display(), self.reason)),
            Line::from(question),
            Line::from(""),
            choices(keys, app),
        ];
        let inner = boxed(title, centred(area, 64, 8), buf, app);
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
