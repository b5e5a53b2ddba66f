//! A three-way merge of JSON values: what changed from `base` to `mine` is
//! applied onto `theirs`, key by key through objects (arrays and scalars
//! are whole values). Where both sides changed one place to different
//! values, `theirs` is kept and the place is named: nobody's change is
//! dropped without a word. Pure: the editor's reload uses it, and the push
//! can (SPEC §1.5).

use serde_json::{Map, Value};

/// The merged value and the places (JSON Pointers) where `mine` and
/// `theirs` changed the same place differently (`theirs` kept there).
pub fn three_way(base: &Value, mine: &Value, theirs: &Value) -> (Value, Vec<String>) {
    let mut conflicts = Vec::new();
    let merged = merge("", Some(base), Some(mine), Some(theirs), &mut conflicts);
    (merged.unwrap_or(Value::Null), conflicts)
}

/// `None` is "no such key".
fn merge(
    at: &str,
    base: Option<&Value>,
    mine: Option<&Value>,
    theirs: Option<&Value>,
    conflicts: &mut Vec<String>,
) -> Option<Value> {
    if mine == base {
        return theirs.cloned();
    }
    if theirs == base || theirs == mine {
        // Equal as values, but the file's key order is theirs (a writer
        // that only reordered keys, or made the same edit): kept, so the
        // next save does not move their lines back.
        return mine.map(|m| match theirs {
            Some(t) => in_order_of(m, t),
            None => m.clone(),
        });
    }
    // Both changed: objects key by key, anything else is a conflict.
    if let (Some(Value::Object(b)), Some(Value::Object(m)), Some(Value::Object(t))) =
        (base, mine, theirs)
    {
        let mut out = Map::new();
        // Their key order first (the file as it is now), then keys only mine has.
        let keys = t.keys().chain(m.keys().filter(|k| !t.contains_key(*k)));
        let mut seen = std::collections::HashSet::new();
        for k in keys {
            if !seen.insert(k.clone()) {
                continue;
            }
            let p = crate::core::pointer::child(at, k);
            if let Some(v) = merge(&p, b.get(k), m.get(k), t.get(k), conflicts) {
                out.insert(k.clone(), v);
            }
        }
        return Some(Value::Object(out));
    }
    conflicts.push(at.to_string());
    theirs.cloned()
}

/// `mine` with its objects' keys in `theirs`' order where `theirs` has
/// them (keys only `mine` has follow, in its order); arrays and scalars as
/// `mine` has them.
fn in_order_of(mine: &Value, theirs: &Value) -> Value {
    match (mine, theirs) {
        (Value::Object(m), Value::Object(t)) => {
            let mut out = Map::new();
            for (k, tv) in t {
                if let Some(mv) = m.get(k) {
                    out.insert(k.clone(), in_order_of(mv, tv));
                }
            }
            for (k, mv) in m {
                if !t.contains_key(k) {
                    out.insert(k.clone(), mv.clone());
                }
            }
            Value::Object(out)
        }
        _ => mine.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Issue 26: a reload keeps the other writer's key order (they only
    /// reordered; the edit is applied in their order).
    #[test]
    fn the_other_sides_key_order_is_kept() {
        let base = json!({"a": 1, "b": {"x": 1, "y": 2}, "c": 3});
        let mine = json!({"a": 1, "b": {"x": 1, "y": 5}, "c": 3});
        let theirs = json!({"c": 3, "b": {"y": 2, "x": 1}, "a": 1});
        let (merged, clashes) = three_way(&base, &mine, &theirs);
        assert!(clashes.is_empty());
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&merged), ["c", "b", "a"]);
        assert_eq!(keys(&merged["b"]), ["y", "x"]);
        assert_eq!(merged["b"]["y"], 5);
        // The same edit on both sides: their order too.
        let theirs = json!({"c": 3, "b": {"y": 5, "x": 1}, "a": 1});
        let (merged, _) = three_way(&base, &mine, &theirs);
        assert_eq!(keys(&merged), ["c", "b", "a"]);
    }

    #[test]
    fn both_sides_keep_their_changes_and_a_clash_is_named() {
        let base = json!({"a": 1, "b": {"x": 1, "y": 1}, "c": [1], "gone": true});
        let mine = json!({"a": 2, "b": {"x": 2, "y": 1}, "c": [1], "gone": true, "new": "m"});
        let theirs = json!({"a": 1, "b": {"x": 1, "y": 3}, "c": [2], "z": 0});
        let (merged, clashes) = three_way(&base, &mine, &theirs);
        assert_eq!(
            merged,
            json!({"a": 2, "b": {"x": 2, "y": 3}, "c": [2], "z": 0, "new": "m"})
        );
        assert!(clashes.is_empty(), "{clashes:?}");
        // Both changed one place differently: theirs kept, the place named.
        let (merged, clashes) = three_way(&json!({"a": 1}), &json!({"a": 2}), &json!({"a": 3}));
        assert_eq!(merged, json!({"a": 3}));
        assert_eq!(clashes, vec!["/a".to_string()]);
        // Mine removed a key they did not touch: removed.
        let (merged, _) = three_way(
            &json!({"a": 1, "b": 2}),
            &json!({"a": 1}),
            &json!({"a": 5, "b": 2}),
        );
        assert_eq!(merged, json!({"a": 5}));
    }
}

