//! A page of text to read: the whole of a problem (`i`), the message log
//! (`L`). Lines wrap at spaces, nothing is cut; j/k, PgUp/PgDn, g/G scroll;
//! any other key closes.

use crate::tui::app::App;
use crate::tui::panes::overlay::{boxed, centred};
use crate::tui::panes::wrap_words;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub struct TextView {
    pub title: String,
    lines: Vec<String>,
    /// The first row shown; `usize::MAX` starts at the end (the log).
    scroll: usize,
}

pub enum Step {
    Keep,
    Close,
}

impl TextView {
    pub fn new(title: String, lines: Vec<String>) -> TextView {
        TextView {
            title,
            lines,
            scroll: 0,
        }
    }

    /// Opened at its end (the newest line of a log).
    pub fn at_end(mut self) -> TextView {
        self.scroll = usize::MAX;
        self
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    pub fn key(&mut self, key: KeyEvent, page: usize) -> Step {
        let page = page.max(1);
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => {
                self.scroll = self.scroll.min(self.lines.len()).saturating_sub(1)
            }
            KeyCode::PageDown | KeyCode::Char(' ') => {
                self.scroll = self.scroll.saturating_add(page)
            }
            KeyCode::PageUp => self.scroll = self.scroll.min(self.lines.len()).saturating_sub(page),
            KeyCode::Home | KeyCode::Char('g') => self.scroll = 0,
            KeyCode::End | KeyCode::Char('G') => self.scroll = usize::MAX,
            _ => return Step::Close,
        }
        Step::Keep
    }

    /// The lines wrapped into rows of at most `width` columns.
    pub fn rows(&self, width: usize) -> Vec<String> {
        self.lines
            .iter()
            .flat_map(|l| wrap_words(l, width))
            .collect()
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let w = area.width.saturating_sub(4).min(110);
        // A row is drawn inside the borders (2) after one column of margin:
        // wrapped any wider, its last character was lost (issue 30).
        let rows = self.rows(w.saturating_sub(3) as usize);
        let h = (rows.len() as u16 + 3).min(area.height).max(5);
        let room = h.saturating_sub(3) as usize;
        let first = self.scroll.min(rows.len().saturating_sub(room));
        let more = if rows.len() > room {
            format!(
                " — {}–{} of {}, j/k scroll",
                first + 1,
                (first + room).min(rows.len()),
                rows.len()
            )
        } else {
            String::new()
        };
        let title = format!("{}{more} — any other key closes", self.title);
        let inner = boxed(&title, centred(area, w, h), buf, app);
        for (i, row) in rows.iter().skip(first).take(room).enumerate() {
            buf.set_line(
                inner.x + 1,
                inner.y + 1 + i as u16,
                &Line::from(row.clone()),
                inner.width.saturating_sub(1),
            );
        }
    }
}
