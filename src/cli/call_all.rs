//! `wpx call --all`: follow `paging.next` until it is absent (or a limit is reached), each page
//! signed anew and checked against the profile's origin, with progress on stderr, slowing down as
//! the rate-limit headers approach 100 % and retrying transient errors; then one merged document
//! (`data` concatenated, the last `paging` kept), or JSON lines, or CSV.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use clap::Args as ClapArgs;

use super::call::{Show, retry_wait, transport};
use super::{Failure, load_profile};
use crate::config::Overrides;
use crate::core::pages::{Merged, to_csv, to_jsonl};
use crate::core::request::{Method, RequestSpec};
use crate::core::timefmt::human_size;
use crate::core::usage::Usage;

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

/// How long to pause before the next page at `pct` per cent of a rate limit: nothing below
/// 75 %, then up to 5 s as it nears 100 %.
fn pause_for(pct: u32) -> Duration {
    Duration::from_millis(u64::from(pct.saturating_sub(75)).min(25) * 200)
}

struct Progress {
    started: Instant,
    tty: bool,
}

impl Progress {
    fn show(&self, pages: usize, items: usize, bytes: u64, done: bool) {
        let secs = self.started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { items as f64 / secs } else { 0.0 };
        let line = format!(
            "pages {pages} · items {items} · {} · {rate:.0} items/s · {secs:.1} s",
            human_size(bytes)
        );
        if self.tty {
            eprint!("\r\x1b[2K{line}{}", if done { "\n" } else { "" });
        } else if done {
            eprintln!("wpx: {line}");
        }
    }
}

/// Runs `wpx call --all` for the first page `first`.
pub fn run(first: &RequestSpec, ov: &Overrides, all: &AllArgs, show: Show) -> Result<u8, Failure> {
    if first.method != Method::Get {
        return Err(Failure::usage(anyhow::anyhow!(
            "--all follows the pages of a GET: drop -X or --all"
        )));
    }
    if show.curl {
        return Err(Failure::usage(anyhow::anyhow!(
            "--all and --curl do not go together: --curl prints the first page's command"
        )));
    }
    let (config, profile, creds) = load_profile(ov)?;
    let (runtime, client) = super::runtime_and_client(&config, &profile)?;
    let secrets = creds.secrets();
    let retries = if show.retry_transient > 0 {
        show.retry_transient
    } else {
        PAGE_RETRIES
    };
    let progress = Progress {
        started: Instant::now(),
        tty: std::io::stderr().is_terminal(),
    };
    let mut merged = Merged::default();
    let mut bytes = 0u64;
    let mut spec = first.clone();
    loop {
        let mut attempt = 0;
        let resp = loop {
            let r = runtime
                .block_on(client.send(&spec, &profile.target, &creds))
                .map_err(transport)?;
            match retry_wait(&r, attempt, Method::Get).filter(|_| attempt < retries) {
                Some(wait) => {
                    attempt += 1;
                    eprintln!(
                        "\nwpx: note: page {} failed transiently: waiting {wait} s before retry {attempt} of {retries}",
                        merged.pages + 1
                    );
                    std::thread::sleep(Duration::from_secs(wait));
                }
                None => break r,
            }
        };
        if !resp.is_success() {
            if merged.pages > 0 {
                progress.show(merged.pages, merged.items().len(), bytes, true);
                eprintln!(
                    "wpx: page {} failed, so nothing was written (the {} items before it are not kept)",
                    merged.pages + 1,
                    merged.items().len()
                );
            }
            return super::call::report(&resp, show, &secrets);
        }
        bytes += resp.body.len() as u64;
        let page: serde_json::Value = serde_json::from_slice(&resp.body).map_err(|e| {
            Failure::usage(anyhow::anyhow!(
                "page {} is not JSON ({e}): call it without --all to see it",
                merged.pages + 1
            ))
        })?;
        let next = merged.add(page).map_err(Failure::usage)?;
        progress.show(merged.pages, merged.items().len(), bytes, false);
        let full = all.max_items.is_some_and(|n| merged.items().len() >= n)
            || all.max_pages.is_some_and(|n| merged.pages >= n);
        let Some(next) = next.filter(|_| !full) else {
            break;
        };
        if let Some(u) = Usage::from_headers(&resp.headers) {
            let pause = pause_for(u.pct);
            if !pause.is_zero() {
                std::thread::sleep(pause);
            }
        }
        spec = RequestSpec {
            headers: first.headers.clone(),
            ..RequestSpec::get(next)
        };
    }
    progress.show(merged.pages, merged.items().len(), bytes, true);
    let mut doc = merged.into_value();
    if let (Some(n), Some(serde_json::Value::Array(items))) = (all.max_items, doc.get_mut("data")) {
        items.truncate(n);
    }
    let items = doc["data"].as_array().cloned().unwrap_or_default();
    let text = match all.format.as_str() {
        "jsonl" => to_jsonl(&items),
        "csv" => to_csv(&items),
        _ => format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        ),
    };
    match &all.output {
        Some(path) => {
            crate::store::replace_file(path, text.as_bytes()).map_err(|e| {
                Failure::usage(anyhow::anyhow!("cannot write {}: {e}", path.display()))
            })?;
            eprintln!("wpx: wrote {} items to {}", items.len(), path.display());
        }
        // On a terminal, escaped and scrubbed like any body (the server's text never drives it).
        None => super::output::write_body(text.as_bytes(), show.raw, &secrets)
            .map_err(|e| Failure::usage(anyhow::anyhow!("cannot write: {e}")))?,
    }
    Ok(0)
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
}
