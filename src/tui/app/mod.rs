//! The editor's one state struct. Everything reaches it as a [`Msg`]
//! through [`App::update`] (`update.rs`), which returns the [`Effect`]s for
//! the runner to perform (`tui::perform`: files and the worker, no
//! decisions); what those report comes back as messages. Nothing here
//! touches the terminal or a file.
//!
//! Long (about 1,000 lines): the state, the messages and effects, the key
//! dispatch and the pane cursors; dialogs, editing, saving, search and the
//! remote work have files of their own.

use crate::core::Kind;
use crate::core::derived::SampleOrg;
use crate::core::pointer::{is_below, is_within};
use crate::core::{Diagnostic, Severity, policy};
use crate::tui::keymap::{self, Action};
use crate::tui::rows::{self, Row, RowId, RowKind, Section};
use crate::tui::workspace::{DocState, OpenDocument, PerDoc};

mod dialogs;
mod editing;
mod files;
mod history;
mod remote;
mod saving;
mod search;
mod update;

pub use crate::tui::dialogs::compare::CompareView;
pub use crate::tui::dialogs::history::{HistoryEntry, HistoryView};
pub use crate::tui::dialogs::open_remote::RemoteItem;
use crate::tui::worker::JobResult;
use crossterm::event::{KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;
pub use remote::{Busy, push_lines};
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The fields of the open document of that kind (a connection's pane is
    /// titled "Password policy" for a database connection).
    Doc(Kind),
    Preview,
    Problems,
    /// The documents of a deploy-cli tree.
    Files,
}

impl Dialog {
    /// The dialog's own key bar, when its keys are its own (else the
    /// generic dialog keys are shown).
    pub fn key_bar(&self) -> Option<Vec<(&'static str, &'static str)>> {
        use crate::tui::dialogs::{bar_of, quit, recovery};
        match self {
            Dialog::Quit(_) => Some(bar_of(quit::BINDINGS)),
            Dialog::Conflict(d) => Some(d.key_bar()),
            Dialog::Recovery(_) => Some(bar_of(recovery::BINDINGS)),
            Dialog::ThreeWay(_) => Some(bar_of(crate::tui::dialogs::three_way::BINDINGS)),
            // A line being typed: j and k are letters there, not moves.
            Dialog::Prompt(_) => Some(vec![("Enter", "ok"), ("Esc", "cancel")]),
            _ => None,
        }
    }
}

impl Pane {
    pub fn doc(self) -> Option<Kind> {
        match self {
            Pane::Doc(kind) => Some(kind),
            _ => None,
        }
    }

    pub fn of(doc: Kind) -> Pane {
        Pane::Doc(doc)
    }
}

/// The tenant the editor talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantBadge {
    /// The tenant's name (or its domain when it comes from AUTH0_DOMAIN).
    pub name: String,
    /// Its domain (what every write dialog names beside the name).
    pub domain: String,
    pub protected: bool,
}

impl TenantBadge {
    /// "prod (acme.eu.auth0.com)", or the domain alone when that is its name.
    pub fn describe(&self) -> String {
        if self.name == self.domain || self.domain.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.domain)
        }
    }
}

/// Work for the runner: everything that touches files or ends the program.
#[derive(Debug)]
pub enum Effect {
    /// Write a document's file (unless it already holds these bytes).
    Write(Box<WriteRequest>),
    /// Read a document's file: to reload it, or to open it from the tree.
    Read {
        doc: Kind,
        path: PathBuf,
        purpose: ReadFor,
    },
    /// Write a new file (a new profile in the tree), never over one.
    Create {
        path: PathBuf,
        text: String,
    },
    DiscardRecovery {
        path: PathBuf,
    },
    /// Keep a copy of a document's text as a recovery file (the user's
    /// version where a reload found both sides changed one place).
    KeepCopy {
        doc: Kind,
        path: Option<PathBuf>,
        text: String,
        /// What the status says before where the copy is.
        note: String,
        /// What to put back if the copy cannot be kept.
        undo: Box<Restore>,
    },
    /// Look for the recovery file of the first of these documents that has one.
    FindRecovery {
        docs: Vec<(Kind, Option<PathBuf>)>,
    },
    /// Queue a request on the worker under this id.
    Run {
        id: u64,
        job: crate::tui::worker::Job,
    },
    /// Drop the read queued or running under this id (Esc).
    Cancel {
        id: u64,
    },
    /// Make the document what deploy-cli would deploy (placeholders
    /// replaced, scripts read from their files), then queue a request with it.
    Deploy {
        id: u64,
        document: Box<crate::core::Document>,
        path: Option<PathBuf>,
        /// What the editor knows the file holds: a push of a document whose
        /// file changed since (another editor, a git pull) says so first.
        disk: Option<Vec<u8>>,
        then: AfterDeploy,
    },
    Quit,
}

