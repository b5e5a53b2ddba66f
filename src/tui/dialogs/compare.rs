//! Ctrl-T: the open document beside another tenant's object of its name,
//! full screen: a row per field the document has (only those that differ,
//! `a` for all), every value whole (long ones wrap in their column), and,
//! when the two password policies are of different types, both policies in
//! the editor's words. j/k, PgUp/PgDn, g/G scroll.

use crate::core::Kind;
use crate::core::Severity;
use crate::core::compare::{self, shown_whole};
use crate::tui::app::App;
use crate::tui::dialogs::Sideways;
use crate::tui::panes::overlay::boxed;
use crate::tui::panes::{fit, wrap_breaking, wrap_words};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// The open document against another tenant.
pub struct CompareView {
    pub tenant: String,
    /// The fields the document has, both sides.
    pub rows: Vec<compare::Row>,
    /// Fields the other tenant has that the document does not name.
    pub left_out: usize,
    /// No object of the document's name on the other tenant.
    pub missing: bool,
    /// Each side's password policy in words, when their types differ
    /// ([`compare::policies`]).
    pub policies: Option<Vec<Option<crate::core::password::PolicyWords>>>,
}

impl CompareView {
    /// The document (`mine`) against the other tenant's object of its name.
    pub fn new(tenant: String, mine: &Value, other: Option<&Value>) -> CompareView {
        let (rows, left_out) = compare::rows_of_document(mine, other);
        CompareView {
            tenant,
            rows,
            left_out,
            missing: other.is_none(),
            policies: compare::policies(&[Some(mine), other]),
        }
    }

    pub fn differing(&self) -> usize {
        self.rows.iter().filter(|r| !r.same).count()
    }
}

pub struct Compare {
    pub doc: Kind,
    pub view: CompareView,
    /// The first row shown.
    scroll: usize,
    /// The last first row the latest frame could show (rows depend on the
    /// width): keys never scroll past it, so k after G moves at once.
    last_first: std::cell::Cell<usize>,
    /// Every field, not only those that differ.
    all: bool,
    /// Long values wrapped in their column, or one row a field scrolled
    /// sideways (←/→).
    side: Sideways,
    /// The width the latest frame had (← and → step by half of it).
    width: std::cell::Cell<usize>,
}

/// What a key did.
pub enum Step {
    Keep,
    Close,
}

/// How a shown row looks.
#[derive(Clone, Copy)]
enum Look {
    Plain,
    Dim,
    Differs,
    Heading,
}

impl Compare {
    pub fn new(doc: Kind, view: CompareView) -> Compare {
        Compare {
            doc,
            view,
            scroll: 0,
            last_first: std::cell::Cell::new(usize::MAX),
            all: false,
            side: Sideways::default(),
            width: std::cell::Cell::new(80),
        }
    }

