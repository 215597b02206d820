//! Comparing two answers for the viewer: [`crate::core::json_diff`] by path, each change found in
//! the newer document as a line to highlight (a removed value: where it was), and the list of
//! changes as a document of its own.

use super::Document;
use super::search::Match;
use crate::core::json_diff::{Change, diff_located};

/// Two answers compared.
#[derive(Debug)]
pub struct Compared {
    /// The lines of the newer document that changed, as matches to highlight and go through.
    pub marks: Vec<Match>,
    /// The changes, as a JSON list (`[{"change": "changed", "path": …, "from": …, "to": …}]`).
    pub list: Document,
    /// `2 changed, 1 added, 0 removed`.
    pub summary: String,
    /// No change at all.
    pub equal: bool,
}

/// Compares `before` with `after` (both JSON bodies); a clear sentence when one is not JSON.
pub fn compare(before: &Document, after: &Document) -> Result<Compared, String> {
    let parse = |d: &Document, which: &str| -> Result<serde_json::Value, String> {
        let raw = d
            .raw_json()
            .ok_or_else(|| format!("the {which} answer is not JSON: only JSON answers compare"))?;
        serde_json::from_slice(raw).map_err(|e| format!("the {which} answer: {e}"))
    };
    let a = parse(before, "earlier")?;
    let b = parse(after, "current")?;
    let changes = diff_located(&a, &b);
    let (mut changed, mut added, mut removed) = (0, 0, 0);
    let mut marks: Vec<Match> = changes
        .iter()
        .map(|(change, segs)| {
            match change {
                Change::Changed { .. } => changed += 1,
                Change::Added { .. } => added += 1,
                Change::Removed { .. } => removed += 1,
            }
            let line = after.line_at_path(segs);
            let l = after.line(line);
            Match {
                line: line as u32,
                start: l.map_or(0, |l| l.first_byte()),
                len: l.map_or(0, |l| l.start + l.len - l.first_byte()),
            }
        })
        .collect();
    marks.sort_by_key(|m| m.line);
    marks.dedup_by_key(|m| m.line);
    let list: Vec<&Change> = changes.iter().map(|(c, _)| c).collect();
    let list = serde_json::to_vec(&list).map_err(|e| format!("cannot list the changes: {e}"))?;
    Ok(Compared {
        marks,
        list: Document::new(list),
        summary: format!("{changed} changed, {added} added, {removed} removed"),
        equal: changes.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        Document::new(s.as_bytes().to_vec())
    }

    #[test]
    fn changes_are_marked_where_they_are_in_the_newer_answer() {
        let before = doc(r#"{"data":[{"id":"1","name":"Bo"},{"id":"2","name":"Al"}],"n":1}"#);
        let after = doc(r#"{"data":[{"id":"2","name":"Al"},{"id":"1","name":"Bob"}],"m":2}"#);
        let c = compare(&before, &after).expect("both JSON");
        assert_eq!(c.summary, "1 changed, 1 added, 1 removed");
        let lines: Vec<u32> = c.marks.iter().map(|m| m.line).collect();
        // "name": "Bob" is line 8; "m" (added) line 11; "n" was removed from the root (line 0).
        assert_eq!(lines, [0, 8, 11]);
        assert!(!c.equal);
        assert!(c.list.describe().starts_with("JSON"));
    }

    #[test]
    fn equal_answers_and_answers_that_are_not_json() {
        let c = compare(&doc(r#"{"a":1,"b":2}"#), &doc(r#"{"b":2,"a":1.0}"#)).expect("JSON");
        assert!(c.equal && c.marks.is_empty());
        let e = compare(&doc("<html>"), &doc("{}")).expect_err("not JSON");
        assert!(e.contains("earlier answer is not JSON"), "{e}");
    }
}
