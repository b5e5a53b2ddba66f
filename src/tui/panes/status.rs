//! The status bar: file names with the dirty mark, error and warning counts,
//! and the last message or the key bar.

use super::fit;
use crate::tui::app::{App, Level};
use crate::tui::keymap::{self, Context, KEY_BAR_ALWAYS};
use crate::tui::theme::mark;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct StatusBar<'a> {
    pub app: &'a App,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let mut spans: Vec<Span> = Vec::new();
        for slot in app.docs() {
            let current = app.current_doc() == Some(slot.id);
            // The mark has its column either way: the bar does not shift
            // (and is not rewritten) when the first edit is made.
            let name = format!(
                " {}{} ",
                slot.file_name(),
                if slot.dirty() { "*" } else { " " }
            );
            spans.push(Span::styled(
                name,
                if current {
                    theme.badge()
                } else {
                    Style::default()
                },
            ));
        }
        let t = app.tally();
        if let Some(t) = &app.tenant {
            // Stands out without colour, and apart from the focused tab:
            // brackets, capitals and reverse video.
            let (text, style) = if t.protected {
                (format!("[PROTECTED {}]", t.name), theme.badge())
            } else {
                (format!(" @{} ", t.name), Style::default())
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(text, style));
        }
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!("{} {}", mark(crate::core::Severity::Error), t.errors),
            theme.severity(crate::core::Severity::Error),
        ));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!("{} {}", mark(crate::core::Severity::Warning), t.warnings),
            theme.severity(crate::core::Severity::Warning),
        ));
        spans.push(Span::raw(" │ "));
        let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        let room = (area.width as usize).saturating_sub(used);
        if let Some(q) = app.search.as_ref().filter(|s| s.typing) {
            let note = if q.missing {
                "  no match"
            } else {
                "  Enter keeps · Esc stops · n/N next/previous"
            };
            spans.push(Span::styled(format!("/{}▏", q.query), theme.key()));
            spans.push(Span::styled(
                fit(note, room.saturating_sub(q.query.chars().count() + 2)),
                theme.dim(),
            ));
            buf.set_line(area.x, area.y, &Line::from(spans), area.width);
            return;
        }
        if let Some(b) = &app.busy {
            const SPIN: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
            // What the user waits for first (a narrow bar cuts the end).
            let spin = SPIN[(b.tick % 10) as usize];
            // Quitting asked during a write: said first (a narrow bar cuts
            // the end).
            let lead = if app.quitting_during_write() {
                "sent, may apply; Ctrl-C again quits without the answer · "
            } else {
                ""
            };
            let mut text = match b.retry_in {
                Some(s) if b.rate_limited => {
                    format!("{spin} rate limited, retrying in {s} s: {}", b.what)
                }
                Some(s) => format!("{spin} the tenant failed, retrying in {s} s: {}", b.what),
                None => format!("{spin} {}…", b.what),
            };
            text.insert_str(spin.len() + 1, lead);
            if b.cancellable {
                text.push_str(" · Esc cancels");
            }
            spans.push(Span::styled(fit(&text, room), theme.key()));
            buf.set_line(area.x, area.y, &Line::from(spans), area.width);
            return;
        }
        match &app.status {
            Some((text, level)) => {
                let style = match level {
                    Level::Info => Style::default(),
                    Level::Warning => theme.severity(crate::core::Severity::Warning),
                    Level::Error => theme.severity(crate::core::Severity::Error),
                };
                // A message longer than its room takes the whole bar (a
                // protected tenant's badge stays): what to do is not cut
                // for the file names and counts, which are back at the next
                // key (issue 30: "not sa…" at 80 columns).
                if unicode_width::UnicodeWidthStr::width(text.as_str()) > room {
                    let mut whole: Vec<Span> = Vec::new();
                    if let Some(t) = app.tenant.as_ref().filter(|t| t.protected) {
                        whole.push(Span::styled(
                            format!("[PROTECTED {}]", t.name),
                            theme.badge(),
                        ));
                        whole.push(Span::raw(" "));
                    }
                    let used: usize = whole.iter().map(|s| s.content.chars().count()).sum();
                    let left = (area.width as usize).saturating_sub(used);
                    whole.push(Span::styled(fit(text, left), style));
                    buf.set_line(area.x, area.y, &Line::from(whole), area.width);
                    return;
                }
                spans.push(Span::styled(fit(text, room), style));
            }
            None => {
                // `? help` and `^Q quit` always; the others while they fit.
                let width = |(k, w): &(&str, &str)| k.chars().count() + w.chars().count() + 2;
                let context = if app.dialog.is_some() {
                    Context::Dialog
                } else if app.edit.is_some() {
                    Context::LineEditor
                } else if app.search.as_ref().is_some_and(|s| s.typing)
                    || (app.focus == crate::tui::app::Pane::Files
                        && app.tree.as_ref().is_some_and(|t| t.filtering))
                {
                    Context::Typing
                } else if app.focus == crate::tui::app::Pane::Files {
                    Context::Files
                } else {
                    Context::Main
                };
                // A dialog with keys of its own shows them, all of them.
                let own = app.dialog.as_ref().and_then(|d| d.key_bar());
                let keep = if own.is_some() { 0 } else { KEY_BAR_ALWAYS };
                let bar = own.unwrap_or_else(|| keymap::key_bar(context));
                let (optional, always) = bar.split_at(bar.len() - keep);
                let mut left = room.saturating_sub(always.iter().map(width).sum());
                let mut shown: Vec<&(&str, &str)> = Vec::new();
                for item in optional {
                    if width(item) > left {
                        break;
                    }
                    left -= width(item);
                    shown.push(item);
                }
                shown.extend(always);
                // Too short even for `^Q quit ? help`: the keys alone.
                let full: usize = always.iter().map(width).sum();
                let bare = room < full;
                for (key, what) in shown {
                    spans.push(Span::styled(key.to_string(), theme.key()));
                    if bare {
                        spans.push(Span::raw(" "));
                    } else {
                        spans.push(Span::raw(format!(" {what} ")));
                    }
                }
            }
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}
