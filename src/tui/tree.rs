//! The deploy-cli tree the editor was opened on: its documents with their
//! problem counts, and the filter of the Files pane (typed after `/`).

use crate::core::Kind;
use crate::core::Tally;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub kind: Kind,
    pub tally: Tally,
}

#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub root: PathBuf,
    pub entries: Vec<Entry>,
    pub filter: String,
    /// Keys type into the filter (after `/`).
    pub filtering: bool,
    pub cursor: usize,
}

impl Tree {
    /// A path as the list shows it: relative to the tree.
    pub fn shown(&self, e: &Entry) -> String {
        e.path
            .strip_prefix(&self.root)
            .unwrap_or(&e.path)
            .display()
            .to_string()
    }

    /// The entries the filter lets through (case-insensitive substring).
    pub fn visible(&self) -> Vec<&Entry> {
        let f = self.filter.to_lowercase();
        self.entries
            .iter()
            .filter(|e| f.is_empty() || self.shown(e).to_lowercase().contains(&f))
            .collect()
    }

    pub fn selected(&self) -> Option<&Entry> {
        let v = self.visible();
        v.get(self.cursor.min(v.len().saturating_sub(1))).copied()
    }

    /// Updates (or adds) an entry's counts, e.g. after a save.
    pub fn set_tally(&mut self, path: &std::path::Path, kind: Kind, tally: Tally) {
        match self.entries.iter_mut().find(|e| e.path == path) {
            Some(e) => e.tally = tally,
            None => {
                self.entries.push(Entry {
                    path: path.to_path_buf(),
                    kind,
                    tally,
                });
                self.entries.sort_by(|a, b| a.path.cmp(&b.path));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_by_substring() {
        let e = |p: &str| Entry {
            path: PathBuf::from(format!("/t/{p}")),
            kind: Kind::Profile,
            tally: Tally::default(),
        };
        let mut t = Tree {
            root: "/t".into(),
            entries: vec![
                e("connection-profiles/okta.json"),
                e("connection-profiles/sso.json"),
            ],
            ..Default::default()
        };
        t.filter = "OKT".into();
        assert_eq!(t.visible().len(), 1);
        assert_eq!(
            t.shown(t.selected().unwrap()),
            "connection-profiles/okta.json"
        );
    }
}
