//! What a password policy means, and the switch between the legacy policy
//! (`passwordPolicy` and four objects) and the flexible `password_options`.
//! Levels from Auth0's "Password Strength in Auth0 Database Connections".

use crate::core::rules::connection::LEGACY_POLICY_KEYS;
use serde_json::{Map, Value, json};

/// The minimum length a legacy level implies.
pub fn level_min_length(level: &str) -> Option<u32> {
    Some(match level {
        "none" => 1,
        "low" => 6,
        "fair" | "good" => 8,
        "excellent" => 10,
        _ => return None,
    })
}

/// One line on what a legacy level asks of a password.
pub fn level_meaning(level: &str) -> &'static str {
    match level {
        "none" => "none: any non-empty password",
        "low" => "low: 6+ chars",
        "fair" => "fair: 8+ chars, lower+upper+digit",
        "good" => "good: 8+ chars, 3 of lower/upper/digit/special",
        "excellent" => "excellent: 10+ chars, 3 of 4, at most 2 identical in a row",
        _ => "",
    }
}

/// Whether the options use the flexible policy (Auth0: "if the response
/// contains `password_options`, the Flexible Password Policy is enabled").
pub fn uses_flexible(options: &Map<String, Value>) -> bool {
    options
        .get("password_options")
        .is_some_and(|v| !v.is_null())
}

/// Whether a connection document's options use the flexible policy.
pub fn connection_uses_flexible(connection: &Value) -> bool {
    connection
        .get("options")
        .and_then(Value::as_object)
        .is_some_and(uses_flexible)
}

/// The fields `password_no_personal_info` blocks (Auth0 docs).
pub const PERSONAL_FIELDS: [&str; 7] = [
    "name",
    "username",
    "nickname",
    "email",
    "user_metadata.name",
    "user_metadata.first",
    "user_metadata.last",
];

