//! `wpx batch FILE` with the real binary on the sandbox: three operations, the second using the
//! first's id and the third the second's, sent as one signed batch with a result each.

mod common;

use common::{start_sandbox, wpx_as_app};
use wpx::sandbox::Options;

const THREE: &str = r#"
[[operation]]
name = "groups"
relative_url = "community/groups?limit=1"
omit_response_on_success = false

[[operation]]
name = "post"
method = "POST"
relative_url = "{result=groups:$.data.0.id}/feed"
depends_on = "groups"
body = { message = "made by wpx batch" }
omit_response_on_success = false

[[operation]]
relative_url = "{result=post:$.id}?fields=message,to"
depends_on = "post"
"#;

#[test]
fn three_dependent_operations_run_as_one_signed_batch_with_three_results() {
    let dir = tempfile::tempdir().expect("dir");
    let r = start_sandbox(Options::default());
    let file = dir.path().join("ops.toml");
    std::fs::write(&file, THREE).expect("write");
    // The "all" app needs a proof on every call: the batch is signed.
    let out = wpx_as_app(dir.path(), &r, "all")
        .arg("batch")
        .arg(&file)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("[1] groups GET community/groups?limit=1 · 200"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[2] post POST {result=groups:$.data.0.id}/feed · 200"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[3] GET {result=post:$.id}?fields=message,to · 200"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"message\": \"made by wpx batch\""),
        "{stdout}"
    );

    let json = wpx_as_app(dir.path(), &r, "all")
        .args(["batch", "--json"])
        .arg(&file)
        .output()
        .expect("runs");
    let answer: serde_json::Value = serde_json::from_slice(&json.stdout).expect("Graph's answer");
    assert_eq!(answer.as_array().map(Vec::len), Some(3));
}

#[test]
fn a_failed_operation_exits_1_and_a_bad_file_exits_2() {
    let dir = tempfile::tempdir().expect("dir");
    let r = start_sandbox(Options::default());
    let file = dir.path().join("ops.json");
    std::fs::write(
        &file,
        r#"[{"relative_url": "me"}, {"relative_url": "no_such_alias"}]"#,
    )
    .expect("write");
    let out = wpx_as_app(dir.path(), &r, "all")
        .arg("batch")
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 2 operations failed"));
    std::fs::write(&file, r#"[{"relative_url": "me", "depends_on": "nobody"}]"#).expect("write");
    let out = wpx_as_app(dir.path(), &r, "all")
        .arg("batch")
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("depends on 'nobody'"));
}
