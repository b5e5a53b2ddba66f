//! The open documents: at most one profile and one connection, each with its
//! current value, its diagnostics, and what its file held when last read or
//! written (for the dirty mark and the changed-on-disk check).

use crate::core::document::Mappings;
use crate::core::layout;
use crate::core::{Diagnostic, Document, Kind, Tally};
use serde_json::Value;
use std::path::PathBuf;

/// One value for each kind of document (the editor holds at most one open
/// document of each kind).
#[derive(Debug, Clone, Default)]
pub struct PerDoc<T> {
    pub profile: T,
    pub connection: T,
}

impl<T> PerDoc<T> {
    pub fn new(mut make: impl FnMut(Kind) -> T) -> PerDoc<T> {
        PerDoc {
            profile: make(Kind::Profile),
            connection: make(Kind::Connection),
        }
    }

    pub fn get(&self, kind: Kind) -> &T {
        match kind {
            Kind::Profile => &self.profile,
            Kind::Connection => &self.connection,
        }
    }

    pub fn get_mut(&mut self, kind: Kind) -> &mut T {
        match kind {
            Kind::Profile => &mut self.profile,
            Kind::Connection => &mut self.connection,
        }
    }
}

/// What the editor keeps per kind of document beside the document itself:
/// where the cursor is, its undo history, what was fetched and offered.
/// It outlives the document it was for (a document opened in its place
/// gets it reset where that matters: `App::forget_state`).
pub struct DocState {
    /// The selected row of the document's pane.
    pub cursor: usize,
    /// Its undo history.
    pub history: crate::core::undo::History<Value>,
    /// Whether its recovery file was offered this session.
    pub recovery_offered: bool,
    /// The recovery file its edits were restored from (removed once they
    /// are saved; a file answered "later" is never removed).
    pub restored_from: Option<PathBuf>,
    /// A save must first go through the changed-on-disk dialog (the file
    /// changed after the restored edits were made).
    pub confirm_overwrite: bool,
    /// What Ctrl-O last opened as this kind of document, while it is
    /// untouched: opening another then replaces it without a word.
    pub fetched: Option<Value>,
    /// The options before and after the last switch to password_options:
    /// switching back while they are still as it left them restores them
    /// exactly.
    pub converted: Option<(Value, Value)>,
    /// The push under way settled conflicts in the three-way view: once it
    /// applies, the file is saved with what was taken.
    pub save_after_push: bool,
    /// The rows last built, with the key of what they were built from.
    pub rows_memo: std::cell::RefCell<Option<(u64, std::rc::Rc<Vec<crate::tui::rows::Row>>)>>,
}

impl DocState {
    pub fn new(undo_limit: usize) -> DocState {
        DocState {
            cursor: 0,
            history: crate::core::undo::History::new(undo_limit),
            recovery_offered: false,
            restored_from: None,
            confirm_overwrite: false,
            fetched: None,
            save_after_push: false,
            converted: None,
            rows_memo: Default::default(),
        }
    }
}

/// The built-in examples `connedit` opens without arguments.
pub const EXAMPLE_PROFILE: &str = include_str!("../../assets/examples/profile.json");
pub const EXAMPLE_CONNECTION: &str = include_str!("../../assets/examples/connection.json");

#[derive(Debug, Clone)]
pub struct OpenDocument {
    pub id: Kind,
    /// Where it is saved; `None` for a built-in example (Ctrl-S asks).
    pub path: Option<PathBuf>,
    /// The document; for a file that is not JSON, its text as read.
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
    /// The file's bytes when last read or written (`None`: no file).
    pub disk: Option<Vec<u8>>,
    /// Which file that was (device, inode, link), as the runner saw it.
    pub disk_id: Option<crate::io::save::FileId>,
    /// The value that matches `disk` (or the starting value of a new document).
    pub saved: Option<Value>,
    had_bom: bool,
    /// Placeholder keys the file writes bare (`@@KEY@@` without quotes) and
    /// never quoted: a value that becomes such a placeholder again (undo, a
    /// policy switch carrying it across) is written bare too.
    bare_keys: Vec<String>,
    /// The widest line of the document's text, in characters (the preview
    /// asks for that much room).
    pub widest: usize,
    /// Auth0's refusals of the last push, each at its field: shown with the
    /// local problems until the next push or an edit of that field.
    server: Vec<Diagnostic>,
    /// Changes with every new value (unique across documents), so what is
    /// derived from the value is computed once per change.
    pub revision: u64,
}

