//! Saving, quitting and recovery: which file a save goes to, what the
//! runner's answers (saved, unchanged, changed on disk, reloaded) do, and the
//! recovery snapshot. File work is returned as effects.

use super::{App, Dialog, Effect, Level, WriteRequest};
use crate::core::Kind;
use crate::tui::dialogs::prompt::{Prompt, Purpose};
use crate::tui::workspace::OpenDocument;
use std::path::PathBuf;

impl App {
    pub(super) fn save(&mut self, then_quit: bool) -> Vec<Effect> {
        let Some(doc) = self.current_doc() else {
            return Vec::new();
        };
        self.save_doc(doc, then_quit)
    }

    pub(super) fn save_doc(&mut self, doc: Kind, then_quit: bool) -> Vec<Effect> {
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
                    format!("{}.json", doc.as_str()),
                    "",
                ))));
                Vec::new()
            }
            Some(path) => self.write(doc, path, false, then_quit),
        }
    }

    /// The write of `doc` to `path`, with what the editor knows of that file
    /// (what it held when read, its identity), for the runner to do.
    pub(super) fn write(
        &mut self,
        doc: Kind,
        path: PathBuf,
        force: bool,
        then_quit: bool,
    ) -> Vec<Effect> {
        let ask_first = self.docs.get(doc).confirm_overwrite;
        let Some(slot) = self.slot(doc) else {
            return Vec::new();
        };
        let Some(bytes) = slot.bytes_to_save() else {
            return Vec::new();
        };
        // A new name means the file was not read: expect nothing there.
        let same_file = slot.path.as_ref() == Some(&path);
        vec![Effect::Write(Box::new(WriteRequest {
            doc,
            expected: if same_file { slot.disk.clone() } else { None },
            read_id: if same_file { slot.disk_id } else { None },
            untouched: !slot.dirty(),
            ask_first,
            path,
            bytes,
            force,
            then_quit,
        }))]
    }

    /// A new profile named `name` in the tree's connection-profiles/.
    pub(super) fn create_profile(&mut self, name: &str) -> Vec<Effect> {
        let Some(root) = self.tree.as_ref().map(|t| t.root.clone()) else {
            return Vec::new();
        };
        let path = root
            .join("connection-profiles")
            .join(crate::core::push::profile_file_name(name));
        let mut value = crate::core::document::skeleton(crate::core::Kind::Profile);
        value["name"] = serde_json::Value::from(name);
        let text = crate::core::document::pretty(&value);
        vec![Effect::Create { path, text }]
    }

    /// The runner wrote the new profile: it opens, counted in the tree.
    pub(super) fn on_created(&mut self, path: PathBuf, text: String) {
        let slot = OpenDocument::open(
            Kind::Profile,
            Some(path.clone()),
            Some(text.clone().into_bytes()),
        );
        if let Some(t) = self.tree.as_mut() {
            t.set_tally(&path, Kind::Profile, slot.tally());
        }
        self.open_document(Kind::Profile, path, text.into_bytes());
    }

    /// Asks the runner for the recovery files of the open documents not yet
    /// offered (one question at a time: the first found is offered).
    pub fn check_recovery(&self) -> Vec<Effect> {
        if self.dialog.is_some() {
            return Vec::new();
        }
        let docs: Vec<(Kind, Option<PathBuf>)> = self
            .docs()
            .filter(|s| !self.docs.get(s.id).recovery_offered)
            .map(|s| (s.id, s.path.clone()))
            .collect();
        if docs.is_empty() {
            Vec::new()
        } else {
            vec![Effect::FindRecovery { docs }]
        }
    }

    pub(super) fn quit(&mut self) -> Vec<Effect> {
        // A push or rollback on its way: its answer (a created id, the
        // snapshot it records) would be lost. The second Ctrl-Q quits.
        if self.busy.as_ref().is_some_and(|b| !b.cancellable) && !self.quit_during_write {
            self.quit_during_write = true;
            self.set_status(
                "the request was sent and may apply; waiting for Auth0's answer (Ctrl-C or Ctrl-Q again to stop waiting and quit)",
                Level::Warning,
            );
            return Vec::new();
        }
        let docs = self.dirty_docs();
        if docs.is_empty() {
            // Restored edits since saved or undone: their recovery file has
            // nothing left to offer (it was offered again at every start).
            let mut fx = self.forget_restored();
            fx.push(Effect::Quit);
            return fx;
        }
        self.dialog = Some(Dialog::Quit(Box::new(crate::tui::dialogs::quit::Quit {
            docs,
        })));
        Vec::new()
    }

    /// The recovery files this session's edits were restored from, removed:
    /// on a quit that leaves nothing unsaved, or that discards the edits.
    pub(super) fn forget_restored(&mut self) -> Vec<Effect> {
        [Kind::Profile, Kind::Connection]
            .into_iter()
            .filter_map(|d| self.docs.get_mut(d).restored_from.take())
            .map(|path| Effect::DiscardRecovery { path })
            .collect()
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
        doc: Kind,
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

    /// The file at `path` holds `bytes` now: written by the runner
    /// (`written`), or it already did. The recovery file these edits came
    /// from can go.
    pub(super) fn on_saved(
        &mut self,
        doc: Kind,
        path: PathBuf,
        bytes: Vec<u8>,
        file_id: Option<crate::io::save::FileId>,
        written: bool,
        then_quit: bool,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        // Only the file these edits came from; one answered "later" stays
        // until it is offered again.
        if let Some(rec) = self.docs.get_mut(doc).restored_from.take() {
            effects.push(Effect::DiscardRecovery { path: rec });
        }
        if written {
            self.docs.get_mut(doc).confirm_overwrite = false;
        }
        let Some((name, errors)) = self.record_saved(doc, path, bytes) else {
            return effects;
        };
        if let Some(slot) = self.slot_mut(doc) {
            slot.disk_id = file_id;
        }
        if !written {
            self.set_status(format!("{name}: no changes to save"), Level::Info);
            if then_quit {
                effects.extend(self.save_all_then_quit());
            }
            return effects;
        }
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
            effects.extend(self.save_all_then_quit());
        }
        effects
    }

    pub(super) fn on_save_failed(&mut self, message: String) {
        self.set_status(format!("{message} (your edits are kept)"), Level::Error);
    }

    /// The file changed on disk (or a new file's path exists): ask.
    pub(super) fn on_conflict(
        &mut self,
        doc: Kind,
        path: PathBuf,
        reason: String,
        then_quit: bool,
    ) {
        let own_file = self.slot(doc).and_then(|s| s.path.as_ref()) == Some(&path);
        self.dialog = Some(Dialog::Conflict(Box::new(
            crate::tui::dialogs::conflict::Conflict {
                doc,
                path,
                reason,
                then_quit,
                own_file,
            },
        )));
    }

    /// The runner re-read the file. The user's edits (what changed since the
    /// file was last read or saved) are applied on top of its new version
    /// (core::merge); where both changed one place differently the file's
    /// value is kept, the places are named and the user's whole version is
    /// kept as a recovery copy. Undo goes back to the file's version, never
    /// to the stale document (which a save would then write over the other
    /// writer's change without asking). A file that is gone is not
    /// "reloaded" into a blank document: the edits stay, and it says so.
    pub(super) fn on_reloaded(&mut self, doc: Kind, bytes: Option<Vec<u8>>) -> Vec<Effect> {
        let Some(old) = self.slot(doc).cloned() else {
            return Vec::new();
        };
        let shown = old
            .path
            .as_ref()
            .map_or_else(|| "the file".to_string(), |p| p.display().to_string());
        let Some(bytes) = bytes else {
            self.set_status(
                format!(
                    "{shown} was deleted on disk: nothing to reload, your edits are kept (Ctrl-S writes the file again, after asking; or save it under another name)"
                ),
                Level::Error,
            );
            return Vec::new();
        };
        let fresh = OpenDocument::open(doc, old.path.clone(), Some(bytes));
        let (Some(mine), Some(theirs)) = (old.value().cloned(), fresh.value().cloned()) else {
            self.set_status(
                "the file on disk is not valid JSON now; kept your version",
                Level::Error,
            );
            return Vec::new();
        };
        // No version of the file known (an empty file, a document fetched
        // from the tenant): every place the two differ is a clash, never
        // "unchanged on disk" (which dropped the other writer's document).
        let base = old
            .saved
            .clone()
            .unwrap_or_else(|| serde_json::Value::Object(serde_json::Map::new()));
        let (merged, clashes) = crate::core::merge::three_way(&base, &mine, &theirs);
        let mut slot = fresh;
        slot.set_value(merged.clone());
        *self.slot_mut(doc).expect("checked") = slot;
        self.generation += 1;
        self.forget_history(doc);
        if merged != theirs {
            self.record(doc, theirs, merged.clone());
        }
        if clashes.is_empty() {
            self.set_status(
                if mine == base {
                    "reloaded from disk".to_string()
                } else {
                    "reloaded from disk, with your edits applied on top (Ctrl-Z leaves the file's version)".to_string()
                },
                Level::Info,
            );
            return Vec::new();
        }
        let note = format!(
            "reloaded: the file and your edits both changed {}; the file's values are kept there",
            clashes.join(", ")
        );
        self.set_status(note.clone(), Level::Error);
        vec![Effect::KeepCopy {
            doc,
            path: old.path.clone(),
            text: crate::core::document::pretty(&mine),
            note,
            undo: Box::new(super::Restore {
                mine,
                merged,
                disk: old.disk.clone(),
            }),
        }]
    }

    /// The copy of the user's version could not be kept: their version comes
    /// back into the editor, and the file's old bytes stay the known disk
    /// state, so the next save asks before writing over the file.
    pub(super) fn on_copy_failed(
        &mut self,
        doc: Kind,
        why: String,
        note: String,
        r: super::Restore,
    ) {
        if let Some(slot) = self.slot_mut(doc) {
            slot.set_value(r.mine.clone());
            slot.disk = r.disk;
        }
        self.generation += 1;
        self.record(doc, r.merged, r.mine);
        self.set_status(
            format!("{note}; your version could not be kept as a copy ({why}), so it is back in the editor: the next save asks before writing over the file"),
            Level::Error,
        );
    }

    /// A recovery file from an earlier session exists for its document.
    pub(super) fn offer_recovery(&mut self, found: Box<crate::tui::dialogs::recovery::Recovery>) {
        // Never over another question: it is offered at the next look.
        if self.dialog.is_some() {
            return;
        }
        self.docs.get_mut(found.doc).recovery_offered = true;
        self.dialog = Some(Dialog::Recovery(found));
    }

    /// What to write if the session dies now: the unsaved documents.
    pub fn recovery_snapshot(&self) -> Vec<(Kind, Option<PathBuf>, String)> {
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
