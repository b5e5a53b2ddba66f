//! The open dialog's keys: each dialog says what a key did (a `Step`), and
//! this is where the editor acts on it. The dialogs live in `tui::dialogs`.

use super::{App, Dialog, Effect, Level};
use crate::core::edit;
use crate::tui::dialogs::prompt::Purpose;
use crossterm::event::KeyEvent;
use serde_json::json;
use std::path::PathBuf;

impl App {
    pub(super) fn dialog_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        use crate::tui::dialogs::*;
        let Some(dialog) = self.dialog.take() else {
            return Vec::new();
        };
        let page = self.page();
        match dialog {
            Dialog::Choice(mut d) => match d.key(key) {
                choice::Step::Keep => self.dialog = Some(Dialog::Choice(d)),
                choice::Step::Close => {}
                choice::Step::Pick(choice) => {
                    self.change(d.doc, |v| match choice {
                        Some(c) => edit::set(v, &d.pointer, json!(c)),
                        None => {
                            edit::remove(v, &d.pointer);
                        }
                    });
                }
            },
            Dialog::Quit(mut d) => match d.key(key) {
                quit::Step::Keep => self.dialog = Some(Dialog::Quit(d)),
                quit::Step::Cancel => {}
                quit::Step::SaveAll => return self.save_all_then_quit(),
                quit::Step::Discard => {
                    let mut fx = self.forget_restored();
                    fx.push(Effect::Quit);
                    return fx;
                }
            },
            Dialog::Conflict(mut d) => match d.key(key) {
                conflict::Step::Keep => self.dialog = Some(Dialog::Conflict(d)),
                conflict::Step::Overwrite => return self.write(d.doc, d.path, true, d.then_quit),
                conflict::Step::Reload => {
                    if let Some(path) = self.slot(d.doc).and_then(|s| s.path.clone()) {
                        return vec![Effect::Read {
                            doc: d.doc,
                            path,
                            purpose: super::ReadFor::Reload,
                        }];
                    }
                }
                conflict::Step::Cancel => {
                    self.set_status("not saved; your edits are kept", Level::Info)
                }
            },
            Dialog::Prompt(mut d) => match d.key(key) {
                prompt::Step::Keep => self.dialog = Some(Dialog::Prompt(d)),
                prompt::Step::Cancel => {
                    if let Purpose::SaveAs { .. } = d.purpose {
                        self.set_status("not saved", Level::Info);
                    }
                }
                prompt::Step::Submit(text) => match d.purpose {
                    Purpose::SaveAs { doc, then_quit } => {
                        return self.write(doc, PathBuf::from(text), false, then_quit);
                    }
                    Purpose::NewProfile => return self.create_profile(&text),
                },
            },
            Dialog::ConfirmWrite(mut d) => {
                use confirm_write::Step;
                let name = self
                    .tenant
                    .as_ref()
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                let rollback = d.is_rollback();
                match d.key(key, &name, page) {
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
                        let what = if rollback {
                            format!("rolling back: {}", d.plan.label)
                        } else {
                            format!("pushing to {}", d.plan.label)
                        };
                        let id = self.set_busy(Some(d.doc), &what, false);
                        let job = crate::tui::worker::Job::Apply { plan: d.plan };
                        return vec![Effect::Run { id, job }];
                    }
                }
            }
            Dialog::Text(mut d) => {
                if let text_view::Step::Keep = d.key(key, page) {
                    self.dialog = Some(Dialog::Text(d));
                }
            }
            Dialog::ConfirmEdit(mut d) => {
                use confirm_edit::Step;
                match d.key(key, page) {
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
            Dialog::Open(mut d) => match d.key(key) {
                open_remote::Step::Keep => self.dialog = Some(Dialog::Open(d)),
                open_remote::Step::Close => {}
                open_remote::Step::Open(item) => self.open_picked(item),
            },
            Dialog::History(mut d) => match d.key(key) {
                history::Step::Keep => self.dialog = Some(Dialog::History(d)),
                history::Step::Close => {}
                history::Step::RollBack(i) => return self.start_rollback(d.doc, &d.view, i),
            },
            Dialog::PickTenant(mut d) => match d.key(key) {
                pick_tenant::Step::Keep => self.dialog = Some(Dialog::PickTenant(d)),
                pick_tenant::Step::Close => {}
                pick_tenant::Step::Compare(tenant) => return self.compare_with(d.doc, tenant),
            },
            Dialog::Compare(mut d) => {
                if let compare::Step::Keep = d.key(key, page) {
                    self.dialog = Some(Dialog::Compare(d));
                }
            }
            Dialog::Recovery(mut d) => match d.key(key) {
                recovery::Step::Keep => self.dialog = Some(Dialog::Recovery(d)),
                recovery::Step::Restore => {
                    let d = *d;
                    let restored = crate::core::Document::parse(&d.text, Some(d.doc));
                    match restored.value().cloned() {
                        Some(v) => {
                            self.change(d.doc, |cur| *cur = v);
                            self.docs.get_mut(d.doc).restored_from = Some(d.path);
                            self.docs.get_mut(d.doc).confirm_overwrite = d.changed_since;
                            self.set_status(
                                if d.changed_since {
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
                    return self.check_recovery();
                }
                recovery::Step::Discard => {
                    self.set_status("recovery file discarded", Level::Info);
                    let mut fx = vec![Effect::DiscardRecovery { path: d.path }];
                    fx.extend(self.check_recovery());
                    return fx;
                }
                recovery::Step::Later => {
                    self.set_status("kept the recovery file for later", Level::Info);
                    return self.check_recovery();
                }
            },
            Dialog::ThreeWay(mut d) => match d.key(key) {
                three_way::Step::Keep => self.dialog = Some(Dialog::ThreeWay(d)),
                three_way::Step::Close => self.set_status(
                    "nothing was sent; edit the document and push again (Ctrl-P)",
                    Level::Info,
                ),
                three_way::Step::Unchosen(i) => {
                    let at = d.items.get(i).map_or("", |c| c.at.as_str()).to_string();
                    self.dialog = Some(Dialog::ThreeWay(d));
                    self.set_status(
                        format!("{at} has no choice yet: f takes the file's value, t the tenant's"),
                        Level::Warning,
                    );
                }
                three_way::Step::Apply(taken) => return self.settle_conflicts(d.doc, &taken),
            },
        }
        Vec::new()
    }

    /// The three-way view's choices: each place that keeps the tenant's
    /// value takes it in the document (a secret as the stand-in that keeps
    /// the tenant's), one undoable edit; then the push is planned again
    /// with the file's values sent where they were chosen, and the file is
    /// saved with what was taken once the push applied.
    fn settle_conflicts(
        &mut self,
        doc: crate::core::Kind,
        taken: &[(crate::io::api::push::ConflictAt, three_way_side::Side)],
    ) -> Vec<Effect> {
        let tenant: Vec<_> = taken
            .iter()
            .filter(|(_, side)| *side == three_way_side::Side::Tenant)
            .map(|(c, _)| c.clone())
            .collect();
        self.change(doc, |v| {
            for c in &tenant {
                let value = c.tenant.as_ref().map(|t| {
                    if crate::core::fields::is_secret_path(&c.at) {
                        json!(crate::core::fields::SECRET_SHOWN)
                    } else {
                        t.clone()
                    }
                });
                crate::core::merge::set_at(v, &c.at, value);
            }
        });
        self.docs.get_mut(doc).save_after_push = true;
        self.set_status(
            format!(
                "took the tenant's value at {} place{} and the file's at {}; reading the tenant again",
                tenant.len(),
                if tenant.len() == 1 { "" } else { "s" },
                taken.len() - tenant.len()
            ),
            Level::Info,
        );
        // The file's values where they were chosen; a place that changed
        // again on the tenant meanwhile stops the push and is asked anew.
        let chosen = taken
            .iter()
            .filter(|(_, side)| *side == three_way_side::Side::File)
            .map(|(c, _)| c.at.clone())
            .collect();
        self.deploy(
            doc,
            "reading the tenant",
            super::AfterDeploy::Plan(crate::io::api::push::Settle::Chosen(chosen)),
        )
    }
}

use crate::tui::dialogs::three_way as three_way_side;
