//! One pass over raw JSON bytes that validates them and records the display lines of the
//! pretty-printed document. Iterative (an explicit stack), so any nesting depth is safe.

/// What a display line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum LineKind {
    /// A string value.
    Str,
    /// A number.
    Num,
    /// `true`, `false` or `null`.
    Lit,
    /// `{` opening a non-empty object.
    OpenObj,
    /// `[` opening a non-empty array.
    OpenArr,
    /// `}` closing an object.
    CloseObj,
    /// `]` closing an array.
    CloseArr,
    /// `{}`.
    EmptyObj,
    /// `[]`.
    EmptyArr,
}

impl LineKind {
    /// True for `{` and `[` lines (the foldable ones).
    pub fn is_open(self) -> bool {
        matches!(self, Self::OpenObj | Self::OpenArr)
    }

    /// True for `}` and `]` lines.
    pub fn is_close(self) -> bool {
        matches!(self, Self::CloseObj | Self::CloseArr)
    }
}

/// No key on this line.
pub const NO_KEY: u32 = u32::MAX;

/// One display line, 24 bytes. Offsets point into the raw body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Byte offset of the key's opening quote, or [`NO_KEY`].
    pub key: u32,
    /// Byte offset of the value (or of the bracket).
    pub start: u32,
    /// Byte length of the value (1 for brackets; `{` to `}` for empty containers).
    pub len: u32,
    /// Indentation level.
    pub depth: u32,
    /// For an open line, the index of its close line; for a close line, of its open line.
    pub link: u32,
    /// What the line holds.
    pub kind: LineKind,
    /// Followed by a comma.
    pub comma: bool,
}

impl Line {
    /// The first byte the line shows (its key, else its value).
    pub fn first_byte(&self) -> u32 {
        if self.key == NO_KEY {
            self.start
        } else {
            self.key
        }
    }
}

/// Why bytes are not one JSON document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not JSON: {message} at byte {offset}")]
pub struct IndexError {
    /// What was wrong.
    pub message: &'static str,
    /// Where.
    pub offset: usize,
}

fn err<T>(message: &'static str, offset: usize) -> Result<T, IndexError> {
    Err(IndexError { message, offset })
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// Scans a string starting at its opening quote; returns the index after the closing quote.
pub fn scan_string(b: &[u8], start: usize) -> Result<usize, IndexError> {
    let mut i = start + 1;
    loop {
        let Some(off) = memchr::memchr2(b'"', b'\\', &b[i..]) else {
            return err("unterminated string", start);
        };
        let seg = &b[i..i + off];
        if seg.iter().any(|&c| c < 0x20) {
            return err("control character in a string", i);
        }
        i += off;
        if b[i] == b'"' {
            return Ok(i + 1);
        }
        // A backslash escape.
        match b.get(i + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
            Some(b'u') => {
                if b.len() < i + 6 || !b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit) {
                    return err("bad \\u escape", i);
                }
                i += 6;
            }
            _ => return err("bad escape", i),
        }
    }
}

