//! What another user of the machine could have written is not trusted: a
//! file or folder connedit reads secrets, commands or snapshots from must be
//! owned by the user running connedit and not writable by group or others
//! (as OpenSSH judges its configuration).

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The effective user id of this process.
pub fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// `Err` says, with the path, why `path` cannot be trusted.
pub fn check(path: &Path) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    judge(path, meta.uid(), meta.mode())
}

/// The judgement on an owner and a mode already read (from an open file).
pub fn judge(path: &Path, uid: u32, mode: u32) -> Result<(), String> {
    let me = euid();
    // root's files are trusted as OpenSSH trusts them (root could write anything anyway).
    if uid != me && uid != 0 {
        return Err(format!(
            "{} belongs to another user (uid {uid}, not {me}): connedit does not trust it",
            path.display()
        ));
    }
    if mode & 0o022 != 0 {
        return Err(format!(
            "{} is writable by {} (mode {:o}): connedit does not trust it; run chmod go-w {}",
            path.display(),
            if mode & 0o002 != 0 {
                "every user"
            } else {
                "its group"
            },
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_and_write_bits_decide() {
        let p = Path::new("/x");
        assert!(judge(p, euid(), 0o100600).is_ok());
        assert!(judge(p, euid(), 0o40700).is_ok());
        assert!(judge(p, euid(), 0o100644).is_ok());
        let e = judge(p, euid(), 0o100620).unwrap_err();
        assert!(e.contains("its group"), "{e}");
        let e = judge(p, euid(), 0o40777).unwrap_err();
        assert!(e.contains("every user") && e.contains("/x"), "{e}");
        let other = if euid() == 1234 { 4321 } else { 1234 };
        let e = judge(p, other, 0o100600).unwrap_err();
        assert!(e.contains("another user"), "{e}");
        assert!(judge(p, 0, 0o100600).is_ok(), "root's files are trusted");
    }
}
