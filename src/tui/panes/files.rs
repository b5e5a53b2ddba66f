//! The Files pane of a deploy-cli tree: each document with its error and
//! warning counts; `/` filters, Enter opens. A long path is shortened from
//! the left, so the file's name is always whole.

use super::{fit, frame, scroll_for, title_span};
use crate::core::Severity;
use crate::tui::app::{App, Pane};
use crate::tui::theme::mark;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct FilesPane<'a> {
    pub app: &'a App,
}

impl Widget for FilesPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(tree) = &app.tree else { return };
        let theme = app.theme;
        let focused = app.focus == Pane::Files;
        let visible = tree.visible();
        let filter = match (tree.filtering, tree.filter.is_empty()) {
            (true, _) => format!(" — /{}▏", tree.filter),
            (false, true) => String::new(),
            (false, false) => format!(" — /{}", tree.filter),
        };
        let title = Line::from(vec![title_span(
            format!(" Files — {}{filter} ", visible.len()),
            focused,
            theme,
        )]);
        let block = frame(title, focused, theme);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 {
            return;
        }
        if visible.is_empty() {
            let hint = if tree.filter.is_empty() {
                "no profiles or database connections; Ctrl-N: new profile"
            } else {
                "nothing matches; Backspace edits the filter"
            };
            buf.set_line(
                inner.x,
                inner.y,
                &Line::styled(fit(hint, inner.width as usize), theme.dim()),
                inner.width,
            );
            return;
        }
        let cursor = tree.cursor.min(visible.len() - 1);
        let first = scroll_for(cursor, inner.height as usize);
        for (i, e) in visible
            .iter()
            .enumerate()
            .skip(first)
            .take(inner.height as usize)
        {
            let y = inner.y + (i - first) as u16;
            let open_slot = app
                .slot(e.kind)
                .filter(|s| s.path.as_ref() == Some(&e.path));
            let open = open_slot.is_some();
            // An open document's counts follow its edits.
            let tally = open_slot.map_or(e.tally, |s| s.tally());
            let mut spans = Vec::new();
            let count = |n: usize, s: Severity| {
                if n == 0 {
                    Span::raw("   ")
                } else {
                    Span::styled(format!("{}{:<2}", mark(s), n.min(99)), theme.severity(s))
                }
            };
            spans.push(count(tally.errors, Severity::Error));
            spans.push(count(tally.warnings, Severity::Warning));
            spans.push(Span::raw(if open { "● " } else { "  " }));
            let used = 8;
            spans.push(Span::raw(fit_left(
                &tree.shown(e),
                (inner.width as usize).saturating_sub(used),
            )));
            let style = if focused && i == cursor {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            buf.set_style(
                Rect {
                    x: inner.x,
                    y,
                    width: inner.width,
                    height: 1,
                },
                style,
            );
            buf.set_line(inner.x, y, &Line::from(spans).style(style), inner.width);
        }
    }
}

/// `path` in `width` characters: cut from the left (`…/name.json`), so the
/// end, the file's own name, stays whole.
fn fit_left(path: &str, width: usize) -> String {
    let n = path.chars().count();
    if n <= width {
        return path.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let tail: String = path.chars().skip(n - (width - 1)).collect();
    format!("…{tail}")
}
