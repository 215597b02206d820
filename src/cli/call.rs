//! `wpx call`: send one request, signed at send time, and print the answer.

use std::io::Read;

use anyhow::Context as _;
use clap::Args as ClapArgs;

use super::{EXIT_API, EXIT_TRANSPORT, Failure, load_profile, output, parse_items};
use crate::config::Overrides;
use crate::core::request::{Body, Method, RequestSpec};
use crate::core::sign::SystemClock;
use crate::http::pages::retry_wait;
use crate::http::token::Renewal;
use crate::http::{HttpError, Response};

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
    /// Send --data as text of this content type instead of JSON (e.g. text/csv).
    #[arg(long, value_name = "TYPE", requires = "data")]
    pub content_type: Option<String>,
    /// An extra header, "Name: value" (repeatable); Authorization is the profile's and is refused.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// How to print the answer.
    #[command(flatten)]
    pub show: Show,
    /// Fetching every page.
    #[command(flatten)]
    pub all: super::call_all::AllArgs,
}

/// How to show an answer (flags shared by `call` and `run`).
#[derive(Debug, Clone, Copy, Default, ClapArgs)]
pub struct Show {
    /// Print the status line and response headers before the body.
    #[arg(short = 'i', long = "include")]
    pub include: bool,
    /// Print the body exactly as received, even on a terminal.
    #[arg(long)]
    pub raw: bool,
    /// Print an equivalent curl command (token from $WPX_ACCESS_TOKEN) instead of sending.
    #[arg(long)]
    pub curl: bool,
    /// Retry transient errors up to N times (throttling and is_transient; for GET also codes 1/2
    /// and HTTP 5xx), waiting as the rate-limit headers say, else 1, 2, 4 … seconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retry_transient: u32,
    /// After the answer, print a support bundle on stderr (method, path, parameters, status,
    /// trace ids, version; never a token, proof or secret).
    #[arg(long)]
    pub debug_info: bool,
}

fn read_data(data: &str, json: bool) -> Result<String, Failure> {
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
    if json && let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
        return Err(Failure::usage(anyhow::anyhow!(
            "the --data body is not valid JSON ({e}): fix it, or send fields as key=value"
        )));
    }
    Ok(text)
}

