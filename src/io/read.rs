//! The one way connedit reads a file: opened non-blocking (a FIFO another
//! user planted cannot hang a run), judged on what was opened — a regular
//! file, else refused by what it is — and read to a cap (a device such as
//! `/dev/zero`, or a file growing as it is read, cannot fill the memory).

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Documents, scripts, snapshots, recovery files: far above any real one.
pub const MAX_DOCUMENT: u64 = 16 * 1024 * 1024;
/// Small files: mappings, a sample user, the tenants file.
pub const MAX_SMALL: u64 = 1024 * 1024;

/// The bytes of the regular file at `path`, at most `max`. The error says
/// why in words (without the path: callers name it).
pub fn regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let (mut file, len) = open_sized(path)?;
    // Sized from what was opened: one allocation, no reallocation.
    let size = len.min(max) as usize;
    let mut bytes = Vec::with_capacity(size + 1);
    file.by_ref().take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

/// [`regular`] as UTF-8 text.
pub fn regular_text(path: &Path, max: u64) -> std::io::Result<String> {
    String::from_utf8(regular(path, max)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// [`regular`], `None` when nothing is at `path`.
pub fn regular_if_any(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    match regular(path, max) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The file at `path` opened for reading, non-blocking, and only if it is
/// a regular file (judged on the descriptor, so it cannot be swapped).
pub fn open(path: &Path) -> std::io::Result<std::fs::File> {
    open_sized(path).map(|(f, _)| f)
}

/// [`open`], with the file's size as it was opened (one `fstat`).
fn open_sized(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    // Judged by the path first, so a device the path names is not opened
    // (opening one can act: a tape rewinds, a watchdog arms); then again on
    // what was opened, so a link swapped in between is still refused (its
    // target was opened, though: the first check narrows that to a race).
    let before = std::fs::metadata(path)?;
    if !before.file_type().is_file() {
        return Err(not_regular(before.file_type()));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok((file, meta.len()));
    }
    Err(not_regular(kind))
}

/// Why a file that is not a regular one is not read, by what it is.
fn not_regular(kind: std::fs::FileType) -> std::io::Error {
    let what = if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    };
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file: connedit does not read it"),
    )
}

fn too_large(max: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "it is larger than {} MB: connedit reads at most that",
            max.div_ceil(1024 * 1024)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_a_device_and_a_folder_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("planted.json");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = regular(&fifo, MAX_SMALL).unwrap_err();
        assert!(e.to_string().contains("a FIFO"), "{e}");
        let e = regular(Path::new("/dev/zero"), MAX_SMALL).unwrap_err();
        assert!(e.to_string().contains("a device"), "{e}");
        let e = regular(dir.path(), MAX_SMALL).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        assert!(
            regular_if_any(&dir.path().join("none"), 10)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_file_over_the_cap_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.json");
        std::fs::write(&p, vec![b' '; 2048]).unwrap();
        let e = regular(&p, 1024).unwrap_err();
        assert!(e.to_string().contains("larger than 1 MB"), "{e}");
        assert_eq!(regular(&p, 4096).unwrap().len(), 2048);
    }
}
