//! The validation rules: `document value -> Vec<Diagnostic>`, pure, no I/O.

mod checks;
pub mod connection;
pub mod fields;
pub mod limits;
pub mod password_options;
pub mod profile;

use crate::core::diagnostic::Diagnostic;
use crate::core::kind::Kind;
use serde_json::Value;

/// Every rule of SPEC §1 for a document of `kind`. The diagnostics carry paths
/// but no positions; [`crate::core::document::Document::diagnostics`] adds them.
pub fn check(kind: Kind, value: &Value) -> Vec<Diagnostic> {
    check_with(kind, value, None)
}

/// Like [`check`], with the strategy the document's place implies (a
/// deploy-cli `database.json` is an `auth0` connection without saying so).
pub fn check_with(kind: Kind, value: &Value, strategy_hint: Option<&str>) -> Vec<Diagnostic> {
    let mut ctx = checks::Ctx::default();
    match kind {
        Kind::Profile => profile::check(&mut ctx, value),
        Kind::Connection => connection::check(&mut ctx, value, strategy_hint),
    }
    ctx.out
}

/// A user's string shortened for a message or a title (40 characters).
pub fn clip(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        None => s.to_string(),
        Some((end, _)) => format!("{}…", &s[..end]),
    }
}
