//! The rows of the Profile and Password policy panes: which fields exist, in
//! which order, how each is edited and what its value means. Rows are computed
//! from the document value, so lists and present overrides grow their rows.
//!
//! Long (about 1,030 lines): the rows of every pane, their identity, the
//! field tables' walker, and their tests (320 lines: every table field has a
//! row, every row its own identity, every meaning a case).

use crate::core::derived::SampleOrg;
use crate::core::fields::{self, Access, Field, FieldKind, Seen};
use crate::core::pointer::child;
use crate::core::{Kind, policy};
use serde_json::Value;
use std::collections::HashSet;

/// How a row is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// A string, edited in the line editor.
    Text,
    /// A whole number, edited in the line editor.
    Integer,
    /// One of a fixed set: a choice list, or Space to cycle.
    Enum(&'static [&'static str]),
    Bool,
    /// One checkable value of the string array at the row's pointer.
    Member(&'static str),
    /// One of the tenant's applications, checked when the connection's
    /// `enabled_clients` names it (by name or id).
    Application {
        name: String,
    },
    /// A collapsible header; `count` shows n/max for lists.
    Group {
        count: Option<(usize, usize)>,
    },
    /// An optional object (a strategy override): Space adds or removes it.
    Presence,
    /// An item of a string list; the pointer is the item's.
    Entry,
    /// "add entry" at the end of a list; the pointer is the list's.
    AddEntry {
        max: usize,
    },
    /// "add parameter" at the end of `upstream_params`: a name (an alias
    /// parameter) or `name=value` (a fixed one); the pointer is the map's.
    AddParam,
    /// "add entry" at the end of an object of named values: `name=value`;
    /// the pointer is the object's.
    AddKey,
    /// A value the form shows but does not edit (an object or a list inside
    /// an object of named values): edited in the file, kept.
    Fixed,
    /// Switch between the legacy policy and `password_options`.
    Convert,
    /// `allowed_values`: absent, or both values.
    BothValues,
    /// The sample organization the prefix is expanded for (not in the document).
    SampleOrgId,
    SampleOrgName,
    /// The password being tried (masked unless shown; never saved).
    TryPassword,
    /// A field of the sample user for the personal-data rule.
    TryUser(&'static str),
    /// One line of the tester's checklist (read-only).
    Verdict,
}

/// The password tester's state: in memory only, never in a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Tester {
    /// zxcvbn's estimate, made off the keystroke path, and the
    /// [`Tester::key`] of the password and user it is for.
    pub estimate: Option<(u64, (u8, String))>,
    pub password: String,
    pub show: bool,
    pub user: crate::core::password::SampleUser,
}

impl Tester {
    /// Which password and sample user an estimate is for.
    pub fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&self.password, &self.user).hash(&mut h);
        h.finish()
    }

    /// The estimate of the password and user as they are now, if made.
    pub fn current_estimate(&self) -> Option<&(u8, String)> {
        let key = self.key();
        self.estimate
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, e)| e)
    }

    /// What to estimate, when the estimate is not made yet: the key, the
    /// password and the user.
    pub fn wanted(&self) -> Option<(u64, String, crate::core::password::SampleUser)> {
        if self.password.is_empty() || self.current_estimate().is_some() {
            return None;
        }
        Some((self.key(), self.password.clone(), self.user.clone()))
    }
}

/// The sample-user fields the tester offers, as `blocked_fields` names them.
pub const TRY_USER_FIELDS: [&str; 5] = [
    "name",
    "username",
    "email",
    "user_metadata.first",
    "user_metadata.last",
];

/// What a row stands for. Most rows are a place in the document, named by
/// its JSON pointer; the editor's own rows (its group headers, the sample
/// organization, the password tester) are not, and their identity says so:
/// no code can look one of them up in a document by mistake.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RowId {
    /// The value at this JSON pointer of the document.
    Field(String),
    /// The checkbox of one value of the string array at the pointer.
    Member(String, &'static str),
    /// The checkbox of one of the tenant's applications (by client id) in
    /// the connection's enabled applications.
    Application(String),
    /// The "add entry" row of the list, or "add parameter" of the map, at
    /// the pointer.
    Add(String),
    /// The switch between the legacy policy and `password_options`.
    Convert,
    /// A header of the editor's own grouping of fields.
    Section(Section),
    /// A field of the sample organization the prefix is expanded for.
    Sample(SampleField),
    /// The password being tried.
    TryPassword,
    /// A field of the tester's sample user, by its `blocked_fields` name.
    TryUser(&'static str),
    /// Line `n` of the tester's verdict.
    Verdict(usize),
}

impl RowId {
    pub fn field(pointer: &str) -> RowId {
        RowId::Field(pointer.to_string())
    }

    /// The JSON pointer, for a place in the document.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            RowId::Field(p) | RowId::Member(p, _) | RowId::Add(p) => Some(p),
            RowId::Application(_) => Some(fields::connection::ENABLED_CLIENTS),
            _ => None,
        }
    }
}

/// The editor's own groups: headers that are not a place in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The Profile pane's sample organization.
    Sample,
    /// The legacy password policy's fields, beside `password_options`.
    Legacy,
    /// A database connection's top-level settings.
    Settings,
    /// A database connection's options outside the password policy.
    Options,
    /// The password tester.
    Try,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SampleField {
    OrgId,
    OrgName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub id: RowId,
    pub kind: RowKind,
    pub depth: u8,
}

impl Row {
    fn new(label: impl Into<String>, id: RowId, kind: RowKind, depth: u8) -> Row {
        Row {
            label: label.into(),
            id,
            kind,
            depth,
        }
    }

