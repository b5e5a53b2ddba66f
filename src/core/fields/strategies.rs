//! Every strategy's options, from Auth0's OpenAPI document: the strategy
//! enum and, per strategy, its options schema (`ConnectionOptionsOkta`, …),
//! resolved into a compact extract shipped in `assets/` (made by
//! `.ci/extract-strategy-options.py`; embedded at build time and parsed once,
//! on first use — see benches/BENCHMARKS.md for what that costs). Options are
//! open (`additionalProperties: true`): a key the schema does not type is kept
//! and never reported.
//!
//! Long (about 640 lines): the strategy extract's checker, its JSON Schema
//! export and their tests (100 lines).

use crate::core::diagnostic::{Code, Diagnostic};
use crate::core::pointer::{child, index};
use serde_json::{Map, Value};
use std::sync::OnceLock;

static EXTRACT: &str = include_str!("../../../assets/connection-strategies.json");

/// The extract's index: strategy names and which schema each uses are read
/// at once; each schema stays raw text until a document of its strategy is
/// checked (parsing all 54 on every start cost 5.5 ms; BENCHMARKS.md).
#[derive(serde::Deserialize)]
struct Extract {
    #[serde(borrow)]
    strategies: Vec<&'static str>,
    #[serde(borrow)]
    options_for: std::collections::HashMap<&'static str, &'static str>,
    #[serde(borrow, rename = "required_options")]
    required: std::collections::HashMap<&'static str, Vec<&'static str>>,
    #[serde(borrow)]
    schemas: std::collections::HashMap<&'static str, &'static serde_json::value::RawValue>,
}

fn extract() -> &'static Extract {
    static PARSED: OnceLock<Extract> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(EXTRACT).expect("the shipped extract is JSON"))
}

/// The schema named `name`, parsed on first use and kept.
fn parsed_schema(name: &str) -> Option<&'static Value> {
    static CACHE: OnceLock<
        std::sync::Mutex<std::collections::HashMap<&'static str, &'static Value>>,
    > = OnceLock::new();
    let (key, raw) = extract().schemas.get_key_value(name)?;
    let mut cache = CACHE.get_or_init(Default::default).lock().ok()?;
    if let Some(v) = cache.get(key) {
        return Some(v);
    }
    // Leaked once per schema (at most 54): they live as long as the process.
    let v: &'static Value = Box::leak(Box::new(serde_json::from_str(raw.get()).ok()?));
    cache.insert(key, v);
    Some(v)
}

/// Where connedit departs from a strategy's published options schema, and
/// why: severity by evidence (SPEC §1.4). An error only where Auth0 is known
/// to refuse; what live tenants were seen to accept or return is accepted;
/// a limit only the OpenAPI states and tenants exceed is a warning naming
/// its source. The one list of these departures: the checker, the JSON
/// Schema export and the README (a test) read it.
#[derive(Debug, Clone, Copy)]
pub struct OptionDelta {
    pub strategy: &'static str,
    /// The option's path below `/options` (`idpinitiated/client_protocol`).
    pub option: &'static str,
    pub change: Change,
    /// The source and its date.
    pub evidence: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Values live tenants accept or return beyond the schema's enum.
    Accepts(&'static [&'static str]),
    /// The schema's length and pattern describe, they are not enforced:
    /// warnings naming the evidence, and no constraint in the JSON Schema
    /// (its type still is one).
    Describes,
    /// A string is accepted too (with a warning naming the evidence) where
    /// the schema says another type.
    AlsoString,
    /// The published type is contradicted: not checked.
    Unchecked,
    /// Required in a create body though the schema does not say so, unless
    /// every option of `or_all` is given instead.
    Required { or_all: &'static [&'static str] },
    /// Not required in a create body, though the schema says so.
    NotRequired,
}

