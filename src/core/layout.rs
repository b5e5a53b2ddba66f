//! Saving a document in its file's own layout.
//!
//! Ops teams keep these files in git, so a save changes only what the user
//! changed. [`rewrite`] takes the text last read or written, its parse and
//! the value to save, and returns that text with only the changed values
//! replaced: untouched values, keys, spacing, line endings and the final
//! newline are copied byte for byte; a changed value is printed in the
//! file's own [`Style`] (its indentation unit, or one line when minified, and
//! its spacing after `:` and `,`). Keys the file already has keep their place
//! in it; a new key goes after the key it follows in the value, so a key
//! unset and set again returns where it was. Pure: text in, text out.
//!
//! Long (about 640 lines, 110 of them tests): detecting a layout, rewriting
//! in place and printing a new value share the scanner of the file's text.

use crate::core::json::{self, Parsed, SpanEntry, SpanNode};
use crate::core::{placeholders, pointer};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// How a file is laid out, as far as printing a new value needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// One level of indentation (`"  "`, `"    "`, `"\t"`); `None` for a
    /// document written on one line.
    pub indent: Option<String>,
    /// What stands between a key and its value (`": "`, `":"`).
    pub colon: String,
    /// What separates members written on one line (`","`, `", "`).
    pub comma: String,
    pub newline: &'static str,
}

impl Style {
    /// The canonical layout: 2 spaces, `": "`, `\n` (the API's, curl's and
    /// deploy-cli's).
    pub fn canonical() -> Style {
        Style {
            indent: Some("  ".into()),
            colon: ": ".into(),
            comma: ", ".into(),
            newline: "\n",
        }
    }

    /// The layout of `text`, judged from its outermost container with
    /// members, its first key and its first one-line list.
    pub fn detect(text: &str, spans: &SpanNode) -> Style {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let indent = children(spans).first().and_then(|first| {
            let lead = &text[spans.start() as usize + 1..*first as usize];
            lead.rfind('\n').map(|i| lead[i + 1..].to_string())
        });
        let colon = first_colon(text, spans)
            .unwrap_or_else(|| if indent.is_some() { ": " } else { ":" }.to_string());
        let comma = first_inline_comma(text, spans).unwrap_or_else(|| {
            if indent.is_some() || colon.ends_with(' ') {
                ", "
            } else {
                ","
            }
            .to_string()
        });
        Style {
            indent,
            colon,
            comma,
            newline,
        }
    }
}

/// `value` printed in `style` (no final newline), bare deploy-cli
/// placeholders at the pointers in `bare` written without quotes.
pub fn print(value: &Value, bare: &[String], style: &Style) -> String {
    if bare.is_empty() && *style == Style::canonical() {
        // serde_json prints the canonical layout itself (a test holds them
        // equal), and faster: the editor prints on every keystroke.
        return serde_json::to_string_pretty(value).expect("a Value always serializes");
    }
    let w = Writer {
        text: "",
        style: style.clone(),
        old_bare: HashSet::new(),
        new_bare: bare.iter().map(String::as_str).collect(),
    };
    let mut out = String::new();
    w.fresh(value, "", "", false, &mut out);
    out
}

/// What saving `value` writes over `previous`, the text the file held when
/// last read or written: that text with only the changes made
/// ([`rewrite`]), or the canonical text with a final newline when there is
/// no previous text or it is not JSON.
pub fn save(previous: Option<&str>, value: &Value, bare: &[String]) -> String {
    match previous.map(|t| (t, json::parse(t))) {
        Some((text, Ok(parsed))) => rewrite(text, &parsed, value, bare),
        _ => {
            let mut text = print(value, bare, &Style::canonical());
            text.push('\n');
            text
        }
    }
}

/// `text` (whose parse is `old`) with its values changed to `new`; see the
/// module comment. `new_bare` are the pointers of `new`'s bare placeholders.
pub fn rewrite(text: &str, old: &Parsed, new: &Value, new_bare: &[String]) -> String {
    let w = Writer {
        text,
        style: Style::detect(text, &old.spans),
        old_bare: old.bare.iter().map(String::as_str).collect(),
        new_bare: new_bare.iter().map(String::as_str).collect(),
    };
    let start = old.spans.start() as usize;
    let end = end_of(text, start);
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..start]);
    w.node(&old.value, &old.spans, new, "", "", &mut out);
    out.push_str(&text[end..]);
    out
}

struct Writer<'a> {
    text: &'a str,
    style: Style,
    old_bare: HashSet<&'a str>,
    new_bare: HashSet<&'a str>,
}

