//! Rolling a write back: the snapshot taken before it, what the tenant has
//! now, and the write that puts the object back. Planned here, sent by
//! [`super::push::apply`] (which snapshots it first, like any write, so a
//! rollback can itself be rolled back). Shared by `connedit rollback` and the
//! editor.

use super::Client;
use super::push::{APPS_PATH, Action, AppsPlan, Plan, PushError, Target, app_change, with_apps};
use crate::core::diff::{FieldChange, diff};
use crate::core::push::{predict_profile, profile_create_body, profile_restore_body};
use crate::core::{Kind, apps};
use crate::io::snapshots::{Snapshot, Store};
use serde_json::{Value, json};

/// What rolling back to one snapshot means on the tenant now.
#[derive(Debug, Clone)]
pub struct Rollback {
    pub kind: Kind,
    pub id: String,
    pub snapshot: Snapshot,
    /// What changed on the tenant since the snapshot's write (someone else
    /// pushed, or a later write): shown before asking.
    pub drift: Vec<FieldChange>,
    /// The write; `None` when the object is already as it was.
    pub plan: Option<Plan>,
}

/// The id on the tenant of the object a document is about: its `id`, else
/// the profile or connection with its `name`.
pub fn locate(client: &Client, kind: Kind, doc: &Value) -> Result<String, PushError> {
    if let Some(id) = doc.get("id").and_then(Value::as_str) {
        return Ok(id.to_string());
    }
    let Some(name) = doc.get("name").and_then(Value::as_str) else {
        return Err(PushError::NotFound(
            "the document has neither \"id\" nor \"name\": connedit cannot tell which object it is"
                .into(),
        ));
    };
    let found = match kind {
        Kind::Profile => client
            .list_profiles()?
            .into_iter()
            .find(|p| p["name"] == name),
        Kind::Connection => client.find_connection(name)?,
    };
    found
        .as_ref()
        .and_then(|o| o["id"].as_str())
        .map(str::to_string)
        .ok_or_else(|| {
            PushError::NotFound(format!(
                "no {} named {name:?} on {}",
                kind.as_str(),
                client.domain()
            ))
        })
}

