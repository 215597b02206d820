//! Batch requests (Graph's "Making multiple requests" guide): named operations, `depends_on`,
//! JSONPath references, omitted answers, per-operation tokens, rate limits, item headers, 50 at most.

use serde_json::{Value, json};

use super::{engine_with, item_body};
use crate::core::request::Method;
use crate::sandbox::engine::Options;
use crate::sandbox::graph::tests::{app_creds, call, engine, error_of, get};

fn id_of(v: &Value) -> &str {
    v.as_str().expect("an id")
}

fn batch(ops: Value) -> String {
    ops.to_string()
}

#[test]
fn a_dependent_operation_uses_the_named_result_and_the_named_answer_is_omitted() {
    let mut e = engine();
    let ops = batch(json!([
        {"method": "GET", "name": "groups", "relative_url": "community/groups?limit=2"},
        {"method": "POST", "relative_url": "{result=groups:$.data.0.id}/feed",
         "body": "message=posted+in+a+batch", "depends_on": "groups"},
        {"method": "GET", "relative_url": "?ids={result=groups:$.data.*.id}"},
        {"method": "GET", "relative_url": "{result=groups:$.data.1.id}?fields=name"},
    ]));
    let r = call(&mut e, "all", Method::Post, "/", &[("batch", &ops)]);
    assert_eq!(r.status, 200, "{}", r.body);
    let items = r.body.as_array().expect("array");
    assert_eq!(items.len(), 4);
    assert!(
        items[0].is_null(),
        "a named answer others use is omitted: {}",
        items[0]
    );
    let groups = get(&mut e, "/community/groups", &[("limit", "2")]);
    let (g0, g1) = (
        groups["data"][0]["id"].clone(),
        groups["data"][1]["id"].clone(),
    );
    let post = item_body(&items[1]);
    let pid = post["id"].as_str().expect("a post id");
    assert!(
        pid.starts_with(&format!("{}_", g0.as_str().expect("present"))),
        "{pid}"
    );
    let feed = get(
        &mut e,
        &format!("/{}/feed", g0.as_str().expect("present")),
        &[],
    );
    assert_eq!(
        feed["data"][0]["id"], pid,
        "the post was made in the referenced group"
    );
    let ids = item_body(&items[2]);
    for g in [&g0, &g1] {
        let id = g.as_str().expect("an id");
        assert_eq!(
            ids[id]["id"], *g,
            "?ids= gets every id of the named answer: {ids}"
        );
    }
    // A message with & and = stays one parameter, and cannot become the operation's token.
    let ops = batch(json!([
        {"method": "POST", "name": "p", "relative_url": format!("{}/feed", id_of(&g0)),
         "body": "message=a%26access_token%3Dnot-a-token", "omit_response_on_success": false},
        {"method": "GET", "relative_url": "{result=p:$.id}?fields=message"},
        {"method": "POST", "relative_url": format!("{}/feed", id_of(&g0)),
         "body": "message=copy+{result=p:$.id}"},
    ]));
    let r = call(&mut e, "all", Method::Post, "/", &[("batch", &ops)]);
    let more = r.body.as_array().expect("array");
    assert_eq!(item_body(&more[1])["message"], "a&access_token=not-a-token");
    assert_eq!(more[2]["code"], 200, "{}", more[2]);
    assert_eq!(item_body(&items[3])["id"], g1);
}

#[test]
fn an_operation_whose_dependency_failed_is_not_run_and_says_why() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let before = get(&mut e, &format!("/{g}/feed"), &[("limit", "100")])["data"]
        .as_array()
        .map_or(0, Vec::len);
    let ops = batch(json!([
        {"method": "GET", "name": "missing", "relative_url": "no_such_alias"},
        {"method": "POST", "relative_url": format!("{g}/feed"), "body": "message=never",
         "depends_on": "missing"},
        {"method": "POST", "relative_url": "{result=missing:$.id}/feed", "body": "message=never"},
    ]));
    let r = call(&mut e, "all", Method::Post, "/", &[("batch", &ops)]);
    let items = r.body.as_array().expect("array");
    assert_eq!(items[0]["code"], 404, "a failed answer is never omitted");
    for item in &items[1..] {
        assert_eq!(item["code"], 400);
        let msg = item_body(item)["error"]["message"]
            .as_str()
            .expect("present")
            .to_owned();
        assert!(
            msg.contains("'missing'") && msg.contains("not run"),
            "{msg}"
        );
    }
    let after = get(&mut e, &format!("/{g}/feed"), &[("limit", "100")])["data"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(before, after, "nothing was posted");
}

