//! The single-field rules, derived from a field table
//! ([`crate::core::fields`]): type, limits, `null`, closed objects, required
//! keys, where a field applies, read-only and deprecated keys. Rules that tie
//! fields together are code in the document's own rules module.

use super::checks::{self as c, Ctx, Null};
use crate::core::diagnostic::Code;
use crate::core::fields::{Access, Applies, Field, FieldKind};
use crate::core::pointer::child;
use serde_json::{Map, Value};

pub use crate::core::kind::Strategy;

/// Checks the keys of the object at `path` against the rows of `table` one
/// segment below `pattern` (the object's row: its pointer, or the pattern
/// `path` matches), and every row below them.
pub fn check_object(
    ctx: &mut Ctx,
    table: &'static [Field],
    pattern: &str,
    path: &str,
    map: &Map<String, Value>,
    closed: bool,
    strategy: Strategy,
) {
    // Each keystroke in the editor and each file of a validate runs this:
    // a key's row is a hash lookup (fields::child), the rows are listed
    // only to name them for an unknown key.
    for (key, v) in map {
        match crate::core::fields::child(table, pattern, key) {
            Some(f) => check_field(ctx, table, f, &child(path, key), v, strategy),
            None if closed => {
                let allowed: Vec<&str> = crate::core::fields::children(table, pattern)
                    .filter(|f| f.access != Access::ReadOnly || path.is_empty())
                    .map(Field::key)
                    .collect();
                unknown_key(ctx, &child(path, key), key, &allowed);
            }
            None => {}
        }
    }
    for f in crate::core::fields::children(table, pattern).filter(|f| f.required) {
        c::require(ctx, path, map, f.key(), f.help);
    }
}

fn unknown_key(ctx: &mut Ctx, p: &str, key: &str, allowed: &[&str]) {
    let hint = crate::core::suggest::closest(key, allowed)
        .map(|s| format!("; did you mean \"{s}\"?"))
        .unwrap_or_default();
    let msg = if allowed.is_empty() {
        format!(
            "unknown key \"{}\": this object takes no keys (write {{}})",
            c::clip(key)
        )
    } else {
        format!(
            "unknown key \"{}\": the API refuses it{hint} (allowed here: {})",
            c::clip(key),
            crate::core::suggest::one_of(allowed)
        )
    };
    ctx.out
        .push(crate::core::Diagnostic::error(Code::UnknownField, p, msg).at_key());
}

