//! The single-field rules, derived from a field table
//! ([`crate::core::fields`]): type, limits, `null`, closed objects, required
//! keys, where a field applies, read-only and deprecated keys. Rules that tie
//! fields together are code in the document's own rules module.

use super::checks::{self as c, Ctx, Null};
use crate::core::diagnostic::Code;
use crate::core::fields::{Access, Applies, Field, FieldKind};
use crate::core::pointer::child;
use serde_json::{Map, Value};

/// What is known of the connection's strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy<'a> {
    /// `auth0`, or a body whose path or keys show it is one.
    Database,
    /// Any other strategy, by name.
    Other(&'a str),
    /// A body without `strategy` (a PATCH body): the shared rules only.
    Unknown,
}

impl Strategy<'_> {
    /// "an okta connection", never "a database connection" for another.
    pub fn describe(&self) -> String {
        match self {
            Strategy::Database => "a database connection".into(),
            Strategy::Other(s) => format!("a connection of strategy \"{}\"", c::clip(s)),
            Strategy::Unknown => "this connection".into(),
        }
    }
}

/// Checks the keys of the object at `path` (whose own row, if any, is
/// `row`) against `table`, and every row below it.
pub fn check_object(
    ctx: &mut Ctx,
    table: &'static [Field],
    path: &str,
    map: &Map<String, Value>,
    closed: bool,
    strategy: Strategy,
) {
    let rows: Vec<&'static Field> = table.iter().filter(|f| f.parent() == path).collect();
    for (key, v) in map {
        let p = child(path, key);
        match rows.iter().find(|f| f.key() == key) {
            Some(f) => check_field(ctx, table, f, &p, v, strategy),
            None if closed => {
                let allowed: Vec<&str> = rows
                    .iter()
                    .filter(|f| f.access != Access::ReadOnly || path.is_empty())
                    .map(|f| f.key())
                    .collect();
                let hint = crate::core::suggest::closest(key, &allowed)
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                ctx.error(
                    Code::UnknownField,
                    &p,
                    format!(
                        "unknown key \"{}\": the API refuses it{hint} (allowed here: {})",
                        c::clip(key),
                        crate::core::suggest::one_of(&allowed)
                    ),
                );
            }
            None => {}
        }
    }
    for f in rows.iter().filter(|f| f.required) {
        if !map.contains_key(f.key()) {
            ctx.error(
                Code::Required,
                path,
                format!("\"{}\" is required here", f.key()),
            );
        }
    }
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
            return;
        }
        Access::Deprecated(why) => ctx.warning(Code::Deprecated, path, why),
        Access::Writable | Access::Identity => {}
    }
    // A stand-in for a secret the tenant keeps: nothing to check here.
    if crate::core::fields::is_kept_secret(v) && crate::core::fields::is_secret_path(path) {
        return;
    }
    if v.is_null() {
        if !f.nullable {
            ctx.error(
                Code::Type,
                path,
                format!("must not be null{}", null_hint(f)),
            );
        }
        return;
    }
    let null = Null::Refused;
    match f.kind {
        FieldKind::Bool => {
            c::boolean(ctx, path, v);
        }
        FieldKind::Enum(values) => {
            c::enumeration(ctx, path, v, values, null);
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
                check_object(ctx, table, path, m, closed, strategy);
            }
        }
        FieldKind::ByRule => {}
    }
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
