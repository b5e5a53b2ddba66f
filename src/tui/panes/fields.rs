//! The Profile and Password policy panes: one row per field, its value, what
//! it means, and a mark when the validation core has something to say about it.

use super::{fit, frame, scroll_for, title_span};
use crate::core::Kind;
use crate::tui::app::{App, Pane, row_severity};
use crate::tui::rows::{self, RowKind};
use crate::tui::theme::mark;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct FieldsPane<'a> {
    pub app: &'a App,
    pub doc: Kind,
}

impl Widget for FieldsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let focused = app.focus == Pane::of(self.doc);
        let Some(slot) = app.slot(self.doc) else {
            render_none_open(self.doc, focused, app, area, buf);
            return;
        };
        let pane = Pane::of(self.doc);
        let name = app.pane_name(pane);
        let n = app.pane_number(pane);
        let dirty = if slot.dirty() { "*" } else { "" };
        let title = Line::from(vec![title_span(
            format!(" [{n}] {name} — {}{dirty} ", slot.file_name()),
            focused,
            theme,
        )]);
        let mut block = frame(title, focused, theme);
        // The focused row's JSON pointer on the bottom edge: the key a
        // label stands for, for a search or a file edit.
        let rows = app.rows(self.doc);
        if focused
            && let Some(row) = rows.get(app.cursor_in(self.doc, rows.len()))
            && let Some(at) = row.pointer().filter(|_| row.in_document())
        {
            let room = (area.width as usize).saturating_sub(4);
            if room > 8 {
                block = block.title_bottom(Line::styled(
                    format!(" {} ", fit(at, room - 2)),
                    theme.dim(),
                ));
            }
        }
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width < 4 {
            return;
        }

        if slot.is_broken() {
            let d = slot.diagnostics.first();
            let place = d.map_or(String::new(), |d| {
                format!(
                    "line {}, column {}: ",
                    d.line.unwrap_or(1),
                    d.column.unwrap_or(1)
                )
            });
            let message = d.map_or("", |d| d.message.as_str());
            let (what, msg) = match message.strip_prefix("too large to read: ") {
                Some(rest) => ("is too large to read", rest),
                None => (
                    "is not valid JSON",
                    message.trim_start_matches("not valid JSON: "),
                ),
            };
            let text = vec![
                Line::styled(
                    format!("{} {what}.", slot.file_name()),
                    theme.severity(crate::core::Severity::Error),
                ),
                Line::from(format!("{place}{msg}")),
                Line::from(""),
                Line::from(
                    "Fix it in a text editor and open it again; connedit will not overwrite it.",
                ),
            ];
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
            return;
        }

        let value = slot.value().expect("not broken");
        let edit = app.edit.as_ref().filter(|e| e.doc == self.doc);
        // The row the line editor sits on: the field's own row; a new list
        // entry appears as an entry row once typed, else on "add entry".
        let edit_at = edit.and_then(|e| {
            rows.iter()
                .position(|r| r.id == e.row.id && !matches!(r.kind, RowKind::Group { .. }))
                .or_else(|| {
                    rows.iter().position(|r| {
                        matches!(
                            r.kind,
                            RowKind::AddEntry { .. } | RowKind::AddParam | RowKind::AddKey
                        ) && r.pointer().is_some_and(|p| e.row.is_within(p))
                    })
                })
        });
        let cursor = edit_at.unwrap_or_else(|| app.cursor_in(self.doc, rows.len()));
        let height = inner.height as usize;
        let first = scroll_for(cursor, height);
        let width = inner.width as usize;
        // Label column: as wide as the longest visible label, within reason.
        let label_w = rows
            .iter()
            .filter(|r| !spans_row(&r.kind))
            .map(|r| {
                unicode_width::UnicodeWidthStr::width(r.label.as_str()) + 2 * r.depth as usize + 2
            })
            .max()
            .unwrap_or(10)
            .min(width * 3 / 5)
            .max(8);
        for (i, row) in rows.iter().enumerate().skip(first).take(height) {
            let y = inner.y + (i - first) as u16;
            let selected = i == cursor && focused;
            let sev = row_severity(row, &slot.diagnostics);
            let mark_span = match sev {
                Some(s) => Span::styled(mark(s), theme.severity(s)),
                None => Span::raw(" "),
            };
            let fold = match row.kind {
                RowKind::Group { .. } => {
                    if app.collapsed.is_folded(self.doc, &row.id) {
                        "▸ "
                    } else {
                        "▾ "
                    }
                }
                _ => "",
            };
            let label = format!("{}{fold}{}", "  ".repeat(row.depth as usize), row.label);
            // Headers and actions span the row; fields line up in columns.
            let label = if spans_row(&row.kind) {
                format!("{}  ", fit(&label, width.saturating_sub(2)))
            } else {
                // Padded in columns (`{:<w$}` counts characters: a CJK
                // key would push its value out of the column).
                let cut = fit(&label, label_w - 1);
                let used = unicode_width::UnicodeWidthStr::width(cut.as_str());
                format!("{cut}{} ", " ".repeat((label_w - 1).saturating_sub(used)))
            };
            let label_len = unicode_width::UnicodeWidthStr::width(label.as_str());
            let editing = edit.filter(|_| edit_at == Some(i));
            // The row being edited is marked, whatever its problems.
            let mark_span = if editing.is_some() {
                Span::styled("✎", theme.key())
            } else {
                mark_span
            };
            let mut spans = vec![mark_span, Span::raw(label)];
            let value_x = inner.x + 1 + label_w as u16;
            if editing.is_none() {
                let v = match row.kind {
                    // The password being tried: masked unless shown.
                    RowKind::TryPassword if app.tester.password.is_empty() => {
                        "(Enter to type one)".to_string()
                    }
                    RowKind::TryPassword if app.tester.show => app.tester.password.clone(),
                    RowKind::TryPassword => "•".repeat(app.tester.password.chars().count()),
                    RowKind::TryUser(f) => app.tester.user.field(f).unwrap_or_default().to_string(),
                    _ => rows::value_text(row, value, &app.sample),
                };
                let m = rows::meaning(row, self.doc, value, &app.sample);
                let room = width.saturating_sub(label_len + 1);
                let v = fit(&v, room);
                let gap = if v.is_empty() { 0 } else { 2 };
                let rest =
                    room.saturating_sub(unicode_width::UnicodeWidthStr::width(v.as_str()) + gap);
                spans.push(Span::styled(v, Style::default()));
                if !m.is_empty() && rest > 3 {
                    spans.push(Span::raw(" ".repeat(gap)));
                    spans.push(Span::styled(fit(&m, rest), theme.dim()));
                }
            }
            let style = if selected {
                theme.selected()
            } else {
                Style::default()
            };
            // The whole row is the selection bar, not just its text.
            if selected {
                buf.set_style(
                    Rect {
                        x: inner.x,
                        y,
                        width: inner.width,
                        height: 1,
                    },
                    style,
                );
            }
            buf.set_line(inner.x, y, &Line::from(spans).style(style), inner.width);
            if let Some(e) = editing {
                let w = (inner.x + inner.width).saturating_sub(value_x);
                let r = Rect {
                    x: value_x,
                    y,
                    width: w,
                    height: 1,
                };
                ratatui::widgets::Clear.render(r, buf);
                (&e.input).render(r, buf);
                // The field's extent, visible without colour too.
                buf.set_style(
                    r,
                    Style::default().add_modifier(ratatui::style::Modifier::UNDERLINED),
                );
            }
        }
    }
}

