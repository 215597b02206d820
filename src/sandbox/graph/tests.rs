//! Engine-level tests of the Graph surface: no HTTP, a pinned clock.

use serde_json::Value;

use crate::core::request::Method;
use crate::core::sign::hmac_sha256_hex;
use crate::sandbox::engine::{Engine, Options, SReq, SResp};

pub(crate) const NOW: i64 = 1_800_000_000;

pub(crate) fn engine() -> Engine {
    Engine::new("http://sandbox.test", Options::default()).expect("engine")
}

pub(crate) fn app_creds(e: &Engine, key: &str) -> (String, String) {
    let a = e
        .apps
        .iter()
        .find(|a| a.access_token.ends_with(&format!("-{key}")))
        .expect("app");
    (a.access_token.clone(), a.app_secret.clone())
}

/// The timed proof parameters for `token` at `time`.
pub(crate) fn proof_params(token: &str, secret: &str, time: i64) -> [(String, String); 2] {
    [
        (
            "appsecret_proof".into(),
            hmac_sha256_hex(secret.as_bytes(), format!("{token}|{time}").as_bytes()),
        ),
        ("appsecret_time".into(), time.to_string()),
    ]
}

/// Signs with a timed proof at `time` and calls.
fn call_at(
    e: &mut Engine,
    key: &str,
    method: Method,
    path: &str,
    params: &[(&str, &str)],
    time: i64,
) -> SResp {
    let (token, secret) = app_creds(e, key);
    let mut query: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    query.extend(proof_params(&token, &secret, time));
    let req = SReq {
        method,
        path: path.to_owned(),
        query,
        headers: vec![
            ("authorization".into(), format!("Bearer {token}")),
            ("user-agent".into(), "test".into()),
        ],
        ..SReq::default()
    };
    e.handle(&req, NOW)
}

pub(crate) fn call(
    e: &mut Engine,
    key: &str,
    method: Method,
    path: &str,
    params: &[(&str, &str)],
) -> SResp {
    call_at(e, key, method, path, params, NOW)
}

pub(crate) fn get(e: &mut Engine, path: &str, params: &[(&str, &str)]) -> Value {
    let r = call(e, "all", Method::Get, path, params);
    assert_eq!(r.status, 200, "GET {path}: {}", r.body);
    r.body
}

