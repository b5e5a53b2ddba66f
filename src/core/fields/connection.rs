//! The fields of a connection (SPEC §1.2, §1.4; OpenAPI
//! `CreateConnectionRequestContent`, `UpdateConnectionRequestContent`,
//! `ConnectionOptionsAuth0`, `ConnectionPropertiesOptions`): the closed top
//! level and the typed options that every strategy, or only database
//! connections, share. A strategy's own options come from
//! [`super::strategies`]. Where live tenants differ from the published
//! schema the row says so (and [`DELTAS`] lists every such difference).

use super::meanings as m;
use super::{Access, Field, FieldKind as K};

/// The legacy password policy's keys (replaced by `password_options`).
pub const LEGACY_POLICY_KEYS: [&str; 5] = [
    "passwordPolicy",
    "password_complexity_options",
    "password_history",
    "password_no_personal_info",
    "password_dictionary",
];
pub const PASSWORD_POLICIES: [&str; 5] = ["none", "low", "fair", "good", "excellent"];
pub const CHARACTER_TYPES: [&str; 4] = ["uppercase", "lowercase", "number", "special"];
pub const CHARACTER_TYPE_RULES: [&str; 2] = ["all", "three_of_four"];
pub const ALLOW_BLOCK: [&str; 2] = ["allow", "block"];
pub const MAX_LENGTH_EXCEEDED: [&str; 2] = ["truncate", "error"];
pub const DEFAULT_DICTIONARIES: [&str; 2] = ["en_10k", "en_100k"];
pub const SET_USER_ROOT_ATTRIBUTES: [&str; 3] =
    ["on_each_login", "on_first_login", "never_on_login"];
pub const UPSTREAM_ALIASES: [&str; 12] = [
    "acr_values",
    "audience",
    "client_id",
    "display",
    "id_token_hint",
    "login_hint",
    "max_age",
    "prompt",
    "resource",
    "response_mode",
    "response_type",
    "ui_locales",
];

/// The strategy of Google Workspace's own directory options.
pub const GOOGLE_WORKSPACE: [&str; 1] = ["google-apps"];
/// Enterprise directories that return a user's groups.
pub const DIRECTORY_GROUPS: [&str; 4] = ["google-apps", "waad", "ad", "adfs"];

