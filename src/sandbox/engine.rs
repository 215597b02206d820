//! The sandbox engine: state, request and response types, authentication and proof checks, and the
//! common headers. Pure request-in, response-out: the HTTP server is a thin layer over it.

use serde_json::Value;

use super::apps::{App, demo_apps};
use super::errors::GraphErr;
use super::seed::{self, SeedIds};
use super::world::{Kind, Node, World};
use crate::core::catalogue::Catalogue;
use crate::core::request::Method;
use crate::core::sign::hmac_sha256_hex;

/// A request as the engine sees it.
#[derive(Debug, Clone, Default)]
pub struct SReq {
    /// HTTP method.
    pub method: Method,
    /// Percent-decoded path.
    pub path: String,
    /// Query parameters in order.
    pub query: Vec<(String, String)>,
    /// Form body parameters.
    pub form: Vec<(String, String)>,
    /// A JSON body.
    pub json: Option<Value>,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// Files of a `multipart/form-data` body (its other parts are in `form`).
    pub files: Vec<Upload>,
}

/// One uploaded file of a multipart body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upload {
    /// The form field (`source`, `file`).
    pub field: String,
    /// The file name the client gave.
    pub filename: String,
    /// Its content type.
    pub content_type: String,
    /// Its size in bytes.
    pub size: usize,
}

impl SReq {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The access token a request carries: `Authorization: Bearer …` (or `OAuth …`), else an
    /// `access_token` among `params`.
    pub fn token<'a>(&'a self, params: &'a [(String, String)]) -> Option<&'a str> {
        self.header("authorization")
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("OAuth "))
            })
            .map(str::trim)
            .or_else(|| param(params, "access_token"))
            .filter(|t| !t.is_empty())
    }

    /// Query, form and JSON-body parameters together, as Graph reads them (JSON values that are not
    /// strings are passed as their JSON text).
    pub fn params(&self) -> Vec<(String, String)> {
        let mut out = self.query.clone();
        out.extend(self.form.iter().cloned());
        if let Some(Value::Object(m)) = &self.json {
            for (k, v) in m {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.push((k.clone(), text));
            }
        }
        out
    }

    /// Graph's method override: `method=post` or `method=delete` in the query of a GET, or in the
    /// query or form body of a POST, makes the call that write (the parameter is consumed). This is
    /// how a signed URL pasted into a browser or curl can create or delete.
    pub fn apply_method_override(&mut self) {
        if !matches!(self.method, Method::Get | Method::Post) {
            return;
        }
        let wanted = |v: &str| match v.to_ascii_lowercase().as_str() {
            "post" => Some(Method::Post),
            "delete" => Some(Method::Delete),
            "get" => Some(Method::Get),
            _ => None,
        };
        let from_query = self.query.iter().position(|(k, _)| k == "method");
        let from_form = (self.method == Method::Post)
            .then(|| self.form.iter().position(|(k, _)| k == "method"))
            .flatten();
        let taken = match (from_query, from_form) {
            (Some(i), _) => wanted(&self.query[i].1).map(|m| (m, self.query.remove(i))),
            (None, Some(i)) => wanted(&self.form[i].1).map(|m| (m, self.form.remove(i))),
            (None, None) => None,
        };
        if let Some((m, _)) = taken {
            self.method = m;
        }
        // One override per request: any other `method=` is dropped, so applying this again
        // (the server does, for the subscriptions edge) changes nothing.
        self.query.retain(|(k, _)| k != "method");
        self.form.retain(|(k, _)| k != "method");
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct SResp {
    /// HTTP status.
    pub status: u16,
    /// Headers to add.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Value,
}

/// Fault injection and other knobs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Milliseconds added before each answer.
    pub latency_ms: u64,
    /// Fraction (0–1) of Graph calls that fail with a transient error.
    pub error_rate: f64,
    /// Seconds added to the sandbox's clock (its `Date` header and its proof window).
    pub clock_offset_secs: i64,
    /// Calls each app may make per window (default [`super::limits::DEFAULT_LIMIT`]).
    pub rate_limit: Option<u32>,
    /// The rate-limit window in seconds (default [`super::limits::DEFAULT_WINDOW`]).
    pub rate_window_secs: Option<u64>,
    /// The code a throttled call answers: 4 (default), 613 or 80004.
    pub rate_code: Option<i64>,
    /// Add a group with this many members, each with a post in its feed (for paging through
    /// thousands of items).
    pub large_group: Option<usize>,
}

/// The sandbox's state.
pub struct Engine {
    /// The community.
    pub world: World,
    /// The demo integrations.
    pub apps: Vec<App>,
    /// The catalogue it serves.
    pub catalogue: Catalogue,
    /// Ids of note in the seed.
    pub seed: SeedIds,
    /// Its base URL (for paging links).
    pub base_url: String,
    /// Knobs.
    pub options: Options,
    /// Recent calls per app, for the rate limit.
    pub limits: super::limits::Limits,
    /// Apps' webhook subscriptions (`/{app-id}/subscriptions`).
    pub subscriptions: Vec<super::hooks::Subscription>,
    /// Events made by writes, not yet delivered.
    pub outbox: Vec<super::hooks::Event>,
    calls: u64,
    rng: u64,
}