pub const OPTION_DELTAS: &[OptionDelta] = &[
    OptionDelta {
        strategy: "okta",
        option: "domain",
        change: Change::Required {
            or_all: &["issuer", "authorization_endpoint", "token_endpoint"],
        },
        evidence: "live 400 \"options.domain is required\" (SPEC §1.4); ten live creates with issuer and endpoints but no domain succeeded (terraform-provider-auth0 recordings, 2025–26)",
    },
    OptionDelta {
        strategy: "google-apps",
        option: "client_id",
        change: Change::NotRequired,
        evidence: "21 live creates without client_id succeeded (terraform-provider-auth0 recordings, 2024–26)",
    },
    OptionDelta {
        strategy: "email",
        option: "authParams",
        change: Change::Unchecked,
        evidence: "an object where the schema says string (terraform-provider-auth0 recordings)",
    },
    OptionDelta {
        strategy: "samlp",
        option: "idpinitiated/client_protocol",
        change: Change::Accepts(&["oauth2"]),
        evidence: "Auth0 docs, \"Configure Auth0 as SAML service provider\" (oauth2, samlp, wsfed; oauth2 in its example), and a tenant returned it (2026)",
    },
    OptionDelta {
        strategy: "samlp",
        option: "digestAlgorithm",
        change: Change::Accepts(&[""]),
        evidence: "returned as \"\" by a live tenant (2026 recordings)",
    },
    OptionDelta {
        strategy: "samlp",
        option: "signatureAlgorithm",
        change: Change::Accepts(&[""]),
        evidence: "returned as \"\" by a live tenant (2026 recordings)",
    },
    OptionDelta {
        strategy: "oauth1",
        option: "signatureMethod",
        change: Change::Accepts(&["HMAC-SHA1"]),
        evidence: "live 201 with HMAC-SHA1 (go-auth0 recordings, October 2025)",
    },
    OptionDelta {
        strategy: "linkedin",
        option: "client_id",
        change: Change::Describes,
        evidence: "the OpenAPI document's limit; live 200/201 with longer values, and its pattern cannot be met at all (terraform-provider-auth0 and go-auth0 recordings)",
    },
    OptionDelta {
        strategy: "twitter",
        option: "scope",
        change: Change::AlsoString,
        evidence: "no recorded refusal of a space-separated scope string on twitter",
    },
    OptionDelta {
        strategy: "line",
        option: "client_id",
        change: Change::Describes,
        evidence: "the OpenAPI document's limit; live 200/201 with longer values (terraform-provider-auth0 recordings)",
    },
];

/// The departures that apply to `strategy`'s option at `pointer`
/// (`/options/…`).
fn delta(strategy: &str, pointer: &str) -> Option<&'static OptionDelta> {
    let option = pointer.strip_prefix("/options/")?;
    OPTION_DELTAS
        .iter()
        .find(|d| d.strategy == strategy && d.option == option)
}

/// Every option key some strategy's schema marks secret. Kept here so that
/// masking needs no schema parsed; a test checks it against the extract.
pub const SECRET_KEYS: &[&str] = &[
    "admin_access_token",
    "admin_refresh_token",
    "app_secret",
    "client_secret",
    "key",
    "secret",
    "twilio_token",
];

/// How an option of a strategy is edited in a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionKind {
    Bool,
    Enum(Vec<&'static str>),
    Text,
    Integer,
    /// A list of strings (add, edit, delete an entry), at most `max` long.
    Strings {
        max: usize,
    },
    /// A list of values from a fixed set: a checkbox each.
    Members(Vec<&'static str>),
    /// An object of named values (`fieldsMap`, `attribute_map.attributes`):
    /// one row per key, and an entry to add one.
    Map,
    /// An object with typed keys: a group, its keys the rows below it.
    Object,
}

/// One option a form can show for a strategy, from its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionRow {
    /// The option's key in its object.
    pub key: &'static str,
    /// Its place below `options`: `/domain`, `/attribute_map/mapping_mode`.
    pub path: String,
    /// 0 for a key of `options`, one more for each object it is inside.
    pub depth: u8,
    pub kind: OptionKind,
    pub description: &'static str,
}

/// The non-secret options of `strategy`'s schema a form can edit, in the
/// schema's order, each object followed by its own keys (secrets, lists of
/// objects and values of several shapes are left to the preview, and kept;
/// `upstream_params` has its own rows).
pub fn option_rows(strategy: &str) -> &'static [OptionRow] {
    type Rows = std::collections::HashMap<String, &'static [OptionRow]>;
    static CACHE: OnceLock<std::sync::Mutex<Rows>> = OnceLock::new();
    let Ok(mut cache) = CACHE.get_or_init(Default::default).lock() else {
        return &[];
    };
    if let Some(rows) = cache.get(strategy) {
        return rows;
    }
    let mut rows = Vec::new();
    if let Some(props) = schema(strategy)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
    {
        option_tree(props, "", 0, &mut rows);
    }
    let rows: &'static [OptionRow] = Box::leak(rows.into_boxed_slice());
    cache.insert(strategy.to_string(), rows);
    rows
}