/// What a three-way push makes of a file (SPEC §1.5).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PushMerge {
    /// The file with every place only the tenant changed since the base
    /// set to the tenant's value (so the push leaves it as it is).
    pub file: Value,
    /// Places the tenant changed since the base and the file did not: kept.
    pub kept: Vec<String>,
    /// Places both changed, to different values: nothing may be sent.
    pub conflicts: Vec<String>,
}

/// Compares base, file and tenant now, key by key: the top level, and a
/// connection's `options` key by key, one level deeper for objects. Values
/// are compared as shown (secrets as their stand-ins: `masked`), so a
/// secret kept on the tenant is never taken for a change. Keys the file
/// does not have are left to the push's own merge (it keeps the tenant's).
pub fn push_merge(base: &Value, file: &Value, tenant: &Value) -> PushMerge {
    let base = crate::core::fields::masked("", base);
    let tenant_shown = crate::core::fields::masked("", tenant);
    let mut out = PushMerge {
        file: file.clone(),
        ..PushMerge::default()
    };
    // The password policy is one choice, not keys: if the tenant switched
    // between the legacy policy and password_options since the base, and
    // the file sets a policy of the old kind, the push would switch it back
    // (merge_options' documented switch): a conflict, not a key-by-key merge.
    let flexible = |v: &Value| crate::core::policy::connection_uses_flexible(v);
    let file_sets_legacy = file
        .get("options")
        .and_then(Value::as_object)
        .is_some_and(|o| {
            crate::core::fields::connection::LEGACY_POLICY_KEYS
                .iter()
                .any(|k| o.get(*k).is_some_and(|v| !v.is_null()))
        });
    let file_kind = if flexible(file) {
        Some(true)
    } else if file_sets_legacy {
        Some(false)
    } else {
        None
    };
    // Only when the file changed its policy since the base: an unchanged
    // one is left to the key-by-key merge (the tenant's switch is kept).
    let policy_changed = crate::core::fields::connection::LEGACY_POLICY_KEYS
        .iter()
        .chain(&["password_options"])
        .any(|k| {
            let p = format!("/options/{k}");
            file.pointer(&p).is_some() && file.pointer(&p) != base.pointer(&p)
        });
    if base.get("options").is_some()
        && tenant.get("options").is_some()
        && flexible(&base) != flexible(tenant)
        && file_kind == Some(flexible(&base))
        && policy_changed
    {
        out.conflicts.push("/options/password_options".to_string());
        return out;
    }
    let Some(keys) = file
        .as_object()
        .map(|m| m.keys().cloned().collect::<Vec<_>>())
    else {
        return out;
    };
    for k in keys {
        // The applications are merged one by one (core::apps::delta).
        if matches!(k.as_str(), "id" | "name" | "strategy" | "enabled_clients") {
            continue;
        }
        let p = crate::core::pointer::child("", &k);
        if k == "options" {
            let option_keys: Vec<String> = file
                .get("options")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for o in option_keys {
                let op = crate::core::pointer::child(&p, &o);
                let f = file.pointer(&op).cloned();
                let objects = [base.pointer(&op), f.as_ref(), tenant_shown.pointer(&op)]
                    .iter()
                    .all(|v| v.is_none_or(Value::is_object));
                if objects && f.as_ref().is_some_and(Value::is_object) {
                    // The file's keys, then what the base or the tenant has
                    // besides (a key the tenant added inside the object is
                    // kept: the push sends the object whole).
                    let mut inner: Vec<String> = Vec::new();
                    for v in [f.as_ref(), base.pointer(&op), tenant_shown.pointer(&op)] {
                        for k in v
                            .and_then(Value::as_object)
                            .into_iter()
                            .flat_map(|m| m.keys())
                        {
                            if !inner.contains(k) {
                                inner.push(k.clone());
                            }
                        }
                    }
                    for i in inner {
                        let ip = crate::core::pointer::child(&op, &i);
                        place(&ip, &base, &tenant_shown, tenant, &mut out);
                    }
                } else {
                    place(&op, &base, &tenant_shown, tenant, &mut out);
                }
            }
        } else {
            place(&p, &base, &tenant_shown, tenant, &mut out);
        }
    }
    out
}

