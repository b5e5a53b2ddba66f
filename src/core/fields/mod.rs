//! Field tables: each fact about a field of a document in one row — its
//! JSON Pointer, label, value kind and limits, whether `null` is accepted,
//! which strategies it applies to, whether it is a secret, how the API treats
//! it. The single-field rules ([`crate::core::rules::fields`]), the masking
//! of secrets, the push's choice of top-level keys and the tests are derived
//! from these rows; rules that tie several fields together stay code beside
//! the rules.
//!
//! A row's children are the rows whose pointer is one segment below it: a
//! closed object allows exactly its children's keys, so adding a key to a
//! closed object is adding its row.
//!
//! Long (about 500 lines, 35 of them tests): the row type and the walkers
//! over the tables every reader shares; the tables are in their own files.

pub mod connection;
pub mod meanings;
pub mod profile;
pub mod strategies;

/// The value a field holds, with its limits (from the OpenAPI document
/// unless the row says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Bool,
    Enum(&'static [&'static str]),
    /// A string of `min..=max` characters.
    Text {
        min: usize,
        max: usize,
    },
    /// A connection name: 1–128, `^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$`.
    ConnectionName,
    Integer {
        min: i64,
        max: i64,
    },
    /// An array of at most `max_items` strings of at most `max_len` characters.
    Strings {
        max_items: usize,
        max_len: usize,
    },
    /// An object whose every value is a string of `min_len..=max_len`
    /// characters (or `null`, when `null_values`).
    StringMap {
        min_len: usize,
        max_len: usize,
        null_values: bool,
    },
    /// An array of distinct values from the list (each one a checkbox in the editor).
    Members(&'static [&'static str]),
    /// An array of values from the list where a repeat is only a warning
    /// (the API accepts it); a checkbox per value in the editor.
    Values(&'static [&'static str]),
    /// An array holding every value of the list once (in any order).
    AllOf(&'static [&'static str]),
    /// An object; `closed` allows only the keys of the row's children.
    Object {
        closed: bool,
    },
    /// An object whose keys are from the list, each value checked by the
    /// row one segment below whose key is `*`.
    Keyed(&'static [&'static str]),
    /// The same shape as the row at this pointer (and its children).
    Like(&'static str),
    /// Checked by code beside the rules (its shape ties fields together).
    ByRule,
}

/// Which strategies a field applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    Every,
    /// Database connections (`strategy: "auth0"`) only; an error elsewhere.
    Database,
    /// Every strategy but `auth0`; on a database connection it is reported.
    NotDatabase,
    /// Every strategy but `auth0`; a database connection refuses it (400).
    NeverDatabase,
    /// Only these strategies use it (Google Workspace's admin flag); on any
    /// other it does nothing and is reported as a warning, and no form row
    /// offers it.
    Only(&'static [&'static str]),
}

impl Applies {
    /// Whether a row applies to a connection of `strategy` (`auth0` for a
    /// database connection): the one question the rules, the form and the
    /// schema ask.
    pub fn to(self, strategy: &str) -> bool {
        match self {
            Applies::Every => true,
            Applies::Database => strategy == "auth0",
            Applies::NotDatabase | Applies::NeverDatabase => strategy != "auth0",
            Applies::Only(list) => list.contains(&strategy),
        }
    }
}

/// How the Management API treats a top-level key of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Sent in a create and in a PATCH when it changed.
    Writable,
    /// Identifies the connection; sent in a create, never in a PATCH.
    Identity,
    /// Returned by a GET, refused in a body: `read_only` info, never sent.
    ReadOnly,
    /// Writable but deprecated (the message says what instead).
    Deprecated(&'static str),
    /// In a file with the meaning the message gives, but never in the
    /// object's body: another endpoint carries it (a connection's
    /// `enabled_clients`, refused in a body since its end of life, pushed
    /// with `/connections/{id}/clients`).
    Elsewhere(&'static str),
    /// A key deploy-cli files carry and deploy-cli pushes through another
    /// endpoint, that connedit keeps in the file and does not push yet: an
    /// info says so (the message), so no one believes it was sent.
    NotPushed(&'static str),
}

/// What a PATCH sends to bring a field back to "not set" (a rollback to a
/// version that did not have it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unset {
    /// Nothing can: the field is left as it is, and a note says so.
    Keep,
    /// `null` (live tenants accept it there).
    Null,
    /// The empty value of its kind (`[]`, `{}`, `""`), which does the same.
    Empty,
}

/// What a row's value is read against to say what it means.
pub struct Seen<'a> {
    /// The field's value, if the document has it.
    pub value: Option<&'a serde_json::Value>,
    /// The whole document.
    pub doc: &'a serde_json::Value,
    /// The sample organization templates are expanded for.
    pub sample: &'a crate::core::derived::SampleOrg,
}

