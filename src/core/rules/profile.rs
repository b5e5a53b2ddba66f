//! Rules for a Connection Profile (SPEC §1.1; OpenAPI `ConnectionProfile` and
//! the Node SDK 7.x types for `provisioning` and `cross_app_access_resource_app`).

use super::checks::{self as c, Ctx, Null};
use crate::core::diagnostic::Code;
use crate::core::pointer::child;
use crate::core::prefix;
use serde_json::{Map, Value};

pub const KEYS: [&str; 9] = [
    "id",
    "name",
    "organization",
    "connection_name_prefix_template",
    "enabled_features",
    "connection_config",
    "strategy_overrides",
    "provisioning",
    "cross_app_access_resource_app",
];
pub const ORGANIZATION_VALUES: [&str; 3] = ["none", "optional", "required"];
pub const FEATURES: [&str; 2] = ["scim", "universal_logout"];
pub const STRATEGIES: [&str; 8] = [
    "pingfederate",
    "ad",
    "adfs",
    "waad",
    "google-apps",
    "okta",
    "oidc",
    "samlp",
];
pub const SCIM_SCOPES: [&str; 5] = [
    "get:users",
    "post:users",
    "patch:users",
    "delete:users",
    "put:users",
];
pub const XAA_STATUS: [&str; 2] = ["enabled", "disabled"];
/// OpenAPI `ConnectionProfileName`: minLength 1, maxLength 50.
pub const NAME_MAX: usize = 50;

pub fn check(ctx: &mut Ctx, root: &Value) {
    let Some(map) = c::object(ctx, "", root, Null::Refused) else {
        return;
    };
    c::known_keys(ctx, "", map, &KEYS);

    let has_id = match map.get("id") {
        Some(id) => {
            if let Some(s) = c::string(ctx, "/id", id, 1, usize::MAX, Null::Refused)
                && !s.starts_with("cop_")
            {
                ctx.warning(
                    Code::Pattern,
                    "/id",
                    format!(
                        "\"{}\" does not look like a profile id (they start with \"cop_\")",
                        c::clip(s)
                    ),
                );
            }
            ctx.info(Code::ReadOnly, "/id", "read-only: identifies the profile on the tenant; kept in the file, never sent in a request body");
            true
        }
        None => false,
    };
    match map.get("name") {
        Some(v) => {
            c::string(ctx, "/name", v, 1, NAME_MAX, Null::Refused);
        }
        None if !has_id => {
            c::require(
                ctx,
                "",
                map,
                "name",
                "a profile without \"id\" is a create body, and Auth0 requires a name (1–50 characters)",
            );
        }
        None => {}
    }
    if let Some(v) = map.get("organization") {
        organization(ctx, v);
    }
    if let Some(v) = map.get("connection_name_prefix_template") {
        prefix_template(ctx, "/connection_name_prefix_template", v);
    }
    // The server writes `null` for what a create left out; a pulled file must
    // validate as it is, so `null` is accepted wherever the server puts it.
    if let Some(v) = map.get("enabled_features") {
        c::enum_set(ctx, "/enabled_features", v, &FEATURES, Null::Allowed);
    }
    if let Some(v) = map.get("connection_config") {
        connection_config(ctx, "/connection_config", v);
    }
    if let Some(v) = map.get("strategy_overrides") {
        strategy_overrides(ctx, v);
    }
    if let Some(v) = map.get("provisioning") {
        provisioning(ctx, "/provisioning", v);
    }
    if let Some(v) = map.get("cross_app_access_resource_app") {
        cross_app_access(ctx, v);
    }
}

fn organization(ctx: &mut Ctx, v: &Value) {
    let Some(m) = c::object(ctx, "/organization", v, Null::Allowed) else {
        return;
    };
    c::known_keys(
        ctx,
        "/organization",
        m,
        &["show_as_button", "assign_membership_on_login"],
    );
    for key in ["show_as_button", "assign_membership_on_login"] {
        if let Some(v) = m.get(key) {
            c::enumeration(
                ctx,
                &child("/organization", key),
                v,
                &ORGANIZATION_VALUES,
                Null::Refused,
            );
        }
    }
}

fn prefix_template(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(s) = c::string(ctx, path, v, 0, prefix::MAX_LEN, Null::Allowed) else {
        return;
    };
    for (code, msg) in prefix::problems(s) {
        ctx.error(code, path, msg);
    }
}

fn connection_config(ctx: &mut Ctx, path: &str, v: &Value) {
    if let Some(m) = c::object(ctx, path, v, Null::Allowed) {
        c::known_keys(ctx, path, m, &[]);
    }
}