/// The user's version before a reload, and what the reload made, for when
/// the copy of it cannot be kept.
#[derive(Debug)]
pub struct Restore {
    pub mine: Value,
    pub merged: Value,
    /// The file's bytes the editor knew before the reload.
    pub disk: Option<Vec<u8>>,
}

/// A save, with what the editor knows of the file it goes to.
#[derive(Debug)]
pub struct WriteRequest {
    pub doc: Kind,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// What the file held when it was read (`None`: a new file, nothing expected there).
    pub expected: Option<Vec<u8>>,
    /// The file's identity when read (a file swapped under it is noticed).
    pub read_id: Option<crate::io::save::FileId>,
    /// The document has no edits: a file still as it was read needs no write.
    pub untouched: bool,
    /// Restored edits of a file changed since: ask before writing over it.
    pub ask_first: bool,
    pub force: bool,
    pub then_quit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFor {
    Reload,
    Open,
}

/// The request an [`Effect::Deploy`] queues.
#[derive(Debug)]
pub enum AfterDeploy {
    /// What pushing it would change, conflicts settled so.
    Plan(crate::io::api::push::Settle),
    /// The same object on another tenant, to compare; `fallback` is sent
    /// as it is when the document cannot be made deployable.
    Fetch {
        tenant: String,
        fallback: Option<Value>,
    },
}

/// Everything that reaches the editor: what the user did, and what the
/// runner and the worker report. One [`App::update`] takes them all.
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// Time passed while something runs (the spinner turns).
    Tick,
    /// The worker answered request `id`.
    Job(u64, JobResult),
    /// The tester's strength estimate for the password and user of `key`.
    Estimated {
        key: u64,
        estimate: (u8, String),
    },
    /// The file now holds `bytes` (written, or already so when `written` is false).
    Saved {
        doc: Kind,
        path: PathBuf,
        bytes: Vec<u8>,
        file_id: Option<crate::io::save::FileId>,
        written: bool,
        then_quit: bool,
    },
    /// Not written: the file changed on disk (or a new file's name is taken).
    Conflict {
        doc: Kind,
        path: PathBuf,
        reason: String,
        then_quit: bool,
    },
    /// A document's file was read (`None`: it is gone).
    Read {
        doc: Kind,
        path: PathBuf,
        purpose: ReadFor,
        bytes: Option<Vec<u8>>,
        file_id: Option<crate::io::save::FileId>,
    },
    /// A new file was written.
    Created {
        path: PathBuf,
        text: String,
    },
    /// A recovery file of an earlier session.
    RecoveryFound(Box<crate::tui::dialogs::recovery::Recovery>),
    /// The document could not be made deployable (a script missing…).
    PushRefused(String),
    /// A copy was kept (`Ok`: where) or could not be (`Err`: why).
    CopyKept(Result<PathBuf, String>, String, Kind, Box<Restore>),
    /// A file could not be read or written.
    Failed(String),
}

/// A modal question; it takes every key until answered.
pub enum Dialog {
    /// A field's fixed set of values.
    Choice(Box<crate::tui::dialogs::choice::Choice>),
    /// Unsaved documents at quit.
    Quit(Box<crate::tui::dialogs::quit::Quit>),
    /// The file changed on disk (or a new file's name is taken).
    Conflict(Box<crate::tui::dialogs::conflict::Conflict>),
    /// A line to type: where to save, a new profile's name.
    Prompt(Box<crate::tui::dialogs::prompt::Prompt>),
    /// Unsaved edits of an earlier session.
    Recovery(Box<crate::tui::dialogs::recovery::Recovery>),
    /// The diff of a planned write (a push or a rollback), to confirm.
    ConfirmWrite(Box<crate::tui::dialogs::confirm_write::ConfirmWrite>),
    /// An edit that changes much at once, shown before it is made.
    ConfirmEdit(Box<crate::tui::dialogs::confirm_edit::ConfirmEdit>),
    /// Text to read: a problem in full, the message log.
    Text(Box<crate::tui::dialogs::text_view::TextView>),
    /// The tenant's profiles, templates and database connections, to open one.
    Open(Box<crate::tui::dialogs::open_remote::OpenRemote>),
    /// The writes to the document's object on the tenant; Enter rolls back.
    History(Box<crate::tui::dialogs::history::HistoryList>),
    /// Which tenant to compare with.
    PickTenant(Box<crate::tui::dialogs::pick_tenant::PickTenant>),
    /// The document beside another tenant's object.
    Compare(Box<crate::tui::dialogs::compare::Compare>),
    /// A push's conflicts, to settle place by place.
    ThreeWay(Box<crate::tui::dialogs::three_way::ThreeWay>),
}

