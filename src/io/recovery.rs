//! Recovery files: unsaved edits written beside the document when the session
//! ends badly (hangup, termination, panic), offered back on the next open.

use std::path::{Path, PathBuf};

/// `.<name>.connedit-recovery` beside the document; for a document that has
/// no file yet, `.connedit-recovery-<kind>.json` in the working directory.
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

/// Writes a recovery file readable by its owner only (mode 0600).
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    super::save::write_atomic(path, text.as_bytes(), Some(0o600))
}

/// A recovery file's text and when it was written, if there is one.
pub fn read(path: &Path) -> Option<(String, std::time::SystemTime)> {
    let text = std::fs::read_to_string(path).ok()?;
    let when = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some((text, when))
}

pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn recovery_files_are_private_and_beside_the_document() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("profile.json");
        let r = path_for(Some(&doc), "profile");
        assert_eq!(r, dir.path().join(".profile.json.connedit-recovery"));
        write(&r, "{}\n").unwrap();
        assert_eq!(
            std::fs::metadata(&r).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(read(&r).unwrap().0, "{}\n");
        remove(&r);
        assert!(read(&r).is_none());
    }
}
