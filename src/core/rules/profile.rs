//! Rules for a Connection Profile (SPEC §1.1). Each field's type, limits,
//! `null` and closed objects come from the profile's field table
//! ([`crate::core::fields::profile`]); what ties fields together, or says
//! more than a table can, is here.

use super::checks::{self as c, Ctx};
use super::fields::{Strategy, check_object};
use crate::core::diagnostic::Code;
use crate::core::fields::profile::FIELDS;
use crate::core::pointer::child;
use crate::core::prefix;
use serde_json::Value;

pub use crate::core::fields::profile::{
    FEATURES, NAME_MAX, ORGANIZATION_VALUES, SCIM_SCOPES, STRATEGIES, XAA_STATUS,
};

pub fn check(ctx: &mut Ctx, root: &Value) {
    let Some(map) = c::object(ctx, "", root, c::Null::Refused) else {
        return;
    };
    check_object(ctx, FIELDS, "", "", map, true, Strategy::Unknown);

    if let Some(s) = map.get("id").and_then(Value::as_str)
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
    if !map.contains_key("id") {
        c::require(
            ctx,
            "",
            map,
            "name",
            "a profile without \"id\" is a create body, and Auth0 requires a name (1–50 characters)",
        );
    }
    if let Some(s) = map
        .get("connection_name_prefix_template")
        .and_then(Value::as_str)
    {
        for (code, msg) in prefix::problems(s) {
            ctx.error(code, "/connection_name_prefix_template", msg);
        }
    }
    scim_expiries(ctx, "/provisioning", map.get("provisioning"));
    if let Some(overrides) = map.get("strategy_overrides").and_then(Value::as_object) {
        for (strategy, ov) in overrides {
            let p = child(&child("/strategy_overrides", strategy), "provisioning");
            scim_expiries(ctx, &p, ov.get("provisioning"));
        }
    }
}

/// A token's default lifetime must not exceed the longest it may have.
fn scim_expiries(ctx: &mut Ctx, path: &str, provisioning: Option<&Value>) {
    let Some(tokens) = provisioning
        .and_then(|p| p.pointer("/scim/tokens"))
        .and_then(Value::as_object)
    else {
        return;
    };
    let tp = format!("{path}/scim/tokens");
    let seconds = |k: &str| tokens.get(k).and_then(Value::as_i64).filter(|n| *n >= 0);
    if let (Some(d), Some(m)) = (seconds("default_expiry"), seconds("max_allowed_expiry"))
        && d > m
    {
        ctx.error(
            Code::Order,
            &child(&tp, "default_expiry"),
            format!("default_expiry ({d} s) must not exceed max_allowed_expiry ({m} s)"),
        );
    }
}
