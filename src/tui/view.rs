//! The layout: which panes are shown where, for the terminal's size.

use crate::core::Kind;
use crate::tui::app::{App, Pane};
use crate::tui::panes::{
    fields::FieldsPane, files::FilesPane, overlay, preview::PreviewPane, problems::ProblemsPane,
    status::StatusBar,
};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

/// Below this the editor shows a notice instead of panes.
pub const MIN_SIZE: (u16, u16) = (60, 15);
/// From this width both document panes are shown beside the preview.
const WIDE: u16 = 120;

pub struct Areas {
    pub files: Option<Rect>,
    pub docs: Vec<(Kind, Rect)>,
    pub preview: Rect,
    pub problems: Rect,
    pub status: Rect,
}

pub fn areas(app: &App, area: Rect) -> Areas {
    if app.zoomed {
        return zoomed(app, area);
    }
    let n_problems = app.problem_count() as u16;
    let problems_h = (n_problems.max(1) + 2).min(if area.height >= 30 { 10 } else { 6 });
    let [main, problems, status] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(problems_h),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut docs = Vec::new();
    let mut files = None;
    let shown = app
        .doc_pane
        .doc()
        .filter(|d| app.slot(*d).is_some())
        .or_else(|| app.current_doc());
    let preview = if app.tree.is_some() && area.width >= WIDE {
        // The Files pane as wide as its longest name needs (with its count
        // columns), from a sixth up to a third; the preview what its widest
        // line needs (the document pane keeping its room), the document the
        // rest. With nothing open yet, the Files pane takes the document's
        // room too (names whole, no empty column).
        let files_w = files_width(app, main.width);
        let preview_w = preview_width(app, main.width - files_w, 1);
        let files_w = if shown.is_some() {
            Constraint::Length(files_w)
        } else {
            Constraint::Fill(1)
        };
        let [f, a, c] =
            Layout::horizontal([files_w, Constraint::Fill(1), Constraint::Length(preview_w)])
                .areas(main);
        if let Some(doc) = shown {
            files = Some(f);
            docs.push((doc, a));
        } else {
            files = Some(f.union(a));
        }
        c
    } else if app.tree.is_none() && area.width >= WIDE {
        // Both document panes; one with nothing open is a narrow column
        // saying how to open one.
        let open = |d: Kind| app.slot(d).is_some();
        let width_of = |d: Kind| {
            if open(d) {
                Constraint::Fill(1)
            } else {
                Constraint::Length(NONE_OPEN_W)
            }
        };
        let docs_open = u16::from(open(Kind::Profile)) + u16::from(open(Kind::Connection));
        let preview_w = preview_width(
            app,
            main.width
                .saturating_sub(if docs_open < 2 { NONE_OPEN_W } else { 0 }),
            docs_open.max(1),
        );
        let [a, b, c] = Layout::horizontal([
            width_of(Kind::Profile),
            width_of(Kind::Connection),
            Constraint::Length(preview_w),
        ])
        .areas(main);
        docs.push((Kind::Profile, a));
        docs.push((Kind::Connection, b));
        c
    } else {
        let [a, b] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(preview_width(app, main.width, 1)),
        ])
        .areas(main);
        // A tree's Files pane takes the left column while it has focus (or nothing is open);
        // a document pane with nothing open, while it has focus.
        match (shown, app.focus.doc()) {
            (_, Some(doc)) if app.slot(doc).is_none() => docs.push((doc, a)),
            (Some(doc), _) if app.tree.is_none() || app.focus != Pane::Files => docs.push((doc, a)),
            _ if app.tree.is_some() => files = Some(a),
            _ => {}
        }
        b
    };
    Areas {
        files,
        docs,
        preview,
        problems,
        status,
    }
}

/// The Files pane's width in `width` columns: its longest name, the count
/// and open-mark columns and the borders, between a sixth and a third.
fn files_width(app: &App, width: u16) -> u16 {
    let longest = app.tree.as_ref().map_or(0, |t| {
        t.entries
            .iter()
            .map(|e| unicode_width::UnicodeWidthStr::width(t.shown(e).as_str()))
            .max()
            .unwrap_or(0)
    });
    // Borders 2, an error and a warning count up to "✗99 " each, the open mark.
    let needed = (longest + 2 + 8 + 2).min(usize::from(u16::MAX)) as u16;
    needed.clamp(width / 6, width / 3)
}

/// `+`: the focused pane above the status bar, nothing else.
fn zoomed(app: &App, area: Rect) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let none = Rect::new(area.x, area.y, 0, 0);
    let mut a = Areas {
        files: None,
        docs: Vec::new(),
        preview: none,
        problems: none,
        status,
    };
    match app.focus {
        Pane::Preview => a.preview = main,
        Pane::Problems => a.problems = main,
        Pane::Files => a.files = Some(main),
        _ => match app.current_doc() {
            Some(doc) => a.docs.push((doc, main)),
            None => a.preview = main,
        },
    }
    a
}

