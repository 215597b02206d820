//! The seed: Surveys.

use serde_json::json;

use super::data::{Seed, SeedIds, id};
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World};

pub(super) fn surveys(s: &Seed, w: &mut World, ids: &mut SeedIds, t0: i64) {
    let community = w.community.clone();
    for (k, v) in s.surveys.iter().enumerate() {
        let sid = id(840_000_000_000_001, k);
        let mut node = Node::new(&sid, Kind::Survey, t0 + k as i64);
        let questions: Vec<_> = v
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| json!({"text": q, "question_type": if i == 0 { "LIKERT_NOT_AT_ALL_TO_EXTREMELY" } else { "FREE_TEXT" }, "is_optional": i > 0}))
            .collect();
        node.set("title", v.title.clone())
            .set("status", v.status.clone())
            .set("creation_mode", "DRAFT")
            .set("is_test", false)
            .set("questions", questions)
            .set("created_time", graph_time(t0 + k as i64 * 86_400));
        w.insert(node);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("surveys").push(EdgeItem::to(sid.clone(), t0));
        }
        if k == 0 {
            ids.survey = sid;
        }
    }
}
