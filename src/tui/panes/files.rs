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
            format!(
                " [{}] Files — {}{filter} ",
                app.pane_number(Pane::Files),
                visible.len()
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
        let shown: Vec<_> = visible
            .iter()
            .enumerate()
            .skip(first)
            .take(inner.height as usize)
            .map(|(i, e)| {
                let open_slot = app
                    .slot(e.kind)
                    .filter(|s| s.path.as_ref() == Some(&e.path));
                // An open document's counts follow its edits.
                let tally = open_slot.map_or(e.tally, |s| s.tally());
                (i, e, open_slot.is_some(), tally)
            })
            .collect();
        // The count columns are as wide as the counts shown need (none when
        // every file is clean), so the paths get the room.
        let width_of = |n: &dyn Fn(&crate::core::Tally) -> usize| {
            shown
                .iter()
                .map(|(.., t)| n(t).min(99))
                .filter(|&n| n > 0)
                .map(|n| n.to_string().len() + 2)
                .max()
                .unwrap_or(0)
        };
        let (err_w, warn_w) = (width_of(&|t| t.errors), width_of(&|t| t.warnings));
        let open_w = if shown.iter().any(|(_, _, open, _)| *open) {
            2
        } else {
            0
        };
        for &(i, e, open, tally) in &shown {
            let y = inner.y + (i - first) as u16;
            let mut spans = Vec::new();
            let count = |n: usize, s: Severity, w: usize| {
                if n == 0 {
                    Span::raw(" ".repeat(w))
                } else {
                    let text = format!("{}{}", mark(s), n.min(99));
                    Span::styled(format!("{text:<w$}"), theme.severity(s))
                }
            };
            spans.push(count(tally.errors, Severity::Error, err_w));
            spans.push(count(tally.warnings, Severity::Warning, warn_w));
            if open_w > 0 {
                spans.push(Span::raw(if open { "● " } else { "  " }));
            }
            let used = err_w + warn_w + open_w;
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
