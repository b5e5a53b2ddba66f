//! The undo history of one open document: each change as the value before
//! and after it, undone and redone in order, at most `limit` kept (the
//! oldest go first). Pure: the editor keeps one per document.

#[derive(Debug, Clone)]
pub struct History<T> {
    undo: Vec<(T, T)>,
    redo: Vec<(T, T)>,
    limit: usize,
}

impl<T: Clone> History<T> {
    pub fn new(limit: usize) -> History<T> {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// A change from `before` to `after`; what was undone can no longer be
    /// redone.
    pub fn record(&mut self, before: T, after: T) {
        self.undo.push((before, after));
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// The value to go back to, if there is a change to undo.
    pub fn undo(&mut self) -> Option<T> {
        let change = self.undo.pop()?;
        let value = change.0.clone();
        self.redo.push(change);
        Some(value)
    }

    /// The value to go forward to, if there is an undone change.
    pub fn redo(&mut self) -> Option<T> {
        let change = self.redo.pop()?;
        let value = change.1.clone();
        self.undo.push(change);
        Some(value)
    }

    /// Forgets everything (the document was replaced by another).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(changes: &[(i32, i32)]) -> History<i32> {
        let mut h = History::new(10);
        for (b, a) in changes {
            h.record(*b, *a);
        }
        h
    }

    #[test]
    fn undo_and_redo_walk_the_changes_in_order() {
        let mut h = history(&[(0, 1), (1, 2), (2, 3)]);
        assert_eq!(h.undo(), Some(2));
        assert_eq!(h.undo(), Some(1));
        assert_eq!(h.redo(), Some(2));
        assert_eq!(h.undo(), Some(1));
        assert_eq!(h.undo(), Some(0));
        assert_eq!(h.undo(), None, "nothing before the first change");
        assert!(h.can_redo());
        assert_eq!(h.redo(), Some(1));
        assert_eq!(h.redo(), Some(2));
        assert_eq!(h.redo(), Some(3));
        assert_eq!(h.redo(), None, "nothing after the last");
    }

    #[test]
    fn a_new_change_after_an_undo_drops_what_was_undone() {
        let mut h = history(&[(0, 1), (1, 2)]);
        assert_eq!(h.undo(), Some(1));
        h.record(1, 5);
        assert!(!h.can_redo());
        assert_eq!(h.undo(), Some(1));
        assert_eq!(h.undo(), Some(0));
    }

    #[test]
    fn the_oldest_changes_go_past_the_limit() {
        let mut h = History::new(2);
        for i in 0..5 {
            h.record(i, i + 1);
        }
        assert_eq!(h.undo(), Some(4));
        assert_eq!(h.undo(), Some(3));
        assert_eq!(h.undo(), None);
        h.clear();
        assert!(!h.can_undo() && !h.can_redo());
    }
}
