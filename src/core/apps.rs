//! Enabled applications (SPEC §1.4, §4): a connection file's
//! `enabled_clients` lists the applications the connection is enabled for,
//! by name (deploy-cli's meaning; a client id also matches). Auth0 no longer
//! takes that key in a connection's body: it is read with
//! `GET /connections/{id}/clients` and changed with
//! `PATCH /connections/{id}/clients`, sending only the applications whose
//! status changes. Pure: the names, the ids and the delta; the requests are
//! in `io::api`.

use serde_json::Value;

/// The key in a file.
pub const KEY: &str = "enabled_clients";

/// At most this many applications in one `PATCH /connections/{id}/clients`
/// (the OpenAPI document: "the limit per PATCH request is 50 clients").
pub const PATCH_LIMIT: usize = 50;

/// One of the tenant's applications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub id: String,
    pub name: String,
}

/// One application whose status a push changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    /// For people: the application's name, or its id when it has none.
    pub name: String,
    pub enable: bool,
}

impl Change {
    /// `"My App" (abc123)`, as the diff shows it.
    pub fn label(&self) -> String {
        label(&self.name, &self.id)
    }
}

fn label(name: &str, id: &str) -> String {
    if name == id || name.is_empty() {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

/// The applications of a `GET /clients` answer (items without a
/// `client_id` are skipped; one without a name is known by its id).
pub fn from_listing(items: &[Value]) -> Vec<App> {
    items
        .iter()
        .filter_map(|c| {
            let id = c.get("client_id")?.as_str()?.to_string();
            let name = c
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_string();
            Some(App { id, name })
        })
        .collect()
}

/// The entries of a file's `enabled_clients` (`None` when the file does not
/// have the key: the push leaves the applications alone).
pub fn entries(doc: &Value) -> Option<Result<Vec<String>, String>> {
    let v = doc.get(KEY)?;
    Some(match v.as_array() {
        Some(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| "enabled_clients must hold application names (strings)".into())
            })
            .collect(),
        None => Err("enabled_clients must be a list of application names".into()),
    })
}

