//! The sandbox's demo integrations: tokens, secrets, permissions, group scope, proof requirement.

use serde::Serialize;

use super::world::{Node, World, referenced};
use crate::core::catalogue::Catalogue;

/// One integration (app) of the sandbox.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct App {
    /// Its name.
    pub name: String,
    /// Its access token (fake, for the sandbox only).
    pub access_token: String,
    /// Its app secret (fake, for the sandbox only).
    pub app_secret: String,
    /// Permissions granted.
    pub permissions: Vec<String>,
    /// The groups it may use (`None`: all groups).
    #[serde(serialize_with = "ser_groups")]
    pub groups: Option<Vec<String>>,
    /// Whether every call must carry an `appsecret_proof`.
    pub require_proof: bool,
    /// Its bot page's id (`/me`).
    #[serde(skip)]
    pub bot_id: String,
    /// Its app id (for the app token `app_id|app_secret`).
    pub app_id: String,
    /// Whether its token expires.
    pub lifetime: Lifetime,
}

/// How long a demo app's token lives.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Lifetime {
    /// Never expires (as Workplace integration tokens did).
    Never,
    /// Always expires in a little over three days (to try the expiry warnings).
    ThreeDays,
    /// Expired (every call answers 190/463).
    Expired,
}

/// A day in seconds.
pub const DAY: i64 = 86_400;

/// Issue, expiry and data-access expiry of an app's token, seen at `now`. A token that expires
/// "in three days" does so at every call, so the warning can always be tried.
pub fn times(app: &App, now: i64) -> (i64, i64, i64) {
    match app.lifetime {
        Lifetime::Never => (now - 30 * DAY, 0, now + 60 * DAY),
        Lifetime::ThreeDays => (now - 57 * DAY, now + 3 * DAY + 3600, now + 80 * DAY),
        Lifetime::Expired => (now - 61 * DAY, now - DAY, now + 29 * DAY),
    }
}

fn ser_groups<S: serde::Serializer>(g: &Option<Vec<String>>, s: S) -> Result<S::Ok, S::Error> {
    match g {
        None => s.serialize_str("all"),
        Some(v) => v.serialize(s),
    }
}

impl App {
    /// Its key: `all`, `readonly`, `scoped`, `bot`, `noproof`, `expiring`, `expired` (the end of
    /// its token).
    pub fn key(&self) -> &str {
        self.access_token
            .rsplit('-')
            .next()
            .unwrap_or(&self.access_token)
    }

    /// True when the app holds the permission.
    pub fn has(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }

    /// True when `text` mentions the app's bot: `@Name` or `@[bot-id]` (Workplace's mention
    /// syntax in posts and comments).
    pub fn is_mentioned(&self, text: &str) -> bool {
        (!self.name.trim().is_empty() && text.contains(&format!("@{}", self.name)))
            || text.contains(&format!("@[{}]", self.bot_id))
    }

    /// True when the app reads posts only through `bot_mention` (it has no `read_group`).
    pub fn mention_only(&self) -> bool {
        self.has("bot_mention") && !self.has("read_group")
    }

    /// True when `node` (a post or a comment), or the post it belongs to, mentions the bot, by
    /// its text or its `message_tags`.
    pub fn is_mentioned_in(&self, world: &World, node: &Node) -> bool {
        let mut current = Some(node);
        for _ in 0..4 {
            let Some(n) = current else { return false };
            if self.is_mentioned(n.str("message").unwrap_or_default())
                || n.fields
                    .get("message_tags")
                    .and_then(serde_json::Value::as_array)
                    .is_some_and(|tags| tags.iter().any(|t| t["id"] == self.bot_id.as_str()))
            {
                return true;
            }
            current = n
                .fields
                .get("object")
                .and_then(referenced)
                .and_then(|id| world.get(id));
        }
        false
    }

    /// True when the app may use that group.
    pub fn sees_group(&self, group: &str) -> bool {
        self.groups
            .as_ref()
            .is_none_or(|g| g.iter().any(|x| x == group))
    }
}

fn app(
    name: &str,
    key: &str,
    permissions: Vec<String>,
    groups: Option<Vec<String>>,
    require_proof: bool,
    n: u64,
) -> App {
    App {
        name: name.to_owned(),
        access_token: format!("wpx-sandbox-token-{key}"),
        app_secret: format!("wpx-sandbox-secret-{key}"),
        permissions,
        groups,
        require_proof,
        bot_id: (108_945_067_100_001 + n).to_string(),
        app_id: (940_000_000_000_001 + n).to_string(),
        lifetime: Lifetime::Never,
    }
}

/// The demo apps: every permission; read-only; two groups; a bot; each proof setting; a token
/// that expires in three days and one that has expired.
pub fn demo_apps(catalogue: &Catalogue, groups: &[String]) -> Vec<App> {
    let all: Vec<String> = catalogue
        .permissions
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let read_only: Vec<String> = all
        .iter()
        .filter(|p| p.starts_with("read_") || p.as_str() == "list_group_members")
        .cloned()
        .collect();
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        app("All permissions", "all", all.clone(), None, true, 0),
        app("Read only", "readonly", read_only.clone(), None, false, 1),
        app(
            "Two groups",
            "scoped",
            owned(&[
                "read_group",
                "write_group",
                "list_group_members",
                "manage_group",
            ]),
            Some(groups.iter().skip(1).take(2).cloned().collect()),
            true,
            2,
        ),
        app(
            "Bot",
            "bot",
            owned(&["bot_mention", "message", "bot_group_chat"]),
            None,
            false,
            3,
        ),
        app("No proof", "noproof", all, None, false, 4),
        App {
            lifetime: Lifetime::ThreeDays,
            ..app(
                "Expiring token",
                "expiring",
                read_only.clone(),
                None,
                false,
                5,
            )
        },
        App {
            lifetime: Lifetime::Expired,
            ..app(
                "Expired token",
                "expired",
                read_only.clone(),
                None,
                false,
                6,
            )
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_apps_cover_the_cases() {
        let cat = Catalogue::builtin().expect("catalogue");
        let apps = demo_apps(&cat, &["g1".into(), "g2".into(), "g3".into()]);
        assert!(apps[0].has("manage_accounts") && apps[0].require_proof);
        assert!(
            apps[1]
                .permissions
                .iter()
                .all(|p| p.starts_with("read_") || p == "list_group_members")
        );
        assert_eq!(apps[2].groups, Some(vec!["g2".to_owned(), "g3".to_owned()]));
        assert!(apps[2].sees_group("g2") && !apps[2].sees_group("g1"));
        assert!(apps[3].has("bot_mention") && apps[3].has("message"));
        assert!(apps.iter().any(|a| !a.require_proof));
        let json = serde_json::to_value(&apps[0]).expect("serialises");
        assert_eq!(json["groups"], "all");
    }
}
