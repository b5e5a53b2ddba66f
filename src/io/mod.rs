//! Everything that touches the world outside the process: files and the
//! state folder, and the Management API (`api`). The core never does.

pub mod api;
pub mod bases;
pub mod files;
pub mod read;
pub mod recovery;
pub mod save;
pub mod snapshots;
pub mod state;
pub mod tenants;
pub mod trust;
