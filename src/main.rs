//! The `connedit` binary: parses the command line and runs a subcommand.

use clap::Parser;
use connedit::cli::{Cli, Command, check_password, pull, push, templates, validate};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    // Nothing printed can carry terminal controls from outside (cli::safe),
    // on a terminal or in a CI log; JSON output is escaped so that it passes
    // the filter unchanged in meaning.
    let mut out = connedit::cli::safe::SafeWriter::new(std::io::BufWriter::new(stdout.lock()));
    let mut err = connedit::cli::safe::SafeWriter::new(std::io::stderr());
    let result = match &cli.command {
        Some(Command::Validate(args)) => validate::run(args, &mut out, &mut err),
        Some(Command::New(args)) => templates::new(args, &cli.tenant, &mut out, &mut err),
        Some(Command::Pull(what)) => pull::run(what, &cli.tenant, &mut out, &mut err),
        Some(Command::Diff(args)) => push::diff(args, &cli.tenant, &mut out, &mut err),
        Some(Command::Push(args)) => push::push(args, &cli.tenant, &mut out, &mut err),
        Some(Command::Templates) => templates::list(&cli.tenant, &mut out, &mut err),
        Some(Command::Tenants) => connedit::cli::remote::list(&cli.tenant, &mut out, &mut err),
        Some(Command::History(args)) => {
            connedit::cli::history::history(args, &cli.tenant, &mut out, &mut err)
        }
        Some(Command::Rollback(args)) => {
            connedit::cli::history::rollback(args, &cli.tenant, &mut out, &mut err)
        }
        Some(Command::Compare(args)) => {
            connedit::cli::compare::compare(args, &cli.tenant, &mut out, &mut err)
        }
        Some(Command::CheckPassword(args)) => check_password::run(args, &mut out, &mut err),
        None => {
            drop(out);
            return edit(&cli.files, cli.mappings.as_deref(), &cli.tenant);
        }
    };
    let code = match result.and_then(|code| std::io::Write::flush(&mut out).map(|_| code)) {
        Ok(code) => code,
        // A closed pipe (`| head`) is not a failure worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("connedit: {e}");
            connedit::cli::exit::FAILURE
        }
    };
    ExitCode::from(code)
}

/// The editor: `connedit [FILE]...`.
fn edit(
    files: &[std::path::PathBuf],
    mappings: Option<&std::path::Path>,
    tenant: &connedit::cli::remote::TenantArgs,
) -> ExitCode {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "connedit: the editor needs a terminal; to check files use `connedit validate FILE...`"
        );
        return ExitCode::from(connedit::cli::exit::FAILURE);
    }
    // The tenant Ctrl-P and Ctrl-O talk to: shown in the status bar.
    let badge = match (tenant.name(), tenant.select()) {
        (Some(name), Ok(sel)) => Some(connedit::tui::app::TenantBadge {
            name,
            protected: sel.protected,
        }),
        (None, Ok(sel)) => Some(connedit::tui::app::TenantBadge {
            name: sel.creds.domain,
            protected: false,
        }),
        (_, Err(_)) => None, // Ctrl-P will say what is missing
    };
    // The other named tenants, for Ctrl-T (none without a tenants file).
    let current = tenant.name();
    let others: Vec<String> = tenant
        .file()
        .map(|f| {
            f.tenants
                .keys()
                .filter(|n| Some(*n) != current.as_ref())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let selection = tenant.clone();
    let config = tenant.config.clone();
    let worker = connedit::tui::worker::Worker::with_tenants(
        Box::new(move || selection.select().map(|s| s.creds)),
        connedit::io::snapshots::Store::default_location(),
        Some(Box::new(move |name: &str| {
            connedit::cli::remote::TenantArgs {
                tenant: Some(name.to_string()),
                config: config.clone(),
            }
            .select()
            .map(|s| s.creds)
        })),
    );
    let result = connedit::io::files::mappings(mappings)
        .map_err(anyhow::Error::msg)
        .and_then(|m| connedit::tui::open_workspace_with(files, m))
        .and_then(|mut app| {
            app.tenant = badge;
            app.other_tenants = others;
            connedit::tui::run(app, worker)
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("connedit: {e:#}");
            ExitCode::from(connedit::cli::exit::FAILURE)
        }
    }
}
