//! `wpx history show` and `wpx history diff` with the real binary on the sandbox: an answer of
//! more than the 2 KiB preview is kept whole (scrubbed), shown again whole, and two answers
//! compare by path.

mod common;

use common::{start_sandbox, wpx_as_app};
use wpx::sandbox::Options;

const GROUP: &str = "/287006177699999/members";

/// The sandbox with a group of 100 members.
fn group_of_100() -> common::RunningSandbox {
    start_sandbox(Options {
        large_group: Some(100),
        ..Options::default()
    })
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn two_answers_in_the_history_compare_by_path_and_show_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let r = group_of_100();
    let call = |fields: &str| {
        let out = wpx_as_app(dir.path(), &r, "all")
            .args(["call", GROUP, "limit=50", &format!("fields={fields}")])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        out.stdout
    };
    let first = call("id,name");
    call("id,name,email");
    assert!(
        first.len() > 2048,
        "the answer must be longer than the preview"
    );

    let list = wpx_as_app(dir.path(), &r, "all")
        .arg("history")
        .output()
        .expect("runs");
    let listed = text(&list.stdout);
    assert!(
        listed
            .lines()
            .next()
            .is_some_and(|l| l.trim_start().starts_with("1 ")),
        "the list is numbered, newest first:\n{listed}"
    );

    // The older answer, whole, as it came.
    let shown = wpx_as_app(dir.path(), &r, "all")
        .args(["history", "show", "2"])
        .output()
        .expect("runs");
    assert_eq!(shown.status.code(), Some(0), "{}", text(&shown.stderr));
    assert_eq!(shown.stdout, first, "the whole body, not its first 2 KiB");

    let diff = wpx_as_app(dir.path(), &r, "all")
        .args(["history", "diff", "2", "1", "--json"])
        .output()
        .expect("runs");
    assert_eq!(
        diff.status.code(),
        Some(1),
        "they differ: {}",
        text(&diff.stderr)
    );
    let changes: Vec<serde_json::Value> =
        serde_json::from_slice(&diff.stdout).expect("a JSON array of changes");
    let added: Vec<&str> = changes
        .iter()
        .filter(|c| c["change"] == "added")
        .filter_map(|c| c["path"].as_str())
        .collect();
    assert_eq!(added.len(), 50, "one email added per member: {changes:?}");
    assert!(
        added
            .iter()
            .all(|p| p.starts_with("$.data[id=") && p.ends_with("].email")),
        "{added:?}"
    );
    assert!(
        changes.iter().all(|c| c["change"] == "added"
            || c["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("$.paging"))),
        "nothing else changed but the paging links: {changes:?}"
    );

    let same = wpx_as_app(dir.path(), &r, "all")
        .args(["history", "diff", "1", "1"])
        .output()
        .expect("runs");
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    assert!(text(&same.stderr).contains("no differences"));

    let bad = wpx_as_app(dir.path(), &r, "all")
        .args(["history", "diff", "1", "7"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("from 1 (the newest) to 2"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn a_kept_body_never_holds_the_token_the_links_carried() {
    let dir = tempfile::tempdir().expect("dir");
    let r = group_of_100();
    let app = r.sb.app("all").expect("demo app").clone();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "default_profile = \"sb\"\n[profiles.sb]\nbase_url = \"{}\"\ntoken_in = \"query\"\naccess_token_env = \"WPX_TEST_TOKEN\"\napp_secret_env = \"WPX_TEST_SECRET\"\n",
            r.sb.base_url
        ),
    )
    .expect("config");
    let out = common::wpx(dir.path())
        .env("WPX_TEST_TOKEN", &app.access_token)
        .env("WPX_TEST_SECRET", &app.app_secret)
        .env("WPX_STATE_DIR", dir.path().join("state"))
        .args(["call", GROUP, "limit=50"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&app.access_token),
        "the sandbox's next link carries the query's token (else this test proves nothing)"
    );
    let bodies = dir.path().join("state").join("history-bodies");
    let files: Vec<_> = std::fs::read_dir(&bodies)
        .expect("the body was kept")
        .flatten()
        .collect();
    assert_eq!(files.len(), 1);
    let kept = std::fs::read_to_string(files[0].path()).expect("reads");
    assert!(kept.contains("Load Member"), "the body is there");
    assert!(!kept.contains(&app.access_token), "the token is scrubbed");
    assert!(!kept.contains(&app.app_secret));
    let proofs: Vec<&str> = kept.split("appsecret_proof=").skip(1).collect();
    assert!(!proofs.is_empty(), "the link carried a proof: {kept}");
    assert!(
        proofs
            .iter()
            .all(|rest| rest.starts_with("%C2%AB") || rest.starts_with('\u{ab}')),
        "every proof is replaced by the marker: {kept}"
    );
}

#[test]
fn every_page_fetched_by_the_cli_is_one_entry_with_the_merged_answer() {
    let dir = tempfile::tempdir().expect("dir");
    let r = group_of_100();
    let out = wpx_as_app(dir.path(), &r, "all")
        .args(["call", "--all", GROUP, "limit=30"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let list = wpx_as_app(dir.path(), &r, "all")
        .args(["history", "--json"])
        .output()
        .expect("runs");
    let listed = text(&list.stdout);
    assert_eq!(
        listed.lines().count(),
        1,
        "one entry for the fetch:\n{listed}"
    );
    let plain = wpx_as_app(dir.path(), &r, "all")
        .arg("history")
        .output()
        .expect("runs");
    assert!(
        text(&plain.stdout).contains("(4 pages, 100 items)"),
        "the entry says it is every page: {}",
        text(&plain.stdout)
    );
    let shown = wpx_as_app(dir.path(), &r, "all")
        .args(["history", "show", "1"])
        .output()
        .expect("runs");
    let merged: serde_json::Value =
        serde_json::from_slice(&shown.stdout).expect("the merged document");
    assert_eq!(
        merged["data"].as_array().map(Vec::len),
        Some(100),
        "every item, not the first page's 30"
    );
}
