//! The support bundle: what Meta support or a bug report needs about one call — method, path,
//! parameters, status, trace ids, the version that answered, time and wpx's version — and never
//! the token, the proof, its time or the app secret.

use super::graph_error::GraphError;
use super::request::{CREDENTIAL_PARAMS, RequestSpec, Target};
use super::secret::Secret;
use super::text::{Keep, scrub, terminal_safe};

/// Response headers that identify a call for Meta support.
const HEADERS: [&str; 7] = [
    "x-fb-trace-id",
    "x-fb-debug",
    "x-fb-rev",
    "facebook-api-version",
    "x-app-usage",
    "x-business-use-case-usage",
    "x-ad-account-usage",
];

/// Parameters never put in a bundle, whatever their value.
fn is_credential(name: &str) -> bool {
    CREDENTIAL_PARAMS.contains(&name)
}

/// What the bundle is made from.
pub struct Call<'a> {
    /// The request.
    pub spec: &'a RequestSpec,
    /// Where it went.
    pub target: &'a Target,
    /// The status, when an answer came.
    pub status: Option<u16>,
    /// The answer's headers.
    pub headers: &'a [(String, String)],
    /// The Graph error, when the answer was one.
    pub error: Option<&'a GraphError>,
    /// Why nothing came back, when nothing did.
    pub failure: Option<&'a str>,
    /// When it was sent (unix seconds).
    pub time: i64,
}

/// The bundle as text, every secret scrubbed and every server value made terminal-safe.
pub fn bundle(call: &Call<'_>, secrets: &[&Secret]) -> String {
    // Secret values scrubbed, credential parameters and URL passwords redacted by shape (a typed
    // path may carry them), terminal-safe.
    let clean = |s: &str| {
        terminal_safe(&super::redact::redact(&scrub(s, secrets)), Keep::Nothing).into_owned()
    };
    let mut out = vec![format!("wpx {} support bundle", env!("CARGO_PKG_VERSION"))];
    let mut line = |k: &str, v: String| out.push(format!("{k:<22}{v}"));
    line("time", super::timefmt::graph_time(call.time));
    line(
        "request",
        format!("{} {}", call.spec.method, clean(&call.spec.path)),
    );
    line(
        "host",
        clean(call.target.base_url.as_str().trim_end_matches('/')),
    );
    if let Some(v) = &call.target.graph_version {
        line("graph_version", clean(v));
    }
    line("proof", format!("{} (value left out)", call.target.proof));
    for (k, v) in &call.spec.path_params {
        line(&format!("path {k}"), clean(v));
    }
    for (k, v) in &call.spec.query {
        let v = if is_credential(k) {
            "[left out]".to_owned()
        } else {
            clean(v)
        };
        line(&format!("param {}", clean(k)), v);
    }
    match call.status {
        Some(s) => line("status", s.to_string()),
        None => line("status", "no answer".to_owned()),
    }
    if let Some(f) = call.failure {
        line("failure", clean(f));
    }
    for name in HEADERS {
        if let Some((_, v)) = call
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            line(name, clean(v));
        }
    }
    if let Some(e) = call.error {
        line("error", clean(&e.message));
        let mut facts = Vec::new();
        if let Some(k) = &e.kind {
            facts.push(format!("type {}", clean(k)));
        }
        if let Some(c) = e.code {
            facts.push(format!("code {c}"));
        }
        if let Some(s) = e.error_subcode {
            facts.push(format!("subcode {s}"));
        }
        if let Some(t) = e.is_transient {
            facts.push(format!("is_transient {t}"));
        }
        if !facts.is_empty() {
            line("", facts.join(", "));
        }
        if let Some(t) = &e.fbtrace_id {
            line("fbtrace_id", clean(t));
        }
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::request::{Method, TokenIn};
    use crate::core::sign::ProofMode;

    #[test]
    fn the_bundle_names_the_call_and_leaves_every_secret_out() {
        let token = Secret::new("SENTINEL-TOKEN-fake-0001");
        let secret = Secret::new("SENTINEL-SECRET-fake-0002");
        let spec = RequestSpec {
            method: Method::Get,
            query: vec![
                ("fields".into(), "id,name".into()),
                ("access_token".into(), "whatever".into()),
                ("note".into(), "echo SENTINEL-TOKEN-fake-0001".into()),
            ],
            ..RequestSpec::get("/me")
        };
        let target = Target {
            base_url: url::Url::parse("https://graph.facebook.com").expect("url"),
            graph_version: Some("v25.0".into()),
            proof: ProofMode::Timed,
            token_in: TokenIn::Header,
            allowed_hosts: Vec::new(),
            profile: "p".into(),
        };
        let headers = vec![
            ("x-fb-trace-id".to_owned(), "AbCdEf".to_owned()),
            ("facebook-api-version".to_owned(), "v25.0".to_owned()),
            ("x-fb-debug".to_owned(), "dbg==".to_owned()),
        ];
        let error = GraphError::from_body(
            br#"{"error":{"message":"bad SENTINEL-SECRET-fake-0002","code":190,"error_subcode":463,"fbtrace_id":"AbCdEf"}}"#,
        )
        .expect("error");
        let text = bundle(
            &Call {
                spec: &spec,
                target: &target,
                status: Some(400),
                headers: &headers,
                error: Some(&error),
                failure: None,
                time: 1_796_126_400,
            },
            &[&token, &secret],
        );
        for want in [
            "GET /me",
            "param fields",
            "id,name",
            "status                400",
            "x-fb-trace-id",
            "AbCdEf",
            "x-fb-debug",
            "facebook-api-version  v25.0",
            "code 190, subcode 463",
            "2026-12-01T12:00:00+0000",
        ] {
            assert!(text.contains(want), "{want} in\n{text}");
        }
        assert!(!text.contains("SENTINEL"), "{text}");
        assert!(!text.contains("whatever"), "{text}");
    }

    #[test]
    fn credentials_typed_into_a_path_are_left_out_by_their_shape() {
        let spec = RequestSpec::get(
            "https://u:pw-fake@graph.facebook.com/debug_token?input_token=typed-fake-1&fb_exchange_token=typed-fake-2",
        );
        let target = Target {
            base_url: url::Url::parse("https://graph.facebook.com").expect("url"),
            graph_version: None,
            proof: crate::core::sign::ProofMode::Off,
            token_in: crate::core::request::TokenIn::Header,
            allowed_hosts: Vec::new(),
            profile: "p".into(),
        };
        let text = bundle(
            &Call {
                spec: &spec,
                target: &target,
                status: None,
                headers: &[],
                error: None,
                failure: Some("connection refused"),
                time: 0,
            },
            &[],
        );
        for leak in ["typed-fake-1", "typed-fake-2", "pw-fake"] {
            assert!(!text.contains(leak), "{leak} in\n{text}");
        }
        assert!(text.contains("status                no answer"), "{text}");
    }
}