/// A field being typed into. Every keystroke is applied to the document.
pub struct LineEdit {
    pub doc: Kind,
    pub row: Row,
    pub input: TextArea<'static>,
    before: Option<Value>,
    sample_before: SampleOrg,
    tester_before: rows::Tester,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

const UNDO_LIMIT: usize = 500;
/// Messages the log keeps (the oldest go first).
const LOG_LIMIT: usize = 2_000;

pub struct App {
    pub profile: Option<OpenDocument>,
    pub connection: Option<OpenDocument>,
    pub focus: Pane,
    /// The document pane focused last (the one shown beside the preview).
    pub doc_pane: Pane,
    /// Each kind of document's cursor, undo history and what was offered.
    docs: PerDoc<DocState>,
    pub collapsed: rows::Folds,
    pub problem_cursor: usize,
    /// Manual preview scroll while the Preview pane has focus; otherwise it
    /// follows the selected field.
    pub preview_scroll: Option<usize>,
    pub edit: Option<LineEdit>,
    pub dialog: Option<Dialog>,
    pub help: bool,
    /// `+`: the focused pane fills the screen.
    pub zoomed: bool,
    /// Every status message of the session, numbered (`L` shows them).
    pub log: Vec<String>,
    /// `/`: the search of the focused pane.
    pub search: Option<search::Search>,
    hasher: std::hash::RandomState,
    logged: usize,
    /// The first help line shown (the help scrolls on short terminals).
    pub help_scroll: usize,
    pub status: Option<(String, Level)>,
    pub sample: SampleOrg,
    /// The password tester: in memory only, never saved, logged or previewed.
    pub tester: rows::Tester,
    /// Bumped on every change of a document, so the runner knows when to
    /// refresh the recovery snapshot.
    pub generation: u64,
    /// The terminal's size, from the last resize (what PgUp/PgDn's page is
    /// worked out from).
    size: (u16, u16),
    pub theme: crate::tui::theme::Theme,
    /// Work running on the worker thread.
    pub busy: Option<Busy>,
    /// The id the last request to the worker was given.
    next_job: u64,
    /// Ctrl-Q was pressed once while a write was on its way.
    quit_during_write: bool,
    /// A dialog a worker's answer opened while another was open: shown
    /// when that one closes.
    queued_dialog: Option<Dialog>,
    /// The deploy-cli tree the editor was opened on, if any.
    pub tree: Option<crate::tui::tree::Tree>,
    /// deploy-cli keyword mappings, for documents opened from the tree.
    pub mappings: Option<crate::core::document::Mappings>,
    /// The tenant Ctrl-P and Ctrl-O talk to, for the status bar and the guard.
    pub tenant: Option<TenantBadge>,
    /// The other named tenants, to compare with (Ctrl-T).
    pub other_tenants: Vec<String>,
    /// The document changed last (undo from a pane of no document acts on it).
    last_edited: Option<Kind>,
    /// The tenant's applications, once read (unfolding a connection's
    /// enabled applications asks for them): a checkbox each.
    pub applications: Option<Vec<crate::core::apps::App>>,
    /// Bumped when `applications` changes (the rows are built again).
    applications_read: u64,
}

impl App {
    /// The terminal is now `w`×`h` (the runner says so at start and on every
    /// resize).
    fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
    }

