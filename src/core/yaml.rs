//! deploy-cli's YAML format (SPEC §1.6): a `tenant.yaml` whose
//! `connectionProfiles`, `connections` and `databases` sections hold one
//! document per entry. Each entry is read into the same JSON value the
//! rules check, with the YAML line and column of every key and value, so a
//! diagnostic points into the YAML file (its path is the entry's place in
//! the file: `/databases/0/options/passwordPolicy`).
//!
//! A bare `@@KEY@@` is not YAML (`@` cannot start a plain scalar) until
//! deploy-cli replaces it: it is read as the string it stands for, as the
//! JSON side reads a bare placeholder, and the columns after it on its line
//! are counted as the file has them.
//!
//! Reading only, for now: editing and saving a YAML file (splicing changed
//! values into the text) is not built yet.

use crate::core::diagnostic::{Anchor, Code, Diagnostic};
use crate::core::{Kind, pointer, rules};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// The sections connedit reads, the kind of their entries, and the strategy
/// their entries have when they do not say (deploy-cli's `databases` are
/// database connections).
pub const SECTIONS: [(&str, Kind, Option<&str>); 3] = [
    ("connectionProfiles", Kind::Profile, None),
    ("connections", Kind::Connection, None),
    ("databases", Kind::Connection, Some("auth0")),
];

/// Where a key and its value are in the YAML text (1-based line and column,
/// in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub key: Option<(u32, u32)>,
    pub value: (u32, u32),
}

/// One document of the YAML file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its section (`databases`) and index in it.
    pub section: &'static str,
    pub index: usize,
    pub kind: Kind,
    pub strategy_hint: Option<&'static str>,
    pub value: Value,
    /// Each pointer of the value (within the entry) and its place.
    places: HashMap<String, Place>,
}

/// The YAML file is not YAML, or not deploy-cli's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Entry {
    /// The entry's place in the file as a JSON pointer (`/databases/0`).
    pub fn pointer(&self) -> String {
        pointer::index(&pointer::child("", self.section), self.index)
    }

    /// The entry's name, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.value.get("name").and_then(Value::as_str)
    }

    /// What the rules say of the entry, each at its YAML line and column,
    /// its path the entry's place in the file followed by the field's.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = rules::check_with(self.kind, &self.value, self.strategy_hint);
        crate::core::document::placeholder_infos(&self.value, &mut out);
        let base = self.pointer();
        for d in &mut out {
            let (line, column) = self.place_of(&d.path, d.anchor);
            d.line = Some(line);
            d.column = Some(column);
            d.path = format!("{base}{}", d.path);
        }
        out.sort_by_key(|d| (d.line, d.column));
        out
    }

    /// The place of `path` (or of the nearest value above it that the file
    /// has: a missing key is said where its object is).
    fn place_of(&self, path: &str, anchor: Anchor) -> (u32, u32) {
        let mut p = path;
        loop {
            if let Some(place) = self.places.get(p) {
                // A block mapping or list starts at its first item, a line
                // below its key: said at the key, where a reader looks.
                let collection = self
                    .value
                    .pointer(p)
                    .is_some_and(|v| v.is_object() || v.is_array());
                return match anchor {
                    Anchor::Key => place.key.unwrap_or(place.value),
                    Anchor::Value if collection => place.key.unwrap_or(place.value),
                    Anchor::Value => place.value,
                };
            }
            match p.rsplit_once('/') {
                Some((parent, _)) => p = parent,
                None => return (1, 1),
            }
        }
    }
}

/// At most this many bytes of values once every alias is expanded: an
/// anchored 4 MB string named by 3,000 aliases is 12 GB (saphyr's own limit
/// counts nodes, not bytes).
const MAX_EXPANDED: usize = 64 * 1024 * 1024;

