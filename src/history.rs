//! The send history: one JSON line per request, with the token, proof, time, app secret,
//! Authorization and URL passwords replaced by a marker; capped. Every writer holds an exclusive
//! lock on `history.jsonl.lock`: a send appends one line, and compaction to the cap rewrites the
//! file atomically under the same lock, so parallel sends lose nothing. A file with unreadable
//! lines is moved aside to a dated name, never overwritten.
//!
//! A response body of up to `[history] max_body_bytes` (1 MiB) is kept whole, scrubbed the same
//! way, in `history-bodies/` beside the file (one 0600 file per entry, named in the entry), so an
//! entry opens again with its whole answer and two entries can be compared. It is written under
//! the same lock, and compaction removes the files of the entries it drops.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::redact::redact;
use crate::core::request::{CREDENTIAL_PARAMS, RESERVED_PARAMS};
use crate::core::secret::Secret;
use crate::store::{ensure_private_dir, write_atomic};

/// What stands in for a secret in the history.
pub const MARKER: &str = crate::core::redact::MARKER;

/// Bytes of the response body kept in the entry itself.
const PREVIEW: usize = 2048;

mod bodies;
pub use bodies::{BODY_MAX, Kept};

/// One send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Unix time of the send.
    pub time: i64,
    /// The profile (or SANDBOX).
    pub profile: String,
    /// HTTP method.
    pub method: String,
    /// The path or URL, without its query.
    pub path: String,
    /// Path parameters.
    #[serde(default)]
    pub path_params: Vec<(String, String)>,
    /// Query parameters (secrets replaced).
    #[serde(default)]
    pub query: Vec<(String, String)>,
    /// Extra request headers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// The request body, when there was one (JSON, or raw text of `content_type`).
    #[serde(default)]
    pub body: Option<String>,
    /// The content type of a raw body (empty: JSON).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content_type: String,
    /// Form fields, when the body was a form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub form: Vec<(String, String)>,
    /// HTTP status (0 for a transport error).
    pub status: u16,
    /// Milliseconds taken.
    pub duration_ms: u64,
    /// Response size in bytes.
    pub size: usize,
    /// The start of the response body.
    pub preview: String,
    /// What the answer is when it is more than one response (`4 pages, 100 items`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The file in `history-bodies/` holding the whole body, when it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_file: Option<String>,
}

/// The history file.
#[derive(Debug, Clone)]
pub struct History {
    /// `history.jsonl`.
    pub path: PathBuf,
    /// Entries kept.
    pub max: usize,
    /// The largest body kept whole (0: none).
    pub max_body: usize,
}

/// The secrets' values (the one scrubber, [`crate::core::text::scrub`]), then credentials by
/// their shape.
fn scrub(text: &str, secrets: &[&Secret]) -> String {
    redact(&crate::core::text::scrub(text, secrets))
}

/// What came back for a send, as the history keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Outcome<'a> {
    /// HTTP status (0: no answer).
    pub status: u16,
    /// Milliseconds taken.
    pub duration_ms: u64,
    /// The response body (empty: no answer).
    pub body: &'a [u8],
}

