//! `connedit push` and `connedit diff`: local documents (a file, or a whole
//! auth0-deploy-cli tree) against the tenant.
//!
//! Long (about 610 lines): push and diff of a file and of a deploy-cli tree
//! share preparation, planning and reporting.

use super::confirm::{Confirm, confirmed, select_for_write};
use super::{exit, remote, validate};
use crate::core::diff::{ChangeKind, render_block};
use crate::core::document::Mappings;
use crate::core::{Document, Kind, Severity, push::with_id};
use crate::io::api::Client;
use crate::io::api::push::{self, Plan, PushError, Target};
use crate::io::files;
use crate::io::snapshots::Store;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// A document, or an auth0-deploy-cli tree
    #[arg(value_name = "FILE|DIR", required_unless_present = "plan")]
    pub file: Option<PathBuf>,
    /// Send exactly what `diff --plan-out` planned, only if no object changed on the tenant since
    #[arg(long, value_name = "PLAN", conflicts_with_all = ["file", "take_file", "take_tenant", "mappings"])]
    pub plan: Option<PathBuf>,
    /// Show what would change; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
    /// deploy-cli keyword mappings (JSON); default: $AUTH0_KEYWORD_REPLACE_MAPPINGS
    #[arg(long, value_name = "FILE")]
    pub mappings: Option<PathBuf>,
    /// A protected tenant's name, typed back to allow the write
    #[arg(long, value_name = "NAME", value_hint = clap::ValueHint::Other)]
    pub confirm_tenant: Option<String>,
    /// Where the file and the tenant both changed a value since the last pull or push: send the file's
    #[arg(long, conflicts_with = "take_tenant")]
    pub take_file: bool,
    /// Where the file and the tenant both changed a value since the last pull or push: keep the tenant's
    #[arg(long)]
    pub take_tenant: bool,
}

