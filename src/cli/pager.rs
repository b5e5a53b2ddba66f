//! Long answers through a pager (issue 30): when standard output is a
//! terminal and what `diff`, `push`, `history` or `rollback` would print is
//! taller than it, the text goes to `$PAGER` (`less -R` when unset, with
//! `LESS=FRX` unless set: it quits when the text fits and leaves it on the
//! screen), never when piped, in CI, or with `--no-pager`. The text is the
//! filtered text the command printed (cli::safe), colours included.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static OFF: AtomicBool = AtomicBool::new(false);

/// `--no-pager`, for the whole run.
pub fn disable() {
    OFF.store(true, Ordering::Relaxed);
}

/// Whether a pager may be used at all.
fn possible() -> bool {
    !OFF.load(Ordering::Relaxed)
        && std::io::stdout().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Shows `text` (already filtered): through the pager when it is taller
/// than the terminal and a pager may be used, else written to `out`.
pub fn show(text: &[u8], out: &mut dyn Write) -> std::io::Result<()> {
    let (cols, rows) =
        crossterm::terminal::size().map_or((80, 24), |(w, h)| (w as usize, h as usize));
    // Rows on the screen, a long line wrapping (from the review: a plan of
    // long notes scrolled its head off without the pager).
    let lines: usize = String::from_utf8_lossy(text)
        .lines()
        .map(|l| {
            use unicode_width::UnicodeWidthStr;
            l.width().div_ceil(cols.max(1)).max(1)
        })
        .sum();
    if !possible() || lines < rows.saturating_sub(1) {
        return out.write_all(text);
    }
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -R".to_string());
    if pager.trim() == "cat" {
        return out.write_all(text);
    }
    out.flush()?;
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(&pager)
        .stdin(std::process::Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    match cmd.spawn() {
        Ok(mut child) => {
            if let Some(mut stdin) = child.stdin.take() {
                // The reader quitting early (q in less) closes the pipe: fine.
                let _ = stdin.write_all(text);
            }
            // A pager that failed (not found: 127; any other failure) showed
            // nothing: the text goes out as it is, never lost before a
            // question (from the review).
            if child.wait()?.success() {
                Ok(())
            } else {
                out.write_all(text)
            }
        }
        // No shell to run it: the text as it is.
        Err(_) => out.write_all(text),
    }
}

/// Runs `command` with its standard output kept and [`show`]n at the end
/// when a pager may be used; else straight to `out` (a pipe gets every
/// line as it comes).
pub fn run<T>(
    out: &mut dyn Write,
    command: impl FnOnce(&mut dyn Write) -> T,
) -> std::io::Result<T> {
    if !possible() {
        return Ok(command(out));
    }
    let mut kept = super::safe::SafeWriter::new(Vec::new());
    let result = command(&mut kept);
    show(&kept.finish()?, out)?;
    Ok(result)
}

/// Prints what `print` writes through [`show`] (a plan before its
/// question): kept and filtered first when a pager may be used. Without a
/// question after it (`--yes`) straight out: an unattended push never
/// waits in a pager.
pub fn print(
    out: &mut dyn Write,
    question: bool,
    print: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if !question {
        print(out)?;
        return out.flush();
    }
    run(out, print)?
}
