//! Where a pulled object goes in an auth0-deploy-cli tree, and what an
//! existing file becomes when the tenant is pulled again (issue 29). Pure:
//! the paths are relative to the tree, the files are read and written in
//! `cli::pull`.
//!
//! deploy-cli's directory layout: a database connection (`strategy: auth0`)
//! is `database-connections/<name>/database.json` with each custom script in
//! its own `<script>.js` beside it, referenced as `"./<script>.js"`; every
//! other strategy is `connections/<name>.json`; a profile is
//! `connection-profiles/<name>.json`. Objects are kept without their `id`
//! (the name identifies them), unless an existing file already has it.

use serde_json::{Map, Value};
use std::path::PathBuf;

/// A name as a file or folder name: characters a file name cannot hold
/// become `-`, leading and trailing dots and spaces go (never `.` or `..`),
/// and an empty result is `fallback`.
pub fn safe_name(name: &str, fallback: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim_matches(|c| c == '.' || c == ' ');
    if safe.is_empty() {
        fallback.to_string()
    } else {
        safe.to_string()
    }
}

/// Whether a connection is a database connection (its file is
/// `database.json` in a folder of its own).
pub fn is_database(conn: &Value) -> bool {
    conn.get("strategy").and_then(Value::as_str) == Some("auth0")
}

/// The connection's document, relative to the tree.
pub fn connection_path(conn: &Value) -> PathBuf {
    let name = conn.get("name").and_then(Value::as_str).unwrap_or("");
    if is_database(conn) {
        PathBuf::from("database-connections")
            .join(safe_name(name, "connection"))
            .join("database.json")
    } else {
        PathBuf::from("connections").join(format!("{}.json", safe_name(name, "connection")))
    }
}

/// A script's file, relative to its connection's folder.
fn script_file(script: &str) -> String {
    format!("./{}.js", safe_name(script, "script"))
}

/// Moves a database connection's custom scripts out of its document:
/// each `options.customScripts` value becomes a reference to a `.js` file
/// beside the document — the one `existing` (the file already there)
/// references for that script, else `./<script>.js` — and the files'
/// relative paths and contents are returned.
pub fn split_scripts(conn: &mut Value, existing: Option<&Value>) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let Some(scripts) = conn
        .pointer_mut("/options/customScripts")
        .and_then(Value::as_object_mut)
    else {
        return files;
    };
    for (name, v) in scripts.iter_mut() {
        let Some(code) = v.as_str().map(str::to_string) else {
            continue;
        };
        let reference = existing
            .and_then(|e| e.pointer("/options/customScripts"))
            .and_then(|s| s.get(name))
            .and_then(Value::as_str)
            .filter(|r| is_script_reference(r))
            .map(str::to_string)
            .unwrap_or_else(|| script_file(name));
        // Two scripts never share a file.
        if files.iter().any(|(f, _)| *f == reference) {
            continue;
        }
        *v = Value::String(reference.clone());
        files.push((reference, code));
    }
    files
}

/// Whether a `customScripts` value names a script file inside the
/// connection's folder (`./login.js`, `login.js`): no folder above, no
/// absolute path, one line.
pub fn is_script_reference(s: &str) -> bool {
    s.ends_with(".js")
        && !s.contains('\n')
        && !s.starts_with('/')
        && !s.split(['/', '\\']).any(|c| c == "..")
}

/// What an existing file becomes when the tenant's object (`tenant`, as
/// pulled: secrets as stand-ins, scripts as references) is pulled over it.
/// `raw` is the file's value as written (placeholders and all), `resolved`
/// the same with its placeholders replaced (equal to `raw` without
/// mappings). Where the tenant has what the file means, the file's own
/// value stays (a placeholder, a real secret where the tenant's is a
/// stand-in); elsewhere the tenant's value. A place holding a placeholder
/// the mappings cannot resolve is kept, and named.
pub fn refresh(raw: &Value, resolved: &Value, tenant: &Value) -> (Value, Vec<String>) {
    let mut kept = Vec::new();
    let v = walk("", raw, resolved, tenant, &mut kept);
    (v, kept)
}

