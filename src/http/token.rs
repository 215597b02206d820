//! Token flows at the HTTP edge: Admin Center's client credentials (`POST /work_get_token`),
//! the app token `app_id|app_secret`, and `debug_token`.

use serde::Deserialize;

use super::{Client, HttpError, Response};
use crate::core::request::{AppLogin, Credentials, Method, RequestSpec, Target, TokenIn};
use crate::core::secret::Secret;
use crate::core::sign::ProofMode;

/// A token the server issued.
pub struct Issued {
    /// The token (kept in memory only).
    pub token: Secret,
    /// Seconds until it expires, when the server says.
    pub expires_in: Option<u64>,
}

/// What a send did about a refused token.
#[derive(Debug, PartialEq, Eq)]
pub enum Renewal {
    /// Nothing to do.
    NotNeeded,
    /// A new token was fetched and the request sent again.
    Renewed,
    /// A new token could not be fetched: why.
    Failed(String),
}

/// The token in a token endpoint's answer, or why there is none (`refused` words the reason).
fn issued(
    resp: &Response,
    secrets: &[&Secret],
    refused: impl Fn(String) -> String,
) -> Result<Issued, LoginError> {
    if let Some(err) = resp.graph_error() {
        return Err(LoginError::Refused(refused(
            err.sanitized(secrets).to_string(),
        )));
    }
    match serde_json::from_slice::<TokenAnswer>(&resp.body) {
        Ok(TokenAnswer {
            access_token: Some(t),
            expires_in,
        }) if resp.is_success() && !t.trim().is_empty() => Ok(Issued {
            token: Secret::new(t),
            expires_in,
        }),
        _ => Err(LoginError::Refused(refused(
            "no access_token in the answer".into(),
        ))),
    }
}

/// Why a token could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// No answer.
    #[error(transparent)]
    Transport(#[from] HttpError),
    /// The server refused, or answered without a token.
    #[error("{0}")]
    Refused(String),
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    expires_in: Option<u64>,
}

/// The target for app-token calls: the token goes in the query (as Meta documents these
/// endpoints), with no proof.
fn app_target(target: &Target) -> Target {
    Target {
        proof: ProofMode::Off,
        token_in: TokenIn::Query,
        ..target.clone()
    }
}

impl Client {
    /// `POST /work_get_token` with `grant_type=client_credentials` and the app token.
    pub async fn work_get_token(
        &self,
        target: &Target,
        login: &AppLogin,
    ) -> Result<Issued, LoginError> {
        let spec = RequestSpec {
            method: Method::Post,
            ..RequestSpec::get("/work_get_token")
        }
        .with_items([("grant_type".to_owned(), "client_credentials".to_owned())]);
        let creds = Credentials {
            access_token: login.app_token(),
            app_secret: None,
        };
        let resp = self.send(&spec, &app_target(target), &creds).await?;
        issued(&resp, &[&login.app_secret, &creds.access_token], |why| {
            format!(
                "POST /work_get_token for app {} answered HTTP {}: {why}; check app_id and the app secret",
                login.app_id, resp.status
            )
        })
    }

    /// `GET /oauth/access_token?grant_type=fb_exchange_token`: a long-lived user token for a
    /// short-lived one.
    pub async fn exchange_token(
        &self,
        target: &Target,
        login: &AppLogin,
        token: &Secret,
    ) -> Result<Issued, LoginError> {
        let spec = RequestSpec::get("/oauth/access_token").with_items([
            ("grant_type".to_owned(), "fb_exchange_token".to_owned()),
            ("client_id".to_owned(), login.app_id.clone()),
            (
                "client_secret".to_owned(),
                login.app_secret.expose().to_owned(),
            ),
            ("fb_exchange_token".to_owned(), token.expose().to_owned()),
        ]);
        let creds = Credentials {
            access_token: token.clone(),
            app_secret: None,
        };
        let plain = Target {
            proof: ProofMode::Off,
            ..target.clone()
        };
        let resp = self.send(&spec, &plain, &creds).await?;
        issued(&resp, &[&login.app_secret, token], |why| {
            format!("the exchange answered HTTP {}: {why}", resp.status)
        })
    }

    /// Sends; when `login` is given (a client-credentials profile) and the token is refused
    /// (190), fetches a new token into `creds` and sends once more.
    pub async fn send_renewing(
        &self,
        spec: &RequestSpec,
        target: &Target,
        creds: &mut Credentials,
        login: Option<&AppLogin>,
    ) -> (Result<Response, HttpError>, Renewal) {
        let sent = self.send(spec, target, creds).await;
        let refused = sent
            .as_ref()
            .is_ok_and(|r| r.graph_error().is_some_and(|e| e.code == Some(190)));
        let Some(login) = login.filter(|_| refused) else {
            return (sent, Renewal::NotNeeded);
        };
        match self.work_get_token(target, login).await {
            Ok(new) => {
                creds.access_token = new.token;
                (self.send(spec, target, creds).await, Renewal::Renewed)
            }
            Err(e) => (sent, Renewal::Failed(e.to_string())),
        }
    }

    /// `GET /debug_token?input_token=…`, authorised with the app token when `login` is given,
    /// else with the token itself (signed as the profile signs every call).
    pub async fn debug_token(
        &self,
        target: &Target,
        creds: &Credentials,
        login: Option<&AppLogin>,
    ) -> Result<Response, HttpError> {
        let spec = RequestSpec::get("/debug_token").with_items([(
            "input_token".to_owned(),
            creds.access_token.expose().to_owned(),
        )]);
        match login {
            Some(login) => {
                let app = Credentials {
                    access_token: login.app_token(),
                    app_secret: None,
                };
                self.send(&spec, &app_target(target), &app).await
            }
            None => self.send(&spec, target, creds).await,
        }
    }
}

/// The profile's credentials: read from their sources, or, for `token_from =
/// "client_credentials"`, fetched now with the app id and secret (kept in memory only). Blocks:
/// call it off any async loop (it runs its own runtime on a thread of its own).
pub fn credentials(
    config: &crate::config::Config,
    profile: &crate::config::Profile,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Credentials> {
    if profile.token_from.is_none() {
        return Ok(config.credentials(profile, env)?);
    }
    let login = config.login(profile, env)?;
    let settings = config.file.http.clone();
    let ua = profile.user_agent.clone();
    let target = profile.target.clone();
    let issued = std::thread::scope(|s| {
        s.spawn(|| fetch(&settings, &ua, &target, &login))
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("fetching the token stopped unexpectedly")))
    })?;
    Ok(Credentials {
        access_token: issued.token,
        app_secret: Some(login.app_secret),
    })
}

/// Fetches a client-credentials token on a runtime of its own.
pub fn fetch(
    settings: &crate::config::HttpSettings,
    user_agent: &str,
    target: &Target,
    login: &AppLogin,
) -> anyhow::Result<Issued> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = Client::new(
        settings,
        user_agent,
        std::sync::Arc::new(crate::core::sign::SystemClock),
    )?;
    Ok(runtime.block_on(client.work_get_token(target, login))?)
}
