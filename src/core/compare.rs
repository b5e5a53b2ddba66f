//! One profile or connection side by side with others (other tenants, or the
//! open document against a tenant): every field, its value on each side, and
//! whether all sides agree. Used by `connedit compare` and the editor.

use crate::core::password::PolicyWords;
use crate::core::{diff, pointer, policy};
use serde_json::{Map, Value};

/// One field across the sides compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// JSON Pointer of the field.
    pub path: String,
    /// Its value on each side; `None` when absent or `null`.
    pub values: Vec<Option<Value>>,
    pub same: bool,
}

/// Keys that name the object on one tenant and so always differ.
const IDENTITY: [&str; 3] = ["id", "enabled_clients", "realms"];

/// Every leaf of a document as (pointer, value); arrays are leaves, ids and
/// other per-tenant identities are left out.
fn leaves(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if path.is_empty() && IDENTITY.contains(&k.as_str()) {
                    continue;
                }
                leaves(x, &pointer::child(path, k), out);
            }
        }
        other => out.push((path.to_string(), other.clone())),
    }
}

/// The fields of `sides` (a side is `None` when the object does not exist
/// there), in first-seen order.
pub fn rows(sides: &[Option<&Value>]) -> Vec<Row> {
    let mut fields: Vec<String> = Vec::new();
    let mut per: Vec<Map<String, Value>> = Vec::new();
    for side in sides {
        let mut l = Vec::new();
        if let Some(d) = side {
            leaves(d, "", &mut l);
        }
        for (p, _) in &l {
            if !fields.contains(p) {
                fields.push(p.clone());
            }
        }
        per.push(l.into_iter().collect());
    }
    fields
        .into_iter()
        .map(|path| {
            let values: Vec<Option<Value>> = per
                .iter()
                .map(|m| m.get(&path).cloned().filter(|v| !v.is_null()))
                .collect();
            // A secret set on every side cannot be compared (a pulled file
            // holds a stand-in, a tenant returns it encrypted with its own
            // key): not a difference. Set on one side only, it is one.
            let secret =
                crate::core::fields::is_secret_path(&path) && values.iter().all(Option::is_some);
            let same = secret || values.windows(2).all(|w| w[0] == w[1]);
            Row { path, values, same }
        })
        .collect()
}

/// Rows restricted to the fields `doc` has: a connection file names only the
/// options it sets, and a push keeps the tenant's others, so only those are
/// compared. Returns the rows and how many fields were left out.
pub fn rows_of_document(doc: &Value, other: Option<&Value>) -> (Vec<Row>, usize) {
    let mut own = Vec::new();
    leaves(doc, "", &mut own);
    let (kept, rest): (Vec<Row>, Vec<Row>) = rows(&[Some(doc), other])
        .into_iter()
        .partition(|r| own.iter().any(|(p, _)| *p == r.path));
    // A `null` on the tenant is the same as not set: nothing left out.
    let left_out = rest.iter().filter(|r| r.values[1].is_some()).count();
    (kept, left_out)
}

/// When the sides' password policies are of different types (the legacy
/// `passwordPolicy` on one, `password_options` on another), field-by-field
/// rows say little: each side's policy in the editor's words instead, `None`
/// for a side without the object. `None` when the types agree.
pub fn policies(sides: &[Option<&Value>]) -> Option<Vec<Option<PolicyWords>>> {
    fn options<'a>(side: &Option<&'a Value>) -> Option<&'a Map<String, Value>> {
        side.and_then(|v| v.get("options")?.as_object())
    }
    let mut kinds = sides.iter().filter_map(options).map(policy::uses_flexible);
    let first = kinds.next()?;
    if kinds.all(|k| k == first) {
        return None;
    }
    Some(
        sides
            .iter()
            .map(|side| options(side).map(crate::core::password::describe))
            .collect(),
    )
}