/// The width of a document pane with nothing open.
const NONE_OPEN_W: u16 = 34;

/// The document panes keep at least this many columns each.
const DOC_MIN: u16 = 46;

/// The preview's width beside `docs` document panes in `width` columns: what
/// its widest line needs (number gutter and borders included) when the
/// document panes keep their room, never less than 40 % (28 % beside two).
fn preview_width(app: &App, width: u16, docs: u16) -> u16 {
    let widest = app
        .current_doc()
        .and_then(|d| app.slot(d))
        .map_or(0, |s| s.widest);
    let needed = (widest + 6).min(u16::MAX as usize) as u16;
    let most = width.saturating_sub(DOC_MIN * docs);
    let least = (u32::from(width) * if docs > 1 { 28 } else { 40 } / 100) as u16;
    needed.min(most).max(least)
}

/// Draws the whole editor: a pure function of the state.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    draw(app, area, buf);
    if app.theme.ascii {
        to_ascii(buf, area);
    }
}

fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        overlay::render_too_small(area, buf, MIN_SIZE);
        return;
    }
    let a = areas(app, area);
    if let Some(r) = a.files {
        FilesPane { app }.render(r, buf);
    }
    for (doc, r) in &a.docs {
        FieldsPane { app, doc: *doc }.render(*r, buf);
    }
    if !a.preview.is_empty() {
        PreviewPane { app }.render(a.preview, buf);
    }
    if !a.problems.is_empty() {
        ProblemsPane { app }.render(a.problems, buf);
    }
    name_hidden(app, &a, buf);
    StatusBar { app }.render(a.status, buf);
    if app.dialog.is_some() {
        overlay::render_dialog(app, area, buf);
    }
    if app.help {
        overlay::render_help(app, area, buf);
    }
}

/// Where one pane stands for several (narrow terminals, a tree's Files
/// pane), the panes not shown are named on its top edge, right-aligned after
/// its title (`[3] Password policy  [1] Files`): what Tab or a digit reaches.
fn name_hidden(app: &App, a: &Areas, buf: &mut Buffer) {
    if app.zoomed {
        return;
    }
    let mut shown: Vec<Pane> = a.docs.iter().map(|(d, _)| Pane::of(*d)).collect();
    if a.files.is_some() {
        shown.push(Pane::Files);
    }
    let hidden: Vec<String> = app
        .panes()
        .into_iter()
        .filter(|p| p.doc().is_some() || *p == Pane::Files)
        .filter(|p| !shown.contains(p))
        .map(|p| format!("[{}] {}", app.pane_number(p), app.pane_name(p)))
        .collect();
    let Some(area) = a.docs.first().map(|(_, r)| *r).or(a.files) else {
        return;
    };
    if hidden.is_empty() || area.width < 8 {
        return;
    }
    // After the title: the first cell from the right end back to the last
    // non-border symbol of the top edge.
    let y = area.y;
    let border = |s: &str| matches!(s, "━" | "─" | "┏" | "┓" | "┌" | "┐" | " ");
    let right = area.x + area.width - 1;
    let mut title_end = area.x + 1;
    for x in (area.x + 1..right).rev() {
        if buf.cell((x, y)).is_some_and(|c| !border(c.symbol())) {
            title_end = x + 1;
            break;
        }
    }
    let room = (right.saturating_sub(title_end + 1)) as usize;
    if room < 8 {
        return;
    }
    let joined = hidden.join("  ");
    let padded = format!(" {joined} ");
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let text = if width(&padded) <= room {
        padded
    } else {
        crate::tui::panes::fit(&joined, room)
    };
    let w = unicode_width::UnicodeWidthStr::width(text.as_str()) as u16;
    buf.set_string(right - w, y, &text, app.theme.dim());
}

/// Every cell of `area` that is not ASCII, as its nearest ASCII (one place,
/// so no pane can forget it).
fn to_ascii(buf: &mut Buffer, area: Rect) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y))
                && !cell.symbol().is_ascii()
            {
                let ascii = crate::tui::theme::ascii_for(cell.symbol());
                cell.set_symbol(ascii);
            }
        }
    }
}

/// Rows a page holds in the focused list, for PgUp/PgDn.
pub fn page_size(app: &App, area: Rect) -> usize {
    let a = areas(app, area);
    let h = match app.focus {
        Pane::Problems => a.problems.height,
        Pane::Preview => a.preview.height,
        Pane::Files => a.files.map_or(10, |r| r.height),
        _ => a.docs.first().map_or(10, |(_, r)| r.height),
    };
    h.saturating_sub(2).max(1) as usize
}