impl PushArgs {
    fn settle(&self) -> push::Settle {
        if self.take_file {
            push::Settle::File
        } else if self.take_tenant {
            push::Settle::Tenant
        } else {
            push::Settle::Stop
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// A document, or an auth0-deploy-cli tree (every document in it)
    #[arg(value_name = "FILE|DIR")]
    pub file: PathBuf,
    /// deploy-cli keyword mappings (JSON); default: $AUTH0_KEYWORD_REPLACE_MAPPINGS
    #[arg(long, value_name = "FILE")]
    pub mappings: Option<PathBuf>,
    /// Exit 1 when the tenant differs from the documents, 0 when it matches (a CI drift gate)
    #[arg(long)]
    pub exit_code: bool,
    /// text for people; json: per document its identity and each change
    #[arg(long, value_enum, default_value_t = super::compare::Format::Text)]
    pub format: super::compare::Format,
    /// Also write the plan: per document the tenant object's digest and the exact body, for `push --plan`
    #[arg(long, value_name = "PLAN")]
    pub plan_out: Option<PathBuf>,
    /// In a tree: a connection on the tenant with this name is not drift though the tree lacks it (repeat for more)
    #[arg(long = "exclude", value_name = "NAME")]
    pub exclude: Vec<String>,
    /// In a tree: only these connections count as drift when the tree lacks them (repeat for more)
    #[arg(long = "include", value_name = "NAME")]
    pub include: Vec<String>,
    /// deploy-cli's config file: its AUTH0_INCLUDED_CONNECTIONS and AUTH0_EXCLUDED_CONNECTIONS add to the lists
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// A document ready to push: what deploy-cli would deploy (placeholders
/// replaced, scripts read from the files beside a database.json).
struct Prepared {
    file: PathBuf,
    /// The entry's place in a deploy-cli YAML file (`/databases/0`).
    place: Option<String>,
    doc: Document,
    value: Value,
}

/// Loads and checks one document; `Err` carries why it cannot be pushed
/// (already printed).
fn prepare(
    file: &Path,
    mappings: Option<Mappings>,
    strict: bool,
    err: &mut dyn Write,
) -> Result<Prepared, u8> {
    let doc = files::read_document_with(file, None, mappings).map_err(|e| {
        let _ = writeln!(err, "connedit: {e}");
        exit::FAILURE
    })?;
    let name = file.display().to_string();
    let diags = doc.diagnostics();
    for d in diags.iter().filter(|d| d.severity != Severity::Info) {
        let _ = writeln!(err, "{}", validate::line(&name, d));
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if strict && errors > 0 {
        let _ = writeln!(
            err,
            "connedit: {name} has {errors} error{}; it cannot be pushed",
            if errors == 1 { "" } else { "s" }
        );
        return Err(exit::PROBLEMS);
    }
    let mut value = files::deployable(&doc, Some(file)).map_err(|e| {
        let _ = writeln!(err, "connedit: {name}: {e}");
        exit::PROBLEMS
    })?;
    // A deploy-cli database.json is an auth0 connection without saying so:
    // a create needs the strategy (an update never sends it).
    if let (Some(s), Some(m)) = (doc.strategy_hint(), value.as_object_mut()) {
        m.entry("strategy").or_insert(s.into());
    }
    Ok(Prepared {
        file: file.to_path_buf(),
        place: None,
        doc,
        value,
    })
}

/// A deploy-cli YAML file's entries, each as a document ready to compare:
/// its label (`tenant.yaml /databases/0`) and the document, or why it
/// cannot be (printed, with the YAML line and column).
#[allow(clippy::type_complexity)]
fn yaml_entries(
    file: &Path,
    mappings: Option<&Mappings>,
    err: &mut dyn Write,
) -> Result<Vec<(PathBuf, Result<Prepared, u8>)>, u8> {
    let name = file.display().to_string();
    let text = crate::io::read::regular_text(file, crate::io::read::MAX_DOCUMENT).map_err(|e| {
        let _ = writeln!(err, "connedit: {name}: cannot read: {e}");
        exit::FAILURE
    })?;
    // deploy-cli replaces placeholders in the raw text, before parsing.
    let text = match mappings {
        Some(m) => crate::core::placeholders::replace(&text, m),
        None => text,
    };
    let entries = crate::core::yaml::entries(&text).map_err(|e| {
        let d = crate::core::yaml::error_diagnostic(&e);
        let _ = writeln!(err, "{}", validate::line(&name, &d));
        exit::PROBLEMS
    })?;
    if entries.is_empty() {
        let _ = writeln!(
            err,
            "connedit: {name}: no connectionProfiles, connections or databases entry: nothing to compare"
        );
        return Err(exit::FAILURE);
    }
    Ok(entries
        .into_iter()
        .map(|e| {
            let label = PathBuf::from(format!("{name} {}", e.pointer()));
            let diags = e.diagnostics();
            for d in diags.iter().filter(|d| d.severity != Severity::Info) {
                let _ = writeln!(err, "{}", validate::line(&name, d));
            }
            let mut doc = Document::parse(&crate::core::document::pretty(&e.value), Some(e.kind));
            if let Some(h) = e.strategy_hint {
                doc = doc.with_strategy_hint(h);
            }
            // Scripts are paths relative to the YAML file, as deploy-cli reads them.
            let prepared = files::deployable(&doc, Some(file))
                .map_err(|why| {
                    let _ = writeln!(err, "connedit: {}: {why}", label.display());
                    exit::PROBLEMS
                })
                .map(|mut value| {
                    if let (Some(s), Some(m)) = (e.strategy_hint, value.as_object_mut()) {
                        m.entry("strategy").or_insert(s.into());
                    }
                    Prepared {
                        file: file.to_path_buf(),
                        place: Some(e.pointer()),
                        doc,
                        value,
                    }
                });
            (label, prepared)
        })
        .collect())
}

pub(super) fn print_plan(plan: &Plan, out: &mut dyn Write, indent: &str) -> std::io::Result<()> {
    let colour = remote::colour();
    // Each change whole (issue 30: nothing cut where a question follows):
    // an object or a list pretty-printed below its path, a script as a
    // line diff.
    for c in &plan.changes {
        let mut lines = render_block(c);
        if plan.overwrites(c)
            && let Some(first) = lines.first_mut()
        {
            first.push_str(push::OVERWRITES);
        }
        for line in lines {
            // A script's context lines and hunk headers stay uncoloured.
            let code = match line.chars().next() {
                Some('+') => Some("32"),
                Some('-') => Some("31"),
                Some('~') => Some("33"),
                _ => None,
            };
            if let (true, Some(code)) = (colour, code) {
                writeln!(out, "{indent}\x1b[{code}m{line}\x1b[0m")?;
            } else {
                writeln!(out, "{indent}{line}")?;
            }
        }
    }
    for k in &plan.kept {
        writeln!(out, "{indent}kept: {k}")?;
    }
    if let n @ 1.. = plan.overwritten() {
        writeln!(out, "{indent}note: {}", push::no_base_note(n))?;
    }
    for n in &plan.notes {
        writeln!(out, "{indent}note: {n}")?;
    }
    for w in &plan.warnings {
        writeln!(out, "{indent}warning: {w}")?;
    }
    Ok(())
}

fn unchanged(plan: &Plan) -> bool {
    plan.changes.is_empty() && plan.notes.is_empty()
}

fn verb(plan: &Plan) -> &'static str {
    match plan.target {
        _ if unchanged(plan) => "unchanged",
        Target::CreateProfile | Target::CreateConnection => "create",
        _ => "update",
    }
}

fn mappings_or_exit(arg: Option<&Path>, err: &mut dyn Write) -> Result<Option<Mappings>, u8> {
    files::mappings(arg).map_err(|e| {
        let _ = writeln!(err, "connedit: {e}");
        exit::FAILURE
    })
}

pub fn diff(
    args: &DiffArgs,
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> super::Outcome {
    let json = args.format == super::compare::Format::Json;
    let mappings = mappings_or_exit(args.mappings.as_deref(), err)?;
    let tree = args.file.is_dir();
    // A deploy-cli YAML file: each entry is compared as a document of its
    // own, named by its place in the file (issue 31).
    let yaml = !tree && files::is_yaml(&args.file);
    if yaml && args.plan_out.is_some() {
        writeln!(
            err,
            "connedit: --plan-out is not built for YAML files yet: nothing written"
        )?;
        return Ok(exit::FAILURE);
    }
    let mut entries = if yaml {
        match yaml_entries(&args.file, mappings.as_ref(), err) {
            Ok(e) => e,
            Err(code) => return Ok(code),
        }
    } else {
        Vec::new()
    };
    let files = if tree {
        files::tree_documents(&args.file)
    } else if yaml {
        entries.iter().map(|(label, _)| label.clone()).collect()
    } else {
        vec![args.file.clone()]
    };
    // An old plan at that place never survives a diff that writes none: it
    // would be pushed as if it were this one (from the review).
    if let Some(path) = &args.plan_out
        && let Err(e) = std::fs::remove_file(path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        writeln!(err, "connedit: cannot replace {}: {e}", path.display())?;
        return Ok(exit::FAILURE);
    }
    let client = match remote::client(tenant) {
        Ok(c) => c,
        Err(e) => return Ok(remote::report(err, &e)),
    };
    // A tree's connections are listed once, not searched one by one.
    if tree
        && (args.file.join("database-connections").is_dir()
            || args.file.join("connections").is_dir())
    {
        client.prefetch_connections();
    }
    let mut profiles = None;
    let mut code = exit::OK;
    let mut differs = false;
    let mut documents = Vec::new();
    let mut names_in_tree = Vec::new();
    // For --plan-out: each changed document's entry, or why it cannot be.
    let mut planned: Vec<Value> = Vec::new();
    let mut unplannable: Vec<String> = Vec::new();
    for f in &files {
        // A profile of the tree is in the tree even when it cannot be
        // diffed (errors, a placeholder without its mapping).
        if let Ok(doc) = files::read_document_with(f, None, mappings.clone())
            && let Some(n) = doc
                .resolved()
                .and_then(|d| d.value())
                .or(doc.value())
                .and_then(|v| v.get("name"))
                .and_then(Value::as_str)
        {
            names_in_tree.push((doc.kind(), n.to_string()));
        }
        let prepared = if yaml {
            let (_, p) = entries.remove(0);
            p
        } else {
            prepare(f, mappings.clone(), false, err)
        };
        let p = match prepared {
            Ok(p) => p,
            Err(c) => {
                code = code.max(c);
                let why = if c == exit::FAILURE {
                    "cannot be read (see standard error)"
                } else {
                    "has errors, so it cannot be compared (see standard error)"
                };
                documents.push(serde_json::json!({"file": f.display().to_string(), "error": why}));
                continue;
            }
        };
        // A YAML file, like a tree, names profiles without ids: matched by name.
        match plan_for(&client, &p, tree || yaml, &mut profiles, push::Settle::Stop) {
            Ok(plan) => {
                // Kept tenant changes are drift too: the tenant no longer
                // matches the document there.
                differs |= !unchanged(&plan) || !plan.kept.is_empty();
                if args.plan_out.is_some() && !unchanged(&plan) {
                    match crate::io::api::plans::entry(&f.display().to_string(), &plan) {
                        Ok(e) => planned.push(e),
                        Err(why) => unplannable.push(why),
                    }
                }
                if json {
                    documents.push(plan_json(f, &plan));
                } else if unchanged(&plan) && plan.kept.is_empty() {
                    writeln!(
                        out,
                        "{}: {} is the same as {}",
                        client.domain(),
                        plan.label,
                        f.display()
                    )?;
                } else if unchanged(&plan) {
                    // Nothing to send, but the tenant moved on since the base.
                    writeln!(
                        out,
                        "{}: {} differs from {} only where the tenant changed since the last pull or push (a push keeps it):",
                        client.domain(),
                        plan.label,
                        f.display()
                    )?;
                    print_plan(&plan, out, "  ")?;
                } else {
                    writeln!(out, "{}: {} {}", client.domain(), verb(&plan), plan.label)?;
                    print_plan(&plan, out, "  ")?;
                }
            }
            Err(e) => {
                // An object the file names that the tenant does not have is
                // drift too: what the gate is for.
                let missing = matches!(e, PushError::NotFound(_));
                differs |= missing;
                code = code.max(report_push_error(&e, f, &p.doc, err));
                let mut entry = serde_json::json!({"file": f.display().to_string(), "error": crate::core::scrub::one_line(&e.to_string())});
                if missing {
                    entry["action"] = "missing".into();
                }
                documents.push(entry);
            }
        }
    }
    // What the tenant has that the tree does not: listed, never deleted;
    // only for the kinds the tree keeps (a tree of profiles says nothing
    // about connections), and connections within the include/exclude lists.
    let mut only_on_tenant = Vec::new();
    let keeps = |d: &str| args.file.join(d).is_dir();
    // The lists only pick a tree's connections: a single file's diff never
    // reads deploy-cli's config (`--config` is also the global tenants
    // file's option, whose TOML is not that JSON).
    let (include, exclude) = if tree {
        super::pull::Pick {
            include: args.include.clone(),
            exclude: args.exclude.clone(),
            config: args.config.clone(),
            ..Default::default()
        }
        .lists()
        .map_err(|e| {
            let _ = writeln!(err, "connedit: {e}");
            exit::FAILURE
        })?
    } else {
        (Vec::new(), Vec::new())
    };
    if tree && keeps("connection-profiles") {
        let listed = match profiles.take() {
            Some(ps) => Ok(ps),
            None => client.list_profiles(),
        };
        let in_tree =
            |kind: Kind, name: &str| names_in_tree.iter().any(|(k, n)| *k == kind && n == name);
        match listed {
            Ok(ps) => {
                for p in ps {
                    let name = p.get("name").and_then(Value::as_str).unwrap_or("");
                    if !in_tree(Kind::Profile, name) {
                        only_on_tenant.push(serde_json::json!({
                            "kind": "profile",
                            "id": p.get("id").cloned().unwrap_or(Value::Null),
                            "name": name,
                        }));
                    }
                }
            }
            // A tenant without Connection Profiles still has connections.
            Err(e) if e.status() == Some(403) && profiles_not_enabled(&e) => {}
            Err(e) => code = code.max(remote::report(err, &e)),
        }
    }
    if tree && (keeps("database-connections") || keeps("connections")) {
        let in_tree = |name: &str| {
            names_in_tree
                .iter()
                .any(|(k, n)| *k == Kind::Connection && n == name)
        };
        match client
            .prefetched_connections()
            .map(Ok)
            .unwrap_or_else(|| client.connection_names())
        {
            Ok(cs) => {
                for c in cs {
                    let name = c.get("name").and_then(Value::as_str).unwrap_or("");
                    if !in_tree(name) && super::pull::picked(name, &include, &exclude) {
                        only_on_tenant.push(serde_json::json!({
                            "kind": "connection",
                            "id": c.get("id").cloned().unwrap_or(Value::Null),
                            "name": name,
                            "strategy": c.get("strategy").cloned().unwrap_or(Value::Null),
                        }));
                    }
                }
            }
            Err(e) => code = code.max(remote::report(err, &e)),
        }
    }
    // Listed, as information: the tree's documents decide the exit code
    // (the README's contract: what deploy-cli would not delete either).
    {
        if !json {
            for o in &only_on_tenant {
                let what = if o["kind"] == "profile" {
                    "connection profile".to_string()
                } else {
                    format!("{} connection", o["strategy"].as_str().unwrap_or("?"))
                };
                writeln!(
                    out,
                    "{}: {} {} ({}) is only on the tenant (not in the tree; never deleted)",
                    client.domain(),
                    crate::core::scrub::one_line(&what),
                    crate::core::scrub::one_line(o["name"].as_str().unwrap_or("")),
                    crate::core::scrub::one_line(o["id"].as_str().unwrap_or("?")),
                )?;
            }
        }
    }
    if let Some(path) = &args.plan_out {
        // A plan of part of the documents would push part of a change.
        if code != exit::OK || !unplannable.is_empty() {
            for why in &unplannable {
                writeln!(err, "connedit: {why}")?;
            }
            writeln!(
                err,
                "connedit: no plan written to {}: every document must be compared (see above)",
                path.display()
            )?;
            // Not 1, which --exit-code gives to "differs": no plan is a failure.
            code = exit::FAILURE;
        } else {
            let n = planned.len();
            let plan = crate::io::api::plans::file(client.domain(), planned);
            let text = crate::core::document::pretty(&plan);
            match crate::io::save::no_planted_links(path).and_then(|()| {
                let target = crate::io::save::write_target(path)?;
                crate::io::save::write_atomic(&target, text.as_bytes(), None)
            }) {
                Ok(()) => writeln!(
                    err,
                    "wrote the plan ({n} document{} to change) to {}: push it with connedit push --plan {}",
                    if n == 1 { "" } else { "s" },
                    path.display(),
                    path.display()
                )?,
                Err(e) => {
                    writeln!(err, "connedit: cannot write {}: {e}", path.display())?;
                    code = exit::FAILURE;
                }
            }
        }
    }
    if json {
        let report = serde_json::json!({
            "tenant": client.domain(),
            "differs": differs,
            "documents": documents,
            "only_on_tenant": only_on_tenant,
        });
        let text = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
        out.write_all(super::safe::json_text(&text).as_bytes())?;
        writeln!(out)?;
    }
    Ok(if code == exit::FAILURE {
        code
    } else if args.exit_code && differs {
        exit::PROBLEMS
    } else {
        code
    })
}

/// One document's plan as `diff --format json` prints it: its identity and
/// each change (secrets masked, as on the screen).
fn plan_json(file: &Path, plan: &Plan) -> Value {
    let (target, id) = match &plan.target {
        Target::CreateProfile | Target::CreateConnection => ("create", None),
        Target::UpdateProfile { id } | Target::Connection { id } | Target::DeleteProfile { id } => {
            (
                if unchanged(plan) {
                    "unchanged"
                } else {
                    "update"
                },
                Some(id.clone()),
            )
        }
    };
    let kind = match plan.target {
        Target::Connection { .. } | Target::CreateConnection => "connection",
        _ => "profile",
    };
    let masked = |path: &str, v: &Option<Value>| {
        v.as_ref()
            .map_or(Value::Null, |v| crate::core::fields::masked(path, v))
    };
    let changes: Vec<Value> = plan
        .changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "path": c.path,
                "kind": match c.kind {
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                    ChangeKind::Changed => "changed",
                },
                "before": masked(&c.path, &c.old),
                "after": masked(&c.path, &c.new),
            })
        })
        .collect();
    serde_json::json!({
        "file": file.display().to_string(),
        "kind": kind,
        "id": id,
        "name": plan.predicted.get("name").cloned().unwrap_or(Value::Null),
        "action": target,
        "changes": changes,
        "notes": plan.notes,
        "kept": plan.kept,
    })
}

