//! `connedit history` and `connedit rollback`: the snapshots taken before
//! each write, and putting an object back as it was.

use super::confirm::{confirmed, select_for_write};
use super::push::print_plan;
use super::{exit, remote};
use crate::core::diff::{diff, render_block};
use crate::core::{Document, Kind};
use crate::io::api::Client;
use crate::io::api::push::{self, PushError, Target};
use crate::io::api::rollback;
use crate::io::snapshots::Store;
use serde_json::json;
use std::io::Write;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// A document (its id, or its name on the tenant) or an id (cop_…, con_…)
    #[arg(value_name = "FILE|ID")]
    pub target: String,
}

#[derive(Debug, clap::Args)]
pub struct RollbackArgs {
    /// A document (its id, or its name on the tenant) or an id (cop_…, con_…)
    #[arg(value_name = "FILE|ID")]
    pub target: String,
    /// The snapshot to go back to (its time, as history prints it); default: the newest
    #[arg(long, value_name = "TIMESTAMP")]
    pub to: Option<String>,
    /// Show what would change; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
    /// A protected tenant's name, typed back to allow the write
    #[arg(long, value_name = "NAME", value_hint = clap::ValueHint::Other)]
    pub confirm_tenant: Option<String>,
}

/// The object a FILE|ID names: its kind and id on the tenant. `Err` has
/// the exit code (the one rule: a named object missing is 1, a file that
/// cannot be read or a failed request 2) and the message.
fn resolve(target: &str, client: &Client) -> Result<(Kind, String), (u8, String)> {
    if !Path::new(target).is_file() {
        return match target {
            t if t.starts_with("cop_") => Ok((Kind::Profile, t.to_string())),
            t if t.starts_with("con_") => Ok((Kind::Connection, t.to_string())),
            t => Err((
                exit::FAILURE,
                format!("{t} is neither a file nor an id (cop_…, con_…)"),
            )),
        };
    }
    let bytes = crate::io::read::regular(Path::new(target), crate::io::read::MAX_DOCUMENT)
        .map_err(|e| (exit::FAILURE, format!("cannot read {target}: {e}")))?;
    let doc = Document::parse_bytes(&bytes, crate::io::files::kind_from_path(Path::new(target)));
    let v = doc
        .value()
        .ok_or_else(|| (exit::PROBLEMS, format!("{target} is not valid JSON")))?;
    let id = rollback::locate(client, doc.kind(), v).map_err(|e| {
        let code = match &e {
            crate::io::api::push::PushError::Api(a) => remote::exit_code(a),
            _ => exit::PROBLEMS,
        };
        (code, format!("{target}: {e}"))
    })?;
    Ok((doc.kind(), id))
}

/// The object a command is about, on the selected tenant, and its snapshots.
struct Located {
    client: Client,
    kind: Kind,
    id: String,
    store: Store,
}

fn locate(selected: &remote::Selected, target: &str, err: &mut dyn Write) -> Result<Located, u8> {
    let client = remote::client_for(selected.creds.clone());
    let (kind, id) = resolve(target, &client).map_err(|(code, m)| {
        let _ = writeln!(err, "connedit: {m}");
        code
    })?;
    let store = Store::required().map_err(|why| {
        let _ = writeln!(err, "connedit: {why}");
        exit::FAILURE
    })?;
    Ok(Located {
        client,
        kind,
        id,
        store,
    })
}

