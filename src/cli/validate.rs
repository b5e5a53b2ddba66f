//! `connedit validate`: check files and directories, print diagnostics.

use super::{KindArg, exit};
use crate::core::{Diagnostic, Kind, Severity};
use crate::io::files::{self, ReadError};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

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
    /// Files, or directories to search for *.json
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
    let (paths, mut failures) = files::expand_paths(&args.paths);
    let kind = args.kind.map(Kind::from);
    let mappings = match files::mappings(args.mappings.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            writeln!(err, "connedit: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    let results = check_all(&paths, kind, mappings);
    let mut reports = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(rep) => reports.push(rep),
            Err(e) => failures.push(e),
        }
    }
    match args.format {
        Format::Json => {
            let text = serde_json::to_string(&reports).map_err(std::io::Error::other)?;
            out.write_all(super::safe::json_text(&text).as_bytes())?;
            writeln!(out)?;
        }
        Format::Text => {
            // Formatted on the checking threads' count, a thousand files at
            // a time: all at once held every line (75 MB on the typos
            // corpus against 42); on one thread it took a quarter of the run.
            for chunk in reports.chunks(1024) {
                let texts = par_map(chunk, |rep| {
                    let mut t = String::new();
                    for d in &rep.diagnostics {
                        t.push_str(&line(&rep.file, d));
                        t.push('\n');
                    }
                    t
                });
                for t in texts {
                    out.write_all(t.as_bytes())?;
                }
            }
        }
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
        Format::Github => {
            for rep in &reports {
                for d in &rep.diagnostics {
                    writeln!(out, "{}", super::report::github(&rep.file, d))?;
                }
            }
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
    let (mut errors, mut warnings) = (0, 0);
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => {}
        }
    }
    if args.format == Format::Text {
        let n = reports.len();
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
    if reports.is_empty() && failures.is_empty() {
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
    // A line must never start with "::" (a file named "::stop-commands::x"
    // would be a GitHub workflow command): such a name is written "./::…".
    let file = if file.starts_with(':') {
        format!("./{file}")
    } else {
        file.to_string()
    };
    crate::core::scrub::one_line(&format!(
        "{file}:{}:{}: {}[{}] {}: {}",
        d.line.unwrap_or(1),
        d.column.unwrap_or(1),
        d.severity,
        d.code,
        d.display_path(),
        d.message
    ))
}

/// Reads and checks every file once, on as many threads as there are cores;
/// results come back in the order of `paths`.
pub fn check_all(
    paths: &[PathBuf],
    kind: Option<Kind>,
    mappings: Option<crate::core::document::Mappings>,
) -> Vec<Result<Report, ReadError>> {
    par_map(paths, |p| {
        files::read_document_with(p, kind, mappings.clone()).map(|doc| Report {
            file: p.display().to_string(),
            kind: doc.kind().as_str(),
            diagnostics: doc.diagnostics(),
        })
    })
}

/// `f` of each item, in order, on as many threads as the machine has (at
/// most 8; one for a short list).
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if items.len() < 64 || threads == 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a checking thread panicked"))
            .collect()
    })
}
