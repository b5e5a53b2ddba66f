//! Key replay for editor tests: keys in, state and files out, through the
//! same `App::on_key` and `perform` the event loop uses.

use connedit::core::Kind;
use connedit::tui::app::App;
use connedit::tui::app::Msg;
use connedit::tui::worker::Worker;
use connedit::tui::{Io, open_workspace, run_effects};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub struct Editor {
    pub app: App,
    pub quit: bool,
    pub worker: Worker,
    /// Where the default worker would keep snapshots: never the real state folder.
    pub state: tempfile::TempDir,
    /// Drawn after every key and every answer, as the event loop does: a
    /// render panic reached by keys fails the test that pressed them.
    term: ratatui::Terminal<ratatui::backend::TestBackend>,
}

fn terminal() -> ratatui::Terminal<ratatui::backend::TestBackend> {
    ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap()
}

/// Key names from a helix-style sequence: a character is its key, `<C-p>`,
/// `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<Up>`, `<space>`, `<lt>` (a `<`)
/// name the others (the names [`key`] takes).
pub fn parse_keys(seq: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = seq.chars();
    while let Some(c) = chars.next() {
        if c != '<' {
            out.push(c.to_string());
            continue;
        }
        let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
        out.push(match name.as_str() {
            "lt" => "<".to_string(),
            "space" => "Space".to_string(),
            "" => panic!("empty <> in {seq:?}"),
            _ => name,
        });
    }
    out
}

/// A worker that talks to no tenant: the developer's AUTH0_* variables are
/// never read by an editor test that does not ask for a stand-in.
pub fn offline_worker(state: &Path) -> Worker {
    Worker::with_credentials(
        Box::new(|| {
            Err(connedit::io::api::ApiError::Config(
                "this test has no tenant".into(),
            ))
        }),
        Some(connedit::io::snapshots::Store::at(
            state.join("connedit").join("snapshots"),
        )),
    )
}

pub fn key(name: &str) -> KeyEvent {
    let (mods, rest) = match name.strip_prefix("C-") {
        Some(r) => (KeyModifiers::CONTROL, r),
        None => (KeyModifiers::NONE, name),
    };
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "S-Tab" => return KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Space" => KeyCode::Char(' '),
        "BS" => KeyCode::Backspace,
        "Del" => KeyCode::Delete,
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().unwrap()),
        other => panic!("unknown key {other}"),
    };
    KeyEvent::new(code, mods)
}

impl Editor {
    /// The editor on a deploy-cli tree, with keyword mappings.
    pub fn open_tree(dir: &Path, mappings: Option<connedit::core::document::Mappings>) -> Editor {
        let state = tempfile::tempdir().unwrap();
        Editor {
            app: connedit::tui::open_workspace_with(&[dir.to_path_buf()], mappings).expect("opens"),
            quit: false,
            worker: offline_worker(state.path()),
            state,
            term: terminal(),
        }
    }

    pub fn open(paths: &[&Path]) -> Editor {
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
        let state = tempfile::tempdir().unwrap();
        Editor {
            app: open_workspace(&paths).expect("opens"),
            quit: false,
            worker: offline_worker(state.path()),
            state,
            term: terminal(),
        }
    }

    pub fn press(&mut self, keys: &[&str]) -> &mut Self {
        for k in keys {
            self.send(key(k));
        }
        self
    }

    /// Presses a helix-style key sequence: `"<C-p>y"`, `"/push<Enter>"`.
    pub fn keys(&mut self, seq: &str) -> &mut Self {
        for k in parse_keys(seq) {
            self.send(key(&k));
        }
        self
    }

    /// One key, as the event loop handles it: update, perform, draw.
    fn send(&mut self, k: KeyEvent) {
        assert!(!self.quit, "key {k:?} after quit");
        let effects = self.app.update(Msg::Key(k));
        self.quit |= self.run(effects);
        self.estimate();
        self.draw();
    }

