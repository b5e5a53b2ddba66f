//! The document model: a profile or connection body as JSON text, its value
//! (key order and unknown keys kept), and where each value sits in the text.
//!
//! Long (about 680 lines): the document model (parsing, kind detection,
//! diagnostics with positions, masking) and its tests (80 lines).

use crate::core::diagnostic::{Anchor, Code, Diagnostic};
use crate::core::json::{self, Parsed, SpanNode, SyntaxError};
use crate::core::placeholders;
use crate::core::pointer;
use crate::core::rules;
use serde_json::{Map, Value};
use std::sync::Arc;

/// deploy-cli keyword mappings (`AUTH0_KEYWORD_REPLACE_MAPPINGS`).
pub type Mappings = Arc<Map<String, Value>>;

pub use crate::core::kind::Kind;

/// The keys of a value that show it is a profile, and those that show it is a
/// connection (`name` and `id` show neither; a `cop_`/`con_` id does).
pub fn evidence(value: &Value) -> (Vec<String>, Vec<String>) {
    let Some(map) = value.as_object() else {
        return (Vec::new(), Vec::new());
    };
    let id = map.get("id").and_then(Value::as_str).unwrap_or("");
    // A top-level row of each table (no pattern rows at the top): the
    // tables' child index, no pointer built or compared.
    let top = |table: &'static [crate::core::fields::Field], k: &str| {
        crate::core::fields::child(table, "", k).is_some()
    };
    let is_profile_key = |k: &str| top(crate::core::fields::profile::FIELDS, k);
    let is_connection_key = |k: &str| top(crate::core::fields::connection::FIELDS, k);
    // A key both kinds have (`cross_app_access_resource_app`) shows neither.
    let mut profile: Vec<String> = map
        .keys()
        .filter(|k| *k != "id" && *k != "name" && is_profile_key(k) && !is_connection_key(k))
        .cloned()
        .collect();
    let mut connection: Vec<String> = map
        .keys()
        .filter(|k| *k != "id" && *k != "name" && is_connection_key(k) && !is_profile_key(k))
        .cloned()
        .collect();
    if id.starts_with("cop_") {
        profile.insert(0, "id (cop_…)".into());
    }
    if id.starts_with("con_") {
        connection.insert(0, "id (con_…)".into());
    }
    (profile, connection)
}

/// Whether a value's keys show a profile, and whether they show a
/// connection: [`evidence`] without a string made (validate of a folder
/// asks this of every file).
fn shows(value: &Value) -> (bool, bool) {
    let Some(map) = value.as_object() else {
        return (false, false);
    };
    let id = map.get("id").and_then(Value::as_str).unwrap_or("");
    let top = |table: &'static [crate::core::fields::Field], k: &str| {
        crate::core::fields::child(table, "", k).is_some()
    };
    let (mut p, mut c) = (id.starts_with("cop_"), id.starts_with("con_"));
    for k in map.keys().filter(|k| *k != "id" && *k != "name") {
        let (ip, ic) = (
            top(crate::core::fields::profile::FIELDS, k),
            top(crate::core::fields::connection::FIELDS, k),
        );
        p |= ip && !ic;
        c |= ic && !ip;
    }
    (p, c)
}

/// Which kind a value is, from its keys (see [`evidence`]); `None` when
/// neither shows, or when both do (never a silent pick).
pub fn detect_kind(value: &Value) -> Option<Kind> {
    match shows(value) {
        (true, false) => Some(Kind::Profile),
        (false, true) => Some(Kind::Connection),
        _ => None,
    }
}

/// The error for a value whose keys show both kinds, naming them.
fn mixed_evidence(value: &Value) -> Option<String> {
    let (p, c) = evidence(value);
    if p.is_empty() || c.is_empty() {
        return None;
    }
    let q = |v: &[String]| {
        v.iter()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "this document has keys of a connection profile ({}) and of a connection ({}): it cannot be both; remove the stray keys, or say which it is with --kind profile or --kind connection",
        q(&p),
        q(&c)
    ))
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

