//! The runner's batch: every operation in one signed POST (`batch=`, `include_headers=true`), the
//! same request `wpx batch` makes; the answer comes back as one document of results
//! (`core::batch::results_document`), or as Graph's error when the batch itself was refused.

use super::{Runner, to_data};
use crate::core::batch::{Operation, Outcome, read_results, request, results_document};
use crate::tui::message::Message;
use crate::tui::model::Level;

impl Runner {
    /// Sends the batch `ops`, answered with `Message::Sent` for the results document.
    pub(super) fn batch(&mut self, id: u64, ops: Vec<Operation>) {
        let Some((client, target, creds)) = self.connection(id) else {
            return;
        };
        let tx = self.tx.clone();
        let renew = self.renew.clone();
        let recorder = self.recorder();
        let handle = tokio::spawn(async move {
            let started = std::time::Instant::now();
            let spec = request(&ops);
            let mut creds = creds;
            let sent =
                super::token::send_renewing(&client, &spec, &target, &mut creds, renew, &tx).await;
            let mut resp = match sent {
                Ok(r) => r,
                Err(e) => {
                    let _ = tx.send(Message::Sent {
                        id,
                        result: Err(e.to_string()),
                    });
                    return;
                }
            };
            let answer: Option<serde_json::Value> = serde_json::from_slice(&resp.body).ok();
            let results = answer
                .as_ref()
                .and_then(read_results)
                .filter(|_| resp.is_success());
            let note = results.as_ref().map(|results| {
                let failed = results
                    .iter()
                    .filter(|r| matches!(r, Outcome::Answered { code, .. } if !(200..300).contains(code)))
                    .count();
                resp.body = serde_json::to_vec(&results_document(&ops, results)).unwrap_or_default();
                let level = if failed > 0 { Level::Error } else { Level::Info };
                (
                    level,
                    format!(
                        "batch: {} operations in one signed request, {failed} failed · each result is an item of data",
                        results.len()
                    ),
                )
            });
            // The batch is history: its request, and the results document as its answer.
            let what = format!("a batch of {}", ops.len());
            recorder.record(
                &spec,
                started,
                (resp.status, &resp.body, &what),
                &creds,
                &tx,
            );
            let result = tokio::task::spawn_blocking(move || Box::new(to_data(resp, &creds)))
                .await
                .map_err(|e| format!("could not read the response: {e}"));
            let _ = tx.send(Message::Sent { id, result });
            if let Some((level, text)) = note {
                let _ = tx.send(Message::Note(level, text));
            }
        });
        self.tasks.insert(id, handle);
    }
}