/// The documents of a deploy-cli YAML file, in the file's order.
pub fn entries(text: &str) -> Result<Vec<Entry>, YamlError> {
    let (quoted, shifts) = quote_bare_placeholders(text);
    fits(&quoted, &shifts)?;
    let docs = MarkedYaml::load_from_str(&quoted).map_err(|e| {
        let m = e.marker();
        let (line, column) = shifts.back(m.line(), m.col());
        YamlError {
            line,
            column,
            message: format!("not valid YAML: {}", e.info()),
        }
    })?;
    let Some(root) = docs.first() else {
        return Ok(Vec::new());
    };
    if let Some(second) = docs.get(1) {
        let (line, column) = shifts.back(second.span.start.line(), second.span.start.col());
        return Err(YamlError {
            line,
            column,
            message: "a second YAML document (after ---): deploy-cli reads a file of one document"
                .into(),
        });
    }
    let at = |node: &MarkedYaml| shifts.back(node.span.start.line(), node.span.start.col());
    let YamlData::Mapping(top) = &root.data else {
        if matches!(root.data, YamlData::Value(Scalar::Null)) {
            return Ok(Vec::new());
        }
        let (line, column) = at(root);
        return Err(YamlError {
            line,
            column,
            message: "not a deploy-cli tenant file: the top level is not a mapping of sections"
                .into(),
        });
    };
    let mut out = Vec::new();
    for (key, node) in top {
        let Some(name) = scalar_key(key) else {
            continue;
        };
        let Some(&(section, kind, hint)) = SECTIONS.iter().find(|(s, ..)| *s == name) else {
            continue;
        };
        let items = match &node.data {
            YamlData::Sequence(items) => items,
            YamlData::Value(Scalar::Null) => continue,
            _ => {
                let (line, column) = at(node);
                return Err(YamlError {
                    line,
                    column,
                    message: format!("{section} is not a list of entries"),
                });
            }
        };
        for (index, item) in items.iter().enumerate() {
            let mut places = HashMap::new();
            let value = convert(item, "", None, &mut places, &shifts)?;
            out.push(Entry {
                section,
                index,
                kind,
                strategy_hint: hint,
                value,
                places,
            });
        }
    }
    Ok(out)
}

/// A mapping key as text (a YAML key may be a number or a boolean; deploy-cli
/// reads them as JavaScript does, as their text).
fn scalar_key(key: &MarkedYaml) -> Option<String> {
    match &key.data {
        YamlData::Value(s) => Some(scalar_text(s)),
        YamlData::Representation(raw, ..) => Some(raw.to_string()),
        _ => None,
    }
}

fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::Null => "null".into(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.to_string(),
        Scalar::String(s) => s.to_string(),
    }
}

/// The JSON value of a YAML node, recording the place of each pointer.
fn convert(
    node: &MarkedYaml,
    ptr: &str,
    key: Option<(u32, u32)>,
    places: &mut HashMap<String, Place>,
    shifts: &Shifts,
) -> Result<Value, YamlError> {
    let here = shifts.back(node.span.start.line(), node.span.start.col());
    places.insert(ptr.to_string(), Place { key, value: here });
    let fail = |message: String| YamlError {
        line: here.0,
        column: here.1,
        message,
    };
    Ok(match &node.data {
        YamlData::Value(s) => match s {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::Number((*i).into()),
            Scalar::FloatingPoint(f) => Number::from_f64(f.into_inner())
                .map(Value::Number)
                .ok_or_else(|| fail("a number JSON cannot hold (.inf, .nan)".into()))?,
            Scalar::String(s) => Value::String(s.to_string()),
        },
        YamlData::Representation(raw, ..) => Value::String(raw.to_string()),
        YamlData::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(convert(
                    item,
                    &pointer::index(ptr, i),
                    None,
                    places,
                    shifts,
                )?);
            }
            Value::Array(out)
        }
        YamlData::Mapping(m) => {
            let mut out = Map::new();
            let mut merges = Vec::new();
            for (k, v) in m {
                let at = shifts.back(k.span.start.line(), k.span.start.col());
                let name = scalar_key(k).ok_or_else(|| YamlError {
                    line: at.0,
                    column: at.1,
                    message: "a key that is not a scalar (a list or a mapping as a key)".into(),
                })?;
                // `<<: *base` merges the base's keys, as deploy-cli's YAML
                // reader (js-yaml) does: after the explicit keys, which win.
                if name == "<<" && matches!(k.data, YamlData::Value(Scalar::String(_))) {
                    merges.push(v);
                    continue;
                }
                let child = pointer::child(ptr, &name);
                let value = convert(v, &child, Some(at), places, shifts)?;
                out.insert(name, value);
            }
            for merge in merges {
                let sources: Vec<&MarkedYaml> = match &merge.data {
                    YamlData::Sequence(items) => items.iter().collect(),
                    _ => vec![merge],
                };
                for source in sources {
                    let YamlData::Mapping(m) = &source.data else {
                        let (line, column) =
                            shifts.back(source.span.start.line(), source.span.start.col());
                        return Err(YamlError {
                            line,
                            column,
                            message: "a merge (<<) of something that is not a mapping".into(),
                        });
                    };
                    for (k, v) in m {
                        let Some(name) = scalar_key(k) else { continue };
                        if out.contains_key(&name) {
                            continue;
                        }
                        let at = shifts.back(k.span.start.line(), k.span.start.col());
                        let child = pointer::child(ptr, &name);
                        let value = convert(v, &child, Some(at), places, shifts)?;
                        out.insert(name, value);
                    }
                }
            }
            Value::Object(out)
        }
        YamlData::Tagged(_, inner) => convert(inner, ptr, key, places, shifts)?,
        YamlData::Alias(_) | YamlData::BadValue => {
            return Err(fail(
                "a value JSON cannot hold (a !!binary, a tag YAML does not know, or a tagged value that does not parse)".into(),
            ));
        }
    })
}

