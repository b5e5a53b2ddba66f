//! The rows of the Profile and Password policy panes: which fields exist, in
//! which order, how each is edited and what its value means. Rows are computed
//! from the document value, so lists and present overrides grow their rows.

use crate::core::derived::{self, SampleOrg};
use crate::core::policy;
use crate::core::rules::{connection, password_options as po, profile};
use serde_json::Value;
use std::collections::HashSet;

/// How a row is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// A string, edited in the line editor.
    Text,
    /// A whole number, edited in the line editor.
    Integer,
    /// One of a fixed set: a choice list, or Space to cycle.
    Enum(&'static [&'static str]),
    Bool,
    /// One checkable value of the string array at the row's pointer.
    Member(&'static str),
    /// A collapsible header; `count` shows n/max for lists.
    Group {
        count: Option<(usize, usize)>,
    },
    /// An optional object (a strategy override): Space adds or removes it.
    Presence,
    /// An item of a string list; the pointer is the item's.
    Entry,
    /// "add entry" at the end of a list; the pointer is the list's.
    AddEntry {
        max: usize,
    },
    /// Switch between the legacy policy and `password_options`.
    Convert,
    /// `allowed_values`: absent, or both values.
    BothValues,
    /// The sample organization the prefix is expanded for (not in the document).
    SampleOrgId,
    SampleOrgName,
    /// The password being tried (masked unless shown; never saved).
    TryPassword,
    /// A field of the sample user for the personal-data rule.
    TryUser(&'static str),
    /// One line of the tester's checklist (read-only).
    Verdict,
}

/// The password tester's state: in memory only, never in a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tester {
    pub password: String,
    pub show: bool,
    pub user: crate::core::password::SampleUser,
}

/// The sample-user fields the tester offers, as `blocked_fields` names them.
pub const TRY_USER_FIELDS: [&str; 5] = [
    "name",
    "username",
    "email",
    "user_metadata.first",
    "user_metadata.last",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub pointer: String,
    pub kind: RowKind,
    pub depth: u8,
}

impl Row {
    fn new(label: impl Into<String>, pointer: impl Into<String>, kind: RowKind, depth: u8) -> Row {
        Row {
            label: label.into(),
            pointer: pointer.into(),
            kind,
            depth,
        }
    }

    /// Whether the row is a field of the document (not the sample or an action).
    pub fn in_document(&self) -> bool {
        !matches!(
            self.kind,
            RowKind::SampleOrgId
                | RowKind::SampleOrgName
                | RowKind::Convert
                | RowKind::TryPassword
                | RowKind::TryUser(_)
                | RowKind::Verdict
        )
    }
}

/// The key of a group's collapsed state.
pub fn group_key(pointer: &str) -> String {
    pointer.to_string()
}

struct Builder<'a> {
    rows: Vec<Row>,
    value: &'a Value,
    collapsed: &'a HashSet<String>,
}

impl Builder<'_> {
    fn push(&mut self, label: &str, pointer: &str, kind: RowKind, depth: u8) {
        self.rows.push(Row::new(label, pointer, kind, depth));
    }

    /// A header; returns whether its content is shown.
    fn group(
        &mut self,
        label: &str,
        pointer: &str,
        count: Option<(usize, usize)>,
        depth: u8,
    ) -> bool {
        self.push(label, pointer, RowKind::Group { count }, depth);
        !self.collapsed.contains(&group_key(pointer))
    }

    fn list(&mut self, label: &str, pointer: &str, max: usize, depth: u8) {
        let items = self.value.pointer(pointer).and_then(Value::as_array);
        let n = items.map_or(0, Vec::len);
        if self.group(label, pointer, Some((n, max)), depth) {
            for i in 0..n {
                let text = items
                    .and_then(|a| a[i].as_str().map(str::to_string))
                    .unwrap_or_else(|| items.map(|a| a[i].to_string()).unwrap_or_default());
                self.push(&text, &format!("{pointer}/{i}"), RowKind::Entry, depth + 1);
            }
            self.push("+ add entry", pointer, RowKind::AddEntry { max }, depth + 1);
        }
    }

    fn scim_tokens(&mut self, base: &str, depth: u8) {
        let tokens = format!("{base}/scim/tokens");
        for scope in profile::SCIM_SCOPES {
            self.push(
                &format!("scope {scope}"),
                &format!("{tokens}/scopes"),
                RowKind::Member(scope),
                depth,
            );
        }
        self.push(
            "default_expiry (s)",
            &format!("{tokens}/default_expiry"),
            RowKind::Integer,
            depth,
        );
        self.push(
            "max_allowed_expiry (s)",
            &format!("{tokens}/max_allowed_expiry"),
            RowKind::Integer,
            depth,
        );
    }
}

