//! Writes on Work Chat: sending messages, naming threads, participants.

use serde_json::{Value, json};

use super::common::{Params, add_entry, json_param, need, success};
use crate::core::timefmt::graph_time;
use crate::sandbox::apps::App;
use crate::sandbox::call::Call;
use crate::sandbox::engine::{Engine, param};
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{EdgeItem, Kind, Node, reference};

/// `me.messages.send`.
pub(super) fn send(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, params, now) = (c.app, c.params, c.now);
    send_message(engine, app, params, now)
}

/// `thread.threadname`.
pub(super) fn rename(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, target) = (c.params, c.target);
    let name = need(params, "name")?.to_owned();
    if let Some(t) = engine.world.get_mut(target) {
        t.set("name", name);
    }
    Ok(success())
}

/// `thread.participants.add`, `thread.participants.remove`.
pub(super) fn participants(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now, target, entry) = (c.params, c.now, c.target, c.entry);
    let to = json_param(params, "to")?.ok_or_else(|| GraphErr::required("to"))?;
    let ids: Vec<String> = to
        .as_array()
        .ok_or_else(|| GraphErr::param("Param to must be a JSON array of member ids"))?
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect();
    for id in ids {
        if engine.world.get(&id).is_none_or(|m| m.kind != Kind::Member) {
            return Err(GraphErr::param(format!("'{id}' is not a member id")));
        }
        if entry.ends_with("add") {
            add_entry(
                &mut engine.world,
                target,
                "participants",
                EdgeItem::to(id, now),
                false,
            );
        } else {
            engine.world.unlink(target, "participants", &id);
        }
    }
    Ok(success())
}

fn send_message(
    engine: &mut Engine,
    app: &App,
    params: Params<'_>,
    now: i64,
) -> Result<Value, GraphErr> {
    let recipient =
        json_param(params, "recipient")?.ok_or_else(|| GraphErr::required("recipient"))?;
    let message = json_param(params, "message")?;
    let action = param(params, "sender_action");
    if message.is_none() && action.is_none() {
        return Err(GraphErr::param(
            "Either message or sender_action must be supplied",
        ));
    }
    let as_id = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let (thread, recipient_id) = if let Some(key) = recipient.get("thread_key").map(as_id) {
        if engine
            .world
            .get(&key)
            .is_none_or(|t| t.kind != Kind::Thread)
        {
            return Err(GraphErr::param(format!("Unknown thread_key '{key}'")));
        }
        (key, None)
    } else {
        let ids: Vec<String> = match (recipient.get("id"), recipient.get("ids")) {
            (Some(id), _) => vec![as_id(id)],
            (None, Some(Value::Array(ids))) if !ids.is_empty() => ids.iter().map(as_id).collect(),
            _ => return Err(GraphErr::param("recipient needs id, ids or thread_key")),
        };
        for id in &ids {
            if engine.world.get(id).is_none_or(|m| m.kind != Kind::Member) {
                return Err(GraphErr::param(format!("No matching user found: '{id}'")));
            }
        }
        let tid = format!("t_{}", engine.world.new_id());
        let mut t = Node::new(&tid, Kind::Thread, now);
        t.set("name", "")
            .set("updated_time", graph_time(now))
            .set("can_reply", true)
            .set("message_count", 0);
        for p in std::iter::once(app.bot_id.clone()).chain(ids.iter().cloned()) {
            t.edge_mut("participants").push(EdgeItem::to(p, now));
        }
        engine.world.insert(t);
        let single = (ids.len() == 1).then(|| ids[0].clone());
        (tid, single)
    };
    if action.is_some() && message.is_none() {
        return Ok(json!({ "recipient_id": recipient_id.unwrap_or_else(|| thread.clone()) }));
    }
    let text = message
        .as_ref()
        .and_then(|m| m.get("text"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mid = format!("m_mid.$cAAB{}", engine.world.new_id());
    let mut m = Node::new(&mid, Kind::Message, now);
    m.set("message", text)
        .set("from", reference(&app.bot_id))
        .set("created_time", graph_time(now))
        .set("thread", reference(&thread));
    engine.world.insert(m);
    add_entry(
        &mut engine.world,
        &thread,
        "messages",
        EdgeItem::to(mid.clone(), now),
        true,
    );
    Ok(match recipient_id {
        Some(r) => json!({ "recipient_id": r, "message_id": mid }),
        None => json!({ "thread_key": thread, "message_id": mid }),
    })
}
