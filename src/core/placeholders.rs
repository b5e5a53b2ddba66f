//! auth0-deploy-cli keyword placeholders (SPEC §1.3). deploy-cli replaces
//! them in the raw file text before parsing: `@@KEY@@`, quoted or bare,
//! becomes the JSON encoding of the mapped value (the quotes go with it, so
//! `"@@LANGS@@"` can become an array); `##KEY##` is pasted in as text.

use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `@@KEY@@`: a whole JSON value.
    Value,
    /// `##KEY##`: text inside a string.
    Text,
}

/// A placeholder found in a string: its style and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub style: Style,
    pub key: String,
}

impl Placeholder {
    pub fn written(&self) -> String {
        match self.style {
            Style::Value => format!("@@{}@@", self.key),
            Style::Text => format!("##{}##", self.key),
        }
    }
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The key of `@@KEY@@` or `##KEY##` starting at `at` in `s`, and its end.
fn key_at(s: &[u8], at: usize, mark: u8) -> Option<(usize, usize)> {
    if s.get(at) != Some(&mark) || s.get(at + 1) != Some(&mark) {
        return None;
    }
    let start = at + 2;
    let mut end = start;
    while end < s.len() && is_key_byte(s[end]) {
        end += 1;
    }
    (end > start && s.get(end) == Some(&mark) && s.get(end + 1) == Some(&mark))
        .then_some((start, end))
}

/// The placeholders of a string value: `@@KEY@@` only as the whole string
/// (a value placeholder stands for a whole JSON value; inside longer text
/// `@@…@@` is Auth0's own macro syntax — `@@password@@` in an SMS template,
/// `@@ID@@` in a SAML request template — and left alone), `##KEY##` anywhere.
pub fn find(s: &str) -> Vec<Placeholder> {
    if let Some(key) = whole(s) {
        return vec![Placeholder {
            style: Style::Value,
            key: key.to_string(),
        }];
    }
    find_text(s)
}

/// Every `##KEY##` inside a string.
fn find_text(s: &str) -> Vec<Placeholder> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hit = key_at(b, i, b'#').map(|k| (Style::Text, k));
        match hit {
            Some((style, (start, end))) => {
                out.push(Placeholder {
                    style,
                    key: s[start..end].to_string(),
                });
                i = end + 2;
            }
            None => i += 1,
        }
    }
    out
}

/// `KEY` when the whole string is `@@KEY@@`.
pub fn whole(s: &str) -> Option<&str> {
    let (start, end) = key_at(s.as_bytes(), 0, b'@')?;
    (end + 2 == s.len()).then(|| &s[start..end])
}

/// Whether raw text may hold a placeholder (a quick, generous test before
/// the work: any `@@KEY@@` or `##KEY##`).
pub fn any_in(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| key_at(b, i, b'@').is_some() || key_at(b, i, b'#').is_some())
}

/// Whether a value holds a placeholder (see [`find`]) in any string.
pub fn any_in_value(v: &Value) -> bool {
    match v {
        Value::String(s) => !find(s).is_empty(),
        Value::Array(a) => a.iter().any(any_in_value),
        Value::Object(m) => m.values().any(any_in_value),
        _ => false,
    }
}

/// deploy-cli's replacement on raw file text. Keys without a mapping are
/// left as they are.
pub fn replace(text: &str, mappings: &Map<String, Value>) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        // `"@@KEY@@"`: the quotes go with it.
        if b[i] == b'"'
            && let Some((start, end)) = key_at(b, i + 1, b'@')
            && b.get(end + 2) == Some(&b'"')
            && let Some(v) = mappings.get(&text[start..end])
        {
            out.push_str(&text[copied..i]);
            out.push_str(&serde_json::to_string(v).expect("a Value serializes"));
            i = end + 3;
            copied = i;
            continue;
        }
        if let Some((start, end)) = key_at(b, i, b'@')
            && let Some(v) = mappings.get(&text[start..end])
        {
            out.push_str(&text[copied..i]);
            out.push_str(&serde_json::to_string(v).expect("a Value serializes"));
            i = end + 2;
            copied = i;
            continue;
        }
        if let Some((start, end)) = key_at(b, i, b'#')
            && let Some(v) = mappings.get(&text[start..end])
        {
            out.push_str(&text[copied..i]);
            match v {
                Value::String(s) => out.push_str(s),
                other => out.push_str(&other.to_string()),
            }
            i = end + 2;
            copied = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Mappings as deploy-cli reads `AUTH0_KEYWORD_REPLACE_MAPPINGS`: a JSON
/// object; a whole deploy-cli config holding that key is accepted too.
pub fn parse_mappings(text: &str) -> Result<Map<String, Value>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}"))?;
    let v = match v.get("AUTH0_KEYWORD_REPLACE_MAPPINGS") {
        Some(inner) => inner.clone(),
        None => v,
    };
    match v {
        Value::Object(m) => Ok(m),
        other => Err(format!("must be a JSON object of KEY: value, not {other}")),
    }
}

/// Calls `f` with the pointer and text of every string of `v` that holds a
/// placeholder (whole or inside), in document order.
pub fn each_in_value(v: &Value, ptr: &str, f: &mut impl FnMut(&str, &str)) {
    match v {
        Value::String(s) if !find(s).is_empty() => f(ptr, s),
        Value::Object(m) => {
            for (k, v) in m {
                each_in_value(v, &crate::core::pointer::child(ptr, k), f);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                each_in_value(v, &crate::core::pointer::index(ptr, i), f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn finds_both_styles() {
        let f = find("pre-##ENV##-@@X_1@@ and @@bad @@");
        assert_eq!(
            f.iter().map(Placeholder::written).collect::<Vec<_>>(),
            ["##ENV##"],
            "@@…@@ inside longer text is Auth0's macro syntax, not deploy-cli's"
        );
        assert_eq!(find("@@X_1@@")[0].written(), "@@X_1@@");
        assert!(find("Your code: @@password@@").is_empty());
        assert_eq!(whole("@@LANGS@@"), Some("LANGS"));
        assert_eq!(whole("x@@LANGS@@"), None);
    }

    #[test]
    fn replaces_like_deploy_cli() {
        let m = map(json!({"LANGS": ["en", "fr"], "ENV": "prod", "ON": true, "N": 12}));
        assert_eq!(
            replace(
                r###"{"a": "@@LANGS@@", "b": @@ON@@, "c": "x-##ENV##", "d": @@N@@}"###,
                &m
            ),
            r###"{"a": ["en","fr"], "b": true, "c": "x-prod", "d": 12}"###
        );
        assert_eq!(
            replace(r###"{"a": @@MISSING@@, "b": "##NOPE##"}"###, &m),
            r###"{"a": @@MISSING@@, "b": "##NOPE##"}"###
        );
        assert_eq!(replace(r#""@@ENV@@""#, &m), r#""prod""#);
    }

    #[test]
    fn mappings_from_either_shape() {
        assert_eq!(parse_mappings(r#"{"A": 1}"#).unwrap()["A"], 1);
        assert_eq!(
            parse_mappings(r#"{"AUTH0_KEYWORD_REPLACE_MAPPINGS": {"A": 2}, "AUTH0_DOMAIN": "x"}"#)
                .unwrap()["A"],
            2
        );
        assert!(parse_mappings("[1]").is_err());
    }
}
