//! What every write uses: reading parameters, linking and creating nodes, naming a member.

use serde_json::{Value, json};

use crate::sandbox::apps::App;
use crate::sandbox::engine::{Engine, param};
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{EdgeItem, Kind, Node, World};

pub(super) type Params<'a> = &'a [(String, String)];

pub(super) fn need<'a>(params: Params<'a>, name: &str) -> Result<&'a str, GraphErr> {
    param(params, name)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| GraphErr::required(name))
}

pub(super) fn success() -> Value {
    json!({ "success": true })
}

pub(super) fn truthy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes")
}

pub(super) fn json_param(params: Params<'_>, name: &str) -> Result<Option<Value>, GraphErr> {
    param(params, name)
        .map(|v| {
            serde_json::from_str(v)
                .map_err(|_| GraphErr::param(format!("Param {name} must be valid JSON")))
        })
        .transpose()
}

/// The member named by `member` (or `uid`) or `email`: one of them, never both.
pub(super) fn member_of(
    engine: &Engine,
    app: &App,
    params: Params<'_>,
    id_key: &str,
) -> Result<String, GraphErr> {
    let by_id = param(params, id_key);
    let by_email = param(params, "email");
    let id = match (by_id, by_email) {
        (Some(_), Some(_)) => {
            return Err(GraphErr::param(format!(
                "Specify either {id_key} or email, not both"
            )));
        }
        (Some(id), None) => id.trim().to_owned(),
        (None, Some(email)) => {
            if !app.has("read_user_email") && !app.has("manage_accounts") {
                return Err(GraphErr::permission("read_user_email"));
            }
            engine
                .world
                .member_by_email(email.trim())
                .map(|m| m.id.clone())
                .ok_or_else(|| GraphErr::param(format!("No member with the email {email}")))?
        }
        (None, None) => return Err(GraphErr::required(id_key)),
    };
    match engine.world.get(&id) {
        Some(n) if n.kind == Kind::Member => Ok(id),
        _ => Err(GraphErr::param(format!(
            "Param {id_key} must be a valid member id, got '{id}'"
        ))),
    }
}

pub(super) fn add_entry(w: &mut World, to: &str, edge: &str, item: EdgeItem, front: bool) -> bool {
    let Some(node) = w.get_mut(to) else {
        return false;
    };
    let list = node.edge_mut(edge);
    if list.iter().any(|e| e.id == item.id) {
        return false;
    }
    if front {
        list.insert(0, item)
    } else {
        list.push(item)
    }
    true
}

/// Inserts a new node, links it from `parent`'s `edge`, and answers `{"id": …}`.
pub(super) fn create(
    engine: &mut Engine,
    node: Node,
    parent: &str,
    edge: &str,
    time: i64,
    front: bool,
) -> Value {
    let mut node = node;
    crate::sandbox::kinds::complete(&mut node);
    let id = node.id.clone();
    engine.world.insert(node);
    add_entry(
        &mut engine.world,
        parent,
        edge,
        EdgeItem::to(id.clone(), time),
        front,
    );
    json!({ "id": id })
}

pub(super) fn set_fields(node: &mut Node, params: Params<'_>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = param(params, k) {
            node.set(k, v.to_owned());
        }
    }
}

/// The node a write changes, or Graph's "Unsupported post request" when there is none.
pub(super) fn node_mut<'a>(engine: &'a mut Engine, id: &str) -> Result<&'a mut Node, GraphErr> {
    engine
        .world
        .get_mut(id)
        .ok_or_else(|| GraphErr::no_object("post", id))
}
