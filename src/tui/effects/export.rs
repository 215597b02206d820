//! `E`: the answer written to a file as JSON, JSONL or CSV (`core::pages::render`, as
//! `wpx call --all --format` writes it), private and replaced atomically. A file already there
//! is replaced only when the user said so.

use crate::core::doc::Document;

/// What an export did.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Written {
    /// Wrote the file; what to say.
    Done(String),
    /// The file is there and was left as it is.
    Exists,
}

/// Writes `doc` to `path` as `format` (private, replaced atomically, an existing file only with
/// `replace`); says what was written.
pub(super) fn export(
    path: &std::path::Path,
    format: crate::core::pages::Format,
    doc: &Document,
    replace: bool,
) -> Result<Written, String> {
    if !replace && path.exists() {
        return Ok(Written::Exists);
    }
    let raw = doc
        .raw_json()
        .ok_or("the answer is not JSON: only JSON answers export")?;
    let value: serde_json::Value =
        serde_json::from_slice(raw).map_err(|e| format!("the answer: {e}"))?;
    let (text, items) = crate::core::pages::render(&value, format);
    crate::store::replace_file(path, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // The whole path: a bare name lands where wpx was started, which may not be obvious.
    let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(Written::Done(format!(
        "wrote {items} items to {}",
        shown.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pages::Format;

    #[test]
    fn the_items_of_an_answer_become_csv_rows_in_a_private_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("members.csv");
        let doc = Document::new(
            br#"{"data":[{"id":"1","name":"Ana"},{"id":"2","name":"Bo, Jr"}],"paging":{}}"#
                .to_vec(),
        );
        let said = export(&path, Format::Csv, &doc, false).expect("written");
        assert_eq!(
            said,
            Written::Done(format!("wrote 2 items to {}", path.display()))
        );
        let text = std::fs::read_to_string(&path).expect("read back");
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.contains("\"Bo, Jr\""), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Already there: left as it is unless replacing was asked for.
        let other = Document::new(br#"{"data":[{"id":"3"}]}"#.to_vec());
        assert_eq!(
            export(&path, Format::Csv, &other, false),
            Ok(Written::Exists)
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
        assert!(matches!(
            export(&path, Format::Csv, &other, true),
            Ok(Written::Done(_))
        ));
        assert!(std::fs::read_to_string(&path).expect("read").contains('3'));
        let e = export(
            &path,
            Format::Json,
            &Document::new(b"<html>".to_vec()),
            true,
        )
        .expect_err("text");
        assert!(e.contains("not JSON"), "{e}");
    }
}
