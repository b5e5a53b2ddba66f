//! Plans that cannot go stale (SPEC §1.5, issue 29): `diff --plan-out`
//! writes, per document, the digest of the tenant's object and the exact
//! body that would be sent (secrets as stand-ins, never a secret);
//! `push --plan` sends exactly those bodies, and only if every object's
//! digest still matches.

use super::Client;
use super::push::{APPS_PATH, Action, AppsPlan, Plan, PushError, Target, app_change, with_apps};
use crate::core::diff::diff;
use crate::core::fields::{masked, restore_kept_secrets};
use crate::core::{apps, planfile};
use serde_json::{Value, json};

/// One document of a plan as the plan file holds it. `Err` says why it
/// cannot be planned (it changes a secret).
pub fn entry(file: &str, plan: &Plan) -> Result<Value, String> {
    let mut secrets: Vec<String> = planfile::secret_changes(&plan.body, &plan.current);
    for s in planfile::secret_changes(&plan.predicted, &plan.current) {
        if !secrets.contains(&s) {
            secrets.push(s);
        }
    }
    if !secrets.is_empty() {
        return Err(format!(
            "{file}: the push sets a secret ({}); a plan never holds a secret: push that document directly",
            secrets.join(", ")
        ));
    }
    let (target, id) = match &plan.target {
        // Not planned (yet): its digest would be of nothing, and a create
        // found stale is a name taken since; push the file itself.
        Target::CreateConnection => {
            return Err(format!(
                "{file}: creates a connection, which a plan does not hold yet: push that document directly"
            ));
        }
        Target::CreateProfile => ("create_profile", Value::Null),
        Target::UpdateProfile { id } => ("update_profile", id.clone().into()),
        Target::Connection { id } => ("connection", id.clone().into()),
        Target::DeleteProfile { id } => ("delete_profile", id.clone().into()),
    };
    Ok(json!({
        "file": file,
        "target": target,
        "id": id,
        "label": plan.label,
        "digest": planfile::digest(&plan.current),
        // What the tenant had, secrets masked: names what moved if stale.
        "current": masked("", &plan.current),
        "body": masked("", &plan.body),
        "predicted": masked("", &plan.predicted),
        "apps": plan.apps.as_ref().map(|a| json!({
            "changes": a.changes.iter().map(|c| json!({"client_id": c.id, "name": c.name, "status": c.enable})).collect::<Vec<_>>(),
            "file_ids": a.file_ids,
        })),
        "notes": plan.notes,
        "warnings": plan.warnings,
        "kept": plan.kept,
        "kept_paths": plan.kept_paths,
    }))
}

/// The whole plan file.
pub fn file(tenant: &str, entries: Vec<Value>) -> Value {
    json!({
        "connedit_plan": planfile::VERSION,
        "tenant": tenant,
        "made": crate::io::snapshots::utc_stamp(std::time::SystemTime::now()),
        "documents": entries,
    })
}

/// The documents of a plan file made for `domain`. `Err` says why it
/// cannot be used (another tenant, another format, damaged).
pub fn documents(plan: &Value, domain: &str) -> Result<Vec<Value>, String> {
    if plan.get("connedit_plan").and_then(Value::as_u64) != Some(planfile::VERSION) {
        return Err("not a connedit plan (or one of another version): make it again with connedit diff --plan-out".into());
    }
    let tenant = plan.get("tenant").and_then(Value::as_str).unwrap_or("");
    if tenant != domain {
        return Err(format!(
            "the plan was made for {}, not {domain}: nothing was sent",
            crate::core::scrub::one_line(tenant)
        ));
    }
    let docs = plan
        .get("documents")
        .and_then(Value::as_array)
        .ok_or("the plan has no documents list")?;
    for d in docs {
        let ok = d.get("digest").and_then(Value::as_str).is_some()
            && d.get("body").is_some()
            && d.get("predicted").is_some_and(Value::is_object)
            && matches!(
                d.get("target").and_then(Value::as_str),
                Some("create_profile" | "update_profile" | "connection")
            )
            && (d["target"] == "create_profile" || d.get("id").and_then(Value::as_str).is_some());
        if !ok {
            return Err("the plan is damaged (a document lacks its target, id, digest or body): nothing was sent".into());
        }
    }
    Ok(docs.clone())
}