/// The flexible policy that asks what the legacy options ask, with the five
/// legacy keys removed (Auth0's documented switch). Notes say what changed.
///
/// deploy-cli placeholders (`@@KEY@@`, `##KEY##`) in the legacy policy move to
/// their counterparts ([`COUNTERPARTS`]); one with no counterpart refuses the
/// switch, naming it, rather than be dropped.
pub fn to_flexible(
    options: &Map<String, Value>,
) -> Result<(Map<String, Value>, Vec<String>), String> {
    let mut notes = Vec::new();
    let level = options
        .get("passwordPolicy")
        .and_then(Value::as_str)
        .unwrap_or("none");
    let explicit = options
        .pointer_get("password_complexity_options", "min_length")
        .and_then(Value::as_u64);
    let mut min = explicit.unwrap_or(u64::from(level_min_length(level).unwrap_or(1)));
    let max = crate::core::rules::limits::BCRYPT_BYTES as u64;
    if min > max {
        notes.push(format!(
            "min_length {min} lowered to {max}, the flexible policy's maximum"
        ));
        min = max;
    }
    let (types, rule): (Vec<&str>, &str) = match level {
        "fair" => (vec!["lowercase", "uppercase", "number"], "all"),
        "good" | "excellent" => (
            vec!["uppercase", "lowercase", "number", "special"],
            "three_of_four",
        ),
        _ => (vec![], "all"),
    };
    let enabled = |key: &str| {
        options
            .pointer_get(key, "enable")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let custom = options
        .pointer_get("password_dictionary", "dictionary")
        .cloned()
        .unwrap_or_else(|| json!([]));
    let size = options
        .pointer_get("password_history", "size")
        .and_then(Value::as_u64)
        .unwrap_or(5)
        .clamp(1, 24);
    let flexible = json!({
        "complexity": {
            "min_length": min,
            "character_types": types,
            "character_type_rule": rule,
            "identical_characters": if level == "excellent" { "block" } else { "allow" },
            "sequential_characters": "allow",
            // bcrypt used only the first 72 bytes: the legacy policy truncated.
            "max_length_exceeded": "truncate",
        },
        "dictionary": {"active": enabled("password_dictionary"), "custom": custom, "default": "en_10k"},
        "history": {"active": enabled("password_history"), "size": size},
        "profile_data": {"active": enabled("password_no_personal_info"), "blocked_fields": PERSONAL_FIELDS},
    });
    let mut out = without(options, &LEGACY_POLICY_KEYS);
    out.insert("password_options".into(), flexible);
    carry_placeholders(options, &LEGACY_POLICY_KEYS, &mut out, true)?;
    Ok((out, notes))
}

/// The legacy policy closest to the flexible one, with `password_options`
/// removed. What the legacy policy cannot express is named in the notes.
/// Placeholders move as in [`to_flexible`].
pub fn to_legacy(
    options: &Map<String, Value>,
) -> Result<(Map<String, Value>, Vec<String>), String> {
    let po = options
        .get("password_options")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let mut notes = Vec::new();
    let cx = &po["complexity"];
    let types: Vec<&str> = cx["character_types"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let rule = cx["character_type_rule"].as_str().unwrap_or("all");
    let block_identical = cx["identical_characters"] == "block";
    let min = cx["min_length"].as_u64();
    let has = |t: &str| types.contains(&t);
    let level = if rule == "three_of_four" && types.len() == 4 {
        if block_identical { "excellent" } else { "good" }
    } else if has("lowercase") && has("uppercase") && has("number") {
        "fair"
    } else if min.is_some_and(|m| m >= 6) {
        "low"
    } else {
        "none"
    };
    if block_identical && level != "excellent" {
        notes.push(
            "identical_characters: block has no legacy equivalent below \"excellent\"; dropped"
                .to_string(),
        );
    }
    if cx["sequential_characters"] == "block" {
        notes.push("sequential_characters: block has no legacy equivalent; dropped".to_string());
    }
    if has("special") && rule == "all" {
        notes.push("a required special character has no legacy equivalent; dropped".to_string());
    }
    if po["dictionary"]["default"] == "en_100k" {
        notes.push("the legacy dictionary is the 10k list (en_100k becomes en_10k)".to_string());
    }
    let mut out = without(options, &["password_options"]);
    out.insert("passwordPolicy".into(), json!(level));
    if let Some(m) = min {
        out.insert(
            "password_complexity_options".into(),
            json!({"min_length": m}),
        );
    }
    let active = |v: &Value| v["active"].as_bool().unwrap_or(false);
    out.insert(
        "password_history".into(),
        json!({"enable": active(&po["history"]), "size": po["history"]["size"].as_u64().unwrap_or(5)}),
    );
    out.insert(
        "password_no_personal_info".into(),
        json!({"enable": active(&po["profile_data"])}),
    );
    let mut dict = json!({"enable": active(&po["dictionary"])});
    if let Some(c) = po["dictionary"].get("custom") {
        dict["dictionary"] = c.clone();
    }
    out.insert("password_dictionary".into(), dict);
    carry_placeholders(options, &["password_options"], &mut out, false)?;
    Ok((out, notes))
}

/// The fields a switch carries across, legacy ⇄ flexible (pointers within
/// `options`); what lies below one moves with it.
pub const COUNTERPARTS: [(&str, &str); 6] = [
    (
        "/password_complexity_options/min_length",
        "/password_options/complexity/min_length",
    ),
    ("/password_history/size", "/password_options/history/size"),
    (
        "/password_history/enable",
        "/password_options/history/active",
    ),
    (
        "/password_dictionary/enable",
        "/password_options/dictionary/active",
    ),
    (
        "/password_dictionary/dictionary",
        "/password_options/dictionary/custom",
    ),
    (
        "/password_no_personal_info/enable",
        "/password_options/profile_data/active",
    ),
];

/// Puts each placeholder found under `keys` of `from` at its counterpart in
/// `to`, or says which one has none.
fn carry_placeholders(
    from: &Map<String, Value>,
    keys: &[&str],
    to: &mut Map<String, Value>,
    to_flexible: bool,
) -> Result<(), String> {
    let mut found = Vec::new();
    for key in keys {
        if let Some(v) = from.get(*key) {
            crate::core::placeholders::each_in_value(
                v,
                &crate::core::pointer::child("", key),
                &mut |p, t| found.push((p.to_string(), t.to_string())),
            );
        }
    }
    for (ptr, text) in found {
        let target = COUNTERPARTS.iter().find_map(|&(legacy, flexible)| {
            let (a, b) = if to_flexible {
                (legacy, flexible)
            } else {
                (flexible, legacy)
            };
            let rest = ptr.strip_prefix(a)?;
            (rest.is_empty() || rest.starts_with('/')).then(|| format!("{b}{rest}"))
        });
        let Some(target) = target else {
            let into = if to_flexible {
                "password_options"
            } else {
                "the legacy policy"
            };
            return Err(format!(
                "the placeholder {text} at options{ptr} has nothing to become in {into}: \
                 give it a value first, or convert the file by hand"
            ));
        };
        if get_at(to, &target).and_then(Value::as_str) != Some(text.as_str()) {
            set_at(to, &target, Value::String(text));
        }
    }
    Ok(())
}

fn get_at<'a>(map: &'a Map<String, Value>, ptr: &str) -> Option<&'a Value> {
    let rest = ptr.strip_prefix('/')?;
    let (first, rest) = rest.split_once('/').map_or((rest, ""), |(a, b)| (a, b));
    let v = map.get(&first.replace("~1", "/").replace("~0", "~"))?;
    if rest.is_empty() {
        Some(v)
    } else {
        v.pointer(&format!("/{rest}"))
    }
}

/// Sets `value` at `ptr` in `map`, making the objects on the way (an array
/// on the way must already hold the index).
fn set_at(map: &mut Map<String, Value>, ptr: &str, value: Value) {
    let tokens: Vec<String> = crate::core::pointer::tokens(ptr).collect();
    let Some((last, path)) = tokens.split_last() else {
        return;
    };
    let mut here = map;
    for t in path {
        let next = here.entry(t.clone()).or_insert_with(|| json!({}));
        if !next.is_object() {
            *next = json!({});
        }
        here = next.as_object_mut().expect("made an object");
    }
    here.insert(last.clone(), value);
}

