//! The `connedit` binary: parses the command line and runs a subcommand.

use clap::{CommandFactory, Parser};
use connedit::cli::{Cli, Command, validate};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let result = match &cli.command {
        Some(Command::Validate(args)) => validate::run(args, &mut out, &mut err),
        None => {
            // The editor arrives with the editor issue; until then, say what exists.
            let _ = Cli::command().print_help();
            Ok(connedit::cli::exit::OK)
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