/// The Profile pane, in the order of the editor issue.
pub fn profile_rows(value: &Value, collapsed: &HashSet<String>) -> Vec<Row> {
    let mut b = Builder {
        rows: Vec::new(),
        value,
        collapsed,
    };
    b.push("name", "/name", RowKind::Text, 0);
    b.push(
        "show_as_button",
        "/organization/show_as_button",
        RowKind::Enum(&profile::ORGANIZATION_VALUES),
        0,
    );
    b.push(
        "assign_membership_on_login",
        "/organization/assign_membership_on_login",
        RowKind::Enum(&profile::ORGANIZATION_VALUES),
        0,
    );
    b.push(
        "name prefix template",
        "/connection_name_prefix_template",
        RowKind::Text,
        0,
    );
    for f in profile::FEATURES {
        b.push(
            &format!("feature {f}"),
            "/enabled_features",
            RowKind::Member(f),
            0,
        );
    }
    let present = value
        .get("strategy_overrides")
        .and_then(Value::as_object)
        .map_or(0, |m| m.len());
    if b.group(
        "strategy_overrides",
        "/strategy_overrides",
        Some((present, 8)),
        0,
    ) {
        for s in profile::STRATEGIES {
            let p = format!("/strategy_overrides/{s}");
            b.push(s, &p, RowKind::Presence, 1);
            if value.pointer(&p).is_some_and(Value::is_object)
                && !collapsed.contains(&group_key(&p))
            {
                for f in profile::FEATURES {
                    b.push(
                        &format!("feature {f}"),
                        &format!("{p}/enabled_features"),
                        RowKind::Member(f),
                        2,
                    );
                }
                b.scim_tokens(&format!("{p}/provisioning"), 2);
            }
        }
    }
    if b.group("provisioning (SCIM tokens)", "/provisioning", None, 0) {
        b.scim_tokens("/provisioning", 1);
    }
    if b.group(
        "cross_app_access_resource_app",
        "/cross_app_access_resource_app",
        None,
        0,
    ) {
        let s = "/cross_app_access_resource_app/status";
        b.push(
            "status.default_value",
            &format!("{s}/default_value"),
            RowKind::Enum(&profile::XAA_STATUS),
            1,
        );
        b.push(
            "status.allowed_values",
            &format!("{s}/allowed_values"),
            RowKind::BothValues,
            1,
        );
    }
    if b.group("preview sample organization", "#sample", None, 0) {
        b.push("sample org_id", "#sample/org_id", RowKind::SampleOrgId, 1);
        b.push(
            "sample org_name",
            "#sample/org_name",
            RowKind::SampleOrgName,
            1,
        );
    }
    b.rows
}

/// The Connection pane of a connection that is not a database connection:
/// its top-level settings and its strategy's scalar options, generated from
/// the field table and the strategy's schema. What the form cannot show
/// (objects, lists, secrets) stays in the preview, and in the document.
pub fn strategy_rows(value: &Value, collapsed: &HashSet<String>) -> Vec<Row> {
    use crate::core::fields::strategies::{OptionKind, option_rows};
    let mut b = Builder {
        rows: Vec::new(),
        value,
        collapsed,
    };
    // Labels and kinds from the field table.
    for pointer in ["/display_name", "/show_as_button", "/is_domain_connection"] {
        if let Some(f) = crate::core::fields::connection::field(pointer) {
            let kind = match f.kind {
                crate::core::fields::FieldKind::Bool => RowKind::Bool,
                _ => RowKind::Text,
            };
            b.push(f.label, f.pointer, kind, 0);
        }
    }
    let strategy = value.get("strategy").and_then(Value::as_str).unwrap_or("");
    let options = option_rows(strategy);
    if !options.is_empty() && b.group(&format!("{strategy} options"), "/options", None, 0) {
        for o in options {
            let kind = match &o.kind {
                OptionKind::Bool => RowKind::Bool,
                OptionKind::Enum(v) => RowKind::Enum(v.as_slice()),
                OptionKind::Text => RowKind::Text,
                OptionKind::Integer => RowKind::Integer,
            };
            b.push(
                o.key,
                &crate::core::pointer::child("/options", o.key),
                kind,
                1,
            );
        }
    }
    // upstream_params (the seed): each parameter is passed as an alias of an
    // OAuth parameter (pick one) or a fixed value (edit it).
    if let Some(params) = value
        .pointer("/options/upstream_params")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
        && b.group("upstream_params", "/options/upstream_params", None, 0)
    {
        for (name, p) in params {
            let base = crate::core::pointer::child("/options/upstream_params", name);
            if p.get("value").is_some() {
                b.push(
                    &format!("{name} = value"),
                    &crate::core::pointer::child(&base, "value"),
                    RowKind::Text,
                    1,
                );
            } else {
                b.push(
                    &format!("{name} → alias"),
                    &crate::core::pointer::child(&base, "alias"),
                    RowKind::Enum(&crate::core::fields::connection::UPSTREAM_ALIASES),
                    1,
                );
            }
        }
    }
    b.rows
}

