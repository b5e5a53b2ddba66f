//! What a push sends and what it will change, computed without I/O: request
//! bodies, the whole-`options` merge for connections (Auth0 replaces
//! `options` whole), the legacy/flexible policy switch, and the clean-up of a
//! pulled connection.

use crate::core::policy;
use crate::core::rules::connection::LEGACY_POLICY_KEYS;
use serde_json::{Map, Value};

/// The body of a profile create: the document without `id` (read-only) and
/// without `null` values, which only the server writes.
pub fn profile_create_body(local: &Value) -> Value {
    let mut body = local.as_object().cloned().unwrap_or_default();
    body.remove("id");
    body.retain(|_, v| !v.is_null());
    Value::Object(body)
}

/// The body of a connection create (`POST /connections`): the document's
/// creatable keys only (never `id`, a read-only key or `enabled_clients`,
/// which Auth0 refuses in a body and which goes through
/// `/connections/{id}/clients` once the connection exists), without `null`
/// values (in a file they mean "not set"; a create has nothing to unset).
pub fn connection_create_body(local: &Value) -> Value {
    let keep: Vec<&str> = crate::core::fields::connection::creatable_keys().collect();
    let mut body: Map<String, Value> = local
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| keep.contains(&k.as_str()) && !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(Value::Object(o)) = body.get_mut("options") {
        o.retain(|_, v| !v.is_null());
    }
    Value::Object(body)
}

/// The body of a profile PATCH: only the top-level keys whose value differs
/// from the tenant's (absent and `null` count as the same). Echoing unchanged
/// fields back would send the server's own `null`s, which it refuses, and
/// would overwrite what someone else changed meanwhile.
pub fn profile_patch_body(local: &Value, current: &Value) -> Value {
    let mut body = Map::new();
    for (k, v) in local.as_object().into_iter().flatten() {
        if k == "id" {
            continue;
        }
        let now = current.get(k).unwrap_or(&Value::Null);
        if v != now {
            body.insert(k.clone(), v.clone());
        }
    }
    Value::Object(body)
}

/// The body of a PATCH that puts a profile back as `before` was, given what
/// the tenant has `now`, and notes on what cannot be put back exactly.
///
/// A field that was never set (`null` or absent before) cannot always be
/// unset again: Auth0 refuses `null` in a PATCH except for
/// `strategy_overrides`. Where an empty value means the same (`[]`, `{}`,
/// `""`) it is sent instead; where none exists the field stays as it is now.
pub fn profile_restore_body(before: &Value, now: &Value) -> (Value, Vec<String>) {
    let mut body = Map::new();
    let mut notes = Vec::new();
    let keys = before
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .chain(now.as_object().into_iter().flatten().map(|(k, _)| k));
    let mut seen = std::collections::HashSet::new();
    for k in keys {
        if k == "id" || !seen.insert(k.clone()) {
            continue;
        }
        let was = before.get(k).unwrap_or(&Value::Null);
        let is = now.get(k).unwrap_or(&Value::Null);
        if was == is {
            continue;
        }
        if !was.is_null() {
            body.insert(k.clone(), was.clone());
            continue;
        }
        match unset_value(k) {
            Some(v) if &v == is => {}
            Some(v) => {
                if !v.is_null() {
                    notes.push(format!(
                        "{k} was not set; Auth0 cannot unset it, so it becomes {}, the nearest value it accepts",
                        crate::core::diff::short(&v)
                    ));
                }
                body.insert(k.clone(), v);
            }
            None => notes.push(format!(
                "{k} was not set; Auth0 cannot unset it, so it stays as it is"
            )),
        }
    }
    (Value::Object(body), notes)
}

/// What a PATCH sends to bring a top-level profile field back to "not set"
/// (the profile's field table says).
fn unset_value(key: &str) -> Option<Value> {
    crate::core::fields::profile::field(&crate::core::pointer::child("", key))?.unset_value()
}

/// The profile as it will be after a PATCH with `body` (top-level keys replaced).
pub fn predict_profile(current: &Value, body: &Value) -> Value {
    let mut after = current.clone();
    if let (Some(a), Some(b)) = (after.as_object_mut(), body.as_object()) {
        for (k, v) in b {
            a.insert(k.clone(), v.clone());
        }
    }
    after
}

