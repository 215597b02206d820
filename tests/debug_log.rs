//! The debug log (`--log FILE`, `WPX_LOG`): a whole session's log, CLI and TUI, with sentinel
//! credentials, holds the requests it made and none of the token, the proofs, the secret or an
//! Authorization value.

mod common;
#[path = "common/pty.rs"]
mod pty;

use common::{SECRET, TOKEN, TestServer, wpx_for};

#[test]
fn a_full_sessions_log_redacts_every_credential() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("debug.log");
    let log_arg = log.to_str().expect("utf-8 path");
    for args in [
        vec![
            "--log",
            log_arg,
            "call",
            "/community/groups",
            "fields=id,name",
        ],
        vec![
            "--log",
            log_arg,
            "call",
            "-X",
            "POST",
            "/123/feed",
            "--data",
            r#"{"message":"hi"}"#,
        ],
        vec!["--log", log_arg, "call", "/redirect-same"],
        vec!["--log", log_arg, "call", "-i", "/hostile"],
        vec!["--log", log_arg, "sign", "/community/groups"],
    ] {
        let out = wpx_for(dir.path(), &server)
            .args(&args)
            .output()
            .expect("runs");
        // (`/hostile` echoes the token in its body, which a pipe gets byte for byte, and a signed
        // URL carries the token: both by design. The log is what is checked here.)
        if !args.contains(&"/hostile") && !args.contains(&"sign") {
            common::assert_no_secret(&out);
        }
    }
    // The TUI, on the same server and log, through WPX_LOG: send, page, copy, quit.
    let url = server.url();
    let env = [
        ("WPX_ACCESS_TOKEN", TOKEN),
        ("WPX_APP_SECRET", SECRET),
        ("WPX_BASE_URL", url.as_str()),
        ("WPX_LOG", "debug"),
    ];
    let mut s = pty::spawn_with(&["--log", log_arg], &env, None);
    s.wait_for("Endpoints");
    s.send(b"/community groups read\r");
    s.wait_for("GET /community/groups");
    s.send(b"\x13");
    s.wait_for("Test Group");
    s.send(b"y");
    s.wait_for("copied");
    s.send(b"q");
    assert!(s.wait_exit().success());

    let text = std::fs::read_to_string(&log).expect("the log was written");
    assert!(text.contains("sending"), "requests are logged:\n{text}");
    assert!(
        text.contains("effect=\"send\"") || text.contains("effect=send"),
        "the TUI logged:\n{text}"
    );
    assert!(!text.contains(TOKEN), "token in the log:\n{text}");
    assert!(!text.contains(SECRET), "app secret in the log:\n{text}");
    assert!(
        !text.contains("Bearer S"),
        "an Authorization value in the log"
    );
    let proofs: Vec<String> = server
        .seen()
        .iter()
        .filter_map(|s| s.param("appsecret_proof").map(str::to_owned))
        .collect();
    assert!(proofs.len() >= 4, "the server saw signed requests");
    for p in proofs {
        assert!(!text.contains(&p), "a proof in the log: {p}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&log).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the log is private");
    }
}

#[test]
fn a_bad_wpx_log_filter_is_a_usage_error() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .env("WPX_LOG", "wpx=[")
        .args(["sign", "/me"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("WPX_LOG"));
}
