//! A differential test against Auth0's newest Management API types (issue
//! 27): the node SDK `auth0` 7.1.0's declarations (an excerpt in
//! tests/fixtures/auth0-7.1.0-connection-types.d.ts, where it says where it
//! is from) against what connedit ships: every strategy the SDK knows is
//! one connedit knows, and every enum of every strategy's options accepts at
//! least the SDK's values, in `validate` and in `schema`.

use serde_json::json;
use std::collections::HashMap;

/// An interface: the ones it extends, and its properties with their types.
type Interface = (Vec<String>, Vec<(String, String)>);

struct Types {
    enums: HashMap<String, Vec<String>>,
    aliases: HashMap<String, String>,
    interfaces: HashMap<String, Interface>,
    options_of: Vec<(String, String)>,
}

fn parse() -> Types {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/auth0-7.1.0-connection-types.d.ts"),
    )
    .unwrap();
    let mut t = Types {
        enums: HashMap::new(),
        aliases: HashMap::new(),
        interfaces: HashMap::new(),
        options_of: Vec::new(),
    };
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("// strategy ") {
            let (s, o) = rest.split_once(" options ").unwrap();
            t.options_of.push((s.to_string(), o.to_string()));
        } else if let Some(rest) = line.strip_prefix("export declare const ") {
            let name = rest.split(':').next().unwrap().to_string();
            let mut values = Vec::new();
            for l in lines.by_ref() {
                if l.starts_with("};") {
                    break;
                }
                if let Some(v) = l.split('"').nth(1) {
                    values.push(v.to_string());
                }
            }
            t.enums.insert(name, values);
        } else if let Some(rest) = line.strip_prefix("export type ") {
            let (name, target) = rest.split_once(" = ").unwrap();
            t.aliases
                .insert(name.to_string(), target.trim_end_matches(';').to_string());
        } else if let Some(rest) = line.strip_prefix("export interface ") {
            let head = rest.trim_end_matches(" {");
            let (name, bases) = match head.split_once(" extends ") {
                Some((n, b)) => (
                    n,
                    b.split(',')
                        .map(|x| x.trim().trim_start_matches("Management.").to_string())
                        .collect(),
                ),
                None => (head, Vec::new()),
            };
            let mut props = Vec::new();
            for l in lines.by_ref() {
                if l == "}" {
                    break;
                }
                if let Some((k, ty)) = l.trim().split_once(": ")
                    && !k.starts_with('[')
                {
                    props.push((
                        k.trim_end_matches('?').trim_matches('"').to_string(),
                        ty.trim_end_matches(';').to_string(),
                    ));
                }
            }
            t.interfaces.insert(name.to_string(), (bases, props));
        }
    }
    t
}

impl Types {
    /// The enum values a type stands for, if it is a closed enum.
    fn enum_of(&self, ty: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = ty
            .split('|')
            .map(str::trim)
            .filter(|p| *p != "undefined" && *p != "null")
            .collect();
        let [one] = parts.as_slice() else { return None };
        let name = one.trim_start_matches("Management.");
        if let Some(v) = self.enums.get(name) {
            return Some(v.clone());
        }
        let inner = name
            .strip_prefix("(typeof ")
            .and_then(|r| r.split(')').next())
            .unwrap_or(name);
        if let Some(v) = self.enums.get(inner) {
            return Some(v.clone());
        }
        self.aliases.get(name).and_then(|a| self.enum_of(a))
    }

    fn props(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some((bases, props)) = self.interfaces.get(name) {
            for b in bases {
                self.props(b, out);
            }
            out.extend(props.iter().cloned());
        }
    }
}

#[test]
fn every_strategy_of_the_newest_types_is_known() {
    let t = parse();
    let known = connedit::core::fields::strategies::names();
    let newest = &t.enums["ConnectionIdentityProviderEnum"];
    assert!(newest.len() >= 64, "{newest:?}");
    for s in newest {
        assert!(
            known.contains(&s.as_str()),
            "{s} is not a strategy connedit knows"
        );
    }
}

#[test]
fn every_enum_of_every_strategys_options_accepts_the_newest_values() {
    let t = parse();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (strategy, iface) in &t.options_of {
        let mut props = Vec::new();
        t.props(iface, &mut props);
        let schema = connedit::core::schema::connection(Some(strategy)).unwrap();
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&schema)
            .unwrap();
        for (key, ty) in props {
            let Some(values) = t.enum_of(&ty) else {
                continue;
            };
            for v in values {
                checked += 1;
                let doc = json!({"id": "con_1", "name": "x", "strategy": strategy, "options": {key.clone(): v}});
                let d = connedit::core::Document::parse(
                    &doc.to_string(),
                    Some(connedit::core::Kind::Connection),
                );
                let errors: Vec<String> = d
                    .diagnostics()
                    .into_iter()
                    .filter(|x| x.severity == connedit::core::Severity::Error)
                    .map(|x| format!("{} {}", x.path, x.message))
                    .collect();
                if !errors.is_empty() {
                    failures.push(format!(
                        "{strategy} options.{key} = {v:?}: validate says {errors:?}"
                    ));
                }
                if !validator.is_valid(&doc) {
                    failures.push(format!(
                        "{strategy} options.{key} = {v:?}: the schema refuses it"
                    ));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} values checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
