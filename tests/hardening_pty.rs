//! Hardening, on a real pseudo-terminal with the real binary: the terminal is restored after every
//! way out (outside SIGINT/SIGQUIT, a panic, an outside stop and `fg`), runaway jq filters are
//! stopped without taking wpx down, and nothing a server sends drives the terminal.

mod common;
#[path = "common/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::{Session, assert_restored, contains, spawn, spawn_with};

fn signal(s: &Session, sig: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_raw(s.pid as i32).expect("a pid");
    rustix::process::kill_process(pid, sig).expect("signal");
}

/// The process state letter from /proc (`T` when stopped).
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

fn wait_state(pid: u32, want: char) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while state(pid) != Some(want) {
        assert!(
            Instant::now() < deadline,
            "process never reached state {want}: {:?}",
            state(pid)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn outside_sigint_and_sigquit_restore_the_terminal() {
    for (sig, code) in [
        (rustix::process::Signal::INT, 130),
        (rustix::process::Signal::QUIT, 131),
    ] {
        let mut s = spawn(&["--sandbox"]);
        s.wait_for("Endpoints");
        signal(&s, sig);
        let status = s.wait_exit();
        assert_eq!(status.exit_code(), code, "{sig:?}: {status:?}");
        assert_restored(&s.raw());
    }
}

#[test]
fn a_panic_in_a_background_task_restores_the_terminal() {
    let mut s = spawn_with(&["--sandbox"], &[("WPX_TEST_PANIC", "1")], None);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 101, "{status:?}");
    let raw = s.raw();
    assert_restored(&raw);
    assert!(
        contains(&raw, b"test-only panic"),
        "the panic message is shown"
    );
    assert!(contains(&raw, b"the terminal was restored"));
}

#[test]
fn an_outside_stop_then_fg_resumes_in_raw_mode() {
    let mut s = spawn(&["--sandbox"]);
    s.wait_for("SANDBOX ready");
    let before = s.raw().len();
    signal(&s, rustix::process::Signal::TSTP);
    wait_state(s.pid, 'T');
    let raw = s.raw();
    assert!(
        contains(&raw[before..], b"\x1b[?1049l"),
        "the terminal was given back before stopping"
    );
    let before = s.raw().len();
    signal(&s, rustix::process::Signal::CONT);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !contains(&s.raw()[before..], b"\x1b[?1049h") {
        assert!(
            Instant::now() < deadline,
            "wpx did not take the terminal back"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // In cooked mode a lone key would wait for Enter; in raw mode `?` opens the help at once.
    s.wait_for("SANDBOX");
    s.send(b"?");
    s.wait_for("Keys");
    s.send(b"x"); // any key closes the help
    std::thread::sleep(Duration::from_millis(100));
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert_restored(&s.raw());
}

#[test]
fn runaway_jq_filters_are_stopped_and_wpx_lives_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("body.json");
    std::fs::write(&file, br#"{"data":[{"id":"1","name":"one"}]}"#).expect("write");
    let mut s = spawn(&["view", file.to_str().expect("utf-8 path")]);
    s.wait_for("\"one\"");
    s.send(b"|def f: [f]; f\r");
    s.wait_for("recursion too deep");
    // The prompt opens with the last filter: clear it first.
    s.send(b"|");
    s.send(&[0x7f; 20]);
    s.send(b"[repeat(1)]\r");
    s.wait_for("Esc stops it");
    std::thread::sleep(Duration::from_millis(300));
    s.send(b"\x1b");
    s.wait_for("stopped");
    // The filter process is gone: no `__jq` child is left.
    let children =
        std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", s.pid)).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut left = children.split_whitespace().count();
    while left > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        left = std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", s.pid))
            .unwrap_or_default()
            .split_whitespace()
            .count();
    }
    assert_eq!(left, 0, "the filter child was killed");
    s.send(b"|");
    s.send(&[0x7f; 20]);
    s.send(b".data[0].name\r");
    s.wait_for("1 result");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert_restored(&s.raw());
}

fn assert_nothing_hostile(raw: &[u8]) {
    for bad in common::HOSTILE_BYTES {
        assert!(
            !contains(raw, bad),
            "{:?} reached the terminal",
            String::from_utf8_lossy(bad)
        );
    }
    assert!(
        !contains(raw, common::TOKEN.as_bytes()),
        "the echoed token was shown"
    );
}

#[test]
fn cli_error_messages_and_headers_never_drive_the_terminal() {
    let server = common::TestServer::start();
    let url = server.url();
    let env = common::server_env(&url);
    let mut s = spawn_with(&["call", "-i", "/hostile"], &env, None);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 1, "{status:?}");
    let raw = s.raw();
    assert!(contains(&raw, b"x-hostile"), "the headers were printed");
    assert!(contains(&raw, b"Bad token"), "the error was decoded");
    assert!(
        contains(&raw, "\u{ab}redacted\u{bb}".as_bytes()),
        "the token was scrubbed"
    );
    assert_nothing_hostile(&raw);
}

#[test]
fn tui_graph_errors_and_status_never_drive_the_terminal() {
    let server = common::TestServer::start();
    let url = server.url();
    let env = common::server_env(&url);
    let mut s = spawn_with(&[], &env, None);
    s.wait_for("Endpoints");
    s.send(format!("\x1b[200~curl {url}/hostile\x1b[201~").as_bytes());
    s.wait_for("/hostile");
    s.send(b"\x13");
    s.wait_for("Graph error");
    s.send(b"H");
    s.wait_for("x-hostile");
    s.send(b"q");
    assert!(s.wait_exit().success());
    let raw = s.raw();
    assert_restored(&raw);
    assert_nothing_hostile(&raw);
}

#[test]
fn imported_names_never_drive_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("c.json");
    let collection = serde_json::json!({
        "info": {"name": "Evil\u{1b}]0;PWNED\u{7} coll", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Get\u{9b}2J \u{1b}]52;c;UFdORUQ=\u{7}", "request": {"method": "GET", "url": "https://graph.example.com/me"}}]
    });
    std::fs::write(&file, collection.to_string()).expect("write");
    let config = tempfile::tempdir().expect("config");
    let out = common::wpx(config.path())
        .args(["import", "postman", file.to_str().expect("path")])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for stream in [&out.stdout, &out.stderr] {
        assert_nothing_hostile(stream);
    }
    let listed = common::wpx(config.path())
        .arg("collections")
        .output()
        .expect("runs");
    assert_nothing_hostile(&listed.stdout);
    // A history entry whose path and profile carry escapes (from a pasted command, say).
    let entry = serde_json::json!({
        "time": 1_700_000_000, "profile": "p\u{1b}]0;PWNED\u{7}", "method": "GET",
        "path": "/me\u{9b}2J\u{1b}]52;c;UFdORUQ=\u{7}", "path_params": [], "query": [],
        "body": null, "status": 200, "duration_ms": 1, "size": 2, "preview": "{}"
    });
    std::fs::write(config.path().join("history.jsonl"), format!("{entry}\n")).expect("history");
    let history = common::wpx(config.path())
        .arg("history")
        .output()
        .expect("runs");
    assert!(history.status.success());
    assert!(
        String::from_utf8_lossy(&history.stdout).contains("/me"),
        "the entry is listed"
    );
    assert_nothing_hostile(&history.stdout);
    let mut s = spawn_with(&["--sandbox"], &[], Some(config));
    s.wait_for("SANDBOX ready");
    s.send(b"o");
    s.wait_for("GET    Get\\u009b2J"); // the imported name, escaped (its collection follows it)
    s.wait_for("/me");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert_nothing_hostile(&s.raw());
}
