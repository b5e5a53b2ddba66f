//! `connedit fmt`: rewrites files in the canonical layout (2-space indent,
//! `": "`, a final newline), for teams who want one layout. Saving from the
//! editor never does this: it keeps each file's own layout.

use super::exit;
use crate::core::{Code, Document};
use crate::io::{files, save};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Change nothing; exit 1 when a file is not in the canonical layout
    #[arg(long)]
    pub check: bool,
    /// Files, or directories to search for *.json
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

/// What became of one file.
enum Done {
    Already,
    Formatted,
    WouldFormat,
    /// Left as it is, and why (with its place).
    Refused(String),
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let (paths, failures) = files::expand_paths(&args.paths);
    let mut code = exit::OK;
    for f in &failures {
        if f.is_note() {
            writeln!(err, "connedit: note: {f}")?;
        } else {
            writeln!(err, "connedit: {f}")?;
            code = exit::FAILURE;
        }
    }
    for path in &paths {
        match format(path, args.check) {
            Ok(Done::Already) => {}
            Ok(Done::Formatted) => writeln!(out, "formatted {}", path.display())?,
            Ok(Done::WouldFormat) => {
                writeln!(out, "{}: not in the canonical layout", path.display())?;
                code = code.max(exit::PROBLEMS);
            }
            Ok(Done::Refused(why)) => {
                writeln!(err, "{why}")?;
                code = code.max(exit::PROBLEMS);
            }
            Err(e) => {
                writeln!(err, "connedit: {e}")?;
                code = exit::FAILURE;
            }
        }
    }
    Ok(code)
}

fn format(path: &Path, check: bool) -> Result<Done, String> {
    let shown = path.display();
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(format!("{shown} is not a regular file"));
    }
    let bytes = crate::io::read::regular(path, crate::io::read::MAX_DOCUMENT)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    let doc = Document::parse_bytes(&bytes, None);
    // Not JSON, or a key written twice (the canonical text would keep only
    // the later value): the file is left as it is.
    let blocking = doc
        .diagnostics()
        .into_iter()
        .find(|d| matches!(d.code, Code::JsonSyntax | Code::Duplicate));
    if let Some(d) = blocking {
        return Ok(Done::Refused(format!(
            "{shown}:{}:{}: {} (left as it is)",
            d.line.unwrap_or(1),
            d.column.unwrap_or(1),
            d.message
        )));
    }
    let mut text = String::new();
    if doc.had_bom() {
        text.push('\u{feff}');
    }
    text += &doc.to_pretty().expect("checked to be JSON");
    if text.as_bytes() == bytes {
        return Ok(Done::Already);
    }
    if check {
        return Ok(Done::WouldFormat);
    }
    save::save(path, text.as_bytes(), Some(&bytes), false).map_err(|e| e.to_string())?;
    Ok(Done::Formatted)
}
