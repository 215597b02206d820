//! Hardening of the command line: credentials only to the profile's origin, Graph errors decoded
//! from any bytes, bounded pretty output, and `wpx view -` bounded too.

mod common;
#[path = "common/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use common::{TestServer, wpx, wpx_for};

fn carried_credentials(server: &TestServer) -> bool {
    server.seen().iter().any(|s| {
        s.headers.contains_key("authorization")
            || s.param("appsecret_proof").is_some()
            || s.param("access_token").is_some()
    })
}

#[test]
fn a_url_on_another_origin_is_refused_before_anything_is_sent() {
    let profile_server = TestServer::start();
    let stranger = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    for cmd in ["call", "sign"] {
        let out = wpx_for(dir.path(), &profile_server)
            .args([cmd, &format!("{}/community/groups?after=b", stranger.url())])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{cmd}: usage error");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&stranger.addr.to_string()),
            "{cmd}: names the host: {err}"
        );
        assert!(
            err.contains("allowed_hosts"),
            "{cmd}: says how to allow it: {err}"
        );
        assert!(
            err.contains("WPX_* environment"),
            "{cmd}: names the profile: {err}"
        );
        common::assert_no_secret(&out);
    }
    assert!(
        stranger.seen().is_empty(),
        "the stranger received nothing at all"
    );
    assert!(profile_server.seen().is_empty());
}

#[test]
fn allowed_hosts_lets_a_profile_reach_another_origin() {
    let profile_server = TestServer::start();
    let other = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "default_profile = \"p\"\n[profiles.p]\nbase_url = \"{}\"\naccess_token_env = \"T\"\napp_secret_env = \"S\"\nallowed_hosts = [\"{}\"]\n",
        profile_server.url(),
        other.addr
    );
    std::fs::write(dir.path().join("config.toml"), config).expect("config");
    let out = wpx(dir.path())
        .env("T", common::TOKEN)
        .env("S", common::SECRET)
        .args(["call", &format!("{}/community/groups", other.url())])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        carried_credentials(&other),
        "the allowed host got a signed request"
    );
}

#[test]
fn only_http_urls_are_sent() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    for url in [
        "ftp://127.0.0.1/x",
        "javascript:alert(1)",
        "file:///etc/passwd",
    ] {
        let out = wpx_for(dir.path(), &server)
            .args(["call", url])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{url}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("never sent"), "{url}: {err}");
    }
    assert!(server.seen().is_empty(), "nothing was sent as a path");
}

#[test]
fn a_graph_error_with_invalid_utf8_is_still_decoded() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/badutf8"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Invalid \u{fffd} token"), "{err}");
    assert!(
        err.contains("code 190") && err.contains("ABadUtf8"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
}

/// Peak resident memory of a process so far, from /proc (kB).
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches(" kB")
        .trim()
        .parse()
        .ok()
}

#[test]
fn deep_json_prints_pretty_in_bounded_space_and_memory() {
    let server = TestServer::start();
    let url = server.url();
    let env = [
        ("WPX_ACCESS_TOKEN", common::TOKEN),
        ("WPX_APP_SECRET", common::SECRET),
        ("WPX_BASE_URL", url.as_str()),
        ("NO_COLOR", "1"),
    ];
    let started = Instant::now();
    let mut s = pty::spawn_with(&["call", "/deep"], &env, None);
    let mut peak = 0;
    while s.child.try_wait().ok().flatten().is_none() {
        peak = peak.max(peak_kb(s.pid).unwrap_or(0));
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "wpx call /deep never finished"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = started.elapsed();
    std::thread::sleep(Duration::from_millis(200));
    let written = s.raw().len();
    let body = 2 * common::DEEP;
    println!(
        "deep body: {body} bytes in, {written} bytes to the terminal, {:.0} ms, peak {} MB resident",
        elapsed.as_secs_f64() * 1000.0,
        peak / 1024
    );
    assert!(written > body, "the body was printed");
    assert!(
        written < body * 4,
        "{written} bytes of output for a {body}-byte body"
    );
    assert!(peak < 50 * 1024, "peak resident memory {peak} kB");
}

#[test]
fn view_of_standard_input_has_a_size_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.json");
    std::fs::write(&big, vec![b' '; 4096]).expect("write");
    // Through a shell pipe so that standard input is a pipe, as with `yes | wpx view -`.
    let cmd = format!(
        "cat {} | {} view --max-bytes 1000 -",
        big.display(),
        env!("CARGO_BIN_EXE_wpx")
    );
    let mut s = pty::spawn_shell(&cmd);
    s.wait_for("larger than 1000 B");
    s.send(b"q");
    assert!(s.wait_exit().success());
    pty::assert_restored(&s.raw());
}

#[test]
fn view_quits_while_an_endless_pipe_is_still_writing() {
    let cmd = format!(
        "yes | {} view --max-bytes 100000000 -",
        env!("CARGO_BIN_EXE_wpx")
    );
    let mut s = pty::spawn_shell(&cmd);
    s.wait_for("reading standard input");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    pty::assert_restored(&s.raw());
}