pub(crate) fn error_of(r: &SResp) -> (u16, i64, String) {
    (
        r.status,
        r.body["error"]["code"].as_i64().unwrap_or(0),
        r.body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[test]
fn valid_proof_is_accepted_and_headers_are_set() {
    let mut e = engine();
    let r = call(&mut e, "all", Method::Get, "/community", &[]);
    assert_eq!(r.status, 200);
    assert_eq!(r.body["name"], "Northwind Trading");
    assert!(r.headers.iter().any(|(k, _)| k == "date"));
    assert!(
        r.headers
            .iter()
            .any(|(k, v)| k == "x-app-usage" && v.contains("call_count"))
    );
}

#[test]
fn proof_errors_are_exact() {
    let mut e = engine();
    let (token, _) = app_creds(&e, "all");
    let bare = SReq {
        path: "/community".into(),
        headers: vec![("authorization".into(), format!("Bearer {token}"))],
        ..SReq::default()
    };
    let r = e.handle(&bare, NOW);
    assert_eq!(
        error_of(&r),
        (
            400,
            100,
            "API calls from the server require an appsecret_proof argument".into()
        )
    );
    assert_eq!(r.body["error"]["type"], "GraphMethodException");
    let mut wrong = bare.clone();
    wrong.query = vec![
        ("appsecret_proof".into(), "00".repeat(32)),
        ("appsecret_time".into(), NOW.to_string()),
    ];
    assert_eq!(
        error_of(&e.handle(&wrong, NOW)).2,
        "Invalid appsecret_proof provided in the API argument"
    );
    for t in [NOW - 301, NOW + 301] {
        let r = call_at(&mut e, "all", Method::Get, "/community", &[], t);
        assert_eq!(
            error_of(&r),
            (
                400,
                100,
                "Invalid appsecret_proof provided in the API argument".into()
            ),
            "time {t}"
        );
    }
    for t in [NOW - 300, NOW + 300] {
        assert_eq!(
            call_at(&mut e, "all", Method::Get, "/community", &[], t).status,
            200
        );
    }
}

#[test]
fn classic_proof_and_no_proof_apps() {
    let mut e = engine();
    let (token, secret) = app_creds(&e, "all");
    let req = SReq {
        path: "/community".into(),
        query: vec![
            ("access_token".into(), token.clone()),
            (
                "appsecret_proof".into(),
                hmac_sha256_hex(secret.as_bytes(), token.as_bytes()),
            ),
        ],
        ..SReq::default()
    };
    assert_eq!(
        e.handle(&req, NOW).status,
        200,
        "classic proof, token in the query"
    );
    let (token, _) = app_creds(&e, "noproof");
    let req = SReq {
        path: "/community".into(),
        headers: vec![("authorization".into(), format!("Bearer {token}"))],
        ..SReq::default()
    };
    assert_eq!(
        e.handle(&req, NOW).status,
        200,
        "an app that does not require the proof"
    );
}

#[test]
fn token_errors() {
    let mut e = engine();
    let r = e.handle(
        &SReq {
            path: "/community".into(),
            ..SReq::default()
        },
        NOW,
    );
    assert_eq!(error_of(&r).1, 104);
    let r = e.handle(
        &SReq {
            path: "/community".into(),
            query: vec![("access_token".into(), "nope".into())],
            ..SReq::default()
        },
        NOW,
    );
    assert_eq!(error_of(&r).1, 190);
    assert_eq!(r.body["error"]["type"], "OAuthException");
}

#[test]
fn graph_error_shapes() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let r = call(&mut e, "all", Method::Get, &format!("/{g}/nonsense"), &[]);
    assert_eq!(
        error_of(&r),
        (400, 2500, "Unknown path components: /nonsense".into())
    );
    let r = call(&mut e, "all", Method::Get, "/123456789012345", &[]);
    assert_eq!(error_of(&r).1, 100);
    assert_eq!(r.body["error"]["error_subcode"], 33);
    let r = call(
        &mut e,
        "all",
        Method::Get,
        &format!("/{g}"),
        &[("fields", "id,colour")],
    );
    assert_eq!(
        error_of(&r),
        (
            400,
            100,
            "(#100) Tried accessing nonexisting field (colour) on node type (Group)".into()
        )
    );
    let r = call(&mut e, "all", Method::Get, "/v99.0/me", &[]);
    assert_eq!(error_of(&r).2, "Unknown path components: /me");
    let r = call(&mut e, "all", Method::Get, "/no_such_alias", &[]);
    assert_eq!(error_of(&r).1, 803);
    assert!(
        r.body["error"]["fbtrace_id"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
}

#[test]
fn versions_aliases_and_emails() {
    let mut e = engine();
    let a = get(&mut e, "/v19.0/company", &[]);
    let b = get(&mut e, "/community", &[]);
    assert_eq!(a, b);
    let email = e
        .world
        .get(&e.seed.members[3].clone())
        .and_then(|m| m.str("email"))
        .map(str::to_owned)
        .expect("email");
    let m = get(&mut e, &format!("/{email}"), &[("fields", "id,email")]);
    assert_eq!(m["id"], e.seed.members[3]);
    let me = get(&mut e, "/me", &[]);
    assert_eq!(me["name"], "All permissions");
}

#[test]
fn permissions_are_enforced_per_app() {
    let mut e = engine();
    let g = e.seed.groups[1].clone();
    let feed = format!("/{g}/feed");
    // Read-only: reads yes, writes no.
    assert_eq!(
        call(&mut e, "readonly", Method::Get, &feed, &[]).status,
        200
    );
    let r = call(
        &mut e,
        "readonly",
        Method::Post,
        &feed,
        &[("message", "hi")],
    );
    assert_eq!(error_of(&r).0, 403);
    assert_eq!(error_of(&r).1, 200);
    assert!(error_of(&r).2.contains("write_group"));
    // The bot: messaging yes, group content no.
    let r = call(&mut e, "bot", Method::Get, &feed, &[]);
    assert_eq!(error_of(&r).1, 10);
    assert!(
        r.body["error"]["error_user_msg"]
            .as_str()
            .expect("present")
            .contains("read_group")
    );
    let m = e.seed.members[4].clone();
    let recipient = format!("{{\"id\":\"{m}\"}}");
    let r = call(
        &mut e,
        "bot",
        Method::Post,
        "/me/messages",
        &[("recipient", &recipient), ("message", "{\"text\":\"hi\"}")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["message_id"].is_string());
    // Field-level: the read-only app has read_user_email; the bot has no profile access at all.
    let r = call(
        &mut e,
        "readonly",
        Method::Get,
        &format!("/{m}"),
        &[("fields", "id,email")],
    );
    assert_eq!(r.status, 200);
    let r = call(&mut e, "bot", Method::Get, &format!("/{m}"), &[]);
    assert_eq!(error_of(&r).1, 10);
    assert!(
        r.body["error"]["error_user_msg"]
            .as_str()
            .expect("present")
            .contains("read_user_work_profile")
    );
}

#[test]
fn group_scope_is_enforced() {
    let mut e = engine();
    let scoped: Vec<String> = e
        .apps
        .iter()
        .find(|a| a.access_token.ends_with("-scoped"))
        .and_then(|a| a.groups.clone())
        .expect("scoped");
    let v = call(
        &mut e,
        "scoped",
        Method::Get,
        "/community/groups",
        &[("limit", "100")],
    )
    .body;
    let ids: Vec<&str> = v["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|g| g["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|i| scoped.iter().any(|s| s == i)));
    let inside = scoped[0].clone();
    assert_eq!(
        call(
            &mut e,
            "scoped",
            Method::Get,
            &format!("/{inside}/feed"),
            &[]
        )
        .status,
        200
    );
    let outside = e.seed.groups[0].clone();
    let r = call(
        &mut e,
        "scoped",
        Method::Get,
        &format!("/{outside}/feed"),
        &[],
    );
    assert_eq!(r.body["error"]["error_subcode"], 33);
    let r = call(
        &mut e,
        "scoped",
        Method::Post,
        "/community/groups",
        &[("name", "x")],
    );
    assert_eq!(error_of(&r).1, 10);
    assert!(
        r.body["error"]["error_user_msg"]
            .as_str()
            .expect("present")
            .contains("cannot create groups")
    );
}

#[test]
fn writes_change_the_community() {
    let mut e = engine();
    let g = e.seed.groups[2].clone();
    let r = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{g}/feed"),
        &[("message", "Hello from wpx")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["id"].as_str().expect("id").to_owned();
    assert!(id.starts_with(&format!("{g}_")));
    let feed = get(&mut e, &format!("/{g}/feed"), &[("limit", "1")]);
    assert_eq!(feed["data"][0]["id"], id);
    assert_eq!(feed["data"][0]["message"], "Hello from wpx");
    let r = call(&mut e, "all", Method::Post, &format!("/{g}/feed"), &[]);
    assert_eq!(
        error_of(&r).2,
        "(#100) Either message or link must be supplied"
    );
    let members = get(&mut e, &format!("/{g}/members"), &[("limit", "100")]);
    let victim = members["data"][5]["id"]
        .as_str()
        .expect("member")
        .to_owned();
    let r = call(
        &mut e,
        "all",
        Method::Delete,
        &format!("/{g}/members"),
        &[("member", &victim)],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let after = get(&mut e, &format!("/{g}/members"), &[("limit", "100")]);
    assert!(
        after["data"]
            .as_array()
            .expect("data")
            .iter()
            .all(|m| m["id"] != victim.as_str())
    );
    let r = call(
        &mut e,
        "all",
        Method::Delete,
        &format!("/{g}/members"),
        &[("member", &victim), ("email", "a@b.c")],
    );
    assert!(error_of(&r).2.contains("not both"));
    let r = call(&mut e, "all", Method::Delete, &format!("/{id}"), &[]);
    assert_eq!(r.status, 200);
    assert_eq!(
        call(&mut e, "all", Method::Get, &format!("/{id}"), &[]).body["error"]["error_subcode"],
        33
    );
}

#[test]
fn batch_runs_operations_and_caps_at_fifty() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let batch = format!(
        "[{{\"method\":\"GET\",\"relative_url\":\"{g}?fields=name\"}},{{\"method\":\"GET\",\"relative_url\":\"nope_alias\"}},{{\"method\":\"POST\",\"relative_url\":\"{g}/feed\",\"body\":\"message=hi+there\"}}]"
    );
    let r = call(&mut e, "all", Method::Post, "/", &[("batch", &batch)]);
    assert_eq!(r.status, 200, "{}", r.body);
    let items = r.body.as_array().expect("array");
    assert_eq!(items[0]["code"], 200);
    let body: Value =
        serde_json::from_str(items[0]["body"].as_str().expect("string body")).expect("json");
    assert_eq!(body["id"], g);
    assert_eq!(items[1]["code"], 404);
    assert_eq!(items[2]["code"], 200);
    let many = format!(
        "[{}]",
        vec!["{\"method\":\"GET\",\"relative_url\":\"me\"}"; 51].join(",")
    );
    let r = call(&mut e, "all", Method::Post, "/", &[("batch", &many)]);
    assert!(error_of(&r).2.contains("Maximum batch size is 50"));
}

#[test]
fn injected_errors_and_scim_basics() {
    let mut e = Engine::new(
        "http://sandbox.test",
        Options {
            error_rate: 1.0,
            ..Options::default()
        },
    )
    .expect("engine");
    let r = call(&mut e, "all", Method::Get, "/community", &[]);
    assert_eq!(error_of(&r), (500, 1, "An unknown error occurred".into()));
    let mut e = engine();
    let r = call(
        &mut e,
        "all",
        Method::Get,
        "/scim/Users",
        &[("count", "5"), ("startIndex", "6")],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body["itemsPerPage"], 5);
    assert_eq!(r.body["startIndex"], 6);
    assert_eq!(r.body["totalResults"], e.seed.members.len());
    let email = e
        .world
        .get(&e.seed.members[2].clone())
        .and_then(|m| m.str("email"))
        .map(str::to_owned)
        .expect("email");
    let r = call(
        &mut e,
        "all",
        Method::Get,
        "/scim/Users",
        &[("filter", &format!("userName eq \"{email}\""))],
    );
    assert_eq!(r.body["totalResults"], 1);
    let claimed = e.seed.members[0].clone();
    let r = call(
        &mut e,
        "all",
        Method::Delete,
        &format!("/scim/Users/{claimed}"),
        &[],
    );
    assert_eq!(r.status, 412);
    assert_eq!(
        r.body["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:Error"
    );
    let r = call(&mut e, "readonly", Method::Get, "/scim/Users", &[]);
    assert_eq!(r.status, 403);
    let (token, secret) = app_creds(&e, "all");
    let no_ua = SReq {
        path: "/scim/Users".into(),
        query: vec![
            (
                "appsecret_proof".into(),
                hmac_sha256_hex(secret.as_bytes(), format!("{token}|{NOW}").as_bytes()),
            ),
            ("appsecret_time".into(), NOW.to_string()),
        ],
        headers: vec![("authorization".into(), format!("Bearer {token}"))],
        ..SReq::default()
    };
    let r = e.handle(&no_ua, NOW);
    assert_eq!(r.status, 400);
    assert!(
        r.body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("User-Agent"))
    );
}
