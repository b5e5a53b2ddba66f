//! Pushing and pulling from the editor: Ctrl-P plans a push on the worker
//! and shows its diff for confirmation; Ctrl-O lists the tenant's profiles and
//! templates to start from. Results arrive as messages from the worker.

use super::{App, Dialog, Effect, Level, Pane};
use crate::core::Kind;
use crate::core::diff::{render_block, render_line};
use crate::core::document::pretty;
use crate::core::push::with_id;
use crate::io::api::push::{Plan, PushError, Target};
use crate::tui::rows::RowId;
use crate::tui::worker::JobResult;
use crate::tui::workspace::OpenDocument;
use serde_json::Value;

/// Work in flight on the worker: shown as a spinner with what it is.
pub struct Busy {
    pub doc: Option<Kind>,
    pub what: String,
    pub job: u64,
    /// Frames since it started (the runner ticks while busy).
    pub tick: u64,
    /// Seconds left before a retry.
    pub retry_in: Option<u64>,
    /// The retry waits out a rate limit (429), not a failed answer (5xx).
    pub rate_limited: bool,
    /// Esc may drop it: a read, not a write.
    pub cancellable: bool,
}

use crate::tui::dialogs::open_remote::RemoteItem;

impl App {
    pub(super) fn start_push(&mut self) -> Vec<Effect> {
        let Some(doc) = self.current_doc() else {
            return Vec::new();
        };
        if self.busy.is_some() {
            self.set_status("wait: a request is still running", Level::Info);
            return Vec::new();
        }
        let Some(slot) = self.slot(doc) else {
            return Vec::new();
        };
        if slot.is_broken() {
            self.set_status(
                "this file is not valid JSON: nothing can be pushed",
                Level::Error,
            );
            return Vec::new();
        }
        // Auth0's answers to the last push give way to this one's.
        if let Some(slot) = self.slot_mut(doc) {
            slot.set_server_diagnostics(Vec::new());
        }
        let errors = self.slot(doc).map_or(0, |s| s.tally().errors);
        if errors > 0 {
            self.set_status(
                format!(
                    "push refused: {errors} error{} to fix first (see Problems)",
                    if errors == 1 { "" } else { "s" }
                ),
                Level::Error,
            );
            return Vec::new();
        }
        // A fresh push: what an earlier settling of conflicts asked for
        // (save once it applied) is for that push only.
        self.docs.get_mut(doc).save_after_push = false;
        self.deploy(
            doc,
            "reading the tenant",
            super::AfterDeploy::Plan(crate::io::api::push::Settle::Stop),
        )
    }

    /// Starts a request made with `doc` as deploy-cli would deploy it.
    pub(super) fn deploy(
        &mut self,
        doc: Kind,
        what: &str,
        then: super::AfterDeploy,
    ) -> Vec<Effect> {
        let Some(slot) = self.slot(doc) else {
            return Vec::new();
        };
        let (document, path) = (Box::new(slot.doc.clone()), slot.path.clone());
        let disk = slot.disk.clone();
        let id = self.set_busy(Some(doc), what, true);
        vec![Effect::Deploy {
            id,
            document,
            path,
            disk,
            then,
        }]
    }

    /// The connection's enabled applications were unfolded with a tenant
    /// configured: its applications are read once, to show a checkbox
    /// each (until then, and without a tenant, the file's names are a list).
    pub(super) fn read_applications_if_shown(&mut self) -> Vec<Effect> {
        let group = RowId::field(crate::core::fields::connection::ENABLED_CLIENTS);
        if self.applications.is_some()
            || self.tenant.is_none()
            || self.busy.is_some()
            || self.connection.is_none()
            || self.collapsed.is_folded(Kind::Connection, &group)
            || !self.rows(Kind::Connection).iter().any(|r| r.id == group)
        {
            return Vec::new();
        }
        let id = self.set_busy(None, "reading the tenant's applications", true);
        vec![Effect::Run {
            id,
            job: crate::tui::worker::Job::Applications,
        }]
    }

    pub(super) fn start_open_remote(&mut self) -> Vec<Effect> {
        if self.busy.is_some() {
            self.set_status("wait: a request is still running", Level::Info);
            return Vec::new();
        }
        let id = self.set_busy(None, "reading profiles and templates", true);
        vec![Effect::Run {
            id,
            job: crate::tui::worker::Job::List,
        }]
    }

    /// Work starts on the worker: its id, under which the answer comes.
    /// `cancellable`: Esc may drop it (a read; a write once sent cannot be).
    pub(super) fn set_busy(&mut self, doc: Option<Kind>, what: &str, cancellable: bool) -> u64 {
        self.next_job += 1;
        self.quit_during_write = false;
        self.busy = Some(Busy {
            doc,
            what: what.to_string(),
            job: self.next_job,
            tick: 0,
            retry_in: None,
            rate_limited: false,
            cancellable,
        });
        self.next_job
    }

