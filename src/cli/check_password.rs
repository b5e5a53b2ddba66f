//! `connedit check-password`: try a password against a connection's policy.
//! The password comes from standard input (never an argument, which would
//! land in shell history) and is never printed.

use super::exit;
use crate::core::password::{SampleUser, evaluate};
use crate::core::{Kind, Severity};
use crate::io::files;
use serde_json::{Map, Value};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database connection whose policy applies
    #[arg(long)]
    pub policy: PathBuf,
    /// A user profile (name, username, nickname, email, user_metadata) for the personal-data rule
    #[arg(long)]
    pub user: Option<PathBuf>,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let doc = match files::read_document(&args.policy, Some(Kind::Connection)) {
        Ok(d) => d,
        Err(e) => {
            writeln!(err, "connedit: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    let Some(value) = doc.value() else {
        writeln!(
            err,
            "connedit: {} is not valid JSON; run connedit validate on it",
            args.policy.display()
        )?;
        return Ok(exit::FAILURE);
    };
    // A profile read as a connection would pass with no policy at all
    // (issue 30: "ACCEPTED"): it has none to check against.
    if files::kind_from_path(&args.policy) == Some(Kind::Profile)
        || crate::core::document::detect_kind(value) == Some(Kind::Profile)
    {
        writeln!(
            err,
            "connedit: {} is a connection profile, which has no password policy: give a database connection (strategy \"auth0\")",
            args.policy.display()
        )?;
        return Ok(exit::FAILURE);
    }
    let errors = doc
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        writeln!(
            err,
            "warning: {} has {errors} error(s); Auth0 would refuse this policy",
            args.policy.display()
        )?;
    }
    // Only database connections have a password policy (SPEC §3).
    if let crate::core::kind::Strategy::Other(_) =
        crate::core::fields::connection::strategy(value, None)
    {
        writeln!(
            err,
            "connedit: {} is a connection of strategy {:?}: only database connections (strategy \"auth0\") have a password policy",
            args.policy.display(),
            crate::core::rules::clip(value["strategy"].as_str().unwrap_or("?"))
        )?;
        return Ok(exit::FAILURE);
    }
    let empty = Map::new();
    let options = value
        .get("options")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let user = match &args.user {
        None => SampleUser::default(),
        Some(p) => match crate::io::read::regular_text(p, crate::io::read::MAX_SMALL)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<Value>(&t).map_err(|e| e.to_string()))
        {
            Ok(v) => SampleUser::from_profile(&v),
            Err(e) => {
                writeln!(err, "connedit: cannot read the user {}: {e}", p.display())?;
                return Ok(exit::FAILURE);
            }
        },
    };
    let Some(password) = read_password(err)? else {
        writeln!(err, "connedit: no password on standard input")?;
        return Ok(exit::FAILURE);
    };
    let verdict = evaluate(options, &password, &user);
    writeln!(
        out,
        "policy: {} ({})",
        verdict.policy,
        args.policy.display()
    )?;
    for c in &verdict.checks {
        writeln!(out, "{}", c.line())?;
    }
    writeln!(out, "{}", verdict.estimate_line())?;
    writeln!(
        out,
        "{}",
        if verdict.accepted {
            "ACCEPTED"
        } else {
            "REJECTED"
        }
    )?;
    Ok(if verdict.accepted {
        exit::OK
    } else {
        exit::PROBLEMS
    })
}

/// One line from standard input; on a terminal, typed without echo.
fn read_password(err: &mut dyn Write) -> std::io::Result<Option<String>> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        // One line, bounded (`< /dev/zero` must not fill the memory): far
        // above any password (bcrypt keeps 72 bytes).
        if std::io::Read::take(stdin.lock(), 64 * 1024).read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.strip_suffix('\n').unwrap_or(&line);
        return Ok(Some(line.strip_suffix('\r').unwrap_or(line).to_string()));
    }
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    write!(err, "Password (not shown): ")?;
    err.flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let mut password = String::new();
    let result = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(Some(password)),
                KeyCode::Char('c' | 'd') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Ok(None);
                }
                KeyCode::Backspace => {
                    password.pop();
                }
                KeyCode::Char(c) => password.push(c),
                _ => {}
            },
            Ok(Event::Paste(s)) => password.push_str(s.trim_end_matches(['\r', '\n'])),
            Ok(_) => {}
            Err(e) => break Err(e),
        }
    };
    crossterm::terminal::disable_raw_mode()?;
    writeln!(err)?;
    result
}
