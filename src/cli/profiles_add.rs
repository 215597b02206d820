//! `wpx profiles add NAME --surface S`: asks where each secret comes from (never the secret) and
//! appends a commented profile to config.toml, which stays private (0600).

use std::io::BufRead;

use clap::Args as ClapArgs;

use super::Failure;
use crate::config::new_profile::{NewProfile, Source, valid_name};
use crate::config::{Config, Overrides};
use crate::core::surface::{Surface, TokenFlow};

/// Arguments of `wpx profiles add`.
#[derive(Debug, ClapArgs)]
pub struct AddArgs {
    /// The profile's name (letters, digits, - and _).
    pub name: String,
    /// facebook, instagram, threads, admin-center, workplace, scim or custom.
    #[arg(long, value_name = "SURFACE")]
    pub surface: Surface,
}

fn ask(lines: &mut impl Iterator<Item = String>, question: &str) -> Result<String, Failure> {
    eprint!("{question} ");
    lines
        .next()
        .map(|l| l.trim().to_owned())
        .ok_or_else(|| Failure::usage(anyhow::anyhow!("no answer to: {question}")))
}

fn source(
    lines: &mut impl Iterator<Item = String>,
    what: &str,
    optional: bool,
) -> Result<Option<Source>, Failure> {
    let skip = if optional { ", or empty for none" } else { "" };
    for _ in 0..3 {
        let answer = ask(
            lines,
            &format!(
                "Where does the {what} come from? env NAME | file PATH | command PROGRAM ARGS{skip}:"
            ),
        )?;
        let (kind, rest) = answer.split_once(' ').unwrap_or((answer.as_str(), ""));
        let rest = rest.trim();
        match (kind, rest.is_empty()) {
            ("", _) if optional => return Ok(None),
            ("env", false) if rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                return Ok(Some(Source::Env(rest.to_owned())));
            }
            ("file", false) => return Ok(Some(Source::File(rest.to_owned()))),
            ("command", false) => {
                return Ok(Some(Source::Command(
                    rest.split_whitespace().map(str::to_owned).collect(),
                )));
            }
            _ => eprintln!(
                "wpx: answer `env NAME`, `file PATH` or `command PROGRAM ARGS` — where the {what} is kept, never the {what} itself"
            ),
        }
    }
    Err(Failure::usage(anyhow::anyhow!(
        "no usable source for the {what}: run `wpx profiles add` again"
    )))
}

/// Runs `wpx profiles add`.
pub fn run(args: &AddArgs, ov: &Overrides) -> Result<u8, Failure> {
    if !valid_name(&args.name) {
        return Err(Failure::usage(anyhow::anyhow!(
            "'{}' is not a profile name: use letters, digits, - and _",
            args.name
        )));
    }
    let config = Config::load(&super::process_env).map_err(Failure::usage)?;
    if config.file.profiles.contains_key(&args.name) || config.file.broken.contains_key(&args.name)
    {
        return Err(Failure::usage(anyhow::anyhow!(
            "there is already a profile '{}': pick another name, or edit it in config.toml",
            args.name
        )));
    }
    let s = args.surface;
    let base_url = match (s, &ov.base_url) {
        (_, Some(b)) => Some(b.clone()),
        (Surface::Custom, None) => {
            return Err(Failure::usage(anyhow::anyhow!(
                "a custom surface needs its host: add --base-url https://…"
            )));
        }
        _ => None,
    };
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines().map_while(Result::ok);
    let fetched = s.allows(TokenFlow::ClientCredentials);
    let app_id = if fetched || s.allows(TokenFlow::AppToken) {
        let q = if fetched {
            "App id (App Dashboard > App settings > Basic):"
        } else {
            "App id, for the app token of `wpx token` (empty to skip):"
        };
        Some(ask(&mut lines, q)?).filter(|a| !a.is_empty())
    } else {
        None
    };
    if fetched && app_id.is_none() {
        return Err(Failure::usage(anyhow::anyhow!(
            "Admin Center fetches its token with the app id and secret: the app id is needed"
        )));
    }
    let token = if fetched {
        None
    } else {
        source(&mut lines, "access token", false)?
    };
    let secret = source(
        &mut lines,
        "app secret",
        !fetched && s.default_proof() == crate::core::sign::ProofMode::Off,
    )?;
    let profile = NewProfile {
        name: args.name.clone(),
        surface: s,
        base_url,
        app_id,
        token,
        secret,
    };
    let today = crate::core::versions::day_of(crate::core::sign::Clock::now(
        &crate::core::sign::SystemClock,
    ));
    let path = config.dir.join("config.toml");
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Failure::usage(anyhow::anyhow!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    let text = format!("{old}{}", profile.render(&today));
    if let Err(why) = Config::parse(&text) {
        return Err(Failure::usage(anyhow::anyhow!(
            "the new profile would not parse ({why}); config.toml is unchanged"
        )));
    }
    crate::store::write_atomic(&path, text.as_bytes())
        .map_err(|e| Failure::usage(anyhow::anyhow!("cannot write {}: {e}", path.display())))?;
    eprintln!(
        "wpx: added profile '{}' to {} (mode 0600); `wpx profiles` checks its sources, `wpx --profile {} token` its token",
        args.name,
        path.display(),
        args.name
    );
    Ok(0)
}
