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
/// nobody else — unless sticky (nobody else can then move what is ours in
/// it), or writable only by the owner's private group (a umask of 002 with
/// one group per user, as Debian's OpenSSH also allows).
fn judge_above(path: &Path, uid: u32, gid: u32, mode: u32) -> io::Result<()> {
    let me = super::trust::euid();
    if uid != me && uid != 0 {
        return Err(denied(format!(
            "{} belongs to another user (uid {uid}, not {me}): connedit keeps nothing of its own inside it; set XDG_STATE_HOME to a folder of yours",
            path.display(),
        )));
    }
    let sticky = mode & libc::S_ISVTX != 0;
    let others = mode & 0o002 != 0;
    let group = mode & 0o020 != 0;
    if !sticky && (others || (group && !private_group(uid, gid))) {
        return Err(denied(format!(
            "{} is writable by others (mode {:o}) and not sticky: connedit keeps nothing of its own inside it",
            path.display(),
            mode & 0o7777
        )));
    }
    Ok(())
}

/// Whether `gid` is the private group of user `uid`: their primary group,
/// with no other member listed.
fn private_group(uid: u32, gid: u32) -> bool {
    // SAFETY: getpwuid/getgrgid return pointers into static storage that
    // stay valid until the next call; they are read at once, on this thread
    // (connedit makes its state folders from one thread at a time).
    unsafe {
        let pw = libc::getpwuid(uid);
        if pw.is_null() || (*pw).pw_gid != gid {
            return false;
        }
        let name = std::ffi::CStr::from_ptr((*pw).pw_name).to_owned();
        let gr = libc::getgrgid(gid);
        if gr.is_null() {
            return false;
        }
        let mut member = (*gr).gr_mem;
        while !member.is_null() && !(*member).is_null() {
            if std::ffi::CStr::from_ptr(*member) != name.as_c_str() {
                return false;
            }
            member = member.add(1);
        }
        true
    }
}

/// The folder `dir`, whose last `own` components are connedit's own
/// (created 0700, kept private), made and checked as the module says.
/// Returns it opened, so a caller may work inside it by descriptor.
pub fn private_dir(dir: &Path, own: usize) -> io::Result<OwnedFd> {
    let parts: Vec<Component> = dir.components().collect();
    let normal = parts
        .iter()
        .rev()
        .take(own)
        .filter(|c| matches!(c, Component::Normal(_)))
        .count();
    if !dir.is_absolute() || normal < own {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{}: not an absolute path ending in {own} folder names",
                dir.display()
            ),
        ));
    }
    let (above, ours) = parts.split_at(parts.len() - own);
    // The part above connedit's own folders, as the user configured it
    // (HOME, XDG_STATE_HOME), walked from `/` one component at a time: every
    // folder on the way and every link followed must be this user's or
    // root's, and each folder holding one writable by nobody else.
    let (real, missing) = walk_above(above)?;
    let path = CString::new(real.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: a NUL-terminated path; the result is checked.
    let fd = unsafe {
        libc::open(
            path.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: just opened, owned by nobody else.
    let mut at = unsafe { OwnedFd::from_raw_fd(fd) };
    let mut shown = real;
    let st = stat(&at)?;
    judge_above(&shown, st.st_uid, st.st_gid, st.st_mode)?;
    let steps = missing
        .into_iter()
        .map(|n| (n, false))
        .chain(ours.iter().filter_map(|c| match c {
            Component::Normal(n) => Some(((*n).to_owned(), true)),
            _ => None,
        }));
    for (name, own_folder) in steps {
        shown.push(&name);
        let next = open_or_make(&at, &c_name(&name)?, &shown)?;
        let st = stat(&next)?;
        if !own_folder {
            judge_above(&shown, st.st_uid, st.st_gid, st.st_mode)?;
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

/// Resolves the configured path above connedit's folders by hand: returns
/// the deepest existing folder it leads to (every step judged) and the
/// names still to be made below it.
fn walk_above(above: &[Component]) -> io::Result<(PathBuf, Vec<std::ffi::OsString>)> {
    use std::collections::VecDeque;
    use std::os::unix::fs::MetadataExt;
    let mut queue: VecDeque<std::ffi::OsString> = above
        .iter()
        .filter_map(|c| match c {
            Component::Normal(n) => Some((*n).to_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect();
    let mut cur = PathBuf::from("/");
    let root = std::fs::symlink_metadata(&cur)?;
    judge_above(&cur, root.uid(), root.gid(), root.mode())?;
    let mut links = 0;
    while let Some(name) = queue.pop_front() {
        if name == ".." {
            cur.pop();
            continue;
        }
        if name == "." || name.is_empty() {
            continue;
        }
        let next = cur.join(&name);
        let meta = match std::fs::symlink_metadata(&next) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // The rest is made below `cur` (mode 0700), `..` resolved.
                let mut missing: Vec<std::ffi::OsString> = vec![name];
                for n in queue {
                    if n == ".." {
                        missing.pop();
                    } else if n != "." && !n.is_empty() {
                        missing.push(n);
                    }
                }
                return Ok((cur, missing));
            }
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", next.display()))),
            Ok(m) => m,
        };
        if meta.file_type().is_symlink() {
            links += 1;
            if links > 40 {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{}: too many links", next.display()),
                ));
            }
            // A link is followed only if it is this user's or root's (the
            // folder holding it was judged on the way here).
            judge_above(&next, meta.uid(), meta.gid(), 0)?;
            let target = std::fs::read_link(&next)?;
            if target.is_absolute() {
                cur = PathBuf::from("/");
            }
            let mut front: Vec<std::ffi::OsString> = target
                .components()
                .filter_map(|c| match c {
                    Component::Normal(n) => Some(n.to_owned()),
                    Component::ParentDir => Some("..".into()),
                    _ => None,
                })
                .collect();
            front.reverse();
            for n in front {
                queue.push_front(n);
            }
            continue;
        }
        if !meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a folder", next.display()),
            ));
        }
        judge_above(&next, meta.uid(), meta.gid(), meta.mode())?;
        cur = next;
    }
    Ok((cur, Vec::new()))
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
    fn links_and_dot_dot_above_are_resolved_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        // The user's own link as the base (their dotfiles), and `..`.
        std::os::unix::fs::symlink(&real, dir.path().join("state")).unwrap();
        let odd = dir.path().join("x/../state/connedit/recovery");
        std::fs::create_dir(dir.path().join("x")).unwrap();
        private_dir(&odd, 2).unwrap();
        assert!(real.join("connedit/recovery").is_dir());
        // A dangling link of the user's: the folder it names is made.
        std::os::unix::fs::symlink(dir.path().join("later"), dir.path().join("dangling")).unwrap();
        private_dir(&dir.path().join("dangling/connedit/snapshots"), 2).unwrap();
        assert!(dir.path().join("later/connedit/snapshots").is_dir());
    }

    #[test]
    fn a_folder_writable_by_the_owners_private_group_is_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        std::fs::create_dir(&home).unwrap();
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o775)).unwrap();
        // SAFETY: no preconditions.
        let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
        let result = private_dir(&home.join("connedit/recovery"), 2);
        // The machine says whether this user's group is private.
        assert_eq!(result.is_ok(), private_group(uid, gid), "{result:?}");
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
