use super::*;
use crate::core::sign::{classic_proof, timed_proof};

fn target(base: &str) -> Target {
    Target {
        base_url: Url::parse(base).expect("test base url"),
        graph_version: None,
        proof: ProofMode::Timed,
        token_in: TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "profile 'test'".into(),
    }
}

fn creds() -> Credentials {
    Credentials {
        access_token: Secret::new("tok"),
        app_secret: Some(Secret::new("sec")),
    }
}

fn query_of(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[test]
fn header_mode_keeps_token_out_of_the_url() {
    let spec = RequestSpec::get("/community/groups").with_items([("limit".into(), "5".into())]);
    let req = build(
        &spec,
        &target("https://graph.facebook.com"),
        &creds(),
        1_700_000_000,
    )
    .expect("builds");
    let proof = timed_proof(&Secret::new("sec"), &Secret::new("tok"), 1_700_000_000);
    assert_eq!(
        req.url.as_str(),
        format!(
            "https://graph.facebook.com/community/groups?limit=5&appsecret_proof={}&appsecret_time=1700000000",
            proof.appsecret_proof
        )
    );
    assert_eq!(req.bearer.as_ref().map(Secret::expose), Some("tok"));
    assert!(!req.url.as_str().contains("access_token"));
}

#[test]
fn query_mode_sends_access_token() {
    let mut t = target("https://graph.workplace.com");
    t.token_in = TokenIn::Query;
    let req = build(&RequestSpec::get("me"), &t, &creds(), 10).expect("builds");
    assert!(req.bearer.is_none());
    let q = query_of(&req.url);
    assert_eq!(q[0], ("access_token".into(), "tok".into()));
    assert_eq!(q[2], ("appsecret_time".into(), "10".into()));
}

#[test]
fn signing_replaces_existing_proof_params_and_keeps_order() {
    let spec = RequestSpec::get(
        "https://graph.facebook.com/123/feed?fields=id&appsecret_proof=old&limit=2&access_token=leak&appsecret_time=1",
    );
    let req = build(&spec, &target("https://graph.facebook.com"), &creds(), 99).expect("builds");
    let names: Vec<String> = query_of(&req.url).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        ["fields", "limit", "appsecret_proof", "appsecret_time"]
    );
    assert_eq!(req.url.host_str(), Some("graph.facebook.com"));
}

#[test]
fn classic_mode_has_no_time() {
    let mut t = target("https://graph.facebook.com");
    t.proof = ProofMode::Classic;
    let (url, proof) = signed_url(&RequestSpec::get("/me"), &t, &creds(), 5).expect("signs");
    let expected = classic_proof(&Secret::new("sec"), &Secret::new("tok"));
    assert_eq!(proof, Some(expected.clone()));
    assert_eq!(
        url.as_str(),
        format!(
            "https://graph.facebook.com/me?access_token=tok&appsecret_proof={}",
            expected.appsecret_proof
        )
    );
}

#[test]
fn off_mode_has_no_proof() {
    let mut t = target("https://graph.facebook.com");
    t.proof = ProofMode::Off;
    let req = build(&RequestSpec::get("/me"), &t, &creds(), 5).expect("builds");
    assert_eq!(req.url.query(), None);
    assert!(req.proof.is_none());
}

#[test]
fn signed_url_always_has_the_token() {
    let (url, _) = signed_url(
        &RequestSpec::get("/community/groups"),
        &target("https://graph.facebook.com"),
        &creds(),
        1_700_000_000,
    )
    .expect("signs");
    let q = query_of(&url);
    assert_eq!(q[0], ("access_token".into(), "tok".into()));
    assert_eq!(q[2], ("appsecret_time".into(), "1700000000".into()));
}

#[test]
fn signed_url_carries_method_override() {
    let spec = RequestSpec {
        method: Method::Post,
        ..RequestSpec::get("/123/feed")
    }
    .with_items([("message".into(), "hi there".into())]);
    let (url, _) =
        signed_url(&spec, &target("https://graph.facebook.com"), &creds(), 1).expect("signs");
    assert!(
        url.as_str()
            .contains("message=hi%20there&method=post&access_token=tok")
    );
}

