//! The Preview pane: the exact JSON that saving writes, highlighted, following
//! the field being edited; below it, what the document will do.

use super::{frame, row_starts, title_span, wrap_words};
use crate::core::Kind;
use crate::core::derived;
use crate::core::policy;
use crate::tui::app::{App, Pane};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use serde_json::Value;

pub struct PreviewPane<'a> {
    pub app: &'a App,
}

impl Widget for PreviewPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let focused = app.focus == Pane::Preview;
        let Some((doc, slot)) = app.current_doc().and_then(|d| Some((d, app.slot(d)?))) else {
            // Nothing open: the pane is still there, saying what it will show.
            let title = Line::from(vec![title_span(
                format!(
                    " [{}] Preview — nothing open ",
                    app.pane_number(Pane::Preview)
                ),
                focused,
                theme,
            )]);
            let block = frame(title, focused, theme);
            let inner = block.inner(area);
            block.render(area, buf);
            let hint = if app.tree.is_some() {
                "The JSON body of the document you open shows here: Enter on a file in the Files pane opens it."
            } else {
                "The JSON body of the document you open shows here."
            };
            ratatui::widgets::Paragraph::new(hint)
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true })
                .render(inner, buf);
            return;
        };
        // With deploy-cli mappings: what deploy-cli would deploy.
        let shown = slot.doc.resolved().unwrap_or(&slot.doc);
        let what = if slot.is_broken() {
            "file as read"
        } else if slot.doc.resolved().is_some() {
            "with keyword mappings applied"
        } else {
            "body as saved"
        };
        let title = Line::from(vec![title_span(
            format!(" [{}] Preview — {what} ", app.pane_number(Pane::Preview)),
            focused,
            theme,
        )]);
        let block = frame(title, focused, theme);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width < 8 {
            return;
        }
        let width = inner.width as usize;
        // The effects, wrapped, go below the body when there is room for both.
        let effects: Vec<String> = effects(app, doc)
            .iter()
            .flat_map(|l| wrap_words(l, width))
            .collect();
        let fx_h = if !effects.is_empty() && inner.height as usize > effects.len() + 4 {
            effects.len() as u16 + 1
        } else {
            0
        };
        let body_h = (inner.height - fx_h) as usize;
        // Secrets never reach the screen: shown as "(secret, kept)".
        let text = shown.shown_text();
        let lines: Vec<&str> = text.lines().collect();
        let followed = app.followed_line();
        let gutter = 4usize;
        let text_w = width.saturating_sub(gutter).max(1);
        let rows_of = |line: &str| {
            if line.len() <= text_w {
                1
            } else {
                row_starts(line, text_w).len()
            }
        };
        let mut first = match app.preview_scroll {
            Some(s) if focused => s,
            _ => followed.saturating_sub(body_h / 3),
        }
        .min(lines.len().saturating_sub(1));
        // Lines are never cut: a long one wraps onto rows marked ↪. The
        // followed line stays in view however much the lines above it wrap,
        // and the last page is kept full.
        if !focused || app.preview_scroll.is_none() {
            while first < followed
                && lines[first..=followed.min(lines.len() - 1)]
                    .iter()
                    .map(|l| rows_of(l))
                    .sum::<usize>()
                    > body_h
            {
                first += 1;
            }
        }
        // The rows from `first` on, counted only as far as the pane is tall.
        let mut below = 0;
        for l in &lines[first..] {
            below += rows_of(l);
            if below > body_h {
                break;
            }
        }
        while first > 0 && below + rows_of(lines[first - 1]) <= body_h {
            first -= 1;
            below += rows_of(lines[first]);
        }
        let mut y = inner.y;
        let bottom = inner.y + body_h as u16;
        'lines: for (i, text) in lines.iter().enumerate().skip(first) {
            let here = i == followed && app.focus != Pane::Preview;
            let num_style = if here { theme.selected() } else { theme.dim() };
            for (r, row) in wrap_spans(highlight(text, theme), &row_starts(text, text_w))
                .into_iter()
                .enumerate()
            {
                if y >= bottom {
                    break 'lines;
                }
                let mark = if r == 0 {
                    format!("{:>3} ", i + 1)
                } else {
                    "  ↪ ".to_string()
                };
                let mut spans = vec![Span::styled(mark, num_style)];
                spans.extend(row);
                buf.set_line(inner.x, y, &Line::from(spans), inner.width);
                y += 1;
            }
        }
        if fx_h > 0 {
            let y0 = inner.y + body_h as u16;
            buf.set_line(
                inner.x,
                y0,
                &Line::styled("─".repeat(width), theme.dim()),
                inner.width,
            );
            for (i, line) in effects.into_iter().enumerate() {
                buf.set_line(inner.x, y0 + 1 + i as u16, &Line::raw(line), inner.width);
            }
        }
    }
}

