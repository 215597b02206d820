//! `wpx sandbox`: serve the local Workplace emulator until Ctrl-C.

use std::io::Write;

use anyhow::Context as _;
use clap::Args as ClapArgs;

use super::Failure;
use crate::sandbox::{Options, Sandbox};

/// Arguments of `wpx sandbox`.
#[derive(Debug, ClapArgs)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (default: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Print one JSON object (base URLs, demo apps) as the first line.
    #[arg(long)]
    pub json: bool,
    /// Milliseconds of added latency on every answer.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Fraction (0 to 1) of Graph calls that fail with a transient error (code 1).
    #[arg(long, default_value_t = 0.0, value_name = "RATE")]
    pub error_rate: f64,
    /// Seconds the sandbox's clock runs ahead (negative: behind) of this machine's.
    #[arg(
        long,
        default_value_t = 0,
        value_name = "SECS",
        allow_hyphen_values = true
    )]
    pub clock_offset: i64,
    /// Calls each demo app may make per window before Graph's code 4 (default 600).
    #[arg(long, value_name = "CALLS")]
    pub rate_limit: Option<u32>,
    /// The rate-limit window in seconds (default 60).
    #[arg(long, value_name = "SECS")]
    pub rate_window: Option<u64>,
    /// The code a throttled call answers: 4 (the app's, default), 613 (custom) or 80004 (a
    /// WhatsApp Business Account's).
    #[arg(long, value_name = "CODE", value_parser = ["4", "613", "80004"])]
    pub rate_code: Option<String>,
    /// Add a group with N members of its own and N posts in its feed (id 287006177699999), to
    /// page through thousands of items.
    #[arg(long, value_name = "N")]
    pub large_group: Option<usize>,
}

fn describe(sb: &Sandbox) -> String {
    let mut s = format!(
        "wpx sandbox: a local Workplace Graph API with a seeded community (fake credentials, this machine only)\n\n  base URL       {}\n  SCIM base URL  {}\n\n",
        sb.base_url, sb.scim_base_url
    );
    for a in &sb.apps {
        let groups = a.groups.as_ref().map_or_else(
            || "all groups".to_owned(),
            |g| format!("groups {}", g.join(", ")),
        );
        s.push_str(&format!(
            "  {:<16} token {}  secret {}\n  {:<16} app id {}, {} permissions, {groups}, proof {}{}\n",
            a.name,
            a.access_token,
            a.app_secret,
            "",
            a.app_id,
            a.permissions.len(),
            if a.require_proof {
                "required"
            } else {
                "optional"
            },
            match a.lifetime {
                crate::sandbox::apps::Lifetime::Never => "",
                crate::sandbox::apps::Lifetime::ThreeDays => ", token expires in 3 days",
                crate::sandbox::apps::Lifetime::Expired => ", token expired",
            }
        ));
    }
    if let Some(all) = sb.app("all") {
        s.push_str(&format!(
            "\nTry it:\n  export WPX_BASE_URL={} WPX_ACCESS_TOKEN={} WPX_APP_SECRET={}\n  wpx call /community/groups fields=id,name,privacy\n\nServing until Ctrl-C.\n",
            sb.base_url, all.access_token, all.app_secret
        ));
    }
    s
}

/// Runs `wpx sandbox`.
pub fn run(args: &SandboxArgs) -> Result<u8, Failure> {
    if !(0.0..=1.0).contains(&args.error_rate) {
        return Err(Failure::usage(anyhow::anyhow!(
            "--error-rate must be between 0 and 1, e.g. 0.1"
        )));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .map_err(Failure::usage)?;
    runtime.block_on(async {
        let options = Options {
            latency_ms: args.latency_ms,
            error_rate: args.error_rate,
            clock_offset_secs: args.clock_offset,
            rate_limit: args.rate_limit,
            rate_window_secs: args.rate_window,
            rate_code: args.rate_code.as_deref().and_then(|c| c.parse().ok()),
            large_group: args.large_group,
        };
        let sb = Sandbox::start(args.port, options)
            .await
            .map_err(Failure::usage)?;
        let text = if args.json {
            format!("{}\n", sb.info())
        } else {
            describe(&sb)
        };
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
        drop(out);
        wait_for_signal().await;
        drop(sb);
        Ok(0)
    })
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).ok();
        let mut hup = signal(SignalKind::hangup()).ok();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = async { match term.as_mut() { Some(s) => { s.recv().await; } None => std::future::pending().await } } => {}
            _ = async { match hup.as_mut() { Some(s) => { s.recv().await; } None => std::future::pending().await } } => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
