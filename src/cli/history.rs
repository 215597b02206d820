//! `wpx history`: the requests sent, newest first and numbered; `show N` prints the answer the
//! Nth got (whole when the history kept it), `diff N M` compares two answers by path (as
//! `wpx diff` does), `clear` removes everything.

use clap::Args as ClapArgs;

use super::{Failure, out, process_env};
use crate::config::{Config, state_dir};
use crate::history::{Entry, History, Kept};

/// Arguments of `wpx history`.
#[derive(Debug, ClapArgs)]
pub struct HistoryArgs {
    /// `show N`, `diff N M` or `clear` (none: the list).
    pub action: Option<String>,
    /// The entries `show` and `diff` take: their numbers in the list (1 is the newest).
    pub entries: Vec<String>,
    /// How many entries, newest first.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// One JSON object per line (the list), or the changes as JSON (`diff`).
    #[arg(long)]
    pub json: bool,
}

/// Runs `wpx history`.
pub fn run(args: &HistoryArgs) -> Result<u8, Failure> {
    let config = Config::load(&process_env).map_err(Failure::usage)?;
    let dir = state_dir(&process_env).map_err(Failure::usage)?;
    let h = History::configured(&dir, &config.file.history);
    let wants = |n: usize| -> Result<(), Failure> {
        if args.entries.len() == n {
            Ok(())
        } else {
            let what = match n {
                0 => "no entry number".to_owned(),
                1 => "one entry number".to_owned(),
                n => format!("{n} entry numbers"),
            };
            Err(Failure::usage(anyhow::anyhow!(
                "`wpx history{}` takes {what}, as `wpx history` lists them (1 is the newest)",
                args.action
                    .as_deref()
                    .map(|a| format!(" {a}"))
                    .unwrap_or_default(),
            )))
        }
    };
    match args.action.as_deref() {
        None => {
            wants(0)?;
            list(&h, &config, args)
        }
        Some("clear") => {
            wants(0)?;
            h.clear().map_err(Failure::usage)?;
            out("history cleared\n")
        }
        Some("show") => {
            wants(1)?;
            let entries = load(&h)?;
            let entry = pick(&entries, &args.entries[0])?;
            // Numbers move when another send comes in: say which entry this is.
            eprintln!("{}", describe(entry));
            show(&h, entry.1)
        }
        Some("diff") => {
            wants(2)?;
            let entries = load(&h)?;
            let a = pick(&entries, &args.entries[0])?;
            let b = pick(&entries, &args.entries[1])?;
            let (va, vb) = (json_of(&h, a)?, json_of(&h, b)?);
            eprintln!("{} → {}", describe(a), describe(b));
            super::diff::report(&va, &vb, args.json)
        }
        Some(other) => Err(Failure::usage(anyhow::anyhow!(
            "unknown action '{other}': use `wpx history`, `wpx history show N`, `wpx history diff N M` or `wpx history clear`"
        ))),
    }
}

/// The entries, a warning about the file said.
fn entries(h: &History) -> Vec<Entry> {
    let (entries, warning) = h.load();
    if let Some(w) = warning {
        super::warn(&w);
    }
    entries
}

/// The entries, at least one.
fn load(h: &History) -> Result<Vec<Entry>, Failure> {
    let entries = entries(h);
    if entries.is_empty() {
        return Err(Failure::usage(anyhow::anyhow!(
            "the history is empty: send a request first (wpx call, or Ctrl-S in the TUI)"
        )));
    }
    Ok(entries)
}

/// Entry `n` of the list (1: the newest).
fn pick<'a>(entries: &'a [Entry], n: &str) -> Result<(usize, &'a Entry), Failure> {
    let count = entries.len();
    match n.parse::<usize>() {
        Ok(k) if (1..=count).contains(&k) => Ok((k, &entries[count - k])),
        _ => Err(Failure::usage(anyhow::anyhow!(
            "'{n}' is not an entry: give a number from 1 (the newest) to {count}, as `wpx history` lists them"
        ))),
    }
}

/// `#3 GET /me (200, 16:04:05)`.
fn describe((n, e): (usize, &Entry)) -> String {
    crate::core::text::terminal_safe(
        &format!(
            "#{n} {} {} ({}, {})",
            e.method,
            e.shown_path(),
            e.status,
            crate::core::timefmt::graph_time(e.time)
        ),
        crate::core::text::Keep::Nothing,
    )
    .into_owned()
}

/// The answer an entry got, as JSON; the start of a body is not enough to compare.
fn json_of(h: &History, entry: (usize, &Entry)) -> Result<serde_json::Value, Failure> {
    if entry.1.status == 0 {
        return Err(Failure::usage(anyhow::anyhow!(
            "{} got no answer (it failed before any response came): there is nothing to compare",
            describe(entry)
        )));
    }
    let bytes = match h.body(entry.1) {
        Kept::Whole(bytes) => bytes,
        Kept::Start(_, why) => {
            return Err(Failure::usage(anyhow::anyhow!(
                "{} cannot be compared: the history has only the start of its answer ({why})",
                describe(entry)
            )));
        }
    };
    serde_json::from_slice(&bytes).map_err(|e| {
        Failure::usage(anyhow::anyhow!(
            "{}'s answer is not JSON ({e}): only JSON answers can be compared",
            describe(entry)
        ))
    })
}

/// Prints what an entry got: the whole body, or its start and why there is no more.
fn show(h: &History, e: &Entry) -> Result<u8, Failure> {
    if e.status == 0 {
        eprintln!(
            "wpx: this request failed before any response came (the history keeps no error text)"
        );
        return Ok(super::EXIT_API);
    }
    let (bytes, cut) = match h.body(e) {
        Kept::Whole(bytes) => (bytes, None),
        Kept::Start(bytes, why) => (bytes, Some(why)),
    };
    // Stored scrubbed; shown as any answer is (escaped and pretty on a terminal).
    super::output::write_body(&bytes, false, &[]).map_err(Failure::usage)?;
    if let Some(why) = cut {
        super::warn(&format!(
            "only the first {} of {} bytes were kept: {why}",
            bytes.len(),
            e.size
        ));
    }
    Ok(0)
}

fn list(h: &History, config: &Config, args: &HistoryArgs) -> Result<u8, Failure> {
    let entries = entries(h);
    let mut text = String::new();
    for (i, e) in entries.iter().rev().take(args.limit).enumerate() {
        if args.json {
            text.push_str(&serde_json::to_string(e).map_err(Failure::usage)?);
            text.push('\n');
        } else {
            text.push_str(&format!(
                "{:>3}  {}  {:<6} {:<50} {:>3}  {:>5} ms  {:>8} B  {}{}\n",
                i + 1,
                crate::core::timefmt::graph_time(e.time),
                e.method,
                e.shown_path(),
                e.status,
                e.duration_ms,
                e.size,
                e.profile,
                if e.note.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", e.note)
                }
            ));
        }
    }
    out(&text)?;
    if entries.is_empty() && !args.json {
        eprintln!(
            "wpx: the history is empty{}",
            if config.file.history.enabled {
                ""
            } else {
                " (recording is off: [history] enabled = false)"
            }
        );
    }
    Ok(0)
}
