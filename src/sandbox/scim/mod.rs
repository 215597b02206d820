//! The Account Management API (SCIM 2.0) under `/scim/`: users are the community's members,
//! groups are static people sets. Errors use SCIM's own format.

mod groups;
mod schemas;
mod users;
mod wire;

use serde_json::{Value, json};

use crate::core::request::Method;
use crate::sandbox::engine::{Engine, SReq, SResp};
use crate::sandbox::world::Kind;
use groups::{group, list_groups, save_group};
use schemas::{service_provider_config, user_schema};
use users::{create_user, delete_user, list_users, update_user, user, with_user};
use wire::{LIST, err, resp};

/// Answers a SCIM request.
pub fn handle(engine: &mut Engine, req: &SReq, now: i64) -> SResp {
    let params = req.params();
    let app = match engine.authenticate(req, &req.query, now) {
        Ok(app) => app,
        Err(e) => return err(401, &e.message, None),
    };
    if !app.has("manage_accounts") {
        return err(
            403,
            "The integration needs the manage_accounts permission for the Account Management API",
            None,
        );
    }
    if req
        .header("user-agent")
        .is_none_or(|ua| ua.trim().is_empty())
    {
        return err(400, "A User-Agent header is required", None);
    }
    // `/scim/v2/…` (and `/scim/…`) is SCIM 2.0; `/scim/v1/…` is Meta's legacy 1.1 base, which
    // answers the same users and groups but has no PATCH (Meta's SCIM v1 reference).
    let after = req.path.strip_prefix("/scim").unwrap_or(&req.path);
    let (prefix, rest) = match ["/v2", "/v1"]
        .iter()
        .find(|v| after == **v || after.starts_with(&format!("{v}/")))
    {
        Some(v) => (*v, &after[v.len()..]),
        None => ("", after),
    };
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let body = req.json.clone().unwrap_or(Value::Null);
    let base = format!("{}/scim{prefix}", engine.base_url);
    if prefix == "/v1" && req.method == Method::Patch {
        return err(
            405,
            "SCIM 1.1 has no PATCH: use PUT, or PATCH on /scim/v2/",
            None,
        );
    }
    match (req.method, segs.as_slice()) {
        (Method::Get, ["Users"]) => list_users(engine, &params, &base),
        (Method::Post, ["Users"]) => create_user(engine, &body, &base, now),
        (Method::Get, ["Users", id]) => with_user(engine, id, |n| resp(200, user(n, &base))),
        (Method::Put, ["Users", id]) => update_user(engine, id, &body, &base, now, false),
        (Method::Patch, ["Users", id]) => update_user(engine, id, &body, &base, now, true),
        (Method::Delete, ["Users", id]) => delete_user(engine, id),
        (Method::Get, ["Groups"]) => list_groups(engine, &params, &base),
        (Method::Post, ["Groups"]) => save_group(engine, None, &body, &base, now),
        (Method::Get, ["Groups", id]) => {
            match engine.world.get(id).filter(|n| n.kind == Kind::PeopleSet) {
                Some(n) => resp(200, group(n, &base)),
                None => err(404, &format!("Group {id} not found"), None),
            }
        }
        (Method::Put, ["Groups", id]) => save_group(engine, Some(id), &body, &base, now),
        (Method::Delete, ["Groups", id]) => {
            match engine.world.get(id).filter(|n| n.kind == Kind::PeopleSet) {
                Some(_) => {
                    engine.world.remove(id);
                    resp(200, Value::Null)
                }
                None => err(404, &format!("Group {id} not found"), None),
            }
        }
        (Method::Get, ["Schemas"]) => resp(
            200,
            json!({ "schemas": [LIST], "totalResults": 1, "Resources": [user_schema(&base)] }),
        ),
        (Method::Get, ["Schemas", "Users" | "User"]) => resp(200, user_schema(&base)),
        (Method::Get, ["ServiceProviderConfigs" | "ServiceProviderConfig"]) => {
            resp(200, service_provider_config(prefix != "/v1"))
        }
        _ => err(
            404,
            &format!("Unknown SCIM endpoint: {} {rest}", req.method),
            None,
        ),
    }
}
