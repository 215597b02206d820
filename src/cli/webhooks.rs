//! `wpx webhooks listen | list | show | replay | sign`: a receiver that checks Meta's signatures
//! over the raw bytes (failing closed), records every delivery, and forwards verified ones to your
//! own handler; and the tools to look at, re-send and sign payloads.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use clap::{Args as ClapArgs, Subcommand};

use super::{Failure, out, process_env, warn};
use crate::config::{Config, Overrides};
use crate::core::secret::Secret;
use crate::core::webhook::{self, Verdict};
use crate::webhook_log::{self, Record};

/// `wpx webhooks`.
#[derive(Debug, Subcommand)]
pub enum WebhooksCmd {
    /// Receive deliveries: verify, record, print a line each, forward the verified ones.
    Listen(ListenArgs),
    /// The recorded deliveries, oldest first.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// One recorded delivery: its headers and body.
    Show {
        /// Its id (or the start of it).
        id: String,
    },
    /// Send a recorded delivery (or a payload file) to a handler of yours.
    Replay {
        /// A delivery id, or a file holding a payload.
        source: String,
        /// Where to send it.
        #[arg(long, value_name = "URL")]
        to: String,
        /// Sign it anew with the profile's app secret (a file is always signed).
        #[arg(long)]
        resign: bool,
    },
    /// Print the signature headers of a payload file (- reads standard input).
    Sign {
        /// The payload.
        file: String,
    },
}

/// Arguments of `wpx webhooks listen`.
#[derive(Debug, ClapArgs)]
pub struct ListenArgs {
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// The path Meta calls.
    #[arg(long, default_value = "/webhook")]
    pub path: String,
    /// Listen on this address instead of 127.0.0.1 (for a tunnel on another host).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<std::net::IpAddr>,
    /// The environment variable holding the verify token you gave Meta.
    #[arg(long, value_name = "VAR")]
    pub verify_token_env: Option<String>,
    /// Pass verified deliveries on, bytes and headers unchanged, to your own handler.
    #[arg(long, value_name = "URL")]
    pub forward: Option<String>,
    /// One JSON object per delivery on standard output.
    #[arg(long)]
    pub json: bool,
    /// The largest body accepted, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    pub max_bytes: usize,
}

/// The profile's app secret, which signs and checks deliveries.
fn app_secret(ov: &Overrides) -> Result<Secret, Failure> {
    let config = Config::load(&process_env).map_err(Failure::usage)?;
    let profile = config.resolve(ov, &process_env).map_err(Failure::usage)?;
    config
        .app_secret(&profile, &process_env)
        .map_err(Failure::usage)
}

fn state_dir() -> Result<std::path::PathBuf, Failure> {
    crate::config::state_dir(&process_env).map_err(Failure::usage)
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Failure::usage)
}

fn http() -> Result<reqwest::Client, Failure> {
    // Forwarding and replaying go to the developer's own handler: no proxy.
    reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(Failure::usage)
}

/// Runs `wpx webhooks …`.
pub fn run(cmd: &WebhooksCmd, ov: &Overrides) -> Result<u8, Failure> {
    match cmd {
        WebhooksCmd::Listen(a) => listen(a, ov),
        WebhooksCmd::List { json } => list(*json),
        WebhooksCmd::Show { id } => show(id),
        WebhooksCmd::Replay { source, to, resign } => replay(source, to, *resign, ov),
        WebhooksCmd::Sign { file } => {
            let body = super::packs::read_source(file)?;
            let secret = app_secret(ov)?;
            let (s256, s1) = webhook::sign(secret.expose().as_bytes(), body.as_bytes());
            out(&format!(
                "X-Hub-Signature-256: {s256}\nX-Hub-Signature: {s1}\n"
            ))
        }
    }
}

struct Listener {
    secret: Secret,
    verify_token: Option<Secret>,
    forward: Option<String>,
    client: reqwest::Client,
    state_dir: std::path::PathBuf,
    json: bool,
    seq: AtomicU64,
}