/// Looks up a parameter.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

impl Engine {
    /// A fresh engine with the seeded community.
    pub fn new(base_url: &str, options: Options) -> Result<Self, String> {
        let catalogue = Catalogue::builtin().map_err(|e| e.to_string())?;
        let (mut world, mut seed) = seed::build()?;
        if let Some(n) = options.large_group.filter(|n| *n > 0) {
            seed.large_group = Some(seed::large_group(&mut world, n));
        }
        let apps = demo_apps(&catalogue, &seed.groups);
        for app in &apps {
            let mut bot = Node::new(&app.bot_id, Kind::Bot, 0);
            bot.set("name", app.name.clone())
                .set("category", "Workplace Integration");
            world.insert(bot);
        }
        Ok(Self {
            world,
            apps,
            catalogue,
            seed,
            base_url: base_url.trim_end_matches('/').to_owned(),
            options,
            limits: super::limits::Limits::default(),
            subscriptions: Vec::new(),
            outbox: Vec::new(),
            calls: 0,
            rng: 0x5A5A_1234,
        })
    }

    /// A short trace id for an error body.
    pub fn trace(&mut self) -> String {
        self.calls += 1;
        format!(
            "AWpx{:07X}",
            self.calls.wrapping_mul(2_654_435_761) % 0xFFF_FFFF
        )
    }

    /// True when this call should fail on purpose (the error-rate knob).
    pub fn inject_failure(&mut self) -> bool {
        if self.options.error_rate <= 0.0 {
            return false;
        }
        self.rng = self
            .rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let unit = (self.rng >> 11) as f64 / (1u64 << 53) as f64;
        unit < self.options.error_rate
    }

    /// Headers every answer carries.
    pub fn common_headers(&mut self, now: i64) -> Vec<(String, String)> {
        self.calls += 1;
        let date = httpdate::fmt_http_date(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(now).unwrap_or(0)),
        );
        vec![
            ("date".into(), date),
            ("x-fb-rev".into(), "1009999999".into()),
        ]
    }

    /// Finds the calling app from the token and checks its proof.
    pub fn authenticate(
        &self,
        req: &SReq,
        params: &[(String, String)],
        now: i64,
    ) -> Result<App, GraphErr> {
        let Some(token) = req.token(params) else {
            return Err(GraphErr::no_token());
        };
        let app = self
            .apps
            .iter()
            .find(|a| a.access_token == token)
            .ok_or_else(GraphErr::invalid_token)?;
        if app.lifetime == super::apps::Lifetime::Expired {
            let (_, expired, _) = super::apps::times(app, now);
            return Err(GraphErr::session_expired(expired, now));
        }
        match param(params, "appsecret_proof") {
            None if app.require_proof => Err(GraphErr::proof_required()),
            None => Ok(app.clone()),
            Some(proof) => {
                let expected = match param(params, "appsecret_time") {
                    Some(t) => {
                        let t: i64 = t.trim().parse().map_err(|_| GraphErr::proof_invalid())?;
                        if (now - t).abs() > 300 {
                            return Err(GraphErr::proof_invalid());
                        }
                        hmac_sha256_hex(
                            app.app_secret.as_bytes(),
                            format!("{token}|{t}").as_bytes(),
                        )
                    }
                    None => hmac_sha256_hex(app.app_secret.as_bytes(), token.as_bytes()),
                };
                if expected.eq_ignore_ascii_case(proof.trim()) {
                    Ok(app.clone())
                } else {
                    Err(GraphErr::proof_invalid())
                }
            }
        }
    }
}

/// The unix time of the sandbox's clock.
pub fn sandbox_now(offset: i64) -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    secs + offset
}

#[cfg(test)]
mod override_tests {
    use super::*;

    fn req(method: Method, query: &[(&str, &str)], form: &[(&str, &str)]) -> SReq {
        let pairs = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        SReq {
            method,
            query: pairs(query),
            form: pairs(form),
            ..SReq::default()
        }
    }

    #[test]
    fn method_in_the_query_or_a_post_body_overrides() {
        let mut r = req(Method::Get, &[("method", "post"), ("message", "hi")], &[]);
        r.apply_method_override();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.query, [("message".to_owned(), "hi".to_owned())]);
        let mut r = req(Method::Post, &[], &[("method", "DELETE")]);
        r.apply_method_override();
        assert_eq!(r.method, Method::Delete);
        assert!(r.form.is_empty());
        let mut r = req(Method::Get, &[("method", "patch")], &[]);
        r.apply_method_override();
        assert_eq!(r.method, Method::Get, "only post, delete and get override");
        let mut r = req(Method::Delete, &[("method", "post")], &[]);
        r.apply_method_override();
        assert_eq!(r.method, Method::Delete, "only on GET and POST");
    }
}
