//! Reading documents from disk and finding them in directories.

use crate::core::document::Mappings;
use crate::core::{Document, Kind, placeholders};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Why a path could not be read as a document (the document's own problems are
/// diagnostics, not errors).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: not a regular file or a folder (a FIFO, a device or a socket): connedit does not read it"
    )]
    NotAFile { path: String },
    /// Left out on purpose (a FIFO, a device, a folder seen before): a note.
    #[error("note: {path}: {why}; skipped")]
    Skipped { path: String, why: String },
}

impl ReadError {
    /// Whether this is only a note (the run does not fail for it).
    pub fn is_note(&self) -> bool {
        matches!(self, ReadError::Skipped { .. })
    }
}

/// The kind a file's place implies in an auth0-deploy-cli tree:
/// `database-connections/<name>/database.json` is a database connection,
/// `connections/*.json` a connection of another strategy,
/// `connection-profiles/*.json` a profile.
pub fn kind_from_path(path: &Path) -> Option<Kind> {
    let parent = path.parent()?;
    let parent_name = parent.file_name()?.to_str()?;
    if parent_name == "connection-profiles" {
        return Some(Kind::Profile);
    }
    if parent_name == "connections" && path.extension().is_some_and(|e| e == "json") {
        return Some(Kind::Connection);
    }
    let grandparent = parent.parent()?.file_name()?.to_str()?;
    (grandparent == "database-connections" && path.file_name()? == "database.json")
        .then_some(Kind::Connection)
}

/// Reads a document. Bytes that are not UTF-8 still make a document (with a
/// `json.syntax` problem at the bad byte), so the problem has a place.
pub fn read_document(path: &Path, kind: Option<Kind>) -> Result<Document, ReadError> {
    read_document_with(path, kind, None)
}

/// Like [`read_document`], with deploy-cli keyword mappings.
pub fn read_document_with(
    path: &Path,
    kind: Option<Kind>,
    mappings: Option<Mappings>,
) -> Result<Document, ReadError> {
    // A deploy-cli YAML file holds many documents: only `validate` reads
    // it so far; the rest say so instead of calling it broken JSON.
    if is_yaml(path) {
        return Err(ReadError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "a deploy-cli YAML file: `connedit validate` checks it, `connedit diff` and `connedit push` compare and push it; editing YAML files is not built yet (use deploy-cli's directory format, or export the entries as JSON)",
            ),
        });
    }
    // A FIFO or a device would block the read (or never end): refused by
    // the read itself (io::read), judged on what it opened.
    let bytes =
        super::read::regular(path, super::read::MAX_DOCUMENT).map_err(|source| ReadError::Io {
            path: path.display().to_string(),
            source,
        })?;
    let from_path = kind_from_path(path);
    let doc = Document::parse_bytes_with(&bytes, kind.or(from_path), mappings);
    // deploy-cli treats database.json as an auth0 connection, strategy or not.
    // (`connections/*.json` say their strategy themselves.)
    Ok(
        if from_path == Some(Kind::Connection)
            && path.file_name().is_some_and(|n| n == "database.json")
        {
            doc.with_strategy_hint("auth0")
        } else {
            doc
        },
    )
}