/// What the schema of `strategy` says its option at `path` (below
/// `options`: `/domain`) is for; empty when it says nothing.
pub fn description(strategy: &str, path: &str) -> &'static str {
    option_rows(strategy)
        .iter()
        .find(|o| o.path == path)
        .map_or("", |o| o.description)
}

/// The rows of the schema's `props` below `path` (depth `depth`).
fn option_tree(
    props: &'static Map<String, Value>,
    path: &str,
    depth: u8,
    out: &mut Vec<OptionRow>,
) {
    for (k, n) in props {
        if n.get("secret") == Some(&Value::Bool(true)) || (depth == 0 && k == "upstream_params") {
            continue;
        }
        let Some(kind) = option_kind(n) else {
            continue;
        };
        let here = child(path, k);
        // Secret by its key though no schema marks it (`customHeaders`).
        if crate::core::fields::is_secret_path(&format!("/options{here}")) {
            continue;
        }
        let object = kind == OptionKind::Object;
        out.push(OptionRow {
            key: k.as_str(),
            path: here.clone(),
            depth,
            kind,
            description: n.get("description").and_then(Value::as_str).unwrap_or(""),
        });
        if object && let Some(inner) = n.get("properties").and_then(Value::as_object) {
            option_tree(inner, &here, depth + 1, out);
        }
    }
}

/// The JSON types a schema node allows (`["string", "null"]`).
fn types(n: &Value) -> Vec<&str> {
    n.get("type")
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The string values of a node's `enum`, if it has one.
fn enum_values(n: &'static Value) -> Option<Vec<&'static str>> {
    let v: Vec<&'static str> = n
        .get("enum")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    (!v.is_empty()).then_some(v)
}

/// Whether a node holds a string only (a string type, or a choice between
/// strings: waad's `tenant_domain` is a host name or a UUID).
fn is_string(n: &Value) -> bool {
    let t = types(n);
    if !t.is_empty() {
        return t.iter().all(|t| matches!(*t, "string" | "null")) && t.contains(&"string");
    }
    n.get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|alts| !alts.is_empty() && alts.iter().all(is_string))
}

/// How a form edits the option a schema node describes, if it can.
fn option_kind(n: &'static Value) -> Option<OptionKind> {
    if let Some(v) = enum_values(n) {
        return Some(OptionKind::Enum(v));
    }
    let t = types(n);
    if t.contains(&"boolean") {
        Some(OptionKind::Bool)
    } else if t.contains(&"integer") || t.contains(&"number") {
        Some(OptionKind::Integer)
    } else if is_string(n) {
        Some(OptionKind::Text)
    } else if t.contains(&"array") {
        let items = n.get("items")?;
        if let Some(v) = enum_values(items) {
            Some(OptionKind::Members(v))
        } else if is_string(items) {
            let max = n.get("maxItems").and_then(Value::as_u64);
            Some(OptionKind::Strings {
                max: max.map_or(usize::MAX, |m| m as usize),
            })
        } else {
            None
        }
    } else if t.contains(&"object") {
        if n.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
        {
            Some(OptionKind::Object)
        } else {
            Some(OptionKind::Map)
        }
    } else {
        None
    }
}

/// Every strategy the API knows, in the OpenAPI document's order.
pub fn names() -> &'static [&'static str] {
    &extract().strategies
}

/// The options schema of `strategy`, if the document has one.
fn schema(strategy: &str) -> Option<&'static Value> {
    parsed_schema(extract().options_for.get(strategy)?)
}

