//! What each kind of node has: its edges, the fields it may lack, and the member fields a
//! permission gates.

use serde_json::{Value, json};

use super::world::{Kind, Node};
use crate::core::timefmt::graph_time;

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
            "account_invite_time",
            "active",
            "auth_method",
            "department",
            "division",
            "email",
            "employee_number",
            "external_id",
            "first_name",
            "is_frontline",
            "last_name",
            "link",
            "locale",
            "name_format",
            "organization",
            "primary_address",
            "primary_phone",
            "title",
            "updated_time",
            "manager",
            "picture",
            "about",
            "frontline",
            "impersonate_token",
            "gender",
            "cost_center",
        ],
        Kind::Group => &[
            "cover_url",
            "members",
            "admins",
            "moderators",
            "archived",
            "cover",
            "description",
            "icon",
            "is_community",
            "is_workplace_default",
            "join_setting",
            "owner",
            "post_permissions",
            "post_requires_admin_approval",
            "purpose",
            "updated_time",
        ],
        Kind::Event => &[
            "description",
            "end_time",
            "place",
            "timezone",
            "cover",
            "event_times",
            "updated_time",
            "category",
            "type",
            "can_guests_invite",
            "guest_list_enabled",
            "is_draft",
            "owner",
            "parent_group",
        ],
        Kind::Photo => &[
            "album",
            "can_delete",
            "can_tag",
            "height",
            "width",
            "images",
            "link",
            "name",
            "updated_time",
            "created_time",
            "from",
        ],
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
        Kind::Video => &[
            "title",
            "source",
            "permalink_url",
            "updated_time",
            "created_time",
            "description",
            "picture",
            "length",
        ],
        Kind::File => &["name", "size", "message", "group", "download_link"],
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

/// Fills in the documented fields a node of its kind always answers and does not yet have, so
/// that objects made through the API answer as the seeded ones do. (Fields Graph leaves out
/// when they are not set, such as an event's `end_time` or a post's `story`, are not invented.)
pub fn complete(node: &mut Node) {
    let created = node
        .fields
        .get("created_time")
        .cloned()
        .unwrap_or_else(|| Value::String(graph_time(node.time)));
    let group = node.group.clone();
    let defaults: Vec<(&str, Value)> = match node.kind {
        Kind::Post => vec![
            ("created_time", created.clone()),
            ("updated_time", created),
            ("type", json!("status")),
            ("status_type", json!("app_created_story")),
            ("formatting", json!("PLAINTEXT")),
            (
                "to",
                json!({"data": group.iter().map(|g| json!({"id": g})).collect::<Vec<_>>()}),
            ),
            ("is_hidden", json!(false)),
        ],
        Kind::Comment => vec![
            ("created_time", created),
            ("like_count", json!(0)),
            ("comment_count", json!(0)),
            ("can_remove", json!(true)),
            ("can_comment", json!(true)),
            ("can_like", json!(true)),
            ("can_hide", json!(false)),
            ("can_reply_privately", json!(false)),
            ("is_hidden", json!(false)),
        ],
        Kind::Event => vec![
            ("updated_time", created),
            ("timezone", json!("UTC")),
            ("is_canceled", json!(false)),
            ("is_draft", json!(false)),
            ("guest_list_enabled", json!(true)),
            ("can_guests_invite", json!(true)),
            ("category", json!("OTHER")),
            ("type", json!("group")),
            ("attending_count", json!(0)),
            ("declined_count", json!(0)),
            ("maybe_count", json!(0)),
            ("interested_count", json!(0)),
            ("noreply_count", json!(0)),
            ("cover", default_cover(&node.id)),
            ("event_times", json!([])),
        ],
        Kind::Group => vec![
            ("cover", default_cover(&node.id)),
            ("post_requires_admin_approval", json!(false)),
            ("updated_time", created),
        ],
        Kind::Member => vec![
            ("name_format", json!("{first} {last}")),
            ("is_frontline", json!(false)),
            ("locale", json!("en_US")),
            (
                "link",
                json!(format!(
                    "https://northwind.workplace.com/profile.php?id={}",
                    node.id
                )),
            ),
        ],
        _ => Vec::new(),
    };
    for (k, v) in defaults {
        node.fields.entry(k.to_owned()).or_insert(v);
    }
}

/// The cover Workplace gives a group or an event that has none of its own.
fn default_cover(id: &str) -> Value {
    json!({
        "id": format!("{id}_cover"),
        "source": "https://scontent.example/covers/default.jpg",
        "offset_x": 0,
        "offset_y": 0,
    })
}

/// True when a member has claimed their account (and so cannot be deleted, only deactivated).
pub fn is_claimed(member: &Node) -> bool {
    member.fields.contains_key("account_claim_time")
}
