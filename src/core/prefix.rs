//! The connection-name prefix template: a scanner in place of the published
//! regex (`^(?!-)(?!.*--)(?:[a-zA-Z0-9-]|{org_id}|{org_name})*$`), which Rust's
//! `regex` cannot run and which gives poor messages; and its expansion.

use crate::core::diagnostic::Code;
use crate::core::suggest::closest;

/// The variables Auth0 substitutes (Connection Profile docs).
pub const VARIABLES: [&str; 2] = ["org_id", "org_name"];

/// OpenAPI `ConnectionNamePrefixTemplate`: maxLength 15 (characters of the template as written).
pub const MAX_LEN: usize = 15;

/// Problems with a template's shape; length is checked by the caller.
pub fn problems(template: &str) -> Vec<(Code, String)> {
    let mut out = Vec::new();
    if template.starts_with('-') {
        out.push((Code::Pattern, "must not start with \"-\"".to_string()));
    }
    if template.contains("--") {
        out.push((Code::Pattern, "must not contain \"--\"".to_string()));
    }
    let chars: Vec<char> = template.chars().collect();
    let mut bad: Vec<char> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    // One message per kind of problem: a template of 100 `{` is one mistake.
    let (mut unclosed_seen, mut stray_seen) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' => i += 1,
            '{' => {
                let close = chars[i + 1..].iter().position(|&c| c == '}' || c == '{');
                match close.map(|n| (n, chars[i + 1 + n])) {
                    Some((n, '}')) => {
                        let name: String = chars[i + 1..i + 1 + n].iter().collect();
                        if !VARIABLES.contains(&name.as_str()) && !unknown.contains(&name) {
                            let mut msg = format!(
                                "unknown variable {{{name}}} at character {}; the variables are {{org_id}} and {{org_name}}",
                                i + 1
                            );
                            if let Some(s) = closest(&name, &VARIABLES) {
                                msg.push_str(&format!("; did you mean {{{s}}}?"));
                            }
                            out.push((Code::TemplateVariable, msg));
                            unknown.push(name);
                        }
                        i += n + 2;
                    }
                    _ => {
                        if !unclosed_seen {
                            unclosed_seen = true;
                            let msg = format!(
                                "unclosed \"{{\" at character {}: write {{org_id}} or {{org_name}}",
                                i + 1
                            );
                            out.push((Code::TemplateVariable, msg));
                        }
                        // Skip the would-be variable name: one message, not two.
                        i += 1;
                        while i < chars.len()
                            && (chars[i].is_ascii_alphanumeric() || chars[i] == '_')
                        {
                            i += 1;
                        }
                    }
                }
            }
            '}' => {
                if !stray_seen {
                    stray_seen = true;
                    out.push((
                        Code::Pattern,
                        format!("stray \"}}\" at character {}", i + 1),
                    ));
                }
                i += 1;
            }
            c => {
                if bad.len() < 8 && !bad.contains(&c) {
                    bad.push(c);
                }
                i += 1;
            }
        }
    }
    if !bad.is_empty() {
        let list: Vec<String> = bad.iter().map(|c| format!("{c:?}")).collect();
        out.push((
            Code::Pattern,
            format!(
                "{} not allowed: use letters, digits, \"-\" and the variables {{org_id}}, {{org_name}}",
                if bad.len() == 1 {
                    format!("character {} is", list[0])
                } else {
                    format!("characters {} are", list.join(" "))
                }
            ),
        ));
    }
    out
}

/// The prefix a connection would get for an organization.
pub fn expand(template: &str, org_id: &str, org_name: &str) -> String {
    template
        .replace("{org_id}", org_id)
        .replace("{org_name}", org_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(t: &str) -> Vec<Code> {
        problems(t).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn accepts_the_documented_shapes() {
        for t in [
            "",
            "ec-{org_id}-",
            "con-{org_name}",
            "{org_id}{org_name}",
            "a-b-c",
        ] {
            assert!(problems(t).is_empty(), "{t}: {:?}", problems(t));
        }
    }

    #[test]
    fn names_each_problem() {
        assert_eq!(codes("-a"), [Code::Pattern]);
        assert_eq!(codes("a--b"), [Code::Pattern]);
        assert_eq!(codes("org-{organization_name}"), [Code::TemplateVariable]);
        assert_eq!(codes("a{org_id"), [Code::TemplateVariable]);
        assert_eq!(codes("a}"), [Code::Pattern]);
        assert_eq!(codes("a_b c"), [Code::Pattern]);
        let m = &problems("x{org_idd}")[0].1;
        assert!(m.contains("did you mean {org_id}"), "{m}");
    }

    #[test]
    fn expands_variables() {
        assert_eq!(expand("ec-{org_id}-", "org_123", "acme"), "ec-org_123-");
        assert_eq!(expand("{org_name}-x", "o", "acme"), "acme-x");
    }
}
