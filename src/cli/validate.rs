//! `connedit validate`: check files and directories, print diagnostics.

use super::{KindArg, exit};
use crate::core::{Diagnostic, Kind, Tally};
use crate::io::files::{self, ReadError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Treat every file as this kind instead of detecting it
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// deploy-cli keyword mappings (JSON); default: $AUTH0_KEYWORD_REPLACE_MAPPINGS
    #[arg(long, value_name = "FILE")]
    pub mappings: Option<PathBuf>,
    /// Files, or directories to search for *.json (and deploy-cli YAML files)
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: severity[code] path: message`, for people
    Text,
    /// SPEC §3's JSON, for scripts
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps)
    Sarif,
    /// GitHub Actions annotations (::error file=…,line=…::…)
    Github,
}

/// One file's result, as `--format json` prints it (SPEC §3).
#[derive(Debug, Serialize)]
pub struct Report {
    pub file: String,
    pub kind: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let (paths, mut failures) = files::expand_paths_for_validate(&args.paths);
    let kind = args.kind.map(Kind::from);
    let mappings = match files::mappings(args.mappings.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            writeln!(err, "connedit: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    // Text and GitHub annotations are formatted on the checking threads and
    // written in order as soon as the files before them are done (writing
    // overlaps checking, and no report is held); JSON and SARIF are one
    // document of every report, so those are kept.
    let mut reports = Vec::new();
    let mut counts = Counts::default();
    match args.format {
        Format::Text | Format::Github => {
            let format = args.format;
            let lines = |p: &PathBuf| {
                check(p, kind, &mappings).map(|reports| {
                    let mut text = String::new();
                    let mut tally = Tally::default();
                    for rep in &reports {
                        for d in &rep.diagnostics {
                            if format == Format::Text {
                                push_line(&mut text, &rep.file, d);
                            } else {
                                text.push_str(&super::report::github(&rep.file, d));
                            }
                            text.push('\n');
                        }
                        let t = Tally::of(&rep.diagnostics);
                        tally.errors += t.errors;
                        tally.warnings += t.warnings;
                    }
                    (text, tally)
                })
            };
            par_each(&paths, lines, |r| {
                match r {
                    Ok((text, t)) => {
                        out.write_all(text.as_bytes())?;
                        counts.add(t);
                    }
                    Err(e) => failures.push(e),
                }
                Ok(())
            })?;
        }
        Format::Json | Format::Sarif => {
            for r in check_all(&paths, kind, mappings) {
                match r {
                    Ok(file) => {
                        let mut tally = Tally::default();
                        for rep in &file {
                            let t = Tally::of(&rep.diagnostics);
                            tally.errors += t.errors;
                            tally.warnings += t.warnings;
                        }
                        counts.add(tally);
                        reports.extend(file);
                    }
                    Err(e) => failures.push(e),
                }
            }
        }
    }
    match args.format {
        Format::Json => {
            let text = serde_json::to_string(&reports).map_err(std::io::Error::other)?;
            out.write_all(super::safe::json_text(&text).as_bytes())?;
            writeln!(out)?;
        }
        Format::Text | Format::Github => {}
        Format::Sarif => {
            let failed: Vec<String> = failures
                .iter()
                .filter(|f| !f.is_note())
                .map(|f| crate::core::scrub::one_line(&f.to_string()))
                .collect();
            let log = super::report::sarif(&reports, &failed);
            let text = serde_json::to_string_pretty(&log).map_err(std::io::Error::other)?;
            out.write_all(super::safe::json_text(&text).as_bytes())?;
            writeln!(out)?;
        }
    }
    for f in &failures {
        // One line whatever the file's name holds: a name with a line break
        // cannot forge a CI annotation on standard error.
        let text = crate::core::scrub::one_line(&f.to_string());
        writeln!(err, "connedit: {text}")?;
        if args.format == Format::Github && !f.is_note() {
            writeln!(out, "{}", super::report::github_failure(&text))?;
        }
    }
    // Notes (a FIFO skipped, a symlink loop closed) do not fail the run.
    failures.retain(|f| !f.is_note());
    let Counts {
        files: n,
        errors,
        warnings,
    } = counts;
    if args.format == Format::Text {
        writeln!(
            err,
            "{n} file{} checked: {errors} error{}, {warnings} warning{}",
            if n == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        )?;
    }
    // Nothing checked is a failure, not a pass: a CI job pointed at the
    // wrong folder must not go green (issue 30).
    if n == 0 && failures.is_empty() {
        let shown: Vec<String> = args
            .paths
            .iter()
            .map(|p| crate::core::scrub::one_line(&p.display().to_string()))
            .collect();
        writeln!(
            err,
            "connedit: no document found in {}: nothing was checked",
            shown.join(", ")
        )?;
        return Ok(exit::FAILURE);
    }
    Ok(if !failures.is_empty() {
        exit::FAILURE
    } else if errors > 0 {
        exit::PROBLEMS
    } else {
        exit::OK
    })
}

/// One diagnostic as `file:line:col: severity[code] path: message`.
/// One problem as a line; values from the file (and its name) cannot
/// carry terminal controls onto the screen.
pub fn line(file: &str, d: &Diagnostic) -> String {
    let mut out = String::new();
    push_line(&mut out, file, d);
    out
}

/// [`line`], appended to `out` (validate writes a file's lines into one
/// buffer: no copy of each line).
fn push_line(out: &mut String, file: &str, d: &Diagnostic) {
    use std::fmt::Write as _;
    let start = out.len();
    // A line must never start with "::" (a file named "::stop-commands::x"
    // would be a GitHub workflow command): such a name is written "./::…".
    if file.starts_with(':') {
        out.push_str("./");
    }
    let _ = write!(
        out,
        "{file}:{}:{}: {}[{}] {}: {}",
        d.line.unwrap_or(1),
        d.column.unwrap_or(1),
        d.severity,
        d.code,
        d.display_path(),
        d.message
    );
    // Rewritten only when it holds a control character (rarely).
    if crate::core::scrub::any_needs_care(&out[start..]) {
        let safe = crate::core::scrub::one_line(&out[start..]);
        out.truncate(start);
        out.push_str(&safe);
    }
}

/// Files checked, and the errors and warnings found in them.
#[derive(Debug, Default)]
struct Counts {
    files: usize,
    errors: usize,
    warnings: usize,
}

impl Counts {
    /// One more file checked, with its counts.
    fn add(&mut self, t: Tally) {
        self.files += 1;
        self.errors += t.errors;
        self.warnings += t.warnings;
    }
}

/// Reads and checks one file: its report, or one per entry of a deploy-cli
/// YAML file (each at its YAML line and column).
fn check(
    path: &Path,
    kind: Option<Kind>,
    mappings: &Option<crate::core::document::Mappings>,
) -> Result<Vec<Report>, ReadError> {
    if files::is_yaml(path) {
        return check_yaml(path, mappings);
    }
    files::read_document_with(path, kind, mappings.clone()).map(|doc| {
        vec![Report {
            file: path.display().to_string(),
            kind: doc.kind().as_str(),
            diagnostics: doc.diagnostics(),
        }]
    })
}

/// A deploy-cli YAML file's entries, checked as documents of their kinds
/// (with mappings, after deploy-cli's replacement in the raw text).
fn check_yaml(
    path: &Path,
    mappings: &Option<crate::core::document::Mappings>,
) -> Result<Vec<Report>, ReadError> {
    let text =
        crate::io::read::regular_text(path, crate::io::read::MAX_DOCUMENT).map_err(|source| {
            ReadError::Io {
                path: path.display().to_string(),
                source,
            }
        })?;
    let text = match mappings {
        Some(m) => crate::core::placeholders::replace(&text, m),
        None => text,
    };
    let file = path.display().to_string();
    Ok(match crate::core::yaml::entries(&text) {
        // Nothing of connedit's (a misspelt section, a file of clients):
        // nothing checked is a failure, as for an empty folder.
        Ok(entries) if entries.is_empty() => {
            return Err(ReadError::Io {
                path: file,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "no connectionProfiles, connections or databases entry: nothing to check",
                ),
            });
        }
        Ok(entries) => entries
            .iter()
            .map(|e| Report {
                file: file.clone(),
                kind: e.kind.as_str(),
                diagnostics: e.diagnostics(),
            })
            .collect(),
        // SPEC §3 knows two kinds: a file that cannot be read is reported
        // as a broken JSON file without a hint is (a profile).
        Err(e) => vec![Report {
            file,
            kind: Kind::Profile.as_str(),
            diagnostics: vec![crate::core::yaml::error_diagnostic(&e)],
        }],
    })
}

/// Reads and checks every file once, on as many threads as there are cores;
/// results come back in the order of `paths`.
pub fn check_all(
    paths: &[PathBuf],
    kind: Option<Kind>,
    mappings: Option<crate::core::document::Mappings>,
) -> Vec<Result<Vec<Report>, ReadError>> {
    let mut all = Vec::with_capacity(paths.len());
    par_each(
        paths,
        |p| check(p, kind, &mappings),
        |r| {
            all.push(r);
            Ok(())
        },
    )
    .expect("collecting cannot fail");
    all
}

/// How many items a thread takes at a time: small enough that the threads
/// finish together (a thread the rest of the machine slows down takes fewer
/// batches, not half the files), large enough that handing them over costs
/// nothing beside checking them.
const BATCH: usize = 32;

/// `f` of each item on as many threads as the machine has (at most 8; one
/// for a short list), given to `sink` in the order of `items`: each result
/// as soon as every one before it is there, so the caller writes while the
/// threads go on. The threads take the next batch of items when they are
/// free. `sink`'s first error stops them (no further batch is started) and
/// is returned.
fn par_each<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if items.len() < 64 || threads == 1 {
        return items.iter().try_for_each(|item| sink(f(item)));
    }
    let next = AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel::<(usize, Vec<R>)>();
        for _ in 0..threads {
            let tx = tx.clone();
            s.spawn(move || {
                loop {
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    let start = b.saturating_mul(BATCH);
                    if start >= items.len() {
                        return;
                    }
                    let batch = &items[start..(start + BATCH).min(items.len())];
                    // The receiver is gone when the sink failed: stop.
                    if tx.send((b, batch.iter().map(f).collect())).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // Batches done before an earlier one wait here for it.
        let mut early: BTreeMap<usize, Vec<R>> = BTreeMap::new();
        let mut done = 0;
        // Ends when every thread has ended (a panicking one too: the scope
        // then panics in turn as it joins them).
        for (b, results) in rx {
            early.insert(b, results);
            while let Some(results) = early.remove(&done) {
                done += 1;
                results.into_iter().try_for_each(&mut sink)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_a_sink_error_stops_the_threads() {
        // Uneven work, so batches finish out of order.
        let items: Vec<usize> = (0..1000).collect();
        let slow = |i: &usize| {
            if i.is_multiple_of(97) {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            i * 2
        };
        let mut seen = Vec::new();
        par_each(&items, slow, |r| {
            seen.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());

        let mut taken = 0;
        let e = par_each(
            &items,
            |i| *i,
            |r| {
                taken += 1;
                if r == 100 {
                    return Err(std::io::Error::other("closed"));
                }
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "closed");
        // Nothing is given to the sink after its error.
        assert_eq!(taken, 101);
    }
}
