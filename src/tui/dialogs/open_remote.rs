//! Ctrl-O: the tenant's profiles, templates and database connections, to
//! open one as a new document. `/` filters the list by what its lines say.

use crate::core::Kind;
use crate::tui::app::App;
use crate::tui::dialogs::list::{FilterList, ListStep};
use crate::tui::panes::overlay::{boxed, centred};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use serde_json::Value;

/// One thing Ctrl-O can open.
#[derive(Debug, Clone)]
pub struct RemoteItem {
    pub label: String,
    /// The document it opens as.
    pub kind: Kind,
    /// The document; `Err` says why it cannot be opened.
    pub value: Result<Value, String>,
}

#[derive(Debug)]
pub struct OpenRemote {
    items: Vec<RemoteItem>,
    list: FilterList,
}

/// What a key did.
pub enum Step {
    Keep,
    Close,
    Open(RemoteItem),
}

impl OpenRemote {
    pub fn new(items: Vec<RemoteItem>) -> OpenRemote {
        let list = FilterList::new(items.iter().map(|i| i.label.clone()).collect());
        OpenRemote { items, list }
    }

    pub fn key(&mut self, key: KeyEvent) -> Step {
        match self.list.key(key) {
            ListStep::Close => Step::Close,
            ListStep::Chosen(at) => Step::Open(self.items.swap_remove(at)),
            ListStep::Keep | ListStep::Other => Step::Keep,
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let h = (self.list.len_shown() as u16 + 4)
            .min(area.height.saturating_sub(2))
            .max(6);
        let inner = boxed("Open from the tenant", centred(area, 90, h), buf, app);
        let list = Rect {
            height: inner.height.saturating_sub(2),
            ..inner
        };
        self.list.render(app, list, buf);
        self.list.render_footer(
            app,
            inner,
            "Enter opens · / filters · j/k move · Esc cancels",
            buf,
        );
    }
}
