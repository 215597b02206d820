//! Fetching every page of a Graph list, for `wpx call --all` and the TUI's `}`: follow
//! `paging.next` until it is absent or a limit is reached, each page signed anew by the client
//! (which refuses a link that leaves the profile's origin), pausing as the rate-limit headers near
//! 100 %, retrying transient errors, and stopping at once when cancelled (within the page in
//! flight). The pages merge into one document ([`Merged`]).

use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::token::Renewal;
use super::{Client, HttpError, Response};
use crate::core::pages::{Merged, PagesError};
use crate::core::request::{AppLogin, Credentials, Method, RequestSpec, Target};
use crate::core::timefmt::human_size;
use crate::core::usage::Usage;

/// The longest wait between retries, whatever the headers say.
const MAX_WAIT_SECS: u64 = 900;

/// How long to wait before retry `attempt` (0-based) of `resp`, or `None` when it is not worth
/// retrying.
pub fn retry_wait(resp: &Response, attempt: u32, method: Method) -> Option<u64> {
    let err = resp.graph_error();
    // A write that failed with a 5xx or an unknown error may have been applied: it is retried
    // only when Meta says so (throttled, or is_transient), never twice by guess.
    let retryable = if method == Method::Get {
        err.as_ref()
            .map_or(resp.status >= 500, |e| e.is_retryable())
    } else {
        err.as_ref()
            .is_some_and(|e| e.is_throttling() || e.is_transient == Some(true))
    };
    if resp.is_success() || !retryable {
        return None;
    }
    let from_headers = crate::core::usage::Usage::from_headers(&resp.headers)
        .and_then(|u| u.wait_secs)
        .or_else(|| resp.header("retry-after")?.trim().parse().ok());
    Some(
        from_headers
            .unwrap_or(1u64 << attempt.min(6))
            .clamp(1, MAX_WAIT_SECS),
    )
}

/// How long to pause before the next page at `pct` per cent of a rate limit: nothing below
/// 75 %, then up to 5 s as it nears 100 %.
pub fn pause_for(pct: u32) -> Duration {
    Duration::from_millis(u64::from(pct.saturating_sub(75)).min(25) * 200)
}

/// Where to stop.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// Stop after this many pages.
    pub max_pages: Option<usize>,
    /// Stop once this many items are in (the result has exactly this many).
    pub max_items: Option<usize>,
    /// Retries of a transient error, per page.
    pub retries: u32,
    /// Stop once the pages' bodies pass this many bytes.
    pub max_bytes: Option<u64>,
}

/// How far a fetch has got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Pages in.
    pub pages: usize,
    /// Items in.
    pub items: usize,
    /// Body bytes received.
    pub bytes: u64,
    /// Time since the first page was asked for.
    pub elapsed: Duration,
}

impl Progress {
    /// `pages 3 · items 1,200 · 480 KB received · 900 items/s · 1.3 s`, the one progress line of
    /// the CLI and the TUI. The bytes are the pages as they came; the merged document, written
    /// again, has its own size.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            self.items as f64 / secs
        } else {
            0.0
        };
        format!(
            "pages {} · items {} · {} received · {rate:.0} items/s · {secs:.1} s",
            self.pages,
            self.items,
            human_size(self.bytes)
        )
    }
}

/// What a fetch reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A page came.
    Page(Progress),
    /// A page failed transiently and is tried again after `wait` seconds.
    Retry {
        /// The page (1-based).
        page: usize,
        /// Seconds to wait.
        wait: u64,
        /// This retry (1-based).
        attempt: u32,
        /// Retries allowed.
        of: u32,
    },
    /// The token was refused (190) and a new one fetched with the client credentials (once).
    Renewed,
    /// The token was refused and a new one could not be fetched: why.
    RenewFailed(String),
}

/// Why a fetch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The last page had no `paging.next`.
    Last,
    /// A limit was reached.
    Limit,
    /// It was cancelled.
    Cancelled,
}

/// The pages fetched.
#[derive(Debug)]
pub struct Fetched {
    /// The pages, merged.
    pub merged: Merged,
    /// The last page's answer (its body as received), when one came.
    pub last: Option<Response>,
    /// The final figures.
    pub progress: Progress,
    /// Why it ended.
    pub ended: Ended,
}

impl Fetched {
    /// What the merged document is, for the history: `4 pages, 100 items` and how it ended
    /// when that was not at the last page.
    pub fn what(&self) -> String {
        let how = match self.ended {
            Ended::Last => "",
            Ended::Limit => ", stopped at a limit",
            Ended::Cancelled => ", stopped before the last page",
        };
        format!(
            "{} page{}, {} items{how}",
            self.progress.pages,
            if self.progress.pages == 1 { "" } else { "s" },
            self.progress.items
        )
    }
}