/// The next document revision.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl OpenDocument {
    /// A document read from `bytes` (`None`: the file does not exist yet, so a
    /// new document starts).
    pub fn open(id: Kind, path: Option<PathBuf>, bytes: Option<Vec<u8>>) -> OpenDocument {
        OpenDocument::open_with(id, path, bytes, None)
    }

    /// Like [`OpenDocument::open`], with deploy-cli keyword mappings for checking.
    pub fn open_with(
        id: Kind,
        path: Option<PathBuf>,
        bytes: Option<Vec<u8>>,
        mappings: Option<Mappings>,
    ) -> OpenDocument {
        // An empty file is a new document whose skeleton saving writes.
        let empty = bytes
            .as_ref()
            .is_some_and(|b| b.iter().all(u8::is_ascii_whitespace));
        let doc = match &bytes {
            Some(b) if !empty => Document::parse_bytes_with(b, Some(id), mappings.clone()),
            _ => Document::from_value(id, crate::core::document::skeleton(id)),
        };
        let had_bom = doc.had_bom();
        let saved = if empty { None } else { doc.value().cloned() };
        // Work on the canonical text, so positions point into the preview.
        let doc = match doc.value() {
            Some(v) => Document::from_value_with(id, v.clone(), doc.bare(), mappings),
            None => doc,
        };
        let diagnostics = doc.diagnostics();
        let bare_keys = doc
            .value()
            .map_or_else(Vec::new, |v| bare_only_keys(v, doc.bare()));
        OpenDocument {
            id,
            path,
            doc,
            diagnostics,
            disk: bytes,
            disk_id: None,
            saved,
            had_bom,
            bare_keys,
            widest: 0,
            server: Vec::new(),
            revision: next_revision(),
        }
        .measured()
    }

    /// A built-in example, not yet saved anywhere.
    pub fn example(id: Kind) -> OpenDocument {
        let text = match id {
            Kind::Profile => EXAMPLE_PROFILE,
            Kind::Connection => EXAMPLE_CONNECTION,
        };
        let mut s = OpenDocument::open(id, None, Some(text.as_bytes().to_vec()));
        s.disk = None;
        s
    }

    /// The value, unless the file is not JSON (then the slot is read-only).
    pub fn value(&self) -> Option<&Value> {
        self.doc.value()
    }

    pub fn is_broken(&self) -> bool {
        self.doc.value().is_none()
    }

    /// Replaces the value and re-runs the validation core.
    pub fn set_value(&mut self, v: Value) {
        // Bare deploy-cli placeholders stay bare; mappings keep checking.
        let mut bare = self.doc.bare().to_vec();
        if !self.bare_keys.is_empty() {
            placeholders_of(&v, "", &mut |ptr, key| {
                if self.bare_keys.iter().any(|k| k == key) && !bare.iter().any(|b| b == ptr) {
                    bare.push(ptr.to_string());
                }
            });
        }
        // Auth0's word on a field stands until that field is edited.
        if let Some(old) = self.doc.value() {
            self.server
                .retain(|d| old.pointer(&d.path) == v.pointer(&d.path));
        }
        let mappings = self.doc.mappings().cloned();
        self.doc = Document::from_value_with(self.id, v, &bare, mappings);
        self.diagnostics = self.doc.diagnostics();
        self.add_server_diagnostics();
        self.widest = widest_line(self.doc.text());
        self.revision = next_revision();
    }

    /// Auth0's refusals of a push, placed at their fields (`clear` first
    /// when a new push starts).
    pub fn set_server_diagnostics(&mut self, refusals: Vec<Diagnostic>) {
        self.server = refusals;
        self.revision = next_revision();
        self.diagnostics = self.doc.diagnostics();
        self.add_server_diagnostics();
    }

    fn add_server_diagnostics(&mut self) {
        for d in &self.server {
            let mut d = d.clone();
            if let Some((l, c)) = self.doc.position_of(&d.path) {
                (d.line, d.column) = (Some(l), Some(c));
            }
            self.diagnostics.push(d);
        }
    }

    fn measured(mut self) -> OpenDocument {
        self.widest = widest_line(self.doc.text());
        self
    }

    pub fn dirty(&self) -> bool {
        self.value() != self.saved.as_ref()
    }

    pub fn tally(&self) -> Tally {
        Tally::of(&self.diagnostics)
    }

    /// What saving writes: the file's text as last read or written with only
    /// the edits made, in its own layout (the canonical text for a new file),
    /// a byte-order mark kept if the file had one. `None` when the document
    /// is not JSON.
    pub fn bytes_to_save(&self) -> Option<Vec<u8>> {
        let previous = self
            .disk
            .as_deref()
            .and_then(|b| std::str::from_utf8(b).ok());
        let previous = previous.map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
        let text = layout::save(previous, self.value()?, self.doc.bare());
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.had_bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        Some(out)
    }

    /// Records a successful write of `bytes` to `path`.
    pub fn mark_saved(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.path = Some(path);
        self.disk = Some(bytes);
        self.saved = self.value().cloned();
    }

    pub fn file_name(&self) -> String {
        match &self.path {
            Some(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            None => format!("(example {})", self.id.as_str()),
        }
    }
}

