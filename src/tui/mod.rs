//! The terminal editor: opening the workspace, the event loop, and performing
//! the effects `update` asks for. Rendering and state live in the submodules.
//!
//! Long (about 540 lines): the runner (terminal, event loop, effects, hangup
//! and recovery handling), the I/O half that the house issue's Msg loop will
//! split from the update.

pub mod app;
pub mod dialogs;
pub mod keymap;
pub mod output;
pub mod panes;
pub mod rows;
pub mod theme;
pub mod tree;
pub mod view;
pub mod worker;
pub mod workspace;

use crate::core::Kind;
use crate::core::document::Mappings;
use crate::io::{files, recovery, save};
use app::{App, Effect};
use crossterm::event::{self, Event};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use workspace::{DocId, OpenDocument};

/// Builds the workspace from the command line's paths: at most one profile
/// and one connection; a missing path starts a new document; no path opens
/// the built-in examples; a deploy-cli tree's folder opens its Files pane.
pub fn open_workspace(paths: &[PathBuf]) -> anyhow::Result<App> {
    open_workspace_with(paths, None)
}

pub fn open_workspace_with(paths: &[PathBuf], mappings: Option<Mappings>) -> anyhow::Result<App> {
    if paths.is_empty() {
        return Ok(App::new(
            Some(OpenDocument::example(DocId::Profile)),
            Some(OpenDocument::example(DocId::Connection)),
        ));
    }
    if let [dir] = paths
        && dir.is_dir()
    {
        if !files::is_deploy_tree(dir) {
            anyhow::bail!(
                "{} is not an auth0-deploy-cli tree (no connection-profiles/ or database-connections/): give files instead",
                dir.display()
            );
        }
        let mut app = App::new(None, None);
        app.tree = Some(build_tree(dir, mappings.clone()));
        app.mappings = mappings;
        app.focus = app::Pane::Files;
        return Ok(app);
    }
    if paths.len() > 2 {
        anyhow::bail!("a workspace holds one profile and one connection: give at most two files");
    }
    let (mut profile, mut connection) = (None, None);
    for p in paths {
        if p.is_dir() {
            anyhow::bail!(
                "{} is a directory: give a profile file and/or a connection file, or a deploy-cli tree alone",
                p.display()
            );
        }
        let bytes = save::read_current(p)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?;
        // An empty file (`touch new.json`) is a new document, of the kind
        // its name suggests.
        let empty = bytes
            .as_ref()
            .is_some_and(|b| b.iter().all(u8::is_ascii_whitespace));
        let kind = match &bytes {
            Some(b) if !empty => files::kind_from_path(p)
                .unwrap_or_else(|| crate::core::Document::parse_bytes(b, None).kind()),
            _ => kind_for_new(p, profile.is_some()),
        };
        let id = DocId::of(kind);
        let mut slot = OpenDocument::open_with(id, Some(p.clone()), bytes, mappings.clone());
        slot.disk_id = save::file_id(p);
        let place = if id == DocId::Profile {
            &mut profile
        } else {
            &mut connection
        };
        if place.is_some() {
            anyhow::bail!(
                "{} is a second {}: a workspace holds one profile and one connection",
                p.display(),
                kind.as_str()
            );
        }
        *place = Some(slot);
    }
    let mut app = App::new(profile, connection);
    app.mappings = mappings;
    Ok(app)
}

/// The tree's documents with their problem counts (each read and checked once).
pub fn build_tree(dir: &Path, mappings: Option<Mappings>) -> tree::Tree {
    let entries = files::tree_documents(dir)
        .into_iter()
        .filter_map(|path| {
            let kind = files::kind_from_path(&path)?;
            let doc = files::read_document_with(&path, Some(kind), mappings.clone()).ok()?;
            let tally = crate::core::Tally::of(&doc.diagnostics());
            Some(tree::Entry {
                path,
                kind: DocId::of(kind),
                tally,
            })
        })
        .collect();
    tree::Tree {
        root: dir.to_path_buf(),
        entries,
        ..Default::default()
    }
}

