//! Ctrl-R: the writes connedit made to the open document's object on the
//! tenant, newest first, each with what it changed; `/` filters them, Enter
//! plans the rollback to before the selected one (its diff is confirmed next).

use crate::core::Kind;
use crate::core::diff::{diff, render_line};
use crate::tui::app::App;
use crate::tui::dialogs::list::{FilterList, ListStep};
use crate::tui::panes::overlay::{boxed, centred};
use crate::tui::panes::{fit, wrap_marked};
use crate::tui::worker::History;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use serde_json::json;

/// One write in the history list.
pub struct HistoryEntry {
    /// The snapshot's time, as `connedit rollback --to` takes it.
    pub taken: String,
    pub action: String,
    /// "3 changes", "created", "deleted".
    pub summary: String,
    /// What the write changed, a line each.
    pub lines: Vec<String>,
}

pub struct HistoryView {
    pub kind: Kind,
    pub id: String,
    pub domain: String,
    pub entries: Vec<HistoryEntry>,
}

impl HistoryView {
    pub fn new(h: History) -> HistoryView {
        let entries = h
            .snapshots
            .iter()
            .map(|s| {
                let before = s.before.clone().unwrap_or_else(|| json!({}));
                let after = if s.after.is_null() {
                    json!({})
                } else {
                    s.after.clone()
                };
                let lines: Vec<String> = diff(&before, &after).iter().map(render_line).collect();
                let summary = match (&s.before, s.after.is_null()) {
                    _ if s.problem.is_some() => {
                        format!("damaged: {}", s.problem.as_deref().unwrap_or_default())
                    }
                    (None, _) => "created".to_string(),
                    (Some(_), true) => "deleted".to_string(),
                    _ => format!(
                        "{} change{}",
                        lines.len(),
                        if lines.len() == 1 { "" } else { "s" }
                    ),
                };
                HistoryEntry {
                    taken: s.taken.clone(),
                    action: s.action.clone(),
                    summary,
                    lines,
                }
            })
            .collect();
        HistoryView {
            kind: h.kind,
            id: h.id,
            domain: h.domain,
            entries,
        }
    }
}

pub struct HistoryList {
    pub doc: Kind,
    pub view: HistoryView,
    list: FilterList,
}

/// What a key did.
pub enum Step {
    Keep,
    Close,
    /// Enter on this entry: roll back to before it.
    RollBack(usize),
}

impl HistoryList {
    pub fn new(doc: Kind, view: HistoryView) -> HistoryList {
        HistoryList::new_at(doc, view, std::time::SystemTime::now())
    }

    /// [`HistoryList::new`], with "how long ago" counted from `now`.
    pub fn new_at(doc: Kind, view: HistoryView, now: std::time::SystemTime) -> HistoryList {
        let labels = view
            .entries
            .iter()
            .map(|e| {
                let when = crate::io::snapshots::readable(&e.taken);
                match crate::io::snapshots::ago(&e.taken, now) {
                    Some(ago) => format!(
                        "{:<36}{:<8} {}",
                        format!("{when} ({ago})"),
                        e.action,
                        e.summary
                    ),
                    None => format!("{when}  {:<8} {}", e.action, e.summary),
                }
            })
            .collect();
        HistoryList {
            doc,
            view,
            list: FilterList::new(labels),
        }
    }

    /// Selects the entry at this place (as a user would with j/k).
    pub fn key(&mut self, key: KeyEvent) -> Step {
        match self.list.key(key) {
            ListStep::Close => Step::Close,
            ListStep::Chosen(i) => Step::RollBack(i),
            ListStep::Keep | ListStep::Other => Step::Keep,
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let view = &self.view;
        let selected = self.list.current().and_then(|i| view.entries.get(i));
        let detail = selected.map_or(0, |e| e.lines.len().max(1)) + 1;
        let h = ((self.list.len_shown().max(1) + detail) as u16 + 5)
            .min(area.height.saturating_sub(2))
            .max(7);
        let inner = boxed(
            "History on the tenant",
            centred(area, area.width.saturating_sub(4).min(100), h),
            buf,
            app,
        );
        if inner.height < 4 {
            return;
        }
        let w = inner.width as usize;
        buf.set_line(
            inner.x,
            inner.y,
            &Line::from(fit(
                &format!(
                    "{} {} on {}, newest first:",
                    view.kind.as_str(),
                    view.id,
                    view.domain
                ),
                w,
            )),
            inner.width,
        );
        // The list takes up to half the room; the selected write's changes the rest.
        let body = inner.height.saturating_sub(3) as usize;
        let list_room = self
            .list
            .len_shown()
            .max(1)
            .min(body.saturating_sub(detail).max(body / 2))
            .max(1);
        let list = Rect {
            y: inner.y + 1,
            height: list_room as u16,
            ..inner
        };
        self.list.render(app, list, buf);
        let detail_y = inner.y + 1 + list_room as u16;
        let room = body.saturating_sub(list_room);
        if let Some(e) = selected {
            let mut lines = vec![format!(
                "what the {} of {} changed:",
                e.action,
                crate::io::snapshots::readable(&e.taken)
            )];
            lines.extend(e.lines.iter().map(|l| format!("  {l}")));
            if e.lines.is_empty() {
                lines.push(format!("  {}", e.summary));
            }
            // Whole lines: a long change wraps under its mark.
            let rows = lines
                .iter()
                .enumerate()
                .flat_map(|(i, l)| wrap_marked(l, w).into_iter().map(move |r| (i, r)));
            for (y, (i, row)) in rows.take(room).enumerate() {
                let style = if i == 0 {
                    app.theme.dim()
                } else {
                    Style::default()
                };
                buf.set_line(
                    inner.x,
                    detail_y + y as u16,
                    &Line::styled(row, style),
                    inner.width,
                );
            }
        }
        self.list.render_footer(
            app,
            inner,
            "↑↓ choose · Enter: roll back to before it (diff first) · / filters · Esc",
            buf,
        );
    }
}