fn widest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Calls `f` with the pointer and key of every whole `@@KEY@@` string in `v`.
fn placeholders_of(v: &Value, ptr: &str, f: &mut impl FnMut(&str, &str)) {
    crate::core::placeholders::each_in_value(v, ptr, &mut |p, s| {
        if let Some(key) = crate::core::placeholders::whole(s) {
            f(p, key);
        }
    });
}

/// The placeholder keys of `v` that stand bare (at the pointers `bare`)
/// everywhere they appear.
fn bare_only_keys(v: &Value, bare: &[String]) -> Vec<String> {
    let (mut bare_keys, mut quoted) = (Vec::new(), Vec::new());
    placeholders_of(v, "", &mut |ptr, key| {
        let list = if bare.iter().any(|b| b == ptr) {
            &mut bare_keys
        } else {
            &mut quoted
        };
        list.push(key.to_string());
    });
    bare_keys.retain(|k| !quoted.contains(k));
    bare_keys.sort();
    bare_keys.dedup();
    bare_keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_clean_and_not_dirty() {
        for id in [Kind::Profile, Kind::Connection] {
            let s = OpenDocument::example(id);
            assert!(!s.dirty());
            assert_eq!(s.tally().errors, 0, "{:?}", s.diagnostics);
            assert!(s.path.is_none() && s.disk.is_none());
        }
    }

    #[test]
    fn broken_files_keep_their_text() {
        let s = OpenDocument::open(
            Kind::Profile,
            Some("p.json".into()),
            Some(b"{\"name\": ".to_vec()),
        );
        assert!(s.is_broken());
        assert_eq!(s.doc.text(), "{\"name\": ");
        assert_eq!(s.diagnostics[0].code.as_str(), "json.syntax");
        assert!(s.bytes_to_save().is_none());
    }

    #[test]
    fn a_bom_and_the_files_layout_are_kept_on_save() {
        let text =
            "\u{feff}{\"name\": \"x\",\n    \"organization\": {\"show_as_button\": \"none\"}}";
        let mut s = OpenDocument::open(Kind::Profile, None, Some(text.as_bytes().to_vec()));
        assert_eq!(s.bytes_to_save().unwrap(), text.as_bytes());
        let mut v = s.value().unwrap().clone();
        v["name"] = "y".into();
        s.set_value(v);
        assert_eq!(
            String::from_utf8(s.bytes_to_save().unwrap()).unwrap(),
            text.replace("\"x\"", "\"y\"")
        );
    }

    #[test]
    fn a_new_file_is_written_in_the_canonical_layout() {
        let s = OpenDocument::open(Kind::Profile, Some("p.json".into()), None);
        let saved = String::from_utf8(s.bytes_to_save().unwrap()).unwrap();
        assert!(saved.starts_with("{\n  \"name\": \"\",\n"), "{saved}");
    }
}
