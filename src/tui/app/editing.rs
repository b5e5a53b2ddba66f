//! Field edits: toggles, enum cycles, unsetting, list entries, the policy
//! switch, and the line editor that applies every keystroke to the document.
//!
//! Long (about 600 lines): every way a field changes, kept with the line
//! editor because each edit is applied through the same `change` path.

use super::{App, Dialog, Level, LineEdit, Pane};
use crate::core::Kind;
use crate::core::{edit, policy};
use crate::tui::rows::{Row, RowId, RowKind, Section};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use serde_json::{Value, json};

impl App {
    pub(super) fn activate(&mut self) {
        if self.focus == Pane::Problems {
            self.jump_to_problem();
            return;
        }
        let Some((doc, row)) = self.focused_row() else {
            return;
        };
        match &row.kind {
            RowKind::Text
            | RowKind::Integer
            | RowKind::Entry
            | RowKind::SampleOrgId
            | RowKind::SampleOrgName
            | RowKind::TryPassword
            | RowKind::TryUser(_) => self.start_edit(doc, row),
            RowKind::Verdict => {}
            RowKind::Fixed => {
                let at = row.pointer().unwrap_or_default();
                self.set_status(
                    format!(
                        "{at} is not a one-line text: edit it in the file (it is kept as it is)"
                    ),
                    Level::Info,
                );
            }
            RowKind::AddEntry { .. } => self.add_entry(),
            RowKind::AddParam | RowKind::AddKey => {
                let what = if row.kind == RowKind::AddParam {
                    "an object of parameters"
                } else {
                    "an object of named values"
                };
                if self.stands_in_the_way(
                    doc,
                    row.pointer().unwrap_or_default(),
                    Value::is_object,
                    what,
                ) {
                    return;
                }
                let new = Row {
                    label: String::new(),
                    ..row.clone()
                };
                self.start_edit(doc, new);
            }
            RowKind::Enum(values) => {
                let current = self
                    .slot(doc)
                    .and_then(|s| s.value())
                    .and_then(|v| row.value_in(v));
                let mut options: Vec<Option<&'static str>> =
                    values.iter().map(|v| Some(*v)).collect();
                options.push(None);
                let selected = options
                    .iter()
                    .position(|o| match (o, current) {
                        (Some(o), Some(Value::String(c))) => o == c,
                        (None, None) => true,
                        _ => false,
                    })
                    .unwrap_or(0);
                self.dialog = Some(Dialog::Choice(Box::new(
                    crate::tui::dialogs::choice::Choice::new(
                        doc,
                        row.pointer().unwrap_or_default().to_string(),
                        options,
                        selected,
                    ),
                )));
            }
            RowKind::Group { .. } => self.collapsed.flip(doc, &row.id),
            RowKind::Presence => {
                let present = self
                    .slot(doc)
                    .and_then(|s| s.value())
                    .is_some_and(|v| row.value_in(v).is_some());
                if present {
                    self.collapsed.flip(doc, &row.id)
                } else {
                    self.toggle()
                }
            }
            RowKind::Convert => self.convert_policy(),
            RowKind::Bool
            | RowKind::Member(_)
            | RowKind::BothValues
            | RowKind::Application { .. } => self.toggle(),
        }
    }

