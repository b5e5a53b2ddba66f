//! Rules for a connection (SPEC §1.2, §1.4): the single-field rules come
//! from the field table ([`crate::core::fields::connection`]) and, for other
//! strategies, from their options schema ([`strategies`]); the rules here tie
//! fields together. `options` is open: keys connedit does not know are kept
//! and never reported.
//!
//! Long (about 510 lines) on purpose: SPEC §1.4's cross-field rules for
//! connections, each a few lines, stay together because they tie fields
//! together; single-field rules come from the field table.

use super::checks::{self as c, Ctx, Null};
use super::fields::{self, Strategy};
use super::password_options;
use crate::core::diagnostic::Code;
use crate::core::fields::connection::FIELDS;
use crate::core::fields::strategies;
use crate::core::pointer::child;
use serde_json::{Map, Value};

pub use crate::core::fields::connection::{
    LEGACY_POLICY_KEYS, PASSWORD_POLICIES, UPSTREAM_ALIASES,
};
pub const PRECEDENCE: [&str; 3] = ["email", "phone_number", "username"];
pub use super::limits::{BCRYPT_BYTES, NIST_MIN};

/// Every rule of SPEC §1.2 and §1.4 for a connection. `hint` is the strategy
/// the document's place implies (a deploy-cli `database.json` is `auth0`).
pub fn check(ctx: &mut Ctx, root: &Value, hint: Option<&str>) {
    let from = ctx.out.len();
    check_all(ctx, root, hint);
    // Severity by evidence: an error no refusal confirms is a warning that
    // names its evidence (fields::connection::UNCONFIRMED).
    let strategy = crate::core::fields::connection::strategy(root, hint);
    for d in &mut ctx.out[from..] {
        if d.severity == crate::core::diagnostic::Severity::Error
            && let Some(u) = crate::core::fields::connection::unconfirmed(
                d.code,
                &d.path,
                root.pointer(&d.path),
                strategy,
            )
        {
            d.severity = crate::core::diagnostic::Severity::Warning;
            // The error's words claim a refusal; the warning says what is known.
            let said = d
                .message
                .replace(
                    "the API refuses it",
                    "the published schema does not list it",
                )
                .replace("refuses it", "is not documented to take it");
            d.message = format!("{said} (a warning, not an error: {})", u.evidence);
        }
    }
}

fn check_all(ctx: &mut Ctx, root: &Value, hint: Option<&str>) {
    let Some(map) = c::object(ctx, "", root, Null::Refused) else {
        return;
    };
    let strategy = crate::core::fields::connection::strategy(root, hint);
    // The top level is closed; the single-field rules come from the table.
    fields::check_object(ctx, FIELDS, "", "", map, true, strategy);
    if let Some(v) = map.get("strategy")
        && let Some(s) = c::string(ctx, "/strategy", v, 1, usize::MAX, Null::Refused)
    {
        strategies::check_name(&mut ctx.out, "/strategy", s);
    }
    // A body without an id and with a strategy creates a connection.
    if !map.contains_key("id") && map.contains_key("strategy") && !map.contains_key("name") {
        ctx.error(
            Code::Required,
            "",
            "a connection is created with a \"name\" (this file has a strategy but no id, so it is a create body)",
        );
    }
    let Some(options) = map.get("options").and_then(Value::as_object) else {
        // A create body without options still needs what the strategy
        // requires (live 400 "options.domain is required" for okta).
        if let Strategy::Other(s) = strategy
            && !map.contains_key("options")
        {
            strategies::check_required(&mut ctx.out, s, None, !map.contains_key("id"));
        }
        return;
    };
    match strategy {
        Strategy::Database => check_options(ctx, options),
        Strategy::Other(s) => {
            // A create body needs what the strategy requires; a pulled one
            // (with its id) is judged as the tenant keeps it.
            let create = !map.contains_key("id");
            strategies::check_options(&mut ctx.out, s, options, create, |k| {
                crate::core::fields::connection::field(&child("/options", k)).is_some()
            })
        }
        Strategy::Unknown => {}
    }
    shared_options(ctx, options);
}