/// The rows of the connection pane: the password policy for a database
/// connection, the strategy's options for any other.
pub fn connection_rows(value: &Value, collapsed: &HashSet<String>, tester: &Tester) -> Vec<Row> {
    if crate::core::fields::connection::is_database(value) || value.get("strategy").is_none() {
        password_rows(value, collapsed, tester)
    } else {
        strategy_rows(value, collapsed)
    }
}

/// The Password policy pane: the legacy policy, the related options and the
/// flexible `password_options`.
pub fn password_rows(value: &Value, collapsed: &HashSet<String>, tester: &Tester) -> Vec<Row> {
    let mut b = Builder {
        rows: Vec::new(),
        value,
        collapsed,
    };
    let o = "/options";
    let flexible = value
        .get("options")
        .and_then(Value::as_object)
        .is_some_and(policy::uses_flexible);
    b.push(
        if flexible {
            "→ convert to legacy policy"
        } else {
            "→ convert to password_options"
        },
        o,
        RowKind::Convert,
        0,
    );
    if b.group("legacy policy", "#legacy", None, 0) {
        b.push(
            "passwordPolicy",
            &format!("{o}/passwordPolicy"),
            RowKind::Enum(&connection::PASSWORD_POLICIES),
            1,
        );
        b.push(
            "min_length",
            &format!("{o}/password_complexity_options/min_length"),
            RowKind::Integer,
            1,
        );
        b.push(
            "history enable",
            &format!("{o}/password_history/enable"),
            RowKind::Bool,
            1,
        );
        b.push(
            "history size",
            &format!("{o}/password_history/size"),
            RowKind::Integer,
            1,
        );
        b.push(
            "no personal info",
            &format!("{o}/password_no_personal_info/enable"),
            RowKind::Bool,
            1,
        );
        b.push(
            "dictionary enable",
            &format!("{o}/password_dictionary/enable"),
            RowKind::Bool,
            1,
        );
        b.list(
            "dictionary",
            &format!("{o}/password_dictionary/dictionary"),
            200,
            1,
        );
    }
    b.push(
        "username min",
        &format!("{o}/validation/username/min"),
        RowKind::Integer,
        0,
    );
    b.push(
        "username max",
        &format!("{o}/validation/username/max"),
        RowKind::Integer,
        0,
    );
    b.push(
        "requires_username",
        &format!("{o}/requires_username"),
        RowKind::Bool,
        0,
    );
    let p = format!("{o}/password_options");
    if b.group("password_options (flexible)", &p, None, 0) {
        let c = format!("{p}/complexity");
        b.push(
            "min_length",
            &format!("{c}/min_length"),
            RowKind::Integer,
            1,
        );
        for t in po::CHARACTER_TYPES {
            b.push(
                &format!("requires {t}"),
                &format!("{c}/character_types"),
                RowKind::Member(t),
                1,
            );
        }
        b.push(
            "character_type_rule",
            &format!("{c}/character_type_rule"),
            RowKind::Enum(&po::CHARACTER_TYPE_RULES),
            1,
        );
        b.push(
            "identical_characters",
            &format!("{c}/identical_characters"),
            RowKind::Enum(&po::ALLOW_BLOCK),
            1,
        );
        b.push(
            "sequential_characters",
            &format!("{c}/sequential_characters"),
            RowKind::Enum(&po::ALLOW_BLOCK),
            1,
        );
        b.push(
            "max_length_exceeded",
            &format!("{c}/max_length_exceeded"),
            RowKind::Enum(&po::MAX_LENGTH_EXCEEDED),
            1,
        );
        let d = format!("{p}/dictionary");
        b.push(
            "dictionary active",
            &format!("{d}/active"),
            RowKind::Bool,
            1,
        );
        b.push(
            "dictionary default",
            &format!("{d}/default"),
            RowKind::Enum(&po::DEFAULT_DICTIONARIES),
            1,
        );
        b.list("dictionary custom", &format!("{d}/custom"), 200, 1);
        b.push(
            "history active",
            &format!("{p}/history/active"),
            RowKind::Bool,
            1,
        );
        b.push(
            "history size",
            &format!("{p}/history/size"),
            RowKind::Integer,
            1,
        );
        b.push(
            "profile_data active",
            &format!("{p}/profile_data/active"),
            RowKind::Bool,
            1,
        );
        b.list(
            "blocked_fields",
            &format!("{p}/profile_data/blocked_fields"),
            12,
            1,
        );
    }
    if b.group("try a password", "#try", None, 0) {
        b.push("password", "#try/password", RowKind::TryPassword, 1);
        for f in TRY_USER_FIELDS {
            let label = format!("sample {}", f.trim_start_matches("user_metadata."));
            b.push(&label, &format!("#try/{f}"), RowKind::TryUser(f), 1);
        }
        if tester.password.is_empty() {
            b.push(
                "type a password above to see what the policy says",
                "#try/verdict",
                RowKind::Verdict,
                1,
            );
        } else {
            let empty = serde_json::Map::new();
            let options = value
                .get("options")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            let v = crate::core::password::evaluate(options, &tester.password, &tester.user);
            let summary = if v.accepted {
                "ACCEPTED by"
            } else {
                "REJECTED by"
            };
            b.push(
                &format!("{summary} the {}", v.policy),
                "#try/verdict",
                RowKind::Verdict,
                1,
            );
            for c in &v.checks {
                b.push(&c.line(), "#try/verdict", RowKind::Verdict, 2);
            }
            b.push(&v.estimate_line(), "#try/verdict", RowKind::Verdict, 2);
        }
    }
    b.rows
}

