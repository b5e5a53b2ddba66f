//! The command line: argument parsing and one file per subcommand.

pub mod check_password;
pub mod compare;
pub mod confirm;
pub mod edit;
pub mod fmt;
pub mod history;
pub mod inflight;
pub mod manual;
pub mod pager;
pub mod pull;
pub mod push;
pub mod remote;
pub mod report;
pub mod safe;
pub mod templates;
pub mod validate;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "connedit",
    version,
    about = "Edit, check and push Auth0 Connection Profiles and connections of every strategy",
    long_about = None,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub tenant: remote::TenantArgs,
    /// Files to edit (a profile and/or a connection), or a deploy-cli tree
    #[arg(value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// deploy-cli keyword mappings (JSON) for checking; default: $AUTH0_KEYWORD_REPLACE_MAPPINGS
    #[arg(long, value_name = "FILE")]
    pub mappings: Option<PathBuf>,
    /// Start a new document of this kind in FILE (which must not exist, or be empty)
    #[arg(long, value_name = "KIND")]
    pub new: Option<KindArg>,
    /// Never page long answers (diff, push, history, rollback) through $PAGER
    #[arg(long, global = true)]
    pub no_pager: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents against every rule Auth0 applies; exit 1 when any has errors
    #[command(after_help = manual::EXIT_CHECK)]
    Validate(validate::Args),
    /// Rewrite files in the canonical layout (saves otherwise keep each file's own)
    #[command(
        after_help = "Exit codes: 0 done, 1 with --check: a file is not in the canonical layout, or a file is not JSON or repeats a key (left as it is), 2 usage or I/O failure."
    )]
    Fmt(fmt::Args),
    /// Start a new document (offline, or from a tenant template)
    #[command(after_help = manual::EXIT_REMOTE)]
    New(templates::NewArgs),
    /// Fetch profiles or a connection from the tenant into files
    #[command(subcommand, after_help = manual::EXIT_REMOTE)]
    Pull(pull::What),
    /// Show what pushing FILE would change on the tenant
    #[command(after_help = manual::EXIT_DIFF)]
    Diff(push::DiffArgs),
    /// Validate FILE, show the changes, ask, then update the tenant
    #[command(after_help = manual::EXIT_REMOTE)]
    Push(push::PushArgs),
    /// List the tenant's connection profile templates
    #[command(after_help = manual::EXIT_REMOTE)]
    Templates,
    /// Try a password (read from standard input) against a connection's policy
    #[command(
        after_help = "Exit codes: 0 the policy accepts the password, 1 it refuses it, 2 usage or I/O failure, or the file is not a database connection."
    )]
    CheckPassword(check_password::Args),
    /// List the named tenants of the tenants file (never a secret)
    #[command(after_help = manual::EXIT_PRINT)]
    Tenants,
    /// The snapshots taken before each write of a document, newest first
    #[command(after_help = manual::EXIT_REMOTE)]
    History(history::HistoryArgs),
    /// Put a document back as it was before a write (the last, or --to)
    #[command(after_help = manual::EXIT_REMOTE)]
    Rollback(history::RollbackArgs),
    /// One profile or connection across tenants, field by field
    #[command(after_help = manual::EXIT_REMOTE)]
    Compare(compare::CompareArgs),
    /// Print a JSON Schema (2020-12) of what validate accepts, for editors
    #[command(after_help = manual::EXIT_PRINT)]
    Schema {
        /// The document it describes
        kind: KindArg,
        /// A connection of this strategy (its options typed by its schema)
        #[arg(long, value_name = "STRATEGY", value_parser = strategy_parser(), hide_possible_values = true)]
        strategy: Option<String>,
    },
    /// Print the shell completion script (put it where your shell loads completions)
    #[command(after_help = manual::EXIT_PRINT)]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff: `connedit man > connedit.1`)
    #[command(after_help = manual::EXIT_PRINT)]
    Man,
}

/// The value parser of every `--strategy`: the strategies Auth0's newest
/// types know. Shell completion offers them (and no file names), and a
/// mistyped one is a usage error with the nearest name; `--help` does not
/// list all of them.
pub fn strategy_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::core::fields::strategies::names().iter().copied(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Profile,
    Connection,
}

impl From<KindArg> for crate::core::Kind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Profile => crate::core::Kind::Profile,
            KindArg::Connection => crate::core::Kind::Connection,
        }
    }
}

/// Why a subcommand stopped early: an exit code whose reason has been
/// printed, or an error writing its output. `?` carries both, so a helper
/// that returns `Result<T, u8>` ends the subcommand with its code.
#[derive(Debug)]
pub enum Stop {
    Code(u8),
    Io(std::io::Error),
}

impl From<u8> for Stop {
    fn from(code: u8) -> Stop {
        Stop::Code(code)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        Stop::Io(e)
    }
}

/// What a subcommand returns: its exit code, or why it stopped.
pub type Outcome = Result<u8, Stop>;

/// Exit codes of SPEC §3.
pub mod exit {
    pub const OK: u8 = 0;
    pub const PROBLEMS: u8 = 1;
    pub const FAILURE: u8 = 2;
}
