//! Saves keep the file's layout: for documents printed in each layout, one
//! edit changes only the bytes of the value it touches (and its key and
//! separator when a member is added or removed), and saving the edit undone
//! gives back the original bytes.

use super::properties::json_value;
use connedit::core::json::{self, SpanNode};
use connedit::core::layout::{Style, print, rewrite};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn styles() -> Vec<Style> {
    let style = |indent: Option<&str>, colon: &str, comma: &str, newline| Style {
        indent: indent.map(str::to_string),
        colon: colon.into(),
        comma: comma.into(),
        newline,
    };
    vec![
        Style::canonical(),
        style(Some("    "), ": ", ", ", "\n"),
        style(Some("\t"), ": ", ", ", "\n"),
        style(None, ":", ",", "\n"),
        style(None, ": ", ", ", "\n"),
        style(Some("   "), " :  ", ", ", "\r\n"),
    ]
}

/// A document: an object with at least three keys.
fn document() -> impl Strategy<Value = Value> {
    prop::collection::vec(("[a-z]{1,6}", json_value()), 3..7)
        .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>()))
        .prop_filter("three keys", |v| v.as_object().unwrap().len() >= 3)
}

#[derive(Debug, Clone)]
enum Edit {
    Replace(Value),
    Remove,
    Add(String, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        json_value().prop_map(Edit::Replace),
        Just(Edit::Remove),
        ("[a-z]{1,6}", json_value()).prop_map(|(k, v)| Edit::Add(format!("new_{k}"), v)),
    ]
}

/// Every value below the root: its pointer, where its member starts (its
/// key, in an object) and its span.
fn places<'a>(
    v: &'a Value,
    s: &'a SpanNode,
    ptr: String,
    out: &mut Vec<(String, usize, &'a SpanNode)>,
) {
    match (v, s) {
        (Value::Object(m), SpanNode::Object { entries, .. }) => {
            for ((k, v), e) in m.iter().zip(entries) {
                let p = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push((p.clone(), e.key_start as usize, &e.value));
                places(v, &e.value, p, out);
            }
        }
        (Value::Array(a), SpanNode::Array { items, .. }) => {
            for (i, (v, s)) in a.iter().zip(items).enumerate() {
                let p = format!("{ptr}/{i}");
                out.push((p.clone(), s.start() as usize, s));
                places(v, s, p, out);
            }
        }
        _ => {}
    }
}

fn parent_and_last(ptr: &str) -> (&str, String) {
    let (parent, last) = ptr.rsplit_once('/').unwrap();
    (parent, last.replace("~1", "/").replace("~0", "~"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn one_edit_changes_only_its_bytes_and_undo_restores_them(
        v in document(),
        style in prop::sample::select(styles()),
        final_newline in any::<bool>(),
        at in any::<prop::sample::Index>(),
        change in edit(),
    ) {
        let mut text = print(&v, &[], &style);
        if final_newline {
            text.push_str(style.newline);
        }
        let parsed = json::parse(&text).unwrap();
        prop_assert_eq!(&parsed.value, &v);
        let mut all = Vec::new();
        places(&parsed.value, &parsed.spans, String::new(), &mut all);
        let (ptr, member_start, span) = at.get(&all);
        let start = span.start() as usize;
        let end = start + json::value_len(&text[start..]);
        let (parent_ptr, last) = parent_and_last(ptr);
        let mut new = v.clone();
        // The bytes the edit may touch.
        let allowed = match &change {
            Edit::Replace(x) => {
                *new.pointer_mut(ptr).unwrap() = x.clone();
                (start, end)
            }
            Edit::Remove | Edit::Add(..) => {
                let parent = new.pointer_mut(parent_ptr).unwrap();
                let siblings: Vec<(usize, usize)> = all
                    .iter()
                    .filter(|(p, ..)| parent_and_last(p).0 == parent_ptr)
                    .map(|(_, m, s)| {
                        let s = s.start() as usize;
                        (*m, s + json::value_len(&text[s..]))
                    })
                    .collect();
                let i = siblings.iter().position(|s| s.0 == *member_start).unwrap();
                let open = parent_open(&text, siblings[0].0);
                let close = siblings.last().unwrap().1 + text[siblings.last().unwrap().1..].find(['}', ']']).unwrap();
                match &change {
                    Edit::Remove => {
                        match parent {
                            Value::Object(m) => { m.shift_remove(&last); }
                            Value::Array(a) => { a.remove(last.parse::<usize>().unwrap()); }
                            _ => unreachable!(),
                        }
                        let from = if i == 0 { open + 1 } else { siblings[i - 1].1 };
                        let to = siblings.get(i + 1).map_or(close, |s| s.0);
                        (from, to.max(end))
                    }
                    Edit::Add(k, x) => {
                        match parent {
                            Value::Object(m) => { m.insert(k.clone(), x.clone()); }
                            Value::Array(a) => a.push(x.clone()),
                            _ => unreachable!(),
                        }
                        (siblings.last().unwrap().1, close)
                    }
                    Edit::Replace(_) => unreachable!(),
                }
            }
        };
        let saved = rewrite(&text, &parsed, &new, &[]);
        let reread = json::parse(&saved).unwrap();
        prop_assert_eq!(&reread.value, &new);
        // Outside the bytes the edit may touch, the text is as it was.
        let (keep_head, keep_tail) = (&text[..allowed.0], &text[allowed.1..]);
        prop_assert!(
            saved.len() >= keep_head.len() + keep_tail.len()
                && saved.starts_with(keep_head)
                && saved.ends_with(keep_tail),
            "allowed {allowed:?}\nold: {text:?}\nnew: {saved:?}"
        );
        // Undone and saved again: the original bytes.
        let undone = rewrite(&saved, &reread, &v, &[]);
        prop_assert_eq!(undone, text);
    }
}

/// Where the container holding a child that starts at `child` opens.
fn parent_open(text: &str, child: usize) -> usize {
    let before = &text[..child];
    let key_or_item = before.trim_end_matches([' ', '\t', '\r', '\n']);
    key_or_item.len() - 1
}

#[test]
fn hand_written_spacing_is_kept_around_an_edit() {
    let text = "{ \"name\" : \"a\" ,\n  \"list\": [ 1,2 ],\"o\":{ }  }  \n\n";
    let parsed = json::parse(text).unwrap();
    let mut v = parsed.value.clone();
    v["name"] = "b".into();
    v["list"].as_array_mut().unwrap().push(3.into());
    assert_eq!(
        rewrite(text, &parsed, &v, &[]),
        "{ \"name\" : \"b\" ,\n  \"list\": [ 1,2,3 ],\"o\":{ }  }  \n\n"
    );
}
