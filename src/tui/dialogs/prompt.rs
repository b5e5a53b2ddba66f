//! A line to type: the path to save a new document as, the name of a new
//! profile in the tree. Enter submits what is typed (not when empty), Esc
//! cancels; paste types into it.

use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::panes::overlay::{boxed, centred};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea};

/// What the typed line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Where to save a document that has no file yet.
    SaveAs { doc: Kind, then_quit: bool },
    /// The name of a new profile, written to `connection-profiles/`.
    NewProfile,
}

pub struct Prompt {
    pub purpose: Purpose,
    input: TextArea<'static>,
}

/// What a key did.
pub enum Step {
    Keep,
    Cancel,
    /// Enter with this (trimmed, not empty) text.
    Submit(String),
}

impl Prompt {
    /// A prompt holding `text`, the cursor at its end; `placeholder` shows
    /// while it is empty.
    pub fn new(purpose: Purpose, text: String, placeholder: &str) -> Prompt {
        let mut input = TextArea::new(vec![text]);
        input.move_cursor(CursorMove::End);
        input.set_cursor_line_style(Style::default());
        if !placeholder.is_empty() {
            input.set_placeholder_text(placeholder);
        }
        Prompt { purpose, input }
    }

    pub fn key(&mut self, key: KeyEvent) -> Step {
        match key.code {
            KeyCode::Enter => {
                let text = self
                    .input
                    .lines()
                    .first()
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default();
                if text.is_empty() {
                    Step::Keep
                } else {
                    Step::Submit(text)
                }
            }
            KeyCode::Esc => Step::Cancel,
            KeyCode::Tab | KeyCode::BackTab => Step::Keep,
            _ => {
                self.input.input(key);
                Step::Keep
            }
        }
    }

    /// Pasted text, typed in (line breaks dropped).
    pub fn paste(&mut self, line: &str) {
        self.input.insert_str(line);
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let (title, label) = match self.purpose {
            Purpose::SaveAs { doc, .. } => (
                format!("Save {} as", doc.as_str()),
                "Path (Enter saves, Esc cancels):",
            ),
            Purpose::NewProfile => (
                "New profile".to_string(),
                "Name (written to connection-profiles/<name>.json):",
            ),
        };
        let inner = boxed(&title, centred(area, 60, 6), buf, app);
        buf.set_line(inner.x, inner.y, &Line::from(label), inner.width);
        (&self.input).render(
            Rect {
                y: inner.y + 2,
                height: 1,
                ..inner
            },
            buf,
        );
        if inner.height > 3 {
            let hint = match self.purpose {
                Purpose::SaveAs { .. } => "Enter saves · Esc cancels",
                Purpose::NewProfile => "Enter creates · Esc cancels",
            };
            buf.set_line(
                inner.x,
                inner.y + 3,
                &Line::styled(hint, app.theme.dim()),
                inner.width,
            );
        }
    }
}
