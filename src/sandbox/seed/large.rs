//! The seed: a large group on demand (`wpx sandbox --large-group N`): N members of its own, each
//! with a post in the group's feed, for paging through thousands of items as Graph pages them.

use serde_json::json;

use super::data::id;
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World, reference};

/// The large group's id.
pub const LARGE_GROUP_ID: &str = "287006177699999";

/// Adds the large group with `n` members and `n` posts; answers its id.
pub fn large_group(w: &mut World, n: usize) -> String {
    let t0 = 1_767_225_600; // 2026-01-01T00:00:00+0000
    let gid = LARGE_GROUP_ID.to_owned();
    let mut g = Node::new(&gid, Kind::Group, t0);
    g.set("name", format!("Load test ({n} members)"))
        .set("privacy", "CLOSED")
        .set("archived", false)
        .set("is_community", false)
        .set("is_workplace_default", false)
        .set(
            "description",
            "A group made for paging through thousands of items.",
        )
        .set("updated_time", graph_time(t0));
    g.group = Some(gid.clone());
    let mut posts = Vec::with_capacity(n);
    for i in 0..n {
        let mid = id(300_000_000_000_000, i);
        let joined = t0 + i as i64 * 60;
        let mut m = Node::new(&mid, Kind::Member, joined);
        m.set("name", format!("Load Member {i:05}"))
            .set("first_name", "Load")
            .set("last_name", format!("Member {i:05}"))
            .set("email", format!("load.member.{i:05}@northwind.example"))
            .set("active", true)
            .set("account_invite_time", graph_time(joined))
            .set("updated_time", graph_time(joined));
        crate::sandbox::kinds::complete(&mut m);
        w.insert(m);
        g.edge_mut("members").push(
            EdgeItem::to(mid.clone(), joined)
                .with("administrator", i == 0)
                .with("joined", joined),
        );
        let pid = format!("{gid}_{}", id(990_500_000_000_000, i));
        let mut p = Node::new(&pid, Kind::Post, joined);
        p.set("message", format!("Post {i:05} of {n}"))
            .set("from", reference(&mid))
            .set("created_time", graph_time(joined))
            .set("to", json!({"data": [{"id": gid}]}));
        p.group = Some(gid.clone());
        crate::sandbox::kinds::complete(&mut p);
        w.insert(p);
        posts.push(EdgeItem::to(pid, joined));
    }
    // A feed is newest first.
    posts.reverse();
    *g.edge_mut("feed") = posts;
    crate::sandbox::kinds::complete(&mut g);
    w.insert(g);
    let community = w.community.clone();
    if let Some(c) = w.get_mut(&community) {
        c.edge_mut("groups").push(EdgeItem::to(gid.clone(), t0));
    }
    gid
}
