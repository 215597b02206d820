//! The seed: Members: accounts, managers, skills and badges.

use super::data::{Rng, Seed, SeedIds, id};
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World, reference};

pub(super) fn members(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
    let n = s.members.max(2);
    for i in 0..n {
        let first = &s.first_names[i % s.first_names.len()];
        let last = &s.last_names[(i * 11) % s.last_names.len()];
        let mid = id(100_012_764_418_780, i * 1_000_003);
        let dept = &s.departments[i % s.departments.len()];
        let title = match i {
            0 => "Chief Executive Officer".to_owned(),
            1..=5 => format!("VP {dept}"),
            6..=20 => format!("{dept} Director"),
            _ => s.titles[i % s.titles.len()].clone(),
        };
        let manager = match i {
            0 => None,
            1..=5 => Some(0),
            6..=20 => Some(1 + (i - 6) % 5),
            _ => Some(6 + (i - 21) % 15),
        };
        let invited = t0 + (i as i64) * 3600;
        let mut m = Node::new(&mid, Kind::Member, invited);
        m.set("name", format!("{first} {last}"))
            .set("first_name", first.clone())
            .set("last_name", last.clone())
            .set(
                "email",
                format!(
                    "{}.{}@{}",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    s.email_domain
                ),
            )
            .set("title", title)
            .set("department", dept.clone())
            .set("division", s.divisions[i % s.divisions.len()].clone())
            .set(
                "organization",
                s.organizations[i % s.organizations.len()].clone(),
            )
            .set(
                "primary_phone",
                format!("+44-7700-9{:05}", i * 37 % 100_000),
            )
            .set(
                "primary_address",
                s.locations[i % s.locations.len()].clone(),
            )
            .set("locale", "en_US")
            .set("name_format", "{first} {last}")
            .set(
                "link",
                format!(
                    "https://{}.workplace.com/profile.php?id={mid}",
                    s.email_domain.split('.').next().unwrap_or("work")
                ),
            )
            .set("external_id", format!("NW{i:04}"))
            .set("employee_number", format!("{}", 10_000 + i))
            .set("updated_time", graph_time(invited + 86_400))
            .set("active", i < n - 2)
            .set("is_frontline", i % 10 == 9)
            .set("auth_method", if i % 4 == 0 { "sso" } else { "password" });
        // Most accounts were invited and claimed; every ninth is unclaimed, and half of those
        // were never invited.
        if i % 18 != 17 {
            m.set("account_invite_time", graph_time(invited));
        }
        if i % 9 != 8 {
            m.set("account_claim_time", graph_time(invited + 7200));
        }
        if let Some(mgr) = manager {
            m.set(
                "manager",
                reference(&id(100_012_764_418_780, mgr * 1_000_003)),
            );
        }
        for _ in 0..2 {
            if let Some(skill) = rng.pick(&s.skills) {
                let sid = skill_id(s, skill);
                if !m.edge("skills").iter().any(|e| e.id == sid) {
                    m.edge_mut("skills").push(EdgeItem::to(sid, invited));
                }
            }
        }
        w.insert(m);
        ids.members.push(mid);
    }
    for (k, skill) in s.skills.iter().enumerate() {
        let mut node = Node::new(skill_id(s, skill), Kind::Skill, t0 + k as i64);
        node.set("name", skill.clone());
        w.insert(node);
    }
    ids.skill = skill_id(s, &s.skills[0]);
}

pub(super) fn skill_id(s: &Seed, skill: &str) -> String {
    let k = s.skills.iter().position(|x| x == skill).unwrap_or(0);
    id(870_000_000_000_001, k)
}

pub(super) fn badges(s: &Seed, w: &mut World, ids: &SeedIds, t0: i64) {
    let community = w.community.clone();
    for (k, b) in s.badges.iter().enumerate() {
        let mut node = Node::new(&b.id, Kind::Badge, t0 + k as i64);
        node.set("name", b.name.clone())
            .set("description", b.description.clone())
            .set("category", b.category.clone())
            .set(
                "icon",
                format!("https://static.xx.fbcdn.net/badges/{k}.png"),
            );
        w.insert(node);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("badges").push(EdgeItem::to(b.id.clone(), t0));
        }
        for m in ids.members.iter().skip(k * 3).take(2) {
            if let Some(member) = w.get_mut(m) {
                member
                    .edge_mut("badges")
                    .push(EdgeItem::to(b.id.clone(), t0 + 86_400));
            }
        }
    }
}