/// The snapshot `to` names (its time, or a prefix of exactly one), else the
/// newest. `Err` says why none was chosen.
pub fn choose<'a>(snaps: &'a [Snapshot], to: Option<&str>) -> Result<&'a Snapshot, String> {
    let Some(t) = to else {
        return snaps.first().ok_or_else(|| "no snapshot".to_string());
    };
    if let Some(s) = snaps.iter().find(|s| s.taken == t) {
        return Ok(s);
    }
    let matching: Vec<&Snapshot> = snaps.iter().filter(|s| s.taken.starts_with(t)).collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no snapshot at {t}")),
        many => Err(format!(
            "{t} matches {} snapshots ({}): give more of the time",
            many.len(),
            many.iter()
                .map(|s| s.taken.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// What putting `id` back as it was before the write of snapshot `to` (else
/// the newest) would send. Reads the object from the tenant; sends nothing.
pub fn plan(
    client: &Client,
    store: &Store,
    kind: Kind,
    id: &str,
    to: Option<&str>,
) -> Result<Rollback, PushError> {
    let domain = client.domain().to_string();
    let snaps = store.list(&domain, id);
    let snapshot = choose(&snaps, to).cloned().map_err(|why| {
        PushError::NotFound(format!("{id} on {domain}: {why}; see connedit history"))
    })?;
    // A damaged record must not become a write: a `before` that is not an
    // object (or a connection without its options) would unset everything.
    let damaged = |why: &str| {
        PushError::NotFound(format!(
            "the snapshot {} is damaged ({why}); nothing was sent",
            snapshot.path.display()
        ))
    };
    if let Some(why) = &snapshot.problem {
        return Err(damaged(why));
    }
    // A connection connedit created is listed in the history, but taking it
    // back would delete the connection and its users: not connedit's to do.
    if kind == Kind::Connection && snapshot.before.is_none() && snapshot.action == "create" {
        return Err(PushError::NotFound(format!(
            "connection {id} was created by the push of {}; connedit does not delete connections: delete it in the Dashboard or with DELETE /api/v2/connections/{id} if that is meant; nothing was sent",
            crate::io::snapshots::readable(&snapshot.taken)
        )));
    }
    // Only a create connedit itself recorded may become a delete.
    if snapshot.before.is_none() && !(kind == Kind::Profile && snapshot.action == "create") {
        return Err(damaged(&format!(
            "it saved nothing from before a {:?} write, and only a create connedit recorded may be rolled back by deleting",
            snapshot.action
        )));
    }
    if let Some(before) = &snapshot.before {
        if !before.is_object() {
            return Err(damaged("what it saved is not an object"));
        }
        if kind == Kind::Connection && !before.get("options").is_some_and(Value::is_object) {
            return Err(damaged("it has no options"));
        }
    }
    let read = match kind {
        Kind::Profile => client.get_profile(id),
        Kind::Connection => client.get_connection(id),
    };
    let mut now = match read {
        Ok(v) => Some(v),
        Err(e) if e.status() == Some(404) => None,
        Err(e) => return Err(e.into()),
    };
    // A connection's applications, when the snapshot recorded them: read
    // the tenant's, and put back the ones it had (by id or name).
    let mut apps = None;
    if kind == Kind::Connection
        && let (Some(before), Some(now)) = (&snapshot.before, now.as_mut())
        && let Some(Ok(entries)) = apps::entries(before)
    {
        let (known, enabled) = with_apps(client, id, now)?;
        let was = apps::resolve_known(&entries, &known);
        let delta = apps::delta(&was, &enabled, None, &known);
        apps = Some((known, was, delta));
    }
    // The id is not a change (a create's record has none yet).
    let without_id = |v: Option<&Value>| {
        let mut m = v.and_then(Value::as_object).cloned().unwrap_or_default();
        m.remove("id");
        Value::Object(m)
    };
    let drift = diff(
        &without_id(Some(&snapshot.after)),
        &without_id(now.as_ref()),
    );
    let when = snapshot.taken.clone();
    let plan = match (&snapshot.before, now) {
        // Created, and already gone.
        (None, None) => None,
        (None, Some(now)) => Some(Plan {
            target: Target::DeleteProfile { id: id.to_string() },
            label: format!("delete connection profile {id}"),
            changes: diff(&now, &json!({})),
            current: now,
            predicted: json!({}),
            body: Value::Null,
            notes: vec![format!(
                "deletes the profile, which the push of {when} created"
            )],
            warnings: Vec::new(),
            kept: Vec::new(),
            kept_paths: Vec::new(),
            action: Action::Rollback,
            apps: None,
            based: true,
        }),
        (Some(before), None) => match kind {
            Kind::Profile => {
                let body = profile_create_body(before);
                Some(Plan {
                    target: Target::CreateProfile,
                    label: format!("create connection profile {id} again"),
                    changes: diff(&json!({}), &body),
                    current: json!({}),
                    predicted: body.clone(),
                    body,
                    notes: vec![format!(
                        "{id} no longer exists; it comes back as a new profile with a new id"
                    )],
                    warnings: Vec::new(),
                    kept: Vec::new(),
                    kept_paths: Vec::new(),
                    action: Action::Rollback,
                    apps: None,
                    based: true,
                })
            }
            Kind::Connection => {
                return Err(PushError::NotFound(format!(
                    "connection {id} no longer exists on {domain}; connedit does not create connections"
                )));
            }
        },
        (Some(before), Some(now)) => {
            let (target, body, predicted, notes) = match kind {
                Kind::Profile => {
                    let (body, notes) = profile_restore_body(before, &now);
                    let predicted = predict_profile(&now, &body);
                    (
                        Target::UpdateProfile { id: id.to_string() },
                        body,
                        predicted,
                        notes,
                    )
                }
                // The complete saved options: keys added since go, keys
                // removed since come back; and the top-level keys a push may
                // have changed (null removes one that was not set before).
                Kind::Connection => {
                    let options = before["options"].clone();
                    let mut predicted = now.clone();
                    let mut body = serde_json::Map::new();
                    for key in crate::core::fields::connection::patchable_keys() {
                        let was = before.get(key).filter(|v| !v.is_null());
                        if was != now.get(key).filter(|v| !v.is_null()) {
                            body.insert(key.to_string(), was.cloned().unwrap_or(Value::Null));
                            match (was, predicted.as_object_mut()) {
                                (Some(v), Some(p)) => {
                                    p.insert(key.to_string(), v.clone());
                                }
                                (None, Some(p)) => {
                                    p.remove(key);
                                }
                                _ => {}
                            }
                        }
                    }
                    body.insert("options".into(), options.clone());
                    predicted["options"] = options;
                    if let Some((known, _, delta)) = &apps {
                        predicted[apps::KEY] = apps::names(&delta.after, known).into();
                    }
                    (
                        Target::Connection { id: id.to_string() },
                        Value::Object(body),
                        predicted,
                        Vec::new(),
                    )
                }
            };
            let mut changes = diff(&now, &predicted);
            let apps = apps.map(|(known, file_ids, delta)| {
                changes.retain(|c| c.path != APPS_PATH);
                changes.extend(delta.changes.iter().map(app_change));
                AppsPlan {
                    known,
                    changes: delta.changes,
                    file_ids,
                }
            });
            (!changes.is_empty()).then(|| Plan {
                target,
                label: format!("roll {} {id} back to before {when}", kind.as_str()),
                current: now,
                predicted,
                body,
                changes,
                notes,
                warnings: Vec::new(),
                kept: Vec::new(),
                kept_paths: Vec::new(),
                action: Action::Rollback,
                apps,
                based: true,
            })
        }
    };
    Ok(Rollback {
        kind,
        id: id.to_string(),
        snapshot,
        drift,
        plan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(taken: &str) -> Snapshot {
        Snapshot {
            path: format!("{taken}.json").into(),
            taken: taken.into(),
            kind: "profile".into(),
            id: "cop_1".into(),
            action: "push".into(),
            before: Some(json!({})),
            after: json!({}),
            problem: None,
            correlation: None,
        }
    }

    #[test]
    fn a_snapshot_is_chosen_by_its_time_or_an_unambiguous_prefix() {
        let snaps = [
            snap("20261125T101500.000Z"),
            snap("20261124T213805.123Z"),
            snap("20261124T211500.000Z"),
        ];
        assert_eq!(choose(&snaps, None).unwrap().taken, snaps[0].taken);
        assert_eq!(
            choose(&snaps, Some("20261124T2138")).unwrap().taken,
            snaps[1].taken
        );
        assert_eq!(
            choose(&snaps, Some("20261124T211500.000Z")).unwrap().taken,
            snaps[2].taken
        );
        let err = choose(&snaps, Some("20261124")).unwrap_err();
        assert!(err.contains("matches 2 snapshots"), "{err}");
        assert!(choose(&snaps, Some("2025")).is_err());
        assert!(choose(&[], None).is_err());
    }
}