/// Whether `path` names a deploy-cli YAML file (`tenant.yaml`, any
/// `.yaml`/`.yml`).
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Whether the YAML file at `path` has one of the sections connedit reads
/// at its top level (a file that cannot be read is left to the reader, which
/// says why).
fn is_deploy_yaml(path: &Path) -> bool {
    let Ok(text) = super::read::regular_text(path, super::read::MAX_DOCUMENT) else {
        return true;
    };
    text.lines().any(|l| {
        crate::core::yaml::SECTIONS.iter().any(|(s, ..)| {
            l.strip_prefix(s)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    })
}

/// Whether `dir` is an auth0-deploy-cli tree (directory format).
pub fn is_deploy_tree(dir: &Path) -> bool {
    ["connection-profiles", "database-connections", "connections"]
        .iter()
        .any(|d| dir.join(d).is_dir())
}

/// The documents of a deploy-cli tree: `connection-profiles/*.json`,
/// `database-connections/<name>/database.json` and `connections/*.json`,
/// sorted. Other folders of the
/// tree are not connedit's and are left out.
pub fn tree_documents(dir: &Path) -> Vec<PathBuf> {
    tree_walk(dir).0
}

/// A link another user made (not this user's, not root's), if `path` is
/// one or one of its folders below `root` is: not followed out of a tree.
fn others_link(root: &Path, path: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let rel = path.strip_prefix(root).ok()?;
    let mut at = root.to_path_buf();
    for c in rel.components() {
        at.push(c);
        let m = std::fs::symlink_metadata(&at).ok()?;
        if m.file_type().is_symlink() && m.uid() != super::trust::euid() && m.uid() != 0 {
            return Some(at);
        }
    }
    None
}

/// [`tree_documents`], with the documents left out because another user's
/// link leads to them (named, so `validate` can say so).
pub fn tree_walk(dir: &Path) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut skipped = Vec::new();
    let mut keep = |p: &PathBuf| match others_link(dir, p) {
        Some(link) => {
            skipped.push(ReadError::Skipped {
                path: p.display().to_string(),
                why: format!(
                    "{} is a link another user made: connedit does not follow it out of the tree",
                    link.display()
                ),
            });
            false
        }
        None => true,
    };
    let list = |d: PathBuf| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        v.sort();
        v
    };
    let mut out: Vec<PathBuf> = list(dir.join("connection-profiles"))
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .filter(&mut keep)
        .collect();
    out.extend(
        list(dir.join("database-connections"))
            .into_iter()
            .map(|d| d.join("database.json"))
            .filter(|p| p.is_file())
            .filter(&mut keep),
    );
    out.extend(
        list(dir.join("connections"))
            .into_iter()
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .filter(&mut keep),
    );
    (out, skipped)
}

