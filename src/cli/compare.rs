//! `connedit compare`: one profile or connection across tenants,
//! field by field.

use super::{KindArg, exit, remote};
use crate::core::compare::{self, shown};
use serde_json::{Map, Value};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// the differing fields, for people
    Text,
    /// the same as JSON, for scripts
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// What to compare: a connection profile or a connection
    pub kind: KindArg,
    /// The profile's or connection's name on each tenant
    pub name: String,
    /// Two or more named tenants, comma-separated
    #[arg(long, value_delimiter = ',', required = true, num_args = 1..)]
    pub tenants: Vec<String>,
    /// text for people, json for scripts
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn compare(
    args: &CompareArgs,
    tenant: &remote::TenantArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if args.tenants.len() < 2 {
        writeln!(
            err,
            "connedit: compare needs two or more tenants (--tenants dev,prod)"
        )?;
        return Ok(exit::FAILURE);
    }
    let mut docs: Vec<Option<Value>> = Vec::new();
    for name in &args.tenants {
        let sel = remote::TenantArgs {
            tenant: Some(name.clone()),
            config: tenant.config.clone(),
        };
        let client = match remote::client(&sel) {
            Ok(c) => c,
            Err(e) => return Ok(remote::report(err, &e)),
        };
        let found = match args.kind {
            KindArg::Profile => client
                .list_profiles()
                .map(|ps| ps.into_iter().find(|p| p["name"] == args.name.as_str())),
            KindArg::Connection => client.find_connection(&args.name),
        };
        match found {
            Ok(d) => docs.push(d),
            Err(e) => return Ok(remote::report(err, &e)),
        }
    }
    // On no tenant at all: a named object that does not exist is 1 (the
    // one rule), with a word rather than an empty table.
    if docs.iter().all(Option::is_none) {
        writeln!(
            err,
            "connedit: no {} named {:?} on {}",
            args.kind_name(),
            crate::core::scrub::one_line(&args.name),
            args.tenants.join(", ")
        )?;
        return Ok(exit::PROBLEMS);
    }
    let sides: Vec<Option<&Value>> = docs.iter().map(Option::as_ref).collect();
    let rows: Vec<(String, Vec<Option<Value>>, bool)> = compare::rows(&sides)
        .into_iter()
        .map(|r| (r.path, r.values, r.same))
        .collect();
    if args.format == Format::Json {
        let json: Vec<Value> = rows
            .iter()
            .map(|(f, vals, same)| {
                let by: Map<String, Value> = args
                    .tenants
                    .iter()
                    .cloned()
                    .zip(vals.iter().map(|v| {
                        // Secrets never leave connedit, in JSON either.
                        v.as_ref()
                            .map_or(Value::Null, |v| crate::core::fields::masked(f, v))
                    }))
                    .collect();
                serde_json::json!({"path": f, "same": same, "values": by})
            })
            .collect();
        let missing: Vec<&String> = args
            .tenants
            .iter()
            .zip(&docs)
            .filter(|(_, d)| d.is_none())
            .map(|(t, _)| t)
            .collect();
        let text = serde_json::to_string(
            &serde_json::json!({"kind": args.kind_name(), "name": args.name, "missing_on": missing, "fields": json}),
        )
        .map_err(std::io::Error::other)?;
        out.write_all(super::safe::json_text(&text).as_bytes())?;
        writeln!(out)?;
        return Ok(exit::OK);
    }
    for (t, d) in args.tenants.iter().zip(&docs) {
        if d.is_none() {
            writeln!(
                out,
                "note: no {} named {:?} on {t}",
                args.kind_name(),
                args.name
            )?;
        }
    }
    let fw = rows
        .iter()
        .map(|(f, _, _)| f.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let cols: Vec<usize> = args
        .tenants
        .iter()
        .enumerate()
        .map(|(i, t)| {
            rows.iter()
                .map(|(f, v, _)| shown(f, v[i].as_ref()).chars().count())
                .max()
                .unwrap_or(1)
                .max(t.len())
                .min(60)
        })
        .collect();
    let mut header = format!("  {:<fw$}", "field");
    for (t, w) in args.tenants.iter().zip(&cols) {
        header.push_str(&format!("  {t:<w$}"));
    }
    writeln!(out, "{}", header.trim_end())?;
    let mut differ = 0;
    for (f, vals, same) in &rows {
        let mut line = format!("{} {f:<fw$}", if *same { '=' } else { '≠' });
        for (i, w) in cols.iter().enumerate() {
            let cell = if *same && i > 0 {
                "=".to_string()
            } else {
                shown(f, vals[i].as_ref())
            };
            let cell: String = if cell.chars().count() > *w {
                cell.chars().take(w - 1).chain(['…']).collect()
            } else {
                cell
            };
            line.push_str(&format!("  {cell:<w$}"));
        }
        writeln!(out, "{}", line.trim_end())?;
        differ += usize::from(!same);
    }
    writeln!(
        out,
        "{differ} field{} differ{}, {} agree",
        if differ == 1 { "" } else { "s" },
        if differ == 1 { "s" } else { "" },
        rows.len() - differ
    )?;
    if let Some(policies) = compare::policies(&sides) {
        writeln!(
            out,
            "\nThe password policies are of different types. Each in full:"
        )?;
        for (t, side) in args.tenants.iter().zip(policies) {
            let Some(words) = side else { continue };
            writeln!(out, "{t}: {}", crate::core::scrub::one_line(&words.name))?;
            for l in words.rules {
                writeln!(out, "  • {}", crate::core::scrub::one_line(&l))?;
            }
        }
    }
    Ok(exit::OK)
}

impl CompareArgs {
    fn kind_name(&self) -> &'static str {
        match self.kind {
            KindArg::Profile => "profile",
            KindArg::Connection => "connection",
        }
    }
}
