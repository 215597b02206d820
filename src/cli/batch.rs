//! `wpx batch FILE`: send a list of operations (TOML `[[operation]]` tables or a JSON array) as
//! one signed Graph batch, and print each operation's result. Exit 0 when every operation
//! succeeded, 1 when one failed.

use clap::Args as ClapArgs;

use super::call::{report, transport};
use super::{EXIT_API, Failure, load_profile};
use crate::config::Overrides;
use crate::core::batch::{Outcome, parse, read_results, request};
use crate::core::text::{Keep, terminal_safe};

/// Arguments of `wpx batch`.
#[derive(Debug, ClapArgs)]
pub struct BatchArgs {
    /// The operations: a TOML file of [[operation]] tables, or a JSON array; - reads standard input.
    pub file: String,
    /// Print Graph's answer (one JSON array) instead of a result a block.
    #[arg(long)]
    pub json: bool,
}

/// Runs `wpx batch`.
pub fn run(args: &BatchArgs, ov: &Overrides) -> Result<u8, Failure> {
    let text = super::packs::read_source(&args.file)?;
    let ops = parse(&text).map_err(|e| Failure::usage(anyhow::anyhow!("{}: {e}", args.file)))?;
    let spec = request(&ops);
    let (config, profile, creds) = load_profile(ov)?;
    let (runtime, client) = super::runtime_and_client(&config, &profile)?;
    let secrets = creds.secrets();
    let resp = runtime
        .block_on(client.send(&spec, &profile.target, &creds))
        .map_err(transport)?;
    let answer: Option<serde_json::Value> = serde_json::from_slice(&resp.body).ok();
    let results = answer.as_ref().and_then(read_results);
    let (true, Some(results)) = (resp.is_success(), results) else {
        // The batch itself was refused (a token, a proof, more than 50…).
        return report(&resp, super::call::Show::default(), &secrets);
    };
    if args.json {
        super::output::write_body(&resp.body, false, &secrets)
            .map_err(|e| Failure::usage(anyhow::anyhow!("cannot write: {e}")))?;
    } else {
        let mut text = String::new();
        for (i, (op, r)) in ops.iter().zip(&results).enumerate() {
            let label = op
                .name
                .as_deref()
                .map_or_else(String::new, |n| format!(" {n}"));
            let what = format!("{} {}", op.method.to_ascii_uppercase(), op.relative_url);
            match r {
                Outcome::Omitted => text.push_str(&format!(
                    "[{}]{label} {what} · omitted (a later operation used it)\n\n",
                    i + 1
                )),
                Outcome::Answered { code, body, .. } => {
                    let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
                    text.push_str(&format!("[{}]{label} {what} · {code}\n{pretty}\n\n", i + 1));
                }
            }
        }
        let safe = terminal_safe(&text, Keep::Newlines);
        let scrubbed = crate::core::text::scrub(&safe, &secrets);
        super::out(&scrubbed)?;
    }
    let failed = results
        .iter()
        .filter(|r| matches!(r, Outcome::Answered { code, .. } if !(200..300).contains(code)))
        .count();
    if failed > 0 {
        eprintln!("wpx: {failed} of {} operations failed", results.len());
        return Ok(EXIT_API);
    }
    Ok(0)
}
