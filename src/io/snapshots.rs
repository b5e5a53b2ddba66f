//! Snapshots taken before every write to a tenant, so any write can be
//! rolled back: `<state>/connedit/snapshots/<domain>/<object id>/<UTC time>.json`,
//! mode 0600, written atomically.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Why a write cannot be made without a place for its snapshot.
pub const NO_PLACE: &str =
    "no place for snapshots (neither XDG_STATE_HOME nor HOME is set): set one; nothing was sent";

#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub path: PathBuf,
    /// The file's name without `.json`: what `--to` takes.
    pub taken: String,
    pub kind: String,
    pub id: String,
    /// What the write did: push, create, rollback.
    pub action: String,
    /// The object before the write; `None` when the write created it.
    pub before: Option<Value>,
    /// What the write made of it.
    pub after: Value,
    /// Why the record cannot be used (unreadable, not JSON, written by
    /// someone else, group/other-writable): shown, never acted on.
    pub problem: Option<String>,
    /// The `X-Correlation-ID` the write carried (Auth0 records it with the
    /// write in the tenant's logs).
    pub correlation: Option<String>,
}

impl Store {
    /// `$XDG_STATE_HOME/connedit/snapshots`, else `~/.local/state/connedit/snapshots`.
    pub fn default_location() -> Option<Store> {
        let base = crate::io::state::base()?;
        Some(Store {
            root: base.join("connedit").join("snapshots"),
        })
    }

    /// The default location, or why there is none (then nothing may be sent).
    pub fn required() -> Result<Store, String> {
        Store::default_location().ok_or_else(|| NO_PLACE.to_string())
    }

    pub fn at(root: PathBuf) -> Store {
        Store { root }
    }

    fn dir(&self, domain: &str, id: &str) -> PathBuf {
        self.root.join(safe_name(domain)).join(safe_name(id))
    }

    /// The state folder the store is in (`…/connedit`), where the bases of
    /// the three-way push are kept too.
    pub fn state_folder(&self) -> Option<&Path> {
        self.root.parent()
    }

    /// Records a write. Returns the snapshot's path.
    pub fn save(
        &self,
        domain: &str,
        kind: &str,
        id: &str,
        action: &str,
        before: Option<&Value>,
        after: &Value,
    ) -> std::io::Result<PathBuf> {
        self.save_write(domain, kind, id, action, before, after, None)
    }

    /// [`Store::save`], with the correlation id the write will carry.
    #[allow(clippy::too_many_arguments)]
    pub fn save_write(
        &self,
        domain: &str,
        kind: &str,
        id: &str,
        action: &str,
        before: Option<&Value>,
        after: &Value,
        correlation: Option<&str>,
    ) -> std::io::Result<PathBuf> {
        let dir = self.dir(domain, id);
        // Made and judged folder by folder, never through a link and before
        // anything is changed (io::state): the state folder, the snapshots
        // folder and the two below it are connedit's own, kept private.
        crate::io::state::private_dir(&dir, 4)?;
        // A folder another user could write to could hold their "snapshot".
        self.trusted_folders(&dir)
            .map_err(|why| std::io::Error::new(std::io::ErrorKind::PermissionDenied, why))?;
        let mut stamp = utc_stamp(std::time::SystemTime::now());
        let mut path = dir.join(format!("{stamp}.json"));
        let mut n = 1;
        while path.exists() {
            n += 1;
            stamp = format!("{}-{n}", utc_stamp(std::time::SystemTime::now()));
            path = dir.join(format!("{stamp}.json"));
        }
        let mut record = json!({"taken": stamp, "domain": domain, "kind": kind, "id": id, "action": action, "before": before, "after": after});
        if let Some(c) = correlation {
            record["correlation_id"] = c.into();
        }
        crate::io::save::write_atomic(
            &path,
            crate::core::document::pretty(&record).as_bytes(),
            Some(0o600),
        )?;
        Ok(path)
    }

    /// The state folder (`connedit/`), the snapshots folder and the folders
    /// down to `dir` must be the user's and not group/other-writable.
    fn trusted_folders(&self, dir: &Path) -> Result<(), String> {
        let mut chain: Vec<&Path> = dir
            .ancestors()
            .take_while(|d| d.starts_with(&self.root))
            .collect();
        if let Some(state) = self.root.parent() {
            chain.push(state);
        }
        for d in chain.into_iter().rev() {
            if d.exists() {
                crate::io::trust::check(d)?;
            }
        }
        Ok(())
    }

    /// The snapshots of one object, newest first. Records that cannot be
    /// trusted or read are listed with their problem, not left out.
    pub fn list(&self, domain: &str, id: &str) -> Vec<Snapshot> {
        let dir = self.dir(domain, id);
        let folder_problem = self.trusted_folders(&dir).err();
        let mut out: Vec<Snapshot> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| {
                let mut s = read(&p);
                if s.problem.is_none() {
                    s.problem = folder_problem.clone();
                }
                s
            })
            .collect();
        out.sort_by(|a, b| b.taken.cmp(&a.taken));
        out
    }
}

