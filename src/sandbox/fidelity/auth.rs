//! Auth details and the shape of errors: `/me` with no token, `WWW-Authenticate`, unknown
//! versions, an unknown edge on an unknown id, `is_transient` and `error_user_*`, and
//! `x-fb-trace-id` on every answer.

use crate::core::request::Method;
use crate::sandbox::engine::{Options, SReq, SResp};
use crate::sandbox::graph::tests::{NOW, call, engine, error_of};

use super::engine_with;

fn header<'a>(r: &'a SResp, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn bare(path: &str, headers: Vec<(String, String)>) -> SReq {
    SReq {
        method: Method::Get,
        path: path.into(),
        headers,
        ..SReq::default()
    }
}

#[test]
fn me_without_a_token_is_2500_and_says_why() {
    let mut e = engine();
    let r = e.handle(&bare("/me", vec![]), NOW);
    assert_eq!(
        error_of(&r),
        (
            400,
            2500,
            "An active access token must be used to query information about the current user."
                .into()
        )
    );
    assert_eq!(r.body["error"]["type"], "OAuthException");
    let other = e.handle(&bare("/community", vec![]), NOW);
    assert_eq!(error_of(&other).1, 104, "other paths keep 104");
}

#[test]
fn www_authenticate_says_invalid_request_or_invalid_token() {
    let mut e = engine();
    let missing = e.handle(&bare("/community", vec![]), NOW);
    let h = header(&missing, "www-authenticate").expect("header");
    assert!(
        h.starts_with("OAuth \"Facebook Platform\" \"invalid_request\""),
        "{h}"
    );
    let bad = e.handle(
        &bare(
            "/community",
            vec![("authorization".into(), "Bearer not-a-real-token".into())],
        ),
        NOW,
    );
    let h = header(&bad, "www-authenticate").expect("header");
    assert!(
        h.starts_with("OAuth \"Facebook Platform\" \"invalid_token\""),
        "{h}"
    );
}

#[test]
fn unknown_versions_and_unknown_edges_are_2500() {
    let mut e = engine();
    for path in ["/v19.7/me", "/v99.0/me"] {
        let r = call(&mut e, "all", Method::Get, path, &[]);
        assert_eq!(
            error_of(&r),
            (400, 2500, "Unknown path components: /me".into()),
            "{path}"
        );
    }
    let r = call(&mut e, "all", Method::Get, "/v2.9/me", &[]);
    assert_eq!(r.status, 200, "a Workplace-era version still answers");
    let r = call(&mut e, "all", Method::Get, "/999999999/no_such_edge", &[]);
    assert_eq!(
        error_of(&r),
        (400, 2500, "Unknown path components: /no_such_edge".into())
    );
    let r = call(&mut e, "all", Method::Get, "/999999999/feed", &[]);
    assert_eq!(
        r.body["error"]["error_subcode"], 33,
        "a known edge on an unknown id"
    );
}

#[test]
fn transient_and_permission_errors_carry_is_transient_and_user_texts() {
    let mut e = engine_with(Options {
        error_rate: 1.0,
        ..Options::default()
    });
    let r = call(&mut e, "all", Method::Get, "/community", &[]);
    let err = &r.body["error"];
    assert_eq!(err["is_transient"], true, "{}", r.body);
    assert!(err["error_user_title"].is_string() && err["error_user_msg"].is_string());
    let mut e = engine();
    let r = call(&mut e, "bot", Method::Get, "/community/groups", &[]);
    let err = &r.body["error"];
    assert_eq!(err["is_transient"], false);
    assert!(
        err["error_user_msg"]
            .as_str()
            .expect("present")
            .contains("read_group")
    );
    let r = call(&mut e, "all", Method::Get, "/no_such_alias", &[]);
    assert!(
        r.body["error"].get("error_user_msg").is_none(),
        "not on every error"
    );
}

#[test]
fn every_answer_has_a_trace_id() {
    let mut e = engine();
    let ok = call(&mut e, "all", Method::Get, "/community", &[]);
    let err = call(&mut e, "all", Method::Get, "/no_such_alias", &[]);
    let scim = call(&mut e, "all", Method::Get, "/scim/v2/Users", &[]);
    let scim_err = call(&mut e, "all", Method::Get, "/scim/v2/Users/0", &[]);
    let token = e.handle(&bare("/debug_token", vec![]), NOW);
    for r in [&ok, &err, &scim, &scim_err, &token] {
        let t = header(r, "x-fb-trace-id").unwrap_or_default();
        assert!(!t.is_empty(), "{} {}", r.status, r.body);
    }
    assert_ne!(header(&ok, "x-fb-trace-id"), header(&err, "x-fb-trace-id"));
    assert_eq!(
        header(&err, "x-fb-trace-id"),
        err.body["error"]["fbtrace_id"].as_str(),
        "the header and the body name the same trace"
    );
}
