//! Writes on members: accounts, profile fields, activation, badges, skills, pictures.

use serde_json::{Value, json};

use super::common::{
    Params, add_entry, json_param, member_of, need, node_mut, set_fields, success, truthy,
};
use crate::core::timefmt::graph_time;
use crate::sandbox::call::Call;
use crate::sandbox::engine::{Engine, param};
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{EdgeItem, Kind, Node, reference};

/// `community.members.add`, `community.members.remove`.
pub(super) fn set_active(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (app, params, entry) = (c.app, c.params, c.entry);
    let m = member_of(engine, app, params, "member")?;
    if let Some(node) = engine.world.get_mut(&m) {
        node.set("active", entry.ends_with("add"));
    }
    Ok(success())
}

/// `community.accounts.create`.
pub(super) fn create_account(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now) = (c.params, c.now);
    new_account(engine, params, now)
}

/// `member.update`.
pub(super) fn update(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now, target) = (c.params, c.now, c.target);
    let node = node_mut(engine, target)?;
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

/// `member.delete`.
pub(super) fn delete(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let target = c.target;
    let node = engine
        .world
        .get(target)
        .ok_or_else(|| GraphErr::no_object("delete", target))?;
    if crate::sandbox::kinds::is_claimed(node) {
        return Err(GraphErr::param(
            "Only accounts that were never claimed can be deleted: deactivate this one with active=false",
        ));
    }
    engine.world.remove(target);
    Ok(success())
}

/// `member.logout`.
pub(super) fn logout(_c: &mut Call<'_>) -> Result<Value, GraphErr> {
    Ok(success())
}

/// `member.profile_pictures.create`.
pub(super) fn set_picture(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let target = c.target.to_owned();
    let url =
        super::media::media(c.params, c.files, &["image_url"])?.link(&format!("{target}_picture"));
    if let Some(n) = c.engine.world.get_mut(&target) {
        n.set("picture_url", url);
    }
    Ok(success())
}

/// `member.badges.award`.
pub(super) fn award_badge(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now, target) = (c.params, c.now, c.target);
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

/// `member.skills.add`, `member.skills.remove`.
pub(super) fn skills(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now, target, entry) = (c.params, c.now, c.target, c.entry);
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

fn new_account(engine: &mut Engine, params: Params<'_>, now: i64) -> Result<Value, GraphErr> {
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
    // `invited` (default true) sends the invitation e-mail.
    if param(params, "invited").is_none_or(truthy) {
        m.set("account_invite_time", graph_time(now));
    }
    if let Some(f) = param(params, "is_frontline") {
        m.set("is_frontline", truthy(f));
    }
    crate::sandbox::kinds::complete(&mut m);
    engine.world.insert(m);
    Ok(json!({ "id": id }))
}
