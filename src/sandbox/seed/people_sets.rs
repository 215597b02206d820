//! The seed: People sets.

use super::data::{Seed, SeedIds, id};
use crate::sandbox::world::{EdgeItem, Kind, Node, World};

pub(super) fn people_sets(s: &Seed, w: &mut World, ids: &mut SeedIds, t0: i64) {
    let community = w.community.clone();
    for (k, p) in s.people_sets.iter().enumerate() {
        let pid = id(830_000_000_000_001, k);
        let mut node = Node::new(&pid, Kind::PeopleSet, t0 + k as i64);
        node.set("name", p.name.clone())
            .set("conditions", p.conditions.clone());
        w.insert(node);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("people_sets")
                .push(EdgeItem::to(pid.clone(), t0));
        }
        if k == 0 {
            ids.people_set = pid;
        }
    }
}
