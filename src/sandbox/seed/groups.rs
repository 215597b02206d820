//! The seed: Groups, their members and admins, and their events.

use serde_json::json;

use super::data::{Rng, Seed, SeedIds, id};
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World, reference};

pub(super) fn groups(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
    let active: Vec<String> = ids.members[..ids.members.len() - 2].to_vec();
    let inactive: Vec<String> = ids.members[ids.members.len() - 2..].to_vec();
    for (k, g) in s.groups.iter().enumerate() {
        let gid = id(287_006_177_630_001, k * 7919);
        let created = t0 + k as i64 * 600;
        let mut node = Node::new(&gid, Kind::Group, created);
        let chosen: Vec<String> = if g.default {
            active.clone()
        } else {
            let size = 10 + rng.below(20);
            let start = rng.below(active.len());
            (0..size)
                .map(|j| active[(start + j * 5) % active.len()].clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let owner = chosen.first().cloned().unwrap_or_default();
        node.set("name", g.name.clone())
            .set("description", g.description.clone())
            .set("privacy", g.privacy.clone())
            .set("purpose", g.purpose.clone())
            .set("owner", reference(&owner))
            .set("updated_time", graph_time(s.epoch - k as i64 * 86_400))
            .set("archived", false)
            .set("is_workplace_default", g.default)
            .set("is_community", false)
            .set("post_permissions", if g.default { "ADMIN_ONLY" } else { "NONE" })
            .set("post_requires_admin_approval", false)
            .set("join_setting", if g.privacy == "OPEN" { "ANYONE" } else { "ADMIN_ONLY" })
            .set("icon", "https://static.xx.fbcdn.net/rsrc.php/v3/group_icon.png")
            .set("cover", json!({"id": id(740_000_000_100_001, k), "source": format!("https://scontent.example/cover_{k}.jpg"), "offset_x": 0, "offset_y": 50}));
        node.group = Some(gid.clone());
        for (j, m) in chosen.iter().enumerate() {
            let joined = created + j as i64 * 60;
            node.edge_mut("members").push(
                EdgeItem::to(m.clone(), joined)
                    .with("administrator", j < 2)
                    .with("joined", joined),
            );
            if j < 2 {
                node.edge_mut("admins")
                    .push(EdgeItem::to(m.clone(), joined));
            }
            if j == 2 {
                node.edge_mut("moderators")
                    .push(EdgeItem::to(m.clone(), joined));
            }
        }
        if !g.default {
            node.edge_mut("former_members")
                .push(EdgeItem::to(inactive[k % inactive.len()].clone(), created));
            let requester = active[(k * 13 + 7) % active.len()].clone();
            if !chosen.contains(&requester) {
                node.edge_mut("member_requests")
                    .push(EdgeItem::to(requester, created + 99));
            }
        }
        w.insert(node);
        if let Some(c) = w.get_mut(&s.community_id.clone()) {
            c.edge_mut("groups")
                .push(EdgeItem::to(gid.clone(), created));
        }
        ids.groups.push(gid);
    }
    if let Some(c) = w.get_mut(&s.community_id.clone()) {
        for m in ids.members.iter().take(3) {
            c.edge_mut("admins").push(EdgeItem::to(m.clone(), t0));
        }
    }
}

pub(super) fn events(w: &mut World, ids: &mut SeedIds, t0: i64) {
    let community = w.community.clone();
    for (k, gid) in ids.groups.iter().take(4).enumerate() {
        let eid = id(630_000_000_000_001, k * 11);
        let start = t0 + 130 * 86_400 + k as i64 * 86_400;
        let host = ids.members[k].clone();
        let mut e = Node::new(&eid, Kind::Event, t0 + k as i64 * 100);
        e.set(
            "name",
            [
                "Quarterly all-hands",
                "Design review",
                "Pipeline review",
                "Launch party",
            ][k],
        )
        .set("description", "Join us: agenda in the group.")
        .set("start_time", graph_time(start))
        .set("end_time", graph_time(start + 3600))
        .set("timezone", "Europe/London")
        .set("place", json!({"name": "Main office, 4th floor"}))
        .set("is_canceled", false)
        .set("is_draft", false)
        .set("guest_list_enabled", true)
        .set("can_guests_invite", true)
        .set("category", "WORKSHOP")
        .set("type", "group")
        .set("owner", reference(&host))
        .set("parent_group", reference(gid))
        .set("updated_time", graph_time(t0 + 86_400));
        e.group = Some(gid.clone());
        e.edge_mut("admins").push(EdgeItem::to(host.clone(), t0));
        e.edge_mut("roles")
            .push(EdgeItem::to(host.clone(), t0).with("role", "HOST"));
        let guests: Vec<String> = w
            .get(gid)
            .map(|g| {
                g.edge("members")
                    .iter()
                    .take(8)
                    .map(|m| m.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        e.set("attending_count", guests.len())
            .set("declined_count", 1)
            .set("maybe_count", 2)
            .set("interested_count", 3)
            .set("noreply_count", 4);
        for g in &guests {
            e.edge_mut("attending")
                .push(EdgeItem::to(g.clone(), t0).with("rsvp_status", "attending"));
        }
        w.insert(e);
        if let Some(g) = w.get_mut(gid) {
            g.edge_mut("events").push(EdgeItem::to(eid.clone(), start));
        }
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("events").push(EdgeItem::to(eid.clone(), start));
        }
        if k == 0 {
            ids.event = eid;
        }
    }
}
