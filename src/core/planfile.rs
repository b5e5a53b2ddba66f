//! Plans that cannot go stale (SPEC §1.5): what `diff --plan-out` writes
//! and `push --plan` sends. Pure: the digest of a tenant object, and the
//! check that a plan never holds a secret.

use serde_json::Value;

/// The plan file's format version.
pub const VERSION: u64 = 1;

/// The digest of a tenant object: SHA-256 of its JSON with every object's
/// keys sorted (the server's key order does not make it another object),
/// its secrets masked first: a digest over them would let anyone holding
/// the plan guess a weak one offline (from the review). A secret changed
/// on the tenant needs no digest: the plan holds stand-ins, and the push
/// sends what the tenant has then.
pub fn digest(v: &Value) -> String {
    let v = crate::core::fields::masked("", v);
    let mut text = String::new();
    canonical(&v, &mut text);
    let d = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    let hex: String = d.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The places where a connection body (or a predicted connection) sets a
/// secret to something else than the tenant has now: a plan holds secrets
/// only as stand-ins (restored from the tenant when it is pushed), so such
/// a change cannot be planned.
pub fn secret_changes(body: &Value, current: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk("", body, current, &mut out);
    out
}

fn walk(at: &str, v: &Value, current: &Value, out: &mut Vec<String>) {
    use crate::core::fields::{is_kept_secret, is_secret_path, is_secret_value};
    if (is_secret_path(at) || is_secret_value(v)) && !is_kept_secret(v) {
        if current.pointer(at) != Some(v) {
            out.push(at.to_string());
        }
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                walk(&crate::core::pointer::child(at, k), x, current, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(&crate::core::pointer::index(at, i), x, current, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_digest_ignores_key_order_and_sees_every_value() {
        let a = json!({"id": "con_1", "options": {"a": 1, "b": [1, {"y": 2, "x": 1}]}});
        let b = json!({"options": {"b": [1, {"x": 1, "y": 2}], "a": 1}, "id": "con_1"});
        assert_eq!(digest(&a), digest(&b));
        assert!(digest(&a).starts_with("sha256:") && digest(&a).len() == 7 + 64);
        let c = json!({"id": "con_1", "options": {"a": 1, "b": [1, {"y": 2, "x": 2}]}});
        assert_ne!(digest(&a), digest(&c));
        // Secrets do not count (the push restores the tenant's own).
        let s1 = json!({"options": {"client_secret": "a"}});
        let s2 = json!({"options": {"client_secret": "b"}});
        assert_eq!(digest(&s1), digest(&s2));
        // Not fooled by a key that holds what another's text would.
        assert_ne!(digest(&json!({"a,b": 1})), digest(&json!({"a": {"b": 1}})));
    }

    #[test]
    fn a_changed_secret_cannot_be_planned() {
        let current = json!({"options": {"client_secret": "old", "domain": "x"}});
        let same = json!({"options": {"client_secret": "old", "domain": "y"}});
        assert!(secret_changes(&same, &current).is_empty());
        let kept = json!({"options": {"client_secret": "(secret, kept)"}});
        assert!(secret_changes(&kept, &current).is_empty());
        let new = json!({"options": {"client_secret": "new", "configuration": {"K": "v"}}});
        assert_eq!(
            secret_changes(&new, &current),
            ["/options/client_secret", "/options/configuration"]
        );
    }
}