/// The database rules that tie options together or have a shape of their own.
fn check_options(ctx: &mut Ctx, o: &Map<String, Value>) {
    let p = |k: &str| child("/options", k);
    if let Some(v) = o.get("password_complexity_options") {
        complexity_options(ctx, &p("password_complexity_options"), v);
    }
    if let Some(v) = o.get("password_history") {
        let path = p("password_history");
        if let Some(m) = enable_object(ctx, &path, v, &["enable", "size"])
            && let Some(size) = m.get("size")
        {
            c::integer(ctx, &child(&path, "size"), size, Some(0), Some(24));
        }
    }
    if let Some(v) = o.get("password_no_personal_info") {
        enable_object(ctx, &p("password_no_personal_info"), v, &["enable"]);
    }
    if let Some(v) = o.get("password_dictionary") {
        password_dictionary(ctx, &p("password_dictionary"), v);
    }
    if let Some(v) = o.get("validation") {
        validation(ctx, &p("validation"), v);
    }
    if let Some(v) = o.get("precedence") {
        precedence(ctx, &p("precedence"), v);
    }
    if let Some(v) = o.get("password_options") {
        password_options::check(ctx, &p("password_options"), v);
        if !v.is_null() {
            for key in LEGACY_POLICY_KEYS {
                if o.get(key).is_some_and(|v| !v.is_null()) {
                    ctx.error(
                        Code::Conflict,
                        &p(key),
                        format!("\"{key}\" belongs to the legacy password policy, which password_options replaces; the API refuses a body with both: remove \"{key}\" or password_options"),
                    );
                }
            }
        }
    }
    if let Some(v) = o.get("attributes") {
        attributes(ctx, o, v);
    }
    authentication_methods(ctx, o);
    if o.contains_key("set_user_root_attributes")
        && o.get("enabledDatabaseCustomization") != Some(&Value::Bool(true))
    {
        ctx.error(
            Code::Conflict,
            &p("set_user_root_attributes"),
            "on a database connection it needs \"enabledDatabaseCustomization\": true (the API refuses it otherwise)",
        );
    }
}

/// Rules for the options every strategy may carry, checked where they apply.
fn shared_options(ctx: &mut Ctx, o: &Map<String, Value>) {
    if let Some(v) = o.get("upstream_params") {
        upstream_params(ctx, &child("/options", "upstream_params"), v);
    }
}

/// `authentication_methods` (SPEC §1.4; docs, deploy-cli): sign-up blocked
/// needs the password optional for the API, and turning passwords off needs
/// another way in and no self-service password change.
fn authentication_methods(ctx: &mut Ctx, o: &Map<String, Value>) {
    let Some(m) = o.get("authentication_methods").and_then(Value::as_object) else {
        return;
    };
    let path = "/options/authentication_methods";
    let enabled = |k: &str| {
        m.get(k)
            .and_then(|x| x.get("enabled"))
            .and_then(Value::as_bool)
    };
    if let Some(pw) = m.get("password").and_then(Value::as_object) {
        let pp = child(path, "password");
        if pw.get("signup_behavior").and_then(Value::as_str) == Some("block")
            && pw.get("api_behavior").and_then(Value::as_str) != Some("optional")
        {
            ctx.error(
                Code::Conflict,
                &child(&pp, "signup_behavior"),
                "\"block\" needs \"api_behavior\": \"optional\" beside it",
            );
        }
        if enabled("password") == Some(false) {
            if enabled("email_otp") != Some(true) && enabled("phone_otp") != Some(true) {
                ctx.error(
                    Code::Conflict,
                    &child(&pp, "enabled"),
                    "passwords cannot be turned off unless email_otp or phone_otp is enabled (users would have no way to log in)",
                );
            }
            // Docs and deploy-cli: false is refused; when it is absent no
            // refusal is recorded either way (the tenant's value may be true).
            match o.get("disable_self_service_change_password") {
                Some(Value::Bool(true)) => {}
                None => ctx.warning(
                    Code::Conflict,
                    &child(&pp, "enabled"),
                    "with passwords off, \"disable_self_service_change_password\" must be true; this file does not set it (the tenant's value is kept)",
                ),
                Some(_) => ctx.error(
                    Code::Conflict,
                    &child(&pp, "enabled"),
                    "with passwords off, \"disable_self_service_change_password\" must be true",
                ),
            }
        }
    }
}

