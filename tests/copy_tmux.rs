//! Copying inside tmux: tmux's default `set-clipboard external` drops OSC 52 from programs, so `y`
//! goes through `tmux load-buffer`, and the status names that route.

#[path = "common/pty.rs"]
mod pty;

use std::process::Command;

use pty::spawn_with;

fn tmux(sock: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("tmux")
        .arg("-S")
        .arg(sock)
        .args(args)
        .output()
        .expect("tmux runs")
}

#[test]
fn under_tmux_y_puts_the_signed_url_in_tmux_buffer() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed, so the tmux copy route is not tested here");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let sock = dir.path().join("tmux.sock");
    // A private server with tmux's default settings (no user configuration).
    let started = Command::new("tmux")
        .arg("-S")
        .arg(&sock)
        .args(["-f", "/dev/null", "new-session", "-d", "sleep", "120"])
        .status()
        .expect("tmux starts");
    assert!(started.success(), "a private tmux server starts");
    let tmux_env = format!("{},0,0", sock.display());
    let mut s = spawn_with(&[], &[("TMUX", &tmux_env), ("WPX_CLIPBOARD", "")], None);
    s.wait_for("SANDBOX ready");
    s.send(b"/community groups read\r");
    s.wait_for("GET     /community/groups?fields");
    s.send(b"y");
    s.wait_for("tmux's buffer");
    let buffer = String::from_utf8(tmux(&sock, &["show-buffer"]).stdout).expect("utf-8");
    s.send(b"q");
    let status = s.wait_exit();
    let _ = tmux(&sock, &["kill-server"]);
    assert!(status.success(), "{status:?}");
    assert!(
        buffer.starts_with("http://127.0.0.1:") && buffer.contains("/community/groups?"),
        "the signed URL is in tmux's buffer: {buffer:?}"
    );
    assert!(buffer.contains("appsecret_proof=") && buffer.contains("appsecret_time="));
    assert!(
        !pty::contains(&s.raw(), b"\x1b]52;c;"),
        "no OSC 52 is written when tmux took the copy"
    );
}