pub fn history(
    args: &HistoryArgs,
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> super::Outcome {
    let selected = match tenant.select() {
        Ok(s) => s,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    let Located {
        client,
        kind,
        id,
        store,
    } = locate(&selected, &args.target, err)?;
    let snaps = store.list(client.domain(), &id);
    if snaps.is_empty() {
        writeln!(
            out,
            "no snapshots of {} {id} on {}: connedit has not written it",
            kind.as_str(),
            client.domain()
        )?;
        return Ok(exit::OK);
    }
    writeln!(
        out,
        "{} {id} on {}, newest first:",
        kind.as_str(),
        client.domain()
    )?;
    for s in &snaps {
        if let Some(why) = &s.problem {
            writeln!(
                out,
                "{}  damaged  {why}",
                crate::io::snapshots::readable(&s.taken)
            )?;
            continue;
        }
        let changes = diff(s.before.as_ref().unwrap_or(&json!({})), &s.after);
        let what = if s.before.is_none() {
            "created".to_string()
        } else {
            format!(
                "{} change{}",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" }
            )
        };
        let correlation = s
            .correlation
            .as_deref()
            .map(|c| format!("  (X-Correlation-ID {})", crate::core::scrub::one_line(c)))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {:<8} {what}{correlation}  [--to {}]",
            crate::io::snapshots::readable(&s.taken),
            s.action,
            s.taken
        )?;
        if s.before.is_some() {
            for line in changes.iter().flat_map(render_block) {
                writeln!(out, "    {line}")?;
            }
        }
    }
    Ok(exit::OK)
}

pub fn rollback(
    args: &RollbackArgs,
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> super::Outcome {
    let (selected, confirm) = select_for_write(
        tenant,
        args.dry_run,
        args.yes,
        args.confirm_tenant.as_deref(),
        err,
    )?;
    let Located {
        client,
        kind,
        id,
        store,
    } = locate(&selected, &args.target, err)?;
    let rb = match rollback::plan(&client, &store, kind, &id, args.to.as_deref()) {
        Ok(rb) => rb,
        Err(PushError::NotFound(m)) => {
            writeln!(err, "connedit: {m}")?;
            return Ok(exit::PROBLEMS);
        }
        Err(PushError::Api(e)) => return Ok(remote::report(err, &e)),
        Err(e) => {
            writeln!(err, "connedit: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    let domain = client.domain();
    // Whole, through the pager when taller than the terminal, before the question.
    super::pager::print(out, !args.yes, |o| {
        if !rb.drift.is_empty() {
            writeln!(
                o,
                "note: {id} changed on {domain} since the write of {} (someone else pushed?):",
                crate::io::snapshots::readable(&rb.snapshot.taken)
            )?;
            for line in rb.drift.iter().flat_map(render_block) {
                writeln!(o, "    {line}")?;
            }
        }
        match &rb.plan {
            None => writeln!(
                o,
                "{domain}: {} {id} is already as it was before {}",
                kind.as_str(),
                crate::io::snapshots::readable(&rb.snapshot.taken)
            ),
            Some(plan) => {
                writeln!(o, "{domain}: {}", plan.label)?;
                print_plan(plan, o, "  ")
            }
        }
    })?;
    let Some(plan) = rb.plan else {
        return Ok(exit::OK);
    };
    if args.dry_run {
        writeln!(out, "dry run: nothing was sent")?;
        return Ok(exit::OK);
    }
    let deleting = matches!(plan.target, Target::DeleteProfile { .. });
    if !confirmed(&confirm, args.yes, plan.changes.len(), domain, out)? {
        writeln!(
            err,
            "connedit: {} (confirm at the prompt, or pass --yes)",
            if deleting {
                "not deleted: deleting needs an explicit confirmation"
            } else {
                "not rolled back"
            }
        )?;
        return Ok(exit::PROBLEMS);
    }
    // Snapshotted first, like any write, so the rollback can be undone.
    writeln!(err, "sending {}…", plan.label)?;
    let applied = {
        let _watch = super::inflight::watch(&format!("connedit history {}", args.target));
        push::apply(&client, &plan, &store)
    };
    match applied {
        Ok(outcome) => {
            let n = plan.changes.len();
            match (&plan.target, outcome.created_id) {
                (Target::DeleteProfile { .. }, _) => writeln!(out, "deleted {id}")?,
                (_, Some(new)) => writeln!(out, "created {new} (it was {id})")?,
                _ => writeln!(
                    out,
                    "rolled back {n} change{}",
                    if n == 1 { "" } else { "s" }
                )?,
            }
            Ok(exit::OK)
        }
        Err(PushError::Api(e)) => Ok(remote::report(err, &e)),
        // The one rule: a refusal, a missing object, or the tenant moved
        // since (stale) is 1; part applied keeps its cause's code.
        Err(
            e @ (PushError::Refused { .. }
            | PushError::NotFound(_)
            | PushError::Stale(_)
            | PushError::Conflict(_)),
        ) => {
            writeln!(err, "connedit: {e}")?;
            Ok(exit::PROBLEMS)
        }
        Err(PushError::Partly(m, code)) => {
            writeln!(err, "connedit: {m}")?;
            Ok(code)
        }
        Err(e) => {
            writeln!(err, "connedit: {e}")?;
            Ok(exit::FAILURE)
        }
    }
}
