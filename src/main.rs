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
        Some(Command::Completions { shell }) => {
            connedit::cli::manual::completions(*shell, &mut out)
        }
        Some(Command::Man) => connedit::cli::manual::man(&mut out),
        Some(Command::Schema { kind, strategy }) => {
            connedit::cli::manual::schema(*kind, strategy.as_deref(), &mut out, &mut err)
        }
        None => {
            drop(out);
            let code = connedit::cli::edit::run(&cli.files, cli.mappings.as_deref(), &cli.tenant);
            return ExitCode::from(code);
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
