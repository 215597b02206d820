//! `wpx diff A.json B.json`: what changed between two JSON documents, by path (the comparison is
//! `core::json_diff`'s). Exit 0 when they are equal, 1 when they differ, 2 when one cannot be read.

use std::io::{IsTerminal, Write};

use clap::Args as ClapArgs;

use super::{EXIT_API, Failure};
use crate::core::json_diff::{Change, diff};
use crate::core::text::{Keep, terminal_safe};

/// Arguments of `wpx diff`.
#[derive(Debug, ClapArgs)]
pub struct DiffArgs {
    /// The first document (a file, or - for standard input).
    pub a: String,
    /// The second document.
    pub b: String,
    /// Print the changes as one JSON array ({change, path, value | from, to}).
    #[arg(long)]
    pub json: bool,
}

fn load(file: &str) -> Result<serde_json::Value, Failure> {
    let text = super::packs::read_source(file)?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::usage(anyhow::anyhow!(
            "{file} is not JSON ({e}): wpx diff compares two JSON documents"
        ))
    })
}

/// A value on one line, at most 120 characters.
fn short(v: &serde_json::Value) -> String {
    let text = v.to_string();
    let clipped: String = text.chars().take(120).collect();
    let text = if clipped.len() < text.len() {
        format!("{clipped}…")
    } else {
        text
    };
    terminal_safe(&text, Keep::Nothing).into_owned()
}

/// One change as a line: `+ path: value`, `- path: value`, `~ path: from → to`.
fn line(c: &Change) -> String {
    let path = terminal_safe(c.path(), Keep::Nothing);
    match c {
        Change::Added { value, .. } => format!("+ {path}: {}", short(value)),
        Change::Removed { value, .. } => format!("- {path}: {}", short(value)),
        Change::Changed { from, to, .. } => format!("~ {path}: {} → {}", short(from), short(to)),
    }
}

/// Runs `wpx diff`.
pub fn run(args: &DiffArgs) -> Result<u8, Failure> {
    if args.a == "-" && args.b == "-" {
        return Err(Failure::usage(anyhow::anyhow!(
            "only one of the two documents can come from standard input"
        )));
    }
    let (a, b) = (load(&args.a)?, load(&args.b)?);
    report(&a, &b, args.json)
}

/// Prints what changed from `a` to `b` (a line each, or one JSON array with `json`) and a
/// summary on stderr: exit 0 when they are equal, 1 when not (`wpx diff`, `wpx history diff`).
pub(super) fn report(
    a: &serde_json::Value,
    b: &serde_json::Value,
    json: bool,
) -> Result<u8, Failure> {
    let changes = diff(a, b);
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = stdout.lock();
    let written = if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&changes).unwrap_or_default()
        )
    } else {
        let mut r = Ok(());
        for c in &changes {
            let text = line(c);
            let code = match c {
                Change::Added { .. } => "\x1b[32m",
                Change::Removed { .. } => "\x1b[31m",
                Change::Changed { .. } => "\x1b[33m",
            };
            r = r.and_then(|()| {
                if color {
                    writeln!(out, "{code}{text}\x1b[0m")
                } else {
                    writeln!(out, "{text}")
                }
            });
        }
        let count = |f: fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
        let summary = if changes.is_empty() {
            "no differences".to_owned()
        } else {
            format!(
                "{} difference{}: {} added, {} removed, {} changed",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" },
                count(|c| matches!(c, Change::Added { .. })),
                count(|c| matches!(c, Change::Removed { .. })),
                count(|c| matches!(c, Change::Changed { .. })),
            )
        };
        r.and_then(|()| {
            out.flush()?;
            eprintln!("{summary}");
            Ok(())
        })
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(Failure::usage(anyhow::anyhow!("cannot write: {e}")));
        }
        _ => {}
    }
    Ok(if changes.is_empty() { 0 } else { EXIT_API })
}
