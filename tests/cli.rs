//! The real `wpx` binary against an in-process server that checks proofs with its own HMAC code.

mod common;

use std::time::Duration;

use common::{SECRET, TOKEN, TestServer, assert_no_secret, hmac_hex, wpx, wpx_for};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

#[test]
fn sign_prints_the_acceptance_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", "tok")
        .env("WPX_APP_SECRET", "sec")
        .args(["sign", "--time", "1700000000", "/community/groups"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    // Python: hmac.new(b"sec", b"tok|1700000000", hashlib.sha256).hexdigest()
    assert_eq!(
        stdout(&out).trim(),
        "https://graph.facebook.com/community/groups?access_token=tok&appsecret_proof=76c72ab4cd4ceb38bc05798349e148b0845327097473ef752ca3481a366186b3&appsecret_time=1700000000"
    );
    assert_eq!(
        hmac_hex("sec", "tok|1700000000"),
        "76c72ab4cd4ceb38bc05798349e148b0845327097473ef752ca3481a366186b3"
    );
}

#[test]
fn sign_classic_has_no_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", "tok")
        .env("WPX_APP_SECRET", "sec")
        .args([
            "sign",
            "--proof",
            "classic",
            "--time",
            "1700000000",
            "/community/groups",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let url = stdout(&out);
    assert!(
        url.contains(&format!("appsecret_proof={}", hmac_hex("sec", "tok"))),
        "{url}"
    );
    assert!(!url.contains("appsecret_time"), "{url}");
}

#[test]
fn sign_without_time_uses_now() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", "tok")
        .env("WPX_APP_SECRET", "sec")
        .args([
            "sign",
            "/{group-id}/feed",
            "group-id=42",
            "fields=id,message",
        ])
        .output()
        .expect("runs");
    let url = stdout(&out);
    assert!(
        url.starts_with("https://graph.facebook.com/42/feed?fields=id,message&access_token=tok"),
        "{url}"
    );
    let t: i64 = url
        .trim()
        .rsplit("appsecret_time=")
        .next()
        .and_then(|t| t.parse().ok())
        .expect("a time");
    assert!((t - unix_now()).abs() <= 2);
}

#[test]
fn proof_prints_time_and_expiry_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", "tok")
        .env("WPX_APP_SECRET", "sec")
        .args(["proof", "--time", "1700000000", "--json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["appsecret_proof"], hmac_hex("sec", "tok|1700000000"));
    assert_eq!(v["appsecret_time"], 1_700_000_000);
    assert_eq!(v["expires_at"], 1_700_000_300);
    assert_eq!(v["mode"], "timed");
}

#[test]
fn call_is_accepted_and_each_call_gets_a_fresh_time() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..2 {
        if i == 1 {
            std::thread::sleep(Duration::from_millis(1100));
        }
        let out = wpx_for(dir.path(), &server)
            .args(["call", "/community/groups", "fields=id,name"])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains("Test Group"));
        assert_no_secret(&out);
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let times: Vec<i64> = seen
        .iter()
        .map(|s| {
            s.param("appsecret_time")
                .and_then(|t| t.parse().ok())
                .expect("time")
        })
        .collect();
    assert_ne!(times[0], times[1], "each call signs anew");
    for t in &times {
        assert!((t - unix_now()).abs() <= 2, "time {t} is the clock's");
    }
    // The token travelled in the header, not the URL.
    assert!(seen[0].param("access_token").is_none());
    assert_eq!(
        seen[0]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert!(
        seen[0]
            .headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ua| ua.starts_with("wpx/"))
    );
    assert_eq!(seen[0].param("fields"), Some("id,name"));
}

#[test]
fn graph_error_exits_1_with_fbtrace_id() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/nonexistent-edge"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("Unknown path components: /nonexistent-edge"),
        "{err}"
    );
    assert!(err.contains("code 2500"), "{err}");
    assert!(err.contains("fbtrace_id ATestTrace123"), "{err}");
    assert_no_secret(&out);
}

#[test]
fn wrong_secret_is_rejected_by_the_server() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .env("WPX_APP_SECRET", "not-the-secret")
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Invalid appsecret_proof"));
}

#[test]
fn transport_errors_exit_3_without_secrets() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A port nothing listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let out = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", TOKEN)
        .env("WPX_APP_SECRET", SECRET)
        .env("WPX_BASE_URL", format!("http://127.0.0.1:{port}"))
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("could not connect"),
        "{}",
        stderr(&out)
    );
    assert_no_secret(&out);
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", TOKEN)
        .env("WPX_APP_SECRET", SECRET)
        .env("WPX_BASE_URL", "http://graph.example.invalid")
        .args(["call", "/me"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("plain http"));
    assert_no_secret(&out);
}