/// `{enable (required), …}` objects of the legacy policy.
fn enable_object<'a>(
    ctx: &mut Ctx,
    path: &str,
    v: &'a Value,
    keys: &[&str],
) -> Option<&'a Map<String, Value>> {
    let m = c::object(ctx, path, v, Null::Allowed)?;
    c::known_keys(ctx, path, m, keys);
    if c::require(ctx, path, m, "enable", "add \"enable\": true or false") {
        c::boolean(ctx, &child(path, "enable"), &m["enable"]);
    }
    Some(m)
}

fn complexity_options(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(m) = c::object(ctx, path, v, Null::Allowed) else {
        return;
    };
    c::known_keys(ctx, path, m, &["min_length"]);
    let Some(v) = m.get("min_length") else { return };
    let mp = child(path, "min_length");
    // The API accepts 1–128; the useful maximum is 72 bytes (bcrypt).
    match c::integer(ctx, &mp, v, Some(1), Some(128)) {
        Some(n) if n > BCRYPT_BYTES && n <= 128 => ctx.warning(
            Code::Weak,
            &mp,
            format!("passwords are hashed with bcrypt, which uses only the first {BCRYPT_BYTES} bytes: a minimum of {n} cannot be met by the part that counts"),
        ),
        Some(n) if (1..NIST_MIN).contains(&n) => ctx.warning(
            Code::Weak,
            &mp,
            format!("{n} is below the 8 characters NIST recommends as a minimum"),
        ),
        _ => {}
    }
}

fn password_dictionary(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(m) = enable_object(ctx, path, v, &["enable", "dictionary"]) else {
        return;
    };
    let Some(d) = m.get("dictionary") else { return };
    let dp = child(path, "dictionary");
    // Auth0: up to 200 entries of at most 50 characters; compared ignoring case.
    let Some(entries) = c::string_list(ctx, &dp, d, 200, 50) else {
        return;
    };
    c::case_insensitive_repeats(ctx, &dp, &entries);
    if m.get("enable") == Some(&Value::Bool(false)) && !entries.is_empty() {
        ctx.warning(
            Code::NoEffect,
            &dp,
            format!(
                "{} custom entr{} but the dictionary is disabled: set \"enable\": true for them to apply",
                entries.len(),
                if entries.len() == 1 { "y" } else { "ies" }
            ),
        );
    }
}

fn validation(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(m) = c::object(ctx, path, v, Null::Allowed) else {
        return;
    };
    c::known_keys(ctx, path, m, &["username"]);
    let Some(u) = m.get("username") else { return };
    let up = child(path, "username");
    let Some(u) = c::object(ctx, &up, u, Null::Allowed) else {
        return;
    };
    c::known_keys(ctx, &up, u, &["min", "max"]);
    let has_min = c::require(
        ctx,
        &up,
        u,
        "min",
        "the shortest username allowed, at least 1",
    );
    let has_max = c::require(
        ctx,
        &up,
        u,
        "max",
        "the longest username allowed, at most 128",
    );
    let min = has_min
        .then(|| c::integer(ctx, &child(&up, "min"), &u["min"], Some(1), None))
        .flatten();
    let max = has_max
        .then(|| c::integer(ctx, &child(&up, "max"), &u["max"], None, Some(128)))
        .flatten();
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        ctx.error(
            Code::Order,
            &child(&up, "min"),
            format!("min ({lo}) must not be greater than max ({hi})"),
        );
    }
}