fn without(options: &Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    options
        .iter()
        .filter(|(k, _)| !keys.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

trait PointerGet {
    fn pointer_get(&self, key: &str, inner: &str) -> Option<&Value>;
}

impl PointerGet for Map<String, Value> {
    fn pointer_get(&self, key: &str, inner: &str) -> Option<&Value> {
        self.get(key)?.get(inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Document, Kind, Severity};

    fn clean(options: &Map<String, Value>) -> bool {
        let doc = Document::from_value(
            Kind::Connection,
            json!({"name": "db", "strategy": "auth0", "options": options}),
        );
        !doc.diagnostics()
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    #[test]
    fn legacy_to_flexible_and_back() {
        let legacy: Map<String, Value> = serde_json::from_value(json!({
            "mfa": {"active": true},
            "passwordPolicy": "excellent",
            "password_complexity_options": {"min_length": 12},
            "password_history": {"enable": true, "size": 5},
            "password_no_personal_info": {"enable": true},
            "password_dictionary": {"enable": true, "dictionary": ["acme"]},
            "brute_force_protection": true
        }))
        .unwrap();
        let (flex, notes) = to_flexible(&legacy).unwrap();
        assert!(notes.is_empty());
        assert!(clean(&flex), "{flex:#?}");
        assert!(uses_flexible(&flex));
        for k in LEGACY_POLICY_KEYS {
            assert!(!flex.contains_key(k));
        }
        let keys: Vec<&str> = flex.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["mfa", "brute_force_protection", "password_options"],
            "other keys keep their order"
        );
        assert_eq!(flex["password_options"]["complexity"]["min_length"], 12);
        assert_eq!(
            flex["password_options"]["complexity"]["identical_characters"],
            "block"
        );
        assert_eq!(
            flex["password_options"]["dictionary"]["custom"],
            json!(["acme"])
        );
        let (back, _) = to_legacy(&flex).unwrap();
        assert!(clean(&back), "{back:#?}");
        for k in [
            "passwordPolicy",
            "password_complexity_options",
            "password_history",
            "password_no_personal_info",
            "password_dictionary",
        ] {
            assert_eq!(back[k], legacy[k], "{k} survives the round trip");
        }
    }

    #[test]
    fn level_lengths_follow_the_docs() {
        assert_eq!(level_min_length("low"), Some(6));
        assert_eq!(level_min_length("excellent"), Some(10));
        let (flex, _) =
            to_flexible(&serde_json::from_value(json!({"passwordPolicy": "fair"})).unwrap())
                .unwrap();
        assert_eq!(flex["password_options"]["complexity"]["min_length"], 8);
        assert_eq!(
            flex["password_options"]["complexity"]["character_types"],
            json!(["lowercase", "uppercase", "number"])
        );
    }

    #[test]
    fn lossy_switches_are_named() {
        let flex: Map<String, Value> = serde_json::from_value(
            json!({"password_options": {"complexity": {"sequential_characters": "block"}}}),
        )
        .unwrap();
        let (_, notes) = to_legacy(&flex).unwrap();
        assert!(notes.iter().any(|n| n.contains("sequential")));
    }

    #[test]
    fn placeholders_move_to_their_counterparts_or_refuse_the_switch() {
        let legacy: Map<String, Value> = serde_json::from_value(json!({
            "passwordPolicy": "good",
            "password_complexity_options": {"min_length": "@@MIN_LENGTH@@"},
            "password_history": {"enable": "@@HISTORY@@", "size": 5},
            "password_dictionary": {"enable": true, "dictionary": ["##COMPANY##"]},
        }))
        .unwrap();
        let (flex, _) = to_flexible(&legacy).unwrap();
        let po = &flex["password_options"];
        assert_eq!(po["complexity"]["min_length"], "@@MIN_LENGTH@@");
        assert_eq!(po["history"]["active"], "@@HISTORY@@");
        assert_eq!(po["dictionary"]["custom"], json!(["##COMPANY##"]));
        let (back, _) = to_legacy(&flex).unwrap();
        assert_eq!(
            back["password_complexity_options"]["min_length"],
            "@@MIN_LENGTH@@"
        );
        assert_eq!(back["password_history"]["enable"], "@@HISTORY@@");
        assert_eq!(
            back["password_dictionary"]["dictionary"],
            json!(["##COMPANY##"])
        );

        let mut level = legacy.clone();
        level.insert("passwordPolicy".into(), json!("@@POLICY@@"));
        let why = to_flexible(&level).unwrap_err();
        assert!(
            why.contains("@@POLICY@@ at options/passwordPolicy"),
            "{why}"
        );
        let mut rule = flex.clone();
        rule["password_options"]["complexity"]["character_type_rule"] = json!("@@RULE@@");
        let why = to_legacy(&rule).unwrap_err();
        assert!(why.contains("@@RULE@@") && why.contains("legacy"), "{why}");
    }
}
