//! Checking primitives shared by the profile and connection rules: each one
//! looks at one value, pushes diagnostics with actionable messages, and hands
//! back the typed value when it is usable so the caller can go deeper.

use crate::core::diagnostic::{Code, Diagnostic};
use crate::core::pointer;
use crate::core::suggest::{closest, one_of};
use serde_json::{Map, Value};

/// Collects diagnostics while the rules walk a document.
#[derive(Default)]
pub struct Ctx {
    pub out: Vec<Diagnostic>,
}

impl Ctx {
    pub fn error(&mut self, code: Code, path: &str, msg: impl Into<String>) {
        self.out.push(Diagnostic::error(code, path, msg));
    }
    pub fn warning(&mut self, code: Code, path: &str, msg: impl Into<String>) {
        self.out.push(Diagnostic::warning(code, path, msg));
    }
    pub fn info(&mut self, code: Code, path: &str, msg: impl Into<String>) {
        self.out.push(Diagnostic::info(code, path, msg));
    }
}

/// "a string", "an array", … for messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// How a value may be null: never, or because Auth0 itself writes/accepts `null` there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Null {
    Refused,
    Allowed,
}

/// Reports a wrong type unless `v` is `null` and that is allowed. Returns
/// `false` when the caller should not look further.
fn null_ok(ctx: &mut Ctx, path: &str, v: &Value, null: Null, want: &str) -> bool {
    if v.is_null() {
        if null == Null::Refused {
            ctx.error(Code::Type, path, format!("must be {want}, not null"));
        }
        return false;
    }
    true
}

pub fn object<'a>(
    ctx: &mut Ctx,
    path: &str,
    v: &'a Value,
    null: Null,
) -> Option<&'a Map<String, Value>> {
    if !null_ok(ctx, path, v, null, "an object") {
        return None;
    }
    match v {
        Value::Object(m) => Some(m),
        other => {
            ctx.error(
                Code::Type,
                path,
                format!("must be an object, not {}", type_name(other)),
            );
            None
        }
    }
}

pub fn array<'a>(ctx: &mut Ctx, path: &str, v: &'a Value, null: Null) -> Option<&'a Vec<Value>> {
    if !null_ok(ctx, path, v, null, "an array") {
        return None;
    }
    match v {
        Value::Array(a) => Some(a),
        other => {
            ctx.error(
                Code::Type,
                path,
                format!("must be an array, not {}", type_name(other)),
            );
            None
        }
    }
}

pub fn boolean(ctx: &mut Ctx, path: &str, v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" || s == "false" => {
            ctx.error(
                Code::Type,
                path,
                format!("must be a boolean: write {s} without quotes"),
            );
            None
        }
        other => {
            ctx.error(
                Code::Type,
                path,
                format!("must be true or false, not {}", type_name(other)),
            );
            None
        }
    }
}

/// Reports keys of `map` that are not in `allowed` (`additionalProperties: false`).
pub fn known_keys(ctx: &mut Ctx, path: &str, map: &Map<String, Value>, allowed: &[&str]) {
    for key in map.keys() {
        if allowed.contains(&key.as_str()) {
            continue;
        }
        let mut msg = format!("unknown key \"{key}\"");
        if allowed.is_empty() {
            msg.push_str(": this object takes no keys (write {})");
        } else if let Some(s) = closest(key, allowed) {
            msg.push_str(&format!("; did you mean \"{s}\"?"));
        } else {
            msg.push_str(&format!("; allowed here: {}", one_of(allowed)));
        }
        ctx.out
            .push(Diagnostic::error(Code::UnknownField, pointer::child(path, key), msg).at_key());
    }
}

/// Reports a missing required key. The path names the missing member itself
/// (its line and column fall back to the object that lacks it), so an editor
/// can mark the exact field.
pub fn require(ctx: &mut Ctx, path: &str, map: &Map<String, Value>, key: &str, hint: &str) -> bool {
    if map.contains_key(key) {
        return true;
    }
    let mut msg = format!("missing required key \"{key}\"");
    if !hint.is_empty() {
        msg.push_str(": ");
        msg.push_str(hint);
    }
    ctx.error(Code::Required, &pointer::child(path, key), msg);
    false
}

/// A string from a fixed set; `did you mean` when it is close to one.
pub fn enumeration<'a>(
    ctx: &mut Ctx,
    path: &str,
    v: &'a Value,
    allowed: &[&str],
    null: Null,
) -> Option<&'a str> {
    // The message only when it is said: the list of values is formatted
    // per call otherwise, for every valid value too (most of them).
    if v.is_null() {
        if null == Null::Refused {
            ctx.error(
                Code::Type,
                path,
                format!("must be one of {}, not null", one_of(allowed)),
            );
        }
        return None;
    }
    let Value::String(s) = v else {
        ctx.error(
            Code::Type,
            path,
            format!("must be one of {}, not {}", one_of(allowed), type_name(v)),
        );
        return None;
    };
    if allowed.contains(&s.as_str()) {
        return Some(s);
    }
    let mut msg = format!("must be one of {}, not \"{}\"", one_of(allowed), clip(s));
    if let Some(sug) = closest(s, allowed) {
        msg.push_str(&format!("; did you mean \"{sug}\"?"));
    }
    ctx.error(Code::Enum, path, msg);
    None
}

