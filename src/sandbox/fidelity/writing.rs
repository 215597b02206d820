//! Writes: a group's last member, and uploads by URL or as a file on every edge Meta's Workplace
//! collections use.

use crate::core::request::Method;
use crate::sandbox::engine::SReq;
use crate::sandbox::graph::tests::{NOW, app_creds, call, engine, error_of, get, proof_params};

#[test]
fn removing_a_groups_last_member_deletes_the_group() {
    let mut e = engine();
    let admin = e.seed.members[3].clone();
    let other = e.seed.members[4].clone();
    let r = call(
        &mut e,
        "all",
        Method::Post,
        "/community/groups",
        &[("name", "Short-lived"), ("admin", &admin)],
    );
    let g = r.body["id"].as_str().expect("group").to_owned();
    call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{g}/members"),
        &[("member", &other)],
    );
    let r = call(
        &mut e,
        "all",
        Method::Delete,
        &format!("/{g}/members/{other}"),
        &[],
    );
    assert_eq!(r.body["success"], true, "{}", r.body);
    assert_eq!(
        get(&mut e, &format!("/{g}"), &[])["name"],
        "Short-lived",
        "one member left"
    );
    let r = call(
        &mut e,
        "all",
        Method::Delete,
        &format!("/{g}/members"),
        &[("member", &admin)],
    );
    assert_eq!(r.body["success"], true, "{}", r.body);
    let gone = call(&mut e, "all", Method::Get, &format!("/{g}"), &[]);
    assert_eq!(error_of(&gone).1, 100, "{}", gone.body);
    let groups = get(&mut e, "/community/groups", &[("limit", "500")]);
    assert!(
        groups["data"]
            .as_array()
            .expect("present")
            .iter()
            .all(|x| x["id"] != g.as_str()),
        "and it is no longer listed"
    );
}

/// A POST with a multipart file (`source` or `file`) and the token in the header.
fn upload(
    e: &mut crate::sandbox::engine::Engine,
    path: &str,
    field: &str,
    filename: &str,
) -> crate::sandbox::engine::SResp {
    let (token, secret) = app_creds(e, "all");
    e.handle(
        &SReq {
            method: Method::Post,
            path: path.into(),
            query: proof_params(&token, &secret, NOW).to_vec(),
            form: vec![("message".into(), "uploaded".into())],
            headers: vec![("authorization".into(), format!("Bearer {token}"))],
            files: vec![crate::sandbox::engine::Upload {
                field: field.into(),
                filename: filename.into(),
                content_type: "application/octet-stream".into(),
                size: 1234,
            }],
            ..SReq::default()
        },
        NOW,
    )
}

#[test]
fn photos_videos_and_files_upload_by_url_or_as_files_on_every_edge_and_read_back() {
    let mut e = engine();
    let g = e.seed.groups[0].clone();
    let cat = e.seed.category.clone();
    // Edges from Meta's Workplace Graph and Bots collections and its content-cloner script.
    let edges = [
        (format!("/{g}/photos"), "url", "source", "link"),
        (format!("/{g}/videos"), "file_url", "source", "source"),
        ("/me/photos".to_owned(), "url", "source", "link"),
        ("/me/videos".to_owned(), "file_url", "source", "source"),
        (format!("/{cat}/photos"), "url", "source", "link"),
        (format!("/{cat}/videos"), "url", "source", "source"),
        (format!("/{cat}/files"), "url", "file", "download_link"),
        (
            "/group_file_revisions".to_owned(),
            "url",
            "file",
            "download_link",
        ),
    ];
    for (path, url_key, file_field, link_field) in edges {
        let by_url = call(
            &mut e,
            "all",
            Method::Post,
            &path,
            &[(url_key, "https://example.com/media/a.bin")],
        );
        assert_eq!(by_url.status, 200, "{path} by URL: {}", by_url.body);
        let id = by_url.body["id"].as_str().expect("an id").to_owned();
        let back = get(
            &mut e,
            &format!("/{id}"),
            &[("fields", &format!("id,{link_field}"))],
        );
        assert_eq!(
            back[link_field], "https://example.com/media/a.bin",
            "{path}: {back}"
        );

        let by_file = upload(&mut e, &path, file_field, "team photo.jpg");
        assert_eq!(by_file.status, 200, "{path} as a file: {}", by_file.body);
        let id = by_file.body["id"].as_str().expect("an id").to_owned();
        let back = get(
            &mut e,
            &format!("/{id}"),
            &[("fields", &format!("id,{link_field}"))],
        );
        let link = back[link_field].as_str().unwrap_or_default();
        assert!(link.ends_with("/team+photo.jpg"), "{path}: {back}");

        let neither = call(&mut e, "all", Method::Post, &path, &[("message", "x")]);
        assert_eq!(error_of(&neither).1, 100, "{path} with no media");
    }
    // A photo posted to a group makes a feed story.
    let r = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{g}/photos"),
        &[("url", "https://example.com/p.jpg"), ("message", "look")],
    );
    let (photo, post) = (
        r.body["id"].clone(),
        r.body["post_id"].as_str().expect("post_id").to_owned(),
    );
    let story = get(
        &mut e,
        &format!("/{post}"),
        &[("fields", "message,object_id,type")],
    );
    assert_eq!(
        (story["object_id"].clone(), story["type"].clone()),
        (photo, "photo".into()),
        "{story}"
    );
    // A member's profile picture, by URL or uploaded, is the one their picture answers.
    let m = e.seed.members[5].clone();
    let r = upload(
        &mut e,
        &format!("/{m}/profile_pictures"),
        "source",
        "me.png",
    );
    assert_eq!(r.body["success"], true, "{}", r.body);
    let pic = get(&mut e, &format!("/{m}/picture"), &[("redirect", "false")]);
    assert!(
        pic["data"]["url"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/me.png"),
        "{pic}"
    );
    let r = call(
        &mut e,
        "all",
        Method::Post,
        &format!("/{m}/profile_pictures"),
        &[("image_url", "https://example.com/p.png")],
    );
    assert_eq!(r.body["success"], true, "{}", r.body);
    let pic = get(&mut e, &format!("/{m}/picture"), &[("redirect", "false")]);
    assert_eq!(pic["data"]["url"], "https://example.com/p.png");
    // An uploaded group video is listed on the group.
    let videos = get(&mut e, &format!("/{g}/videos"), &[("limit", "100")]);
    assert!(
        videos["data"].as_array().expect("present").len() >= 2,
        "{videos}"
    );
}
