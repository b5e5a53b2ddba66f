//! A table test per rule of SPEC §1: each limit with its valid and invalid
//! neighbour, each enum, each cross-field rule and warning. Every case states
//! the exact diagnostics (severity, code, path) it expects.

use connedit::core::{Code, Document, Kind};
use serde_json::{Value, json};
use std::collections::BTreeSet;

type Expect = &'static [(&'static str, &'static str, &'static str)];

/// The cases of one table: a failing case does not stop the others; every
/// failure is reported at the end, named by the line of its case.
struct Table {
    cases: usize,
    failures: Vec<String>,
}

impl Table {
    fn new() -> Table {
        Table {
            cases: 0,
            failures: Vec::new(),
        }
    }

    fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "{} of {} cases failed:\n\n{}",
            self.failures.len(),
            self.cases,
            self.failures.join("\n\n")
        );
    }
}

/// Checks one document against the exact set of expected diagnostics.
#[track_caller]
fn check(kind: Kind, doc: Value, expect: Expect, t: &mut Table) {
    let at = std::panic::Location::caller();
    t.cases += 1;
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let d = Document::parse(&text, Some(kind));
    let diags = d.diagnostics();
    for x in &diags {
        if x.line.is_none() || x.column.is_none() || x.message.is_empty() {
            t.failures.push(format!(
                "case at line {}: no place or message for {x:?}",
                at.line()
            ));
        }
    }
    let got: BTreeSet<(String, String, String)> = diags
        .iter()
        .map(|x| (x.severity.to_string(), x.code.to_string(), x.path.clone()))
        .collect();
    let want: BTreeSet<(String, String, String)> = expect
        .iter()
        .map(|(s, c, p)| (s.to_string(), c.to_string(), p.to_string()))
        .collect();
    if got != want {
        t.failures.push(format!(
            "case at line {}:\n  want {want:?}\n  got  {got:?}\n  document: {}",
            at.line(),
            serde_json::to_string(&doc).unwrap()
        ));
    }
}

fn s(n: usize) -> String {
    "a".repeat(n)
}

fn list(n: usize, len: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{i:0>width$}", width = len.max(4))[..len.max(1)].to_string())
        .collect()
}

/// `n` distinct entries of exactly `len` characters.
fn distinct(n: usize, len: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{:a<len$}", format!("w{i}x"), len = len))
        .collect()
}

fn conn(options: Value) -> Value {
    json!({"name": "db", "strategy": "auth0", "options": options})
}

#[test]
fn profile_rules() {
    let mut t = Table::new();
    let p = Kind::Profile;
    let ok: Expect = &[];
    // name: 1–50 characters, required without id.
    check(p, json!({"name": s(50)}), ok, &mut t);
    check(
        p,
        json!({"name": s(51)}),
        &[("error", "length", "/name")],
        &mut t,
    );
    check(p, json!({"name": "é".repeat(50)}), ok, &mut t); // characters, not bytes
    check(p, json!({"name": s(1)}), ok, &mut t);
    check(
        p,
        json!({"name": ""}),
        &[("error", "length", "/name")],
        &mut t,
    );
    check(p, json!({"name": 5}), &[("error", "type", "/name")], &mut t);
    check(
        p,
        json!({"enabled_features": []}),
        &[("error", "required", "/name")],
        &mut t,
    );
    check(
        p,
        json!({"id": "cop_1"}),
        &[("info", "read_only", "/id")],
        &mut t,
    );
    check(
        p,
        json!({"id": "con_1", "name": "x"}),
        &[("info", "read_only", "/id"), ("warning", "pattern", "/id")],
        &mut t,
    );
    // An id is still of its type: it is what finds the profile to update.
    check(
        p,
        json!({"id": 5, "name": "x"}),
        &[("info", "read_only", "/id"), ("error", "type", "/id")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "nmae": 1}),
        &[("error", "unknown_field", "/nmae")],
        &mut t,
    );
    check(p, json!([]), &[("error", "type", "")], &mut t);
    // organization enums.
    for v in ["none", "optional", "required"] {
        check(
            p,
            json!({"name": "x", "organization": {"show_as_button": v, "assign_membership_on_login": v}}),
            ok,
            &mut t,
        );
    }
    check(
        p,
        json!({"name": "x", "organization": {"show_as_button": "Optional"}}),
        &[("error", "enum", "/organization/show_as_button")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "organization": {"assign_membership_on_login": true}}),
        &[("error", "type", "/organization/assign_membership_on_login")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "organization": {"x": "none"}}),
        &[("error", "unknown_field", "/organization/x")],
        &mut t,
    );
    // prefix: 0–15 characters, scanner.
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": ""}),
        ok,
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": s(15)}),
        ok,
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": s(16)}),
        &[("error", "length", "/connection_name_prefix_template")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": "a-{org_name}-"}),
        ok,
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": "-a"}),
        &[("error", "pattern", "/connection_name_prefix_template")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": "a--b"}),
        &[("error", "pattern", "/connection_name_prefix_template")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": "a_b"}),
        &[("error", "pattern", "/connection_name_prefix_template")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": "{org}"}),
        &[(
            "error",
            "template.variable",
            "/connection_name_prefix_template",
        )],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_name_prefix_template": "a{org_id"}),
        &[(
            "error",
            "template.variable",
            "/connection_name_prefix_template",
        )],
        &mut t,
    );
    // features: enum, unique; null as the server writes it.
    check(
        p,
        json!({"name": "x", "enabled_features": ["scim", "universal_logout"]}),
        ok,
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "enabled_features": ["scim", "scim"]}),
        &[("error", "duplicate", "/enabled_features/1")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "enabled_features": ["sso"]}),
        &[("error", "enum", "/enabled_features/0")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "enabled_features": "scim"}),
        &[("error", "type", "/enabled_features")],
        &mut t,
    );
    // connection_config: {} or null.
    check(p, json!({"name": "x", "connection_config": {}}), ok, &mut t);
    check(
        p,
        json!({"name": "x", "connection_config": {"a": 1}}),
        &[("error", "unknown_field", "/connection_config/a")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "connection_config": []}),
        &[("error", "type", "/connection_config")],
        &mut t,
    );
    // strategy_overrides: the eight strategies, closed objects.
    let all: serde_json::Map<String, Value> = [
        "pingfederate",
        "ad",
        "adfs",
        "waad",
        "google-apps",
        "okta",
        "oidc",
        "samlp",
    ]
    .iter()
    .map(|k| {
        (
            k.to_string(),
            json!({"enabled_features": ["scim"], "connection_config": {}}),
        )
    })
    .collect();
    check(
        p,
        json!({"name": "x", "strategy_overrides": all}),
        ok,
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "strategy_overrides": {"github": {}}}),
        &[("error", "unknown_field", "/strategy_overrides/github")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "strategy_overrides": {"okta": {"x": 1}}}),
        &[("error", "unknown_field", "/strategy_overrides/okta/x")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "strategy_overrides": {"okta": null}}),
        &[("error", "type", "/strategy_overrides/okta")],
        &mut t,
    );
    // provisioning.scim.tokens.
    let tokens = |t: Value| json!({"name": "x", "provisioning": {"scim": {"tokens": t}}});
    check(
        p,
        tokens(
            json!({"scopes": ["get:users", "post:users", "patch:users", "delete:users", "put:users"], "default_expiry": 3600, "max_allowed_expiry": 3600}),
        ),
        ok,
        &mut t,
    );
    check(
        p,
        tokens(json!({"scopes": [], "default_expiry": null, "max_allowed_expiry": null})),
        ok,
        &mut t,
    );
    check(
        p,
        tokens(
            json!({"scopes": ["get:users"], "default_expiry": 3601, "max_allowed_expiry": 3600}),
        ),
        &[("error", "order", "/provisioning/scim/tokens/default_expiry")],
        &mut t,
    );
    check(
        p,
        tokens(json!({"default_expiry": 1})),
        &[("error", "required", "/provisioning/scim/tokens/scopes")],
        &mut t,
    );
    check(
        p,
        tokens(json!({"scopes": ["get:user"]})),
        &[("error", "enum", "/provisioning/scim/tokens/scopes/0")],
        &mut t,
    );
    check(
        p,
        tokens(json!({"scopes": ["get:users", "get:users"]})),
        &[("error", "duplicate", "/provisioning/scim/tokens/scopes/1")],
        &mut t,
    );
    check(
        p,
        tokens(json!({"scopes": [], "default_expiry": 1.5})),
        &[("error", "range", "/provisioning/scim/tokens/default_expiry")],
        &mut t,
    );
    check(
        p,
        tokens(json!({"scopes": [], "max_allowed_expiry": -1})),
        &[(
            "error",
            "range",
            "/provisioning/scim/tokens/max_allowed_expiry",
        )],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "provisioning": {"scim": {}}}),
        &[("error", "required", "/provisioning/scim/tokens")],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "strategy_overrides": {"okta": {"provisioning": {"scim": {"tokens": {"scopes": ["put:users"]}}}}}}),
        ok,
        &mut t,
    );
    // cross_app_access_resource_app.status.
    let xaa = |s: Value| json!({"name": "x", "cross_app_access_resource_app": {"status": s}});
    check(p, xaa(json!({"default_value": "enabled"})), ok, &mut t);
    check(
        p,
        xaa(json!({"default_value": "disabled", "allowed_values": ["enabled", "disabled"]})),
        ok,
        &mut t,
    );
    check(
        p,
        xaa(json!({"default_value": "enabled", "allowed_values": ["enabled"]})),
        &[(
            "error",
            "required",
            "/cross_app_access_resource_app/status/allowed_values",
        )],
        &mut t,
    );
    check(
        p,
        xaa(json!({"allowed_values": ["enabled", "disabled"]})),
        &[(
            "error",
            "required",
            "/cross_app_access_resource_app/status/default_value",
        )],
        &mut t,
    );
    check(
        p,
        xaa(json!({"default_value": "on"})),
        &[(
            "error",
            "enum",
            "/cross_app_access_resource_app/status/default_value",
        )],
        &mut t,
    );
    check(
        p,
        json!({"name": "x", "cross_app_access_resource_app": {}}),
        &[("error", "required", "/cross_app_access_resource_app/status")],
        &mut t,
    );
    // What a live tenant returns validates as it is.
    check(
        p,
        json!({"id": "cop_0000000000000001", "name": "okta", "organization": {"show_as_button": "optional", "assign_membership_on_login": "required"},
               "connection_name_prefix_template": null, "enabled_features": null, "connection_config": null, "strategy_overrides": null}),
        &[("info", "read_only", "/id")],
        &mut t,
    );
    t.finish();
}

