//! `connedit templates` and `connedit new`: starting points for documents.

use super::{KindArg, exit, remote};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

/// Lists the tenant's profile templates.
pub fn list(
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let client = match remote::client(tenant) {
        Ok(c) => c,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    match client.templates() {
        Ok(ts) => {
            let w = ts
                .iter()
                .filter_map(|t| t["id"].as_str())
                .map(str::len)
                .max()
                .unwrap_or(2);
            for t in &ts {
                writeln!(
                    out,
                    "{:<w$}  {}",
                    // The server's words, one line each (a newline in a
                    // name cannot forge another template's line).
                    crate::core::scrub::one_line(t["id"].as_str().unwrap_or("")),
                    crate::core::scrub::one_line(t["display_name"].as_str().unwrap_or(""))
                )?;
            }
            if ts.is_empty() {
                writeln!(
                    err,
                    "{} has no connection profile templates",
                    client.domain()
                )?;
            }
            Ok(exit::OK)
        }
        Err(e) => Ok(remote::report(err, &e)),
    }
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to start: a connection profile or a database connection
    pub kind: KindArg,
    /// Start from this tenant template (profiles; see `connedit templates`)
    #[arg(long)]
    pub template: Option<String>,
    /// Write here (never over an existing file) instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn new(
    args: &NewArgs,
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let value = match (&args.kind, &args.template) {
        (KindArg::Connection, Some(_)) => {
            writeln!(err, "connedit: templates exist for profiles only")?;
            return Ok(exit::FAILURE);
        }
        (KindArg::Profile, Some(id)) => {
            let client = match remote::client(tenant) {
                Ok(c) => c,
                Err(e) => return Ok(remote::report(err, &e)),
            };
            match client.template(id) {
                Ok(t) => t.get("template").cloned().unwrap_or(Value::Null),
                Err(e) => return Ok(remote::report(err, &e)),
            }
        }
        (kind, None) => crate::core::document::skeleton((*kind).into()),
    };
    match &args.output {
        None => {
            let text = super::safe::json_text(&crate::core::document::pretty(&value));
            out.write_all(text.as_bytes())?;
            Ok(exit::OK)
        }
        Some(p) if p.exists() => {
            writeln!(
                err,
                "connedit: {} exists; new never overwrites a file",
                p.display()
            )?;
            Ok(exit::FAILURE)
        }
        Some(p) => match remote::write_document(p, &value) {
            Ok(()) => {
                writeln!(err, "wrote {}", p.display())?;
                Ok(exit::OK)
            }
            Err(e) => {
                writeln!(err, "connedit: cannot write {}: {e}", p.display())?;
                Ok(exit::FAILURE)
            }
        },
    }
}
