//! Switching without quitting, in the real binary: `P` picks the sandbox's read-only demo app, and a
//! post to a group then fails with the permission error, shown whole at 80×24 and 120×40.

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
            "code 10",
            "it requires the write_group permission",
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
