//! `wpx webhooks listen | list | show | replay | sign`: a receiver that checks Meta's signatures
//! over the raw bytes (failing closed), records every delivery, and forwards verified ones to your
//! own handler; and the tools to look at, re-send and sign payloads.

use std::net::SocketAddr;

use clap::{Args as ClapArgs, Subcommand};

use super::{Failure, out, process_env, warn};
use crate::config::{Config, Overrides};
use crate::core::secret::Secret;
use crate::core::webhook;
use crate::webhook_log;
use crate::webhook_server::{Event, Receiver, Settings, line_of};

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

/// Runs `wpx webhooks …`.
pub fn run(cmd: &WebhooksCmd, ov: &Overrides) -> Result<u8, Failure> {
    match cmd {
        WebhooksCmd::Listen(a) => listen(a, ov),
        WebhooksCmd::List { json } => list(*json),
        WebhooksCmd::Show { id } => show(id),
        WebhooksCmd::Replay { source, to, resign } => replay(source, to, *resign, ov),
        WebhooksCmd::Sign { file } => {
            let body = if file == "-" {
                let mut b = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).map_err(|e| {
                    Failure::usage(anyhow::anyhow!("cannot read standard input: {e}"))
                })?;
                b
            } else {
                std::fs::read(file)
                    .map_err(|e| Failure::usage(anyhow::anyhow!("cannot read {file}: {e}")))?
            };
            let secret = app_secret(ov)?;
            let (s256, s1) = webhook::sign(secret.expose().as_bytes(), &body);
            out(&format!(
                "X-Hub-Signature-256: {s256}\nX-Hub-Signature: {s1}\n"
            ))
        }
    }
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
    if !crate::webhook_server::valid_path(&a.path) {
        return Err(Failure::usage(anyhow::anyhow!(
            "--path must start with / and hold only letters, digits and / _ . ~ - (like /webhook)"
        )));
    }
    let ip = a.bind.unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]));
    if !ip.is_loopback() {
        warn(&format!(
            "listening on {ip}, not only this machine: anyone who can reach it can send deliveries (they are still checked)"
        ));
    }
    let settings = Settings {
        addr: SocketAddr::new(ip, a.port),
        path: a.path.clone(),
        secret,
        verify_token,
        forward: a.forward.clone(),
        state_dir: state_dir()?,
        max_bytes: a.max_bytes,
    };
    let dir = webhook_log::dir(&settings.state_dir);
    let rt = runtime()?;
    rt.block_on(async move {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let receiver = Receiver::start(settings, tx).map_err(Failure::usage)?;
        eprintln!(
            "wpx: listening on http://{}{} (verify token: {}; forwarding: {}); deliveries are recorded in {}; Ctrl-C stops",
            receiver.addr,
            a.path,
            a.verify_token_env
                .as_deref()
                .map_or("none set, verifications are refused".to_owned(), |v| format!("${v}")),
            a.forward.as_deref().unwrap_or("off"),
            dir.display()
        );
        loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                e = rx.recv() => match e {
                    Some(e) => print_event(&e, a.json),
                    None => break,
                },
            }
        }
        drop(receiver);
        Ok(0)
    })
}

fn print_event(e: &Event, json: bool) {
    let line = match (e, json) {
        (Event::Delivery(r), true) => serde_json::to_string(r).unwrap_or_default(),
        (Event::Delivery(r), false) => line_of(r),
        (Event::Verification(ok, why), true) => {
            serde_json::json!({"verification": if *ok { "answered" } else { "refused" }, "reason": why}).to_string()
        }
        (Event::Verification(true, _), false) => format!("{}  verification: answered the challenge", clock()),
        (Event::Verification(false, why), false) => format!("{}  verification refused: {why}", clock()),
        (Event::NotRecorded(why), _) => {
            warn(why);
            return;
        }
    };
    let _ = out(&format!("{line}\n"));
}

fn clock() -> String {
    let now = crate::core::sign::Clock::now(&crate::core::sign::SystemClock);
    crate::core::timefmt::clock_time(now)
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
    let secret = if sign { Some(app_secret(ov)?) } else { None };
    let rt = runtime()?;
    match rt.block_on(crate::webhook_server::replay(
        to,
        &headers,
        body,
        secret.as_ref(),
    )) {
        Ok((status, text)) => {
            out(&format!(
                "{to} answered {status}{}{}\n",
                if text.is_empty() { "" } else { ": " },
                crate::core::text::clip(&text, 300)
            ))?;
            Ok(if (200..300).contains(&status) { 0 } else { 1 })
        }
        Err(e) => Err(Failure {
            code: 3,
            error: anyhow::anyhow!(e),
        }),
    }
}