    /// The JSON pointer of the row's place in the document, if it has one.
    pub fn pointer(&self) -> Option<&str> {
        self.id.pointer()
    }

    /// The document's value at the row's place.
    pub fn value_in<'v>(&self, doc: &'v Value) -> Option<&'v Value> {
        doc.pointer(self.pointer()?)
    }

    /// Whether the row's place is `pointer` or inside it.
    pub fn is_within(&self, pointer: &str) -> bool {
        self.pointer()
            .is_some_and(|p| crate::core::pointer::is_within(p, pointer))
    }

    /// Whether the row is a place in the document (not the sample, the
    /// tester, one of the editor's own headers or an action): its identity
    /// has a pointer.
    pub fn in_document(&self) -> bool {
        self.pointer().is_some()
    }
}

/// Which groups are folded, for each kind of document.
#[derive(Debug, Clone, Default)]
pub struct Folds(crate::tui::workspace::PerDoc<HashSet<RowId>>);

impl Folds {
    pub fn of(&self, doc: Kind) -> &HashSet<RowId> {
        self.0.get(doc)
    }

    pub fn is_folded(&self, doc: Kind, id: &RowId) -> bool {
        self.0.get(doc).contains(id)
    }

    pub fn fold(&mut self, doc: Kind, id: RowId) {
        self.0.get_mut(doc).insert(id);
    }

    pub fn unfold(&mut self, doc: Kind, id: &RowId) {
        self.0.get_mut(doc).remove(id);
    }

    pub fn flip(&mut self, doc: Kind, id: &RowId) {
        let set = self.0.get_mut(doc);
        if !set.remove(id) {
            set.insert(id.clone());
        }
    }
}

/// Whether the value at `pointer` is a secret by its place or its content:
/// the form never shows it (it is kept, and the preview masks it).
fn is_secret(doc: &Value, pointer: &str) -> bool {
    fields::is_secret_path(pointer) || doc.pointer(pointer).is_some_and(fields::is_secret_value)
}

struct Builder<'a> {
    rows: Vec<Row>,
    value: &'a Value,
    collapsed: &'a HashSet<RowId>,
    /// The tenant's applications, once read: the enabled applications are
    /// a checkbox each.
    apps: Option<&'a [crate::core::apps::App]>,
}

