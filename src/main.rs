//! The `connedit` binary: parses the command line and runs a subcommand.

use clap::Parser;
use connedit::cli::{Cli, Command, Outcome, Stop, check_password, pull, push, templates, validate};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    // Nothing printed can carry terminal controls from outside (cli::safe),
    // on a terminal or in a CI log; JSON output is escaped so that it passes
    // the filter unchanged in meaning.
    let mut out = connedit::cli::safe::SafeWriter::new(std::io::BufWriter::new(stdout.lock()));
    let mut err = connedit::cli::safe::SafeWriter::for_messages(std::io::stderr());
    let io = |r: std::io::Result<u8>| r.map_err(Stop::from);
    if cli.no_pager {
        connedit::cli::pager::disable();
    }
    let paged = |out: &mut dyn std::io::Write,
                 f: &mut dyn FnMut(&mut dyn std::io::Write) -> Outcome| {
        connedit::cli::pager::run(out, |w| f(w))
            .map_err(Stop::from)
            .and_then(|r| r)
    };
    let result: Outcome = match &cli.command {
        Some(Command::Validate(args)) => io(validate::run(args, &mut out, &mut err)),
        Some(Command::Fmt(args)) => io(connedit::cli::fmt::run(args, &mut out, &mut err)),
        Some(Command::New(args)) => io(templates::new(args, &cli.tenant, &mut out, &mut err)),
        Some(Command::Pull(what)) => io(pull::run(what, &cli.tenant, &mut out, &mut err)),
        Some(Command::Diff(args)) => paged(&mut out, &mut |o| {
            push::diff(args, &cli.tenant, o, &mut err)
        }),
        Some(Command::Push(args)) => push::push(args, &cli.tenant, &mut out, &mut err),
        Some(Command::Templates) => io(templates::list(&cli.tenant, &mut out, &mut err)),
        Some(Command::Tenants) => io(connedit::cli::remote::list(&cli.tenant, &mut out, &mut err)),
        Some(Command::History(args)) => paged(&mut out, &mut |o| {
            connedit::cli::history::history(args, &cli.tenant, o, &mut err)
        }),
        Some(Command::Rollback(args)) => {
            connedit::cli::history::rollback(args, &cli.tenant, &mut out, &mut err)
        }
        Some(Command::Compare(args)) => io(connedit::cli::compare::compare(
            args,
            &cli.tenant,
            &mut out,
            &mut err,
        )),
        Some(Command::CheckPassword(args)) => io(check_password::run(args, &mut out, &mut err)),
        Some(Command::Completions { shell }) => {
            io(connedit::cli::manual::completions(*shell, &mut out))
        }
        Some(Command::Man) => io(connedit::cli::manual::man(&mut out)),
        Some(Command::Schema { kind, strategy }) => io(connedit::cli::manual::schema(
            *kind,
            strategy.as_deref(),
            &mut out,
            &mut err,
        )),
        None => {
            drop(out);
            let code = connedit::cli::edit::run(
                &cli.files,
                cli.mappings.as_deref(),
                cli.new.map(connedit::core::Kind::from),
                &cli.tenant,
            );
            return ExitCode::from(code);
        }
    };
    let flushed = std::io::Write::flush(&mut out).map_err(Stop::from);
    let code = match result.and_then(|code| flushed.map(|_| code)) {
        Ok(code) | Err(Stop::Code(code)) => code,
        // A closed pipe (`| head`): no message, but not success either (a CI
        // step `connedit validate … | head` must not pass on errors unseen).
        Err(Stop::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            connedit::cli::exit::FAILURE
        }
        Err(Stop::Io(e)) => {
            eprintln!("connedit: {e}");
            connedit::cli::exit::FAILURE
        }
    };
    ExitCode::from(code)
}