fn strategy_overrides(ctx: &mut Ctx, v: &Value) {
    let path = "/strategy_overrides";
    let Some(m) = c::object(ctx, path, v, Null::Allowed) else {
        return;
    };
    c::known_keys(ctx, path, m, &STRATEGIES);
    for (strategy, ov) in m.iter().filter(|(k, _)| STRATEGIES.contains(&k.as_str())) {
        let p = child(path, strategy);
        let Some(o) = c::object(ctx, &p, ov, Null::Refused) else {
            continue;
        };
        c::known_keys(
            ctx,
            &p,
            o,
            &["enabled_features", "connection_config", "provisioning"],
        );
        if let Some(v) = o.get("enabled_features") {
            c::enum_set(
                ctx,
                &child(&p, "enabled_features"),
                v,
                &FEATURES,
                Null::Allowed,
            );
        }
        if let Some(v) = o.get("connection_config") {
            connection_config(ctx, &child(&p, "connection_config"), v);
        }
        if let Some(v) = o.get("provisioning") {
            provisioning(ctx, &child(&p, "provisioning"), v);
        }
    }
}

/// `provisioning.scim.tokens` (Node SDK `ConnectionProfileProvisioning`).
fn provisioning(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(m) = c::object(ctx, path, v, Null::Allowed) else {
        return;
    };
    c::known_keys(ctx, path, m, &["scim"]);
    let Some(scim) = m.get("scim") else { return };
    let sp = child(path, "scim");
    let Some(scim) = c::object(ctx, &sp, scim, Null::Allowed) else {
        return;
    };
    c::known_keys(ctx, &sp, scim, &["tokens"]);
    if !c::require(
        ctx,
        &sp,
        scim,
        "tokens",
        "SCIM provisioning needs token settings ({\"scopes\": [...]})",
    ) {
        return;
    }
    let tp = child(&sp, "tokens");
    let Some(tokens) = c::object(ctx, &tp, &scim["tokens"], Null::Refused) else {
        return;
    };
    scim_tokens(ctx, &tp, tokens);
}

fn scim_tokens(ctx: &mut Ctx, tp: &str, tokens: &Map<String, Value>) {
    c::known_keys(
        ctx,
        tp,
        tokens,
        &["scopes", "default_expiry", "max_allowed_expiry"],
    );
    if c::require(
        ctx,
        tp,
        tokens,
        "scopes",
        &format!(
            "the SCIM token scopes, from {}",
            crate::core::suggest::one_of(&SCIM_SCOPES)
        ),
    ) {
        c::enum_set(
            ctx,
            &child(tp, "scopes"),
            &tokens["scopes"],
            &SCIM_SCOPES,
            Null::Refused,
        );
    }
    // Expiries are seconds, or null for "no expiry".
    let mut expiry = |key: &str| -> Option<i64> {
        let v = tokens.get(key)?;
        if v.is_null() {
            return None;
        }
        c::integer(ctx, &child(tp, key), v, Some(0), None)
    };
    let default = expiry("default_expiry");
    let max = expiry("max_allowed_expiry");
    if let (Some(d), Some(m)) = (default, max)
        && d > m
    {
        ctx.error(
            Code::Order,
            &child(tp, "default_expiry"),
            format!("default_expiry ({d} s) must not exceed max_allowed_expiry ({m} s)"),
        );
    }
}

fn cross_app_access(ctx: &mut Ctx, v: &Value) {
    let path = "/cross_app_access_resource_app";
    let Some(m) = c::object(ctx, path, v, Null::Allowed) else {
        return;
    };
    c::known_keys(ctx, path, m, &["status"]);
    if !c::require(
        ctx,
        path,
        m,
        "status",
        "add \"status\": {\"default_value\": \"enabled\"} (or \"disabled\")",
    ) {
        return;
    }
    let sp = child(path, "status");
    let Some(status) = c::object(ctx, &sp, &m["status"], Null::Refused) else {
        return;
    };
    c::known_keys(ctx, &sp, status, &["default_value", "allowed_values"]);
    if c::require(
        ctx,
        &sp,
        status,
        "default_value",
        "add \"default_value\": \"enabled\" or \"disabled\"",
    ) {
        c::enumeration(
            ctx,
            &child(&sp, "default_value"),
            &status["default_value"],
            &XAA_STATUS,
            Null::Refused,
        );
    }
    if let Some(v) = status.get("allowed_values") {
        let ap = child(&sp, "allowed_values");
        // The API wants at least 2 unique values from a 2-value enum: the full pair.
        if let Some(values) = c::enum_set(ctx, &ap, v, &XAA_STATUS, Null::Refused)
            && values.len() < 2
            && v.as_array().is_some_and(|a| a.len() < 2)
        {
            ctx.error(
                Code::Required,
                &ap,
                "when given, allowed_values must list both \"enabled\" and \"disabled\"; omit it to allow only default_value",
            );
        }
    }
}