    pub fn key(&mut self, key: KeyEvent, page: usize) -> Step {
        let page = page.max(1);
        let ch = match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
            _ => None,
        };
        match (key.code, ch) {
            (KeyCode::Esc | KeyCode::Enter, _) | (_, Some('q')) => return Step::Close,
            (KeyCode::Up, _) | (_, Some('k')) => self.scroll = self.scroll.saturating_sub(1),
            (KeyCode::Down, _) | (_, Some('j')) => self.scroll = self.scroll.saturating_add(1),
            (KeyCode::PageUp, _) => self.scroll = self.scroll.saturating_sub(page),
            (KeyCode::PageDown, _) | (_, Some(' ')) => {
                self.scroll = self.scroll.saturating_add(page)
            }
            (KeyCode::Home, _) | (_, Some('g')) => self.scroll = 0,
            (KeyCode::End, _) | (_, Some('G')) => self.scroll = usize::MAX,
            (_, Some('a')) => {
                self.all = !self.all;
                self.scroll = 0;
                self.last_first.set(usize::MAX);
            }
            (KeyCode::Left | KeyCode::Right, _) => {
                let w = self.width.get();
                let was = self.side.wraps();
                let longest = if was {
                    0
                } else {
                    self.rows(w, false)
                        .iter()
                        .map(|(t, _)| t.width())
                        .max()
                        .unwrap_or(0)
                };
                self.side.key(key.code, w, longest);
                if self.side.wraps() != was {
                    // Rows of another height: the last page is found again.
                    self.last_first.set(usize::MAX);
                }
            }
            _ => {}
        }
        self.scroll = self.scroll.min(self.last_first.get());
        Step::Keep
    }

    /// Every row shown at width `w`, in order; long values wrapped in
    /// their column, or (`wraps` false) each field on one row.
    fn rows(&self, w: usize, wraps: bool) -> Vec<(String, Look)> {
        let view = &self.view;
        let mut out = Vec::new();
        if view.missing {
            out.push((
                format!(
                    "no {} with this name on {}: every field differs",
                    self.doc.as_str(),
                    view.tenant
                ),
                Look::Differs,
            ));
        }
        let rows: Vec<&compare::Row> = view.rows.iter().filter(|r| self.all || !r.same).collect();
        // A connection's fields are its options: the common prefix is left out.
        let label = |p: &str| p.strip_prefix("/options/").unwrap_or(p).to_string();
        // Each field's row: its cells as shown, its mark and look.
        struct Shown {
            field: String,
            mine: String,
            theirs: String,
            mark: &'static str,
            look: Look,
        }
        let shown: Vec<Shown> = rows
            .iter()
            .map(|r| {
                let mine = shown_whole(&r.path, r.values[0].as_ref());
                let (theirs, mark, look) = if r.same {
                    ("=".to_string(), "=", Look::Plain)
                } else {
                    let theirs = shown_whole(&r.path, r.values.get(1).and_then(Option::as_ref));
                    (theirs, "≠", Look::Differs)
                };
                let field = label(&r.path);
                Shown {
                    field,
                    mine,
                    theirs,
                    mark,
                    look,
                }
            })
            .collect();
        let widest = |f: fn(&Shown) -> usize, least: usize| {
            shown.iter().map(f).max().unwrap_or(0).max(least)
        };
        let field_w = widest(|r| r.field.chars().count(), 5);
        // Wrapped, the columns share the width; on one row each, a column
        // is as wide as its widest value.
        let (field_w, col) = if wraps {
            let field_w = field_w.clamp(5, (w * 2 / 5).max(5));
            (field_w, w.saturating_sub(field_w + 6).max(2) / 2)
        } else {
            (
                field_w,
                widest(|r| r.mine.chars().count(), "this document".len()),
            )
        };
        let row_of = |mark: &str, cells: [&str; 3], look: Look, out: &mut Vec<(String, Look)>| {
            // The last column takes what the others leave.
            let last = w.saturating_sub(field_w + col + 6).max(col);
            let parts: Vec<Vec<String>> = [(cells[0], field_w), (cells[1], col), (cells[2], last)]
                .iter()
                .map(|(s, cw)| {
                    if wraps {
                        wrap_breaking(s, *cw)
                    } else {
                        vec![s.to_string()]
                    }
                })
                .collect();
            let height = parts.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for i in 0..height {
                let cell = |n: usize| parts[n].get(i).map_or("", String::as_str);
                let mark = if i == 0 { mark } else { " " };
                let text = format!(
                    "{mark} {:<field_w$}  {:<col$}  {}",
                    cell(0),
                    cell(1),
                    cell(2)
                );
                out.push((text.trim_end().to_string(), look));
            }
        };
        row_of(
            " ",
            ["field", "this document", &view.tenant],
            Look::Dim,
            &mut out,
        );
        if rows.is_empty() {
            out.push((
                "  the fields this document has are the same on both".into(),
                Look::Plain,
            ));
        }
        for r in &shown {
            row_of(r.mark, [&r.field, &r.mine, &r.theirs], r.look, &mut out);
        }
        if let Some(sides) = &view.policies {
            out.push((String::new(), Look::Plain));
            out.push((
                "The password policies are of different types. Each in full:".into(),
                Look::Heading,
            ));
            for (who, side) in ["this document".to_string(), view.tenant.clone()]
                .iter()
                .zip(sides)
            {
                match side {
                    None => out.push((format!("{who}: no such object"), Look::Heading)),
                    Some(words) => {
                        out.push((format!("{who}: {}", words.name), Look::Heading));
                        for l in &words.rules {
                            let parts = if wraps {
                                wrap_words(l, w.saturating_sub(4))
                            } else {
                                vec![l.clone()]
                            };
                            for (i, part) in parts.iter().enumerate() {
                                let lead = if i == 0 { "  • " } else { "    " };
                                out.push((format!("{lead}{part}"), Look::Plain));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        if area.height < 5 || area.width < 12 {
            return;
        }
        let w = area.width as usize - 2;
        self.width.set(w);
        let wraps = self.side.wraps();
        let rows = self.rows(w, wraps);
        // Whether ←/→ would show anything: a row longer than the width.
        let long = !wraps || self.rows(w, false).iter().any(|(t, _)| t.width() > w);
        let footer = self.footer(w);
        let room = (area.height as usize - 2)
            .saturating_sub(footer.len())
            .max(1);
        self.last_first.set(rows.len().saturating_sub(room));
        let first = self.scroll.min(rows.len().saturating_sub(room));
        let mut title = format!("Compare with {}", self.view.tenant);
        let sideways = if long { " ←/→" } else { "" };
        if rows.len() > room {
            title.push_str(&format!(
                " — rows {}–{} of {}, j/k PgUp/PgDn g/G{sideways} scroll",
                first + 1,
                (first + room).min(rows.len()),
                rows.len()
            ));
        } else if long {
            title.push_str(" — ←/→ scroll");
        }
        let inner = boxed(&title, area, buf, app);
        for (i, (text, look)) in rows.iter().skip(first).take(room).enumerate() {
            let style = match look {
                Look::Plain => Style::default(),
                Look::Dim => app.theme.dim(),
                Look::Differs => app.theme.severity(Severity::Warning),
                Look::Heading => app.theme.title(false),
            };
            buf.set_line(
                inner.x,
                inner.y + i as u16,
                &Line::styled(
                    if self.side.wraps() {
                        fit(text, w)
                    } else {
                        self.side.row(text, w, 2)
                    },
                    style,
                ),
                inner.width,
            );
        }
        let bottom = inner.y + inner.height - footer.len() as u16;
        for (i, part) in footer.iter().enumerate() {
            buf.set_line(
                inner.x,
                bottom + i as u16,
                &Line::styled(part.clone(), app.theme.dim()),
                inner.width,
            );
        }
    }

    /// The counts and keys under the rows, wrapped at spaces (two rows at
    /// most) rather than cut.
    fn footer(&self, w: usize) -> Vec<String> {
        let view = &self.view;
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
        footer.push_str(if self.all {
            " · a: differences only · Esc"
        } else {
            " · a: all fields · Esc"
        });
        let mut lines = wrap_words(&footer, w);
        lines.truncate(2);
        lines
    }
}