/// Spans cut into rows where `starts` (character offsets, from
/// [`row_starts`]) says, styles kept.
pub fn wrap_spans(spans: Vec<Span<'static>>, starts: &[usize]) -> Vec<Vec<Span<'static>>> {
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut next = starts.iter().skip(1).copied().peekable();
    let mut at = 0;
    for span in spans {
        let style = span.style;
        let mut rest: &str = &span.content;
        while !rest.is_empty() {
            if next.peek() == Some(&at) {
                next.next();
                rows.push(Vec::new());
            }
            let room = next.peek().map_or(usize::MAX, |n| n - at);
            let cut = rest.char_indices().nth(room).map_or(rest.len(), |(i, _)| i);
            let (head, tail) = rest.split_at(cut);
            at += head.chars().count();
            rows.last_mut()
                .expect("a row")
                .push(Span::styled(head.to_string(), style));
            rest = tail;
        }
    }
    rows
}

/// What the document does, in words (the derived values of the core).
fn effects(app: &App, doc: Kind) -> Vec<String> {
    let Some(v) = app.slot(doc).and_then(|s| s.value()) else {
        return Vec::new();
    };
    match doc {
        Kind::Profile => {
            let e = derived::profile_effects(v, &app.sample);
            let mut out = Vec::new();
            if let Some(m) = e.show_as_button {
                out.push(format!(
                    "show_as_button {} → connection show_as_button: {}",
                    m.profile_value, m.effective
                ));
            }
            if let Some(m) = e.assign_membership_on_login {
                let note = m.note.map_or(String::new(), |n| format!(" ({n})"));
                out.push(format!(
                    "assign_membership {} → {}{note}",
                    m.profile_value, m.effective
                ));
            }
            if let Some(p) = e.prefix {
                out.push(format!(
                    "prefix for {} / {} → {p}",
                    app.sample.org_id, app.sample.org_name
                ));
            }
            out
        }
        Kind::Connection => {
            let Some(o) = v.get("options").and_then(Value::as_object) else {
                return Vec::new();
            };
            // A password policy is a database connection's only.
            if let crate::core::kind::Strategy::Other(_) =
                crate::core::fields::connection::strategy(v, None)
            {
                return Vec::new();
            }
            if policy::uses_flexible(o) {
                let min = o["password_options"]
                    .pointer("/complexity/min_length")
                    .and_then(Value::as_i64);
                vec![format!(
                    "policy in effect: flexible password_options{}",
                    min.map_or(String::new(), |m| format!(", {m}+ chars"))
                )]
            } else {
                let level = o
                    .get("passwordPolicy")
                    .and_then(Value::as_str)
                    .unwrap_or("none");
                let mut line =
                    format!("policy in effect: legacy, {}", policy::level_meaning(level));
                if let Some(m) = o
                    .get("password_complexity_options")
                    .and_then(|c| c.get("min_length"))
                    .and_then(Value::as_i64)
                {
                    line.push_str(&format!("; min_length {m} supersedes the level's length"));
                }
                vec![line]
            }
        }
    }
}

/// Colours one line of pretty-printed JSON: keys, strings, numbers, literals.
pub fn highlight(line: &str, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut plain = String::new();
    let flush = |plain: &mut String, spans: &mut Vec<Span<'static>>| {
        if !plain.is_empty() {
            spans.push(Span::raw(std::mem::take(plain)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            flush(&mut plain, &mut spans);
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            let s: String = chars[start..i].iter().collect();
            let rest: String = chars[i..].iter().collect();
            let style = if rest.trim_start().starts_with(':') {
                theme.json_key()
            } else {
                theme.json_string()
            };
            spans.push(Span::styled(s, style));
        } else if c == '-' || c.is_ascii_digit() {
            flush(&mut plain, &mut spans);
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || "+-.eE".contains(chars[i])) {
                i += 1;
            }
            spans.push(Span::styled(
                chars[start..i].iter().collect::<String>(),
                theme.json_number(),
            ));
        } else if c.is_ascii_alphabetic() {
            flush(&mut plain, &mut spans);
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            spans.push(Span::styled(
                chars[start..i].iter().collect::<String>(),
                theme.json_literal(),
            ));
        } else {
            plain.push(c);
            i += 1;
        }
    }
    flush(&mut plain, &mut spans);
    spans
}