    pub(super) fn toggle(&mut self) {
        let Some((doc, row)) = self.focused_row() else {
            return;
        };
        match row.kind {
            RowKind::Group { .. } => return self.collapsed.flip(doc, &row.id),
            RowKind::TryPassword => return self.tester.show = !self.tester.show,
            _ => {}
        }
        let Some(p) = row.pointer().map(str::to_string) else {
            return;
        };
        match row.kind {
            RowKind::Enum(values) => {
                self.change(doc, |v| {
                    let cur = v.pointer(&p).and_then(Value::as_str);
                    let next = match cur.and_then(|c| values.iter().position(|x| *x == c)) {
                        Some(i) => values[(i + 1) % values.len()],
                        None => values[0],
                    };
                    edit::set(v, &p, json!(next));
                });
            }
            RowKind::Bool => {
                self.change(doc, |v| {
                    let on = v.pointer(&p) == Some(&Value::Bool(true));
                    edit::set(v, &p, json!(!on));
                });
            }
            RowKind::Member(item) => {
                self.change(doc, |v| {
                    edit::toggle_member(v, &p, item);
                });
            }
            RowKind::Application { name } => {
                let RowId::Application(client) = &row.id else {
                    return;
                };
                let Some(apps) = self.applications.clone() else {
                    return;
                };
                let on = self
                    .slot(doc)
                    .and_then(|s| s.value())
                    .is_some_and(|v| crate::tui::rows::application_enabled(v, &row.id, &name));
                // Enabled: every entry naming it goes (its name or its id).
                // Disabled: added as deploy-cli writes it, by name unless
                // another application shares the name.
                let entry = crate::core::apps::names(std::slice::from_ref(client), &apps)
                    .pop()
                    .unwrap_or_else(|| client.clone());
                self.change(doc, |v| {
                    if on {
                        if let Some(Value::Array(items)) = v.pointer_mut(&p) {
                            items.retain(|e| {
                                e.as_str()
                                    .is_none_or(|e| e != client && (name.is_empty() || e != name))
                            });
                        }
                    } else {
                        if !v.pointer(&p).is_some_and(Value::is_array) {
                            edit::set(v, &p, json!([]));
                        }
                        if let Some(Value::Array(items)) = v.pointer_mut(&p) {
                            items.push(json!(entry));
                        }
                    }
                });
                let label = crate::core::apps::Change {
                    id: client.clone(),
                    name: name.clone(),
                    enable: !on,
                }
                .label();
                let what = if on { "disabled" } else { "enabled" };
                self.set_status(
                    format!("{what} {label} for this connection (a push sends it; Ctrl-Z undoes)"),
                    Level::Info,
                );
            }
            RowKind::Presence => {
                // The container of the overrides, if the file as read did
                // not have it empty: an override turned off leaves no `{}`.
                let parent = p
                    .rsplit_once('/')
                    .map_or(String::new(), |(m, _)| m.to_string());
                let file_had_it_empty = self
                    .slot(doc)
                    .and_then(|s| s.saved.as_ref())
                    .and_then(|v| v.pointer(&parent))
                    .and_then(Value::as_object)
                    .is_some_and(|m| m.is_empty());
                let removed = self.change(doc, |v| {
                    if edit::remove(v, &p).is_none() {
                        edit::set(v, &p, json!({}));
                    } else if !file_had_it_empty
                        && v.pointer(&parent)
                            .and_then(Value::as_object)
                            .is_some_and(|m| m.is_empty())
                    {
                        edit::remove(v, &parent);
                    }
                });
                if removed {
                    self.collapsed.unfold(doc, &row.id);
                }
            }
            RowKind::BothValues => {
                self.change(doc, |v| {
                    if edit::remove(v, &p).is_none() {
                        edit::set(v, &p, json!(["enabled", "disabled"]));
                    }
                });
            }
            _ => {}
        }
    }

    pub(super) fn unset(&mut self) {
        let Some((doc, row)) = self.focused_row() else {
            return;
        };
        if matches!(
            row.kind,
            RowKind::Member(_)
                | RowKind::Convert
                | RowKind::AddEntry { .. }
                | RowKind::AddParam
                | RowKind::AddKey
        ) {
            return;
        }
        let Some(at) = row.pointer() else {
            return;
        };
        // A parameter of upstream_params is its alias or value: both go.
        let p = upstream_param(at).unwrap_or(at).to_string();
        let emptied = upstream_param(at).map(|param| {
            param
                .rsplit_once('/')
                .map_or(String::new(), |(map, _)| map.to_string())
        });
        if self.change(doc, |v| {
            edit::remove(v, &p);
            // The last parameter gone: no empty `upstream_params: {}` left.
            if let Some(map) = &emptied
                && v.pointer(map)
                    .and_then(Value::as_object)
                    .is_some_and(|m| m.is_empty())
            {
                edit::remove(v, map);
            }
        }) {
            let what = if row.kind == RowKind::Entry {
                "deleted the entry"
            } else {
                "unset the field"
            };
            self.set_status(format!("{what} {p} (Ctrl-Z to undo)"), Level::Info);
        }
    }

