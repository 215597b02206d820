//! Writes that apply to any object: delete, comment, like.

use serde_json::Value;

use super::common::{add_entry, create, need, success};
use crate::core::timefmt::graph_time;
use crate::sandbox::call::Call;
use crate::sandbox::engine::param;
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{EdgeItem, Kind, Node, reference};

/// `post.delete`, `comment.delete`, `photo.delete`, `doc.delete`, `event.delete`, `kl.category.delete`, `kl.quick_link.delete`, `people_set.delete`, `message.delete`.
pub(super) fn delete(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, target, entry) = (c.params, c.target, c.entry);
    if entry == "message.delete" {
        need(params, "user")?;
    }
    engine.world.remove(target);
    Ok(success())
}

/// `object.comments.create`.
pub(super) fn comment(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let group = c.engine.world.group_of(c.target);
    let engine = &mut *c.engine;
    let (app, params, now, target) = (c.app, c.params, c.now, c.target);
    let message = param(params, "message").filter(|m| !m.is_empty());
    let attachment = param(params, "attachment_url").or_else(|| param(params, "attachment_id"));
    if message.is_none() && attachment.is_none() {
        return Err(GraphErr::param(
            "Either message or an attachment must be supplied",
        ));
    }
    let base = target.rsplit('_').next().unwrap_or(target).to_owned();
    let id = format!("{base}_{}", engine.world.new_id());
    let mut c = Node::new(&id, Kind::Comment, now);
    c.set("message", message.unwrap_or_default().to_owned())
        .set("from", reference(&app.bot_id))
        .set("created_time", graph_time(now))
        .set("object", reference(target))
        .set("like_count", 0)
        .set("comment_count", 0);
    c.group = group;
    Ok(create(engine, c, target, "comments", now, false))
}

/// `object.likes.create`.
pub(super) fn like(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, now, target) = (c.app, c.now, c.target);
    add_entry(
        &mut engine.world,
        target,
        "likes",
        EdgeItem::to(app.bot_id.clone(), now),
        false,
    );
    add_entry(
        &mut engine.world,
        target,
        "reactions",
        EdgeItem::to(app.bot_id.clone(), now).with("type", "LIKE"),
        false,
    );
    Ok(success())
}

/// `object.likes.delete`.
pub(super) fn unlike(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, target) = (c.app, c.target);
    engine.world.unlink(target, "likes", &app.bot_id);
    engine.world.unlink(target, "reactions", &app.bot_id);
    Ok(success())
}