/// Where a child of a rewritten container comes from.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// The old child `old`, which is the new child `new` (maybe changed).
    Keep { old: usize, new: usize },
    /// The new child `new`, which the old text does not have.
    Add { new: usize },
}

/// The separators of an old container: what stands before its first child,
/// between children, and before its closing bracket.
struct Gaps<'t> {
    lead: &'t str,
    /// `between[i]` stands before child `i` (`between[0]` is `lead`).
    between: Vec<&'t str>,
    close: &'t str,
    /// For a child put where the old text had none.
    typical: String,
    /// The indentation of the children's lines, when they are on lines of
    /// their own.
    indent: Option<&'t str>,
}

impl<'t> Gaps<'t> {
    fn of(
        text: &'t str,
        open: usize,
        close: usize,
        ranges: &[(u32, u32)],
        comma: &str,
    ) -> Gaps<'t> {
        let lead = &text[open + 1..ranges[0].0 as usize];
        let between: Vec<&str> = std::iter::once(lead)
            .chain(
                ranges
                    .windows(2)
                    .map(|w| &text[w[0].1 as usize..w[1].0 as usize]),
            )
            .collect();
        let typical = match between.get(1) {
            Some(g) => (*g).to_string(),
            None if lead.contains('\n') => format!(",{lead}"),
            None => comma.to_string(),
        };
        let last_end = ranges[ranges.len() - 1].1 as usize;
        Gaps {
            lead,
            between,
            close: &text[last_end..close],
            typical,
            indent: lead.rfind('\n').map(|i| &lead[i + 1..]),
        }
    }

    fn before(&self, position: usize, slot: Slot) -> &str {
        match slot {
            _ if position == 0 => self.lead,
            Slot::Keep { old, .. } if old > 0 => self.between[old],
            _ => &self.typical,
        }
    }
}