/// Whether writing `path` stays inside the tree `root`: every part of the
/// path below the root that exists and is a link (the user's own too: a
/// cloned tree can carry one) must lead inside the root. `Err` says which
/// leads out. Parts that do not exist yet are made as plain folders.
pub fn stays_inside(root: &Path, path: &Path) -> Result<(), String> {
    let Ok(rel) = path.strip_prefix(root) else {
        return Err(format!(
            "{} is not inside {}",
            path.display(),
            root.display()
        ));
    };
    let Ok(real_root) = std::fs::canonicalize(root) else {
        // No tree yet: nothing in it can be a link.
        return Ok(());
    };
    let mut at = root.to_path_buf();
    for c in rel.components() {
        match c {
            std::path::Component::Normal(x) => at.push(x),
            std::path::Component::CurDir => continue,
            _ => {
                return Err(format!(
                    "{} is not a plain path inside the tree",
                    path.display()
                ));
            }
        }
        match std::fs::symlink_metadata(&at) {
            Err(_) => return Ok(()),
            Ok(m) if m.file_type().is_symlink() => {
                let leads = std::fs::canonicalize(&at).ok().or_else(|| {
                    // Dangling: where it would be made.
                    let target = std::fs::read_link(&at).ok()?;
                    let full = at.parent()?.join(target);
                    let parent = std::fs::canonicalize(full.parent()?).ok()?;
                    Some(parent.join(full.file_name()?))
                });
                if !leads.is_some_and(|l| l.starts_with(&real_root)) {
                    return Err(format!(
                        "{} is a link that leads out of the tree ({}); connedit does not write through it",
                        at.display(),
                        real_root.display()
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Keyword mappings from `--mappings FILE`, else `AUTH0_KEYWORD_REPLACE_MAPPINGS`.
pub fn mappings(file: Option<&Path>) -> Result<Option<Mappings>, String> {
    let (text, from) = match file {
        Some(p) => (
            super::read::regular_text(p, super::read::MAX_SMALL)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?,
            p.display().to_string(),
        ),
        None => match std::env::var("AUTH0_KEYWORD_REPLACE_MAPPINGS") {
            Ok(t) if !t.trim().is_empty() => (t, "AUTH0_KEYWORD_REPLACE_MAPPINGS".to_string()),
            _ => return Ok(None),
        },
    };
    placeholders::parse_mappings(&text)
        .map(|m| Some(std::sync::Arc::new(m)))
        .map_err(|e| format!("{from}: {e}"))
}

/// What pushing a document sends, as deploy-cli would deploy it:
/// placeholders replaced by the mappings (refused while any is unresolved)
/// and, for a connection read from `file`, its scripts read from the `.js`
/// files beside it. Used by `connedit push` and the editor's Ctrl-P alike.
pub fn deployable(doc: &Document, file: Option<&Path>) -> Result<Value, String> {
    if doc.has_unresolved() {
        return Err("unresolved placeholders: give their values with --mappings FILE or AUTH0_KEYWORD_REPLACE_MAPPINGS".into());
    }
    let value = doc
        .resolved()
        .and_then(Document::value)
        .or(doc.value())
        .cloned()
        .ok_or("not valid JSON")?;
    match (doc.kind(), file) {
        (Kind::Connection, Some(f)) => inline_scripts(
            &value,
            f.parent().unwrap_or(Path::new(".")),
            doc.mappings().map(|m| &**m),
        ),
        _ => Ok(value),
    }
}

/// A connection as deploy-cli deploys it: `options.customScripts` entries
/// that name a `.js` file beside the document are replaced by the file's
/// content (only referenced scripts are read; the files stay untouched).
pub fn inline_scripts(
    conn: &Value,
    dir: &Path,
    mappings: Option<&serde_json::Map<String, Value>>,
) -> Result<Value, String> {
    let mut out = conn.clone();
    // Scripts stay inside the tree (`database-connections/<name>/` is two
    // levels below its root): no `../../`, no absolute path, no symlink out.
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let root = || -> Result<PathBuf, String> {
        let root = match dir.parent() {
            Some(p) if p.file_name().is_some_and(|n| n == "database-connections") => {
                p.parent().unwrap_or(p)
            }
            _ => dir,
        };
        std::fs::canonicalize(root).map_err(|e| format!("cannot read {}: {e}", root.display()))
    };
    let Some(scripts) = out
        .pointer_mut("/options/customScripts")
        .and_then(Value::as_object_mut)
    else {
        return Ok(out);
    };
    let mut tree: Option<PathBuf> = None;
    for (name, v) in scripts.iter_mut() {
        let Some(rel) = v
            .as_str()
            .filter(|s| s.ends_with(".js") && !s.contains('\n'))
        else {
            continue;
        };
        let path = dir.join(rel);
        let root = match &tree {
            Some(r) => r.clone(),
            None => tree.insert(root()?).clone(),
        };
        let inside = std::fs::canonicalize(&path)
            .ok()
            .filter(|real| real.starts_with(&root) && real.is_file());
        let Some(path) = inside else {
            return Err(format!(
                "customScripts.{name}: {rel:?} is not a script file inside the tree ({}); connedit reads scripts only from there",
                root.display()
            ));
        };
        match super::read::regular_text(&path, super::read::MAX_DOCUMENT) {
            // deploy-cli replaces its keywords in scripts too.
            Ok(code) => {
                *v = Value::String(match mappings {
                    Some(m) => placeholders::replace(&code, m),
                    None => code,
                })
            }
            Err(e) => {
                return Err(format!(
                    "customScripts.{name}: cannot read {}: {e}",
                    path.display()
                ));
            }
        }
    }
    Ok(out)
}

/// The files named on a command line: files as given, a deploy-cli tree's
/// documents, other directories walked for `*.json` (sorted; hidden
/// directories and `node_modules` skipped).
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    expand(paths, false)
}

/// [`expand_paths`] for `validate`: a folder's deploy-cli YAML files too
/// (a `.yaml`/`.yml` with a top-level `connectionProfiles:`,
/// `connections:` or `databases:`; other YAML, a CI workflow or a compose
/// file, is not connedit's and is left out).
pub fn expand_paths_for_validate(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    expand(paths, true)
}

fn expand(paths: &[PathBuf], yaml: bool) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() && is_deploy_tree(p) => {
                let (found, skipped) = tree_walk(p);
                files.extend(found);
                errors.extend(skipped);
            }
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors, &mut seen, yaml),
            Ok(m) if m.is_file() => files.push(p.clone()),
            Ok(_) => errors.push(ReadError::NotAFile {
                path: p.display().to_string(),
            }),
            Err(source) => errors.push(ReadError::Io {
                path: p.display().to_string(),
                source,
            }),
        }
    }
    (files, errors)
}

/// Walks `dir` for `*.json`. Symlinks are followed, each real folder once
/// (a loop ends where it closes); FIFOs, sockets and devices are skipped
/// with a note (reading one would block or never end).
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<ReadError>,
    seen: &mut std::collections::HashSet<PathBuf>,
    yaml: bool,
) {
    let Ok(real) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(real) {
        errors.push(ReadError::Skipped {
            path: dir.display().to_string(),
            why: "a folder already walked (a symlink loop, or two links to one folder)".into(),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push(ReadError::Io {
                path: dir.display().to_string(),
                source,
            });
            return;
        }
    };
    // Each name taken once: sorting by `file_name()` made two copies per
    // comparison (two thirds of the walk of 10,000 files, by perf).
    let mut entries: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| (e.file_name(), e))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, e) in entries {
        let path = e.path();
        let name = name.to_string_lossy();
        let Ok(ft) = e.file_type() else { continue };
        // Follow symlinks to files and directories alike (what the folder
        // entry says of anything else is enough: no stat per file).
        if ft.is_symlink()
            && let Some(link) = others_link(dir, &path)
        {
            errors.push(ReadError::Skipped {
                path: path.display().to_string(),
                why: format!(
                    "{} is a link another user made: connedit does not follow it",
                    link.display()
                ),
            });
            continue;
        }
        let target = if ft.is_symlink() {
            std::fs::metadata(&path).ok().map(|m| m.file_type())
        } else {
            Some(ft)
        };
        let is_dir =
            ft.is_dir() || (ft.is_symlink() && target.as_ref().is_some_and(|m| m.is_dir()));
        if is_dir {
            if !name.starts_with('.') && name != "node_modules" {
                walk(&path, files, errors, seen, yaml);
            }
        } else if yaml
            && is_yaml(&path)
            && !name.starts_with('.')
            && target.as_ref().is_some_and(|m| m.is_file())
            && is_deploy_yaml(&path)
        {
            files.push(path);
        } else if name.ends_with(".json") && !name.starts_with('.') {
            match target {
                Some(m) if m.is_file() => files.push(path),
                Some(_) => errors.push(ReadError::Skipped {
                    path: path.display().to_string(),
                    why: "not a regular file (a FIFO, socket or device)".into(),
                }),
                None => {}
            }
        }
    }
}

