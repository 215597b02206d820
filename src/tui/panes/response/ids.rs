//! Graph-aware helpers for the response: what kind of id a value is, and which endpoints take it.

use crate::core::catalogue::Catalogue;
use crate::core::request::Method;

/// The path parameter an id fills, judged from the response: the endpoint that answered, the
/// id's place in the body, and whether the call created something (`created`: the answer of a
/// POST on an edge, whose `.id` is the new object — a post made in a group is a post).
pub fn id_param(
    endpoint_path: &str,
    json_path: &str,
    value: &str,
    created: bool,
) -> Option<&'static str> {
    if value.starts_with("t_") {
        return Some("thread-id");
    }
    if value.starts_with("m_") {
        return Some("message-id");
    }
    let field = json_path
        .rsplit(['.', '['])
        .nth(1)
        .unwrap_or_default()
        .trim_end_matches(']');
    if matches!(
        field,
        "from" | "owner" | "manager" | "last_editor" | "content_author" | "admin_creator"
    ) {
        return Some("member-id");
    }
    let edge = endpoint_path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let in_list = json_path.starts_with(".data[");
    let by_edge = match edge {
        "groups" => Some("group-id"),
        "members"
        | "admins"
        | "moderators"
        | "former_members"
        | "member_requests"
        | "managers"
        | "reports"
        | "users"
        | "seen"
        | "likes"
        | "reactions"
        | "organization_members"
        | "participants" => Some("member-id"),
        "feed" | "posts" | "sharedposts" => Some("post-id"),
        "comments" => Some("comment-id"),
        "events" => Some("event-id"),
        "photos" => Some("photo-id"),
        "docs" => Some("doc-id"),
        "knowledge_library_categories" | "subcategories" => Some("category-id"),
        "knowledge_quick_links" => Some("quick-link-id"),
        "reported_content" => Some("report-id"),
        "conversations" => Some("thread-id"),
        "messages" => Some("message-id"),
        "skills" => Some("skill-id"),
        "work_dyi_jobs" => Some("dyi-job-id"),
        _ => None,
    };
    if (in_list || (created && json_path == ".id")) && by_edge.is_some() {
        return by_edge;
    }
    if json_path == ".id" {
        let first = endpoint_path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default();
        return first
            .strip_prefix('{')
            .and_then(|p| p.strip_suffix('}'))
            .and_then(static_param);
    }
    if value.contains('_')
        && value
            .split('_')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some("post-id");
    }
    None
}

fn static_param(p: &str) -> Option<&'static str> {
    const ALL: [&str; 18] = [
        "group-id",
        "member-id",
        "post-id",
        "comment-id",
        "object-id",
        "event-id",
        "photo-id",
        "doc-id",
        "category-id",
        "quick-link-id",
        "people-set-id",
        "survey-id",
        "report-id",
        "thread-id",
        "message-id",
        "export-job-id",
        "dyi-job-id",
        "skill-id",
    ];
    ALL.into_iter().find(|x| *x == p)
}

/// Endpoints whose first path parameter is `param` (and `object-id` ones for posts and comments),
/// reads first.
pub fn endpoints_for(cat: &Catalogue, param: &str) -> Vec<usize> {
    let accepts = |p: &str| {
        p == param || (p == "object-id" && matches!(param, "post-id" | "comment-id" | "photo-id"))
    };
    let mut v: Vec<usize> = cat
        .endpoints
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.segments().first().is_some_and(|s| {
                s.strip_prefix('{')
                    .and_then(|s| s.strip_suffix('}'))
                    .is_some_and(accepts)
            })
        })
        .map(|(i, _)| i)
        .collect();
    v.sort_by_key(|&i| {
        (
            cat.endpoints[i].method != Method::Get,
            cat.endpoints[i].segments().len() == 1,
        )
    });
    v
}

/// A reason phrase for common statuses.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 | 302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        412 => "Precondition Failed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_by_place() {
        assert_eq!(
            id_param("/community/groups", ".data[0].id", "287006177630001", false),
            Some("group-id")
        );
        assert_eq!(
            id_param("/{group-id}/feed", ".data[2].id", "1_2", false),
            Some("post-id")
        );
        assert_eq!(
            id_param(
                "/{group-id}/feed",
                ".data[2].from.id",
                "100012764418780",
                false
            ),
            Some("member-id")
        );
        assert_eq!(
            id_param("/{group-id}", ".id", "287006177630001", false),
            Some("group-id")
        );
        assert_eq!(
            id_param("/{member-id}/conversations", ".data[0].id", "t_900", false),
            Some("thread-id")
        );
        assert_eq!(id_param("/community", ".name", "x", false), None);
    }

    #[test]
    fn what_a_post_creates_is_the_edge_s_kind_not_the_parent_s() {
        assert_eq!(
            id_param("/{group-id}/feed", ".id", "287006177630001_900", true),
            Some("post-id"),
            "a post just made in a group"
        );
        assert_eq!(
            id_param("/{object-id}/comments", ".id", "900_901", true),
            Some("comment-id"),
            "a comment just made on a post"
        );
        assert_eq!(
            id_param("/{group-id}", ".id", "287006177630001", false),
            Some("group-id"),
            "reading an object: its own kind"
        );
    }

    #[test]
    fn a_group_id_offers_its_feed_first() {
        let cat = Catalogue::builtin().expect("catalogue");
        let opts = endpoints_for(&cat, "group-id");
        assert!(!opts.is_empty());
        assert_eq!(cat.endpoints[opts[0]].method, Method::Get);
        assert!(opts.iter().any(|&i| cat.endpoints[i].id == "group.feed"));
        assert!(
            opts.iter()
                .any(|&i| cat.endpoints[i].id == "group.feed.post")
        );
        let posts = endpoints_for(&cat, "post-id");
        assert!(
            posts
                .iter()
                .any(|&i| cat.endpoints[i].id == "object.comments")
        );
    }
}