/// Says in a few words what a value means (the editor shows it beside it).
pub type Meaning = fn(&Seen) -> String;

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub pointer: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// Whether `null` is accepted (the server writes or accepts it there).
    pub nullable: bool,
    pub applies: Applies,
    /// Never on a screen, in a diff, a snapshot listing or a log.
    pub secret: bool,
    pub access: Access,
    /// Required in its object when the object is given.
    pub required: bool,
    /// What the field does, for help and messages.
    pub help: &'static str,
    /// What a PATCH sends to unset it.
    pub unset: Unset,
    /// A group the editor shows folded when a document opens.
    pub folded: bool,
    /// An object the editor shows as its fields, in place, without a group.
    pub flat: bool,
    /// What its value means, where more can be said than the value.
    pub meaning: Option<Meaning>,
}

impl Field {
    /// A writable field that applies everywhere, not null, not secret.
    pub const fn new(
        pointer: &'static str,
        label: &'static str,
        kind: FieldKind,
        help: &'static str,
    ) -> Field {
        Field {
            pointer,
            label,
            kind,
            nullable: false,
            applies: Applies::Every,
            secret: false,
            access: Access::Writable,
            required: false,
            help,
            unset: Unset::Keep,
            folded: false,
            flat: false,
            meaning: None,
        }
    }
    pub const fn unset(mut self, unset: Unset) -> Field {
        self.unset = unset;
        self
    }
    pub const fn folded(mut self) -> Field {
        self.folded = true;
        self
    }
    pub const fn flat(mut self) -> Field {
        self.flat = true;
        self
    }
    pub const fn meaning(mut self, meaning: Meaning) -> Field {
        self.meaning = Some(meaning);
        self
    }
    pub const fn required(mut self) -> Field {
        self.required = true;
        self
    }
    pub const fn nullable(mut self) -> Field {
        self.nullable = true;
        self
    }
    pub const fn database(mut self) -> Field {
        self.applies = Applies::Database;
        self
    }
    pub const fn not_database(mut self) -> Field {
        self.applies = Applies::NotDatabase;
        self
    }
    pub const fn only(mut self, strategies: &'static [&'static str]) -> Field {
        self.applies = Applies::Only(strategies);
        self
    }
    pub const fn never_database(mut self) -> Field {
        self.applies = Applies::NeverDatabase;
        self
    }
    pub const fn secret(mut self) -> Field {
        self.secret = true;
        self
    }
    pub const fn access(mut self, access: Access) -> Field {
        self.access = access;
        self
    }

    /// What a PATCH sends to bring this field back to "not set", if anything can.
    pub fn unset_value(&self) -> Option<serde_json::Value> {
        use serde_json::Value;
        match self.unset {
            Unset::Keep => None,
            Unset::Null => Some(Value::Null),
            Unset::Empty => match self.kind {
                FieldKind::Members(_)
                | FieldKind::Values(_)
                | FieldKind::AllOf(_)
                | FieldKind::Strings { .. } => Some(Value::Array(Vec::new())),
                FieldKind::Object { .. } | FieldKind::Keyed(_) | FieldKind::StringMap { .. } => {
                    Some(Value::Object(serde_json::Map::new()))
                }
                FieldKind::Text { .. } => Some(Value::String(String::new())),
                _ => None,
            },
        }
    }

    /// The key this row names in its parent object.
    pub fn key(&self) -> &'static str {
        self.pointer.rsplit('/').next().unwrap_or("")
    }

    /// The pointer of the object the row is a key of.
    pub fn parent(&self) -> &'static str {
        self.pointer
            .rsplit_once('/')
            .map_or("", |(parent, _)| parent)
    }
}

/// What a secret value is shown as (Auth0 returns some encrypted; connedit
/// keeps and sends back what it read, and shows none of it).
pub const SECRET_SHOWN: &str = "(secret, kept)";
/// What the encrypted `configuration` is shown as (SPEC §1.4).
pub const ENCRYPTED_SHOWN: &str = "(encrypted, kept)";

