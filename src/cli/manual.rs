//! What the command line says about itself: the exit codes each subcommand
//! ends its `--help` with, shell completions (clap_complete) and the manual
//! page (clap_mangen), which also lists the exit codes and the environment.

use clap::CommandFactory;
use std::io::Write;

/// The exit codes of a subcommand that checks documents (SPEC §3).
pub const EXIT_CHECK: &str =
    "Exit codes: 0 no errors (warnings allowed), 1 a document has errors, 2 usage or I/O failure.";
/// The exit codes of a subcommand that talks to a tenant.
pub const EXIT_REMOTE: &str = "Exit codes: 0 done, 1 the document has errors or Auth0 refused it (400, 404, 409, 422), 2 usage, I/O, credentials, network or server failure (including a 429 that outlasts its retries).";
/// The exit codes of `diff`.
pub const EXIT_DIFF: &str = "Exit codes: 0 done (with --exit-code: the tenant matches), 1 with --exit-code: the tenant differs (or a document has errors), 2 usage, I/O, credentials, network or server failure.";
/// The exit codes of a subcommand that only prints.
pub const EXIT_PRINT: &str = "Exit codes: 0 printed, 2 usage or I/O failure.";

/// The environment connedit reads, for the manual.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AUTH0_DOMAIN",
        "the tenant's domain (a scheme may be given; plain http only for loopback hosts)",
    ),
    (
        "AUTH0_ACCESS_TOKEN, AUTH0_API_TOKEN",
        "a Management API token",
    ),
    (
        "AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET",
        "client credentials for a token (POST /oauth/token)",
    ),
    (
        "AUTH0_CLIENT_SIGNING_KEY_PATH, AUTH0_CLIENT_SIGNING_ALGORITHM",
        "Private Key JWT instead of a secret: a PEM RSA key and RS256 (default), RS384 or PS256",
    ),
    (
        "AUTH0_AUDIENCE",
        "the token's audience (default https://{domain}/api/v2/)",
    ),
    (
        "AUTH0_KEYWORD_REPLACE_MAPPINGS",
        "deploy-cli keyword mappings (JSON) for checking a tree",
    ),
    (
        "CONNEDIT_TENANT",
        "a named tenant of the tenants file, like --tenant",
    ),
    (
        "CONNEDIT_TIMEOUT",
        "seconds a request may take, in (0, 3600]",
    ),
    (
        "XDG_CONFIG_HOME",
        "where connedit/tenants.toml is (default ~/.config)",
    ),
    (
        "XDG_STATE_HOME",
        "where snapshots and fallback recovery files go (default ~/.local/state)",
    ),
    ("NO_COLOR", "no colours in the editor or the output"),
];

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<u8> {
    let mut cmd = super::Cli::command();
    // clap_complete panics on a write error (a closed pipe, a full disk):
    // generated in memory, then written, so the error is an exit code.
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut cmd, "connedit", &mut text);
    out.write_all(&text)?;
    Ok(super::exit::OK)
}

/// Writes the manual page (roff).
pub fn man(out: &mut dyn Write) -> std::io::Result<u8> {
    let cmd = super::Cli::command();
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    page.render_subcommands_section(out)?;
    let mut roff = roff::Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, what) in [
        (
            "0",
            "fine: no errors (warnings allowed), or the write was done",
        ),
        (
            "1",
            "a document has errors, the tenant refused the write, or (diff --exit-code) the tenant differs",
        ),
        (
            "2",
            "usage, I/O, credentials, network or server failure, the same in every subcommand",
        ),
    ] {
        roff.control("TP", []).text([roff::bold(code)]);
        roff.text([roff::roman(what)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, what) in ENVIRONMENT {
        roff.control("TP", []).text([roff::bold(*name)]);
        roff.text([roff::roman(*what)]);
    }
    roff.control("SH", ["SUBCOMMANDS IN DETAIL"]);
    for sub in cmd.get_subcommands() {
        roff.control("TP", [])
            .text([roff::bold(format!("connedit {}", sub.get_name()))]);
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        let after = sub
            .get_after_help()
            .map(|a| a.to_string())
            .unwrap_or_default();
        roff.text([roff::roman(format!("{about}. {after}"))]);
    }
    roff.to_writer(out)?;
    page.render_version_section(out)?;
    Ok(super::exit::OK)
}

/// `connedit schema`: the JSON Schema of a profile or a connection.
pub fn schema(
    kind: super::KindArg,
    strategy: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let schema = match (kind, strategy) {
        (super::KindArg::Profile, Some(_)) => {
            writeln!(err, "connedit: --strategy is for connections")?;
            return Ok(super::exit::FAILURE);
        }
        (super::KindArg::Profile, None) => crate::core::schema::profile(),
        (super::KindArg::Connection, s) => match crate::core::schema::connection(s) {
            Ok(v) => v,
            Err(e) => {
                writeln!(err, "connedit: {e}")?;
                return Ok(super::exit::FAILURE);
            }
        },
    };
    let text = serde_json::to_string_pretty(&schema).map_err(std::io::Error::other)?;
    out.write_all(super::safe::json_text(&text).as_bytes())?;
    writeln!(out)?;
    Ok(super::exit::OK)
}
