//! The runner's `?metadata=1` fetch for the field picker: signed like any send, off the loop,
//! answered with `Message::Metadata`.

use super::Runner;
use crate::core::request::RequestSpec;
use crate::tui::message::Message;

impl Runner {
    /// Sends the node's GET with `metadata=1` and reads the answer's `metadata`.
    pub(super) fn fetch_metadata(&self, tag: u64, key: String, spec: RequestSpec) {
        let (Some(client), Some(target), Some(creds)) =
            (self.client.clone(), self.target.clone(), self.creds.clone())
        else {
            let _ = self.tx.send(Message::Metadata {
                tag,
                key,
                result: Err("not connected yet".into()),
            });
            return;
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let result = match client.send(&spec, &target, &creds).await {
                Err(e) => Err(e.to_string()),
                Ok(resp) => match crate::core::metadata::parse(&resp.body) {
                    Some(meta) if !meta.fields.is_empty() => Ok(meta),
                    _ => Err(match resp.graph_error() {
                        Some(e) => e.sanitized(&creds.secrets()).to_string(),
                        None => format!("HTTP {} without a metadata object", resp.status),
                    }),
                },
            };
            let _ = tx.send(Message::Metadata { tag, key, result });
        });
    }
}
