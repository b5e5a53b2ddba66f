//! RFC 6901 JSON Pointers: building them and walking a value and its spans with one.

use crate::core::json::SpanNode;
pub use crate::core::json::push_escaped;
use serde_json::Value;

/// `base` extended by one object key.
pub fn child(base: &str, key: &str) -> String {
    let mut out = String::with_capacity(base.len() + key.len() + 1);
    out.push_str(base);
    out.push('/');
    push_escaped(&mut out, key);
    out
}

/// Whether `pointer` is `base` or a place inside it (`/a/b` is within `/a`,
/// `/ab` is not; everything is within `""`, the whole document).
pub fn is_within(pointer: &str, base: &str) -> bool {
    pointer == base || is_below(pointer, base)
}

/// Whether `pointer` is a place strictly inside `base`.
pub fn is_below(pointer: &str, base: &str) -> bool {
    pointer
        .strip_prefix(base)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether `pointer` is matched by `pattern`, whose `*` segments stand for
/// any one segment (`/options/*` matches `/options/mfa`, not
/// `/options/mfa/active`).
pub fn matches(pattern: &str, pointer: &str) -> bool {
    let mut p = pattern.split('/');
    let mut q = pointer.split('/');
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == "*" || a == b => {}
            _ => return false,
        }
    }
}

/// `base` extended by one array index.
pub fn index(base: &str, i: usize) -> String {
    format!("{base}/{i}")
}

/// The unescaped reference tokens of a pointer (`""` is the whole document).
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// Where a pointer lands in the source: the byte offset of its value, and of its
/// key when the last step is an object member. When the pointer goes past what
/// exists, the deepest existing ancestor is returned with `exact == false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub value_offset: u32,
    pub key_offset: Option<u32>,
    pub exact: bool,
}

pub fn locate(value: &Value, spans: &SpanNode, pointer: &str) -> Located {
    let mut v = value;
    let mut s = spans;
    let mut key_offset = None;
    for token in tokens(pointer) {
        let next = match (v, s) {
            (Value::Object(map), SpanNode::Object { entries, .. }) => map
                .keys()
                .position(|k| *k == token)
                .and_then(|i| Some((map.get(&token)?, entries.get(i)?)))
                .map(|(cv, e)| (cv, &e.value, Some(e.key_start))),
            (Value::Array(items), SpanNode::Array { items: spans, .. }) => token
                .parse::<usize>()
                .ok()
                .and_then(|i| Some((items.get(i)?, spans.get(i)?, None))),
            _ => None,
        };
        match next {
            Some((cv, cs, k)) => {
                v = cv;
                s = cs;
                key_offset = k;
            }
            None => {
                return Located {
                    value_offset: s.start(),
                    key_offset,
                    exact: false,
                };
            }
        }
    }
    Located {
        value_offset: s.start(),
        key_offset,
        exact: true,
    }
}

/// Every pointer of a document with its place: one walk, for when many
/// diagnostics need placing (a lookup per pointer would be quadratic).
pub fn index_all(value: &Value, spans: &SpanNode) -> std::collections::HashMap<String, Located> {
    let mut out = std::collections::HashMap::new();
    let mut stack = vec![(String::new(), value, spans, None)];
    while let Some((path, v, s, key_offset)) = stack.pop() {
        match (v, s) {
            (Value::Object(map), SpanNode::Object { entries, .. }) => {
                for ((k, cv), e) in map.iter().zip(entries) {
                    stack.push((child(&path, k), cv, &e.value, Some(e.key_start)));
                }
            }
            (Value::Array(items), SpanNode::Array { items: spans, .. }) => {
                for (i, (cv, cs)) in items.iter().zip(spans).enumerate() {
                    stack.push((index(&path, i), cv, cs, None));
                }
            }
            _ => {}
        }
        let here = Located {
            value_offset: s.start(),
            key_offset,
            exact: true,
        };
        out.insert(path, here);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_is_by_whole_tokens() {
        assert!(is_within("/a/b", "/a"));
        assert!(is_within("/a", "/a"));
        assert!(!is_below("/a", "/a"));
        assert!(!is_within("/ab", "/a"));
        assert!(is_within("/a", ""));
        assert!(!is_within("/a", "/a/b"));
    }

    #[test]
    fn escapes_and_unescapes() {
        let p = child(&child("", "a/b"), "c~d");
        assert_eq!(p, "/a~1b/c~0d");
        assert_eq!(tokens(&p).collect::<Vec<_>>(), ["a/b", "c~d"]);
        assert_eq!(tokens("").count(), 0);
    }

    #[test]
    fn locates_values_keys_and_ancestors() {
        let text = r#"{"a": {"b/c": [1, 2]}}"#;
        let p = crate::core::json::parse(text).unwrap();
        let l = locate(&p.value, &p.spans, "/a/b~1c/1");
        assert_eq!(&text[l.value_offset as usize..][..1], "2");
        assert!(l.exact);
        let l = locate(&p.value, &p.spans, "/a/b~1c");
        assert_eq!(&text[l.key_offset.unwrap() as usize..][..5], "\"b/c\"");
        let all = index_all(&p.value, &p.spans);
        assert_eq!(all["/a/b~1c/1"], locate(&p.value, &p.spans, "/a/b~1c/1"));
        assert_eq!(all["/a/b~1c"], locate(&p.value, &p.spans, "/a/b~1c"));
        assert_eq!(all[""], locate(&p.value, &p.spans, ""));
        let l = locate(&p.value, &p.spans, "/a/missing");
        assert!(!l.exact);
        assert_eq!(&text[l.value_offset as usize..][..1], "{");
    }
}
