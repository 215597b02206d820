//! The runner's side of the webhooks view: the receiver (started with the connection's app
//! secret, its events passed on as messages), the recorded deliveries, and replays.

use super::Runner;
use crate::tui::message::Message;
use crate::webhook_server::{Receiver, Settings};

/// Where the TUI's receiver listens.
const ADDR: ([u8; 4], u16) = ([127, 0, 0, 1], 8787);

fn state_dir() -> Result<std::path::PathBuf, String> {
    crate::config::state_dir(&crate::config::process_env).map_err(|e| e.to_string())
}

impl Runner {
    /// Starts (or stops) the receiver.
    pub(super) fn receiver(&mut self, on: bool) {
        if !on {
            self.receiver = None;
            let _ = self
                .tx
                .send(Message::ReceiverStarted(Err("stopped".into())));
            return;
        }
        let secret = match self.creds.as_ref().and_then(|c| c.app_secret.clone()) {
            Some(s) => s,
            None => {
                let _ = self.tx.send(Message::ReceiverStarted(Err(
                    "no app secret on this connection: deliveries cannot be checked (give the profile an app secret)".into(),
                )));
                return;
            }
        };
        let dir = match state_dir() {
            Ok(d) => d,
            Err(e) => {
                let _ = self.tx.send(Message::ReceiverStarted(Err(e)));
                return;
            }
        };
        let verify_token = crate::config::process_env("WPX_WEBHOOK_VERIFY_TOKEN")
            .filter(|t| !t.is_empty())
            .map(crate::core::secret::Secret::new);
        // WPX_WEBHOOK_PORT moves it (0: any free port).
        let port = crate::config::process_env("WPX_WEBHOOK_PORT")
            .and_then(|p| p.parse().ok())
            .unwrap_or(ADDR.1);
        let settings = Settings {
            addr: std::net::SocketAddr::from((ADDR.0, port)),
            path: "/webhook".into(),
            secret,
            verify_token,
            forward: None,
            state_dir: dir,
            max_bytes: 1 << 20,
        };
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        match Receiver::start(settings, tx) {
            Ok(r) => {
                let url = format!("http://{}/webhook", r.addr);
                self.receiver = Some(r);
                let out = self.tx.clone();
                tokio::spawn(async move {
                    while let Some(e) = rx.recv().await {
                        if out.send(Message::Webhook(e)).is_err() {
                            break;
                        }
                    }
                });
                let _ = self.tx.send(Message::ReceiverStarted(Ok(url)));
            }
            Err(e) => {
                let _ = self
                    .tx
                    .send(Message::ReceiverStarted(Err(format!("{e:#}"))));
            }
        }
    }

    /// Reads the recorded deliveries off the loop.
    pub(super) fn load_deliveries(&self) {
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let records = state_dir()
                .map(|d| crate::webhook_log::list(&d).0)
                .unwrap_or_default();
            let _ = tx.send(Message::Deliveries(records));
        });
    }

    /// Reads one delivery's record and body off the loop.
    pub(super) fn open_delivery(&self, id: String) {
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let result = state_dir().and_then(|d| crate::webhook_log::load(&d, &id));
            let _ = tx.send(Message::DeliveryBody(result));
        });
    }

    /// Replays a delivery to `url`, signed anew with the connection's app secret.
    pub(super) fn replay(&self, id: String, url: String) {
        let tx = self.tx.clone();
        let secret = self.creds.as_ref().and_then(|c| c.app_secret.clone());
        tokio::spawn(async move {
            let id2 = id.clone();
            let loaded = tokio::task::spawn_blocking(move || {
                state_dir().and_then(|d| crate::webhook_log::load(&d, &id2))
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            let note = match (loaded, secret) {
                (Err(e), _) => (crate::tui::message::Level::Error, e),
                (Ok(_), None) => (
                    crate::tui::message::Level::Error,
                    "no app secret on this connection: a replay cannot be signed".into(),
                ),
                (Ok((r, body)), Some(secret)) => {
                    match crate::webhook_server::replay(&url, &r.headers, body, Some(&secret)).await
                    {
                        Ok((status, text)) => (
                            crate::tui::message::Level::Info,
                            format!("replayed {id} to {url}: it answered {status} {text}"),
                        ),
                        Err(e) => (crate::tui::message::Level::Error, e),
                    }
                }
            };
            let _ = tx.send(Message::Note(note.0, note.1));
        });
    }
}
