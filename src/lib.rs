//! connedit: a terminal editor and command line for Auth0 Connection Profiles
//! and the password-policy options of database connections.

pub mod cli;
pub mod core;
pub mod io;
pub mod term;
pub mod tui;
