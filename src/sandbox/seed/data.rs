//! The seed's data (`assets/sandbox/seed.toml`), its random numbers, and the ids of note.

use serde::Deserialize;
use serde_json::Value;

pub(super) const SEED_TOML: &str = include_str!("../../../assets/sandbox/seed.toml");

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
pub(super) struct Rng(pub(super) u64);

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
    /// One video id.
    pub video: String,
    /// One file id.
    pub file: String,
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
    /// The large group's id, when the sandbox was started with one.
    pub large_group: Option<String>,
}

pub(super) fn id(base: u64, n: usize) -> String {
    (base + n as u64).to_string()
}
