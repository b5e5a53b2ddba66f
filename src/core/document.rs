//! The document model: a profile or connection body as JSON text, its value
//! (key order and unknown keys kept), and where each value sits in the text.

use crate::core::diagnostic::{Anchor, Code, Diagnostic};
use crate::core::json::{self, Parsed, SpanNode, SyntaxError};
use crate::core::pointer;
use crate::core::rules;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Profile,
    Connection,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Profile => "profile",
            Kind::Connection => "connection",
        }
    }
}

/// Which kind a value is, from its content: a connection has `strategy` or
/// `options`; a profile has profile keys or a `cop_` id. `None` when neither.
pub fn detect_kind(value: &Value) -> Option<Kind> {
    let map = value.as_object()?;
    if map.contains_key("strategy") || map.contains_key("options") {
        return Some(Kind::Connection);
    }
    let cop_id = map
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("cop_"));
    let profile_key = map
        .keys()
        .any(|k| k != "id" && k != "name" && rules::profile::KEYS.contains(&k.as_str()));
    (cop_id || profile_key).then_some(Kind::Profile)
}

/// The canonical text of a value: 2-space indent and a trailing newline, as
/// the API, curl users and deploy-cli write it.
pub fn pretty(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("a Value always serializes");
    s.push('\n');
    s
}

/// What a new document starts as: the fields a user fills first.
pub fn skeleton(kind: Kind) -> Value {
    match kind {
        Kind::Profile => serde_json::json!({
            "name": "",
            "organization": {"show_as_button": "none", "assign_membership_on_login": "none"},
            "connection_name_prefix_template": "con-{org_id}-",
            "enabled_features": []
        }),
        Kind::Connection => serde_json::json!({
            "name": "",
            "strategy": "auth0",
            "options": {"passwordPolicy": "good", "password_complexity_options": {"min_length": 12}}
        }),
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    kind: Kind,
    text: String,
    had_bom: bool,
    content: Result<Parsed, SyntaxError>,
}

impl Document {
    /// Reads a document from text. Never fails: invalid JSON becomes a
    /// `json.syntax` diagnostic. `kind` overrides detection.
    pub fn parse(text: &str, kind: Option<Kind>) -> Document {
        let (text, had_bom) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest, true),
            None => (text, false),
        };
        let content = json::parse(text);
        let kind = kind
            .or_else(|| content.as_ref().ok().and_then(|p| detect_kind(&p.value)))
            .unwrap_or_else(|| guess_kind_from_text(text));
        Document {
            kind,
            text: text.to_string(),
            had_bom,
            content,
        }
    }

    /// Reads a document from bytes: like [`Document::parse`], and bytes that
    /// are not UTF-8 are a `json.syntax` problem at the first bad byte.
    pub fn parse_bytes(bytes: &[u8], kind: Option<Kind>) -> Document {
        match std::str::from_utf8(bytes) {
            Ok(text) => Document::parse(text, kind),
            Err(e) => {
                let bad = bytes[e.valid_up_to()];
                let text = String::from_utf8_lossy(bytes);
                let (text, had_bom) = match text.strip_prefix('\u{feff}') {
                    Some(rest) => (rest.to_string(), true),
                    None => (text.into_owned(), false),
                };
                let offset = e.valid_up_to() - if had_bom { 3 } else { 0 };
                Document {
                    kind: kind.unwrap_or_else(|| guess_kind_from_text(&text)),
                    text,
                    had_bom,
                    content: Err(SyntaxError {
                        offset: offset as u32,
                        message: format!(
                            "the file is not UTF-8 (byte 0x{bad:02X}): save it as UTF-8"
                        ),
                    }),
                }
            }
        }
    }

    /// A document whose text is the canonical printing of `value` (the editor
    /// and the preview work this way: positions then point into the preview).
    pub fn from_value(kind: Kind, value: Value) -> Document {
        let text = pretty(&value);
        let content = json::parse(&text).map(|mut p| {
            p.value = value; // identical, and keeps the caller's numbers as they were
            p
        });
        Document {
            kind,
            text,
            had_bom: false,
            content,
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The source text, without a byte-order mark.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn had_bom(&self) -> bool {
        self.had_bom
    }

    pub fn value(&self) -> Option<&Value> {
        self.content.as_ref().ok().map(|p| &p.value)
    }

    pub fn syntax_error(&self) -> Option<&SyntaxError> {
        self.content.as_ref().err()
    }

    /// What saving writes: the canonical text of the value, or `None` when the
    /// text is not JSON (then the text itself must be kept as it is).
    pub fn to_pretty(&self) -> Option<String> {
        self.value().map(pretty)
    }

    /// Every diagnostic of the document, each with its line and column.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let parsed = match &self.content {
            Ok(p) => p,
            Err(e) => {
                let (line, column) = positions(&self.text, &[e.offset])[0];
                let mut d = Diagnostic::error(
                    Code::JsonSyntax,
                    "",
                    format!("not valid JSON: {}", e.message),
                );
                d.line = Some(line);
                d.column = Some(column);
                return vec![d];
            }
        };
        let mut out = rules::check(self.kind, &parsed.value);
        if out.is_empty() && parsed.duplicates.is_empty() {
            return out;
        }
        let all = (out.len() > 32).then(|| pointer::index_all(&parsed.value, &parsed.spans));
        let mut offsets: Vec<u32> = out
            .iter()
            .map(|d| {
                let loc = match all.as_ref().and_then(|all| all.get(&d.path)) {
                    Some(l) => *l,
                    None => pointer::locate(&parsed.value, &parsed.spans, &d.path),
                };
                match d.anchor {
                    Anchor::Key => loc.key_offset.unwrap_or(loc.value_offset),
                    Anchor::Value => loc.value_offset,
                }
            })
            .collect();
        for dup in &parsed.duplicates {
            offsets.push(dup.first_offset);
            offsets.push(dup.offset);
        }
        let places = positions(&self.text, &offsets);
        for (d, &(line, column)) in out.iter_mut().zip(&places) {
            d.line = Some(line);
            d.column = Some(column);
        }
        let mut dups: Vec<Diagnostic> = parsed
            .duplicates
            .iter()
            .zip(places[out.len()..].chunks(2))
            .map(|(dup, place)| {
                let ((fl, fc), (line, column)) = (place[0], place[1]);
                let key = pointer::tokens(&dup.pointer).last().unwrap_or_default();
                let mut d = Diagnostic::error(
                    Code::Duplicate,
                    dup.pointer.clone(),
                    format!("key \"{key}\" appears twice in this object (first at line {fl}, column {fc}); JSON readers disagree on which one wins: keep one"),
                )
                .at_key();
                d.line = Some(line);
                d.column = Some(column);
                d
            })
            .collect();
        dups.append(&mut out);
        dups.sort_by_key(|d| (d.line, d.column));
        dups
    }

    /// Line and column (1-based, characters) of the value at `pointer`, or of
    /// its deepest existing ancestor.
    pub fn position_of(&self, pointer: &str) -> Option<(u32, u32)> {
        let p = self.content.as_ref().ok()?;
        let loc = pointer::locate(&p.value, &p.spans, pointer);
        Some(positions(&self.text, &[loc.value_offset])[0])
    }

    /// The spans of the parsed text, for callers that walk positions themselves.
    pub fn spans(&self) -> Option<&SpanNode> {
        self.content.as_ref().ok().map(|p| &p.spans)
    }
}

