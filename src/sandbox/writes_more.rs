//! Writes on members, Work Chat, the Knowledge Library, people sets, surveys and exports.

use serde_json::{Value, json};

use super::apps::App;
use super::engine::{Engine, param};
use super::errors::GraphErr;
use super::world::{EdgeItem, Kind, Node, reference};
use super::writes::{
    Params, add_entry, create, is_claimed, json_param, need, set_fields, success, truthy,
};
use crate::core::timefmt::graph_time;

const CONDITION_FIELDS: [&str; 10] = [
    "ACCOUNT_STATUS",
    "DEPARTMENT",
    "DIVISION",
    "LOCATION",
    "MANAGER",
    "MANAGER_RECURSIVE",
    "MEMBER_TYPE",
    "ORGANIZATION",
    "START_DATE",
    "TITLE",
];
const CONDITION_OPERATORS: [&str; 8] = [
    "CONTAINS",
    "ENTITY_SET_IS",
    "ENUM_SET_IS",
    "GREATER_THAN",
    "LESS_THAN",
    "IS",
    "IS_ANY_OF",
    "STARTS_WITH",
];

fn check_conditions(v: &Value) -> Result<(), GraphErr> {
    let list = v
        .as_array()
        .ok_or_else(|| GraphErr::param("Param conditions must be a JSON array"))?;
    for c in list {
        let field = c.get("field").and_then(Value::as_str).unwrap_or_default();
        let op = c
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !CONDITION_FIELDS.contains(&field) {
            return Err(GraphErr::param(format!(
                "Unknown condition field '{field}': use one of {}",
                CONDITION_FIELDS.join(", ")
            )));
        }
        if !CONDITION_OPERATORS.contains(&op) {
            return Err(GraphErr::param(format!(
                "Unknown condition operator '{op}': use one of {}",
                CONDITION_OPERATORS.join(", ")
            )));
        }
        if !c.get("values").is_some_and(Value::is_array) {
            return Err(GraphErr::param("Each condition needs a values array"));
        }
    }
    Ok(())
}

