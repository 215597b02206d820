//! `wpx sign` and `wpx proof`.

use std::io::Write;

use clap::Args as ClapArgs;

use super::{Failure, load_profile, parse_items};
use crate::config::Overrides;
use crate::core::request::{Method, RequestSpec, signed_url};
use crate::core::sign::{Clock, ProofMode, SystemClock, make_proof};

/// Arguments of `wpx sign`.
#[derive(Debug, ClapArgs)]
pub struct SignArgs {
    /// Sign for this unix time instead of now (to reproduce a URL).
    #[arg(long, value_name = "UNIX")]
    pub time: Option<i64>,
    /// HTTP method; other than GET it is carried as Graph's method= parameter.
    #[arg(
        short = 'X',
        long = "method",
        default_value = "GET",
        value_name = "METHOD"
    )]
    pub method: String,
    /// A path such as /community/groups (or /{group-id}/feed), or a full URL.
    pub path: String,
    /// Parameters as key=value; a key naming a {param} of the path fills it.
    pub items: Vec<String>,
}

/// Arguments of `wpx proof`.
#[derive(Debug, ClapArgs)]
pub struct ProofArgs {
    /// Compute for this unix time instead of now.
    #[arg(long, value_name = "UNIX")]
    pub time: Option<i64>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

fn print_out(text: &str) -> Result<u8, Failure> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::usage(e)),
        _ => Ok(0),
    }
}

/// Runs `wpx sign`.
pub fn run_sign(args: &SignArgs, ov: &Overrides) -> Result<u8, Failure> {
    let method: Method = args.method.parse().map_err(Failure::usage)?;
    let items = parse_items(&args.items)?;
    let (_, profile, creds) = load_profile(ov)?;
    let spec = RequestSpec {
        method,
        ..RequestSpec::get(args.path.clone())
    }
    .with_items(items);
    let time = args.time.unwrap_or_else(|| SystemClock.now());
    let (url, proof) = signed_url(&spec, &profile.target, &creds, time).map_err(Failure::usage)?;
    if let Some(expiry) = proof.as_ref().and_then(|p| p.expires_at()) {
        eprintln!("wpx: proof valid until {}", http_time(expiry));
    }
    print_out(url.as_str())
}

/// Runs `wpx proof`.
pub fn run_proof(args: &ProofArgs, ov: &Overrides) -> Result<u8, Failure> {
    let (_, profile, creds) = load_profile(ov)?;
    let mode = profile.target.proof;
    let time = args.time.unwrap_or_else(|| SystemClock.now());
    let Some(proof) = make_proof(mode, &creds.access_token, creds.app_secret.as_ref(), time) else {
        return Err(Failure::usage(anyhow::anyhow!(
            "the proof mode is off for this profile: use --proof timed or --proof classic"
        )));
    };
    if args.json {
        let value = serde_json::json!({
            "mode": mode.as_str(),
            "appsecret_proof": proof.appsecret_proof,
            "appsecret_time": proof.appsecret_time,
            "expires_at": proof.expires_at(),
        });
        return print_out(&value.to_string());
    }
    let mut text = format!("appsecret_proof={}", proof.appsecret_proof);
    match (proof.appsecret_time, proof.expires_at()) {
        (Some(t), Some(e)) => {
            text.push_str(&format!(
                "\nappsecret_time={t}\nexpires_at={e} ({})",
                http_time(e)
            ));
        }
        _ => debug_assert_eq!(mode, ProofMode::Classic),
    }
    print_out(&text)
}

/// A unix time as an HTTP date (`Tue, 14 Nov 2023 22:18:20 GMT`).
pub(crate) fn http_time(unix: i64) -> String {
    let secs = u64::try_from(unix).unwrap_or(0);
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}
