//! What the API commands share: the client (with a visible countdown while a
//! retry waits), exit codes for API failures, colour on a terminal.

use super::exit;
use crate::io::api::{ApiError, Client, credentials};
use std::io::{IsTerminal, Write};

/// A client from the environment; waits are shown on stderr as a countdown.
pub fn client() -> Result<Client, ApiError> {
    let creds = credentials::from_env()?;
    let tty = std::io::stderr().is_terminal();
    Ok(Client::new(creds).on_wait(move |w| {
        let why = if w.rate_limited {
            "rate limited by Auth0"
        } else {
            "request failed"
        };
        let secs = w.remaining.as_secs_f64().ceil() as u64;
        let msg = format!(
            "{why}; retrying in {secs} s (attempt {} of {})",
            w.attempt,
            crate::io::api::MAX_RETRIES
        );
        let mut err = std::io::stderr();
        if tty {
            let _ = write!(err, "\r\x1b[2K{msg}");
            if secs <= 1 {
                let _ = writeln!(err);
            }
        } else if w.remaining == w.total {
            // Not a terminal: one line per wait, no carriage returns in logs.
            let _ = writeln!(err, "{msg}");
        }
    }))
}

/// Prints an API error and returns the exit code: a refusal of the request
/// (4xx) is 1, everything else (network, configuration, server) is 2.
pub fn report(err: &mut dyn Write, e: &ApiError) -> u8 {
    let _ = writeln!(err, "connedit: {e}");
    match e.status() {
        Some(s) if (400..500).contains(&s) => exit::PROBLEMS,
        _ => exit::FAILURE,
    }
}

/// Whether to colour output: a terminal, and `NO_COLOR` unset.
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes a document to a file atomically (pretty JSON, trailing newline).
pub fn write_document(path: &std::path::Path, value: &serde_json::Value) -> std::io::Result<()> {
    let text = crate::core::document::pretty(value);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::io::save::write_atomic(&crate::io::save::write_target(path), text.as_bytes(), None)
}
