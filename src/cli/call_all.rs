//! `wpx call --all`: follow `paging.next` until it is absent (or a limit is reached), each page
//! signed anew and checked against the profile's origin, with progress on stderr, slowing down as
//! the rate-limit headers approach 100 % and retrying transient errors; then one merged document
//! (`data` concatenated, the last `paging` kept), or JSON lines, or CSV.

use std::io::IsTerminal;

use clap::Args as ClapArgs;

use super::call::{Show, transport};
use super::{Failure, load_profile};
use crate::config::Overrides;
use crate::core::pages::{Format, render};
use crate::core::request::{Method, RequestSpec};
use crate::http::pages::{Event, FetchError, Limits, Progress, fetch_all};

/// The `--all` flags of `wpx call`.
#[derive(Debug, Clone, ClapArgs)]
pub struct AllArgs {
    /// Fetch every page: follow paging.next until it is absent, signing each page anew, and print
    /// one merged document.
    #[arg(long)]
    pub all: bool,
    /// With --all: stop after N pages.
    #[arg(long, value_name = "N", requires = "all")]
    pub max_pages: Option<usize>,
    /// With --all: stop once N items are in (the output has exactly N).
    #[arg(long, value_name = "N", requires = "all")]
    pub max_items: Option<usize>,
    /// With --all: json (one merged document), jsonl (one item a line) or csv (a column per field,
    /// nested values as JSON).
    #[arg(long, value_name = "FORMAT", value_parser = ["json", "jsonl", "csv"], default_value = "json", requires = "all")]
    pub format: String,
    /// With --all: write to FILE (private, replaced atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE", requires = "all")]
    pub output: Option<std::path::PathBuf>,
}

/// Retries of a transient error per page when --retry-transient is not given.
const PAGE_RETRIES: u32 = 3;

/// The progress line on stderr: redrawn in place on a terminal, once at the end otherwise.
fn show(tty: bool, p: &Progress, done: bool) {
    if tty {
        eprint!("\r\x1b[2K{}{}", p.line(), if done { "\n" } else { "" });
    } else if done {
        eprintln!("wpx: {}", p.line());
    }
}

/// Runs `wpx call --all` for the first page `first`.
pub fn run(
    first: &RequestSpec,
    ov: &Overrides,
    all: &AllArgs,
    show_opts: Show,
) -> Result<u8, Failure> {
    if first.method != Method::Get {
        return Err(Failure::usage(anyhow::anyhow!(
            "--all follows the pages of a GET: drop -X or --all"
        )));
    }
    if show_opts.curl {
        return Err(Failure::usage(anyhow::anyhow!(
            "--all and --curl do not go together: --curl prints the first page's command"
        )));
    }
    let (config, profile, creds) = load_profile(ov)?;
    let (runtime, client) = super::runtime_and_client(&config, &profile)?;
    let retries = if show_opts.retry_transient > 0 {
        show_opts.retry_transient
    } else {
        PAGE_RETRIES
    };
    let tty = std::io::stderr().is_terminal();
    let limits = Limits {
        max_pages: all.max_pages,
        max_items: all.max_items,
        retries,
        max_bytes: None,
    };
    // Nothing cancels the CLI's fetch but Ctrl-C, which ends the process.
    let never = tokio::sync::Notify::new();
    let started = std::time::Instant::now();
    let login = super::call::renew_login(&profile, &creds);
    let mut sending = creds.clone();
    let fetched = runtime.block_on(fetch_all(
        &client,
        first,
        &profile.target,
        &mut sending,
        login.as_ref(),
        limits,
        &never,
        |event| match event {
            Event::Page(p) => show(tty, &p, false),
            Event::Retry {
                page,
                wait,
                attempt,
                of,
            } => eprintln!(
                "\nwpx: note: page {page} failed transiently: waiting {wait} s before retry {attempt} of {of}"
            ),
            Event::Renewed => eprintln!(
                "\nwpx: note: the token was refused (190): fetched a new one, going on"
            ),
            Event::RenewFailed(e) => eprintln!(
                "\nwpx: note: the token was refused (190) and a new one could not be fetched: {e}"
            ),
        },
    ));
    // Both tokens are kept out of what is printed: the profile's and one fetched anew.
    let mut secrets = creds.secrets();
    secrets.extend(sending.secrets());
    let fetched = match fetched {
        Ok(f) => f,
        Err(FetchError::Failed {
            page,
            resp,
            items_before,
        }) => {
            if page > 1 {
                eprintln!(
                    "\nwpx: page {page} failed, so nothing was written (the {items_before} items before it are not kept)"
                );
            }
            // The failed page's answer is history, under the first page's request (as in the TUI).
            let what = format!("page {page} of the fetch failed");
            let answer = (resp.status, &resp.body[..], what.as_str());
            super::call::record(&config, &profile, first, started, answer, &secrets);
            return super::call::report(&resp, show_opts, &secrets);
        }
        Err(FetchError::Http(e)) => return Err(transport(e)),
        Err(e @ FetchError::NotAList { .. }) => return Err(Failure::usage(anyhow::anyhow!("{e}"))),
    };
    show(tty, &fetched.progress, true);
    let what = fetched.what();
    let doc = fetched.merged.into_value();
    // The merged document is history, under the first page's request (as in the TUI).
    if let Some(last) = &fetched.last {
        let merged = serde_json::to_vec(&doc).unwrap_or_default();
        let answer = (last.status, &merged[..], what.as_str());
        super::call::record(&config, &profile, first, started, answer, &secrets);
    }
    let (text, items) = render(&doc, Format::from_name(&all.format).unwrap_or(Format::Json));
    match &all.output {
        Some(path) => {
            crate::store::replace_file(path, text.as_bytes()).map_err(|e| {
                Failure::usage(anyhow::anyhow!("cannot write {}: {e}", path.display()))
            })?;
            eprintln!("wpx: wrote {items} items to {}", path.display());
        }
        // On a terminal, escaped and scrubbed like any body (the server's text never drives it).
        None => super::output::write_body(text.as_bytes(), show_opts.raw, &secrets)
            .map_err(|e| Failure::usage(anyhow::anyhow!("cannot write: {e}")))?,
    }
    Ok(0)
}