impl Builder<'_> {
    /// A row of the field at `pointer` (none for a secret, wherever it
    /// sits: a `password` key of a map is kept and never shown).
    fn push(&mut self, label: &str, pointer: &str, kind: RowKind, depth: u8) {
        if is_secret(self.value, pointer) {
            return;
        }
        self.rows
            .push(Row::new(label, RowId::field(pointer), kind, depth));
    }

    /// One of the editor's own rows.
    fn own(&mut self, label: &str, id: RowId, kind: RowKind, depth: u8) {
        self.rows.push(Row::new(label, id, kind, depth));
    }

    /// A header; returns whether its content is shown.
    fn group(&mut self, label: &str, id: RowId, count: Option<(usize, usize)>, depth: u8) -> bool {
        let shown = !self.collapsed.contains(&id);
        self.own(label, id, RowKind::Group { count }, depth);
        shown
    }

    fn list(&mut self, label: &str, pointer: &str, max: usize, depth: u8) {
        if is_secret(self.value, pointer) {
            return;
        }
        let items = self.value.pointer(pointer).and_then(Value::as_array);
        let n = items.map_or(0, Vec::len);
        if self.group(label, RowId::field(pointer), Some((n, max)), depth) {
            // The list's place is not a secret (checked above): an entry is
            // one only by its content, checked here without a lookup by
            // pointer per entry (a 200-word dictionary is rebuilt on every
            // key typed into the tester).
            for (i, item) in items.into_iter().flatten().enumerate() {
                if fields::is_secret_value(item) {
                    continue;
                }
                let text = item
                    .as_str()
                    .map_or_else(|| item.to_string(), str::to_string);
                let id = RowId::Field(format!("{pointer}/{i}"));
                self.rows
                    .push(Row::new(&text, id, RowKind::Entry, depth + 1));
            }
            let add = RowId::Add(pointer.to_string());
            self.own("+ add entry", add, RowKind::AddEntry { max }, depth + 1);
        }
    }

    /// The enabled applications with the tenant's applications known: a
    /// checkbox each, in the tenant's order; an entry that names none of
    /// them stays a list entry (a push stops on it), and more can be typed.
    fn applications(
        &mut self,
        label: &str,
        pointer: &str,
        apps: &[crate::core::apps::App],
        depth: u8,
    ) {
        let entries: Vec<String> = match crate::core::apps::entries(self.value) {
            Some(Ok(e)) => e,
            // Not a list of names: the list's rows say what is there.
            Some(Err(_)) => return self.list(label, pointer, usize::MAX, depth),
            None => Vec::new(),
        };
        let on = crate::core::apps::resolve_known(&entries, apps);
        if self.group(
            label,
            RowId::field(pointer),
            Some((on.len(), apps.len())),
            depth,
        ) {
            for a in apps {
                let shown = if a.name.is_empty() { &a.id } else { &a.name };
                self.own(
                    &format!("{shown} ({})", a.id),
                    RowId::Application(a.id.clone()),
                    RowKind::Application {
                        name: a.name.clone(),
                    },
                    depth + 1,
                );
            }
            for (i, e) in entries.iter().enumerate() {
                if crate::core::apps::resolve_known(std::slice::from_ref(e), apps).is_empty() {
                    let label = format!("{e} (not an application on the tenant)");
                    self.push(
                        &label,
                        &crate::core::pointer::index(pointer, i),
                        RowKind::Entry,
                        depth + 1,
                    );
                }
            }
            let add = RowId::Add(pointer.to_string());
            self.own(
                "+ add entry",
                add,
                RowKind::AddEntry { max: usize::MAX },
                depth + 1,
            );
        }
    }

    /// An object of named values: a row per key (a one-line string edits;
    /// any other value, a script say, is shown and kept, edited in the
    /// file) and an entry to add one.
    fn map(&mut self, label: &str, pointer: &str, depth: u8) {
        if is_secret(self.value, pointer) {
            return;
        }
        let entries = self.value.pointer(pointer).and_then(Value::as_object);
        let n = entries.map_or(0, serde_json::Map::len);
        if self.group(label, RowId::field(pointer), Some((n, usize::MAX)), depth) {
            for (k, v) in entries.into_iter().flatten() {
                let kind = if v.as_str().is_some_and(|s| !s.contains('\n')) || v.is_null() {
                    RowKind::Text
                } else {
                    RowKind::Fixed
                };
                self.push(k, &child(pointer, k), kind, depth + 1);
            }
            let add = RowId::Add(pointer.to_string());
            self.own("+ add entry (name=value)", add, RowKind::AddKey, depth + 1);
        }
    }

    /// The rows of the table's fields one segment below `pattern`, for the
    /// object at `path`, in the table's order (`skip` leaves some to the
    /// caller). Read-only, identity and secret fields are not rows: the
    /// preview shows them, and they are kept.
    fn fields(
        &mut self,
        table: &'static [Field],
        pattern: &str,
        path: &str,
        depth: u8,
        skip: &dyn Fn(&Field) -> bool,
    ) {
        for f in fields::children(table, pattern) {
            if skip(f)
                || f.secret
                || f.key() == "*"
                || matches!(f.access, Access::ReadOnly | Access::Identity)
            {
                continue;
            }
            self.field(table, f, &child(path, f.key()), depth, skip);
        }
    }

    /// The row (or rows) of one field at `path`, from its table row.
    fn field(
        &mut self,
        table: &'static [Field],
        f: &Field,
        path: &str,
        depth: u8,
        skip: &dyn Fn(&Field) -> bool,
    ) {
        let shape = fields::shape(table, f);
        match shape.kind {
            FieldKind::Bool => self.push(f.label, path, RowKind::Bool, depth),
            FieldKind::Enum(values) => self.push(f.label, path, RowKind::Enum(values), depth),
            FieldKind::Text { .. } | FieldKind::ConnectionName => {
                self.push(f.label, path, RowKind::Text, depth)
            }
            FieldKind::Integer { .. } => self.push(f.label, path, RowKind::Integer, depth),
            FieldKind::Members(values) | FieldKind::Values(values) => {
                for v in values {
                    let id = RowId::Member(path.to_string(), v);
                    self.own(&format!("{} {v}", f.label), id, RowKind::Member(v), depth);
                }
            }
            FieldKind::AllOf(_) => self.push(f.label, path, RowKind::BothValues, depth),
            FieldKind::Strings { .. }
                if path == crate::core::fields::connection::ENABLED_CLIENTS
                    && let Some(apps) = self.apps =>
            {
                self.applications(f.label, path, apps, depth)
            }
            FieldKind::Strings { max_items, .. } => self.list(f.label, path, max_items, depth),
            FieldKind::Object { .. } => {
                // An object holding only one object shows as one group
                // (provisioning → scim → tokens).
                let (mut inner, mut at) = (shape, path.to_string());
                loop {
                    let mut kids = fields::children(table, inner.pointer);
                    match (kids.next(), kids.next()) {
                        (Some(only), None) if matches!(only.kind, FieldKind::Object { .. }) => {
                            at = child(&at, only.key());
                            inner = only;
                        }
                        _ => break,
                    }
                }
                let shown = fields::children(table, inner.pointer).any(|c| {
                    !skip(c)
                        && !c.secret
                        && !matches!(c.kind, FieldKind::ByRule | FieldKind::StringMap { .. })
                });
                if shown && f.flat {
                    self.fields(table, inner.pointer, &at, depth, skip);
                } else if shown && self.group(f.label, RowId::field(path), None, depth) {
                    self.fields(table, inner.pointer, &at, depth + 1, skip);
                }
            }
            FieldKind::Keyed(keys) => {
                let present = self
                    .value
                    .pointer(path)
                    .and_then(Value::as_object)
                    .map_or(0, |m| m.len());
                if self.group(
                    f.label,
                    RowId::field(path),
                    Some((present, keys.len())),
                    depth,
                ) {
                    let each = fields::children(table, shape.pointer).find(|c| c.key() == "*");
                    for k in keys {
                        let p = child(path, k);
                        self.push(k, &p, RowKind::Presence, depth + 1);
                        if let Some(each) = each
                            && self.value.pointer(&p).is_some_and(Value::is_object)
                            && !self.collapsed.contains(&RowId::Field(p.clone()))
                        {
                            self.fields(table, each.pointer, &p, depth + 2, skip);
                        }
                    }
                }
            }
            FieldKind::StringMap { .. } => self.map(f.label, path, depth),
            FieldKind::Like(_) | FieldKind::ByRule => {}
        }
    }

    /// The row of the connection field at `pointer` (a row of the table).
    fn connection_field(&mut self, pointer: &str, depth: u8) {
        let table = fields::connection::FIELDS;
        let f = fields::connection::field(pointer).expect("a row of the connection table");
        self.field(table, f, pointer, depth, &|_| false);
    }
}

