//! `connedit push` and `connedit diff`: local documents against the tenant.

use super::{exit, remote, validate};
use crate::core::diff::{ChangeKind, render_line};
use crate::core::{Document, Severity, push::with_id};
use crate::io::api::push::{self, Plan, PushError, Target};
use crate::io::files;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    pub file: PathBuf,
    /// Show what would change; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    pub file: PathBuf,
}

/// Reads a document; prints its problems. `None` when it cannot be read.
fn load(file: &std::path::Path, err: &mut dyn Write) -> std::io::Result<Option<(Document, usize)>> {
    let doc = match files::read_document(file, None) {
        Ok(d) => d,
        Err(e) => {
            writeln!(err, "connedit: {e}")?;
            return Ok(None);
        }
    };
    let name = file.display().to_string();
    let diags = doc.diagnostics();
    for d in diags.iter().filter(|d| d.severity != Severity::Info) {
        writeln!(err, "{}", validate::line(&name, d))?;
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Ok(Some((doc, errors)))
}

fn print_plan(plan: &Plan, domain: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let colour = remote::colour();
    let verb = match plan.target {
        Target::CreateProfile => "create",
        _ => "update",
    };
    writeln!(out, "{domain}: {verb} {}", plan.label)?;
    for c in &plan.changes {
        let line = render_line(c);
        if colour {
            let code = match c.kind {
                ChangeKind::Added => "32",
                ChangeKind::Removed => "31",
                ChangeKind::Changed => "33",
            };
            writeln!(out, "  \x1b[{code}m{line}\x1b[0m")?;
        } else {
            writeln!(out, "  {line}")?;
        }
    }
    for n in &plan.notes {
        writeln!(out, "  note: {n}")?;
    }
    for w in &plan.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    Ok(())
}

pub fn diff(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let Some((doc, _)) = load(&args.file, err)? else {
        return Ok(exit::FAILURE);
    };
    let Some(value) = doc.value() else {
        return Ok(exit::PROBLEMS);
    };
    let client = match remote::client() {
        Ok(c) => c,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    match push::plan(&client, doc.kind(), value) {
        Ok(plan) => {
            if plan.changes.is_empty() && plan.notes.is_empty() {
                writeln!(
                    out,
                    "{}: {} is the same as {}",
                    client.domain(),
                    plan.label,
                    args.file.display()
                )?;
            } else {
                print_plan(&plan, client.domain(), out)?;
            }
            Ok(exit::OK)
        }
        Err(e) => Ok(report_push_error(&e, &args.file, &doc, err)),
    }
}

pub fn push(args: &PushArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let Some((doc, errors)) = load(&args.file, err)? else {
        return Ok(exit::FAILURE);
    };
    if errors > 0 {
        writeln!(
            err,
            "connedit: push refused: {} has {errors} error{}; nothing was sent",
            args.file.display(),
            if errors == 1 { "" } else { "s" }
        )?;
        return Ok(exit::PROBLEMS);
    }
    let value = doc.value().expect("no errors: it parsed");
    let client = match remote::client() {
        Ok(c) => c,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    let plan = match push::plan(&client, doc.kind(), value) {
        Ok(p) => p,
        Err(e) => return Ok(report_push_error(&e, &args.file, &doc, err)),
    };
    if plan.changes.is_empty() && plan.notes.is_empty() {
        writeln!(
            out,
            "{}: {} already matches {}; nothing to push",
            client.domain(),
            plan.label,
            args.file.display()
        )?;
        return Ok(exit::OK);
    }
    print_plan(&plan, client.domain(), out)?;
    if args.dry_run {
        writeln!(out, "dry run: nothing was sent")?;
        return Ok(exit::OK);
    }
    if !args.yes && !confirm(&plan, client.domain(), out)? {
        writeln!(
            err,
            "connedit: not pushed (confirm at the prompt, or pass --yes)"
        )?;
        return Ok(exit::PROBLEMS);
    }
    match push::apply(&client, &plan) {
        Ok(outcome) => {
            if outcome.confirmed_by_reading_back {
                writeln!(
                    err,
                    "the answer was lost, but reading back shows the change applied"
                )?;
            }
            if let Some(id) = &outcome.created_id {
                // The created profile's id goes into the file, so the next push updates it.
                let updated = with_id(value, id);
                if let Err(e) = remote::write_document(&args.file, &updated) {
                    writeln!(
                        err,
                        "connedit: created {id}, but cannot write it into {}: {e}",
                        args.file.display()
                    )?;
                    return Ok(exit::FAILURE);
                }
                writeln!(
                    out,
                    "created {id}; its id is now in {}",
                    args.file.display()
                )?;
            } else {
                writeln!(
                    out,
                    "pushed {} change{} to {}",
                    plan.changes.len(),
                    if plan.changes.len() == 1 { "" } else { "s" },
                    client.domain()
                )?;
            }
            Ok(exit::OK)
        }
        Err(e) => Ok(report_push_error(&e, &args.file, &doc, err)),
    }
}

fn confirm(plan: &Plan, domain: &str, out: &mut dyn Write) -> std::io::Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    write!(
        out,
        "Apply {} change{} to {domain}? [y/N] ",
        plan.changes.len().max(1),
        if plan.changes.len() == 1 { "" } else { "s" }
    )?;
    out.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

/// Prints a push failure; Auth0's field problems in the `validate` form.
fn report_push_error(
    e: &PushError,
    file: &std::path::Path,
    doc: &Document,
    err: &mut dyn Write,
) -> u8 {
    match e {
        PushError::Api(api) => remote::report(err, api),
        PushError::Refused {
            message,
            diagnostics,
        } => {
            let name = file.display().to_string();
            for d in diagnostics {
                let mut d = d.clone();
                if let Some((l, c)) = doc.position_of(&d.path) {
                    (d.line, d.column) = (Some(l), Some(c));
                }
                let _ = writeln!(err, "{}", validate::line(&name, &d));
            }
            let _ = writeln!(err, "connedit: {message}");
            exit::PROBLEMS
        }
        PushError::NotFound(m) => {
            let _ = writeln!(err, "connedit: {m}");
            exit::PROBLEMS
        }
        PushError::Unknown(m) => {
            let _ = writeln!(err, "connedit: {m}");
            exit::FAILURE
        }
    }
}