/// The write of one plan document, if the tenant's object is still what
/// the plan saw: read now, compared by digest; the body's stand-ins take
/// the tenant's secrets. `PushError::Stale` names what moved.
pub fn rebuild(client: &Client, d: &Value) -> Result<Plan, PushError> {
    let label = d["label"].as_str().unwrap_or("?").to_string();
    let target = match (d["target"].as_str(), d["id"].as_str()) {
        (Some("update_profile"), Some(id)) => Target::UpdateProfile { id: id.into() },
        (Some("connection"), Some(id)) => Target::Connection { id: id.into() },
        _ => Target::CreateProfile,
    };
    let stale = |what: String| {
        PushError::Stale(format!(
            "stale plan: {label} changed on {} since the plan was made ({what}); nothing was sent: make the plan again",
            client.domain()
        ))
    };
    let gone = |e: super::ApiError| match e.status() {
        Some(404) => stale("it no longer exists".into()),
        _ => e.into(),
    };
    let now = match &target {
        Target::CreateProfile => {
            let name = &d["predicted"]["name"];
            if let Some(p) = client.list_profiles()?.iter().find(|p| &p["name"] == name) {
                return Err(stale(format!(
                    "a profile named {} exists now ({})",
                    crate::core::scrub::one_line(&name.to_string()),
                    crate::core::scrub::one_line(p["id"].as_str().unwrap_or("?"))
                )));
            }
            json!({})
        }
        Target::UpdateProfile { id } => client.get_profile(id).map_err(gone)?,
        Target::Connection { id } => {
            let mut c = client.get_connection(id).map_err(gone)?;
            if d.get("apps").is_some_and(Value::is_object) {
                with_apps(client, id, &mut c)?;
            }
            c
        }
        Target::DeleteProfile { .. } | Target::CreateConnection => unreachable!("never planned"),
    };
    if planfile::digest(&now) != d["digest"].as_str().unwrap_or("") {
        let moved: Vec<String> = diff(&d["current"], &masked("", &now))
            .into_iter()
            .take(5)
            .map(|c| c.path)
            .collect();
        return Err(stale(if moved.is_empty() {
            "a secret or a value not shown".into()
        } else {
            moved.join(", ")
        }));
    }
    let mut body = d["body"].clone();
    let mut predicted = d["predicted"].clone();
    // The plan holds stand-ins; the tenant (unchanged, by the digest) has
    // the values. A create has no secrets to restore.
    let missing: Vec<String> = restore_kept_secrets("", &mut body, Some(&now))
        .into_iter()
        .chain(restore_kept_secrets("", &mut predicted, Some(&now)))
        .collect();
    if !missing.is_empty() && !matches!(target, Target::CreateProfile) {
        return Err(PushError::NotFound(format!(
            "{label}: {} stands for a secret the tenant does not have; nothing was sent",
            missing.join(", ")
        )));
    }
    let strings = |k: &str| -> Vec<String> {
        d[k].as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let apps = d.get("apps").filter(|a| a.is_object()).map(|a| AppsPlan {
        known: Vec::new(),
        changes: a["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| {
                Some(apps::Change {
                    id: c["client_id"].as_str()?.to_string(),
                    name: c["name"].as_str().unwrap_or_default().to_string(),
                    enable: c["status"].as_bool()?,
                })
            })
            .collect(),
        file_ids: a["file_ids"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
    });
    // The body is what is sent and `predicted` what is shown: they must
    // say the same, or the plan was edited after it was made (from the
    // review: an edited body sent what the screen never showed).
    if expected(&target, &now, &body) != strip_apps(&predicted) {
        return Err(PushError::NotFound(format!(
            "{label}: the plan's body does not match the changes it shows (edited after it was made?); nothing was sent: make the plan again"
        )));
    }
    let mut changes = diff(&now, &predicted);
    if let Some(a) = &apps {
        changes.retain(|c| c.path != APPS_PATH);
        changes.extend(a.changes.iter().map(app_change));
    }
    Ok(Plan {
        target,
        label,
        current: now,
        predicted,
        body,
        changes,
        notes: strings("notes"),
        warnings: strings("warnings"),
        kept: strings("kept"),
        kept_paths: strings("kept_paths"),
        action: Action::Push,
        apps,
        based: true,
    })
}

/// What the tenant's object becomes when `body` is sent (as Auth0 applies
/// it: a profile's top-level keys replaced; a connection's `options`
/// replaced whole, a null member removing a key, and its other keys
/// replaced), without the applications, which have their own list.
fn expected(target: &Target, now: &Value, body: &Value) -> Value {
    let mut after = match target {
        Target::CreateProfile => body.clone(),
        _ => now.clone(),
    };
    if !matches!(target, Target::CreateProfile)
        && let (Some(a), Some(b)) = (after.as_object_mut(), body.as_object())
    {
        for (k, v) in b {
            let v = match (k.as_str(), v, target) {
                ("options", Value::Object(o), Target::Connection { .. }) => Value::Object(
                    o.iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                ),
                _ => v.clone(),
            };
            a.insert(k.clone(), v);
        }
    }
    strip_apps(&after)
}

fn strip_apps(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.shift_remove(apps::KEY);
    }
    v
}
