//! What is drawn over the panes: the open dialog (each draws itself, see
//! `tui::dialogs`), the help, and the "too small" notice; and the pieces
//! dialogs share (a centred box, `[X]` choices, a list with a selection).

use super::{fit, plain};
use crate::tui::app::{App, Dialog};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

/// A centred box of at most `w`×`h`.
pub(crate) fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub(crate) fn boxed(title: &str, area: Rect, buf: &mut Buffer, app: &App) -> Rect {
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(app.theme.border(true))
        .title(Span::styled(format!(" {title} "), app.theme.title(true)));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// `[X]xxx` choices: the key letter stands out.
pub(crate) fn choices(items: &[(&str, &str)], app: &App) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, rest) in items {
        spans.push(Span::styled(format!("[{key}]"), app.theme.key()));
        spans.push(plain(format!("{rest}   ")));
    }
    Line::from(spans)
}

/// A list with one selected line, marked `▶` (visible without colour) and
/// kept in view.
pub(crate) fn select_list(
    app: &App,
    labels: &[String],
    selected: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let room = area.height as usize;
    let first = crate::tui::panes::scroll_for(selected, room);
    for (i, label) in labels.iter().enumerate().skip(first).take(room) {
        let (marker, style) = if i == selected {
            ("▶ ", app.theme.selected())
        } else {
            ("  ", Style::default())
        };
        let y = area.y + (i - first) as u16;
        buf.set_style(
            Rect {
                y,
                height: 1,
                ..area
            },
            style,
        );
        buf.set_line(
            area.x,
            y,
            &Line::styled(fit(&format!("{marker}{label}"), area.width as usize), style),
            area.width,
        );
    }
}

pub fn render_dialog(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(dialog) = &app.dialog else { return };
    match dialog {
        Dialog::Choice(d) => d.render(app, area, buf),
        Dialog::Quit(d) => d.render(app, area, buf),
        Dialog::Conflict(d) => d.render(app, area, buf),
        Dialog::Prompt(d) => d.render(app, area, buf),
        Dialog::Recovery(d) => d.render(app, area, buf),
        Dialog::ConfirmWrite(d) => d.render(app, area, buf),
        Dialog::ConfirmEdit(d) => d.render(app, area, buf),
        Dialog::Text(d) => d.render(app, area, buf),
        Dialog::Open(d) => d.render(app, area, buf),
        Dialog::History(d) => d.render(app, area, buf),
        Dialog::PickTenant(d) => d.render(app, area, buf),
        Dialog::Compare(d) => d.render(app, area, buf),
        Dialog::ThreeWay(d) => d.render(app.theme, area, buf),
    }
}

/// The furthest the help can scroll in `area`: its rows less the rows
/// shown (the keys clamp to it, so k after G moves at once).
pub fn help_max_scroll(area: Rect) -> usize {
    let (rows, room) = help_rows(area);
    rows.len().saturating_sub(room)
}

/// The help's rows (key, text, heading) at `area`'s width, and how many
/// fit.
fn help_rows(area: Rect) -> (Vec<(&'static str, String, bool)>, usize) {
    let help = crate::tui::keymap::help_lines();
    let key_w = help
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(10)
        + 2;
    let box_w = area.width.min(90);
    // Each line's text wraps under itself: nothing is cut at any width.
    let text_w = (box_w as usize).saturating_sub(key_w + 3).max(8);
    let mut rows: Vec<(&str, String, bool)> = Vec::new();
    for (key, what) in &help {
        if key.is_empty() {
            rows.push(("", (*what).to_string(), true));
            continue;
        }
        for (i, part) in crate::tui::panes::wrap_words(what, text_w)
            .into_iter()
            .enumerate()
        {
            rows.push((if i == 0 { key } else { "" }, part, false));
        }
    }
    let h = (rows.len() as u16 + 4).min(area.height);
    // As many rows as fit; j/k scroll the rest into view.
    let room = h.saturating_sub(4) as usize;
    (rows, room)
}

pub fn render_help(app: &App, area: Rect, buf: &mut Buffer) {
    let (rows, room) = help_rows(area);
    let box_w = area.width.min(90);
    let key_w = crate::tui::keymap::help_lines()
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(10)
        + 2;
    let h = (rows.len() as u16 + 4).min(area.height);
    let first = app.help_scroll.min(rows.len().saturating_sub(room));
    let title = if room < rows.len() {
        format!(
            "Keys {}-{} of {} — j/k scroll, any other key closes",
            first + 1,
            first + room,
            rows.len()
        )
    } else {
        "Keys — any key closes".to_string()
    };
    let inner = boxed(&title, centred(area, box_w, h), buf, app);
    for (i, (key, what, heading)) in rows.iter().enumerate().skip(first).take(room) {
        let i = i - first;
        let line = if *heading {
            Line::styled(fit(what, inner.width as usize), app.theme.title(false))
        } else {
            Line::from(vec![
                Span::styled(format!("{key:<key_w$}"), app.theme.key()),
                plain(what.clone()),
            ])
        };
        buf.set_line(
            inner.x + 1,
            inner.y + 1 + i as u16,
            &line,
            inner.width.saturating_sub(1),
        );
    }
}

pub fn render_too_small(area: Rect, buf: &mut Buffer, need: (u16, u16)) {
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "{}x{}, needs {}x{}",
            area.width, area.height, need.0, need.1
        )),
        Line::from("Enlarge it; Ctrl-Q quits"),
    ];
    let h = (text.len() as u16).min(area.height);
    let y = area.y + (area.height - h) / 2;
    Paragraph::new(text)
        .alignment(ratatui::layout::Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(
            Rect {
                y,
                height: h,
                ..area
            },
            buf,
        );
}
