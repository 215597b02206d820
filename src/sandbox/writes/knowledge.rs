//! Writes on the Knowledge Library: categories, subcategories, quick links.

use serde_json::{Value, json};

use super::common::{create, json_param, need, node_mut, set_fields, success};
use crate::core::timefmt::graph_time;
use crate::sandbox::call::Call;
use crate::sandbox::engine::param;
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{Kind, Node, reference};

/// `kl.categories.create`, `kl.subcategories.create`.
pub(super) fn create_category(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, params, now, target, entry) = (c.app, c.params, c.now, c.target, c.entry);
    let title = need(params, "title")?.to_owned();
    let id = engine.world.new_id();
    let mut c = Node::new(&id, Kind::Category, now);
    c.set("title", title)
        .set(
            "status",
            param(params, "status")
                .unwrap_or("DRAFT")
                .to_ascii_uppercase(),
        )
        .set("last_editor", reference(&app.bot_id))
        .set("last_updated", graph_time(now));
    set_fields(&mut c, params, &["content", "color", "icon"]);
    let parent = if entry.starts_with("kl.sub") {
        target.to_owned()
    } else {
        engine.world.community.clone()
    };
    if entry.starts_with("kl.sub") {
        c.set("parent_id", target.to_owned())
            .set("read_audience", json!({"audience_type": "INHERIT"}));
    }
    let edge = if entry.starts_with("kl.sub") {
        "subcategories"
    } else {
        "knowledge_library_categories"
    };
    Ok(create(engine, c, &parent, edge, now, false))
}

/// `kl.category.update`, `kl.quick_link.update`.
pub(super) fn update(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now, target) = (c.params, c.now, c.target);
    let audience = json_param(params, "read_audience")?;
    let node = node_mut(engine, target)?;
    set_fields(node, params, &["title", "content", "link", "color", "icon"]);
    if let Some(s) = param(params, "status") {
        node.set("status", s.to_ascii_uppercase());
    }
    if let Some(a) = audience {
        node.set("read_audience", a);
    }
    node.set("last_updated", graph_time(now));
    Ok(success())
}

/// `kl.quick_links.create`.
pub(super) fn create_quick_link(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now) = (c.params, c.now);
    let title = need(params, "title")?.to_owned();
    let link = need(params, "link")?.to_owned();
    let id = engine.world.new_id();
    let mut q = Node::new(&id, Kind::QuickLink, now);
    q.set("title", title).set("link", link);
    let community = engine.world.community.clone();
    Ok(create(
        engine,
        q,
        &community,
        "knowledge_quick_links",
        now,
        false,
    ))
}
