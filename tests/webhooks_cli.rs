//! `wpx webhooks` through the real binary: the receiver verifies over the raw bytes and fails
//! closed, answers the handshake only for the right token, records every delivery, forwards the
//! verified ones byte for byte; `replay --resign` and `sign` agree with an independent HMAC.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use common::{SECRET, TestServer, hmac_hex, wpx};

const BODY: &str = r#"{"object":"group","entry":[{"id":"1234","time":1,"changes":[{"field":"posts","value":{"post_id":"1234_5","verb":"add"}}]}]}"#;

/// A raw HTTP/1.1 request; the status and body of the answer.
fn http(port: u16, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
    let req = format!(
        "{head}\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("writes");
    s.write_all(body).expect("writes");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("reads");
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

struct Listening {
    child: Child,
    port: u16,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn listen(dir: &std::path::Path, extra: &[&str]) -> Listening {
    listen_with(dir, SECRET, extra)
}

/// `wpx webhooks listen` checking with `secret`: its port and its output lines.
fn listen_with(dir: &std::path::Path, secret: &str, extra: &[&str]) -> Listening {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wpx"));
    cmd.env("WPX_CONFIG_DIR", dir)
        .env_remove("WPX_STATE_DIR")
        .env_remove("WPX_PROFILE")
        .env("WPX_APP_SECRET", secret)
        .env("VT", "fake-verify-token")
        .env("NO_PROXY", "*")
        .args([
            "webhooks",
            "listen",
            "--port",
            "0",
            "--json",
            "--verify-token-env",
            "VT",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawns");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut first = String::new();
    err.read_line(&mut first).expect("a first line");
    let port = first
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {first:?}"));
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    Listening {
        child,
        port,
        lines: rx,
    }
}

fn next_line(l: &Listening) -> serde_json::Value {
    let line = l
        .lines
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("a line per delivery");
    serde_json::from_str(&line).expect("a JSON line")
}

fn post(port: u16, sig: Option<&str>, body: &[u8]) -> (u16, String) {
    let head = match sig {
        Some(s) => format!(
            "POST /webhook HTTP/1.1\r\nContent-Type: application/json\r\nX-Hub-Signature-256: {s}"
        ),
        None => "POST /webhook HTTP/1.1\r\nContent-Type: application/json".to_owned(),
    };
    http(port, &head, body)
}

#[test]
fn deliveries_are_verified_over_raw_bytes_recorded_and_forwarded_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let handler = TestServer::start();
    let forward = format!("{}/my-handler", handler.url());
    let l = listen(dir.path(), &["--forward", &forward]);
    let sig = format!("sha256={}", hmac_hex(SECRET, BODY));

    let (status, _) = post(l.port, Some(&sig), BODY.as_bytes());
    assert_eq!(status, 200);
    let line = next_line(&l);
    assert_eq!(line["verified"], true);
    assert_eq!(line["summary"]["object"], "group");
    assert_eq!(line["summary"]["entries"][0], "1234");
    assert!(line["forwarded"].is_string(), "{line}");
    let fwd = handler
        .seen()
        .into_iter()
        .find(|r| r.path == "/my-handler")
        .expect("forwarded");
    assert_eq!(
        fwd.body,
        BODY.as_bytes(),
        "the forwarded bytes are the received ones"
    );
    assert_eq!(
        fwd.headers
            .get("x-hub-signature-256")
            .and_then(|v| v.to_str().ok()),
        Some(sig.as_str())
    );

    let mut changed = BODY.as_bytes().to_vec();
    changed[30] ^= 1;
    let (status, why) = post(l.port, Some(&sig), &changed);
    assert_eq!(status, 403);
    assert!(why.contains("signature mismatch"), "{why}");
    assert_eq!(next_line(&l)["verified"], false);

    let (status, why) = post(l.port, None, BODY.as_bytes());
    assert_eq!(status, 403, "an unsigned delivery is refused");
    assert!(why.contains("no X-Hub-Signature"), "{why}");
    next_line(&l);

    // Signed over re-serialised JSON: refused, and the classic bug is named.
    let pretty = serde_json::to_string_pretty(
        &serde_json::from_str::<serde_json::Value>(BODY).expect("json"),
    )
    .expect("pretty");
    let (status, why) = post(l.port, Some(&sig), pretty.as_bytes());
    assert_eq!(status, 403);
    assert!(why.contains("re-serialised"), "{why}");
    next_line(&l);

    let (status, body) = http(
        l.port,
        "GET /webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=77 HTTP/1.1",
        b"",
    );
    assert_eq!(status, 403, "{body}");
    let (status, body) = http(
        l.port,
        "GET /webhook?hub.mode=subscribe&hub.verify_token=fake-verify-token&hub.challenge=77 HTTP/1.1",
        b"",
    );
    assert_eq!((status, body.as_str()), (200, "77"));

    assert_eq!(
        handler
            .seen()
            .iter()
            .filter(|r| r.path == "/my-handler")
            .count(),
        1,
        "only the verified one is forwarded"
    );
    let list = wpx(dir.path())
        .args(["webhooks", "list", "--json"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&list.stdout).into_owned();
    assert_eq!(text.lines().count(), 4, "{text}");
    // A recorded delivery replayed with --resign: signed anew, bytes unchanged.
    let first: serde_json::Value =
        serde_json::from_str(text.lines().next().expect("a record")).expect("JSON");
    let out = wpx(dir.path())
        .env("WPX_APP_SECRET", SECRET)
        .args([
            "webhooks",
            "replay",
            first["id"].as_str().expect("id"),
            "--resign",
            "--to",
        ])
        .arg(format!("{}/replayed", handler.url()))
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = handler
        .seen()
        .into_iter()
        .find(|r| r.path == "/replayed")
        .expect("replayed");
    assert_eq!(got.body, BODY.as_bytes());
    assert_eq!(
        got.headers
            .get("x-hub-signature-256")
            .and_then(|v| v.to_str().ok()),
        Some(format!("sha256={}", hmac_hex(SECRET, BODY)).as_str())
    );
    // A path axum cannot route is refused, not a panic.
    let bad = wpx(dir.path())
        .env("WPX_APP_SECRET", SECRET)
        .args(["webhooks", "listen", "--port", "0", "--path", "/{x}"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--path"));
    let files = common::files_under(dir.path());
    assert!(!files.is_empty());
    assert_eq!(common::assert_no_secret_on_disk(dir.path()), files.len());
}

#[test]
fn replay_resign_and_sign_agree_with_an_independent_hmac() {
    let dir = tempfile::tempdir().expect("tempdir");
    let payload = dir.path().join("payload.json");
    std::fs::write(&payload, BODY).expect("write");
    let out = wpx(dir.path())
        .env("WPX_APP_SECRET", SECRET)
        .args(["webhooks", "sign"])
        .arg(&payload)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.contains(&format!(
            "X-Hub-Signature-256: sha256={}",
            hmac_hex(SECRET, BODY)
        )),
        "{text}"
    );

    let receiver = TestServer::start();
    let out = wpx(dir.path())
        .env("WPX_APP_SECRET", SECRET)
        .args(["webhooks", "replay"])
        .arg(&payload)
        .args(["--to", &format!("{}/hook", receiver.url()), "--resign"])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("answered"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = receiver
        .seen()
        .into_iter()
        .find(|r| r.path == "/hook")
        .expect("replayed");
    let sig = got
        .headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .expect("signed");
    assert_eq!(
        sig,
        format!(
            "sha256={}",
            hmac_hex(SECRET, std::str::from_utf8(&got.body).expect("utf-8"))
        )
    );
    assert_eq!(got.body, BODY.as_bytes());
}

/// `wpx sandbox --port 0 --json`: the child, its base URL and its first demo app.
fn sandbox() -> (Child, String, serde_json::Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wpx"))
        .args(["sandbox", "--port", "0", "--json"])
        .env("NO_PROXY", "*")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the sandbox's JSON line");
    let v: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    let base = v["base_url"].as_str().expect("base_url").to_owned();
    (child, base, v["apps"][0].clone())
}

fn call(
    dir: &std::path::Path,
    base: &str,
    app: &serde_json::Value,
    args: &[&str],
) -> serde_json::Value {
    let out = wpx(dir)
        .env("WPX_BASE_URL", base)
        .env(
            "WPX_ACCESS_TOKEN",
            app["access_token"].as_str().expect("token"),
        )
        .env(
            "WPX_APP_SECRET",
            app["app_secret"].as_str().expect("secret"),
        )
        .arg("call")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON answer")
}

#[test]
fn a_post_written_on_the_sandbox_reaches_a_subscribed_listener_verified() {
    let (mut sb, base, app) = sandbox();
    let app_id = app["app_id"].as_str().expect("app id").to_owned();
    let dir = tempfile::tempdir().expect("tempdir");
    let l = listen_with(dir.path(), app["app_secret"].as_str().expect("secret"), &[]);
    let port = l.port;
    let callback = format!("http://127.0.0.1:{port}/webhook");

    // A wrong verify token: the handshake fails and Graph's error says so.
    let bad = wpx(dir.path())
        .env("WPX_BASE_URL", &base)
        .env(
            "WPX_ACCESS_TOKEN",
            app["access_token"].as_str().expect("token"),
        )
        .env(
            "WPX_APP_SECRET",
            app["app_secret"].as_str().expect("secret"),
        )
        .args([
            "call",
            "-X",
            "POST",
            &format!("/{app_id}/subscriptions"),
            "object=group",
            "fields=posts",
        ])
        .arg(format!("callback_url={callback}"))
        .arg("verify_token=wrong")
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("2200"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert!(
        l.lines
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("a line")
            .contains("refused")
    );

    let ok = call(
        dir.path(),
        &base,
        &app,
        &[
            "-X",
            "POST",
            &format!("/{app_id}/subscriptions"),
            "object=group",
            "fields=posts,comments",
            &format!("callback_url={callback}"),
            "verify_token=fake-verify-token",
        ],
    );
    assert_eq!(ok["success"], true);
    l.lines
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("the handshake line");
    let subs = call(
        dir.path(),
        &base,
        &app,
        &[&format!("/{app_id}/subscriptions")],
    );
    assert_eq!(subs["data"][0]["object"], "group");

    let groups = call(dir.path(), &base, &app, &["/community/groups", "fields=id"]);
    let group = groups["data"][0]["id"]
        .as_str()
        .expect("a group")
        .to_owned();
    let post = call(
        dir.path(),
        &base,
        &app,
        &[
            "-X",
            "POST",
            &format!("/{group}/feed"),
            "message=hello webhooks",
        ],
    );
    let post_id = post["id"].as_str().expect("the new post's id").to_owned();

    let line: serde_json::Value = serde_json::from_str(
        &l.lines
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a delivery"),
    )
    .expect("JSON");
    assert_eq!(line["verified"], true, "{line}");
    assert_eq!(line["summary"]["object"], "group");
    assert_eq!(line["summary"]["entries"][0], group.as_str());
    assert_eq!(line["summary"]["fields"][0], "posts");
    let ua = line["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .find(|h| h[0] == "user-agent")
        .map(|h| h[1].clone());
    assert_eq!(ua, Some(serde_json::json!("facebookexternalua")));
    let id = line["id"].as_str().expect("an id").to_owned();
    let shown = wpx(dir.path())
        .args(["webhooks", "show", &id])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(
        text.contains(&format!("\"post_id\": \"{post_id}\"")),
        "the delivery describes the new post:\n{text}"
    );
    let _ = sb.kill();
    let _ = sb.wait();
}
