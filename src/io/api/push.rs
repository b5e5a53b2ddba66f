//! Planning and applying a push, shared by `push`, `diff` and the editor:
//! read what the tenant has, compute the request and what it will change,
//! then send it once; a write whose answer was lost is checked by reading
//! back, never repeated blindly.

use super::{ApiError, Client};
use crate::core::diff::{ChangeKind, FieldChange, diff};
use crate::core::push::{
    connection_create_body, connection_top_level_changes, merge_options, option_change_warnings,
    predict_profile, profile_create_body, profile_patch_body,
};
use crate::core::{Diagnostic, Kind, api_error, apps};
use crate::io::snapshots::Store;
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    CreateProfile,
    UpdateProfile {
        id: String,
    },
    Connection {
        id: String,
    },
    /// A connection the tenant has no connection of that name for (the file
    /// has no `id`): `POST /connections`, then its applications.
    CreateConnection,
    /// Rolling back a create.
    DeleteProfile {
        id: String,
    },
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub target: Target,
    /// "connection profile acme (cop_123)", for people.
    pub label: String,
    /// What the tenant has now (`{}` before a create).
    pub current: Value,
    /// What it will have after the push.
    pub predicted: Value,
    /// What is sent.
    pub body: Value,
    pub changes: Vec<FieldChange>,
    /// What the push does besides the field changes (a policy switch, …).
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
    /// Places the tenant changed since the base (the last pull or push from
    /// here) and the file did not: left as the tenant has them (SPEC §1.5).
    pub kept: Vec<String>,
    /// The places of `kept` (JSON Pointers): the next base keeps the file's
    /// value there, so pushing the same file again keeps them again.
    pub kept_paths: Vec<String>,
    /// What the write is (and what its snapshot records it as).
    pub action: Action,
    /// The applications a connection's push enables or disables; `None`
    /// when the file has no `enabled_clients` (they are left alone).
    pub apps: Option<AppsPlan>,
    /// Whether the push had a base (SPEC §1.5): without one, every tenant
    /// value it replaces is named as overwritten.
    pub based: bool,
}

/// The enabled applications of a connection's push (SPEC §4: their own
/// endpoint, only the changes).
#[derive(Debug, Clone, Default)]
pub struct AppsPlan {
    /// The tenant's applications (names for people).
    pub known: Vec<apps::App>,
    pub changes: Vec<apps::Change>,
    /// The file's applications, as ids: the next base.
    pub file_ids: Vec<String>,
}

impl Plan {
    /// Whether `c` (one of the changes) replaces a value the tenant has
    /// that this push cannot know to be the file's to change: a push of an
    /// existing object without a base (SPEC §1.5, two-way).
    pub fn overwrites(&self, c: &FieldChange) -> bool {
        !self.based
            && self.action == Action::Push
            && !matches!(self.target, Target::CreateProfile | Target::CreateConnection)
            // An application disabled that the tenant has enabled counts
            // too (from the review).
            && c.old.as_ref().is_some_and(|v| !v.is_null())
    }

    /// How many of the changes [`Plan::overwrites`].
    pub fn overwritten(&self) -> usize {
        self.changes.iter().filter(|c| self.overwrites(c)).count()
    }

    /// Whether the connection's (or profile's) own PATCH has anything to
    /// do: not when the push only enables or disables applications.
    pub fn writes_object(&self) -> bool {
        !matches!(self.target, Target::Connection { .. })
            || !self.notes.is_empty()
            || self.changes.iter().any(|c| c.path != APPS_PATH)
            || self.apps.as_ref().is_none_or(|a| a.changes.is_empty())
    }
}

/// What a change of a push without a base says (SPEC §1.5).
pub const OVERWRITES: &str = "  (overwrites the tenant's value)";

/// The note of a push without a base that overwrites `n` tenant values.
pub fn no_base_note(n: usize) -> String {
    format!(
        "no base for this object here (not pulled or pushed from this machine): {n} value{} the tenant has {} replaced by the file's, whoever set {}",
        if n == 1 { "" } else { "s" },
        if n == 1 { "is" } else { "are" },
        if n == 1 { "it" } else { "them" }
    )
}

/// Where the applications' changes sit in a plan's `changes`.
pub const APPS_PATH: &str = "/enabled_clients";

/// What a planned write is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Push,
    Rollback,
}