impl Writer<'_> {
    fn bare(&self, v: &Value, ptr: &str, set: &HashSet<&str>) -> bool {
        v.as_str().and_then(placeholders::whole).is_some() && set.contains(ptr)
    }

    /// Writes `new` where the old text has `old` (at `span`).
    fn node(
        &self,
        old: &Value,
        span: &SpanNode,
        new: &Value,
        old_ptr: &str,
        new_ptr: &str,
        out: &mut String,
    ) {
        let start = span.start() as usize;
        let end = end_of(self.text, start);
        if old == new
            && self.bare(old, old_ptr, &self.old_bare) == self.bare(new, new_ptr, &self.new_bare)
        {
            out.push_str(&self.text[start..end]);
            return;
        }
        match (old, span, new) {
            (Value::Object(o), SpanNode::Object { entries, .. }, Value::Object(n))
                if !entries.is_empty() && !n.is_empty() && in_order(entries) =>
            {
                self.object(o, entries, n, start, end, old_ptr, new_ptr, out);
            }
            (Value::Array(o), SpanNode::Array { items, .. }, Value::Array(n))
                if !items.is_empty() && !n.is_empty() =>
            {
                self.array(o, items, n, start, end, old_ptr, new_ptr, out);
            }
            _ => {
                let indent = line_indent(self.text, start);
                let inline = self.style.indent.is_none();
                self.fresh(new, new_ptr, indent, inline, out);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn object(
        &self,
        o: &Map<String, Value>,
        entries: &[SpanEntry],
        n: &Map<String, Value>,
        start: usize,
        end: usize,
        old_ptr: &str,
        new_ptr: &str,
        out: &mut String,
    ) {
        let ranges: Vec<(u32, u32)> = entries
            .iter()
            .map(|e| {
                (
                    e.key_start,
                    end_of(self.text, e.value.start() as usize) as u32,
                )
            })
            .collect();
        let gaps = Gaps::of(self.text, start, end - 1, &ranges, &self.style.comma);
        // The file's keys keep their places; a new key follows the key it
        // follows in the value (or opens the object).
        let old_index: HashMap<&str, usize> =
            o.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        let mut kept: Vec<Option<usize>> = vec![None; o.len()];
        let mut added: Vec<(Option<usize>, usize)> = Vec::new();
        let mut anchor = None;
        for (j, k) in n.keys().enumerate() {
            match old_index.get(k.as_str()) {
                Some(&i) => {
                    kept[i] = Some(j);
                    anchor = Some(i);
                }
                None => added.push((anchor, j)),
            }
        }
        let mut slots = Vec::with_capacity(n.len());
        let adds = |after: Option<usize>, slots: &mut Vec<Slot>| {
            slots.extend(
                added
                    .iter()
                    .filter(|(a, _)| *a == after)
                    .map(|&(_, new)| Slot::Add { new }),
            );
        };
        adds(None, &mut slots);
        for (old, new) in kept.iter().enumerate() {
            if let Some(new) = *new {
                slots.push(Slot::Keep { old, new });
                adds(Some(old), &mut slots);
            }
        }
        let colon = {
            let e = &entries[0];
            let key_end = end_of(self.text, e.key_start as usize);
            &self.text[key_end..e.value.start() as usize]
        };
        let new_entries: Vec<(&String, &Value)> = n.iter().collect();
        let old_entries: Vec<(&String, &Value)> = o.iter().collect();
        out.push('{');
        for (p, &slot) in slots.iter().enumerate() {
            out.push_str(gaps.before(p, slot));
            match slot {
                Slot::Keep { old, new } => {
                    let e = &entries[old];
                    out.push_str(&self.text[e.key_start as usize..e.value.start() as usize]);
                    let (k, ov) = old_entries[old];
                    self.node(
                        ov,
                        &e.value,
                        new_entries[new].1,
                        &pointer::child(old_ptr, k),
                        &pointer::child(new_ptr, k),
                        out,
                    );
                }
                Slot::Add { new } => {
                    let (k, v) = new_entries[new];
                    push_string(out, k);
                    out.push_str(colon);
                    let (indent, inline) = match gaps.indent {
                        Some(i) => (i, self.style.indent.is_none()),
                        None => (line_indent(self.text, start), true),
                    };
                    self.fresh(v, &pointer::child(new_ptr, k), indent, inline, out);
                }
            }
        }
        out.push_str(gaps.close);
        out.push('}');
    }

    #[allow(clippy::too_many_arguments)]
    fn array(
        &self,
        o: &[Value],
        items: &[SpanNode],
        n: &[Value],
        start: usize,
        end: usize,
        old_ptr: &str,
        new_ptr: &str,
        out: &mut String,
    ) {
        let ranges: Vec<(u32, u32)> = items
            .iter()
            .map(|s| (s.start(), end_of(self.text, s.start() as usize) as u32))
            .collect();
        let gaps = Gaps::of(self.text, start, end - 1, &ranges, &self.style.comma);
        // The unchanged items at both ends stay; between them, as many items
        // as both have are rewritten in place, and the rest are removed or
        // added.
        let most = o.len().min(n.len());
        let head = o.iter().zip(n).take_while(|(a, b)| a == b).count();
        let tail = o
            .iter()
            .rev()
            .zip(n.iter().rev())
            .take(most - head)
            .take_while(|(a, b)| a == b)
            .count();
        let (o_mid, n_mid) = (o.len() - head - tail, n.len() - head - tail);
        let mut slots: Vec<Slot> = (0..head).map(|i| Slot::Keep { old: i, new: i }).collect();
        if o_mid == n_mid {
            slots.extend((head..head + o_mid).map(|i| Slot::Keep { old: i, new: i }));
        } else {
            slots.extend((head..head + n_mid).map(|new| Slot::Add { new }));
        }
        slots.extend((0..tail).map(|t| Slot::Keep {
            old: o.len() - tail + t,
            new: n.len() - tail + t,
        }));
        out.push('[');
        for (p, &slot) in slots.iter().enumerate() {
            out.push_str(gaps.before(p, slot));
            match slot {
                Slot::Keep { old, new } => self.node(
                    &o[old],
                    &items[old],
                    &n[new],
                    &pointer::index(old_ptr, old),
                    &pointer::index(new_ptr, new),
                    out,
                ),
                Slot::Add { new } => {
                    let (indent, inline) = match gaps.indent {
                        Some(i) => (i, self.style.indent.is_none()),
                        None => (line_indent(self.text, start), true),
                    };
                    self.fresh(&n[new], &pointer::index(new_ptr, new), indent, inline, out);
                }
            }
        }
        out.push_str(gaps.close);
        out.push(']');
    }

    /// Prints `v` anew: on lines indented from `indent` in the file's unit,
    /// or on one line when `inline`.
    fn fresh(&self, v: &Value, ptr: &str, indent: &str, inline: bool, out: &mut String) {
        let unit = self.style.indent.as_deref().filter(|_| !inline);
        let nl = self.style.newline;
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push('{');
                let inner = unit.map(|u| format!("{indent}{u}"));
                for (i, (k, child)) in m.iter().enumerate() {
                    self.separate(i, inner.as_deref(), out);
                    push_string(out, k);
                    out.push_str(&self.style.colon);
                    let child_ptr = self.child_ptr(ptr, k);
                    let at = inner.as_deref().unwrap_or(indent);
                    self.fresh(child, &child_ptr, at, inline, out);
                }
                if unit.is_some() {
                    out.push_str(nl);
                    out.push_str(indent);
                }
                out.push('}');
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('[');
                let inner = unit.map(|u| format!("{indent}{u}"));
                for (i, child) in a.iter().enumerate() {
                    self.separate(i, inner.as_deref(), out);
                    let at = inner.as_deref().unwrap_or(indent);
                    let child_ptr = if self.new_bare.is_empty() {
                        String::new()
                    } else {
                        pointer::index(ptr, i)
                    };
                    self.fresh(child, &child_ptr, at, inline, out);
                }
                if unit.is_some() {
                    out.push_str(nl);
                    out.push_str(indent);
                }
                out.push(']');
            }
            Value::String(s) if self.bare(v, ptr, &self.new_bare) => out.push_str(s),
            _ => out.push_str(&serde_json::to_string(v).expect("a Value always serializes")),
        }
    }

    /// A child's pointer, needed only to find bare placeholders.
    fn child_ptr(&self, ptr: &str, key: &str) -> String {
        if self.new_bare.is_empty() {
            String::new()
        } else {
            pointer::child(ptr, key)
        }
    }

    /// What goes before the `i`-th child of a container being printed anew.
    fn separate(&self, i: usize, inner: Option<&str>, out: &mut String) {
        match inner {
            Some(inner) => {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(self.style.newline);
                out.push_str(inner);
            }
            None if i > 0 => out.push_str(&self.style.comma),
            None => {}
        }
    }
}