/// The value a row shows, as text.
pub fn value_text(row: &Row, value: &Value, sample: &SampleOrg) -> String {
    let v = value.pointer(&row.pointer);
    match &row.kind {
        RowKind::Member(item) => {
            let on = v
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|x| x == *item));
            if on { "[x]" } else { "[ ]" }.to_string()
        }
        RowKind::Presence => if v.is_some() { "[x]" } else { "[ ]" }.to_string(),
        RowKind::Group {
            count: Some((n, max)),
        } => format!("{n}/{max}"),
        RowKind::Group { .. } | RowKind::AddEntry { .. } | RowKind::Convert | RowKind::Entry => {
            String::new()
        }
        RowKind::BothValues => match v {
            None => "(only default_value)".to_string(),
            Some(v) => compact(v),
        },
        RowKind::SampleOrgId => sample.org_id.clone(),
        RowKind::SampleOrgName => sample.org_name.clone(),
        RowKind::TryPassword | RowKind::TryUser(_) | RowKind::Verdict => String::new(),
        _ => match v {
            None => "·".to_string(),
            Some(Value::String(s)) if matches!(row.kind, RowKind::Text) => format!("\"{s}\""),
            Some(Value::String(s)) => s.clone(),
            Some(v) => compact(v),
        },
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// What a row's value means, in a few words (shown beside it).
pub fn meaning(row: &Row, doc: &Value, sample: &SampleOrg) -> String {
    let v = doc.pointer(&row.pointer);
    let s = v.and_then(Value::as_str).unwrap_or("");
    let n = v.and_then(Value::as_i64);
    let leaf = row.pointer.rsplit('/').next().unwrap_or("");
    match (&row.kind, leaf) {
        (RowKind::Enum(_), "show_as_button") => derived::effective_show_as_button(s)
            .map(|b| format!("connection show_as_button: {b}"))
            .unwrap_or_default(),
        (RowKind::Enum(_), "assign_membership_on_login") => {
            match derived::effective_assign_membership(s) {
                Some(b) if s == "optional" => format!("membership: {b} (Okta Express: true)"),
                Some(b) => format!("membership on login: {b}"),
                None => String::new(),
            }
        }
        (RowKind::Text, "connection_name_prefix_template") if v.is_some() => {
            format!(
                "→ {}",
                crate::core::prefix::expand(s, &sample.org_id, &sample.org_name)
            )
        }
        (RowKind::Enum(_), "passwordPolicy") => {
            if v.is_none() {
                "none: any non-empty password".to_string()
            } else {
                policy::level_meaning(s).to_string()
            }
        }
        (RowKind::Integer, "min_length") if row.pointer.contains("password_complexity_options") => {
            match n {
                Some(n) => {
                    let level = doc
                        .pointer("/options/passwordPolicy")
                        .and_then(Value::as_str)
                        .unwrap_or("none");
                    format!(
                        "≥{n} chars (level {level} alone: {})",
                        policy::level_min_length(level).unwrap_or(1)
                    )
                }
                None => "the level's length applies".to_string(),
            }
        }
        (RowKind::Integer, "min_length") => n.map(|n| format!("≥{n} chars")).unwrap_or_default(),
        (RowKind::Integer, "size") => n
            .map(|n| format!("remembers the last {n}"))
            .unwrap_or_default(),
        (RowKind::Integer, "min") => n
            .map(|n| format!("usernames ≥{n} chars"))
            .unwrap_or_default(),
        (RowKind::Integer, "max") => n
            .map(|n| format!("usernames ≤{n} chars"))
            .unwrap_or_default(),
        (RowKind::Integer, "default_expiry" | "max_allowed_expiry") => match v {
            Some(Value::Null) => "no expiry".to_string(),
            _ => n.map(duration).unwrap_or_default(),
        },
        (RowKind::Enum(_), "character_type_rule") => match s {
            "all" => "every listed type".to_string(),
            "three_of_four" => "3 of the 4 types".to_string(),
            _ => String::new(),
        },
        (RowKind::Enum(_), "identical_characters") if s == "block" => {
            "≤2 identical in a row".to_string()
        }
        (RowKind::Enum(_), "sequential_characters") if s == "block" => {
            "no runs like abc, 123".to_string()
        }
        (RowKind::Enum(_), "max_length_exceeded") => match s {
            "truncate" => "bytes past 72 ignored".to_string(),
            "error" => "over 72 bytes refused".to_string(),
            _ => String::new(),
        },
        (RowKind::Enum(_), "default") => match s {
            "en_10k" => "10,000 common passwords".to_string(),
            "en_100k" => "100,000 common passwords".to_string(),
            _ => String::new(),
        },
        (RowKind::Bool, "requires_username") => match v {
            Some(Value::Bool(true)) => "username as well as email".to_string(),
            _ => String::new(),
        },
        (RowKind::Group { .. }, "#legacy") => {
            let in_effect = doc
                .get("options")
                .and_then(Value::as_object)
                .is_some_and(policy::uses_flexible);
            if in_effect {
                "inert: password_options is in effect".to_string()
            } else {
                "in effect".to_string()
            }
        }
        (RowKind::Group { .. }, "password_options") => {
            if v.is_some_and(|v| !v.is_null()) {
                "in effect".to_string()
            } else {
                "not used".to_string()
            }
        }
        _ => String::new(),
    }
}

