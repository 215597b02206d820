//! The real `wpx` binary with credentials from profiles: a token in the query, secret files and
//! commands, `wpx profiles` and its checks, and what a missing credential says (against an
//! in-process server that checks proofs with its own HMAC code).

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{SECRET, TOKEN, TestServer, assert_no_secret, wpx, wpx_for};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn token_in_query_and_classic_proof_from_a_profile() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "[profiles.legacy]\nbase_url = \"{}\"\nproof = \"classic\"\ntoken_in = \"query\"\naccess_token_env = \"MY_TOKEN\"\napp_secret_env = \"MY_SECRET\"\n",
        server.url()
    );
    std::fs::write(dir.path().join("config.toml"), config).expect("write config");
    let out = wpx(dir.path())
        .env("MY_TOKEN", TOKEN)
        .env("MY_SECRET", SECRET)
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let seen = server.seen();
    assert_eq!(seen[0].param("access_token"), Some(TOKEN));
    assert!(seen[0].param("appsecret_time").is_none());
    assert!(seen[0].headers.get("authorization").is_none());
    assert_no_secret(&out);
}

fn profile_with_files(dir: &std::path::Path, server: &TestServer, mode: u32) {
    let token = dir.join("token");
    let secret = dir.join("secret");
    std::fs::write(&token, format!("{TOKEN}\n")).expect("write");
    std::fs::write(&secret, SECRET).expect("write");
    for f in [&token, &secret] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    let config = format!(
        "[profiles.files]\nbase_url = \"{}\"\naccess_token_file = \"token\"\napp_secret_file = \"{}\"\n",
        server.url(),
        secret.display()
    );
    std::fs::write(dir.join("config.toml"), config).expect("write config");
}

#[test]
fn open_secret_file_is_refused_and_private_one_accepted() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    profile_with_files(dir.path(), &server, 0o644);
    let out = wpx(dir.path())
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("0644"), "{err}");
    assert!(
        err.contains(&format!("chmod 600 {}", dir.path().join("token").display())),
        "{err}"
    );
    assert_no_secret(&out);
    assert!(server.seen().is_empty(), "nothing was sent");

    profile_with_files(dir.path(), &server, 0o600);
    let out = wpx(dir.path())
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_no_secret(&out);
}

#[test]
fn command_sources_are_run_without_a_shell() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "[profiles.cmd]\nbase_url = \"{}\"\naccess_token_command = [\"printf\", \"%s\", \"{TOKEN}\"]\napp_secret_command = [\"printf\", \"%s\\n\", \"{SECRET}\"]\n",
        server.url()
    );
    std::fs::write(dir.path().join("config.toml"), config).expect("write config");
    let out = wpx(dir.path())
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wpx(dir.path()).arg("profiles").output().expect("runs");
    assert!(stdout(&out).contains("command `printf"));
}

#[test]
fn profiles_never_print_secrets() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    profile_with_files(dir.path(), &server, 0o600);
    let out = wpx_for(dir.path(), &server)
        .arg("profiles")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("files (active)"), "{text}");
    assert!(
        text.contains("environment variable WPX_ACCESS_TOKEN"),
        "{text}"
    );
    assert_no_secret(&out);
}

#[test]
fn profiles_check_each_source_and_mark_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let open = dir.path().join("open-token");
    std::fs::write(&open, "fake-token-for-tests").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    std::fs::write(
        dir.path().join("config.toml"),
        "default_profile = \"ready\"\n\
         [profiles.ready]\naccess_token_env = \"WPX_TEST_SET\"\nproof = \"off\"\n\
         [profiles.unset]\naccess_token_env = \"WPX_TEST_UNSET\"\nproof = \"off\"\n\
         [profiles.open]\naccess_token_file = \"open-token\"\nproof = \"off\"\n\
         [profiles.nocmd]\naccess_token_command = [\"wpx-no-such-helper\"]\nproof = \"off\"\n",
    )
    .expect("write config");
    let out = wpx(dir.path())
        .env("WPX_TEST_SET", "fake-token-for-tests")
        .env_remove("WPX_TEST_UNSET")
        .arg("profiles")
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(out.status.success(), "the active profile is fine: {text}");
    assert!(text.contains("ready (active)\n"), "{text}");
    assert!(
        text.contains("environment variable WPX_TEST_SET  [ok]"),
        "{text}"
    );
    assert!(text.contains("unset · has problems"), "{text}");
    assert!(text.contains("WPX_TEST_UNSET is not set"), "{text}");
    #[cfg(unix)]
    assert!(text.contains("open · has problems"), "{text}");
    assert!(
        text.contains("`wpx-no-such-helper` is not found on PATH"),
        "{text}"
    );
    assert!(!text.contains("fake-token-for-tests"), "never the secret");
    // With a broken active profile, the exit code says so.
    let out = wpx(dir.path())
        .args(["--profile", "unset", "profiles"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn missing_credentials_name_what_to_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .args(["call", "/me"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("WPX_ACCESS_TOKEN") && err.contains("access_token_file"),
        "{err}"
    );
    let out = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", TOKEN)
        .args(["call", "/me"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("WPX_APP_SECRET"));
    assert_no_secret(&out);
}