/// Every row of a connection document.
pub static FIELDS: &[Field] = &[
    // ---- the top level: closed (a live 400 "Additional properties not allowed: domainConnection") ----
    Field::new("/name", "name", K::ConnectionName, "the connection's name; identifies it, never patched")
        .access(Access::Identity),
    Field::new("/strategy", "strategy", K::ByRule, "the identity provider; identifies the connection, never patched")
        .access(Access::Identity),
    Field::new("/id", "id", K::Text { min: 1, max: usize::MAX }, "the connection's id (con_…), returned by the API")
        .access(Access::ReadOnly),
    Field::new("/provisioning_ticket_url", "provisioning ticket URL", K::Text { min: 0, max: usize::MAX }, "returned for AD/LDAP connections")
        .access(Access::ReadOnly),
    Field::new("/display_name", "display name", K::Text { min: 1, max: 128 }, "the name Universal Login shows"),
    Field::new("/options", "options", K::Object { closed: false }, "the strategy's settings; a PATCH replaces them whole"),
    // Delta: refused in a body since its end of life, 2026-07-13 (live 400
    // "Additional properties not allowed: enabled_clients"; deploy-cli #1290,
    // fixed by PR #1294). In a file it keeps deploy-cli's meaning.
    Field::new(ENABLED_CLIENTS, "enabled applications", K::Strings { max_items: usize::MAX, max_len: usize::MAX }, "the applications the connection is enabled for")
        .folded()
        .access(Access::Elsewhere("the applications the connection is enabled for, by name (or client id): a push reads and changes them with /api/v2/connections/{id}/clients, never in the connection's body (Auth0 refuses it there since 2026-07-13); without the key a push leaves them alone")),
    // deploy-cli (examples/yaml/tenant.yaml, 2026-08; handlers/connections.ts)
    // keeps a connection's directory provisioning in the file and sends it
    // to /connections/{id}/directory-provisioning, never in the body.
    Field::new("/directory_provisioning_configuration", "directory provisioning", K::Object { closed: false }, "Google Workspace directory provisioning (deploy-cli)")
        .only(&["google-apps"])
        .access(Access::NotPushed("deploy-cli's directory provisioning of the connection: kept in the file and never sent in the connection's body; connedit does not push it (deploy-cli does, through /api/v2/connections/{id}/directory-provisioning)")),
    Field::new("/is_domain_connection", "domain connection", K::Bool, "lets third-party applications use the connection"),
    Field::new("/show_as_button", "show as button", K::Bool, "a button on the login page (else home realm discovery only)"),
    Field::new("/realms", "realms", K::Strings { max_items: 10, max_len: usize::MAX }, "email domains for home realm discovery"),
    // Delta: live tenants accept more than the published 10 keys (SPEC §1.4).
    Field::new("/metadata", "metadata", K::StringMap { min_len: 0, max_len: 255, null_values: true }, "string values of at most 255 characters"),
    Field::new("/authentication", "authentication", K::Object { closed: true }, "whether the connection is used to log in"),
    Field::new("/authentication/active", "active", K::Bool, "").required(),
    Field::new("/connected_accounts", "connected accounts", K::Object { closed: true }, "connected accounts and Token Vault"),
    Field::new("/connected_accounts/active", "active", K::Bool, "").required(),
    Field::new("/connected_accounts/cross_app_access", "cross app access", K::Bool, ""),
    // Delta: in the newest types (auth0 7.1.0, 2026-09-16: ConnectionConnectedAccountsPurpose).
    Field::new("/connected_accounts/allow_missing_user_id", "allow missing user id", K::Bool, "connect accounts whose provider returns no user id"),
    // Returned at the top level of oidc and samlp connections (terraform-provider
    // recordings); refused on database connections (live 400).
    Field::new("/cross_app_access_requesting_app", "cross app access (requesting app)", K::Object { closed: false }, "")
        .never_database(),
    // Delta: null in a PATCH removes it (live 200, SPEC §4).
    Field::new("/cross_app_access_resource_app", "cross app access (resource app)", K::Object { closed: false }, "")
        .nullable(),
    // ---- options every strategy shares ----
    // Delta: live tenants accept and return null (SPEC §1.4).
    Field::new("/options/non_persistent_attrs", "non-persistent attributes", K::Strings { max_items: 96, max_len: 255 }, "user fields Auth0 does not store")
        .nullable(),
    Field::new("/options/set_user_root_attributes", "set user root attributes", K::Enum(&SET_USER_ROOT_ATTRIBUTES), "when the root profile attributes are updated from the provider"),
    // ---- the password policy, validation, attributes, requires_username and
    // precedence are database-only (an error on any other strategy, SPEC §1.4);
    // the other options below are typed as ConnectionOptionsAuth0 types them and
    // appear on other strategies too (recordings: brute_force_protection and
    // disable_signup on email/sms, disable_self_service_change_password on ad) ----
    Field::new("/options/passwordPolicy", "passwordPolicy", K::Enum(&PASSWORD_POLICIES), "the legacy password strength level")
        .nullable()
        .database()
        .meaning(m::password_policy),
    // The policy's objects are checked by the password rules (their messages
    // name Auth0's behaviour); the rows below them give the editor and the
    // schema their labels, kinds, limits and meanings, and a test holds the
    // rules to the limits written here.
    Field::new("/options/password_complexity_options", "complexity", K::ByRule, "the legacy minimum length").nullable().database(),
    Field::new("/options/password_complexity_options/min_length", "min_length", K::Integer { min: 1, max: 128 }, "the legacy minimum length (bcrypt keeps 72 bytes)")
        .meaning(m::legacy_min_length),
    Field::new("/options/password_history", "history", K::ByRule, "the legacy password history").nullable().database(),
    Field::new("/options/password_history/enable", "history enable", K::Bool, "refuse recently used passwords").required(),
    Field::new("/options/password_history/size", "history size", K::Integer { min: 0, max: 24 }, "how many old passwords are remembered")
        .meaning(m::history_size),
    Field::new("/options/password_no_personal_info", "no personal info", K::ByRule, "the legacy personal-data rule").nullable().database(),
    Field::new("/options/password_no_personal_info/enable", "no personal info", K::Bool, "refuse passwords containing the user's name or email").required(),
    Field::new("/options/password_dictionary", "dictionary", K::ByRule, "the legacy dictionary").nullable().database(),
    Field::new("/options/password_dictionary/enable", "dictionary enable", K::Bool, "refuse common passwords").required(),
    Field::new("/options/password_dictionary/dictionary", "dictionary", K::Strings { max_items: 200, max_len: 50 }, "your own words to refuse (case ignored)"),
    Field::new("/options/password_options", "password_options (flexible)", K::ByRule, "the flexible password policy")
        .database()
        .meaning(m::password_options),
    Field::new("/options/password_options/complexity", "complexity", K::Object { closed: true }, "").flat(),
    Field::new("/options/password_options/complexity/min_length", "min_length", K::Integer { min: 1, max: 72 }, "the shortest password accepted")
        .meaning(m::min_length),
    Field::new("/options/password_options/complexity/character_types", "requires", K::Values(&CHARACTER_TYPES), "the kinds of character a password must contain"),
    Field::new("/options/password_options/complexity/character_type_rule", "character_type_rule", K::Enum(&CHARACTER_TYPE_RULES), "all types, or three of the four")
        .meaning(m::character_type_rule),
    Field::new("/options/password_options/complexity/identical_characters", "identical_characters", K::Enum(&ALLOW_BLOCK), "more than two identical characters in a row")
        .meaning(m::identical_characters),
    Field::new("/options/password_options/complexity/sequential_characters", "sequential_characters", K::Enum(&ALLOW_BLOCK), "runs like abc or 123")
        .meaning(m::sequential_characters),
    Field::new("/options/password_options/complexity/max_length_exceeded", "max_length_exceeded", K::Enum(&MAX_LENGTH_EXCEEDED), "what happens past 72 bytes")
        .meaning(m::max_length_exceeded),
    Field::new("/options/password_options/dictionary", "dictionary", K::Object { closed: true }, "").flat(),
    Field::new("/options/password_options/dictionary/active", "dictionary active", K::Bool, "refuse common passwords"),
    Field::new("/options/password_options/dictionary/default", "dictionary default", K::Enum(&DEFAULT_DICTIONARIES), "which list of common passwords")
        .meaning(m::default_dictionary),
    Field::new("/options/password_options/dictionary/custom", "dictionary custom", K::Strings { max_items: 200, max_len: 50 }, "your own words to refuse (case ignored)"),
    Field::new("/options/password_options/history", "history", K::Object { closed: true }, "").flat(),
    Field::new("/options/password_options/history/active", "history active", K::Bool, "refuse recently used passwords"),
    Field::new("/options/password_options/history/size", "history size", K::Integer { min: 1, max: 24 }, "how many old passwords are remembered")
        .meaning(m::history_size),
    Field::new("/options/password_options/profile_data", "profile_data", K::Object { closed: true }, "").flat(),
    Field::new("/options/password_options/profile_data/active", "profile_data active", K::Bool, "refuse passwords containing profile data"),
    Field::new("/options/password_options/profile_data/blocked_fields", "blocked_fields", K::Strings { max_items: 12, max_len: 100 }, "the profile fields a password must not contain"),
    // ConnectionValidationOptions and its username are [object, null] (OpenAPI).
    Field::new("/options/validation", "validation", K::ByRule, "username length limits")
        .database()
        .nullable(),
    Field::new("/options/validation/username", "username", K::Object { closed: true }, "").nullable(),
    Field::new("/options/validation/username/min", "username min", K::Integer { min: 1, max: i64::MAX }, "the shortest username (at most max)")
        .required()
        .meaning(m::username_min),
    Field::new("/options/validation/username/max", "username max", K::Integer { min: 1, max: 128 }, "the longest username")
        .required()
        .meaning(m::username_max),
    Field::new("/options/attributes", "attributes", K::ByRule, "flexible identifiers: email, phone_number, username").database(),
    Field::new("/options/precedence", "precedence", K::ByRule, "the order of the identifiers").database(),
    Field::new("/options/requires_username", "requires_username", K::Bool, "users must have a username")
        .database()
        .meaning(m::requires_username),
    Field::new("/options/brute_force_protection", "brute-force protection", K::Bool, "blocks an IP after repeated failures"),
    Field::new("/options/disable_signup", "disable sign-up", K::Bool, "no new users through this connection"),
    Field::new("/options/disable_self_service_change_password", "disable self-service password change", K::Bool, "hides \"Forgot password\""),
    Field::new("/options/import_mode", "import mode", K::Bool, "lazy migration from a legacy store"),
    Field::new("/options/enabledDatabaseCustomization", "custom database", K::Bool, "use your own database scripts"),
    Field::new("/options/enable_script_context", "script context", K::Bool, "context in custom DB scripts (cannot be turned off)"),
    Field::new("/options/realm_fallback", "realm fallback", K::Bool, ""),
    Field::new("/options/api_enable_groups", "API groups", K::Bool, ""),
    // Scripts' sources, or a deploy-cli tree's relative paths.
    Field::new("/options/customScripts", "custom scripts", K::StringMap { min_len: 1, max_len: usize::MAX, null_values: false }, "the custom database scripts"),
    // Auth0 returns the values encrypted; they are sent back as read.
    // ConnectionOptionsAuth0: an object (the shared options schema's `null` is not for auth0).
    Field::new("/options/configuration", "configuration", K::StringMap { min_len: 0, max_len: usize::MAX, null_values: false }, "settings for the custom database scripts (encrypted by Auth0)")
        .secret(),
    Field::new("/options/mfa", "MFA", K::Object { closed: true }, "multi-factor authentication"),
    Field::new("/options/mfa/active", "active", K::Bool, ""),
    Field::new("/options/mfa/return_enroll_settings", "return enrollment settings", K::Bool, ""),
    Field::new("/options/passkey_options", "passkey options", K::Object { closed: true }, "").nullable(),
    Field::new("/options/passkey_options/challenge_ui", "challenge UI", K::Enum(&["both", "autofill", "button"]), ""),
    Field::new("/options/passkey_options/progressive_enrollment_enabled", "progressive enrollment", K::Bool, ""),
    Field::new("/options/passkey_options/local_enrollment_enabled", "local enrollment", K::Bool, ""),
    Field::new("/options/authentication_methods", "authentication methods", K::Object { closed: true }, "").nullable(),
    Field::new("/options/authentication_methods/password", "password", K::Object { closed: true }, ""),
    Field::new("/options/authentication_methods/password/enabled", "enabled", K::Bool, ""),
    Field::new("/options/authentication_methods/password/api_behavior", "API behaviour", K::Enum(&["required", "optional"]), ""),
    Field::new("/options/authentication_methods/password/signup_behavior", "sign-up behaviour", K::Enum(&["allow", "block"]), ""),
    Field::new("/options/authentication_methods/passkey", "passkey", K::Object { closed: true }, ""),
    Field::new("/options/authentication_methods/passkey/enabled", "enabled", K::Bool, ""),
    Field::new("/options/authentication_methods/email_otp", "email OTP", K::Object { closed: true }, ""),
    Field::new("/options/authentication_methods/email_otp/enabled", "enabled", K::Bool, ""),
    Field::new("/options/authentication_methods/phone_otp", "phone OTP", K::Object { closed: true }, ""),
    Field::new("/options/authentication_methods/phone_otp/enabled", "enabled", K::Bool, ""),
    // ---- refused on database connections (live 400 "not supported for this connection") ----
    Field::new("/options/cross_app_access_requesting_app", "cross app access (requesting app)", K::ByRule, "")
        .never_database(),
    // ---- the seed's social and enterprise options (connection-options.txt) ----
    Field::new("/options/basic_profile", "basic profile", K::Bool, "store email and email_verified").not_database(),
    Field::new("/options/ext_profile", "extended profile", K::Bool, "store name, picture, locale, …").not_database(),
    // Google Workspace's directory attributes (Auth0 docs, Google Workspace
    // connection): only google-apps stores them (issue 27: these rows showed
    // on samlp, okta and google-oauth2).
    Field::new("/options/ext_admin", "store admin flag", K::Bool, "store whether the user is a Google Workspace administrator").only(&GOOGLE_WORKSPACE),
    Field::new("/options/ext_is_suspended", "store suspension", K::Bool, "store whether the Google Workspace account is suspended").only(&GOOGLE_WORKSPACE),
    Field::new("/options/ext_agreed_terms", "store agreed terms", K::Bool, "store whether the user agreed to Google Workspace's terms").only(&GOOGLE_WORKSPACE),
    Field::new("/options/ext_groups", "store groups", K::Bool, "store the groups (distribution lists) the user belongs to").only(&DIRECTORY_GROUPS),
    Field::new("/options/ext_assigned_plans", "store Office 365 plans", K::Bool, "Office 365 (deprecated)")
        .only(&["office365", "waad"])
        .access(Access::Deprecated("ext_assigned_plans is for the deprecated Office 365 connection; migrate such connections to Azure AD (waad)")),
    Field::new("/options/api_enable_users", "Google Directory API", K::Bool, "let the connection call the Google Directory API").only(&GOOGLE_WORKSPACE),
    Field::new("/options/upstream_params", "upstream parameters", K::ByRule, "parameters passed to the identity provider").not_database(),
];