fn precedence(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(seen) = c::enum_set(ctx, path, v, &PRECEDENCE, Null::Refused) else {
        return;
    };
    let len = v.as_array().map_or(0, Vec::len);
    if len > 3 {
        ctx.error(
            Code::TooMany,
            path,
            format!("must list exactly the three identifiers, each once (has {len} entries)"),
        );
    }
    let missing: Vec<&str> = PRECEDENCE
        .iter()
        .copied()
        .filter(|p| !seen.contains(p))
        .collect();
    if !missing.is_empty() {
        ctx.error(
            Code::Required,
            path,
            format!(
                "must list all three of \"email\", \"phone_number\", \"username\"; missing {}",
                crate::core::suggest::one_of(&missing).replace(" or ", " and ")
            ),
        );
    }
}

fn attributes(ctx: &mut Ctx, o: &Map<String, Value>, v: &Value) {
    let path = "/options/attributes";
    if o.contains_key("validation") && !o["validation"].is_null() {
        ctx.error(
            Code::Conflict,
            "/options/validation",
            "cannot be combined with options.attributes (the API answers \"Cannot set both options.attributes and options.validation\"): set username lengths under attributes.username.validation",
        );
    }
    if o.get("requires_username") == Some(&Value::Bool(true)) {
        ctx.error(
            Code::Conflict,
            "/options/requires_username",
            "cannot be true beside options.attributes (the API answers \"Cannot set both options.attributes and options.requires_username\"): make username an identifier under attributes.username instead",
        );
    }
    let Some(m) = c::object(ctx, path, v, Null::Refused) else {
        return;
    };
    c::known_keys(ctx, path, m, &PRECEDENCE);
    if m.is_empty() {
        ctx.error(
            Code::Required,
            path,
            "must configure at least one of \"email\", \"phone_number\", \"username\"",
        );
        return;
    }
    let mut any_active = false;
    for (name, a) in m.iter().filter(|(k, _)| PRECEDENCE.contains(&k.as_str())) {
        let ap = child(path, name);
        let Some(a) = c::object(ctx, &ap, a, Null::Refused) else {
            any_active = true; // already an error; do not pile on
            continue;
        };
        let allowed: &[&str] = match name.as_str() {
            "email" => &[
                "identifier",
                "unique",
                "profile_required",
                "verification_method",
                "signup",
            ],
            "phone_number" => &["identifier", "profile_required", "signup"],
            _ => &["identifier", "profile_required", "signup", "validation"],
        };
        c::known_keys(ctx, &ap, a, allowed);
        if let Some(id) = a.get("identifier") {
            let ip = child(&ap, "identifier");
            if let Some(id) = c::object(ctx, &ip, id, Null::Refused) {
                // Auth0 docs (passwordless for database connections), 2026 SDK
                // types: each identifier has its own methods; username has none.
                // Live tenants return username's default_method "password".
                let methods: &[&str] = match name.as_str() {
                    "email" => &["password", "email_otp"],
                    "phone_number" => &["password", "phone_otp"],
                    _ => &["password"],
                };
                c::known_keys(ctx, &ip, id, &["active", "default_method"]);
                if let Some(v) = id.get("active") {
                    let active = c::boolean(ctx, &child(&ip, "active"), v) == Some(true);
                    any_active |= active;
                    if name == "email" && active && a.get("unique") == Some(&Value::Bool(false)) {
                        ctx.error(
                            Code::Conflict,
                            &child(&ap, "unique"),
                            "cannot be false while email is an active identifier (two users could share the email they log in with)",
                        );
                    }
                }
                if let Some(v) = id.get("default_method") {
                    c::enumeration(
                        ctx,
                        &child(&ip, "default_method"),
                        v,
                        methods,
                        Null::Refused,
                    );
                }
            }
        }
        for key in ["unique", "profile_required"] {
            if let Some(v) = a.get(key).filter(|_| allowed.contains(&key)) {
                c::boolean(ctx, &child(&ap, key), v);
            }
        }
        if let Some(v) = a.get("verification_method").filter(|_| name == "email") {
            c::enumeration(
                ctx,
                &child(&ap, "verification_method"),
                v,
                &["link", "otp"],
                Null::Refused,
            );
        }
        let mut signup_status = None;
        if let Some(s) = a.get("signup") {
            let sp = child(&ap, "signup");
            if let Some(s) = c::object(ctx, &sp, s, Null::Refused) {
                let keys: &[&str] = if name == "username" {
                    &["status"]
                } else {
                    &["status", "verification"]
                };
                c::known_keys(ctx, &sp, s, keys);
                if let Some(v) = s.get("status") {
                    signup_status = c::enumeration(
                        ctx,
                        &child(&sp, "status"),
                        v,
                        &["required", "optional", "inactive"],
                        Null::Refused,
                    );
                }
                if let Some(v) = s.get("verification").filter(|_| name != "username") {
                    let vp = child(&sp, "verification");
                    if let Some(vm) = c::object(ctx, &vp, v, Null::Refused) {
                        c::known_keys(ctx, &vp, vm, &["active"]);
                        if let Some(x) = vm.get("active") {
                            c::boolean(ctx, &child(&vp, "active"), x);
                        }
                    }
                }
            }
        }
        if a.get("profile_required") == Some(&Value::Bool(true))
            && let Some(status) = signup_status
            && status != "required"
        {
            ctx.error(
                Code::Conflict,
                &child(&child(&ap, "signup"), "status"),
                format!("attribute {name} is profile_required, so it must also be \"required\" on signup (the API refuses \"{status}\")"),
            );
        }
        if let Some(v) = a.get("validation").filter(|_| name == "username") {
            username_validation(ctx, &child(&ap, "validation"), v);
        }
    }
    if !any_active {
        ctx.error(Code::Required, path, "at least one attribute must be an active identifier (identifier.active: true); the API refuses attributes without one");
    }
}

