//! Saving, quitting and the modal dialogs (choice list, quit, changed on
//! disk, save as, recovery). File work is returned as effects.
//!
//! Long (about 600 lines): every dialog's key handling, until the house
//! issue's split into one file per dialog.

use super::{App, Dialog, Effect, Level};
use crate::core::edit;
use crate::tui::workspace::{DocId, OpenDocument};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use serde_json::json;
use std::path::PathBuf;

impl App {
    // ---- saving and quitting -----------------------------------------------------

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
                let mut input = TextArea::new(vec![format!("{}.json", doc.label())]);
                input.move_cursor(CursorMove::End);
                input.set_cursor_line_style(ratatui::style::Style::default());
                self.dialog = Some(Dialog::SaveAs {
                    doc,
                    input: Box::new(input),
                    then_quit,
                });
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
        self.dialog = Some(Dialog::Quit { docs });
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
        self.dialog = Some(Dialog::Conflict {
            doc,
            path,
            reason,
            then_quit,
        });
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
        self.dialog = Some(Dialog::Recovery {
            doc,
            path,
            text,
            age,
            changed_since,
        });
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

    // ---- dialogs -------------------------------------------------------------------

    pub(super) fn dialog_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(dialog) = self.dialog.take() else {
            return Vec::new();
        };
        let ch = match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(c.to_ascii_lowercase())
            }
            _ => None,
        };
        let esc = key.code == KeyCode::Esc;
        match dialog {
            Dialog::Choice {
                doc,
                pointer,
                options,
                mut selected,
            } => {
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => {
                        selected = (selected + 1).min(options.len() - 1)
                    }
                    KeyCode::Enter | KeyCode::Char(' ') => {
                        let choice = options[selected];
                        self.change(doc, |v| match choice {
                            Some(c) => edit::set(v, &pointer, json!(c)),
                            None => {
                                edit::remove(v, &pointer);
                            }
                        });
                        return Vec::new();
                    }
                    KeyCode::Esc => return Vec::new(),
                    _ => {}
                }
                self.dialog = Some(Dialog::Choice {
                    doc,
                    pointer,
                    options,
                    selected,
                });
            }
            Dialog::Quit { docs } => match ch {
                Some('s') => return self.save_all_then_quit(),
                Some('d') => return vec![Effect::Quit],
                Some('c') => {}
                _ if esc => {}
                _ => self.dialog = Some(Dialog::Quit { docs }),
            },
            Dialog::Conflict {
                doc,
                path,
                reason,
                then_quit,
            } => match ch {
                Some('o') => {
                    return vec![Effect::Save {
                        doc,
                        path,
                        force: true,
                        then_quit,
                    }];
                }
                Some('r') => return vec![Effect::Reload { doc }],
                Some('c') => self.set_status("not saved; your edits are kept", Level::Info),
                _ if esc => self.set_status("not saved; your edits are kept", Level::Info),
                _ => {
                    self.dialog = Some(Dialog::Conflict {
                        doc,
                        path,
                        reason,
                        then_quit,
                    })
                }
            },
            Dialog::SaveAs {
                doc,
                mut input,
                then_quit,
            } => match key.code {
                KeyCode::Enter => {
                    let path = input
                        .lines()
                        .first()
                        .map(|s| s.trim().to_string())
                        .unwrap_or_default();
                    if path.is_empty() {
                        self.dialog = Some(Dialog::SaveAs {
                            doc,
                            input,
                            then_quit,
                        });
                        return Vec::new();
                    }
                    return vec![Effect::Save {
                        doc,
                        path: PathBuf::from(path),
                        force: false,
                        then_quit,
                    }];
                }
                KeyCode::Esc => self.set_status("not saved", Level::Info),
                _ => {
                    if !matches!(key.code, KeyCode::Tab | KeyCode::BackTab) {
                        input.input(key);
                    }
                    self.dialog = Some(Dialog::SaveAs {
                        doc,
                        input,
                        then_quit,
                    });
                }
            },
            Dialog::ConfirmWrite(mut d) => {
                use crate::tui::dialogs::confirm_write::Step;
                let name = self
                    .tenant
                    .as_ref()
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                let rollback = d.is_rollback();
                match d.key(key, &name, self.page()) {
                    Step::Keep => self.dialog = Some(Dialog::ConfirmWrite(d)),
                    Step::Mistyped => {
                        self.set_status(
                            format!(
                                "type {name} exactly to {} this protected tenant",
                                if rollback { "roll back on" } else { "push to" }
                            ),
                            Level::Warning,
                        );
                        self.dialog = Some(Dialog::ConfirmWrite(d));
                    }
                    Step::Cancel => self.set_status(
                        if rollback {
                            "not rolled back"
                        } else {
                            "not pushed"
                        },
                        Level::Info,
                    ),
                    Step::Send => {
                        self.busy = Some(super::Busy {
                            doc: Some(d.doc),
                            what: if rollback {
                                format!("rolling back: {}", d.plan.label)
                            } else {
                                format!("pushing to {}", d.plan.label)
                            },
                            job: 0,
                            tick: 0,
                            retry_in: None,
                        });
                        return vec![Effect::ApplyPush { plan: d.plan }];
                    }
                }
            }
            Dialog::Text(mut d) => {
                if let crate::tui::dialogs::text_view::Step::Keep = d.key(key, self.page()) {
                    self.dialog = Some(Dialog::Text(d));
                }
            }
            Dialog::ConfirmEdit(mut d) => {
                use crate::tui::dialogs::confirm_edit::Step;
                match d.key(key, self.page()) {
                    Step::Keep => self.dialog = Some(Dialog::ConfirmEdit(d)),
                    Step::Cancel => self.set_status("nothing changed", Level::Info),
                    Step::Apply => {
                        let d = *d;
                        let after = d.after;
                        self.change(d.doc, |v| *v = after);
                        self.after_convert();
                        self.set_status(d.done, if d.lossy { Level::Warning } else { Level::Info });
                    }
                }
            }
            Dialog::Open(mut d) => {
                use crate::tui::dialogs::open_remote::Step;
                match d.key(key) {
                    Step::Keep => self.dialog = Some(Dialog::Open(d)),
                    Step::Close => {}
                    Step::Open(item) => self.open_pulled(item),
                }
            }
            Dialog::NewProfile { mut input } => match key.code {
                KeyCode::Enter => {
                    let name = input
                        .lines()
                        .first()
                        .map(|s| s.trim().to_string())
                        .unwrap_or_default();
                    if name.is_empty() {
                        self.dialog = Some(Dialog::NewProfile { input });
                        return Vec::new();
                    }
                    return vec![Effect::CreateProfile { name }];
                }
                KeyCode::Esc => {}
                _ => {
                    if !matches!(key.code, KeyCode::Tab | KeyCode::BackTab) {
                        input.input(key);
                    }
                    self.dialog = Some(Dialog::NewProfile { input });
                }
            },
            Dialog::History(mut d) => {
                use crate::tui::dialogs::history::Step;
                match d.key(key) {
                    Step::Keep => self.dialog = Some(Dialog::History(d)),
                    Step::Close => {}
                    Step::RollBack(i) => return self.start_rollback(d.doc, &d.view, i),
                }
            }
            Dialog::PickTenant(mut d) => {
                use crate::tui::dialogs::pick_tenant::Step;
                match d.key(key) {
                    Step::Keep => self.dialog = Some(Dialog::PickTenant(d)),
                    Step::Close => {}
                    Step::Compare(tenant) => return self.compare_with(d.doc, tenant),
                }
            }
            Dialog::Compare(mut d) => {
                if let crate::tui::dialogs::compare::Step::Keep = d.key(key, self.page()) {
                    self.dialog = Some(Dialog::Compare(d));
                }
            }
            Dialog::Recovery {
                doc,
                path,
                text,
                age,
                changed_since,
            } => match ch {
                Some('r') => {
                    let restored = crate::core::Document::parse(&text, Some(doc.kind()));
                    match restored.value().cloned() {
                        Some(v) => {
                            self.change(doc, |cur| *cur = v);
                            self.restored_from[doc as usize] = Some(path);
                            self.confirm_overwrite[doc as usize] = changed_since;
                            self.set_status(
                                if changed_since {
                                    "restored unsaved edits; the file changed since they were made, so saving asks first"
                                } else {
                                    "restored unsaved edits; Ctrl-S to save them, Ctrl-Z to undo"
                                },
                                Level::Info,
                            );
                        }
                        None => self.set_status(
                            "the recovery file is not valid JSON; left it in place",
                            Level::Error,
                        ),
                    }
                    return vec![Effect::CheckRecovery];
                }
                Some('d') => {
                    self.set_status("recovery file discarded", Level::Info);
                    return vec![Effect::DiscardRecovery { path }, Effect::CheckRecovery];
                }
                Some('l') => {
                    self.set_status("kept the recovery file for later", Level::Info);
                    return vec![Effect::CheckRecovery];
                }
                _ if esc => {
                    self.set_status("kept the recovery file for later", Level::Info);
                    return vec![Effect::CheckRecovery];
                }
                _ => {
                    self.dialog = Some(Dialog::Recovery {
                        doc,
                        path,
                        text,
                        age,
                        changed_since,
                    })
                }
            },
        }
        Vec::new()
    }
}
