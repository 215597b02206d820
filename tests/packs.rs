//! Catalogue packs end to end: imports through the real binary, a pack's operations sent from the
//! TUI in a pseudo-terminal to the proof-checking loopback server, the field picker on the
//! sandbox, and `.http` files out and back in.

mod common;
#[path = "common/pty.rs"]
mod pty;

use common::{SECRET, TOKEN, TestServer, hmac_hex, wpx};
use pty::{assert_restored, spawn_with};

const SPEC: &str = "tests/fixtures/messaging.openapi.yaml";
const POSTMAN: &str = "tests/fixtures/two-hosts.postman_collection.json";

fn import(dir: &std::path::Path, args: &[&str]) -> String {
    let out = wpx(dir).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_openapi_spec_imports_as_a_pack_that_the_cli_lists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let said = import(dir.path(), &["import", "openapi", SPEC, "--name", "msg"]);
    assert!(
        said.contains("imported 3 endpoints in 2 sections as pack 'msg' for the facebook surface"),
        "{said}"
    );
    let out = wpx(dir.path())
        .args(["catalogues", "--json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["packs"][0]["name"], "workplace");
    assert_eq!(v["packs"][1]["name"], "msg");
    assert_eq!(v["packs"][1]["endpoints"], 3);
    assert_eq!(v["packs"][1]["surface"], "facebook");
    let out = wpx(dir.path())
        .args(["endpoints", "--pack", "msg", "--json"])
        .output()
        .expect("runs");
    let eps: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(eps.as_array().map(Vec::len), Some(3));
    assert_eq!(eps[0]["id"], "msg:sendMessage");
    // The file is private and is not overwritten without --replace.
    let file = dir.path().join("catalogues/msg.toml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("written")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let again = wpx(dir.path())
        .args(["import", "openapi", SPEC, "--name", "msg"])
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--replace"));
    import(
        dir.path(),
        &["import", "openapi", SPEC, "--name", "msg", "--replace"],
    );
    // Unknown pack: a clear message.
    let out = wpx(dir.path())
        .args(["endpoints", "--pack", "nope"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("`wpx catalogues` lists them"));
}

#[test]
fn a_bad_spec_names_the_json_pointer_and_stdin_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .args(["import", "openapi", "-"])
        .write_stdin("openapi: 3.1.0\ninfo: {title: x}\npaths: [1, 2]\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("standard input: /paths: must be an object"),
        "{err}"
    );
    let out = wpx(dir.path())
        .args(["import", "openapi", "-", "--name", "tiny"])
        .write_stdin(r#"{"openapi": "3.0.3", "info": {"title": "t"}, "paths": {"/me": {"get": {"summary": "Me"}}}}"#)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_broken_pack_file_is_named_and_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("catalogues")).expect("mkdir");
    std::fs::write(dir.path().join("catalogues/bad.toml"), "[pack]\nname = 1\n").expect("write");
    let out = wpx(dir.path()).args(["catalogues"]).output().expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:2") && err.contains("left out"),
        "{err}"
    );
    // The TUI starts all the same, and says so in its status line.
    let mut s = spawn_with(&[], &[], Some(dir));
    s.wait_for("bad.toml:2");
    s.wait_for("/community/groups");
    s.send(b"\x03");
    s.wait_exit();
}

fn profile(dir: &std::path::Path, server: &TestServer) {
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[profiles.p]\nbase_url = \"{}\"\ngraph_version = \"v23.0\"\naccess_token_env = \"WPX_T\"\napp_secret_env = \"WPX_S\"\n\n[profiles.p.variables]\nRecipient-Phone-Number = \"15550002222\"\n",
            server.url()
        ),
    )
    .expect("config");
}

fn assert_signed(req: &common::Seen) {
    assert_eq!(
        req.headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {TOKEN}").as_str()),
        "the bearer token"
    );
    let time: i64 = req
        .param("appsecret_time")
        .expect("a proof time")
        .parse()
        .expect("a number");
    assert_eq!(
        req.param("appsecret_proof"),
        Some(hmac_hex(SECRET, &format!("{TOKEN}|{time}")).as_str()),
        "a fresh proof for this send"
    );
}

#[test]
fn a_pack_operation_and_a_postman_pack_request_are_sent_signed_from_the_tui() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), &server);
    import(dir.path(), &["import", "openapi", SPEC, "--name", "msg"]);
    import(
        dir.path(),
        &["import", "postman", POSTMAN, "--as-pack", "--name", "cloud"],
    );
    let env = [("WPX_T", TOKEN), ("WPX_S", SECRET)];
    let mut s = spawn_with(&["--profile", "p"], &env, Some(dir));
    s.wait_for("▌Workplace (built in)"); // more than one pack: each under a heading
    s.send(b"/sendMessage\r");
    s.wait_for("Send a text message");
    s.send(b"\r106540352242922\r"); // the {Phone-Number-ID} row
    s.wait_for("{Phone-Number-ID} 106540352242922");
    s.send(b"\x13");
    s.wait_for("Response ·");
    // The Postman pack's request: {Phone-Number-ID} carries over, {{variables}} come from the
    // profile.
    s.send(b"o"); // the saved requests, then the endpoints again, focused
    s.wait_for("Saved");
    s.send(b"o");
    s.wait_for("Endpoints / sendMessage");
    s.send(b"/");
    s.send(b"\x15send text message\r");
    s.wait_for("Send Text Message");
    s.wait_for("{Phone-Number-ID} 106540352242922");
    s.send(b"\x13");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let sends = || {
        server
            .seen()
            .into_iter()
            .filter(|r| r.path.ends_with("/messages"))
            .collect::<Vec<_>>()
    };
    while sends().len() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "two sends; screen:\n{}",
            s.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    s.send(b"\x03");
    s.wait_exit();
    assert_restored(&s.raw());

    let seen = sends(); // the token check on connect is a GET of its own
    let first = &seen[0];
    assert_eq!(first.method, "POST");
    assert_eq!(
        first.path, "/v23.0/106540352242922/messages",
        "the profile's version in the path"
    );
    assert_signed(first);
    let body: serde_json::Value = serde_json::from_slice(&first.body).expect("a JSON body");
    assert_eq!(
        body,
        serde_json::json!({"messaging_product": "whatsapp", "to": "15550001111", "type": "text", "text": {"body": "Hello from wpx"}}),
        "the example body built from the schema"
    );
    let second = &seen[1];
    assert_eq!(second.path, "/v23.0/106540352242922/messages");
    assert_signed(second);
    let body: serde_json::Value = serde_json::from_slice(&second.body).expect("a JSON body");
    assert_eq!(
        body["to"], "15550002222",
        "the profile's variable filled in"
    );
}