/// A new connection of `strategy` (`auth0`: the database skeleton of
/// [`skeleton`]): its name to fill in and the options a create of that
/// strategy must carry, strings as `##STRATEGY_OPTION##` placeholders that
/// refuse a push until replaced (see `strategies::required_placeholders`).
/// `Err` names the strategy the API does not know.
pub fn connection_skeleton(strategy: &str) -> Result<Value, String> {
    use crate::core::fields::strategies;
    if strategy == "auth0" {
        return Ok(skeleton(Kind::Connection));
    }
    if !strategies::names().contains(&strategy) {
        let hint = crate::core::suggest::closest(strategy, strategies::names())
            .map(|m| format!("; did you mean \"{m}\"?"))
            .unwrap_or_default();
        return Err(format!(
            "\"{}\" is not a strategy the API knows{hint}",
            crate::core::scrub::one_line(strategy)
        ));
    }
    Ok(serde_json::json!({
        "name": "",
        "strategy": strategy,
        "options": Value::Object(strategies::required_placeholders(strategy)),
    }))
}

/// The text of `value` as saving writes it: [`pretty`], with the bare
/// deploy-cli placeholders at `bare` written back without quotes.
pub fn pretty_with_bare(value: &Value, bare: &[String]) -> String {
    crate::core::layout::save(None, value, bare)
}

#[derive(Debug, Clone)]
pub struct Document {
    kind: Kind,
    text: String,
    had_bom: bool,
    content: Result<Parsed, SyntaxError>,
    mappings: Option<Mappings>,
    /// With mappings: the document deploy-cli would deploy (placeholders replaced).
    resolved: Option<Box<Document>>,
    /// The keys show both kinds and none was given: the error to report.
    mixed: Option<String>,
    /// The strategy the document's place implies (a deploy-cli
    /// `database.json` is `auth0` even when it does not say so).
    strategy_hint: Option<&'static str>,
}

impl Document {
    /// Reads a document from text. Never fails: invalid JSON becomes a
    /// `json.syntax` diagnostic. `kind` overrides detection.
    pub fn parse(text: &str, kind: Option<Kind>) -> Document {
        Document::parse_with(text, kind, None)
    }