/// The Profile pane: the profile's field table, in its order, and the
/// sample organization the prefix is expanded for.
pub fn profile_rows(value: &Value, collapsed: &HashSet<RowId>) -> Vec<Row> {
    let mut b = Builder {
        rows: Vec::new(),
        value,
        collapsed,
        apps: None,
    };
    b.fields(fields::profile::FIELDS, "", "", 0, &|_| false);
    let sample = RowId::Section(Section::Sample);
    if b.group("preview sample organization", sample, None, 0) {
        let id = RowId::Sample(SampleField::OrgId);
        b.own("sample org_id", id, RowKind::SampleOrgId, 1);
        let name = RowId::Sample(SampleField::OrgName);
        b.own("sample org_name", name, RowKind::SampleOrgName, 1);
    }
    b.rows
}

/// The Connection pane of a connection that is not a database connection:
/// its top-level settings and its strategy's scalar options, generated from
/// the field table and the strategy's schema. What the form cannot show
/// (objects, lists, secrets) stays in the preview, and in the document.
pub fn strategy_rows(
    value: &Value,
    collapsed: &HashSet<RowId>,
    apps: Option<&[crate::core::apps::App]>,
) -> Vec<Row> {
    use crate::core::fields::strategies::{OptionKind, option_rows};
    let mut b = Builder {
        rows: Vec::new(),
        value,
        collapsed,
        apps,
    };
    b.fields(fields::connection::FIELDS, "", "", 0, &top_level_elsewhere);
    let strategy = value.get("strategy").and_then(Value::as_str).unwrap_or("");
    let options = option_rows(strategy);
    if b.group(
        &format!("{} options", crate::core::scrub::one_line(strategy)),
        RowId::field("/options"),
        None,
        0,
    ) {
        // Each object's keys follow it; a folded object hides them.
        let mut hidden: Option<String> = None;
        for o in options {
            let at = format!("/options{}", o.path);
            if hidden
                .as_deref()
                .is_some_and(|h| crate::core::pointer::is_below(&at, h))
            {
                continue;
            }
            hidden = None;
            let depth = o.depth + 1;
            match &o.kind {
                OptionKind::Bool => b.push(o.key, &at, RowKind::Bool, depth),
                OptionKind::Enum(v) => b.push(o.key, &at, RowKind::Enum(v.as_slice()), depth),
                OptionKind::Text => b.push(o.key, &at, RowKind::Text, depth),
                OptionKind::Integer => b.push(o.key, &at, RowKind::Integer, depth),
                OptionKind::Strings { max } => b.list(o.key, &at, *max, depth),
                OptionKind::Members(values) => {
                    if b.group(o.key, RowId::field(&at), None, depth) {
                        for v in values {
                            let id = RowId::Member(at.clone(), v);
                            b.own(v, id, RowKind::Member(v), depth + 1);
                        }
                    }
                }
                OptionKind::Map => b.map(o.key, &at, depth),
                OptionKind::Object => {
                    if !b.group(o.key, RowId::field(&at), None, depth) {
                        hidden = Some(at);
                    }
                }
            }
        }
        // The seed's options of social and enterprise connections where the
        // strategy's schema does not type them itself; the options typed as
        // a database connection types them (brute_force_protection on
        // email, …) and deprecated ones only when the document has them.
        let present = value.get("options").and_then(Value::as_object);
        b.fields(
            fields::connection::FIELDS,
            "/options",
            "/options",
            1,
            &|f: &Field| {
                let set = present.is_some_and(|o| o.contains_key(f.key()));
                !f.applies.to(strategy)
                    || options.iter().any(|o| o.depth == 0 && o.key == f.key())
                    || (!set
                        && (f.applies == fields::Applies::Every
                            || matches!(f.access, Access::Deprecated(_) | Access::Elsewhere(_))))
            },
        );
    }
    // upstream_params (the seed): each parameter is passed as an alias of an
    // OAuth parameter (pick one) or a fixed value (edit it).
    let up = "/options/upstream_params";
    let params = value.pointer(up).and_then(Value::as_object);
    if b.group(
        "upstream_params",
        RowId::field(up),
        Some((params.map_or(0, |m| m.len()), usize::MAX)),
        0,
    ) {
        for (name, p) in params.into_iter().flatten() {
            let base = child(up, name);
            if p.get("value").is_some() {
                b.push(
                    &format!("{name} = value"),
                    &child(&base, "value"),
                    RowKind::Text,
                    1,
                );
            } else {
                b.push(
                    &format!("{name} → alias"),
                    &child(&base, "alias"),
                    RowKind::Enum(&fields::connection::UPSTREAM_ALIASES),
                    1,
                );
            }
        }
        b.own(
            "+ add parameter (name, or name=value)",
            RowId::Add(up.to_string()),
            RowKind::AddParam,
            1,
        );
    }
    b.rows
}

/// The rows of the connection pane: the password policy for a database
/// connection, the strategy's options for any other.
pub fn connection_rows(
    value: &Value,
    collapsed: &HashSet<RowId>,
    tester: &Tester,
    apps: Option<&[crate::core::apps::App]>,
) -> Vec<Row> {
    if !matches!(
        fields::connection::strategy(value, None),
        crate::core::kind::Strategy::Other(_)
    ) {
        password_rows(value, collapsed, tester, apps)
    } else {
        strategy_rows(value, collapsed, apps)
    }
}