    /// Rows a page holds in the focused list, for PgUp/PgDn.
    pub fn page(&self) -> usize {
        crate::tui::view::page_size(
            self,
            ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1),
        )
    }

    pub fn new(profile: Option<OpenDocument>, connection: Option<OpenDocument>) -> App {
        let focus = if profile.is_some() || connection.is_none() {
            Pane::Doc(Kind::Profile)
        } else {
            Pane::Doc(Kind::Connection)
        };
        // The groups the field tables fold, and the database pane's groups
        // of everything beside the password policy.
        let mut collapsed = rows::Folds::default();
        for (doc, table) in [
            (Kind::Profile, crate::core::fields::profile::FIELDS),
            (Kind::Connection, crate::core::fields::connection::FIELDS),
        ] {
            for f in table.iter().filter(|f| f.folded) {
                collapsed.fold(doc, RowId::field(f.pointer));
            }
        }
        for s in [Section::Settings, Section::Options] {
            collapsed.fold(Kind::Connection, RowId::Section(s));
        }
        // Show the policy in effect; fold the other.
        let flexible = connection
            .as_ref()
            .and_then(|c| c.value())
            .is_some_and(policy::connection_uses_flexible);
        collapsed.fold(
            Kind::Connection,
            if flexible {
                RowId::Section(Section::Legacy)
            } else {
                RowId::field("/options/password_options")
            },
        );
        App {
            profile,
            connection,
            focus,
            doc_pane: focus,
            docs: PerDoc::new(|_| DocState::new(UNDO_LIMIT)),
            collapsed,
            problem_cursor: 0,
            preview_scroll: None,
            edit: None,
            dialog: None,
            help: false,
            zoomed: false,
            log: Vec::new(),
            search: None,
            applications: None,
            last_edited: None,
            applications_read: 0,
            hasher: std::hash::RandomState::new(),
            logged: 0,
            help_scroll: 0,
            status: None,
            sample: SampleOrg::default(),
            tester: rows::Tester::default(),
            generation: 0,
            size: (80, 24),
            next_job: 0,
            quit_during_write: false,
            queued_dialog: None,
            theme: crate::tui::theme::Theme::full(),
            busy: None,
            tree: None,
            mappings: None,
            tenant: None,
            other_tenants: Vec::new(),
        }
    }

    /// What to say on leaving: set when the editor is left while a write
    /// is on its way (its outcome unknown), with what to run to find out.
    pub fn leaving_word(&self) -> Option<String> {
        let b = self.busy.as_ref().filter(|b| !b.cancellable)?;
        // The document being written (every open one when not known).
        let docs: Vec<Kind> = match b.doc {
            Some(d) => vec![d],
            None => vec![Kind::Profile, Kind::Connection],
        };
        let files: Vec<String> = docs
            .iter()
            .filter_map(|k| self.slot(*k))
            .filter_map(|s| s.path.as_ref())
            .map(|p| p.display().to_string())
            .collect();
        Some(crate::core::scrub::one_line(&format!(
            "connedit: left while a write was on its way ({}): it was sent and may apply; to find out, run connedit diff {}",
            b.what,
            if files.is_empty() {
                "FILE".to_string()
            } else {
                files.join(" ")
            }
        )))
    }

    /// Whether the user asked to quit while a write is on its way (the
    /// status bar says what the next Ctrl-C does).
    pub fn quitting_during_write(&self) -> bool {
        self.quit_during_write && self.busy.as_ref().is_some_and(|b| !b.cancellable)
    }

    pub fn slot(&self, doc: Kind) -> Option<&OpenDocument> {
        match doc {
            Kind::Profile => self.profile.as_ref(),
            Kind::Connection => self.connection.as_ref(),
        }
    }

    pub fn slot_mut(&mut self, doc: Kind) -> Option<&mut OpenDocument> {
        match doc {
            Kind::Profile => self.profile.as_mut(),
            Kind::Connection => self.connection.as_mut(),
        }
    }

    pub fn docs(&self) -> impl Iterator<Item = &OpenDocument> {
        self.profile.iter().chain(self.connection.iter())
    }

    /// The document the focused pane is about (for the preview, Ctrl-S).
    pub fn current_doc(&self) -> Option<Kind> {
        let open = |d: &Kind| self.slot(*d).is_some();
        self.focus
            .doc()
            .filter(open)
            .or(self.doc_pane.doc().filter(open))
    }

    /// The pane's number in its title (`[2] Profile`): its place in Tab
    /// order, the digit that jumps to it.
    pub fn pane_number(&self, pane: Pane) -> usize {
        self.panes()
            .iter()
            .position(|p| *p == pane)
            .map_or(0, |i| i + 1)
    }

    /// What a pane is called, as its title names it.
    pub fn pane_name(&self, pane: Pane) -> String {
        use crate::core::kind::Strategy;
        match pane {
            Pane::Files => "Files".into(),
            Pane::Preview => "Preview".into(),
            Pane::Problems => "Problems".into(),
            Pane::Doc(Kind::Profile) => "Profile".into(),
            Pane::Doc(Kind::Connection) => {
                match self.connection.as_ref().and_then(|s| s.doc.strategy()) {
                    Some(Strategy::Other(s)) => {
                        format!("Connection ({})", crate::core::rules::clip(s))
                    }
                    _ => "Password policy".into(),
                }
            }
        }
    }

    /// `t`: the tester's password row of the open database connection, in
    /// view and being typed (at 80x24 it is below the fold of the pane).
    fn go_to_tester(&mut self) {
        let doc = Kind::Connection;
        let database = self.connection.as_ref().is_some_and(|s| {
            !matches!(
                s.doc.strategy(),
                Some(crate::core::kind::Strategy::Other(_))
            )
        });
        if !database {
            self.set_status(
                "t tries a password against a database connection's policy: open one first",
                Level::Info,
            );
            return;
        }
        self.collapsed.unfold(doc, &RowId::Section(Section::Try));
        self.focus = Pane::Doc(doc);
        self.doc_pane = self.focus;
        let rows = self.rows(doc);
        if let Some(i) = rows.iter().position(|r| r.id == RowId::TryPassword) {
            self.docs.get_mut(doc).cursor = i;
            let row = rows[i].clone();
            self.start_edit(doc, row);
        }
    }

    /// Panes in Tab order.
    pub fn panes(&self) -> Vec<Pane> {
        let mut p = Vec::with_capacity(5);
        if self.tree.is_some() {
            p.push(Pane::Files);
        }
        // Both document panes always: one with nothing open says how to
        // open a document of its kind.
        p.extend([
            Pane::Doc(Kind::Profile),
            Pane::Doc(Kind::Connection),
            Pane::Preview,
            Pane::Problems,
        ]);
        p
    }

    /// The rows of a document pane: built once per change of the document,
    /// the folded groups or the tester (the tester's verdict, zxcvbn and
    /// all, is one of them), then read by every frame and key.
    pub fn rows(&self, doc: Kind) -> std::rc::Rc<Vec<Row>> {
        let Some(slot) = self.slot(doc) else {
            return std::rc::Rc::new(Vec::new());
        };
        let Some(v) = slot.value() else {
            return std::rc::Rc::new(Vec::new());
        };
        let key = {
            use std::hash::{BuildHasher, Hash, Hasher};
            // Order-free: the set's iteration order is not its content.
            let folds = self.collapsed.of(doc);
            let folded = folds
                .iter()
                .fold(folds.len() as u64, |acc, k| acc ^ self.hasher.hash_one(k));
            let mut h = self.hasher.build_hasher();
            (slot.revision, folded).hash(&mut h);
            if doc == Kind::Connection {
                self.tester.hash(&mut h);
                (
                    self.applications_read,
                    self.applications.as_ref().map(Vec::len),
                )
                    .hash(&mut h);
            }
            h.finish()
        };
        if let Some((k, rows)) = &*self.docs.get(doc).rows_memo.borrow()
            && *k == key
        {
            return rows.clone();
        }
        let rows = std::rc::Rc::new(match doc {
            Kind::Profile => rows::profile_rows(v, self.collapsed.of(doc)),
            Kind::Connection => rows::connection_rows(
                v,
                self.collapsed.of(doc),
                &self.tester,
                self.applications.as_deref(),
            ),
        });
        *self.docs.get(doc).rows_memo.borrow_mut() = Some((key, rows.clone()));
        rows
    }

    pub fn cursor(&self, doc: Kind) -> usize {
        self.cursor_in(doc, self.rows(doc).len())
    }

    /// The cursor for a pane whose `n` rows the caller already has.
    pub fn cursor_in(&self, doc: Kind, n: usize) -> usize {
        self.docs.get(doc).cursor.min(n.saturating_sub(1))
    }

    /// Errors and warnings of every open document (without collecting them).
    pub fn tally(&self) -> crate::core::Tally {
        let mut t = crate::core::Tally::default();
        for s in self.docs() {
            let x = s.tally();
            t.errors += x.errors;
            t.warnings += x.warnings;
            t.infos += x.infos;
        }
        t
    }

    pub fn problem_count(&self) -> usize {
        self.docs().map(|s| s.diagnostics.len()).sum()
    }

    pub fn selected_row(&self, doc: Kind) -> Option<Row> {
        let rows = self.rows(doc);
        let i = self.cursor_in(doc, rows.len());
        rows.get(i).cloned()
    }

    /// Every diagnostic of the open documents, profile first.
    pub fn problems(&self) -> Vec<(Kind, &Diagnostic)> {
        self.docs()
            .flat_map(|s| s.diagnostics.iter().map(move |d| (s.id, d)))
            .collect()
    }

    pub fn dirty_docs(&self) -> Vec<Kind> {
        self.docs().filter(|s| s.dirty()).map(|s| s.id).collect()
    }

    fn set_status(&mut self, text: impl Into<String>, level: Level) {
        let text = text.into();
        self.log(&text, level);
        self.status = Some((text, level));
    }

    /// A line of the message log (L) only: every status message goes there,
    /// and what the status bar shows live (a retry's countdown) once.
    fn log(&mut self, text: &str, level: Level) {
        // Every message stays in the log (L), so nothing that flashed by is lost.
        if self.log.len() == LOG_LIMIT {
            self.log.remove(0);
        }
        self.logged += 1;
        let mark = match level {
            Level::Info => ' ',
            Level::Warning => '!',
            Level::Error => '✗',
        };
        self.log.push(format!(
            "{:>4} {mark} {}",
            self.logged,
            crate::core::scrub::one_line(text)
        ));
    }

    /// The password tester's strength estimate still to be made (its key,
    /// the password and the sample user): the runner makes it off the
    /// keystroke path and hands it back with [`App::set_estimate`].
    pub fn wanted_estimate(&self) -> Option<(u64, String, crate::core::password::SampleUser)> {
        self.tester.wanted()
    }

    /// An estimate made for `key` (ignored when the password has changed since).
    fn set_estimate(&mut self, key: u64, estimate: (u8, String)) {
        if self.tester.key() == key {
            self.tester.estimate = Some((key, estimate));
        }
    }

    /// `L`: every status message and Auth0 answer of the session.
    fn show_log(&mut self) {
        let lines = if self.log.is_empty() {
            vec!["nothing yet: status messages and Auth0's answers are kept here".to_string()]
        } else {
            self.log.clone()
        };
        self.dialog = Some(Dialog::Text(Box::new(
            crate::tui::dialogs::text_view::TextView::new("Messages".into(), lines).at_end(),
        )));
    }

    /// `i`: the selected problem in full, with what its code means.
    fn show_problem(&mut self) {
        let problems = self.problems();
        let Some((doc, d)) =
            problems.get(self.problem_cursor.min(problems.len().saturating_sub(1)))
        else {
            return;
        };
        let file = self.slot(*doc).map_or_else(String::new, |s| s.file_name());
        let place = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            _ => file,
        };
        let lines = vec![
            format!("{} [{}] at {place}", d.severity.as_str(), d.code),
            format!(
                "field: {}",
                if d.path.is_empty() {
                    "(the document)"
                } else {
                    &d.path
                }
            ),
            String::new(),
            d.message.clone(),
            String::new(),
            format!("{}: {}", d.code, d.code.help()),
            String::new(),
            "Enter on the problem goes to the field.".to_string(),
        ];
        self.dialog = Some(Dialog::Text(Box::new(
            crate::tui::dialogs::text_view::TextView::new("Problem".into(), lines),
        )));
    }

    // ---- input -------------------------------------------------------------

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        if self.help {
            // j/k, the arrows, g/G scroll a help taller than the terminal; any other key closes.
            use crossterm::event::KeyCode as K;
            // Clamped to the last screenful, so a key up after the end
            // moves at once (issue 30: the first k's after G did nothing).
            let last = crate::tui::panes::overlay::help_max_scroll(ratatui::layout::Rect::new(
                0,
                0,
                self.size.0,
                self.size.1,
            ));
            let page = self.page().max(1);
            let scroll = self.help_scroll.min(last);
            match key.code {
                K::Down | K::Char('j') => self.help_scroll = (scroll + 1).min(last),
                K::Up | K::Char('k') => self.help_scroll = scroll.saturating_sub(1),
                K::PageDown | K::Char(' ') => self.help_scroll = (scroll + page).min(last),
                K::PageUp => self.help_scroll = scroll.saturating_sub(page),
                // g/G to the top and the end, as in every list (G closed
                // the help: issue 30).
                K::Home | K::Char('g') => self.help_scroll = 0,
                K::End | K::Char('G') => self.help_scroll = last,
                _ => {
                    self.help = false;
                    self.help_scroll = 0;
                }
            }
            return Vec::new();
        }
        if self.dialog.is_some() {
            return self.dialog_key(key);
        }
        if self.edit.is_some() {
            self.edit_key(key);
            return Vec::new();
        }
        if self.search_key(key) {
            return Vec::new();
        }
        // Esc clears a Files filter first, then cancels a running read.
        let files_filter =
            self.focus == Pane::Files && self.tree.as_ref().is_some_and(|t| !t.filter.is_empty());
        if key.code == crossterm::event::KeyCode::Esc && self.busy.is_some() && !files_filter {
            return self.cancel_busy();
        }
        self.status = None;
        if self.focus == Pane::Files
            && let Some(effects) = self.files_key(key)
        {
            return effects;
        }
        // A digit jumps to the pane of that number (its title shows it),
        // an empty document pane too.
        if let crossterm::event::KeyCode::Char(c @ '1'..='9') = key.code
            && !key
                .modifiers
                .contains(crossterm::event::KeyModifiers::CONTROL)
        {
            let panes = self.panes();
            if let Some(p) = panes.get(c as usize - '1' as usize) {
                self.focus = *p;
                if p.doc().is_some_and(|d| self.slot(d).is_some()) {
                    self.doc_pane = *p;
                }
                self.preview_scroll = None;
            }
            return Vec::new();
        }
        match keymap::action_for(key) {
            Some(a) => self.act(a),
            None => Vec::new(),
        }
    }

    /// Text pasted into the terminal (bracketed paste): typed into the line editor.
    fn on_paste(&mut self, text: &str) {
        let line: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        if let Some(Dialog::Prompt(p)) = &mut self.dialog {
            p.paste(&line);
        } else if let Some(e) = &mut self.edit {
            e.input.insert_str(&line);
            self.apply_live();
        }
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::NextPane | Action::PrevPane => self.cycle_pane(action == Action::NextPane),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page().max(1) as isize)),
            Action::PageDown => self.move_by(self.page().max(1) as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Activate => {
                self.activate();
                return self.read_applications_if_shown();
            }
            Action::Toggle => {
                self.toggle();
                return self.read_applications_if_shown();
            }
            Action::Unset => self.unset(),
            Action::AddEntry => self.add_entry(),
            Action::SortEntries => self.sort_entries(),
            Action::ConvertPolicy => self.convert_policy(),
            Action::Save => return self.save(false),
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::Quit => return self.quit(),
            Action::Help => {
                self.help = true;
                // Opened at the keys of where you are (the Files pane's own).
                self.help_scroll = if self.focus == Pane::Files {
                    let heading = keymap::Context::Files.heading();
                    keymap::help_lines()
                        .iter()
                        .position(|(k, w)| k.is_empty() && *w == heading)
                        .unwrap_or(0)
                } else {
                    0
                };
            }
            Action::Log => self.show_log(),
            Action::Search => self.start_search(),
            Action::SearchNext => self.search_again(true),
            Action::SearchPrev => self.search_again(false),
            Action::Detail => self.show_problem(),
            Action::Zoom => {
                self.zoomed = !self.zoomed;
                self.set_status(
                    if self.zoomed {
                        "zoomed (+ shows all panes again)"
                    } else {
                        "all panes shown"
                    },
                    Level::Info,
                );
            }
            Action::TryPassword => self.go_to_tester(),
            Action::Push => return self.start_push(),
            Action::OpenRemote => return self.start_open_remote(),
            Action::NewProfile => self.start_new_profile(),
            Action::History => return self.start_history(),
            Action::Compare => return self.start_compare(),
        }
        Vec::new()
    }

    fn cycle_pane(&mut self, forward: bool) {
        let all = self.panes();
        // A document pane with nothing open is passed over while a document
        // is open (it only says how to open one); with none open it is a
        // place to go.
        let any_open = self.profile.is_some() || self.connection.is_some();
        let panes: Vec<Pane> = all
            .iter()
            .copied()
            .filter(|p| {
                *p == self.focus || !any_open || p.doc().is_none_or(|d| self.slot(d).is_some())
            })
            .collect();
        let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len();
        self.focus = panes[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        if self.focus.doc().is_some_and(|d| self.slot(d).is_some()) {
            self.doc_pane = self.focus;
        }
        self.preview_scroll = None;
    }

    fn move_by(&mut self, delta: isize) {
        let clamp = |cur: usize, n: usize| {
            (cur as isize + delta).clamp(0, n.saturating_sub(1) as isize) as usize
        };
        match self.focus {
            Pane::Problems => {
                self.problem_cursor = clamp(self.problem_cursor, self.problems().len())
            }
            Pane::Preview => {
                let lines = self
                    .current_doc()
                    .and_then(|d| self.slot(d))
                    .map_or(0, |s| {
                        s.doc.resolved().unwrap_or(&s.doc).text().lines().count()
                    });
                let cur = self
                    .preview_scroll
                    .unwrap_or_else(|| self.followed_line().saturating_sub(self.page() / 2));
                self.preview_scroll = Some(clamp(cur, lines));
            }
            pane => {
                if let Some(doc) = pane.doc() {
                    let n = self.rows(doc).len();
                    self.docs.get_mut(doc).cursor = clamp(self.cursor(doc), n);
                }
            }
        }
    }

    /// The preview line (0-based) of the selected field of the current document.
    pub fn followed_line(&self) -> usize {
        let Some(doc) = self.current_doc() else {
            return 0;
        };
        let Some(slot) = self.slot(doc) else {
            return 0;
        };
        if slot.is_broken() {
            // Point at the syntax error.
            return slot
                .diagnostics
                .first()
                .and_then(|d| d.line)
                .map_or(0, |l| l as usize - 1);
        }
        let Some(row) = self.selected_row(doc) else {
            return 0;
        };
        let Some(at) = row.pointer() else {
            return 0;
        };
        // The preview shows the replaced document when mappings are given.
        slot.doc
            .resolved()
            .unwrap_or(&slot.doc)
            .position_of(at)
            .map_or(0, |(l, _)| l as usize - 1)
    }

    /// The focused field's row and document, when a document pane has focus
    /// and its document is JSON.
    fn focused_row(&mut self) -> Option<(Kind, Row)> {
        let doc = self.focus.doc()?;
        if self.slot(doc)?.is_broken() {
            self.set_status(
                "this file is not valid JSON: fix it in a text editor (connedit will not overwrite it)",
                Level::Error,
            );
            return None;
        }
        Some((doc, self.selected_row(doc)?))
    }

    /// Applies an edit to a document as one undoable change.
    fn change(&mut self, doc: Kind, f: impl FnOnce(&mut Value)) -> bool {
        let Some(slot) = self.slot_mut(doc) else {
            return false;
        };
        let Some(before) = slot.value().cloned() else {
            return false;
        };
        let mut after = before.clone();
        f(&mut after);
        if after == before {
            return false;
        }
        slot.set_value(after.clone());
        self.record(doc, before, after);
        true
    }

    fn record(&mut self, doc: Kind, before: Value, after: Value) {
        self.docs.get_mut(doc).history.record(before, after);
        self.last_edited = Some(doc);
        self.generation += 1;
    }

    fn forget_history(&mut self, doc: Kind) {
        self.docs.get_mut(doc).history.clear();
    }

    /// Undoes (or redoes) the last change of the document being worked on:
    /// the focused pane's, else the last focused document's.
    fn undo_redo(&mut self, undo: bool) {
        // The focused document; from a pane of no document (the preview,
        // Problems, Files, an empty pane), the one edited last.
        let open = |d: &Kind| self.slot(*d).is_some();
        let Some(doc) = self
            .focus
            .doc()
            .filter(open)
            .or(self.last_edited.filter(open))
            .or(self.doc_pane.doc())
        else {
            return;
        };
        let before = self.slot(doc).and_then(|s| s.value()).cloned();
        let h = &mut self.docs.get_mut(doc).history;
        let Some(value) = (if undo { h.undo() } else { h.redo() }) else {
            self.set_status(
                if undo {
                    "nothing to undo in this document"
                } else {
                    "nothing to redo in this document"
                },
                Level::Info,
            );
            return;
        };
        let flexible = policy::connection_uses_flexible;
        let switched = doc == Kind::Connection
            && self.slot(doc).and_then(|s| s.value()).is_some_and(flexible) != flexible(&value);
        let places_of = value.clone();
        if let Some(slot) = self.slot_mut(doc) {
            slot.set_value(value);
        }
        // An undone (or redone) policy switch shows the policy in effect
        // again, as the switch itself does.
        if switched {
            self.after_convert();
        }
        self.generation += 1;
        // What came back, where: the places and the file.
        let places: Vec<String> = before
            .as_ref()
            .map(|b| crate::core::diff::diff(b, &places_of))
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.path)
            .collect();
        let file = self.slot(doc).map(|s| s.file_name()).unwrap_or_default();
        let what = match places.as_slice() {
            [] => String::new(),
            [one] => format!(" {one}"),
            [first, rest @ ..] => format!(" {first} and {} more", rest.len()),
        };
        let more = if self.docs.get(doc).history.can_undo() && undo {
            ""
        } else if undo {
            " (nothing more to undo)"
        } else {
            ""
        };
        self.set_status(
            format!(
                "{}{what} in {file}{more}",
                if undo { "undone:" } else { "redone:" }
            ),
            Level::Info,
        );
    }

    // ---- problems --------------------------------------------------------------

    fn jump_to_problem(&mut self) {
        let Some((doc, path)) = self
            .problems()
            .get(self.problem_cursor)
            .map(|(d, p)| (*d, p.path.clone()))
        else {
            return;
        };
        self.jump_to(doc, &path);
    }

    /// Focuses the field a JSON Pointer names, opening the groups around it.
    fn jump_to(&mut self, doc: Kind, path: &str) {
        let Some(value) = self.slot(doc).and_then(|s| s.value()).cloned() else {
            self.focus = Pane::of(doc);
            self.doc_pane = self.focus;
            return;
        };
        let none = HashSet::new();
        let all = match doc {
            Kind::Profile => rows::profile_rows(&value, &none),
            Kind::Connection => {
                rows::connection_rows(&value, &none, &self.tester, self.applications.as_deref())
            }
        };
        if let Some(target) = best_row(&all, path, &value) {
            // Open every group above the target.
            let mut stack: Vec<&Row> = Vec::new();
            for r in &all[..target] {
                while stack.last().is_some_and(|g| g.depth >= r.depth) {
                    stack.pop();
                }
                if matches!(r.kind, RowKind::Group { .. } | RowKind::Presence) {
                    stack.push(r);
                }
            }
            while stack.last().is_some_and(|g| g.depth >= all[target].depth) {
                stack.pop();
            }
            for g in stack {
                self.collapsed.unfold(doc, &g.id);
            }
            let wanted = &all[target];
            if let Some(i) = self.rows(doc).iter().position(|r| r == wanted) {
                self.docs.get_mut(doc).cursor = i;
            }
        }
        self.focus = Pane::of(doc);
        self.doc_pane = self.focus;
        self.preview_scroll = None;
    }
}