fn read(path: &Path) -> Snapshot {
    let taken = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let damaged = |why: String| Snapshot {
        path: path.to_path_buf(),
        taken: taken.clone(),
        kind: String::new(),
        id: String::new(),
        action: String::new(),
        before: None,
        after: Value::Null,
        problem: Some(why),
        correlation: None,
    };
    if let Err(why) = crate::io::trust::check(path) {
        return damaged(why);
    }
    let text = match crate::io::read::regular_text(path, crate::io::read::MAX_DOCUMENT) {
        Ok(t) => t,
        Err(e) => return damaged(format!("cannot read it: {e}")),
    };
    let v: Value = match serde_json::from_str(&text) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => return damaged("it is not a snapshot record".into()),
        Err(e) => return damaged(format!("it is not valid JSON ({e})")),
    };
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    Snapshot {
        path: path.to_path_buf(),
        taken,
        kind: s("kind"),
        id: s("id"),
        action: s("action"),
        before: v.get("before").filter(|b| !b.is_null()).cloned(),
        after: v.get("after").cloned().unwrap_or(Value::Null),
        problem: None,
        correlation: v
            .get("correlation_id")
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

/// One plain folder or file name from a domain, a kind or an id: no
/// separator, never `.`, `..` or empty.
pub fn safe_name(s: &str) -> String {
    match s.replace(['/', '\\', ':'], "_") {
        n if n.is_empty() || n == "." || n == ".." => format!("_{n}"),
        n => n,
    }
}

/// `20261124T213805.123Z`: sortable, and safe in a file name.
pub fn utc_stamp(t: std::time::SystemTime) -> String {
    let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// A stamp of [`utc_stamp`] as people read it: `2026-11-24 21:38:05Z`
/// (anything else as it is).
pub fn readable(stamp: &str) -> String {
    let b = stamp.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() >= 15 && b[8] == b'T' && digits(0..8) && digits(9..15) {
        format!(
            "{}-{}-{} {}:{}:{}Z",
            &stamp[0..4],
            &stamp[4..6],
            &stamp[6..8],
            &stamp[9..11],
            &stamp[11..13],
            &stamp[13..15]
        )
    } else {
        stamp.to_string()
    }
}

/// How long ago a stamp of [`utc_stamp`] was, as people say it ("5 min
/// ago"), from `now`; `None` for a stamp that is not one, or in the future.
pub fn ago(stamp: &str, now: std::time::SystemTime) -> Option<String> {
    let now = utc_stamp(now);
    let secs = |s: &str| -> Option<i64> {
        let b = s.as_bytes();
        if b.len() < 15 || b[8] != b'T' {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
        let (y, m, d) = (n(0..4)?, n(4..6)?, n(6..8)?);
        let (hh, mm, ss) = (n(9..11)?, n(11..13)?, n(13..15)?);
        // Days from civil (Howard Hinnant's algorithm), as utc_stamp's inverse.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
    };
    let d = secs(&now)? - secs(stamp)?;
    Some(match d {
        ..0 => return None,
        0..60 => "just now".to_string(),
        60..3600 => format!("{} min ago", d / 60),
        3600..86_400 => format!("{} h ago", d / 3600),
        _ => format!("{} days ago", d / 86_400),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_stamp_says_how_long_ago() {
        let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_765_000_000);
        let stamp =
            |secs_before: u64| super::utc_stamp(now - std::time::Duration::from_secs(secs_before));
        assert_eq!(super::ago(&stamp(5), now).as_deref(), Some("just now"));
        assert_eq!(super::ago(&stamp(300), now).as_deref(), Some("5 min ago"));
        assert_eq!(super::ago(&stamp(7300), now).as_deref(), Some("2 h ago"));
        assert_eq!(
            super::ago(&stamp(3 * 86_400 + 5), now).as_deref(),
            Some("3 days ago")
        );
        assert_eq!(super::ago("garbage", now), None);
    }

    #[test]
    fn stamps_read_as_dates() {
        assert_eq!(
            super::readable("20261124T213805.123Z"),
            "2026-11-24 21:38:05Z"
        );
        assert_eq!(
            super::readable("20261124T213805.123Z-2"),
            "2026-11-24 21:38:05Z"
        );
        assert_eq!(super::readable("garbage"), "garbage");
        assert_eq!(super::readable("2026112xT213805"), "2026112xT213805");
    }

    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn stamps_are_utc() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_795_555_085_123);
        assert_eq!(utc_stamp(t), "20261124T211805.123Z");
        let leap = std::time::UNIX_EPOCH + std::time::Duration::from_secs(951_782_400);
        assert_eq!(utc_stamp(leap), "20000229T000000.000Z");
        assert_eq!(utc_stamp(std::time::UNIX_EPOCH), "19700101T000000.000Z");
    }

    #[test]
    fn saves_privately_and_lists_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("connedit"));
        let a = store
            .save(
                "t.auth0.com",
                "profile",
                "cop_1",
                "push",
                Some(&json!({"name": "a"})),
                &json!({"name": "b"}),
            )
            .unwrap();
        let b = store
            .save(
                "t.auth0.com",
                "profile",
                "cop_1",
                "push",
                Some(&json!({"name": "b"})),
                &json!({"name": "c"}),
            )
            .unwrap();
        assert_eq!(
            std::fs::metadata(&a).unwrap().permissions().mode() & 0o777,
            0o600
        );
        for d in [
            dir.path().join("connedit").as_path(),
            a.parent().unwrap(),
            a.parent().unwrap().parent().unwrap(),
        ] {
            assert_eq!(
                std::fs::metadata(d).unwrap().permissions().mode() & 0o777,
                0o700,
                "{}",
                d.display()
            );
        }
        let list = store.list("t.auth0.com", "cop_1");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].path, b);
        assert_eq!(list[1].before, Some(json!({"name": "a"})));
    }
}