#[test]
fn same_origin_redirect_is_followed_and_re_signed() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/redirect-same"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].path, "/community/groups");
    assert_eq!(seen[1].param("after"), Some("abc"));
    assert!(seen[1].param("appsecret_proof").is_some());
    assert!(seen[1].headers.get("authorization").is_some());
}

#[test]
fn cross_origin_redirect_drops_credentials_and_referer() {
    let server = TestServer::start();
    let other = TestServer::start();
    server.redirect_away_to(&format!(
        "{}/landing?x=1&access_token={TOKEN}&appsecret_proof=p&appsecret_time=1",
        other.url()
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/redirect-away"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("landed"));
    let seen = other.seen();
    assert_eq!(seen.len(), 1);
    let hop = &seen[0];
    assert!(hop.headers.get("authorization").is_none());
    assert!(hop.headers.get("referer").is_none());
    assert_eq!(hop.param("x"), Some("1"));
    for p in ["access_token", "appsecret_proof", "appsecret_time"] {
        assert!(hop.param(p).is_none(), "{p} dropped");
    }
}

#[test]
fn response_size_cap_is_enforced() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[http]\nmax_response_bytes = 1000\n",
    )
    .expect("write");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/big"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("1000-byte limit"), "{}", stderr(&out));
}

#[test]
fn skewed_server_clock_is_corrected_and_reported() {
    // The server's clock runs 10 minutes ahead: a proof made with the local time is too old for it.
    let server = TestServer::start_with_offset(600);
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("s behind the server's; signing with the server's time"),
        "{err}"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "one rejected attempt, one corrected retry");
    let t: i64 = seen[1]
        .param("appsecret_time")
        .and_then(|t| t.parse().ok())
        .expect("time");
    assert!((t - (unix_now() + 600)).abs() <= 2);
}

#[test]
fn post_with_a_json_body_from_a_file() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let body = dir.path().join("body.json");
    std::fs::write(&body, r#"{"message":"hello"}"#).expect("write");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "-X", "POST", "/{group-id}/feed", "group-id=123"])
        .arg("--data")
        .arg(format!("@{}", body.display()))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let seen = server.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].body, br#"{"message":"hello"}"#);
    assert_eq!(
        seen[0]
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
}

#[test]
fn invalid_json_body_is_a_usage_error() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "-X", "POST", "/123/feed", "--data", "{message:"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not valid JSON"));
    assert!(server.seen().is_empty());
}

#[test]
fn include_shows_status_and_headers() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "-i", "/community/groups"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(text.starts_with("HTTP 200\n"), "{text}");
    assert!(text.contains("date: "), "{text}");
}

#[test]
fn non_graph_error_pages_exit_1() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/html"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("HTTP 502"));
    // Not a terminal: the server's bytes as they are.
    assert!(out.stdout.starts_with(b"<html>"));
}

#[test]
fn completions_and_help() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(stdout(&out).contains("_wpx"));
    let out = wpx(dir.path()).arg("--help").output().expect("runs");
    assert!(stdout(&out).contains("never taken as flags"));
}

#[test]
fn unknown_subcommand_or_flag_is_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .args(["call", "--token", "x", "/me"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn call_sends_headers_raw_bodies_and_every_method() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args([
            "call",
            "-X",
            "PATCH",
            "/123/feed",
            "-H",
            "X-Trace: abc",
            "--content-type",
            "text/csv",
            "-d",
            "a,b",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let seen = server.seen();
    let req = seen.last().expect("sent");
    assert_eq!(req.method, "PATCH");
    assert_eq!(
        req.headers.get("x-trace").and_then(|v| v.to_str().ok()),
        Some("abc")
    );
    assert_eq!(
        req.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/csv")
    );
    assert_eq!(req.body, b"a,b");
    for method in ["HEAD", "OPTIONS"] {
        let _ = wpx_for(dir.path(), &server)
            .args(["call", "-X", method, "/community/groups"])
            .output()
            .expect("runs");
        assert_eq!(server.seen().last().expect("sent").method, method);
    }
    let before = server.seen().len();
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/me", "-H", "Authorization: Bearer nope"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("wpx sets this header itself"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.seen().len(), before, "nothing sent");
}
