//! Values the preview shows beside the body, derived from a profile: what the
//! created connection will actually get (Connection Profile docs, mapping tables).

use crate::core::prefix;
use serde_json::Value;

/// Auth0 docs: "For Express Configuration integrations with Okta, `optional` is
/// treated as `required`".
pub const OKTA_EXPRESS_NOTE: &str =
    "Okta Express Configuration treats \"optional\" as \"required\"";

/// Connection `show_as_button` for a profile value: none→false, optional→true, required→true.
pub fn effective_show_as_button(value: &str) -> Option<bool> {
    match value {
        "none" => Some(false),
        "optional" | "required" => Some(true),
        _ => None,
    }
}

/// Enabled-connection `assign_membership_on_login`: none→false, optional→false, required→true.
pub fn effective_assign_membership(value: &str) -> Option<bool> {
    match value {
        "none" | "optional" => Some(false),
        "required" => Some(true),
        _ => None,
    }
}

/// A sample organization to expand the prefix for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOrg {
    pub org_id: String,
    pub org_name: String,
}

impl Default for SampleOrg {
    fn default() -> Self {
        SampleOrg {
            org_id: "org_1a2b3c4d5e6f7g8h".to_string(),
            org_name: "acme".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The profile's value (`none`, `optional`, `required`).
    pub profile_value: String,
    /// What the connection gets.
    pub effective: bool,
    /// A caveat, when one applies.
    pub note: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProfileEffects {
    pub show_as_button: Option<Mapping>,
    pub assign_membership_on_login: Option<Mapping>,
    /// The prefix expanded for the sample organization.
    pub prefix: Option<String>,
}

pub fn profile_effects(profile: &Value, sample: &SampleOrg) -> ProfileEffects {
    let org = profile.get("organization");
    let field = |k: &str| org.and_then(|o| o.get(k)).and_then(Value::as_str);
    ProfileEffects {
        show_as_button: field("show_as_button").and_then(|v| {
            Some(Mapping {
                profile_value: v.to_string(),
                effective: effective_show_as_button(v)?,
                note: None,
            })
        }),
        assign_membership_on_login: field("assign_membership_on_login").and_then(|v| {
            Some(Mapping {
                profile_value: v.to_string(),
                effective: effective_assign_membership(v)?,
                note: (v == "optional").then_some(OKTA_EXPRESS_NOTE),
            })
        }),
        prefix: profile
            .get("connection_name_prefix_template")
            .and_then(Value::as_str)
            .map(|t| prefix::expand(t, &sample.org_id, &sample.org_name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_the_mapping_tables() {
        assert_eq!(effective_show_as_button("none"), Some(false));
        assert_eq!(effective_show_as_button("optional"), Some(true));
        assert_eq!(effective_show_as_button("required"), Some(true));
        assert_eq!(effective_assign_membership("none"), Some(false));
        assert_eq!(effective_assign_membership("optional"), Some(false));
        assert_eq!(effective_assign_membership("required"), Some(true));
        assert_eq!(effective_show_as_button("bogus"), None);
    }

    #[test]
    fn derives_effects_of_a_profile() {
        let p = json!({
            "organization": {"show_as_button": "optional", "assign_membership_on_login": "optional"},
            "connection_name_prefix_template": "ec-{org_id}-"
        });
        let sample = SampleOrg {
            org_id: "org_42".into(),
            org_name: "acme".into(),
        };
        let e = profile_effects(&p, &sample);
        assert!(e.show_as_button.unwrap().effective);
        let m = e.assign_membership_on_login.unwrap();
        assert!(!m.effective);
        assert_eq!(m.note, Some(OKTA_EXPRESS_NOTE));
        assert_eq!(e.prefix.as_deref(), Some("ec-org_42-"));
    }
}