/// A value as a table shows it, cut at 120 characters; the password policy
/// in the editor's words.
pub fn shown(path: &str, v: Option<&Value>) -> String {
    match v {
        Some(v) if !is_level(path, v) => diff::short(&crate::core::fields::masked(path, v)),
        _ => shown_whole(path, v),
    }
}

/// [`shown`], never cut (where the reader can scroll and lines wrap).
pub fn shown_whole(path: &str, v: Option<&Value>) -> String {
    match v {
        None => "—".to_string(),
        Some(Value::String(s)) if path == "/options/passwordPolicy" => {
            policy::level_meaning(s).to_string()
        }
        Some(v) => serde_json::to_string(&crate::core::fields::masked(path, v)).unwrap_or_default(),
    }
}

fn is_level(path: &str, v: &Value) -> bool {
    path == "/options/passwordPolicy" && v.is_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_exactly_the_differing_fields() {
        let a = json!({"id": "cop_1", "name": "p", "organization": {"show_as_button": "none"}, "enabled_features": ["scim"]});
        let b = json!({"id": "cop_2", "name": "p", "organization": {"show_as_button": "required"}, "enabled_features": null});
        let r = rows(&[Some(&a), Some(&b)]);
        let differ: Vec<&str> = r
            .iter()
            .filter(|r| !r.same)
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(
            differ,
            ["/organization/show_as_button", "/enabled_features"]
        );
        assert!(r.iter().all(|r| r.path != "/id"));
        // Missing on one side: every field differs.
        assert!(rows(&[Some(&a), None]).iter().all(|r| !r.same));
        // An encrypted configuration as pulled (stand-ins) against a
        // tenant's encrypted values: not a difference; missing on one side is.
        let pulled = json!({"options": {"configuration": {"API_KEY": "(encrypted, kept)"}}});
        let tenant = json!({"options": {"configuration": {"API_KEY": "2.0$a1b2c3"}}});
        assert!(rows(&[Some(&pulled), Some(&tenant)]).iter().all(|r| r.same));
        let bare = json!({"options": {}});
        assert!(rows(&[Some(&pulled), Some(&bare)]).iter().any(|r| !r.same));
    }

    #[test]
    fn a_document_is_compared_on_its_own_fields() {
        let doc = json!({"name": "db", "options": {"passwordPolicy": "good"}});
        let tenant = json!({"id": "con_1", "name": "db", "options": {"passwordPolicy": "fair", "customScripts": {"login": "x"}, "mfa": null}});
        let (r, left_out) = rows_of_document(&doc, Some(&tenant));
        assert_eq!(r.len(), 2);
        assert!(!r[1].same);
        assert_eq!(left_out, 1);
        assert_eq!(
            shown("/options/passwordPolicy", r[1].values[1].as_ref()),
            policy::level_meaning("fair")
        );
    }

    #[test]
    fn policies_of_different_types_are_described_whole() {
        let legacy = json!({"options": {"passwordPolicy": "good"}});
        let flexible = json!({"options": {"password_options": {
            "complexity": {"min_length": 12, "character_types": ["uppercase", "number"]},
            "history": {"active": true, "size": 5}
        }}});
        assert_eq!(policies(&[Some(&legacy), Some(&legacy)]), None);
        assert_eq!(policies(&[Some(&legacy), None]), None);
        let both = policies(&[Some(&flexible), Some(&legacy)]).expect("types differ");
        let PolicyWords { name, rules: lines } = both[0].clone().unwrap();
        assert_eq!(name, "password_options (flexible policy)");
        assert_eq!(lines[0], "at least 12 characters (complexity.min_length)");
        assert!(lines.contains(&"every character type of uppercase, number".to_string()));
        assert!(lines.iter().any(|l| l.starts_with("not a recent password")));
        let PolicyWords { name, rules: lines } = both[1].clone().unwrap();
        assert_eq!(name, "legacy policy, level good");
        assert_eq!(lines[0], "at least 8 characters (level good)");
        assert!(lines.contains(
            &"3 of the 4 character types lowercase, uppercase, number, special".to_string()
        ));
    }
}
