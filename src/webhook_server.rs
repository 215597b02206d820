//! The webhook receiver shared by `wpx webhooks listen` and the TUI's webhooks view: axum on
//! 127.0.0.1 (or a chosen address), the verification handshake, every delivery checked over its raw
//! bytes ([`crate::core::webhook::verify`], failing closed), recorded ([`crate::webhook_log`]) and,
//! when verified, forwarded byte for byte. What happens is reported on a channel.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};

use crate::core::secret::Secret;
use crate::core::webhook::{self, Verdict};
use crate::webhook_log::{self, Record};

/// How to receive.
pub struct Settings {
    /// Where to listen (port 0: any free one).
    pub addr: SocketAddr,
    /// The path Meta calls.
    pub path: String,
    /// The app secret that signs deliveries.
    pub secret: Secret,
    /// The verify token given to Meta (none: every verification is refused).
    pub verify_token: Option<Secret>,
    /// Pass verified deliveries on to this URL.
    pub forward: Option<String>,
    /// Where deliveries are recorded.
    pub state_dir: std::path::PathBuf,
    /// The largest body accepted.
    pub max_bytes: usize,
}

/// What the receiver reports.
#[derive(Debug, Clone)]
pub enum Event {
    /// A verification GET: answered (true) or refused, and why.
    Verification(bool, String),
    /// A delivery, recorded.
    Delivery(Box<Record>),
    /// A delivery that could not be recorded.
    NotRecorded(String),
}

struct Shared {
    settings: Settings,
    client: reqwest::Client,
    tx: tokio::sync::mpsc::UnboundedSender<Event>,
}

/// Deliveries received by this process: with the time and the process id, a record id no other
/// receiver (another process, a restarted one) can take.
static SEQ: AtomicU64 = AtomicU64::new(0);

/// A running receiver: stops when dropped (or with [`Receiver::stop`]).
pub struct Receiver {
    /// The address it listens on.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Receiver {
    /// Binds at once and starts serving on the current tokio runtime (call it inside one).
    pub fn start(
        settings: Settings,
        tx: tokio::sync::mpsc::UnboundedSender<Event>,
    ) -> anyhow::Result<Self> {
        let std_listener = std::net::TcpListener::bind(settings.addr)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.addr))?;
        std_listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(std_listener)?;
        let addr = listener.local_addr()?;
        let path = settings.path.clone();
        let max = settings.max_bytes;
        let client = reqwest::Client::builder()
            .no_proxy()
            // Meta waits about 20 s for an answer; a slow handler must not make it resend.
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        let shared = Arc::new(Shared {
            settings,
            client,
            tx,
        });
        let app = axum::Router::new()
            .route(&path, axum::routing::get(verification).post(delivery))
            .layer(axum::extract::DefaultBodyLimit::max(max))
            .with_state(shared);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Self {
            addr,
            stop: Some(stop),
        })
    }

    /// Stops serving.
    pub fn stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn verification(
    State(s): State<Arc<Shared>>,
    Query(q): Query<Vec<(String, String)>>,
) -> (StatusCode, String) {
    let token = s
        .settings
        .verify_token
        .as_ref()
        .map(|t| t.expose().to_owned());
    match webhook::challenge(&q, token.as_deref()) {
        Ok(c) => {
            let _ =
                s.tx.send(Event::Verification(true, "answered the challenge".into()));
            (StatusCode::OK, c)
        }
        Err(why) => {
            let _ = s.tx.send(Event::Verification(false, why.clone()));
            (StatusCode::FORBIDDEN, why)
        }
    }
}

/// A record id: `20261203T094206Z-000001-4242` (time, this process's count, its pid).
fn record_id(now: i64, n: u64) -> String {
    format!(
        "{}Z-{n:06}-{}",
        crate::core::timefmt::graph_time(now)
            .trim_end_matches("+0000")
            .replace([':', '-'], ""),
        std::process::id()
    )
}

/// True for a path axum can route as it is (no `{capture}`, `*wildcard` or `:param`).
pub fn valid_path(path: &str) -> bool {
    path.starts_with('/')
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_.~-".contains(c))
}

