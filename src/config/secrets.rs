//! Reading secrets from their sources: environment variables, private files, helper commands.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::core::secret::Secret;

use super::ConfigError;

/// Where one secret comes from. Shown by `wpx profiles`; the value itself never is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// An environment variable (a `*_env` key, or `WPX_ACCESS_TOKEN` / `WPX_APP_SECRET`).
    Env(String),
    /// A file that only its owner can read.
    File(PathBuf),
    /// A command (argv, no shell) whose trimmed stdout is the secret.
    Command(Vec<String>),
    /// Written in config.toml itself (allowed only when config.toml is private).
    Inline(PathBuf),
}

impl SecretSource {
    /// A one-line description without the value.
    pub fn describe(&self) -> String {
        match self {
            Self::Env(name) => format!("environment variable {name}"),
            Self::File(path) => format!("file {}", path.display()),
            Self::Command(argv) => format!("command `{}`", argv.join(" ")),
            Self::Inline(path) => format!("inline in {}", path.display()),
        }
    }
}

/// How secrets are read: the environment lookup is injected so tests never touch the process env.
pub struct SecretReader<'a> {
    /// Looks up an environment variable.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// How long a helper command may run.
    pub command_timeout: Duration,
    /// The inline values of config.toml, by source key (`access_token` / `app_secret`).
    pub inline: &'a dyn Fn(&str) -> Option<Secret>,
}

impl SecretReader<'_> {
    /// Reads the secret named `what` (for messages: "access token", "app secret") from `source`.
    pub fn read(
        &self,
        what: &str,
        key: &str,
        source: &SecretSource,
    ) -> Result<Secret, ConfigError> {
        let secret = match source {
            SecretSource::Env(name) => Secret::new((self.env)(name).unwrap_or_default()),
            SecretSource::File(path) => Secret::new(read_private_file(path)?),
            SecretSource::Command(argv) => run_secret_command(what, argv, self.command_timeout)?,
            SecretSource::Inline(path) => {
                check_private(path)?;
                (self.inline)(key).unwrap_or_else(|| Secret::new(""))
            }
        };
        if secret.is_empty() {
            return Err(ConfigError::EmptySecret {
                what: what.to_owned(),
                source_desc: source.describe(),
            });
        }
        Ok(secret)
    }
}

/// Refuses a file that group or others can read, or that another user owns (as ssh does for keys).
/// The check runs on the opened file (fstat), so the file cannot be swapped between check and read.
pub fn read_private_file(path: &Path) -> Result<String, ConfigError> {
    let mut file = std::fs::File::open(path).map_err(|e| ConfigError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let meta = file.metadata().map_err(|e| ConfigError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    check_metadata(path, &meta)?;
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| ConfigError::Io {
            path: path.to_owned(),
            message: format!("{e} (a secret file must be UTF-8 text)"),
        })?;
    Ok(text)
}

/// Checks a path's owner and mode without reading it.
pub fn check_private(path: &Path) -> Result<(), ConfigError> {
    let meta = std::fs::metadata(path).map_err(|e| ConfigError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    check_metadata(path, &meta)
}

#[cfg(unix)]
fn check_metadata(path: &Path, meta: &std::fs::Metadata) -> Result<(), ConfigError> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(ConfigError::NotOwned {
            path: path.to_owned(),
            owner: meta.uid(),
            me,
        });
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(ConfigError::TooOpen {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_metadata(_path: &Path, _meta: &std::fs::Metadata) -> Result<(), ConfigError> {
    Ok(())
}

/// Runs a helper command without a shell; its stdout, trimmed, is the secret. Its output is never
/// echoed: a failure reports the program and the exit status only.
fn run_secret_command(
    what: &str,
    argv: &[String],
    timeout: Duration,
) -> Result<Secret, ConfigError> {
    let Some((program, args)) = argv.split_first() else {
        return Err(ConfigError::Invalid(format!(
            "the {what} command is empty: give an argv list such as [\"pass\", \"show\", \"wpx/token\"]"
        )));
    };
    let fail = |reason: String| ConfigError::Command {
        what: what.to_owned(),
        program: program.clone(),
        reason,
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| fail(format!("could not start it: {e}")))?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| fail("no stdout".to_owned()))?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "it did not finish within {} s",
                    timeout.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(fail(e.to_string())),
        }
    };
    let output = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(fail(format!("it exited with {status}")));
    }
    let text = String::from_utf8(output).map_err(|_| fail("its output is not UTF-8".to_owned()))?;
    Ok(Secret::new(text))
}

#[cfg(test)]
mod tests {
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
}