impl Action {
    /// As a snapshot records it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Push => "push",
            Action::Rollback => "rollback",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("{0}")]
    NotFound(String),
    /// Auth0 refused the body (400): the problems, mapped to fields.
    #[error("{message}")]
    Refused {
        message: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// The answer was lost and reading back does not show the change.
    #[error("{0}")]
    Unknown(String),
    /// The snapshot before the write could not be saved: nothing was sent.
    #[error("cannot save the snapshot before writing: {0}")]
    Snapshot(String),
    /// The object changed on the tenant after the plan was made.
    #[error("{0}")]
    Stale(String),
    /// The file and the tenant both changed one place since the base.
    #[error("{}", .0.message)]
    Conflict(Box<Conflicts>),
    /// Part of the write applied (the connection's settings), the rest
    /// (its applications) did not: the snapshot is kept. With the exit code
    /// of the cause (a refusal 1, a network or server failure 2).
    #[error("{0}")]
    Partly(String, u8),
}

/// The places a three-way push found changed both in the file and on the
/// tenant since the base: nothing was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflicts {
    /// Said in full (the CLI prints it): every place with its three values,
    /// secrets masked.
    pub message: String,
    /// When the base was taken, readable.
    pub since: String,
    pub items: Vec<ConflictAt>,
}

/// One place both changed: its value in the base, the file and the tenant
/// now (`None`: not set). Values are as read: a screen masks them.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictAt {
    pub at: String,
    pub base: Option<Value>,
    pub file: Option<Value>,
    pub tenant: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// The id of a created profile or connection (to write back into the file).
    pub created_id: Option<String>,
    /// The created object as Auth0 answered it (a connection's create: the
    /// base of the next push).
    pub created: Option<Value>,
    /// The answer was lost; reading back showed the change applied.
    pub confirmed_by_reading_back: bool,
    /// A connection was created but enabling its applications failed: what
    /// to say, and the exit code of the cause (a refusal 1, else 2). Not an
    /// error of [`apply`]: the created id must still reach the file.
    pub apps_failed: Option<(String, u8)>,
}

fn label(kind: &str, name: Option<&str>, id: Option<&str>) -> String {
    match (name, id) {
        (Some(n), Some(i)) => format!("{kind} {n} ({i})"),
        (Some(n), None) => format!("{kind} {n}"),
        (None, Some(i)) => format!("{kind} {i}"),
        (None, None) => kind.to_string(),
    }
}

/// How a three-way push settles a conflict (a place the file and the
/// tenant both changed since the base).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Settle {
    /// It stops the push: nothing is sent.
    #[default]
    Stop,
    /// The file's value is sent (`--take-file`).
    File,
    /// The tenant's value is kept (`--take-tenant`).
    Tenant,
    /// The places chosen in the editor's Conflicts view to take the file's
    /// value: sent there; a conflict anywhere else (the tenant changed again
    /// since the view was drawn) stops the push, to be chosen again.
    Chosen(Vec<String>),
}

/// What pushing `doc` would do.
/// `store`: where the bases of the three-way push are (beside its
/// snapshots); without one the push is two-way.
pub fn plan(
    client: &Client,
    kind: Kind,
    doc: &Value,
    store: Option<&Store>,
) -> Result<Plan, PushError> {
    plan_settled(client, kind, doc, store, Settle::Stop)
}