/// The row that shows the value at `path`: an exact match, else the deepest
/// row above it (for a list item, the checkable row of that item), else the
/// first row inside it.
fn best_row(rows: &[Row], path: &str, value: &Value) -> Option<usize> {
    let item = value.pointer(path).and_then(Value::as_str);
    let exact = rows
        .iter()
        .position(|r| r.pointer() == Some(path) && r.in_document());
    if exact.is_some() {
        return exact;
    }
    let mut best: Option<(usize, usize)> = None;
    for (i, r) in rows.iter().enumerate() {
        let Some(p) = r.pointer().filter(|p| r.in_document() && is_below(path, p)) else {
            continue;
        };
        let member_hit = matches!(r.kind, RowKind::Member(m) if Some(m) == item);
        let score = p.len() * 2 + usize::from(member_hit);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i).or_else(|| {
        rows.iter()
            .position(|r| r.in_document() && r.pointer().is_some_and(|p| is_below(p, path)))
    })
}

/// The worst severity of the diagnostics about a row (or, for a group or a
/// list, inside it, so that a folded group still shows where problems are).
pub fn row_severity(row: &Row, diagnostics: &[Diagnostic]) -> Option<Severity> {
    if !row.in_document()
        || matches!(
            row.kind,
            RowKind::AddEntry { .. } | RowKind::AddParam | RowKind::AddKey
        )
    {
        return None;
    }
    let at = row.pointer()?;
    diagnostics
        .iter()
        .filter(|d| is_within(&d.path, at))
        .map(|d| d.severity)
        .min()
}
