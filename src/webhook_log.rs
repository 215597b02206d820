//! Recorded webhook deliveries: `webhooks/ID.json` (when, verdict, summary, headers) and
//! `webhooks/ID.body` (the exact raw bytes) in the state dir, 0600 in a 0700 folder. The app
//! secret is never written; `Authorization` and `Cookie` values are redacted.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::webhook::Summary;

/// What is kept of one delivery besides its body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    /// `20261203T094501Z-000001`: sortable, unique within a listener.
    pub id: String,
    /// Unix seconds when it arrived.
    pub time: i64,
    /// `verified (sha256)` or `rejected`.
    pub verified: bool,
    /// The algorithm that verified it, or why it was refused.
    pub reason: String,
    /// Object, entry ids, fields.
    pub summary: Summary,
    /// The request's headers, in order (credentials redacted).
    pub headers: Vec<(String, String)>,
    /// The body's size in bytes.
    pub size: usize,
    /// What the forward target answered (`200`, or the error), when forwarding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded: Option<String>,
}

impl Record {
    /// What it is about, in one phrase: `group · 1234 · posts`, or its size when it is not
    /// Meta's shape (the CLI's lines and the TUI's list say the same).
    pub fn what(&self) -> String {
        if self.summary.object.is_empty() {
            format!("{} bytes", self.size)
        } else {
            format!(
                "{} · {} · {}",
                self.summary.object,
                self.summary.entries.join(","),
                self.summary.fields.join(",")
            )
        }
    }
}

/// The folder of recorded deliveries.
pub fn dir(state_dir: &Path) -> PathBuf {
    state_dir.join("webhooks")
}

/// Headers as they are kept: credentials redacted.
pub fn keep_headers<'a>(
    headers: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Vec<(String, String)> {
    headers
        .map(|(k, v)| {
            let value = if matches!(
                k.to_ascii_lowercase().as_str(),
                "authorization" | "cookie" | "proxy-authorization"
            ) {
                crate::core::text::REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(v).into_owned()
            };
            (k.to_owned(), value)
        })
        .collect()
}

/// Writes a delivery (its record, then its raw body).
pub fn save(state_dir: &Path, record: &Record, body: &[u8]) -> std::io::Result<()> {
    let d = dir(state_dir);
    crate::store::write_atomic(&d.join(format!("{}.body", record.id)), body)?;
    let json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
    crate::store::write_atomic(&d.join(format!("{}.json", record.id)), &json)
}

/// Every recorded delivery, oldest first; records that do not parse are named.
pub fn list(state_dir: &Path) -> (Vec<Record>, Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir(state_dir)) else {
        return (Vec::new(), Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        match std::fs::read(&p)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Record>(&b).map_err(|e| e.to_string()))
        {
            Ok(r) => out.push(r),
            Err(e) => warnings.push(format!("{}: {e}", p.display())),
        }
    }
    (out, warnings)
}

/// One delivery by id (or a unique prefix of it): its record and raw body.
pub fn load(state_dir: &Path, id: &str) -> Result<(Record, Vec<u8>), String> {
    let (all, _) = list(state_dir);
    let hits: Vec<&Record> = all.iter().filter(|r| r.id.starts_with(id)).collect();
    let record = match hits.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(format!(
                "no recorded delivery '{id}': `wpx webhooks list` shows them"
            ));
        }
        many => {
            return Err(format!(
                "'{id}' names {} deliveries: give more of the id",
                many.len()
            ));
        }
    };
    let body = std::fs::read(dir(state_dir).join(format!("{}.body", record.id)))
        .map_err(|e| format!("the body of {} cannot be read: {e}", record.id))?;
    Ok((record, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_private_and_by_prefix() {
        let dir = tempfile::tempdir().expect("tempdir");
        let r = Record {
            id: "20261203T000000Z-000001".into(),
            time: 1,
            verified: true,
            reason: "sha256".into(),
            summary: Summary::default(),
            headers: keep_headers(
                [("Authorization", &b"Bearer fake"[..]), ("X-A", &b"1"[..])].into_iter(),
            ),
            size: 2,
            forwarded: None,
        };
        assert_eq!(r.headers[0].1, crate::core::text::REDACTED);
        save(dir.path(), &r, b"{}").expect("saved");
        let (back, body) = load(dir.path(), "20261203T").expect("by prefix");
        assert_eq!(back, r);
        assert_eq!(body, b"{}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let p = super::dir(dir.path()).join(format!("{}.body", r.id));
            assert_eq!(
                std::fs::metadata(p).expect("there").permissions().mode() & 0o777,
                0o600
            );
        }
        assert!(load(dir.path(), "nope").is_err_and(|e| e.contains("wpx webhooks list")));
    }
}