/// [`plan`], with conflicts settled as `settle` says.
pub fn plan_settled(
    client: &Client,
    kind: Kind,
    doc: &Value,
    store: Option<&Store>,
    settle: Settle,
) -> Result<Plan, PushError> {
    let name = doc.get("name").and_then(Value::as_str);
    let id = doc.get("id").and_then(Value::as_str);
    match kind {
        Kind::Profile => match id {
            Some(id) => {
                let current = client.get_profile(id).map_err(|e| match e.status() {
                    Some(404) => PushError::NotFound(format!(
                        "connection profile {id} does not exist on {}: remove \"id\" from the file to create it",
                        client.domain()
                    )),
                    _ => e.into(),
                })?;
                let Based {
                    doc,
                    kept,
                    kept_paths,
                    base,
                } = with_base(
                    client,
                    store,
                    "connection profile",
                    id,
                    doc,
                    &current,
                    settle,
                )?;
                let body = profile_patch_body(&doc, &current);
                let predicted = predict_profile(&current, &body);
                let changes = diff(&current, &predicted);
                Ok(Plan {
                    target: Target::UpdateProfile { id: id.to_string() },
                    label: label("connection profile", name, Some(id)),
                    current,
                    predicted,
                    body,
                    changes,
                    notes: Vec::new(),
                    warnings: Vec::new(),
                    kept,
                    kept_paths,
                    action: Action::Push,
                    apps: None,
                    based: base.is_some(),
                })
            }
            None => {
                if let Some(n) = name
                    && let Some(existing) =
                        client.list_profiles()?.into_iter().find(|p| p["name"] == n)
                {
                    let eid = existing["id"].as_str().unwrap_or("?");
                    return Err(PushError::NotFound(format!(
                        "a connection profile named {n:?} already exists on {} ({eid}): add \"id\": \"{eid}\" to the file to update it",
                        client.domain()
                    )));
                }
                let body = profile_create_body(doc);
                let changes = diff(&json!({}), &body);
                Ok(Plan {
                    target: Target::CreateProfile,
                    label: label("new connection profile", name, None),
                    current: json!({}),
                    predicted: body.clone(),
                    body,
                    changes,
                    notes: Vec::new(),
                    warnings: Vec::new(),
                    kept: Vec::new(),
                    kept_paths: Vec::new(),
                    action: Action::Push,
                    apps: None,
                    based: true,
                })
            }
        },
        Kind::Connection => {
            let current = match (id, name) {
                (Some(id), _) => client.get_connection(id).map_err(|e| match e.status() {
                    Some(404) => PushError::NotFound(format!(
                        "connection {id} does not exist on {}",
                        client.domain()
                    )),
                    _ => e.into(),
                })?,
                // A name the tenant has no connection of: the file is a
                // create body (as a profile without `id` is).
                (None, Some(n)) => match client.find_connection(n)? {
                    Some(c) => c,
                    None => return plan_create_connection(client, doc, n),
                },
                (None, None) => {
                    return Err(PushError::NotFound(
                        "the file has neither \"id\" nor \"name\": connedit cannot tell which connection to update".into(),
                    ));
                }
            };
            let cid = current
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            // The applications, when the file lists them: every entry must
            // name one of the tenant's applications before anything is sent.
            let mut current = current;
            let file_apps = match apps::entries(doc) {
                None => None,
                Some(Err(why)) => {
                    return Err(PushError::NotFound(format!("{why}; nothing was sent")));
                }
                Some(Ok(entries)) => {
                    let (known, enabled) = with_apps(client, &cid, &mut current)?;
                    let ids = apps::resolve(&entries, &known).map_err(|e| {
                        PushError::NotFound(format!(
                            "enabled_clients: {e} on {}; nothing was sent",
                            client.domain()
                        ))
                    })?;
                    Some((known, ids, enabled))
                }
            };
            let empty = Map::new();
            let current_options = current
                .get("options")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            // Stand-ins for secrets ("(secret, kept)") take the tenant's
            // values, wherever they are; one the tenant has no value for is
            // never sent as a literal.
            let Based {
                mut doc,
                mut kept,
                kept_paths,
                base,
            } = with_base(client, store, "connection", &cid, doc, &current, settle)?;
            let missing = crate::core::fields::restore_kept_secrets("", &mut doc, Some(&current));
            if !missing.is_empty() {
                return Err(PushError::NotFound(format!(
                    "{} stand{} for a secret the tenant does not have: put the real value in the file, or remove it; nothing was sent",
                    missing.join(", "),
                    if missing.len() == 1 { "s" } else { "" }
                )));
            }
            let doc = &doc;
            let file_options = doc
                .get("options")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            let (merged, notes) = merge_options(current_options, file_options);
            let warnings = option_change_warnings(current_options, &merged);
            let mut predicted = current.clone();
            // A null member removes the key.
            let effective: Map<String, Value> = merged
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            predicted["options"] = Value::Object(effective);
            // The writable top-level keys that differ go in the same PATCH.
            let top = connection_top_level_changes(&current, doc);
            for (k, v) in &top {
                predicted[k] = v.clone();
            }
            let mut body = Map::new();
            body.extend(top);
            body.insert("options".into(), Value::Object(merged));
            let mut changes = diff(&current, &predicted);
            let apps = file_apps.map(|(known, file_ids, now)| {
                let base_ids = base
                    .as_ref()
                    .and_then(|b| apps::entries(&b.object))
                    .and_then(Result::ok);
                let delta = apps::delta(&file_ids, &now, base_ids.as_deref(), &known);
                predicted[apps::KEY] = apps::names(&delta.after, &known).into();
                // One line per application, by name (the list's own diff
                // says nothing a person can read).
                changes.retain(|c| c.path != APPS_PATH);
                changes.extend(delta.changes.iter().map(app_change));
                if let Some(b) = &base {
                    kept.extend(delta.kept.iter().map(|k| {
                        format!(
                            "{APPS_PATH}: {} {} on the tenant since {}; left as the tenant has it",
                            k.label(),
                            if k.enable { "enabled" } else { "disabled" },
                            crate::io::snapshots::readable(&b.taken)
                        )
                    }));
                }
                AppsPlan {
                    known,
                    changes: delta.changes,
                    file_ids,
                }
            });
            Ok(Plan {
                target: Target::Connection { id: cid.clone() },
                label: label(
                    "connection",
                    current.get("name").and_then(Value::as_str).or(name),
                    Some(&cid),
                ),
                current,
                predicted,
                body: Value::Object(body),
                changes,
                notes,
                warnings,
                kept,
                kept_paths,
                action: Action::Push,
                based: base.is_some(),
                apps,
            })
        }
    }
}

