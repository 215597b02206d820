//! Permissions and scope: a bot_mention-only app, `/community/members`, and the forms of Graph's
//! permission errors ((#10) names no permission; (#200) names the one a write needs).

use crate::core::request::Method;
use crate::sandbox::graph::tests::{call, engine, error_of};

#[test]
fn a_mention_only_app_reads_only_posts_that_mention_it_and_their_comments() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let bot = e
        .apps
        .iter()
        .find(|a| a.key() == "bot")
        .expect("bot")
        .clone();
    let mention = format!("Hello @{} and team", bot.name);
    let mentioned = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{g}/feed"),
        &[("message", &mention)],
    );
    let mentioned = mentioned.body["id"].as_str().expect("id").to_owned();
    let tagged = format!("Ping @[{}]", bot.bot_id);
    let by_tag = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{g}/feed"),
        &[("message", &tagged)],
    );
    let by_tag = by_tag.body["id"].as_str().expect("id").to_owned();
    let plain = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{g}/feed"),
        &[("message", "no mention")],
    );
    let plain = plain.body["id"].as_str().expect("id").to_owned();
    let comment = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{mentioned}/comments"),
        &[("message", "a reply")],
    );
    let comment = comment.body["id"].as_str().expect("id").to_owned();

    for id in [&mentioned, &by_tag] {
        let r = call(&mut e, "bot", Method::Get, &format!("/{id}"), &[]);
        assert_eq!(r.status, 200, "{id}: {}", r.body);
    }
    let r = call(
        &mut e,
        "bot",
        Method::Get,
        &format!("/{mentioned}/comments"),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"][0]["id"], comment.as_str());
    let r = call(&mut e, "bot", Method::Get, &format!("/{plain}"), &[]);
    assert_eq!(r.body["error"]["error_subcode"], 33, "{}", r.body);
    let r = call(
        &mut e,
        "bot",
        Method::Get,
        &format!("/{plain}/comments"),
        &[],
    );
    assert_eq!(r.body["error"]["error_subcode"], 33, "{}", r.body);
    // Nor can it walk from a mentioned post to what it may not read (a member's post here, so
    // that `from` is a member with groups).
    let seeded = e.seed.posts[0].clone();
    if let Some(p) = e.world.get_mut(&seeded) {
        p.set("message", mention.clone());
    }
    let r = call(
        &mut e,
        "bot",
        Method::Get,
        &format!("/{seeded}"),
        &[("fields", "from{name}")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call(
        &mut e,
        "bot",
        Method::Get,
        &format!("/{seeded}"),
        &[("fields", "from{groups{feed{message}}}")],
    );
    assert_eq!(error_of(&r).1, 10, "{}", r.body);
    let r = call(
        &mut e,
        "bot",
        Method::Get,
        &format!("/{mentioned}"),
        &[("fields", "message,comments{message}")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // It answers (comments on) the posts that mention it, and no others.
    let r = call(
        &mut e,
        "bot",
        Method::Post,
        &format!("/{mentioned}/comments"),
        &[("message", "on it")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call(
        &mut e,
        "bot",
        Method::Post,
        &format!("/{plain}/comments"),
        &[("message", "sneaky")],
    );
    assert_eq!(r.body["error"]["error_subcode"], 33, "{}", r.body);
    // An app that reads groups reads every post.
    let r = call(&mut e, "readonly", Method::Get, &format!("/{plain}"), &[]);
    assert_eq!(r.status, 200);
}

#[test]
fn community_members_needs_manage_work_profiles() {
    let mut e = engine();
    // The read-only app has read_user_work_profile and list_group_members, not manage_profiles.
    let r = call(&mut e, "readonly", Method::Get, "/community/members", &[]);
    assert_eq!(
        error_of(&r),
        (
            403,
            10,
            "(#10) Application does not have permission for this action".into()
        )
    );
    assert!(
        r.body["error"]["error_user_msg"]
            .as_str()
            .expect("present")
            .contains("manage_profiles")
    );
    let r = call(&mut e, "all", Method::Get, "/community/members", &[]);
    assert_eq!(r.status, 200);
    // The organisation list is the one list_group_members reads.
    let r = call(
        &mut e,
        "readonly",
        Method::Get,
        "/community/organization_members",
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn a_write_without_its_permission_names_it_in_graphs_words() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let r = call(
        &mut e,
        "readonly",
        Method::Post,
        &format!("/{g}/feed"),
        &[("message", "x")],
    );
    assert_eq!(
        error_of(&r),
        (
            403,
            200,
            "(#200) Requires write_group permission to manage the object".into()
        )
    );
    assert_eq!(r.body["error"]["type"], "OAuthException");
    assert_eq!(r.body["error"]["is_transient"], false);
    assert!(r.body["error"]["error_user_title"].is_string());
}
