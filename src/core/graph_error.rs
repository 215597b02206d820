//! Graph API error bodies: `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`.

use std::fmt;

use serde::Deserialize;

/// A decoded Graph API error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct GraphError {
    /// Human-readable message.
    #[serde(default)]
    pub message: String,
    /// `OAuthException`, `GraphMethodException`, …
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The error code (190 invalid token, 10 permission, 100 parameter, 2500 unknown path…).
    #[serde(default)]
    pub code: Option<i64>,
    /// The subcode, when there is one.
    #[serde(default)]
    pub error_subcode: Option<i64>,
    /// A title meant for end users.
    #[serde(default)]
    pub error_user_title: Option<String>,
    /// A message meant for end users.
    #[serde(default)]
    pub error_user_msg: Option<String>,
    /// Meta's support trace id: quote it in a bug report.
    #[serde(default)]
    pub fbtrace_id: Option<String>,
    /// Meta's `is_transient`: the same call may succeed later.
    #[serde(default)]
    pub is_transient: Option<bool>,
}

#[derive(Deserialize)]
struct Envelope {
    error: GraphError,
}

impl GraphError {
    /// Decodes a Graph error envelope; `None` when the body is not one. A body that is not valid
    /// UTF-8 is decoded lossily (a bad byte in a message must not hide the error).
    pub fn from_body(body: &[u8]) -> Option<Self> {
        match serde_json::from_slice::<Envelope>(body) {
            Ok(e) => Some(e.error),
            Err(_) if std::str::from_utf8(body).is_err() => {
                serde_json::from_str::<Envelope>(&String::from_utf8_lossy(body))
                    .ok()
                    .map(|e| e.error)
            }
            Err(_) => None,
        }
    }

    /// The same error with every text field made terminal-safe and the given secrets scrubbed
    /// (a server may echo the token, or send escape sequences, in a message).
    pub fn sanitized(mut self, secrets: &[&crate::core::secret::Secret]) -> Self {
        use crate::core::text::{Keep, scrub, terminal_safe};
        let clean = |s: &str| terminal_safe(&scrub(s, secrets), Keep::Nothing).into_owned();
        self.message = clean(&self.message);
        for field in [
            &mut self.kind,
            &mut self.error_user_title,
            &mut self.error_user_msg,
            &mut self.fbtrace_id,
        ] {
            if let Some(v) = field.as_mut() {
                *v = clean(v);
            }
        }
        self
    }

    /// True for the throttling codes: 4 (app), 17 (user), 32 (page), 613 (custom), 80000–80014
    /// (business use case).
    pub fn is_throttling(&self) -> bool {
        matches!(self.code, Some(4 | 17 | 32 | 613 | 80_000..=80_014))
    }

    /// True when retrying may help: Meta says so, or the error is throttling or a code 1/2.
    pub fn is_retryable(&self) -> bool {
        self.is_transient == Some(true) || self.is_throttling() || matches!(self.code, Some(1 | 2))
    }

    /// The plain next step for the well-known codes.
    pub fn hint(&self) -> Option<String> {
        let s = |t: &str| Some(t.to_owned());
        match self.code? {
            190 => s(crate::core::token_info::explain_190(self.error_subcode)),
            102 | 2500 if self.message.contains("access token") => {
                s("no access token reached the server")
            }
            2500 => s("the path is not a known edge: check its spelling"),
            10 | 200..=299 => s(
                "the token lacks a permission for this call: grant it to the app (and the token), then check with `wpx token`",
            ),
            4 => s(
                "the app's rate limit is reached: wait (the usage headers say how long), or send less often; `wpx call --retry-transient N` waits and retries",
            ),
            17 => s("this user's rate limit is reached: wait a little and try again"),
            32 => s("the Page's rate limit is reached: wait a little and try again"),
            613 => s("a custom rate limit is reached: wait a little and try again"),
            80_000..=80_014 => s(
                "the business use case's rate limit is reached (transient, though HTTP 400): wait the estimated_time_to_regain_access of X-Business-Use-Case-Usage",
            ),
            2635 => s(
                "this Graph version is deprecated for this call: move the profile's graph_version to a current one (`wpx versions`)",
            ),
            131_047 => s(
                "WhatsApp: more than 24 hours since the user last wrote, so free-form messages are refused: send an approved template message instead",
            ),
            9007 if self.error_subcode == Some(2_207_027) => s(
                "Instagram: the media container is not ready: poll GET /{container-id}?fields=status_code until it is FINISHED, then publish",
            ),
            9007 => {
                s("Instagram: the media is not ready to publish: poll the container's status_code")
            }
            368 => s(
                "the action was blocked as abusive or against policy (temporary): slow down, and review the content and Meta's policies",
            ),
            100 if self.message.contains("appsecret_proof") => s(
                "check the app secret and the proof mode (timed/classic), and that the clock is right",
            ),
            1 | 2 => s("a temporary problem on Meta's side: try again in a moment"),
            _ => None,
        }
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        let mut parts = Vec::new();
        if let Some(kind) = &self.kind {
            parts.push(format!("type {kind}"));
        }
        if let Some(code) = self.code {
            parts.push(format!("code {code}"));
        }
        if let Some(sub) = self.error_subcode {
            parts.push(format!("subcode {sub}"));
        }
        if let Some(trace) = &self.fbtrace_id {
            parts.push(format!("fbtrace_id {trace}"));
        }
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_full_envelope() {
        let body = br#"{"error":{"message":"Invalid appsecret_proof provided in the API argument","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"AbC123"}}"#;
        let e = GraphError::from_body(body).expect("decodes");
        assert_eq!(e.code, Some(100));
        assert_eq!(e.fbtrace_id.as_deref(), Some("AbC123"));
        assert_eq!(
            e.to_string(),
            "Invalid appsecret_proof provided in the API argument (type GraphMethodException, code 100, subcode 33, fbtrace_id AbC123)"
        );
        assert!(e.hint().is_some_and(|h| h.contains("proof mode")));
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let body = b"{\"error\":{\"message\":\"bad \xff byte\",\"code\":190}}";
        let e = GraphError::from_body(body).expect("decodes despite the bad byte");
        assert_eq!(e.code, Some(190));
        assert_eq!(e.message, "bad \u{fffd} byte");
    }

    #[test]
    fn sanitized_escapes_and_scrubs() {
        let token = crate::core::secret::Secret::new("fake-token-echoed");
        let e = GraphError {
            message: "token fake-token-echoed is bad\x1b]0;pwned\x07\u{9b}2J".into(),
            kind: Some("OAuth\x1b[2JException".into()),
            ..GraphError::default()
        }
        .sanitized(&[&token]);
        assert!(!e.message.contains("fake-token-echoed"));
        assert!(e.message.contains(crate::core::text::REDACTED));
        assert!(
            !e.to_string()
                .chars()
                .any(crate::core::text::is_terminal_control)
        );
    }

    #[test]
    fn other_bodies_are_not_errors() {
        assert!(GraphError::from_body(br#"{"data":[]}"#).is_none());
        assert!(GraphError::from_body(b"<html>").is_none());
    }

    #[test]
    fn permission_codes_get_a_hint() {
        let e = GraphError {
            code: Some(200),
            ..GraphError::default()
        };
        assert!(e.hint().is_some_and(|h| h.contains("permission")));
    }
}
