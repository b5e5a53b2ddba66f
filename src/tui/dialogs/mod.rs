//! Dialogs, one file each: its state, what its keys do (a `Step` the editor
//! acts on, in `app/dialogs.rs`), and how it is drawn.

pub mod choice;
pub mod compare;
pub mod confirm_edit;
pub mod confirm_write;
pub mod conflict;
pub mod history;
pub mod list;
pub mod open_remote;
pub mod pick_tenant;
pub mod prompt;
pub mod quit;
pub mod recovery;
pub mod text_view;
