//! The safety nets in the editor: the snapshots of the open document's
//! object on the tenant (Ctrl-R), rolling back to one of them with the diff as
//! confirmation, and the document side by side with another tenant (Ctrl-T).
//! The requests run on the worker; the planning is the CLI's (io::api::rollback).

use super::{App, Dialog, Effect, Level};
use crate::core::Kind;
use crate::core::compare;
use crate::core::diff::{diff, render_line};
use crate::tui::worker::History;
use crate::tui::workspace::DocId;
use serde_json::{Value, json};

/// One write in the history list.
pub struct HistoryEntry {
    /// The snapshot's time, as `connedit rollback --to` takes it.
    pub taken: String,
    pub action: String,
    /// "3 changes", "created", "deleted".
    pub summary: String,
    /// What the write changed, a line each.
    pub lines: Vec<String>,
}

pub struct HistoryView {
    pub kind: Kind,
    pub id: String,
    pub domain: String,
    pub entries: Vec<HistoryEntry>,
}

impl HistoryView {
    pub fn new(h: History) -> HistoryView {
        let entries = h
            .snapshots
            .iter()
            .map(|s| {
                let before = s.before.clone().unwrap_or_else(|| json!({}));
                let after = if s.after.is_null() {
                    json!({})
                } else {
                    s.after.clone()
                };
                let lines: Vec<String> = diff(&before, &after).iter().map(render_line).collect();
                let summary = match (&s.before, s.after.is_null()) {
                    _ if s.problem.is_some() => {
                        format!("damaged: {}", s.problem.as_deref().unwrap_or_default())
                    }
                    (None, _) => "created".to_string(),
                    (Some(_), true) => "deleted".to_string(),
                    _ => format!(
                        "{} change{}",
                        lines.len(),
                        if lines.len() == 1 { "" } else { "s" }
                    ),
                };
                HistoryEntry {
                    taken: s.taken.clone(),
                    action: s.action.clone(),
                    summary,
                    lines,
                }
            })
            .collect();
        HistoryView {
            kind: h.kind,
            id: h.id,
            domain: h.domain,
            entries,
        }
    }
}

/// The open document against another tenant.
pub struct CompareView {
    pub tenant: String,
    /// The fields the document has, both sides.
    pub rows: Vec<compare::Row>,
    /// Fields the other tenant has that the document does not name.
    pub left_out: usize,
    /// No object of the document's name on the other tenant.
    pub missing: bool,
}

impl CompareView {
    pub fn differing(&self) -> usize {
        self.rows.iter().filter(|r| !r.same).count()
    }
}

impl App {
    /// The document a remote action is about: focused, JSON, nothing running.
    fn remote_doc(&mut self) -> Option<DocId> {
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
        self.set_busy(Some(doc), "reading the history");
        vec![Effect::History { doc }]
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
                self.dialog = Some(Dialog::PickTenant {
                    doc,
                    names: self.other_tenants.clone(),
                    selected: 0,
                });
                Vec::new()
            }
        }
    }

    pub(super) fn compare_with(&mut self, doc: DocId, tenant: String) -> Vec<Effect> {
        self.set_busy(Some(doc), &format!("reading {tenant}"));
        vec![Effect::Compare { doc, tenant }]
    }

    /// Enter on a history entry: plan the rollback to it.
    pub(super) fn start_rollback(
        &mut self,
        doc: DocId,
        view: &HistoryView,
        i: usize,
    ) -> Vec<Effect> {
        let Some(e) = view.entries.get(i) else {
            return Vec::new();
        };
        self.set_busy(Some(doc), &format!("planning the rollback to {}", e.taken));
        vec![Effect::PlanRollback {
            kind: view.kind,
            id: view.id.clone(),
            to: e.taken.clone(),
        }]
    }

    pub(super) fn show_history(&mut self, doc: Option<DocId>, h: History) {
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
            self.dialog = Some(Dialog::History {
                doc,
                view: HistoryView::new(h),
                selected: 0,
            });
        }
    }

    pub(super) fn show_compare(
        &mut self,
        doc: Option<DocId>,
        tenant: String,
        mine: &Value,
        other: Option<Value>,
    ) {
        let Some(doc) = doc else { return };
        let (rows, left_out) = compare::rows_of_document(mine, other.as_ref());
        let view = CompareView {
            tenant,
            rows,
            left_out,
            missing: other.is_none(),
        };
        self.dialog = Some(Dialog::Compare {
            doc,
            view,
            scroll: 0,
            all: false,
        });
    }
}