fn walk(at: &str, raw: &Value, resolved: &Value, tenant: &Value, kept: &mut Vec<String>) -> Value {
    if resolved == tenant {
        return raw.clone();
    }
    // A stand-in for a secret: the file's value is at least as good.
    if crate::core::fields::is_kept_secret(tenant) {
        return raw.clone();
    }
    if let Some(s) = raw.as_str()
        && crate::core::placeholders::any_in(s)
        && resolved.as_str() == Some(s)
    {
        kept.push(at.to_string());
        return raw.clone();
    }
    match (raw, resolved, tenant) {
        (Value::Object(r), Value::Object(res), Value::Object(t)) => {
            let mut out = Map::new();
            // The file's keys in its order, then the tenant's new ones.
            for (k, rv) in r {
                if let Some(tv) = t.get(k) {
                    let p = crate::core::pointer::child(at, k);
                    let resv = res.get(k).unwrap_or(rv);
                    out.insert(k.clone(), walk(&p, rv, resv, tv, kept));
                } else if k == "id" {
                    // Trees keep no ids; a file that has one keeps it.
                    out.insert(k.clone(), rv.clone());
                }
            }
            for (k, tv) in t {
                // A null is "not set" (the server writes them): a file
                // without the key already says so.
                if !r.contains_key(k) && !tv.is_null() {
                    out.insert(k.clone(), tv.clone());
                }
            }
            Value::Object(out)
        }
        _ => tenant.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_follow_deploy_cli() {
        assert_eq!(
            connection_path(&json!({"name": "Users", "strategy": "auth0"})),
            PathBuf::from("database-connections/Users/database.json")
        );
        assert_eq!(
            connection_path(&json!({"name": "okta-acme", "strategy": "okta"})),
            PathBuf::from("connections/okta-acme.json")
        );
        // A server's name never leaves the tree.
        assert_eq!(
            connection_path(&json!({"name": "../../etc", "strategy": "auth0"})),
            PathBuf::from("database-connections/-..-etc/database.json")
        );
        assert_eq!(
            connection_path(&json!({"name": "..", "strategy": "okta"})),
            PathBuf::from("connections/connection.json")
        );
    }

    #[test]
    fn scripts_move_to_files_and_keep_an_existing_reference() {
        let mut c = json!({"strategy": "auth0", "options": {"customScripts": {"login": "function login() {}", "get_user": "function g() {}"}}});
        let existing = json!({"options": {"customScripts": {"login": "./scripts/Login.js", "get_user": "/etc/passwd.js"}}});
        let files = split_scripts(&mut c, Some(&existing));
        assert_eq!(
            files,
            vec![
                (
                    "./scripts/Login.js".to_string(),
                    "function login() {}".to_string()
                ),
                ("./get_user.js".to_string(), "function g() {}".to_string()),
            ]
        );
        assert_eq!(c["options"]["customScripts"]["get_user"], "./get_user.js");
    }

    #[test]
    fn a_refresh_keeps_what_the_file_means() {
        let raw = json!({"name": "db", "id": "con_1", "display_name": "##ENV## users",
                         "options": {"client_secret": "##SECRET##", "brute_force_protection": true, "mfa": {"active": true}, "gone": 1}});
        let resolved = json!({"name": "db", "id": "con_1", "display_name": "prod users",
                              "options": {"client_secret": "real", "brute_force_protection": true, "mfa": {"active": true}, "gone": 1}});
        let tenant = json!({"name": "db", "display_name": "prod users",
                            "options": {"client_secret": "(secret, kept)", "brute_force_protection": false, "mfa": {"active": true}, "new": 2}});
        let (v, kept) = refresh(&raw, &resolved, &tenant);
        assert_eq!(
            v,
            json!({"name": "db", "id": "con_1", "display_name": "##ENV## users",
                   "options": {"client_secret": "##SECRET##", "brute_force_protection": false, "mfa": {"active": true}, "new": 2}})
        );
        assert!(kept.is_empty());
        // Without mappings a placeholder is kept and named.
        let (v, kept) = refresh(&raw, &raw, &tenant);
        assert_eq!(v["display_name"], "##ENV## users");
        assert_eq!(kept, ["/display_name"]);
        // Nothing differs: the file's value, whole.
        assert_eq!(refresh(&raw, &resolved, &resolved).0, raw);
    }
}
