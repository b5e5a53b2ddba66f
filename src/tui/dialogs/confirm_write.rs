//! The push and rollback confirmation: full screen, every line of what will
//! be sent readable (long lines wrap, objects are shown whole, line by
//! line), scrollable, and naming the tenant it writes to. On a protected
//! tenant only its name typed back sends.

use crate::core::Kind;
use crate::io::api::push::{Action, Plan};
use crate::tui::app::App;
use crate::tui::dialogs::Sideways;
use crate::tui::panes::overlay::{boxed, choices};
use crate::tui::panes::{plain, wrap, wrap_marked};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

pub struct ConfirmWrite {
    pub doc: Kind,
    pub plan: Box<Plan>,
    /// What is shown: the preface, then each change line by line, notes and
    /// warnings (computed once, when the dialog opens).
    lines: Vec<String>,
    /// The first row shown (a long line wraps into several).
    scroll: usize,
    /// The last first row the latest frame could show (rows depend on the
    /// width): keys never scroll past it.
    last_first: std::cell::Cell<usize>,
    /// On a protected tenant: where its name is typed back.
    typed: Option<Box<TextArea<'static>>>,
    /// "prod (acme.eu.auth0.com)": where the write goes.
    tenant: String,
    /// Long lines wrapped, or scrolled sideways (←/→).
    side: Sideways,
    /// The width the latest frame gave the lines (← and → step by half).
    width: std::cell::Cell<usize>,
}

/// What a key did.
pub enum Step {
    Keep,
    Cancel,
    Send,
    /// Enter with the wrong name typed.
    Mistyped,
}

impl ConfirmWrite {
    pub fn new(
        doc: Kind,
        plan: Box<Plan>,
        preface: Vec<String>,
        tenant: String,
        protected_name: Option<&str>,
    ) -> ConfirmWrite {
        let mut lines = preface;
        lines.extend(crate::tui::app::push_lines(&plan));
        let verb = if plan.action == Action::Rollback {
            "roll back"
        } else {
            "push"
        };
        let typed = protected_name.map(|name| {
            let mut input = TextArea::new(vec![String::new()]);
            input.set_cursor_line_style(Style::default());
            input.set_placeholder_text(format!("type {name} to {verb}"));
            Box::new(input)
        });
        ConfirmWrite {
            doc,
            plan,
            lines,
            scroll: 0,
            last_first: std::cell::Cell::new(usize::MAX),
            typed,
            tenant,
            side: Sideways::default(),
            width: std::cell::Cell::new(80),
        }
    }

    pub fn is_rollback(&self) -> bool {
        self.plan.action == Action::Rollback
    }

    /// The lines shown (for tests and the message log).
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// `name`: the protected tenant's name that must be typed back.
    pub fn key(&mut self, key: KeyEvent, name: &str, page: usize) -> Step {
        let ch = match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
            _ => None,
        };
        let last = self.last_first.get();
        self.scroll = self.scroll.min(last);
        let page = page.max(1);
        match key.code {
            KeyCode::Esc => return Step::Cancel,
            KeyCode::Down => self.scroll = (self.scroll + 1).min(last),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = last,
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = (self.scroll + page).min(last),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(page),
            KeyCode::Enter => {
                if let Some(input) = &self.typed {
                    let ok = input.lines().first().map(|l| l.trim()) == Some(name);
                    return if ok { Step::Send } else { Step::Mistyped };
                }
            }
            KeyCode::Tab | KeyCode::BackTab => {}
            // Sideways, also while a protected tenant's name is typed.
            KeyCode::Left | KeyCode::Right => {
                let longest = self.lines.iter().map(|l| l.width()).max().unwrap_or(0);
                self.side.key(key.code, self.width.get(), longest);
            }
            _ => match (&mut self.typed, ch) {
                (Some(input), _) => {
                    input.input(key);
                }
                (None, Some('y' | 'Y')) => return Step::Send,
                (None, Some('n' | 'N' | 'q')) => return Step::Cancel,
                (None, Some('j')) => self.scroll = (self.scroll + 1).min(last),
                (None, Some('k')) => self.scroll = self.scroll.saturating_sub(1),
                (None, Some('g')) => self.scroll = 0,
                (None, Some('G')) => self.scroll = last,
                _ => {}
            },
        }
        Step::Keep
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let rollback = self.is_rollback();
        let title = if rollback {
            format!("Roll back on {}", self.tenant)
        } else if let n @ 1.. = self.plan.overwritten() {
            format!("Push to {}: {n} overwrite the tenant's values", self.tenant)
        } else {
            format!("Push to {}", self.tenant)
        };
        let inner = boxed(&title, area, buf, app);
        if inner.height < 3 || inner.width < 10 {
            return;
        }
        let w = inner.width as usize;
        let head = if rollback {
            format!("{}:", self.plan.label)
        } else if matches!(
            self.plan.target,
            crate::io::api::push::Target::CreateProfile
                | crate::io::api::push::Target::CreateConnection
        ) {
            format!("Create {}:", self.plan.label)
        } else {
            format!("Update {}:", self.plan.label)
        };
        let mut y = inner.y;
        for part in wrap(&head, w).into_iter().take(2) {
            buf.set_line(inner.x, y, &Line::from(part.to_string()), inner.width);
            y += 1;
        }
        let bottom = inner.y + inner.height - 1;
        let room = bottom.saturating_sub(y) as usize;
        // Whole lines, wrapped to the width (or one row each, scrolled
        // sideways), scrolled by rows: a script longer than the screen is
        // read to its end too.
        self.width.set(w);
        let rows: Vec<(String, Style)> = self
            .lines
            .iter()
            .flat_map(|l| {
                let style = app.theme.diff_line(l);
                let rows = if self.side.wraps() {
                    wrap_marked(l, w)
                } else {
                    vec![self.side.row(l, w, 2)]
                };
                rows.into_iter().map(move |r| (r, style))
            })
            .collect();
        let last_first = rows.len().saturating_sub(room);
        self.last_first.set(last_first);
        let first = self.scroll.min(last_first);
        for (row, style) in rows.iter().skip(first).take(room) {
            buf.set_line(inner.x, y, &Line::styled(row.as_str(), *style), inner.width);
            y += 1;
        }
        // ←/→ where a line is longer than the width (see the help).
        let long = !self.side.wraps() || self.lines.iter().any(|l| l.width() > w);
        let sideways = if long { " ←/→" } else { "" };
        let more = if rows.len() > room {
            format!(
                "  rows {}–{} of {} · j/k g/G{sideways}",
                first + 1,
                (first + room).min(rows.len()),
                rows.len()
            )
        } else if long {
            "  ←/→ scroll".to_string()
        } else {
            String::new()
        };
        match &self.typed {
            Some(input) => {
                // A protected tenant: its name typed back, not a key.
                let name = app.tenant.as_ref().map_or("", |t| t.name.as_str());
                let label = format!("PROTECTED {name} — type its name, Enter: ");
                let lw = label.chars().count() as u16;
                buf.set_line(
                    inner.x,
                    bottom,
                    &Line::styled(label, app.theme.badge()),
                    inner.width,
                );
                let r = Rect {
                    x: inner.x + lw.min(inner.width),
                    y: bottom,
                    width: inner.width.saturating_sub(lw),
                    height: 1,
                };
                input.as_ref().render(r, buf);
            }
            None => {
                let yes = if rollback {
                    "es, roll back"
                } else {
                    "es, push"
                };
                let mut footer = choices(&[("Y", yes), ("N", "o")], app);
                footer.spans.push(plain(more));
                buf.set_line(inner.x, bottom, &footer, inner.width);
            }
        }
    }
}
