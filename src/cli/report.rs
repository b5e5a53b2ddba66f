//! Diagnostics where CI systems show them: SARIF 2.1.0 (GitHub code
//! scanning, GitLab, Azure DevOps) and GitHub Actions workflow commands.

use super::validate::Report;
use crate::core::{Code, Diagnostic, Severity};
use serde_json::{Value, json};

/// A SARIF log of one run: one rule per diagnostic code, one result per
/// diagnostic, each at its file (a relative URI where the file is below the
/// working folder), line and column. Files that could not be read are the
/// run's notifications.
pub fn sarif(reports: &[Report], failures: &[String]) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "shortDescription": {"text": c.help()},
                "fullDescription": {"text": c.help()},
                "defaultConfiguration": {"level": "error"},
            })
        })
        .collect();
    let mut results = Vec::new();
    for rep in reports {
        for d in &rep.diagnostics {
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&rep.file)},
                    "region": {
                        "startLine": d.line.unwrap_or(1),
                        "startColumn": d.column.unwrap_or(1),
                    },
                },
            });
            if !d.path.is_empty() {
                location["logicalLocations"] =
                    json!([{"fullyQualifiedName": d.path, "kind": "member"}]);
            }
            results.push(json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": message(d)},
                "locations": [location],
            }));
        }
    }
    let notifications: Vec<Value> = failures
        .iter()
        .map(|f| json!({"level": "error", "message": {"text": f}}))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "connedit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The message, with the JSON path it is about.
fn message(d: &Diagnostic) -> String {
    crate::core::scrub::one_line(&format!("{}: {}", d.display_path(), d.message))
}

/// A file name as a URI reference: relative to the working folder when it
/// is below it, `file://` when it is elsewhere; unsafe bytes percent-encoded.
fn uri(file: &str) -> String {
    let path = std::path::Path::new(file);
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(|p| p.to_path_buf()));
    let (prefix, shown) = match (path.is_absolute(), rel) {
        (false, _) => ("", path.to_path_buf()),
        (true, Some(r)) => ("", r),
        (true, None) => ("file://", path.to_path_buf()),
    };
    // The name's own bytes (not UTF-8 on every system), each unsafe one
    // percent-encoded: a backslash is a character of a Unix file name.
    use std::os::unix::ffi::OsStrExt;
    let bytes = shown.as_os_str().as_bytes();
    let bytes = bytes.strip_prefix(b"./").unwrap_or(bytes);
    let mut out = String::from(prefix);
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One diagnostic as a GitHub Actions workflow command
/// (`::error file=…,line=…,col=…,title=…::message`), escaped as GitHub
/// documents: `%`, CR and LF in the message; also `:` and `,` in properties.
pub fn github(file: &str, d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    format!(
        "::{command} file={},line={},col={},title={}::{}",
        property(file),
        d.line.unwrap_or(1),
        d.column.unwrap_or(1),
        property(&format!("connedit [{}]", d.code)),
        data(&format!("{}: {}", d.display_path(), d.message)),
    )
}

/// A file that could not be read, as an annotation of its own.
pub fn github_failure(message: &str) -> String {
    format!("::error title={}::{}", property("connedit"), data(message))
}

fn data(s: &str) -> String {
    crate::core::scrub::strip_controls(
        &s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_are_escaped() {
        let mut d = Diagnostic::error(Code::Enum, "/a", "50% off,\nnext: line");
        d.line = Some(3);
        d.column = Some(7);
        assert_eq!(
            github("dir/a,b:c.json", &d),
            "::error file=dir/a%2Cb%3Ac.json,line=3,col=7,title=connedit [enum]::/a: 50%25 off,%0Anext: line"
        );
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            uri("./conn profiles/a#1.json"),
            "conn%20profiles/a%231.json"
        );
        assert!(uri("/nowhere-else/x.json").starts_with("file:///nowhere-else/"));
        assert_eq!(uri("back\\slash.json"), "back%5Cslash.json");
    }
}