/// The complete `options` to PATCH: the tenant's current options with the
/// file's options merged over them, so keys the file does not mention
/// (scripts, encrypted configuration, mfa, …) survive. When the file uses the
/// other password policy than the tenant, the tenant's inert group is removed
/// first: Auth0's documented switch. Notes say what the merge did.
pub fn merge_options(
    current: &Map<String, Value>,
    file: &Map<String, Value>,
) -> (Map<String, Value>, Vec<String>) {
    let mut merged = current.clone();
    let mut notes = Vec::new();
    let file_flexible = policy::uses_flexible(file);
    let file_legacy = LEGACY_POLICY_KEYS
        .iter()
        .any(|k| file.get(*k).is_some_and(|v| !v.is_null()));
    let tenant_flexible = policy::uses_flexible(current);
    if file_flexible {
        let dropped: Vec<&str> = LEGACY_POLICY_KEYS
            .iter()
            .copied()
            .filter(|k| merged.contains_key(*k))
            .collect();
        for k in &dropped {
            merged.shift_remove(*k);
        }
        if !tenant_flexible {
            notes.push(
                "switches the password policy from the legacy policy to password_options"
                    .to_string(),
            );
        } else if !dropped.is_empty() {
            notes.push(format!(
                "removes the inert legacy keys {}",
                dropped.join(", ")
            ));
        }
    } else if file_legacy && tenant_flexible {
        merged.shift_remove("password_options");
        notes.push(
            "switches the password policy from password_options to the legacy policy".to_string(),
        );
    }
    // `attributes` and `validation` / `requires_username` cannot go together
    // (400 "Cannot set both …"): the file's choice replaces the tenant's, as
    // deploy-cli does, or a clean file would be refused.
    let sets = |m: &Map<String, Value>, k: &str| m.get(k).is_some_and(|v| !v.is_null());
    if sets(file, "attributes") {
        let dropped: Vec<&str> = ["validation", "requires_username"]
            .into_iter()
            .filter(|k| !file.contains_key(*k) && merged.contains_key(*k))
            .collect();
        for k in &dropped {
            merged.shift_remove(*k);
        }
        if !dropped.is_empty() {
            notes.push(format!(
                "removes the tenant's {} (the file sets attributes, which Auth0 refuses beside {})",
                dropped.join(" and "),
                if dropped.len() == 1 { "it" } else { "them" }
            ));
        }
    } else if (sets(file, "validation")
        || file.get("requires_username") == Some(&Value::Bool(true)))
        && merged.contains_key("attributes")
        && !file.contains_key("attributes")
    {
        merged.shift_remove("attributes");
        notes.push(
            "removes the tenant's attributes (the file sets validation or requires_username, which Auth0 refuses beside them)"
                .to_string(),
        );
    }
    for (k, v) in file {
        merged.insert(k.clone(), v.clone());
    }
    (merged, notes)
}

/// The writable top-level keys of a connection file that differ from the
/// tenant's (never `name`, `strategy`, `id`: the field table says which).
pub fn connection_top_level_changes(current: &Value, file: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for key in crate::core::fields::connection::patchable_keys() {
        if let Some(v) = file.get(key)
            && current.get(key) != Some(v)
        {
            out.insert(key.to_string(), v.clone());
        }
    }
    out
}

/// Warnings about option changes Auth0 does not allow or that are risky.
pub fn option_change_warnings(
    current: &Map<String, Value>,
    merged: &Map<String, Value>,
) -> Vec<String> {
    let mut out = Vec::new();
    let get = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_bool);
    if get(current, "enable_script_context") == Some(true)
        && get(merged, "enable_script_context") != Some(true)
    {
        out.push("enable_script_context cannot be turned off once it is on".to_string());
    }
    if get(current, "enabledDatabaseCustomization") != get(merged, "enabledDatabaseCustomization") {
        out.push(
            "enabledDatabaseCustomization cannot change once the database has users".to_string(),
        );
    }
    out
}

/// A connection as pulled: when `password_options` is present it is the
/// policy in effect and the legacy keys are inert leftovers, so they are
/// dropped (and named in the notes).
pub fn clean_pulled_connection(conn: Value) -> (Value, Vec<String>) {
    // Secrets never leave the tenant: the file holds stand-ins that a push
    // replaces by the tenant's values (SPEC §1.4: "sent back as read").
    let mut masked = conn.clone();
    if let Some(o) = masked.get_mut("options") {
        *o = crate::core::fields::masked("/options", o);
    }
    let mut notes = Vec::new();
    if masked != conn {
        notes.push(
            "secret options are written as \"(secret, kept)\" / \"(encrypted, kept)\": a push keeps the tenant's values"
                .to_string(),
        );
    }
    let mut conn = masked;
    if let Some(o) = conn.get_mut("options").and_then(Value::as_object_mut)
        && policy::uses_flexible(o)
    {
        let inert: Vec<&str> = LEGACY_POLICY_KEYS
            .iter()
            .copied()
            .filter(|k| o.contains_key(*k))
            .collect();
        for k in &inert {
            o.shift_remove(*k);
        }
        if !inert.is_empty() {
            notes.push(format!(
                "dropped the inert legacy keys {} (password_options is the policy in effect)",
                inert.join(", ")
            ));
        }
    }
    (conn, notes)
}

