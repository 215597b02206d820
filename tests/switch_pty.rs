//! Switching without quitting, in the real binary: `P` picks the sandbox's read-only demo app, and a
//! post to a group then fails with the permission error, shown whole at 80×24 and 120×40.

mod common;
#[path = "common/pty.rs"]
mod pty;

use pty::spawn_sized;

fn post_as_readonly(rows: u16, cols: u16) -> String {
    let mut s = spawn_sized(&[], &[], rows, cols);
    s.wait_for("SANDBOX ready");
    s.wait_for("app all");
    s.send(b"P");
    s.wait_for("app readonly (Read only)");
    s.send(b"rdonly\r"); // typing filters the switcher
    s.wait_for("now sending as the demo app 'readonly'");
    s.wait_for("app readonly");
    s.send(b"\tu/{group-id}/feed\r"); // the request pane; u types the path
    s.wait_for("{group-id} ‹required");
    s.send(b"\r287006177637920\r");
    s.wait_for("{group-id} 287006177637920");
    s.send(b"m"); // GET → POST: the endpoint's body is offered
    s.wait_for("Body JSON");
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("403 Forbidden");
    let screen = s.screen();
    s.send(b"\x03"); // Ctrl-C quits at once
    assert!(s.wait_exit().success());
    screen
}

#[test]
fn the_readonly_app_gets_the_whole_permission_error_at_both_sizes() {
    for (rows, cols) in [(24, 80), (40, 120)] {
        let screen = post_as_readonly(rows, cols);
        // The right-hand panes' text, rows joined, so that wrapped sentences read whole.
        let right: Vec<&str> = screen
            .lines()
            .filter_map(|l| l.split_once("││").map(|(_, r)| r.trim_end_matches('│')))
            .collect();
        let flat = right
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for needle in [
            "code 200",
            "Requires write_group permission to manage the object",
            "This endpoint needs write_group.",
            "write_group (Manage group content)",
            "in those groups.",
        ] {
            assert!(
                flat.contains(needle),
                "{cols}×{rows}: {needle:?} missing:\n{screen}"
            );
        }
    }
}

/// `P` lists the config profiles (with what is wrong with one), a failed switch keeps the
/// sandbox, a good one sends the request being edited to the profile's server, signed with its
/// secrets, and the sandbox is one choice away again.
#[test]
fn the_switcher_connects_to_a_profile_and_back_keeping_the_request() {
    let server = common::TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[profiles.loop]\nbase_url = \"{}\"\naccess_token_env = \"LOOP_T\"\napp_secret_env = \"LOOP_S\"\n\
             [profiles.nope]\naccess_token_env = \"WPX_TEST_UNSET_TOKEN\"\nproof = \"off\"\n",
            server.url()
        ),
    )
    .expect("config");
    let env = [("LOOP_T", common::TOKEN), ("LOOP_S", common::SECRET)];
    let mut s = pty::spawn_with(&[], &env, Some(dir));
    s.wait_for("SANDBOX ready");
    s.send(b"\tu/community/groups?limit=3\r"); // an edited request, to be kept
    s.wait_for("limit = 3");
    s.send(b"P");
    s.wait_for("profile nope");
    s.wait_for("WPX_TEST_UNSET_TOKEN is not set");
    s.send(b"nope\r");
    s.wait_for("cannot switch to profile 'nope'");
    s.send(b"P");
    s.wait_for("profile loop");
    s.send(b"loop\r");
    s.wait_for("now on profile 'loop'");
    s.send(b"\x13"); // Ctrl-S: the same request, to the profile's server
    s.wait_for("Response · ");
    let seen = server.seen();
    let req = seen.last().expect("the profile's server got the request");
    assert_eq!(req.path, "/community/groups");
    assert_eq!(req.param("limit"), Some("3"));
    let time = req.param("appsecret_time").expect("a proof time");
    assert_eq!(
        req.param("appsecret_proof"),
        Some(common::hmac_hex(common::SECRET, &format!("{}|{time}", common::TOKEN)).as_str()),
        "signed with the profile's secret"
    );
    s.send(b"P");
    s.wait_for("sandbox (the built-in demo API)");
    s.send(b"sandbox\r");
    s.wait_for("now on the sandbox");
    s.send(b"\x03");
    assert!(s.wait_exit().success());
}