#[test]
fn the_field_picker_lists_a_groups_fields_and_sets_fields_on_the_sandbox() {
    let mut s = spawn_with(&[], &[], None);
    s.wait_for("SANDBOX ready");
    s.send(b"/GET /{group-id}\r");
    s.wait_for("{group-id} ‹required");
    s.send(b"\r287006177637920\r");
    s.wait_for("{group-id} 287006177637920");
    s.send(b"F");
    s.wait_for("fields of a group");
    s.wait_for("from ?metadata=1");
    s.wait_for("Who can see the group");
    s.send(b"/purpose\r"); // filter, then back to the list
    s.wait_for("What the group is for");
    s.send(b" \r"); // tick it, set fields=
    s.wait_for(",purpose");
    s.send(b"\x13");
    s.wait_for("\"purpose\":");
    s.send(b"\x03");
    s.wait_exit();
    assert_restored(&s.raw());
}

#[test]
fn http_export_then_import_keeps_method_url_headers_and_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let collections = dir.path().join("collections");
    std::fs::create_dir_all(&collections).expect("mkdir");
    std::fs::write(
        collections.join("demo.toml"),
        r#"name = "Demo"

[[requests]]
name = "Feed"
folder = "Groups"
method = "GET"
path = "/{group-id}/feed"
path_params = [{ name = "group-id", value = "{{group_id}}" }]
query = [{ name = "fields", value = "id,message" }, { name = "limit", value = "5" }]
headers = [{ name = "X-Trace", value = "abc" }]

[[requests]]
name = "Post"
method = "POST"
path = "/me/feed"
body = """{"message": "hello"}"""
"#,
    )
    .expect("write");
    let out_file = dir.path().join("demo.http");
    let out = wpx(dir.path())
        .args(["export", "http", "Demo", "-o"])
        .arg(&out_file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_file).expect("written");
    assert!(
        text.contains(
            "GET {{base_url}}/{{group_id}}/feed?fields=id%2Cmessage&limit=5\nX-Trace: abc"
        ),
        "{text}"
    );
    let said = import(
        dir.path(),
        &[
            "import",
            "http",
            out_file.to_str().expect("utf-8"),
            "--into",
            "Back",
        ],
    );
    assert!(said.contains("imported 2 requests into 'Back'"), "{said}");
    // Importing over an existing collection is refused, not a silent loss.
    let refused = wpx(dir.path())
        .args([
            "import",
            "http",
            out_file.to_str().expect("utf-8"),
            "--into",
            "Demo",
        ])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--replace"));
    // A bare file name is written in the current folder, whose permissions stay as they are.
    let out = wpx(dir.path())
        .current_dir(dir.path())
        .args(["export", "http", "Demo", "-o", "bare.http"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("bare.http").exists());
    let back = wpx(dir.path())
        .args(["export", "http", "Back"])
        .output()
        .expect("runs");
    let again = String::from_utf8_lossy(&back.stdout);
    let requests = |t: &str| {
        t.split("\n### ")
            .skip(1)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        requests(&text),
        requests(&again),
        "the same requests after the round trip"
    );
}
