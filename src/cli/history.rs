//! `connedit history` and `connedit rollback`: the snapshots taken before
//! each write, and putting an object back as it was.

use super::push::{confirmed, select_for_write};
use super::{exit, remote};
use crate::core::diff::{diff, render_line};
use crate::core::push::profile_patch_body;
use crate::core::{Document, Kind};
use crate::io::api::{ApiError, Client};
use crate::io::snapshots::{Snapshot, Store};
use serde_json::{Value, json};
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
    #[arg(long, value_name = "NAME")]
    pub confirm_tenant: Option<String>,
}

/// The object a FILE|ID names: its kind and id on the tenant.
fn resolve(target: &str, client: Option<&Client>) -> Result<(Kind, String), String> {
    if !Path::new(target).is_file() {
        return match target {
            t if t.starts_with("cop_") => Ok((Kind::Profile, t.to_string())),
            t if t.starts_with("con_") => Ok((Kind::Connection, t.to_string())),
            t => Err(format!("{t} is neither a file nor an id (cop_…, con_…)")),
        };
    }
    let bytes = std::fs::read(target).map_err(|e| format!("cannot read {target}: {e}"))?;
    let doc = Document::parse_bytes(&bytes, crate::io::files::kind_from_path(Path::new(target)));
    let v = doc
        .value()
        .ok_or_else(|| format!("{target} is not valid JSON"))?;
    if let Some(id) = v.get("id").and_then(Value::as_str) {
        return Ok((doc.kind(), id.to_string()));
    }
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{target} has neither id nor name"))?;
    let client = client.ok_or("a file without an id is found by name on the tenant")?;
    let found = match doc.kind() {
        Kind::Profile => client
            .list_profiles()
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|p| p["name"] == name),
        Kind::Connection => client.find_connection(name).map_err(|e| e.to_string())?,
    };
    let id = found
        .as_ref()
        .and_then(|o| o["id"].as_str())
        .ok_or_else(|| format!("no {} named {name:?} on the tenant", doc.kind().as_str()))?;
    Ok((doc.kind(), id.to_string()))
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
    let (kind, id) = resolve(target, Some(&client)).map_err(|m| {
        let _ = writeln!(err, "connedit: {m}");
        exit::FAILURE
    })?;
    let store = Store::default_location().ok_or_else(|| {
        let _ = writeln!(
            err,
            "connedit: no state directory: set XDG_STATE_HOME or HOME"
        );
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
) -> std::io::Result<u8> {
    let selected = match tenant.select() {
        Ok(s) => s,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    let Located {
        client,
        kind,
        id,
        store,
    } = match locate(&selected, &args.target, err) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
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
        writeln!(out, "{}  {:<8} {what}", s.taken, s.action)?;
        if s.before.is_some() {
            for c in &changes {
                writeln!(out, "    {}", render_line(c))?;
            }
        }
    }
    Ok(exit::OK)
}

fn current(client: &Client, kind: Kind, id: &str) -> Result<Value, ApiError> {
    match kind {
        Kind::Profile => client.get_profile(id),
        Kind::Connection => client.get_connection(id),
    }
}

pub fn rollback(
    args: &RollbackArgs,
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let (selected, confirm) = match select_for_write(
        tenant,
        args.dry_run,
        args.yes,
        args.confirm_tenant.as_deref(),
        err,
    ) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let Located {
        client,
        kind,
        id,
        store,
    } = match locate(&selected, &args.target, err) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let snaps = store.list(client.domain(), &id);
    let chosen: Option<&Snapshot> = match &args.to {
        Some(t) => snaps
            .iter()
            .find(|s| s.taken == *t || s.taken.starts_with(t.as_str())),
        None => snaps.first(),
    };
    let Some(snap) = chosen else {
        writeln!(
            err,
            "connedit: no snapshot of {id}{} on {}; see connedit history",
            args.to
                .as_ref()
                .map(|t| format!(" at {t}"))
                .unwrap_or_default(),
            client.domain()
        )?;
        return Ok(exit::PROBLEMS);
    };
    let now = match current(&client, kind, &id) {
        Ok(v) => v,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    let drift = diff(&snap.after, &now);
    if !drift.is_empty() {
        writeln!(
            out,
            "note: {id} changed on {} since the write of {} (someone else pushed?):",
            client.domain(),
            snap.taken
        )?;
        for c in &drift {
            writeln!(out, "    {}", render_line(c))?;
        }
    }
    let Some(before) = &snap.before else {
        // The write created the profile: rolling back deletes it.
        writeln!(
            out,
            "{}: delete connection profile {id}, which the push of {} created",
            client.domain(),
            snap.taken
        )?;
        if args.dry_run {
            writeln!(out, "dry run: nothing was sent")?;
            return Ok(exit::OK);
        }
        if !confirmed(&confirm, args.yes, 1, client.domain(), out)? {
            writeln!(
                err,
                "connedit: not deleted (deleting needs an explicit confirmation: answer y, or pass --yes)"
            )?;
            return Ok(exit::PROBLEMS);
        }
        if let Err(e) = store.save(
            client.domain(),
            "profile",
            &id,
            "rollback",
            Some(&now),
            &Value::Null,
        ) {
            writeln!(
                err,
                "connedit: cannot save the snapshot before deleting ({e}); nothing was sent"
            )?;
            return Ok(exit::FAILURE);
        }
        return match client.delete_profile(&id) {
            Ok(_) => {
                writeln!(out, "deleted {id}")?;
                Ok(exit::OK)
            }
            Err(e) => Ok(remote::report(err, &e)),
        };
    };
    let target = match kind {
        Kind::Profile => before.clone(),
        // The complete saved options: keys added since go, keys removed since come back.
        Kind::Connection => {
            let mut t = now.clone();
            t["options"] = before["options"].clone();
            t
        }
    };
    let changes = diff(&now, &target);
    if changes.is_empty() {
        writeln!(
            out,
            "{}: {} {id} is already as it was before {}",
            client.domain(),
            kind.as_str(),
            snap.taken
        )?;
        return Ok(exit::OK);
    }
    writeln!(
        out,
        "{}: roll {} {id} back to before {}",
        client.domain(),
        kind.as_str(),
        snap.taken
    )?;
    for c in &changes {
        writeln!(out, "  {}", render_line(c))?;
    }
    if args.dry_run {
        writeln!(out, "dry run: nothing was sent")?;
        return Ok(exit::OK);
    }
    if !confirmed(&confirm, args.yes, changes.len(), client.domain(), out)? {
        writeln!(
            err,
            "connedit: not rolled back (confirm at the prompt, or pass --yes)"
        )?;
        return Ok(exit::PROBLEMS);
    }
    // The rollback is a write like any other: snapshot first, so it can be undone.
    if let Err(e) = store.save(
        client.domain(),
        kind.as_str(),
        &id,
        "rollback",
        Some(&now),
        &target,
    ) {
        writeln!(
            err,
            "connedit: cannot save the snapshot before writing ({e}); nothing was sent"
        )?;
        return Ok(exit::FAILURE);
    }
    let sent = match kind {
        Kind::Profile => client.update_profile(&id, &profile_patch_body(&target, &now)),
        Kind::Connection => client.patch_connection_options(&id, &target["options"]),
    };
    match sent {
        Ok(_) => {
            writeln!(
                out,
                "rolled back {} change{}",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" }
            )?;
            Ok(exit::OK)
        }
        Err(e) => Ok(remote::report(err, &e)),
    }
}
