//! Tests of the secret sources: files, environment values and helper commands, with their bounds.
use super::*;
use std::os::unix::fs::PermissionsExt;

fn reader<'a>(env: &'a dyn Fn(&str) -> Option<String>) -> SecretReader<'a> {
    SecretReader {
        env,
        command_timeout: Duration::from_secs(5),
        inline: &|_| None,
    }
}

fn write_mode(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    path
}

#[test]
fn open_file_is_refused_with_chmod_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_mode(dir.path(), "tok", "fake-token\n", 0o644);
    let err = read_private_file(&path).expect_err("0644 refused");
    let msg = err.to_string();
    assert!(msg.contains("0644"), "{msg}");
    assert!(
        msg.contains(&format!("chmod 600 {}", path.display())),
        "{msg}"
    );
    assert!(!msg.contains("fake-token"));
    let path = write_mode(dir.path(), "tok2", "x", 0o640);
    assert!(read_private_file(&path).is_err());
}

#[test]
fn private_file_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_mode(dir.path(), "tok", "fake-token\n", 0o600);
    let env = |_: &str| None;
    let s = reader(&env)
        .read(
            "access token",
            "access_token",
            &SecretSource::File(path.clone()),
        )
        .expect("0600 ok");
    assert_eq!(s.expose(), "fake-token");
    let path = write_mode(dir.path(), "ro", "fake", 0o400);
    assert!(read_private_file(&path).is_ok());
}

#[test]
fn env_source_and_empty_values() {
    let env = |k: &str| (k == "MY_TOKEN").then(|| "fake-env-token".to_owned());
    let r = reader(&env);
    let s = r
        .read(
            "access token",
            "access_token",
            &SecretSource::Env("MY_TOKEN".into()),
        )
        .expect("set");
    assert_eq!(s.expose(), "fake-env-token");
    let err = r
        .read(
            "app secret",
            "app_secret",
            &SecretSource::Env("UNSET".into()),
        )
        .expect_err("unset is empty");
    assert!(err.to_string().contains("UNSET"));
}

#[test]
fn command_source_runs_without_shell() {
    let env = |_: &str| None;
    let r = reader(&env);
    let argv = vec!["printf".to_owned(), "fake-cmd-secret\\n".to_owned()];
    let s = r
        .read("app secret", "app_secret", &SecretSource::Command(argv))
        .expect("runs");
    assert_eq!(s.expose(), "fake-cmd-secret");
    // No shell: `$HOME` stays literal.
    let argv = vec!["echo".to_owned(), "$HOME".to_owned()];
    let s = r
        .read("app secret", "app_secret", &SecretSource::Command(argv))
        .expect("runs");
    assert_eq!(s.expose(), "$HOME");
}

#[test]
fn failing_command_reports_status_not_output() {
    let env = |_: &str| None;
    let r = reader(&env);
    let argv = vec![
        "sh".to_owned(),
        "-c".to_owned(),
        "echo SENTINEL-out; echo SENTINEL-err >&2; exit 3".to_owned(),
    ];
    let err = r
        .read("access token", "access_token", &SecretSource::Command(argv))
        .expect_err("fails");
    let msg = err.to_string();
    assert!(msg.contains("exit status: 3"), "{msg}");
    assert!(!msg.contains("SENTINEL"), "{msg}");
}

#[test]
fn hanging_command_times_out() {
    let env = |_: &str| None;
    let r = SecretReader {
        env: &env,
        command_timeout: Duration::from_millis(200),
        inline: &|_| None,
    };
    let argv = vec!["sleep".to_owned(), "5".to_owned()];
    let started = Instant::now();
    let err = r
        .read("access token", "access_token", &SecretSource::Command(argv))
        .expect_err("times out");
    assert!(err.to_string().contains("did not finish"));
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn missing_program_is_a_clear_error() {
    let env = |_: &str| None;
    let argv = vec!["wpx-no-such-program".to_owned()];
    let err = reader(&env)
        .read("access token", "access_token", &SecretSource::Command(argv))
        .expect_err("missing");
    assert!(err.to_string().contains("could not start"));
}

/// True once `pid` no longer runs (gone, or a zombie waiting for init to reap it).
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

fn wait_for_pid(file: &Path) -> String {
    for _ in 0..200 {
        if let Ok(pid) = std::fs::read_to_string(file)
            && !pid.trim().is_empty()
        {
            return pid.trim().to_owned();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the command never wrote its pid");
}

fn quick_reader<'a>(env: &'a dyn Fn(&str) -> Option<String>) -> SecretReader<'a> {
    SecretReader {
        env,
        command_timeout: Duration::from_millis(300),
        inline: &|_| None,
    }
}

#[test]
fn a_grandchild_holding_stdout_is_killed_at_the_timeout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pid_file = dir.path().join("pid");
    let env = |_: &str| None;
    // The shell exits at once; the background sleep keeps stdout open for 30 s.
    let argv = vec![
        "sh".to_owned(),
        "-c".to_owned(),
        format!("sleep 30 & echo $! > '{}'", pid_file.display()),
    ];
    let started = Instant::now();
    let err = quick_reader(&env)
        .read("access token", "access_token", &SecretSource::Command(argv))
        .expect_err("times out");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("did not finish"), "{err}");
    let pid = wait_for_pid(&pid_file);
    let deadline = Instant::now() + Duration::from_secs(2);
    while !gone(&pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(gone(&pid), "the grandchild {pid} still runs");
}

