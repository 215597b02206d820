//! The runner's token check: `debug_token` off the loop, answered with `Message::TokenChecked`.

use super::Runner;
use crate::tui::message::Message;

impl Runner {
    /// Asks `debug_token` about the token in use, off the loop.
    pub(super) fn check_token(&self, show: bool) {
        let (Some(client), Some(target), Some(creds)) =
            (self.client.clone(), self.target.clone(), self.creds.clone())
        else {
            let _ = self.tx.send(Message::TokenChecked {
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
            let _ = tx.send(Message::TokenChecked { show, result });
        });
    }
}