/// A string whose length in characters lies in `min..=max`.
pub fn string<'a>(
    ctx: &mut Ctx,
    path: &str,
    v: &'a Value,
    min: usize,
    max: usize,
    null: Null,
) -> Option<&'a str> {
    if !null_ok(ctx, path, v, null, "a string") {
        return None;
    }
    let Value::String(s) = v else {
        ctx.error(
            Code::Type,
            path,
            format!("must be a string, not {}", type_name(v)),
        );
        return None;
    };
    let n = s.chars().count();
    if n < min {
        let msg = if min == 1 {
            "must not be empty".to_string()
        } else {
            format!("must be at least {min} characters (has {n})")
        };
        ctx.error(Code::Length, path, msg);
    } else if n > max {
        ctx.error(
            Code::Length,
            path,
            // As the minimum's: one count that changes as the user types
            // (and the whole message fits an 80-column problem line).
            format!("must be at most {max} characters (has {n})"),
        );
    }
    Some(s)
}

/// An integer in `min..=max` (either bound optional).
pub fn integer(
    ctx: &mut Ctx,
    path: &str,
    v: &Value,
    min: Option<i64>,
    max: Option<i64>,
) -> Option<i64> {
    let Value::Number(n) = v else {
        let hint = match v {
            Value::String(s) if s.trim().parse::<i64>().is_ok() => {
                format!(": write {} without quotes", s.trim())
            }
            _ => String::new(),
        };
        ctx.error(
            Code::Type,
            path,
            format!("must be a whole number, not {}{hint}", type_name(v)),
        );
        return None;
    };
    let Some(i) = n.as_i64().or_else(|| {
        // 3.0 is an integer to JSON Schema and to the API.
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9e15)
            .map(|f| f as i64)
    }) else {
        let msg = if n.as_u64().is_some() {
            format!("{n} is far out of range")
        } else {
            format!("must be a whole number, not {n}")
        };
        ctx.error(Code::Range, path, msg);
        return None;
    };
    let range = match (min, max) {
        (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => String::new(),
    };
    if min.is_some_and(|lo| i < lo) || max.is_some_and(|hi| i > hi) {
        ctx.error(Code::Range, path, format!("must be {range}, not {i}"));
        return Some(i);
    }
    Some(i)
}

/// An array of at most `max_items` strings of at most `max_len` characters.
/// Returns the strings that are strings, with their indices.
pub fn string_list<'a>(
    ctx: &mut Ctx,
    path: &str,
    v: &'a Value,
    max_items: usize,
    max_len: usize,
) -> Option<Vec<(usize, &'a str)>> {
    let items = array(ctx, path, v, Null::Refused)?;
    if items.len() > max_items {
        ctx.error(
            Code::TooMany,
            path,
            format!(
                "at most {max_items} entries are allowed (has {}, {} too many)",
                items.len(),
                items.len() - max_items
            ),
        );
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = pointer::index(path, i);
        if let Some(s) = string(ctx, &p, item, 0, max_len, Null::Refused) {
            out.push((i, s));
        }
    }
    Some(out)
}

/// An array of unique values from a fixed set (`enabled_features`, scopes, …).
pub fn enum_set<'a>(
    ctx: &mut Ctx,
    path: &str,
    v: &'a Value,
    allowed: &[&str],
    null: Null,
) -> Option<Vec<&'a str>> {
    let items = array(ctx, path, v, null)?;
    let mut seen: Vec<&str> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = pointer::index(path, i);
        if let Some(s) = enumeration(ctx, &p, item, allowed, Null::Refused) {
            if seen.contains(&s) {
                ctx.error(
                    Code::Duplicate,
                    &p,
                    format!("\"{s}\" is listed twice; each value may appear once"),
                );
            } else {
                seen.push(s);
            }
        }
    }
    Some(seen)
}

/// Warns about entries that repeat one another ignoring case (Auth0 compares
/// dictionary entries case-insensitively, so the repeat does nothing).
pub fn case_insensitive_repeats(ctx: &mut Ctx, path: &str, entries: &[(usize, &str)]) {
    let mut seen: std::collections::HashMap<String, usize> =
        std::collections::HashMap::with_capacity(entries.len());
    for (i, s) in entries {
        let key = s.to_lowercase();
        if let Some(first) = seen.get(&key) {
            let how = if entries.iter().any(|(j, t)| j == first && t == s) {
                "repeats"
            } else {
                "repeats, ignoring case,"
            };
            ctx.warning(
                Code::Duplicate,
                &pointer::index(path, *i),
                format!(
                    "\"{}\" {how} entry {first}; matching ignores case, so this entry does nothing",
                    clip(s)
                ),
            );
        } else {
            seen.insert(key, *i);
        }
    }
}

pub use super::clip;