/// A new document of `kind` to be saved as `path` (`connedit --new KIND
/// FILE`): the caller has checked that the file is missing or empty.
pub fn open_new(path: &Path, kind: Kind, mappings: Option<Mappings>) -> App {
    let id = DocId::of(kind);
    let bytes = save::read_current(path).ok().flatten();
    let mut slot = OpenDocument::open_with(id, Some(path.to_path_buf()), bytes, mappings);
    slot.disk_id = save::file_id(path);
    match id {
        DocId::Profile => App::new(Some(slot), None),
        DocId::Connection => App::new(None, Some(slot)),
    }
}

/// The kind of a document that does not exist yet, from its name.
fn kind_for_new(path: &Path, have_profile: bool) -> Kind {
    if let Some(k) = files::kind_from_path(path) {
        return k;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ["connection", "database", "db"]
        .iter()
        .any(|w| name.contains(w))
        || have_profile
    {
        Kind::Connection
    } else {
        Kind::Profile
    }
}

/// Offers the recovery files of earlier sessions for the open documents.
pub fn check_recovery(app: &mut App) {
    if app.dialog.is_some() {
        return;
    }
    for doc in [DocId::Profile, DocId::Connection] {
        if app.recovery_offered[doc as usize] {
            continue;
        }
        let Some(slot) = app.slot(doc) else { continue };
        // The oldest first; the others are offered on the next open.
        if let Some(found) = recovery::find(slot.path.as_deref(), doc.label())
            .into_iter()
            .next()
        {
            let age = match found.written.elapsed().map(|d| d.as_secs() / 60) {
                Ok(0) | Err(_) => "just now".to_string(),
                Ok(m) if m < 120 => format!("{m} min ago"),
                Ok(m) => format!("{} hours ago", m / 60),
            };
            // Written to after the edits were saved away: saving asks first.
            let changed_since = slot
                .path
                .as_deref()
                .and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
                .is_some_and(|m| m > found.written);
            app.offer_recovery(doc, found.path, found.text, age, changed_since);
            return; // one question at a time
        }
    }
}

/// Performs effects (and the effects their results ask for). Returns true when
/// the editor should quit.
pub fn perform(app: &mut App, worker: &mut worker::Worker, effects: Vec<Effect>) -> bool {
    let mut queue = effects;
    while let Some(effect) = (!queue.is_empty()).then(|| queue.remove(0)) {
        match effect {
            Effect::Quit => return true,
            Effect::Save {
                doc,
                path,
                force,
                then_quit,
            } => {
                let Some(slot) = app.slot(doc) else { continue };
                let Some(bytes) = slot.bytes_to_save() else {
                    continue;
                };
                // A new name means the file was not read: expect nothing there.
                let expected = if slot.path.as_ref() == Some(&path) {
                    slot.disk.clone()
                } else {
                    None
                };
                // Nothing to write: an untouched document whose file is as it
                // was read (kept byte for byte, however it is laid out), or a
                // file that already holds exactly what saving would write.
                let on_disk = save::read_current(&save::write_target(&path))
                    .ok()
                    .flatten();
                let untouched = !slot.dirty() && on_disk == expected;
                if !force && expected.is_some() && (untouched || on_disk.as_ref() == Some(&bytes)) {
                    // What is on disk stays the reference for the next save
                    // (its layout may differ from what saving would write).
                    let reference = on_disk.unwrap_or(bytes);
                    queue.extend(app.on_unchanged(doc, path, reference, then_quit));
                    // The file holds these edits: what they were restored from can go.
                    if let Some(rec) = app.restored_from[doc as usize].take() {
                        recovery::remove(&rec);
                    }
                    remember_file(app, doc);
                    continue;
                }
                if !force && app.confirm_overwrite[doc as usize] {
                    app.on_conflict(
                        doc,
                        path,
                        "changed on disk after the recovered edits were made".to_string(),
                        then_quit,
                    );
                    continue;
                }
                let read_id = if slot.path.as_ref() == Some(&path) {
                    slot.disk_id
                } else {
                    None
                };
                match save::save_checked(&path, &bytes, expected.as_deref(), read_id, force) {
                    Ok(()) => {
                        // Only the file these edits came from; one answered
                        // "later" stays until it is offered again.
                        if let Some(rec) = app.restored_from[doc as usize].take() {
                            recovery::remove(&rec);
                        }
                        app.confirm_overwrite[doc as usize] = false;
                        queue.extend(app.on_saved(doc, path, bytes, then_quit));
                        remember_file(app, doc);
                    }
                    Err(save::SaveError::ChangedOnDisk { .. }) => {
                        let reason = if expected.is_none() {
                            "already exists"
                        } else {
                            "changed on disk since it was opened"
                        };
                        app.on_conflict(doc, path, reason.to_string(), then_quit);
                    }
                    Err(e) => app.on_save_failed(e.to_string()),
                }
            }
            Effect::Reload { doc } => {
                let Some(path) = app.slot(doc).and_then(|s| s.path.clone()) else {
                    continue;
                };
                match save::read_current(&path) {
                    Ok(bytes) => {
                        app.on_reloaded(doc, bytes);
                        remember_file(app, doc);
                    }
                    Err(e) => app.on_save_failed(format!("cannot read {}: {e}", path.display())),
                }
            }
            Effect::PlanPush { doc } => {
                let Some(slot) = app.slot(doc) else { continue };
                // As deploy-cli would deploy it: placeholders replaced, scripts read.
                match files::deployable(&slot.doc, slot.path.as_deref()) {
                    Ok(value) => {
                        let id = worker.send(worker::Job::Plan {
                            kind: doc.kind(),
                            value,
                        });
                        app.started_job(id);
                    }
                    Err(e) => app.on_push_refused(e),
                }
            }
            Effect::History { doc } => {
                let Some(value) = app.slot(doc).and_then(|s| s.value()).cloned() else {
                    continue;
                };
                let id = worker.send(worker::Job::History {
                    kind: doc.kind(),
                    value,
                });
                app.started_job(id);
            }
            Effect::PlanRollback { kind, id, to } => {
                let job = worker.send(worker::Job::PlanRollback { kind, id, to });
                app.started_job(job);
            }
            Effect::Compare { doc, tenant } => {
                let Some(slot) = app.slot(doc) else { continue };
                // What a push would send; the text as it is if it cannot be prepared.
                let Some(value) = files::deployable(&slot.doc, slot.path.as_deref())
                    .ok()
                    .or_else(|| slot.value().cloned())
                else {
                    continue;
                };
                let id = worker.send(worker::Job::Fetch {
                    tenant,
                    kind: doc.kind(),
                    value,
                });
                app.started_job(id);
            }
            Effect::ApplyPush { plan } => {
                let id = worker.send(worker::Job::Apply { plan });
                app.started_job(id);
            }
            Effect::ListRemote => {
                let id = worker.send(worker::Job::List);
                app.started_job(id);
            }
            Effect::OpenFile { doc, path } => match save::read_current(&path) {
                Ok(Some(bytes)) => {
                    app.open_document(doc, path, bytes);
                    remember_file(app, doc);
                    check_recovery(app);
                }
                Ok(None) => app.on_save_failed(format!("{} no longer exists", path.display())),
                Err(e) => app.on_save_failed(format!("cannot read {}: {e}", path.display())),
            },
            Effect::CreateProfile { name } => {
                let Some(root) = app.tree.as_ref().map(|t| t.root.clone()) else {
                    continue;
                };
                let path = root
                    .join("connection-profiles")
                    .join(crate::core::push::profile_file_name(&name));
                if path.exists() {
                    app.on_save_failed(format!("{} already exists", path.display()));
                    continue;
                }
                let mut value = crate::core::document::skeleton(Kind::Profile);
                value["name"] = serde_json::Value::from(name);
                let text = crate::core::document::pretty(&value);
                let written = path
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|_| save::write_atomic(&path, text.as_bytes(), None));
                match written {
                    Ok(()) => {
                        let slot = OpenDocument::open(
                            DocId::Profile,
                            Some(path.clone()),
                            Some(text.clone().into_bytes()),
                        );
                        if let Some(t) = app.tree.as_mut() {
                            t.set_tally(&path, DocId::Profile, slot.tally());
                        }
                        app.open_document(DocId::Profile, path, text.into_bytes());
                    }
                    Err(e) => app.on_save_failed(format!("cannot write {}: {e}", path.display())),
                }
            }
            Effect::DiscardRecovery { path } => recovery::remove(&path),
            Effect::CheckRecovery => check_recovery(app),
        }
    }
    false
}