/// The client ids of a file's entries: an entry is an application's id, or
/// the name of exactly one application. Every entry that matches none, or
/// whose name several applications share, is named in the error.
pub fn resolve(entries: &[String], apps: &[App]) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    let mut problems = Vec::new();
    for e in entries {
        if let Some(a) = apps.iter().find(|a| &a.id == e) {
            push_unique(&mut ids, &a.id);
            continue;
        }
        let named: Vec<&App> = apps.iter().filter(|a| &a.name == e).collect();
        match named.as_slice() {
            [one] => push_unique(&mut ids, &one.id),
            [] => {
                let names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
                let hint = crate::core::suggest::closest(e, &names)
                    .map(|s| format!(" (did you mean {s:?}?)"))
                    .unwrap_or_default();
                problems.push(format!("{e:?} is not an application on the tenant{hint}"));
            }
            many => problems.push(format!(
                "{} applications are named {e:?}: write the client id of the one you mean ({})",
                many.len(),
                many.iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    if problems.is_empty() {
        Ok(ids)
    } else {
        Err(problems.join("; "))
    }
}

/// The ids of the entries that match an application (the others are
/// skipped): what the tenant has, read back by name.
pub fn resolve_known(entries: &[String], apps: &[App]) -> Vec<String> {
    let mut ids = Vec::new();
    for e in entries {
        if let Some(a) = apps
            .iter()
            .find(|a| &a.id == e)
            .or_else(|| apps.iter().find(|a| &a.name == e))
        {
            push_unique(&mut ids, &a.id);
        }
    }
    ids
}

fn push_unique(ids: &mut Vec<String>, id: &str) {
    if !ids.iter().any(|i| i == id) {
        ids.push(id.to_string());
    }
}

/// How a file writes the applications `ids`: by name where the name is the
/// tenant's only application of that name, else by id; in the tenant's
/// order of applications, ids it does not list last.
pub fn names(ids: &[String], apps: &[App]) -> Vec<String> {
    let mut out: Vec<String> = apps
        .iter()
        .filter(|a| ids.contains(&a.id))
        .map(|a| {
            // A name shared, or that is another application's id (resolve
            // reads ids first), is written as the id.
            let unique = apps.iter().filter(|b| b.name == a.name).count() == 1
                && !apps.iter().any(|b| b.id == a.name && b.id != a.id);
            if unique && !a.name.is_empty() {
                a.name.clone()
            } else {
                a.id.clone()
            }
        })
        .collect();
    for id in ids {
        if !apps.iter().any(|a| &a.id == id) {
            out.push(id.clone());
        }
    }
    out
}

/// What a push does to the applications.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delta {
    /// The applications whose status is sent.
    pub changes: Vec<Change>,
    /// Applications the tenant enabled or disabled since the base while the
    /// file left them as the base had them: left as the tenant has them.
    pub kept: Vec<Change>,
    /// The applications enabled after the push.
    pub after: Vec<String>,
}

/// The delta from what the tenant has enabled now (`tenant`) to what the
/// file lists (`file`), with the base (what was enabled at the last pull or
/// push from here, as ids) making it three-way per application: an
/// application the file left as the base had it takes the tenant's status.
/// Two sides can never clash on one application (a status is yes or no).
pub fn delta(file: &[String], tenant: &[String], base: Option<&[String]>, apps: &[App]) -> Delta {
    let name = |id: &str| {
        apps.iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut all: Vec<&String> = Vec::new();
    for id in tenant.iter().chain(file).chain(base.into_iter().flatten()) {
        if !all.contains(&id) {
            all.push(id);
        }
    }
    let mut out = Delta::default();
    for id in all {
        let wanted = file.contains(id);
        let now = tenant.contains(id);
        let unchanged_in_file = base.is_some_and(|b| b.contains(id) == wanted);
        let status = if unchanged_in_file { now } else { wanted };
        if unchanged_in_file && wanted != now {
            out.kept.push(Change {
                id: id.clone(),
                name: name(id),
                enable: now,
            });
        }
        if status != now {
            out.changes.push(Change {
                id: id.clone(),
                name: name(id),
                enable: status,
            });
        }
        if status {
            out.after.push(id.clone());
        }
    }
    out
}

/// The request bodies of a delta, at most [`PATCH_LIMIT`] applications each.
pub fn patch_bodies(changes: &[Change]) -> Vec<Value> {
    changes
        .chunks(PATCH_LIMIT)
        .map(|chunk| {
            Value::Array(
                chunk
                    .iter()
                    .map(|c| serde_json::json!({"client_id": c.id, "status": c.enable}))
                    .collect(),
            )
        })
        .collect()
}

/// Whether the applications enabled `now` show every change of a delta
/// (reading back a write whose answer was lost).
pub fn applied(changes: &[Change], now: &[String]) -> bool {
    changes.iter().all(|c| now.contains(&c.id) == c.enable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn apps() -> Vec<App> {
        from_listing(&[
            json!({"client_id": "a1", "name": "Web"}),
            json!({"client_id": "a2", "name": "Mobile"}),
            json!({"client_id": "a3", "name": "Twin"}),
            json!({"client_id": "a4", "name": "Twin"}),
            json!({"client_id": "a5"}),
            json!({"name": "no id"}),
        ])
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn entries_resolve_by_name_or_id() {
        let a = apps();
        assert_eq!(
            resolve(&ids(&["Web", "a2", "a3"]), &a),
            Ok(ids(&["a1", "a2", "a3"]))
        );
        // The same application twice counts once.
        assert_eq!(resolve(&ids(&["Web", "a1"]), &a), Ok(ids(&["a1"])));
        let e = resolve(&ids(&["Wbe", "Twin", "Gone"]), &a).unwrap_err();
        assert!(
            e.contains("\"Wbe\" is not an application") && e.contains("did you mean \"Web\""),
            "{e}"
        );
        assert!(
            e.contains("2 applications are named \"Twin\"") && e.contains("a3, a4"),
            "{e}"
        );
        assert!(e.contains("\"Gone\""), "{e}");
    }

    #[test]
    fn a_file_names_applications_by_name_unless_shared() {
        let a = apps();
        assert_eq!(
            names(&ids(&["a4", "a1", "a5", "zz"]), &a),
            ids(&["Web", "a4", "a5", "zz"])
        );
    }

    /// From the review: an application named like another's id is written
    /// by its id, so reading the file back gives the same applications.
    #[test]
    fn a_name_that_is_another_id_is_written_as_the_id() {
        let a = from_listing(&[
            json!({"client_id": "app2", "name": "app3"}),
            json!({"client_id": "app3", "name": "Back Office"}),
        ]);
        let written = names(&ids(&["app2"]), &a);
        assert_eq!(written, ids(&["app2"]));
        assert_eq!(resolve(&written, &a), Ok(ids(&["app2"])));
    }

    #[test]
    fn the_delta_sends_only_what_changes() {
        let a = apps();
        let d = delta(&ids(&["a1", "a3"]), &ids(&["a1", "a2"]), None, &a);
        assert_eq!(
            d.changes,
            vec![
                Change {
                    id: "a2".into(),
                    name: "Mobile".into(),
                    enable: false
                },
                Change {
                    id: "a3".into(),
                    name: "Twin".into(),
                    enable: true
                },
            ]
        );
        assert_eq!(d.after, ids(&["a1", "a3"]));
        assert!(d.kept.is_empty());
        assert_eq!(
            patch_bodies(&d.changes),
            vec![
                json!([{"client_id": "a2", "status": false}, {"client_id": "a3", "status": true}])
            ]
        );
        assert!(applied(&d.changes, &ids(&["a1", "a3"])));
        assert!(!applied(&d.changes, &ids(&["a1", "a2", "a3"])));
    }

    #[test]
    fn a_colleagues_application_is_kept_with_a_base() {
        let a = apps();
        // Base: a1. The file adds a3; a colleague enabled a2 meanwhile.
        let d = delta(
            &ids(&["a1", "a3"]),
            &ids(&["a1", "a2"]),
            Some(&ids(&["a1"])),
            &a,
        );
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].id, "a3");
        assert_eq!(d.kept.len(), 1);
        assert!(d.kept[0].enable && d.kept[0].id == "a2");
        assert_eq!(d.after, ids(&["a1", "a2", "a3"]));
        // The colleague disabled a1, which the file keeps listing as the base had it.
        let d = delta(&ids(&["a1"]), &ids(&[]), Some(&ids(&["a1"])), &a);
        assert!(d.changes.is_empty() && d.after.is_empty());
        assert_eq!(d.kept[0].label(), "Web (a1)");
    }

    #[test]
    fn an_empty_list_disables_every_application_and_bodies_are_chunked() {
        let many: Vec<String> = (0..120).map(|i| format!("c{i}")).collect();
        let d = delta(&[], &many, None, &[]);
        assert_eq!(d.changes.len(), 120);
        let bodies = patch_bodies(&d.changes);
        assert_eq!(
            bodies
                .iter()
                .map(|b| b.as_array().unwrap().len())
                .collect::<Vec<_>>(),
            [50, 50, 20]
        );
        assert_eq!(d.changes[0].label(), "c0");
    }

    #[test]
    fn entries_of_a_file() {
        assert_eq!(entries(&json!({})), None);
        assert_eq!(
            entries(&json!({"enabled_clients": ["x"]})),
            Some(Ok(ids(&["x"])))
        );
        assert!(entries(&json!({"enabled_clients": "x"})).unwrap().is_err());
        assert!(entries(&json!({"enabled_clients": [1]})).unwrap().is_err());
    }
}
