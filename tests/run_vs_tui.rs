//! One way to the wire: the same saved request (a form body, a path parameter, a `{{variable}}`
//! from the profile and one from an environment) sent by `wpx run` and by the TUI reaches the
//! server byte for byte the same, but for the proof's time. And `{{missing}}` is never sent.

mod common;
#[path = "common/pty.rs"]
mod pty;

use common::{Seen, TestServer, wpx};

/// A config dir: a profile on `server` with a variable and its own User-Agent, an environment,
/// and a collection holding the request.
fn setup(server: &TestServer) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "default_profile = \"p\"\n[profiles.p]\nbase_url = \"{}\"\naccess_token_env = \"T\"\napp_secret_env = \"S\"\nuser_agent = \"wpx-test-agent/1\"\n[profiles.p.variables]\nthing_id = \"thing-42\"\n",
        server.url()
    );
    std::fs::write(dir.path().join("config.toml"), config).expect("config");
    std::fs::create_dir_all(dir.path().join("environments")).expect("environments");
    std::fs::write(
        dir.path().join("environments").join("staging.toml"),
        "[variables]\ngreeting = \"hello from staging\"\n",
    )
    .expect("environment");
    std::fs::create_dir_all(dir.path().join("collections")).expect("collections");
    std::fs::write(
        dir.path().join("collections").join("same.toml"),
        r#"name = "Same"

[[requests]]
name = "Write"
method = "POST"
path = "/custom/{thing}/feed"
query = [{ name = "fields", value = "id" }]
path_params = [{ name = "thing", value = "{{thing_id}}" }]
headers = [{ name = "X-Trace", value = "same-{{thing_id}}" }]
form = [{ name = "message", value = "{{greeting}} & more" }, { name = "formatting", value = "MARKDOWN" }]

[[requests]]
name = "Missing"
method = "GET"
path = "/{{missing}}/groups"
"#,
    )
    .expect("collection");
    dir
}

/// Method, path, query, headers and body: what went over the wire.
type Wire = (
    String,
    String,
    Vec<(String, String)>,
    Vec<(String, String)>,
    Vec<u8>,
);

/// What must be equal: everything but the proof and its time.
fn wire(s: &Seen) -> Wire {
    let query = s
        .query
        .iter()
        .filter(|(k, _)| k != "appsecret_proof" && k != "appsecret_time")
        .cloned()
        .collect();
    let headers = ["content-type", "user-agent", "x-trace", "authorization"]
        .iter()
        .map(|h| {
            (
                (*h).to_owned(),
                s.headers
                    .get(*h)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    (
        s.method.clone(),
        s.path.clone(),
        query,
        headers,
        s.body.clone(),
    )
}

#[test]
fn wpx_run_and_the_tui_send_the_same_bytes() {
    let server = TestServer::start();
    let dir = setup(&server);
    let out = wpx(dir.path())
        .env("T", common::TOKEN)
        .env("S", common::SECRET)
        .args(["run", "Same/Write", "--env", "staging"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Unknown path components"), "{stderr}");
    let from_cli = server.seen().last().cloned().expect("the CLI's request");

    let mut s = pty::spawn_with(
        &["--env", "staging"],
        &[("T", common::TOKEN), ("S", common::SECRET)],
        Some(dir),
    );
    s.wait_for("env staging");
    s.send(b"o");
    s.wait_for("Same");
    s.send(b"\r");
    s.wait_for("Request · Same/Write");
    s.send(b"\x13");
    s.wait_for("Unknown path components");
    s.send(b"q");
    assert!(s.wait_exit().success());
    let from_tui = server.seen().last().cloned().expect("the TUI's request");

    assert_eq!(wire(&from_cli), wire(&from_tui));
    let (method, path, query, headers, body) = wire(&from_tui);
    assert_eq!(method, "POST");
    assert_eq!(path, "/custom/thing-42/feed");
    assert_eq!(query, [("fields".to_owned(), "id".to_owned())]);
    assert!(headers.contains(&("x-trace".to_owned(), "same-thing-42".to_owned())));
    assert!(headers.contains(&("user-agent".to_owned(), "wpx-test-agent/1".to_owned())));
    assert!(headers.contains(&(
        "content-type".to_owned(),
        "application/x-www-form-urlencoded".to_owned()
    )));
    assert_eq!(
        String::from_utf8_lossy(&body),
        "message=hello%20from%20staging%20%26%20more&formatting=MARKDOWN"
    );
    assert!(
        from_tui.param("appsecret_proof").is_some() && from_cli.param("appsecret_proof").is_some()
    );
}

#[test]
fn a_missing_variable_is_never_sent_from_the_cli() {
    let server = TestServer::start();
    let dir = setup(&server);
    let out = wpx(dir.path())
        .env("T", common::TOKEN)
        .env("S", common::SECRET)
        .args(["run", "Same/Missing"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("{{missing}}"), "{stderr}");
    assert!(server.seen().is_empty(), "nothing was sent");
}