/// Top-level fields the connection pane does not show as rows: the options
/// (their own group) and what is deprecated. (The enabled applications,
/// pushed through their own endpoint, are a list of names like `realms`.)
fn top_level_elsewhere(f: &Field) -> bool {
    f.key() == "options" || matches!(f.access, Access::Deprecated(_))
}

/// The options the password pane shows in its own layout.
fn in_password_pane(f: &Field) -> bool {
    let key = f.key();
    fields::connection::LEGACY_POLICY_KEYS.contains(&key)
        || matches!(
            key,
            "password_options" | "validation" | "requires_username" | "attributes" | "precedence"
        )
}

/// The Password policy pane: the legacy policy, the related options and the
/// flexible `password_options`.
pub fn password_rows(
    value: &Value,
    collapsed: &HashSet<RowId>,
    tester: &Tester,
    apps: Option<&[crate::core::apps::App]>,
) -> Vec<Row> {
    let mut b = Builder {
        rows: Vec::new(),
        value,
        collapsed,
        apps,
    };
    let o = "/options";
    let flexible = policy::connection_uses_flexible(value);
    b.own(
        if flexible {
            "→ convert to legacy policy"
        } else {
            "→ convert to password_options"
        },
        RowId::Convert,
        RowKind::Convert,
        0,
    );
    if b.group("legacy policy", RowId::Section(Section::Legacy), None, 0) {
        for p in [
            "/options/passwordPolicy",
            "/options/password_complexity_options/min_length",
            "/options/password_history/enable",
            "/options/password_history/size",
            "/options/password_no_personal_info/enable",
            "/options/password_dictionary/enable",
            "/options/password_dictionary/dictionary",
        ] {
            b.connection_field(p, 1);
        }
    }
    b.connection_field("/options/validation/username/min", 0);
    b.connection_field("/options/validation/username/max", 0);
    b.connection_field("/options/requires_username", 0);
    let p = "/options/password_options";
    let f = fields::connection::field(p).expect("a row");
    if b.group(f.label, RowId::field(p), None, 0) {
        // Flat: the labels name their part (dictionary active, history size).
        for part in fields::children(fields::connection::FIELDS, p) {
            b.fields(
                fields::connection::FIELDS,
                part.pointer,
                part.pointer,
                1,
                &|_| false,
            );
        }
    }
    // Everything else the table knows of a database connection.
    if b.group(
        "connection settings",
        RowId::Section(Section::Settings),
        None,
        0,
    ) {
        b.fields(fields::connection::FIELDS, "", "", 1, &top_level_elsewhere);
    }
    if b.group("other options", RowId::Section(Section::Options), None, 0) {
        b.fields(fields::connection::FIELDS, o, o, 1, &|f: &Field| {
            !f.applies.to("auth0") || in_password_pane(f)
        });
    }
    if b.group("try a password", RowId::Section(Section::Try), None, 0) {
        b.own("password", RowId::TryPassword, RowKind::TryPassword, 1);
        for f in TRY_USER_FIELDS {
            let label = format!("sample {}", f.trim_start_matches("user_metadata."));
            b.own(&label, RowId::TryUser(f), RowKind::TryUser(f), 1);
        }
        if tester.password.is_empty() {
            b.own(
                "type a password above to see what the policy says",
                RowId::Verdict(0),
                RowKind::Verdict,
                1,
            );
        } else {
            let empty = serde_json::Map::new();
            let options = value
                .get("options")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            let mut v =
                crate::core::password::evaluate_rules(options, &tester.password, &tester.user);
            v.estimate = tester.current_estimate().cloned();
            let summary = if v.accepted {
                "ACCEPTED by"
            } else {
                "REJECTED by"
            };
            let heading = format!("{summary} the {}", v.policy);
            b.own(&heading, RowId::Verdict(0), RowKind::Verdict, 1);
            for (i, c) in v.checks.iter().enumerate() {
                b.own(&c.line(), RowId::Verdict(i + 1), RowKind::Verdict, 2);
            }
            let last = RowId::Verdict(v.checks.len() + 1);
            b.own(&v.estimate_line(), last, RowKind::Verdict, 2);
        }
    }
    b.rows
}

/// The value a row shows, as text.
pub fn value_text(row: &Row, value: &Value, sample: &SampleOrg) -> String {
    let v = row.value_in(value);
    match &row.kind {
        RowKind::Member(item) => {
            let on = v
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|x| x == *item));
            if on { "[x]" } else { "[ ]" }.to_string()
        }
        RowKind::Presence => if v.is_some() { "[x]" } else { "[ ]" }.to_string(),
        RowKind::Application { name } => {
            let on = application_enabled(value, &row.id, name);
            if on { "[x]" } else { "[ ]" }.to_string()
        }
        RowKind::Group {
            count: Some((n, max)),
        } if *max == usize::MAX => n.to_string(),
        RowKind::Group {
            count: Some((n, max)),
        } => format!("{n}/{max}"),
        RowKind::Group { .. }
        | RowKind::AddEntry { .. }
        | RowKind::AddParam
        | RowKind::AddKey
        | RowKind::Convert
        | RowKind::Entry => String::new(),
        RowKind::BothValues => match v {
            None => "(only default_value)".to_string(),
            Some(v) => compact(v),
        },
        RowKind::SampleOrgId => sample.org_id.clone(),
        RowKind::SampleOrgName => sample.org_name.clone(),
        RowKind::TryPassword | RowKind::TryUser(_) | RowKind::Verdict => String::new(),
        RowKind::Fixed => match v {
            Some(Value::String(s)) => format!("({} lines, edited in the file)", s.lines().count()),
            // An object or a list in a map: the secrets inside it masked
            // (a `client_secret` below a fieldsMap entry is one).
            Some(v) => compact(&fields::masked(row.pointer().unwrap_or(""), v)),
            None => "·".to_string(),
        },
        _ => match v {
            None => "·".to_string(),
            Some(Value::String(s)) if matches!(row.kind, RowKind::Text) => format!("\"{s}\""),
            Some(Value::String(s)) => s.clone(),
            Some(v) => compact(v),
        },
    }
}

