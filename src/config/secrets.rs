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
        // Surrounding whitespace is already trimmed; a line break, NUL or other control character
        // left inside means the source holds more than the secret (or two of them).
        if let Some(c) = secret.expose().chars().find(|c| c.is_control()) {
            let kind = match c {
                '\n' | '\r' => "a line break",
                '\0' => "a NUL byte",
                _ => "a control character",
            };
            return Err(ConfigError::Invalid(format!(
                "the {what} from {} contains {kind} inside it: it must be a single line holding only the secret; fix that source",
                source.describe()
            )));
        }
        Ok(secret)
    }
}

/// The most a secret file or a secret command's output may hold: a token or an app secret is a few
/// hundred bytes, so anything near this is the wrong file or a runaway command.
pub const MAX_SECRET_BYTES: usize = 64 * 1024;

/// Refuses a file that group or others can read, or that another user owns (as ssh does for keys),
/// and anything that is not a regular file (a FIFO would block for ever, a directory is a mistake).
/// The file is opened without blocking and checked on the open descriptor (fstat), so it cannot be
/// swapped between check and read; at most [`MAX_SECRET_BYTES`] are read.
pub fn read_private_file(path: &Path) -> Result<String, ConfigError> {
    let io = |message: String| ConfigError::Io {
        path: path.to_owned(),
        message,
    };
    // A stat first, so a FIFO or a device is never even opened.
    let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
    check_file_type(path, &meta)?;
    let file = open_nonblocking(path).map_err(|e| io(e.to_string()))?;
    let meta = file.metadata().map_err(|e| io(e.to_string()))?;
    check_file_type(path, &meta)?;
    check_metadata(path, &meta)?;
    let mut bytes = Vec::new();
    file.take(MAX_SECRET_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io(e.to_string()))?;
    if bytes.len() > MAX_SECRET_BYTES {
        return Err(io(format!(
            "it is larger than {} KiB, so it cannot be a token or an app secret: point the setting at the file that holds only the secret",
            MAX_SECRET_BYTES / 1024
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| io("it is not UTF-8 text (a secret file must be)".to_owned()))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(std::fs::File::from(fd))
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Only a regular file can hold a secret.
fn check_file_type(path: &Path, meta: &std::fs::Metadata) -> Result<(), ConfigError> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let message = if kind.is_dir() {
        "is a directory: give the path of the file inside it that holds the secret".to_owned()
    } else {
        "is not a regular file (a FIFO, socket or device): give the path of a private file that holds the secret"
            .to_owned()
    };
    Err(ConfigError::Io {
        path: path.to_owned(),
        message,
    })
}

/// Checks that `path` is a regular file of this user that only they can read, without opening it.
pub fn check_file(path: &Path) -> Result<(), ConfigError> {
    let meta = std::fs::metadata(path).map_err(|e| ConfigError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    check_file_type(path, &meta)?;
    check_metadata(path, &meta)
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
///
/// The command runs in its own process group, its stdout is read on a thread and capped at
/// [`MAX_SECRET_BYTES`], and on a timeout or an overflow the whole group is killed and the command
/// reaped, so a grandchild that keeps stdout open can neither hang wpx nor outlive it.
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
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command
        .spawn()
        .map_err(|e| fail(format!("could not start it: {e}")))?;
    let Some(stdout) = child.stdout.take() else {
        stop(&mut child);
        return Err(fail("no stdout".to_owned()));
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let read = stdout
            .take(MAX_SECRET_BYTES as u64 + 1)
            .read_to_end(&mut buf);
        let _ = tx.send(read.map(|_| buf));
    });
    let deadline = Instant::now() + timeout;
    let mut status = None;
    let mut output = None;
    while status.is_none() || output.is_none() {
        if Instant::now() >= deadline {
            stop(&mut child);
            return Err(fail(format!(
                "it did not finish within {} s (or a process it started kept its output open); it was stopped",
                timeout.as_secs_f64()
            )));
        }
        if output.is_none() {
            match rx.recv_timeout(Duration::from_millis(5)) {
                Ok(Ok(buf)) if buf.len() > MAX_SECRET_BYTES => {
                    stop(&mut child);
                    return Err(fail(format!(
                        "it printed more than {} KiB, so its output cannot be a token or an app secret; it was stopped",
                        MAX_SECRET_BYTES / 1024
                    )));
                }
                Ok(Ok(buf)) => output = Some(buf),
                Ok(Err(e)) => {
                    stop(&mut child);
                    return Err(fail(format!("its output could not be read: {e}")));
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    stop(&mut child);
                    return Err(fail("its output could not be read".to_owned()));
                }
            }
        } else {
            std::thread::sleep(Duration::from_millis(5));
        }
        if status.is_none() {
            status = child.try_wait().map_err(|e| fail(e.to_string()))?;
        }
    }
    let (Some(status), Some(output)) = (status, output) else {
        return Err(fail("it did not finish".to_owned()));
    };
    if !status.success() {
        return Err(fail(format!("it exited with {status}")));
    }
    let text = String::from_utf8(output).map_err(|_| fail("its output is not UTF-8".to_owned()))?;
    Ok(Secret::new(text))
}

/// Kills the command's whole process group (itself and anything it started), then reaps it.
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let group = rustix::process::Pid::from_child(child);
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;