/// What writing a pulled document to a path would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Write,
    /// The file already holds exactly this document.
    Unchanged,
}

/// Whether `pull` may write `value` to `path`: never over an existing file
/// without `force` (nor when it holds something else than JSON, even with
/// it), and never through a symlink that leads outside the folder `path`
/// names. `Err` says why, in words.
pub fn check_output(path: &Path, value: &Value, force: bool) -> Result<Output, String> {
    let shown = path.display();
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.file_type().is_symlink()
    {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let inside = match (std::fs::canonicalize(folder), std::fs::canonicalize(path)) {
            (Ok(f), Ok(t)) => t.starts_with(&f),
            // A dangling link: judge where it points.
            (Ok(f), Err(_)) => std::fs::read_link(path)
                .map(|t| folder.join(t))
                .ok()
                .and_then(|t| t.parent().and_then(|p| std::fs::canonicalize(p).ok()))
                .is_some_and(|p| p.starts_with(&f)),
            _ => false,
        };
        if !inside {
            return Err(format!(
                "{shown} is a symlink that leads outside its folder; connedit does not write through it"
            ));
        }
    }
    let existing = match super::read::regular(path, super::read::MAX_DOCUMENT) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Output::Write),
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    };
    let text = String::from_utf8_lossy(&existing);
    let parsed = crate::core::json::parse(text.trim_start_matches('\u{feff}'));
    match parsed {
        Ok(p) if &p.value == value => Ok(Output::Unchanged),
        Ok(_) if force => Ok(Output::Write),
        Ok(_) => Err(format!(
            "{shown} exists and differs from the tenant's: pass --force to overwrite it (or -o another file)"
        )),
        Err(_) => Err(format!(
            "{shown} exists and is not a JSON document; connedit never overwrites it, --force or not"
        )),
    }
}