/// Refuses a text whose aliases expand past [`MAX_EXPANDED`] bytes, before
/// the loader copies anything (a parse error is left to the loader, which
/// says where).
fn fits(text: &str, shifts: &Shifts) -> Result<(), YamlError> {
    use saphyr_parser::{Event, Parser};
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    // Open collections: their anchor and the bytes inside so far.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut total = 0usize;
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else {
            return Ok(());
        };
        let grown = match event {
            Event::Scalar(v, _, anchor, _) => {
                let n = v.len() + 1;
                if anchor > 0 {
                    sizes.insert(anchor, n);
                }
                n
            }
            Event::Alias(id) => sizes.get(&id).copied().unwrap_or(1),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                0
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (anchor, n) = open.pop().unwrap_or((0, 1));
                if anchor > 0 {
                    sizes.insert(anchor, n);
                }
                // Counted in `total` as its items came; only its parent grows.
                if let Some(parent) = open.last_mut() {
                    parent.1 = parent.1.saturating_add(n);
                }
                continue;
            }
            _ => continue,
        };
        if let Some(parent) = open.last_mut() {
            parent.1 = parent.1.saturating_add(grown);
        }
        total = total.saturating_add(grown);
        if total > MAX_EXPANDED {
            let (line, column) = shifts.back(span.start.line(), span.start.col());
            return Err(YamlError {
                line,
                column,
                message: format!(
                    "its aliases expand to more than {} MB: connedit reads at most that",
                    MAX_EXPANDED / (1024 * 1024)
                ),
            });
        }
    }
    Ok(())
}

/// Where quotes were added, per line, to map columns of the quoted text
/// back to the file's.
#[derive(Default)]
struct Shifts(HashMap<usize, Vec<usize>>);

impl Shifts {
    /// The file's 1-based line and column of a 1-based `line` and 0-based
    /// `col` of the quoted text.
    fn back(&self, line: usize, col: usize) -> (u32, u32) {
        let added = self
            .0
            .get(&line)
            .map_or(0, |at| at.iter().filter(|c| **c < col).count());
        (line as u32, (col - added.min(col) + 1) as u32)
    }
}

