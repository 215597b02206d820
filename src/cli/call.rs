//! `wpx call`: send one request, signed at send time, and print the answer.

use std::io::Read;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args as ClapArgs;

use super::{EXIT_API, EXIT_TRANSPORT, Failure, load_profile, output, parse_items};
use crate::config::Overrides;
use crate::core::request::{Body, Method, RequestSpec};
use crate::core::sign::SystemClock;
use crate::http::{Client, HttpError, Response};

/// Arguments of `wpx call`.
#[derive(Debug, ClapArgs)]
pub struct CallArgs {
    /// HTTP method.
    #[arg(
        short = 'X',
        long = "method",
        default_value = "GET",
        value_name = "METHOD"
    )]
    pub method: String,
    /// A path such as /community/groups (or /{group-id}/feed), or a full URL (a paging.next link).
    pub path: String,
    /// Query parameters as key=value; a key naming a {param} of the path fills it.
    pub items: Vec<String>,
    /// A JSON body: the text itself, @FILE, or @- for standard input.
    #[arg(short = 'd', long = "data", value_name = "JSON|@FILE")]
    pub data: Option<String>,
    /// Print the status line and response headers before the body.
    #[arg(short = 'i', long = "include")]
    pub include: bool,
    /// Print the body exactly as received, even on a terminal.
    #[arg(long)]
    pub raw: bool,
}

fn read_data(data: &str) -> Result<String, Failure> {
    let text = match data.strip_prefix('@') {
        Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read the body from standard input")
                .map_err(Failure::usage)?;
            s
        }
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the body file {path}"))
            .map_err(Failure::usage)?,
        None => data.to_owned(),
    };
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
        return Err(Failure::usage(anyhow::anyhow!(
            "the --data body is not valid JSON ({e}): fix it, or send fields as key=value"
        )));
    }
    Ok(text)
}

fn transport(e: HttpError) -> Failure {
    let code = match e {
        HttpError::Build(_) | HttpError::Insecure(_) => super::EXIT_USAGE,
        _ => EXIT_TRANSPORT,
    };
    Failure {
        code,
        error: e.into(),
    }
}

/// Runs `wpx call`.
pub fn run(args: &CallArgs, ov: &Overrides) -> Result<u8, Failure> {
    let method: Method = args.method.parse().map_err(Failure::usage)?;
    let items = parse_items(&args.items)?;
    let body = match &args.data {
        Some(d) => Body::Json(read_data(d)?),
        None => Body::None,
    };
    let (config, profile, creds) = load_profile(ov)?;
    let spec = RequestSpec {
        method,
        body,
        ..RequestSpec::get(args.path.clone())
    }
    .with_items(items);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .map_err(Failure::usage)?;
    let client = Client::new(
        &config.file.http,
        &profile.user_agent,
        Arc::new(SystemClock),
    )
    .map_err(transport)?;
    let response = runtime
        .block_on(client.send(&spec, &profile.target, &creds))
        .map_err(transport)?;
    report(&response, args)
}

fn report(response: &Response, args: &CallArgs) -> Result<u8, Failure> {
    if let Some(note) = &response.skew_note {
        eprintln!("wpx: note: {note}");
    }
    if args.include {
        let mut head = format!("HTTP {}\n", response.status);
        for (k, v) in &response.headers {
            head.push_str(&format!("{k}: {v}\n"));
        }
        head.push('\n');
        output::write_body(head.as_bytes(), true).map_err(Failure::usage)?;
    }
    output::write_body(&response.body, args.raw).map_err(Failure::usage)?;
    if response.is_success() {
        return Ok(0);
    }
    match response.graph_error() {
        Some(err) => {
            eprintln!("wpx: HTTP {}: {err}", response.status);
            if let Some(hint) = err.hint() {
                eprintln!("wpx: hint: {hint}");
            }
        }
        None => eprintln!("wpx: HTTP {}", response.status),
    }
    Ok(EXIT_API)
}
