//! The base of the three-way push (SPEC §1.5): the tenant's object as it
//! was at the last pull or push made from here, kept in the state folder by
//! tenant domain and object id — `<state>/connedit/bases/<domain>/<kind>-<id>.json`,
//! mode 0600, its folders made and judged as io::state says. The
//! Management API has no ETag, so this is how a push tells a colleague's
//! change (on the tenant since the base) from the user's (in the file since
//! the base). Secrets are kept as their stand-ins, never in clear. A base
//! that cannot be trusted (another user's, writable by others, damaged) is
//! not used: the push is then two-way and says so.

use serde_json::{Value, json};
use std::path::PathBuf;

/// A base as read: the object and when it was taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    pub object: Value,
    /// UTC, `20261207T213805.123Z`.
    pub taken: String,
}

use super::snapshots::{Store, safe_name as safe};

/// Beside the snapshot store, in the same state folder: the store is what
/// tests (and the editor) point at a folder of their own.
fn path(store: &Store, domain: &str, kind: &str, id: &str) -> Option<PathBuf> {
    Some(
        store
            .state_folder()?
            .join("bases")
            .join(safe(domain))
            .join(format!("{}-{}.json", safe(kind), safe(id))),
    )
}

/// Records `object` (as the tenant has it now) as the base of `id`.
/// Failing to record one is not fatal to what was done: the caller says so.
pub fn record(
    store: &Store,
    domain: &str,
    kind: &str,
    id: &str,
    object: &Value,
) -> std::io::Result<()> {
    let path = path(store, domain, kind, id)
        .ok_or_else(|| std::io::Error::other("the snapshot store has no state folder"))?;
    let dir = path.parent().expect("a file in a folder");
    super::state::private_dir(dir, 3)?;
    let masked = crate::core::fields::masked("", object);
    let stamp = super::snapshots::utc_stamp(std::time::SystemTime::now());
    let record =
        json!({"taken": stamp, "domain": domain, "kind": kind, "id": id, "object": masked});
    super::save::write_atomic(
        &path,
        crate::core::document::pretty(&record).as_bytes(),
        Some(0o600),
    )
}

/// The base of `id`, if one was recorded and can be trusted.
pub fn load(store: &Store, domain: &str, kind: &str, id: &str) -> Option<Base> {
    let path = path(store, domain, kind, id)?;
    super::trust::check(&path).ok()?;
    let text = super::read::regular_text(&path, super::read::MAX_DOCUMENT).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    if v.get("id").and_then(Value::as_str) != Some(id) {
        return None;
    }
    Some(Base {
        object: v.get("object")?.clone(),
        taken: v.get("taken")?.as_str()?.to_string(),
    })
}
