//! Reading documents from disk and finding them in directories.

use crate::core::{Document, Kind};
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
    #[error("{path}: not a file or directory")]
    NotAFile { path: String },
}

/// The kind a file's place implies in an auth0-deploy-cli tree:
/// `database-connections/<name>/database.json` is a database connection,
/// `connection-profiles/*.json` a profile.
pub fn kind_from_path(path: &Path) -> Option<Kind> {
    let parent = path.parent()?;
    let parent_name = parent.file_name()?.to_str()?;
    if parent_name == "connection-profiles" {
        return Some(Kind::Profile);
    }
    let grandparent = parent.parent()?.file_name()?.to_str()?;
    (grandparent == "database-connections" && path.file_name()? == "database.json")
        .then_some(Kind::Connection)
}

/// Reads a document. Bytes that are not UTF-8 still make a document (with a
/// `json.syntax` problem at the bad byte), so the problem has a place.
pub fn read_document(path: &Path, kind: Option<Kind>) -> Result<Document, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let kind = kind.or_else(|| kind_from_path(path));
    Ok(Document::parse_bytes(&bytes, kind))
}

/// The files named on a command line: files as given, directories walked for
/// `*.json` (sorted; hidden directories and `node_modules` skipped).
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
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

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<ReadError>) {
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
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Ok(ft) = e.file_type() else { continue };
        // Follow symlinks to files and directories alike.
        let is_dir = ft.is_dir() || (ft.is_symlink() && path.is_dir());
        if is_dir {
            if !name.starts_with('.') && name != "node_modules" {
                walk(&path, files, errors);
            }
        } else if name.ends_with(".json") && !name.starts_with('.') {
            files.push(path);
        }
    }
}
