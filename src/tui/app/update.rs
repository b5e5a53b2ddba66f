//! The one way into the editor's state: [`App::update`] takes every
//! message (a key, a paste, a resize, a tick, a worker's answer, what the
//! runner found or did with a file) and returns the effects to perform.

use super::{App, Effect, Msg, ReadFor};

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => {
                let effects = self.on_key(key);
                if self.dialog.is_none() {
                    self.dialog = self.queued_dialog.take();
                }
                return effects;
            }
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize(w, h) => self.resize(w, h),
            Msg::Tick => self.tick(),
            Msg::Job(id, result) => {
                // An answer that opens a dialog (a diff to confirm, the
                // compare, the history) waits behind one already open (the
                // quit question, a path being typed) instead of replacing it.
                let open = self.dialog.take();
                let effects = self.on_job(id, result);
                if let Some(open) = open
                    && let Some(new) = self.dialog.replace(open)
                {
                    self.queued_dialog = Some(new);
                }
                return effects;
            }
            Msg::Estimated { key, estimate } => self.set_estimate(key, estimate),
            Msg::Saved {
                doc,
                path,
                bytes,
                file_id,
                written,
                then_quit,
            } => return self.on_saved(doc, path, bytes, file_id, written, then_quit),
            Msg::Conflict {
                doc,
                path,
                reason,
                then_quit,
            } => self.on_conflict(doc, path, reason, then_quit),
            Msg::Read {
                doc,
                path,
                purpose,
                bytes,
                file_id,
            } => {
                match (purpose, bytes) {
                    (ReadFor::Reload, bytes) => {
                        let effects = self.on_reloaded(doc, bytes);
                        if let Some(slot) = self.slot_mut(doc) {
                            slot.disk_id = file_id;
                        }
                        return effects;
                    }
                    (ReadFor::Open, Some(bytes)) => self.open_document(doc, path, bytes),
                    (ReadFor::Open, None) => {
                        self.on_save_failed(format!("{} no longer exists", path.display()));
                        return Vec::new();
                    }
                }
                if let Some(slot) = self.slot_mut(doc) {
                    slot.disk_id = file_id;
                }
                if purpose == ReadFor::Open {
                    return self.check_recovery();
                }
            }
            Msg::Created { path, text } => self.on_created(path, text),
            Msg::RecoveryFound(found) => self.offer_recovery(found),
            Msg::PushRefused(message) => self.on_push_refused(message),
            Msg::Failed(message) => self.on_save_failed(message),
            Msg::CopyKept(Ok(path), note, _, _) => self.set_status(
                format!(
                    "{note}; your version before the reload is kept in {}",
                    path.display()
                ),
                super::Level::Error,
            ),
            Msg::CopyKept(Err(why), note, doc, restore) => {
                self.on_copy_failed(doc, why, note, *restore)
            }
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Kind;
    use crate::tui::app::{Dialog, Level};
    use crate::tui::workspace::OpenDocument;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(c: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
    }

    fn ctrl(c: char) -> Msg {
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn profile() -> App {
        App::new(Some(OpenDocument::example(Kind::Profile)), None)
    }

    /// Ctrl-O: the effect asks the worker; returns the request's id.
    fn start_listing(app: &mut App) -> u64 {
        let fx = app.update(ctrl('o'));
        let Some(Effect::Run { id, .. }) = fx.first() else {
            panic!("Ctrl-O asks the worker");
        };
        *id
    }

    /// The worker's answer to Ctrl-O: one profile.
    fn listed(id: u64) -> Msg {
        let listing = crate::tui::worker::Listing {
            profiles: Ok(vec![serde_json::json!({"name": "p", "id": "cop_1"})]),
            templates: Ok(Vec::new()),
            connections: Ok(Vec::new()),
        };
        Msg::Job(id, crate::tui::worker::JobResult::Listed(Box::new(listing)))
    }

    #[test]
    fn esc_drops_a_running_read_and_its_late_answer_changes_nothing() {
        let mut app = profile();
        let id = start_listing(&mut app);
        assert!(app.busy.is_some());
        app.update(key(KeyCode::Esc));
        assert!(app.busy.is_none(), "Esc cancels the read");
        assert!(app.status.as_ref().unwrap().0.starts_with("cancelled"));
        // The answer comes anyway: ignored, no dialog opens.
        app.update(listed(id));
        assert!(app.dialog.is_none());
    }

    #[test]
    fn an_answer_waits_behind_an_open_dialog() {
        let mut app = profile();
        let id = start_listing(&mut app);
        // Meanwhile the user opens the message log (a dialog).
        app.update(key(KeyCode::Char('L')));
        assert!(matches!(app.dialog, Some(Dialog::Text(_))));
        app.update(listed(id));
        assert!(
            matches!(app.dialog, Some(Dialog::Text(_))),
            "the open dialog stays"
        );
        // Closing it shows the answer.
        app.update(key(KeyCode::Esc));
        assert!(matches!(app.dialog, Some(Dialog::Open(_))));
    }

    #[test]
    fn job_ids_are_the_apps_own_and_never_reused() {
        let mut app = profile();
        let mut ids = Vec::new();
        for _ in 0..3 {
            ids.push(start_listing(&mut app));
            app.update(key(KeyCode::Esc));
        }
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    }

    /// Issue 30: G goes to the end of the help (it closed it), and a key up
    /// from there moves at once.
    #[test]
    fn g_and_shift_g_move_in_the_help_and_k_moves_after_g() {
        let mut app = profile();
        app.update(Msg::Resize(80, 24));
        app.update(key(KeyCode::Char('?')));
        assert!(app.help);
        app.update(key(KeyCode::Char('G')));
        assert!(app.help, "G keeps the help open");
        let last = app.help_scroll;
        assert!(last > 0);
        app.update(key(KeyCode::Char('k')));
        assert_eq!(app.help_scroll, last - 1);
        app.update(key(KeyCode::Char('g')));
        assert_eq!(app.help_scroll, 0);
        app.update(key(KeyCode::Char('x')));
        assert!(!app.help, "any other key closes");
    }

    #[test]
    fn a_write_once_sent_is_not_cancelled() {
        let mut app = profile();
        let id = app.set_busy(Some(Kind::Profile), "pushing", false);
        app.update(key(KeyCode::Esc));
        assert_eq!(app.busy.as_ref().map(|b| b.job), Some(id));
        assert_eq!(app.status.as_ref().unwrap().1, Level::Warning);
        // Quitting asks first: the first Ctrl-C says the request was sent
        // and may apply (shown beside the spinner too), the second quits,
        // and leaving says what to run (issue 30).
        assert!(
            app.leaving_word()
                .is_some_and(|w| w.contains("connedit diff"))
        );
        assert!(app.update(ctrl('c')).is_empty());
        let status = &app.status.as_ref().unwrap().0;
        assert!(
            status.contains("the request was sent and may apply"),
            "{status}"
        );
        assert!(app.quitting_during_write());
        assert!(matches!(app.update(ctrl('c')).as_slice(), [Effect::Quit]));
        // Once the answer came, nothing is left to say.
        app.busy = None;
        assert!(app.leaving_word().is_none());
    }
}
