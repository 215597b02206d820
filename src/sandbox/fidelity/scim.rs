//! SCIM details (`reference/workplace-api.md` §8 and RFC 7643/7644): `Location` on 201, the
//! account-status extension, unassigned attributes omitted, filters other than `eq` refused,
//! `/Schemas/Users`, and the legacy `/scim/v1/` base.

use serde_json::{Value, json};

use crate::core::request::Method;
use crate::sandbox::engine::{Engine, SReq, SResp};
use crate::sandbox::graph::tests::{NOW, app_creds, engine, proof_params};
use crate::sandbox::world::Kind;

const STATUS: &str =
    "urn:ietf:params:scim:schemas:extension:facebook:accountstatusdetails:2.0:User";

fn scim(
    e: &mut Engine,
    method: Method,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> SResp {
    let (token, secret) = app_creds(e, "all");
    let mut q: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    q.extend(proof_params(&token, &secret, NOW));
    e.handle(
        &SReq {
            method,
            path: path.into(),
            query: q,
            json: body,
            headers: vec![
                ("authorization".into(), format!("Bearer {token}")),
                ("user-agent".into(), "WorkplaceScript/1.0".into()),
            ],
            ..SReq::default()
        },
        NOW,
    )
}

fn scim_get(e: &mut Engine, path: &str, query: &[(&str, &str)]) -> SResp {
    scim(e, Method::Get, path, query, None)
}

fn header<'a>(r: &'a SResp, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn a_created_user_and_group_have_a_location() {
    let mut e = engine();
    let r = scim(
        &mut e,
        Method::Post,
        "/scim/v2/Users",
        &[],
        Some(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "new.starter@northwind.example",
            "name": {"givenName": "New", "familyName": "Starter"},
        })),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let loc = header(&r, "location").expect("a Location header");
    assert_eq!(loc, r.body["meta"]["location"].as_str().expect("present"));
    assert!(
        loc.ends_with(&format!(
            "/Users/{}",
            r.body["id"].as_str().expect("present")
        )),
        "{loc}"
    );
    let m = e.seed.members[1].clone();
    let r = scim(
        &mut e,
        Method::Post,
        "/scim/v2/Groups",
        &[],
        Some(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Static set", "members": [{"type": "user", "value": m}],
        })),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(header(&r, "location").is_some_and(|l| l.contains("/Groups/")));
}

#[test]
fn account_status_says_invited_and_claimed_with_dates_and_a_claim_link() {
    let mut e = engine();
    let members: Vec<(String, bool, bool)> = e
        .world
        .all(Kind::Member)
        .iter()
        .map(|n| {
            (
                n.id.clone(),
                n.fields.contains_key("account_invite_time"),
                n.fields.contains_key("account_claim_time"),
            )
        })
        .collect();
    let pick = |invited: bool, claimed: bool| {
        members
            .iter()
            .find(|m| m.1 == invited && m.2 == claimed)
            .map(|m| m.0.clone())
            .expect("the seed has such an account")
    };
    let claimed = scim_get(&mut e, &format!("/scim/v2/Users/{}", pick(true, true)), &[]);
    let s = &claimed.body[STATUS];
    assert_eq!(
        (s["invited"].clone(), s["claimed"].clone()),
        (json!(true), json!(true)),
        "{s}"
    );
    assert!(s["claimDate"].is_i64() && s["inviteDate"].is_i64(), "{s}");
    assert!(s.get("claimLink").is_none(), "no link once claimed: {s}");
    let pending = scim_get(
        &mut e,
        &format!("/scim/v2/Users/{}", pick(true, false)),
        &[],
    );
    let s = &pending.body[STATUS];
    assert_eq!(s["claimed"], false);
    assert!(
        s["claimLink"]
            .as_str()
            .is_some_and(|l| l.starts_with("https://")),
        "{s}"
    );
    let never = scim_get(
        &mut e,
        &format!("/scim/v2/Users/{}", pick(false, false)),
        &[],
    );
    let s = &never.body[STATUS];
    assert_eq!(s["invited"], false, "{s}");
    assert!(
        s.get("inviteDate").is_none() && s.get("claimLink").is_none(),
        "{s}"
    );
}

