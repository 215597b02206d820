//! Reading a body to view (`wpx view`) on a thread of its own, indexing it as it comes: the first
//! screen is sent as soon as its lines are indexed, then how far indexing has got, then the whole
//! document. `q` works at any moment, and a body that never ends (`yes |`) stops at the cap.

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use super::model::Message;
use crate::core::doc::Document;
use crate::core::doc::index::Indexer;
use crate::core::timefmt::human_size;

/// Lines in the first screen's document: more than any screen holds.
const HEAD_LINES: usize = 2_000;
/// The first read is small, so that the first screen comes at once; later ones are larger.
const FIRST_READ: usize = 64 << 10;
const READ: usize = 1 << 20;
/// How often progress is reported.
const EVERY: Duration = Duration::from_millis(100);

/// Says how far indexing has got: `indexing notes.json… 45% of 250.0 MB`.
pub fn progress(name: &str, done: usize, total: Option<u64>) -> String {
    match total {
        Some(t) if t > 0 => format!(
            "indexing {name}… {}% of {}",
            (done as u64 * 100 / t).min(100),
            human_size(t)
        ),
        _ => format!("indexing {name}… {}", human_size(done as u64)),
    }
}

/// Reads `source` (at most `cap` bytes; `size` when known), sending [`Message::Loading`] as it
/// goes and [`Message::Loaded`] or [`Message::ConnectFailed`] at the end.
pub fn load(
    mut source: impl Read,
    name: &str,
    cap: u64,
    size: Option<u64>,
    tx: &UnboundedSender<Message>,
) {
    let hint = usize::try_from(size.unwrap_or(0).min(cap)).unwrap_or(0);
    let mut ix = Indexer::new(hint);
    let mut buf = vec![0u8; FIRST_READ];
    let mut json = true;
    // Lines in the last first-screen document sent: more are sent (at most every EVERY) until
    // a screen's worth came, so a first read of two lines is not all there is to see.
    let mut shown = 0;
    let mut reported = Instant::now();
    loop {
        let n = match source.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let _ = tx.send(Message::ConnectFailed(format!("cannot read {name}: {e}")));
                return;
            }
        };
        if (ix.received() + n) as u64 > cap {
            let _ = tx.send(Message::ConnectFailed(format!(
                "{name} is larger than {} (the size cap): raise it with --max-bytes or [http] max_response_bytes in config.toml",
                human_size(cap)
            )));
            return;
        }
        ix.feed(&buf[..n]);
        if buf.len() < READ {
            buf.resize(READ, 0);
        }
        if json && ix.run(usize::MAX).is_err() {
            // Not JSON: it is shown as text (or binary) once it has all come.
            json = false;
        }
        let more_to_show = shown < HEAD_LINES && ix.lines() > shown;
        if json && more_to_show && (shown == 0 || reported.elapsed() >= EVERY) {
            reported = Instant::now();
            shown = ix.lines().min(HEAD_LINES);
            let head = Arc::new(ix.head(HEAD_LINES));
            let _ = tx.send(Message::Loading {
                head: Some(head),
                note: progress(name, ix.indexed(), size),
            });
        } else if reported.elapsed() >= EVERY {
            reported = Instant::now();
            // Not JSON: what has been read, as it is shown as text at the end.
            let done = if json { ix.indexed() } else { ix.received() };
            let _ = tx.send(Message::Loading {
                head: None,
                note: progress(name, done, size),
            });
        }
    }
    let (doc, why) = match ix.finish() {
        Ok((raw, index)) => (Document::Json { raw, index }, None),
        Err((raw, e)) => (Document::not_json(raw), Some(e)),
    };
    let looked_like_json =
        matches!(doc, Document::Text { ref text, .. } if text.trim_start().starts_with(['{', '[']));
    let _ = tx.send(Message::Loaded(Arc::new(doc)));
    // A body that starts like JSON but is not: say where it went wrong (a cut file, say).
    if let Some(e) = why.filter(|_| looked_like_json) {
        let _ = tx.send(Message::Note(
            super::model::Level::Error,
            format!("{name} is shown as text: {e}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(src: &[u8], cap: u64) -> Vec<Message> {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        load(src, "body.json", cap, Some(src.len() as u64), &tx);
        drop(tx);
        let mut out = Vec::new();
        while let Ok(m) = rx.try_recv() {
            out.push(m);
        }
        out
    }

    #[test]
    fn the_first_screen_comes_before_the_whole() {
        let items: Vec<String> = (0..20_000).map(|i| format!(r#"{{"id":"{i}"}}"#)).collect();
        let src = format!(r#"{{"data":[{}]}}"#, items.join(","));
        let msgs = messages(src.as_bytes(), u64::MAX);
        let Some(Message::Loading {
            head: Some(head), ..
        }) = msgs.first()
        else {
            panic!("a first screen first");
        };
        assert!(!head.is_complete());
        assert_eq!(head.len(), HEAD_LINES);
        let Some(Message::Loaded(doc)) = msgs.last() else {
            panic!("the whole document last");
        };
        assert!(doc.is_complete());
        assert_eq!(doc.len(), 3 + 20_000 * 3 + 1);
    }

    #[test]
    fn text_comes_whole_and_a_body_over_the_cap_is_refused() {
        let msgs = messages(b"not json\nat all", u64::MAX);
        assert!(
            matches!(msgs.as_slice(), [Message::Loaded(d)] if d.describe().starts_with("text"))
        );
        let msgs = messages(b"[1,2,3]", 4);
        assert!(matches!(msgs.as_slice(), [Message::ConnectFailed(e)] if e.contains("size cap")));
    }

    #[test]
    fn a_cut_json_body_is_shown_as_text_and_says_why() {
        let msgs = messages(br#"{"data":[{"id":"1"},{"id""#, u64::MAX);
        assert!(
            matches!(msgs.last(), Some(Message::Note(_, t)) if t.contains("shown as text") && t.contains("ends too soon"))
        );
        // Plain text is just text.
        let msgs = messages(b"hello", u64::MAX);
        assert!(!msgs.iter().any(|m| matches!(m, Message::Note(..))));
    }

    #[test]
    fn progress_reads_well() {
        assert_eq!(
            progress("a.json", 50, Some(200)),
            format!("indexing a.json… 25% of {}", human_size(200))
        );
        assert!(progress("-", 10, None).starts_with("indexing -… "));
    }
}