impl Entry {
    /// The path as it was sent: its `{params}` filled with the values recorded.
    pub fn filled_path(&self) -> String {
        let value = |n: &str| {
            self.path_params
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        crate::core::template::fill_params(&self.path, &value, &|v| v.to_owned())
            .unwrap_or_else(|_| self.path.clone())
    }

    /// The path as sent with its own query parameters (not the token, proof or time), to tell
    /// entries of one path apart: `/g/members?limit=30&fields=id,name`.
    pub fn shown_path(&self) -> String {
        let mut url = self.filled_path();
        let own: Vec<String> = self
            .query
            .iter()
            .filter(|(k, _)| !CREDENTIAL_PARAMS.contains(&k.as_str()))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if !own.is_empty() {
            url.push('?');
            url.push_str(&own.join("&"));
        }
        url
    }

    /// The entry for a send of `spec` by `profile` at `time` (the CLI and the TUI both record
    /// through here).
    pub fn of(
        spec: &crate::core::request::RequestSpec,
        profile: &str,
        time: i64,
        outcome: Outcome<'_>,
    ) -> Self {
        use crate::core::request::Body;
        let (body, content_type, form) = match &spec.body {
            Body::None => (None, String::new(), Vec::new()),
            Body::Json(t) => (Some(t.clone()), String::new(), Vec::new()),
            Body::Raw { content_type, text } => {
                (Some(text.clone()), content_type.clone(), Vec::new())
            }
            Body::Form(f) => (None, String::new(), f.clone()),
        };
        Self {
            time,
            profile: profile.to_owned(),
            method: spec.method.to_string(),
            path: spec.path.clone(),
            path_params: spec.path_params.clone(),
            query: spec.query.clone(),
            headers: spec.headers.clone(),
            body,
            content_type,
            form,
            status: outcome.status,
            duration_ms: outcome.duration_ms,
            size: outcome.body.len(),
            preview: Self::preview_of(outcome.body),
            note: String::new(),
            body_file: None,
        }
    }

    /// The entry as a request to open again: its rows, its body, and when it was sent.
    pub fn to_saved(&self) -> crate::core::collection::SavedRequest {
        use crate::core::collection::{Pair, SavedRequest};
        let pairs = |ps: &[(String, String)]| ps.iter().map(|(k, v)| Pair::new(k, v)).collect();
        let query: Vec<(String, String)> = self
            .query
            .iter()
            .filter(|(k, _)| !RESERVED_PARAMS.contains(&k.as_str()))
            .cloned()
            .collect();
        SavedRequest {
            name: format!("{} {}", self.method, self.path),
            folder: String::new(),
            method: self.method.parse().unwrap_or_default(),
            path: self.path.clone(),
            description: format!(
                "sent {} · {} · {} ms",
                crate::core::timefmt::graph_time(self.time),
                self.status,
                self.duration_ms
            ),
            path_params: pairs(&self.path_params),
            query: pairs(&query),
            headers: pairs(&self.headers),
            body: self.body.clone(),
            content_type: self.content_type.clone(),
            form: pairs(&self.form),
        }
    }

    /// Replaces every secret: reserved parameters by name, the secrets' values anywhere, URL
    /// passwords, and credential parameters or members inside bodies and URLs.
    pub fn redacted(mut self, secrets: &[&Secret]) -> Self {
        for (k, v) in self.query.iter_mut().chain(self.path_params.iter_mut()) {
            if CREDENTIAL_PARAMS.contains(&k.as_str()) || k.eq_ignore_ascii_case("authorization") {
                *v = MARKER.to_owned();
            } else {
                *v = scrub(v, secrets);
            }
        }
        self.path = scrub(&self.path, secrets);
        if let Some((base, query)) = self.path.split_once('?') {
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| {
                    let secret = CREDENTIAL_PARAMS.contains(&k.as_ref());
                    (
                        k.into_owned(),
                        if secret {
                            MARKER.to_owned()
                        } else {
                            v.into_owned()
                        },
                    )
                })
                .collect();
            self.query.extend(pairs);
            self.path = base.to_owned();
        }
        for (k, v) in self.headers.iter_mut().chain(self.form.iter_mut()) {
            *v = if crate::core::draft::is_reserved_header(k) {
                MARKER.to_owned()
            } else {
                scrub(v, secrets)
            };
        }
        self.body = self.body.map(|b| scrub(&b, secrets));
        self.preview = scrub(&self.preview, secrets);
        self
    }

    /// The preview is all of the body (it was no longer than the preview).
    pub fn preview_is_whole(&self) -> bool {
        self.size <= PREVIEW
    }

    /// The start of a body, as text.
    pub fn preview_of(body: &[u8]) -> String {
        String::from_utf8_lossy(&body[..body.len().min(PREVIEW)]).into_owned()
    }
}