/// Whether `v` is what connedit shows (and pulls) in place of a secret: it
/// stands for the tenant's value, which a push keeps.
pub fn is_kept_secret(v: &serde_json::Value) -> bool {
    v.as_str() == Some(SECRET_SHOWN) || v.as_str() == Some(ENCRYPTED_SHOWN)
}

/// `file` with every kept-secret stand-in replaced by the value at the same
/// place in `tenant`. Returns the pointers of stand-ins the tenant has no
/// value for (left in place: the caller refuses to send them).
pub fn restore_kept_secrets(
    pointer: &str,
    file: &mut serde_json::Value,
    tenant: Option<&serde_json::Value>,
) -> Vec<String> {
    use serde_json::Value;
    let mut missing = Vec::new();
    match file {
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                let p = crate::core::pointer::child(pointer, &k);
                let theirs = tenant.and_then(|t| t.get(&k));
                let v = m.get_mut(&k).expect("listed");
                if is_kept_secret(v) {
                    match theirs {
                        Some(t) if !t.is_null() => *v = t.clone(),
                        _ => missing.push(p),
                    }
                } else {
                    missing.extend(restore_kept_secrets(&p, v, theirs));
                }
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter_mut().enumerate() {
                let theirs = tenant.and_then(|t| t.get(i));
                let p = crate::core::pointer::index(pointer, i);
                if is_kept_secret(v) {
                    match theirs {
                        Some(t) if !t.is_null() => *v = t.clone(),
                        _ => missing.push(p),
                    }
                } else {
                    missing.extend(restore_kept_secrets(&p, v, theirs));
                }
            }
        }
        _ => {}
    }
    missing
}

/// How the secret at `pointer` is shown.
pub fn shown_for(pointer: &str) -> &'static str {
    if pointer.starts_with("/options/configuration") {
        ENCRYPTED_SHOWN
    } else {
        SECRET_SHOWN
    }
}

/// Whether the value at `pointer` of a connection is a secret, whatever the
/// strategy: under `options`, a key the field table or any strategy's schema
/// marks secret (`configuration`, `client_secret`, `twilio_token`, signing
/// keys, …), or anything inside one. Strategy-blind on purpose: hiding a
/// value too many is better than showing one.
pub fn is_secret_path(pointer: &str) -> bool {
    let Some(rest) = pointer.strip_prefix("/options/") else {
        return false;
    };
    let mut end = "/options".len();
    for seg in rest.split('/') {
        end += 1 + seg.len();
        if is_secret_key(&pointer[..end], seg) {
            return true;
        }
    }
    false
}

/// Whether the key `seg`, at `pointer` (below `/options`), is a secret
/// itself — the step [`is_secret_path`] takes for each segment.
pub fn is_secret_key(pointer: &str, seg: &str) -> bool {
    // A field the table knows says itself (`authentication_methods.password`
    // is a switch, not a password).
    if let Some(f) = connection::exact(pointer) {
        return f.secret;
    }
    strategies::SECRET_KEYS.contains(&seg)
        || EXTRA_SECRET_KEYS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(seg))
        || connection::exact(pointer).is_some_and(|f| f.secret)
}

/// Keys that hold secrets though no schema marks them: a SAML decryption key
/// given as a PEM string, the `customHeaders` an oauth2 connection sends to
/// its provider (API keys, `Authorization`, `Proxy-Authorization`: any of
/// them can be a credential, so all are kept and none shown), …
pub const EXTRA_SECRET_KEYS: &[&str] = &[
    "decryptionKey",
    "customHeaders",
    "authorization",
    "password",
    "private_key",
    "refresh_token",
    "access_token",
];

/// Whether a string value is a secret whatever its key: a PEM private key.
pub fn is_secret_value(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| s.contains("PRIVATE KEY-----"))
}