fn listen(a: &ListenArgs, ov: &Overrides) -> Result<u8, Failure> {
    let secret = app_secret(ov)?;
    let verify_token = match &a.verify_token_env {
        Some(var) => match process_env(var).filter(|v| !v.is_empty()) {
            Some(v) => Some(Secret::new(v)),
            None => {
                return Err(Failure::usage(anyhow::anyhow!(
                    "--verify-token-env {var}: the variable is not set or empty"
                )));
            }
        },
        None => None,
    };
    if !a.path.starts_with('/') {
        return Err(Failure::usage(anyhow::anyhow!("--path must start with /")));
    }
    let ip = a.bind.unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]));
    if !ip.is_loopback() {
        warn(&format!(
            "listening on {ip}, not only this machine: anyone who can reach it can send deliveries (they are still checked)"
        ));
    }
    let state_dir = state_dir()?;
    // Ids go on from the deliveries already recorded, so a restarted listener never reuses one.
    let recorded = webhook_log::list(&state_dir).0.len() as u64;
    let state = Arc::new(Listener {
        secret,
        verify_token,
        forward: a.forward.clone(),
        client: http()?,
        state_dir,
        json: a.json,
        seq: AtomicU64::new(recorded),
    });
    let app = axum::Router::new()
        .route(&a.path, axum::routing::get(verification).post(delivery))
        .layer(axum::extract::DefaultBodyLimit::max(a.max_bytes))
        .with_state(state.clone());
    let rt = runtime()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, a.port))
            .await
            .map_err(|e| Failure::usage(anyhow::anyhow!("cannot listen on {ip}:{}: {e}", a.port)))?;
        let addr = listener.local_addr().map_err(Failure::usage)?;
        eprintln!(
            "wpx: listening on http://{addr}{} (verify token: {}; forwarding: {}); deliveries are recorded in {}; Ctrl-C stops",
            a.path,
            a.verify_token_env.as_deref().map_or("none set, verifications are refused".to_owned(), |v| format!("${v}")),
            a.forward.as_deref().unwrap_or("off"),
            webhook_log::dir(&state.state_dir).display()
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(Failure::usage)?;
        Ok(0)
    })
}

async fn verification(
    State(s): State<Arc<Listener>>,
    Query(q): Query<Vec<(String, String)>>,
) -> (StatusCode, String) {
    let token = s.verify_token.as_ref().map(|t| t.expose().to_owned());
    match webhook::challenge(&q, token.as_deref()) {
        Ok(c) => {
            say(&s, "verification: answered the challenge");
            (StatusCode::OK, c)
        }
        Err(why) => {
            say(&s, &format!("verification refused: {why}"));
            (StatusCode::FORBIDDEN, why)
        }
    }
}

fn say(s: &Listener, text: &str) {
    if s.json {
        let _ = out(&format!("{}\n", serde_json::json!({ "event": text })));
    } else {
        let _ = out(&format!("{}  {text}\n", clock()));
    }
}

fn clock() -> String {
    let now = crate::core::sign::Clock::now(&crate::core::sign::SystemClock);
    crate::core::timefmt::clock_time(now)
}

async fn delivery(
    State(s): State<Arc<Listener>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    let verdict = webhook::verify(
        s.secret.expose().as_bytes(),
        &body,
        header(webhook::SIG256),
        header(webhook::SIG1),
    );
    let now = crate::core::sign::Clock::now(&crate::core::sign::SystemClock);
    let n = s.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let (verified, reason) = match &verdict {
        Verdict::Verified(alg) => (true, (*alg).to_owned()),
        Verdict::Rejected(r) => (false, r.to_string()),
    };
    let mut record = Record {
        id: format!(
            "{}Z-{n:06}",
            crate::core::timefmt::graph_time(now)
                .trim_end_matches("+0000")
                .replace([':', '-'], "")
        ),
        time: now,
        verified,
        reason: reason.clone(),
        summary: webhook::summary(&body),
        headers: webhook_log::keep_headers(headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes()))),
        size: body.len(),
        forwarded: None,
    };
    if verified && let Some(url) = &s.forward {
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
    if let Err(e) = webhook_log::save(&s.state_dir, &record, &body) {
        warn(&format!("delivery {} was not recorded: {e}", record.id));
    }
    print_line(&s, &record);
    if verified {
        (StatusCode::OK, "EVENT_RECEIVED".into())
    } else {
        (StatusCode::FORBIDDEN, reason)
    }
}