    /// Esc while a request runs: a read is dropped (its answer, when it
    /// comes, is ignored); a write is not, it may already be on the tenant.
    pub(super) fn cancel_busy(&mut self) -> Vec<Effect> {
        let Some(b) = &self.busy else {
            return Vec::new();
        };
        if b.cancellable {
            let (what, id) = (b.what.clone(), b.job);
            self.busy = None;
            self.set_status(format!("cancelled: {what}"), Level::Info);
            // The worker stops it too: its waits would hold the next request.
            return vec![Effect::Cancel { id }];
        } else {
            self.set_status(
                "a write cannot be called back once sent: waiting for Auth0's answer",
                Level::Warning,
            );
        }
        Vec::new()
    }

    /// A frame passed while busy (the spinner turns).
    pub(super) fn tick(&mut self) {
        if let Some(b) = &mut self.busy {
            b.tick += 1;
        }
    }

    /// A result from the worker.
    pub(super) fn on_job(&mut self, id: u64, result: JobResult) -> Vec<Effect> {
        if self.busy.as_ref().is_none_or(|b| b.job != id) {
            return Vec::new(); // not the work we are waiting for
        }
        if let JobResult::Waiting(w) = result {
            if let Some(b) = &mut self.busy {
                b.retry_in = Some(w.remaining.as_secs_f64().ceil() as u64);
                b.rate_limited = w.rate_limited;
                // The countdown is in the status bar; the log keeps each wait.
                if w.starts() {
                    let line = format!("{}: {}", b.what, w.describe());
                    self.log(&line, Level::Warning);
                }
            }
            return Vec::new();
        }
        let doc = self.busy.take().and_then(|b| b.doc);
        match result {
            JobResult::Waiting(_) => unreachable!("handled above"),
            JobResult::Planned(Ok(plan)) => {
                if plan.changes.is_empty() && plan.notes.is_empty() {
                    self.set_status(
                        format!("{} already matches; nothing to push", plan.label),
                        Level::Info,
                    );
                } else if let Some(doc) = doc {
                    self.confirm_write(doc, plan, Vec::new());
                }
            }
            JobResult::Planned(Err(e)) => self.push_failed(doc, e),
            JobResult::Applied {
                plan,
                result: Ok(outcome),
            } => {
                let n = plan.changes.len();
                let s = if n == 1 { "" } else { "s" };
                let mut msg = match (&plan.target, plan.action) {
                    (Target::DeleteProfile { id }, _) => format!(
                        "deleted {id} on the tenant; the document still names it (remove its id to create it again)"
                    ),
                    (_, crate::io::api::push::Action::Rollback) => format!(
                        "rolled back {n} change{s} on the tenant (the document is unchanged)"
                    ),
                    _ => format!("pushed {n} change{s} ({})", plan.label),
                };
                if outcome.confirmed_by_reading_back {
                    msg.push_str("; the answer was lost but reading back shows it applied");
                }
                // Where the file stands after a push of the document.
                if plan.action == crate::io::api::push::Action::Push
                    && !matches!(plan.target, Target::DeleteProfile { .. })
                    && let Some(slot) = doc.and_then(|d| self.slot(d))
                {
                    msg.push_str(match (&slot.path, slot.dirty()) {
                        (None, _) => "; not in a file yet: Ctrl-S saves it",
                        (Some(_), true) => {
                            "; the file still differs from what was pushed: Ctrl-S saves it"
                        }
                        (Some(_), false) => "; the file holds what was pushed",
                    });
                }
                self.set_status(msg, Level::Info);
                if let (Some(doc), Some(id)) = (doc, outcome.created_id.clone()) {
                    // The new id goes into the document and its file, so the
                    // next push updates instead of creating a second profile.
                    self.change(doc, |v| *v = with_id(v, &id));
                    match &outcome.apps_failed {
                        // Created, but its applications not (all) enabled.
                        Some((why, _)) => self.set_status(
                            format!("{why}; its id is in the document"),
                            Level::Error,
                        ),
                        None => self.set_status(
                            format!("created {id}; its id is in the document"),
                            Level::Info,
                        ),
                    }
                    if let Some(path) = self.slot(doc).and_then(|s| s.path.clone()) {
                        return self.write(doc, path, false, false);
                    }
                }
                // Conflicts settled in the three-way view: the file gets
                // what was taken (and pushed).
                if let Some(doc) = doc
                    && std::mem::take(&mut self.docs.get_mut(doc).save_after_push)
                    && let Some(path) = self.slot(doc).and_then(|s| s.path.clone())
                {
                    return self.write(doc, path, false, false);
                }
            }
            JobResult::Applied { result: Err(e), .. } => self.push_failed(doc, e),
            JobResult::Listed(listing) => self.show_listing(*listing),
            JobResult::Applications(Ok(apps)) => {
                let n = apps.len();
                self.applications = Some(apps);
                self.applications_read += 1;
                self.set_status(
                    format!(
                        "the tenant has {n} application{}: Space enables or disables one for this connection (a push sends the change)",
                        if n == 1 { "" } else { "s" }
                    ),
                    Level::Info,
                );
            }
            JobResult::Applications(Err(e)) => self.set_status(
                format!("the tenant's applications could not be read ({e}); the list shows the file's names"),
                Level::Warning,
            ),
            JobResult::History(Ok(h)) => self.show_history(doc, h),
            JobResult::History(Err(e)) => self.set_status(e.to_string(), Level::Error),
            JobResult::RollbackPlanned(Ok(rb)) => match (rb.plan, doc) {
                (None, _) => self.set_status(
                    format!(
                        "{} {} is already as it was before {}",
                        rb.kind.as_str(),
                        rb.id,
                        rb.snapshot.taken
                    ),
                    Level::Info,
                ),
                (Some(plan), Some(doc)) => {
                    let mut preface = Vec::new();
                    if !rb.drift.is_empty() {
                        preface.push(format!(
                            "note: changed on the tenant since the write of {}:",
                            rb.snapshot.taken
                        ));
                        preface.extend(rb.drift.iter().map(|c| format!("  {}", render_line(c))));
                        preface.push("rolling back changes it to:".to_string());
                    }
                    self.confirm_write(doc, Box::new(plan), preface);
                }
                (Some(_), None) => {}
            },
            JobResult::RollbackPlanned(Err(e)) => self.set_status(e.to_string(), Level::Error),
            JobResult::Fetched {
                tenant,
                mine,
                result: Ok(other),
            } => self.show_compare(doc, tenant, &mine, other),
            JobResult::Fetched {
                tenant,
                result: Err(e),
                ..
            } => self.set_status(format!("{tenant}: {e}"), Level::Error),
        }
        Vec::new()
    }