/// `value` (found at `pointer`) with every secret inside it replaced by
/// [`SECRET_SHOWN`]: what a screen, a diff or a listing may show.
pub fn masked(pointer: &str, value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    if is_secret_path(pointer) || is_secret_value(value) {
        return Value::String(shown_for(pointer).into());
    }
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        masked(&crate::core::pointer::child(pointer, k), v),
                    )
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, v)| masked(&crate::core::pointer::index(pointer, i), v))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every secret value in `value`, as text: the string leaves
/// [`masked`] would hide, in any connection found in `value` (a connection,
/// a PATCH body, a list of them, a page of a listing). What the output
/// scrub removes by value, whatever key an echo puts it under. Stand-ins
/// ([`is_kept_secret`]) are not secrets.
pub fn secret_values(value: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    fn leaves(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if !is_kept_secret(v) => out.push(s.clone()),
            Value::Object(m) => m.values().for_each(|v| leaves(v, out)),
            Value::Array(a) => a.iter().for_each(|v| leaves(v, out)),
            _ => {}
        }
    }
    fn walk(pointer: &str, v: &Value, out: &mut Vec<String>) {
        if is_secret_path(pointer) || is_secret_value(v) {
            return leaves(v, out);
        }
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    walk(&crate::core::pointer::child(pointer, k), v, out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(&crate::core::pointer::index(pointer, i), v, out);
                }
            }
            _ => {}
        }
    }
    // Any object with `options` is a connection's root, wherever it sits.
    fn roots(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if m.get("options").is_some_and(Value::is_object) {
                    walk("", v, out);
                } else {
                    m.values().for_each(|v| roots(v, out));
                }
            }
            Value::Array(a) => a.iter().for_each(|v| roots(v, out)),
            Value::String(_) if is_secret_value(v) => leaves(v, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    roots(value, &mut out);
    out
}

/// The rows one segment below `pointer` in `table`: for the profile and
/// connection tables from an index of each row's parent made once (the
/// validate of a profile looked up connection rows by scanning and
/// comparing pointers: 75 % of its time), for any other a scan.
pub fn children<'a, 'p>(table: &'a [Field], pointer: &'p str) -> Children<'a, 'p> {
    if let Some(index) = child_index(table) {
        return Children::Indexed(index.get(pointer).map_or([].iter(), |v| v.iter()));
    }
    Children::Scan {
        rest: table.iter(),
        pointer,
    }
}

/// The iterator [`children`] returns.
pub enum Children<'a, 'p> {
    Indexed(std::slice::Iter<'a, &'static Field>),
    Scan {
        rest: std::slice::Iter<'a, Field>,
        pointer: &'p str,
    },
}

impl<'a> Iterator for Children<'a, '_> {
    type Item = &'a Field;
    fn next(&mut self) -> Option<&'a Field> {
        match self {
            Children::Indexed(it) => it.next().copied(),
            Children::Scan { rest, pointer } => rest.find(|f| {
                let p = f.pointer;
                p.len() > pointer.len()
                    && p.starts_with(*pointer)
                    && p.as_bytes()[pointer.len()] == b'/'
                    && !p[pointer.len() + 1..].contains('/')
            }),
        }
    }
}

type ChildIndex =
    std::collections::HashMap<&'static str, Vec<&'static Field>, foldhash::fast::FixedState>;

/// The row of the key `key` one segment below `parent` (no patterns): a
/// hash lookup for the profile and connection tables.
pub fn child<'a>(table: &'a [Field], parent: &str, key: &str) -> Option<&'a Field> {
    type KeyIndex = std::collections::HashMap<
        (&'static str, &'static str),
        &'static Field,
        foldhash::fast::FixedState,
    >;
    static PROFILE: std::sync::OnceLock<KeyIndex> = std::sync::OnceLock::new();
    static CONNECTION: std::sync::OnceLock<KeyIndex> = std::sync::OnceLock::new();
    let (cell, rows): (_, &'static [Field]) = if std::ptr::eq(table, profile::FIELDS) {
        (&PROFILE, profile::FIELDS)
    } else if std::ptr::eq(table, connection::FIELDS) {
        (&CONNECTION, connection::FIELDS)
    } else {
        return children(table, parent).find(|f| f.key() == key);
    };
    cell.get_or_init(|| rows.iter().map(|f| ((f.parent(), f.key()), f)).collect())
        .get(&(parent, key))
        .copied()
}

