//! The debug log for bug reports: `--log FILE` and/or `WPX_LOG=debug` (any `tracing` filter, such as
//! `wpx=trace`). Off unless asked for. The file is private (0600) and appended to.
//!
//! Secrets are kept out twice over: the events themselves carry only redacted URLs and no header
//! values, and the writer rewrites anything shaped like a credential (`access_token=…`,
//! `appsecret_proof=…`, `Authorization: Bearer …`, JSON `"access_token": "…"`) before it is written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use regex::Regex;

use crate::core::text::REDACTED;

/// Rewrites credential-shaped text in log lines.
#[derive(Clone)]
pub struct Redactor {
    rules: Arc<Vec<(Regex, String)>>,
}

impl Redactor {
    /// The built-in rules.
    pub fn new() -> Self {
        let names = "access_token|appsecret_proof|app_secret|client_secret|password|passwd|api_key|input_token|fb_exchange_token";
        let rules = [
            (
                format!(r"(?i)\b({names})=[^&\s\x22'\\]+"),
                format!("${{1}}={REDACTED}"),
            ),
            (
                format!(r#"(?i)\\?"({names})\\?"\s*:\s*\\?"[^"\\]*\\?""#),
                format!("\"${{1}}\": \"{REDACTED}\""),
            ),
            (
                r"(?i)\b(bearer|basic|oauth)\s+[A-Za-z0-9._~+/=-]{4,}".to_owned(),
                format!("${{1}} {REDACTED}"),
            ),
            (
                r"(?i)//[^/\s:@]+:[^/\s@]+@".to_owned(),
                format!("//{REDACTED}@"),
            ),
        ];
        let rules = rules
            .into_iter()
            .filter_map(|(re, with)| Regex::new(&re).ok().map(|r| (r, with)))
            .collect();
        Self {
            rules: Arc::new(rules),
        }
    }

    /// The text with every credential-shaped part replaced: first by the shapes history uses
    /// ([`crate::core::redact::redact`]), then by the log's wider rules (more names, `Bearer …`).
    pub fn redact(&self, text: &str) -> String {
        let mut out = crate::core::redact::redact(text);
        for (re, with) in self.rules.iter() {
            if re.is_match(&out) {
                out = re.replace_all(&out, with.as_str()).into_owned();
            }
        }
        out
    }
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

/// A log file that redacts every write (tracing writes one event per call).
#[derive(Clone)]
struct RedactingFile {
    file: Arc<Mutex<std::fs::File>>,
    redactor: Redactor,
}

impl Write for RedactingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = self.redactor.redact(&String::from_utf8_lossy(buf));
        let mut f = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("log lock poisoned"))?;
        f.write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.file.lock() {
            Ok(mut f) => f.flush(),
            Err(_) => Ok(()),
        }
    }
}

fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)
}

/// Starts the debug log when `--log FILE` or `WPX_LOG` asks for it; returns the file it writes to.
/// `WPX_LOG` alone logs to `wpx.log` in the state directory.
pub fn init(
    file: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Option<PathBuf>> {
    let level = env("WPX_LOG").filter(|l| !l.trim().is_empty());
    if file.is_none() && level.is_none() {
        return Ok(None);
    }
    let path = match file {
        Some(p) => p.to_owned(),
        None => crate::config::state_dir(env)?.join("wpx.log"),
    };
    let handle = open_private(&path)
        .map_err(|e| anyhow::anyhow!("cannot open the log file {}: {e}", path.display()))?;
    let filter = tracing_subscriber::EnvFilter::try_new(level.as_deref().unwrap_or("wpx=debug"))
        .map_err(|e| {
            anyhow::anyhow!("WPX_LOG is not a log filter ({e}): use debug, trace or wpx=debug")
        })?;
    let writer = RedactingFile {
        file: Arc::new(Mutex::new(handle)),
        redactor: Redactor::new(),
    };
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_target(true)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .map_err(|e| anyhow::anyhow!("cannot start the log: {e}"))?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "wpx log started");
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_shapes_are_redacted() {
        let r = Redactor::new();
        let line = r#"GET https://h/x?access_token=fake-tok-1&appsecret_proof=abc123&limit=2 Authorization: Bearer fake-tok-1 {"access_token":"fake-tok-1"} https://user:fake-pass@h/ app_secret=s3cr3t"#;
        let out = r.redact(line);
        assert!(!out.contains("fake-tok-1"), "{out}");
        assert!(!out.contains("abc123"), "{out}");
        assert!(!out.contains("fake-pass"), "{out}");
        assert!(!out.contains("s3cr3t"), "{out}");
        assert!(out.contains("limit=2"), "the rest stays: {out}");
    }

    #[test]
    fn escaped_json_in_debug_output_is_redacted() {
        let r = Redactor::new();
        let out = r.redact(r#"body="{\"access_token\":\"fake-tok-2\",\"a\":1}""#);
        assert!(!out.contains("fake-tok-2"), "{out}");
    }
}