    /// The list a row belongs to: its pointer and maximum length (an object
    /// of named values is not a list: see [`App::map_add_row`]).
    pub(super) fn list_of(&self, doc: Kind, row: &Row) -> Option<(String, usize)> {
        if self.map_add_row(doc, row).is_some() {
            return None;
        }
        match row.kind {
            RowKind::AddEntry { max }
            | RowKind::Group {
                count: Some((_, max)),
            } => Some((row.pointer()?.to_string(), max)),
            RowKind::Entry => {
                let parent = row.pointer()?.rsplit_once('/')?.0.to_string();
                let max = self.rows(doc).iter().find_map(|r| match r.kind {
                    RowKind::AddEntry { max } if r.pointer() == Some(&parent) => Some(max),
                    _ => None,
                })?;
                Some((parent, max))
            }
            _ => None,
        }
    }

    /// Whether something other than `what` (a deploy-cli placeholder, say)
    /// stands at `pointer`, so an entry cannot go in; then the status says
    /// so. What stands there is never replaced from the form.
    fn stands_in_the_way(
        &mut self,
        doc: Kind,
        pointer: &str,
        is_ok: fn(&Value) -> bool,
        what: &str,
    ) -> bool {
        let current = self
            .slot(doc)
            .and_then(|s| s.value())
            .and_then(|v| v.pointer(pointer));
        let Some(v) = current.filter(|v| !is_ok(v)) else {
            return false;
        };
        let shown = match v
            .as_str()
            .filter(|s| crate::core::placeholders::whole(s).is_some())
        {
            Some(placeholder) => format!("the placeholder {placeholder}"),
            None => crate::core::scrub::one_line(&v.to_string()),
        };
        let field = pointer.rsplit('/').next().unwrap_or(pointer);
        self.set_status(
            format!("{field} is {shown}, not {what}: edit it in the file"),
            Level::Warning,
        );
        true
    }

    /// The "add entry" row of the object of named values (or parameters) a
    /// row is, or is a key of.
    pub(super) fn map_add_row(&self, doc: Kind, row: &Row) -> Option<Row> {
        let adds = |p: &str| {
            self.rows(doc)
                .iter()
                .find(|r| {
                    matches!(r.kind, RowKind::AddKey | RowKind::AddParam)
                        && r.id == RowId::Add(p.to_string())
                })
                .cloned()
        };
        if matches!(row.kind, RowKind::AddKey | RowKind::AddParam) {
            return Some(row.clone());
        }
        let at = row.pointer()?;
        adds(at).or_else(|| {
            let (parent, _) = at.rsplit_once('/')?;
            adds(parent).or_else(|| adds(upstream_param(at)?.rsplit_once('/')?.0))
        })
    }

    pub(super) fn add_entry(&mut self) {
        let Some((doc, row)) = self.focused_row() else {
            return;
        };
        if let Some(add) = self.map_add_row(doc, &row) {
            let map = add.pointer().unwrap_or_default().to_string();
            if self.stands_in_the_way(doc, &map, Value::is_object, "an object of named values") {
                return;
            }
            self.collapsed.unfold(doc, &RowId::field(&map));
            let new = Row {
                label: String::new(),
                ..add
            };
            self.start_edit(doc, new);
            return;
        }
        let Some((list, max)) = self.list_of(doc, &row) else {
            self.set_status(
                "a adds an entry to a list: select a list first",
                Level::Info,
            );
            return;
        };
        if self.stands_in_the_way(doc, &list, Value::is_array, "a list") {
            return;
        }
        let n = self
            .slot(doc)
            .and_then(|s| s.value())
            .and_then(|v| v.pointer(&list))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if n >= max {
            self.set_status(format!("the list is full ({n}/{max})"), Level::Warning);
            return;
        }
        self.collapsed.unfold(doc, &RowId::field(&list));
        let new = Row {
            label: String::new(),
            id: RowId::Field(crate::core::pointer::index(&list, n)),
            kind: RowKind::AddEntry { max },
            depth: 0,
        };
        self.start_edit(doc, new);
    }

