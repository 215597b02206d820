//! Builds the sandbox's community from `assets/sandbox/seed.toml` with a fixed-seed generator.

mod chat;
mod data;
mod exports;
mod groups;
mod knowledge;
mod large;
mod media;
mod members;
mod people_sets;
mod posts;
mod surveys;

pub use data::SeedIds;
use data::{Rng, SEED_TOML, Seed};
pub use large::{LARGE_GROUP_ID, large_group};

use super::world::{Kind, Node, World};
use crate::core::timefmt::graph_time;

/// The seeded community and the ids of note in it.
pub fn build() -> Result<(World, SeedIds), String> {
    let s: Seed =
        toml::from_str(SEED_TOML).map_err(|e| format!("sandbox seed: {}", e.message()))?;
    let mut w = World::new(&s.community_id, &s.company_id, &s.email_domain);
    let mut ids = SeedIds::default();
    let mut rng = Rng(0x005E_ED0F_0A7C);
    let t0 = s.epoch - 120 * 86_400;
    let mut community = Node::new(&s.community_id, Kind::Community, t0);
    community
        .set("name", s.community_name.clone())
        .set("privacy", "CLOSED")
        .set("is_community", true)
        .set("updated_time", graph_time(s.epoch));
    w.insert(community);
    members::members(&s, &mut w, &mut ids, &mut rng, t0);
    groups::groups(&s, &mut w, &mut ids, &mut rng, t0);
    posts::posts(&s, &mut w, &mut ids, &mut rng, t0);
    groups::events(&mut w, &mut ids, t0);
    media::media(&mut w, &mut ids, t0);
    members::badges(&s, &mut w, &ids, t0);
    knowledge::knowledge(&s, &mut w, &mut ids, t0);
    people_sets::people_sets(&s, &mut w, &mut ids, t0);
    surveys::surveys(&s, &mut w, &mut ids, t0);
    exports::reports_and_exports(&mut w, &mut ids, t0);
    posts::timelines(&s, &mut w, &ids, &mut rng, t0);
    chat::chat(&s, &mut w, &mut ids, &mut rng, t0);
    for node in w.nodes.values_mut() {
        super::kinds::complete(node);
    }
    let member_count = ids.members.len();
    if let Some(c) = w.get_mut(&s.community_id) {
        c.set("member_count", member_count);
    }
    Ok((w, ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_deterministic_and_big_enough() {
        let (a, ids) = build().expect("seed builds");
        let (b, _) = build().expect("seed builds");
        assert_eq!(a.nodes.len(), b.nodes.len());
        assert!(ids.members.len() >= 60);
        assert!(ids.groups.len() >= 10);
        for privacy in ["OPEN", "CLOSED", "SECRET"] {
            assert!(
                a.all(Kind::Group)
                    .iter()
                    .any(|g| g.str("privacy") == Some(privacy))
            );
        }
        assert!(ids.members.iter().all(|m| m.len() == 15));
        assert!(ids.posts.iter().all(|p| p.split('_').count() == 2));
        assert!(ids.threads.iter().all(|t| t.starts_with("t_")));
        for k in [
            Kind::Badge,
            Kind::Skill,
            Kind::Category,
            Kind::PeopleSet,
            Kind::Survey,
            Kind::Report,
            Kind::ExportJob,
            Kind::Event,
            Kind::Photo,
            Kind::Doc,
        ] {
            assert!(!a.all(k).is_empty(), "{k:?}");
        }
    }

    #[test]
    fn org_chart_is_several_levels_deep() {
        let (w, ids) = build().expect("seed builds");
        let mut depth = 0;
        let mut cur = ids.members.last().cloned();
        while let Some(id) = cur {
            cur = w
                .get(&id)
                .and_then(|m| m.fields.get("manager"))
                .and_then(|v| super::super::world::referenced(v))
                .map(str::to_owned);
            depth += 1;
        }
        assert!(depth >= 4, "depth {depth}");
    }
}
