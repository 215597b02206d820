//! `wpx call --all` with the real binary on a sandbox with a 5,000-member group: every item
//! exactly once, each page signed anew, the limits, and the CSV and JSONL exports.

mod common;

use std::collections::HashSet;

use common::{RunningSandbox, start_sandbox, wpx_as_app};
use serde_json::Value;
use wpx::sandbox::{LARGE_GROUP_ID, Options};

fn sandbox(large: usize) -> RunningSandbox {
    start_sandbox(Options {
        large_group: Some(large),
        ..Options::default()
    })
}

#[test]
fn every_item_of_a_5000_item_edge_comes_once_and_the_csv_has_5000_rows() {
    let dir = tempfile::tempdir().expect("dir");
    let r = sandbox(5000);
    let members = format!("/{LARGE_GROUP_ID}/members");
    let out = wpx_as_app(dir.path(), &r, "all")
        .args(["call", "--all", &members, "fields=id,name", "limit=400"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one merged document");
    let items = doc["data"].as_array().expect("data");
    assert_eq!(items.len(), 5000);
    let ids: HashSet<&str> = items.iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(ids.len(), 5000, "every item exactly once");
    assert!(
        doc["paging"].get("next").is_none(),
        "the last page's paging is kept"
    );
    assert!(
        stderr.contains("pages 13 · items 5000"),
        "progress: {stderr}"
    );

    let csv = dir.path().join("members.csv");
    let out = wpx_as_app(dir.path(), &r, "all")
        .args([
            "call",
            "--all",
            &members,
            "fields=id,name",
            "limit=1000",
            "--format",
            "csv",
        ])
        .arg("--output")
        .arg(&csv)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).expect("the CSV");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,name"));
    assert_eq!(lines.count(), 5000, "a row per item");
}

#[test]
fn the_limits_stop_early_and_jsonl_is_one_item_a_line() {
    let dir = tempfile::tempdir().expect("dir");
    let r = sandbox(300);
    let feed = format!("/{LARGE_GROUP_ID}/feed");
    let out = wpx_as_app(dir.path(), &r, "all")
        .args([
            "call",
            "--all",
            &feed,
            "limit=50",
            "--max-items",
            "120",
            "--format",
            "jsonl",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 120, "exactly --max-items");
    assert_eq!(
        lines[0]["message"], "Post 00299 of 300",
        "newest first, as the feed pages"
    );
    let out = wpx_as_app(dir.path(), &r, "all")
        .args(["call", "--all", &feed, "limit=50", "--max-pages", "2"])
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["data"].as_array().map(Vec::len), Some(100));
    // --all is for reads; a page that is not an edge says so.
    let out = wpx_as_app(dir.path(), &r, "all")
        .args(["call", "--all", "/community"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no data list"));
    let out = wpx_as_app(dir.path(), &r, "all")
        .args(["call", "--all", "-X", "POST", &feed])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
