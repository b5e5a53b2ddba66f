//! The validation rules: `document value -> Vec<Diagnostic>`, pure, no I/O.

mod checks;
pub mod connection;
pub mod password_options;
pub mod profile;

use crate::core::diagnostic::Diagnostic;
use crate::core::document::Kind;
use serde_json::Value;

/// Every rule of SPEC §1 for a document of `kind`. The diagnostics carry paths
/// but no positions; [`crate::core::document::Document::diagnostics`] adds them.
pub fn check(kind: Kind, value: &Value) -> Vec<Diagnostic> {
    let mut ctx = checks::Ctx::default();
    match kind {
        Kind::Profile => profile::check(&mut ctx, value),
        Kind::Connection => connection::check(&mut ctx, value),
    }
    ctx.out
}
