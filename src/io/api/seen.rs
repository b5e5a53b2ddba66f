//! The secrets this run has read from a tenant or sent to one (options the
//! field table marks secret, `customHeaders`, `configuration`, …): every
//! text connedit prints or shows is scrubbed of them by value, so a server
//! that echoes a request body (or a proxy that quotes it) cannot show them
//! under any key. The field table ([`crate::core::fields::secret_values`])
//! stays the one list of what is secret; this is only the memory of values.

use std::sync::Mutex;

/// The values, longest first (a secret inside a longer one must not cut it).
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers the secret values in a body read or sent. Values shorter than
/// four characters are not kept (they would blank ordinary words).
pub fn remember(body: &serde_json::Value) {
    let found = crate::core::fields::secret_values(body);
    if found.is_empty() {
        return;
    }
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    for s in found {
        let s = s.trim();
        if s.chars().count() < 4 {
            continue;
        }
        // As the value is, as it reads inside a JSON string (a quote, a
        // backslash, a newline escaped), and with non-ASCII as `\\u` escapes too.
        let escaped = serde_json::to_string(s).unwrap_or_default();
        let escaped = escaped.trim_matches('"');
        let ascii: String = escaped
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    let mut b = [0u16; 2];
                    c.encode_utf16(&mut b)
                        .iter()
                        .map(|u| format!("\\u{u:04x}"))
                        .collect()
                }
            })
            .collect();
        for form in [s, escaped, ascii.as_str()] {
            if !seen.iter().any(|k| k == form) {
                seen.push(form.to_string());
            }
        }
    }
    seen.sort_by_key(|k| std::cmp::Reverse(k.len()));
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
