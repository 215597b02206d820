//! Reading: paging links as Graph writes them, summaries and ordering.

use serde_json::Value;

use super::{follow, in_query};
use crate::core::request::Method;
use crate::sandbox::graph::tests::{call, engine, get};

#[test]
fn a_next_link_followed_verbatim_gets_page_two() {
    let mut e = engine();
    // Meta's scripts put the token in the query and follow `paging.next` as it is.
    let r = in_query(
        &mut e,
        "all",
        Method::Get,
        "/community/members",
        &[("fields", "id,name"), ("limit", "3")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let next = r.body["paging"]["next"]
        .as_str()
        .expect("a next link")
        .to_owned();
    assert!(
        next.contains("/v27.0/community/members?"),
        "the resolved version: {next}"
    );
    assert!(next.contains("access_token="), "{next}");
    assert!(
        (next.contains("fields=id,name") || next.contains("fields=id%2Cname"))
            && next.contains("limit=3"),
        "{next}"
    );
    let page2 = follow(&mut e, &next);
    assert_eq!(page2.status, 200, "{}", page2.body);
    let first: Vec<&Value> = r.body["data"].as_array().expect("present").iter().collect();
    let second = page2.body["data"].as_array().expect("present");
    assert_eq!(second.len(), 3);
    assert!(
        second.iter().all(|m| !first.contains(&m)),
        "page two is new items"
    );
    assert!(second[0].get("name").is_some(), "the fields carried over");
    let back = follow(
        &mut e,
        page2.body["paging"]["previous"].as_str().expect("present"),
    );
    assert_eq!(back.body["data"], r.body["data"], "previous leads back");
}

#[test]
fn a_link_never_carries_a_token_that_came_in_a_header() {
    let mut e = engine();
    let r = call(
        &mut e,
        "all",
        Method::Get,
        "/v23.0/community/members",
        &[("limit", "2")],
    );
    let next = r.body["paging"]["next"].as_str().expect("next");
    assert!(next.contains("/v23.0/community/members?"), "{next}");
    assert!(
        !next.contains("access_token") && !next.contains("appsecret"),
        "{next}"
    );
}

fn times(list: &Value) -> Vec<String> {
    list["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|i| i["created_time"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn summaries_say_what_graph_adds_for_reactions_comments_and_likes() {
    let mut e = engine();
    let post = e.seed.posts[0].clone();
    let fresh = get(
        &mut e,
        &format!("/{post}/reactions"),
        &[("summary", "true")],
    );
    assert_eq!(fresh["summary"]["viewer_reaction"], "NONE");
    let r = call(&mut e, "all", Method::Post, &format!("/{post}/likes"), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let v = get(
        &mut e,
        &format!("/{post}"),
        &[(
            "fields",
            "reactions.summary(true),comments.summary(true),likes.summary(true)",
        )],
    );
    assert_eq!(v["reactions"]["summary"]["viewer_reaction"], "LIKE", "{v}");
    let c = &v["comments"]["summary"];
    assert_eq!(c["order"], "chronological", "{v}");
    assert_eq!(c["can_comment"], true);
    assert!(c["total_count"].is_u64());
    let l = &v["likes"]["summary"];
    assert_eq!(
        (l["can_like"].clone(), l["has_liked"].clone()),
        (true.into(), true.into())
    );
    let edge = get(
        &mut e,
        &format!("/{post}/comments"),
        &[("summary", "true"), ("order", "reverse_chronological")],
    );
    assert_eq!(edge["summary"]["order"], "reverse_chronological");
}

#[test]
fn feeds_honour_order_and_comments_come_oldest_first() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let feed = |e: &mut _, order: Option<&str>| {
        let mut p = vec![("fields", "created_time"), ("limit", "100")];
        if let Some(o) = order {
            p.push(("order", o));
        }
        times(&get(e, &format!("/{g}/feed"), &p))
    };
    let newest_first = feed(&mut e, None);
    let mut sorted = newest_first.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(newest_first, sorted, "a feed is newest first by default");
    let chrono = feed(&mut e, Some("chronological"));
    sorted.reverse();
    assert_eq!(chrono, sorted, "order=chronological is oldest first");
    let post = e.seed.posts[0].clone();
    for m in ["first", "second"] {
        call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{post}/comments"),
            &[("message", m)],
        );
    }
    let comments = get(
        &mut e,
        &format!("/{post}/comments"),
        &[("fields", "created_time,message"), ("limit", "100")],
    );
    let t = times(&comments);
    let mut s = t.clone();
    s.sort();
    assert_eq!(t, s, "comments are chronological by default");
    let msgs: Vec<&str> = comments["data"]
        .as_array()
        .expect("present")
        .iter()
        .filter_map(|c| c["message"].as_str())
        .collect();
    assert_eq!(&msgs[msgs.len() - 2..], ["first", "second"]);
}

#[test]
fn a_nested_edges_next_link_keeps_its_modifiers() {
    let mut e = engine();
    let post = e.seed.posts[0].clone();
    for m in ["one", "two", "three"] {
        call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{post}/comments"),
            &[("message", m)],
        );
    }
    // The token in the query, so that the link can be followed as it is.
    let v = in_query(
        &mut e,
        "all",
        Method::Get,
        &format!("/{post}"),
        &[(
            "fields",
            "comments.order(reverse_chronological).limit(1){message}",
        )],
    )
    .body;
    assert_eq!(v["comments"]["data"][0]["message"], "three", "{v}");
    let next = v["comments"]["paging"]["next"]
        .as_str()
        .expect("a next link")
        .to_owned();
    assert!(next.contains("order=reverse_chronological"), "{next}");
    let page2 = super::follow(&mut e, &next);
    assert_eq!(page2.status, 200, "{}", page2.body);
    assert_eq!(page2.body["data"][0]["message"], "two", "{}", page2.body);
}
