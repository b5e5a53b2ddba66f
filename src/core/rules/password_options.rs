//! Rules for the flexible password policy, `options.password_options`
//! (OpenAPI `ConnectionPasswordOptions`, every object `additionalProperties: false`).

use super::checks::{self as c, Ctx, Null};
use crate::core::diagnostic::Code;
use crate::core::pointer::child;
use serde_json::Value;

pub use crate::core::fields::connection::{
    ALLOW_BLOCK, CHARACTER_TYPE_RULES, CHARACTER_TYPES, DEFAULT_DICTIONARIES, MAX_LENGTH_EXCEEDED,
};

pub fn check(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(m) = c::object(ctx, path, v, Null::Refused) else {
        return;
    };
    c::known_keys(
        ctx,
        path,
        m,
        &["complexity", "dictionary", "history", "profile_data"],
    );
    if let Some(v) = m.get("complexity") {
        complexity(ctx, &child(path, "complexity"), v);
    }
    if let Some(v) = m.get("dictionary") {
        let dp = child(path, "dictionary");
        if let Some(d) = c::object(ctx, &dp, v, Null::Refused) {
            c::known_keys(ctx, &dp, d, &["active", "custom", "default"]);
            let active = d
                .get("active")
                .and_then(|v| c::boolean(ctx, &child(&dp, "active"), v));
            if let Some(v) = d.get("default") {
                c::enumeration(
                    ctx,
                    &child(&dp, "default"),
                    v,
                    &DEFAULT_DICTIONARIES,
                    Null::Refused,
                );
            }
            if let Some(v) = d.get("custom") {
                let cp = child(&dp, "custom");
                // OpenAPI: up to 200 items, each up to 50 characters.
                if let Some(entries) = c::string_list(ctx, &cp, v, 200, 50) {
                    c::case_insensitive_repeats(ctx, &cp, &entries);
                    if active == Some(false) && !entries.is_empty() {
                        ctx.warning(Code::NoEffect, &cp, format!("{} custom word{} but the dictionary is not active: set \"active\": true for them to apply", entries.len(), if entries.len() == 1 { "" } else { "s" }));
                    }
                }
            }
        }
    }
    if let Some(v) = m.get("history") {
        let hp = child(path, "history");
        if let Some(h) = c::object(ctx, &hp, v, Null::Refused) {
            c::known_keys(ctx, &hp, h, &["active", "size"]);
            if let Some(v) = h.get("active") {
                c::boolean(ctx, &child(&hp, "active"), v);
            }
            // A size while history is off is normal: the server keeps one.
            if let Some(v) = h.get("size") {
                c::integer(ctx, &child(&hp, "size"), v, Some(1), Some(24));
            }
        }
    }
    if let Some(v) = m.get("profile_data") {
        let pp = child(path, "profile_data");
        if let Some(p) = c::object(ctx, &pp, v, Null::Refused) {
            c::known_keys(ctx, &pp, p, &["active", "blocked_fields"]);
            if let Some(v) = p.get("active") {
                c::boolean(ctx, &child(&pp, "active"), v);
            }
            if let Some(v) = p.get("blocked_fields") {
                // OpenAPI: up to 12 entries of at most 100 characters.
                let bp = child(&pp, "blocked_fields");
                if let Some(fields) = c::string_list(ctx, &bp, v, 12, 100) {
                    c::case_insensitive_repeats(ctx, &bp, &fields);
                }
            }
        }
    }
}

fn complexity(ctx: &mut Ctx, path: &str, v: &Value) {
    let Some(m) = c::object(ctx, path, v, Null::Refused) else {
        return;
    };
    c::known_keys(
        ctx,
        path,
        m,
        &[
            "min_length",
            "character_types",
            "character_type_rule",
            "identical_characters",
            "sequential_characters",
            "max_length_exceeded",
        ],
    );
    if let Some(v) = m.get("min_length") {
        let mp = child(path, "min_length");
        if let Some(n) = c::integer(ctx, &mp, v, Some(1), Some(super::limits::BCRYPT_BYTES))
            && (1..super::limits::NIST_MIN).contains(&n)
        {
            ctx.warning(
                Code::Weak,
                &mp,
                format!("{n} is below the 8 characters NIST recommends as a minimum"),
            );
        }
    }
    let types = m.get("character_types").map(|v| {
        let tp = child(path, "character_types");
        let items = c::array(ctx, &tp, v, Null::Refused)?;
        let mut seen: Vec<&str> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let ip = crate::core::pointer::index(&tp, i);
            if let Some(s) = c::enumeration(ctx, &ip, item, &CHARACTER_TYPES, Null::Refused) {
                if seen.contains(&s) {
                    ctx.warning(Code::Duplicate, &ip, format!("\"{s}\" is listed twice"));
                } else {
                    seen.push(s);
                }
            }
        }
        Some(seen.len())
    });
    if let Some(v) = m.get("character_type_rule") {
        let rp = child(path, "character_type_rule");
        if c::enumeration(ctx, &rp, v, &CHARACTER_TYPE_RULES, Null::Refused)
            == Some("three_of_four")
        {
            let count = types.flatten().unwrap_or(0);
            if count != 4 {
                ctx.error(
                    Code::Conflict,
                    &rp,
                    format!("\"three_of_four\" needs all four character_types (uppercase, lowercase, number, special); {count} listed"),
                );
            }
        }
    }
    for (key, allowed) in [
        ("identical_characters", &ALLOW_BLOCK[..]),
        ("sequential_characters", &ALLOW_BLOCK[..]),
        ("max_length_exceeded", &MAX_LENGTH_EXCEEDED[..]),
    ] {
        if let Some(v) = m.get(key) {
            c::enumeration(ctx, &child(path, key), v, allowed, Null::Refused);
        }
    }
}
