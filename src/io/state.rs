//! The state folder (`$XDG_STATE_HOME/connedit`, else
//! `~/.local/state/connedit`) and the private folders connedit keeps in it
//! (snapshots, recovery files): checked before they are touched.
//!
//! [`private_dir`] never follows a link another user could have planted and
//! never changes a folder before it has judged it: every folder above the
//! one asked for must belong to this user or root and be writable by nobody
//! else (a sticky folder such as `/tmp` excepted: others cannot move what is
//! ours in it); connedit's own folders are opened one component at a time
//! with `openat(O_NOFOLLOW | O_DIRECTORY)`, made with `mkdirat` (mode 0700)
//! when missing, judged on the opened descriptor, and only then, when they
//! are this user's, made private with `fchmod` on that descriptor. A folder
//! that fails is left as it was, and so is everything inside it.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

/// `$XDG_STATE_HOME`, else `~/.local/state` (absolute only, as the XDG spec
/// says: a relative path is invalid and ignored).
pub fn base() -> Option<PathBuf> {
    std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .filter(|p| p.is_absolute())
}

fn denied(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, why)
}

fn c_name(name: &std::ffi::OsStr) -> io::Result<CString> {
    CString::new(name.as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

/// Opens the folder `name` inside `at` without following a link.
fn open_below(at: &OwnedFd, name: &CString) -> io::Result<OwnedFd> {
    // SAFETY: a valid descriptor and a NUL-terminated name; the result is checked.
    let fd = unsafe {
        libc::openat(
            at.as_raw_fd(),
            name.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd was just opened and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Opens (or makes, mode 0700) the folder `name` inside `at`, never through
/// a link: a link, a file or anything but a folder there is refused.
fn open_or_make(at: &OwnedFd, name: &CString, shown: &Path) -> io::Result<OwnedFd> {
    match open_below(at, name) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // SAFETY: as above.
            if unsafe { libc::mkdirat(at.as_raw_fd(), name.as_ptr(), 0o700) } != 0 {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::AlreadyExists {
                    return Err(e);
                }
            }
            open_below(at, name)
        }
        other => other,
    }
    .map_err(|e| match e.raw_os_error() {
        Some(libc::ELOOP) | Some(libc::ENOTDIR) => denied(format!(
            "{} is a link or not a folder: connedit does not follow it or write through it",
            shown.display()
        )),
        _ => io::Error::new(e.kind(), format!("{}: {e}", shown.display())),
    })
}

fn stat(fd: &OwnedFd) -> io::Result<libc::stat> {
    // SAFETY: a zeroed stat is a valid out-parameter for fstat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: a valid descriptor and a valid pointer.
    if unsafe { libc::fstat(fd.as_raw_fd(), &mut st) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(st)
}

/// A folder above connedit's own: this user's or root's, and writable by
/// nobody else unless sticky (nobody else can then move what is ours in it).
fn judge_above(path: &Path, st: &libc::stat) -> io::Result<()> {
    let me = super::trust::euid();
    if st.st_uid != me && st.st_uid != 0 {
        return Err(denied(format!(
            "{} belongs to another user (uid {}, not {me}): connedit keeps nothing of its own inside it; set XDG_STATE_HOME to a folder of yours",
            path.display(),
            st.st_uid
        )));
    }
    let mode = st.st_mode;
    if mode & 0o022 != 0 && mode & libc::S_ISVTX == 0 {
        return Err(denied(format!(
            "{} is writable by others (mode {:o}) and not sticky: connedit keeps nothing of its own inside it",
            path.display(),
            mode & 0o7777
        )));
    }
    Ok(())
}

/// The folder `dir`, whose last `own` components are connedit's own
/// (created 0700, kept private), made and checked as the module says.
/// Returns it opened, so a caller may work inside it by descriptor.
pub fn private_dir(dir: &Path, own: usize) -> io::Result<OwnedFd> {
    let names: Vec<&std::ffi::OsStr> = dir
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n),
            _ => None,
        })
        .collect();
    if !dir.is_absolute()
        || names.len() < own
        || dir
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::CurDir))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not an absolute, plain path", dir.display()),
        ));
    }
    // The part above connedit's own folders, as the user configured it
    // (links there are theirs: HOME, XDG_STATE_HOME): resolved once, then
    // every folder from `/` down is judged.
    let split = names.len() - own;
    let mut above = PathBuf::from("/");
    above.extend(&names[..split]);
    let mut existing = above.clone();
    let mut missing = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        let Some(name) = existing.file_name().map(ToOwned::to_owned) else {
            break;
        };
        missing.push(name);
        existing.pop();
    }
    missing.reverse();
    let real = std::fs::canonicalize(&existing)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", existing.display())))?;
    let root = c_name(std::ffi::OsStr::new("/"))?;
    // SAFETY: a NUL-terminated path; the result is checked.
    let fd = unsafe {
        libc::open(
            root.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: just opened, owned by nobody else.
    let mut at = unsafe { OwnedFd::from_raw_fd(fd) };
    let mut shown = PathBuf::from("/");
    judge_above(&shown, &stat(&at)?)?;
    let mut steps: Vec<(std::ffi::OsString, bool)> = real
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some((n.to_owned(), false)),
            _ => None,
        })
        .collect();
    steps.extend(missing.into_iter().map(|n| (n, false)));
    steps.extend(names[split..].iter().map(|n| ((*n).to_owned(), true)));
    for (name, ours) in steps {
        shown.push(&name);
        let next = open_or_make(&at, &c_name(&name)?, &shown)?;
        let st = stat(&next)?;
        if !ours {
            judge_above(&shown, &st)?;
        } else {
            // Judged on what was opened, before anything is changed.
            let me = super::trust::euid();
            if st.st_uid == me {
                if st.st_mode & 0o077 != 0 {
                    // SAFETY: a valid descriptor of a folder that is ours.
                    if unsafe { libc::fchmod(next.as_raw_fd(), 0o700) } != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
            } else {
                super::trust::judge(&shown, st.st_uid, st.st_mode).map_err(denied)?;
            }
        }
        at = next;
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn makes_the_own_folders_private_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("state");
        std::fs::create_dir(&base).unwrap();
        std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o755)).unwrap();
        let own = base.join("connedit/snapshots");
        std::fs::create_dir_all(&own).unwrap();
        std::fs::set_permissions(&own, std::fs::Permissions::from_mode(0o775)).unwrap();
        private_dir(&own.join("tenant/id"), 4).unwrap();
        assert_eq!(mode(&base), 0o755, "above connedit's folders: untouched");
        assert_eq!(mode(&own), 0o700);
        assert_eq!(mode(&own.join("tenant/id")), 0o700);
        // A base that does not exist yet is made too.
        let fresh = dir.path().join("home/.local/state/connedit/recovery");
        private_dir(&fresh, 2).unwrap();
        assert!(fresh.is_dir());
    }

    #[test]
    fn a_link_among_the_own_folders_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::create_dir_all(dir.path().join("state/connedit")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("state/connedit/snapshots"))
            .unwrap();
        let e = private_dir(&dir.path().join("state/connedit/snapshots/t/i"), 4).unwrap_err();
        assert!(e.to_string().contains("is a link"), "{e}");
        assert_eq!(mode(&elsewhere), 0o755);
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        // A file where a folder belongs is not replaced either.
        std::fs::write(dir.path().join("state/connedit/recovery"), "x").unwrap();
        assert!(private_dir(&dir.path().join("state/connedit/recovery"), 2).is_err());
        assert_eq!(
            std::fs::read(dir.path().join("state/connedit/recovery")).unwrap(),
            b"x"
        );
    }

    #[test]
    fn a_folder_above_that_others_may_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
        let e = private_dir(&shared.join("connedit/recovery"), 2).unwrap_err();
        assert!(e.to_string().contains("writable by others"), "{e}");
        assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 0);
        // Sticky, as /tmp: others cannot move what is ours there.
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        private_dir(&shared.join("connedit/recovery"), 2).unwrap();
    }
}
