//! What was sent goes to the history (a send, a fetch of every page, a batch), off the loop and
//! scrubbed of the credentials; a failure to write is said, not fatal. The saved pane's list and
//! the answers the history kept whole are read back here, off the loop too.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;

use crate::core::request::{Credentials, RequestSpec};
use crate::core::sign::Clock;
use crate::history::{Entry, History, Outcome};
use crate::store::Store;
use crate::tui::message::Message;
use crate::tui::model::Level;
use crate::tui::panes::saved::{Recorded, SavedItem};

/// What a task needs to record its request: the history (when it is on), the profile's label
/// and the clock.
#[derive(Clone)]
pub(super) struct Recorder {
    pub history: Option<History>,
    pub label: String,
    pub clock: Arc<dyn Clock>,
}

impl Recorder {
    /// Records `spec` answered with `status` and `body`, sent at `started`; `note` says what
    /// the answer is when it is more than one response (`4 pages, 100 items`).
    pub fn record(
        &self,
        spec: &RequestSpec,
        started: Instant,
        (status, body, note): (u16, &[u8], &str),
        creds: &Credentials,
        tx: &UnboundedSender<Message>,
    ) {
        let Some(history) = self.history.clone() else {
            return;
        };
        let outcome = Outcome {
            status,
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            body,
        };
        let entry = Entry {
            note: note.to_owned(),
            ..Entry::of(spec, &self.label, self.clock.now(), outcome)
        };
        // Only a body the history may keep whole is copied for it.
        let body = if body.len() <= history.max_body {
            body.to_vec()
        } else {
            Vec::new()
        };
        write(history, entry, body, creds.clone(), tx.clone());
    }
}

/// Writes `entry` and its body off the loop; a failure to write is said, not fatal.
fn write(
    history: History,
    entry: Entry,
    body: Vec<u8>,
    creds: Credentials,
    tx: UnboundedSender<Message>,
) {
    tokio::task::spawn_blocking(move || {
        let secrets = creds.secrets();
        let written = history.record_with_body(entry, &body, &secrets);
        if written.is_ok() {
            let _ = tx.send(Message::HistoryWritten);
        }
        match written {
            Ok(Some(w)) => {
                let _ = tx.send(Message::Note(Level::Error, w));
            }
            Err(e) => {
                let _ = tx.send(Message::Note(
                    Level::Error,
                    format!("the history could not be written: {e}"),
                ));
            }
            Ok(None) => {}
        }
    });
}

/// Reads the saved requests and the newest 200 history entries off the loop.
pub(super) fn load_saved(
    store: Option<Store>,
    history: Option<History>,
    tx: UnboundedSender<Message>,
) {
    let Some(store) = store else {
        return;
    };
    tokio::task::spawn_blocking(move || {
        let (collections, mut warnings) = store.list();
        let mut items = Vec::new();
        for (_, c) in collections {
            for r in &c.requests {
                items.push(SavedItem {
                    collection: Some(c.name.clone()),
                    // The name first (a narrow pane keeps it), the collection after.
                    label: format!("{:<6} {} · {}", r.method.as_str(), r.full_name(), c.name),
                    request: r.clone(),
                    variables: c.variables.clone(),
                    recorded: None,
                });
            }
        }
        if let Some(h) = history {
            let (entries, warning) = h.load();
            warnings.extend(warning);
            for e in entries.iter().rev().take(200) {
                let req = e.to_saved();
                let time = crate::tui::update::clock_time(e.time);
                items.push(SavedItem {
                    collection: None,
                    // Status and path first: a narrow pane keeps them.
                    label: format!(
                        "\u{27f2} {} {:<6} {}{} · {} ms · {time}",
                        e.status,
                        e.method,
                        e.shown_path(),
                        if e.note.is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", e.note)
                        },
                        e.duration_ms
                    ),
                    request: req,
                    variables: Default::default(),
                    recorded: Some(Recorded {
                        time: e.time,
                        status: e.status,
                        duration_ms: e.duration_ms,
                        size: e.size,
                        preview: e.preview.clone(),
                        body_file: e.body_file.clone(),
                        preview_whole: e.preview_is_whole(),
                    }),
                });
            }
        }
        let _ = tx.send(Message::SavedList(items, warnings));
    });
}

/// Reads and indexes the answer the history kept whole in `name`, off the loop
/// (`Message::Kept`).
pub(super) fn read_kept(
    history: Option<History>,
    id: u64,
    name: String,
    tx: UnboundedSender<Message>,
) {
    tokio::task::spawn_blocking(move || {
        let body = match history {
            Some(h) => h
                .read_kept(&name)
                .map(|bytes| std::sync::Arc::new(crate::core::doc::Document::new(bytes))),
            None => Err("the history is off in this mode".to_owned()),
        };
        let _ = tx.send(Message::Kept { id, body });
    });
}
