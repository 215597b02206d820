//! What was sent goes to the history (a send, a fetch of every page, a batch), off the loop and
//! scrubbed of the credentials; a failure to write is said, not fatal.

use tokio::sync::mpsc::UnboundedSender;

use crate::core::request::Credentials;
use crate::history::{Entry, History};
use crate::tui::message::Message;
use crate::tui::model::Level;

/// Records what was sent in the history, off the loop; a failure to write is said, not fatal.
pub(super) fn record(
    history: History,
    entry: Entry,
    creds: Credentials,
    tx: UnboundedSender<Message>,
) {
    tokio::task::spawn_blocking(move || {
        let secrets = creds.secrets();
        match history.record(entry, &secrets) {
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
