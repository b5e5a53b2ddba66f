//! Ctrl-O: the tenant's profiles, templates and database connections, to
//! open one as a new document. `/` filters the list by what its lines say.

use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::panes::overlay::{boxed, centred, select_list};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use serde_json::Value;

/// One thing Ctrl-O can open.
#[derive(Debug, Clone)]
pub struct PullItem {
    pub label: String,
    /// The document it opens as.
    pub kind: Kind,
    /// The document; `Err` says why it cannot be opened.
    pub value: Result<Value, String>,
}

#[derive(Debug)]
pub struct OpenRemote {
    items: Vec<PullItem>,
    /// Lowercased: what a line must contain to be shown.
    filter: String,
    /// Keys type into the filter (after `/`, until Enter or Esc).
    filtering: bool,
    /// Among the lines shown.
    selected: usize,
}

/// What a key did.
pub enum Step {
    Keep,
    Close,
    Open(PullItem),
}

impl OpenRemote {
    pub fn new(items: Vec<PullItem>) -> OpenRemote {
        OpenRemote {
            items,
            filter: String::new(),
            filtering: false,
            selected: 0,
        }
    }

    /// The items the filter lets through (their places), in order.
    fn shown(&self) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| self.items[i].label.to_lowercase().contains(&self.filter))
            .collect()
    }

    pub fn key(&mut self, key: KeyEvent) -> Step {
        let count = self.shown().len();
        if self.filtering {
            match key.code {
                KeyCode::Esc => {
                    self.filter.clear();
                    self.filtering = false;
                }
                KeyCode::Enter | KeyCode::Down | KeyCode::Up => self.filtering = false,
                KeyCode::Backspace => {
                    self.filter.pop();
                }
                KeyCode::Char(c) if !c.is_control() => self.filter.extend(c.to_lowercase()),
                _ => {}
            }
            self.selected = self.selected.min(self.shown().len().saturating_sub(1));
            return Step::Keep;
        }
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
            }
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = count.saturating_sub(1),
            KeyCode::Char('/') => self.filtering = true,
            KeyCode::Esc if !self.filter.is_empty() => {
                self.filter.clear();
                self.selected = 0;
            }
            KeyCode::Esc | KeyCode::Char('q') => return Step::Close,
            KeyCode::Enter => {
                if let Some(&at) = self.shown().get(self.selected) {
                    return Step::Open(self.items.remove(at));
                }
            }
            _ => {}
        }
        Step::Keep
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let shown = self.shown();
        let h = (shown.len() as u16 + 4)
            .min(area.height.saturating_sub(2))
            .max(6);
        let inner = boxed("Open from the tenant", centred(area, 90, h), buf, app);
        let labels: Vec<String> = shown.iter().map(|&i| self.items[i].label.clone()).collect();
        let list = Rect {
            height: inner.height.saturating_sub(2),
            ..inner
        };
        if labels.is_empty() {
            buf.set_line(
                list.x,
                list.y,
                &Line::styled("  nothing matches the filter", app.theme.dim()),
                list.width,
            );
        } else {
            select_list(app, &labels, self.selected, list, buf);
        }
        let filter_line = if self.filtering {
            format!("/{}▏", self.filter)
        } else if self.filter.is_empty() {
            String::new()
        } else {
            format!("/{}", self.filter)
        };
        buf.set_line(
            inner.x,
            inner.y + inner.height.saturating_sub(2),
            &Line::from(filter_line),
            inner.width,
        );
        let keys = if self.filtering {
            "type to filter · Enter keeps it · Esc clears it"
        } else {
            "Enter opens · / filters · j/k move · Esc cancels"
        };
        buf.set_line(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            &Line::styled(keys, app.theme.dim()),
            inner.width,
        );
    }
}
