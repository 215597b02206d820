//! Transport errors, in plain words and without the URL's secrets.

use std::error::Error as _;

use url::Url;

use crate::core::request::BuildError;

/// Why a request got no usable response.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The request could not be built.
    #[error(transparent)]
    Build(BuildError),
    /// The client could not be set up.
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
    /// Connecting failed.
    #[error("could not connect to {host}: {reason}. {}", connect_hint(reason))]
    Connect {
        /// Host and port.
        host: String,
        /// The underlying reason.
        reason: String,
    },
    /// A timeout fired.
    #[error("{host} did not answer in time ({reason}): try again, or raise [http] timeout_secs")]
    Timeout {
        /// Host and port.
        host: String,
        /// The underlying reason.
        reason: String,
    },
    /// Any other transport failure.
    #[error("request to {host} failed: {reason}. {}", transport_hint(reason))]
    Transport {
        /// Host and port.
        host: String,
        /// The underlying reason.
        reason: String,
    },
    /// The body exceeded the size cap.
    #[error(
        "the response is larger than the {0}-byte limit: raise [http] max_response_bytes to read it"
    )]
    TooLarge(u64),
    /// A redirect loop.
    #[error("more than {0} redirects: stopped following them")]
    TooManyRedirects(usize),
    /// Credentials would go over plain http to a non-loopback host.
    #[error("refusing to send the access token over plain http to {0}: use an https:// base URL")]
    Insecure(String),
}

/// What to check when connecting failed.
fn connect_hint(reason: &str) -> &'static str {
    let r = reason.to_ascii_lowercase();
    if r.contains("refused") {
        "Nothing listens there: is the server running, and are the host and port of the base URL right?"
    } else if r.contains("dns") || r.contains("resolve") || r.contains("name or service") {
        "The host name does not resolve: check the base URL's spelling, and the network"
    } else if r.contains("certificate") || r.contains("tls") || r.contains("handshake") {
        "TLS failed: does the server speak https? A local server usually wants http://"
    } else {
        "Check the base URL (http:// or https://, host and port) and that the server is up"
    }
}

/// What to check when a request failed after connecting.
fn transport_hint(reason: &str) -> &'static str {
    let r = reason.to_ascii_lowercase();
    if r.contains("version") || r.contains("tls") || r.contains("record") || r.contains("closed") {
        "Check the base URL's scheme: http:// to an https server (or the other way) fails like this"
    } else {
        "Try again; if it persists, check the base URL and any proxy (HTTPS_PROXY, NO_PROXY)"
    }
}

fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => "the server".to_owned(),
    }
}

/// The innermost cause of an error chain, which says the most (e.g. "Connection refused").
pub(crate) fn describe(e: &reqwest::Error) -> String {
    let mut reason = None;
    let mut source = e.source();
    while let Some(s) = source {
        reason = Some(s.to_string());
        source = s.source();
    }
    reason.unwrap_or_else(|| "unknown error".to_owned())
}

impl HttpError {
    /// True when the request went to the network (it may still have failed there), so that it
    /// belongs in the history; false when wpx refused it before sending (a usage error).
    pub fn was_attempted(&self) -> bool {
        !matches!(self, Self::Build(_) | Self::Setup(_) | Self::Insecure(_))
    }

    /// Classifies a reqwest error. The URL (which may hold a token) is never part of the message.
    pub(crate) fn from_reqwest(e: &reqwest::Error, url: &Url) -> Self {
        let host = host_of(url);
        let reason = describe(e);
        if e.is_timeout() {
            Self::Timeout { host, reason }
        } else if e.is_connect() {
            Self::Connect { host, reason }
        } else {
            Self::Transport { host, reason }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transport_error_says_what_to_check() {
        let refused = HttpError::Connect {
            host: "127.0.0.1:9".into(),
            reason: "Connection refused (os error 111)".into(),
        };
        let text = refused.to_string();
        assert!(
            text.starts_with("could not connect to 127.0.0.1:9: Connection refused"),
            "{text}"
        );
        assert!(text.contains("is the server running"), "{text}");
        let scheme = HttpError::Transport {
            host: "127.0.0.1:8443".into(),
            reason: "connection closed before message completed".into(),
        };
        assert!(
            scheme.to_string().contains("http:// to an https server"),
            "{scheme}"
        );
    }
}