/// `strategy` must be one of the API's strategies.
pub fn check_name(out: &mut Vec<Diagnostic>, path: &str, s: &str) {
    let all = names();
    if all.contains(&s) {
        return;
    }
    let hint = crate::core::suggest::closest(s, all)
        .map(|m| format!("; did you mean \"{m}\"?"))
        .unwrap_or_default();
    out.push(Diagnostic::error(
        Code::Enum,
        path,
        format!(
            "\"{}\" is not a strategy the API knows (it answers \"Invalid value\"){hint}",
            clip(s)
        ),
    ));
}

/// The options a create body of `strategy` must carry (the schema's, with
/// [`OPTION_DELTAS`]): a warning, as connedit merges a file's options over
/// the tenant's, so a missing one is only refused when the connection is
/// created (deploy-cli, curl). Runs also when `options` is absent.
pub fn check_required(
    out: &mut Vec<Diagnostic>,
    strategy: &str,
    options: Option<&Map<String, Value>>,
    create: bool,
) {
    if !create {
        return;
    }
    let has = |k: &str| options.is_some_and(|o| o.contains_key(k));
    for (k, or_all) in required_options(strategy) {
        if has(k) || (!or_all.is_empty() && or_all.iter().all(|k| has(k))) {
            continue;
        }
        let instead = if or_all.is_empty() {
            String::new()
        } else {
            format!(
                " (or {} instead)",
                or_all
                    .iter()
                    .map(|k| format!("options.{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(Diagnostic::warning(
            Code::Required,
            "/options",
            format!("a connection of strategy \"{strategy}\" is created with options.{k}{instead} (the API answers \"options.{k} is required\"); a push to an existing connection keeps the tenant's"),
        ));
    }
}

/// The options a create body of `strategy` must carry (the schema's, with
/// [`OPTION_DELTAS`]), each with the options that together stand in for it
/// (okta: `issuer` and its endpoints instead of `domain`).
pub fn required_options(strategy: &str) -> Vec<(&'static str, &'static [&'static str])> {
    let mut required: Vec<(&'static str, &'static [&'static str])> = extract()
        .required
        .get(strategy)
        .into_iter()
        .flatten()
        .map(|k| (*k, &[][..]))
        .collect();
    for d in OPTION_DELTAS.iter().filter(|d| d.strategy == strategy) {
        match d.change {
            Change::Required { or_all } => required.push((d.option, or_all)),
            Change::NotRequired => required.retain(|(k, _)| *k != d.option),
            _ => {}
        }
    }
    required
}

/// The required options of a new connection of `strategy`, each a value
/// to fill in: a string (at any depth) is a deploy-cli placeholder
/// `##STRATEGY_OPTION##` that no mapping resolves, so `validate` names it
/// and `push` refuses the file until it holds the real value; a boolean or a
/// number takes the schema's default (else `false`, `0`); an object holds
/// its own required keys.
pub fn required_placeholders(strategy: &str) -> Map<String, Value> {
    let props = schema(strategy)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object);
    let mut out = Map::new();
    for (k, _) in required_options(strategy) {
        let node = props.and_then(|p| p.get(k));
        let key = format!("{strategy}_{k}");
        out.insert(k.to_string(), placeholder_for(node, &key, 0));
    }
    out
}

fn placeholder_for(node: Option<&Value>, key: &str, depth: usize) -> Value {
    let node = node.unwrap_or(&Value::Null);
    if let Some(d) = node.get("default") {
        return d.clone();
    }
    let types: Vec<&str> = match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let name = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect::<String>();
    if let Some(first) = node
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    match types.first().copied() {
        // Auth0 turns it on for a new connection; a template never starts
        // with less protection than the Dashboard would.
        Some("boolean") if key.ends_with("_brute_force_protection") => Value::Bool(true),
        Some("boolean") => Value::Bool(false),
        Some("integer" | "number") => Value::from(0),
        Some("array") => Value::Array(Vec::new()),
        Some("object") if depth < 4 => {
            let props = node.get("properties").and_then(Value::as_object);
            let mut m = Map::new();
            // Its required keys; when it names none, the ones that cannot
            // be empty (passwordless email's `from`, `subject`, `body`).
            let mut keys: Vec<&str> = node
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if keys.is_empty() {
                keys = props
                    .into_iter()
                    .flatten()
                    .filter(|(_, p)| p.get("minLength").and_then(Value::as_u64).unwrap_or(0) >= 1)
                    .map(|(k, _)| k.as_str())
                    .collect();
            }
            for r in keys {
                m.insert(
                    r.to_string(),
                    placeholder_for(
                        props.and_then(|p| p.get(r)),
                        &format!("{key}_{r}"),
                        depth + 1,
                    ),
                );
            }
            Value::Object(m)
        }
        Some("object") => Value::Object(Map::new()),
        _ => Value::String(format!("##{name}##")),
    }
}

/// The options of a connection of `strategy` against its schema. Keys the
/// connection field table has a row for are left to it (`skip`).
pub fn check_options(
    out: &mut Vec<Diagnostic>,
    strategy: &str,
    options: &Map<String, Value>,
    create: bool,
    skip: impl Fn(&str) -> bool,
) {
    check_required(out, strategy, Some(options), create);
    let Some(schema) = schema(strategy) else {
        return;
    };
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (k, v) in options {
        // null removes the key in a PATCH, and live tenants return nulls.
        let path = child("/options", k);
        if skip(k)
            || v.is_null()
            || delta(strategy, &path).is_some_and(|d| d.change == Change::Unchecked)
        {
            continue;
        }
        if let Some(node) = props.get(k) {
            check_node(out, node, &path, v, strategy);
        }
    }
}

/// The properties of `strategy`'s options as a JSON Schema (2020-12) that
/// judges exactly what [`check_options`] judges: `null` accepted at the top,
/// `minLength` and formats dropped, a pattern only where it is checked (and
/// an empty string allowed, as the check skips it), the options this module
/// does not check left open, the top's required options left to the
/// warning. `None` for a strategy without a schema.
pub fn options_json_schema(strategy: &str) -> Option<Map<String, Value>> {
    let props = schema(strategy)?.get("properties")?.as_object()?;
    Some(
        props
            .iter()
            .map(|(k, node)| {
                let path = child("/options", k);
                let v = if delta(strategy, &path).is_some_and(|d| d.change == Change::Unchecked) {
                    serde_json::json!({})
                } else {
                    serde_json::json!({"anyOf": [
                        json_schema_node(node, &path, strategy),
                        {"type": "null"},
                        crate::core::schema::placeholder()
                    ]})
                };
                (k.clone(), v)
            })
            .collect(),
    )
}

/// One node of the extract as JSON Schema (see [`options_json_schema`]),
/// with `strategy`'s [`OPTION_DELTAS`] applied: accepted values join the
/// enum, a limit that only describes is no constraint.
fn json_schema_node(node: &Value, path: &str, strategy: &str) -> Value {
    let Some(n) = node.as_object() else {
        return serde_json::json!({});
    };
    let change = delta(strategy, path).map(|d| d.change);
    if n.contains_key("any") || change == Some(Change::Unchecked) {
        return serde_json::json!({});
    }
    let mut out = Map::new();
    for (k, v) in n {
        match k.as_str() {
            "maxLength" | "pattern" if change == Some(Change::Describes) => {}
            "enum" => {
                let mut values = v.as_array().cloned().unwrap_or_default();
                if let Some(Change::Accepts(more)) = change {
                    values.extend(more.iter().map(|m| Value::String(m.to_string())));
                }
                out.insert(k.clone(), Value::Array(values));
            }
            "type" | "maxLength" | "minimum" | "maximum" | "exclusiveMinimum"
            | "exclusiveMaximum" | "maxItems" | "minItems" | "uniqueItems" | "required"
            | "description" | "deprecated" => {
                out.insert(k.clone(), v.clone());
            }
            "pattern" => {
                if let Some(p) = v.as_str().filter(|p| pattern_ok(p, "x").is_some()) {
                    out.insert(k.clone(), Value::String(format!("^$|{p}")));
                }
            }
            "anyOf" => {
                let alts: Vec<Value> = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| json_schema_node(a, path, strategy))
                    .collect();
                out.insert(k.clone(), Value::Array(alts));
            }
            "items" => {
                out.insert(
                    k.clone(),
                    json_schema_node(v, &format!("{path}/*"), strategy),
                );
            }
            "properties" => {
                let props: Map<String, Value> = v
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), json_schema_node(v, &child(path, k), strategy)))
                    .collect();
                out.insert(k.clone(), Value::Object(props));
            }
            "additionalProperties" => {
                let v = match v {
                    Value::Object(_) => json_schema_node(v, &format!("{path}/*"), strategy),
                    other => other.clone(),
                };
                out.insert(k.clone(), v);
            }
            // minLength and format are not checked (live tenants store
            // shorter values); `secret` is connedit's own mark.
            _ => {}
        }
    }
    if change == Some(Change::AlsoString) {
        out = Map::from_iter([(
            "anyOf".to_string(),
            serde_json::json!([Value::Object(out), {"type": "string"}]),
        )]);
    }
    // A kept-secret stand-in (a pulled file) is accepted wherever a secret is.
    if n.get("secret") == Some(&Value::Bool(true)) {
        return serde_json::json!({"anyOf": [Value::Object(out), {"enum": [super::SECRET_SHOWN]}]});
    }
    Value::Object(out)
}

