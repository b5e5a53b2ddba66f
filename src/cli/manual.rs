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
    // Not clap_mangen's subcommands section: it points to connedit-push(1)
    // pages that are not installed. Each subcommand is described here, in
    // full, below.
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
    roff.control("SH", ["SUBCOMMANDS"]);
    for sub in cmd.get_subcommands() {
        subcommand(&mut roff, sub, "connedit");
    }
    roff.control("SH", ["EDITOR KEYS"]);
    roff.text([roff::roman(
        "connedit with no subcommand, or with files, opens the editor. Its keys, as its help (?) lists them:",
    )]);
    // The editor's own key table (tui::keymap), so the page cannot drift
    // from what the keys do.
    for (keys, what) in crate::tui::keymap::help_lines() {
        if keys.is_empty() {
            roff.control("SS", [what]);
        } else {
            roff.control("TP", []).text([roff::bold(keys)]);
            roff.text([roff::roman(what)]);
        }
    }
    roff.control("SH", ["TENANTS FILE"]);
    roff.text([roff::roman(
        "Named tenants for --tenant NAME (or CONNEDIT_TENANT) are read from $XDG_CONFIG_HOME/connedit/tenants.toml (default ~/.config/connedit/tenants.toml; --config FILE for another), one [tenants.NAME] table each. The file and its folder must be yours and not writable by others, and the file not readable by others (chmod 600); a secret written in it is refused. connedit tenants lists them (name, domain, protected), never a secret. The keys of a table:",
    )]);
    for (key, what) in crate::io::tenants::KEYS {
        roff.control("TP", []).text([roff::bold(*key)]);
        roff.text([roff::roman(*what)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, what) in [
        (
            "~/.config/connedit/tenants.toml",
            "the tenants file (above)",
        ),
        (
            "~/.local/state/connedit/snapshots/DOMAIN/ID/TIME.json",
            "the tenant's object as it was before each write (history, rollback)",
        ),
        (
            ".FILE.connedit-recovery",
            "unsaved edits of a session that died, offered back at the next open",
        ),
    ] {
        roff.control("TP", []).text([roff::bold(path)]);
        roff.text([roff::roman(what)]);
    }
    roff.to_writer(out)?;
    page.render_version_section(out)?;
    Ok(super::exit::OK)
}

/// One subcommand in the manual: its usage, what it does, its arguments
/// and its exit codes; its own subcommands (`pull profile`, …) below it.
fn subcommand(roff: &mut roff::Roff, sub: &clap::Command, parent: &str) {
    let name = format!("{parent} {}", sub.get_name());
    let usage = sub
        .clone()
        .bin_name(&name)
        .render_usage()
        .to_string()
        .trim_start_matches("Usage: ")
        .to_string();
    roff.control("SS", [name.as_str()]);
    roff.text([roff::bold(usage)]);
    roff.control("PP", []);
    let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
    roff.text([roff::roman(format!("{about}."))]);
    for arg in sub
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set() && a.get_id() != "help")
    {
        let values = arg
            .get_action()
            .takes_values()
            .then(|| arg.get_value_names())
            .flatten();
        let shown = match (arg.get_long(), values) {
            (Some(l), Some(v)) => format!("--{l} {}", v.join(" ")),
            (Some(l), None) => format!("--{l}"),
            (None, Some(v)) => v.join(" "),
            (None, None) => arg.get_id().to_string(),
        };
        roff.control("TP", []).text([roff::bold(shown)]);
        roff.text([roff::roman(
            arg.get_help().map(|h| h.to_string()).unwrap_or_default(),
        )]);
    }
    if let Some(after) = sub.get_after_help() {
        roff.control("PP", []);
        roff.text([roff::roman(after.to_string())]);
    }
    for inner in sub.get_subcommands() {
        subcommand(roff, inner, &name);
    }
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
