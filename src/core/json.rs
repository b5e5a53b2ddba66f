//! A JSON parser that remembers where every value sits and notices repeated keys.
//!
//! serde_json collapses duplicate keys and forgets positions; the editor and
//! `validate` need both (a diagnostic names the line and column of the value it
//! is about). This parser builds the same `serde_json::Value` (key order kept by
//! `preserve_order`) plus a parallel [`SpanNode`] tree of byte offsets. It is
//! iterative over the input and bounded in depth, so no input can overflow the
//! stack.
//!
//! Long (about 680 lines): one parser (positions, duplicate keys,
//! placeholders, limits) and its tests (90 lines).

use serde_json::{Map, Number, Value};

/// Deeper nesting than this is refused (serde_json's own default is 128).
pub const MAX_DEPTH: usize = 128;

/// More values than this in one document are refused. Every value costs a
/// `serde_json::Value` and a span (about 100 bytes), so without a bound a file
/// of millions of one-character values would take twenty times its size in
/// memory. The largest real connection bodies have a few thousand values.
pub const MAX_VALUES: usize = 200_000;

/// Byte offsets of a value and its children, parallel to the `Value` tree.
#[derive(Debug, Clone, PartialEq)]
pub enum SpanNode {
    Leaf(u32),
    Array {
        start: u32,
        items: Vec<SpanNode>,
    },
    /// `entries[i]` belongs to the i-th key of the map, in map order.
    Object {
        start: u32,
        entries: Vec<SpanEntry>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpanEntry {
    pub key_start: u32,
    pub value: SpanNode,
}

/// Appends `token` escaped as an RFC 6901 pointer token (`~` → `~0`, `/` →
/// `~1`). Here, not in `pointer`, so the parser needs nothing from it.
pub fn push_escaped(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// The length in bytes of the JSON value `text` starts with (a string with
/// its escapes, an object or array with what it holds, or a literal).
pub fn value_len(text: &str) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &c) in b.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
                if depth == 0 {
                    return i + 1;
                }
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            // A literal or a bare placeholder ends before its container closes.
            b'}' | b']' if depth == 0 => return i,
            b'}' | b']' => {
                if depth <= 1 {
                    return i + 1;
                }
                depth -= 1;
            }
            b',' | b'\n' | b' ' | b'\r' | b'\t' if depth == 0 => return i,
            _ => {}
        }
    }
    b.len()
}

impl SpanNode {
    pub fn start(&self) -> u32 {
        match self {
            SpanNode::Leaf(s) => *s,
            SpanNode::Array { start, .. } | SpanNode::Object { start, .. } => *start,
        }
    }
}

/// A key that appeared twice in one object. The later value wins (as in
/// JavaScript and serde_json); both places are kept for the message.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    /// JSON Pointer of the repeated member.
    pub pointer: String,
    pub first_offset: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: u32,
    pub message: String,
    /// The text is JSON as far as it was read, but past a reading limit.
    pub too_large: bool,
}

#[derive(Debug, Clone)]
pub struct Parsed {
    pub value: Value,
    pub spans: SpanNode,
    pub duplicates: Vec<DuplicateKey>,
    /// Pointers of bare `@@KEY@@` placeholders (auth0-deploy-cli), which
    /// stand where a JSON value should and are read as the string
    /// `"@@KEY@@"`; saving writes them back bare.
    pub bare: Vec<String>,
}

/// Parses `text` (without a byte-order mark) into a value with spans.
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    let mut p = Parser {
        src: text.as_bytes(),
        text,
        pos: 0,
        duplicates: Vec::new(),
        path: Vec::new(),
        bare: Vec::new(),
        values: 0,
    };
    p.skip_ws();
    if p.pos >= p.src.len() {
        return Err(p.err("the file is empty: expected a JSON object"));
    }
    let (value, spans) = p.value(0)?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(p.err(&format!(
            "unexpected {} after the end of the document",
            p.describe_here()
        )));
    }
    Ok(Parsed {
        value,
        spans,
        duplicates: p.duplicates,
        bare: p.bare,
    })
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    duplicates: Vec<DuplicateKey>,
    /// Keys and indices leading to the value being parsed, for duplicate pointers.
    path: Vec<PathPart>,
    bare: Vec<String>,
    /// Values read so far, against [`MAX_VALUES`].
    values: usize,
}

