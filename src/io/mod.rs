//! Everything that touches files (the network client will live beside it).

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