    /// The diff of a planned write, to confirm (on a protected tenant, by
    /// typing its name back).
    fn confirm_write(&mut self, doc: Kind, plan: Box<Plan>, preface: Vec<String>) {
        let tenant = self
            .tenant
            .as_ref()
            .map_or_else(|| "the tenant".to_string(), |t| t.describe());
        let protected = self
            .tenant
            .as_ref()
            .filter(|t| t.protected)
            .map(|t| t.name.as_str());
        self.dialog = Some(Dialog::ConfirmWrite(Box::new(
            crate::tui::dialogs::confirm_write::ConfirmWrite::new(
                doc, plan, preface, tenant, protected,
            ),
        )));
    }

    /// The runner could not prepare the document for a push.
    pub(super) fn on_push_refused(&mut self, message: String) {
        self.busy = None;
        self.set_status(format!("push refused: {message}"), Level::Error);
    }

    fn push_failed(&mut self, doc: Option<Kind>, e: PushError) {
        if let (Some(doc), PushError::Conflict(c)) = (doc, &e) {
            let n = c.items.len();
            self.set_status(
                format!(
                    "conflict: {n} place{} changed both here and on the tenant since {}; nothing was sent: choose for each",
                    if n == 1 { "" } else { "s" },
                    c.since
                ),
                Level::Warning,
            );
            self.dialog = Some(Dialog::ThreeWay(Box::new(
                crate::tui::dialogs::three_way::ThreeWay::new(
                    doc,
                    c.since.clone(),
                    c.items.clone(),
                ),
            )));
            return;
        }
        if let (Some(doc), PushError::Refused { diagnostics, .. }) = (doc, &e)
            && let Some(slot) = self.slot_mut(doc)
        {
            // Auth0's own problems, shown beside the local ones until the
            // next push or an edit of their field.
            slot.set_server_diagnostics(diagnostics.clone());
            self.focus = Pane::Problems;
        }
        self.set_status(format!("not pushed: {e}"), Level::Error);
    }

