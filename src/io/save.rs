//! Saving a document so that no data is ever lost: a check that the file did
//! not change on disk since it was read, then an atomic write (temporary file
//! in the same directory, fsync, rename) that keeps the file's permissions and
//! writes through a symlink to its target.

use atomic_write_file::AtomicWriteFile;
use atomic_write_file::unix::OpenOptionsExt;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file is not what it was when it was read: someone else wrote it.
    #[error("{path} changed on disk since it was opened")]
    ChangedOnDisk { path: String },
    /// What is there is not a JSON document: connedit never replaces it.
    #[error(
        "{path} holds something that is not a JSON document; connedit does not overwrite it (save under another name)"
    )]
    NotJson { path: String },
    #[error("cannot save {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What is on disk at `path` now (`None`: no file).
pub fn read_current(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    super::read::regular_if_any(path, super::read::MAX_DOCUMENT)
}

/// The file a write to `path` must replace: a symlink's final target, so the
/// link itself stays a link — also when the link dangles (the file it names
/// is created, with the umask's mode, not the link's 0777).
///
/// A link another user made in a folder others may write to (`/tmp`, a team
/// folder) is not followed: `Err` says so. That is the kernel's
/// protected-symlinks rule (a link is followed there only when it is the
/// follower's or the folder owner's), which a write resolved by hand would
/// otherwise skip, for sticky folders and others alike. The user's own
/// links (a dotfiles repository) are followed as before.
pub fn write_target(path: &Path) -> std::io::Result<PathBuf> {
    no_planted_links(path)?;
    let mut at = path.to_path_buf();
    // Follow a chain of links by hand (at most 40, as the kernel does).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                planted_link(&at, &m)?;
                let Ok(next) = std::fs::read_link(&at) else {
                    return Ok(at);
                };
                at = match at.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(at),
        }
    }
    Ok(at)
}

/// `Err` when any link on the way to `path` — a folder of it as well as its
/// last name — is another user's in a folder others may write to
/// ([`planted_link`]): the path is resolved by hand, link by link, up to
/// the first name that does not exist yet (the rest is made new).
pub fn no_planted_links(path: &Path) -> std::io::Result<()> {
    use std::collections::VecDeque;
    use std::path::Component;
    let path = std::path::absolute(path)?;
    let names = |p: &Path| -> Vec<std::ffi::OsString> {
        p.components()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(n.to_owned()),
                Component::ParentDir => Some("..".into()),
                _ => None,
            })
            .collect()
    };
    let mut queue: VecDeque<std::ffi::OsString> = names(&path).into();
    let mut cur = PathBuf::from("/");
    let mut links = 0;
    while let Some(name) = queue.pop_front() {
        if name == ".." {
            cur.pop();
            continue;
        }
        let next = cur.join(&name);
        let Ok(meta) = std::fs::symlink_metadata(&next) else {
            return Ok(());
        };
        if !meta.file_type().is_symlink() {
            cur = next;
            continue;
        }
        links += 1;
        if links > 40 {
            return Ok(()); // the kernel answers ELOOP at the write
        }
        planted_link(&next, &meta)?;
        let target = std::fs::read_link(&next)?;
        if target.is_absolute() {
            cur = PathBuf::from("/");
        }
        for n in names(&target).into_iter().rev() {
            queue.push_front(n);
        }
    }
    Ok(())
}

/// `Err` when the link at `link` is another user's in a folder that others
/// than its owner may write to (and the folder is not the link owner's).
fn planted_link(link: &Path, meta: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let folder = link
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(dir) = std::fs::metadata(folder) else {
        return Ok(());
    };
    if meta.uid() != super::trust::euid() && meta.uid() != dir.uid() && dir.mode() & 0o022 != 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} is a link another user (uid {}) made in a folder others can write to: connedit does not write through it; remove it or save under another name",
                link.display(),
                meta.uid()
            ),
        ));
    }
    Ok(())
}