/// Creating the connection `name` from `doc` (SPEC §4: `POST
/// /connections`, `name` and `strategy` required). The body is the file's
/// creatable keys, never `enabled_clients`: the applications it lists are
/// matched by name before anything is sent and enabled afterwards with
/// `PATCH /connections/{id}/clients`, as an update does.
fn plan_create_connection(client: &Client, doc: &Value, name: &str) -> Result<Plan, PushError> {
    if doc.get("strategy").and_then(Value::as_str).is_none() {
        return Err(PushError::NotFound(format!(
            "no connection named {name:?} on {}, and the file has no \"strategy\" to create one with: add it (connedit new connection --strategy S shows a template); nothing was sent",
            client.domain()
        )));
    }
    let mut body = connection_create_body(doc);
    // A stand-in stands for a value the tenant keeps; a new connection has
    // none to keep.
    let missing = crate::core::fields::restore_kept_secrets("", &mut body, None);
    if !missing.is_empty() {
        return Err(PushError::NotFound(format!(
            "{} stand{} for a secret, but {name:?} is not on {} yet: put the real value in the file; nothing was sent",
            missing.join(", "),
            if missing.len() == 1 { "s" } else { "" },
            client.domain()
        )));
    }
    let mut predicted = body.clone();
    let mut changes = diff(&json!({}), &body);
    let apps = match apps::entries(doc) {
        None => None,
        Some(Err(why)) => return Err(PushError::NotFound(format!("{why}; nothing was sent"))),
        Some(Ok(entries)) => {
            let known = client.applications()?;
            let ids = apps::resolve(&entries, &known).map_err(|e| {
                PushError::NotFound(format!(
                    "enabled_clients: {e} on {}; nothing was sent",
                    client.domain()
                ))
            })?;
            let delta = apps::delta(&ids, &[], None, &known);
            predicted[apps::KEY] = apps::names(&delta.after, &known).into();
            changes.extend(delta.changes.iter().map(app_change));
            Some(AppsPlan {
                known,
                changes: delta.changes,
                file_ids: ids,
            })
        }
    };
    // A diff masks a secret as "(secret, kept)"; a create keeps nothing:
    // the file's value is what is sent.
    let notes = if crate::core::fields::secret_values(&body).is_empty() {
        Vec::new()
    } else {
        vec!["the secrets shown \"(secret, kept)\" are sent as the file has them (a new connection has no value on the tenant to keep)".to_string()]
    };
    Ok(Plan {
        target: Target::CreateConnection,
        label: label("new connection", Some(name), None),
        current: json!({}),
        predicted,
        body,
        changes,
        notes,
        warnings: Vec::new(),
        kept: Vec::new(),
        kept_paths: Vec::new(),
        action: Action::Push,
        apps,
        based: true,
    })
}

/// An application's change as a line of the diff.
pub(crate) fn app_change(c: &apps::Change) -> FieldChange {
    let label = Value::String(c.label());
    FieldChange {
        path: APPS_PATH.to_string(),
        kind: if c.enable {
            ChangeKind::Added
        } else {
            ChangeKind::Removed
        },
        old: (!c.enable).then(|| label.clone()),
        new: c.enable.then_some(label),
    }
}

/// Reads the tenant's applications and the ids of those enabled for the
/// connection `id`, and puts the latter into `conn` by name, as a file
/// lists them.
pub fn with_apps(
    client: &Client,
    id: &str,
    conn: &mut Value,
) -> Result<(Vec<apps::App>, Vec<String>), ApiError> {
    let known = client.applications()?;
    let enabled = client.enabled_client_ids(id)?;
    if let Some(m) = conn.as_object_mut() {
        m.insert(apps::KEY.into(), apps::names(&enabled, &known).into());
    }
    Ok((known, enabled))
}

/// The file as a three-way push sends it, what was kept, and the base.
struct Based {
    doc: Value,
    kept: Vec<String>,
    kept_paths: Vec<String>,
    base: Option<crate::io::bases::Base>,
}

