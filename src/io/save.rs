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
    #[error("cannot save {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What is on disk at `path` now (`None`: no file).
pub fn read_current(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The file a write to `path` must replace: a symlink's final target, so the
/// link itself stays a link.
pub fn write_target(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Writes `bytes` to `path`. Unless `force`, first checks that the file still
/// holds `expected` (`None`: it did not exist). Returns the bytes now on disk.
pub fn save(
    path: &Path,
    bytes: &[u8],
    expected: Option<&[u8]>,
    force: bool,
) -> Result<(), SaveError> {
    let io = |source| SaveError::Io {
        path: path.display().to_string(),
        source,
    };
    let target = write_target(path);
    if !force {
        let current = read_current(&target).map_err(io)?;
        if current.as_deref() != expected {
            return Err(SaveError::ChangedOnDisk {
                path: path.display().to_string(),
            });
        }
    }
    write_atomic(&target, bytes, None).map_err(io)
}

/// The atomic write itself. `mode` sets the permissions of the new file
/// (otherwise an existing file's permissions are kept).
pub fn write_atomic(target: &Path, bytes: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    let mut options = AtomicWriteFile::options();
    options
        .preserve_mode(mode.is_none())
        .try_preserve_owner(true);
    let mut file = options.open(target)?;
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    file.write_all(bytes)?;
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
        std::fs::write(&p, "old").unwrap();
        let err = save(&p, b"new", Some(b"older"), false).unwrap_err();
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }));
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        save(&p, b"new", Some(b"older"), true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        // A file that appeared since "new document" was opened is a change too.
        let q = dir.path().join("q.json");
        std::fs::write(&q, "someone else's").unwrap();
        assert!(save(&q, b"mine", None, false).is_err());
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
