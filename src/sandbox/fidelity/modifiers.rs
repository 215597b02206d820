//! Graph's request modifiers: `method=`, `suppress_http_code`, `date_format`, read-after-write
//! `fields=` on a POST, and `/{member}/picture` redirecting. (`pretty=1` is tested over HTTP in
//! `tests/sandbox_http.rs`, as only the bytes change.)

use serde_json::Value;

use super::in_query;
use crate::core::request::Method;
use crate::sandbox::graph::tests::{call, engine, error_of, get};

#[test]
fn method_post_and_delete_on_a_get_write() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let r = in_query(
        &mut e,
        "all",
        Method::Get,
        &format!("/{g}/feed"),
        &[("method", "post"), ("message", "made by a GET")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["id"].as_str().expect("a created post").to_owned();
    assert_eq!(
        get(&mut e, &format!("/{id}"), &[])["message"],
        "made by a GET"
    );
    let r = in_query(
        &mut e,
        "all",
        Method::Get,
        &format!("/{id}"),
        &[("method", "delete")],
    );
    assert_eq!(r.body["success"], true, "{}", r.body);
    let gone = call(&mut e, "all", Method::Get, &format!("/{id}"), &[]);
    assert_eq!(error_of(&gone).1, 100);
}

#[test]
fn suppress_http_code_answers_200_with_the_error() {
    let mut e = engine();
    let r = call(
        &mut e,
        "all",
        Method::Get,
        "/no_such_alias",
        &[("suppress_http_code", "1")],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body["error"]["code"], 803);
    let plain = call(&mut e, "all", Method::Get, "/no_such_alias", &[]);
    assert_eq!(plain.status, 404);
}

#[test]
fn date_format_rewrites_every_time() {
    let mut e = engine();
    let post = e.seed.posts[0].clone();
    // A comment of our own, so that there is a nested time to rewrite.
    call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{post}/comments"),
        &[("message", "hi")],
    );
    let iso = get(
        &mut e,
        &format!("/{post}"),
        &[("fields", "created_time,comments{created_time}")],
    );
    let unix = get(
        &mut e,
        &format!("/{post}"),
        &[
            ("fields", "created_time,comments{created_time}"),
            ("date_format", "U"),
        ],
    );
    let t = unix["created_time"].as_i64().expect("U gives a number");
    assert_eq!(
        crate::core::timefmt::graph_time(t),
        iso["created_time"].as_str().expect("present")
    );
    let c = &unix["comments"]["data"][0];
    assert!(c["created_time"].is_i64(), "nested times too: {unix}");
    let ymd = get(
        &mut e,
        &format!("/{post}"),
        &[("fields", "created_time"), ("date_format", "Y-m-d")],
    );
    assert_eq!(
        ymd["created_time"],
        iso["created_time"].as_str().expect("present")[..10]
    );
}

#[test]
fn fields_on_a_post_answer_the_created_objects_fields() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let r = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{g}/feed"),
        &[
            ("message", "read after write"),
            ("fields", "id,message,from,created_time"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["message"], "read after write");
    assert!(
        r.body["from"]["id"].is_string() && r.body["created_time"].is_string(),
        "{}",
        r.body
    );
    let plain = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{g}/feed"),
        &[("message", "x")],
    );
    assert_eq!(
        plain.body.as_object().map(|o| o.len()),
        Some(1),
        "only the id without fields"
    );
}

#[test]
fn a_members_picture_redirects_unless_redirect_is_false() {
    let mut e = engine();
    let m = e.seed.members[0].clone();
    let r = call(&mut e, "all", Method::Get, &format!("/{m}/picture"), &[]);
    assert_eq!(r.status, 302);
    let location = r
        .headers
        .iter()
        .find(|(k, _)| k == "location")
        .map(|(_, v)| v.clone())
        .expect("a Location header");
    assert!(
        location.starts_with("http://sandbox.test/_sandbox/media/profile/"),
        "{location}"
    );
    assert_eq!(r.body, Value::Null);
    let json = get(&mut e, &format!("/{m}/picture"), &[("redirect", "false")]);
    assert_eq!(json["data"]["url"], location.as_str());
    assert!(json["data"]["is_silhouette"].is_boolean());
}
