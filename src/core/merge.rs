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
        return mine.cloned();
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