#[test]
fn connection_rules() {
    let mut t = Table::new();
    let c = Kind::Connection;
    let ok: Expect = &[];
    // passwordPolicy enum, null allowed.
    for v in ["none", "low", "fair", "good", "excellent"] {
        check(c, conn(json!({"passwordPolicy": v})), ok, &mut t);
    }
    check(c, conn(json!({"passwordPolicy": null})), ok, &mut t);
    check(
        c,
        conn(json!({"passwordPolicy": "strong"})),
        &[("error", "enum", "/options/passwordPolicy")],
        &mut t,
    );
    // min_length: 1–128, warn below 8 and above 72.
    let min = |n: Value| conn(json!({"password_complexity_options": {"min_length": n}}));
    check(c, min(json!(8)), ok, &mut t);
    check(c, min(json!(72)), ok, &mut t);
    check(
        c,
        min(json!(7)),
        &[(
            "warning",
            "weak",
            "/options/password_complexity_options/min_length",
        )],
        &mut t,
    );
    check(
        c,
        min(json!(1)),
        &[(
            "warning",
            "weak",
            "/options/password_complexity_options/min_length",
        )],
        &mut t,
    );
    check(
        c,
        min(json!(0)),
        &[(
            "error",
            "range",
            "/options/password_complexity_options/min_length",
        )],
        &mut t,
    );
    check(
        c,
        min(json!(73)),
        &[(
            "warning",
            "weak",
            "/options/password_complexity_options/min_length",
        )],
        &mut t,
    );
    check(
        c,
        min(json!(128)),
        &[(
            "warning",
            "weak",
            "/options/password_complexity_options/min_length",
        )],
        &mut t,
    );
    check(
        c,
        min(json!(129)),
        &[(
            "error",
            "range",
            "/options/password_complexity_options/min_length",
        )],
        &mut t,
    );
    check(
        c,
        min(json!(8.5)),
        &[(
            "error",
            "range",
            "/options/password_complexity_options/min_length",
        )],
        &mut t,
    );
    check(
        c,
        min(json!("8")),
        &[(
            "error",
            "type",
            "/options/password_complexity_options/min_length",
        )],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_complexity_options": {"min": 8}})),
        &[(
            "error",
            "unknown_field",
            "/options/password_complexity_options/min",
        )],
        &mut t,
    );
    // password_history: enable required, size 0–24.
    check(
        c,
        conn(json!({"password_history": {"enable": true, "size": 24}})),
        ok,
        &mut t,
    );
    check(
        c,
        conn(json!({"password_history": {"enable": true, "size": 0}})),
        ok,
        &mut t,
    );
    check(
        c,
        conn(json!({"password_history": {"enable": true, "size": 25}})),
        &[("error", "range", "/options/password_history/size")],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_history": {"enable": true, "size": -1}})),
        &[("error", "range", "/options/password_history/size")],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_history": {"size": 5}})),
        &[("error", "required", "/options/password_history/enable")],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_no_personal_info": {"enable": "yes"}})),
        &[("error", "type", "/options/password_no_personal_info/enable")],
        &mut t,
    );
    // password_dictionary: ≤200 entries of ≤50 characters, case-insensitive repeats, no_effect.
    check(
        c,
        conn(json!({"password_dictionary": {"enable": true, "dictionary": distinct(200, 50)}})),
        ok,
        &mut t,
    );
    check(
        c,
        conn(json!({"password_dictionary": {"enable": true, "dictionary": distinct(201, 5)}})),
        &[(
            "error",
            "too_many",
            "/options/password_dictionary/dictionary",
        )],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_dictionary": {"enable": true, "dictionary": [s(51)]}})),
        &[(
            "error",
            "length",
            "/options/password_dictionary/dictionary/0",
        )],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_dictionary": {"enable": true, "dictionary": ["Acme", "acme"]}})),
        &[(
            "warning",
            "duplicate",
            "/options/password_dictionary/dictionary/1",
        )],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_dictionary": {"enable": false, "dictionary": ["acme"]}})),
        &[(
            "warning",
            "no_effect",
            "/options/password_dictionary/dictionary",
        )],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_dictionary": {"enable": false, "dictionary": []}})),
        ok,
        &mut t,
    );
    // validation.username: min ≥ 1, max ≤ 128, both required, min ≤ max.
    let user = |u: Value| conn(json!({"validation": {"username": u}}));
    check(c, user(json!({"min": 1, "max": 128})), ok, &mut t);
    check(
        c,
        user(json!({"min": 0, "max": 128})),
        &[("error", "range", "/options/validation/username/min")],
        &mut t,
    );
    check(
        c,
        user(json!({"min": 1, "max": 129})),
        &[("error", "range", "/options/validation/username/max")],
        &mut t,
    );
    check(
        c,
        user(json!({"min": 10, "max": 9})),
        &[("error", "order", "/options/validation/username/min")],
        &mut t,
    );
    check(
        c,
        user(json!({"min": 10})),
        &[("error", "required", "/options/validation/username/max")],
        &mut t,
    );
    // booleans.
    for k in [
        "requires_username",
        "brute_force_protection",
        "disable_signup",
        "disable_self_service_change_password",
        "import_mode",
        "enabledDatabaseCustomization",
        "enable_script_context",
    ] {
        check(c, conn(json!({k: true})), ok, &mut t);
    }
    check(
        c,
        conn(json!({"disable_signup": "true"})),
        &[("error", "type", "/options/disable_signup")],
        &mut t,
    );
    // precedence: exactly the three, once each.
    check(
        c,
        conn(json!({"precedence": ["username", "email", "phone_number"]})),
        ok,
        &mut t,
    );
    check(
        c,
        conn(json!({"precedence": ["email", "username"]})),
        &[("error", "required", "/options/precedence")],
        &mut t,
    );
    check(
        c,
        conn(json!({"precedence": ["email", "username", "phone_number", "email"]})),
        &[
            ("error", "duplicate", "/options/precedence/3"),
            ("error", "too_many", "/options/precedence"),
        ],
        &mut t,
    );
    check(
        c,
        conn(json!({"precedence": ["email", "username", "phone"]})),
        &[
            ("error", "enum", "/options/precedence/2"),
            ("error", "required", "/options/precedence"),
        ],
        &mut t,
    );
    // non_persistent_attrs: ≤96 strings of ≤255 characters.
    check(
        c,
        conn(json!({"non_persistent_attrs": list(96, 255)})),
        ok,
        &mut t,
    );
    check(
        c,
        conn(json!({"non_persistent_attrs": list(97, 3)})),
        &[("error", "too_many", "/options/non_persistent_attrs")],
        &mut t,
    );
    check(
        c,
        conn(json!({"non_persistent_attrs": [s(256)]})),
        &[("error", "length", "/options/non_persistent_attrs/0")],
        &mut t,
    );
    // password_options.
    let cx = |v: Value| conn(json!({"password_options": {"complexity": v}}));
    check(
        c,
        cx(
            json!({"min_length": 72, "character_types": ["uppercase", "lowercase", "number", "special"], "character_type_rule": "three_of_four", "identical_characters": "block", "sequential_characters": "block", "max_length_exceeded": "error"}),
        ),
        ok,
        &mut t,
    );
    check(
        c,
        cx(json!({"min_length": 73})),
        &[(
            "error",
            "range",
            "/options/password_options/complexity/min_length",
        )],
        &mut t,
    );
    check(
        c,
        cx(json!({"min_length": 0})),
        &[(
            "error",
            "range",
            "/options/password_options/complexity/min_length",
        )],
        &mut t,
    );
    check(
        c,
        cx(json!({"min_length": 7})),
        &[(
            "warning",
            "weak",
            "/options/password_options/complexity/min_length",
        )],
        &mut t,
    );
    check(
        c,
        cx(
            json!({"character_types": ["uppercase", "lowercase", "number"], "character_type_rule": "three_of_four"}),
        ),
        &[(
            "error",
            "conflict",
            "/options/password_options/complexity/character_type_rule",
        )],
        &mut t,
    );
    check(
        c,
        cx(json!({"character_types": ["emoji"]})),
        &[(
            "error",
            "enum",
            "/options/password_options/complexity/character_types/0",
        )],
        &mut t,
    );
    check(
        c,
        cx(json!({"identical_characters": "deny"})),
        &[(
            "error",
            "enum",
            "/options/password_options/complexity/identical_characters",
        )],
        &mut t,
    );
    check(
        c,
        cx(json!({"max_length_exceeded": "truncated"})),
        &[(
            "error",
            "enum",
            "/options/password_options/complexity/max_length_exceeded",
        )],
        &mut t,
    );
    check(
        c,
        cx(json!({"minimum": 8})),
        &[(
            "error",
            "unknown_field",
            "/options/password_options/complexity/minimum",
        )],
        &mut t,
    );
    let po = |v: Value| conn(json!({"password_options": v}));
    check(
        c,
        po(
            json!({"dictionary": {"active": true, "custom": distinct(200, 50), "default": "en_100k"}}),
        ),
        ok,
        &mut t,
    );
    check(
        c,
        po(json!({"dictionary": {"active": true, "custom": distinct(201, 5)}})),
        &[(
            "error",
            "too_many",
            "/options/password_options/dictionary/custom",
        )],
        &mut t,
    );
    check(
        c,
        po(json!({"dictionary": {"active": true, "custom": [s(51)]}})),
        &[(
            "error",
            "length",
            "/options/password_options/dictionary/custom/0",
        )],
        &mut t,
    );
    check(
        c,
        po(json!({"dictionary": {"default": "en_1m"}})),
        &[(
            "error",
            "enum",
            "/options/password_options/dictionary/default",
        )],
        &mut t,
    );
    check(
        c,
        po(json!({"dictionary": {"active": false, "custom": ["acme"]}})),
        &[(
            "warning",
            "no_effect",
            "/options/password_options/dictionary/custom",
        )],
        &mut t,
    );
    check(
        c,
        po(json!({"history": {"active": true, "size": 24}})),
        ok,
        &mut t,
    );
    check(
        c,
        po(json!({"history": {"active": false, "size": 3}})),
        ok,
        &mut t,
    ); // a size while off is normal
    check(
        c,
        po(json!({"history": {"active": true, "size": 25}})),
        &[("error", "range", "/options/password_options/history/size")],
        &mut t,
    );
    check(
        c,
        po(json!({"history": {"active": true, "size": 0}})),
        &[("error", "range", "/options/password_options/history/size")],
        &mut t,
    );
    check(
        c,
        po(json!({"profile_data": {"active": true, "blocked_fields": distinct(12, 100)}})),
        ok,
        &mut t,
    );
    check(
        c,
        po(json!({"profile_data": {"active": true, "blocked_fields": distinct(13, 5)}})),
        &[(
            "error",
            "too_many",
            "/options/password_options/profile_data/blocked_fields",
        )],
        &mut t,
    );
    check(
        c,
        po(json!({"profile_data": {"active": true, "blocked_fields": [s(101)]}})),
        &[(
            "error",
            "length",
            "/options/password_options/profile_data/blocked_fields/0",
        )],
        &mut t,
    );
    // The server's own default for a new connection is clean (never no_effect).
    check(
        c,
        po(
            json!({"complexity": {"min_length": 15, "character_types": [], "character_type_rule": "all", "identical_characters": "allow", "sequential_characters": "allow", "max_length_exceeded": "error"},
                  "dictionary": {"active": false, "default": "en_100k", "custom": []}, "history": {"active": false, "size": 3},
                  "profile_data": {"active": false, "blocked_fields": ["name", "username", "nickname", "email", "phone_number", "user_metadata.name", "user_metadata.first", "user_metadata.last"]}}),
        ),
        ok,
        &mut t,
    );
    // password_options with legacy keys: conflict; null legacy keys are removals.
    check(
        c,
        conn(
            json!({"password_options": {}, "passwordPolicy": "good", "password_history": {"enable": true}}),
        ),
        &[
            ("error", "conflict", "/options/passwordPolicy"),
            ("error", "conflict", "/options/password_history"),
        ],
        &mut t,
    );
    check(
        c,
        conn(json!({"password_options": {}, "passwordPolicy": null})),
        ok,
        &mut t,
    );
    // attributes.
    let active = json!({"email": {"identifier": {"active": true}, "profile_required": true, "signup": {"status": "required"}}});
    check(c, conn(json!({"attributes": active.clone()})), ok, &mut t);
    check(
        c,
        conn(json!({"attributes": active.clone(), "requires_username": false})),
        ok,
        &mut t,
    );
    check(
        c,
        conn(json!({"attributes": active.clone(), "requires_username": true})),
        &[("error", "conflict", "/options/requires_username")],
        &mut t,
    );
    check(
        c,
        conn(json!({"attributes": active, "validation": {"username": {"min": 1, "max": 15}}})),
        &[("error", "conflict", "/options/validation")],
        &mut t,
    );
    check(
        c,
        conn(json!({"attributes": {"email": {"identifier": {"active": false}}}})),
        &[("error", "required", "/options/attributes")],
        &mut t,
    );
    check(
        c,
        conn(
            json!({"attributes": {"phone_number": {"identifier": {"active": true}, "profile_required": true, "signup": {"status": "optional"}}}}),
        ),
        &[(
            "error",
            "conflict",
            "/options/attributes/phone_number/signup/status",
        )],
        &mut t,
    );
    check(
        c,
        conn(
            json!({"attributes": {"username": {"identifier": {"active": true}, "validation": {"min_length": 5, "max_length": 4}}}}),
        ),
        &[(
            "error",
            "order",
            "/options/attributes/username/validation/min_length",
        )],
        &mut t,
    );
    // social/enterprise options.
    check(
        c,
        conn(json!({"upstream_params": {"screen_hint": {"value": "signup"}}})),
        &[("warning", "strategy", "/options/upstream_params")],
        &mut t,
    );
    check(
        c,
        conn(json!({"upstream_params": {"p": {"alias": "login_hint"}}})),
        &[("warning", "strategy", "/options/upstream_params")],
        &mut t,
    );
    check(
        c,
        conn(json!({"upstream_params": {"p": {"alias": "nonce"}}})),
        &[
            ("warning", "strategy", "/options/upstream_params"),
            ("error", "enum", "/options/upstream_params/p/alias"),
        ],
        &mut t,
    );
    check(
        c,
        conn(json!({"upstream_params": {"p": {"alias": "prompt", "value": "x"}}})),
        &[
            ("warning", "strategy", "/options/upstream_params"),
            ("error", "conflict", "/options/upstream_params/p"),
        ],
        &mut t,
    );
    check(
        c,
        conn(json!({"basic_profile": true, "api_enable_users": true})),
        &[
            ("warning", "strategy", "/options/basic_profile"),
            ("warning", "strategy", "/options/api_enable_users"),
        ],
        &mut t,
    );
    check(
        c,
        conn(json!({"ext_assigned_plans": true})),
        &[
            ("warning", "strategy", "/options/ext_assigned_plans"),
            ("warning", "deprecated", "/options/ext_assigned_plans"),
        ],
        &mut t,
    );
    // Keys connedit does not edit are kept and never reported.
    check(
        c,
        json!({"id": "con_1", "name": "db", "strategy": "auth0", "enabled_clients": [], "realms": ["db"], "is_domain_connection": false,
                    "options": {"mfa": {"active": true}, "passkey_options": null, "customScripts": {"login": "x"}, "configuration": {"k": "v"}}}),
        &[("info", "read_only", "/id")],
        &mut t,
    );
    // Another strategy is checked by its own schema, not called a database connection.
    check(
        c,
        json!({"name": "g", "strategy": "google-oauth2", "options": {}}),
        ok,
        &mut t,
    );
    check(
        c,
        json!({"name": "db", "options": []}),
        &[("error", "type", "/options")],
        &mut t,
    );
    t.finish();
}