fn has_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.iter().any(has_null),
        Value::Object(m) => m.values().any(has_null),
        _ => false,
    }
}

#[test]
fn unassigned_attributes_are_left_out_not_null() {
    let mut e = engine();
    let r = scim_get(&mut e, "/scim/v2/Users", &[("count", "100")]);
    let users = r.body["Resources"].as_array().expect("users");
    assert!(!users.is_empty());
    for u in users {
        assert!(!has_null(u), "a null in {u}");
    }
    let r = scim(
        &mut e,
        Method::Post,
        "/scim/v2/Users",
        &[],
        Some(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "externalId": "no-email-1", "name": {"formatted": "No Email"},
        })),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(!has_null(&r.body), "{}", r.body);
    assert!(
        r.body.get("emails").is_none() && r.body.get("phoneNumbers").is_none(),
        "{}",
        r.body
    );
}

#[test]
fn filters_other_than_eq_are_an_invalid_filter() {
    let mut e = engine();
    let ok = scim_get(
        &mut e,
        "/scim/v2/Users",
        &[("filter", "externalId eq \"NW0001\"")],
    );
    assert_eq!(ok.body["totalResults"], 1, "{}", ok.body);
    for f in [
        "userName co \"northwind\"",
        "userName sw \"joe\"",
        "userName pr",
        "userName eq \"a@b.c\" and externalId eq \"NW0001\"",
        "userName eq \"a@b.c\" or externalId eq \"NW0001\"",
        "displayName eq \"Joe\"",
    ] {
        let r = scim_get(&mut e, "/scim/v2/Users", &[("filter", f)]);
        assert_eq!(r.status, 400, "{f}: {}", r.body);
        assert_eq!(r.body["scimType"], "invalidFilter", "{f}");
        assert_eq!(
            r.body["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
        assert_eq!(r.body["status"], "400");
    }
}

#[test]
fn the_user_schema_lists_sub_attributes_and_required_flags() {
    let mut e = engine();
    let r = scim_get(&mut e, "/scim/v2/Schemas/Users", &[]);
    let attrs = r.body["attributes"].as_array().expect("attributes");
    let find = |n: &str| {
        attrs
            .iter()
            .find(|a| a["name"] == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert_eq!(find("userName")["required"], true);
    assert_eq!(find("title")["required"], false);
    let name_subs: Vec<&str> = find("name")["subAttributes"]
        .as_array()
        .expect("present")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert!(
        name_subs.contains(&"givenName") && name_subs.contains(&"familyName"),
        "{name_subs:?}"
    );
    let emails = find("emails");
    assert_eq!(emails["multiValued"], true);
    assert!(
        emails["subAttributes"]
            .as_array()
            .expect("present")
            .iter()
            .any(|a| a["name"] == "primary")
    );
    let addresses = find("addresses")["subAttributes"]
        .as_array()
        .expect("present")
        .len();
    assert!(addresses >= 7);
}

#[test]
fn the_v1_base_answers_like_v2_without_patch() {
    let mut e = engine();
    let v2 = scim_get(&mut e, "/scim/v2/Users", &[("count", "3")]);
    let v1 = scim_get(&mut e, "/scim/v1/Users", &[("count", "3")]);
    assert_eq!(v1.status, 200, "{}", v1.body);
    let ids = |r: &SResp| -> Vec<Value> {
        r.body["Resources"]
            .as_array()
            .expect("present")
            .iter()
            .map(|u| u["id"].clone())
            .collect()
    };
    assert_eq!(ids(&v1), ids(&v2));
    let id = ids(&v1)[0].as_str().expect("present").to_owned();
    let one = scim_get(&mut e, &format!("/scim/v1/Users/{id}"), &[]);
    assert!(
        one.body["meta"]["location"]
            .as_str()
            .expect("present")
            .contains("/scim/v1/Users/"),
        "{}",
        one.body
    );
    let patch = scim(
        &mut e,
        Method::Patch,
        &format!("/scim/v1/Users/{id}"),
        &[],
        Some(json!({})),
    );
    assert_eq!(patch.status, 405, "{}", patch.body);
}