fn print_line(s: &Listener, r: &Record) {
    if s.json {
        if let Ok(line) = serde_json::to_string(r) {
            let _ = out(&format!("{line}\n"));
        }
        return;
    }
    let _ = out(&format!("{}\n", line_of(r)));
}

/// One line about a delivery (shared by `listen` and `list`).
fn line_of(r: &Record) -> String {
    let badge = if r.verified {
        format!("verified ({})", r.reason)
    } else {
        format!("REJECTED: {}", r.reason)
    };
    let what = if r.summary.object.is_empty() {
        format!("{} bytes", r.size)
    } else {
        format!(
            "{} · entries {} · fields {}",
            r.summary.object,
            r.summary.entries.join(","),
            r.summary.fields.join(",")
        )
    };
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

fn list(json: bool) -> Result<u8, Failure> {
    let (records, warnings) = webhook_log::list(&state_dir()?);
    for w in &warnings {
        warn(w);
    }
    let mut text = String::new();
    for r in &records {
        if json {
            text.push_str(&serde_json::to_string(r).map_err(Failure::usage)?);
        } else {
            text.push_str(&line_of(r));
        }
        text.push('\n');
    }
    if records.is_empty() {
        eprintln!("wpx: no delivery recorded yet: `wpx webhooks listen` receives them");
    }
    out(&text)
}

fn show(id: &str) -> Result<u8, Failure> {
    let (record, body) =
        webhook_log::load(&state_dir()?, id).map_err(|e| Failure::usage(anyhow::anyhow!(e)))?;
    let mut text = format!("{}\n", line_of(&record));
    for (k, v) in &record.headers {
        text.push_str(&format!("{k}: {v}\n"));
    }
    text.push('\n');
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(v) => text.push_str(&serde_json::to_string_pretty(&v).map_err(Failure::usage)?),
        Err(_) => text.push_str(&String::from_utf8_lossy(&body)),
    }
    text.push('\n');
    out(&text)
}

fn replay(source: &str, to: &str, resign: bool, ov: &Overrides) -> Result<u8, Failure> {
    let dir = state_dir()?;
    let (headers, body, sign) = match webhook_log::load(&dir, source) {
        Ok((r, body)) => (r.headers, body, resign),
        Err(_) if std::path::Path::new(source).is_file() => {
            let body = std::fs::read(source)
                .map_err(|e| Failure::usage(anyhow::anyhow!("cannot read {source}: {e}")))?;
            (
                vec![("content-type".to_owned(), "application/json".to_owned())],
                body,
                true,
            )
        }
        Err(e) => return Err(Failure::usage(anyhow::anyhow!("{e} (nor is it a file)"))),
    };
    let mut req_headers = reqwest::header::HeaderMap::new();
    for (k, v) in &headers {
        let lower = k.to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "host" | "content-length" | "authorization" | "cookie"
        ) || (sign && (lower == webhook::SIG256 || lower == webhook::SIG1))
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
    if sign {
        let secret = app_secret(ov)?;
        let (s256, s1) = webhook::sign(secret.expose().as_bytes(), &body);
        for (n, v) in [(webhook::SIG256, s256), (webhook::SIG1, s1)] {
            if let Ok(v) = reqwest::header::HeaderValue::try_from(v) {
                req_headers.insert(n, v);
            }
        }
    }
    let client = http()?;
    let rt = runtime()?;
    let answer =
        rt.block_on(async { client.post(to).headers(req_headers).body(body).send().await });
    match answer {
        Ok(r) => {
            let status = r.status();
            let text = rt.block_on(r.text()).unwrap_or_default();
            out(&format!(
                "{to} answered {status}{}{}\n",
                if text.is_empty() { "" } else { ": " },
                crate::core::text::clip(&text, 300)
            ))?;
            Ok(if status.is_success() { 0 } else { 1 })
        }
        Err(e) => Err(Failure {
            code: 3,
            error: anyhow::anyhow!("cannot reach {to}: {}", e.without_url()),
        }),
    }
}
