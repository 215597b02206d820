//! Turning a request (method, path, params, body) and a target into the exact URL, headers and body
//! to send, with a proof made for the moment of sending. Pure: no IO, no clock.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use url::Url;

use super::secret::Secret;
use super::sign::{Proof, ProofMode, make_proof};

pub use super::signed_url::signed_url;
/// The query parameters wpx owns: they are removed from user input and added back by signing.
pub const RESERVED_PARAMS: [&str; 3] = ["access_token", "appsecret_proof", "appsecret_time"];

/// Parameters whose values are credentials, never stored or shown: the reserved ones, and those
/// of the token endpoints (`debug_token`'s `input_token`, the exchange's `client_secret` and
/// `fb_exchange_token`).
pub const CREDENTIAL_PARAMS: [&str; 6] = [
    "access_token",
    "appsecret_proof",
    "appsecret_time",
    "input_token",
    "client_secret",
    "fb_exchange_token",
];

/// Errors building a request. Messages say what to do.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BuildError {
    /// A `{param}` in the path template has no value.
    #[error("the path needs a value for {{{0}}}: add {0}=VALUE")]
    MissingPathParam(String),
    /// A `{{variable}}` was left in the path.
    #[error(
        "the variable {{{{{0}}}}} has no value: set it in an environment, the collection's [variables] or the profile's variables"
    )]
    UnresolvedVar(String),
    /// The base URL or an absolute URL does not parse.
    #[error("'{0}' is not a valid URL: use a path like /community/groups or a full https:// URL")]
    BadUrl(String),
    /// A URL whose scheme is not http or https (`ftp:`, `javascript:`, `file:` …).
    #[error("'{0}:' URLs are never sent: use a path like /me or an https:// URL")]
    BadScheme(String),
    /// An absolute URL on another origin than the profile's: the credentials would go to a stranger.
    #[error(
        "refusing to send the credentials of {profile} to {host}: it is not the profile's origin \
         ({origin}); if you trust it, add \"{host}\" to allowed_hosts of the profile in config.toml"
    )]
    ForeignOrigin {
        /// The other host (with its port when it has one).
        host: String,
        /// The profile, as shown to the user.
        profile: String,
        /// The profile's origin.
        origin: String,
    },
    /// A header name or value that HTTP does not allow.
    #[error(
        "the header '{0}' cannot be sent: a name is letters, digits and - only, and a value has no line breaks"
    )]
    BadHeader(String),
    /// An HTTP method wpx does not know.
    #[error("unknown HTTP method '{0}': use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS")]
    BadMethod(String),
    /// A request whose body a URL cannot carry (raw text, a JSON body that is not an object, a
    /// method Graph's `method=` does not take).
    #[error("{0}: copy the curl command instead (Y), which sends the body as it is")]
    NotAUrl(String),
}

/// An HTTP method the Graph and SCIM APIs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// Read.
    #[default]
    Get,
    /// Create or update.
    Post,
    /// Remove.
    Delete,
    /// Replace (SCIM).
    Put,
    /// Partial update (SCIM).
    Patch,
    /// Headers only.
    Head,
    /// What the server allows.
    Options,
}

impl Method {
    /// Every method, in the order the editor offers them.
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ];

    /// Whether a request with this method usually carries a body.
    pub fn takes_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

impl Method {
    /// The upper-case name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = BuildError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Ok(Self::Get),
            "POST" => Ok(Self::Post),
            "DELETE" => Ok(Self::Delete),
            "PUT" => Ok(Self::Put),
            "PATCH" => Ok(Self::Patch),
            "HEAD" => Ok(Self::Head),
            "OPTIONS" => Ok(Self::Options),
            _ => Err(BuildError::BadMethod(s.to_owned())),
        }
    }
}

/// Where the access token travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenIn {
    /// `Authorization: Bearer` (default: keeps the token out of URLs, logs and Referer headers).
    #[default]
    Header,
    /// `access_token` in the query string.
    Query,
}

impl fmt::Display for TokenIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Header => "header",
            Self::Query => "query",
        })
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Body {
    /// No body.
    #[default]
    None,
    /// JSON text, sent as `application/json` exactly as given.
    Json(String),
    /// Form fields, sent as `application/x-www-form-urlencoded`.
    Form(Vec<(String, String)>),
    /// Text sent as it is, with its content type.
    Raw {
        /// The `Content-Type`.
        content_type: String,
        /// The text.
        text: String,
    },
}

/// What the user asked for, before signing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestSpec {
    /// HTTP method.
    pub method: Method,
    /// A path template (`/{group-id}/feed`) or an absolute URL (a `paging.next` link).
    pub path: String,
    /// Values for `{params}` in the path.
    pub path_params: Vec<(String, String)>,
    /// Query parameters, in order.
    pub query: Vec<(String, String)>,
    /// Extra headers, in order (never `Authorization`: wpx sets it).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

