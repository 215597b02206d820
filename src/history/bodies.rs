//! The answers the history keeps whole: one 0600 file per entry in `history-bodies/` beside
//! `history.jsonl`, scrubbed as the entry is, named in the entry (`TIME-PID-N.body`), written and
//! removed under the history's lock. Only names of that shape are ever read or removed.

use std::collections::HashSet;
use std::path::PathBuf;

use super::{Entry, History};
use crate::store::{ensure_private_dir, write_atomic};

/// Bytes of a response body kept whole beside the history unless `[history] max_body_bytes`
/// says otherwise.
pub const BODY_MAX: usize = 1 << 20;

/// The folder of the bodies kept whole, beside `history.jsonl`.
const BODIES: &str = "history-bodies";

/// What the history has of an entry's response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// All of it.
    Whole(Vec<u8>),
    /// Its start only, and why there is no more.
    Start(Vec<u8>, String),
}

impl History {
    /// `history-bodies/` beside the file.
    fn bodies(&self) -> PathBuf {
        self.path.with_file_name(BODIES)
    }

    /// The body kept in `name` (an entry's `body_file`), or why it cannot be read.
    pub fn read_kept(&self, name: &str) -> Result<Vec<u8>, String> {
        if !is_body_name(name) {
            return Err(format!("its body file name '{name}' is not one wpx writes"));
        }
        let path = self.bodies().join(name);
        let limit = self.max_body.max(BODY_MAX) as u64;
        match std::fs::metadata(&path) {
            Ok(meta) if meta.len() > limit.saturating_mul(2) => {
                return Err(format!(
                    "its body file {name} is {} bytes, more than wpx keeps: it was not written by wpx",
                    meta.len()
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!(
                    "its body file {name} is gone: the entry has left the history (the cap, or `wpx history clear`)"
                ));
            }
            _ => {}
        }
        std::fs::read(&path).map_err(|e| format!("its body file {name} could not be read ({e})"))
    }

    /// What the history has of `entry`'s response body: the file kept beside it, else the
    /// preview, which is all of a short body.
    pub fn body(&self, entry: &Entry) -> Kept {
        let start = || entry.preview.as_bytes().to_vec();
        if let Some(name) = entry.body_file.as_deref() {
            return match self.read_kept(name) {
                Ok(bytes) => Kept::Whole(bytes),
                Err(why) => Kept::Start(start(), why),
            };
        }
        if entry.preview_is_whole() {
            return Kept::Whole(start());
        }
        Kept::Start(start(), not_kept_why(entry.size, self.max_body))
    }

    /// Writes a kept body under a name no other entry has (the lock held).
    pub(super) fn keep_body(&self, time: i64, text: &str) -> std::io::Result<String> {
        let dir = self.bodies();
        ensure_private_dir(&dir)?;
        let pid = std::process::id();
        for n in 0..1000 {
            let name = format!("{time}-{pid}-{n}.body");
            let path = dir.join(&name);
            if !path.exists() {
                write_atomic(&path, text.as_bytes())?;
                return Ok(name);
            }
        }
        Err(std::io::Error::other("no free name in history-bodies"))
    }

    /// Removes the kept bodies no entry names, and what a write cut short left (the lock held,
    /// so no write is under way); what cannot be removed stays.
    pub(super) fn sweep_bodies(&self, named: &HashSet<&str>) {
        let Ok(dir) = std::fs::read_dir(self.bodies()) else {
            return;
        };
        for item in dir.flatten() {
            let name = item.file_name();
            let name = name.to_string_lossy();
            let orphan = is_body_name(&name) && !named.contains(name.as_ref());
            if orphan || is_body_leftover(&name) {
                let _ = std::fs::remove_file(item.path());
            }
        }
    }

    /// Removes every body kept (the lock held).
    pub(super) fn remove_bodies(&self) -> std::io::Result<()> {
        match std::fs::remove_dir_all(self.bodies()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// `history-bodies/` is there.
    pub(super) fn has_bodies(&self) -> bool {
        self.bodies().exists()
    }
}

/// Why an entry without a body file has only the start of its answer.
fn not_kept_why(size: usize, max_body: usize) -> String {
    if size > max_body {
        format!("the answer ({size} bytes) was over [history] max_body_bytes ({max_body})")
    } else {
        "the answer was not kept whole (it was not text, or it was sent by a wpx that kept only the start)".to_owned()
    }
}

/// A name wpx gives a kept body (`TIME-PID-N.body`): nothing else is read or removed.
fn is_body_name(name: &str) -> bool {
    name.strip_suffix(".body").is_some_and(|stem| {
        !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    })
}

/// The temporary file of a body's atomic write (`.TIME-PID-N.body.PID.SEQ.tmp`).
fn is_body_leftover(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .and_then(|rest| rest.split_once(".body."))
        .is_some_and(|(stem, _)| is_body_name(&format!("{stem}.body")))
}
