//! Ctrl-T with several other tenants named: which one to compare the open
//! document with. `/` filters the names.

use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::dialogs::list::{FilterList, ListStep};
use crate::tui::panes::overlay::{boxed, centred};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub struct PickTenant {
    pub doc: Kind,
    names: Vec<String>,
    list: FilterList,
}

/// What a key did.
pub enum Step {
    Keep,
    Close,
    /// Compare with this tenant.
    Compare(String),
}

impl PickTenant {
    pub fn new(doc: Kind, names: Vec<String>) -> PickTenant {
        PickTenant {
            doc,
            list: FilterList::new(names.clone()),
            names,
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> Step {
        match self.list.key(key) {
            ListStep::Close => Step::Close,
            ListStep::Chosen(i) => Step::Compare(self.names[i].clone()),
            ListStep::Keep | ListStep::Other => Step::Keep,
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let h = (self.list.len_shown().max(1) as u16 + 4)
            .min(area.height.saturating_sub(2))
            .max(6);
        let inner = boxed("Compare with", centred(area, 56, h), buf, app);
        if inner.height < 3 {
            return;
        }
        let list = Rect {
            height: inner.height - 2,
            ..inner
        };
        self.list.render(app, list, buf);
        self.list.render_footer(
            app,
            inner,
            "Enter compares · / filters · j/k move · Esc cancels",
            buf,
        );
    }
}
