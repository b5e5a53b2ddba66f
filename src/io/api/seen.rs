//! The secrets this run has read from a tenant or sent to one (options the
//! field table marks secret, `customHeaders`, `configuration`, …): every
//! text connedit prints or shows is scrubbed of them by value, so a server
//! that echoes a request body (or a proxy that quotes it) cannot show them
//! under any key. The field table ([`crate::core::fields::secret_values`])
//! stays the one list of what is secret; this is only the memory of values.

use std::sync::Mutex;

/// The values, longest first (a secret inside a longer one must not cut it).
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers the secret values in a body read or sent. Values that would
/// blank ordinary text are not kept: shorter than four characters, JSON's
/// `true`/`false`/`null`, or a number of fewer than eight digits.
pub fn remember(body: &serde_json::Value) {
    let found = crate::core::fields::secret_values(body);
    if found.is_empty() {
        return;
    }
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    for s in found {
        let s = s.trim();
        if s.chars().count() < 4
            || ["true", "false", "null"].contains(&s)
            || (s.len() < 8
                && s.chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c == '.'))
        {
            continue;
        }
        for form in forms(s) {
            if !seen.contains(&form) {
                seen.push(form);
            }
        }
    }
    seen.sort_by_key(|k| std::cmp::Reverse(k.len()));
}

/// The ways an echo may write `s`: as it is, in other case, inside a JSON
/// string (quotes, backslashes, controls escaped; non-ASCII and, as Go
/// writes them, `<`, `>`, `&` as `\u` escapes in either case), percent-
/// encoded, and — for a long one — its first 12 characters (an echo cut
/// short).
fn forms(s: &str) -> Vec<String> {
    let escaped = serde_json::to_string(s).unwrap_or_default();
    let escaped = escaped[1..escaped.len().saturating_sub(1).max(1)].to_string();
    let unicode = |upper: bool, html: bool| -> String {
        escaped
            .chars()
            .map(|c| {
                if c.is_ascii() && !(html && "<>&".contains(c)) {
                    c.to_string()
                } else {
                    let mut b = [0u16; 2];
                    c.encode_utf16(&mut b)
                        .iter()
                        .map(|u| {
                            if upper {
                                format!("\\u{u:04X}")
                            } else {
                                format!("\\u{u:04x}")
                            }
                        })
                        .collect()
                }
            })
            .collect()
    };
    let percent: String = s
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut out = vec![
        s.to_string(),
        s.to_uppercase(),
        s.to_lowercase(),
        escaped.clone(),
        unicode(false, false),
        unicode(true, false),
        unicode(false, true),
        unicode(true, true),
        percent.clone(),
        percent.replace("%20", "+"),
    ];
    if s.chars().count() >= 16 {
        out.push(s.chars().take(12).collect());
    }
    out.sort();
    out.dedup();
    out.retain(|f| f.chars().count() >= 4);
    out
}

/// `text` scrubbed ([`crate::core::scrub::scrub`]) of `also` and of every
/// secret remembered in this run.
pub fn scrub(text: &str, also: &[&str]) -> String {
    let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let mut all: Vec<&str> = also.to_vec();
    all.extend(seen.iter().map(String::as_str));
    all.sort_by_key(|k| std::cmp::Reverse(k.len()));
    crate::core::scrub::scrub(text, &all)
}

/// `text` with only the remembered values removed (no other rewriting):
/// the last filter in front of what the command line prints.
pub fn remove(text: &str) -> std::borrow::Cow<'_, str> {
    let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if seen.is_empty() || !seen.iter().any(|k| text.contains(k.as_str())) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut s = text.to_string();
    for k in seen.iter() {
        s = s.replace(k.as_str(), crate::core::scrub::REMOVED);
    }
    std::borrow::Cow::Owned(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_secret_is_removed_in_every_form_an_echo_may_give_it() {
        remember(&json!({"options": {"client_secret": "Sx/Secret+Value<&>Ω-98765"}}));
        for echo in [
            "Sx/Secret+Value<&>Ω-98765",
            "SX/SECRET+VALUE<&>Ω-98765",
            r"Sx/Secret+Value\u003c\u0026\u003e\u03a9-98765",
            r"Sx/Secret+Value\u003C\u0026\u003E\u03A9-98765",
            "Sx%2FSecret%2BValue%3C%26%3E%CE%A9-98765",
            "Sx/Secret+Va...",
        ] {
            let out = scrub(&format!("echo: {echo} end"), &[]);
            assert!(
                !out.contains("Secret") && !out.contains("SECRET"),
                "{echo} -> {out}"
            );
        }
        // Ordinary words are never taken for secrets.
        remember(
            &json!({"options": {"configuration": {"FLAG": "true", "PORT": 8080, "X": "null"}}}),
        );
        assert_eq!(
            remove(r#"{"differs": true, "port": 8080, "v": null}"#),
            r#"{"differs": true, "port": 8080, "v": null}"#
        );
    }

    #[test]
    fn a_remembered_secret_is_removed_under_any_key_and_escaped() {
        remember(&json!({"options": {
            "twilio_token": "tw-Secret-1234",
            "customHeaders": {"X-Api-Key": "hdr\"quoted\"é"},
            "configuration": {"API": "cfg-value-9"},
            "client_id": "not-a-secret"
        }}));
        let echoed = r#"Bad request {"anything":"tw-Secret-1234","x":"hdr\"quoted\"\u00e9", "y":"hdr"quoted"é", "z":"cfg-value-9", "id":"not-a-secret"}"#;
        let out = scrub(echoed, &[]);
        for s in ["tw-Secret", "quoted", "cfg-value"] {
            assert!(!out.contains(s), "{s} in {out}");
        }
        assert!(out.contains("not-a-secret"), "{out}");
        assert!(!remove("at tw-Secret-1234.").contains("tw-Secret"));
    }
}