/// Where connedit follows live tenants, Auth0's docs or its tools rather
/// than the published schema (the README lists the same).
pub const DELTAS: &[(&str, &str)] = &[
    (
        "/options/non_persistent_attrs",
        "null is accepted (live tenants accept and return it)",
    ),
    (
        "/metadata",
        "more than 10 keys are accepted (live tenants do)",
    ),
    (
        "/options/attributes/*/identifier/default_method",
        "email: password|email_otp; phone_number: password|phone_otp; username: password (Auth0 docs and 2026 SDK types; live tenants return password for username)",
    ),
    (
        "/options/attributes/email/unique",
        "false cannot go with an active email identifier (deploy-cli's validator)",
    ),
    (
        "/options/authentication_methods",
        "signup_behavior block needs api_behavior optional; password.enabled false needs email_otp or phone_otp and disable_self_service_change_password (docs; deploy-cli)",
    ),
    (
        "/options/set_user_root_attributes",
        "on a database connection only with enabledDatabaseCustomization (OpenAPI 400 description)",
    ),
    (
        "/options/cross_app_access_requesting_app",
        "refused on database connections (live 400)",
    ),
    (
        "/options/password_options",
        "newer than the published document (Node SDK 7.x types)",
    ),
    (
        "/options/domain",
        "required for okta in a create body, or issuer with its endpoints (live 400 \"options.domain is required\"; ten live creates without it)",
    ),
    ("/id", "kept in a file (read_only info), never sent"),
    (
        "/cross_app_access_requesting_app",
        "accepted at the top level of other strategies (live tenants return it there); refused on database connections",
    ),
    (
        "/options/*",
        "on other strategies: minLength of the published schema not enforced and null accepted (live tenants store and return shorter and null values; a null in a PATCH removes the key)",
    ),
    (
        "/options/authParams",
        "email: an object (live tenants return one; the schema says string)",
    ),
    (
        "/options/brute_force_protection",
        "also on email, sms and ad connections (live tenants return it there)",
    ),
];

