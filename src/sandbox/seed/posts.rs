//! The seed: Posts and comments in group feeds and member timelines.

use serde_json::json;

use super::data::{Rng, Seed, SeedIds, id};
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World, reference};

pub(super) fn posts(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
    let mut post_n = 0usize;
    let mut comment_n = 0usize;
    for (k, gid) in ids.groups.clone().iter().enumerate() {
        let members: Vec<String> = w
            .get(gid)
            .map(|g| g.edge("members").iter().map(|e| e.id.clone()).collect())
            .unwrap_or_default();
        let count = 4 + rng.below(9);
        for p in 0..count {
            post_n += 1;
            let pid = format!("{gid}_{}", id(410_000_000_000_000, post_n * 37));
            let created =
                t0 + 86_400 + (p as i64) * 7 * 3600 + k as i64 * 1800 + rng.below(3000) as i64;
            let author = rng.pick(&members).cloned().unwrap_or_default();
            let message = rng.pick(&s.posts.messages).cloned().unwrap_or_default();
            let post_part = pid.split('_').nth(1).unwrap_or_default().to_owned();
            let mut node = Node::new(&pid, Kind::Post, created);
            node.set("message", message)
                .set("from", reference(&author))
                .set("created_time", graph_time(created))
                .set("updated_time", graph_time(created + 600))
                .set("type", "status")
                .set("status_type", "mobile_status_update")
                .set("formatting", "PLAINTEXT")
                .set(
                    "permalink_url",
                    format!("https://northwind.workplace.com/groups/{gid}/permalink/{post_part}/"),
                )
                .set("to", json!({"data": [{"id": gid}]}))
                .set("is_hidden", false);
            if p == 0 && k == 0 {
                node.set("poll", json!({"id": id(620_000_000_000_001, 0), "question": "Which day suits the offsite?",
                    "options": {"data": [{"name": "Tuesday", "vote_count": 12}, {"name": "Thursday", "vote_count": 19}]}}));
            }
            node.group = Some(gid.clone());
            for _ in 0..rng.below(5) {
                comment_n += 1;
                let cid = format!("{post_part}_{}", id(512_000_000_000_000, comment_n));
                let ctime = created + 60 * (1 + rng.below(600) as i64);
                let mut c = Node::new(&cid, Kind::Comment, ctime);
                c.set(
                    "message",
                    rng.pick(&s.posts.comments).cloned().unwrap_or_default(),
                )
                .set(
                    "from",
                    reference(&rng.pick(&members).cloned().unwrap_or_default()),
                )
                .set("created_time", graph_time(ctime))
                .set("like_count", 0)
                .set("comment_count", 0)
                .set("can_remove", true)
                .set("object", reference(&pid));
                c.group = Some(gid.clone());
                node.edge_mut("comments")
                    .push(EdgeItem::to(cid.clone(), ctime));
                if ids.comment.is_empty() {
                    ids.comment = cid.clone();
                }
                w.insert(c);
            }
            let n_react = rng.below(9);
            for r in 0..n_react {
                let who = members[(r * 3 + p) % members.len().max(1)].clone();
                let kind = rng
                    .pick(&s.posts.reactions)
                    .cloned()
                    .unwrap_or_else(|| "LIKE".into());
                let rt = created + 120 * (r as i64 + 1);
                if kind == "LIKE" {
                    node.edge_mut("likes").push(EdgeItem::to(who.clone(), rt));
                }
                if !node.edge("reactions").iter().any(|e| e.id == who) {
                    node.edge_mut("reactions")
                        .push(EdgeItem::to(who.clone(), rt).with("type", kind));
                }
                node.edge_mut("seen")
                    .push(EdgeItem::to(who, rt).with("seen_time", graph_time(rt)));
            }
            if k == 0 {
                ids.posts.push(pid.clone());
            }
            if let Some(g) = w.get_mut(gid) {
                g.edge_mut("feed")
                    .insert(0, EdgeItem::to(pid.clone(), created));
            }
            w.insert(node);
        }
    }
}

pub(super) fn timelines(s: &Seed, w: &mut World, ids: &SeedIds, rng: &mut Rng, t0: i64) {
    for (k, m) in ids.members.iter().take(6).enumerate() {
        let pid = format!("{m}_{}", id(420_000_000_000_001, k));
        let t = t0 + 20 * 86_400 + k as i64 * 3600;
        let mut post = Node::new(&pid, Kind::Post, t);
        post.set(
            "message",
            rng.pick(&s.posts.messages).cloned().unwrap_or_default(),
        )
        .set("from", reference(m))
        .set("created_time", graph_time(t))
        .set("type", "status")
        .set("story", "shared an update");
        w.insert(post);
        if let Some(member) = w.get_mut(m) {
            member.edge_mut("feed").push(EdgeItem::to(pid, t));
        }
    }
}
