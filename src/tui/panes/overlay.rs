//! What is drawn over the panes: dialogs, the help, and the "too small" notice.
//!
//! Long (about 610 lines): every dialog's drawing, until the house issue's
//! split into one file per dialog.

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
    let name = |doc| app.slot(doc).map_or_else(String::new, |s| s.file_name());
    match dialog {
        Dialog::Choice {
            pointer,
            options,
            selected,
            ..
        } => {
            let h = options.len() as u16 + 2;
            let inner = boxed(
                pointer.rsplit('/').next().unwrap_or(""),
                centred(area, 34, h),
                buf,
                app,
            );
            let labels: Vec<String> = options
                .iter()
                .map(|o| o.map_or("(unset)".to_string(), str::to_string))
                .collect();
            select_list(app, &labels, *selected, inner, buf);
        }
        Dialog::Quit { docs } => {
            let names: Vec<String> = docs.iter().map(|d| name(*d)).collect();
            let text = vec![
                Line::from(format!("Unsaved changes in {}.", names.join(" and "))),
                Line::from(""),
                choices(&[("S", "ave"), ("D", "iscard"), ("C", "ancel")], app),
            ];
            let inner = boxed("Quit", centred(area, 60, 6), buf, app);
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
        Dialog::Conflict { path, reason, .. } => {
            let text = vec![
                Line::from(format!("{}: {reason}.", path.display())),
                Line::from(
                    "Overwrite it with your version, reload it (Ctrl-Z brings your edits back), or cancel?",
                ),
                Line::from(""),
                choices(&[("O", "verwrite"), ("R", "eload"), ("C", "ancel")], app),
            ];
            let inner = boxed("File changed", centred(area, 64, 8), buf, app);
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
        Dialog::SaveAs { doc, input, .. } => {
            let inner = boxed(
                &format!("Save {} as", doc.label()),
                centred(area, 60, 5),
                buf,
                app,
            );
            buf.set_line(
                inner.x,
                inner.y,
                &Line::from("Path (Enter saves, Esc cancels):"),
                inner.width,
            );
            let r = Rect {
                y: inner.y + 2,
                height: 1,
                ..inner
            };
            input.render(r, buf);
        }
        Dialog::ConfirmWrite(d) => d.render(app, area, buf),
        Dialog::ConfirmEdit(d) => d.render(app, area, buf),
        Dialog::Text(d) => d.render(app, area, buf),
        Dialog::Open(d) => d.render(app, area, buf),
        Dialog::NewProfile { input } => {
            let inner = boxed("New profile", centred(area, 60, 6), buf, app);
            buf.set_line(
                inner.x,
                inner.y,
                &Line::from("Name (written to connection-profiles/<name>.json):"),
                inner.width,
            );
            input.render(
                Rect {
                    y: inner.y + 2,
                    height: 1,
                    ..inner
                },
                buf,
            );
            buf.set_line(
                inner.x,
                inner.y + 3,
                &Line::styled("Enter creates · Esc cancels", app.theme.dim()),
                inner.width,
            );
        }
        Dialog::History { view, selected, .. } => render_history(app, view, *selected, area, buf),
        Dialog::PickTenant {
            names, selected, ..
        } => {
            let h = (names.len() as u16 + 3)
                .min(area.height.saturating_sub(2))
                .max(5);
            let inner = boxed("Compare with", centred(area, 50, h), buf, app);
            let list = Rect {
                height: inner.height.saturating_sub(1),
                ..inner
            };
            select_list(app, names, *selected, list, buf);
            buf.set_line(
                inner.x,
                inner.y + inner.height - 1,
                &Line::styled("Enter compares · Esc cancels", app.theme.dim()),
                inner.width,
            );
        }
        Dialog::Compare {
            doc,
            view,
            scroll,
            all,
        } => render_compare(app, *doc, view, *scroll, *all, area, buf),
        Dialog::Recovery {
            doc,
            age,
            changed_since,
            ..
        } => {
            let text = vec![
                Line::from(format!(
                    "Unsaved edits of {} were recovered from a session that ended {age}.",
                    name(*doc)
                )),
                Line::from(if *changed_since {
                    "The file has changed since: saving them will ask first."
                } else {
                    ""
                }),
                choices(&[("R", "estore"), ("D", "iscard"), ("L", "ater")], app),
            ];
            let inner = boxed("Recovery", centred(area, 64, 7), buf, app);
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
    }
}

fn render_history(
    app: &App,
    view: &crate::tui::app::HistoryView,
    selected: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let detail = view
        .entries
        .iter()
        .map(|e| e.lines.len())
        .max()
        .unwrap_or(0)
        + 1;
    let h = ((view.entries.len() + detail) as u16 + 4)
        .min(area.height.saturating_sub(2))
        .max(6);
    let inner = boxed(
        "History on the tenant",
        centred(area, area.width.saturating_sub(4).min(100), h),
        buf,
        app,
    );
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
    let body = inner.height.saturating_sub(2) as usize;
    let list_room = view
        .entries
        .len()
        .min(body.saturating_sub(detail).max(body / 2))
        .max(1);
    let labels: Vec<String> = view
        .entries
        .iter()
        .map(|e| format!("{}  {:<8} {}", e.taken, e.action, e.summary))
        .collect();
    let list = Rect {
        y: inner.y + 1,
        height: list_room as u16,
        ..inner
    };
    select_list(app, &labels, selected, list, buf);
    let detail_y = inner.y + 1 + list_room as u16;
    let room = body.saturating_sub(list_room);
    if let Some(e) = view.entries.get(selected) {
        let mut lines = vec![format!("what the {} of {} changed:", e.action, e.taken)];
        lines.extend(e.lines.iter().map(|l| format!("  {l}")));
        if e.lines.is_empty() {
            lines.push(format!("  {}", e.summary));
        }
        for (i, l) in lines.iter().take(room).enumerate() {
            let style = if i == 0 {
                app.theme.dim()
            } else {
                Style::default()
            };
            buf.set_line(
                inner.x,
                detail_y + i as u16,
                &Line::styled(fit(l, w), style),
                inner.width,
            );
        }
    }
    buf.set_line(
        inner.x,
        inner.y + inner.height - 1,
        &Line::styled(
            fit(
                "↑↓ choose · Enter: roll back to before it (diff first) · Esc",
                w,
            ),
            app.theme.dim(),
        ),
        inner.width,
    );
}

fn render_compare(
    app: &App,
    doc: crate::tui::workspace::DocId,
    view: &crate::tui::app::CompareView,
    scroll: usize,
    all: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    use crate::core::compare::shown;
    let rows: Vec<&crate::core::compare::Row> =
        view.rows.iter().filter(|r| all || !r.same).collect();
    let h = (rows.len().max(1) as u16 + 5)
        .min(area.height.saturating_sub(2))
        .max(6);
    let inner = boxed(
        &format!("Compare with {}", view.tenant),
        centred(area, area.width.saturating_sub(4).min(120), h),
        buf,
        app,
    );
    let w = inner.width as usize;
    let mut y = inner.y;
    let bottom = inner.y + inner.height - 1;
    let mut line = |text: &str, style: Style, y: &mut u16| {
        if *y < bottom {
            buf.set_line(inner.x, *y, &Line::styled(fit(text, w), style), inner.width);
            *y += 1;
        }
    };
    if view.missing {
        line(
            &format!(
                "no {} with this name on {}: every field differs",
                doc.kind().as_str(),
                view.tenant
            ),
            app.theme.severity(crate::core::Severity::Warning),
            &mut y,
        );
    }
    // Paths get the room the values do not need (values at least a third each).
    let longest = |f: &dyn Fn(&crate::core::compare::Row) -> usize| {
        rows.iter().map(|r| f(r)).max().unwrap_or(0)
    };
    let value_w = longest(&|r| {
        r.values
            .iter()
            .map(|v| shown(&r.path, v.as_ref()).chars().count())
            .max()
            .unwrap_or(1)
    })
    .max(view.tenant.chars().count())
    .max(13)
    .min(w.saturating_sub(6) / 3);
    // A connection's fields are its options: the common prefix is left out.
    let label = |p: &str| p.strip_prefix("/options/").unwrap_or(p).to_string();
    let field_w = longest(&|r| label(&r.path).chars().count())
        .max(5)
        .min(w.saturating_sub(6 + 2 * value_w).max(w * 2 / 5));
    let col = w.saturating_sub(field_w + 6) / 2;
    let cell = |s: String| fit(&s, col);
    line(
        &format!(
            "  {:<field_w$}  {:<col$}  {}",
            "field",
            cell("this document".into()),
            cell(view.tenant.clone())
        ),
        app.theme.dim(),
        &mut y,
    );
    let room = bottom.saturating_sub(y) as usize;
    let first = scroll.min(rows.len().saturating_sub(room));
    if rows.is_empty() {
        line(
            "  the fields this document has are the same on both",
            Style::default(),
            &mut y,
        );
    }
    for r in rows.iter().skip(first).take(room) {
        let mine = shown(&r.path, r.values[0].as_ref());
        let theirs = if r.same {
            "=".to_string()
        } else {
            shown(&r.path, r.values.get(1).and_then(Option::as_ref))
        };
        let style = if r.same {
            Style::default()
        } else {
            app.theme.severity(crate::core::Severity::Warning)
        };
        line(
            &format!(
                "{} {:<field_w$}  {:<col$}  {}",
                if r.same { '=' } else { '≠' },
                fit(&label(&r.path), field_w),
                cell(mine),
                cell(theirs)
            ),
            style,
            &mut y,
        );
    }
    let differ = view.differing();
    let mut footer = format!(
        "{differ} differ{}, {} agree",
        if differ == 1 { "s" } else { "" },
        view.rows.len() - differ
    );
    if view.left_out > 0 {
        footer.push_str(&format!(
            " ({} more field{} on {} only)",
            view.left_out,
            if view.left_out == 1 { "" } else { "s" },
            view.tenant
        ));
    }
    footer.push_str(if all {
        " · a: differences · Esc"
    } else {
        " · a: all · Esc"
    });
    buf.set_line(
        inner.x,
        bottom,
        &Line::styled(fit(&footer, w), app.theme.dim()),
        inner.width,
    );
}

pub fn render_help(app: &App, area: Rect, buf: &mut Buffer) {
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
