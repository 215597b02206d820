//! The HTTP edge: sends a [`RequestSpec`] with a proof made at the moment of each attempt, follows
//! redirects safely, caps the body size while streaming, and learns the clock skew from `Date`.

mod error;
pub mod pages;
pub mod token;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use url::Url;

use crate::config::HttpSettings;
use crate::core::graph_error::GraphError;
use crate::core::request::{
    BuildError, BuiltRequest, Credentials, Method, RequestSpec, Target, build, encode_body,
    same_origin, strip_credentials,
};
use crate::core::sign::{Clock, Proof, SkewTracker};

pub use error::HttpError;

/// Most redirects followed for one request.
const MAX_REDIRECTS: usize = 10;

/// A received response.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Headers, in order, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body bytes as received.
    pub body: Vec<u8>,
    /// Time from sending to the last byte.
    pub elapsed: Duration,
    /// The proof the (last) request carried.
    pub proof: Option<Proof>,
    /// The clock-skew note, when the skew is significant.
    pub skew_note: Option<String>,
}

impl Response {
    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded Graph error, when the body is one.
    pub fn graph_error(&self) -> Option<GraphError> {
        GraphError::from_body(&self.body)
    }
}

/// The HTTP client: one per process, shared by the CLI and the TUI.
pub struct Client {
    inner: reqwest::Client,
    direct: reqwest::Client,
    clock: Arc<dyn Clock>,
    skew: Mutex<SkewTracker>,
    max_bytes: u64,
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

impl Client {
    /// A client with the given settings, User-Agent and clock.
    pub fn new(
        settings: &HttpSettings,
        user_agent: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, HttpError> {
        let builder = || {
            reqwest::Client::builder()
                .user_agent(user_agent)
                .connect_timeout(Duration::from_secs(settings.connect_timeout_secs.max(1)))
                .timeout(Duration::from_secs(settings.timeout_secs.max(1)))
                .redirect(reqwest::redirect::Policy::none())
                .referer(false)
        };
        let setup = |e: reqwest::Error| HttpError::Setup(error::describe(&e));
        let inner = builder().build().map_err(setup)?;
        // Loopback (the sandbox) never goes through a proxy from the environment.
        let direct = builder().no_proxy().build().map_err(setup)?;
        Ok(Self {
            inner,
            direct,
            clock,
            skew: Mutex::new(SkewTracker::default()),
            max_bytes: settings.max_response_bytes,
        })
    }

    /// The clock-skew tracker's current state.
    pub fn skew(&self) -> SkewTracker {
        self.skew.lock().map(|s| *s).unwrap_or_default()
    }

    /// The time a proof made now would carry (local time corrected for a significant skew).
    pub fn signing_time(&self) -> i64 {
        self.skew().signing_time(self.clock.now())
    }

    /// Sends `spec`, signing each attempt at the moment it goes out. A proof rejected while the
    /// clock is found to be off by more than the threshold is retried once with the corrected time.
    pub async fn send(
        &self,
        spec: &RequestSpec,
        target: &Target,
        creds: &Credentials,
    ) -> Result<Response, HttpError> {
        let skew_before = self.skew();
        let first = self.send_once(spec, target, creds).await?;
        let skew_after = self.skew();
        let proof_rejected = first
            .graph_error()
            .is_some_and(|e| e.code == Some(100) && e.message.contains("appsecret_proof"));
        if proof_rejected && skew_after.is_significant() && skew_after != skew_before {
            return self.send_once(spec, target, creds).await;
        }
        Ok(first)
    }

    async fn send_once(
        &self,
        spec: &RequestSpec,
        target: &Target,
        creds: &Credentials,
    ) -> Result<Response, HttpError> {
        let mut spec = spec.clone();
        let mut credentialed = true;
        let started = Instant::now();
        for _ in 0..=MAX_REDIRECTS {
            let time = self.signing_time();
            // After a redirect to another origin the request goes on without any credential: it is
            // never signed for, nor checked against, the profile's origin.
            let built = if credentialed {
                build(&spec, target, creds, time).map_err(HttpError::Build)?
            } else {
                let url = Url::parse(&spec.path)
                    .map_err(|_| HttpError::Build(BuildError::BadUrl(spec.path.clone())))?;
                BuiltRequest {
                    method: spec.method,
                    url: strip_credentials(&url),
                    bearer: None,
                    headers: spec.headers.clone(),
                    body: encode_body(&spec.body),
                    proof: None,
                }
            };
            let url = built.url.clone();
            tracing::debug!(
                method = %built.method,
                url = %crate::core::request::redacted_url(&url),
                credentialed,
                proof_time = ?built.proof.as_ref().and_then(|p| p.appsecret_time),
                "sending"
            );
            if credentialed && url.scheme() == "http" && !is_loopback(&url) {
                return Err(HttpError::Insecure(
                    url.host_str().unwrap_or_default().to_owned(),
                ));
            }
            let method = reqwest::Method::from_bytes(built.method.as_str().as_bytes())
                .map_err(|_| HttpError::Build(BuildError::BadMethod(built.method.to_string())))?;
            let http = if is_loopback(&url) {
                &self.direct
            } else {
                &self.inner
            };
            let mut req = http.request(method, url.clone());
            if credentialed && let Some(token) = &built.bearer {
                req = req.header(
                    reqwest::header::AUTHORIZATION,
                    format!("Bearer {}", token.expose()),
                );
            }
            for (name, value) in &built.headers {
                let name = reqwest::header::HeaderName::from_bytes(name.trim().as_bytes())
                    .map_err(|_| HttpError::Build(BuildError::BadHeader(name.clone())))?;
                let value = reqwest::header::HeaderValue::from_str(value)
                    .map_err(|_| HttpError::Build(BuildError::BadHeader(name.to_string())))?;
                req = req.header(name, value);
            }
            if let Some((content_type, bytes)) = &built.body {
                req = req
                    .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                    .body(bytes.clone());
            }
            let sent_ms = self.clock.now_millis();
            let resp = req.send().await.map_err(|e| {
                let err = HttpError::from_reqwest(&e, &url);
                tracing::debug!(error = %err, "transport error");
                err
            })?;
            let received_ms = self.clock.now_millis();
            self.observe_date(&resp, sent_ms, received_ms);
            let status = resp.status().as_u16();
            tracing::debug!(
                status,
                ms = started.elapsed().as_millis() as u64,
                "answered"
            );
            if matches!(status, 301 | 302 | 303 | 307 | 308)
                && let Some(next) = redirect_target(&resp, &url)
            {
                if !same_origin(&url, &next) || !matches!(next.scheme(), "http" | "https") {
                    credentialed = false;
                }
                tracing::debug!(
                    to = %crate::core::request::redacted_url(&next),
                    credentialed,
                    "redirect"
                );
                let keep_method = matches!(status, 307 | 308) || (spec.method == Method::Get);
                spec = RequestSpec {
                    method: if keep_method {
                        spec.method
                    } else {
                        Method::Get
                    },
                    path: next.to_string(),
                    path_params: Vec::new(),
                    query: Vec::new(),
                    headers: spec.headers.clone(),
                    body: if keep_method {
                        spec.body.clone()
                    } else {
                        Default::default()
                    },
                };
                continue;
            }
            let headers = resp
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = self.read_body(resp, &url).await?;
            tracing::debug!(
                bytes = body.len(),
                ms = started.elapsed().as_millis() as u64,
                "body read"
            );
            return Ok(Response {
                status,
                headers,
                body,
                elapsed: started.elapsed(),
                proof: built.proof.filter(|_| credentialed),
                skew_note: self.skew().describe(),
            });
        }
        Err(HttpError::TooManyRedirects(MAX_REDIRECTS))
    }

    fn observe_date(&self, resp: &reqwest::Response, sent_ms: i64, received_ms: i64) {
        let headers = resp.headers();
        let Some(date) = headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
        else {
            return;
        };
        let Ok(since) = date.duration_since(std::time::UNIX_EPOCH) else {
            return;
        };
        let server = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
        let cached = headers.contains_key(reqwest::header::AGE);
        if let Ok(mut skew) = self.skew.lock() {
            skew.observe(server, sent_ms, received_ms, cached);
        }
    }

    async fn read_body(
        &self,
        mut resp: reqwest::Response,
        url: &Url,
    ) -> Result<Vec<u8>, HttpError> {
        if resp.content_length().is_some_and(|n| n > self.max_bytes) {
            return Err(HttpError::TooLarge(self.max_bytes));
        }
        let mut body = Vec::with_capacity(
            usize::try_from(resp.content_length().unwrap_or(0).min(self.max_bytes)).unwrap_or(0),
        );
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| HttpError::from_reqwest(&e, url))?
        {
            if (body.len() + chunk.len()) as u64 > self.max_bytes {
                return Err(HttpError::TooLarge(self.max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

fn redirect_target(resp: &reqwest::Response, current: &Url) -> Option<Url> {
    let location = resp
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    current.join(location).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_detection() {
        let u = |s: &str| Url::parse(s).expect("url");
        assert!(is_loopback(&u("http://127.0.0.1:8080/x")));
        assert!(is_loopback(&u("http://localhost/")));
        assert!(is_loopback(&u("http://[::1]:1/")));
        assert!(!is_loopback(&u("http://graph.facebook.com/")));
    }
}