/// Removes what a save killed mid-way (SIGKILL, power loss) left beside
/// `path`: the atomic write links its finished temporary file as
/// `.<name>.<6 letters or digits>` just before the rename, so a kill between
/// the two leaves one. Only regular files of exactly that name, this user's,
/// at least a minute old (never another save in flight) are removed; a
/// recovery file (`.<name>.connedit-recovery`) never matches. Returns how
/// many were removed.
pub fn remove_stale_temporaries(path: &Path) -> usize {
    use std::os::unix::fs::MetadataExt;
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return 0;
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(suffix) = file.strip_prefix(&prefix) else {
            continue;
        };
        if suffix.len() != 6 || !suffix.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let Ok(m) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        let old = m
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() >= 60);
        if m.file_type().is_file() && m.uid() == super::trust::euid() && old {
            removed += usize::from(std::fs::remove_file(e.path()).is_ok());
        }
    }
    removed
}

/// Whether bytes on disk are a JSON document (deploy-cli's bare
/// placeholders allowed): only such a file may be replaced.
fn is_json(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|t| {
        t.trim().is_empty() || crate::core::json::parse(t.trim_start_matches('\u{feff}')).is_ok()
    })
}

/// Which file a path is: the device and inode it leads to, and whether the
/// path itself is a symlink. A file swapped for another (or for a link to
/// one with the same bytes) is a different file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
    link: bool,
}

/// The identity of the file at `path` now (`None`: none there).
pub fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let link = std::fs::symlink_metadata(path)
        .ok()?
        .file_type()
        .is_symlink();
    let m = std::fs::metadata(path).ok()?;
    Some(FileId {
        dev: m.dev(),
        ino: m.ino(),
        link,
    })
}

/// Writes `bytes` to `path`. Unless `force`, first checks that the file still
/// holds `expected` (`None`: it did not exist).
pub fn save(
    path: &Path,
    bytes: &[u8],
    expected: Option<&[u8]>,
    force: bool,
) -> Result<(), SaveError> {
    save_checked(path, bytes, expected, None, force)
}

/// [`save`], also refusing (unless `force`) when the path no longer leads to
/// the file that was read (`read`: its identity then), same bytes or not.
pub fn save_checked(
    path: &Path,
    bytes: &[u8],
    expected: Option<&[u8]>,
    read: Option<FileId>,
    force: bool,
) -> Result<(), SaveError> {
    if !force
        && let Some(was) = read
        && file_id(path).is_some_and(|now| now != was)
    {
        return Err(SaveError::ChangedOnDisk {
            path: path.display().to_string(),
        });
    }
    let io = |source| SaveError::Io {
        path: path.display().to_string(),
        source,
    };
    let target = write_target(path).map_err(io)?;
    remove_stale_temporaries(&target);
    let current = read_current(&target).map_err(io)?;
    if !force && current.as_deref() != expected {
        return Err(SaveError::ChangedOnDisk {
            path: path.display().to_string(),
        });
    }
    // Even "overwrite": never over something that is not JSON (Save As onto
    // a script or a note), unless it is the file this document was read from.
    if let Some(cur) = &current
        && !is_json(cur)
        && Some(cur.as_slice()) != expected
    {
        return Err(SaveError::NotJson {
            path: path.display().to_string(),
        });
    }
    let identity = identity(&target);
    let mut changed = false;
    let result = write_atomic_checked(&target, bytes, None, || {
        // Right before the rename, as late as it can be: still what was checked?
        let now = read_current(&target)?;
        if now != current || identity != self::identity(&target) {
            changed = true;
            return Err(std::io::Error::other("changed on disk during the save"));
        }
        Ok(())
    });
    match result {
        Err(_) if changed => Err(SaveError::ChangedOnDisk {
            path: path.display().to_string(),
        }),
        other => other.map_err(io),
    }
}

/// Device, inode, size and modification time of `path` (not following a
/// final symlink): what a swap of the file shows in.
fn identity(path: &Path) -> Option<(u64, u64, u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| (m.dev(), m.ino(), m.size(), m.mtime(), m.mtime_nsec()))
}

