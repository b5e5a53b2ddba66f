//! JSON Schemas (draft 2020-12) of what `validate` accepts, generated from
//! the field tables (and, for a strategy's options, its schema from Auth0's
//! OpenAPI document), for editors that complete and check JSON as it is
//! typed. A schema says only what `validate` says: where a rule ties fields
//! together (a policy switch, identifiers, min ≤ max) `validate` says more.

use crate::core::fields::{self, Access, Applies, Field, FieldKind, strategies};
use crate::core::kind::Strategy;
use serde_json::{Map, Value, json};

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of a Connection Profile.
pub fn profile() -> Value {
    let table = fields::profile::FIELDS;
    let mut root = headed(
        "Auth0 Connection Profile (connedit)",
        object(table, "", true, Strategy::Unknown),
    );
    // A profile without an id is a create body, which needs a name.
    root.insert(
        "anyOf".into(),
        json!([{"required": ["id"]}, {"required": ["name"]}]),
    );
    Value::Object(root)
}

/// The schema of a connection; with `strategy`, of a connection of that
/// strategy (its options typed by its schema). `Err` names the strategies
/// when `strategy` is not one.
pub fn connection(strategy: Option<&str>) -> Result<Value, String> {
    let table = fields::connection::FIELDS;
    let known = strategies::names();
    let s = match strategy {
        None => Strategy::Unknown,
        Some("auth0") => Strategy::Database,
        Some(s) if known.contains(&s) => Strategy::Other(s),
        Some(s) => {
            return Err(format!(
                "unknown strategy \"{}\": one of {}",
                crate::core::scrub::one_line(s),
                known.join(", ")
            ));
        }
    };
    let mut root = object(table, "", true, s);
    let props = root
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .expect("the top level has properties");
    props.insert(
        "strategy".into(),
        match strategy {
            Some(name) => {
                json!({"const": name, "description": "the identity provider; never patched"})
            }
            None => json!({"enum": known, "description": "the identity provider; never patched"}),
        },
    );
    // The options' object schema: the row's, or its first alternative (the
    // row is wrapped with a placeholder's `anyOf`).
    fn object_props(v: &mut Value) -> Option<&mut Map<String, Value>> {
        if v.get("properties").is_some() {
            return v.get_mut("properties")?.as_object_mut();
        }
        v.get_mut("anyOf")?
            .as_array_mut()?
            .iter_mut()
            .find_map(object_props)
    }
    if let Strategy::Other(name) = s
        && let Some(own) = strategies::options_json_schema(name)
        && let Some(options) = props.get_mut("options").and_then(object_props)
    {
        // The strategy's own options, where the table has no row of its own.
        for (k, v) in own {
            options.entry(k).or_insert(v);
        }
    }
    let title = match strategy {
        Some(name) => format!("Auth0 connection, strategy {name} (connedit)"),
        None => "Auth0 connection (connedit)".to_string(),
    };
    Ok(Value::Object(headed(&title, root)))
}

/// A string holding an auth0-deploy-cli keyword placeholder.
pub fn placeholder() -> Value {
    json!({"type": "string", "pattern": "(@@|##)[A-Za-z0-9_]+(@@|##)",
           "description": "an auth0-deploy-cli keyword placeholder, replaced at deploy time"})
}

/// `body` with `$schema` and `title` first.
fn headed(title: &str, body: Map<String, Value>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("$schema".into(), DIALECT.into());
    m.insert("title".into(), title.into());
    m.extend(body);
    m
}

/// An object of the rows one segment below `pattern`.
fn object(table: &[Field], pattern: &str, closed: bool, s: Strategy) -> Map<String, Value> {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in fields::children(table, pattern) {
        if f.key() == "*" {
            continue;
        }
        props.insert(f.key().to_string(), field(table, f, s));
        if f.required {
            required.push(Value::String(f.key().to_string()));
        }
    }
    let mut m = Map::new();
    m.insert("type".into(), "object".into());
    m.insert("properties".into(), Value::Object(props));
    if closed {
        m.insert("additionalProperties".into(), false.into());
    }
    if !required.is_empty() {
        m.insert("required".into(), Value::Array(required));
    }
    m
}

/// Whether `validate` only warns (fields::connection::UNCONFIRMED) where the
/// table alone would refuse: an error of `code` at `pointer` for a value
/// like `v`. Such a place is no constraint in a schema.
fn lax(
    table: &[Field],
    code: crate::core::Code,
    pointer: &str,
    v: Option<&Value>,
    s: Strategy,
) -> bool {
    std::ptr::eq(table, fields::connection::FIELDS)
        && fields::connection::unconfirmed(code, pointer, v, s).is_some()
}

