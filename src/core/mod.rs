//! The pure core: document model, validation rules, diagnostics and derived
//! values. Nothing here touches a terminal, a file or the network.

pub mod api_error;
pub mod apps;
pub mod common_passwords;
pub mod compare;
pub mod derived;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod edit;
pub mod fields;
pub mod json;
pub mod kind;
pub mod layout;
pub mod merge;
pub mod password;
pub mod placeholders;
pub mod planfile;
pub mod pointer;
pub mod policy;
pub mod prefix;
pub mod push;
pub mod rules;
pub mod schema;
pub mod scrub;
pub mod suggest;
pub mod tree;
pub mod undo;
pub mod yaml;

pub use diagnostic::{Code, Diagnostic, Severity, Tally};
pub use document::{Document, Kind};