/// The writes not handled in `writes.rs`.
pub fn apply(
    engine: &mut Engine,
    app: &App,
    entry: &str,
    target: &str,
    params: Params<'_>,
    now: i64,
) -> Result<Value, GraphErr> {
    match entry {
        "member.update" => {
            let node = engine
                .world
                .get_mut(target)
                .ok_or_else(|| GraphErr::no_object("post", target))?;
            set_fields(
                node,
                params,
                &[
                    "name",
                    "title",
                    "department",
                    "division",
                    "organization",
                    "cost_center",
                    "email",
                    "external_id",
                    "work_locale",
                    "auth_method",
                ],
            );
            if let Some(a) = param(params, "active") {
                node.set("active", truthy(a));
            }
            if let Some(m) = param(params, "manager") {
                node.set("manager", reference(m));
            }
            if let Some(f) = json_param(params, "frontline")? {
                node.set("frontline", f);
            }
            node.set("updated_time", graph_time(now));
            Ok(success())
        }
        "member.delete" => {
            let node = engine
                .world
                .get(target)
                .ok_or_else(|| GraphErr::no_object("delete", target))?;
            if is_claimed(node) {
                return Err(GraphErr::param(
                    "Only accounts that were never claimed can be deleted: deactivate this one with active=false",
                ));
            }
            engine.world.remove(target);
            Ok(success())
        }
        "member.logout" => Ok(success()),
        "member.profile_pictures.create" => {
            let url = need(params, "image_url")?.to_owned();
            if let Some(n) = engine.world.get_mut(target) {
                n.set("picture_url", url);
            }
            Ok(success())
        }
        "member.badges.award" => {
            let badge = need(params, "badge")?.to_owned();
            if engine
                .world
                .get(&badge)
                .is_none_or(|b| b.kind != Kind::Badge)
            {
                return Err(GraphErr::param(format!(
                    "Unknown badge '{badge}': list them with GET /community/badges"
                )));
            }
            add_entry(
                &mut engine.world,
                target,
                "badges",
                EdgeItem::to(badge, now),
                false,
            );
            Ok(success())
        }
        "member.skills.add" | "member.skills.remove" => {
            let name = need(params, "name")?.trim().to_lowercase();
            let existing = engine
                .world
                .all(Kind::Skill)
                .into_iter()
                .find(|s| s.str("name") == Some(name.as_str()))
                .map(|s| s.id.clone());
            if entry.ends_with("remove") {
                if let Some(sid) = existing {
                    engine.world.unlink(target, "skills", &sid);
                }
                return Ok(success());
            }
            let sid = match existing {
                Some(s) => s,
                None => {
                    let sid = engine.world.new_id();
                    let mut s = Node::new(&sid, Kind::Skill, now);
                    s.set("name", name);
                    engine.world.insert(s);
                    sid
                }
            };
            add_entry(
                &mut engine.world,
                target,
                "skills",
                EdgeItem::to(sid.clone(), now),
                false,
            );
            Ok(json!({ "id": sid, "success": true }))
        }
        "me.messages.send" => send_message(engine, app, params, now),
        "thread.threadname" => {
            let name = need(params, "name")?.to_owned();
            if let Some(t) = engine.world.get_mut(target) {
                t.set("name", name);
            }
            Ok(success())
        }
        "thread.participants.add" | "thread.participants.remove" => {
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
        "kl.categories.create" | "kl.subcategories.create" => {
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
        "kl.category.update" | "kl.quick_link.update" => {
            let audience = json_param(params, "read_audience")?;
            let node = engine
                .world
                .get_mut(target)
                .ok_or_else(|| GraphErr::no_object("post", target))?;
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
        "kl.quick_links.create" => {
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
        "people_sets.create" | "people_set.update" => {
            let create = entry == "people_sets.create";
            let name = if create {
                Some(need(params, "name")?.to_owned())
            } else {
                param(params, "name").map(str::to_owned)
            };
            let conditions = json_param(params, "conditions")?;
            match &conditions {
                Some(c) => check_conditions(c)?,
                None if create => return Err(GraphErr::required("conditions")),
                None => {}
            }
            if create {
                let id = engine.world.new_id();
                let mut p = Node::new(&id, Kind::PeopleSet, now);
                p.set("name", name.unwrap_or_default())
                    .set("conditions", conditions.unwrap_or_default());
                engine.world.insert(p);
                return Ok(json!({ "id": id }));
            }
            let node = engine
                .world
                .get_mut(target)
                .ok_or_else(|| GraphErr::no_object("post", target))?;
            if let Some(n) = name {
                node.set("name", n);
            }
            if let Some(c) = conditions {
                node.set("conditions", c);
            }
            Ok(json!({ "success": "true" }))
        }
        "surveys.create" => {
            let mode = need(params, "creation_mode")?;
            if mode != "DRAFT" {
                return Err(GraphErr::param("Param creation_mode must be DRAFT"));
            }
            let title = need(params, "title")?.to_owned();
            let questions = json_param(params, "questions")?.unwrap_or_else(|| json!([]));
            if questions.as_array().is_some_and(|q| q.len() > 10) {
                return Err(GraphErr::param("A survey has at most 10 questions"));
            }
            let id = engine.world.new_id();
            let mut s = Node::new(&id, Kind::Survey, now);
            s.set("title", title)
                .set("status", "DRAFT")
                .set("creation_mode", "DRAFT")
                .set("questions", questions)
                .set("is_test", param(params, "is_test").is_some_and(truthy))
                .set("created_time", graph_time(now));
            engine.world.insert(s);
            Ok(json!({ "id": id }))
        }
        "export.start" => {
            let id = engine.world.new_id();
            let mut job = Node::new(&id, Kind::ExportJob, now);
            job.set("status", "PENDING")
                .set("type", "WORK_FILE_EXPORT_USER")
                .set(
                    "result",
                    format!("https://northwind.workplace.com/work/exports/{id}/employees.xlsx"),
                );
            engine.world.insert(job);
            Ok(json!({ "id": id }))
        }
        _ => Err(GraphErr::no_object("post", target)),
    }
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