use crate::core::rules::clip;

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_ok(types: &[Value], v: &Value) -> bool {
    let t = type_name(v);
    types.iter().filter_map(Value::as_str).any(|want| {
        want == t
            || (want == "number" && t == "integer")
            || (want == "integer" && v.as_f64().is_some_and(|f| f.fract() == 0.0))
    })
}

fn words(types: &[Value]) -> String {
    let names: Vec<&str> = types
        .iter()
        .filter_map(Value::as_str)
        .map(|t| match t {
            "string" => "a string",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            "array" => "an array",
            "object" => "an object",
            _ => "null",
        })
        .collect();
    crate::core::suggest::one_of(&names).replace('"', "")
}

/// The patterns of the extract connedit can check without a regex engine;
/// the others are left to the API (no check is better than a wrong one).
fn pattern_ok(pattern: &str, s: &str) -> Option<bool> {
    match pattern {
        r"^https:\/\/.*" => Some(s.starts_with("https://")),
        "^[0-9a-fA-F]+$" => Some(!s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit())),
        r"^[0-9]+$" | r"^\d+$" => Some(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
        _ => None,
    }
}

/// One value against one node of the extract, with `strategy`'s
/// [`OPTION_DELTAS`] applied where they name the node.
fn check_node(out: &mut Vec<Diagnostic>, node: &Value, path: &str, v: &Value, strategy: &str) {
    match delta(strategy, path).map(|d| (d.change, d.evidence)) {
        Some((Change::Unchecked, _)) => {}
        Some((Change::Accepts(values), _)) if v.as_str().is_some_and(|s| values.contains(&s)) => {}
        Some((Change::AlsoString, evidence)) if v.is_string() => {
            let mut scratch = Vec::new();
            check_one(&mut scratch, node, path, v, strategy);
            for d in scratch {
                out.push(Diagnostic::warning(
                    d.code,
                    &d.path,
                    format!("{} (a warning, not an error: {evidence})", d.message),
                ));
            }
        }
        Some((Change::Describes, evidence)) => {
            let mut scratch = Vec::new();
            check_one(&mut scratch, node, path, v, strategy);
            for d in scratch {
                if matches!(d.code, Code::Length | Code::Pattern) {
                    out.push(Diagnostic::warning(
                        d.code,
                        &d.path,
                        format!("{} (a warning, not an error: {evidence})", d.message),
                    ));
                } else {
                    out.push(d);
                }
            }
        }
        _ => check_one(out, node, path, v, strategy),
    }
}

