//! The send history: one JSON line per request, with the token, proof, time, app secret and
//! Authorization replaced by a marker; capped; rewritten atomically; a corrupt file is set aside.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::request::RESERVED_PARAMS;
use crate::core::secret::Secret;
use crate::store::write_atomic;

/// What stands in for a secret in the history.
pub const MARKER: &str = "«redacted»";

/// Bytes of the response body kept.
const PREVIEW: usize = 2048;

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
    /// The request body, when there was one.
    #[serde(default)]
    pub body: Option<String>,
    /// HTTP status (0 for a transport error).
    pub status: u16,
    /// Milliseconds taken.
    pub duration_ms: u64,
    /// Response size in bytes.
    pub size: usize,
    /// The start of the response body.
    pub preview: String,
}

/// The history file.
#[derive(Debug, Clone)]
pub struct History {
    /// `history.jsonl`.
    pub path: PathBuf,
    /// Entries kept.
    pub max: usize,
}

fn scrub(text: &str, secrets: &[&Secret]) -> String {
    let mut out = text.to_owned();
    for s in secrets {
        let v = s.expose();
        if v.len() >= 4 && out.contains(v) {
            out = out.replace(v, MARKER);
        }
    }
    out
}

impl Entry {
    /// Replaces every secret: reserved parameters by name, and the secrets' values anywhere.
    pub fn redacted(mut self, secrets: &[&Secret]) -> Self {
        for (k, v) in self.query.iter_mut().chain(self.path_params.iter_mut()) {
            if RESERVED_PARAMS.contains(&k.as_str()) || k.eq_ignore_ascii_case("authorization") {
                *v = MARKER.to_owned();
            } else {
                *v = scrub(v, secrets);
            }
        }
        self.path = scrub(&self.path, secrets);
        if let Some((base, query)) = self.path.split_once('?') {
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| {
                    let secret = RESERVED_PARAMS.contains(&k.as_ref());
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
        self.body = self.body.map(|b| scrub(&b, secrets));
        self.preview = scrub(&self.preview, secrets);
        self
    }

    /// The start of a body, as text.
    pub fn preview_of(body: &[u8]) -> String {
        String::from_utf8_lossy(&body[..body.len().min(PREVIEW)]).into_owned()
    }
}

impl History {
    /// The history in `dir`.
    pub fn new(dir: &Path, max: usize) -> Self {
        Self {
            path: dir.join("history.jsonl"),
            max: max.max(1),
        }
    }

    /// Reads the entries. A corrupt file is renamed aside (the readable entries are kept) and the
    /// returned warning says where it went.
    pub fn load(&self) -> (Vec<Entry>, Option<String>) {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return (Vec::new(), None);
        };
        let mut entries = Vec::new();
        let mut bad = 0;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            match serde_json::from_str::<Entry>(line) {
                Ok(e) => entries.push(e),
                Err(_) => bad += 1,
            }
        }
        if bad == 0 {
            return (entries, None);
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let aside = self
            .path
            .with_file_name(format!("history.jsonl.corrupt-{stamp}"));
        let moved = std::fs::rename(&self.path, &aside).is_ok();
        let _ = self.write(&entries);
        let warning = if moved {
            format!(
                "the history file had {bad} unreadable line(s); it was moved to {} and the {} good entries kept",
                aside.display(),
                entries.len()
            )
        } else {
            format!("the history file had {bad} unreadable line(s); they were dropped")
        };
        (entries, Some(warning))
    }

    fn write(&self, entries: &[Entry]) -> std::io::Result<()> {
        let mut text = String::new();
        for e in entries {
            if let Ok(line) = serde_json::to_string(e) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        write_atomic(&self.path, text.as_bytes())
    }

    /// Records a send, secrets removed. Returns a warning when the old file had to be set aside.
    pub fn record(&self, entry: Entry, secrets: &[&Secret]) -> std::io::Result<Option<String>> {
        let (mut entries, warning) = self.load();
        entries.push(entry.redacted(secrets));
        let skip = entries.len().saturating_sub(self.max);
        self.write(&entries[skip..])?;
        Ok(warning)
    }

    /// Removes every entry.
    pub fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: i64) -> Entry {
        Entry {
            time: n,
            profile: "p".into(),
            method: "GET".into(),
            path: "/community/groups?access_token=SENTINEL-T&x=1".into(),
            path_params: Vec::new(),
            query: vec![
                ("appsecret_proof".into(), "abc".into()),
                ("q".into(), "has SENTINEL-T inside".into()),
            ],
            body: Some("{\"token\":\"SENTINEL-T\"}".into()),
            status: 200,
            duration_ms: 5,
            size: 10,
            preview: "echo SENTINEL-S".into(),
        }
    }

    #[test]
    fn secrets_are_replaced_everywhere() {
        let dir = tempfile::tempdir().expect("tempdir");
        let h = History::new(dir.path(), 10);
        let (t, s) = (Secret::new("SENTINEL-T"), Secret::new("SENTINEL-S"));
        h.record(entry(1), &[&t, &s]).expect("records");
        let text = std::fs::read_to_string(&h.path).expect("reads");
        assert!(!text.contains("SENTINEL"), "{text}");
        let (entries, warn) = h.load();
        assert!(warn.is_none());
        assert_eq!(entries[0].path, "/community/groups");
        assert!(
            entries[0]
                .query
                .iter()
                .any(|(k, v)| k == "access_token" && v == MARKER)
        );
        assert!(entries[0].query.iter().any(|(k, v)| k == "x" && v == "1"));
    }

    #[test]
    fn capped_and_clearable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let h = History::new(dir.path(), 3);
        for i in 0..5 {
            h.record(entry(i), &[]).expect("records");
        }
        let (entries, _) = h.load();
        assert_eq!(
            entries.iter().map(|e| e.time).collect::<Vec<_>>(),
            [2, 3, 4]
        );
        h.clear().expect("clears");
        assert!(h.load().0.is_empty());
        h.clear().expect("clearing twice is fine");
    }

    #[test]
    fn a_truncated_file_is_set_aside_not_a_crash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let h = History::new(dir.path(), 10);
        h.record(entry(1), &[]).expect("records");
        let mut text = std::fs::read_to_string(&h.path).expect("reads");
        text.push_str("{\"time\": 2, \"prof");
        std::fs::write(&h.path, text).expect("corrupts");
        let (entries, warning) = h.load();
        assert_eq!(entries.len(), 1);
        assert!(warning.is_some_and(|w| w.contains("moved to")));
        assert!(
            std::fs::read_dir(dir.path())
                .expect("dir")
                .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().contains("corrupt")))
        );
        h.record(entry(3), &[]).expect("records after");
        assert_eq!(h.load().0.len(), 2);
    }
}
