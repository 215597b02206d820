//! The seed: The Knowledge Library: categories and quick links.

use serde_json::json;

use super::data::{Seed, SeedIds, id};
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World, reference};

pub(super) fn knowledge(s: &Seed, w: &mut World, ids: &mut SeedIds, t0: i64) {
    let community = w.community.clone();
    let editor = ids.members[1].clone();
    let mut n = 0usize;
    for (k, c) in s.categories.iter().enumerate() {
        let cid = id(810_000_000_000_001, k * 100);
        let mut cat = Node::new(&cid, Kind::Category, t0 + k as i64);
        let category = |node: &mut Node,
                        title: &str,
                        content: &str,
                        parent: Option<&str>,
                        order: usize| {
            node.set("title", title.to_owned())
                .set("content", content.to_owned())
                .set("status", "PUBLISHED")
                .set("last_editor", reference(&editor))
                .set("last_updated", graph_time(t0 + 86_400))
                .set("read_audience", json!({"audience_type": if parent.is_some() { "INHERIT" } else { "PROFILE_FIELDS" }}))
                .set("json_content", json!([{"type": "text_block", "children": [{"type": "p", "children": [{"type": "text", "text": title}]}]}]))
                .set("order_index", order);
            if let Some(p) = parent {
                node.set("parent_id", p.to_owned());
            }
        };
        category(&mut cat, &c.title, &c.content, None, k);
        cat.set("icon", c.icon.clone())
            .set("color", c.color.clone());
        for (j, sub) in c.subcategories.iter().enumerate() {
            n += 1;
            let sid = id(811_000_000_000_001, n);
            let mut node = Node::new(&sid, Kind::Category, t0 + 10 + n as i64);
            category(&mut node, sub, &format!("<p>{sub}</p>"), Some(&cid), j);
            cat.edge_mut("subcategories")
                .push(EdgeItem::to(sid.clone(), t0));
            w.insert(node);
        }
        w.insert(cat);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("knowledge_library_categories")
                .push(EdgeItem::to(cid.clone(), t0));
        }
        if k == 0 {
            ids.category = cid;
        }
    }
    for (k, q) in s.quick_links.iter().enumerate() {
        let qid = id(820_000_000_000_001, k);
        let mut node = Node::new(&qid, Kind::QuickLink, t0 + k as i64);
        node.set("title", q.title.clone())
            .set("link", q.link.clone());
        w.insert(node);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("knowledge_quick_links")
                .push(EdgeItem::to(qid.clone(), t0));
        }
        if k == 0 {
            ids.quick_link = qid;
        }
    }
}
