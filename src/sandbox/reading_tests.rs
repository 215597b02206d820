//! Reading the Graph on the sandbox: field expansion and modifiers, cursor paging, since/until
//! and ids (engine-level, no HTTP, a pinned clock).

use crate::core::request::Method;
use crate::sandbox::graph::tests::{call, engine, error_of, get};

#[test]
fn fields_expansion_and_modifiers() {
    let mut e = engine();
    let g = e.seed.groups[1].clone();
    let v = get(
        &mut e,
        &format!("/{g}"),
        &[(
            "fields",
            "name,members.limit(5){name,administrator},owner{id,name},feed.limit(1).summary(true)",
        )],
    );
    assert_eq!(v["members"]["data"].as_array().map(Vec::len), Some(5));
    assert!(v["members"]["data"][0].get("administrator").is_some());
    assert!(
        v["members"]["paging"]["next"]
            .as_str()
            .is_some_and(|n| n.starts_with("http://sandbox.test/"))
    );
    assert!(v["owner"]["name"].is_string());
    assert!(
        v["feed"]["summary"]["total_count"]
            .as_u64()
            .is_some_and(|n| n >= 1)
    );
    let p = e.seed.posts[0].clone();
    let v = get(
        &mut e,
        &format!("/{p}"),
        &[(
            "fields",
            "reactions.summary(total_count).limit(0).as(r),from{name}",
        )],
    );
    assert_eq!(v["r"]["data"].as_array().map(Vec::len), Some(0));
    assert!(v["r"]["summary"]["total_count"].is_u64());
    let r = call(
        &mut e,
        "all",
        Method::Get,
        &format!("/{p}"),
        &[("fields", "id,from{name")],
    );
    assert_eq!(error_of(&r).1, 2500, "syntax error");
}

#[test]
fn cursor_paging_walks_every_member() {
    let mut e = engine();
    let total = e.seed.members.len() - 2;
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut params = vec![("limit", "10"), ("fields", "id")];
        let a;
        if let Some(c) = &after {
            a = c.clone();
            params.push(("after", a.as_str()));
        }
        let v = get(&mut e, "/community/members", &params);
        pages += 1;
        for m in v["data"].as_array().expect("data") {
            seen.push(m["id"].as_str().expect("id").to_owned());
        }
        match v["paging"]["next"].as_str() {
            Some(next) => {
                assert!(
                    next.contains("after=")
                        && next.contains("limit=10")
                        && !next.contains("appsecret")
                );
                after = Some(
                    v["paging"]["cursors"]["after"]
                        .as_str()
                        .expect("cursor")
                        .to_owned(),
                );
            }
            None => break,
        }
        assert!(pages < 20);
    }
    assert_eq!(seen.len(), total);
    seen.dedup();
    assert_eq!(seen.len(), total);
}

#[test]
fn since_until_and_ids() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let all = get(&mut e, &format!("/{g}/feed"), &[("limit", "100")]);
    let n = all["data"].as_array().map_or(0, Vec::len);
    let v = get(
        &mut e,
        &format!("/{g}/feed"),
        &[("limit", "100"), ("since", "2099-01-01")],
    );
    assert_eq!(v["data"].as_array().map(Vec::len), Some(0));
    let v = get(
        &mut e,
        &format!("/{g}/feed"),
        &[("limit", "100"), ("until", "1")],
    );
    assert_eq!(v["data"].as_array().map(Vec::len), Some(0));
    assert!(n > 0);
    let (m0, g1) = (e.seed.members[0].clone(), e.seed.groups[1].clone());
    let v = get(
        &mut e,
        "/",
        &[("ids", &format!("{m0},{g1}")), ("fields", "id,name")],
    );
    assert_eq!(v[&m0]["id"], m0);
    assert_eq!(v[&g1]["id"], g1);
}
