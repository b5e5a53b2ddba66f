//! The terminal editor: opening the workspace, the event loop, and performing
//! the effects `update` asks for. Rendering and state live in the submodules.
//!
//! Long (about 650 lines): the runner (terminal, event loop, effects, hangup
//! and recovery handling): the I/O half of the editor, performing the
//! effects `App::update` returns.

pub mod app;
pub mod dialogs;
pub mod keymap;
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
use crate::term::{frugal, output};
use app::{AfterDeploy, App, Effect, Msg};
use crossterm::event::{self, Event};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use workspace::OpenDocument;

/// Builds the workspace from the command line's paths: at most one profile
/// and one connection; a missing path starts a new document; no path opens
/// the built-in examples; a deploy-cli tree's folder opens its Files pane.
pub fn open_workspace(paths: &[PathBuf]) -> anyhow::Result<App> {
    open_workspace_with(paths, None)
}

pub fn open_workspace_with(paths: &[PathBuf], mappings: Option<Mappings>) -> anyhow::Result<App> {
    if paths.is_empty() {
        return Ok(App::new(
            Some(OpenDocument::example(Kind::Profile)),
            Some(OpenDocument::example(Kind::Connection)),
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
        let mut slot = OpenDocument::open_with(kind, Some(p.clone()), bytes, mappings.clone());
        slot.disk_id = save::file_id(p);
        let place = if kind == Kind::Profile {
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
            Some(tree::Entry { path, kind, tally })
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
    let bytes = save::read_current(path).ok().flatten();
    let mut slot = OpenDocument::open_with(kind, Some(path.to_path_buf()), bytes, mappings);
    slot.disk_id = save::file_id(path);
    match kind {
        Kind::Profile => App::new(Some(slot), None),
        Kind::Connection => App::new(None, Some(slot)),
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

/// What effects are performed with: the worker, and the folder recovery
/// files fall back to (the user's state folder; tests give a temporary one).
pub struct Io<'a> {
    pub worker: &'a mut worker::Worker,
    pub recovery_dir: Option<&'a Path>,
}

/// Performs effects and feeds what they report back to the editor, until
/// nothing is left to do. Returns true when the editor should quit.
pub fn run_effects(app: &mut App, io: &mut Io, effects: Vec<Effect>) -> bool {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        if let Effect::Quit = effect {
            return true;
        }
        if let Some(msg) = perform(effect, io) {
            queue.extend(app.update(msg));
        }
    }
    false
}

/// Does one effect's I/O (files, the worker) and says what came of it. It
/// decides nothing: what the editor asked for is in the effect.
pub fn perform(effect: Effect, io: &mut Io) -> Option<Msg> {
    let worker = &mut *io.worker;
    match effect {
        Effect::Quit => None,
        Effect::Write(w) => Some(write(*w)),
        Effect::Read { doc, path, purpose } => {
            // What a save killed mid-way left beside the file goes first.
            save::remove_stale_temporaries(&path);
            Some(match save::read_current(&path) {
                Ok(bytes) => Msg::Read {
                    doc,
                    file_id: save::file_id(&path),
                    path,
                    purpose,
                    bytes,
                },
                Err(e) => Msg::Failed(format!("cannot read {}: {e}", path.display())),
            })
        }
        Effect::Create { path, text } => {
            if path.exists() {
                return Some(Msg::Failed(format!("{} already exists", path.display())));
            }
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| save::write_atomic(&path, text.as_bytes(), None));
            Some(match written {
                Ok(()) => Msg::Created { path, text },
                Err(e) => Msg::Failed(format!("cannot write {}: {e}", path.display())),
            })
        }
        Effect::KeepCopy {
            doc,
            path,
            text,
            note,
            undo,
        } => Some(Msg::CopyKept(
            recovery::write_in(path.as_deref(), doc.as_str(), &text, io.recovery_dir)
                .map_err(|e| e.to_string()),
            note,
            doc,
            undo,
        )),
        Effect::DiscardRecovery { path } => {
            recovery::remove(&path);
            None
        }
        Effect::FindRecovery { docs } => {
            find_recovery(&docs, io.recovery_dir).map(Msg::RecoveryFound)
        }
        Effect::Run { id, job } => {
            worker.send(id, job);
            None
        }
        Effect::Cancel { id } => {
            worker.cancel(id);
            None
        }
        Effect::Deploy {
            id,
            document,
            path,
            disk,
            then,
        } => {
            if let (AfterDeploy::Plan(_), Some(p), Some(known)) = (&then, &path, &disk)
                && save::read_current(p).ok().flatten().as_ref() != Some(known)
            {
                return Some(Msg::PushRefused(format!(
                    "{} changed on disk since it was opened (another editor, a git pull): nothing was sent; Ctrl-S compares and asks, or push again after a reload",
                    p.display()
                )));
            }
            // As deploy-cli would deploy it: placeholders replaced, scripts read.
            let deployable = files::deployable(&document, path.as_deref());
            let kind = document.kind();
            match (then, deployable) {
                (AfterDeploy::Plan(settle), Ok(value)) => worker.send(
                    id,
                    worker::Job::Plan {
                        kind,
                        value,
                        settle,
                    },
                ),
                (AfterDeploy::Plan(_), Err(e)) => return Some(Msg::PushRefused(e)),
                (AfterDeploy::Fetch { tenant, fallback }, found) => {
                    let Some(value) = found.ok().or(fallback) else {
                        return Some(Msg::Failed("the document is not valid JSON".into()));
                    };
                    worker.send(
                        id,
                        worker::Job::Fetch {
                            tenant,
                            kind,
                            value,
                        },
                    );
                }
            }
            None
        }
    }
}

/// A save: not written when the file already holds what it would write (or
/// the document is untouched and its file as read), asked about when the
/// file changed on disk.
fn write(w: app::WriteRequest) -> Msg {
    let app::WriteRequest {
        doc,
        path,
        bytes,
        expected,
        read_id,
        untouched,
        ask_first,
        force,
        then_quit,
    } = w;
    let on_disk = save::write_target(&path)
        .and_then(|t| save::read_current(&t))
        .ok()
        .flatten();
    if !force
        && expected.is_some()
        && ((untouched && on_disk == expected) || on_disk.as_ref() == Some(&bytes))
    {
        // What is on disk stays the reference for the next save (its layout
        // may differ from what saving would write).
        return Msg::Saved {
            doc,
            file_id: save::file_id(&path),
            path,
            bytes: on_disk.unwrap_or(bytes),
            written: false,
            then_quit,
        };
    }
    if !force && ask_first {
        return Msg::Conflict {
            doc,
            path,
            reason: "changed on disk after the recovered edits were made".to_string(),
            then_quit,
        };
    }
    // A file made read-only (chmod 444: "do not touch") is asked about,
    // never replaced without a word; Overwrite replaces it, keeping its mode.
    // (Only when the file is as it was read: a change on disk is asked
    // about first, as such.)
    if !force
        && on_disk.is_some()
        && on_disk == expected
        && let Ok(t) = save::write_target(&path)
        && let Ok(m) = std::fs::metadata(&t)
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = m.permissions().mode();
        if m.is_file() && mode & 0o222 == 0 {
            return Msg::Conflict {
                doc,
                path,
                reason: format!("is read-only (mode {:o})", mode & 0o777),
                then_quit,
            };
        }
    }
    match save::save_checked(&path, &bytes, expected.as_deref(), read_id, force) {
        Ok(()) => Msg::Saved {
            doc,
            file_id: save::file_id(&path),
            path,
            bytes,
            written: true,
            then_quit,
        },
        Err(save::SaveError::ChangedOnDisk { .. }) => Msg::Conflict {
            doc,
            path,
            reason: if expected.is_none() {
                "already exists"
            } else {
                "changed on disk since it was opened"
            }
            .to_string(),
            then_quit,
        },
        Err(e) => Msg::Failed(e.to_string()),
    }
}

/// The first of `docs` with a recovery file of an earlier session (the
/// oldest first; the others are offered on the next look).
fn find_recovery(
    docs: &[(Kind, Option<PathBuf>)],
    fallback: Option<&Path>,
) -> Option<Box<dialogs::recovery::Recovery>> {
    for (doc, path) in docs {
        let Some(found) = recovery::find_in(path.as_deref(), doc.as_str(), fallback)
            .into_iter()
            .next()
        else {
            continue;
        };
        let age = match found.written.elapsed().map(|d| d.as_secs() / 60) {
            Ok(0) | Err(_) => "just now".to_string(),
            Ok(m) if m < 120 => format!("{m} min ago"),
            Ok(m) => format!("{} hours ago", m / 60),
        };
        // Written to after the edits were saved away: saving asks first.
        let changed_since = path
            .as_deref()
            .and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .is_some_and(|m| m > found.written);
        return Some(Box::new(dialogs::recovery::Recovery {
            doc: *doc,
            path: found.path,
            text: found.text,
            age,
            changed_since,
        }));
    }
    None
}

/// What the signal thread and the panic hook write when the session dies.
type Snapshot = Arc<Mutex<Vec<(Option<PathBuf>, &'static str, String)>>>;

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
        .map(|(doc, path, text)| (path, doc.as_str(), text))
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
    // Frames written short, in the colours the terminal reads (term::output),
    // with few cursor moves (term::frugal).
    let var = |k: &str| std::env::var(k).ok();
    let depth = output::depth(var("TERM").as_deref(), var("COLORTERM").as_deref());
    let out = output::Compact::new(std::io::stdout(), depth)
        .erasing(output::erases(var("TERM").as_deref()));
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| var(k).filter(|v| !v.is_empty()));
    let backend = frugal::Frugal::new(ratatui::backend::CrosstermBackend::new(out))
        .scrolling(output::scrolls(var("TERM").as_deref()))
        .ambiguous(frugal::ambiguous_wide(locale.as_deref()));
    let mut terminal = ratatui::Terminal::new(backend)?;
    let size = terminal.size()?;
    let mut first = app.update(Msg::Resize(size.width, size.height));
    first.extend(app.check_recovery());
    let recovery_dir = recovery::fallback_dir();
    let mut io = Io {
        worker: &mut worker,
        recovery_dir: recovery_dir.as_deref(),
    };
    let result = (|| -> anyhow::Result<()> {
        if run_effects(&mut app, &mut io, first) {
            return Ok(());
        }
        let mut seen = u64::MAX;
        let estimator = Estimator::start();
        let mut asked: Option<u64> = None;
        loop {
            // The tester's strength estimate (zxcvbn, milliseconds on a long
            // password) is made on its own thread; the frame shows the
            // policy's verdict at once and the estimate when it comes.
            while let Some((key, estimate)) = estimator.try_recv() {
                app.update(Msg::Estimated { key, estimate });
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
            let msg = match event {
                Some(Event::Key(k)) => Some(Msg::Key(k)),
                Some(Event::Paste(text)) => Some(Msg::Paste(text)),
                Some(Event::Resize(w, h)) => Some(Msg::Resize(w, h)),
                Some(_) => None,
                None => Some(Msg::Tick),
            };
            let mut effects = msg.map_or_else(Vec::new, |m| app.update(m));
            while let Some((id, r)) = io.worker.try_recv() {
                effects.extend(app.update(Msg::Job(id, r)));
            }
            if run_effects(&mut app, &mut io, effects) {
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
    // Quit while a write was on its way: said once the screen is back, so
    // nobody leaves believing it was not sent (issue 30).
    if let Some(word) = app.leaving_word() {
        eprintln!("{word}");
        return result.and(Err(anyhow::anyhow!(WriteInFlight)));
    }
    result
}

/// The editor was left while a write was on its way: its outcome is
/// unknown (exit 2, said on standard error).
#[derive(Debug)]
pub struct WriteInFlight;

impl std::fmt::Display for WriteInFlight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("left while a write was on its way")
    }
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
