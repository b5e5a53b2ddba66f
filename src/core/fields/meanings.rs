//! What a field's value means, in a few words: the functions the field
//! tables name in their `meaning` column (the editor shows the words beside
//! the value). Each reads the field's value and, where the meaning depends on
//! them, its neighbours.

use super::Seen;
use crate::core::{derived, policy};
use serde_json::Value;

fn text<'a>(s: &Seen<'a>) -> &'a str {
    s.value.and_then(Value::as_str).unwrap_or("")
}

fn number(s: &Seen) -> Option<i64> {
    s.value.and_then(Value::as_i64)
}

pub fn show_as_button(s: &Seen) -> String {
    derived::effective_show_as_button(text(s))
        .map(|b| format!("connection show_as_button: {b}"))
        .unwrap_or_default()
}

pub fn assign_membership(s: &Seen) -> String {
    let v = text(s);
    match derived::effective_assign_membership(v) {
        Some(b) if v == "optional" => format!("membership: {b} (Okta Express: true)"),
        Some(b) => format!("membership on login: {b}"),
        None => String::new(),
    }
}

pub fn prefix(s: &Seen) -> String {
    match s.value {
        Some(_) => format!(
            "→ {}",
            crate::core::prefix::expand(text(s), &s.sample.org_id, &s.sample.org_name)
        ),
        None => String::new(),
    }
}

pub fn expiry(s: &Seen) -> String {
    match s.value {
        Some(Value::Null) => "no expiry".to_string(),
        _ => number(s).map(duration).unwrap_or_default(),
    }
}

fn duration(secs: i64) -> String {
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s >= 3_600 && s % 3_600 == 0 => format!("{} hours", s / 3_600),
        s => format!("{s} s"),
    }
}

pub fn password_policy(s: &Seen) -> String {
    if s.value.is_none() {
        "none: any non-empty password".to_string()
    } else {
        policy::level_meaning(text(s)).to_string()
    }
}

pub fn legacy_min_length(s: &Seen) -> String {
    match number(s) {
        Some(n) => {
            let level = s
                .doc
                .pointer("/options/passwordPolicy")
                .and_then(Value::as_str)
                .unwrap_or("none");
            format!(
                "{n}+ chars (level {level} alone: {})",
                policy::level_min_length(level).unwrap_or(1)
            )
        }
        None => "the level's length applies".to_string(),
    }
}

pub fn min_length(s: &Seen) -> String {
    number(s).map(|n| format!("{n}+ chars")).unwrap_or_default()
}

pub fn history_size(s: &Seen) -> String {
    number(s)
        .map(|n| format!("remembers the last {n}"))
        .unwrap_or_default()
}

pub fn username_min(s: &Seen) -> String {
    number(s)
        .map(|n| format!("usernames {n}+ chars"))
        .unwrap_or_default()
}

pub fn username_max(s: &Seen) -> String {
    number(s)
        .map(|n| format!("usernames up to {n} chars"))
        .unwrap_or_default()
}

pub fn character_type_rule(s: &Seen) -> String {
    match text(s) {
        "all" => "every listed type",
        "three_of_four" => "3 of the 4 types",
        _ => "",
    }
    .to_string()
}

pub fn identical_characters(s: &Seen) -> String {
    if text(s) == "block" {
        "at most 2 identical in a row".to_string()
    } else {
        String::new()
    }
}

pub fn sequential_characters(s: &Seen) -> String {
    if text(s) == "block" {
        "no runs like abc, 123".to_string()
    } else {
        String::new()
    }
}

pub fn max_length_exceeded(s: &Seen) -> String {
    match text(s) {
        "truncate" => "bytes past 72 ignored",
        "error" => "over 72 bytes refused",
        _ => "",
    }
    .to_string()
}

pub fn default_dictionary(s: &Seen) -> String {
    match text(s) {
        "en_10k" => "10,000 common passwords",
        "en_100k" => "100,000 common passwords",
        _ => "",
    }
    .to_string()
}

pub fn requires_username(s: &Seen) -> String {
    match s.value {
        Some(Value::Bool(true)) => "username as well as email".to_string(),
        _ => String::new(),
    }
}

pub fn password_options(s: &Seen) -> String {
    if s.value.is_some_and(|v| !v.is_null()) {
        "in effect".to_string()
    } else {
        "not used".to_string()
    }
}
