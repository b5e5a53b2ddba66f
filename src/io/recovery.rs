//! Recovery files: unsaved edits written when the session ends badly (hangup,
//! termination, panic), offered back on the next open.
//!
//! A recovery file is `.<name>.connedit-recovery` beside the document (for a
//! document without a file, `.connedit-recovery-<kind>.json` in the working
//! directory), or — when that folder cannot take it (not writable, disk
//! full, the name taken by a symlink or by someone else's file) — a file in
//! `$XDG_STATE_HOME/connedit/recovery/` named after the document's path.
//! Files are created new (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600): an
//! existing one is never overwritten (a second crash gets `-2`, `-3`, …), and
//! only files that are the user's own, regular and private are offered.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// How many numbered names a document's recovery files may take.
const MAX_FILES: usize = 9;

/// The first (unnumbered) recovery name beside the document.
pub fn path_for(document: Option<&Path>, kind: &str) -> PathBuf {
    match document {
        Some(p) => {
            let name = p
                .file_name()
                .map_or_else(|| "document".into(), |n| n.to_string_lossy().into_owned());
            p.with_file_name(format!(".{name}.connedit-recovery"))
        }
        None => PathBuf::from(format!(".connedit-recovery-{kind}.json")),
    }
}

/// The folder used when the document's own folder cannot hold the file.
pub fn fallback_dir() -> Option<PathBuf> {
    Some(super::state::base()?.join("connedit").join("recovery"))
}

/// The document's name in the fallback folder: its file name (shortened)
/// and a hash of its absolute path, so two documents never share one and
/// the name stays within the 255 bytes a file name may have.
fn fallback_name(document: Option<&Path>, kind: &str) -> String {
    let full = match document {
        Some(p) => std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
        None => std::env::current_dir()
            .unwrap_or_default()
            .join(format!("new-{kind}")),
    };
    // FNV-1a, 64 bits: stable across builds (std's hasher is not).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in full.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let name: String = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| kind.to_string())
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    format!("{name}-{hash:016x}.connedit-recovery")
}

fn numbered(first: &Path, n: usize) -> PathBuf {
    if n == 1 {
        return first.to_path_buf();
    }
    let mut name = first.as_os_str().to_owned();
    name.push(format!("-{n}"));
    PathBuf::from(name)
}

/// Every name a recovery file of the document may have, beside it first.
pub fn candidates(document: Option<&Path>, kind: &str) -> Vec<PathBuf> {
    candidates_in(document, kind, fallback_dir().as_deref())
}

/// [`candidates`] with the fallback folder given (tests use a temporary one).
pub fn candidates_in(document: Option<&Path>, kind: &str, fallback: Option<&Path>) -> Vec<PathBuf> {
    let beside = path_for(document, kind);
    let mut out: Vec<PathBuf> = (1..=MAX_FILES).map(|n| numbered(&beside, n)).collect();
    if let Some(dir) = fallback {
        let first = dir.join(fallback_name(document, kind));
        out.extend((1..=MAX_FILES).map(|n| numbered(&first, n)));
    }
    out
}

fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
    if written.is_err() {
        // A half-written file (disk full) is worse than none: try elsewhere.
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Writes the edits to a new recovery file and returns its path: beside the
/// document if its folder takes it, else in the fallback folder. Never
/// overwrites or follows anything that is there.
pub fn write(document: Option<&Path>, kind: &str, text: &str) -> std::io::Result<PathBuf> {
    write_in(document, kind, text, fallback_dir().as_deref())
}

/// [`write`] with the fallback folder given (tests use a temporary one).
pub fn write_in(
    document: Option<&Path>,
    kind: &str,
    text: &str,
    fallback: Option<&Path>,
) -> std::io::Result<PathBuf> {
    let beside = path_for(document, kind);
    let mut last = std::io::Error::other("no name left for a recovery file");
    let mut try_group = |first: &Path| -> Option<PathBuf> {
        for n in 1..=MAX_FILES {
            let p = numbered(first, n);
            match create_new(&p, text) {
                Ok(()) => return Some(p),
                // Taken (by an earlier crash, a symlink, someone else): the next name.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) if e.raw_os_error() == Some(libc::ELOOP) => continue,
                // The folder will not take it (not writable, full, read-only).
                Err(e) => {
                    last = e;
                    return None;
                }
            }
        }
        None
    };
    if let Some(p) = try_group(&beside) {
        return Ok(p);
    }
    if let Some(dir) = fallback {
        // connedit/recovery: made and judged without following a link,
        // nothing changed before it is judged (io::state).
        if super::state::private_dir(&std::path::absolute(dir)?, 2).is_ok()
            && super::trust::check(dir).is_ok()
            && let Some(p) = try_group(&dir.join(fallback_name(document, kind)))
        {
            return Ok(p);
        }
    }
    Err(last)
}

/// A recovery file found for a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub text: String,
    pub written: std::time::SystemTime,
}

