//! Saving, quitting and recovery: which file a save goes to, what the
//! runner's answers (saved, unchanged, changed on disk, reloaded) do, and the
//! recovery snapshot. File work is returned as effects.

use super::{App, Dialog, Effect, Level};
use crate::tui::dialogs::prompt::{Prompt, Purpose};
use crate::tui::workspace::{DocId, OpenDocument};
use std::path::PathBuf;

impl App {
    pub(super) fn save(&mut self, then_quit: bool) -> Vec<Effect> {
        let Some(doc) = self.current_doc() else {
            return Vec::new();
        };
        self.save_doc(doc, then_quit)
    }

    pub(super) fn save_doc(&mut self, doc: DocId, then_quit: bool) -> Vec<Effect> {
        let Some(slot) = self.slot(doc) else {
            return Vec::new();
        };
        if slot.is_broken() {
            self.set_status(
                format!(
                    "{} is not valid JSON: fix it in a text editor; connedit will not overwrite it",
                    slot.file_name()
                ),
                Level::Error,
            );
            return Vec::new();
        }
        match slot.path.clone() {
            None => {
                self.dialog = Some(Dialog::Prompt(Box::new(Prompt::new(
                    Purpose::SaveAs { doc, then_quit },
                    format!("{}.json", doc.label()),
                    "",
                ))));
                Vec::new()
            }
            Some(path) => vec![Effect::Save {
                doc,
                path,
                force: false,
                then_quit,
            }],
        }
    }

    pub(super) fn quit(&mut self) -> Vec<Effect> {
        let docs = self.dirty_docs();
        if docs.is_empty() {
            return vec![Effect::Quit];
        }
        self.dialog = Some(Dialog::Quit(Box::new(crate::tui::dialogs::quit::Quit {
            docs,
        })));
        Vec::new()
    }

    /// Saves the next unsaved document, then quits when none is left.
    pub(super) fn save_all_then_quit(&mut self) -> Vec<Effect> {
        match self.dirty_docs().first() {
            Some(&doc) => self.save_doc(doc, true),
            None => vec![Effect::Quit],
        }
    }

    /// The file now holds `bytes`: the document is saved (the tree's counts
    /// and the recovery snapshot follow). Returns the file's name.
    fn record_saved(
        &mut self,
        doc: DocId,
        path: PathBuf,
        bytes: Vec<u8>,
    ) -> Option<(String, usize)> {
        let slot = self.slot_mut(doc)?;
        slot.mark_saved(path.clone(), bytes);
        let (name, tally) = (slot.file_name(), slot.tally());
        if let Some(t) = self.tree.as_mut() {
            t.set_tally(&path, doc, tally);
        }
        // Saved means nothing left to recover: the snapshot must change too.
        self.generation += 1;
        Some((name, tally.errors))
    }

    /// The runner saved `bytes` to `path`.
    pub fn on_saved(
        &mut self,
        doc: DocId,
        path: PathBuf,
        bytes: Vec<u8>,
        then_quit: bool,
    ) -> Vec<Effect> {
        let Some((name, errors)) = self.record_saved(doc, path, bytes) else {
            return Vec::new();
        };
        let msg = match errors {
            0 => format!("saved {name}"),
            n => format!(
                "saved {name} with {n} error{} (push will refuse it until fixed)",
                if n == 1 { "" } else { "s" }
            ),
        };
        self.set_status(
            msg,
            if errors == 0 {
                Level::Info
            } else {
                Level::Warning
            },
        );
        if then_quit {
            self.save_all_then_quit()
        } else {
            Vec::new()
        }
    }

    /// The file already holds exactly what saving would write.
    pub fn on_unchanged(
        &mut self,
        doc: DocId,
        path: PathBuf,
        bytes: Vec<u8>,
        then_quit: bool,
    ) -> Vec<Effect> {
        let Some((name, _)) = self.record_saved(doc, path, bytes) else {
            return Vec::new();
        };
        self.set_status(format!("{name}: no changes to save"), Level::Info);
        if then_quit {
            self.save_all_then_quit()
        } else {
            Vec::new()
        }
    }

    pub fn on_save_failed(&mut self, message: String) {
        self.set_status(format!("{message} (your edits are kept)"), Level::Error);
    }

    /// The file changed on disk (or a new file's path exists): ask.
    pub fn on_conflict(&mut self, doc: DocId, path: PathBuf, reason: String, then_quit: bool) {
        self.dialog = Some(Dialog::Conflict(Box::new(
            crate::tui::dialogs::conflict::Conflict {
                doc,
                path,
                reason,
                then_quit,
            },
        )));
    }

    /// The runner re-read the file: its content replaces the document, as an
    /// undoable change (Ctrl-Z brings the edits back).
    pub fn on_reloaded(&mut self, doc: DocId, bytes: Option<Vec<u8>>) {
        let Some(old) = self.slot(doc).cloned() else {
            return;
        };
        let fresh = OpenDocument::open(doc, old.path.clone(), bytes);
        match (old.value().cloned(), fresh.value().cloned()) {
            (Some(before), Some(after)) => {
                let mut slot = fresh;
                slot.set_value(after.clone());
                *self.slot_mut(doc).expect("checked") = slot;
                self.generation += 1;
                if before != after {
                    self.record(doc, before, after);
                }
                self.set_status(
                    "reloaded from disk (Ctrl-Z brings your edits back)",
                    Level::Info,
                );
            }
            _ => {
                self.set_status(
                    "the file on disk is not valid JSON now; kept your version",
                    Level::Error,
                );
            }
        }
    }

    /// A recovery file from an earlier session exists for `doc`.
    pub fn offer_recovery(
        &mut self,
        doc: DocId,
        path: PathBuf,
        text: String,
        age: String,
        changed_since: bool,
    ) {
        self.recovery_offered[doc as usize] = true;
        self.dialog = Some(Dialog::Recovery(Box::new(
            crate::tui::dialogs::recovery::Recovery {
                doc,
                path,
                text,
                age,
                changed_since,
            },
        )));
    }

    /// What to write if the session dies now: the unsaved documents.
    pub fn recovery_snapshot(&self) -> Vec<(DocId, Option<PathBuf>, String)> {
        self.docs()
            .filter(|s| s.dirty())
            .filter_map(|s| {
                Some((
                    s.id,
                    s.path.clone(),
                    crate::core::document::pretty(s.value()?),
                ))
            })
            .collect()
    }
}
