//! Properties of the core: no input makes it panic; load→save is byte-identical
//! for formatted documents; keys it does not know survive.

use connedit::core::{Document, Kind, document::pretty};
use proptest::prelude::*;
use serde_json::{Map, Value};

pub(crate) fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((".{0,10}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Documents made of known keys with arbitrary values, plus unknown keys.
fn doc_like() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "name",
        "id",
        "organization",
        "connection_name_prefix_template",
        "enabled_features",
        "connection_config",
        "strategy_overrides",
        "provisioning",
        "cross_app_access_resource_app",
        "strategy",
        "options",
        "x-custom",
    ]);
    prop::collection::vec((key, json_value()), 0..8)
        .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

fn options_like() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "passwordPolicy",
        "password_complexity_options",
        "password_history",
        "password_no_personal_info",
        "password_dictionary",
        "validation",
        "precedence",
        "non_persistent_attrs",
        "password_options",
        "attributes",
        "upstream_params",
        "ext_groups",
        "requires_username",
        "mfa",
        "customScripts",
    ]);
    prop::collection::vec((key, json_value()), 0..8).prop_map(|kv| {
        let options: Map<String, Value> = kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        serde_json::json!({"strategy": "auth0", "options": options})
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        for kind in [None, Some(Kind::Profile), Some(Kind::Connection)] {
            let _ = Document::parse(&text, kind).diagnostics();
        }
    }

    #[test]
    fn json_ish_text_never_panics(s in r#"[\[\]{}",:0-9a-z\\ .eE+-]{0,200}"#) {
        let _ = Document::parse(&s, None).diagnostics();
    }

    #[test]
    fn any_profile_shaped_value_never_panics(v in doc_like()) {
        let d = Document::from_value(Kind::Profile, v);
        for diag in d.diagnostics() {
            prop_assert!(diag.line.is_some());
        }
    }

    #[test]
    fn any_connection_shaped_value_never_panics(v in options_like()) {
        let d = Document::from_value(Kind::Connection, v);
        for diag in d.diagnostics() {
            prop_assert!(diag.line.is_some());
        }
    }

    #[test]
    fn formatted_documents_round_trip_byte_for_byte(v in json_value()) {
        let text = pretty(&v);
        let d = Document::parse(&text, None);
        prop_assert_eq!(d.to_pretty().unwrap(), text);
        prop_assert_eq!(d.value().unwrap(), &v);
    }

    #[test]
    fn unknown_keys_survive_in_order(extra in prop::collection::vec(("[a-z_]{1,8}", json_value()), 1..5)) {
        let mut m = Map::new();
        m.insert("name".into(), Value::from("p"));
        for (k, v) in &extra {
            m.insert(format!("zz_{k}"), v.clone());
        }
        let text = serde_json::to_string(&Value::Object(m.clone())).unwrap();
        let d = Document::parse(&text, Some(Kind::Profile));
        let saved: Value = serde_json::from_str(&d.to_pretty().unwrap()).unwrap();
        prop_assert_eq!(saved.as_object().unwrap().keys().collect::<Vec<_>>(), m.keys().collect::<Vec<_>>());
        prop_assert_eq!(saved, Value::Object(m));
    }
}

#[test]
fn deep_nesting_and_huge_strings_are_handled() {
    let deep = format!("{{\"name\": {}{}}}", "[".repeat(50_000), "]".repeat(50_000));
    let d = Document::parse(&deep, None);
    assert_eq!(d.diagnostics()[0].code.as_str(), "json.syntax");
    let huge = format!(
        "{{\"name\": \"{}\", \"connection_name_prefix_template\": \"{}\"}}",
        "x".repeat(5_000_000),
        "{".repeat(100_000)
    );
    let diags = Document::parse(&huge, None).diagnostics();
    assert!(diags.iter().any(|d| d.code.as_str() == "length"));
    let many_keys: String = (0..20_000).map(|i| format!("\"k{i}\": {i},")).collect();
    let doc = format!("{{{many_keys} \"name\": \"x\"}}");
    let diags = Document::parse(&doc, Some(Kind::Profile)).diagnostics();
    assert_eq!(diags.len(), 20_000, "every unknown key is reported once");
}