    /// Performs effects as the runner does, recovery files falling back to
    /// the test's own state folder, never the developer's.
    fn run(&mut self, effects: Vec<connedit::tui::app::Effect>) -> bool {
        let dir = self.state.path().join("connedit").join("recovery");
        let mut io = Io {
            worker: &mut self.worker,
            recovery_dir: Some(&dir),
        };
        run_effects(&mut self.app, &mut io, effects)
    }

    fn draw(&mut self) {
        if self.quit {
            return;
        }
        let app = &self.app;
        self.term
            .draw(|f| connedit::tui::view::render(app, f.area(), f.buffer_mut()))
            .expect("draws");
    }

    /// The tester's estimate, made at once (the runner makes it on a thread).
    fn estimate(&mut self) {
        if let Some((key, password, user)) = self.app.wanted_estimate() {
            let estimate = connedit::core::password::estimate(&password, &user);
            self.app.update(Msg::Estimated { key, estimate });
        }
    }

    pub fn typ(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.send(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        self
    }

    /// Offers the open documents' recovery files, as the editor does at start.
    pub fn check_recovery(&mut self) -> &mut Self {
        let effects = self.app.check_recovery();
        self.quit |= self.run(effects);
        self.draw();
        self
    }

    /// Selects the row labelled `label` in the focused document pane.
    pub fn go(&mut self, label: &str) -> &mut Self {
        let doc = self.app.focus.doc().expect("a document pane has focus");
        self.press(&["Home"]);
        for _ in 0..200 {
            if self.app.selected_row(doc).is_some_and(|r| r.label == label) {
                return self;
            }
            self.press(&["Down"]);
        }
        panic!(
            "no row {label}: {:?}",
            self.app
                .rows(doc)
                .iter()
                .map(|r| &r.label)
                .collect::<Vec<_>>()
        );
    }

    /// Selects the row that stands for `id` in the focused document pane.
    pub fn go_id(&mut self, id: &connedit::tui::rows::RowId) -> &mut Self {
        let doc = self.app.focus.doc().expect("a document pane has focus");
        self.press(&["Home"]);
        for _ in 0..400 {
            if self.app.selected_row(doc).is_some_and(|r| &r.id == id) {
                return self;
            }
            self.press(&["Down"]);
        }
        panic!("no row {id:?}");
    }

    pub fn value(&self, doc: Kind) -> Value {
        self.app.slot(doc).unwrap().value().unwrap().clone()
    }

    pub fn codes(&self, doc: Kind) -> Vec<String> {
        self.app
            .slot(doc)
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.path))
            .collect()
    }

    /// The screen as a user sees it at `w`x`h` (text, without colours).
    pub fn screen(&self, w: u16, h: u16) -> String {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        t.draw(|f| connedit::tui::view::render(&self.app, f.area(), f.buffer_mut()))
            .unwrap();
        let buf = t.backend().buffer().clone();
        buf.content()
            .chunks(w as usize)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The pointers of the document's rows the pane shows (the editor's own
    /// rows have none).
    pub fn visible(&self, doc: Kind) -> Vec<String> {
        self.app
            .rows(doc)
            .iter()
            .filter_map(|r| r.pointer().map(str::to_string))
            .collect()
    }

    pub fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }
}

impl Editor {
    /// Waits for the worker's results until nothing is in flight.
    pub fn settle(&mut self) -> &mut Self {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while self.app.busy.is_some() {
            assert!(
                std::time::Instant::now() < deadline,
                "the worker did not answer"
            );
            if let Some((id, r)) = self
                .worker
                .recv_timeout(std::time::Duration::from_millis(50))
            {
                let effects = self.app.update(Msg::Job(id, r));
                self.quit |= self.run(effects);
            } else {
                self.app.update(Msg::Tick);
            }
            self.draw();
        }
        self
    }
}

#[test]
fn key_sequences_read_like_helix() {
    assert_eq!(
        parse_keys("<C-p>y/a b<lt><Enter><S-Tab><space>"),
        [
            "C-p", "y", "/", "a", " ", "b", "<", "Enter", "S-Tab", "Space"
        ]
    );
    // Every name parses to a key.
    for k in parse_keys("<C-p><Esc><Tab><Up><Down><Left><Right><PgUp><PgDn><Home><End><BS><Del>x") {
        key(&k);
    }
}
