//! The safety nets in the editor: the snapshots of the open document's
//! object on the tenant (Ctrl-R), rolling back to one of them with the diff as
//! confirmation, and the document side by side with another tenant (Ctrl-T).
//! The requests run on the worker; the planning is the CLI's (io::api::rollback).

use super::{App, CompareView, Dialog, Effect, HistoryView, Level};
use crate::core::Kind;
use crate::tui::worker::{History, Job};
use serde_json::Value;

impl App {
    /// The document a remote action is about: focused, JSON, nothing running.
    fn remote_doc(&mut self) -> Option<Kind> {
        let doc = self.current_doc()?;
        if self.busy.is_some() {
            self.set_status("wait: a request is still running", Level::Info);
            return None;
        }
        if self.slot(doc)?.is_broken() {
            self.set_status(
                "this file is not valid JSON: connedit cannot tell which object it is",
                Level::Error,
            );
            return None;
        }
        Some(doc)
    }

    /// Ctrl-R: the snapshots of the document's object on the tenant.
    pub(super) fn start_history(&mut self) -> Vec<Effect> {
        let Some(doc) = self.remote_doc() else {
            return Vec::new();
        };
        let Some(value) = self.slot(doc).and_then(|s| s.value()).cloned() else {
            return Vec::new();
        };
        let id = self.set_busy(Some(doc), "reading the history", true);
        vec![Effect::Run {
            id,
            job: Job::History { kind: doc, value },
        }]
    }

    /// Ctrl-T: compare with another named tenant (asks which when there are several).
    pub(super) fn start_compare(&mut self) -> Vec<Effect> {
        let Some(doc) = self.remote_doc() else {
            return Vec::new();
        };
        match self.other_tenants.as_slice() {
            [] => {
                self.set_status(
                    "no other tenant to compare with: name them in the tenants file (see the README)",
                    Level::Info,
                );
                Vec::new()
            }
            [one] => {
                let tenant = one.clone();
                self.compare_with(doc, tenant)
            }
            _ => {
                self.dialog = Some(Dialog::PickTenant(Box::new(
                    crate::tui::dialogs::pick_tenant::PickTenant::new(
                        doc,
                        self.other_tenants.clone(),
                    ),
                )));
                Vec::new()
            }
        }
    }

    pub(super) fn compare_with(&mut self, doc: Kind, tenant: String) -> Vec<Effect> {
        // What a push would send; the text as it is if it cannot be prepared.
        let fallback = self.slot(doc).and_then(|s| s.value()).cloned();
        let what = format!("reading {tenant}");
        self.deploy(doc, &what, super::AfterDeploy::Fetch { tenant, fallback })
    }

    /// Enter on a history entry: plan the rollback to it.
    pub(super) fn start_rollback(
        &mut self,
        doc: Kind,
        view: &HistoryView,
        i: usize,
    ) -> Vec<Effect> {
        let Some(e) = view.entries.get(i) else {
            return Vec::new();
        };
        let what = format!("planning the rollback to {}", e.taken);
        let job = Job::PlanRollback {
            kind: view.kind,
            id: view.id.clone(),
            to: e.taken.clone(),
        };
        let id = self.set_busy(Some(doc), &what, true);
        vec![Effect::Run { id, job }]
    }

    pub(super) fn show_history(&mut self, doc: Option<Kind>, h: History) {
        if h.snapshots.is_empty() {
            self.set_status(
                format!(
                    "no snapshots of {} {} on {}: connedit has not written it",
                    h.kind.as_str(),
                    h.id,
                    h.domain
                ),
                Level::Info,
            );
            return;
        }
        if let Some(doc) = doc {
            self.dialog = Some(Dialog::History(Box::new(
                crate::tui::dialogs::history::HistoryList::new(doc, HistoryView::new(h)),
            )));
        }
    }

    pub(super) fn show_compare(
        &mut self,
        doc: Option<Kind>,
        tenant: String,
        mine: &Value,
        other: Option<Value>,
    ) {
        let Some(doc) = doc else { return };
        let view = CompareView::new(tenant, mine, other.as_ref());
        self.dialog = Some(Dialog::Compare(Box::new(
            crate::tui::dialogs::compare::Compare::new(doc, view),
        )));
    }
}