/// Why a fetch could not go on.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// A page was answered with an error.
    #[error("page {page} failed with HTTP {} (the {items_before} items before it are not kept)", .resp.status)]
    Failed {
        /// The page (1-based).
        page: usize,
        /// Its answer.
        resp: Box<Response>,
        /// Items fetched before it.
        items_before: usize,
    },
    /// A page was not a Graph list.
    #[error(
        "page {page} is not a Graph list ({why}): send it without fetching all pages to see it"
    )]
    NotAList {
        /// The page (1-based).
        page: usize,
        /// Why.
        why: String,
    },
    /// The request could not be sent.
    #[error(transparent)]
    Http(#[from] HttpError),
}

/// Fetches `first` and every page after it. `cancel` stops it at once (the page in flight is
/// dropped), keeping the pages before. With `login` (a client-credentials profile), a refused
/// token is fetched anew once, and `creds` then holds the new one.
#[allow(clippy::too_many_arguments)]
pub async fn fetch_all(
    client: &Client,
    first: &RequestSpec,
    target: &Target,
    creds: &mut Credentials,
    login: Option<&AppLogin>,
    limits: Limits,
    cancel: &Notify,
    mut report: impl FnMut(Event),
) -> Result<Fetched, FetchError> {
    let started = Instant::now();
    let mut merged = Merged::default();
    let mut progress = Progress {
        pages: 0,
        items: 0,
        bytes: 0,
        elapsed: Duration::ZERO,
    };
    let mut last = None;
    let mut spec = first.clone();
    let mut login = login;
    let ended = 'pages: loop {
        let mut attempt = 0;
        let resp = loop {
            let (r, renewal) = tokio::select! {
                biased;
                () = cancel.notified() => break 'pages Ended::Cancelled,
                r = client.send_renewing(&spec, target, creds, login) => r,
            };
            match renewal {
                Renewal::NotNeeded => {}
                Renewal::Renewed => {
                    login = None;
                    report(Event::Renewed);
                }
                Renewal::Failed(e) => {
                    login = None;
                    report(Event::RenewFailed(e));
                }
            }
            let r = r?;
            match retry_wait(&r, attempt, Method::Get).filter(|_| attempt < limits.retries) {
                Some(wait) => {
                    attempt += 1;
                    report(Event::Retry {
                        page: merged.pages + 1,
                        wait,
                        attempt,
                        of: limits.retries,
                    });
                    tokio::select! {
                        biased;
                        () = cancel.notified() => break 'pages Ended::Cancelled,
                        () = tokio::time::sleep(Duration::from_secs(wait)) => {}
                    }
                }
                None => break r,
            }
        };
        if !resp.is_success() {
            return Err(FetchError::Failed {
                page: merged.pages + 1,
                items_before: merged.items().len(),
                resp: Box::new(resp),
            });
        }
        let number = merged.pages + 1;
        let not_a_list = |why: String| FetchError::NotAList { page: number, why };
        let page: serde_json::Value =
            serde_json::from_slice(&resp.body).map_err(|e| not_a_list(format!("not JSON: {e}")))?;
        let next = merged
            .add(page)
            .map_err(|e: PagesError| not_a_list(e.to_string()))?;
        progress = Progress {
            pages: merged.pages,
            items: merged.items().len(),
            bytes: progress.bytes + resp.body.len() as u64,
            elapsed: started.elapsed(),
        };
        report(Event::Page(progress));
        let usage = Usage::from_headers(&resp.headers);
        last = Some(resp);
        let full = limits.max_items.is_some_and(|n| merged.items().len() >= n)
            || limits.max_pages.is_some_and(|n| merged.pages >= n)
            || limits.max_bytes.is_some_and(|n| progress.bytes >= n);
        let Some(next) = next else {
            break Ended::Last;
        };
        if full {
            break Ended::Limit;
        }
        if let Some(u) = usage {
            let pause = pause_for(u.pct);
            if !pause.is_zero() {
                tokio::select! {
                    biased;
                    () = cancel.notified() => break 'pages Ended::Cancelled,
                    () = tokio::time::sleep(pause) => {}
                }
            }
        }
        spec = RequestSpec {
            headers: first.headers.clone(),
            ..RequestSpec::get(next)
        };
    };
    if let Some(n) = limits.max_items {
        merged.truncate(n);
    }
    progress.items = merged.items().len();
    progress.elapsed = started.elapsed();
    Ok(Fetched {
        merged,
        last,
        progress,
        ended,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_grows_as_the_limit_nears() {
        assert!(pause_for(50).is_zero());
        assert!(pause_for(75).is_zero());
        assert_eq!(pause_for(90), Duration::from_millis(3000));
        assert_eq!(pause_for(100), Duration::from_millis(5000));
    }

    #[test]
    fn the_progress_line() {
        let p = Progress {
            pages: 3,
            items: 1200,
            bytes: 2048,
            elapsed: Duration::from_secs(2),
        };
        assert_eq!(
            p.line(),
            format!(
                "pages 3 · items 1200 · {} received · 600 items/s · 2.0 s",
                human_size(2048)
            )
        );
    }
}