    pub(super) fn sort_entries(&mut self) {
        let Some((doc, row)) = self.focused_row() else {
            return;
        };
        let Some((list, _)) = self.list_of(doc, &row) else {
            self.set_status("s sorts a list: select a list first", Level::Info);
            return;
        };
        if self.change(doc, |v| {
            if let Some(Value::Array(a)) = v.pointer_mut(&list) {
                a.sort_by_cached_key(|x| x.as_str().map(str::to_lowercase));
            }
        }) {
            self.set_status("sorted (Ctrl-Z to undo)", Level::Info);
        }
    }

    pub(super) fn convert_policy(&mut self) {
        if self.focus != Pane::Doc(Kind::Connection) {
            return;
        }
        let Some(slot) = self.connection.as_ref() else {
            return;
        };
        let Some(options) = slot
            .value()
            .and_then(|v| v.get("options"))
            .and_then(Value::as_object)
        else {
            self.set_status("no options to convert", Level::Info);
            return;
        };
        let to_flexible = !policy::uses_flexible(options);
        // Back to the legacy policy with the options exactly as the switch
        // to password_options left them: the options as they were before
        // it, not a legacy policy rebuilt with groups the file never had.
        let remembered = self
            .docs
            .get(Kind::Connection)
            .converted
            .as_ref()
            .filter(|(_, after)| !to_flexible && after.as_object() == Some(options))
            .map(|(before, _)| before.clone());
        let converted = match (&remembered, to_flexible) {
            (Some(Value::Object(before)), _) => Ok((before.clone(), Vec::new())),
            (_, true) => policy::to_flexible(options),
            (_, false) => policy::to_legacy(options),
        };
        let (converted, notes) = match converted {
            Ok(c) => c,
            Err(why) => {
                self.set_status(format!("not converted: {why}"), Level::Error);
                return;
            }
        };
        let before = slot.value().cloned().unwrap_or_default();
        let mut after = before.clone();
        self.docs.get_mut(Kind::Connection).converted = to_flexible.then(|| {
            (
                Value::Object(options.clone()),
                Value::Object(converted.clone()),
            )
        });
        edit::set(&mut after, "/options", Value::Object(converted));
        let mut done = if to_flexible {
            "converted to password_options (the five legacy keys removed; Ctrl-Z undoes)"
                .to_string()
        } else {
            "converted to the legacy policy (password_options removed; Ctrl-Z undoes)".to_string()
        };
        for n in &notes {
            done.push_str("; ");
            done.push_str(n);
        }
        let title = if to_flexible {
            "Convert to password_options?"
        } else {
            "Convert to the legacy policy?"
        };
        self.dialog = Some(Dialog::ConfirmEdit(Box::new(
            crate::tui::dialogs::confirm_edit::ConfirmEdit::new(
                Kind::Connection,
                title.to_string(),
                &before,
                after,
                &notes,
                done,
            ),
        )));
    }

    /// After a policy switch: the group in effect shown, the other folded.
    pub(super) fn after_convert(&mut self) {
        let flexible = self
            .connection
            .as_ref()
            .and_then(|s| s.value())
            .is_some_and(policy::connection_uses_flexible);
        let legacy = RowId::Section(Section::Legacy);
        let options = RowId::field("/options/password_options");
        let (show, hide) = if flexible {
            (options, legacy)
        } else {
            (legacy, options)
        };
        self.collapsed.unfold(Kind::Connection, &show);
        self.collapsed.fold(Kind::Connection, hide);
    }

    // ---- the line editor -----------------------------------------------------