/// Errors no refusal confirms (SPEC §1.4, severity by evidence): the shape
/// the published schema gives, where no recording shows Auth0 refusing
/// otherwise and some show tenants storing or returning it. They are
/// warnings naming their evidence; [`unconfirmed`] says which apply.
#[derive(Debug, Clone, Copy)]
pub struct Unconfirmed {
    /// The place (`*` for one segment).
    pub pointer: &'static str,
    pub code: crate::core::diagnostic::Code,
    /// What the value there is for the entry to apply.
    pub when: When,
    /// Which connections: `None` every strategy, `Some(&[])` database
    /// connections only, else those strategies.
    pub only: Option<&'static [&'static str]>,
    pub evidence: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Any,
    Null,
    EmptyString,
    String,
}

pub const UNCONFIRMED: &[Unconfirmed] = {
    use crate::core::diagnostic::Code;
    &[
        Unconfirmed {
            pointer: "/options/mfa/*",
            code: Code::UnknownField,
            when: When::Any,
            only: None,
            evidence: "no recorded refusal of other keys in mfa",
        },
        Unconfirmed {
            pointer: "/display_name",
            code: Code::Length,
            when: When::EmptyString,
            only: None,
            evidence: "the schema sets no minimum and no refusal of an empty display_name is recorded",
        },
        Unconfirmed {
            pointer: "/options/*",
            code: Code::Strategy,
            when: When::Any,
            only: Some(&["*"]),
            evidence: "SPEC §1.4: a tenant stored and returned passwordPolicy on a google-oauth2 connection, and no recording shows a refusal of the database-only options elsewhere",
        },
    ]
};

