//! Dialogs, one file each: its state, what its keys do, and how it is drawn.
//! (The others still live in `app/dialogs.rs` and `panes/overlay.rs`; they
//! move here one by one.)

pub mod compare;
pub mod confirm_edit;
pub mod confirm_write;
pub mod history;
pub mod list;
pub mod open_remote;
pub mod pick_tenant;
pub mod text_view;
