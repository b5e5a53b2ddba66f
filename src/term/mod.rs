//! Writing frames to a terminal, and nothing of the editor: the backend
//! that writes only what changed with few cursor moves (`frugal`), the
//! scroll-region moves (`shift`) and the writer that shortens escape
//! sequences to what the terminal reads (`output`). They import nothing of
//! the editor; the editor's runner builds its backend from them.

pub mod frugal;
pub mod output;
pub mod shift;
