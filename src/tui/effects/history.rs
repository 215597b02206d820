//! What was sent goes to the history (a send, a fetch of every page, a batch), off the loop and
//! scrubbed of the credentials; a failure to write is said, not fatal.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;

use crate::core::request::{Credentials, RequestSpec};
use crate::core::sign::Clock;
use crate::history::{Entry, History, Outcome};
use crate::tui::message::Message;
use crate::tui::model::Level;

/// What a task needs to record its request: the history (when it is on), the profile's label
/// and the clock.
#[derive(Clone)]
pub(super) struct Recorder {
    pub history: Option<History>,
    pub label: String,
    pub clock: Arc<dyn Clock>,
}

impl Recorder {
    /// Records `spec` answered with `status` and `body`, sent at `started`.
    pub fn record(
        &self,
        spec: &RequestSpec,
        started: Instant,
        (status, body): (u16, &[u8]),
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
        let entry = Entry::of(spec, &self.label, self.clock.now(), outcome);
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
        match history.record_with_body(entry, &body, &secrets) {
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