    pub(super) fn start_edit(&mut self, doc: Kind, row: Row) {
        let value = self.slot(doc).and_then(|s| s.value()).cloned();
        let text = match row.kind {
            RowKind::SampleOrgId => self.sample.org_id.clone(),
            RowKind::TryPassword => self.tester.password.clone(),
            RowKind::TryUser(f) => self.tester.user.field(f).unwrap_or_default().to_string(),
            RowKind::SampleOrgName => self.sample.org_name.clone(),
            RowKind::AddParam | RowKind::AddKey => String::new(),
            _ => match value.as_ref().and_then(|v| row.value_in(v)) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(v) => v.to_string(),
            },
        };
        let mut input = TextArea::new(vec![text]);
        input.move_cursor(CursorMove::End);
        input.set_cursor_line_style(ratatui::style::Style::default());
        if row.kind == RowKind::TryPassword && !self.tester.show {
            input.set_mask_char('•');
        }
        self.edit = Some(LineEdit {
            doc,
            row,
            input,
            before: value,
            sample_before: self.sample.clone(),
            tester_before: self.tester.clone(),
        });
    }

    pub(super) fn edit_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => self.commit_edit(),
            KeyCode::Esc => self.cancel_edit(),
            KeyCode::Char('c') if ctrl => self.cancel_edit(),
            // One line: no newlines (Ctrl-M, Ctrl-J), no tabs.
            KeyCode::Char('m' | 'j') if ctrl => {}
            KeyCode::Tab | KeyCode::BackTab => {}
            // Ctrl-U clears the text (as in a shell), not the widget's undo.
            KeyCode::Char('u') if ctrl => {
                if let Some(e) = &mut self.edit {
                    e.input.move_cursor(ratatui_textarea::CursorMove::End);
                    e.input.delete_line_by_head();
                    self.apply_live();
                }
            }
            // A number field takes digits (and a leading minus) only.
            KeyCode::Char(c)
                if !ctrl
                    && !c.is_ascii_digit()
                    && c != '-'
                    && self
                        .edit
                        .as_ref()
                        .is_some_and(|e| e.row.kind == RowKind::Integer) =>
            {
                self.set_status(
                    format!("\"{c}\" is not a digit: this field takes a whole number"),
                    Level::Warning,
                );
            }
            _ => {
                if let Some(e) = &mut self.edit
                    && e.input.input(key)
                {
                    self.apply_live();
                }
            }
        }
    }

    /// Applies the text being typed to the document (or the sample), so the
    /// preview, markers and problems follow every keystroke.
    pub(super) fn apply_live(&mut self) {
        let Some(e) = &self.edit else { return };
        let text = e.input.lines().first().cloned().unwrap_or_default();
        match e.row.kind {
            RowKind::SampleOrgId => self.sample.org_id = text,
            RowKind::TryPassword => self.tester.password = text,
            RowKind::TryUser(f) => {
                if let Some(v) = self.tester.user.field_mut(f) {
                    *v = text;
                }
            }
            RowKind::SampleOrgName => self.sample.org_name = text,
            _ => {
                let Some(mut v) = e.before.clone() else {
                    return;
                };
                let Some(pointer) = e.row.pointer().map(str::to_string) else {
                    return;
                };
                let (doc, kind) = (e.doc, e.row.kind.clone());
                match kind {
                    RowKind::Integer => match text.trim() {
                        "" => {
                            edit::remove(&mut v, &pointer);
                        }
                        t => match t.parse::<i64>() {
                            Ok(n) => edit::set(&mut v, &pointer, json!(n)),
                            // Not a number (yet): kept as typed, so the core says why.
                            Err(_) => edit::set(&mut v, &pointer, json!(text)),
                        },
                    },
                    RowKind::AddEntry { .. } if text.is_empty() => {}
                    RowKind::AddEntry { .. } => {
                        // The first entry of a list the document does not
                        // have yet makes the list (not an object keyed "0").
                        if let Some((list, _)) = pointer.rsplit_once('/')
                            && v.pointer(list).is_none()
                        {
                            edit::set(&mut v, list, json!([]));
                        }
                        edit::set(&mut v, &pointer, json!(text));
                    }
                    RowKind::AddParam | RowKind::AddKey => {
                        // A name already there keeps its value.
                        let new = if kind == RowKind::AddParam {
                            new_param(&text)
                        } else {
                            new_key(&text)
                        };
                        if let Some((name, param)) = new {
                            let at = crate::core::pointer::child(&pointer, name);
                            if v.pointer(&at).is_none() {
                                edit::set(&mut v, &at, param);
                            }
                        }
                    }
                    _ => edit::set(&mut v, &pointer, json!(text)),
                }
                if let Some(slot) = self.slot_mut(doc) {
                    slot.set_value(v);
                }
                self.generation += 1;
            }
        }
    }

    pub(super) fn commit_edit(&mut self) {
        let Some(e) = self.edit.take() else { return };
        let typed = text_of(&e);
        // Whether the name typed into "add parameter" was there before.
        let named = match e.row.kind {
            RowKind::AddParam => new_param(&typed),
            RowKind::AddKey => new_key(&typed),
            _ => None,
        };
        let existed = named.as_ref().is_some_and(|(name, _)| {
            e.before.as_ref().is_some_and(|b| {
                e.row
                    .pointer()
                    .is_some_and(|p| b.pointer(&crate::core::pointer::child(p, name)).is_some())
            })
        });
        let Some(before) = e.before else { return };
        let Some(after) = self.slot(e.doc).and_then(|s| s.value()).cloned() else {
            return;
        };
        if after != before {
            self.record(e.doc, before, after);
        }
        if let RowKind::AddEntry { .. } = e.row.kind {
            // Land on the new entry.
            let rows = self.rows(e.doc);
            if let Some(i) = rows.iter().position(|r| r.id == e.row.id) {
                self.docs.get_mut(e.doc).cursor = i;
            }
        }
        if existed && let Some((name, _)) = named {
            let what = if e.row.kind == RowKind::AddParam {
                "a parameter"
            } else {
                "there"
            };
            self.set_status(
                format!("{name} is already {what}: edit its row (nothing was changed)"),
                Level::Warning,
            );
        } else if let Some((name, _)) = named
            && let Some(map) = e.row.pointer()
        {
            // Land on the new parameter's row.
            let base = crate::core::pointer::child(map, name);
            let rows = self.rows(e.doc);
            if let Some(i) = rows.iter().position(|r| {
                r.pointer()
                    .is_some_and(|p| crate::core::pointer::is_below(p, &base))
            }) {
                self.docs.get_mut(e.doc).cursor = i;
            }
        }
    }

    pub(super) fn cancel_edit(&mut self) {
        let Some(e) = self.edit.take() else {
            return;
        };
        self.sample = e.sample_before;
        self.tester = e.tester_before;
        if let (Some(before), Some(slot)) = (e.before, self.slot_mut(e.doc))
            && slot.value() != Some(&before)
        {
            slot.set_value(before);
            self.generation += 1;
        }
    }
}