/// The file as a three-way push sends it (SPEC §1.5): with the base of
/// `id` (the last pull or push from here), every place only the tenant
/// changed since takes the tenant's value, and a place both changed is a
/// conflict (nothing is sent). Without a base, the file as it is.
fn with_base(
    client: &Client,
    store: Option<&Store>,
    what: &str,
    id: &str,
    doc: &Value,
    current: &Value,
    settle: Settle,
) -> Result<Based, PushError> {
    let kind = if what == "connection" {
        "connection"
    } else {
        "profile"
    };
    let Some(base) = store.and_then(|st| crate::io::bases::load(st, client.domain(), kind, id))
    else {
        return Ok(Based {
            doc: doc.clone(),
            kept: Vec::new(),
            kept_paths: Vec::new(),
            base: None,
        });
    };
    let when = crate::io::snapshots::readable(&base.taken);
    let mut m = crate::core::merge::push_merge(&base.object, doc, current);
    let mut settled = Vec::new();
    let mut taken_from_tenant = Vec::new();
    if !m.conflicts.is_empty() {
        let how = if matches!(settle, Settle::Chosen(_)) {
            "chosen in the Conflicts view"
        } else {
            "--take-file"
        };
        let settle = match settle {
            Settle::Chosen(chosen) if m.conflicts.iter().all(|c| chosen.contains(c)) => {
                Settle::File
            }
            Settle::Chosen(_) => Settle::Stop,
            other => other,
        };
        match settle {
            Settle::Chosen(_) => unreachable!("made File or Stop above"),
            Settle::Stop => {
                let shown = |v: Option<&Value>, at: &str| match v {
                    None => "(not set)".to_string(),
                    Some(v) => crate::core::scrub::one_line(&crate::core::diff::short(
                        &crate::core::fields::masked(at, v),
                    )),
                };
                let file_now = m.file.clone();
                let lines: Vec<String> = m
                    .conflicts
                    .iter()
                    .map(|at| {
                        format!(
                            "  {at}\n    base ({}): {}\n    file: {}\n    tenant now: {}",
                            when,
                            shown(base.object.pointer(at), at),
                            shown(file_now.pointer(at), at),
                            shown(current.pointer(at), at),
                        )
                    })
                    .collect();
                let items = m
                    .conflicts
                    .iter()
                    .map(|at| ConflictAt {
                        at: at.clone(),
                        base: base.object.pointer(at).cloned(),
                        file: file_now.pointer(at).cloned(),
                        tenant: current.pointer(at).cloned(),
                    })
                    .collect();
                return Err(PushError::Conflict(Box::new(Conflicts {
                    message: format!(
                        "conflict: {what} {id}: {} changed both in the file and on {} since {} (the last pull or push from here); nothing was sent:\n{}\nsettle it with --take-file (send the file's values) or --take-tenant (keep the tenant's), or edit the file",
                        m.conflicts.join(", "),
                        client.domain(),
                        when,
                        lines.join("\n")
                    ),
                    since: when.clone(),
                    items,
                })));
            }
            Settle::File => {
                settled = m
                    .conflicts
                    .iter()
                    .map(|c| format!("{c}: changed on the tenant too since {}; the file's value is sent ({how})", when))
                    .collect();
            }
            Settle::Tenant => {
                crate::core::merge::take_tenant(&mut m.file, current, &m.conflicts);
                // The next base keeps the old base's value there: the file
                // still differs from the tenant, so the next push asks again
                // rather than sending the file's value.
                taken_from_tenant = m.conflicts.clone();
                settled = m
                    .conflicts
                    .iter()
                    .map(|c| format!("{c}: changed in the file too since {}; the tenant's value is kept (--take-tenant)", when))
                    .collect();
            }
        }
    }
    let kept = m
        .kept
        .iter()
        .map(|p| {
            format!(
                "{p}: changed on the tenant since {}; left as the tenant has it",
                when
            )
        })
        .chain(settled)
        .collect();
    m.kept.extend(taken_from_tenant);
    Ok(Based {
        doc: m.file,
        kept,
        kept_paths: m.kept,
        base: Some(base),
    })
}

fn with_id_value(body: &Value, id: &str) -> Value {
    let mut v = body.clone();
    if let Some(m) = v.as_object_mut() {
        m.insert("id".into(), Value::String(id.to_string()));
    }
    v
}

fn kind_of(target: &Target) -> &'static str {
    match target {
        Target::Connection { .. } | Target::CreateConnection => "connection",
        _ => "profile",
    }
}