#[test]
fn omit_response_on_success_false_keeps_the_answer() {
    let mut e = engine();
    let ops = batch(json!([
        {"method": "GET", "name": "g", "relative_url": "community/groups?limit=1",
         "omit_response_on_success": false},
        {"method": "GET", "relative_url": "{result=g:$.data.0.id}"},
        {"method": "GET", "name": "unused", "relative_url": "me"},
    ]));
    let r = call(&mut e, "all", Method::Post, "/", &[("batch", &ops)]);
    let items = r.body.as_array().expect("array");
    assert_eq!(items[0]["code"], 200);
    assert_eq!(
        item_body(&items[1])["id"],
        item_body(&items[0])["data"][0]["id"]
    );
    assert_eq!(items[2]["code"], 200, "a name nobody uses keeps its answer");
}

#[test]
fn an_operation_with_its_own_token_runs_with_that_apps_permissions() {
    let mut e = engine();
    let (readonly, _) = app_creds(&e, "readonly");
    let ops = batch(json!([
        {"method": "GET", "relative_url": "community/groups?limit=1"},
        {"method": "GET", "relative_url": format!("community/groups?limit=1&access_token={readonly}")},
        {"method": "GET", "relative_url": "community/groups?limit=1&access_token=not-a-token"},
    ]));
    // The bot app has no read_group; the read-only app has.
    let r = call(&mut e, "bot", Method::Post, "/", &[("batch", &ops)]);
    let items = r.body.as_array().expect("array");
    assert_eq!(items[0]["code"], 403, "{}", items[0]);
    assert_eq!(items[1]["code"], 200, "{}", items[1]);
    assert_eq!(item_body(&items[2])["error"]["code"], 190);
}

#[test]
fn each_operation_counts_toward_the_rate_limit() {
    let mut e = engine_with(Options {
        rate_limit: Some(3),
        ..Options::default()
    });
    let four = batch(json!([
        {"method": "GET", "relative_url": "me"}, {"method": "GET", "relative_url": "me"},
        {"method": "GET", "relative_url": "me"}, {"method": "GET", "relative_url": "me"},
    ]));
    let r = call(&mut e, "all", Method::Post, "/", &[("batch", &four)]);
    assert_eq!(error_of(&r).1, 4, "{}", r.body);
}

#[test]
fn items_carry_graphs_headers_and_fifty_is_the_most() {
    let mut e = engine();
    let ops = batch(json!([
        {"method": "GET", "relative_url": "me"},
        {"method": "GET", "relative_url": "no_such_alias"},
    ]));
    let r = call(&mut e, "all", Method::Post, "/v23.0/", &[("batch", &ops)]);
    let items = r.body.as_array().expect("array");
    let names = |i: &Value| -> Vec<(String, String)> {
        i["headers"]
            .as_array()
            .expect("headers")
            .iter()
            .map(|h| {
                (
                    h["name"].as_str().expect("present").to_owned(),
                    h["value"].as_str().expect("present").to_owned(),
                )
            })
            .collect()
    };
    let ok = names(&items[0]);
    for wanted in [
        "Content-Type",
        "Cache-Control",
        "Facebook-API-Version",
        "Pragma",
        "Expires",
    ] {
        assert!(ok.iter().any(|(n, _)| n == wanted), "{wanted} in {ok:?}");
    }
    assert!(ok.contains(&("Facebook-API-Version".into(), "v23.0".into())));
    assert!(
        names(&items[1])
            .iter()
            .any(|(n, _)| n == "WWW-Authenticate")
    );
    let no_headers = call(
        &mut e,
        "all",
        Method::Post,
        "/",
        &[("batch", &ops), ("include_headers", "false")],
    );
    assert!(no_headers.body[0].get("headers").is_none());
    let many = Value::Array(vec![json!({"method": "GET", "relative_url": "me"}); 51]).to_string();
    let r = call(&mut e, "all", Method::Post, "/", &[("batch", &many)]);
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"]["type"], "GraphBatchException");
    assert_eq!(
        r.body["error"]["message"],
        "Too many requests in batch message. Maximum batch size is 50"
    );
}

#[test]
fn an_operation_with_its_own_token_counts_against_that_apps_limit() {
    let mut e = engine_with(Options {
        rate_limit: Some(2),
        ..Options::default()
    });
    let (readonly, _) = app_creds(&e, "readonly");
    let op = json!({"method": "GET", "relative_url": format!("community/groups?limit=1&access_token={readonly}")});
    let ops = batch(json!([op.clone(), op.clone(), op]));
    let r = call(&mut e, "noproof", Method::Post, "/", &[("batch", &ops)]);
    assert_eq!(
        r.status, 200,
        "the batch's own app is within its limit: {}",
        r.body
    );
    let items = r.body.as_array().expect("array");
    assert_eq!(
        (items[0]["code"].clone(), items[1]["code"].clone()),
        (json!(200), json!(200))
    );
    assert_eq!(
        item_body(&items[2])["error"]["code"],
        4,
        "the third is past readonly's limit"
    );
    let me = call(&mut e, "noproof", Method::Get, "/me", &[]);
    assert_eq!(me.status, 200, "the batch cost its own app one call");
}