/// The history file as read: the entries, and how many lines were not clean.
struct Read {
    entries: Vec<Entry>,
    /// Lines that are not an entry at all.
    bad: usize,
    /// Entries read back from a line with bytes that are not UTF-8 (replaced by U+FFFD).
    repaired: usize,
    /// The file does not end with a newline (a write was cut short).
    open_line: bool,
}

fn parse(bytes: &[u8]) -> Read {
    let mut read = Read {
        entries: Vec::new(),
        bad: 0,
        repaired: 0,
        open_line: !bytes.is_empty() && !bytes.ends_with(b"\n"),
    };
    for line in bytes.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if let Ok(e) = serde_json::from_slice::<Entry>(line) {
            read.entries.push(e);
        } else if std::str::from_utf8(line).is_err()
            && let Ok(e) = serde_json::from_str::<Entry>(&String::from_utf8_lossy(line))
        {
            read.entries.push(e);
            read.repaired += 1;
        } else {
            read.bad += 1;
        }
    }
    read
}

fn to_lines(entries: &[Entry]) -> String {
    let mut text = String::new();
    for e in entries {
        if let Ok(line) = serde_json::to_string(e) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

impl History {
    /// The history in `dir`.
    pub fn new(dir: &Path, max: usize) -> Self {
        Self {
            path: dir.join("history.jsonl"),
            max: max.max(1),
            max_body: BODY_MAX,
        }
    }

    /// The history in `dir` as `[history]` sets it up (the CLI and the TUI open it here).
    pub fn configured(dir: &Path, settings: &crate::config::HistorySettings) -> Self {
        Self {
            max_body: settings.max_body_bytes,
            ..Self::new(dir, settings.max_entries)
        }
    }

    /// Waits for the exclusive lock every reader and writer of this history takes.
    fn lock(&self) -> std::io::Result<File> {
        let dir = self.path.parent().unwrap_or_else(|| Path::new("."));
        ensure_private_dir(dir)?;
        let mut opts = OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(dir.join("history.jsonl.lock"))?;
        // flock(2), held until the file is closed (File::lock needs Rust 1.89, above the MSRV).
        #[cfg(unix)]
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)?;
        Ok(file)
    }

    /// Reads the entries. A file with unreadable lines is moved aside to a dated name (its
    /// readable entries are kept) and the returned warning says where it went.
    pub fn load(&self) -> (Vec<Entry>, Option<String>) {
        if !self.path.exists() {
            return (Vec::new(), None);
        }
        let lock = match self.lock() {
            Ok(lock) => lock,
            Err(e) => {
                return (
                    Vec::new(),
                    Some(format!("the history could not be locked: {e}")),
                );
            }
        };
        let (read, warning) = self.load_locked();
        drop(lock);
        (read.map(|r| r.entries).unwrap_or_default(), warning)
    }

    /// Reads the file (the lock held). `None` when there is no file or it cannot be read.
    fn load_locked(&self) -> (Option<Read>, Option<String>) {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, None),
            Err(e) => {
                return (
                    None,
                    Some(format!(
                        "the history {} could not be read ({e}); it was left as it is",
                        self.path.display()
                    )),
                );
            }
        };
        let mut read = parse(&bytes);
        if read.bad == 0 && read.repaired == 0 {
            return (Some(read), None);
        }
        let what = match (read.bad, read.repaired) {
            (b, 0) => format!("{b} unreadable line(s)"),
            (0, r) => format!("{r} line(s) with bytes that are not UTF-8"),
            (b, r) => format!("{b} unreadable line(s) and {r} with bytes that are not UTF-8"),
        };
        let warning = match self.set_aside() {
            Ok(aside) => match write_atomic(&self.path, to_lines(&read.entries).as_bytes()) {
                Ok(()) => {
                    read.open_line = false;
                    read.bad = 0;
                    format!(
                        "the history file had {what}; it was moved to {} and its {} readable entries kept",
                        aside.display(),
                        read.entries.len()
                    )
                }
                Err(e) => format!(
                    "the history file had {what}; a copy is in {}, but the history could not be rewritten ({e})",
                    aside.display()
                ),
            },
            Err(e) => format!(
                "the history file {} has {what} and could not be moved aside ({e}); it was left as it is and new sends are appended",
                self.path.display()
            ),
        };
        (Some(read), Some(warning))
    }

    /// Hard-links the file to `history.jsonl.corrupt-DATE[-N]`, a name not yet taken, so the
    /// original bytes stay there whatever happens to `history.jsonl` next.
    fn set_aside(&self) -> std::io::Result<PathBuf> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        let stamp = crate::core::timefmt::graph_time(now)
            .replace(':', "")
            .replace("+0000", "Z");
        let mut last = None;
        for n in 0..100 {
            let name = if n == 0 {
                format!("history.jsonl.corrupt-{stamp}")
            } else {
                format!("history.jsonl.corrupt-{stamp}-{n}")
            };
            let aside = self.path.with_file_name(name);
            match std::fs::hard_link(&self.path, &aside) {
                Ok(()) => return Ok(aside),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => {
                    // No hard links here: copy instead, never over an existing file.
                    if aside.exists() {
                        last = Some(e);
                        continue;
                    }
                    std::fs::copy(&self.path, &aside)?;
                    return Ok(aside);
                }
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no free name")))
    }

    /// Records a send, secrets removed: appended under the lock, or, at the cap, the file is
    /// rewritten atomically with the newest entries. Returns a warning when the old file had to
    /// be set aside.
    pub fn record(&self, entry: Entry, secrets: &[&Secret]) -> std::io::Result<Option<String>> {
        self.record_with_body(entry, &[], secrets)
    }

    /// Records a send as [`History::record`] does, and keeps `body` whole beside it when it is
    /// text longer than the preview and at most `max_body` bytes.
    pub fn record_with_body(
        &self,
        mut entry: Entry,
        body: &[u8],
        secrets: &[&Secret],
    ) -> std::io::Result<Option<String>> {
        let kept = (body.len() > PREVIEW && body.len() <= self.max_body)
            .then(|| std::str::from_utf8(body).ok())
            .flatten()
            .map(|text| scrub(text, secrets));
        let _lock = self.lock()?;
        let mut notes = Vec::new();
        if let Some(text) = kept {
            match self.keep_body(entry.time, &text) {
                Ok(name) => entry.body_file = Some(name),
                Err(e) => notes.push(format!(
                    "the response body could not be kept beside the history ({e}); only its start was"
                )),
            }
        }
        let line = serde_json::to_string(&entry.clone().redacted(secrets))
            .map_err(std::io::Error::other)?;
        let (read, warning) = self.load_locked();
        notes.extend(warning);
        let warning = (!notes.is_empty()).then(|| notes.join("; "));
        let clean = read.as_ref().is_none_or(|r| r.bad == 0);
        let count = read.as_ref().map_or(0, |r| r.entries.len());
        if clean && count >= self.max {
            let entries = read.map(|r| r.entries).unwrap_or_default();
            let keep = &entries[count + 1 - self.max..];
            let mut text = to_lines(keep);
            text.push_str(&line);
            text.push('\n');
            write_atomic(&self.path, text.as_bytes())?;
            let mut named: std::collections::HashSet<&str> =
                keep.iter().filter_map(|e| e.body_file.as_deref()).collect();
            named.extend(entry.body_file.as_deref());
            self.sweep_bodies(&named);
        } else {
            // Appending never drops a line wpx could not read.
            let mut opts = OpenOptions::new();
            opts.append(true).create(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            let mut file = opts.open(&self.path)?;
            let lead = if read.is_some_and(|r| r.open_line) {
                "\n"
            } else {
                ""
            };
            file.write_all(format!("{lead}{line}\n").as_bytes())?;
            file.sync_data()?;
        }
        Ok(warning)
    }

    /// Removes every entry and every body kept.
    pub fn clear(&self) -> std::io::Result<()> {
        let _lock = if self.path.exists() || self.has_bodies() {
            Some(self.lock()?)
        } else {
            None
        };
        // The entries first: no entry is left naming a body that is gone.
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        self.remove_bodies()
    }
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
