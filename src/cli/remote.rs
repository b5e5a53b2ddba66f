//! What the API commands share: the client (with a visible countdown while a
//! retry waits), exit codes for API failures, colour on a terminal.

use super::exit;
use crate::io::api::credentials::Credentials;
use crate::io::api::{ApiError, Client, credentials};
use crate::io::tenants;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Which tenant the API commands and the editor talk to.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TenantArgs {
    /// A tenant from the tenants file (default: $CONNEDIT_TENANT; without one, the AUTH0_* variables)
    #[arg(long, global = true, value_name = "NAME", value_hint = clap::ValueHint::Other)]
    pub tenant: Option<String>,
    /// The tenants file (default: $XDG_CONFIG_HOME/connedit/tenants.toml)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The selected tenant: its credentials, and its name when it is a named one.
#[derive(Debug, Clone)]
pub struct Selected {
    pub creds: Credentials,
    pub name: Option<String>,
    pub protected: bool,
}

impl TenantArgs {
    pub fn name(&self) -> Option<String> {
        self.tenant.clone().or_else(|| {
            std::env::var("CONNEDIT_TENANT")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
    }

    pub fn file(&self) -> Result<tenants::Tenants, ApiError> {
        let path = self
            .config
            .clone()
            .or_else(tenants::default_path)
            .ok_or_else(|| {
                ApiError::Config(
                    "no tenants file: set XDG_CONFIG_HOME or HOME, or give --config FILE".into(),
                )
            })?;
        tenants::load(&path)
    }

    /// The named tenant, or the AUTH0_* variables when none is named.
    pub fn select(&self) -> Result<Selected, ApiError> {
        match self.name() {
            None => Ok(Selected {
                creds: credentials::from_env()?,
                name: None,
                protected: false,
            }),
            Some(name) => {
                let file = self.file()?;
                let t = file.get(&name)?;
                Ok(Selected {
                    creds: tenants::credentials(&name, t)?,
                    protected: t.protected,
                    name: Some(name),
                })
            }
        }
    }
}

/// A client for the selected tenant; waits are shown on stderr as a countdown.
pub fn client(tenant: &TenantArgs) -> Result<Client, ApiError> {
    Ok(client_for(tenant.select()?.creds))
}

pub fn client_for(creds: Credentials) -> Client {
    let tty = std::io::stderr().is_terminal();
    Client::new(creds).on_wait(move |w| {
        let secs = w.remaining.as_secs_f64().ceil() as u64;
        let msg = w.describe();
        let mut err = std::io::stderr();
        if tty {
            let _ = write!(err, "\r\x1b[2K{msg}");
            if secs <= 1 {
                let _ = writeln!(err);
            }
        } else if w.starts() {
            // Not a terminal: one line per wait, no carriage returns in logs.
            let _ = writeln!(err, "{msg}");
        }
    })
}

/// `connedit tenants`: the named tenants, never a secret.
pub fn list(tenant: &TenantArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let file = match tenant.file() {
        Ok(f) => f,
        Err(e) => return Ok(report(err, &e)),
    };
    let w = file
        .tenants
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(out, "{:<w$}  {:<40}  protected", "name", "domain")?;
    for (name, t) in &file.tenants {
        writeln!(
            out,
            "{name:<w$}  {:<40}  {}",
            t.domain,
            if t.protected { "yes" } else { "no" }
        )?;
    }
    Ok(exit::OK)
}

/// Prints an API error and returns the exit code (SPEC §3): Auth0 refusing
/// the request itself (400, 404, 409, 422) is 1; credentials and scopes
/// (401, 403), a rate limit that outlasted its retries (429), the network,
/// the configuration and the server are 2.
pub fn report(err: &mut dyn Write, e: &ApiError) -> u8 {
    let _ = writeln!(err, "connedit: {e}");
    exit_code(e)
}

pub fn exit_code(e: &ApiError) -> u8 {
    match e.status() {
        Some(400 | 404 | 409 | 422) => exit::PROBLEMS,
        _ => exit::FAILURE,
    }
}

/// Whether to colour output: a terminal, and `NO_COLOR` unset.
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes a document to a file atomically (pretty JSON, trailing newline).
/// A new file that holds a secret (a connection's `client_secret`, its
/// encrypted `configuration`, a private key) is readable by its owner only.
pub fn write_document(path: &std::path::Path, value: &serde_json::Value) -> std::io::Result<()> {
    write_text(path, &crate::core::document::pretty(value), value)
}

/// Writes `text` (the document `value`, or a script of it) as
/// [`write_document`] does: no neighbour's link followed, atomically, 0600
/// when new and `value` holds a secret.
pub fn write_text(
    path: &std::path::Path,
    text: &str,
    value: &serde_json::Value,
) -> std::io::Result<()> {
    // Before any folder is made on the way: no neighbour's link is followed.
    crate::io::save::no_planted_links(path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let target = crate::io::save::write_target(path)?;
    let has_secret = &crate::core::fields::masked("", value) != value;
    let mode = (has_secret && !target.exists()).then_some(0o600);
    crate::io::save::write_atomic(&target, text.as_bytes(), mode)
}
