//! The seed: Work Chat threads and messages.

use serde_json::{Value, json};

use super::data::{Rng, Seed, SeedIds, id};
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World, reference};

pub(super) fn chat(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
    let mut msg_n = 0usize;
    for (k, t) in s.threads.iter().enumerate() {
        let tid = format!("t_{}", id(900_000_000_000_001, k * 17));
        let created = t0 + 40 * 86_400 + k as i64 * 3600;
        let mut thread = Node::new(&tid, Kind::Thread, created);
        let people: Vec<String> = (0..t.participants.max(2))
            .map(|j| ids.members[(k * 7 + j * 3) % ids.members.len()].clone())
            .collect();
        thread
            .set("name", t.name.clone())
            .set("updated_time", graph_time(created + 3600))
            .set("can_reply", true)
            .set("message_count", 0)
            .set("unread_count", 0)
            .set("link", format!("/messages/t/{tid}"));
        for p in &people {
            thread
                .edge_mut("participants")
                .push(EdgeItem::to(p.clone(), created));
        }
        for j in 0..(3 + rng.below(4)) {
            msg_n += 1;
            let mid = format!("m_mid.$cAAA{:012}", msg_n * 7919);
            let mt = created + j as i64 * 300;
            let from = people[j % people.len()].clone();
            let to: Vec<Value> = people
                .iter()
                .filter(|p| **p != from)
                .map(|p| reference(p))
                .collect();
            let mut m = Node::new(&mid, Kind::Message, mt);
            m.set(
                "message",
                rng.pick(&s.chat.messages).cloned().unwrap_or_default(),
            )
            .set("from", reference(&from))
            .set("to", json!({"data": to}))
            .set("created_time", graph_time(mt))
            .set("tags", json!({"data": [{"name": "inbox"}]}))
            .set("thread", reference(&tid));
            if j == 0 {
                m.edge_mut("shares")
                    .push(EdgeItem::to(format!("{mid}_share"), mt));
            }
            thread
                .edge_mut("messages")
                .insert(0, EdgeItem::to(mid.clone(), mt));
            if ids.message.is_empty() {
                ids.message = mid.clone();
            }
            w.insert(m);
        }
        let count = thread.edge("messages").len();
        thread.set("message_count", count);
        w.insert(thread);
        ids.threads.push(tid);
    }
}