/// The atomic write itself. `mode` sets the permissions of the new file
/// (otherwise an existing file's permissions are kept).
pub fn write_atomic(target: &Path, bytes: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    write_atomic_checked(target, bytes, mode, || Ok(()))
}

/// [`write_atomic`], with `check` run after the data is written and before
/// the rename: an `Err` abandons the write (the temporary file is removed).
fn write_atomic_checked(
    target: &Path,
    bytes: &[u8],
    mode: Option<u32>,
    check: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut options = AtomicWriteFile::options();
    let exists = std::fs::metadata(target).is_ok_and(|m| m.is_file());
    options
        .preserve_mode(mode.is_none() && exists)
        .try_preserve_owner(exists);
    let mut file = options.open(target)?;
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    file.write_all(bytes)?;
    check()?;
    file.commit() // fsyncs the file, then renames it over the target
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn refuses_to_overwrite_a_file_changed_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.json");
        std::fs::write(&p, "[\"old\"]").unwrap();
        let err = save(&p, b"new", Some(b"[\"older\"]"), false).unwrap_err();
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }));
        assert_eq!(std::fs::read(&p).unwrap(), b"[\"old\"]");
        save(&p, b"new", Some(b"[\"older\"]"), true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        // A file that appeared since "new document" was opened is a change too.
        let q = dir.path().join("q.json");
        std::fs::write(&q, "someone else's").unwrap();
        assert!(save(&q, b"mine", None, false).is_err());
    }

    #[test]
    fn a_file_swapped_for_a_link_with_the_same_bytes_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.json");
        std::fs::write(&p, "{}").unwrap();
        let read = file_id(&p);
        // Someone moves it away and links the name to a copy elsewhere.
        let elsewhere = dir.path().join("elsewhere.json");
        std::fs::write(&elsewhere, "{}").unwrap();
        std::fs::remove_file(&p).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &p).unwrap();
        let e = save_checked(&p, b"[]", Some(b"{}"), read, false).unwrap_err();
        assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e}");
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"{}");
    }

    #[test]
    fn a_dangling_symlink_gets_its_file_with_the_umask_mode() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        save(&link, b"{}", None, false).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let real = dir.path().join("real.json");
        assert_eq!(std::fs::read(&real).unwrap(), b"{}");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o022, 0, "not group/other-writable: {mode:o}");
        assert_ne!(mode, 0o777);
    }

    #[test]
    fn a_temporary_file_a_killed_save_left_is_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.json");
        std::fs::write(&p, "{}").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        let stale = dir.path().join(".p.json.Ab3dE9");
        std::fs::write(&stale, "{\"half\": ").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // Kept: one being written now, a recovery file, other names.
        let young = dir.path().join(".p.json.Zz9Zz9");
        std::fs::write(&young, "x").unwrap();
        let keep = [
            young.clone(),
            dir.path().join(".p.json.connedit-recovery"),
            dir.path().join(".p.json.abc"),
            dir.path().join(".q.json.Ab3dE9"),
        ];
        for k in &keep[1..] {
            std::fs::write(k, "keep").unwrap();
            std::fs::File::options()
                .write(true)
                .open(k)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        save(&p, b"[]", Some(b"{}"), false).unwrap();
        assert!(!stale.exists(), "removed");
        for k in &keep {
            assert!(k.exists(), "{k:?} kept");
        }
    }

    #[test]
    fn a_file_that_is_not_json_is_never_overwritten_even_when_forced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notes.json");
        std::fs::write(&p, "my notes, not JSON").unwrap();
        let e = save(&p, b"{}", None, true).unwrap_err();
        assert!(matches!(e, SaveError::NotJson { .. }), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"my notes, not JSON");
        // A JSON file may be replaced when the user chose to.
        std::fs::write(&p, "{\"a\": 1}").unwrap();
        save(&p, b"{}", None, true).unwrap();
    }

    #[test]
    fn keeps_permissions_and_writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        save(&link, b"new", Some(b"old"), false).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file left behind: {names:?}");
    }
}