fn guess_kind_from_text(text: &str) -> Kind {
    if text.contains("\"strategy\"") || text.contains("\"options\"") {
        Kind::Connection
    } else {
        Kind::Profile
    }
}

/// 1-based line and column (counted in characters, not bytes) of each byte
/// offset, in one forward pass over the text however many offsets there are.
pub fn positions(text: &str, offsets: &[u32]) -> Vec<(u32, u32)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let bytes = text.as_bytes();
    let (mut pos, mut line, mut col) = (0usize, 1u32, 1u32);
    for i in order {
        let target = (offsets[i] as usize).min(bytes.len());
        while pos < target {
            let b = bytes[pos];
            if b == b'\n' {
                line += 1;
                col = 1;
            } else if b & 0xC0 != 0x80 {
                col += 1; // not a UTF-8 continuation byte: a new character
            }
            pos += 1;
        }
        out[i] = (line, col);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kind() {
        let k = |s: &str| detect_kind(&serde_json::from_str(s).unwrap());
        assert_eq!(k(r#"{"strategy": "auth0"}"#), Some(Kind::Connection));
        assert_eq!(k(r#"{"options": {}}"#), Some(Kind::Connection));
        assert_eq!(k(r#"{"id": "cop_1"}"#), Some(Kind::Profile));
        assert_eq!(k(r#"{"enabled_features": []}"#), Some(Kind::Profile));
        assert_eq!(k(r#"{"name": "x"}"#), None);
    }

    #[test]
    fn bom_is_accepted_and_not_counted() {
        let d = Document::parse("\u{feff}{\"name\": 5}", Some(Kind::Profile));
        assert!(d.had_bom());
        let diags = d.diagnostics();
        assert_eq!(diags[0].code, Code::Type);
        assert_eq!((diags[0].line, diags[0].column), (Some(1), Some(10)));
    }

    #[test]
    fn columns_count_characters() {
        let d = Document::parse("{\"name\": \"é\", \"x\": 1}", Some(Kind::Profile));
        let diags = d.diagnostics();
        assert_eq!(diags[0].code, Code::UnknownField);
        assert_eq!(diags[0].column, Some(15), "the key, counted in characters");
    }

    #[test]
    fn syntax_error_has_position() {
        let d = Document::parse("{\n  \"name\": \"a\",\n}", None);
        let diags = d.diagnostics();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::JsonSyntax);
        assert_eq!((diags[0].line, diags[0].column), (Some(3), Some(1)));
    }

    #[test]
    fn duplicates_are_errors_at_the_second_key() {
        let d = Document::parse("{\"name\": \"a\",\n \"name\": \"b\"}", None);
        let diags = d.diagnostics();
        assert_eq!(diags[0].code, Code::Duplicate);
        assert_eq!(diags[0].path, "/name");
        assert_eq!((diags[0].line, diags[0].column), (Some(2), Some(2)));
        assert!(diags[0].message.contains("line 1, column 2"));
    }

    #[test]
    fn pretty_round_trip_is_byte_identical() {
        let text = "{\n  \"b\": 1,\n  \"a\": [\n    1.5,\n    \"x\"\n  ],\n  \"e\": {}\n}\n";
        assert_eq!(Document::parse(text, None).to_pretty().unwrap(), text);
    }
}