/// One place of [`push_merge`].
fn place(at: &str, base: &Value, tenant_shown: &Value, tenant: &Value, out: &mut PushMerge) {
    let b = base.pointer(at);
    let t = tenant_shown.pointer(at);
    let f = out
        .file
        .pointer(at)
        .map(|v| crate::core::fields::masked(at, v));
    let f = f.as_ref();
    if t == b || f == t {
        return;
    }
    if f == b {
        // Only the tenant changed it: the file takes the tenant's value.
        let real = tenant.pointer(at).cloned();
        set(&mut out.file, at, real);
        out.kept.push(at.to_string());
    } else {
        out.conflicts.push(at.to_string());
    }
}

/// Settles conflicts with the tenant's values: each conflicting place of
/// `file` takes what `tenant` has there (removed where it has nothing). The
/// password policy is one choice: its conflict takes the tenant's whole
/// policy (`password_options` and the legacy keys alike).
pub fn take_tenant(file: &mut Value, tenant: &Value, conflicts: &[String]) {
    for c in conflicts {
        if c == "/options/password_options" {
            for k in crate::core::fields::connection::LEGACY_POLICY_KEYS
                .iter()
                .chain(&["password_options"])
            {
                let p = format!("/options/{k}");
                set(file, &p, tenant.pointer(&p).cloned());
            }
        } else {
            set(file, c, tenant.pointer(c).cloned());
        }
    }
}

/// Sets (or with `None` removes) the value at `at`, whose parent exists.
pub fn set_at(doc: &mut Value, at: &str, v: Option<Value>) {
    set(doc, at, v)
}

fn set(doc: &mut Value, at: &str, v: Option<Value>) {
    let (parent, key) = at.rsplit_once('/').unwrap_or(("", at));
    let key = key.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(m)) = doc.pointer_mut(parent) {
        match v {
            Some(v) => {
                m.insert(key, v);
            }
            None => {
                m.shift_remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod push_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_colleagues_change_is_kept_and_a_clash_found() {
        let base = json!({"id": "con_1", "display_name": "A", "options": {"brute_force_protection": true, "passwordPolicy": "fair", "mfa": {"active": true, "return_enroll_settings": true}}});
        // The colleague turned brute-force protection off and mfa's enrol flag.
        let tenant = json!({"id": "con_1", "display_name": "A", "options": {"brute_force_protection": false, "passwordPolicy": "fair", "mfa": {"active": true, "return_enroll_settings": false}}});
        // The file (pulled at the base) changes the policy only.
        let file = json!({"id": "con_1", "display_name": "A", "options": {"brute_force_protection": true, "passwordPolicy": "good", "mfa": {"active": true, "return_enroll_settings": true}}});
        let m = push_merge(&base, &file, &tenant);
        assert!(m.conflicts.is_empty(), "{m:?}");
        assert_eq!(
            m.kept,
            vec![
                "/options/brute_force_protection",
                "/options/mfa/return_enroll_settings"
            ]
        );
        assert_eq!(m.file["options"]["brute_force_protection"], false);
        assert_eq!(m.file["options"]["passwordPolicy"], "good");
        assert_eq!(m.file["options"]["mfa"]["return_enroll_settings"], false);
        // The tenant switched to password_options; the file keeps the legacy
        // policy it had: a conflict (the push would switch it back).
        let b = json!({"options": {"passwordPolicy": "fair"}});
        let t = json!({"options": {"password_options": {"complexity": {"min_length": 12}}}});
        let f = json!({"options": {"passwordPolicy": "good"}});
        assert_eq!(
            push_merge(&b, &f, &t).conflicts,
            vec!["/options/password_options"]
        );
        // A file that did not touch its policy: no conflict, the switch kept.
        let m = push_merge(&b, &b, &t);
        assert!(m.conflicts.is_empty(), "{m:?}");
        assert!(m.file["options"].get("passwordPolicy").is_none(), "{m:?}");
        // Both changed the display name differently: a conflict.
        let mut f2 = file.clone();
        f2["display_name"] = json!("B");
        let mut t2 = tenant.clone();
        t2["display_name"] = json!("C");
        assert_eq!(push_merge(&base, &f2, &t2).conflicts, vec!["/display_name"]);
        // A secret kept on the tenant is never a change of either side.
        let b = json!({"options": {"client_secret": "(secret, kept)"}});
        let t = json!({"options": {"client_secret": "real-secret-value"}});
        let f = json!({"options": {"client_secret": "(secret, kept)"}});
        let m = push_merge(&b, &f, &t);
        assert!(m.kept.is_empty() && m.conflicts.is_empty(), "{m:?}");
    }
}