/// [`check_node`] without the departures at this node.
fn check_one(out: &mut Vec<Diagnostic>, node: &Value, path: &str, v: &Value, strategy: &str) {
    if node.get("any").is_some() {
        return;
    }
    // A stand-in for a secret the tenant keeps (a pulled file): not checked.
    if super::is_kept_secret(v) {
        return;
    }
    if let Some(alts) = node.get("anyOf").and_then(Value::as_array) {
        let fits = alts.iter().any(|a| {
            let mut scratch = Vec::new();
            check_node(&mut scratch, a, path, v, strategy);
            scratch.is_empty()
        });
        if !fits {
            // The first alternative's complaint says what is expected.
            if let Some(first) = alts.first() {
                check_node(out, first, path, v, strategy);
            }
        }
        return;
    }
    if let Some(types) = node.get("type").and_then(Value::as_array)
        && !type_ok(types, v)
    {
        out.push(Diagnostic::error(
            Code::Type,
            path,
            format!("must be {}, not {}", words(types), type_name(v)),
        ));
        return;
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array)
        && !values.contains(v)
    {
        let mut names: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        if let Some(Change::Accepts(more)) = delta(strategy, path).map(|d| d.change) {
            names.extend(more.iter().filter(|m| !m.is_empty()));
        }
        let hint = v
            .as_str()
            .and_then(|s| crate::core::suggest::closest(s, &names))
            .map(|m| format!("; did you mean \"{m}\"?"))
            .unwrap_or_default();
        out.push(Diagnostic::error(
            Code::Enum,
            path,
            format!(
                "must be {}, not {}{hint}",
                crate::core::suggest::one_of(&names),
                clip(&v.to_string())
            ),
        ));
        return;
    }
    let num = |k: &str| node.get(k).and_then(Value::as_f64);
    match v {
        Value::String(s) => {
            let n = s.chars().count() as f64;
            // minLength is not checked: live tenants store shorter values
            // (empty client ids, short twilio_sid; terraform-provider recordings).
            if let Some(max) = num("maxLength").filter(|m| n > *m) {
                out.push(Diagnostic::error(
                    Code::Length,
                    path,
                    format!("must be at most {max} characters (has {n})"),
                ));
            } else if let Some(p) = node.get("pattern").and_then(Value::as_str)
                && !s.is_empty()
                && pattern_ok(p, s) == Some(false)
            {
                let what = if p.starts_with(r"^https:") {
                    "must be an https:// URL".to_string()
                } else {
                    format!("must match {p}")
                };
                out.push(Diagnostic::error(Code::Pattern, path, what));
            }
        }
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or_default();
            let lo = num("minimum").or(num("exclusiveMinimum"));
            let hi = num("maximum").or(num("exclusiveMaximum"));
            let below = num("minimum").is_some_and(|m| f < m)
                || num("exclusiveMinimum").is_some_and(|m| f <= m);
            let above = num("maximum").is_some_and(|m| f > m)
                || num("exclusiveMaximum").is_some_and(|m| f >= m);
            if below || above {
                let range = match (lo, hi) {
                    (Some(l), Some(h)) => format!("{l}–{h}"),
                    (Some(l), None) => format!("at least {l}"),
                    (None, Some(h)) => format!("at most {h}"),
                    _ => String::new(),
                };
                out.push(Diagnostic::error(
                    Code::Range,
                    path,
                    format!("must be {range}, not {n}"),
                ));
            }
        }
        Value::Array(items) => {
            if let Some(max) = num("maxItems").filter(|m| items.len() as f64 > *m) {
                out.push(Diagnostic::error(
                    Code::TooMany,
                    path,
                    format!("at most {max} entries are allowed (has {})", items.len()),
                ));
            }
            if let Some(min) = num("minItems").filter(|m| (items.len() as f64) < *m) {
                out.push(Diagnostic::error(
                    Code::Required,
                    path,
                    format!("needs at least {min} entries (has {})", items.len()),
                ));
            }
            if node.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, item) in items.iter().enumerate() {
                    if items[..i].contains(item) {
                        out.push(Diagnostic::error(
                            Code::Duplicate,
                            index(path, i),
                            format!(
                                "{} is listed twice; each value may appear once",
                                clip(&item.to_string())
                            ),
                        ));
                    }
                }
            }
            if let Some(item_node) = node.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check_node(out, item_node, &index(path, i), item, strategy);
                }
            }
        }
        Value::Object(m) => {
            let props = node.get("properties").and_then(Value::as_object);
            if let Some(req) = node.get("required").and_then(Value::as_array) {
                for k in req.iter().filter_map(Value::as_str) {
                    if !m.contains_key(k) {
                        out.push(Diagnostic::error(
                            Code::Required,
                            path,
                            format!("\"{k}\" is required here"),
                        ));
                    }
                }
            }
            for (k, item) in m {
                let p = child(path, k);
                match props.and_then(|p| p.get(k)) {
                    Some(n) => check_node(out, n, &p, item, strategy),
                    None => match node.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            let allowed: Vec<&str> = props
                                .map(|p| p.keys().map(String::as_str).collect())
                                .unwrap_or_default();
                            out.push(Diagnostic::error(
                                Code::UnknownField,
                                &p,
                                format!(
                                    "unknown key \"{}\": the API refuses it (allowed here: {})",
                                    clip(k),
                                    crate::core::suggest::one_of(&allowed)
                                ),
                            ));
                        }
                        Some(n @ Value::Object(_)) => check_node(out, n, &p, item, strategy),
                        _ => {}
                    },
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(strategy: &str, options: Value) -> Vec<String> {
        let mut out = Vec::new();
        check_options(
            &mut out,
            strategy,
            options.as_object().unwrap(),
            true,
            |_| false,
        );
        out.iter()
            .map(|d| format!("{} {} {}", d.code.as_str(), d.path, d.message))
            .collect()
    }

    #[test]
    fn the_extract_knows_every_strategy_and_their_schemas() {
        assert!(names().len() >= 50, "{}", names().len());
        for s in [
            "auth0",
            "okta",
            "samlp",
            "google-oauth2",
            "waad",
            "email",
            "sms",
        ] {
            assert!(names().contains(&s), "{s}");
            assert!(schema(s).is_some(), "{s} has an options schema");
        }
    }

    #[test]
    fn okta_needs_its_domain_and_client_id() {
        let d = check("okta", json!({}));
        assert!(d.iter().any(|m| m.contains("options.domain")), "{d:?}");
        assert!(d.iter().any(|m| m.contains("options.client_id")), "{d:?}");
        assert!(check("okta", json!({"domain": "acme.okta.com", "client_id": "x"})).is_empty());
    }

    #[test]
    fn typed_options_are_checked_and_untyped_ones_kept() {
        let d = check(
            "okta",
            json!({"domain": "acme.okta.com", "client_id": "x", "authorization_endpoint": "http://x",
                   "something_new": {"any": "thing"}}),
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].starts_with("pattern /options/authorization_endpoint"),
            "{d:?}"
        );
    }

    #[test]
    fn a_form_gets_the_non_secret_options_of_every_shape() {
        let rows = option_rows("okta");
        let has =
            |path: &str, kind: OptionKind| rows.iter().any(|r| r.path == path && r.kind == kind);
        assert!(has("/domain", OptionKind::Text));
        assert!(has("/domain_aliases", OptionKind::Strings { max: 1000 }));
        assert!(has("/attribute_map", OptionKind::Object));
        assert!(has("/attribute_map/attributes", OptionKind::Map));
        assert!(has(
            "/attribute_map/mapping_mode",
            OptionKind::Enum(vec!["basic_profile", "use_map"])
        ));
        assert!(rows.iter().all(|r| r.key != "client_secret"));
        // A host name or a UUID: both strings, so a text row.
        assert!(
            option_rows("waad")
                .iter()
                .any(|r| r.path == "/tenant_domain" && r.kind == OptionKind::Text)
        );
        // A string or a list (baidu's scope): left to the preview.
        assert!(option_rows("baidu").iter().all(|r| r.path != "/scope"));
        assert!(
            option_rows("samlp")
                .iter()
                .any(|r| matches!(r.kind, OptionKind::Bool))
        );
        assert!(option_rows("no-such-strategy").is_empty());
    }

    #[test]
    fn the_secret_keys_are_exactly_those_the_extract_marks() {
        fn walk(n: &Value, out: &mut std::collections::BTreeSet<String>) {
            match n {
                Value::Object(m) => {
                    if let Some(Value::Object(props)) = m.get("properties") {
                        for (k, p) in props {
                            if p.get("secret") == Some(&Value::Bool(true)) {
                                out.insert(k.clone());
                            }
                        }
                    }
                    m.values().for_each(|v| walk(v, out));
                }
                Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut marked = std::collections::BTreeSet::new();
        for name in extract().schemas.keys() {
            walk(parsed_schema(name).unwrap(), &mut marked);
        }
        let listed: std::collections::BTreeSet<String> =
            SECRET_KEYS.iter().map(|s| s.to_string()).collect();
        assert_eq!(listed, marked);
    }
}
