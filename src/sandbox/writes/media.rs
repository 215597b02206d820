//! Writes that add media: photos and videos (groups, timelines, the Knowledge Library) and docs.

use serde_json::{Value, json};

use super::common::{create, need, set_fields};
use crate::core::timefmt::graph_time;
use crate::sandbox::call::Call;
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{Kind, Node, reference};

/// `group.docs.create`.
pub(super) fn create_doc(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let group = c.engine.world.group_of(c.target);
    let engine = &mut *c.engine;
    let app = c.app;
    let params = c.params;
    let now = c.now;
    let target = c.target;
    let title = need(params, "title")?.to_owned();
    let body = need(params, "body")?.to_owned();
    let id = format!("{target}_{}", engine.world.new_id());
    let mut d = Node::new(&id, Kind::Doc, now);
    d.set("subject", title)
        .set("message", body)
        .set("from", reference(&app.bot_id))
        .set("created_time", graph_time(now));
    d.group = group;
    Ok(create(engine, d, target, "docs", now, true))
}

/// `group.photos.create`, `me.photos.create`, `kl.photos.add`, `kl.videos.add`.
pub(super) fn create_photo(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let group = c.engine.world.group_of(c.target);
    let engine = &mut *c.engine;
    let app = c.app;
    let params = c.params;
    let now = c.now;
    let target = c.target;
    let entry = c.entry;
    let url = need(params, "url")?.to_owned();
    let id = engine.world.new_id();
    let kind = if entry == "kl.videos.add" {
        Kind::Video
    } else {
        Kind::Photo
    };
    let mut p = Node::new(&id, kind, now);
    p.set("created_time", graph_time(now))
        .set("from", reference(&app.bot_id))
        .set("link", url);
    set_fields(&mut p, params, &["name", "message"]);
    p.group = group.filter(|_| entry == "group.photos.create");
    engine.world.insert(p);
    if entry == "group.photos.create" {
        let pid = format!("{target}_{}", engine.world.new_id());
        return Ok(json!({ "id": id, "post_id": pid }));
    }
    Ok(json!({ "id": id }))
}