/// The schema of one row's value.
fn field(table: &[Field], f: &Field, s: Strategy) -> Value {
    use crate::core::Code;
    // A database-only option on another strategy is refused (unless no
    // refusal confirms it: then validate only warns).
    if f.applies == Applies::Database && matches!(s, Strategy::Other(_)) {
        if lax(table, Code::Strategy, f.pointer, None, s) {
            // validate warns and checks nothing below it.
            return json!({"description": format!("{}: database connections only (a warning elsewhere)", f.help)});
        }
        return json!({"not": {}, "description": format!("{}: database connections only", f.help)});
    }
    if f.applies == Applies::NeverDatabase && s == Strategy::Database {
        return json!({"not": {}, "description": "not supported on database connections"});
    }
    let shape = fields::shape(table, f);
    let mut v = match shape.kind {
        FieldKind::Bool => json!({"type": "boolean"}),
        FieldKind::Enum(values) => json!({"enum": values}),
        FieldKind::Members(values) => {
            json!({"type": "array", "items": {"enum": values}, "uniqueItems": true})
        }
        FieldKind::Values(values) => json!({"type": "array", "items": {"enum": values}}),
        FieldKind::AllOf(values) => json!({"type": "array", "items": {"enum": values},
            "uniqueItems": true, "minItems": values.len(), "maxItems": values.len()}),
        FieldKind::Text { min, max } => {
            let min = if lax(table, Code::Length, f.pointer, Some(&json!("")), s) {
                0
            } else {
                min
            };
            let mut m = json!({"type": "string", "minLength": min});
            if max < usize::MAX {
                m["maxLength"] = max.into();
            }
            m
        }
        FieldKind::ConnectionName => json!({"type": "string", "minLength": 1, "maxLength": 128,
            "pattern": "^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$"}),
        FieldKind::Integer { min, max } => {
            let mut m = json!({"type": "integer"});
            if min > i64::MIN {
                m["minimum"] = min.into();
            }
            if max < i64::MAX {
                m["maximum"] = max.into();
            }
            m
        }
        FieldKind::Strings { max_items, max_len } => {
            let mut item = json!({"type": "string"});
            if max_len < usize::MAX {
                item["maxLength"] = max_len.into();
            }
            let mut m = json!({"type": "array", "items": item});
            if max_items < usize::MAX {
                m["maxItems"] = max_items.into();
            }
            m
        }
        FieldKind::StringMap {
            min_len,
            max_len,
            null_values,
        } => {
            let mut item = json!({"type": "string", "minLength": min_len});
            if max_len < usize::MAX {
                item["maxLength"] = max_len.into();
            }
            if null_values {
                item = json!({"anyOf": [item, {"type": "null"}]});
            }
            json!({"type": "object", "additionalProperties": item})
        }
        FieldKind::Object { closed } => {
            let other = format!("{}/*", f.pointer);
            let closed = closed && !lax(table, Code::UnknownField, &other, None, s);
            Value::Object(object(table, shape.pointer, closed, s))
        }
        FieldKind::Keyed(keys) => {
            let each = fields::children(table, shape.pointer)
                .find(|c| c.key() == "*")
                .map_or(json!({}), |c| field(table, c, s));
            let props: Map<String, Value> =
                keys.iter().map(|k| (k.to_string(), each.clone())).collect();
            json!({"type": "object", "properties": props, "additionalProperties": false})
        }
        // Checked by code: the rows below it say what they can, the object
        // stays open to what the code accepts.
        FieldKind::ByRule | FieldKind::Like(_) => {
            let m = object(table, shape.pointer, false, s);
            if m["properties"].as_object().is_some_and(|p| !p.is_empty()) {
                Value::Object(m)
            } else {
                json!({})
            }
        }
    };
    // An auth0-deploy-cli tree writes a keyword placeholder where the value
    // goes (`@@KEY@@`, `##KEY##`); validate reports it as information.
    if !v.as_object().is_some_and(|m| m.is_empty()) {
        v = json!({"anyOf": [v, placeholder()]});
    }
    if f.secret {
        // A pulled file holds the stand-in; a file written by hand the value.
        v = json!({"anyOf": [v, {"enum": [fields::SECRET_SHOWN, fields::ENCRYPTED_SHOWN]}]});
    }
    if f.nullable || shape.nullable || lax(table, Code::Type, f.pointer, Some(&Value::Null), s) {
        v = json!({"anyOf": [v, {"type": "null"}]});
    }
    let m = v.as_object_mut().expect("a schema object");
    let description = if f.help.is_empty() { f.label } else { f.help };
    m.insert("description".into(), description.into());
    match f.access {
        Access::ReadOnly => {
            m.insert("readOnly".into(), true.into());
        }
        Access::Deprecated(why) => {
            m.insert("deprecated".into(), true.into());
            m.insert("description".into(), why.into());
        }
        Access::Elsewhere(why) | Access::NotPushed(why) => {
            m.insert("description".into(), why.into());
        }
        Access::Writable | Access::Identity => {}
    }
    v
}
