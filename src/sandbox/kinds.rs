//! What each kind of node has: its edges, the fields it may lack, and the member fields a
//! permission gates.

use super::world::Kind;

/// The edges a kind of node has.
pub fn known_edges(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Community => &[
            "groups",
            "members",
            "organization_members",
            "former_members",
            "admins",
            "events",
            "badges",
            "knowledge_library_categories",
            "knowledge_quick_links",
            "reported_content",
            "work_dyi_jobs",
            "people_sets",
            "surveys",
        ],
        Kind::Group => &[
            "feed",
            "members",
            "admins",
            "moderators",
            "former_members",
            "member_requests",
            "groups",
            "events",
            "files",
            "docs",
            "albums",
            "videos",
        ],
        Kind::Member => &[
            "groups",
            "feed",
            "events",
            "badges",
            "skills",
            "managers",
            "reports",
            "conversations",
        ],
        Kind::Post => &[
            "attachments",
            "seen",
            "sharedposts",
            "comments",
            "likes",
            "reactions",
        ],
        Kind::Comment | Kind::Photo => &["comments", "likes", "reactions"],
        Kind::Album => &["photos"],
        Kind::Event => &["admins", "roles", "attending"],
        Kind::Category => &["subcategories"],
        Kind::Thread => &["messages", "participants"],
        Kind::Message => &["attachments", "shares"],
        Kind::Skill => &["users"],
        _ => &[],
    }
}

/// Fields a kind may have beyond those it stores (answered only when set).
pub fn optional_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Post => &[
            "link",
            "story",
            "poll",
            "picture",
            "attachments",
            "place",
            "properties",
            "shares",
            "message_tags",
            "caption",
            "description",
            "icon",
            "name",
            "object_id",
            "admin_creator",
            "application",
            "actions",
            "privacy",
            "parent_id",
            "feed_targeting",
            "source",
            "question",
        ],
        Kind::Member => &[
            "account_claim_time",
            "manager",
            "picture",
            "about",
            "frontline",
            "impersonate_token",
            "gender",
            "cost_center",
        ],
        Kind::Group => &["cover_url", "members", "admins", "moderators"],
        Kind::Comment => &[
            "attachment",
            "message_tags",
            "parent",
            "can_comment",
            "can_like",
            "can_hide",
            "can_reply_privately",
        ],
        Kind::Message => &["attachments", "shares", "sticker"],
        Kind::Thread => &[
            "snippet",
            "participants",
            "former_participants",
            "senders",
            "messages",
            "tags",
            "is_subscribed",
        ],
        Kind::Category => &["parent_id", "icon", "color"],
        Kind::ExportJob => &["result", "type"],
        _ => &[],
    }
}

/// Member fields that need a permission, with the permissions that unlock them.
pub fn gate(field: &str) -> Option<&'static [&'static str]> {
    match field {
        "email" => Some(&["read_user_email", "manage_accounts"]),
        "title" | "department" | "division" | "organization" | "primary_phone"
        | "primary_address" | "gender" => Some(&[
            "read_user_work_profile",
            "manage_profiles",
            "manage_accounts",
        ]),
        "manager" => Some(&["read_user_org_chart", "manage_profiles"]),
        _ => None,
    }
}