fn username_validation(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(m) = c::object(ctx, path, v, Null::Refused) else {
        return;
    };
    c::known_keys(ctx, path, m, &["min_length", "max_length", "allowed_types"]);
    let min = m
        .get("min_length")
        .and_then(|v| c::integer(ctx, &child(path, "min_length"), v, Some(1), Some(128)));
    let max = m
        .get("max_length")
        .and_then(|v| c::integer(ctx, &child(path, "max_length"), v, Some(1), Some(128)));
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        ctx.error(
            Code::Order,
            &child(path, "min_length"),
            format!("min_length ({lo}) must not be greater than max_length ({hi})"),
        );
    }
    if let Some(t) = m.get("allowed_types") {
        let tp = child(path, "allowed_types");
        if let Some(t) = c::object(ctx, &tp, t, Null::Refused) {
            c::known_keys(ctx, &tp, t, &["email", "phone_number"]);
            for (k, v) in t
                .iter()
                .filter(|(k, _)| *k == "email" || *k == "phone_number")
            {
                c::boolean(ctx, &child(&tp, k), v);
            }
        }
    }
}

fn upstream_params(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(m) = c::object(ctx, path, v, Null::Allowed) else {
        return;
    };
    for (name, p) in m {
        let pp = child(path, name);
        let Some(p) = c::object(ctx, &pp, p, Null::Refused) else {
            continue;
        };
        c::known_keys(ctx, &pp, p, &["alias", "value"]);
        match (p.get("alias"), p.get("value")) {
            (Some(_), Some(_)) => ctx.error(
                Code::Conflict,
                &pp,
                "holds either \"alias\" or \"value\", not both",
            ),
            (None, None) => ctx.error(
                Code::Required,
                &pp,
                "needs \"alias\" (one of the OAuth parameters) or \"value\" (a fixed string)",
            ),
            (Some(a), None) => {
                c::enumeration(
                    ctx,
                    &child(&pp, "alias"),
                    a,
                    &UPSTREAM_ALIASES,
                    Null::Refused,
                );
            }
            (None, Some(v)) => {
                c::string(ctx, &child(&pp, "value"), v, 0, usize::MAX, Null::Refused);
            }
        }
    }
}