/// The [`UNCONFIRMED`] entry for an error of `code` at `path` on a
/// connection of `strategy` whose value there is `v`, if one applies.
pub fn unconfirmed(
    code: crate::core::diagnostic::Code,
    path: &str,
    v: Option<&serde_json::Value>,
    strategy: crate::core::kind::Strategy,
) -> Option<&'static Unconfirmed> {
    use crate::core::kind::Strategy;
    UNCONFIRMED.iter().find(|u| {
        u.code == code
            && crate::core::pointer::matches(u.pointer, path)
            && match u.when {
                When::Any => true,
                When::Null => v.is_some_and(serde_json::Value::is_null),
                When::EmptyString => v.and_then(serde_json::Value::as_str) == Some(""),
                When::String => v.is_some_and(serde_json::Value::is_string),
            }
            && match (u.only, strategy) {
                (None, _) => true,
                (Some([]), s) => s == Strategy::Database,
                (Some(["*"]), s) => matches!(s, Strategy::Other(_)),
                (Some(list), Strategy::Other(s)) => list.contains(&s),
                _ => false,
            }
    })
}

/// The strategy of a connection: its `strategy`, else what its place
/// implies (`hint`: a deploy-cli `database.json` is `auth0`), else a
/// database connection when it has an option only those have.
pub fn strategy<'a>(
    value: &'a serde_json::Value,
    hint: Option<&'a str>,
) -> crate::core::kind::Strategy<'a> {
    use crate::core::kind::Strategy;
    match value
        .get("strategy")
        .and_then(serde_json::Value::as_str)
        .or(hint)
    {
        Some("auth0") => Strategy::Database,
        Some(s) => Strategy::Other(s),
        None if is_database(value) => Strategy::Database,
        None => Strategy::Unknown,
    }
}