/// The text in the line editor.
fn text_of(e: &LineEdit) -> String {
    e.input.lines().first().cloned().unwrap_or_default()
}

/// A parameter typed into "add parameter": `name` passes an OAuth parameter
/// as an alias (the name itself when it is one, else `login_hint`, the seed's
/// example), `name=value` a fixed value.
/// The key and value typed into "add entry" of an object of named values:
/// `name=value`, or a name alone for an empty value.
fn new_key(text: &str) -> Option<(&str, Value)> {
    let (name, value) = text.split_once('=').unwrap_or((text, ""));
    let name = name.trim();
    (!name.is_empty()).then(|| (name, json!(value)))
}

fn new_param(text: &str) -> Option<(&str, Value)> {
    let aliases = &crate::core::fields::connection::UPSTREAM_ALIASES;
    match text.split_once('=') {
        Some((name, value)) => {
            let name = name.trim();
            (!name.is_empty()).then(|| (name, json!({ "value": value })))
        }
        None => {
            let name = text.trim();
            let alias = aliases
                .iter()
                .find(|a| **a == name)
                .unwrap_or(&"login_hint");
            (!name.is_empty()).then(|| (name, json!({ "alias": alias })))
        }
    }
}

/// The parameter a row of `upstream_params` edits (`…/<name>` for
/// `…/<name>/alias` or `…/<name>/value`).
fn upstream_param(pointer: &str) -> Option<&str> {
    let (param, last) = pointer.rsplit_once('/')?;
    let (map, _) = param.rsplit_once('/')?;
    (map == "/options/upstream_params" && matches!(last, "alias" | "value")).then_some(param)
}