/// A file name for a profile, as auth0-deploy-cli names them: the profile's
/// name with characters a file name cannot hold replaced by `-`.
pub fn profile_file_name(name: &str) -> String {
    format!("{}.json", crate::core::tree::safe_name(name, "profile"))
}

/// `document` with `id` set as its first key (after a create), everything
/// else as it was.
pub fn with_id(document: &Value, id: &str) -> Value {
    let mut out = Map::new();
    out.insert("id".to_string(), Value::from(id));
    if let Some(m) = document.as_object() {
        for (k, v) in m.iter().filter(|(k, _)| *k != "id") {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn untouched_options_survive_the_merge() {
        let current = map(
            json!({"customScripts": {"login": "x"}, "configuration": {"k": "enc"}, "mfa": {"active": true}, "passwordPolicy": "low"}),
        );
        let file = map(json!({"passwordPolicy": "good"}));
        let (merged, notes) = merge_options(&current, &file);
        assert_eq!(
            Value::Object(merged),
            json!({"customScripts": {"login": "x"}, "configuration": {"k": "enc"}, "mfa": {"active": true}, "passwordPolicy": "good"})
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn the_policy_switch_removes_the_other_group() {
        let legacy =
            map(json!({"passwordPolicy": "good", "password_history": {"enable": true}, "mfa": {}}));
        let flexible = map(json!({"password_options": {"complexity": {"min_length": 12}}}));
        let (merged, notes) = merge_options(&legacy, &flexible);
        assert_eq!(
            Value::Object(merged),
            json!({"mfa": {}, "password_options": {"complexity": {"min_length": 12}}})
        );
        assert!(notes[0].contains("to password_options"));
        let (back, notes) = merge_options(
            &map(json!({"password_options": {}, "mfa": {}})),
            &map(json!({"passwordPolicy": "fair"})),
        );
        assert_eq!(
            Value::Object(back),
            json!({"mfa": {}, "passwordPolicy": "fair"})
        );
        assert!(notes[0].contains("to the legacy policy"));
    }

    #[test]
    fn a_patch_sends_only_what_changes() {
        let current = json!({"id": "cop_1", "name": "a", "connection_config": null, "enabled_features": ["scim"]});
        let local = json!({"id": "cop_1", "name": "b", "connection_config": null, "enabled_features": ["scim"]});
        assert_eq!(profile_patch_body(&local, &current), json!({"name": "b"}));
        let clear = json!({"id": "cop_1", "name": "a", "enabled_features": null});
        assert_eq!(
            profile_patch_body(&clear, &current),
            json!({"enabled_features": null}),
            "a deliberate null is sent"
        );
    }

    #[test]
    fn bodies_and_ids() {
        let p = json!({"id": "cop_1", "name": "a", "strategy_overrides": null});
        assert_eq!(profile_create_body(&p), json!({"name": "a"}));
        let with = with_id(&json!({"name": "a", "enabled_features": []}), "cop_9");
        assert_eq!(
            serde_json::to_string(&with).unwrap(),
            r#"{"id":"cop_9","name":"a","enabled_features":[]}"#
        );
        assert_eq!(profile_file_name("Okta: Acme/EU"), "Okta- Acme-EU.json");
    }

    #[test]
    fn pulled_connections_lose_inert_legacy_keys() {
        let (c, notes) = clean_pulled_connection(
            json!({"options": {"passwordPolicy": "good", "password_options": {}, "mfa": {}}}),
        );
        assert_eq!(c, json!({"options": {"password_options": {}, "mfa": {}}}));
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn risky_changes_are_named() {
        let w = option_change_warnings(
            &map(json!({"enable_script_context": true})),
            &map(json!({"enable_script_context": false})),
        );
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn restoring_a_profile_sends_what_changed_and_unsets_what_it_can() {
        let before = json!({"id": "cop_1", "name": "a", "organization": null,
            "connection_name_prefix_template": "x", "enabled_features": null,
            "connection_config": null, "strategy_overrides": null});
        let now = json!({"id": "cop_1", "name": "b", "organization": {"show_as_button": "none"},
            "connection_name_prefix_template": "x", "enabled_features": ["scim"],
            "connection_config": null, "strategy_overrides": {"okta": {}}});
        let (body, notes) = profile_restore_body(&before, &now);
        assert_eq!(
            body,
            json!({"name": "a", "enabled_features": [], "strategy_overrides": null})
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("organization was not set"));
        assert!(notes[1].starts_with("enabled_features was not set"));
        // Nothing to do when they agree.
        assert_eq!(profile_restore_body(&before, &before).0, json!({}));
    }
}
