//! Builds the sandbox's community from `assets/sandbox/seed.toml` with a fixed-seed generator.

use serde::Deserialize;
use serde_json::{Value, json};

use super::world::{EdgeItem, Kind, Node, World, reference};
use crate::core::timefmt::graph_time;

const SEED_TOML: &str = include_str!("../../assets/sandbox/seed.toml");

#[derive(Deserialize)]
pub(super) struct Seed {
    pub(super) community_id: String,
    pub(super) company_id: String,
    pub(super) community_name: String,
    pub(super) email_domain: String,
    pub(super) epoch: i64,
    pub(super) members: usize,
    pub(super) first_names: Vec<String>,
    pub(super) last_names: Vec<String>,
    pub(super) departments: Vec<String>,
    pub(super) divisions: Vec<String>,
    pub(super) organizations: Vec<String>,
    pub(super) titles: Vec<String>,
    pub(super) locations: Vec<String>,
    pub(super) skills: Vec<String>,
    pub(super) groups: Vec<GroupSeed>,
    pub(super) posts: PostSeed,
    pub(super) badges: Vec<BadgeSeed>,
    pub(super) categories: Vec<CategorySeed>,
    pub(super) quick_links: Vec<QuickLinkSeed>,
    pub(super) people_sets: Vec<PeopleSetSeed>,
    pub(super) surveys: Vec<SurveySeed>,
    pub(super) threads: Vec<ThreadSeed>,
    pub(super) chat: ChatSeed,
}

#[derive(Deserialize)]
pub(super) struct GroupSeed {
    pub(super) name: String,
    pub(super) privacy: String,
    pub(super) purpose: String,
    pub(super) description: String,
    #[serde(default)]
    pub(super) default: bool,
}

#[derive(Deserialize)]
pub(super) struct PostSeed {
    pub(super) messages: Vec<String>,
    pub(super) comments: Vec<String>,
    pub(super) reactions: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct BadgeSeed {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) category: String,
}

#[derive(Deserialize)]
pub(super) struct CategorySeed {
    pub(super) title: String,
    pub(super) content: String,
    pub(super) icon: String,
    pub(super) color: String,
    pub(super) subcategories: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct QuickLinkSeed {
    pub(super) title: String,
    pub(super) link: String,
}

#[derive(Deserialize)]
pub(super) struct PeopleSetSeed {
    pub(super) name: String,
    pub(super) conditions: Value,
}

#[derive(Deserialize)]
pub(super) struct SurveySeed {
    pub(super) title: String,
    pub(super) status: String,
    pub(super) questions: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct ThreadSeed {
    pub(super) name: String,
    pub(super) participants: usize,
}

#[derive(Deserialize)]
pub(super) struct ChatSeed {
    pub(super) messages: Vec<String>,
}

/// A small deterministic generator (SplitMix64).
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when n is 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Ids of seeded objects that tests and demos refer to.
#[derive(Debug, Clone, Default)]
pub struct SeedIds {
    /// Member ids, in seed order (the first is the CEO).
    pub members: Vec<String>,
    /// Group ids, in seed order.
    pub groups: Vec<String>,
    /// Post ids of the first group.
    pub posts: Vec<String>,
    /// One comment id.
    pub comment: String,
    /// One event id.
    pub event: String,
    /// One photo id.
    pub photo: String,
    /// One doc id.
    pub doc: String,
    /// One Knowledge Library category id.
    pub category: String,
    /// One quick link id.
    pub quick_link: String,
    /// One people set id.
    pub people_set: String,
    /// One survey id.
    pub survey: String,
    /// One report id.
    pub report: String,
    /// Thread ids.
    pub threads: Vec<String>,
    /// One message id.
    pub message: String,
    /// One export job id.
    pub export_job: String,
    /// One DYI job id.
    pub dyi_job: String,
    /// One skill id.
    pub skill: String,
}

pub(super) fn id(base: u64, n: usize) -> String {
    (base + n as u64).to_string()
}

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
    members(&s, &mut w, &mut ids, &mut rng, t0);
    groups(&s, &mut w, &mut ids, &mut rng, t0);
    posts(&s, &mut w, &mut ids, &mut rng, t0);
    extras(&s, &mut w, &mut ids, &mut rng, t0);
    chat(&s, &mut w, &mut ids, &mut rng, t0);
    let member_count = ids.members.len();
    if let Some(c) = w.get_mut(&s.community_id) {
        c.set("member_count", member_count);
    }
    Ok((w, ids))
}

fn members(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
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
            .set("account_invite_time", graph_time(invited))
            .set("updated_time", graph_time(invited + 86_400))
            .set("active", i < n - 2)
            .set("is_frontline", i % 10 == 9)
            .set("auth_method", if i % 4 == 0 { "sso" } else { "password" });
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

fn skill_id(s: &Seed, skill: &str) -> String {
    let k = s.skills.iter().position(|x| x == skill).unwrap_or(0);
    id(870_000_000_000_001, k)
}

fn groups(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
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

fn posts(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
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

fn extras(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
    super::seed_more::extras(s, w, ids, rng, t0);
}

fn chat(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
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
