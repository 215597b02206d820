//! Reads: a node (with `metadata=1`), or an edge filtered and paged.

use serde_json::{Value, json};

use super::path::Op;
use crate::core::fields::parse_fields;
use crate::sandbox::apps::App;
use crate::sandbox::engine::{Engine, param};
use crate::sandbox::errors::GraphErr;
use crate::sandbox::paging::PageOpts;
use crate::sandbox::render::{View, picture};
use crate::sandbox::world::{EdgeItem, Kind, Node};

/// Answers a GET on `node` (the first segment) or one of its edges.
pub fn read(
    engine: &Engine,
    app: &App,
    op: &Op<'_>,
    node: &Node,
) -> Result<(u16, Value), GraphErr> {
    let (segs, params, version, now) = (op.segs, op.params, op.version, op.now);
    let view = View {
        world: &engine.world,
        app,
        base_url: &engine.base_url,
        version,
        now,
        link_auth: op.link_auth,
    };
    let sel = match param(params, "fields") {
        Some(f) => Some(parse_fields(f).map_err(|e| GraphErr::syntax(&e))?),
        None => None,
    };
    if segs.len() == 1 {
        let mut v = view.node(node, sel.as_deref())?;
        if param(params, "metadata") == Some("1")
            && let Value::Object(o) = &mut v
        {
            o.insert(
                "metadata".into(),
                crate::sandbox::metadata::metadata(&view, node),
            );
        }
        return Ok((200, v));
    }
    let edge = segs[1].as_str();
    if node.kind == Kind::Member && edge == "picture" {
        let data = picture(&engine.base_url, node);
        // Graph answers 302 to the image unless `redirect=false` (or 0) asks for the JSON.
        if matches!(param(params, "redirect"), Some("false" | "0")) {
            return Ok((200, json!({ "data": data })));
        }
        return Ok((302, json!({ "location": data["url"] })));
    }
    let mut items = view
        .edge_items(node, edge)
        .ok_or_else(|| GraphErr::unknown_path(edge))?;
    filter_items(&view, node, edge, params, &mut items);
    let opts = PageOpts::from_params(params)?;
    let link = format!("{}/{edge}", segs[0]);
    view.page(items, sel.as_deref(), &opts, &link, params)
        .map(|v| (200, v))
}

fn filter_items(
    view: &View<'_>,
    node: &Node,
    edge: &str,
    params: &[(String, String)],
    items: &mut Vec<EdgeItem>,
) {
    let w = view.world;
    if node.kind == Kind::Community
        && edge == "organization_members"
        && param(params, "inactive") == Some("1")
    {
        *items = w
            .all(Kind::Member)
            .into_iter()
            .filter(|m| m.fields.get("active").and_then(Value::as_bool) == Some(false))
            .map(|m| EdgeItem::to(m.id.clone(), m.time))
            .collect();
    }
    if let Some(ext) = param(params, "external_ids") {
        let wanted: Vec<&str> = ext.split(',').map(str::trim).collect();
        items.retain(|i| {
            w.get(&i.id)
                .and_then(|m| m.str("external_id"))
                .is_some_and(|x| wanted.contains(&x))
        });
    }
    if node.kind == Kind::Thread
        && edge == "messages"
        && let Some(user) = param(params, "user")
    {
        items.retain(|i| {
            w.get(&i.id)
                .and_then(|m| m.fields.get("from"))
                .and_then(crate::sandbox::world::referenced)
                == Some(user)
        });
    }
}