enum PathPart {
    Key(String),
    Index(usize),
}

impl Parser<'_> {
    fn err(&self, message: &str) -> SyntaxError {
        SyntaxError {
            offset: self.pos as u32,
            message: message.to_string(),
            too_large: false,
        }
    }

    fn describe_here(&self) -> String {
        match self.text[self.pos..].chars().next() {
            None => "end of file".to_string(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<(Value, SpanNode), SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.err(&format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(SyntaxError {
                too_large: true,
                ..self.err(&format!(
                    "more than {MAX_VALUES} values in one document: connedit reads no more \
                     (no Auth0 connection or profile comes near)"
                ))
            });
        }
        let start = self.pos as u32;
        match self.src.get(self.pos) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let s = self.string()?;
                Ok((Value::String(s), SpanNode::Leaf(start)))
            }
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => {
                let n = self.number()?;
                Ok((Value::Number(n), SpanNode::Leaf(start)))
            }
            Some(b'@') if self.src[self.pos..].starts_with(b"@@") => self.bare_placeholder(),
            Some(b'\'') => Err(self.err("strings must use double quotes, not `'`")),
            Some(_) => Err(self.err(&format!("expected a value, found {}", self.describe_here()))),
            None => Err(self.err("unexpected end of file: expected a value")),
        }
    }

    /// A bare `@@KEY@@` (deploy-cli replaces it before parsing).
    fn bare_placeholder(&mut self) -> Result<(Value, SpanNode), SyntaxError> {
        let start = self.pos;
        let mut end = start + 2;
        while end < self.src.len()
            && (self.src[end].is_ascii_alphanumeric() || self.src[end] == b'_')
        {
            end += 1;
        }
        if end == start + 2 || !self.src[end..].starts_with(b"@@") {
            return Err(self
                .err("expected a value, found `@`: a deploy-cli placeholder is written @@KEY@@"));
        }
        self.pos = end + 2;
        let mut pointer = String::new();
        for part in &self.path {
            pointer.push('/');
            match part {
                PathPart::Key(k) => push_escaped(&mut pointer, k),
                PathPart::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        self.bare.push(pointer);
        Ok((
            Value::String(self.text[start..self.pos].to_string()),
            SpanNode::Leaf(start as u32),
        ))
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<(Value, SpanNode), SyntaxError> {
        let start = self.pos as u32;
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok((v, SpanNode::Leaf(start)))
        } else {
            Err(self.err(&format!("expected a value, found {}", self.describe_here())))
        }
    }

    fn object(&mut self, depth: usize) -> Result<(Value, SpanNode), SyntaxError> {
        let start = self.pos as u32;
        self.pos += 1; // '{'
        let mut map = Map::new();
        let mut entries: Vec<SpanEntry> = Vec::new();
        // Where each key sits, built only when a big object repeats a key, so
        // a hostile file with many repeats stays linear and a normal one pays
        // nothing.
        let mut index: Option<std::collections::HashMap<String, usize>> = None;
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok((
                Value::Object(Map::new()),
                SpanNode::Object { start, entries },
            ));
        }
        loop {
            self.skip_ws();
            let key_start = self.pos as u32;
            match self.src.get(self.pos) {
                Some(b'"') => {}
                Some(b'}') => return Err(self.err("trailing comma before `}`")),
                _ => {
                    return Err(self.err(&format!(
                        "expected a key in double quotes, found {}",
                        self.describe_here()
                    )));
                }
            }
            let key = self.string()?;
            self.skip_ws();
            if self.src.get(self.pos) != Some(&b':') {
                return Err(self.err(&format!(
                    "expected `:` after the key \"{key}\", found {}",
                    self.describe_here()
                )));
            }
            self.pos += 1;
            self.skip_ws();
            self.path.push(PathPart::Key(key));
            let (v, span) = self.value(depth + 1)?;
            let Some(PathPart::Key(key)) = self.path.pop() else {
                unreachable!("path is balanced")
            };
            let entry = SpanEntry {
                key_start,
                value: span,
            };
            // One hash of the key whether it is new or repeated.
            let len = map.len();
            let repeated = match map.entry(key) {
                serde_json::map::Entry::Vacant(e) => {
                    if let Some(ix) = &mut index {
                        ix.insert(e.key().clone(), len);
                    }
                    e.insert(v);
                    entries.push(entry);
                    None
                }
                // The later value wins, in the first one's place.
                serde_json::map::Entry::Occupied(mut e) => {
                    e.insert(v);
                    Some((e.key().clone(), entry))
                }
            };
            if let Some((key, entry)) = repeated {
                let i = match &index {
                    Some(ix) => ix[&key],
                    None if map.len() < 16 => {
                        map.keys().position(|k| *k == key).expect("key present")
                    }
                    None => {
                        let ix: std::collections::HashMap<String, usize> =
                            map.keys().cloned().zip(0..).collect();
                        let i = ix[&key];
                        index = Some(ix);
                        i
                    }
                };
                self.duplicates.push(DuplicateKey {
                    pointer: self.pointer_with(&key),
                    first_offset: entries[i].key_start,
                    offset: key_start,
                });
                entries[i] = entry;
            }
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b'"') => return Err(self.err("expected `,` between object members")),
                _ => {
                    return Err(self.err(&format!(
                        "expected `,` or `}}` after an object member, found {}",
                        self.describe_here()
                    )));
                }
            }
        }
        entries.shrink_to_fit();
        Ok((Value::Object(map), SpanNode::Object { start, entries }))
    }

    fn array(&mut self, depth: usize) -> Result<(Value, SpanNode), SyntaxError> {
        let start = self.pos as u32;
        self.pos += 1; // '['
        let mut values = Vec::new();
        let mut items = Vec::new();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok((Value::Array(values), SpanNode::Array { start, items }));
        }
        loop {
            self.skip_ws();
            if self.src.get(self.pos) == Some(&b']') {
                return Err(self.err("trailing comma before `]`"));
            }
            self.path.push(PathPart::Index(values.len()));
            let (v, span) = self.value(depth + 1)?;
            self.path.pop();
            values.push(v);
            items.push(span);
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    return Err(self.err(&format!(
                        "expected `,` or `]` after an array item, found {}",
                        self.describe_here()
                    )));
                }
            }
        }
        values.shrink_to_fit();
        items.shrink_to_fit();
        Ok((Value::Array(values), SpanNode::Array { start, items }))
    }

    fn pointer_with(&self, last: &str) -> String {
        let mut out = String::new();
        for part in &self.path {
            out.push('/');
            match part {
                PathPart::Key(k) => push_escaped(&mut out, k),
                PathPart::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out.push('/');
        push_escaped(&mut out, last);
        out
    }

    /// Reads a string starting at the opening quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            let Some(&b) = self.src.get(self.pos) else {
                return Err(self.err("unterminated string: missing closing `\"`"));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                0x00..=0x1f => {
                    return Err(self.err(&format!(
                        "control character U+{b:04X} inside a string: write it as an escape (\\n, \\t, \\u{b:04X})"
                    )));
                }
                _ => self.pos += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        self.pos += 1; // backslash
        let Some(&c) = self.src.get(self.pos) else {
            return Err(self.err("unterminated escape at end of file"));
        };
        self.pos += 1;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) {
                    if self.src.get(self.pos) == Some(&b'\\')
                        && self.src.get(self.pos + 1) == Some(&b'u')
                    {
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&lo) {
                            return Err(self.err("invalid low surrogate in \\u escape"));
                        }
                        let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        char::from_u32(code).ok_or_else(|| self.err("invalid \\u escape"))?
                    } else {
                        return Err(self.err("lone surrogate in \\u escape"));
                    }
                } else if (0xDC00..0xE000).contains(&hi) {
                    return Err(self.err("lone surrogate in \\u escape"));
                } else {
                    char::from_u32(hi).ok_or_else(|| self.err("invalid \\u escape"))?
                }
            }
            _ => {
                self.pos -= 1;
                return Err(self.err(&format!(
                    "invalid escape `\\{}` in a string",
                    self.describe_here().trim_matches('`')
                )));
            }
        };
        out.push(ch);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.err("\\u escape needs four hex digits"))?;
        let mut v = 0u32;
        for &d in digits {
            let n = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.err("\\u escape needs four hex digits"))?;
            v = v * 16 + n;
        }
        self.pos += 4;
        Ok(v)
    }

    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.pos;
        let bad = |p: &Self| p.err("invalid number");
        if self.src[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.src.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.src.get(self.pos), Some(b'0'..=b'9')) {
                    return Err(self.err("numbers must not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(bad(self)),
        }
        let mut integer = true;
        if self.src.get(self.pos) == Some(&b'.') {
            integer = false;
            self.pos += 1;
            if !matches!(self.src.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.err("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if matches!(self.src.get(self.pos), Some(b'e' | b'E')) {
            integer = false;
            self.pos += 1;
            if matches!(self.src.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.src.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.err("expected a digit in the exponent"));
            }
            self.digits();
        }
        let text = &self.text[start..self.pos];
        if integer {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Number::from(u));
            }
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Number::from(i));
            }
        }
        // Rust's float parsing is correctly rounded, which is what
        // serde_json's `float_roundtrip` guarantees too.
        let f: f64 = text.parse().map_err(|_| bad(self))?;
        Number::from_f64(f).ok_or_else(|| SyntaxError {
            offset: start as u32,
            message: "number is too large to represent".to_string(),
            too_large: false,
        })
    }

    fn digits(&mut self) {
        while matches!(self.src.get(self.pos), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_serde_json() {
        let text = r#"{"b": [1, -2, 3.5, 1e2, true, null], "a": {"x": "\u00e9\n"}}"#;
        let ours = parse(text).unwrap().value;
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        let keys: Vec<_> = ours.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"], "key order is kept");
    }

    #[test]
    fn records_positions() {
        let text = "{\n  \"a\": [10, {\"b\": null}]\n}";
        let p = parse(text).unwrap();
        let SpanNode::Object { entries, .. } = &p.spans else {
            panic!()
        };
        assert_eq!(entries[0].key_start, 4);
        let SpanNode::Array { items, .. } = &entries[0].value else {
            panic!()
        };
        assert_eq!(items[0].start(), 10);
        assert_eq!(&text[items[1].start() as usize..][..1], "{");
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let p = parse(r#"{"o": {"k": 1, "j": 0, "k": 2}}"#).unwrap();
        assert_eq!(p.duplicates.len(), 1);
        assert_eq!(p.duplicates[0].pointer, "/o/k");
        assert_eq!(p.value["o"]["k"], 2);
        let keys: Vec<_> = p.value["o"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["k", "j"]);
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let e = parse("{\"a\": 1,}").unwrap_err();
        assert_eq!(e.offset, 8);
        assert!(e.message.contains("trailing comma"), "{}", e.message);
        assert!(parse("").unwrap_err().message.contains("empty"));
        assert!(parse("[1] x").is_err());
        assert!(parse("{\"a\": 01}").is_err());
        assert!(parse("\"\\ud800\"").is_err());
        assert!(parse("1e999").is_err());
        assert!(parse("\"a\u{1}\"").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).unwrap_err().message.contains("nesting"));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn value_count_is_bounded() {
        let at = |n: usize| format!("[{}]", vec!["1"; n].join(","));
        assert!(parse(&at(MAX_VALUES - 1)).is_ok());
        let e = parse(&at(MAX_VALUES)).unwrap_err();
        assert!(
            e.message.contains("more than 200000 values"),
            "{}",
            e.message
        );
        let obj = format!(
            "{{{}}}",
            (0..MAX_VALUES)
                .map(|i| format!("\"k{i}\":{i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(parse(&obj).is_err());
    }

    #[test]
    fn bare_placeholders_read_as_strings() {
        let p = parse(r#"{"a": @@LANGS@@, "b": [1, @@N@@]}"#).unwrap();
        assert_eq!(p.value["a"], "@@LANGS@@");
        assert_eq!(p.bare, ["/a", "/b/1"]);
        assert!(parse(r#"{"a": @@}"#).is_err());
        assert!(parse(r#"{"a": @x}"#).is_err());
    }

    #[test]
    fn surrogate_pairs_decode() {
        assert_eq!(parse(r#""\ud83d\ude00""#).unwrap().value, "😀");
    }
}