    /// Ctrl-O's list: what could be read, and a word on what could not.
    fn show_listing(&mut self, listing: crate::tui::worker::Listing) {
        let name = |v: &Value| v["name"].as_str().unwrap_or("?").to_string();
        let id = |v: &Value| v["id"].as_str().unwrap_or("?").to_string();
        let mut items = Vec::new();
        let mut failed = Vec::new();
        match listing.profiles {
            Ok(ps) => items.extend(ps.into_iter().map(|p| RemoteItem {
                label: format!("profile     {} ({})", name(&p), id(&p)),
                kind: Kind::Profile,
                value: Ok(p),
            })),
            Err(e) => failed.push(e),
        }
        match listing.templates {
            Ok(ts) => items.extend(ts.into_iter().map(|t| RemoteItem {
                label: format!(
                    "template    {}",
                    t["display_name"].as_str().or(t["id"].as_str()).unwrap_or("?")
                ),
                kind: Kind::Profile,
                value: Ok(t.get("template").cloned().unwrap_or(Value::Null)),
            })),
            Err(e) => failed.push(e),
        }
        match listing.connections {
            Ok(cs) => items.extend(cs.into_iter().map(|c| {
                let label = format!("connection  {} ({})", name(&c), id(&c));
                // Without its options a connection is no base for an edit.
                let value = if c.get("options").is_some_and(Value::is_object) {
                    Ok(crate::core::push::clean_pulled_connection(c).0)
                } else {
                    Err(format!(
                        "{} came without its options: the token needs read:connections_options",
                        name(&c)
                    ))
                };
                RemoteItem {
                    label,
                    kind: Kind::Connection,
                    value,
                }
            })),
            Err(e) => failed.push(e),
        }
        let failed: Vec<String> = failed.iter().map(ToString::to_string).collect();
        if items.is_empty() {
            match failed.is_empty() {
                false => self.set_status(failed.join("; "), Level::Error),
                true => self.set_status(
                    "the tenant has no profiles, templates or database connections",
                    Level::Info,
                ),
            }
            return;
        }
        if !failed.is_empty() {
            self.set_status(
                format!("not all could be read: {}", failed.join("; ")),
                Level::Warning,
            );
        }
        self.dialog = Some(Dialog::Open(Box::new(
            crate::tui::dialogs::open_remote::OpenRemote::new(items),
        )));
    }

    /// Opens what Ctrl-O picked as a new document of its own.
    pub(super) fn open_picked(&mut self, item: RemoteItem) {
        let value = match item.value {
            Ok(v) => v,
            Err(why) => {
                self.set_status(format!("not opened: {why}"), Level::Error);
                return;
            }
        };
        let doc = item.kind;
        let fallback = doc.as_str();
        let name = value
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .unwrap_or(fallback)
            .to_string();
        // Opening never replaces: the open document's unsaved edits stop it,
        // and what was fetched is a new document of its own, to be saved as
        // <name>.json beside the open files (never over one).
        let open = self.slot(doc);
        let untouched_fetch = open
            .and_then(|s| s.value())
            .is_some_and(|v| self.docs.get(doc).fetched.as_ref() == Some(v));
        if !untouched_fetch && open.is_some_and(|s| s.dirty()) {
            self.set_status(
                format!(
                    "the open {fallback} has unsaved edits: save them (Ctrl-S) or undo them, then open again; nothing was replaced"
                ),
                Level::Warning,
            );
            return;
        }
        let folder = self
            .slot(doc)
            .or(self.profile.as_ref())
            .or(self.connection.as_ref())
            .and_then(|s| s.path.as_ref())
            .and_then(|p| p.parent().map(std::path::Path::to_path_buf));
        self.docs.get_mut(doc).fetched = Some(value.clone());
        let suggested = folder.map(|f| f.join(crate::core::push::profile_file_name(&name)));
        let mut slot =
            OpenDocument::open(doc, suggested.clone(), Some(pretty(&value).into_bytes()));
        // Not on disk yet: the first Ctrl-S writes a new file (a file of that
        // name already there is never overwritten without asking).
        slot.disk = None;
        slot.saved = None;
        let pane = match doc {
            Kind::Profile => {
                self.profile = Some(slot);
                Pane::Doc(Kind::Profile)
            }
            Kind::Connection => {
                self.connection = Some(slot);
                Pane::Doc(Kind::Connection)
            }
        };
        self.opened(doc);
        self.focus = pane;
        self.doc_pane = pane;
        let hint = match &suggested {
            Some(p) => format!("Ctrl-S saves it as {}", p.display()),
            None => "Ctrl-S asks where to save it".to_string(),
        };
        self.set_status(
            format!("opened {name} from the tenant; {hint}"),
            Level::Info,
        );
    }
}

/// The lines of the push dialog.
pub fn push_lines(plan: &crate::io::api::push::Plan) -> Vec<String> {
    let mut out: Vec<String> = plan
        .changes
        .iter()
        .flat_map(|c| {
            let mut lines = render_block(c);
            if plan.overwrites(c)
                && let Some(first) = lines.first_mut()
            {
                first.push_str(crate::io::api::push::OVERWRITES);
            }
            lines
        })
        .collect();
    out.extend(plan.kept.iter().map(|k| format!("kept: {k}")));
    if let n @ 1.. = plan.overwritten() {
        out.push(format!("note: {}", crate::io::api::push::no_base_note(n)));
    }
    out.extend(plan.notes.iter().map(|n| format!("note: {n}")));
    out.extend(plan.warnings.iter().map(|w| format!("warning: {w}")));
    out
}
