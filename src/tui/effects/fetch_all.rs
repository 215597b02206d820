//! The runner's fetch of every page (`}`): the same [`fetch_all`] as `wpx call --all`, off the
//! loop, reporting each page with `Message::FetchProgress` and ending with `Message::Sent` for the
//! merged document. Esc stops it at once and shows the pages that came.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Notify;

use super::{Runner, to_data};
use crate::core::request::RequestSpec;
use crate::http::pages::{Ended, Event, FetchError, Limits, fetch_all};
use crate::tui::message::Message;

/// Retries of a transient error per page.
const PAGE_RETRIES: u32 = 3;

impl Runner {
    /// Fetches `spec` and every page after it.
    pub(super) fn fetch_all(&mut self, id: u64, spec: RequestSpec) {
        let Some((client, target, creds)) = self.connection(id) else {
            return;
        };
        let cancel = Arc::new(Notify::new());
        self.stops.insert(id, cancel.clone());
        let tx = self.tx.clone();
        let recorder = self.recorder();
        // The pages together are held to the size cap of one response.
        let max_bytes = Some(self.settings.max_response_bytes);
        let renew = self.renew.clone();
        let handle = tokio::spawn(async move {
            let started = Instant::now();
            let limits = Limits {
                retries: PAGE_RETRIES,
                max_bytes,
                ..Limits::default()
            };
            let progress_tx = tx.clone();
            let report = move |event: Event| {
                let pages = match &event {
                    Event::Page(p) => p.pages,
                    _ => 0,
                };
                let line = match event {
                    Event::Page(p) => p.line(),
                    Event::Retry {
                        page,
                        wait,
                        attempt,
                        of,
                    } => format!(
                        "page {page} failed transiently: retry {attempt} of {of} in {wait} s"
                    ),
                    Event::Renewed => {
                        "the token was refused (190): fetched a new one, going on".to_owned()
                    }
                    Event::RenewFailed(e) => format!(
                        "the token was refused (190) and a new one could not be fetched: {e}"
                    ),
                };
                let _ = progress_tx.send(Message::FetchProgress { id, line, pages });
            };
            let mut creds = creds;
            let before = creds.access_token.clone();
            let login = renew.as_ref().map(|(l, _)| l);
            let fetched = fetch_all(
                &client, &spec, &target, &mut creds, login, limits, &cancel, report,
            )
            .await;
            // A token fetched anew is kept for the sends after this one.
            if creds.access_token != before
                && let Some(Ok(mut slot)) = renew.as_ref().map(|(_, s)| s.lock())
            {
                *slot = Some(creds.access_token.clone());
            }
            let (resp, note, pages, what) = match fetched {
                Ok(mut f) => {
                    let what = f.what();
                    let Some(mut last) = f.last.take() else {
                        let _ = tx.send(Message::Sent {
                            id,
                            result: Err("stopped before the first page came".into()),
                        });
                        return;
                    };
                    let how = match f.ended {
                        Ended::Last => "every page",
                        Ended::Limit => "stopped at the size cap ([http] max_response_bytes)",
                        Ended::Cancelled => "stopped (Esc): the pages that came",
                    };
                    let note = format!("{how} · {}", f.progress.line());
                    last.body = serde_json::to_vec(&f.merged.into_value()).unwrap_or_default();
                    last.elapsed = started.elapsed();
                    (last, note, f.progress.pages, what)
                }
                Err(FetchError::Failed {
                    page,
                    resp,
                    items_before,
                }) => {
                    let note = if page == 1 {
                        "the first page failed: its answer is shown".to_owned()
                    } else {
                        format!(
                            "page {page} failed: its answer is shown; the {items_before} items before it are not"
                        )
                    };
                    let what = format!("page {page} of the fetch failed");
                    // The answer shown is that page's: `]` and `[` go on from it.
                    (*resp, note, page, what)
                }
                Err(e) => {
                    let _ = tx.send(Message::Sent {
                        id,
                        result: Err(e.to_string()),
                    });
                    return;
                }
            };
            // The merged document is history, under the first page's request.
            let answer = (resp.status, &resp.body[..], what.as_str());
            recorder.record(&spec, started, answer, &creds, &tx);
            let result = tokio::task::spawn_blocking(move || Box::new(to_data(resp, &creds)))
                .await
                .map_err(|e| format!("could not read the response: {e}"));
            // The summary rides on the flight: a fetch replaced by another send says nothing.
            let _ = tx.send(Message::FetchProgress {
                id,
                line: note,
                pages,
            });
            let _ = tx.send(Message::Sent { id, result });
        });
        self.tasks.insert(id, handle);
    }
}