/// Rows drawn across the pane rather than in the label column.
fn spans_row(kind: &RowKind) -> bool {
    matches!(
        kind,
        RowKind::Group { .. }
            | RowKind::Convert
            | RowKind::AddEntry { .. }
            | RowKind::AddParam
            | RowKind::AddKey
            | RowKind::Entry
            | RowKind::Verdict
    )
}

/// A document pane with nothing open: how to open a document of its kind.
fn render_none_open(doc: Kind, focused: bool, app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let (name, what, kind) = match doc {
        Kind::Profile => ("Profile", "connection profile", "profile"),
        Kind::Connection => ("Password policy", "database connection", "connection"),
    };
    let n = app.pane_number(Pane::of(doc));
    let title = Line::from(vec![title_span(
        format!(" [{n}] {name} — none open "),
        focused,
        theme,
    )]);
    let block = frame(title, focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let mut text = vec![
        Line::from(format!("No {what} is open. Open one:")),
        Line::from(""),
    ];
    if app.tree.is_some() {
        text.push(Line::from("• Enter on a file in the Files pane"));
    }
    text.extend([
        Line::from(format!(
            "• connedit FILE.json (a {kind} file, alone or beside the other)"
        )),
        Line::from("• Ctrl-O: from the tenant"),
        Line::from(format!("• connedit --new {kind} FILE")),
    ]);
    Paragraph::new(text)
        .style(theme.dim())
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
