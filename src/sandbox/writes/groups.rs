//! Writes on groups: create, update, members and admins (of a group or the community), events.

use serde_json::{Value, json};

use super::common::{add_entry, create, member_of, need, node_mut, set_fields, success, truthy};
use crate::core::timefmt::{graph_time, parse_time};
use crate::sandbox::call::Call;
use crate::sandbox::engine::param;
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{EdgeItem, Kind, Node, World, reference};

/// `community.groups.create`.
pub(super) fn create_group(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, params, now) = (c.app, c.params, c.now);
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

/// `community.admins.add`, `group.admins.add`.
pub(super) fn add_admin(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, params, now, target, entry) = (c.app, c.params, c.now, c.target, c.entry);
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

/// `community.admins.remove`, `group.admins.remove`.
pub(super) fn remove_admin(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, params, target) = (c.app, c.params, c.target);
    let m = member_of(engine, app, params, "uid")?;
    engine.world.unlink(target, "admins", &m);
    set_admin_flag(&mut engine.world, target, &m, false);
    Ok(success())
}

/// `group.update`.
pub(super) fn update(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now, target) = (c.params, c.now, c.target);
    let node = node_mut(engine, target)?;
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

/// `group.members.add`.
pub(super) fn add_member(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, params, now, target) = (c.app, c.params, c.now, c.target);
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

/// `group.members.remove`, `group.member.remove`.
pub(super) fn remove_member(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, params, now, target, sub) = (c.app, c.params, c.now, c.target, c.sub);
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
    // A group cannot be deleted through the API; removing its last member deletes it
    // (Workplace's group reference).
    if engine
        .world
        .get(target)
        .is_some_and(|g| g.kind == Kind::Group && g.edge("members").is_empty())
    {
        engine.world.remove(target);
    }
    Ok(success())
}

/// `group.events.create`.
pub(super) fn create_event(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let group = c.engine.world.group_of(c.target);
    let engine = &mut *c.engine;
    let (app, params, now, target) = (c.app, c.params, c.now, c.target);
    let name = need(params, "name")?.to_owned();
    let start = need(params, "start_time")?;
    let start_t = parse_time(start).ok_or_else(|| {
        GraphErr::param("Param start_time must be an ISO 8601 time, e.g. 2026-06-02T08:00+00:00")
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

fn set_admin_flag(w: &mut World, group: &str, member: &str, admin: bool) {
    if let Some(g) = w.get_mut(group) {
        for e in g.edge_mut("members").iter_mut().filter(|e| e.id == member) {
            e.extra.insert("administrator".into(), json!(admin));
        }
    }
}