/// What the signal thread and the panic hook write when the session dies.
type Snapshot = Arc<Mutex<Vec<(Option<PathBuf>, &'static str, String)>>>;

/// Records which file a document was just read from or written to, so a
/// save notices a file swapped under it (same bytes or not).
fn remember_file(app: &mut App, doc: DocId) {
    if let Some(slot) = app.slot_mut(doc) {
        slot.disk_id = slot.path.as_deref().and_then(save::file_id);
    }
}

/// Writes the recovery files once, whoever asks first (a signal, the
/// hangup watcher, a failed terminal read, a panic).
fn write_snapshot(snapshot: &Snapshot) {
    static WRITTEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let Ok(items) = snapshot.lock() else { return };
    if WRITTEN.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    for (path, kind, text) in items.iter() {
        let _ = recovery::write(path.as_deref(), kind, text);
    }
}

fn refresh_snapshot(app: &App, snapshot: &Snapshot) {
    let items = app
        .recovery_snapshot()
        .into_iter()
        .map(|(doc, path, text)| (path, doc.label(), text))
        .collect();
    if let Ok(mut s) = snapshot.lock() {
        *s = items;
    }
}

fn restore_terminal() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableBracketedPaste,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// The terminal the editor reads: standard input when it is one, else the
/// controlling terminal (as crossterm chooses).
fn terminal_fd() -> Option<i32> {
    use std::os::fd::IntoRawFd;
    // SAFETY: isatty only inspects the descriptor.
    if unsafe { libc::isatty(0) } == 1 {
        return Some(0);
    }
    std::fs::File::open("/dev/tty")
        .ok()
        .map(IntoRawFd::into_raw_fd)
}

/// Watches the terminal for a hangup that no signal announces (a session
/// under `su`/`sudo`, or a process that is not the session leader, gets no
/// SIGHUP when the SSH connection drops; its reads then fail or return end
/// of input, on which crossterm would spin): writes the unsaved edits,
/// restores what it can, and leaves.
fn watch_for_hangup(snapshot: Snapshot) {
    let Some(fd) = terminal_fd() else { return };
    std::thread::spawn(move || {
        loop {
            let mut p = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd, for the duration of the call.
            let n = unsafe { libc::poll(&mut p, 1, 250) };
            let gone = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
            if n < 0 && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                break;
            }
            if n > 0 && p.revents & gone != 0 {
                write_snapshot(&snapshot);
                std::process::exit(129);
            }
            if n == 0 {
                continue;
            }
            // Readable: the event loop reads it; look again shortly.
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    });
}

/// Runs the editor until the user quits; `worker` talks to the tenant.
pub fn run(mut app: App, mut worker: worker::Worker) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    app.theme = theme::Theme::from_env();
    check_recovery(&mut app);
    let snapshot: Snapshot = Arc::new(Mutex::new(Vec::new()));

    // A hangup or termination: write the unsaved edits, restore the terminal,
    // leave. On its own thread, because a blocked event read never returns
    // after the terminal is gone.
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM])?;
    let on_signal = snapshot.clone();
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            write_snapshot(&on_signal);
            restore_terminal();
            std::process::exit(128 + sig);
        }
    });
    watch_for_hangup(snapshot.clone());
    let on_panic = snapshot.clone();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        write_snapshot(&on_panic);
        restore_terminal();
        default_hook(info);
    }));

    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    )?;
    // Frames written short, in the colours the terminal reads (tui::output).
    let var = |k: &str| std::env::var(k).ok();
    let depth = output::depth(var("TERM").as_deref(), var("COLORTERM").as_deref());
    let out = output::Compact::new(std::io::stdout(), depth);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(out))?;
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let result = (|| -> anyhow::Result<()> {
        let mut seen = u64::MAX;
        let estimator = Estimator::start();
        let mut asked: Option<u64> = None;
        loop {
            // The tester's strength estimate (zxcvbn, milliseconds on a long
            // password) is made on its own thread; the frame shows the
            // policy's verdict at once and the estimate when it comes.
            while let Some((key, e)) = estimator.try_recv() {
                app.set_estimate(key, e);
                asked = None;
            }
            match app.wanted_estimate() {
                Some((key, password, user)) if asked != Some(key) => {
                    estimator.ask(key, password, user);
                    asked = Some(key);
                }
                Some(_) => {}
                None => asked = None,
            }
            if app.generation != seen {
                seen = app.generation;
                refresh_snapshot(&app, &snapshot);
            }
            terminal.draw(|f| view::render(&app, f.area(), f.buffer_mut()))?;
            // Idle: block until something happens (no redraws). Busy: wake
            // every 100 ms to turn the spinner and collect worker results.
            let wait = if asked.is_some() { 20 } else { 100 };
            let event = if app.busy.is_some() || asked.is_some() {
                if event::poll(std::time::Duration::from_millis(wait))? {
                    Some(event::read()?)
                } else {
                    None
                }
            } else {
                Some(event::read()?)
            };
            let mut effects = match event {
                Some(Event::Key(k)) => app.on_key(k),
                Some(Event::Paste(text)) => {
                    app.on_paste(&text);
                    Vec::new()
                }
                Some(Event::Resize(w, h)) => {
                    app.resize(w, h);
                    Vec::new()
                }
                Some(_) => Vec::new(),
                None => {
                    app.tick();
                    Vec::new()
                }
            };
            while let Some((id, r)) = worker.try_recv() {
                effects.extend(app.on_job(id, r));
            }
            if perform(&mut app, &mut worker, effects) {
                return Ok(());
            }
        }
    })();
    if result.is_err() {
        // The terminal failed under us (end of input, an I/O error): a hangup.
        write_snapshot(&snapshot);
    }
    drop(terminal);
    restore_terminal();
    result
}

/// A thread that makes the tester's strength estimates, the newest asked
/// first (older requests still queued are dropped).
struct Estimator {
    ask: std::sync::mpsc::Sender<(u64, String, crate::core::password::SampleUser)>,
    done: std::sync::mpsc::Receiver<(u64, (u8, String))>,
}

impl Estimator {
    fn start() -> Estimator {
        let (ask, asked) =
            std::sync::mpsc::channel::<(u64, String, crate::core::password::SampleUser)>();
        let (tell, done) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(mut job) = asked.recv() {
                while let Ok(newer) = asked.try_recv() {
                    job = newer;
                }
                let (key, password, user) = job;
                let e = crate::core::password::estimate(&password, &user);
                if tell.send((key, e)).is_err() {
                    return;
                }
            }
        });
        Estimator { ask, done }
    }

    fn ask(&self, key: u64, password: String, user: crate::core::password::SampleUser) {
        let _ = self.ask.send((key, password, user));
    }

    fn try_recv(&self) -> Option<(u64, (u8, String))> {
        self.done.try_recv().ok()
    }
}
