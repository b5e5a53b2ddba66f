//! An edit that changes much at once (`c`, converting the password policy)
//! shows what it will change first and is applied only on Enter or `y`.

use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::panes::overlay::{boxed, centred, choices};
use crate::tui::panes::plain;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use serde_json::Value;

pub struct ConfirmEdit {
    pub doc: Kind,
    pub title: String,
    /// What changes, line by line (from the core's diff), then notes.
    lines: Vec<String>,
    /// The document after the edit.
    pub after: Value,
    /// What the status says once it is applied.
    pub done: String,
    /// Whether the notes warn of something lost.
    pub lossy: bool,
    scroll: usize,
    /// The furthest first row, as last drawn (rows wrap at the width):
    /// the keys clamp to it, so a key up after G moves at once (issue 30).
    last_first: std::cell::Cell<usize>,
}

pub enum Step {
    Keep,
    Cancel,
    Apply,
}

impl ConfirmEdit {
    pub fn new(
        doc: Kind,
        title: String,
        before: &Value,
        after: Value,
        notes: &[String],
        done: String,
    ) -> ConfirmEdit {
        let mut lines: Vec<String> = crate::core::diff::diff(before, &after)
            .iter()
            .flat_map(crate::core::diff::render_block)
            .collect();
        lines.extend(notes.iter().map(|n| format!("note: {n}")));
        ConfirmEdit {
            doc,
            title,
            lines,
            after,
            done,
            lossy: !notes.is_empty(),
            scroll: 0,
            last_first: std::cell::Cell::new(usize::MAX),
        }
    }

    pub fn key(&mut self, key: KeyEvent, page: usize) -> Step {
        let last = self
            .last_first
            .get()
            .min(self.lines.len().saturating_sub(1));
        let scroll = self.scroll.min(last);
        match key.code {
            KeyCode::Enter | KeyCode::Char('y' | 'Y') => return Step::Apply,
            KeyCode::Esc | KeyCode::Char('n' | 'N' | 'q') => return Step::Cancel,
            KeyCode::Down | KeyCode::Char('j') => self.scroll = (scroll + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => self.scroll = scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = (scroll + page.max(1)).min(last),
            KeyCode::PageUp => self.scroll = scroll.saturating_sub(page.max(1)),
            KeyCode::Char('g') | KeyCode::Home => self.scroll = 0,
            KeyCode::Char('G') | KeyCode::End => self.scroll = last,
            _ => {}
        }
        Step::Keep
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let inner = boxed(
            &self.title,
            centred(area, area.width, area.height),
            buf,
            app,
        );
        if inner.height < 2 {
            return;
        }
        let w = inner.width as usize;
        let rows: Vec<(String, Style)> = self
            .lines
            .iter()
            .flat_map(|l| {
                let style = app.theme.diff_line(l);
                crate::tui::panes::wrap(l, w)
                    .into_iter()
                    .map(move |r| (r.to_string(), style))
                    .collect::<Vec<_>>()
            })
            .collect();
        let room = inner.height.saturating_sub(1) as usize;
        self.last_first.set(rows.len().saturating_sub(room));
        let first = self.scroll.min(rows.len().saturating_sub(room));
        for (i, (row, style)) in rows.iter().skip(first).take(room).enumerate() {
            buf.set_line(
                inner.x,
                inner.y + i as u16,
                &Line::styled(row.clone(), *style),
                inner.width,
            );
        }
        let mut footer = choices(&[("Y", "es, change it (Enter)"), ("N", "o")], app);
        if rows.len() > room {
            footer.spans.push(plain(format!(
                "  rows {}–{} of {} · j/k scroll",
                first + 1,
                (first + room).min(rows.len()),
                rows.len()
            )));
        }
        buf.set_line(inner.x, inner.y + inner.height - 1, &footer, inner.width);
    }
}
