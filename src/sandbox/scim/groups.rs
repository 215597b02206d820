//! SCIM groups: static people sets.

use serde_json::{Value, json};

use super::wire::{created, err, page, resp};
use crate::sandbox::engine::{Engine, SResp};
use crate::sandbox::world::{EdgeItem, Kind, Node};

pub(super) fn group(n: &Node, base: &str) -> Value {
    let members: Vec<Value> = n
        .edge("members")
        .iter()
        .map(|m| json!({ "type": "user", "value": m.id }))
        .collect();
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": n.id,
        "displayName": n.str("name").unwrap_or_default(),
        "members": members,
        "meta": { "resourceType": "Group", "location": format!("{base}/Groups/{}", n.id) },
    })
}

pub(super) fn list_groups(engine: &Engine, params: &[(String, String)], base: &str) -> SResp {
    page(
        engine
            .world
            .all(Kind::PeopleSet)
            .into_iter()
            .map(|g| group(g, base))
            .collect(),
        params,
    )
}

pub(super) fn save_group(
    engine: &mut Engine,
    id: Option<&str>,
    body: &Value,
    base: &str,
    now: i64,
) -> SResp {
    let Some(name) = body
        .get("displayName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return err(400, "displayName is required", Some("invalidValue"));
    };
    let members = body.get("members").and_then(Value::as_array).cloned();
    if id.is_some() && members.is_none() {
        return err(
            400,
            "members is required: PUT replaces the group, so list every member",
            Some("invalidValue"),
        );
    }
    let mut ids = Vec::new();
    for m in members.unwrap_or_default() {
        let v = m
            .get("value")
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .unwrap_or_default();
        if engine.world.get(&v).is_none_or(|n| n.kind != Kind::Member) {
            return err(400, &format!("Unknown member '{v}'"), Some("invalidValue"));
        }
        ids.push(v);
    }
    let (status, gid) = match id {
        Some(g)
            if engine
                .world
                .get(g)
                .is_some_and(|n| n.kind == Kind::PeopleSet) =>
        {
            (200, g.to_owned())
        }
        Some(g) => return err(404, &format!("Group {g} not found"), None),
        None => (201, engine.world.new_id()),
    };
    let mut n = engine
        .world
        .get(&gid)
        .cloned()
        .unwrap_or_else(|| Node::new(&gid, Kind::PeopleSet, now));
    n.set("name", name.to_owned());
    *n.edge_mut("members") = ids.into_iter().map(|m| EdgeItem::to(m, now)).collect();
    let out = group(&n, base);
    engine.world.insert(n);
    if status == 201 {
        return created(out);
    }
    resp(status, out)
}
