//! Writes: POST and DELETE change the in-memory community, with Graph's validation errors.

use serde_json::{Value, json};

use super::apps::App;
use super::engine::{Engine, param};
use super::errors::GraphErr;
use super::world::{EdgeItem, Kind, Node, World, reference};
use crate::core::timefmt::{graph_time, parse_time};

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
fn member_of(
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

/// Applies the write named by the catalogue entry `entry` to `target` (and `sub`, a second id).
pub fn apply(
    engine: &mut Engine,
    app: &App,
    entry: &str,
    target: &str,
    sub: Option<&str>,
    params: Params<'_>,
    now: i64,
) -> Result<Value, GraphErr> {
    let group = engine.world.group_of(target);
    match entry {
        "community.groups.create" => {
            let name = need(params, "name")?.to_owned();
            let privacy = param(params, "privacy")
                .unwrap_or("CLOSED")
                .to_ascii_uppercase();
            if !matches!(privacy.as_str(), "OPEN" | "CLOSED" | "SECRET") {
                return Err(GraphErr::param(
                    "Param privacy must be one of {OPEN, CLOSED, SECRET}",
                ));
            }
            let id = engine.world.new_id();
            let mut g = Node::new(&id, Kind::Group, now);
            g.set("name", name)
                .set("privacy", privacy)
                .set("archived", false)
                .set("updated_time", graph_time(now))
                .set("is_community", false)
                .set("is_workplace_default", false);
            set_fields(
                &mut g,
                params,
                &[
                    "description",
                    "purpose",
                    "post_permissions",
                    "join_setting",
                    "cover_url",
                ],
            );
            if let Some(p) = param(params, "group_type") {
                g.set("purpose", p.to_owned());
            }
            g.group = Some(id.clone());
            if let Some(admin) = param(params, "admin") {
                let admin = member_of(engine, app, &[("admin".into(), admin.into())], "admin")?;
                g.set("owner", reference(&admin));
                g.edge_mut("members").push(
                    EdgeItem::to(admin.clone(), now)
                        .with("administrator", true)
                        .with("joined", now),
                );
                g.edge_mut("admins").push(EdgeItem::to(admin, now));
            }
            let community = engine.world.community.clone();
            Ok(create(engine, g, &community, "groups", now, false))
        }
        "community.members.add" | "community.members.remove" => {
            let m = member_of(engine, app, params, "member")?;
            if let Some(node) = engine.world.get_mut(&m) {
                node.set("active", entry.ends_with("add"));
            }
            Ok(success())
        }
        "community.admins.add" | "group.admins.add" => {
            let m = member_of(engine, app, params, "uid")?;
            if entry.starts_with("group")
                && !engine
                    .world
                    .get(target)
                    .is_some_and(|g| g.edge("members").iter().any(|e| e.id == m))
            {
                return Err(GraphErr::param(
                    "The user must be a member of the group to become an admin",
                ));
            }
            add_entry(
                &mut engine.world,
                target,
                "admins",
                EdgeItem::to(m.clone(), now),
                false,
            );
            set_admin_flag(&mut engine.world, target, &m, true);
            Ok(success())
        }
        "community.admins.remove" | "group.admins.remove" => {
            let m = member_of(engine, app, params, "uid")?;
            engine.world.unlink(target, "admins", &m);
            set_admin_flag(&mut engine.world, target, &m, false);
            Ok(success())
        }
        "community.accounts.create" => create_account(engine, params, now),
        "group.update" => {
            let node = engine
                .world
                .get_mut(target)
                .ok_or_else(|| GraphErr::no_object("post", target))?;
            set_fields(
                node,
                params,
                &[
                    "name",
                    "description",
                    "purpose",
                    "post_permissions",
                    "join_setting",
                    "cover_url",
                    "post_requires_admin_approval",
                ],
            );
            if let Some(p) = param(params, "privacy") {
                node.set("privacy", p.to_ascii_uppercase());
            }
            if let Some(a) = param(params, "archive") {
                node.set("archived", truthy(a));
            }
            node.set("updated_time", graph_time(now));
            Ok(success())
        }
        "group.feed.post" | "member.feed.post" => {
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
            if let Some(l) = link {
                post.set("link", l.to_owned());
            }
            post.group = group;
            Ok(create(engine, post, target, "feed", now, true))
        }
        "group.members.add" => {
            let m = member_of(engine, app, params, "member")?;
            add_entry(
                &mut engine.world,
                target,
                "members",
                EdgeItem::to(m, now)
                    .with("administrator", false)
                    .with("joined", now),
                false,
            );
            Ok(success())
        }
        "group.members.remove" | "group.member.remove" => {
            let m = match sub {
                Some(s) => s.to_owned(),
                None => member_of(engine, app, params, "member")?,
            };
            if !engine.world.unlink(target, "members", &m) {
                return Err(GraphErr::param("The user is not a member of the group"));
            }
            engine.world.unlink(target, "admins", &m);
            add_entry(
                &mut engine.world,
                target,
                "former_members",
                EdgeItem::to(m, now),
                false,
            );
            Ok(success())
        }
        "group.events.create" => {
            let name = need(params, "name")?.to_owned();
            let start = need(params, "start_time")?;
            let start_t = parse_time(start).ok_or_else(|| {
                GraphErr::param(
                    "Param start_time must be an ISO 8601 time, e.g. 2026-06-02T08:00+00:00",
                )
            })?;
            let id = engine.world.new_id();
            let mut e = Node::new(&id, Kind::Event, now);
            e.set("name", name)
                .set("start_time", graph_time(start_t))
                .set("is_canceled", false)
                .set("owner", reference(&app.bot_id))
                .set("parent_group", reference(target))
                .set("attending_count", 0);
            if let Some(end) = param(params, "end_time").and_then(parse_time) {
                e.set("end_time", graph_time(end));
            }
            set_fields(&mut e, params, &["description"]);
            if let Some(l) = param(params, "location") {
                e.set("place", json!({ "name": l }));
            }
            e.group = group;
            Ok(create(engine, e, target, "events", start_t, false))
        }
        "group.docs.create" => {
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
        "group.photos.create" | "me.photos.create" | "kl.photos.add" | "kl.videos.add" => {
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
        "post.delete"
        | "comment.delete"
        | "photo.delete"
        | "doc.delete"
        | "event.delete"
        | "kl.category.delete"
        | "kl.quick_link.delete"
        | "people_set.delete"
        | "message.delete" => {
            if entry == "message.delete" {
                need(params, "user")?;
            }
            engine.world.remove(target);
            Ok(success())
        }
        "object.comments.create" => {
            let message = param(params, "message").filter(|m| !m.is_empty());
            let attachment =
                param(params, "attachment_url").or_else(|| param(params, "attachment_id"));
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
        "object.likes.create" => {
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
        "object.likes.delete" => {
            engine.world.unlink(target, "likes", &app.bot_id);
            engine.world.unlink(target, "reactions", &app.bot_id);
            Ok(success())
        }
        _ => super::writes_more::apply(engine, app, entry, target, params, now),
    }
}

fn set_admin_flag(w: &mut World, group: &str, member: &str, admin: bool) {
    if let Some(g) = w.get_mut(group) {
        for e in g.edge_mut("members").iter_mut().filter(|e| e.id == member) {
            e.extra.insert("administrator".into(), json!(admin));
        }
    }
}

fn create_account(engine: &mut Engine, params: Params<'_>, now: i64) -> Result<Value, GraphErr> {
    let name = need(params, "name")?.to_owned();
    let email = param(params, "email").filter(|e| !e.is_empty());
    let external = param(params, "external_id").filter(|e| !e.is_empty());
    if email.is_none() && external.is_none() {
        return Err(GraphErr::param(
            "Either email or external_id must be supplied",
        ));
    }
    if let Some(e) = email
        && engine.world.member_by_email(e).is_some()
    {
        return Err(GraphErr::param(format!(
            "An account with the email {e} already exists"
        )));
    }
    let id = engine.world.new_id();
    let mut m = Node::new(&id, Kind::Member, now);
    let (first, last) = name.split_once(' ').unwrap_or((name.as_str(), ""));
    m.set("name", name.clone())
        .set("first_name", first.to_owned())
        .set("last_name", last.to_owned())
        .set("active", true)
        .set("account_invite_time", graph_time(now))
        .set("updated_time", graph_time(now))
        .set("locale", "en_US");
    set_fields(
        &mut m,
        params,
        &[
            "email",
            "external_id",
            "title",
            "department",
            "organization",
            "division",
            "cost_center",
            "work_locale",
            "auth_method",
        ],
    );
    if let Some(mgr) = param(params, "manager") {
        m.set("manager", reference(mgr));
    }
    if let Some(f) = param(params, "is_frontline") {
        m.set("is_frontline", truthy(f));
    }
    engine.world.insert(m);
    Ok(json!({ "id": id }))
}

/// True when a member has claimed their account (and so cannot be deleted).
pub fn is_claimed(node: &Node) -> bool {
    node.fields.contains_key("account_claim_time")
}
