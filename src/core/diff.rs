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

/// One change as the lines a reader needs: a scalar on its line, like
/// [`render_line`] but never shortened; an object or a list added or removed
/// printed whole below its path, each line marked `+` or `-`; a list or a
/// value whose type changed as its old lines then its new ones. Secrets are
/// masked, terminal controls removed.
pub fn render_block(c: &FieldChange) -> Vec<String> {
    let masked = |v: &Option<Value>| v.as_ref().map(|v| crate::core::fields::masked(&c.path, v));
    let (old, new) = (masked(&c.old), masked(&c.new));
    let path = if c.path.is_empty() {
        "(document)"
    } else {
        &c.path
    };
    let one_line = |v: &Option<Value>| v.as_ref().is_none_or(|v| !v.is_object() && !v.is_array());
    let clean = crate::core::scrub::one_line;
    // Text of several lines on both sides (a custom script): a unified
    // line diff, as git shows it, not one escaped string each.
    if let (Some(Value::String(a)), Some(Value::String(b))) = (&old, &new)
        && (a.contains('\n') || b.contains('\n'))
    {
        let mut out = vec![clean(&format!(
            "~ {path}: (text, {} → {} lines)",
            a.lines().count(),
            b.lines().count()
        ))];
        let d = similar::TextDiff::from_lines(a.as_str(), b.as_str());
        for hunk in d.unified_diff().context_radius(3).iter_hunks() {
            out.push(clean(&format!("  {}", hunk.header())));
            for change in hunk.iter_changes() {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                let text = change.value().trim_end_matches(['\n', '\r']);
                out.push(clean(&format!("{sign} {text}")));
            }
        }
        return out;
    }
    // A script added or removed: its lines.
    if let (None, Some(Value::String(t))) | (Some(Value::String(t)), None) = (&old, &new)
        && t.contains('\n')
    {
        let sign = if new.is_some() { '+' } else { '-' };
        let mut out = vec![clean(&format!(
            "{sign} {path}: (text, {} lines)",
            t.lines().count()
        ))];
        out.extend(t.lines().map(|l| clean(&format!("{sign}     {l}"))));
        return out;
    }
    if one_line(&old) && one_line(&new) {
        let v = |v: &Option<Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
        return vec![clean(&match c.kind {
            ChangeKind::Added => format!("+ {path}: {}", v(&new)),
            ChangeKind::Removed => format!("- {path}: {}", v(&old)),
            ChangeKind::Changed if old == new => format!("~ {path}: {} (changed)", v(&new)),
            ChangeKind::Changed => format!("~ {path}: {} → {}", v(&old), v(&new)),
        })];
    }
    let mark = match c.kind {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    };
    let mut out = vec![clean(&format!("{mark} {path}:"))];
    for (sign, v) in [('-', &old), ('+', &new)] {
        if let Some(v) = v {
            let text = serde_json::to_string_pretty(v).unwrap_or_default();
            out.extend(text.lines().map(|l| clean(&format!("{sign}     {l}"))));
        }
    }
    out
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

    #[test]
    fn a_script_diffs_line_by_line() {
        let old = "function login(email, password, cb) {\n  const a = 1;\n  return cb(null);\n}\n";
        let new = "function login(email, password, cb) {\n  const a = 2;\n  return cb(null);\n}\n";
        let c = diff(
            &json!({"options": {"customScripts": {"login": old}}}),
            &json!({"options": {"customScripts": {"login": new}}}),
        );
        let b = render_block(&c[0]);
        assert_eq!(b[0], "~ /options/customScripts/login: (text, 4 → 4 lines)");
        assert_eq!(b[1], "  @@ -1,4 +1,4 @@");
        assert!(b.contains(&"-   const a = 1;".to_string()), "{b:?}");
        assert!(b.contains(&"+   const a = 2;".to_string()), "{b:?}");
        assert!(
            b.contains(&"  function login(email, password, cb) {".to_string()),
            "{b:?}"
        );
    }

    #[test]
    fn blocks_show_added_objects_whole_and_scalars_unshortened() {
        let long = "x".repeat(200);
        let changes = diff(
            &json!({"a": 1, "s": "short", "o": {"k": [1]}}),
            &json!({"a": 2, "s": long, "p": {"complexity": {"min_length": 8}}}),
        );
        let blocks: Vec<Vec<String>> = changes.iter().map(render_block).collect();
        assert_eq!(blocks[0], ["~ /a: 1 → 2"]);
        assert_eq!(blocks[1], [format!("~ /s: \"short\" → \"{long}\"")]);
        assert_eq!(
            blocks[2],
            [
                "- /o:",
                "-     {",
                "-       \"k\": [",
                "-         1",
                "-       ]",
                "-     }"
            ]
        );
        assert_eq!(blocks[3][0], "+ /p:");
        assert!(
            blocks[3].contains(&"+         \"min_length\": 8".to_string()),
            "{:?}",
            blocks[3]
        );
    }
}
