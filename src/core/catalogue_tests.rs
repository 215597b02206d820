use super::*;

fn cat() -> Catalogue {
    Catalogue::builtin().expect("the built-in catalogue is valid")
}

#[test]
fn builtin_catalogue_is_valid_and_large() {
    let c = cat();
    assert!(c.endpoints.len() >= 100, "{} endpoints", c.endpoints.len());
    assert!(c.permissions.len() >= 32);
}

#[test]
fn every_seed_permission_is_described() {
    let c = cat();
    let seed = [
        "read_group",
        "write_group",
        "read_user_feed",
        "write_user_feed",
        "bot_mention",
        "manage_group",
        "manage_accounts",
        "manage_badges",
        "read_user_email",
        "read_user_work_profile",
        "read_user_org_chart",
        "message",
        "read_all_messages",
        "delete_messages",
        "receive_security_logs",
        "logout",
        "link_unfurling",
        "manage_profiles",
        "provision_accounts",
        "list_group_members",
        "manage_knowledge_library",
        "read_knowledge_library",
        "export_employee_data",
        "bot_group_chat",
        "manage_surveys",
        "read_surveys",
        "read_people_sets",
        "manage_people_sets",
        "read_important_posts",
        "manage_important_posts",
        "remove_profile_information",
        "read_and_action_reported_content",
        "manage_shifts",
    ];
    for p in seed {
        let perm = c.permission(p).unwrap_or_else(|| panic!("{p} missing"));
        assert!(!perm.grants.is_empty() && !perm.label.is_empty());
        assert!(
            perm.webhook_only.is_some() || !c.needing(p).is_empty(),
            "{p} unused"
        );
    }
}

#[test]
fn scim_surface_is_in() {
    let c = cat();
    for path in [
        "/Users",
        "/Users/{scim-user-id}",
        "/Groups",
        "/Groups/{scim-group-id}",
        "/Schemas/Users",
        "/ServiceProviderConfigs",
    ] {
        assert!(
            c.endpoints
                .iter()
                .any(|e| e.host == Host::Scim && e.path == path),
            "{path}"
        );
    }
}

#[test]
fn validation_catches_mistakes() {
    let perms = "[[permissions]]\nname = \"a\"\nlabel = \"A\"\ngrants = \"x\"\n";
    let ep = |extra: &str| {
        format!(
            "[params]\nfields = \"f\"\n[[endpoints]]\nid = \"x\"\nsection = \"S\"\nmethod = \"GET\"\npath = \"/x\"\nsummary = \"s\"\n{extra}"
        )
    };
    assert!(Catalogue::parse(&ep("any_of = [\"a\"]"), perms).is_ok());
    let err = Catalogue::parse(&ep("any_of = [\"zzz\"]"), perms).expect_err("unknown permission");
    assert!(err.0.contains("zzz"));
    let err = Catalogue::parse(&ep("any_of = [\"a\"]\nquery = [\"nope\"]"), perms)
        .expect_err("undescribed param");
    assert!(err.0.contains("nope"));
    let err = Catalogue::parse(&ep(""), perms).expect_err("unused permission");
    assert!(err.0.contains("used by no endpoint"));
}

#[test]
fn permission_checks() {
    let c = cat();
    let feed = c.endpoint("group.feed").expect("exists");
    assert!(feed.allowed(&["read_group".to_owned()]));
    assert!(!feed.allowed(&["write_group".to_owned()]));
    assert_eq!(feed.missing_permission(&[]), Some("read_group"));
    let del = c.endpoint("message.delete").expect("exists");
    assert!(!del.allowed(&["delete_messages".to_owned()]));
    assert_eq!(
        del.missing_permission(&["delete_messages".to_owned()]),
        Some("read_all_messages")
    );
    assert_eq!(
        del.permission_text(),
        "delete_messages and read_all_messages"
    );
}

#[test]
fn filter_by_words_and_permission() {
    let c = cat();
    let hits = c.filter("group feed", None);
    assert!(hits.iter().any(|e| e.id == "group.feed"));
    let hits = c.filter("", Some("manage_badges"));
    assert!(
        hits.iter()
            .all(|e| e.permissions().any(|p| p == "manage_badges"))
    );
    assert!(!hits.is_empty());
    assert!(c.filter("zzzz-nothing", None).is_empty());
}

#[test]
fn the_filter_is_fuzzy_and_ranks_the_closest_first() {
    let c = cat();
    assert_eq!(c.filter("grp feed", None)[0].path, "/{group-id}/feed");
    assert_eq!(c.filter("grpfeed", None)[0].path, "/{group-id}/feed");
    assert!(
        c.filter("newest first", None)
            .iter()
            .any(|e| e.id == "group.feed"),
        "summary words still find it"
    );
    assert_eq!(
        c.search("feed", None).len(),
        c.filter("feed", None).len(),
        "one search behind both"
    );
    assert!(
        c.filter("group feed", None)
            .iter()
            .all(|e| e.path.contains("feed")),
        "no loose matches far below the best"
    );
}

#[test]
fn query_params_have_descriptions() {
    let c = cat();
    let ep = c.endpoint("community.groups").expect("exists");
    let q = c.query_params(ep);
    assert_eq!(q[0].name, "fields");
    assert_eq!(q[0].example, "id,name,privacy,updated_time");
    assert!(!q[0].description.is_empty());
}

#[test]
fn normalising_paths() {
    assert_eq!(normalise_path("/:community_id/admins"), "/{}/admins");
    assert_eq!(normalise_path("/community/admins"), "/{}/admins");
    assert_eq!(
        normalise_path("/company/organization_members"),
        "/{}/organization_members"
    );
    assert_eq!(normalise_path("/:member_id /managers"), "/{}/managers");
    assert_eq!(normalise_path("/{{event-id}}"), "/{}");
    assert_eq!(normalise_path("/:t_thread_id/?fields=messages"), "/{}");
    assert_eq!(normalise_path("/me/messages/"), "/me/messages");
}
