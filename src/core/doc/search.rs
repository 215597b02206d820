//! Searching keys and values over the raw bytes: one regex pass (case-insensitive unless the query
//! has a capital), in chunks so that a search of a large body can be cancelled.

use std::sync::atomic::{AtomicBool, Ordering};

use super::Document;
use super::index::{NO_KEY, scan_string};

/// Bytes searched between two looks at the cancel flag.
const CHUNK: usize = 4 << 20;

/// A match: the display line and the byte range in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Display line.
    pub line: u32,
    /// First byte.
    pub start: u32,
    /// Length in bytes.
    pub len: u32,
}

/// Maps a match's byte range to its display line, or `None` when it falls outside keys and values.
type LineOf<'a> = Box<dyn Fn(usize, usize) -> Option<u32> + 'a>;

fn regex_for(query: &str) -> Option<regex::bytes::Regex> {
    let insensitive = !query.chars().any(char::is_uppercase);
    regex::bytes::RegexBuilder::new(&regex::escape(query))
        .case_insensitive(insensitive)
        .unicode(true)
        .build()
        .ok()
}

/// Every match of `query` in keys and values, in document order; `None` when cancelled.
pub fn find(doc: &Document, query: &str, cancel: &AtomicBool) -> Option<Vec<Match>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    let re = regex_for(query)?;
    let (bytes, line_of): (&[u8], LineOf<'_>) = match doc {
        Document::Json { raw, index } => (
            raw,
            Box::new(move |start, end| {
                let i = index.line_at_byte(start)?;
                let l = index.line(raw, i)?;
                let in_key = l.key != NO_KEY
                    && start >= l.key as usize
                    && scan_string(raw, l.key as usize).is_ok_and(|e| end <= e);
                let in_value = l.kind.is_scalar()
                    && start >= l.start as usize
                    && end <= (l.start + l.len) as usize;
                (in_key || in_value).then_some(i as u32)
            }),
        ),
        Document::Text { text, starts } => (
            text.as_bytes(),
            Box::new(move |start, _| {
                starts
                    .partition_point(|s| (*s as usize) <= start)
                    .checked_sub(1)
                    .map(|i| i as u32)
            }),
        ),
        Document::Binary { .. } => return Some(Vec::new()),
    };
    let overlap = query.len() * 4;
    let mut out: Vec<Match> = Vec::new();
    let mut from = 0;
    while from < bytes.len() {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let end = (from + CHUNK + overlap).min(bytes.len());
        for m in re.find_iter(&bytes[from..end]) {
            let (s, e) = (from + m.start(), from + m.end());
            if out.last().is_some_and(|last| last.start as usize >= s) {
                continue;
            }
            if let Some(line) = line_of(s, e) {
                out.push(Match {
                    line,
                    start: s as u32,
                    len: (e - s) as u32,
                });
            }
        }
        from += CHUNK;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        Document::new(s.as_bytes().to_vec())
    }

    #[test]
    fn finds_keys_and_values_not_punctuation() {
        let d = doc(r#"{"name": "Joe", "team": {"name": "Core"}, "n": 42}"#);
        let never = AtomicBool::new(false);
        let m = find(&d, "name", &never).expect("not cancelled");
        assert_eq!(m.iter().map(|m| m.line).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(find(&d, "\", \"", &never).expect("runs").len(), 0);
        assert_eq!(find(&d, "42", &never).expect("runs").len(), 1);
    }

    #[test]
    fn smart_case() {
        let d = doc(r#"["Alpha", "alpha"]"#);
        let never = AtomicBool::new(false);
        assert_eq!(find(&d, "alpha", &never).expect("runs").len(), 2);
        assert_eq!(find(&d, "Alpha", &never).expect("runs").len(), 1);
    }

    #[test]
    fn cancelled_search_returns_none() {
        let d = doc(r#"["x"]"#);
        assert!(find(&d, "x", &AtomicBool::new(true)).is_none());
    }

    #[test]
    fn text_documents_are_searched_by_line() {
        let d = doc("first line\nsecond LINE\n<html>");
        let m = find(&d, "line", &AtomicBool::new(false)).expect("runs");
        assert_eq!(m.iter().map(|m| m.line).collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn special_characters_are_literal() {
        let d = doc(r#"{"a": "x.y(z)"}"#);
        assert_eq!(
            find(&d, ".y(", &AtomicBool::new(false))
                .expect("runs")
                .len(),
            1
        );
        assert_eq!(
            find(&d, ".*", &AtomicBool::new(false)).expect("runs").len(),
            0
        );
    }
}
