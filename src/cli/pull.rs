//! `connedit pull`: profiles and connections from the tenant into files.

use super::{exit, remote};
use crate::core::push::{clean_pulled_connection, profile_file_name};
use crate::io::files;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// One connection profile, by id (cop_…) or name
    #[command(after_help = super::manual::EXIT_REMOTE)]
    Profile {
        /// The profile's id (cop_…) or its name
        #[arg(value_name = "ID|NAME")]
        id: String,
        /// Write here instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Overwrite an existing JSON file
        #[arg(long)]
        force: bool,
    },
    /// Every connection profile, as DIR/connection-profiles/<name>.json (auth0-deploy-cli layout, without ids)
    #[command(after_help = super::manual::EXIT_REMOTE)]
    Profiles {
        /// The deploy-cli tree to write into (made if missing)
        dir: PathBuf,
        /// Overwrite existing JSON files that differ
        #[arg(long)]
        force: bool,
    },
    /// One connection, by id (con_…) or name
    #[command(after_help = super::manual::EXIT_REMOTE)]
    Connection {
        /// The connection's id (con_…) or its name
        #[arg(value_name = "ID|NAME")]
        id: String,
        /// Write here instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Overwrite an existing JSON file
        #[arg(long)]
        force: bool,
    },
}

pub fn run(
    what: &What,
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let client = match remote::client(tenant) {
        Ok(c) => c,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    match what {
        What::Profile { id, output, force } => {
            let found = if id.starts_with("cop_") {
                client.get_profile(id).map(Some)
            } else {
                client
                    .list_profiles()
                    .map(|ps| ps.into_iter().find(|p| p["name"] == id.as_str()))
            };
            match found {
                Ok(Some(p)) => {
                    let code = emit(&p, output.as_ref(), *force, out, err)?;
                    // The base belongs with a file: recorded only when one
                    // now holds what was pulled (not for standard output, not
                    // when the write was refused).
                    if code == exit::OK && output.is_some() {
                        record_base(&client, "profile", &p);
                    }
                    Ok(code)
                }
                Ok(None) => not_found("connection profile", id, &client, err),
                Err(e) => Ok(remote::report(err, &e)),
            }
        }
        What::Connection { id, output, force } => match if id.starts_with("con_") {
            client.get_connection(id).map(Some)
        } else {
            client.find_connection(id)
        } {
            Ok(None) => not_found("connection", id, &client, err),
            Ok(Some(mut c)) => {
                let (apps_note, enabled) = pulled_apps(&client, &mut c);
                if let Some(n) = apps_note {
                    writeln!(err, "note: {n}")?;
                }
                // The base holds the applications by id (names may change).
                let mut raw = c.clone();
                if let (Some(ids), Some(m)) = (enabled, raw.as_object_mut()) {
                    m.insert(crate::core::apps::KEY.into(), ids.into());
                }
                let (c, notes) = clean_pulled_connection(c);
                for n in notes {
                    writeln!(err, "note: {n}")?;
                }
                {
                    let code = emit(&c, output.as_ref(), *force, out, err)?;
                    if code == exit::OK && output.is_some() {
                        record_base(&client, "connection", &raw);
                    }
                    Ok(code)
                }
            }
            Err(e) => Ok(remote::report(err, &e)),
        },
        What::Profiles { dir, force } => {
            let profiles = match client.list_profiles() {
                Ok(p) => p,
                Err(e) => return Ok(remote::report(err, &e)),
            };
            let folder = dir.join("connection-profiles");
            let mut used: Vec<String> = Vec::new();
            // One profile that cannot be written (a name too long for a file
            // name, a FIFO or someone else's file in its place) is named and
            // skipped; the others are still pulled.
            let mut skipped = 0;
            for p in &profiles {
                let name = p.get("name").and_then(Value::as_str).unwrap_or("profile");
                let mut file = profile_file_name(name);
                if used.contains(&file) {
                    // Two names that map to one file name: keep both. The id is
                    // the server's word: made a safe file name like the name.
                    let id = p.get("id").and_then(Value::as_str).unwrap_or("");
                    let id = profile_file_name(id);
                    file = format!(
                        "{}-{}",
                        file.trim_end_matches(".json"),
                        id.trim_start_matches(['.', '-'])
                    );
                }
                used.push(file.clone());
                // deploy-cli keeps profiles without their id; the name identifies them.
                let mut body = p.clone();
                if let Some(m) = body.as_object_mut() {
                    m.remove("id");
                }
                let path = folder.join(&file);
                match files::check_output(&path, &body, *force) {
                    Ok(files::Output::Unchanged) => {
                        writeln!(out, "{} (unchanged)", path.display())?;
                        continue;
                    }
                    Ok(files::Output::Write) => {}
                    Err(why) => {
                        writeln!(err, "connedit: {why} (skipped)")?;
                        skipped += 1;
                        continue;
                    }
                }
                if let Err(e) = remote::write_document(&path, &body) {
                    writeln!(
                        err,
                        "connedit: cannot write {}: {e} (skipped)",
                        path.display()
                    )?;
                    skipped += 1;
                    continue;
                }
                writeln!(out, "{}", path.display())?;
            }
            writeln!(
                err,
                "pulled {} profile{} from {}{}",
                profiles.len() - skipped,
                if profiles.len() - skipped == 1 {
                    ""
                } else {
                    "s"
                },
                client.domain(),
                if skipped > 0 {
                    format!("; {skipped} skipped (above)")
                } else {
                    String::new()
                }
            )?;
            Ok(if skipped > 0 { exit::FAILURE } else { exit::OK })
        }
    }
}

/// Puts the applications enabled for a pulled connection into it, by name
/// (`GET /connections/{id}/clients`, names from `GET /clients`), and gives
/// their ids. When they cannot be read, the file has no `enabled_clients`
/// (a push then leaves the applications alone) and the note says why.
fn pulled_apps(
    client: &crate::io::api::Client,
    conn: &mut Value,
) -> (Option<String>, Option<Vec<String>>) {
    let id = conn
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    match crate::io::api::push::with_apps(client, &id, conn) {
        Ok((_, ids)) => (None, Some(ids)),
        Err(e) => {
            if let Some(m) = conn.as_object_mut() {
                m.shift_remove(crate::core::apps::KEY);
            }
            (
                Some(format!(
                    "enabled_clients left out (a push will leave the applications alone): {e}"
                )),
                None,
            )
        }
    }
}

/// Records what was pulled as the base of the next three-way push (SPEC
/// §1.5); a base that cannot be recorded only makes that push two-way.
fn record_base(client: &crate::io::api::Client, kind: &str, object: &Value) {
    if let Some(id) = object.get("id").and_then(Value::as_str)
        && let Some(store) = crate::io::snapshots::Store::default_location()
    {
        let _ = crate::io::bases::record(&store, client.domain(), kind, id, object);
    }
}

fn emit(
    v: &Value,
    output: Option<&PathBuf>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    match output {
        None => {
            // A pulled connection's secrets are already stand-ins.
            let text = super::safe::json_text(&crate::core::document::pretty(v));
            out.write_all(text.as_bytes())?;
            Ok(exit::OK)
        }
        Some(path) => match files::check_output(path, v, force) {
            Err(why) => {
                writeln!(err, "connedit: {why}")?;
                Ok(exit::FAILURE)
            }
            Ok(files::Output::Unchanged) => {
                writeln!(err, "{} already holds it; nothing written", path.display())?;
                Ok(exit::OK)
            }
            Ok(files::Output::Write) => write_pulled(path, v, err),
        },
    }
}

fn write_pulled(path: &std::path::Path, v: &Value, err: &mut dyn Write) -> std::io::Result<u8> {
    {
        match remote::write_document(path, v) {
            Ok(()) => {
                writeln!(err, "wrote {}", path.display())?;
                Ok(exit::OK)
            }
            Err(e) => {
                writeln!(err, "connedit: cannot write {}: {e}", path.display())?;
                Ok(exit::FAILURE)
            }
        }
    }
}

fn not_found(
    what: &str,
    name: &str,
    client: &crate::io::api::Client,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    writeln!(
        err,
        "connedit: no {what} with the id or name {name:?} on {}",
        client.domain()
    )?;
    Ok(super::exit::PROBLEMS)
}
