//! The Files pane of a deploy-cli tree: j/k and the arrows move, `/` starts
//! a filter, Enter opens the document into the workspace; Ctrl-N names a new
//! profile. Keys it does not use (`?`, `q`, Tab, …) go on to the keymap.

use super::{App, Dialog, Effect, Level, Pane};
use crate::core::Kind;
use crate::tui::workspace::OpenDocument;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

impl App {
    /// Keys of the Files pane; `None` passes the key on to the keymap.
    pub(super) fn files_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let page = self.page().max(1);
        let tree = self.tree.as_mut()?;
        let n = tree.visible().len();
        let mut moved = |d: isize| {
            tree.cursor = (tree.cursor as isize + d).clamp(0, n.saturating_sub(1) as isize) as usize
        };
        if tree.filtering {
            // Typing filters; the arrows still move, Enter opens the line
            // selected, Esc clears the filter.
            match key.code {
                KeyCode::Up => moved(-1),
                KeyCode::Down => moved(1),
                KeyCode::Backspace => {
                    tree.filter.pop();
                    tree.cursor = 0;
                }
                KeyCode::Esc => {
                    tree.filter.clear();
                    tree.filtering = false;
                    tree.cursor = 0;
                }
                KeyCode::Char(c) if plain => {
                    tree.filter.push(c);
                    tree.cursor = 0;
                }
                KeyCode::Enter => {
                    tree.filtering = false;
                    return Some(self.open_selected());
                }
                _ => return None,
            }
            return Some(Vec::new());
        }
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => moved(-1),
            KeyCode::Down | KeyCode::Char('j') => moved(1),
            KeyCode::PageUp => moved(-(page as isize)),
            KeyCode::PageDown => moved(page as isize),
            KeyCode::Home | KeyCode::Char('g') => moved(isize::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => moved(isize::MAX / 2),
            KeyCode::Char('/') => tree.filtering = true,
            KeyCode::Esc if !tree.filter.is_empty() => {
                tree.filter.clear();
                tree.cursor = 0;
            }
            KeyCode::Enter => return Some(self.open_selected()),
            _ => return None,
        }
        Some(Vec::new())
    }

    fn open_selected(&mut self) -> Vec<Effect> {
        let Some(e) = self.tree.as_ref().and_then(|t| t.selected()).cloned() else {
            return Vec::new();
        };
        if let Some(slot) = self.slot(e.kind) {
            if slot.path.as_ref() == Some(&e.path) {
                self.focus = Pane::of(e.kind);
                self.doc_pane = self.focus;
                return Vec::new();
            }
            if slot.dirty() {
                let name = slot.file_name();
                self.set_status(format!("{name} has unsaved changes: Ctrl-S saves them (Ctrl-Z undoes) before opening another"), Level::Error);
                return Vec::new();
            }
        }
        if self.slot(e.kind).is_some() && self.busy_with(e.kind) {
            return Vec::new();
        }
        vec![Effect::Read {
            purpose: super::ReadFor::Open,
            doc: e.kind,
            path: e.path,
        }]
    }

    /// Ctrl-N: a new profile in the tree.
    pub(super) fn start_new_profile(&mut self) {
        if self.tree.is_none() {
            self.set_status(
                "Ctrl-N creates a profile in a deploy-cli tree: open connedit on the tree's folder",
                Level::Info,
            );
            return;
        }
        if self.profile.as_ref().is_some_and(OpenDocument::dirty) {
            self.set_status(
                "the open profile has unsaved changes: Ctrl-S first",
                Level::Error,
            );
            return;
        }
        if self.profile.is_some() && self.busy_with(Kind::Profile) {
            return;
        }
        self.dialog = Some(Dialog::Prompt(Box::new(
            crate::tui::dialogs::prompt::Prompt::new(
                crate::tui::dialogs::prompt::Purpose::NewProfile,
                String::new(),
                "profile name, e.g. okta-acme",
            ),
        )));
    }

    /// A request about the open document of `kind` is running (its answer
    /// goes into that document: a created id, a plan to confirm), so it is
    /// not replaced; says so.
    fn busy_with(&mut self, kind: Kind) -> bool {
        let Some(b) = self.busy.as_ref().filter(|b| b.doc == Some(kind)) else {
            return false;
        };
        let what = b.what.clone();
        self.set_status(
            format!(
                "wait: {what} is about the open {} (Esc cancels a read)",
                kind.as_str()
            ),
            Level::Warning,
        );
        true
    }

    /// A document took the place of the open one of its kind: what was kept
    /// for the old one (undo history, cursor, a policy switch remembered, a
    /// save asked after a push) goes, and the policy in effect is the group
    /// shown (a flexible policy opened with the inert legacy group first let
    /// `j j j Enter` edit an inert value).
    pub(super) fn opened(&mut self, doc: Kind) {
        self.forget_history(doc);
        let state = self.docs.get_mut(doc);
        state.cursor = 0;
        state.converted = None;
        state.save_after_push = false;
        if doc == Kind::Connection {
            self.after_convert();
        }
        self.generation += 1;
    }

    /// The runner read a document of the tree: it takes the place of the
    /// open document of its kind, with none of the old one's recovery state.
    pub(super) fn open_document(&mut self, doc: Kind, path: PathBuf, bytes: Vec<u8>) {
        self.docs.get_mut(doc).recovery_offered = false;
        self.docs.get_mut(doc).restored_from = None;
        self.docs.get_mut(doc).confirm_overwrite = false;
        let slot = OpenDocument::open_with(doc, Some(path), Some(bytes), self.mappings.clone());
        let name = slot.file_name();
        match doc {
            Kind::Profile => self.profile = Some(slot),
            Kind::Connection => self.connection = Some(slot),
        }
        self.opened(doc);
        self.focus = Pane::of(doc);
        self.doc_pane = self.focus;
        self.set_status(format!("opened {name}"), Level::Info);
    }
}