fn push_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("a string always serializes"));
}

/// The end of the value that starts at `start`.
fn end_of(text: &str, start: usize) -> usize {
    start + json::value_len(&text[start..])
}

/// The spaces and tabs that open the line `at` is on.
fn line_indent(text: &str, at: usize) -> &str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    let ws = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..ws]
}

/// Keys in the order of the text (not so when a key was repeated: the later
/// member took the first one's place).
fn in_order(entries: &[SpanEntry]) -> bool {
    entries.windows(2).all(|w| w[0].key_start < w[1].key_start)
}

/// Where a container's children start (for an object, at each key); empty
/// for a scalar or an empty container.
fn children(spans: &SpanNode) -> Vec<u32> {
    match spans {
        SpanNode::Object { entries, .. } => entries.iter().map(|e| e.key_start).collect(),
        SpanNode::Array { items, .. } => items.iter().map(SpanNode::start).collect(),
        SpanNode::Leaf(_) => Vec::new(),
    }
}

/// The text between the first key found (depth first) and its value.
fn first_colon(text: &str, spans: &SpanNode) -> Option<String> {
    match spans {
        SpanNode::Object { entries, .. } => entries.first().map(|e| {
            let key_end = end_of(text, e.key_start as usize);
            text[key_end..e.value.start() as usize].to_string()
        }),
        SpanNode::Array { items, .. } => items.iter().find_map(|s| first_colon(text, s)),
        SpanNode::Leaf(_) => None,
    }
}

