//! A list to pick from that `/` filters: Ctrl-O's tenant objects, Ctrl-R's
//! history, Ctrl-T's tenants. j/k and the arrows move, g/G jump, `/` types
//! into the filter until Enter or Esc, Esc clears a filter, then closes.

use crate::tui::app::App;
use crate::tui::panes::overlay::select_list;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

#[derive(Debug, Clone)]
pub struct FilterList {
    labels: Vec<String>,
    /// Lowercased: what a line must contain to be shown.
    filter: String,
    /// Keys type into the filter (after `/`, until Enter or Esc).
    filtering: bool,
    /// Among the lines shown.
    selected: usize,
}

/// What a key did to the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStep {
    /// Moved, filtered, or nothing: the dialog stays.
    Keep,
    /// Esc (with no filter) or `q`.
    Close,
    /// Enter on the item at this place among all items.
    Chosen(usize),
    /// A key the list has no use for (the dialog may).
    Other,
}

impl FilterList {
    pub fn new(labels: Vec<String>) -> FilterList {
        FilterList {
            labels,
            filter: String::new(),
            filtering: false,
            selected: 0,
        }
    }

    /// The places of the items the filter lets through, in order.
    pub fn shown(&self) -> Vec<usize> {
        (0..self.labels.len())
            .filter(|&i| self.labels[i].to_lowercase().contains(&self.filter))
            .collect()
    }

    /// The place among all items of the selected one, if any is shown.
    pub fn current(&self) -> Option<usize> {
        self.shown().get(self.selected).copied()
    }

    pub fn key(&mut self, key: KeyEvent) -> ListStep {
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
                KeyCode::Char(c)
                    if !c.is_control() && !key.modifiers.contains(KeyModifiers::CONTROL) =>
                {
                    self.filter.extend(c.to_lowercase())
                }
                _ => {}
            }
            self.selected = self.selected.min(self.shown().len().saturating_sub(1));
            return ListStep::Keep;
        }
        let last = self.shown().len().saturating_sub(1);
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(last),
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = last,
            KeyCode::Char('/') => self.filtering = true,
            KeyCode::Esc if !self.filter.is_empty() => {
                self.filter.clear();
                self.selected = 0;
            }
            KeyCode::Esc | KeyCode::Char('q') => return ListStep::Close,
            KeyCode::Enter => {
                if let Some(at) = self.current() {
                    return ListStep::Chosen(at);
                }
            }
            _ => return ListStep::Other,
        }
        ListStep::Keep
    }

    /// Draws the shown lines into `area` (the selected one kept in view).
    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let shown = self.shown();
        if shown.is_empty() {
            let text = if self.labels.is_empty() {
                "  nothing to choose from"
            } else {
                "  nothing matches the filter"
            };
            buf.set_line(
                area.x,
                area.y,
                &Line::styled(text, app.theme.dim()),
                area.width,
            );
            return;
        }
        let labels: Vec<String> = shown.iter().map(|&i| self.labels[i].clone()).collect();
        select_list(app, &labels, self.selected, area, buf);
    }

    /// `/text▏` while typing, `/text` while a filter holds, else empty.
    pub fn filter_line(&self) -> String {
        if self.filtering {
            format!("/{}▏", self.filter)
        } else if self.filter.is_empty() {
            String::new()
        } else {
            format!("/{}", self.filter)
        }
    }

    /// The key hint: the filter's keys while typing, else `normal`.
    pub fn hint<'a>(&self, normal: &'a str) -> &'a str {
        if self.filtering {
            "type to filter · Enter keeps it · Esc clears it"
        } else {
            normal
        }
    }

    /// The last two rows of `inner`: the filter, then the keys (`keys`, or
    /// the filter's own while typing), cut to the width.
    pub fn render_footer(&self, app: &App, inner: Rect, keys: &str, buf: &mut Buffer) {
        if inner.height < 2 {
            return;
        }
        let w = inner.width as usize;
        let bottom = inner.y + inner.height - 1;
        buf.set_line(
            inner.x,
            bottom - 1,
            &Line::from(crate::tui::panes::fit(&self.filter_line(), w)),
            inner.width,
        );
        buf.set_line(
            inner.x,
            bottom,
            &Line::styled(crate::tui::panes::fit(self.hint(keys), w), app.theme.dim()),
            inner.width,
        );
    }

    /// How many lines the list needs.
    pub fn len_shown(&self) -> usize {
        self.shown().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(l: &mut FilterList, keys: &str) -> ListStep {
        let mut last = ListStep::Keep;
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            last = l.key(KeyEvent::new(code, KeyModifiers::NONE));
        }
        last
    }

    #[test]
    fn slash_filters_and_enter_chooses_among_what_is_shown() {
        let mut l = FilterList::new(vec!["dev".into(), "prod-eu".into(), "prod-us".into()]);
        // j and k move until / is pressed; then they are typed.
        assert_eq!(press(&mut l, "j\n"), ListStep::Chosen(1));
        assert_eq!(press(&mut l, "/us\n\n"), ListStep::Chosen(2));
        assert_eq!(l.filter_line(), "/us");
        // Esc clears the filter first, then closes.
        assert_eq!(press(&mut l, "\x1b"), ListStep::Keep);
        assert_eq!(l.len_shown(), 3);
        assert_eq!(press(&mut l, "\x1b"), ListStep::Close);
    }

    #[test]
    fn a_filter_matching_nothing_chooses_nothing() {
        let mut l = FilterList::new(vec!["dev".into()]);
        assert_eq!(press(&mut l, "/zzz\n\n"), ListStep::Keep);
        assert_eq!(l.current(), None);
        assert_eq!(press(&mut l, "x"), ListStep::Other);
    }
}
