//! `/` searches the focused pane: the labels and values of a document pane,
//! the lines of the preview, the problems, the Files list. The selection
//! follows the first match as you type; Enter keeps it, n / N go to the
//! next and previous match, Esc stops.

use super::{App, Level, Pane};
use crate::tui::rows;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    /// Keys type into the query (until Enter or Esc).
    pub typing: bool,
    /// Where the selection was when the query started.
    origin: usize,
    /// The last query has no match in the pane.
    pub missing: bool,
}

impl App {
    pub(super) fn start_search(&mut self) {
        self.search = Some(Search {
            typing: true,
            origin: self.position(),
            ..Search::default()
        });
    }

    /// Keys while the query is typed; `false` when there is no query being typed.
    pub(super) fn search_key(&mut self, key: KeyEvent) -> bool {
        let Some(s) = self.search.as_mut().filter(|s| s.typing) else {
            return false;
        };
        match key.code {
            KeyCode::Esc => self.search = None,
            KeyCode::Enter => {
                s.typing = false;
                if s.query.is_empty() {
                    self.search = None;
                } else if s.missing {
                    let q = s.query.clone();
                    self.set_status(format!("no match for \"{q}\" in this pane"), Level::Info);
                }
            }
            KeyCode::Backspace => {
                s.query.pop();
                let from = s.origin;
                self.find_from(from, true);
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                s.query.push(c);
                let from = s.origin;
                self.find_from(from, true);
            }
            _ => {}
        }
        true
    }

    /// n / N: the next or previous match after the selection.
    pub(super) fn search_again(&mut self, forward: bool) {
        let Some(q) = self
            .search
            .as_ref()
            .map(|s| s.query.clone())
            .filter(|q| !q.is_empty())
        else {
            self.set_status("no search yet: / starts one", Level::Info);
            return;
        };
        let at = self.position();
        let from = if forward { at + 1 } else { at.wrapping_sub(1) };
        if !self.find_dir(from, forward) {
            self.set_status(format!("no match for \"{q}\" in this pane"), Level::Info);
        }
    }

    /// While typing: the first match from where the search started, or
    /// back there when the query matches nothing (as vim's incsearch).
    fn find_from(&mut self, from: usize, forward: bool) {
        let found = self.find_dir(from, forward);
        if !found {
            self.select(from);
        }
        if let Some(s) = &mut self.search {
            s.missing = !found && !s.query.is_empty();
        }
    }

    /// Moves the selection to the first match from `from` on (wrapping
    /// round); whether there was one.
    fn find_dir(&mut self, from: usize, forward: bool) -> bool {
        let Some(q) = self.search.as_ref().map(|s| s.query.to_lowercase()) else {
            return false;
        };
        let lines = self.searchable();
        let n = lines.len();
        if n == 0 || q.is_empty() {
            return false;
        }
        let start = if from >= n && forward {
            0
        } else {
            from.min(n - 1)
        };
        let hit = (0..n)
            .map(|k| {
                if forward {
                    (start + k) % n
                } else {
                    (start + n - k) % n
                }
            })
            .find(|&i| lines[i].to_lowercase().contains(&q));
        match hit {
            Some(i) => {
                self.select(i);
                true
            }
            None => false,
        }
    }

    /// The text of each line of the focused pane, as search sees it.
    fn searchable(&self) -> Vec<String> {
        match self.focus {
            Pane::Preview => self
                .current_doc()
                .and_then(|d| self.slot(d))
                .map(|s| {
                    let shown = s.doc.resolved().unwrap_or(&s.doc).shown_text();
                    shown.lines().map(str::to_string).collect()
                })
                .unwrap_or_default(),
            Pane::Problems => self
                .problems()
                .iter()
                .map(|(_, d)| format!("{} {} {}", d.path, d.code, d.message))
                .collect(),
            Pane::Files => self.tree.as_ref().map_or_else(Vec::new, |t| {
                t.visible().iter().map(|e| t.shown(e)).collect()
            }),
            pane => {
                let Some(doc) = pane.doc() else {
                    return Vec::new();
                };
                let value = self
                    .slot(doc)
                    .and_then(|s| s.value())
                    .cloned()
                    .unwrap_or_default();
                self.rows(doc)
                    .iter()
                    .map(|r| format!("{} {}", r.label, rows::value_text(r, &value, &self.sample)))
                    .collect()
            }
        }
    }

    /// The selected line of the focused pane.
    fn position(&self) -> usize {
        match self.focus {
            Pane::Preview => self.preview_scroll.unwrap_or_else(|| self.followed_line()),
            Pane::Problems => self.problem_cursor,
            Pane::Files => self.tree.as_ref().map_or(0, |t| t.cursor),
            pane => pane
                .doc()
                .map_or(0, |d| self.cursor_in(d, self.rows(d).len())),
        }
    }

    fn select(&mut self, i: usize) {
        match self.focus {
            Pane::Preview => self.preview_scroll = Some(i),
            Pane::Problems => self.problem_cursor = i,
            Pane::Files => {
                if let Some(t) = &mut self.tree {
                    t.cursor = i;
                }
            }
            pane => {
                if let Some(d) = pane.doc() {
                    self.docs.get_mut(d).cursor = i;
                }
            }
        }
    }
}
