//! The real `wpx` binary in a pseudo-terminal: it opens on the sandbox, sends, copies with OSC 52,
//! and always gives the terminal back (quit and SIGTERM).

#[path = "common/pty.rs"]
mod pty;

use pty::{assert_restored, contains, spawn};

#[test]
fn sandbox_send_copy_and_quit_restores_the_terminal() {
    let mut s = spawn(&[]);
    s.wait_for("SANDBOX ready");
    s.send(b"/community groups read\r");
    s.wait_for("GET     /community/groups?fields");
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("\"All Company\"");
    s.send(b"y");
    s.wait_for("copied the signed URL");
    let raw = s.raw();
    assert!(
        contains(&raw, b"\x1b]52;c;"),
        "an OSC 52 copy reached the terminal"
    );
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_restored(&s.raw());
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = spawn(&["--sandbox"]);
    s.wait_for("Endpoints");
    let pid = s.child.process_id().expect("pid");
    let pid = rustix::process::Pid::from_raw(pid as i32).expect("a pid");
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("signal");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 143, "{status:?}");
    assert_restored(&s.raw());
}

#[test]
fn view_opens_a_file_and_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("body.json");
    std::fs::write(
        &file,
        br#"{"data":[{"id":"1","name":"needle-one"},{"id":"2","name":"two"}]}"#,
    )
    .expect("write");
    let mut s = spawn(&["view", file.to_str().expect("utf-8 path")]);
    s.wait_for("needle-one");
    s.wait_for("body.json");
    s.send(b"/two\r");
    s.wait_for("match 1/1");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert_restored(&s.raw());
}

/// `[theme]` in config.toml: the light preset and a role set by hand reach the terminal, and a
/// key that is not a role is named in the status line (wpx starts anyway).
#[test]
fn the_theme_of_config_toml_colours_the_screen_and_a_typo_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[theme]\npreset = \"light\"\naccent = \"#123456\"\nacent = \"blue\"\n",
    )
    .expect("config");
    let mut s = pty::spawn_with(&[], &[], Some(dir));
    s.wait_for("[theme] has no role 'acent'");
    let raw = s.raw();
    assert!(
        contains(&raw, b"38;2;18;52;86"),
        "the accent set by hand (#123456) is drawn"
    );
    assert!(
        contains(&raw, b"48;5;130"),
        "the light preset's warning colour is the SANDBOX badge's background"
    );
    s.send(b"\x03");
    assert!(s.wait_exit().success());
}
