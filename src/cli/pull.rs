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
    /// Every connection, in deploy-cli's layout: DIR/database-connections/<name>/database.json
    /// (scripts in .js files beside it) and DIR/connections/<name>.json
    #[command(after_help = super::manual::EXIT_REMOTE)]
    Connections {
        /// The deploy-cli tree to write into (made if missing)
        dir: PathBuf,
        #[command(flatten)]
        pick: Pick,
        /// Update existing files that differ from the tenant (only the values that differ are rewritten)
        #[arg(long)]
        force: bool,
    },
    /// Every connection profile and connection, in deploy-cli's layout
    #[command(after_help = super::manual::EXIT_REMOTE)]
    All {
        /// The deploy-cli tree to write into (made if missing)
        dir: PathBuf,
        #[command(flatten)]
        pick: Pick,
        /// Update existing files that differ from the tenant (only the values that differ are rewritten)
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

/// Which connections a tree pull takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Pick {
    /// Only connections of this strategy (repeat for more)
    #[arg(long = "strategy", value_name = "S", value_parser = super::strategy_parser(), hide_possible_values = true)]
    pub strategies: Vec<String>,
    /// Only the connection with this name (repeat for more)
    #[arg(long = "include", value_name = "NAME")]
    pub include: Vec<String>,
    /// Never the connection with this name (repeat for more; wins over --include)
    #[arg(long = "exclude", value_name = "NAME")]
    pub exclude: Vec<String>,
    /// deploy-cli's config file: its AUTH0_INCLUDED_CONNECTIONS and AUTH0_EXCLUDED_CONNECTIONS add to the lists
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Leave enabled_clients out (saves one request per connection; a push then leaves the applications alone)
    #[arg(long)]
    pub no_apps: bool,
    /// deploy-cli keyword mappings (JSON), to compare existing files that hold placeholders; default: $AUTH0_KEYWORD_REPLACE_MAPPINGS
    #[arg(long, value_name = "FILE")]
    pub mappings: Option<PathBuf>,
}

impl Pick {
    /// The include and exclude lists, with those of the deploy-cli config.
    pub fn lists(&self) -> Result<(Vec<String>, Vec<String>), String> {
        let mut include = self.include.clone();
        let mut exclude = self.exclude.clone();
        if let Some(path) = &self.config {
            let text = crate::io::read::regular_text(path, crate::io::read::MAX_SMALL)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let config: Value = serde_json::from_str(&text)
                .map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
            for (key, list) in [
                ("AUTH0_INCLUDED_CONNECTIONS", &mut include),
                ("AUTH0_EXCLUDED_CONNECTIONS", &mut exclude),
            ] {
                match config.get(key) {
                    None | Some(Value::Null) => {}
                    Some(Value::Array(names)) => {
                        for n in names {
                            match n.as_str() {
                                Some(n) => list.push(n.to_string()),
                                None => {
                                    return Err(format!(
                                        "{}: {key} must list connection names",
                                        path.display()
                                    ));
                                }
                            }
                        }
                    }
                    Some(_) => {
                        return Err(format!(
                            "{}: {key} must be a list of connection names",
                            path.display()
                        ));
                    }
                }
            }
        }
        Ok((include, exclude))
    }
}

/// Whether a connection named `name` is in the lists.
pub fn picked(name: &str, include: &[String], exclude: &[String]) -> bool {
    (include.is_empty() || include.iter().any(|i| i == name)) && !exclude.iter().any(|e| e == name)
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
            let mappings = match files::mappings(None) {
                Ok(m) => m,
                Err(e) => {
                    writeln!(err, "connedit: {e}")?;
                    return Ok(exit::FAILURE);
                }
            };
            pull_profiles(&client, dir, *force, mappings, out, err)
        }
        What::Connections { dir, pick, force } => {
            pull_connections(&client, dir, pick, *force, out, err)
        }
        What::All { dir, pick, force } => {
            let mappings = match files::mappings(pick.mappings.as_deref()) {
                Ok(m) => m,
                Err(e) => {
                    writeln!(err, "connedit: {e}")?;
                    return Ok(exit::FAILURE);
                }
            };
            let a = pull_profiles(&client, dir, *force, mappings, out, err)?;
            let b = pull_connections(&client, dir, pick, *force, out, err)?;
            Ok(a.max(b))
        }
    }
}

