//! The write guard every command that writes to a tenant goes through
//! (push, rollback): a protected tenant needs its name, and a write is
//! confirmed at a prompt unless `--yes`.

use super::{exit, remote};
use std::io::{IsTerminal, Write};

/// How a write to the selected tenant is confirmed.
pub enum Confirm {
    /// Ask "[y/N]" unless --yes.
    Plain,
    /// A protected tenant: the name must be typed at the prompt.
    TypeName(String),
    /// A protected tenant whose name was given with --confirm-tenant.
    Confirmed,
}

/// The guard on protected tenants, checked before any request is sent.
/// `Err` carries the exit code (the reason is printed).
pub fn guard(
    selected: &remote::Selected,
    dry_run: bool,
    yes: bool,
    confirm_tenant: Option<&str>,
    err: &mut dyn Write,
) -> Result<Confirm, u8> {
    let (Some(name), true) = (&selected.name, selected.protected) else {
        return Ok(Confirm::Plain);
    };
    if dry_run {
        return Ok(Confirm::Plain);
    }
    match confirm_tenant {
        Some(c) if c == name => Ok(Confirm::Confirmed),
        Some(c) => {
            let _ = writeln!(
                err,
                "connedit: --confirm-tenant {c} does not match the tenant {name}; nothing was sent"
            );
            Err(exit::PROBLEMS)
        }
        None if !yes && std::io::stdin().is_terminal() => Ok(Confirm::TypeName(name.clone())),
        None => {
            let _ = writeln!(
                err,
                "connedit: {name} is a protected tenant: {} add --confirm-tenant {name} to write to it; nothing was sent",
                if yes {
                    "--yes alone is not enough:"
                } else {
                    "confirm it by name:"
                }
            );
            Err(exit::PROBLEMS)
        }
    }
}

/// The selected tenant and how a write to it is confirmed: the guard runs
/// before any request. `Err` carries the exit code (the reason is printed).
pub fn select_for_write(
    tenant: &remote::TenantArgs,
    dry_run: bool,
    yes: bool,
    confirm_tenant: Option<&str>,
    err: &mut dyn Write,
) -> Result<(remote::Selected, Confirm), u8> {
    let selected = tenant.select().map_err(|e| remote::report(err, &e))?;
    let confirm = guard(&selected, dry_run, yes, confirm_tenant, err)?;
    Ok((selected, confirm))
}

/// Whether the user confirmed the write: `--yes` (or, on a protected
/// tenant, `--confirm-tenant`), else a prompt on the terminal.
pub fn confirmed(
    how: &Confirm,
    yes: bool,
    changes: usize,
    domain: &str,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let prompt = match how {
        Confirm::Confirmed => return Ok(true),
        Confirm::Plain if yes => return Ok(true),
        _ if !std::io::stdin().is_terminal() => return Ok(false),
        Confirm::Plain => format!(
            "Apply {changes} change{} to {domain}? [y/N] ",
            if changes == 1 { "" } else { "s" }
        ),
        Confirm::TypeName(name) => {
            format!("{name} is protected. Type its name to apply {changes} change(s): ")
        }
    };
    write!(out, "{prompt}")?;
    out.flush()?;
    let mut answer = String::new();
    // A line, bounded: an answer is a word or a tenant's name.
    std::io::BufRead::read_line(
        &mut std::io::Read::take(std::io::stdin().lock(), 4096),
        &mut answer,
    )?;
    Ok(match how {
        Confirm::TypeName(name) => {
            let ok = answer.trim() == name;
            if !ok {
                // Said, not silent (issue 30): a typo is not a refusal.
                writeln!(out, "that is not {name}: nothing was sent")?;
            }
            ok
        }
        _ => matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"),
    })
}