/// The plan for one prepared document. In a tree, profiles carry no id and
/// are matched to the tenant's by name.
fn plan_for(
    client: &Client,
    p: &Prepared,
    tree: bool,
    profiles: &mut Option<Vec<Value>>,
    settle: push::Settle,
) -> Result<Plan, PushError> {
    let mut value = p.value.clone();
    if tree && p.doc.kind() == Kind::Profile && value.get("id").is_none() {
        if profiles.is_none() {
            *profiles = Some(client.list_profiles()?);
        }
        let name = value.get("name").cloned();
        if let Some(id) = profiles
            .as_ref()
            .and_then(|ps| ps.iter().find(|x| x.get("name") == name.as_ref()))
            .and_then(|x| x["id"].as_str())
        {
            value = with_id(&value, id);
        }
    }
    push::plan_settled(
        client,
        p.doc.kind(),
        &value,
        Store::default_location().as_ref(),
        settle,
    )
}

pub fn push(
    args: &PushArgs,
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> super::Outcome {
    let mappings = mappings_or_exit(args.mappings.as_deref(), err)?;
    let (selected, confirm) = select_for_write(
        tenant,
        args.dry_run,
        args.yes,
        args.confirm_tenant.as_deref(),
        err,
    )?;
    let Some(file) = args.file.as_ref() else {
        let plan = args.plan.as_ref().expect("clap: FILE or --plan");
        return Ok(push_plan(plan, args, selected, confirm, out, err)?);
    };
    if file.is_dir() {
        return Ok(push_tree(
            file, args, selected, confirm, mappings, out, err,
        )?);
    }
    if files::is_yaml(file) {
        return Ok(push_yaml(
            file, args, selected, confirm, mappings, out, err,
        )?);
    }
    let p = match prepare(file, mappings, true, err) {
        Ok(p) => p,
        Err(code) => {
            writeln!(err, "connedit: push refused: nothing was sent")?;
            return Ok(code);
        }
    };
    let client = remote::client_for(selected.creds.clone());
    let plan = match push::plan_settled(
        &client,
        p.doc.kind(),
        &p.value,
        Store::default_location().as_ref(),
        args.settle(),
    ) {
        Ok(plan) => plan,
        Err(e) => return Ok(report_push_error(&e, file, &p.doc, err)),
    };
    if unchanged(&plan) {
        writeln!(
            out,
            "{}: {} already matches {}{}; nothing to push",
            client.domain(),
            plan.label,
            file.display(),
            if plan.kept.is_empty() {
                ""
            } else {
                " except where the tenant changed since the last pull or push (kept)"
            }
        )?;
        for k in &plan.kept {
            writeln!(out, "  kept: {}", crate::core::scrub::one_line(k))?;
        }
        return Ok(exit::OK);
    }
    // Whole, through the pager when taller than the terminal, before the question.
    super::pager::print(out, !args.yes, |o| {
        writeln!(o, "{}: {} {}", client.domain(), verb(&plan), plan.label)?;
        print_plan(&plan, o, "  ")
    })?;
    if args.dry_run {
        writeln!(out, "dry run: nothing was sent")?;
        return Ok(exit::OK);
    }
    let store = match Store::required() {
        Ok(s) => s,
        Err(why) => {
            writeln!(err, "connedit: {why}")?;
            return Ok(exit::FAILURE);
        }
    };
    if !confirmed(
        &confirm,
        args.yes,
        plan.changes.len().max(1),
        client.domain(),
        out,
    )? {
        writeln!(
            err,
            "connedit: not pushed (confirm at the prompt, or pass --yes)"
        )?;
        return Ok(exit::PROBLEMS);
    }
    writeln!(
        err,
        "sending {} change{} to {}…",
        plan.changes.len().max(1),
        if plan.changes.len() == 1 { "" } else { "s" },
        client.domain()
    )?;
    let applied = {
        let _watch = super::inflight::watch(&format!("connedit diff {}", file.display()));
        push::apply(&client, &plan, &store)
    };
    match applied {
        Ok(outcome) => {
            if outcome.confirmed_by_reading_back {
                writeln!(
                    err,
                    "the answer was lost, but reading back shows the change applied"
                )?;
            }
            match &outcome.created_id {
                // The created object's id goes into the file, so the next push updates it.
                Some(id) if p.doc.resolved().is_none() => {
                    let updated = with_id(p.doc.value().expect("prepared"), id);
                    // In the file's own layout: only the id is added.
                    let mut text = String::new();
                    if p.doc.had_bom() {
                        text.push('\u{feff}');
                    }
                    text += &crate::core::layout::save(Some(p.doc.text()), &updated, p.doc.bare());
                    if let Err(e) = crate::io::save::write_target(&p.file).and_then(|target| {
                        crate::io::save::write_atomic(&target, text.as_bytes(), None)
                    }) {
                        writeln!(
                            err,
                            "connedit: created {id}, but cannot write it into {}: {e}",
                            p.file.display()
                        )?;
                        return Ok(exit::FAILURE);
                    }
                    writeln!(out, "created {id}; its id is now in {}", p.file.display())?;
                }
                Some(id) => writeln!(
                    out,
                    "created {id} (its file has placeholders: add \"id\": \"{id}\" to update it next time)"
                )?,
                None => writeln!(
                    out,
                    "pushed {} change{} to {}",
                    plan.changes.len(),
                    if plan.changes.len() == 1 { "" } else { "s" },
                    client.domain()
                )?,
            }
            // Created, with its id in the file, but its applications not
            // (all) enabled: said, and not success.
            if let Some((why, code)) = &outcome.apps_failed {
                writeln!(err, "connedit: {why}")?;
                return Ok(*code);
            }
            Ok(exit::OK)
        }
        Err(e) => Ok(report_push_error(&e, file, &p.doc, err)),
    }
}

/// A whole deploy-cli tree: a plan for every document, then (after one
/// confirmation) each change in turn. Any document that cannot be pushed
/// refuses the whole push before anything is sent.
fn push_tree(
    dir: &Path,
    args: &PushArgs,
    selected: remote::Selected,
    confirm: Confirm,
    mappings: Option<Mappings>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if !files::is_deploy_tree(dir) {
        writeln!(
            err,
            "connedit: {} is not an auth0-deploy-cli tree (no connection-profiles/ or database-connections/)",
            dir.display()
        )?;
        return Ok(exit::FAILURE);
    }
    let mut prepared = Vec::new();
    let mut refused = 0;
    for f in files::tree_documents(dir) {
        match prepare(&f, mappings.clone(), true, err) {
            Ok(p) => prepared.push(p),
            Err(_) => refused += 1,
        }
    }
    let connections = dir.join("database-connections").is_dir() || dir.join("connections").is_dir();
    push_documents(
        dir,
        prepared,
        refused,
        connections,
        args,
        selected,
        confirm,
        out,
        err,
    )
}

/// `push tenant.yaml`: each entry of a deploy-cli YAML file pushed as a
/// tree's documents are (profiles matched by name; nothing written back
/// into the file: deploy-cli's YAML keeps no ids).
fn push_yaml(
    file: &Path,
    args: &PushArgs,
    selected: remote::Selected,
    confirm: Confirm,
    mappings: Option<Mappings>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let entries = match yaml_entries(file, mappings.as_ref(), err) {
        Ok(e) => e,
        Err(code) => {
            writeln!(err, "connedit: push refused: nothing was sent")?;
            return Ok(code);
        }
    };
    let mut prepared = Vec::new();
    let mut refused = 0;
    for (_, p) in entries {
        match p {
            // Errors refuse the push, as for a tree (strict).
            Ok(p) if crate::core::Tally::of(&p.doc.diagnostics()).errors == 0 => prepared.push(p),
            Ok(p) => {
                refused += 1;
                writeln!(
                    err,
                    "connedit: {} {} has errors; it cannot be pushed",
                    file.display(),
                    p.place.as_deref().unwrap_or("")
                )?;
            }
            Err(_) => refused += 1,
        }
    }
    push_documents(
        file, prepared, refused, true, args, selected, confirm, out, err,
    )
}

/// Plans every document, shows the plan whole, asks once, and sends the
/// changes one by one (a tree's documents, or a YAML file's entries).
#[allow(clippy::too_many_arguments)]
fn push_documents(
    dir: &Path,
    prepared: Vec<Prepared>,
    mut refused: usize,
    connections: bool,
    args: &PushArgs,
    selected: remote::Selected,
    confirm: Confirm,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let client = remote::client_for(selected.creds.clone());
    if connections {
        client.prefetch_connections();
    }
    let mut profiles = None;
    let mut plans = Vec::new();
    for p in &prepared {
        match plan_for(&client, p, true, &mut profiles, args.settle()) {
            Ok(plan) => plans.push((p, plan)),
            Err(e) => {
                refused += 1;
                report_push_error(&e, &p.file, &p.doc, err);
            }
        }
    }
    let shown = |p: &Prepared| match &p.place {
        Some(place) => place.clone(),
        None => p
            .file
            .strip_prefix(dir)
            .unwrap_or(&p.file)
            .display()
            .to_string(),
    };
    let (mut create, mut update, mut same) = (0, 0, 0);
    for (_, plan) in &plans {
        match verb(plan) {
            "create" => create += 1,
            "update" => update += 1,
            _ => same += 1,
        }
    }
    // Whole, through the pager when taller than the terminal, before the question.
    super::pager::print(out, !args.yes, |o| {
        writeln!(o, "{}: plan for {}", client.domain(), dir.display())?;
        for (p, plan) in &plans {
            writeln!(o, "  {:<9} {} ({})", verb(plan), plan.label, shown(p))?;
            print_plan(plan, o, "      ")?;
        }
        writeln!(
            o,
            "{create} to create, {update} to update, {same} unchanged{}",
            if refused > 0 {
                format!(", {refused} refused")
            } else {
                String::new()
            }
        )
    })?;
    if refused > 0 {
        writeln!(
            err,
            "connedit: push refused: fix the documents above first; nothing was sent"
        )?;
        return Ok(exit::PROBLEMS);
    }
    if args.dry_run || create + update == 0 {
        if args.dry_run {
            writeln!(out, "dry run: nothing was sent")?;
        }
        return Ok(exit::OK);
    }
    let store = match Store::required() {
        Ok(s) => s,
        Err(why) => {
            writeln!(err, "connedit: {why}")?;
            return Ok(exit::FAILURE);
        }
    };
    if !confirmed(&confirm, args.yes, create + update, client.domain(), out)? {
        writeln!(
            err,
            "connedit: not pushed (confirm at the prompt, or pass --yes)"
        )?;
        return Ok(exit::PROBLEMS);
    }
    let mut code = exit::OK;
    let _watch = super::inflight::watch(&format!("connedit diff {}", dir.display()));
    out.flush()?;
    let todo: Vec<&(&Prepared, Plan)> = plans.iter().filter(|(_, plan)| !unchanged(plan)).collect();
    for (n, (p, plan)) in todo.iter().enumerate() {
        // Ctrl-C stops before the next write, never during one.
        if super::inflight::interrupted() {
            return not_sent(todo[n..].iter().map(|(_, plan)| plan), err);
        }
        writeln!(err, "sending {}…", plan.label)?;
        match push::apply(&client, plan, &store) {
            // Trees keep profiles without ids: the name matches them next time.
            Ok(o) => {
                writeln!(out, "{}", done_line(plan, &o))?;
                out.flush()?;
                if let Some((why, c)) = &o.apps_failed {
                    writeln!(err, "connedit: {why}")?;
                    code = code.max(*c);
                }
            }
            Err(e) => code = code.max(report_push_error(&e, &p.file, &p.doc, err)),
        }
    }
    Ok(code)
}

/// After Ctrl-C between writes: what was not sent, exit 130.
fn not_sent<'a>(rest: impl Iterator<Item = &'a Plan>, err: &mut dyn Write) -> std::io::Result<u8> {
    let labels: Vec<&str> = rest.map(|p| p.label.as_str()).collect();
    writeln!(
        err,
        "connedit: interrupted: not sent: {} (the writes above were made)",
        labels.join(", ")
    )?;
    Ok(130)
}