    /// Like [`Document::parse`]; with deploy-cli mappings, the rules check the
    /// document with its placeholders replaced.
    pub fn parse_with(text: &str, kind: Option<Kind>, mappings: Option<Mappings>) -> Document {
        let (text, had_bom) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest, true),
            None => (text, false),
        };
        let content = json::parse(text);
        // The keys are judged once (both questions below ask it).
        let shown = match (&kind, &content) {
            (None, Ok(p)) => Some(shows(&p.value)),
            _ => None,
        };
        let mixed = match (&content, shown) {
            (Ok(p), Some((true, true))) => mixed_evidence(&p.value),
            _ => None,
        };
        let kind = kind
            .or(match shown {
                Some((true, false)) => Some(Kind::Profile),
                Some((false, true)) => Some(Kind::Connection),
                _ => None,
            })
            .unwrap_or_else(|| guess_kind_from_text(text));
        let resolved = resolve(text, kind, mappings.as_ref());
        Document {
            kind,
            text: text.to_string(),
            had_bom,
            content,
            mappings,
            resolved,
            mixed,
            strategy_hint: None,
        }
    }

    /// Reads a document from bytes: like [`Document::parse`], and bytes that
    /// are not UTF-8 are a `json.syntax` problem at the first bad byte.
    pub fn parse_bytes(bytes: &[u8], kind: Option<Kind>) -> Document {
        Document::parse_bytes_with(bytes, kind, None)
    }

    pub fn parse_bytes_with(
        bytes: &[u8],
        kind: Option<Kind>,
        mappings: Option<Mappings>,
    ) -> Document {
        match std::str::from_utf8(bytes) {
            Ok(text) => Document::parse_with(text, kind, mappings),
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
                        too_large: false,
                    }),
                    mappings,
                    resolved: None,
                    mixed: None,
                    strategy_hint: None,
                }
            }
        }
    }

    /// A document whose text is the canonical printing of `value` (the editor
    /// and the preview work this way: positions then point into the preview).
    pub fn from_value(kind: Kind, value: Value) -> Document {
        Document::from_value_with(kind, value, &[], None)
    }

    /// Like [`Document::from_value`], keeping bare placeholders bare and
    /// checking with mappings.
    pub fn from_value_with(
        kind: Kind,
        value: Value,
        bare: &[String],
        mappings: Option<Mappings>,
    ) -> Document {
        let text = pretty_with_bare(&value, bare);
        let content = json::parse(&text).map(|mut p| {
            p.value = value; // identical, and keeps the caller's numbers as they were
            p
        });
        let resolved = resolve(&text, kind, mappings.as_ref());
        Document {
            kind,
            text,
            had_bom: false,
            content,
            mappings,
            resolved,
            mixed: None,
            strategy_hint: None,
        }
    }

    /// The same document, known by its place to be of `strategy` (a
    /// deploy-cli `database.json` is `auth0` even without `strategy`).
    /// The strategy the document's place implies, if any.
    pub fn strategy_hint(&self) -> Option<&'static str> {
        self.strategy_hint
    }

    pub fn with_strategy_hint(mut self, strategy: &'static str) -> Document {
        self.strategy_hint = Some(strategy);
        if let Some(r) = self.resolved.take() {
            self.resolved = Some(Box::new(r.with_strategy_hint(strategy)));
        }
        self
    }

    /// Pointers of bare `@@KEY@@` placeholders.
    pub fn bare(&self) -> &[String] {
        self.content.as_ref().map_or(&[], |p| &p.bare)
    }

    pub fn mappings(&self) -> Option<&Mappings> {
        self.mappings.as_ref()
    }

    /// The document with placeholders replaced, when mappings were given and
    /// the text has placeholders.
    pub fn resolved(&self) -> Option<&Document> {
        self.resolved.as_deref()
    }

    /// Whether placeholders remain that no mapping resolves.
    pub fn has_unresolved(&self) -> bool {
        let doc = self.resolved().unwrap_or(self);
        match doc.value() {
            Some(v) => !doc.bare().is_empty() || placeholders::any_in_value(v),
            None => placeholders::any_in(doc.text()),
        }
    }

    /// The strategy of a connection (its `strategy`, its place, its keys);
    /// `None` for a profile or a file that is not JSON.
    pub fn strategy(&self) -> Option<crate::core::kind::Strategy<'_>> {
        let v = self.value().filter(|_| self.kind == Kind::Connection)?;
        Some(crate::core::fields::connection::strategy(
            v,
            self.strategy_hint,
        ))
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
        self.value().map(|v| pretty_with_bare(v, self.bare()))
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
                    if e.too_large {
                        format!("too large to read: {}", e.message)
                    } else {
                        format!("not valid JSON: {}", e.message)
                    },
                );
                d.line = Some(line);
                d.column = Some(column);
                return vec![d];
            }
        };
        // With mappings, the rules see what deploy-cli would deploy.
        let checked = self
            .resolved()
            .and_then(Document::value)
            .unwrap_or(&parsed.value);
        let mut out = match self.resolved().and_then(Document::syntax_error) {
            Some(e) => vec![Diagnostic::error(
                Code::JsonSyntax,
                "",
                format!(
                    "not valid JSON once the placeholders are replaced: {}",
                    e.message
                ),
            )],
            None => rules::check_with(self.kind, checked, self.strategy_hint),
        };
        if let Some(m) = &self.mixed {
            out.insert(0, Diagnostic::error(Code::Conflict, "", m.clone()));
        }
        // Only a text with a `#`, an `@` or an escape can hold a
        // placeholder: the walk (a path built per value) is skipped for the
        // others, most documents.
        // (Bytes, not characters: both are ASCII, and a search for either
        // of two characters decoded every character of every file.)
        if self.text.bytes().any(|b| b == b'#' || b == b'@') || self.text.contains("\\u") {
            placeholder_infos(checked, &mut out);
        }
        // A `##KEY##` replaced by text that holds `"a": 1, "b"` can write a
        // key twice that the file writes once: said at the object (the
        // replaced text has no place in the file).
        if let Some(Ok(replaced)) = self.resolved().map(|r| &r.content) {
            for dup in &replaced.duplicates {
                if parsed.duplicates.iter().any(|d| d.pointer == dup.pointer) {
                    continue;
                }
                let key = pointer::tokens(&dup.pointer).last().unwrap_or_default();
                let object = dup
                    .pointer
                    .rsplit_once('/')
                    .map_or("", |(parent, _)| parent)
                    .to_string();
                out.push(Diagnostic::error(
                    Code::Duplicate,
                    object,
                    format!("once the placeholders are replaced, key \"{key}\" appears twice in this object: deploy-cli would send a body JSON readers disagree on; change the mapping or the file"),
                ));
            }
        }
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

    /// The text as a screen may show it: each secret value (see
    /// [`crate::core::fields::is_secret_path`]) replaced by
    /// `"(secret, kept)"`, everything else byte for byte.
    pub fn shown_text(&self) -> std::borrow::Cow<'_, str> {
        if self.kind != Kind::Connection {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let Ok(p) = &self.content else {
            // Not JSON: no tree to walk, so every secret key's string value
            // and every private key is cut out of the text itself.
            let keys: Vec<&str> = crate::core::fields::strategies::SECRET_KEYS
                .iter()
                .chain(crate::core::fields::EXTRA_SECRET_KEYS)
                .copied()
                .chain(
                    crate::core::fields::connection::FIELDS
                        .iter()
                        .filter(|f| f.secret)
                        .map(|f| f.key()),
                )
                .collect();
            return std::borrow::Cow::Owned(crate::core::scrub::redact_members(&self.text, &keys));
        };
        let mut cuts = Vec::new();
        secret_spans(&p.value, &p.spans, "", &mut cuts);
        if cuts.is_empty() {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for (start, shown) in cuts {
            let start = start as usize;
            if start < at || start >= self.text.len() {
                continue;
            }
            out.push_str(&self.text[at..start]);
            out.push('"');
            out.push_str(shown);
            out.push('"');
            at = start + json::value_len(&self.text[start..]);
        }
        out.push_str(&self.text[at..]);
        std::borrow::Cow::Owned(out)
    }
}

