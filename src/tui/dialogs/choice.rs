//! Enter on a field of a fixed set of values: the values to choose from
//! (and "(unset)"), the current one selected.

use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::panes::overlay::{boxed, centred, select_list};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub struct Choice {
    pub doc: Kind,
    pub pointer: String,
    /// `None` is "(unset)": the field removed.
    options: Vec<Option<&'static str>>,
    selected: usize,
}

/// What a key did.
pub enum Step {
    Keep,
    Close,
    /// Set the field to this value (`None`: remove it).
    Pick(Option<&'static str>),
}

impl Choice {
    pub fn new(
        doc: Kind,
        pointer: String,
        options: Vec<Option<&'static str>>,
        selected: usize,
    ) -> Choice {
        let selected = selected.min(options.len().saturating_sub(1));
        Choice {
            doc,
            pointer,
            options,
            selected,
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> Step {
        let last = self.options.len().saturating_sub(1);
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(last),
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = last,
            KeyCode::Enter | KeyCode::Char(' ') => {
                if let Some(&o) = self.options.get(self.selected) {
                    return Step::Pick(o);
                }
            }
            KeyCode::Esc | KeyCode::Char('q') => return Step::Close,
            _ => {}
        }
        Step::Keep
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let labels: Vec<String> = self
            .options
            .iter()
            .map(|o| o.map_or("(unset)".to_string(), str::to_string))
            .collect();
        let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(8);
        let name = self.pointer.rsplit('/').next().unwrap_or("");
        let w = (widest.max(name.chars().count() + 2) + 6).max(34) as u16;
        let h = labels.len() as u16 + 2;
        let inner = boxed(name, centred(area, w, h), buf, app);
        select_list(app, &labels, self.selected, inner, buf);
    }
}