/// The parent → rows index of the profile or the connection table.
fn child_index(table: &[Field]) -> Option<&'static ChildIndex> {
    static PROFILE: std::sync::OnceLock<ChildIndex> = std::sync::OnceLock::new();
    static CONNECTION: std::sync::OnceLock<ChildIndex> = std::sync::OnceLock::new();
    let (cell, rows): (_, &'static [Field]) = if std::ptr::eq(table, profile::FIELDS) {
        (&PROFILE, profile::FIELDS)
    } else if std::ptr::eq(table, connection::FIELDS) {
        (&CONNECTION, connection::FIELDS)
    } else {
        return None;
    };
    Some(cell.get_or_init(|| {
        let mut index = ChildIndex::default();
        for f in rows {
            index.entry(f.parent()).or_default().push(f);
        }
        index
    }))
}

/// The row for `pointer` in `table`, if any: the row of that pointer, or
/// of a pattern matching it (`*` for a key of a [`FieldKind::Keyed`]
/// object, and through a [`FieldKind::Like`] row to the rows it names).
pub fn find<'a>(table: &'a [Field], pointer: &str) -> Option<&'a Field> {
    if let Some(f) = table.iter().find(|f| f.pointer == pointer) {
        return Some(f);
    }
    find_pattern(table, pointer)
}

/// [`find`] for a table with an index of its pointers (the keystroke path
/// looks up every visible row): an exact hit in the index, else the
/// patterns.
pub fn find_indexed(
    table: &'static [Field],
    index: &'static std::sync::OnceLock<std::collections::HashMap<&'static str, usize>>,
    pointer: &str,
) -> Option<&'static Field> {
    match self::index(table, index).get(pointer) {
        Some(i) => Some(&table[*i]),
        None => find_pattern(table, pointer),
    }
}

/// The index of a table's pointers, made on first use.
pub fn index(
    table: &'static [Field],
    index: &'static std::sync::OnceLock<std::collections::HashMap<&'static str, usize>>,
) -> &'static std::collections::HashMap<&'static str, usize> {
    index.get_or_init(|| {
        table
            .iter()
            .enumerate()
            .map(|(i, f)| (f.pointer, i))
            .collect()
    })
}

fn find_pattern<'a>(table: &'a [Field], pointer: &str) -> Option<&'a Field> {
    let mut pattern = String::new();
    let mut row: Option<&Field> = None;
    for seg in pointer.split('/').skip(1) {
        if let Some(FieldKind::Like(target)) = row.map(|f| f.kind) {
            pattern = target.to_string();
        }
        let here = children(table, &pattern);
        let (found, star) = here.fold((None, None), |(k, s), f| match f.key() {
            key if key == seg => (Some(f), s),
            "*" => (k, Some(f)),
            _ => (k, s),
        });
        row = Some(found.or(star)?);
        pattern = row.expect("set").pointer.to_string();
    }
    row
}

/// The row whose shape a value at `f` has: `f`, or what its `Like` names.
pub fn shape<'a>(table: &'a [Field], f: &'a Field) -> &'a Field {
    match f.kind {
        FieldKind::Like(target) => find(table, target).unwrap_or(f),
        _ => f,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_wherever_they_sit() {
        use serde_json::json;
        assert!(is_secret_path("/options/configuration/API_KEY"));
        assert!(is_secret_path("/options/client_secret"));
        assert!(is_secret_path("/options/twilio_token"));
        assert!(is_secret_path("/options/customHeaders/X-Api-Key"));
        assert!(is_secret_path("/options/customHeaders"));
        assert!(!is_secret_path("/options/client_id"));
        // A switch the table knows is not a password, though named one; a
        // password inside a map is.
        assert!(!is_secret_path(
            "/options/authentication_methods/password/enabled"
        ));
        assert!(is_secret_path("/options/fieldsMap/password"));
        assert!(
            !is_secret_path("/client_secret"),
            "only options hold secrets"
        );
        let doc = json!({"name": "okta", "options": {"client_id": "abc", "client_secret": "s3cr3t",
                         "configuration": {"K": "v"}, "nested": [{"client_secret": "x"}]}});
        let shown = masked("", &doc).to_string();
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("\"v\"") && !shown.contains("\"x\""),
            "{shown}"
        );
        assert!(shown.contains("abc"), "{shown}");
    }

    #[test]
    fn a_row_knows_its_key_and_parent() {
        let f = Field::new("/options/mfa/active", "mfa", FieldKind::Bool, "");
        assert_eq!(f.key(), "active");
        assert_eq!(f.parent(), "/options/mfa");
        let top = Field::new("/name", "name", FieldKind::ConnectionName, "");
        assert_eq!(top.parent(), "");
    }
}
