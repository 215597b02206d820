//! Tests of the sandbox against Graph's documented behaviour, one module per area: batches,
//! paging links, request modifiers, created objects, permissions, auth, summaries, groups,
//! uploads and errors. Written from the documentation (`reference/workplace-api.md`, Graph's
//! guides), not from the implementation.

mod auth;
mod batch;
mod modifiers;
mod objects;
mod permissions;
mod reading;
mod scim;
mod writing;

use serde_json::Value;

use crate::core::request::Method;
use crate::sandbox::engine::{Engine, Options, SReq, SResp};
use crate::sandbox::graph::tests::{NOW, app_creds, proof_params};

/// A request from app `key` with the token and a timed proof in the **query**, as Meta's scripts
/// send them.
pub(super) fn in_query(
    e: &mut Engine,
    key: &str,
    method: Method,
    path: &str,
    params: &[(&str, &str)],
) -> SResp {
    let (token, secret) = app_creds(e, key);
    let mut query: Vec<(String, String)> = vec![("access_token".into(), token.clone())];
    query.extend(
        params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    query.extend(proof_params(&token, &secret, NOW));
    e.handle(
        &SReq {
            method,
            path: path.to_owned(),
            query,
            ..SReq::default()
        },
        NOW,
    )
}

/// Follows a full URL (as found in `paging.next`) verbatim: its query is all the request has.
pub(super) fn follow(e: &mut Engine, url: &str) -> SResp {
    let parsed = url::Url::parse(url).expect("a full URL");
    e.handle(
        &SReq {
            method: Method::Get,
            path: parsed.path().to_owned(),
            query: parsed
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            ..SReq::default()
        },
        NOW,
    )
}

/// A sandbox with options.
pub(super) fn engine_with(options: Options) -> Engine {
    Engine::new("http://sandbox.test", options).expect("engine")
}

/// A batch result's body, parsed.
pub(super) fn item_body(item: &Value) -> Value {
    serde_json::from_str(item["body"].as_str().expect("a string body")).expect("JSON")
}