/// Whether a connection is a database connection: `strategy: "auth0"`, or
/// no strategy and an option only database connections have.
pub fn is_database(value: &serde_json::Value) -> bool {
    match value.get("strategy").and_then(serde_json::Value::as_str) {
        Some(s) => s == "auth0",
        None => value
            .get("options")
            .and_then(serde_json::Value::as_object)
            .is_some_and(|o| {
                o.keys().any(|k| {
                    field(&crate::core::pointer::child("/options", k))
                        .is_some_and(|f| f.applies == super::Applies::Database)
                })
            }),
    }
}

/// The row for `pointer`, if the table has one.
/// Where a connection file lists its enabled applications.
pub const ENABLED_CLIENTS: &str = "/enabled_clients";

pub fn field(pointer: &str) -> Option<&'static Field> {
    super::find_indexed(FIELDS, &INDEX, pointer)
}

/// The row of exactly `pointer` (no patterns), from the index.
pub fn exact(pointer: &str) -> Option<&'static Field> {
    super::index(FIELDS, &INDEX)
        .get(pointer)
        .map(|i| &FIELDS[*i])
}

static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, usize>> =
    std::sync::OnceLock::new();

/// The top-level keys a PATCH sends when they changed.
pub fn patchable_keys() -> impl Iterator<Item = &'static str> {
    super::children(FIELDS, "")
        .filter(|f| {
            matches!(f.access, Access::Writable | Access::Deprecated(_)) && f.key() != "options"
        })
        .map(Field::key)
}

/// The top-level keys a create body carries (`POST /connections`): the
/// identity (`name`, `strategy`), `options` and every writable key; never a
/// read-only key or `enabled_clients` (another endpoint carries it).
pub fn creatable_keys() -> impl Iterator<Item = &'static str> {
    super::children(FIELDS, "")
        .filter(|f| {
            matches!(
                f.access,
                Access::Writable | Access::Deprecated(_) | Access::Identity
            )
        })
        .map(Field::key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_parent_row_or_is_top_level() {
        for f in FIELDS {
            let parent = f.parent();
            assert!(
                parent.is_empty() || field(parent).is_some(),
                "{} has no parent row",
                f.pointer
            );
        }
    }

    #[test]
    fn pointers_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for f in FIELDS {
            assert!(seen.insert(f.pointer), "{} twice", f.pointer);
        }
    }

    #[test]
    fn the_patch_never_sends_identity_or_read_only_keys() {
        let keys: Vec<&str> = patchable_keys().collect();
        for k in [
            "name",
            "strategy",
            "id",
            "options",
            "provisioning_ticket_url",
            // Refused in a body since 2026-07-13.
            "enabled_clients",
        ] {
            assert!(!keys.contains(&k), "{k}");
        }
        assert!(keys.contains(&"display_name") && keys.contains(&"metadata"));
    }
}
