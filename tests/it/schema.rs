//! `connedit schema`: the JSON Schemas generated from the field tables agree
//! with `validate` on everything a schema can express.

use crate::rules_table::{refused_here, whole_doc};
use connedit::core::fields::{self, Access, Applies, FieldKind};
use connedit::core::{Document, Kind, Severity};
use serde_json::{Value, json};
use std::path::Path;

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(schema)
        .expect("a valid 2020-12 schema")
}

fn errors(doc: &Value, kind: Kind) -> Vec<String> {
    Document::parse(&doc.to_string(), Some(kind))
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {} {}", d.code.as_str(), d.path, d.message))
        .collect()
}

/// Every real connection body (tests/fixtures/connections/valid) and the
/// shipped examples validate clean, and the schemas accept each.
#[test]
fn what_validate_accepts_the_schemas_accept() {
    let generic = validator(&connedit::core::schema::connection(None).unwrap());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/connections/valid");
    let mut failures = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        n += 1;
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            errors(&doc, Kind::Connection).is_empty(),
            "{}",
            path.display()
        );
        let strategy = doc["strategy"].as_str().unwrap();
        let own = validator(&connedit::core::schema::connection(Some(strategy)).unwrap());
        for (which, v) in [("generic", &generic), (strategy, &own)] {
            let why: Vec<String> = v
                .iter_errors(&doc)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            if !why.is_empty() {
                failures.push(format!("{} ({which}): {why:?}", path.display()));
            }
        }
    }
    assert!(n >= 50, "the fixtures are there");
    // A deploy-cli tree's documents, placeholders and all.
    let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tree");
    let profile_schema = validator(&connedit::core::schema::profile());
    for name in ["okta-express.json", "partner-sso.json"] {
        let text = std::fs::read_to_string(tree.join("connection-profiles").join(name)).unwrap();
        let doc = Document::parse(&text, Some(Kind::Profile));
        let value = doc.value().unwrap().clone();
        assert!(errors(&value, Kind::Profile).is_empty(), "{name}");
        if !profile_schema.is_valid(&value) {
            failures.push(format!("tree profile {name}"));
        }
    }
    let db_schema = validator(&connedit::core::schema::connection(Some("auth0")).unwrap());
    let text = std::fs::read_to_string(
        tree.join("database-connections/Username-Password-Authentication/database.json"),
    )
    .unwrap();
    let value = Document::parse(&text, Some(Kind::Connection))
        .value()
        .unwrap()
        .clone();
    let why: Vec<String> = db_schema
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    if !why.is_empty() {
        failures.push(format!("tree database.json: {why:?}"));
    }
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let profile: Value =
        serde_json::from_str(&std::fs::read_to_string(examples.join("profile.json")).unwrap())
            .unwrap();
    assert!(errors(&profile, Kind::Profile).is_empty());
    let p = validator(&connedit::core::schema::profile());
    if !p.is_valid(&profile) {
        failures.push("the example profile".into());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// For every row of both tables, a value of the wrong type, both neighbours
/// of each limit and an allowed value: the schema refuses exactly what
/// `validate` refuses at that field.
#[test]
fn the_schemas_judge_each_field_as_validate_does() {
    let mut failures = Vec::new();
    let schemas = [
        (Kind::Profile, "", connedit::core::schema::profile()),
        (
            Kind::Connection,
            "auth0",
            connedit::core::schema::connection(Some("auth0")).unwrap(),
        ),
        (
            Kind::Connection,
            "okta",
            connedit::core::schema::connection(Some("okta")).unwrap(),
        ),
    ];
    for (kind, strategy, schema) in &schemas {
        let table = match kind {
            Kind::Profile => fields::profile::FIELDS,
            Kind::Connection => fields::connection::FIELDS,
        };
        let v = validator(schema);
        for f in table {
            if f.access == Access::ReadOnly
                || (*strategy == "okta" && f.applies == Applies::Database)
                || (*strategy == "auth0" && f.applies == Applies::NotDatabase)
            {
                continue;
            }
            let shape = fields::shape(table, f);
            let mut values = match shape.kind {
                FieldKind::Bool => vec![json!("yes"), json!(true)],
                FieldKind::Enum(vs) => vec![json!("no-such-value"), json!(vs[0])],
                FieldKind::Members(vs) => {
                    vec![json!(["no-such-value"]), json!(vs), json!([vs[0], vs[0]])]
                }
                FieldKind::Values(vs) => {
                    vec![json!(["no-such-value"]), json!(vs), json!([vs[0], vs[0]])]
                }
                FieldKind::AllOf(vs) => vec![json!(vs), json!(&vs[1..])],
                FieldKind::Text { min, max } => {
                    let mut v = vec![json!(5), json!("x".repeat(min.max(1)))];
                    if min > 0 {
                        v.push(json!("x".repeat(min - 1)));
                    }
                    if max < 10_000 {
                        v.push(json!("x".repeat(max + 1)));
                    }
                    v
                }
                FieldKind::ConnectionName => vec![json!("ok-name"), json!("-bad"), json!(5)],
                FieldKind::Integer { min, max } => {
                    let mut v = vec![json!("5"), json!(min), json!(min - 1)];
                    if max < i64::MAX {
                        v.extend([json!(max), json!(max + 1)]);
                    }
                    v
                }
                FieldKind::Strings { max_items, max_len } => {
                    let mut v = vec![json!("not a list"), json!(["w"])];
                    if max_items < 10_000 {
                        v.push(json!(
                            (0..=max_items).map(|i| format!("w{i}")).collect::<Vec<_>>()
                        ));
                    }
                    if max_len < 10_000 {
                        v.push(json!(["y".repeat(max_len + 1)]));
                    }
                    v
                }
                FieldKind::StringMap { .. } => {
                    vec![json!(["not an object"]), json!({"k": "v"}), json!({"k": 5})]
                }
                FieldKind::Object { .. } | FieldKind::Keyed(_) => {
                    vec![json!(["not an object"]), json!({"no_such_key": 1})]
                }
                FieldKind::ByRule | FieldKind::Like(_) => continue,
            };
            if f.nullable {
                values.push(Value::Null);
            }
            for value in values {
                let (doc, real) = whole_doc(table, *kind, strategy, f, value.clone());
                let diags = Document::parse(&doc.to_string(), Some(*kind)).diagnostics();
                let refused = refused_here(&diags, &real);
                let valid = v.is_valid(&doc);
                let elsewhere = diags.iter().any(|d| {
                    d.severity == Severity::Error && !refused_here(std::slice::from_ref(d), &real)
                });
                // Only where validate finds nothing else wrong is the schema's
                // verdict about this field alone.
                if !elsewhere && valid == refused {
                    let short: String = value.to_string().chars().take(50).collect();
                    failures.push(format!(
                        "{} = {short} ({strategy}): validate {}, schema {}: {diags:?}",
                        f.pointer,
                        if refused { "refuses" } else { "accepts" },
                        if valid { "accepts" } else { "refuses" },
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_schema_command_prints_each_and_refuses_an_unknown_strategy() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_connedit"))
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["schema", "profile"][..],
        &["schema", "connection"],
        &["schema", "connection", "--strategy", "okta"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let s: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        validator(&s);
    }
    let o = run(&["schema", "connection", "--strategy", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("okta"));
}

/// Issue 27: `schema connection --strategy S` holds every option of S that
/// `validate` types (okta's `domain`, samlp's `signInEndpoint`, …), and
/// judges values of them as `validate` does, the evidence deltas included.
#[test]
fn every_strategys_own_options_are_in_its_schema_and_judged_alike() {
    use connedit::core::fields::strategies;
    let mut failures = Vec::new();
    for strategy in strategies::names() {
        let Some(own) = strategies::options_json_schema(strategy) else {
            continue;
        };
        let schema = connedit::core::schema::connection(Some(strategy)).unwrap();
        let options = &schema["properties"]["options"];
        let props = options
            .get("properties")
            .or_else(|| options["anyOf"][0].get("properties"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for k in own.keys() {
            if !props.contains_key(k) {
                failures.push(format!("{strategy}: options.{k} is not in its schema"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Values: the newest enum, an accepted value by evidence, a refusal.
    let cases = [
        ("okta", json!({"dpop_signing_alg": "ES512"}), true),
        ("okta", json!({"dpop_signing_alg": "RS256"}), false),
        (
            "samlp",
            json!({"idpinitiated": {"client_protocol": "oauth2"}}),
            true,
        ),
        (
            "samlp",
            json!({"idpinitiated": {"client_protocol": "cas"}}),
            false,
        ),
        ("oauth1", json!({"signatureMethod": "HMAC-SHA1"}), true),
        (
            "linkedin",
            json!({"client_id": "a-much-longer-client-id-than-14"}),
            true,
        ),
        ("twitter", json!({"scope": "tweet.read"}), true),
    ];
    for (strategy, options, accepted) in cases {
        let doc = json!({"id": "con_1", "name": "x", "strategy": strategy, "options": options});
        let schema = validator(&connedit::core::schema::connection(Some(strategy)).unwrap());
        let by_schema = schema.is_valid(&doc);
        let by_validate = errors(&doc, Kind::Connection).is_empty();
        assert_eq!(by_schema, accepted, "schema on {doc}");
        assert_eq!(
            by_validate,
            accepted,
            "validate on {doc}: {:?}",
            errors(&doc, Kind::Connection)
        );
    }
}