/// What one write of several did, as a line.
fn done_line(plan: &Plan, o: &push::Outcome) -> String {
    format!(
        "{} {}{}",
        if o.created_id.is_some() {
            "created"
        } else {
            "updated"
        },
        plan.label,
        o.created_id
            .as_ref()
            .map(|i| format!(" ({i})"))
            .unwrap_or_default()
    )
}

/// `push --plan PLAN`: every document's object read again and compared by
/// digest; if any changed since the plan, nothing is sent (exit 1, "stale
/// plan"); else the planned bodies, after one confirmation.
fn push_plan(
    path: &Path,
    args: &PushArgs,
    selected: remote::Selected,
    confirm: Confirm,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    // What is sent comes from this file: only one nobody else could have
    // written (as the tenants file and the snapshots).
    if let Err(why) = crate::io::trust::check(path) {
        writeln!(err, "connedit: {why}; nothing was sent")?;
        return Ok(exit::FAILURE);
    }
    let text = match crate::io::read::regular_text(path, crate::io::read::MAX_DOCUMENT) {
        Ok(t) => t,
        Err(e) => {
            writeln!(err, "connedit: cannot read {}: {e}", path.display())?;
            return Ok(exit::FAILURE);
        }
    };
    let client = remote::client_for(selected.creds.clone());
    let parsed = match serde_json::from_str::<Value>(&text) {
        Ok(v) => v,
        Err(e) => {
            writeln!(err, "connedit: {}: not JSON: {e}", path.display())?;
            return Ok(exit::FAILURE);
        }
    };
    let docs = match crate::io::api::plans::documents(&parsed, client.domain()) {
        Ok(d) => d,
        Err(why) => {
            writeln!(err, "connedit: {}: {why}", path.display())?;
            // Another tenant's plan is a refusal; a damaged one a failure.
            return Ok(if why.contains("made for") {
                exit::PROBLEMS
            } else {
                exit::FAILURE
            });
        }
    };
    let mut plans = Vec::new();
    let mut code = exit::OK;
    for d in &docs {
        match crate::io::api::plans::rebuild(&client, d) {
            Ok(plan) => plans.push(plan),
            Err(e) => {
                let _ = writeln!(err, "connedit: {e}");
                code = code.max(match e {
                    PushError::Api(a) => remote::exit_code(&a),
                    _ => exit::PROBLEMS,
                });
            }
        }
    }
    if code != exit::OK {
        writeln!(err, "connedit: push refused: nothing was sent")?;
        return Ok(code);
    }
    super::pager::print(out, !args.yes, |o| {
        writeln!(o, "{}: plan {}", client.domain(), path.display())?;
        for plan in &plans {
            writeln!(o, "  {:<9} {}", verb(plan), plan.label)?;
            print_plan(plan, o, "      ")?;
        }
        Ok(())
    })?;
    if plans.is_empty() {
        writeln!(out, "the plan has nothing to send")?;
        return Ok(exit::OK);
    }
    if args.dry_run {
        writeln!(out, "dry run: nothing was sent")?;
        return Ok(exit::OK);
    }
    let store = match Store::required() {
        Ok(s) => s,
        Err(why) => {
            writeln!(err, "connedit: {why}")?;
            return Ok(exit::FAILURE);
        }
    };
    if !confirmed(&confirm, args.yes, plans.len(), client.domain(), out)? {
        writeln!(
            err,
            "connedit: not pushed (confirm at the prompt, or pass --yes)"
        )?;
        return Ok(exit::PROBLEMS);
    }
    let mut code = exit::OK;
    let _watch = super::inflight::watch("connedit diff on the plan's files");
    out.flush()?;
    for (n, plan) in plans.iter().enumerate() {
        if super::inflight::interrupted() {
            return not_sent(plans[n..].iter(), err);
        }
        writeln!(err, "sending {}…", plan.label)?;
        match push::apply(&client, plan, &store) {
            Ok(o) => {
                writeln!(out, "{}", done_line(plan, &o))?;
                out.flush()?;
            }
            Err(e) => {
                let _ = writeln!(err, "connedit: {e}");
                code = code.max(match e {
                    PushError::Api(a) => remote::exit_code(&a),
                    PushError::Unknown(_) | PushError::Snapshot(_) => exit::FAILURE,
                    PushError::Partly(_, c) => c,
                    _ => exit::PROBLEMS,
                });
            }
        }
    }
    Ok(code)
}

/// Prints a push failure; Auth0's field problems in the `validate` form.
fn report_push_error(e: &PushError, file: &Path, doc: &Document, err: &mut dyn Write) -> u8 {
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
            let _ = writeln!(err, "connedit: {}: {m}", file.display());
            exit::PROBLEMS
        }
        PushError::Stale(_) | PushError::Conflict(_) => {
            let _ = writeln!(err, "connedit: {e}");
            exit::PROBLEMS
        }
        PushError::Partly(_, code) => {
            let _ = writeln!(err, "connedit: {e}");
            *code
        }
        PushError::Unknown(_) | PushError::Snapshot(_) => {
            let _ = writeln!(err, "connedit: {e}");
            exit::FAILURE
        }
    }
}

/// Whether an error says the tenant has no Connection Profiles (403
/// `feature_not_enabled`).
fn profiles_not_enabled(e: &crate::io::api::ApiError) -> bool {
    matches!(e, crate::io::api::ApiError::Status { error_code: Some(c), .. } if c == "feature_not_enabled")
}
