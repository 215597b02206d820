//! Connecting: to the built-in sandbox, or to a config profile (at start with `--profile`, or
//! chosen in the switcher). Either answers with `Message::Connected`, which hands the credentials
//! to the effect runner (the model never holds them), or with `Message::ConnectFailed`, which
//! leaves the current connection as it was.

use crate::config::{Config, Overrides, Profile};
use crate::core::request::{Credentials, Target, TokenIn};
use crate::core::secret::Secret;
use crate::core::sign::ProofMode;
use crate::sandbox::{Options, Sandbox};

use super::message::{Connect, Connection, DemoApp, Message, ProfileInfo};

/// The User-Agent of a connection whose profile names none.
pub fn default_user_agent() -> String {
    format!("wpx/{}", env!("CARGO_PKG_VERSION"))
}

/// The config profiles as the switcher lists them: name, base URL and any problem with their
/// sources (from the same check as `wpx profiles`).
pub fn profile_infos(config: &Config, env: &dyn Fn(&str) -> Option<String>) -> Vec<ProfileInfo> {
    config
        .statuses(&Overrides::default(), env)
        .into_iter()
        .filter_map(|s| {
            Some(ProfileInfo {
                base_url: s
                    .resolved
                    .as_ref()
                    .map(|p| p.target.base_url.to_string())
                    .unwrap_or_default(),
                problem: s.problems(),
                name: s.name?,
            })
        })
        .collect()
}

/// Reads a profile's secrets (a command source may take a moment: call it off the loop) and
/// says how to reach it.
pub fn profile(config: &Config, name: &str, env: &dyn Fn(&str) -> Option<String>) -> Message {
    let overrides = Overrides {
        profile: Some(name.to_owned()),
        ..Overrides::default()
    };
    let resolved = config
        .resolve(&overrides, env)
        .map_err(anyhow::Error::from)
        .and_then(|p| crate::http::token::credentials(config, &p, env).map(|c| (p, c)));
    match resolved {
        Ok((p, creds)) => Message::Connected(to_profile(name, p, creds)),
        Err(e) => Message::ConnectFailed(format!(
            "still on the current connection: cannot switch to profile '{name}': {e}"
        )),
    }
}

/// What `Message::Connected` carries for a resolved profile whose secrets are read, at start or
/// on a switch.
pub fn to_profile(label: &str, profile: Profile, creds: Credentials) -> Box<Connect> {
    let warnings = profile.warnings(crate::core::sign::Clock::now(
        &crate::core::sign::SystemClock,
    ));
    Box::new(Connect {
        conn: Connection {
            label: label.to_owned(),
            target: Some(profile.target),
            warnings,
            surface: Some(profile.surface),
            profile_vars: Some(crate::core::vars::Scope::new(label, profile.variables)),
            ..Connection::default()
        },
        creds,
        sandbox: None,
        user_agent: Some(profile.user_agent),
        app_id: profile.app_id,
        renew: profile.token_from.is_some(),
    })
}

/// Starts the in-process sandbox and says how to reach it.
pub async fn sandbox() -> Message {
    match Sandbox::start(0, Options::default()).await {
        Ok(sb) => match (sb.app("all").cloned(), url::Url::parse(&sb.base_url)) {
            (Some(app), Ok(base_url)) => {
                let target = Target {
                    base_url,
                    graph_version: None,
                    proof: ProofMode::Timed,
                    token_in: TokenIn::Header,
                    allowed_hosts: Vec::new(),
                    profile: "the sandbox".into(),
                };
                let creds = Credentials {
                    access_token: Secret::new(app.access_token),
                    app_secret: Some(Secret::new(app.app_secret)),
                };
                let apps = sb
                    .apps
                    .iter()
                    .map(|a| DemoApp {
                        key: a.key().to_owned(),
                        name: a.name.clone(),
                        permissions: a.permissions.clone(),
                        require_proof: a.require_proof,
                    })
                    .collect();
                let conn = Connection {
                    label: "SANDBOX".into(),
                    sandbox: true,
                    target: Some(target),
                    apps,
                    app: Some("all".into()),
                    ..Connection::default()
                };
                Message::Connected(Box::new(Connect {
                    conn,
                    creds,
                    sandbox: Some(sb),
                    user_agent: Some(default_user_agent()),
                    app_id: Some(app.app_id.clone()),
                    renew: false,
                }))
            }
            _ => Message::ConnectFailed("the sandbox started without its demo app".into()),
        },
        Err(e) => Message::ConnectFailed(format!("the sandbox could not start: {e}")),
    }
}