/// Sends the plan's request once, after saving the tenant's object as it
/// was (a create is recorded once its id is known), so the write can be
/// rolled back. Without a snapshot nothing is sent.
pub fn apply(client: &Client, plan: &Plan, store: &Store) -> Result<Outcome, PushError> {
    // One id for the write (and its applications' PATCH), in its snapshot
    // and in the tenant's logs.
    let correlation = super::new_correlation_id();
    let record = match &plan.target {
        Target::UpdateProfile { id } | Target::Connection { id } => Some((id, &plan.predicted)),
        // After a delete there is nothing: rolling it back creates it again.
        Target::DeleteProfile { id } => Some((id, &Value::Null)),
        Target::CreateProfile | Target::CreateConnection => None,
    };
    let mut snapshot = None;
    if let Some((id, after)) = record {
        if id.is_empty() {
            return Err(PushError::NotFound(
                "the tenant's object has no id; nothing was sent".into(),
            ));
        }
        // The base may be minutes old (a prompt, a dialog): read it again so
        // a colleague's change is never reverted by a whole-options PATCH.
        let now = match &plan.target {
            Target::Connection { .. } => client.get_connection(id).and_then(|mut c| {
                if plan.apps.is_some() {
                    with_apps(client, id, &mut c)?;
                }
                Ok(c)
            }),
            _ => client.get_profile(id),
        };
        match now {
            Ok(now) => {
                let moved = diff(&plan.current, &now);
                if !moved.is_empty() {
                    let paths: Vec<&str> = moved.iter().take(5).map(|c| c.path.as_str()).collect();
                    return Err(PushError::Stale(format!(
                        "{} changed on {} since the diff was made ({}{}); nothing was sent: look at the diff again and push",
                        plan.label,
                        client.domain(),
                        paths.join(", "),
                        if moved.len() > 5 { ", …" } else { "" }
                    )));
                }
            }
            // Gone since (a delete being rolled back finds it gone: fine).
            Err(e)
                if e.status() == Some(404)
                    && matches!(plan.target, Target::DeleteProfile { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        snapshot = Some(
            store
                .save_write(
                    client.domain(),
                    kind_of(&plan.target),
                    id,
                    plan.action.as_str(),
                    Some(&plan.current),
                    after,
                    Some(&correlation),
                )
                .map_err(|e| PushError::Snapshot(format!("{e}; nothing was sent")))?,
        );
    }
    client.correlate(Some(correlation.clone()));
    let sent = send(client, plan);
    client.correlate(None);
    // A write Auth0 refused never happened: its snapshot would list it in
    // the history as a change and offer a rollback of nothing. (A write
    // whose outcome is unknown keeps it: it may have applied.)
    let refused = match &sent {
        Err(PushError::Refused { .. }) => true,
        Err(PushError::Api(e)) => e.status().is_some_and(|s| (400..500).contains(&s)),
        _ => false,
    };
    if refused && let Some(path) = &snapshot {
        let _ = std::fs::remove_file(path);
    }
    let outcome = sent?;
    // The new base of the three-way push: the object as this write left it.
    let written = match (&plan.target, &outcome.created_id) {
        (Target::CreateProfile, Some(id)) => {
            Some(("profile", id.as_str(), with_id_value(&plan.body, id)))
        }
        // As Auth0 answered (its defaults included), or the body when the
        // answer was lost; the applications as the file lists them (below).
        (Target::CreateConnection, Some(id)) => Some((
            "connection",
            id.as_str(),
            outcome
                .created
                .clone()
                .unwrap_or_else(|| with_id_value(&plan.body, id)),
        )),
        (Target::UpdateProfile { id }, _) => Some(("profile", id.as_str(), plan.predicted.clone())),
        (Target::Connection { id }, _) => Some(("connection", id.as_str(), plan.predicted.clone())),
        _ => None,
    };
    if let Some((kind, id, mut object)) = written {
        // Where the tenant's change was kept, the file still holds what the
        // old base had: the new base keeps that value there, so pushing the
        // same file again keeps the tenant's change again (not reverts it).
        if !plan.kept_paths.is_empty()
            && let Some(old) = crate::io::bases::load(store, client.domain(), kind, id)
        {
            for p in &plan.kept_paths {
                crate::core::merge::set_at(&mut object, p, old.object.pointer(p).cloned());
            }
        }
        // The applications as the file lists them (ids): where the tenant's
        // status was kept, the file has the old base's, as above.
        if let Some(a) = &plan.apps
            && let Some(m) = object.as_object_mut()
        {
            m.insert(apps::KEY.into(), a.file_ids.clone().into());
        }
        // Not fatal: without it the next push is two-way and says nothing wrong.
        let _ = crate::io::bases::record(store, client.domain(), kind, id, &object);
    }
    if let Some(id) = &outcome.created_id {
        // Nothing existed before: rolling this back deletes the profile
        // (a connection's create is listed, and its rollback refused).
        store
            .save_write(
                client.domain(),
                kind_of(&plan.target),
                id,
                "create",
                None,
                &plan.body,
                Some(&correlation),
            )
            .map_err(|e| PushError::Snapshot(format!("created {id}, but {e}")))?;
    }
    Ok(outcome)
}

fn send(client: &Client, plan: &Plan) -> Result<Outcome, PushError> {
    let sent = match &plan.target {
        Target::CreateProfile => client.create_profile(&plan.body),
        Target::UpdateProfile { id } => client.update_profile(id, &plan.body),
        Target::Connection { id } => return send_connection(client, plan, id),
        Target::CreateConnection => return create_connection(client, plan),
        Target::DeleteProfile { id } => client.delete_profile(id),
    };
    match sent {
        Ok(resp) => Ok(Outcome {
            created_id: match plan.target {
                Target::CreateProfile => resp.get("id").and_then(Value::as_str).map(str::to_string),
                _ => None,
            },
            ..Outcome::default()
        }),
        Err(lost @ (ApiError::Timeout { .. } | ApiError::Lost { .. })) => {
            read_back(client, plan).map_err(|e| match e {
                // Reading back failed too: say so, never guess.
                PushError::Api(read) => PushError::Unknown(format!(
                    "{lost}, and reading back failed ({read}): whether the change applied is unknown; run connedit diff before pushing again"
                )),
                other => other,
            })
        }
        Err(e) => Err(refusal(e)),
    }
}

/// `POST /connections`, then the applications the file lists. A lost
/// answer is never repeated: the connection is looked up by name. A failure
/// of the applications after the create is carried in the outcome (the id
/// must still reach the file), not lost.
fn create_connection(client: &Client, plan: &Plan) -> Result<Outcome, PushError> {
    let name = plan.body["name"].as_str().unwrap_or_default();
    let (created, confirmed) = match client.create_connection(&plan.body) {
        Ok(c) => (c, false),
        Err(lost @ (ApiError::Timeout { .. } | ApiError::Lost { .. })) => {
            match client.find_connection(name) {
                Ok(Some(c)) => (c, true),
                Ok(None) => return Err(not_yet(client)),
                Err(read) => {
                    return Err(PushError::Unknown(format!(
                        "{lost}, and reading back failed ({read}): whether connection {name} was created is unknown; run connedit diff before pushing again"
                    )));
                }
            }
        }
        Err(e) => return Err(refusal(e)),
    };
    let Some(id) = created
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return Err(PushError::Unknown(format!(
            "{} answered the create of connection {name} without an id: run connedit pull connection {name} to see what it made",
            client.domain()
        )));
    };
    let mut outcome = Outcome {
        created_id: Some(id.clone()),
        created: Some(created),
        confirmed_by_reading_back: confirmed,
        apps_failed: None,
    };
    let Some(a) = plan.apps.as_ref().filter(|a| !a.changes.is_empty()) else {
        return Ok(outcome);
    };
    let failed = |why: String, code: u8| {
        Some((
            format!(
                "connection {name} was created ({id}), but enabling its applications failed: {why}; run connedit diff, then push again to enable them"
            ),
            code,
        ))
    };
    match client.set_enabled_clients(&id, &a.changes) {
        Ok(()) => {}
        Err(lost @ (ApiError::Timeout { .. } | ApiError::Lost { .. })) => {
            match client.enabled_client_ids(&id) {
                Ok(now) if apps::applied(&a.changes, &now) => {
                    outcome.confirmed_by_reading_back = true
                }
                Ok(_) => {
                    outcome.apps_failed = failed(
                        format!("{lost}, and they were not enabled yet when read back"),
                        2,
                    )
                }
                Err(read) => {
                    outcome.apps_failed =
                        failed(format!("{lost}, and reading back failed ({read})"), 2)
                }
            }
        }
        Err(e) => {
            let refused = e.status().is_some_and(|s| (400..500).contains(&s));
            outcome.apps_failed = failed(e.to_string(), if refused { 1 } else { 2 });
        }
    }
    Ok(outcome)
}

/// An error of a write: Auth0's 400 as its problems mapped to fields,
/// anything else as it is.
fn refusal(e: ApiError) -> PushError {
    match e {
        ApiError::Status {
            status: 400,
            auth0_message,
            message,
            ..
        } => PushError::Refused {
            diagnostics: api_error::diagnostics_for(&auth0_message),
            message,
        },
        other => other.into(),
    }
}

/// A connection's PATCH, then its applications' (each only when it has
/// something to do). A lost answer to either is read back before going on;
/// a failure of the second after the first applied says so (`Partly`).
fn send_connection(client: &Client, plan: &Plan, id: &str) -> Result<Outcome, PushError> {
    let mut confirmed = false;
    let wrote = plan.writes_object();
    if wrote {
        match client.patch_connection(id, &plan.body) {
            Ok(_) => {}
            Err(lost @ (ApiError::Timeout { .. } | ApiError::Lost { .. })) => {
                let now = client.get_connection(id).map_err(|read| {
                    PushError::Unknown(format!(
                        "{lost}, and reading back failed ({read}): whether the change applied is unknown; run connedit diff before pushing again"
                    ))
                })?;
                if !applied(plan, &now) {
                    return Err(not_yet(client));
                }
                confirmed = true;
            }
            Err(e) => return Err(refusal(e)),
        }
    }
    let done = |confirmed| {
        Ok(Outcome {
            confirmed_by_reading_back: confirmed,
            ..Outcome::default()
        })
    };
    let Some(a) = plan.apps.as_ref().filter(|a| !a.changes.is_empty()) else {
        return done(confirmed);
    };
    let partly = |why: String, refused: bool| {
        PushError::Partly(
            format!(
                "the connection's settings were written, but changing its applications failed: {why}; run connedit diff, then push again to change them"
            ),
            if refused { 1 } else { 2 },
        )
    };
    match client.set_enabled_clients(id, &a.changes) {
        Ok(()) => done(confirmed),
        Err(lost @ (ApiError::Timeout { .. } | ApiError::Lost { .. })) => {
            match client.enabled_client_ids(id) {
                Ok(now) if apps::applied(&a.changes, &now) => done(true),
                Ok(_) if wrote => Err(partly(
                    format!("{lost}, and they were not changed yet when read back"),
                    false,
                )),
                Ok(_) => Err(not_yet(client)),
                Err(read) => Err(PushError::Unknown(format!(
                    "{lost}, and reading back failed ({read}): whether the applications changed is unknown; run connedit diff before pushing again"
                ))),
            }
        }
        Err(e) if wrote => {
            let refused = e.status().is_some_and(|s| (400..500).contains(&s));
            Err(partly(e.to_string(), refused))
        }
        Err(e) => Err(refusal(e)),
    }
}

/// A lost answer read back without the change: it may still apply.
fn not_yet(client: &Client) -> PushError {
    let at = crate::io::snapshots::readable(&crate::io::snapshots::utc_stamp(
        std::time::SystemTime::now(),
    ));
    PushError::Unknown(format!(
        "the answer from {} was lost, and the change was not applied yet when read back at {at}; it may still apply: run connedit diff before pushing again",
        client.domain()
    ))
}

/// Whether `now` shows the plan's write: every field it changes holds the
/// new value. (Fields it does not change may differ: the server rewrites
/// some, such as the `configuration` it encrypts.) The applications are
/// read back on their own ([`apps_applied`]).
fn applied(plan: &Plan, now: &Value) -> bool {
    plan.changes
        .iter()
        .filter(|c| c.path != APPS_PATH)
        .all(|c| {
            let there = now.pointer(&c.path).filter(|v| !v.is_null());
            there == c.new.as_ref().filter(|v| !v.is_null())
        })
}

/// The answer to a write was lost: read the object back and compare with
/// what the write would have produced.
fn read_back(client: &Client, plan: &Plan) -> Result<Outcome, PushError> {
    let confirmed = |created_id| {
        Ok(Outcome {
            created_id,
            confirmed_by_reading_back: true,
            ..Outcome::default()
        })
    };
    // Not "push again": the write may still be on its way (issue 30: it
    // applied after such a read).
    let not_applied = || Err(not_yet(client));
    match &plan.target {
        Target::CreateProfile => {
            let name = &plan.body["name"];
            match client
                .list_profiles()?
                .into_iter()
                .find(|p| &p["name"] == name)
            {
                Some(p) => confirmed(p["id"].as_str().map(str::to_string)),
                None => not_applied(),
            }
        }
        Target::UpdateProfile { id } => {
            let now = client.get_profile(id)?;
            if applied(plan, &now) {
                confirmed(None)
            } else {
                not_applied()
            }
        }
        Target::Connection { id } => {
            let now = client.get_connection(id)?;
            if applied(plan, &now) && apps_applied(client, plan, id)? {
                confirmed(None)
            } else {
                not_applied()
            }
        }
        // Read back in create_connection itself.
        Target::CreateConnection => not_applied(),
        Target::DeleteProfile { id } => match client.get_profile(id) {
            Err(e) if e.status() == Some(404) => confirmed(None),
            Err(e) => Err(e.into()),
            Ok(_) => not_applied(),
        },
    }
}

/// Whether the applications the tenant has enabled now show the plan's
/// changes to them.
fn apps_applied(client: &Client, plan: &Plan, id: &str) -> Result<bool, ApiError> {
    match plan.apps.as_ref().filter(|a| !a.changes.is_empty()) {
        None => Ok(true),
        Some(a) => Ok(apps::applied(&a.changes, &client.enabled_client_ids(id)?)),
    }
}