/// Start offsets of the outermost secret values of a connection, in order.
/// Only `options` holds secrets; each key is judged once, on the way down
/// (this runs on every frame of the preview).
fn secret_spans(v: &Value, spans: &SpanNode, pointer: &str, out: &mut Vec<(u32, &'static str)>) {
    match (v, spans) {
        (Value::Object(m), SpanNode::Object { entries, .. }) => {
            for ((k, v), e) in m.iter().zip(entries) {
                if pointer.is_empty() && k != "options" {
                    continue;
                }
                let p = pointer::child(pointer, k);
                if !pointer.is_empty()
                    && (crate::core::fields::is_secret_key(&p, k)
                        || crate::core::fields::is_secret_value(v))
                {
                    out.push((e.value.start(), crate::core::fields::shown_for(&p)));
                } else if v.is_object() || v.is_array() {
                    secret_spans(v, &e.value, &p, out);
                }
            }
        }
        (Value::Array(a), SpanNode::Array { items, .. }) => {
            for (i, (v, s)) in a.iter().zip(items).enumerate() {
                if crate::core::fields::is_secret_value(v) {
                    out.push((s.start(), crate::core::fields::SECRET_SHOWN));
                } else if v.is_object() || v.is_array() {
                    secret_spans(v, s, &pointer::index(pointer, i), out);
                }
            }
        }
        _ => {}
    }
}

/// Unresolved placeholders are reported once each as `info` at their path,
/// in place of what the rules say about a value that is not known yet.
pub(crate) fn placeholder_infos(value: &Value, out: &mut Vec<Diagnostic>) {
    let mut found: Vec<(String, Vec<placeholders::Placeholder>)> = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((path, v)) = stack.pop() {
        match v {
            Value::String(s) => {
                let ph = placeholders::find(s);
                if !ph.is_empty() {
                    found.push((path, ph));
                }
            }
            Value::Array(a) => stack.extend(
                a.iter()
                    .enumerate()
                    .map(|(i, x)| (pointer::index(&path, i), x)),
            ),
            Value::Object(m) => stack.extend(m.iter().map(|(k, x)| (pointer::child(&path, k), x))),
            _ => {}
        }
    }
    for (path, ph) in found {
        out.retain(|d| !pointer::is_within(&d.path, &path));
        let names: Vec<String> = ph.iter().map(placeholders::Placeholder::written).collect();
        out.push(Diagnostic::info(
            Code::Placeholder,
            path,
            format!(
                "unresolved placeholder {}: deploy-cli replaces it at deploy time; give AUTH0_KEYWORD_REPLACE_MAPPINGS or --mappings to check the result",
                names.join(", ")
            ),
        ));
    }
}

fn resolve(text: &str, kind: Kind, mappings: Option<&Mappings>) -> Option<Box<Document>> {
    let m = mappings.filter(|_| placeholders::any_in(text))?;
    Some(Box::new(Document::parse(
        &placeholders::replace(text, m),
        Some(kind),
    )))
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
        // Both kinds' keys: never a silent pick.
        assert_eq!(
            k(r#"{"name": "x", "organization": {}, "options": {}}"#),
            None
        );
        assert_eq!(k(r#"{"id": "con_1"}"#), Some(Kind::Connection));
        assert_eq!(k(r#"{"display_name": "x"}"#), Some(Kind::Connection));
    }

    #[test]
    fn mixed_evidence_is_an_error_naming_the_keys_unless_the_kind_is_given() {
        let text = r#"{"name": "x", "enabled_features": [], "options": {}}"#;
        let d = Document::parse(text, None);
        let diags = d.diagnostics();
        assert_eq!(diags[0].code, Code::Conflict, "{diags:?}");
        for key in ["enabled_features", "options", "--kind"] {
            assert!(diags[0].message.contains(key), "{}", diags[0].message);
        }
        let d = Document::parse(text, Some(Kind::Profile));
        assert!(
            d.diagnostics()
                .iter()
                .all(|x| x.message.contains("unknown key \"options\"") || x.code != Code::Conflict)
        );
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

#[cfg(test)]
mod replaced_duplicates {
    use super::*;

    #[test]
    fn a_key_written_twice_by_a_replacement_is_reported() {
        let mut m = serde_json::Map::new();
        m.insert(
            "NAME".into(),
            serde_json::json!("acme\", \"name\": \"other"),
        );
        let text = "{\"name\": \"##NAME##\", \"organization\": {\"show_as_button\": \"none\", \"assign_membership_on_login\": \"none\"}}";
        let d = Document::parse_bytes_with(
            text.as_bytes(),
            Some(Kind::Profile),
            Some(std::sync::Arc::new(m)),
        );
        let diags = d.diagnostics();
        assert!(
            diags.iter().any(|x| x.code == Code::Duplicate
                && x.message.contains("once the placeholders are replaced")),
            "{diags:?}"
        );
        // Without such a mapping, nothing is said.
        let mut m = serde_json::Map::new();
        m.insert("NAME".into(), serde_json::json!("acme"));
        let d = Document::parse_bytes_with(
            text.as_bytes(),
            Some(Kind::Profile),
            Some(std::sync::Arc::new(m)),
        );
        assert!(d.diagnostics().iter().all(|x| x.code != Code::Duplicate));
    }
}