/// `pull profiles DIR`: every profile as DIR/connection-profiles/<name>.json.
fn pull_profiles(
    client: &crate::io::api::Client,
    dir: &std::path::Path,
    force: bool,
    mappings: Option<crate::core::document::Mappings>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    use crate::core::Kind;
    let profiles = match client.list_profiles() {
        Ok(p) => p,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    let index = tree_index(dir, mappings.clone());
    let folder = dir.join("connection-profiles");
    let mut used: Vec<std::path::PathBuf> = index.values().cloned().collect();
    // One profile that cannot be written (a name too long for a file
    // name, a FIFO or someone else's file in its place) is named and
    // skipped; the others are still pulled.
    let mut skipped = 0;
    let mut tally = [0usize; 4];
    for p in &profiles {
        let name = p.get("name").and_then(Value::as_str).unwrap_or("profile");
        // The file that already holds it (by the name inside), else
        // deploy-cli's file name.
        let path = match index.get(&(Kind::Profile, name.to_string())) {
            Some(existing) => existing.clone(),
            None => {
                let mut file = folder.join(profile_file_name(name));
                if used.contains(&file) {
                    // Two names that map to one file name: keep both. The id
                    // is the server's word: made a safe file name like the name.
                    let id = p.get("id").and_then(Value::as_str).unwrap_or("");
                    let id = profile_file_name(id);
                    file = folder.join(format!(
                        "{}-{}",
                        profile_file_name(name).trim_end_matches(".json"),
                        id.trim_start_matches(['.', '-'])
                    ));
                }
                used.push(file.clone());
                file
            }
        };
        // deploy-cli keeps profiles without their id; the name identifies them.
        let mut body = p.clone();
        if let Some(m) = body.as_object_mut() {
            m.shift_remove("id");
        }
        match pull_one(
            dir,
            &path,
            body,
            Kind::Profile,
            true,
            mappings.clone(),
            force,
        ) {
            Ok((wrote, kept)) => {
                report_one(&path, wrote, &kept, out, err)?;
                if wrote != Wrote::Differs {
                    record_base(client, "profile", p);
                }
                tally[wrote as usize] += 1;
            }
            Err(why) => {
                writeln!(err, "connedit: {why} (skipped)")?;
                skipped += 1;
            }
        }
    }
    summary(client, "profile", tally, skipped, err)?;
    Ok(if skipped > 0 {
        exit::FAILURE
    } else if tally[Wrote::Differs as usize] > 0 {
        exit::PROBLEMS
    } else {
        exit::OK
    })
}

/// The documents a tree already has, by kind and the name inside them
/// (placeholders resolved where the mappings can): a pull updates the file
/// that holds an object, whatever its file name.
fn tree_index(
    dir: &std::path::Path,
    mappings: Option<crate::core::document::Mappings>,
) -> std::collections::HashMap<(crate::core::Kind, String), std::path::PathBuf> {
    let mut index = std::collections::HashMap::new();
    for path in files::tree_documents(dir) {
        let Ok(doc) = files::read_document_with(&path, None, mappings.clone()) else {
            continue;
        };
        let name = doc
            .resolved()
            .and_then(|d| d.value())
            .or(doc.value())
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(name) = name {
            index.entry((doc.kind(), name)).or_insert(path);
        }
    }
    index
}

/// One file of a tree pull, as the user reads it.
fn report_one(
    path: &std::path::Path,
    wrote: Wrote,
    kept: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    for k in kept {
        writeln!(
            err,
            "note: {}: {k} holds a placeholder the mappings do not resolve; kept as written",
            path.display()
        )?;
    }
    match wrote {
        Wrote::Differs => writeln!(
            err,
            "connedit: {} differs from the tenant's: pass --force to update it (only the values that differ are rewritten)",
            path.display()
        ),
        Wrote::Unchanged => writeln!(out, "{} (unchanged)", path.display()),
        _ => writeln!(out, "{}", path.display()),
    }
}

/// The last line of a tree pull.
fn summary(
    client: &crate::io::api::Client,
    what: &str,
    [new, updated, unchanged, differs]: [usize; 4],
    skipped: usize,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let n = new + updated + unchanged;
    writeln!(
        err,
        "pulled {n} {what}{} from {}: {new} new, {updated} updated, {unchanged} unchanged{}{}",
        if n == 1 { "" } else { "s" },
        client.domain(),
        if differs > 0 {
            format!(", {differs} differ (--force updates them)")
        } else {
            String::new()
        },
        if skipped > 0 {
            format!(", {skipped} skipped (above)")
        } else {
            String::new()
        }
    )
}

/// What happened to one file of a tree pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrote {
    New,
    Updated,
    Unchanged,
    /// Exists and differs; not written without --force.
    Differs,
}

