//! Changing a document value at a JSON Pointer: the edits the editor makes,
//! as pure functions.

use crate::core::pointer;
use serde_json::{Map, Value};

/// Sets the value at `ptr`, creating objects on the way. An index one past
/// the end of an array appends. A step through a non-object is replaced by an
/// object (the user asked for this field; the old value was wrong anyway).
pub fn set(root: &mut Value, ptr: &str, new: Value) {
    let tokens: Vec<String> = pointer::tokens(ptr).collect();
    let Some((last, path)) = tokens.split_last() else {
        *root = new;
        return;
    };
    let mut cur = root;
    for t in path {
        cur = child_mut(cur, t);
    }
    match cur {
        Value::Array(items) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => items[i] = new,
            Ok(i) if i == items.len() => items.push(new),
            _ => {}
        },
        other => {
            if !other.is_object() {
                *other = Value::Object(Map::new());
            }
            other
                .as_object_mut()
                .expect("made an object")
                .insert(last.clone(), new);
        }
    }
}

fn child_mut<'a>(cur: &'a mut Value, token: &str) -> &'a mut Value {
    let index = match (&*cur, token.parse::<usize>()) {
        (Value::Array(items), Ok(i)) if i < items.len() => Some(i),
        _ => None,
    };
    if let Some(i) = index {
        return &mut cur.as_array_mut().expect("checked above")[i];
    }
    if !cur.is_object() {
        *cur = Value::Object(Map::new());
    }
    cur.as_object_mut()
        .expect("made an object")
        .entry(token.to_string())
        .or_insert_with(|| Value::Object(Map::new()))
}

/// Removes the value at `ptr` (an object member or an array item).
pub fn remove(root: &mut Value, ptr: &str) -> Option<Value> {
    let tokens: Vec<String> = pointer::tokens(ptr).collect();
    let (last, path) = tokens.split_last()?;
    let mut cur = root;
    for t in path {
        cur = match cur {
            Value::Object(m) => m.get_mut(t)?,
            Value::Array(a) => a.get_mut(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match cur {
        // `shift_remove` keeps the order of the other keys.
        Value::Object(m) => m.shift_remove(last),
        Value::Array(a) => {
            let i = last.parse::<usize>().ok()?;
            (i < a.len()).then(|| a.remove(i))
        }
        _ => None,
    }
}

/// Adds `item` to the string array at `ptr` (creating it), or removes every
/// occurrence when it is there. Returns whether it is now present.
pub fn toggle_member(root: &mut Value, ptr: &str, item: &str) -> bool {
    let present = root
        .pointer(ptr)
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|v| v == item));
    if present {
        if let Some(Value::Array(a)) = root.pointer_mut(ptr) {
            a.retain(|v| v != item);
        }
        false
    } else {
        match root.pointer_mut(ptr) {
            Some(Value::Array(a)) => a.push(Value::from(item)),
            _ => set(root, ptr, Value::Array(vec![Value::from(item)])),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_creates_parents_and_keeps_order() {
        let mut v = json!({"b": 1, "a": 2});
        set(&mut v, "/c/d", json!(3));
        set(&mut v, "/b", json!(4));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"b":4,"a":2,"c":{"d":3}}"#
        );
        set(&mut v, "/a/x", json!(1)); // a was a number: becomes an object
        assert_eq!(v["a"], json!({"x": 1}));
    }

    #[test]
    fn arrays_replace_and_append() {
        let mut v = json!({"l": ["a"]});
        set(&mut v, "/l/0", json!("b"));
        set(&mut v, "/l/1", json!("c"));
        set(&mut v, "/l/5", json!("ignored"));
        assert_eq!(v, json!({"l": ["b", "c"]}));
        assert_eq!(remove(&mut v, "/l/0"), Some(json!("b")));
        assert_eq!(v, json!({"l": ["c"]}));
    }

    #[test]
    fn remove_keeps_the_other_keys_in_order() {
        let mut v = json!({"a": 1, "b": 2, "c": 3});
        assert_eq!(remove(&mut v, "/b"), Some(json!(2)));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":1,"c":3}"#);
        assert_eq!(remove(&mut v, "/zz/y"), None);
    }

    #[test]
    fn toggles_members() {
        let mut v = json!({});
        assert!(toggle_member(&mut v, "/f", "scim"));
        assert!(toggle_member(&mut v, "/f", "universal_logout"));
        assert!(!toggle_member(&mut v, "/f", "scim"));
        assert_eq!(v, json!({"f": ["universal_logout"]}));
    }
}