#[test]
fn a_json_body_travels_in_the_signed_url_as_graph_takes_it() {
    let spec = RequestSpec {
        method: Method::Post,
        body: Body::Json(r#"{"message":"hi","formatting":"MARKDOWN","n":3,"tags":["a"]}"#.into()),
        ..RequestSpec::get("/123/feed")
    };
    let (url, _) =
        signed_url(&spec, &target("https://graph.facebook.com"), &creds(), 1).expect("signs");
    let q: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("method"), Some("post"));
    assert_eq!(get("message"), Some("hi"));
    assert_eq!(get("formatting"), Some("MARKDOWN"));
    assert_eq!(get("n"), Some("3"));
    assert_eq!(
        get("tags"),
        Some(r#"["a"]"#),
        "arrays and objects JSON-encoded"
    );
}

#[test]
fn what_a_url_cannot_carry_is_refused_not_copied_wrong() {
    let t = target("https://graph.facebook.com");
    let raw = RequestSpec {
        method: Method::Post,
        body: Body::Raw {
            content_type: "text/csv".into(),
            text: "a,b".into(),
        },
        ..RequestSpec::get("/123/feed")
    };
    let e = signed_url(&raw, &t, &creds(), 1).expect_err("raw");
    assert!(
        e.to_string()
            .contains("text/csv body cannot travel in a URL"),
        "{e}"
    );
    assert!(e.to_string().contains("curl command"), "{e}");
    let put = RequestSpec {
        method: Method::Put,
        ..RequestSpec::get("/scim/Users/1")
    };
    assert!(
        signed_url(&put, &t, &creds(), 1).is_err(),
        "method= takes post and delete only"
    );
}

#[test]
fn path_params_are_filled_and_encoded() {
    let spec = RequestSpec::get("/{member-id}/managers").with_items([
        ("member-id".into(), "a b@x.com".into()),
        ("fields".into(), "name".into()),
    ]);
    assert_eq!(spec.path_params.len(), 1);
    let (url, pairs) = resolve(&spec, &target("https://graph.facebook.com")).expect("resolves");
    assert_eq!(url.path(), "/a%20b@x.com/managers");
    assert_eq!(pairs, [("fields".to_string(), "name".to_string())]);
}

#[test]
fn missing_path_param_says_what_to_add() {
    let err = resolve(
        &RequestSpec::get("/{group-id}/feed"),
        &target("https://g.example"),
    )
    .expect_err("missing param");
    assert_eq!(err, BuildError::MissingPathParam("group-id".into()));
    assert_eq!(
        err.to_string(),
        "the path needs a value for {group-id}: add group-id=VALUE"
    );
}

#[test]
fn graph_version_prefix_is_added_once() {
    let mut t = target("https://graph.facebook.com");
    t.graph_version = Some("v19.0".into());
    let (url, _) = resolve(&RequestSpec::get("community"), &t).expect("resolves");
    assert_eq!(url.path(), "/v19.0/community");
    let (url, _) = resolve(&RequestSpec::get("/v2.9/community"), &t).expect("resolves");
    assert_eq!(url.path(), "/v2.9/community");
}

#[test]
fn base_url_with_a_path_is_kept() {
    let (url, _) = resolve(
        &RequestSpec::get("/Users"),
        &target("http://127.0.0.1:9/scim/v1/"),
    )
    .expect("resolves");
    assert_eq!(url.as_str(), "http://127.0.0.1:9/scim/v1/Users");
}

#[test]
fn inline_query_in_path_is_parsed() {
    let spec = RequestSpec::get("/me?fields=id,name");
    let (_, pairs) = resolve(&spec, &target("https://graph.facebook.com")).expect("resolves");
    assert_eq!(pairs, [("fields".to_string(), "id,name".to_string())]);
}

#[test]
fn query_encoding_is_strict_but_readable() {
    assert_eq!(
        encode_query_component("members.limit(5){name}"),
        "members.limit(5)%7Bname%7D"
    );
    assert_eq!(
        encode_query_component("a+b&c=d é"),
        "a%2Bb%26c%3Dd%20%C3%A9"
    );
    assert_eq!(encode_query_component("id,name"), "id,name");
}

#[test]
fn bodies_get_content_types() {
    let mut spec = RequestSpec::get("/x");
    spec.method = Method::Post;
    spec.body = Body::Json("{\"a\":1}".into());
    let req = build(&spec, &target("https://g.example"), &creds(), 1).expect("builds");
    assert_eq!(
        req.body,
        Some(("application/json".to_owned(), b"{\"a\":1}".to_vec()))
    );
    spec.body = Body::Form(vec![("message".into(), "a&b".into())]);
    let req = build(&spec, &target("https://g.example"), &creds(), 1).expect("builds");
    assert_eq!(
        req.body,
        Some((
            "application/x-www-form-urlencoded".to_owned(),
            b"message=a%26b".to_vec()
        ))
    );
}

#[test]
fn strip_and_redact() {
    let url = Url::parse(
        "https://h.example/x?a=1&access_token=SENTINEL&appsecret_proof=p&appsecret_time=2",
    )
    .expect("url");
    assert_eq!(strip_credentials(&url).as_str(), "https://h.example/x?a=1");
    let shown = redacted_url(&url);
    assert!(!shown.contains("SENTINEL"));
    assert!(shown.contains("appsecret_time=2"));
}

#[test]
fn methods_parse() {
    assert_eq!("delete".parse::<Method>(), Ok(Method::Delete));
    assert!("FETCH".parse::<Method>().is_err());
}

#[test]
fn bad_absolute_url_is_an_error() {
    let err = resolve(&RequestSpec::get("https://"), &target("https://g.example"));
    assert!(matches!(err, Err(BuildError::BadUrl(_))));
}

#[test]
fn absolute_urls_must_be_on_the_profiles_origin() {
    let t = target("http://127.0.0.1:8765");
    let c = creds();
    let foreign = RequestSpec::get("http://127.0.0.1:9999/next?after=x");
    let err = build(&foreign, &t, &c, 1).expect_err("another port is another origin");
    let text = err.to_string();
    assert!(text.contains("127.0.0.1:9999"), "{text}");
    assert!(text.contains("profile 'test'"), "{text}");
    assert!(text.contains("allowed_hosts"), "{text}");
    assert!(
        signed_url(&foreign, &t, &c, 1).is_err(),
        "copying is refused too"
    );
    let same = RequestSpec::get("http://127.0.0.1:8765/v1/next?after=x");
    assert!(build(&same, &t, &c, 1).is_ok());
}

#[test]
fn only_http_schemes_are_sent() {
    let t = target("https://graph.example.com");
    for path in [
        "ftp://graph.example.com/x",
        "javascript:alert(1)",
        "file:///etc/passwd",
    ] {
        let err = build(&RequestSpec::get(path), &t, &creds(), 1).expect_err(path);
        assert!(matches!(err, BuildError::BadScheme(_)), "{path}: {err}");
    }
    // Colons later in a path are not schemes.
    assert!(build(&RequestSpec::get("/me?fields=a:b"), &t, &creds(), 1).is_ok());
    assert!(build(&RequestSpec::get("123:456/feed"), &t, &creds(), 1).is_ok());
}

#[test]
fn allowed_hosts_widen_the_origin_explicitly() {
    let mut t = target("https://graph.example.com");
    let other = RequestSpec::get("https://cdn.example.net/x");
    assert!(build(&other, &t, &creds(), 1).is_err());
    t.allowed_hosts = vec!["CDN.example.net".into()];
    assert!(build(&other, &t, &creds(), 1).is_ok());
    t.allowed_hosts = vec!["cdn.example.net:8443".into()];
    assert!(build(&other, &t, &creds(), 1).is_err(), "port must match");
    t.allowed_hosts = vec!["https://cdn.example.net".into()];
    assert!(build(&other, &t, &creds(), 1).is_ok());
    assert!(
        build(
            &RequestSpec::get("http://cdn.example.net/x"),
            &t,
            &creds(),
            1
        )
        .is_err()
    );
}

#[test]
fn origin_check_ignores_case_and_default_ports() {
    let t = target("https://graph.example.com");
    assert!(
        build(
            &RequestSpec::get("https://GRAPH.example.com:443/x"),
            &t,
            &creds(),
            1
        )
        .is_ok()
    );
}
