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
    /// What to start: a connection profile or a connection (a database one unless --strategy says)
    pub kind: KindArg,
    /// Start from this tenant template (profiles; see `connedit templates`)
    #[arg(long, conflicts_with = "strategy", value_name = "ID", value_hint = clap::ValueHint::Other)]
    pub template: Option<String>,
    /// A connection of this strategy (default auth0): its required options as `##…##` placeholders to fill in
    #[arg(long, value_name = "STRATEGY", value_parser = super::strategy_parser(), hide_possible_values = true)]
    pub strategy: Option<String>,
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
        (KindArg::Profile, None) if args.strategy.is_some() => {
            writeln!(
                err,
                "connedit: --strategy is for connections (connedit new connection --strategy S)"
            )?;
            return Ok(exit::FAILURE);
        }
        (KindArg::Connection, None) => {
            match crate::core::document::connection_skeleton(
                args.strategy.as_deref().unwrap_or("auth0"),
            ) {
                Ok(v) => v,
                Err(e) => {
                    writeln!(err, "connedit: {e}")?;
                    return Ok(exit::FAILURE);
                }
            }
        }
        (kind, None) => crate::core::document::skeleton((*kind).into()),
    };
    // What is left to fill in, said once (on standard error: standard
    // output is the document).
    let to_fill = placeholders("", &value);
    if !to_fill.is_empty() {
        let marked = to_fill.iter().any(|p| p != "/name");
        writeln!(
            err,
            "fill in before pushing: {}{}",
            to_fill.join(", "),
            if marked {
                " (a \"##…##\" value refuses the push until replaced, or mapped with --mappings)"
            } else {
                ""
            }
        )?;
    }
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

/// The pointers of a new document's values to fill in: `##…##`
/// placeholders, and an empty `name`.
fn placeholders(at: &str, v: &Value) -> Vec<String> {
    match v {
        Value::String(s) if s.starts_with("##") && s.ends_with("##") => vec![at.to_string()],
        Value::String(s) if s.is_empty() && at == "/name" => vec![at.to_string()],
        Value::Object(m) => m
            .iter()
            .flat_map(|(k, v)| placeholders(&crate::core::pointer::child(at, k), v))
            .collect(),
        _ => Vec::new(),
    }
}
