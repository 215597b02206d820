//! The runner's token check: `debug_token` off the loop, answered with `Message::TokenChecked`.

use std::sync::{Arc, Mutex};

use super::Runner;
use crate::core::request::{AppLogin, Credentials, RequestSpec, Target};
use crate::core::secret::Secret;
use crate::http::token::Renewal;
use crate::http::{Client, HttpError, Response};
use crate::tui::message::{Level, Message};

/// Where a send leaves a token it fetched anew, for the runner to use from then on.
pub(super) type Renewed = Arc<Mutex<Option<Secret>>>;

/// Sends through [`Client::send_renewing`]; a token fetched anew is left for the runner, and
/// the status says what happened.
pub(super) async fn send_renewing(
    client: &Client,
    spec: &RequestSpec,
    target: &Target,
    creds: &mut Credentials,
    renew: Option<(AppLogin, Renewed)>,
    tx: &tokio::sync::mpsc::UnboundedSender<Message>,
) -> Result<Response, HttpError> {
    let login = renew.as_ref().map(|(l, _)| l);
    let (sent, renewal) = client.send_renewing(spec, target, creds, login).await;
    match renewal {
        Renewal::NotNeeded => {}
        Renewal::Renewed => {
            if let Some(Ok(mut s)) = renew.as_ref().map(|(_, slot)| slot.lock()) {
                *s = Some(creds.access_token.clone());
            }
            let _ = tx.send(Message::Note(
                Level::Info,
                "the token was refused (190): fetched a new one with the client credentials and sent again".into(),
            ));
        }
        Renewal::Failed(e) => {
            let _ = tx.send(Message::Note(
                Level::Error,
                format!("the token was refused (190) and a new one could not be fetched: {e}"),
            ));
        }
    }
    sent
}

impl Runner {
    /// Uses a token a send fetched anew.
    pub(super) fn take_renewed(&mut self) {
        let fresh = self
            .renew
            .as_ref()
            .and_then(|(_, slot)| slot.lock().ok().and_then(|mut s| s.take()));
        if let (Some(token), Some(creds)) = (fresh, self.creds.as_mut()) {
            creds.access_token = token;
        }
    }

    /// Asks `debug_token` about the token in use, off the loop.
    pub(super) fn check_token(&self, tag: u64, show: bool) {
        let (Some(client), Some(target), Some(creds)) =
            (self.client.clone(), self.target.clone(), self.creds.clone())
        else {
            let _ = self.tx.send(Message::TokenChecked {
                tag,
                show,
                result: Err("not connected yet".into()),
            });
            return;
        };
        // With an app id, ask with the app token, which also describes an expired token.
        let login = self
            .app_id
            .clone()
            .zip(creds.app_secret.clone())
            .map(|(app_id, app_secret)| crate::core::request::AppLogin { app_id, app_secret });
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let result = match client.debug_token(&target, &creds, login.as_ref()).await {
                Err(e) => Err(format!("debug_token: {e}")),
                Ok(resp) => match crate::core::token_info::TokenInfo::from_body(&resp.body) {
                    Some(info) => Ok(Box::new(info)),
                    None => Err(match resp.graph_error() {
                        // A token Graph refuses is invalid: say so, with what 190 means.
                        Some(e) if e.code == Some(190) => {
                            let _ = tx.send(Message::TokenChecked {
                                tag,
                                show,
                                result: Ok(Box::new(crate::core::token_info::TokenInfo {
                                    is_valid: false,
                                    error: Some(crate::core::token_info::TokenProblem {
                                        code: e.code,
                                        subcode: e.error_subcode,
                                        message: e.sanitized(&creds.secrets()).message,
                                    }),
                                    ..Default::default()
                                })),
                            });
                            return;
                        }
                        Some(e) => {
                            let e = e.sanitized(&creds.secrets());
                            let hint = e.hint().map(|h| format!(": {h}")).unwrap_or_default();
                            format!("debug_token refused the token ({e}){hint}")
                        }
                        None => format!(
                            "debug_token answered HTTP {} without a token description",
                            resp.status
                        ),
                    }),
                },
            };
            let _ = tx.send(Message::TokenChecked { tag, show, result });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::request::{Method, TokenIn};
    use crate::core::sign::ProofMode;

    async fn stand_in(req: axum::extract::Request) -> axum::response::Response {
        use axum::response::IntoResponse;
        let auth = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        match (req.method().as_str(), req.uri().path()) {
            ("POST", "/work_get_token")
                if req
                    .uri()
                    .query()
                    .is_some_and(|q| q.contains("access_token=77%7Cfake-secret")) =>
            {
                axum::Json(serde_json::json!({"access_token": "fake-cc-2", "expires_in": 3600}))
                    .into_response()
            }
            (_, "/me") if auth == "Bearer fake-cc-2" => {
                axum::Json(serde_json::json!({"id": "1"})).into_response()
            }
            _ => (
                axum::http::StatusCode::BAD_REQUEST,
                r#"{"error":{"message":"Session has expired","code":190,"error_subcode":463}}"#,
            )
                .into_response(),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_refused_client_credentials_token_is_fetched_anew_and_kept_for_the_runner() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, axum::Router::new().fallback(stand_in)).await;
        });
        let client = Client::new(
            &crate::config::HttpSettings::default(),
            "wpx-test",
            Arc::new(crate::core::sign::SystemClock),
        )
        .expect("client");
        let target = Target {
            base_url: url::Url::parse(&format!("http://{addr}")).expect("url"),
            graph_version: None,
            proof: ProofMode::Off,
            token_in: TokenIn::Header,
            allowed_hosts: Vec::new(),
            profile: "profile 'ac'".into(),
        };
        let login = AppLogin {
            app_id: "77".into(),
            app_secret: Secret::new("fake-secret"),
        };
        let mut creds = Credentials {
            access_token: Secret::new("fake-cc-1"),
            app_secret: Some(login.app_secret.clone()),
        };
        let slot = Renewed::default();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let spec = RequestSpec {
            method: Method::Get,
            ..RequestSpec::get("/me")
        };
        let resp = send_renewing(
            &client,
            &spec,
            &target,
            &mut creds,
            Some((login.clone(), slot.clone())),
            &tx,
        )
        .await
        .expect("answered");
        assert_eq!(resp.status, 200);
        assert_eq!(creds.access_token.expose(), "fake-cc-2");
        assert_eq!(
            slot.lock().expect("lock").as_ref().map(Secret::expose),
            Some("fake-cc-2")
        );
        assert!(matches!(rx.try_recv(), Ok(Message::Note(Level::Info, _))));
        // Without a login (any other profile), a 190 is just the answer.
        let mut other = Credentials {
            access_token: Secret::new("fake-cc-1"),
            app_secret: None,
        };
        let resp = send_renewing(&client, &spec, &target, &mut other, None, &tx)
            .await
            .expect("answered");
        assert_eq!(resp.status, 400);
    }
}