impl RequestSpec {
    /// A GET of `path` with no parameters.
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            ..Self::default()
        }
    }

    /// Splits `key=value` items: a key naming a `{param}` of the path fills it, the rest become query
    /// parameters in order.
    pub fn with_items(mut self, items: impl IntoIterator<Item = (String, String)>) -> Self {
        let names = path_param_names(&self.path);
        for (k, v) in items {
            if names.iter().any(|n| n == &k) {
                self.path_params.push((k, v));
            } else {
                self.query.push((k, v));
            }
        }
        self
    }
}

/// The non-secret part of a profile that decides where and how a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `https://graph.facebook.com`, `https://graph.workplace.com`, a sandbox URL…
    pub base_url: Url,
    /// `v19.0`, or none for unversioned paths.
    pub graph_version: Option<String>,
    /// Which proof to send.
    pub proof: ProofMode,
    /// Where the token goes.
    pub token_in: TokenIn,
    /// Other hosts (`host`, `host:port` or `https://host[:port]`) that may receive the credentials.
    pub allowed_hosts: Vec<String>,
    /// The profile's name as shown in messages ("profile 'work'", "the sandbox").
    pub profile: String,
}

/// True when `a` and `b` have the same scheme, host and port.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

fn host_port(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    }
}

fn allowed_by(entry: &str, url: &Url) -> bool {
    let entry = entry.trim();
    if entry.contains("://") {
        return Url::parse(entry).is_ok_and(|e| same_origin(&e, url));
    }
    let host = url.host_str().unwrap_or_default();
    match entry.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            h.eq_ignore_ascii_case(host) && port.parse::<u16>().ok() == url.port_or_known_default()
        }
        _ => entry.eq_ignore_ascii_case(host),
    }
}

/// Checks that `url` may carry the target's credentials: http(s) only, and the profile's origin or
/// one of its `allowed_hosts`. Every URL from a response, a paste, a saved request or the command
/// line goes through here before it is signed.
pub fn check_origin(url: &Url, target: &Target) -> Result<(), BuildError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(BuildError::BadScheme(url.scheme().to_owned()));
    }
    if same_origin(url, &target.base_url) || target.allowed_hosts.iter().any(|e| allowed_by(e, url))
    {
        return Ok(());
    }
    Err(BuildError::ForeignOrigin {
        host: host_port(url),
        profile: target.profile.clone(),
        origin: target.base_url.origin().ascii_serialization(),
    })
}

/// The absolute URL `path` names, when it is one (`https://…`, but also `ftp:…`, `javascript:…`):
/// a scheme before the first `/`, `?` or `#`.
fn absolute_url(path: &str) -> Option<Result<Url, BuildError>> {
    let head = path.split(['/', '?', '#']).next().unwrap_or_default();
    if !head.contains(':') {
        return None;
    }
    match Url::parse(path) {
        Ok(u) => Some(Ok(u)),
        Err(url::ParseError::RelativeUrlWithoutBase) => None,
        Err(_) if head.starts_with("http:") || head.starts_with("https:") => {
            Some(Err(BuildError::BadUrl(path.to_owned())))
        }
        Err(_) => None,
    }
}

/// The secrets of a profile.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The integration's access token.
    pub access_token: Secret,
    /// The app secret, needed unless the proof mode is `off`.
    pub app_secret: Option<Secret>,
}

/// An app's id and secret, for the app token and the client-credentials flow.
#[derive(Clone)]
pub struct AppLogin {
    /// The app id.
    pub app_id: String,
    /// The app secret.
    pub app_secret: Secret,
}

impl AppLogin {
    /// The app token `app_id|app_secret`.
    pub fn app_token(&self) -> Secret {
        Secret::new(format!("{}|{}", self.app_id, self.app_secret.expose()))
    }
}

impl Credentials {
    /// The secret values, for scrubbing them out of anything shown or stored.
    pub fn secrets(&self) -> Vec<&Secret> {
        std::iter::once(&self.access_token)
            .chain(self.app_secret.as_ref())
            .collect()
    }
}

/// A request ready for the wire.
#[derive(Debug, Clone)]
pub struct BuiltRequest {
    /// Method.
    pub method: Method,
    /// Full URL with the proof (and the token when `token_in = "query"`).
    pub url: Url,
    /// `Authorization: Bearer …` when the token goes in the header.
    pub bearer: Option<Secret>,
    /// Extra headers of the request, in order.
    pub headers: Vec<(String, String)>,
    /// Content type and bytes of the body.
    pub body: Option<(String, Vec<u8>)>,
    /// The proof carried, with its time.
    pub proof: Option<Proof>,
}

/// Names of the `{params}` in a path template, in order (see [`super::template`]).
pub fn path_param_names(path: &str) -> Vec<String> {
    super::template::param_names(path)
}

/// Characters left as they are in query values: unreserved ones plus a few that keep Graph field
/// lists and e-mail addresses readable (`fields=id,name`, `a@b.com`, `limit(5)`).
fn keep_in_query(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~,():@/".contains(&b)
}

