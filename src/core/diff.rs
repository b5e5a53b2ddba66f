//! A field-by-field diff of two documents: what a push would change.

use crate::core::pointer;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub path: String,
    pub kind: ChangeKind,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The changes from `old` to `new`, in document order. Objects are compared
/// key by key; arrays and scalars as whole values. A key that is `null` on
/// one side and absent on the other is no change (the server writes `null`
/// for what was never set).
pub fn diff(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", old, new, &mut out);
    out
}

fn walk(path: &str, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, av) in a {
                let p = pointer::child(path, k);
                match b.get(k) {
                    Some(bv) => walk(&p, av, bv, out),
                    None if av.is_null() => {}
                    None => out.push(FieldChange {
                        path: p,
                        kind: ChangeKind::Removed,
                        old: Some(av.clone()),
                        new: None,
                    }),
                }
            }
            for (k, bv) in b {
                if !a.contains_key(k) && !bv.is_null() {
                    let p = pointer::child(path, k);
                    out.push(FieldChange {
                        path: p,
                        kind: ChangeKind::Added,
                        old: None,
                        new: Some(bv.clone()),
                    });
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(FieldChange {
            path: path.to_string(),
            kind: ChangeKind::Changed,
            old: Some(a.clone()),
            new: Some(b.clone()),
        }),
    }
}

/// One line per change: `~ /path: old → new`, `+ /path: new`, `- /path: old`.
/// One change as a line (without terminal controls: keys and values come
/// from a file or a server).
pub fn render_line(c: &FieldChange) -> String {
    crate::core::scrub::one_line(&render_raw(c))
}

fn render_raw(c: &FieldChange) -> String {
    // Secrets never reach a diff: shown masked, and a change only as such.
    let v = |v: &Option<Value>| {
        v.as_ref()
            .map(|v| short(&crate::core::fields::masked(&c.path, v)))
            .unwrap_or_default()
    };
    let path = if c.path.is_empty() {
        "(document)"
    } else {
        &c.path
    };
    match c.kind {
        ChangeKind::Added => format!("+ {path}: {}", v(&c.new)),
        ChangeKind::Removed => format!("- {path}: {}", v(&c.old)),
        // Both sides masked alike: say that the secret changed, not what to.
        ChangeKind::Changed if v(&c.old) == v(&c.new) => {
            format!("~ {path}: {} (changed)", v(&c.new))
        }
        ChangeKind::Changed => format!("~ {path}: {} → {}", v(&c.old), v(&c.new)),
    }
}

/// A value in one line, shortened when long.
pub fn short(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if s.chars().count() > 120 {
        let head: String = s.chars().take(117).collect();
        format!("{head}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_each_field_once() {
        let a = json!({"name": "a", "organization": {"show_as_button": "none"}, "x": 1, "n": null});
        let b = json!({"name": "b", "organization": {"show_as_button": "none", "assign_membership_on_login": "required"}, "f": ["scim"]});
        let lines: Vec<String> = diff(&a, &b).iter().map(render_line).collect();
        assert_eq!(
            lines,
            [
                "~ /name: \"a\" → \"b\"",
                "+ /organization/assign_membership_on_login: \"required\"",
                "- /x: 1",
                "+ /f: [\"scim\"]",
            ]
        );
        assert!(diff(&a, &a).is_empty());
    }
}