/// The text with each bare `@@KEY@@` (a whole plain scalar) in double quotes,
/// and where the quotes went. Quoted ones and those inside longer text are
/// left as they are.
fn quote_bare_placeholders(text: &str) -> (String, Shifts) {
    if !text.contains("@@") {
        return (text.to_string(), Shifts::default());
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut shifts = Shifts::default();
    // The indentation of the line that opened a block scalar (`key: |`):
    // lines indented deeper are its text, left as they are.
    let mut block: Option<usize> = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty();
        if let Some(b) = block {
            if blank || indent > b {
                out.push_str(line);
                continue;
            }
            block = None;
        }
        if opens_block(line) {
            block = Some(indent);
        }
        let mut rest = line;
        let mut col = 0; // characters of the quoted line written so far
        loop {
            let Some(start) = rest.find("@@") else {
                out.push_str(rest);
                break;
            };
            let before = &rest[..start];
            let after = &rest[start + 2..];
            let key_len = after.find("@@").filter(|&e| {
                e > 0
                    && after[..e]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            });
            let Some(key_len) = key_len else {
                out.push_str(&rest[..start + 2]);
                col += rest[..start + 2].chars().count();
                rest = after;
                continue;
            };
            let end = start + 2 + key_len + 2;
            let raw = out_tail(&out, before);
            let prev = raw.trim_end_matches(' ');
            let next = rest[end..].trim_start_matches(' ');
            // After a flow indicator, or after `key: ` or a list's `- `
            // (the indicator then a space: `pre-@@X@@` is text).
            let spaced = raw.len() > prev.len();
            let dash_item = prev == "-" || prev.trim_start() == "-" || prev.ends_with(" -");
            let opens = prev.is_empty()
                || prev.ends_with('[')
                || prev.ends_with(',')
                || prev.ends_with('{')
                || (spaced && (prev.ends_with(':') || dash_item));
            let closes = next.is_empty()
                || next.starts_with('\n')
                || next.starts_with("\r\n")
                || next.starts_with(',')
                || next.starts_with(']')
                || next.starts_with('}')
                || next.starts_with(" #")
                || next.starts_with('#')
                // A key (`@@KEY@@: 1`).
                || next.starts_with(": ")
                || next.starts_with(":\n")
                || next.starts_with(":\r");
            out.push_str(before);
            col += before.chars().count();
            if opens && closes {
                let at = shifts.0.entry(n + 1).or_default();
                at.push(col);
                out.push('"');
                out.push_str(&rest[start..end]);
                out.push('"');
                at.push(col + end - start + 1);
                col += end - start + 2;
            } else {
                out.push_str(&rest[start..end]);
                col += end - start;
            }
            rest = &rest[end..];
        }
    }
    (out, shifts)
}

/// Whether a line ends by opening a block scalar (`key: |`, `- >-`, with a
/// comment after it or not).
fn opens_block(line: &str) -> bool {
    let code = line.split(" #").next().unwrap_or(line).trim_end();
    let Some(head) = code
        .strip_suffix(|c: char| c.is_ascii_digit())
        .or(Some(code))
        .map(|c| c.trim_end_matches(['+', '-']))
    else {
        return false;
    };
    let Some(before) = head.strip_suffix('|').or_else(|| head.strip_suffix('>')) else {
        return false;
    };
    let before = before.trim_end();
    before.ends_with(':') || before.ends_with('-') || before.is_empty()
}

/// What stands before a placeholder on its line: the part of the line
/// already written (only its end matters: an indicator or the line's start).
fn out_tail<'a>(out: &'a str, before: &'a str) -> &'a str {
    if before.trim().is_empty() {
        // Only spaces since the last text: look at the line so far.
        let line_start = out.rfind('\n').map_or(0, |i| i + 1);
        let written = &out[line_start..];
        if written.trim().is_empty() {
            ""
        } else {
            written
        }
    } else {
        before
    }
}