/// Percent-encodes one query key or value (UTF-8, `%XX`; space is `%20`).
pub fn encode_query_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if keep_in_query(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn encode_path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@!$&'()*+,;=:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Encodes a list of pairs as a query string.
pub fn encode_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                encode_query_component(k),
                encode_query_component(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn is_version_segment(seg: &str) -> bool {
    let Some(rest) = seg.strip_prefix('v') else {
        return false;
    };
    let mut parts = rest.split('.');
    let major = parts.next().unwrap_or_default();
    let minor = parts.next();
    !major.is_empty()
        && major.bytes().all(|b| b.is_ascii_digit())
        && minor.is_some_and(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

fn fill_path(spec: &RequestSpec) -> Result<String, BuildError> {
    let value = |name: &str| {
        spec.path_params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    super::template::fill_params(&spec.path, &value, &encode_path_segment).map_err(|e| match e {
        super::template::Unfilled::Param(n) => BuildError::MissingPathParam(n),
        super::template::Unfilled::Var(n) => BuildError::UnresolvedVar(n),
    })
}

/// The URL of `spec` on `target`, with the user's query parameters but nothing signed yet.
/// Returns the URL without a query and the ordered query pairs (reserved names removed).
pub fn resolve(
    spec: &RequestSpec,
    target: &Target,
) -> Result<(Url, Vec<(String, String)>), BuildError> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut url = if let Some(url) = absolute_url(&spec.path) {
        let url = url?;
        check_origin(&url, target)?;
        pairs.extend(
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
        url
    } else {
        let path = fill_path(spec)?;
        let path = path.trim_start_matches('/');
        let first = path.split('/').next().unwrap_or_default();
        let versioned = match &target.graph_version {
            Some(v) if !v.is_empty() && !is_version_segment(first) => format!("{v}/{path}"),
            _ => path.to_owned(),
        };
        let (path_part, inline_query) = match versioned.split_once('?') {
            Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
            None => (versioned, None),
        };
        let mut url = target.base_url.clone();
        let base_path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base_path}/{path_part}"));
        if let Some(q) = inline_query {
            pairs.extend(
                url::form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned())),
            );
        }
        url
    };
    url.set_query(None);
    url.set_fragment(None);
    pairs.extend(spec.query.iter().cloned());
    pairs.retain(|(k, _)| !RESERVED_PARAMS.contains(&k.as_str()));
    Ok((url, pairs))
}

pub(super) fn finish_url(mut url: Url, pairs: &[(String, String)]) -> Url {
    if pairs.is_empty() {
        url.set_query(None);
    } else {
        url.set_query(Some(&encode_query(pairs)));
    }
    url
}

pub(super) fn signing_pairs(
    pairs: &mut Vec<(String, String)>,
    creds: &Credentials,
    proof: Option<&Proof>,
    token_in_query: bool,
) {
    if token_in_query {
        pairs.push((
            "access_token".into(),
            creds.access_token.expose().to_owned(),
        ));
    }
    if let Some(p) = proof {
        pairs.push(("appsecret_proof".into(), p.appsecret_proof.clone()));
        if let Some(t) = p.appsecret_time {
            pairs.push(("appsecret_time".into(), t.to_string()));
        }
    }
}

/// Builds the request to send at `time` (the proof is computed here, for this attempt only).
pub fn build(
    spec: &RequestSpec,
    target: &Target,
    creds: &Credentials,
    time: i64,
) -> Result<BuiltRequest, BuildError> {
    let (url, mut pairs) = resolve(spec, target)?;
    let proof = make_proof(
        target.proof,
        &creds.access_token,
        creds.app_secret.as_ref(),
        time,
    );
    let in_query = target.token_in == TokenIn::Query;
    signing_pairs(&mut pairs, creds, proof.as_ref(), in_query);
    Ok(BuiltRequest {
        method: spec.method,
        url: finish_url(url, &pairs),
        bearer: (!in_query).then(|| creds.access_token.clone()),
        headers: spec.headers.clone(),
        body: encode_body(&spec.body),
        proof,
    })
}

/// The content type and bytes of a body.
pub fn encode_body(body: &Body) -> Option<(String, Vec<u8>)> {
    match body {
        Body::None => None,
        Body::Json(text) => Some(("application/json".into(), text.clone().into_bytes())),
        Body::Form(fields) => Some((
            "application/x-www-form-urlencoded".into(),
            encode_query(fields).into_bytes(),
        )),
        Body::Raw { content_type, text } => Some((content_type.clone(), text.clone().into_bytes())),
    }
}

/// Removes the token, proof and time from a URL (for a redirect to another origin, or for display).
pub fn strip_credentials(url: &Url) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !RESERVED_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    finish_url(url.clone(), &pairs)
}

/// The URL with any token and proof replaced by a marker (and no `user:pass@`), safe to print in
/// an error or a log.
pub fn redacted_url(url: &Url) -> String {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    for (k, v) in &mut pairs {
        if CREDENTIAL_PARAMS.contains(&k.as_str()) && k != "appsecret_time" {
            *v = "[redacted]".into();
        }
    }
    let mut clean = url.clone();
    let _ = clean.set_password(None);
    let _ = clean.set_username("");
    finish_url(clean, &pairs).to_string()
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
