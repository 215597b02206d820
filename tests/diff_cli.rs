//! `wpx diff` on files: one changed nested field is reported at exactly its path; equal
//! documents (in another key order) exit 0; what cannot be read exits 2.

mod common;

use serde_json::{Value, json};

fn write(dir: &std::path::Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).expect("json")).expect("write");
    p.to_string_lossy().into_owned()
}

#[test]
fn one_nested_field_is_reported_at_its_path_and_exit_says_whether_they_differ() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = json!({"data": [
        {"id": "1", "from": {"id": "7", "name": "Ann"}, "message": "hi"},
        {"id": "2", "from": {"id": "8", "name": "Bo"}, "message": "yo"}
    ], "paging": {"cursors": {"after": "x"}}});
    let mut b = a.clone();
    b["data"][1]["from"]["name"] = json!("Bob");
    let (fa, fb) = (
        write(dir.path(), "a.json", &a),
        write(dir.path(), "b.json", &b),
    );
    let out = common::wpx(dir.path())
        .args(["diff", &fa, &fb])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout, "~ $.data[id=2].from.name: \"Bo\" → \"Bob\"\n");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("1 difference: 0 added, 0 removed, 1 changed")
    );

    let json_out = common::wpx(dir.path())
        .args(["diff", "--json", &fa, &fb])
        .output()
        .expect("run");
    let changes: Value = serde_json::from_slice(&json_out.stdout).expect("JSON");
    assert_eq!(
        changes,
        json!([{"change": "changed", "path": "$.data[id=2].from.name", "from": "Bo", "to": "Bob"}])
    );

    // The same document with its keys in another order, read from standard input.
    let reordered = r#"{"paging":{"cursors":{"after":"x"}},"data":[{"message":"hi","from":{"name":"Ann","id":"7"},"id":"1"},{"id":"2","message":"yo","from":{"id":"8","name":"Bo"}}]}"#;
    let same = common::wpx(dir.path())
        .args(["diff", &fa, "-"])
        .write_stdin(reordered)
        .output()
        .expect("run");
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(same.stdout.is_empty());
}

#[test]
fn a_file_that_is_not_json_or_not_there_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = write(dir.path(), "a.json", &json!({"a": 1}));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{not json").expect("write");
    let out = common::wpx(dir.path())
        .args(["diff", &good, &bad.to_string_lossy()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not JSON"));
    let out = common::wpx(dir.path())
        .args(["diff", &good, "/nonexistent/b.json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/b.json"));
}