/// A diagnostic for a YAML file that cannot be read (not YAML, or not a
/// tenant file), at its place.
pub fn error_diagnostic(e: &YamlError) -> Diagnostic {
    let mut d = Diagnostic::error(Code::JsonSyntax, "", e.message.clone());
    d.line = Some(e.line);
    d.column = Some(e.column);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TENANT: &str = "\
# A tenant, as deploy-cli exports it.
tenant:
  friendly_name: Acme
databases:
  - name: Username-Password-Authentication
    strategy: auth0
    enabled_clients: @@DB_CLIENTS@@
    options:
      passwordPolicy: fiar   # a typo
      brute_force_protection: true
connectionProfiles:
  - name: partner
    organization:
      show_as_button: optional
      assign_membership_on_login: none
";

    #[test]
    fn entries_are_read_with_their_places() {
        let e = entries(TENANT).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].pointer(), "/databases/0");
        assert_eq!(e[0].kind, Kind::Connection);
        assert_eq!(e[0].value["enabled_clients"], json!("@@DB_CLIENTS@@"));
        assert_eq!(e[1].name(), Some("partner"));
        let d = e[0].diagnostics();
        let typo = d
            .iter()
            .find(|d| d.path == "/databases/0/options/passwordPolicy")
            .unwrap();
        assert_eq!((typo.line, typo.column), (Some(9), Some(23)), "{d:?}");
        // The bare placeholder: info at its own column (the quotes added to
        // read it are not counted).
        let ph = d
            .iter()
            .find(|d| d.path == "/databases/0/enabled_clients")
            .unwrap();
        assert_eq!((ph.line, ph.column), (Some(7), Some(22)), "{d:?}");
        assert!(e[1].diagnostics().is_empty(), "{:?}", e[1].diagnostics());
    }

    #[test]
    fn a_broken_file_says_where() {
        let e = entries("databases:\n  - name: x\n    options: [a, b\n").unwrap_err();
        assert!(e.message.starts_with("not valid YAML"), "{e:?}");
        assert!(e.line >= 3, "{e:?}");
        let e = entries("- a\n- b\n").unwrap_err();
        assert!(e.message.contains("not a deploy-cli tenant file"), "{e:?}");
        let e = entries("databases: 3\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (1, "databases is not a list of entries")
        );
        assert!(entries("").unwrap().is_empty());
    }

    #[test]
    fn placeholders_inside_text_and_quoted_stay_as_they_are() {
        let (q, _) =
            quote_bare_placeholders("a: \"@@X@@\"\nb: pre-@@Y@@\nc: [@@Z@@, x]\nd: @@W@@ # note\n");
        assert_eq!(
            q,
            "a: \"@@X@@\"\nb: pre-@@Y@@\nc: [\"@@Z@@\", x]\nd: \"@@W@@\" # note\n"
        );
        // A placeholder as a key.
        let e = entries("databases:\n  - name: a\n    options:\n      @@KEY@@: 1\n").unwrap();
        assert_eq!(e[0].value["options"], json!({"@@KEY@@": 1}));
    }

    #[test]
    fn merges_several_documents_and_block_scalars_are_read_as_deploy_cli_does() {
        // `<<` merges, explicit keys winning; a typo in the merged base is found.
        let e = entries("base: &o\n  passwordPolicy: fiar\n  brute_force_protection: true\ndatabases:\n  - name: a\n    options:\n      <<: *o\n      brute_force_protection: false\n").unwrap();
        assert_eq!(
            e[0].value["options"],
            json!({"brute_force_protection": false, "passwordPolicy": "fiar"})
        );
        let d = e[0].diagnostics();
        let typo = d
            .iter()
            .find(|d| d.path.ends_with("passwordPolicy"))
            .unwrap();
        assert_eq!(typo.line, Some(2), "said where the base has it: {d:?}");
        // A second document is refused, not left unchecked.
        let err = entries("databases: []\n---\ndatabases:\n  - name: a\n").unwrap_err();
        assert!(err.message.contains("second YAML document"), "{err:?}");
        // A bare placeholder inside a block scalar is text, left as it is.
        let e = entries("connections:\n  - name: a\n    strategy: oidc\n    options:\n      note: |\n        @@X@@\n        more\n").unwrap();
        assert_eq!(e[0].value["options"]["note"], json!("@@X@@\nmore\n"));
    }

    #[test]
    fn an_alias_of_a_long_string_repeated_is_refused_before_it_is_copied() {
        let big = "x".repeat(1_000_000);
        let aliases = vec!["*a"; 100].join(", ");
        let text = format!(
            "databases:\n  - name: a\n    options:\n      big: &a \"{big}\"\n      l: [{aliases}]\n"
        );
        let e = entries(&text).unwrap_err();
        assert!(e.message.contains("aliases expand to more than"), "{e:?}");
        assert_eq!(e.line, 5);
        // A few aliases are fine.
        let small = "a: &a [1, 2]\ndatabases:\n  - name: x\n    options: {l: *a, m: *a}\n";
        assert_eq!(
            entries(small).unwrap()[0].value["options"]["m"],
            json!([1, 2])
        );
    }

    #[test]
    fn duplicate_keys_and_anchor_bombs_are_refused() {
        assert!(entries("databases:\n  - name: a\n    name: b\n").is_err());
        // Nested aliases, a million items and more, inside an entry: refused
        // (the test once passed on a bomb outside any section, which is
        // never read).
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\ndatabases:\n  - name: a\n    options: {l: [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]}\n";
        assert!(entries(bomb).is_err());
    }
}
