//! Tests of the Postman import and export.

use super::*;

fn sample() -> Value {
    json!({
        "info": {"name": "Demo", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
        "variable": [{"key": "group_id", "value": "42"}, {"key": "access_token", "value": "leak"}],
        "event": [{"listen": "prerequest", "script": {"exec": [""]}}],
        "item": [
            {"name": "Group", "item": [
                {"name": "Feed", "request": {"method": "GET", "url": {"raw": "https://graph.workplace.com/:group_id/feed?fields=id&access_token={{access_token}}", "variable": [{"key": "group_id", "value": "{{group_id}}"}]}, "description": {"content": "The feed"}}},
                {"name": "Feed", "request": {"method": "POST", "header": [{"key": "Content-Type", "value": "application/json"}, {"key": "X-Custom", "value": "1"}, {"key": "X-Api-Key", "value": "fake-key-123"}], "body": {"mode": "raw", "raw": "{\"message\": \"hi\"}"}, "url": "https://graph.workplace.com/{{group_id}}/feed"}}
            ]},
            {"name": "Manager", "request": {"method": "GET", "url": {"raw": "https://graph.workplace.com/:member_id /managers", "variable": [{"key": "member_id ", "value": "{{user_id}}"}]}}},
            {"name": "Form", "request": {"method": "POST", "url": "{{base}}/me/messages", "body": {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]}, "auth": {"type": "basic"}}},
            {"name": "Upload", "request": {"method": "POST", "url": "https://graph.workplace.com/x", "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "/tmp/x"}, {"key": "t", "value": "v", "type": "text"}]}}},
            {"name": "Odd", "request": {"method": "GET", "url": "https://graph.workplace.com/y"}, "event": [{"listen": "test", "script": {"exec": ["pm.test('x')"]}}], "unknown": {"field": true}}
        ]
    })
}

#[test]
fn imports_every_request_with_warnings_for_quirks() {
    let (c, warnings) = import_collection(&sample()).expect("imports");
    assert_eq!(c.name, "Demo");
    assert_eq!(c.requests.len(), 6, "nothing dropped");
    assert_eq!(c.variables.get("group_id").map(String::as_str), Some("42"));
    assert!(!c.variables.contains_key("access_token"));
    let feed = &c.requests[0];
    assert_eq!(
        (feed.folder.as_str(), feed.path.as_str()),
        ("Group", "/{group_id}/feed")
    );
    assert_eq!(feed.path_params, [Pair::new("group_id", "{{group_id}}")]);
    assert_eq!(
        feed.query,
        [Pair::new("fields", "id")],
        "the token is not kept"
    );
    assert_eq!(feed.description, "The feed");
    assert_eq!(c.requests[1].name, "Feed (2)");
    assert_eq!(c.requests[1].body.as_deref(), Some("{\"message\": \"hi\"}"));
    assert_eq!(
        c.requests[1].headers,
        [Pair::new("X-Custom", "1")],
        "headers are kept"
    );
    assert!(c.requests[1].content_type.is_empty(), "a JSON body");
    assert_eq!(c.requests[2].path, "/{member_id}/managers");
    assert_eq!(
        c.requests[2].path_params,
        [Pair::new("member_id", "{{user_id}}")]
    );
    assert_eq!(c.requests[3].path, "/me/messages");
    assert_eq!(c.requests[3].form, [Pair::new("a", "1")]);
    let w = warnings.join("\n");
    for expected in [
        "spaces in the path",
        "the header X-Api-Key was dropped",
        "basic auth",
        "file field f",
        "test script",
        "access_token looks like a secret",
    ] {
        assert!(
            w.contains(expected),
            "missing warning {expected:?} in:\n{w}"
        );
    }
}

#[test]
fn export_round_trips_through_import() {
    let (c, _) = import_collection(&sample()).expect("imports");
    let exported = export_collection(&c);
    assert!(
        exported["info"]["schema"]
            .as_str()
            .is_some_and(|s| s.contains("v2.1"))
    );
    assert!(
        exported["event"][0]["script"]["exec"]
            .to_string()
            .contains("CryptoJS.HmacSHA256")
    );
    let (back, _) = import_collection(&exported).expect("re-imports");
    assert_eq!(back.requests.len(), c.requests.len());
    for (a, b) in back.requests.iter().zip(&c.requests) {
        assert_eq!(
            (a.method, &a.path, &a.path_params, &a.body),
            (b.method, &b.path, &b.path_params, &b.body)
        );
    }
}

#[test]
fn environments_leave_secrets_out() {
    let env = json!({"name": "Workplace API Env", "values": [{"key": "access_token", "value": "x"}, {"key": "group_id", "value": "1"}, {"key": "off", "value": "2", "enabled": true, "disabled": true}]});
    assert!(is_environment(&env));
    let (name, vars, warnings) = import_environment(&env);
    assert_eq!(name, "Workplace API Env");
    assert_eq!(vars.len(), 1);
    assert!(warnings[0].contains("access_token"));
}

const FAKE: [&str; 3] = ["fake-token-123", "fake-pass-123", "fake-proof-123"];

fn assert_no_fake_values(what: &str, text: &str) {
    for f in FAKE {
        assert!(!text.contains(f), "{f} is in the {what}:\n{text}");
    }
}

#[test]
fn variables_named_like_secrets_are_not_imported() {
    let secret = [
        "X-Api-Key",
        "apiKey",
        "API_KEY",
        "userPassword",
        "pwd",
        "client_secret",
        "clientSecret",
        "auth",
        "AUTH_HEADER",
        "oauth",
        "bearer",
        "credentials",
        "session_id",
        "Cookie",
        "signature",
        "refreshToken",
        "accesstoken",
    ];
    let kept = ["group_id", "author_id", "base_url", "keyword", "page_size"];
    let vars: Vec<Value> = secret
        .iter()
        .chain(&kept)
        .map(|k| json!({"key": k, "value": "fake-token-123"}))
        .collect();
    let coll =
        json!({"info": {"name": "V", "schema": "v2.1"}, "variable": vars.clone(), "item": []});
    let (c, warnings) = import_collection(&coll).expect("imports");
    let env = json!({"name": "E", "values": vars});
    let (_, env_vars, env_warnings) = import_environment(&env);
    for (found, warnings) in [(&c.variables, &warnings), (&env_vars, &env_warnings)] {
        let w = warnings.join("\n");
        for k in secret {
            assert!(!found.contains_key(k), "{k} was imported");
            assert!(
                w.contains(&format!(" {k} looks like a secret")),
                "no warning for {k}:\n{w}"
            );
        }
        for k in kept {
            assert!(found.contains_key(k), "{k} was left out");
        }
        assert_no_fake_values("warnings", &w);
    }
}

#[test]
fn reserved_parameters_are_dropped_from_urls_forms_and_bodies() {
    let req = |name: &str, request: Value| json!({"name": name, "request": request});
    let coll = json!({"info": {"name": "R", "schema": "v2.1"}, "item": [
        req("query", json!({"method": "GET", "url": {"raw": "https://graph.workplace.com/me?appsecret_proof=fake-proof-123", "query": [
            {"key": "fields", "value": "id"}, {"key": "access_token", "value": "fake-token-123"},
            {"key": "appsecret_time", "value": "1700000000", "disabled": true}]}})),
        req("raw query", json!({"method": "GET", "url": "https://graph.workplace.com/me?fields=id&appsecret_proof=fake-proof-123"})),
        req("userinfo", json!({"method": "GET", "url": "https://someone:fake-pass-123@graph.workplace.com/me"})),
        req("urlencoded", json!({"method": "POST", "url": "https://graph.workplace.com/me/feed", "body": {"mode": "urlencoded", "urlencoded": [
            {"key": "message", "value": "hi"}, {"key": "access_token", "value": "fake-token-123"}]}})),
        req("formdata", json!({"method": "POST", "url": "https://graph.workplace.com/me/feed", "body": {"mode": "formdata", "formdata": [
            {"key": "appsecret_proof", "value": "fake-proof-123", "type": "text"}, {"key": "message", "value": "hi", "type": "text"}]}})),
        req("json", json!({"method": "POST", "url": "https://graph.workplace.com/me/feed", "body": {"mode": "raw",
            "raw": "{\"message\": \"hi\", \"nested\": {\"access_token\": \"fake-token-123\", \"keep\": [1, {\"appsecret_proof\": \"fake-proof-123\", \"x\": true}]}, \"batch\": [{\"relative_url\": \"me?fields=id&access_token=fake-token-123\"}]}"}})),
        req("placeholders", json!({"method": "POST", "url": "https://graph.workplace.com/me/feed", "body": {"mode": "raw",
            "raw": "{\n  \"count\": {{count}},\n  \"access_token\": \"fake-token-123\",\n  \"name\": \"{{name}}\"\n}"}})),
        req("text", json!({"method": "POST", "url": "https://graph.workplace.com/me/feed", "body": {"mode": "raw",
            "raw": "message=hi%20there&access_token=fake-token-123&link=x"}})),
        req("broken json", json!({"method": "POST", "url": "https://graph.workplace.com/me/feed", "body": {"mode": "raw",
            "raw": "{\"message\": \"hi\", \"access_token\": \"fake-token-123\""}})),
    ]});
    let (c, warnings) = import_collection(&coll).expect("imports");
    assert_eq!(c.requests.len(), 9, "no request is dropped");
    let file = c.to_toml().expect("toml");
    assert_no_fake_values("collection file", &file);
    let w = warnings.join("\n");
    assert_no_fake_values("warnings", &w);
    let r = |name: &str| c.requests.iter().find(|r| r.name == name).expect(name);
    assert_eq!(r("query").query, [Pair::new("fields", "id")]);
    assert_eq!(r("raw query").query, [Pair::new("fields", "id")]);
    assert_eq!(r("userinfo").path, "/me");
    assert_eq!(r("urlencoded").form, [Pair::new("message", "hi")]);
    assert_eq!(r("formdata").form, [Pair::new("message", "hi")]);
    let body: Value = serde_json::from_str(r("json").body.as_deref().expect("body")).expect("JSON");
    assert_eq!(
        body,
        json!({"message": "hi", "nested": {"keep": [1, {"x": true}]}, "batch": [{"relative_url": "me?fields=id"}]})
    );
    assert_eq!(
        r("placeholders").body.as_deref(),
        Some("{\n  \"count\": {{count}},\n  \"name\": \"{{name}}\"\n}"),
        "placeholders outside strings survive"
    );
    assert_eq!(r("text").body.as_deref(), Some("message=hi%20there&link=x"));
    assert_eq!(
        r("broken json").body,
        None,
        "a body that cannot be read is not kept"
    );
    for expected in [
        "query: access_token was dropped from the URL",
        "query: appsecret_time was dropped from the URL",
        "raw query: appsecret_proof was dropped from the URL",
        "userinfo: the user name and password in the URL were dropped",
        "urlencoded: access_token was dropped from the form",
        "formdata: appsecret_proof was dropped from the form",
        "json: access_token was dropped from the body",
        "json: appsecret_proof was dropped from the body",
        "placeholders: access_token was dropped from the body",
        "text: access_token was dropped from the body",
        "broken json: the body sets access_token",
    ] {
        assert!(
            w.contains(expected),
            "missing warning {expected:?} in:\n{w}"
        );
    }
}

/// The names today's import gave: the first free `name (n)` by a scan of all requests so far.
fn reference_names(items: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (folder, name) in items {
        let full = |n: &str| {
            if folder.is_empty() {
                n.to_owned()
            } else {
                format!("{folder}/{n}")
            }
        };
        let mut candidate = name.clone();
        let mut n = 2;
        while out.contains(&full(&candidate)) {
            candidate = format!("{name} ({n})");
            n += 1;
        }
        out.push(full(&candidate));
    }
    out
}

proptest::proptest! {
    #[test]
    fn duplicate_names_match_the_scan(items in proptest::collection::vec(
        (proptest::sample::select(vec!["", "G", "G/H", "A"]),
         proptest::sample::select(vec!["A", "A (2)", "A (3)", "A (2) (2)", "H/A", "B"])),
        0..40,
    )) {
        let items: Vec<(String, String)> =
            items.into_iter().map(|(f, n)| (f.to_owned(), n.to_owned())).collect();
        let mut names = Names::default();
        let got: Vec<String> = items
            .iter()
            .map(|(folder, name)| {
                let mut r = SavedRequest {
                    name: name.clone(),
                    folder: folder.clone(),
                    method: Method::Get,
                    path: "/me".into(),
                    description: String::new(),
                    path_params: Vec::new(),
                    query: Vec::new(),
                    headers: Vec::new(),
                    body: None,
                    content_type: String::new(),
                    form: Vec::new(),
                };
                names.claim(&mut r);
                r.full_name()
            })
            .collect();
        proptest::prop_assert_eq!(got, reference_names(&items));
    }
}

#[test]
fn not_a_collection_is_a_clear_error() {
    assert!(
        import_collection(&json!({"item": []}))
            .expect_err("no info")
            .contains("not a Postman collection")
    );
}