/// The separator of the first container whose children share a line.
fn first_inline_comma(text: &str, spans: &SpanNode) -> Option<String> {
    let kids: Vec<&SpanNode> = match spans {
        SpanNode::Object { entries, .. } => entries.iter().map(|e| &e.value).collect(),
        SpanNode::Array { items, .. } => items.iter().collect(),
        SpanNode::Leaf(_) => return None,
    };
    let starts: Vec<u32> = match spans {
        SpanNode::Object { entries, .. } => entries.iter().map(|e| e.key_start).collect(),
        _ => kids.iter().map(|s| s.start()).collect(),
    };
    if let [first, second, ..] = starts[..] {
        let end = end_of(text, kids[0].start() as usize);
        let gap = &text[end..second as usize];
        if !gap.contains('\n') && first < second {
            return Some(gap.trim_start().to_string()).filter(|g| g.starts_with(','));
        }
    }
    kids.into_iter().find_map(|k| first_inline_comma(text, k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn edit(text: &str, f: impl FnOnce(&mut Value)) -> String {
        let parsed = json::parse(text).unwrap();
        let mut v = parsed.value.clone();
        f(&mut v);
        let out = rewrite(text, &parsed, &v, &[]);
        assert_eq!(json::parse(&out).unwrap().value, v, "{out}");
        out
    }

    #[test]
    fn styles_are_detected() {
        let s = |t: &str| Style::detect(t, &json::parse(t).unwrap().spans);
        assert_eq!(s("{\n    \"a\": 1\n}\n").indent.as_deref(), Some("    "));
        assert_eq!(s("{\n\t\"a\": 1\n}").indent.as_deref(), Some("\t"));
        let min = s("{\"a\":1,\"b\":[1,2]}");
        assert_eq!(
            (min.indent, min.colon, min.comma),
            (None, ":".into(), ",".into())
        );
        let spaced = s("{ \"a\" : 1, \"b\": 2 }");
        assert_eq!(
            (spaced.colon.as_str(), spaced.comma.as_str()),
            (" : ", ", ")
        );
        assert_eq!(s("{\r\n  \"a\": 1\r\n}\r\n").newline, "\r\n");
    }

    #[test]
    fn one_changed_value_changes_only_its_text() {
        let text = "{\n    \"name\": \"a\",\n    \"o\": {\"x\": 1,   \"y\": [1, 2]}\n}";
        assert_eq!(
            edit(text, |v| v["o"]["x"] = json!(22)),
            "{\n    \"name\": \"a\",\n    \"o\": {\"x\": 22,   \"y\": [1, 2]}\n}"
        );
        assert_eq!(
            edit(text, |v| v["o"]["y"].as_array_mut().unwrap().push(json!(3))),
            "{\n    \"name\": \"a\",\n    \"o\": {\"x\": 1,   \"y\": [1, 2, 3]}\n}"
        );
    }

    #[test]
    fn new_values_take_the_files_layout() {
        let text = "{\n\t\"name\": \"a\"\n}";
        assert_eq!(
            edit(text, |v| v["o"] = json!({"k": [1]})),
            "{\n\t\"name\": \"a\",\n\t\"o\": {\n\t\t\"k\": [\n\t\t\t1\n\t\t]\n\t}\n}"
        );
        let min = "{\"name\":\"a\",\"b\":1}";
        assert_eq!(
            edit(min, |v| v["o"] = json!({"k": [1, 2]})),
            "{\"name\":\"a\",\"b\":1,\"o\":{\"k\":[1,2]}}"
        );
    }

    #[test]
    fn a_key_unset_and_set_again_returns_to_its_place() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}\n";
        let removed = edit(text, |v| {
            v.as_object_mut().unwrap().shift_remove("b");
        });
        assert_eq!(removed, "{\n  \"a\": 1,\n  \"c\": 3\n}\n");
        // Set again, the key lands at the end of the map, yet the file keeps
        // the order it had.
        let parsed = json::parse(&removed).unwrap();
        let again = json!({"a": 1, "c": 3, "b": 2});
        let out = rewrite(&removed, &parsed, &again, &[]);
        assert_eq!(out, "{\n  \"a\": 1,\n  \"c\": 3,\n  \"b\": 2\n}\n");
        let mut back = json!({"a": 1, "c": 3});
        back.as_object_mut()
            .unwrap()
            .shift_insert(1, "b".into(), json!(2));
        assert_eq!(rewrite(&removed, &parsed, &back, &[]), text);
    }

    #[test]
    fn bare_placeholders_stay_bare_and_new_ones_are_written_bare() {
        let text = "{\"a\":@@A@@,\"b\":1}";
        let parsed = json::parse(text).unwrap();
        let mut v = parsed.value.clone();
        v["b"] = json!(2);
        assert_eq!(
            rewrite(text, &parsed, &v, &parsed.bare),
            "{\"a\":@@A@@,\"b\":2}"
        );
        v["c"] = json!("@@C@@");
        let bare = vec!["/a".to_string(), "/c".to_string()];
        assert_eq!(
            rewrite(text, &parsed, &v, &bare),
            "{\"a\":@@A@@,\"b\":2,\"c\":@@C@@}"
        );
        // No longer bare in the value's list: written as the string it is.
        assert_eq!(
            rewrite(text, &parsed, &v, &[]),
            "{\"a\":\"@@A@@\",\"b\":2,\"c\":\"@@C@@\"}"
        );
    }

    #[test]
    fn canonical_printing_is_serde_jsons() {
        let v = json!({"a": [], "b": {}, "c": [1, {"d": "é\n"}], "e": {"f": null}});
        assert_eq!(
            print(&v, &[], &Style::canonical()),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
