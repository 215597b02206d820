//! Writes on feeds: posts to a group or a member timeline.

use serde_json::{Value, json};

use super::common::create;
use crate::core::timefmt::graph_time;
use crate::sandbox::call::Call;
use crate::sandbox::engine::param;
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{Kind, Node, reference};

/// `group.feed.post`, `member.feed.post`.
pub(super) fn create_post(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let group = c.engine.world.group_of(c.target);
    let engine = &mut *c.engine;
    let (app, params, now, target, entry) = (c.app, c.params, c.now, c.target, c.entry);
    let message = param(params, "message").filter(|m| !m.is_empty());
    let link = param(params, "link").filter(|m| !m.is_empty());
    if message.is_none() && link.is_none() {
        return Err(GraphErr::param("Either message or link must be supplied"));
    }
    if entry == "group.feed.post"
        && engine
            .world
            .get(target)
            .and_then(|g| g.fields.get("archived"))
            .and_then(Value::as_bool)
            == Some(true)
    {
        return Err(GraphErr::param(
            "The group is archived: unarchive it before posting",
        ));
    }
    let pid = format!("{target}_{}", engine.world.new_id());
    let mut post = Node::new(&pid, Kind::Post, now);
    post.set("message", message.unwrap_or_default().to_owned())
        .set("from", reference(&app.bot_id))
        .set("created_time", graph_time(now))
        .set("updated_time", graph_time(now))
        .set("type", if link.is_some() { "link" } else { "status" })
        .set("status_type", "app_created_story")
        .set(
            "formatting",
            param(params, "formatting")
                .unwrap_or("PLAINTEXT")
                .to_ascii_uppercase(),
        )
        .set(
            "permalink_url",
            format!(
                "https://northwind.workplace.com/groups/{target}/permalink/{}/",
                pid.split('_').nth(1).unwrap_or_default()
            ),
        );
    post.set("to", json!({"data": [{"id": target}]}))
        .set("is_hidden", false);
    if let Some(l) = link {
        post.set("link", l.to_owned());
    }
    post.group = group;
    Ok(create(engine, post, target, "feed", now, true))
}