fn scan_number(b: &[u8], start: usize) -> Result<usize, IndexError> {
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return err("bad number", start),
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return err("bad number", start);
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return err("bad number", start);
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    Ok(i)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Validates `b` as one JSON document and returns its display lines.
pub fn index(b: &[u8]) -> Result<Vec<Line>, IndexError> {
    if u32::try_from(b.len()).is_err() {
        return err("document larger than 4 GiB", 0);
    }
    if let Err(e) = std::str::from_utf8(b) {
        return err("invalid UTF-8", e.valid_up_to());
    }
    let mut lines: Vec<Line> = Vec::with_capacity(b.len() / 24 + 1);
    // Open containers: (line index, is object).
    let mut stack: Vec<(u32, bool)> = Vec::new();
    let mut i = skip_ws(b, 0);
    let mut key = NO_KEY;
    loop {
        // A value at i, with `key` pending.
        let depth = to_u32(stack.len());
        let start = i;
        let Some(&c) = b.get(i) else {
            return err("expected a value", i);
        };
        let (kind, end) = match c {
            b'{' | b'[' => {
                let close = if c == b'{' { b'}' } else { b']' };
                let j = skip_ws(b, i + 1);
                if b.get(j) == Some(&close) {
                    (
                        if c == b'{' {
                            LineKind::EmptyObj
                        } else {
                            LineKind::EmptyArr
                        },
                        j + 1,
                    )
                } else {
                    let idx = to_u32(lines.len());
                    lines.push(Line {
                        key,
                        start: to_u32(start),
                        len: 1,
                        depth,
                        link: 0,
                        kind: if c == b'{' {
                            LineKind::OpenObj
                        } else {
                            LineKind::OpenArr
                        },
                        comma: false,
                    });
                    stack.push((idx, c == b'{'));
                    i = j;
                    key = NO_KEY;
                    if c == b'{' {
                        i = read_key(b, i, &mut key)?;
                    }
                    continue;
                }
            }
            b'"' => (LineKind::Str, scan_string(b, i)?),
            b'-' | b'0'..=b'9' => (LineKind::Num, scan_number(b, i)?),
            b't' if b[i..].starts_with(b"true") => (LineKind::Lit, i + 4),
            b'f' if b[i..].starts_with(b"false") => (LineKind::Lit, i + 5),
            b'n' if b[i..].starts_with(b"null") => (LineKind::Lit, i + 4),
            _ => return err("expected a value", i),
        };
        lines.push(Line {
            key,
            start: to_u32(start),
            len: to_u32(end - start),
            depth,
            link: 0,
            kind,
            comma: false,
        });
        key = NO_KEY;
        i = skip_ws(b, end);
        // After a value: commas and closing brackets.
        loop {
            let Some(&(open, is_obj)) = stack.last() else {
                if i != b.len() {
                    return err("unexpected data after the document", i);
                }
                lines.shrink_to_fit();
                return Ok(lines);
            };
            match b.get(i) {
                Some(b',') => {
                    if let Some(last) = lines.last_mut() {
                        last.comma = true;
                    }
                    i = skip_ws(b, i + 1);
                    if is_obj {
                        i = read_key(b, i, &mut key)?;
                    }
                    break;
                }
                Some(b'}') if is_obj => {}
                Some(b']') if !is_obj => {}
                _ => {
                    return err(
                        if is_obj {
                            "expected , or }"
                        } else {
                            "expected , or ]"
                        },
                        i,
                    );
                }
            }
            stack.pop();
            let idx = to_u32(lines.len());
            lines.push(Line {
                key: NO_KEY,
                start: to_u32(i),
                len: 1,
                depth: to_u32(stack.len()),
                link: open,
                kind: if is_obj {
                    LineKind::CloseObj
                } else {
                    LineKind::CloseArr
                },
                comma: false,
            });
            if let Some(o) = lines.get_mut(open as usize) {
                o.link = idx;
            }
            i = skip_ws(b, i + 1);
        }
    }
}

/// Reads `"key" :` at i (after whitespace); returns the index of the value.
fn read_key(b: &[u8], i: usize, key: &mut u32) -> Result<usize, IndexError> {
    if b.get(i) != Some(&b'"') {
        return err("expected a key", i);
    }
    let end = scan_string(b, i)?;
    *key = to_u32(i);
    let j = skip_ws(b, end);
    if b.get(j) != Some(&b':') {
        return err("expected :", j);
    }
    Ok(skip_ws(b, j + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_document_lines() {
        let b = br#"{"a": [1, {"b": null}], "c": {}, "d": "x"}"#;
        let lines = index(b).expect("valid");
        let kinds: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();
        use LineKind::*;
        assert_eq!(
            kinds,
            [
                OpenObj, OpenArr, Num, OpenObj, Lit, CloseObj, CloseArr, EmptyObj, Str, CloseObj
            ]
        );
        assert_eq!(lines[0].link, 9);
        assert_eq!(lines[9].link, 0);
        assert_eq!(lines[1].link, 6);
        assert!(lines[6].comma && lines[7].comma && !lines[8].comma);
        assert_eq!(lines[4].depth, 3);
    }

    #[test]
    fn rejects_what_serde_rejects() {
        for bad in [
            &b"{"[..],
            b"[1,]",
            b"{\"a\" 1}",
            b"01",
            b"1.",
            b"-",
            b"\"\x01\"",
            b"\"\\x\"",
            b"tru",
            b"[1] 2",
            b"",
            b"\"\xff\"",
        ] {
            assert!(index(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
            assert!(serde_json::from_slice::<serde_json::Value>(bad).is_err());
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut b = vec![b'['; 100_000];
        b.extend(vec![b']'; 100_000]);
        let lines = index(&b).expect("valid");
        assert_eq!(lines.len(), 199_999);
    }

    #[test]
    fn scalars_at_top_level() {
        assert_eq!(index(b" 42 ").expect("valid").len(), 1);
        assert_eq!(index(b"\"s\"").expect("valid")[0].kind, LineKind::Str);
    }
}
