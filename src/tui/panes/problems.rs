//! The Problems pane: every diagnostic of the open documents; Enter jumps to
//! the field.

use super::{fit, frame, scroll_for, title_span};
use crate::core::Kind;
use crate::tui::app::{App, Pane};
use crate::tui::theme::mark;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct ProblemsPane<'a> {
    pub app: &'a App,
}

impl Widget for ProblemsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let focused = app.focus == Pane::Problems;
        let problems = app.problems();
        let tally = app.tally();
        // In a tree the list covers the open documents: said plainly, with
        // the tree's other files that have problems (issue 30: "No
        // problems" showed beside a file with errors in the Files pane).
        let open: Vec<&std::path::Path> = [Kind::Profile, Kind::Connection]
            .iter()
            .filter_map(|k| app.slot(*k))
            .filter_map(|s| s.path.as_deref())
            .collect();
        let elsewhere = app.tree.as_ref().map(|t| {
            t.entries
                .iter()
                .filter(|e| !open.contains(&e.path.as_path()))
                .filter(|e| e.tally.errors + e.tally.warnings > 0)
                .count()
        });
        let title = Line::from(vec![title_span(
            format!(
                // The counts as "errors: 1", not "1 error": a count that
                // changes does not move the words after it (a new problem
                // rewrites one digit, not the title).
                " [{}] Problems{} — errors: {}, warnings: {}{} ",
                app.pane_number(Pane::Problems),
                if elsewhere.is_some() {
                    " (open documents)"
                } else {
                    ""
                },
                tally.errors,
                tally.warnings,
                if focused && !problems.is_empty() {
                    " — Enter: go to the field, i: in full"
                } else {
                    ""
                }
            ),
            focused,
            theme,
        )]);
        let block = frame(title, focused, theme);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 {
            return;
        }
        if problems.is_empty() {
            let text = match elsewhere {
                Some(0) | None => "No problems: Auth0 will accept these documents.".to_string(),
                Some(n) => format!(
                    "Open files: no problems. {n} other file{} of the tree {} problems (see Files).",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "has" } else { "have" }
                ),
            };
            buf.set_line(
                inner.x,
                inner.y,
                &Line::styled(text, theme.dim()),
                inner.width,
            );
            return;
        }
        let cursor = app.problem_cursor.min(problems.len() - 1);
        let height = inner.height as usize;
        let first = scroll_for(cursor, height);
        let both = app.profile.is_some() && app.connection.is_some();
        for (i, (doc, d)) in problems.iter().enumerate().skip(first).take(height) {
            let y = inner.y + (i - first) as u16;
            let mut spans = vec![Span::styled(
                format!("{} ", mark(d.severity)),
                theme.severity(d.severity),
            )];
            if both {
                spans.push(Span::styled(format!("{:<10} ", doc.as_str()), theme.dim()));
            }
            let place = match (d.line, d.column) {
                (Some(l), Some(c)) => format!("{l}:{c} "),
                _ => String::new(),
            };
            spans.push(Span::styled(place, theme.dim()));
            spans.push(Span::raw(format!("{} ", d.display_path())));
            spans.push(Span::styled(format!("[{}] ", d.code), theme.dim()));
            let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
            spans.push(Span::raw(fit(
                &d.message,
                (inner.width as usize).saturating_sub(used),
            )));
            let mut line = Line::from(spans);
            if focused && i == cursor {
                line = line.style(theme.selected());
                buf.set_style(
                    Rect {
                        x: inner.x,
                        y,
                        width: inner.width,
                        height: 1,
                    },
                    theme.selected(),
                );
            }
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
}