/// `pull connections DIR`: every connection picked, in deploy-cli's layout
/// (SPEC §1.6, issue 29). An existing file is rewritten only where the
/// tenant differs (with --force), keeping its layout, placeholders, script
/// references and real secrets; a second pull of an unchanged tenant
/// changes no byte.
fn pull_connections(
    client: &crate::io::api::Client,
    dir: &std::path::Path,
    pick: &Pick,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    use crate::core::{apps, tree};
    let (include, exclude) = match pick.lists() {
        Ok(l) => l,
        Err(e) => {
            writeln!(err, "connedit: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    let mappings = match files::mappings(pick.mappings.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            writeln!(err, "connedit: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    // Every connection with its options, or nothing is written.
    let listed = match client.list_connections(&pick.strategies) {
        Ok(c) => c,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    let on_tenant: Vec<String> = listed
        .iter()
        .filter_map(|c| c.get("name").and_then(Value::as_str).map(str::to_string))
        .collect();
    let chosen: Vec<Value> = listed
        .into_iter()
        .filter(|c| {
            picked(
                c.get("name").and_then(Value::as_str).unwrap_or(""),
                &include,
                &exclude,
            )
        })
        .collect();
    // A named connection that does not exist is 1 (the one rule).
    let mut missing = 0;
    for name in include.iter().filter(|n| !on_tenant.contains(n)) {
        writeln!(
            err,
            "connedit: --include {name:?}: no such connection on {}",
            client.domain()
        )?;
        missing += 1;
    }
    let known = if pick.no_apps || chosen.is_empty() {
        None
    } else {
        match client.applications() {
            Ok(k) => Some(k),
            Err(e) => {
                writeln!(
                    err,
                    "note: enabled_clients left out of every file (a push will leave the applications alone): {e}"
                )?;
                None
            }
        }
    };
    let mut notes: Vec<String> = Vec::new();
    let index = tree_index(dir, mappings.clone());
    // Paths the tree's files already hold (whatever object is in them).
    let mut used: Vec<PathBuf> = index
        .values()
        .map(|p| p.strip_prefix(dir).unwrap_or(p).to_path_buf())
        .collect();
    let mut tally = [0usize; 4];
    let mut skipped = 0;
    for conn in chosen {
        let id = conn
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let mut conn = conn;
        let mut base = None;
        if let Some(known) = &known {
            match client.enabled_client_ids(&id) {
                Ok(ids) => {
                    conn[apps::KEY] = apps::names(&ids, known).into();
                    let mut b = conn.clone();
                    b[apps::KEY] = ids.into();
                    base = Some(b);
                }
                // Deleted since the listing: named and skipped, the rest pulled.
                Err(e) if e.status() == Some(404) => {
                    writeln!(
                        err,
                        "connedit: connection {} ({id}) no longer exists on {} (deleted during the pull) (skipped)",
                        crate::core::scrub::one_line(conn["name"].as_str().unwrap_or("?")),
                        client.domain()
                    )?;
                    skipped += 1;
                    continue;
                }
                Err(e) => return Ok(remote::report(err, &e)),
            }
        }
        // Without the applications read, the file keeps its own list: the
        // base keeps the old base's, so the next push still tells the
        // file's changes from a colleague's (from the review).
        let base = base.unwrap_or_else(|| {
            let mut b = conn.clone();
            if let Some(old) = crate::io::snapshots::Store::default_location()
                .and_then(|st| crate::io::bases::load(&st, client.domain(), "connection", &id))
                && let (Some(list), Some(m)) = (old.object.get(apps::KEY), b.as_object_mut())
            {
                m.insert(apps::KEY.into(), list.clone());
            }
            b
        });
        let (mut value, more) = clean_pulled_connection(conn);
        for n in more {
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
        if let Some(m) = value.as_object_mut() {
            m.shift_remove("id");
        }
        let name = value
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        // The file already holding it (by the name inside), else deploy-cli's
        // path, unless a file there holds another object, or another
        // connection of this pull took it: then the id is added (from the
        // review: two objects were written to one file).
        let rel = match index.get(&(crate::core::Kind::Connection, name)) {
            Some(existing) => existing.strip_prefix(dir).unwrap_or(existing).to_path_buf(),
            None => {
                let mut rel = tree::connection_path(&value);
                if used.contains(&rel) {
                    let name = format!(
                        "{}-{}",
                        value.get("name").and_then(Value::as_str).unwrap_or(""),
                        id
                    );
                    let mut renamed = value.clone();
                    renamed["name"] = name.into();
                    rel = tree::connection_path(&renamed);
                }
                rel
            }
        };
        used.push(rel.clone());
        let path = dir.join(&rel);
        match pull_one(
            dir,
            &path,
            value,
            crate::core::Kind::Connection,
            known.is_some(),
            mappings.clone(),
            force,
        ) {
            Ok((wrote, kept)) => {
                report_one(&path, wrote, &kept, out, err)?;
                if wrote != Wrote::Differs {
                    record_base(client, "connection", &base);
                }
                tally[wrote as usize] += 1;
            }
            Err(why) => {
                writeln!(err, "connedit: {why} (skipped)")?;
                skipped += 1;
            }
        }
    }
    for n in notes {
        writeln!(err, "note: {n}")?;
    }
    summary(client, "connection", tally, skipped, err)?;
    let differs = tally[Wrote::Differs as usize];
    // Skipped (unreadable, unwritable) is a failure; a file that differs
    // and was left alone, or a name not found, is 1 (SPEC §3).
    Ok(if skipped > 0 {
        exit::FAILURE
    } else if differs + missing > 0 {
        exit::PROBLEMS
    } else {
        exit::OK
    })
}

/// Writes one pulled connection (`value`: secrets as stand-ins, no id) to
/// `path`, and a database connection's scripts beside it. `with_apps`:
/// `value` has the tenant's `enabled_clients` (else the file's is kept).
/// Gives what happened and the places kept for their placeholders.
fn pull_one(
    root: &std::path::Path,
    path: &std::path::Path,
    mut value: Value,
    kind: crate::core::Kind,
    with_apps: bool,
    mappings: Option<crate::core::document::Mappings>,
    force: bool,
) -> Result<(Wrote, Vec<String>), String> {
    use crate::core::{Kind, document::Document, placeholders, tree};
    let shown = path.display();
    // Nothing written through a link out of the tree, even the user's own
    // (a cloned tree can carry one).
    files::stays_inside(root, path)?;
    let existing = match crate::io::read::regular_text(path, crate::io::read::MAX_DOCUMENT) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    };
    let doc = existing
        .as_deref()
        .map(|t| Document::parse_with(t, Some(kind), mappings.clone()));
    let raw = match &doc {
        None => None,
        Some(d) => match d.value() {
            Some(v) => Some(v.clone()),
            None => {
                return Err(format!(
                    "{shown} exists and is not a JSON document; connedit never overwrites it"
                ));
            }
        },
    };
    let resolved = doc
        .as_ref()
        .and_then(|d| d.resolved())
        .and_then(Document::value)
        .cloned()
        .or_else(|| raw.clone());
    let scripts = if kind == Kind::Connection && tree::is_database(&value) {
        tree::split_scripts(&mut value, raw.as_ref())
    } else {
        Vec::new()
    };
    if !with_apps
        && let (Some(r), Some(m)) = (&raw, value.as_object_mut())
        && let Some(a) = r.get(crate::core::apps::KEY)
    {
        m.insert(crate::core::apps::KEY.into(), a.clone());
    }
    let (new, kept) = match (&raw, &resolved) {
        (Some(r), Some(res)) => tree::refresh(r, res, &value),
        _ => (value.clone(), Vec::new()),
    };
    // The scripts: each file compared, written only when it differs.
    let folder = path.parent().unwrap_or(std::path::Path::new("."));
    let mut script_writes = Vec::new();
    for (rel, code) in &scripts {
        let sp = folder.join(rel);
        files::stays_inside(root, &sp)?;
        match crate::io::read::regular_text(&sp, crate::io::read::MAX_DOCUMENT) {
            Ok(t) => {
                // Compared as deploy-cli deploys it: its keywords replaced
                // (from the review: a script with placeholders was "changed"
                // on an unchanged tenant, and --force wrote the secret in).
                let deployed = match &mappings {
                    Some(m) => placeholders::replace(&t, m),
                    None => t.clone(),
                };
                if &deployed == code {
                    continue;
                }
                if placeholders::any_in(&t) {
                    return Err(format!(
                        "{} holds placeholders and differs from the tenant's script: update it by hand (connedit never writes resolved values over placeholders)",
                        sp.display()
                    ));
                }
                // An existing script is never overwritten without --force,
                // whether or not its database.json exists.
                if !force {
                    return Ok((Wrote::Differs, kept));
                }
                script_writes.push((sp, code));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => script_writes.push((sp, code)),
            Err(e) => return Err(format!("cannot read {}: {e}", sp.display())),
        }
    }
    let text = match (&existing, &raw) {
        (Some(_), Some(r)) if *r == new && script_writes.is_empty() => {
            return Ok((Wrote::Unchanged, kept));
        }
        (Some(_), Some(_)) if !force => return Ok((Wrote::Differs, kept)),
        (Some(t), Some(r)) => {
            let body = t.trim_start_matches('\u{feff}');
            let bom = &t[..t.len() - body.len()];
            match crate::core::json::parse(body) {
                Ok(parsed) => {
                    let bare: Vec<String> = parsed
                        .bare
                        .iter()
                        .filter(|p| new.pointer(p) == r.pointer(p))
                        .cloned()
                        .collect();
                    format!(
                        "{bom}{}",
                        crate::core::layout::rewrite(body, &parsed, &new, &bare)
                    )
                }
                Err(_) => crate::core::document::pretty(&new),
            }
        }
        _ => crate::core::document::pretty(&new),
    };
    for (sp, code) in script_writes {
        remote::write_text(&sp, code, &new)
            .map_err(|e| format!("cannot write {}: {e}", sp.display()))?;
    }
    if raw.as_ref() != Some(&new) {
        remote::write_text(path, &text, &new).map_err(|e| format!("cannot write {shown}: {e}"))?;
    }
    Ok((
        if existing.is_some() {
            Wrote::Updated
        } else {
            Wrote::New
        },
        kept,
    ))
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
