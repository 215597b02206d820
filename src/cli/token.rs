//! `wpx token`: what `debug_token` says of the profile's token; `wpx versions`: the Graph
//! version lifecycle.

use clap::Args as ClapArgs;

use super::{EXIT_API, Failure, load_profile, out};
use crate::config::Overrides;
use crate::core::sign::{Clock, SystemClock};
use crate::core::token_info::TokenInfo;
use crate::core::versions::{Lifecycle, Standing};

/// Arguments of `wpx token`.
#[derive(Debug, ClapArgs)]
pub struct TokenArgs {
    /// Print `debug_token`'s answer as JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Another token task.
    #[command(subcommand)]
    pub action: Option<TokenAction>,
}

/// `wpx token exchange`.
#[derive(Debug, clap::Subcommand)]
pub enum TokenAction {
    /// Trade the profile's short-lived user token for a long-lived one (about 60 days), with the
    /// profile's app_id and app secret.
    Exchange {
        /// Print the new token on stdout (e.g. into a secret store); without it, wpx only says it
        /// got one.
        #[arg(long)]
        print: bool,
    },
}

/// Runs `wpx token`.
pub fn run(args: &TokenArgs, ov: &Overrides) -> Result<u8, Failure> {
    let (config, profile, creds) = load_profile(ov)?;
    if let Some(TokenAction::Exchange { print }) = &args.action {
        let login = config
            .login(&profile, &super::process_env)
            .map_err(Failure::usage)?;
        let (runtime, client) = super::runtime_and_client(&config, &profile)?;
        let issued = runtime
            .block_on(client.exchange_token(&profile.target, &login, &creds.access_token))
            .map_err(|e| Failure {
                code: EXIT_API,
                error: e.into(),
            })?;
        let life = issued.expires_in.map_or_else(
            || "no expiry given".to_owned(),
            |s| {
                format!(
                    "expires in {}",
                    crate::core::versions::span(i64::try_from(s).unwrap_or(i64::MAX))
                )
            },
        );
        if *print {
            eprintln!("wpx: a long-lived token ({life}); it is on stdout only");
            return out(&format!("{}\n", issued.token.expose()));
        }
        eprintln!(
            "wpx: got a long-lived token ({life}); run `wpx token exchange --print` to print it, e.g. into your secret store, then point the profile's access_token_* at it"
        );
        return Ok(0);
    }
    let login = match &profile.app_id {
        Some(_) => match config.login(&profile, &super::process_env) {
            Ok(l) => Some(l),
            Err(e) => {
                super::warn(&format!("asking with the token itself: {e}"));
                None
            }
        },
        None => None,
    };
    let (runtime, client) = super::runtime_and_client(&config, &profile)?;
    let resp = runtime
        .block_on(client.debug_token(&profile.target, &creds, login.as_ref()))
        .map_err(|e| Failure {
            code: super::EXIT_TRANSPORT,
            error: e.into(),
        })?;
    let mut secrets = creds.secrets();
    let app_token = login
        .as_ref()
        .map(crate::core::request::AppLogin::app_token);
    secrets.extend(app_token.as_ref());
    if let Some(err) = resp.graph_error().map(|e| e.sanitized(&secrets)) {
        eprintln!("wpx: debug_token answered HTTP {}: {err}", resp.status);
        if let Some(hint) = err.hint() {
            eprintln!("wpx: hint: {hint}");
        }
        if login.is_none() && err.code == Some(190) {
            eprintln!(
                "wpx: hint: with app_id set (and the app secret), wpx asks with the app token, which also describes expired tokens"
            );
        }
        return Ok(EXIT_API);
    }
    let Some(info) = TokenInfo::from_body(&resp.body) else {
        return Err(Failure {
            code: EXIT_API,
            error: anyhow::anyhow!(
                "debug_token answered HTTP {} without a token description: is {} a Graph host?",
                resp.status,
                profile.target.base_url
            ),
        });
    };
    if args.json {
        super::output::write_body(&resp.body, false, &secrets).map_err(Failure::usage)?;
    } else {
        let now = Clock::now(&SystemClock);
        let mut text = format!(
            "token of {} on {} ({}), asked with {}\n",
            profile.target.profile,
            profile.target.base_url.as_str().trim_end_matches('/'),
            profile.surface,
            if login.is_some() {
                "the app token"
            } else {
                "the token itself"
            }
        );
        for (k, v) in info.lines(now) {
            text.push_str(&format!("  {k:<20} {v}\n"));
        }
        out(&crate::core::text::scrub(&text, &secrets))?;
        if let Some(w) = info.warning(now) {
            super::warn(&w);
        }
    }
    Ok(if info.is_valid { 0 } else { EXIT_API })
}

/// Runs `wpx versions`.
pub fn versions() -> Result<u8, Failure> {
    let table = Lifecycle::builtin().map_err(Failure::usage)?;
    let now = Clock::now(&SystemClock);
    let mut text = format!(
        "Graph API versions (table of {}; Meta announces each end date)\n\n  {:<8} {:<11} {:<16} {:<24} {}\n",
        table.updated, "version", "introduced", "available until", "status", "Marketing API until"
    );
    for v in &table.graph {
        let status = match table.standing(&v.version, now) {
            Standing::Available { until: None } => "available".to_owned(),
            Standing::Available { .. } => "available".to_owned(),
            Standing::Expiring { days, .. } => {
                format!("expires {}", crate::core::versions::in_days(days))
            }
            Standing::Expired { .. } => "expired".to_owned(),
            Standing::Unknown => "?".to_owned(),
        };
        text.push_str(&format!(
            "  {:<8} {:<11} {:<16} {:<24} {}\n",
            v.version,
            v.introduced,
            v.until.as_deref().unwrap_or("(not announced)"),
            status,
            table.marketing_until(&v.version).unwrap_or("")
        ));
    }
    text.push_str("\nPin a profile with graph_version = \"vNN.0\"; wpx warns when it has expired or expires within 90 days.\n");
    out(&text)
}