/// Whether the connection's `enabled_clients` names the application of
/// the row (its id, or its name).
pub fn application_enabled(doc: &Value, id: &RowId, name: &str) -> bool {
    let RowId::Application(client) = id else {
        return false;
    };
    let Some(Ok(entries)) = crate::core::apps::entries(doc) else {
        return false;
    };
    // The core's matching (an id, or a name), with this one application.
    let app = crate::core::apps::App {
        id: client.clone(),
        name: name.to_string(),
    };
    !crate::core::apps::resolve_known(&entries, std::slice::from_ref(&app)).is_empty()
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// What a row's value means, in a few words (shown beside it): the field
/// table's meaning for the row's field; for the editor's own groups, which
/// policy is in effect.
pub fn meaning(row: &Row, kind: Kind, doc: &Value, sample: &SampleOrg) -> String {
    if row.id == RowId::Section(Section::Legacy) {
        let in_effect = policy::connection_uses_flexible(doc);
        return if in_effect {
            "inert: password_options is in effect".to_string()
        } else {
            "in effect".to_string()
        };
    }
    // List entries, checkboxes and presence rows have no meaning of their
    // own: not looked up (this runs for every visible row of every frame).
    let Some(pointer) = row.pointer() else {
        return String::new();
    };
    if !row.in_document()
        || matches!(
            row.kind,
            RowKind::Entry
                | RowKind::AddEntry { .. }
                | RowKind::AddParam
                | RowKind::AddKey
                | RowKind::Member(_)
                | RowKind::Application { .. }
                | RowKind::Presence
        )
    {
        return String::new();
    }
    let found = match kind {
        Kind::Profile => fields::profile::field(pointer),
        Kind::Connection => fields::connection::field(pointer),
    };
    // What the value means where the table can say; else what the field is
    // for: the table's words, or the strategy's schema's.
    if let Some(say) = found.and_then(|f| f.meaning) {
        return say(&Seen {
            value: doc.pointer(pointer),
            doc,
            sample,
        });
    }
    if let Some(f) = found.filter(|f| !f.help.is_empty()) {
        return f.help.to_string();
    }
    let strategy = doc.get("strategy").and_then(Value::as_str);
    match (kind, strategy, pointer.strip_prefix("/options")) {
        (Kind::Connection, Some(s), Some(below)) => {
            fields::strategies::description(s, below).to_string()
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn profile_rows_follow_the_table_order() {
        let rows = profile_rows(&json!({}), &HashSet::new());
        let labels: Vec<&str> = rows.iter().take(7).map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "name",
                "show_as_button",
                "assign_membership_on_login",
                "name prefix template",
                "feature scim",
                "feature universal_logout",
                "strategy_overrides"
            ]
        );
    }

    /// A document with `value` at `pointer` and every object above it (a
    /// `*` is the first key its keyed parent allows); returns the real pointer.
    fn with_field(table: &[Field], doc: &mut Value, pointer: &str, value: Value) -> String {
        let mut real = String::new();
        let segs: Vec<&str> = pointer.split('/').skip(1).collect();
        let mut at = doc;
        for (i, seg) in segs.iter().enumerate() {
            let key = if *seg == "*" {
                match fields::find(table, &real).map(|f| f.kind) {
                    Some(FieldKind::Keyed(keys)) => keys[0].to_string(),
                    other => panic!("{pointer}: * below {other:?}"),
                }
            } else {
                seg.to_string()
            };
            real = child(&real, &key);
            if i + 1 == segs.len() {
                at[key.as_str()] = value.clone();
            } else {
                at = at
                    .as_object_mut()
                    .unwrap()
                    .entry(key)
                    .or_insert_with(|| json!({}));
            }
        }
        real
    }

    /// A row's identity is its own: no two rows of a pane share one, with
    /// every group unfolded, lists and overrides filled, the tester showing
    /// its verdict, and on a social connection's pane too. Rows that edit the
    /// document have a pointer; the editor's own rows have none.
    #[test]
    fn every_row_has_its_own_identity() {
        let example = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        let mut connection = example(crate::tui::workspace::EXAMPLE_CONNECTION);
        connection["options"]["password_dictionary"] =
            json!({"enable": true, "dictionary": ["acme", "hunter2"]});
        let social = json!({"name": "g", "strategy": "google-oauth2", "options": {
            "upstream_params": {"screen_hint": {"alias": "login_hint"}, "x": {"value": "1"}}}});
        let profile = example(crate::tui::workspace::EXAMPLE_PROFILE);
        let tester = Tester {
            password: "correct horse".into(),
            ..Tester::default()
        };
        let none = HashSet::new();
        for (what, rows) in [
            ("profile", profile_rows(&profile, &none)),
            (
                "database",
                connection_rows(&connection, &none, &tester, None),
            ),
            ("social", connection_rows(&social, &none, &tester, None)),
        ] {
            let mut seen = HashSet::new();
            for r in &rows {
                assert!(seen.insert(&r.id), "{what}: two rows are {:?}", r.id);
                let own = matches!(
                    r.kind,
                    RowKind::Convert
                        | RowKind::SampleOrgId
                        | RowKind::SampleOrgName
                        | RowKind::TryPassword
                        | RowKind::TryUser(_)
                        | RowKind::Verdict
                ) || matches!(r.id, RowId::Section(_));
                assert_eq!(own, !r.in_document(), "{what}: {r:?}");
                assert_eq!(own, r.pointer().is_none(), "{what}: {r:?}");
            }
            assert!(rows.len() > 10, "{what}: {} rows", rows.len());
        }
    }

    /// Every field a form can edit has a row in its pane, at its pointer,
    /// with the table's kind: adding a row to a table adds it to the editor.
    #[test]
    fn every_editable_field_of_the_tables_has_a_row() {
        let mut missing = Vec::new();
        for (kind, table) in [
            (Kind::Profile, fields::profile::FIELDS),
            (Kind::Connection, fields::connection::FIELDS),
        ] {
            for f in table {
                let shape = fields::shape(table, f);
                let sample = match shape.kind {
                    FieldKind::Bool => json!(true),
                    FieldKind::Enum(v)
                    | FieldKind::Members(v)
                    | FieldKind::Values(v)
                    | FieldKind::AllOf(v) => {
                        json!(v[0])
                    }
                    FieldKind::Text { .. } | FieldKind::ConnectionName => json!("x"),
                    FieldKind::Integer { min, .. } => json!(min),
                    FieldKind::Strings { .. } => json!([]),
                    _ => continue,
                };
                if f.secret
                    || matches!(
                        f.access,
                        Access::ReadOnly | Access::Identity | Access::Deprecated(_)
                    )
                {
                    continue;
                }
                let strategy = match f.applies {
                    fields::Applies::NotDatabase => "okta",
                    fields::Applies::Only(list) => list[0],
                    _ => "auth0",
                };
                let mut doc = match kind {
                    Kind::Profile => json!({"name": "p"}),
                    Kind::Connection => json!({"name": "c", "strategy": strategy}),
                };
                let real = with_field(table, &mut doc, f.pointer, sample);
                let none = HashSet::new();
                let rows = match kind {
                    Kind::Profile => profile_rows(&doc, &none),
                    Kind::Connection => connection_rows(&doc, &none, &Tester::default(), None),
                };
                if !rows
                    .iter()
                    .any(|r| r.pointer() == Some(&real) && r.in_document())
                {
                    missing.push(format!("{} ({strategy})", f.pointer));
                }
            }
        }
        assert!(missing.is_empty(), "no row for: {missing:?}");
    }

    /// Issue 27's form test, for every strategy: each option its schema types
    /// (and each table field that applies to it) has a row, at its pointer;
    /// no row is for an option of another strategy only.
    #[test]
    fn every_strategy_has_a_row_for_each_option_and_none_of_anothers() {
        use crate::core::fields::strategies::{self, OptionKind};
        let none = HashSet::new();
        let mut missing = Vec::new();
        let mut foreign = Vec::new();
        for s in strategies::names() {
            if *s == "auth0" {
                continue;
            }
            let doc = json!({"name": "c", "strategy": s, "options": {}});
            let rows = connection_rows(&doc, &none, &Tester::default(), None);
            for o in strategies::option_rows(s) {
                let at = format!("/options{}", o.path);
                let found = rows.iter().any(|r| match (&r.id, &o.kind) {
                    (RowId::Member(p, _), OptionKind::Members(_)) => *p == at,
                    _ => r.pointer() == Some(at.as_str()),
                });
                if !found {
                    missing.push(format!("{s} {at}"));
                }
            }
            for f in fields::connection::FIELDS {
                let below_options = f.pointer.starts_with("/options/");
                let one_level = !f.pointer["/options/".len().min(f.pointer.len())..].contains('/');
                if !below_options
                    || !one_level
                    || !f.applies.to(s)
                    || f.secret
                    || f.applies == fields::Applies::Every
                    || matches!(
                        f.access,
                        Access::ReadOnly
                            | Access::Identity
                            | Access::Deprecated(_)
                            | Access::Elsewhere(_)
                    )
                    || matches!(f.kind, FieldKind::ByRule | FieldKind::Like(_))
                {
                    continue;
                }
                let found = rows.iter().any(|r| {
                    r.pointer() == Some(f.pointer)
                        || matches!(&r.id, RowId::Member(p, _) if p == f.pointer)
                });
                if !found {
                    missing.push(format!("{s} {} (table)", f.pointer));
                }
            }
            // Every row below options is the strategy's: its schema's, a
            // table field that applies to it, or inside one of those.
            for r in rows.iter().filter(|r| r.in_document()) {
                let Some(p) = r.pointer() else { continue };
                let Some(below) = p.strip_prefix("/options") else {
                    continue;
                };
                if below.is_empty() || below.starts_with("/upstream_params") {
                    continue;
                }
                let key = below.split('/').nth(1).unwrap_or("");
                let schema = strategies::option_rows(s)
                    .iter()
                    .any(|o| o.depth == 0 && o.key == key);
                let table = fields::connection::field(&format!("/options/{key}"))
                    .is_some_and(|f| f.applies.to(s));
                if !schema && !table {
                    foreign.push(format!("{s} {p}"));
                }
            }
        }
        assert!(missing.is_empty(), "no row for: {missing:?}");
        assert!(foreign.is_empty(), "rows of another strategy: {foreign:?}");
    }

    /// Every meaning a table names is tested here, and a row with a meaning
    /// that has no case fails this test.
    #[test]
    fn every_meaning_has_a_case() {
        let sample = SampleOrg::default();
        let cases: &[(Kind, &str, Value, &str)] = &[
            (
                Kind::Profile,
                "/organization/show_as_button",
                json!({"organization": {"show_as_button": "optional"}}),
                "connection show_as_button: true",
            ),
            (
                Kind::Profile,
                "/organization/assign_membership_on_login",
                json!({"organization": {"assign_membership_on_login": "optional"}}),
                "membership: false (Okta Express: true)",
            ),
            (
                Kind::Profile,
                "/connection_name_prefix_template",
                json!({"connection_name_prefix_template": "x-{org_id}"}),
                "→ x-org_1a2b3c4d5e6f7g8h",
            ),
            (
                Kind::Profile,
                "/provisioning/scim/tokens/default_expiry",
                json!({"provisioning": {"scim": {"tokens": {"default_expiry": 172_800}}}}),
                "2 days",
            ),
            (
                Kind::Profile,
                "/provisioning/scim/tokens/max_allowed_expiry",
                json!({"provisioning": {"scim": {"tokens": {"max_allowed_expiry": null}}}}),
                "no expiry",
            ),
            (
                Kind::Connection,
                "/options/passwordPolicy",
                json!({"options": {"passwordPolicy": "fair"}}),
                "fair: 8+ chars, lower+upper+digit",
            ),
            (
                Kind::Connection,
                "/options/password_complexity_options/min_length",
                json!({"options": {"passwordPolicy": "good", "password_complexity_options": {"min_length": 12}}}),
                "12+ chars (level good alone: 8)",
            ),
            (
                Kind::Connection,
                "/options/password_history/size",
                json!({"options": {"password_history": {"size": 5}}}),
                "remembers the last 5",
            ),
            (
                Kind::Connection,
                "/options/password_options",
                json!({"options": {"password_options": {}}}),
                "in effect",
            ),
            (
                Kind::Connection,
                "/options/password_options/complexity/min_length",
                json!({"options": {"password_options": {"complexity": {"min_length": 9}}}}),
                "9+ chars",
            ),
            (
                Kind::Connection,
                "/options/password_options/complexity/character_type_rule",
                json!({"options": {"password_options": {"complexity": {"character_type_rule": "three_of_four"}}}}),
                "3 of the 4 types",
            ),
            (
                Kind::Connection,
                "/options/password_options/complexity/identical_characters",
                json!({"options": {"password_options": {"complexity": {"identical_characters": "block"}}}}),
                "at most 2 identical in a row",
            ),
            (
                Kind::Connection,
                "/options/password_options/complexity/sequential_characters",
                json!({"options": {"password_options": {"complexity": {"sequential_characters": "block"}}}}),
                "no runs like abc, 123",
            ),
            (
                Kind::Connection,
                "/options/password_options/complexity/max_length_exceeded",
                json!({"options": {"password_options": {"complexity": {"max_length_exceeded": "error"}}}}),
                "over 72 bytes refused",
            ),
            (
                Kind::Connection,
                "/options/password_options/dictionary/default",
                json!({"options": {"password_options": {"dictionary": {"default": "en_100k"}}}}),
                "100,000 common passwords",
            ),
            (
                Kind::Connection,
                "/options/password_options/history/size",
                json!({"options": {"password_options": {"history": {"size": 3}}}}),
                "remembers the last 3",
            ),
            (
                Kind::Connection,
                "/options/validation/username/min",
                json!({"options": {"validation": {"username": {"min": 3}}}}),
                "usernames 3+ chars",
            ),
            (
                Kind::Connection,
                "/options/validation/username/max",
                json!({"options": {"validation": {"username": {"max": 20}}}}),
                "usernames up to 20 chars",
            ),
            (
                Kind::Connection,
                "/options/requires_username",
                json!({"options": {"requires_username": true}}),
                "username as well as email",
            ),
        ];
        for (kind, pointer, doc, want) in cases {
            let row = Row::new("", RowId::field(pointer), RowKind::Text, 0);
            assert_eq!(meaning(&row, *kind, doc, &sample), *want, "{pointer}");
        }
        for table in [fields::profile::FIELDS, fields::connection::FIELDS] {
            for f in table.iter().filter(|f| f.meaning.is_some()) {
                assert!(
                    cases.iter().any(|(_, p, _, _)| *p == f.pointer),
                    "{} has a meaning but no case here",
                    f.pointer
                );
            }
        }
    }
    #[test]
    fn lists_grow_rows_and_groups_collapse() {
        let v =
            json!({"options": {"password_dictionary": {"enable": true, "dictionary": ["a", "b"]}}});
        let rows = password_rows(&v, &HashSet::new(), &Tester::default(), None);
        let entries: Vec<&str> = rows
            .iter()
            .filter(|r| r.kind == RowKind::Entry)
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(entries, ["a", "b"]);
        let header = rows.iter().find(|r| r.label == "dictionary").unwrap();
        assert_eq!(value_text(header, &v, &SampleOrg::default()), "2/200");
        let collapsed: HashSet<RowId> = [RowId::Section(Section::Legacy)].into();
        assert!(
            password_rows(&v, &collapsed, &Tester::default(), None)
                .iter()
                .all(|r| r.kind != RowKind::Entry || r.is_within("/options/password_options"))
        );
    }

    #[test]
    fn meanings_explain_values() {
        let v = json!({"options": {"passwordPolicy": "fair"}});
        let rows = password_rows(&v, &HashSet::new(), &Tester::default(), None);
        let r = rows.iter().find(|r| r.label == "passwordPolicy").unwrap();
        assert_eq!(
            meaning(r, Kind::Connection, &v, &SampleOrg::default()),
            "fair: 8+ chars, lower+upper+digit"
        );
    }
}
