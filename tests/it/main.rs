//! The integration tests, in one binary (one link instead of twelve): the
//! CLI, the API against the stand-in server, deploy-cli trees, the rule
//! tables and the differential tests, properties, and the editor by key
//! replay, rendered snapshots and a real pseudo-terminal.

#[path = "../support/mod.rs"]
mod support;

mod api;
mod cli_fmt;
mod cli_help;
mod cli_validate;
mod deploy_tree;
mod differential;
mod editor_api;
mod editor_keys;
mod editor_snapshots;
mod layout;
mod newest_types;
mod password_rules;
mod properties;
mod pty;
mod rules_table;
mod schema;
mod tenants;