#[test]
fn a_child_and_grandchild_both_running_are_killed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pid_file = dir.path().join("pid");
    let env = |_: &str| None;
    let argv = vec![
        "sh".to_owned(),
        "-c".to_owned(),
        format!("sleep 30 & echo $! > '{}'; sleep 30", pid_file.display()),
    ];
    let started = Instant::now();
    quick_reader(&env)
        .read("access token", "access_token", &SecretSource::Command(argv))
        .expect_err("times out");
    assert!(started.elapsed() < Duration::from_secs(2));
    let pid = wait_for_pid(&pid_file);
    let deadline = Instant::now() + Duration::from_secs(2);
    while !gone(&pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(gone(&pid), "the grandchild {pid} still runs");
}

#[test]
fn endless_output_is_capped_and_the_command_killed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pid_file = dir.path().join("pid");
    let env = |_: &str| None;
    let argv = vec![
        "sh".to_owned(),
        "-c".to_owned(),
        format!("echo $$ > '{}'; exec yes fake-secret", pid_file.display()),
    ];
    let r = SecretReader {
        env: &env,
        command_timeout: Duration::from_secs(20),
        inline: &|_| None,
    };
    let started = Instant::now();
    let err = r
        .read("app secret", "app_secret", &SecretSource::Command(argv))
        .expect_err("too much output");
    let msg = err.to_string();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(msg.contains("64 KiB") && msg.contains("`sh`"), "{msg}");
    assert!(!msg.contains("fake-secret"), "{msg}");
    let pid = wait_for_pid(&pid_file);
    assert!(gone(&pid), "the command {pid} still runs");
}

#[test]
fn output_just_under_the_cap_is_accepted() {
    let env = |_: &str| None;
    let argv = vec![
        "sh".to_owned(),
        "-c".to_owned(),
        format!("head -c {} /dev/zero | tr '\\0' x", MAX_SECRET_BYTES),
    ];
    let s = reader(&env)
        .read("app secret", "app_secret", &SecretSource::Command(argv))
        .expect("64 KiB exactly is fine");
    assert_eq!(s.expose().len(), MAX_SECRET_BYTES);
}

#[test]
fn a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fifo");
    let made = Command::new("mkfifo")
        .arg("-m")
        .arg("600")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let p = path.clone();
    std::thread::spawn(move || {
        let _ = tx.send(read_private_file(&p).map_err(|e| e.to_string()));
    });
    let result = rx
        .recv_timeout(Duration::from_secs(2))
        .expect("reading a FIFO must not block");
    let msg = result.expect_err("a FIFO is refused");
    assert!(msg.contains("not a regular file"), "{msg}");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

#[test]
fn a_directory_is_named_as_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("tokens");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let msg = read_private_file(&sub)
        .expect_err("a directory")
        .to_string();
    assert!(msg.contains("is a directory"), "{msg}");
    assert!(!msg.contains("chmod"), "{msg}");
}

#[test]
fn a_huge_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_mode(dir.path(), "big", &"x".repeat(MAX_SECRET_BYTES + 1), 0o600);
    let msg = read_private_file(&path).expect_err("too big").to_string();
    assert!(msg.contains("64 KiB"), "{msg}");
}

#[test]
fn a_line_break_or_nul_inside_a_secret_names_its_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = |k: &str| (k == "TOK").then(|| "fake-token\nsecond-line".to_owned());
    let r = reader(&env);
    let msg = r
        .read(
            "access token",
            "access_token",
            &SecretSource::Env("TOK".into()),
        )
        .expect_err("newline inside")
        .to_string();
    assert!(
        msg.contains("environment variable TOK") && msg.contains("line break"),
        "{msg}"
    );
    assert!(!msg.contains("fake-token"), "{msg}");

    let path = write_mode(dir.path(), "tok", "fake-token\r\nother\n", 0o600);
    let msg = r
        .read(
            "access token",
            "access_token",
            &SecretSource::File(path.clone()),
        )
        .expect_err("two lines")
        .to_string();
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains("line break"),
        "{msg}"
    );

    let argv = vec!["printf".to_owned(), "fake\\000secret\\n".to_owned()];
    let msg = r
        .read("app secret", "app_secret", &SecretSource::Command(argv))
        .expect_err("NUL inside")
        .to_string();
    assert!(
        msg.contains("command `printf") && msg.contains("NUL"),
        "{msg}"
    );

    // Trailing newlines are still trimmed, as before.
    let path = write_mode(dir.path(), "ok", "fake-token\n\n", 0o600);
    let s = r
        .read("access token", "access_token", &SecretSource::File(path))
        .expect("trailing newlines are fine");
    assert_eq!(s.expose(), "fake-token");
}