pub(super) fn transport(e: HttpError) -> Failure {
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
    let body = match (&args.data, &args.content_type) {
        (Some(d), None) => Body::Json(read_data(d, true)?),
        (Some(d), Some(ct)) => Body::Raw {
            content_type: ct.clone(),
            text: read_data(d, false)?,
        },
        (None, _) => Body::None,
    };
    let mut headers = Vec::new();
    for h in &args.headers {
        let Some((k, v)) = h.split_once(':').filter(|(k, _)| !k.trim().is_empty()) else {
            return Err(Failure::usage(anyhow::anyhow!(
                "-H '{h}': write a header as 'Name: value'"
            )));
        };
        if crate::core::draft::is_reserved_header(k) {
            return Err(Failure::usage(anyhow::anyhow!(
                "-H {}: wpx sets this header itself (the profile's token goes in Authorization)",
                k.trim()
            )));
        }
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    let spec = RequestSpec {
        method,
        body,
        headers,
        ..RequestSpec::get(args.path.clone())
    }
    .with_items(items);
    if args.all.all {
        return super::call_all::run(&spec, ov, &args.all, args.show);
    }
    send(&spec, ov, args.show)
}

/// The login that fetches a new token when a fetched (client-credentials) one is refused.
pub(super) fn renew_login(
    profile: &crate::config::Profile,
    creds: &crate::core::request::Credentials,
) -> Option<crate::core::request::AppLogin> {
    profile
        .token_from
        .and(profile.app_id.clone())
        .zip(creds.app_secret.clone())
        .map(|(app_id, app_secret)| crate::core::request::AppLogin { app_id, app_secret })
}

/// Records a send in the history (when it is on), its secrets removed; a failure to write is a
/// note, not an error (`wpx call`, `wpx call --all`, `wpx run`).
pub(super) fn record(
    config: &crate::config::Config,
    profile: &crate::config::Profile,
    spec: &RequestSpec,
    started: std::time::Instant,
    (status, body, note): (u16, &[u8], &str),
    secrets: &[&crate::core::secret::Secret],
) {
    if !config.file.history.enabled {
        return;
    }
    let outcome = crate::history::Outcome {
        status,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        body,
    };
    let profile_name = profile
        .name
        .clone()
        .unwrap_or_else(|| "environment".to_owned());
    let entry = crate::history::Entry {
        note: note.to_owned(),
        ..crate::history::Entry::of(
            spec,
            &profile_name,
            crate::core::sign::Clock::now(&SystemClock),
            outcome,
        )
    };
    match crate::config::state_dir(&super::process_env) {
        Ok(dir) => match crate::history::History::configured(&dir, &config.file.history)
            .record_with_body(entry, outcome.body, secrets)
        {
            Ok(Some(w)) => eprintln!("wpx: note: {w}"),
            Ok(None) => {}
            Err(e) => eprintln!(
                "wpx: note: the history could not be written ({e}); set [history] enabled = false to stop recording"
            ),
        },
        Err(e) => eprintln!("wpx: note: {e}"),
    }
}

/// Signs and sends a request with the chosen profile, records it in the history, and prints the
/// answer (or, with `curl`, prints the equivalent curl command).
pub fn send(spec: &RequestSpec, ov: &Overrides, show: Show) -> Result<u8, Failure> {
    let (config, profile, mut creds) = load_profile(ov)?;
    if show.curl {
        let time = crate::core::sign::Clock::now(&SystemClock);
        let target = crate::core::request::Target {
            token_in: crate::core::request::TokenIn::Header,
            ..profile.target.clone()
        };
        let built =
            crate::core::request::build(spec, &target, &creds, time).map_err(Failure::usage)?;
        return super::out(&format!(
            "{}\n",
            crate::core::curl::render(&built, &spec.body)
        ));
    }
    let (runtime, client) = super::runtime_and_client(&config, &profile)?;
    let started = std::time::Instant::now();
    // A fetched (client-credentials) token that stops working is fetched anew, once.
    let mut login = renew_login(&profile, &creds);
    let mut send = |creds: &mut crate::core::request::Credentials| {
        let (result, renewal) =
            runtime.block_on(client.send_renewing(spec, &profile.target, creds, login.as_ref()));
        match renewal {
            Renewal::NotNeeded => {}
            Renewal::Renewed => {
                eprintln!(
                    "wpx: note: the token was refused (190): fetching a new one, then sending again"
                );
                login = None;
            }
            Renewal::Failed(e) => {
                eprintln!(
                    "wpx: note: the token was refused (190) and a new one could not be fetched: {e}"
                );
                login = None;
            }
        }
        result
    };
    let mut result = send(&mut creds);
    let mut attempt = 0;
    while let Ok(resp) = &result {
        if let Some(wait) =
            retry_wait(resp, attempt, spec.method).filter(|_| attempt < show.retry_transient)
        {
            attempt += 1;
            let why = resp
                .graph_error()
                .and_then(|e| e.code)
                .map_or_else(|| format!("HTTP {}", resp.status), |c| format!("code {c}"));
            eprintln!(
                "wpx: note: {why} is transient: waiting {} before retry {attempt} of {}",
                crate::core::versions::span(i64::try_from(wait).unwrap_or(i64::MAX)),
                show.retry_transient
            );
            std::thread::sleep(std::time::Duration::from_secs(wait));
        } else {
            break;
        }
        result = send(&mut creds);
    }
    // Only what was sent is history; a request refused before sending is a usage error.
    let sent = result.as_ref().map_or_else(|e| e.was_attempted(), |_| true);
    if sent {
        let (status, body) = result
            .as_ref()
            .map_or((0, &[][..]), |r| (r.status, &r.body[..]));
        record(
            &config,
            &profile,
            spec,
            started,
            (status, body, ""),
            &creds.secrets(),
        );
    }
    let secrets = creds.secrets();
    if show.debug_info {
        let failure = result.as_ref().err().map(ToString::to_string);
        let (status, headers, error) = match &result {
            Ok(r) => (Some(r.status), r.headers.clone(), r.graph_error()),
            Err(_) => (None, Vec::new(), None),
        };
        let text = crate::core::support::bundle(
            &crate::core::support::Call {
                spec,
                target: &profile.target,
                status,
                headers: &headers,
                error: error.as_ref(),
                failure: failure.as_deref(),
                time: crate::core::sign::Clock::now(&SystemClock),
            },
            &secrets,
        );
        eprint!("{text}");
    }
    let response = result.map_err(transport)?;
    report(&response, show, &secrets)
}

pub(super) fn report(
    response: &Response,
    args: Show,
    secrets: &[&crate::core::secret::Secret],
) -> Result<u8, Failure> {
    use crate::core::text::{Keep, scrub, terminal_safe};
    if let Some(note) = &response.skew_note {
        eprintln!("wpx: note: {note}");
    }
    if let Some(w) = response.header("x-ad-api-version-warning") {
        eprintln!(
            "wpx: warning: Marketing API: {}",
            terminal_safe(&scrub(w, secrets), Keep::Nothing)
        );
    }
    if args.include {
        let mut head = format!("HTTP {}\n", response.status);
        for (k, v) in &response.headers {
            let v = scrub(v, secrets);
            head.push_str(&format!(
                "{}: {}\n",
                terminal_safe(k, Keep::Nothing),
                terminal_safe(&v, Keep::Nothing)
            ));
        }
        head.push('\n');
        output::write_body(head.as_bytes(), true, secrets).map_err(Failure::usage)?;
    }
    output::write_body(&response.body, args.raw, secrets).map_err(Failure::usage)?;
    if response.is_success() {
        return Ok(0);
    }
    match response.graph_error().map(|e| e.sanitized(secrets)) {
        Some(err) => {
            eprintln!("wpx: HTTP {}: {err}", response.status);
            if err.is_transient == Some(true) {
                eprintln!("wpx: is_transient: retrying may work (--retry-transient N)");
            }
            if let Some(t) = &err.error_user_title {
                eprintln!("wpx: title: {t}");
            }
            if let Some(t) = &err.error_user_msg {
                eprintln!("wpx: for the user: {t}");
            }
            if err.is_throttling()
                && let Some(u) = crate::core::usage::Usage::from_headers(&response.headers)
            {
                eprintln!("wpx: {}", u.describe());
            }
            if let Some(hint) = err.hint() {
                eprintln!("wpx: hint: {hint}");
            }
        }
        None => eprintln!("wpx: HTTP {}", response.status),
    }
    Ok(EXIT_API)
}