#[test]
fn syntax_and_duplicate_keys() {
    let d = Document::parse("{\"name\": \"a\", \"name\": \"b\"}", None);
    let codes: Vec<Code> = d.diagnostics().iter().map(|x| x.code).collect();
    assert_eq!(codes, [Code::Duplicate]);
    let d = Document::parse("{\"name\": }", None);
    let diags = d.diagnostics();
    assert_eq!(diags[0].code, Code::JsonSyntax);
    assert_eq!((diags[0].line, diags[0].column), (Some(1), Some(10)));
}

/// Every code of SPEC §2 is produced by at least one case above.
#[test]
fn every_code_is_produced() {
    let mut seen = BTreeSet::new();
    let mut collect = |kind: Kind, doc: &str| {
        for d in Document::parse(doc, Some(kind)).diagnostics() {
            seen.insert(d.code.as_str());
        }
    };
    collect(
        Kind::Profile,
        include_str!("../fixtures/every_code_profile.json"),
    );
    collect(
        Kind::Connection,
        include_str!("../fixtures/every_code_connection.json"),
    );
    collect(Kind::Profile, "{");
    for code in Code::ALL {
        assert!(
            seen.contains(code.as_str()),
            "no fixture produces {}",
            code.as_str()
        );
    }
}

/// Every connection body in `fixtures/connections/valid/` (as live tenants
/// return them; the README says where each is from) validates without an
/// error, detected as a connection by its keys alone.
#[test]
fn real_connections_of_every_strategy_validate_clean() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/connections/valid");
    let mut failures = Vec::new();
    let mut strategies = BTreeSet::new();
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let doc = Document::parse(&text, None);
        n += 1;
        if doc.kind() != Kind::Connection {
            failures.push(format!(
                "{}: detected as {:?}",
                e.path().display(),
                doc.kind()
            ));
        }
        if let Some(s) = doc.value().and_then(|v| v["strategy"].as_str()) {
            strategies.insert(s.to_string());
        }
        for d in doc
            .diagnostics()
            .iter()
            .filter(|d| d.severity == connedit::core::Severity::Error)
        {
            failures.push(format!(
                "{}: {} {} {}",
                e.file_name().to_string_lossy(),
                d.code,
                d.path,
                d.message
            ));
        }
    }
    assert!(
        n >= 30 && strategies.len() >= 15,
        "{n} files, {strategies:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The rules of SPEC §1.4 as data: each case names what it shows, and every
/// failing case is reported at once.
#[test]
fn whole_connection_rules() {
    type Case = (
        &'static str,
        Value,
        &'static [(&'static str, &'static str, &'static str)],
    );
    let db = |options: Value| json!({"name": "db", "strategy": "auth0", "options": options});
    let okta =
        |options: Value| json!({"name": "okta-acme", "strategy": "okta", "options": options});
    let ok: &[(&str, &str, &str)] = &[];
    let s = |n: usize| "a".repeat(n);
    let cases: Vec<Case> = vec![
        // Top level: closed, create body, name pattern, lengths.
        (
            "unknown top-level key",
            json!({"name": "db", "strategy": "auth0", "domainConnection": true}),
            &[("error", "unknown_field", "/domainConnection")],
        ),
        (
            "a create body needs a name",
            json!({"strategy": "auth0"}),
            &[("error", "required", "")],
        ),
        (
            "a PATCH body needs neither",
            json!({"options": {"mfa": {"active": true}}}),
            ok,
        ),
        ("name 128", json!({"name": s(128), "strategy": "auth0"}), ok),
        (
            "name 129",
            json!({"name": s(129), "strategy": "auth0"}),
            &[("error", "length", "/name")],
        ),
        (
            "name with a single hyphen",
            json!({"name": "a-b", "strategy": "auth0"}),
            ok,
        ),
        (
            "name with --",
            json!({"name": "a--b", "strategy": "auth0"}),
            &[("error", "pattern", "/name")],
        ),
        (
            "name ending in -",
            json!({"name": "ab-", "strategy": "auth0"}),
            &[("error", "pattern", "/name")],
        ),
        (
            "name with _",
            json!({"name": "a_b", "strategy": "auth0"}),
            &[("error", "pattern", "/name")],
        ),
        (
            "unknown strategy",
            json!({"name": "x", "strategy": "okta2"}),
            &[("error", "enum", "/strategy")],
        ),
        // ---- Issue 27: what live tenants accepted or returned, by evidence ----
        (
            "oidc dpop_signing_alg ES384 (terraform TestAccConnectionOIDC, live PATCH 200, June 2026; auth0 7.1.0 types)",
            json!({"id": "con_1", "name": "o", "strategy": "oidc", "options": {"dpop_signing_alg": "ES384"}}),
            &[("info", "read_only", "/id")],
        ),
        (
            "okta dpop_signing_alg ES512 (auth0 7.1.0 ConnectionDpopSigningAlgEnum)",
            json!({"id": "con_1", "name": "o", "strategy": "okta", "options": {"dpop_signing_alg": "ES512"}}),
            &[("info", "read_only", "/id")],
        ),
        (
            "dpop_signing_alg outside the newest enum is still refused",
            json!({"id": "con_1", "name": "o", "strategy": "okta", "options": {"dpop_signing_alg": "RS256"}}),
            &[
                ("info", "read_only", "/id"),
                ("error", "enum", "/options/dpop_signing_alg"),
            ],
        ),
        (
            "samlp idpinitiated.client_protocol oauth2 (Auth0 docs, SAML service provider page)",
            json!({"id": "con_1", "name": "s", "strategy": "samlp", "options": {"idpinitiated": {"client_protocol": "oauth2"}}}),
            &[("info", "read_only", "/id")],
        ),
        (
            "samlp idpinitiated.client_protocol outside docs and schema",
            json!({"id": "con_1", "name": "s", "strategy": "samlp", "options": {"idpinitiated": {"client_protocol": "cas"}}}),
            &[
                ("info", "read_only", "/id"),
                ("error", "enum", "/options/idpinitiated/client_protocol"),
            ],
        ),
        (
            "linkedin client_id longer than the OpenAPI says (live 200/201): a warning",
            json!({"id": "con_1", "name": "l", "strategy": "linkedin", "options": {"client_id": "86abcdefghijklmnopqrst"}}),
            &[
                ("info", "read_only", "/id"),
                ("warning", "length", "/options/client_id"),
            ],
        ),
        (
            "line client_id longer than the OpenAPI says (live 200/201): a warning",
            json!({"id": "con_1", "name": "l", "strategy": "line", "options": {"client_id": "12345678901234"}}),
            &[
                ("info", "read_only", "/id"),
                ("warning", "length", "/options/client_id"),
            ],
        ),
        (
            "oauth1 signatureMethod HMAC-SHA1 (go-auth0 recording, live 201, October 2025)",
            json!({"id": "con_1", "name": "o", "strategy": "oauth1", "options": {"signatureMethod": "HMAC-SHA1"}}),
            &[("info", "read_only", "/id")],
        ),
        (
            "samlp digestAlgorithm and signatureAlgorithm \"\" (returned by a tenant)",
            json!({"id": "con_1", "name": "s", "strategy": "samlp", "options": {"digestAlgorithm": "", "signatureAlgorithm": ""}}),
            &[("info", "read_only", "/id")],
        ),
        (
            "cross_app_access_resource_app null in a PATCH (live 200; SPEC §4)",
            json!({"cross_app_access_resource_app": null}),
            ok,
        ),
        (
            "the strategies auth0 7.1.0 adds (ConnectionIdentityProviderEnum)",
            json!({"name": "s", "strategy": "slack", "options": {}}),
            ok,
        ),
        (
            "notion-mcp (auth0 7.1.0)",
            json!({"name": "n", "strategy": "notion-mcp"}),
            ok,
        ),
        (
            "connected_accounts.allow_missing_user_id (auth0 7.1.0 ConnectionConnectedAccountsPurpose)",
            json!({"id": "con_1", "name": "g", "strategy": "google-oauth2", "connected_accounts": {"active": true, "allow_missing_user_id": true}}),
            &[("info", "read_only", "/id")],
        ),
        (
            "okta create with issuer and endpoints, no domain (ten live 201s)",
            json!({"name": "o", "strategy": "okta", "options": {"client_id": "c", "issuer": "https://a.okta.com", "authorization_endpoint": "https://a.okta.com/a", "token_endpoint": "https://a.okta.com/t"}}),
            ok,
        ),
        (
            "google-apps create without client_id (21 live 201s)",
            json!({"name": "g", "strategy": "google-apps", "options": {"domain": "example.com", "tenant_domain": "example.com"}}),
            ok,
        ),
        (
            "okta create with no options at all (live 400 options.domain is required)",
            json!({"name": "o", "strategy": "okta"}),
            &[("warning", "required", "/options")],
        ),
        (
            "database: gateway_authentication and token_endpoint_auth_method (no evidence either way)",
            db(
                json!({"gateway_authentication": {"method": "bearer"}, "token_endpoint_auth_method": "client_secret_post"}),
            ),
            ok,
        ),
        (
            "database: null on options the schema makes nullable",
            db(
                json!({"password_history": null, "password_dictionary": null, "password_no_personal_info": null, "password_complexity_options": null}),
            ),
            ok,
        ),
        (
            "twitter scope as a string (no recorded refusal): a warning",
            json!({"id": "con_1", "name": "t", "strategy": "twitter", "options": {"scope": "tweet.read users.read"}}),
            &[
                ("info", "read_only", "/id"),
                ("warning", "type", "/options/scope"),
            ],
        ),
        (
            "linkedin client_id of another type is still an error (the evidence is about length)",
            json!({"id": "con_1", "name": "l", "strategy": "linkedin", "options": {"client_id": 42}}),
            &[
                ("info", "read_only", "/id"),
                ("error", "type", "/options/client_id"),
            ],
        ),
        (
            "twitter scope as a number is still an error (the evidence is about a string)",
            json!({"id": "con_1", "name": "t", "strategy": "twitter", "options": {"scope": 42}}),
            &[
                ("info", "read_only", "/id"),
                ("error", "type", "/options/scope"),
            ],
        ),
        (
            "oidc mapping_mode basic_profile (2022–24 recordings)",
            json!({"id": "con_1", "name": "o", "strategy": "oidc", "options": {"mapping_mode": "basic_profile"}}),
            &[("info", "read_only", "/id")],
        ),
        (
            "passwordPolicy on google-oauth2 (a tenant returned it): a warning",
            json!({"id": "con_1", "name": "g", "strategy": "google-oauth2", "options": {"passwordPolicy": "good"}}),
            &[
                ("info", "read_only", "/id"),
                ("warning", "strategy", "/options/passwordPolicy"),
            ],
        ),
        (
            "display_name 128",
            json!({"name": "x", "strategy": "auth0", "display_name": s(128)}),
            ok,
        ),
        (
            "display_name 129",
            json!({"name": "x", "strategy": "auth0", "display_name": s(129)}),
            &[("error", "length", "/display_name")],
        ),
        (
            // No refusal recorded, and the schema sets no minimum.
            "display_name empty: a warning",
            json!({"name": "x", "strategy": "auth0", "display_name": ""}),
            &[("warning", "length", "/display_name")],
        ),
        (
            "10 realms",
            json!({"name": "x", "strategy": "auth0", "realms": (0..10).map(|i| format!("r{i}")).collect::<Vec<_>>()}),
            ok,
        ),
        (
            "11 realms",
            json!({"name": "x", "strategy": "auth0", "realms": (0..11).map(|i| format!("r{i}")).collect::<Vec<_>>()}),
            &[("error", "too_many", "/realms")],
        ),
        (
            "metadata value 255",
            json!({"name": "x", "strategy": "auth0", "metadata": {"k": s(255)}}),
            ok,
        ),
        (
            "metadata value 256",
            json!({"name": "x", "strategy": "auth0", "metadata": {"k": s(256)}}),
            &[("error", "length", "/metadata/k")],
        ),
        (
            "metadata of 11 keys (live tenants accept)",
            json!({"name": "x", "strategy": "auth0", "metadata": (0..11).map(|i| (format!("k{i}"), json!("v"))).collect::<serde_json::Map<_, _>>()}),
            ok,
        ),
        (
            "validation and its username may be null (OpenAPI: [object, null])",
            json!({"name": "x", "strategy": "auth0", "options": {"validation": null}}),
            &[],
        ),
        (
            "validation username null",
            json!({"name": "x", "strategy": "auth0", "options": {"validation": {"username": null}}}),
            &[],
        ),
        (
            "authentication needs active",
            json!({"name": "x", "strategy": "auth0", "authentication": {}}),
            &[("error", "required", "/authentication/active")],
        ),
        (
            "connected_accounts closed",
            json!({"name": "x", "strategy": "auth0", "connected_accounts": {"active": true, "x": 1}}),
            &[("error", "unknown_field", "/connected_accounts/x")],
        ),
        (
            "id is read-only info",
            json!({"id": "con_1", "name": "x", "strategy": "auth0"}),
            &[("info", "read_only", "/id")],
        ),
        (
            // End of life 2026-07-13: never in a body (deploy-cli #1290),
            // pushed with /connections/{id}/clients: no diagnostic.
            "enabled_clients: application names, pushed through their own endpoint",
            json!({"name": "x", "strategy": "auth0", "enabled_clients": ["Default App", "abc123"]}),
            ok,
        ),
        (
            "enabled_clients: a list of names, not one",
            json!({"name": "x", "strategy": "auth0", "enabled_clients": "Default App"}),
            &[("error", "type", "/enabled_clients")],
        ),
        // Database options beyond §1.2.
        (
            "non_persistent_attrs null",
            db(json!({"non_persistent_attrs": null})),
            ok,
        ),
        (
            "email default_method email_otp",
            db(
                json!({"attributes": {"email": {"identifier": {"active": true, "default_method": "email_otp"}}}}),
            ),
            ok,
        ),
        (
            "email default_method phone_otp",
            db(
                json!({"attributes": {"email": {"identifier": {"active": true, "default_method": "phone_otp"}}}}),
            ),
            &[(
                "error",
                "enum",
                "/options/attributes/email/identifier/default_method",
            )],
        ),
        (
            "phone default_method phone_otp",
            db(
                json!({"attributes": {"phone_number": {"identifier": {"active": true, "default_method": "phone_otp"}}}}),
            ),
            ok,
        ),
        (
            "email.unique false with an active email identifier",
            db(json!({"attributes": {"email": {"identifier": {"active": true}, "unique": false}}})),
            &[("error", "conflict", "/options/attributes/email/unique")],
        ),
        (
            "email.unique false, email not an identifier",
            db(
                json!({"attributes": {"email": {"identifier": {"active": false}, "unique": false}, "username": {"identifier": {"active": true}}}}),
            ),
            ok,
        ),
        (
            "authentication_methods closed",
            db(json!({"authentication_methods": {"sms": {"enabled": true}}})),
            &[(
                "error",
                "unknown_field",
                "/options/authentication_methods/sms",
            )],
        ),
        (
            "api_behavior enum",
            db(json!({"authentication_methods": {"password": {"api_behavior": "sometimes"}}})),
            &[(
                "error",
                "enum",
                "/options/authentication_methods/password/api_behavior",
            )],
        ),
        (
            "signup block with api optional",
            db(
                json!({"authentication_methods": {"password": {"signup_behavior": "block", "api_behavior": "optional"}}}),
            ),
            ok,
        ),
        (
            "signup block without api optional",
            db(json!({"authentication_methods": {"password": {"signup_behavior": "block"}}})),
            &[(
                "error",
                "conflict",
                "/options/authentication_methods/password/signup_behavior",
            )],
        ),
        (
            "passwords off with email_otp and no self-service change",
            db(
                json!({"disable_self_service_change_password": true, "authentication_methods": {"password": {"enabled": false}, "email_otp": {"enabled": true}}}),
            ),
            ok,
        ),
        (
            "passwords off, no other way in",
            db(
                json!({"disable_self_service_change_password": true, "authentication_methods": {"password": {"enabled": false}}}),
            ),
            &[(
                "error",
                "conflict",
                "/options/authentication_methods/password/enabled",
            )],
        ),
        (
            // Docs and deploy-cli refuse false; absent keeps the tenant's value.
            "passwords off, self-service change not set: a warning",
            db(
                json!({"authentication_methods": {"password": {"enabled": false}, "phone_otp": {"enabled": true}}}),
            ),
            &[(
                "warning",
                "conflict",
                "/options/authentication_methods/password/enabled",
            )],
        ),
        (
            "passwords off, self-service change still on",
            db(
                json!({"disable_self_service_change_password": false, "authentication_methods": {"password": {"enabled": false}, "phone_otp": {"enabled": true}}}),
            ),
            &[(
                "error",
                "conflict",
                "/options/authentication_methods/password/enabled",
            )],
        ),
        (
            "passkey_options challenge_ui",
            db(json!({"passkey_options": {"challenge_ui": "autofill"}})),
            ok,
        ),
        (
            "passkey_options bad challenge_ui",
            db(json!({"passkey_options": {"challenge_ui": "never"}})),
            &[("error", "enum", "/options/passkey_options/challenge_ui")],
        ),
        (
            "passkey_options closed",
            db(json!({"passkey_options": {"challenge": "both"}})),
            &[(
                "error",
                "unknown_field",
                "/options/passkey_options/challenge",
            )],
        ),
        (
            // No refusal of other keys in mfa is recorded.
            "mfa: another key is a warning",
            db(json!({"mfa": {"active": true, "x": 1}})),
            &[("warning", "unknown_field", "/options/mfa/x")],
        ),
        (
            "mfa booleans",
            db(json!({"mfa": {"active": "yes"}})),
            &[("error", "type", "/options/mfa/active")],
        ),
        (
            "customScripts non-empty",
            db(json!({"customScripts": {"login": ""}})),
            &[("error", "length", "/options/customScripts/login")],
        ),
        (
            "configuration strings",
            db(json!({"configuration": {"K": 1}})),
            &[("error", "type", "/options/configuration/K")],
        ),
        (
            "set_user_root_attributes with custom database",
            db(
                json!({"enabledDatabaseCustomization": true, "set_user_root_attributes": "on_first_login"}),
            ),
            ok,
        ),
        (
            "set_user_root_attributes without custom database",
            db(json!({"set_user_root_attributes": "on_first_login"})),
            &[("error", "conflict", "/options/set_user_root_attributes")],
        ),
        (
            "set_user_root_attributes enum",
            json!({"name": "x", "strategy": "okta", "options": {"domain": "a.okta.com", "client_id": "c", "set_user_root_attributes": "always"}}),
            &[("error", "enum", "/options/set_user_root_attributes")],
        ),
        (
            "cross_app_access_requesting_app on a database connection",
            db(json!({"cross_app_access_requesting_app": {}})),
            &[(
                "error",
                "strategy",
                "/options/cross_app_access_requesting_app",
            )],
        ),
        (
            "cross_app_access_requesting_app on a database connection (top level)",
            json!({"name": "db", "strategy": "auth0", "cross_app_access_requesting_app": {"active": true}}),
            &[("error", "strategy", "/cross_app_access_requesting_app")],
        ),
        (
            "cross_app_access_requesting_app on oidc (top level)",
            json!({"name": "x", "strategy": "oidc", "cross_app_access_requesting_app": {"active": true}, "options": {"client_id": "c"}}),
            ok,
        ),
        // Database-only options elsewhere; other strategies' own schema.
        (
            // A tenant stored and returned it on google-oauth2 (SPEC §1.4).
            "passwordPolicy on okta: a warning",
            okta(json!({"domain": "a.okta.com", "client_id": "c", "passwordPolicy": "good"})),
            &[("warning", "strategy", "/options/passwordPolicy")],
        ),
        (
            "brute_force_protection on sms (live tenants)",
            json!({"name": "sms", "strategy": "sms", "options": {"brute_force_protection": true}}),
            ok,
        ),
        (
            "okta create without domain (a warning: a push merges with the tenant's)",
            okta(json!({"client_id": "c"})),
            &[("warning", "required", "/options")],
        ),
        (
            "okta pulled without domain",
            json!({"id": "con_1", "name": "okta-acme", "strategy": "okta", "options": {"client_id": "c"}}),
            &[("info", "read_only", "/id")],
        ),
        (
            "okta https endpoint",
            okta(
                json!({"domain": "a.okta.com", "client_id": "c", "authorization_endpoint": "http://a"}),
            ),
            &[("error", "pattern", "/options/authorization_endpoint")],
        ),
        (
            "samlp boolean option",
            json!({"name": "s", "strategy": "samlp", "options": {"debug": "yes"}}),
            &[("error", "type", "/options/debug")],
        ),
        (
            "untyped option kept",
            okta(json!({"domain": "a.okta.com", "client_id": "c", "brand_new_option": {"x": 1}})),
            ok,
        ),
        (
            "seed option on a social connection",
            json!({"name": "g", "strategy": "google-oauth2", "options": {"basic_profile": true, "upstream_params": {"screen_name": {"alias": "login_hint"}}}}),
            ok,
        ),
        (
            "seed option type",
            json!({"name": "g", "strategy": "google-oauth2", "options": {"ext_profile": "yes"}}),
            &[("error", "type", "/options/ext_profile")],
        ),
        (
            "upstream_params alias enum",
            json!({"name": "g", "strategy": "google-oauth2", "options": {"upstream_params": {"x": {"alias": "nonce"}}}}),
            &[("error", "enum", "/options/upstream_params/x/alias")],
        ),
    ];
    let mut failures = Vec::new();
    for (name, doc, expect) in &cases {
        let text = serde_json::to_string_pretty(doc).unwrap();
        let diags = Document::parse(&text, Some(Kind::Connection)).diagnostics();
        let got: BTreeSet<(String, String, String)> = diags
            .iter()
            .map(|x| (x.severity.to_string(), x.code.to_string(), x.path.clone()))
            .collect();
        let want: BTreeSet<(String, String, String)> = expect
            .iter()
            .map(|(s, c, p)| (s.to_string(), c.to_string(), p.to_string()))
            .collect();
        if got != want {
            failures.push(format!(
                "{name}:\n  want {want:?}\n  got  {got:?}\n  {:?}",
                diags.iter().map(|d| &d.message).collect::<Vec<_>>()
            ));
        }
        for d in &diags {
            let m = d.message.to_lowercase();
            if doc["strategy"] != "auth0"
                && doc.get("strategy").is_some()
                && m.contains("a database connection")
                && d.code != connedit::core::Code::Strategy
            {
                failures.push(format!(
                    "{name}: calls a non-database connection a database connection: {}",
                    d.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The README's list of where connedit differs from the published schema
/// names every delta of the connection field table.
#[test]
fn the_readme_lists_every_connection_delta() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for (pointer, what) in connedit::core::fields::connection::DELTAS {
        assert!(
            readme.contains(&format!("`{pointer}`")),
            "README does not list {pointer} ({what})"
        );
    }
    // The strategies' departures and the errors no refusal confirms: each
    // with its strategy (or place) and its evidence.
    for d in connedit::core::fields::strategies::OPTION_DELTAS {
        let line = format!("`{}` `/options/{}`", d.strategy, d.option);
        assert!(readme.contains(&line), "README does not list {line}");
        assert!(
            readme.contains(d.evidence),
            "README does not give the evidence for {line}"
        );
    }
    for u in connedit::core::fields::connection::UNCONFIRMED {
        let line = format!("`{}` ({})", u.pointer, u.code.as_str());
        assert!(readme.contains(&line), "README does not list {line}");
        assert!(
            readme.contains(u.evidence),
            "README does not give the evidence for {line}"
        );
    }
}

/// A document of `kind` (a connection of `strategy`) with `value` at the
/// row's pointer and every parent object present; a `*` segment is the
/// first key its `Keyed` parent allows.
pub(crate) fn doc_with(
    table: &[connedit::core::fields::Field],
    kind: Kind,
    strategy: &str,
    pointer: &str,
    value: Value,
) -> (String, String) {
    use connedit::core::fields::FieldKind;
    let mut doc = match kind {
        Kind::Profile => json!({"name": "x"}),
        Kind::Connection => json!({"name": "x", "strategy": strategy}),
    };
    let mut real = String::new();
    let tokens: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let mut at = &mut doc;
    for (i, t) in tokens.iter().enumerate() {
        let key = if *t == "*" {
            let parent = tokens[..i]
                .iter()
                .fold(String::new(), |p, t| format!("{p}/{t}"));
            match connedit::core::fields::find(table, &parent).map(|f| f.kind) {
                Some(FieldKind::Keyed(keys)) => keys[0].to_string(),
                other => panic!("{pointer}: * below {other:?}"),
            }
        } else {
            t.to_string()
        };
        real.push('/');
        real.push_str(&key);
        if i + 1 == tokens.len() {
            at[key.as_str()] = value.clone();
        } else {
            at = at
                .as_object_mut()
                .unwrap()
                .entry(key)
                .or_insert_with(|| json!({}));
        }
    }
    (serde_json::to_string(&doc).unwrap(), real)
}

/// A document with `value` at `f`'s place (see [`doc_with`]) whose
/// required siblings hold their least value, so that a limit is judged on a
/// document that is otherwise whole. Returns the document and the pointer.
pub(crate) fn whole_doc(
    table: &[connedit::core::fields::Field],
    kind: Kind,
    strategy: &str,
    f: &connedit::core::fields::Field,
    value: Value,
) -> (Value, String) {
    use connedit::core::fields::FieldKind;
    let siblings: Vec<(&str, Value)> = connedit::core::fields::children(table, f.parent())
        .filter(|s| s.required && s.pointer != f.pointer)
        .filter_map(|s| {
            let v = match s.kind {
                FieldKind::Bool => json!(false),
                FieldKind::Integer { min, .. } => json!(min),
                FieldKind::Enum(values) => json!(values[0]),
                FieldKind::Members(values) => json!([values[0]]),
                _ => return None,
            };
            Some((s.key(), v))
        })
        .collect();
    let (text, real) = doc_with(table, kind, strategy, f.pointer, value);
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let parent = real.rsplit_once('/').map_or("", |(p, _)| p).to_string();
    if let Some(obj) = doc.pointer_mut(&parent).and_then(Value::as_object_mut) {
        for (k, v) in &siblings {
            obj.insert(k.to_string(), v.clone());
        }
    }
    (doc, real)
}

/// What a limit refuses: a type, value, length or count error at the field
/// at `real`, or its order against a sibling.
pub(crate) fn refused_here(diags: &[connedit::core::Diagnostic], real: &str) -> bool {
    let parent = real.rsplit_once('/').map_or("", |(p, _)| p);
    diags.iter().any(|d| {
        d.severity == connedit::core::Severity::Error
            && ((d.path.starts_with(real)
                && d.code != Code::Conflict
                && (d.code != Code::Required || d.path == real))
                || (d.code == Code::Order && d.path.starts_with(parent)))
    })
}

/// Every row of both field tables has its rule: a value of the wrong type at
/// the row's pointer is reported there (and, for database-only rows, as
/// `strategy` on another strategy); both neighbours of every limit the row
/// states are judged as it states them. Rows below a `ByRule` object are
/// checked by code: this holds that code to the table.
#[test]
fn every_field_row_has_a_rule_and_its_limits_hold() {
    use connedit::core::fields::{Access, Applies, FieldKind};
    let tables = [
        (Kind::Connection, connedit::core::fields::connection::FIELDS),
        (Kind::Profile, connedit::core::fields::profile::FIELDS),
    ];
    let mut failures = Vec::new();
    for (kind, table) in tables {
        for f in table {
            let shape = connedit::core::fields::shape(table, f);
            let wrong = match shape.kind {
                FieldKind::Bool => json!("yes"),
                FieldKind::Enum(_) => json!("no-such-value"),
                FieldKind::Members(_) | FieldKind::Values(_) | FieldKind::AllOf(_) => {
                    json!(["no-such-value"])
                }
                FieldKind::Text { .. } | FieldKind::ConnectionName => json!(5),
                FieldKind::Integer { .. } => json!("5"),
                FieldKind::Strings { .. } => json!("not a list"),
                FieldKind::StringMap { .. } | FieldKind::Object { .. } | FieldKind::Keyed(_) => {
                    json!(["not an object"])
                }
                FieldKind::ByRule | FieldKind::Like(_) => continue,
            };
            let strategy = if f.applies == Applies::NotDatabase {
                "okta"
            } else {
                "auth0"
            };
            let judge = |value: Value| {
                let (doc, real) = whole_doc(table, kind, strategy, f, value);
                let diags = Document::parse(&doc.to_string(), Some(kind)).diagnostics();
                let errors_here = refused_here(&diags, &real);
                (diags, real, errors_here)
            };
            let (diags, real, errors_here) = judge(wrong.clone());
            let expected = match f.access {
                Access::ReadOnly => diags
                    .iter()
                    .any(|d| d.path == real && d.code == Code::ReadOnly),
                _ => errors_here,
            };
            if !expected {
                failures.push(format!(
                    "{} ({:?}): {wrong} gave {diags:?}",
                    f.pointer, f.kind
                ));
            }
            if f.access == Access::ReadOnly {
                continue;
            }
            // Both neighbours of each limit: (value, refused?).
            let mut limits: Vec<(Value, bool)> = Vec::new();
            match shape.kind {
                FieldKind::Integer { min, max } => {
                    limits.push((json!(min), false));
                    limits.push((json!(min - 1), true));
                    if max < i64::MAX {
                        limits.push((json!(max), false));
                        limits.push((json!(max + 1), true));
                    }
                }
                FieldKind::Text { min, max } => {
                    if min > 0 {
                        limits.push((json!("x".repeat(min - 1)), true));
                    }
                    if max < 10_000 {
                        limits.push((json!("x".repeat(max)), false));
                        limits.push((json!("x".repeat(max + 1)), true));
                    }
                }
                FieldKind::Strings { max_items, max_len } => {
                    if max_items < 10_000 {
                        let full: Vec<String> = (0..max_items).map(|i| format!("w{i}")).collect();
                        limits.push((json!(full), false));
                        let over: Vec<String> = (0..=max_items).map(|i| format!("w{i}")).collect();
                        limits.push((json!(over), true));
                    }
                    if max_len < 10_000 {
                        limits.push((json!(["y".repeat(max_len)]), false));
                        limits.push((json!(["y".repeat(max_len + 1)]), true));
                    }
                }
                FieldKind::Enum(values) => limits.push((json!(values[values.len() - 1]), false)),
                FieldKind::Members(values) | FieldKind::Values(values) => {
                    limits.push((json!(values), false))
                }
                FieldKind::AllOf(values) => {
                    limits.push((json!(values), false));
                    limits.push((json!(&values[1..]), true));
                }
                _ => {}
            }
            for (value, refused) in limits {
                let (diags, real, errors_here) = judge(value.clone());
                // A limit no refusal confirms is a warning naming its evidence
                // (fields::connection::UNCONFIRMED), never silence.
                let warned = diags.iter().any(|d| {
                    d.path == real
                        && d.severity == connedit::core::Severity::Warning
                        && d.message.contains("a warning, not an error")
                });
                if errors_here != refused && !(refused && warned) {
                    let short = value.to_string().chars().take(60).collect::<String>();
                    failures.push(format!(
                        "{}: {short}… should be {}: {diags:?}",
                        f.pointer,
                        if refused { "refused" } else { "accepted" }
                    ));
                }
            }
            if f.applies == Applies::Database {
                let (text, real) = doc_with(table, kind, "okta", f.pointer, wrong.clone());
                let diags = Document::parse(&text, Some(kind)).diagnostics();
                let parent_refused = diags.iter().any(|d| {
                    real.starts_with(&d.path) && !d.path.is_empty() && d.code == Code::Strategy
                });
                if !parent_refused {
                    failures.push(format!("{}: not refused on okta: {diags:?}", f.pointer));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The README lines for the strategies' departures and the unconfirmed
/// errors, as the tables give them (`cargo test print_readme_deltas -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_readme_deltas() {
    for d in connedit::core::fields::strategies::OPTION_DELTAS {
        let what = match d.change {
            connedit::core::fields::strategies::Change::Accepts(v) => format!(
                "also {}",
                v.iter()
                    .map(|v| format!("`\"{v}\"`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            connedit::core::fields::strategies::Change::Describes => {
                "the published length and pattern are warnings".to_string()
            }
            connedit::core::fields::strategies::Change::Unchecked => "not checked".to_string(),
            connedit::core::fields::strategies::Change::AlsoString => {
                "a string is accepted too (a warning)".to_string()
            }
            connedit::core::fields::strategies::Change::Required { or_all } => format!(
                "required in a create body (a warning), or all of {} instead",
                or_all.join(", ")
            ),
            connedit::core::fields::strategies::Change::NotRequired => {
                "not required in a create body".to_string()
            }
        };
        println!(
            "- `{}` `/options/{}`: {what}; {}.",
            d.strategy, d.option, d.evidence
        );
    }
    for u in connedit::core::fields::connection::UNCONFIRMED {
        println!(
            "- `{}` ({}): a warning, not an error; {}.",
            u.pointer,
            u.code.as_str(),
            u.evidence
        );
    }
}
