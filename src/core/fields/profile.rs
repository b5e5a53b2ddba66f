//! The fields of a Connection Profile (SPEC §1.1; OpenAPI `ConnectionProfile`
//! and the Node SDK 7.x types for `provisioning` and
//! `cross_app_access_resource_app`). The top level and every object below it
//! are closed. The single-field rules, the Profile pane's rows, their
//! meanings and rollback's unset values come from these rows; the rules that
//! tie fields together are code in [`crate::core::rules::profile`].

use super::meanings as m;
use super::{Access, Field, FieldKind as K, Unset};

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

// The server writes `null` for what a create left out; a pulled file must
// validate as it is, so `null` is accepted wherever the server puts it.
/// Every row of a profile, in the Profile pane's order.
pub static FIELDS: &[Field] = &[
    Field::new(
        "/id",
        "id",
        K::Text {
            min: 1,
            max: usize::MAX,
        },
        "the profile's id (cop_…), returned by the API",
    )
    .access(Access::ReadOnly),
    Field::new(
        "/name",
        "name",
        K::Text {
            min: 1,
            max: NAME_MAX,
        },
        "the profile's name, 1–50 characters",
    ),
    Field::new(
        "/organization",
        "organization",
        K::Object { closed: true },
        "how the connections it makes behave in organizations",
    )
    .nullable()
    .flat(),
    Field::new(
        "/organization/show_as_button",
        "show_as_button",
        K::Enum(&ORGANIZATION_VALUES),
        "whether organization members see a login button",
    )
    .meaning(m::show_as_button),
    Field::new(
        "/organization/assign_membership_on_login",
        "assign_membership_on_login",
        K::Enum(&ORGANIZATION_VALUES),
        "whether users become members when they log in",
    )
    .meaning(m::assign_membership),
    Field::new(
        "/connection_name_prefix_template",
        "name prefix template",
        K::Text {
            min: 0,
            max: crate::core::prefix::MAX_LEN,
        },
        "the prefix of the names of the connections it makes ({org_id}, {org_name})",
    )
    .nullable()
    .unset(Unset::Empty)
    .meaning(m::prefix),
    Field::new(
        "/enabled_features",
        "feature",
        K::Members(&FEATURES),
        "the features its connections have",
    )
    .nullable()
    .unset(Unset::Empty),
    Field::new(
        "/connection_config",
        "connection_config",
        K::Object { closed: true },
        "reserved: an empty object",
    )
    .nullable()
    .unset(Unset::Empty),
    Field::new(
        "/strategy_overrides",
        "strategy_overrides",
        K::Keyed(&STRATEGIES),
        "settings that differ for one strategy",
    )
    .nullable()
    .folded()
    .unset(Unset::Null),
    Field::new(
        "/strategy_overrides/*",
        "override",
        K::Object { closed: true },
        "what differs for this strategy",
    ),
    Field::new(
        "/strategy_overrides/*/enabled_features",
        "feature",
        K::Like("/enabled_features"),
        "the features for this strategy",
    ),
    Field::new(
        "/strategy_overrides/*/connection_config",
        "connection_config",
        K::Like("/connection_config"),
        "reserved: an empty object",
    ),
    Field::new(
        "/strategy_overrides/*/provisioning",
        "provisioning",
        K::Like("/provisioning"),
        "SCIM tokens for this strategy",
    ),
    Field::new(
        "/provisioning",
        "provisioning (SCIM tokens)",
        K::Object { closed: true },
        "SCIM provisioning",
    )
    .nullable()
    .folded(),
    Field::new(
        "/provisioning/scim",
        "scim",
        K::Object { closed: true },
        "SCIM provisioning",
    )
    .nullable(),
    Field::new(
        "/provisioning/scim/tokens",
        "tokens",
        K::Object { closed: true },
        "SCIM provisioning needs token settings ({\"scopes\": [...]})",
    )
    .required(),
    Field::new(
        "/provisioning/scim/tokens/scopes",
        "scope",
        K::Members(&SCIM_SCOPES),
        "what SCIM tokens may do",
    )
    .required(),
    // Expiries are seconds, or null for "no expiry".
    Field::new(
        "/provisioning/scim/tokens/default_expiry",
        "default_expiry (s)",
        K::Integer {
            min: 0,
            max: i64::MAX,
        },
        "a new token's lifetime in seconds; null: no expiry",
    )
    .nullable()
    .meaning(m::expiry),
    Field::new(
        "/provisioning/scim/tokens/max_allowed_expiry",
        "max_allowed_expiry (s)",
        K::Integer {
            min: 0,
            max: i64::MAX,
        },
        "the longest lifetime a token may have; null: no expiry",
    )
    .nullable()
    .meaning(m::expiry),
    Field::new(
        "/cross_app_access_resource_app",
        "cross_app_access_resource_app",
        K::Object { closed: true },
        "Cross App Access as a resource app",
    )
    .nullable()
    .folded(),
    Field::new(
        "/cross_app_access_resource_app/status",
        "status",
        K::Object { closed: true },
        "add \"status\": {\"default_value\": \"enabled\"} (or \"disabled\")",
    )
    .required(),
    Field::new(
        "/cross_app_access_resource_app/status/default_value",
        "status.default_value",
        K::Enum(&XAA_STATUS),
        "add \"default_value\": \"enabled\" or \"disabled\"",
    )
    .required(),
    // The API wants at least 2 unique values from a 2-value enum: the full pair.
    Field::new(
        "/cross_app_access_resource_app/status/allowed_values",
        "status.allowed_values",
        K::AllOf(&XAA_STATUS),
        "omit it to allow only default_value",
    ),
];

/// The row for `pointer`, if the table has one.
pub fn field(pointer: &str) -> Option<&'static Field> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, usize>> =
        std::sync::OnceLock::new();
    super::find_indexed(FIELDS, &INDEX, pointer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_and_likes_resolve() {
        assert_eq!(
            field("/strategy_overrides/okta/provisioning/scim/tokens/scopes").map(|f| f.pointer),
            Some("/provisioning/scim/tokens/scopes")
        );
        assert_eq!(
            field("/strategy_overrides/okta").map(|f| f.pointer),
            Some("/strategy_overrides/*")
        );
        assert!(field("/organization/nope").is_none());
    }
}
