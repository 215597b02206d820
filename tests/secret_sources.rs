//! Bad secret sources on the real `wpx` binary: a configuration error (exit 2) that names the
//! source, nothing sent, no secret printed.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{SECRET, TOKEN, TestServer, assert_no_secret, wpx, wpx_for};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_token_with_a_line_break_in_the_environment_is_exit_2() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .env("WPX_ACCESS_TOKEN", format!("{TOKEN}\nX-Injected: 1"))
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("environment variable WPX_ACCESS_TOKEN") && err.contains("line break"),
        "{err}"
    );
    assert_no_secret(&out);
    assert!(server.seen().is_empty(), "nothing was sent");
}

#[test]
fn a_secret_file_with_two_lines_or_a_directory_is_exit_2() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let token = dir.path().join("token");
    std::fs::write(&token, format!("{TOKEN}\nsecond-line\n")).expect("write");
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let secret_dir = dir.path().join("secrets");
    std::fs::create_dir(&secret_dir).expect("mkdir");
    let config = format!(
        "[profiles.files]\nbase_url = \"{}\"\naccess_token_file = \"{}\"\napp_secret_env = \"MY_SECRET\"\n",
        server.url(),
        token.display()
    );
    std::fs::write(dir.path().join("config.toml"), config).expect("write config");
    let out = wpx(dir.path())
        .env("MY_SECRET", SECRET)
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&token.display().to_string()) && err.contains("line break"),
        "{err}"
    );
    assert_no_secret(&out);

    let config = format!(
        "[profiles.files]\nbase_url = \"{}\"\naccess_token_file = \"{}\"\napp_secret_env = \"MY_SECRET\"\n",
        server.url(),
        secret_dir.display()
    );
    std::fs::write(dir.path().join("config.toml"), config).expect("write config");
    let out = wpx(dir.path())
        .env("MY_SECRET", SECRET)
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("is a directory") && !err.contains("chmod"),
        "{err}"
    );
    assert!(server.seen().is_empty(), "nothing was sent");
}