fn duration(secs: i64) -> String {
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s >= 3_600 && s % 3_600 == 0 => format!("{} hours", s / 3_600),
        s => format!("{s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn profile_rows_follow_the_issue_order() {
        let rows = profile_rows(&json!({}), &HashSet::new());
        let labels: Vec<&str> = rows.iter().take(7).map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "name",
                "show_as_button",
                "assign_membership_on_login",
                "name prefix template",
                "feature scim",
                "feature universal_logout",
                "strategy_overrides"
            ]
        );
    }

    #[test]
    fn lists_grow_rows_and_groups_collapse() {
        let v =
            json!({"options": {"password_dictionary": {"enable": true, "dictionary": ["a", "b"]}}});
        let rows = password_rows(&v, &HashSet::new(), &Tester::default());
        let entries: Vec<&str> = rows
            .iter()
            .filter(|r| r.kind == RowKind::Entry)
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(entries, ["a", "b"]);
        let header = rows.iter().find(|r| r.label == "dictionary").unwrap();
        assert_eq!(value_text(header, &v, &SampleOrg::default()), "2/200");
        let collapsed: HashSet<String> = ["#legacy".to_string()].into();
        assert!(
            password_rows(&v, &collapsed, &Tester::default())
                .iter()
                .all(|r| r.kind != RowKind::Entry || r.pointer.contains("password_options"))
        );
    }

    #[test]
    fn meanings_explain_values() {
        let v = json!({"options": {"passwordPolicy": "fair"}});
        let rows = password_rows(&v, &HashSet::new(), &Tester::default());
        let r = rows.iter().find(|r| r.label == "passwordPolicy").unwrap();
        assert_eq!(
            meaning(r, &v, &SampleOrg::default()),
            "fair: ≥8 chars, lower+upper+digit"
        );
    }
}