/// The recovery files of a document that may be offered — regular files
/// (not symlinks), the user's own, not readable or writable by others —
/// oldest first. Anything else under those names is left alone, unread.
pub fn find(document: Option<&Path>, kind: &str) -> Vec<Found> {
    find_in(document, kind, fallback_dir().as_deref())
}

/// [`find`] with the fallback folder given (tests use a temporary one).
pub fn find_in(document: Option<&Path>, kind: &str, fallback: Option<&Path>) -> Vec<Found> {
    use std::os::unix::fs::MetadataExt;
    let mut out: Vec<Found> = candidates_in(document, kind, fallback)
        .into_iter()
        .filter_map(|path| {
            let m = std::fs::symlink_metadata(&path).ok()?;
            let private =
                m.file_type().is_file() && m.uid() == super::trust::euid() && m.mode() & 0o077 == 0;
            if !private {
                return None;
            }
            let text = read_no_follow(&path)?;
            Some(Found {
                written: m.modified().ok()?,
                path,
                text,
            })
        })
        .collect();
    out.sort_by_key(|f| f.written);
    out
}

fn read_no_follow(path: &Path) -> Option<String> {
    use std::io::Read;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    if !f.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    f.take(super::read::MAX_DOCUMENT + 1)
        .read_to_string(&mut text)
        .ok()?;
    // Larger than any document: not offered (never offered cut short).
    (text.len() as u64 <= super::read::MAX_DOCUMENT).then_some(text)
}

pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn recovery_files_are_private_new_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("profile.json");
        let r = write(Some(&doc), "profile", "{}\n").unwrap();
        assert_eq!(r, dir.path().join(".profile.json.connedit-recovery"));
        assert_eq!(
            std::fs::metadata(&r).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // A second crash keeps both.
        let r2 = write(Some(&doc), "profile", "{\"a\": 1}\n").unwrap();
        assert_ne!(r, r2);
        assert_eq!(std::fs::read_to_string(&r).unwrap(), "{}\n");
        let found = find(Some(&doc), "profile");
        assert_eq!(found.len(), 2);
        remove(&r);
        remove(&r2);
        assert!(find(Some(&doc), "profile").is_empty());
    }

    #[test]
    fn a_folder_that_cannot_take_it_sends_it_to_the_state_folder() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/connedit/recovery");
        // The document's folder is gone (a read-only or full one fails alike).
        let doc = dir.path().join("gone/profile.json");
        let r = write_in(Some(&doc), "profile", "{}\n", Some(&state)).unwrap();
        assert!(r.starts_with(&state), "{}", r.display());
        assert!(
            r.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("profile.json-"),
            "{}",
            r.display()
        );
        // Two documents never share a name, and a deep path stays short.
        let other = write_in(
            Some(&dir.path().join("gone2/profile.json")),
            "profile",
            "{}\n",
            Some(&state),
        )
        .unwrap();
        assert_ne!(r.file_name(), other.file_name());
        let deep = dir
            .path()
            .join("x".repeat(200))
            .join("y".repeat(200))
            .join("profile.json");
        let long = write_in(Some(&deep), "profile", "{}\n", Some(&state)).unwrap();
        assert!(long.file_name().unwrap().len() < 255);
        assert_eq!(
            std::fs::metadata(&state).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }

    #[test]
    fn a_symlink_or_a_shared_file_under_the_name_is_never_followed_or_offered() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("profile.json");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, path_for(Some(&doc), "profile")).unwrap();
        let r = write(Some(&doc), "profile", "{}\n").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(r.to_string_lossy().ends_with("-2"), "{}", r.display());
        // A readable-by-others file planted under a name is not offered.
        let planted = numbered(&path_for(Some(&doc), "profile"), 3);
        std::fs::write(&planted, "{\"evil\": true}").unwrap();
        std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o644)).unwrap();
        let found: Vec<PathBuf> = find(Some(&doc), "profile")
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(found, [r]);
    }
}
