use super::*;

fn sample() -> Collection {
    let mut c = Collection::new("Round trip");
    c.variables.insert("group_id".into(), "1234".into());
    let mut feed = SavedRequest {
        name: "Feed".into(),
        folder: "Groups".into(),
        method: Method::Get,
        path: "/{group-id}/feed".into(),
        description: String::new(),
        path_params: vec![Pair::new("group-id", "{{group_id}}")],
        query: vec![Pair::new("fields", "id,message"), Pair::new("limit", "5")],
        headers: vec![Pair::new("X-Trace", "abc 1")],
        body: None,
        content_type: String::new(),
        form: Vec::new(),
    };
    c.requests.push(feed.clone());
    feed.name = "Post".into();
    feed.method = Method::Post;
    feed.query.clear();
    feed.body = Some("{\n  \"message\": \"hello {{name}}\"\n}".into());
    c.requests.push(feed.clone());
    feed.name = "Form".into();
    feed.body = None;
    feed.form = vec![Pair::new("message", "a b&c")];
    c.requests.push(feed.clone());
    feed.name = "Raw".into();
    feed.form.clear();
    feed.body = Some("plain text".into());
    feed.content_type = "text/plain".into();
    c.requests.push(feed);
    c
}

#[test]
fn export_then_import_keeps_method_url_headers_and_body() {
    let c = sample();
    let text = write(&c);
    assert!(text.contains("### Groups/Feed\n# @name Groups/Feed\nGET {{base_url}}/{{group_id}}/feed?fields=id%2Cmessage&limit=5\nX-Trace: abc 1\n"), "{text}");
    let (back, warnings) = parse(&text, "Round trip").expect("parses");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(back.requests.len(), c.requests.len());
    assert_eq!(
        back.variables.get("group_id").map(String::as_str),
        Some("1234")
    );
    for (a, b) in c.requests.iter().zip(&back.requests) {
        assert_eq!(a.full_name(), b.full_name());
        assert_eq!(a.method, b.method);
        assert_eq!(url_of(a), url_of(b), "the URL");
        assert_eq!(a.headers, b.headers, "the headers of {}", a.name);
        assert_eq!(a.body, b.body, "the body of {}", a.name);
        assert_eq!(a.form, b.form);
        assert_eq!(a.content_type, b.content_type);
    }
}

#[test]
fn rest_client_files_from_other_tools_read() {
    let text = "@token = SENTINEL-fake\n@host = https://graph.facebook.com\n\n# @name me\nGET {{host}}/v23.0/me\n    ?fields=id,name\n    &limit=1\nAuthorization: Bearer {{token}}\n\n###\n\nPOST https://graph.facebook.com/v23.0/me/messages HTTP/1.1\nContent-Type: application/json\n\n{\"to\": \"1\"}\n\n> {% client.global.set(\"id\", response.body.id) %}\n### third\n/plain/path\n";
    let (c, warnings) = parse(text, "x").expect("parses");
    assert_eq!(c.requests.len(), 3);
    assert_eq!(c.requests[0].name, "me");
    assert_eq!(
        c.requests[0].path, "/v23.0/me",
        "the host variable is the profile's"
    );
    assert_eq!(c.requests[0].query.len(), 2);
    assert!(
        c.requests[0].headers.is_empty(),
        "Authorization is the profile's"
    );
    assert_eq!(c.requests[1].body.as_deref(), Some("{\"to\": \"1\"}"));
    assert_eq!(c.requests[2].method, Method::Get);
    assert_eq!(c.requests[2].name, "third");
    assert!(
        !c.variables.contains_key("token"),
        "secret-looking variables stay out"
    );
    assert!(warnings.iter().any(|w| w.contains("token")), "{warnings:?}");
    assert!(
        warnings.iter().any(|w| w.contains("response handler")),
        "{warnings:?}"
    );
}

#[test]
fn a_file_without_requests_says_what_one_looks_like() {
    let e = parse("# only a comment\n", "x").expect_err("empty");
    assert!(e.contains("GET https://host/path"), "{e}");
    let e = parse("hello there\n", "x").expect_err("not a request");
    assert!(e.contains("no request found"), "{e}");
}

#[test]
fn an_unreadable_block_is_skipped_and_a_body_may_follow_the_headers_directly() {
    let text = "< {% request.variables.set('a', 1) %}\nGET /x\n###\nPOST /y\nX-A: 1\n{\"a\": 1}\n";
    let (c, warnings) = parse(text, "x").expect("parses");
    assert_eq!(
        c.requests.len(),
        1,
        "the pre-request script block is skipped"
    );
    assert!(
        warnings.iter().any(|w| w.contains("skipped")),
        "{warnings:?}"
    );
    assert_eq!(c.requests[0].headers, [Pair::new("X-A", "1")]);
    assert_eq!(c.requests[0].body.as_deref(), Some("{\"a\": 1}"));
}