async fn delivery(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    let verdict = webhook::verify(
        s.settings.secret.expose().as_bytes(),
        &body,
        header(webhook::SIG256),
        header(webhook::SIG1),
    );
    let now = crate::core::sign::Clock::now(&crate::core::sign::SystemClock);
    let n = SEQ.fetch_add(1, Ordering::Relaxed) + 1;
    let (verified, reason) = match &verdict {
        Verdict::Verified(alg) => (true, (*alg).to_owned()),
        Verdict::Rejected(r) => (false, r.to_string()),
    };
    let mut record = Record {
        id: record_id(now, n),
        time: now,
        verified,
        reason: reason.clone(),
        summary: webhook::summary(&body),
        headers: webhook_log::keep_headers(headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes()))),
        size: body.len(),
        forwarded: None,
    };
    if verified && let Some(url) = &s.settings.forward {
        let mut req = s.client.post(url).body(body.clone());
        for (k, v) in &headers {
            if !matches!(k.as_str(), "host" | "content-length") {
                req = req.header(k, v);
            }
        }
        record.forwarded = Some(match req.send().await {
            Ok(r) => r.status().as_u16().to_string(),
            Err(e) => format!("failed: {}", e.without_url()),
        });
    }
    let dir = s.settings.state_dir.clone();
    let (rec, bytes) = (record.clone(), body.clone());
    let saved = tokio::task::spawn_blocking(move || webhook_log::save(&dir, &rec, &bytes)).await;
    if let Ok(Err(e)) | Err(e) = saved.map_err(std::io::Error::other) {
        let _ = s.tx.send(Event::NotRecorded(format!(
            "delivery {} was not recorded: {e}",
            record.id
        )));
    }
    let _ = s.tx.send(Event::Delivery(Box::new(record)));
    if verified {
        (StatusCode::OK, "EVENT_RECEIVED".into())
    } else {
        (StatusCode::FORBIDDEN, reason)
    }
}

/// One line about a delivery (the CLI's listener and list, the TUI's view).
pub fn line_of(r: &Record) -> String {
    let badge = if r.verified {
        format!("verified ({})", r.reason)
    } else {
        format!("REJECTED: {}", r.reason)
    };
    let what = r.what();
    let fwd = r
        .forwarded
        .as_deref()
        .map(|f| format!(" · forwarded: {f}"))
        .unwrap_or_default();
    format!(
        "{}  {}  {badge}  {what}{fwd}",
        crate::core::timefmt::clock_time(r.time),
        r.id
    )
}

/// Sends a payload to `to` with its recorded headers (credentials and `Host` left out) — signed
/// anew with `secret` when one is given, else with its own signature headers. The status and the
/// start of the answer.
pub async fn replay(
    to: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
    secret: Option<&Secret>,
) -> Result<(u16, String), String> {
    let mut req_headers = reqwest::header::HeaderMap::new();
    for (k, v) in headers {
        let lower = k.to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "host" | "content-length" | "authorization" | "cookie" | "proxy-authorization"
        ) || (secret.is_some() && (lower == webhook::SIG256 || lower == webhook::SIG1))
        {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            reqwest::header::HeaderName::try_from(k.as_str()),
            reqwest::header::HeaderValue::try_from(v.as_str()),
        ) {
            req_headers.insert(n, v);
        }
    }
    if let Some(secret) = secret {
        let (s256, s1) = webhook::sign(secret.expose().as_bytes(), &body);
        for (n, v) in [(webhook::SIG256, s256), (webhook::SIG1, s1)] {
            if let Ok(v) = reqwest::header::HeaderValue::try_from(v) {
                req_headers.insert(n, v);
            }
        }
    }
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let answer = client
        .post(to)
        .headers(req_headers)
        .body(body)
        .send()
        .await
        .map_err(|e| format!("cannot reach {to}: {}", e.without_url()))?;
    let status = answer.status().as_u16();
    let text = answer.text().await.unwrap_or_default();
    Ok((status, crate::core::text::clip(&text, 300).into_owned()))
}