fn check_field(
    ctx: &mut Ctx,
    table: &'static [Field],
    f: &'static Field,
    path: &str,
    v: &Value,
    strategy: Strategy,
) {
    match (f.applies, strategy) {
        (Applies::Database, Strategy::Other(_)) => {
            ctx.error(
                Code::Strategy,
                path,
                format!(
                    "\"{}\" is an option of database connections; {} refuses it",
                    f.key(),
                    strategy.describe()
                ),
            );
            return;
        }
        (Applies::NeverDatabase, Strategy::Database) => {
            ctx.error(
                Code::Strategy,
                path,
                "is not supported on database connections (the API answers 400 \"not supported for this connection\")",
            );
            return;
        }
        (Applies::Only(list), s) if s.name().is_some_and(|n| !f.applies.to(n)) => {
            ctx.warning(
                Code::Strategy,
                path,
                format!(
                    "\"{}\" is an option of {} connections; it does nothing on {}",
                    f.key(),
                    list.join(", "),
                    strategy.describe()
                ),
            );
        }
        (Applies::NotDatabase, Strategy::Database) => {
            ctx.warning(
                Code::Strategy,
                path,
                format!(
                    "\"{}\" is an option of social and enterprise connections; it does nothing on a database connection",
                    f.key()
                ),
            );
        }
        _ => {}
    }
    match f.access {
        Access::ReadOnly => {
            ctx.info(
                Code::ReadOnly,
                path,
                format!(
                    "\"{}\" is returned by the API but refused in a body: kept in the file, never sent",
                    f.key()
                ),
            );
            // Still of its type: an id is what finds the object to update.
        }
        Access::Deprecated(why) => ctx.warning(Code::Deprecated, path, why),
        Access::NotPushed(why) => ctx.info(Code::NoEffect, path, why),
        // Pushed through its own endpoint: nothing to say.
        Access::Writable | Access::Identity | Access::Elsewhere(_) => {}
    }
    // A stand-in for a secret the tenant keeps: nothing to check here.
    if crate::core::fields::is_kept_secret(v) && crate::core::fields::is_secret_path(path) {
        return;
    }
    // A `Like` row checks as the row it names, with its own null rule.
    let shape = crate::core::fields::shape(table, f);
    if v.is_null() {
        if !(f.nullable || shape.nullable) {
            ctx.error(
                Code::Type,
                path,
                format!("must not be null{}", null_hint(shape)),
            );
        }
        return;
    }
    let null = Null::Refused;
    match shape.kind {
        FieldKind::Bool => {
            c::boolean(ctx, path, v);
        }
        FieldKind::Enum(values) => {
            c::enumeration(ctx, path, v, values, null);
        }
        FieldKind::Members(values) => {
            c::enum_set(ctx, path, v, values, null);
        }
        FieldKind::Values(values) => {
            if let Some(items) = c::array(ctx, path, v, null) {
                let mut seen: Vec<&str> = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let p = crate::core::pointer::index(path, i);
                    if let Some(s) = c::enumeration(ctx, &p, item, values, null) {
                        if seen.contains(&s) {
                            ctx.warning(Code::Duplicate, &p, format!("\"{s}\" is listed twice"));
                        }
                        seen.push(s);
                    }
                }
            }
        }
        FieldKind::AllOf(values) => {
            if let Some(seen) = c::enum_set(ctx, path, v, values, null)
                && seen.len() == v.as_array().map_or(0, Vec::len)
                && seen.len() < values.len()
            {
                let missing: Vec<&str> = values
                    .iter()
                    .copied()
                    .filter(|x| !seen.contains(x))
                    .collect();
                ctx.error(
                    Code::Required,
                    path,
                    format!(
                        "when given, it must list all of {} ({} missing){}",
                        quoted(values).join(", "),
                        quoted(&missing).join(", "),
                        if f.help.is_empty() {
                            String::new()
                        } else {
                            format!("; {}", f.help)
                        }
                    ),
                );
            }
        }
        FieldKind::Text { min, max } => {
            c::string(ctx, path, v, min, max, null);
        }
        FieldKind::ConnectionName => {
            if let Some(s) = c::string(ctx, path, v, 1, 128, null) {
                connection_name(ctx, path, s);
            }
        }
        FieldKind::Integer { min, max } => {
            c::integer(ctx, path, v, Some(min), Some(max));
        }
        FieldKind::Strings { max_items, max_len } => {
            c::string_list(ctx, path, v, max_items, max_len);
        }
        FieldKind::StringMap {
            min_len,
            max_len,
            null_values,
        } => {
            if let Some(m) = c::object(ctx, path, v, null) {
                for (k, item) in m {
                    if !(item.is_null() && null_values) {
                        c::string(ctx, &child(path, k), item, min_len, max_len, null);
                    }
                }
            }
        }
        FieldKind::Object { closed } => {
            if let Some(m) = c::object(ctx, path, v, null) {
                check_object(ctx, table, shape.pointer, path, m, closed, strategy);
            }
        }
        FieldKind::Keyed(keys) => {
            let Some(m) = c::object(ctx, path, v, null) else {
                return;
            };
            let each = crate::core::fields::children(table, shape.pointer).find(|f| f.key() == "*");
            for (key, item) in m {
                let p = child(path, key);
                match each {
                    Some(each) if keys.contains(&key.as_str()) => {
                        check_field(ctx, table, each, &p, item, strategy);
                    }
                    _ => unknown_key(ctx, &p, key, keys),
                }
            }
        }
        // A `Like` naming another `Like` (or nothing) is a table error the
        // table tests catch; nothing to check here.
        FieldKind::Like(_) | FieldKind::ByRule => {}
    }
}

fn quoted(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| format!("\"{v}\"")).collect()
}

fn null_hint(f: &Field) -> &'static str {
    match f.kind {
        FieldKind::Bool => ": write true or false, or remove the key",
        _ => ": remove the key to leave it unset",
    }
}

/// OpenAPI: `^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$` (live 400 "String does
/// not match pattern … on property name"). Scanned, to say which character.
pub fn connection_name(ctx: &mut Ctx, path: &str, s: &str) {
    let mut prev_dash = false;
    for (i, ch) in s.chars().enumerate() {
        let why = if ch == '-' {
            if i == 0 {
                Some("must start with a letter or digit".to_string())
            } else if prev_dash {
                Some("must not contain \"--\"".to_string())
            } else {
                None
            }
        } else if !ch.is_ascii_alphanumeric() {
            Some(format!(
                "may hold only letters, digits and single hyphens; {:?} at character {} is not allowed",
                ch,
                i + 1
            ))
        } else {
            None
        };
        if let Some(why) = why {
            ctx.error(Code::Pattern, path, why);
            return;
        }
        prev_dash = ch == '-';
    }
    if prev_dash {
        ctx.error(Code::Pattern, path, "must end with a letter or digit");
    }
}
