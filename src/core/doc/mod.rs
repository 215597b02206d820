//! The response document model: a body indexed once into display lines, for a viewer that draws
//! only what is visible. JSON is pretty-printed from the raw bytes (key order and number text as
//! the server sent them); other text is shown as lines; binary as a hex preview.

pub mod compare;
pub mod filter;
pub mod index;
mod scan;
pub mod search;
pub mod viewer;

use std::borrow::Cow;

use index::{Index, Indexer, Line, LineKind, NO_KEY};

use super::json_diff::Seg;

/// How many bytes of a binary body the hex preview shows.
const HEX_PREVIEW: usize = 4096;

/// The kind of a piece of a display line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// An object key.
    Key,
    /// A string value.
    Str,
    /// A number.
    Num,
    /// `true`, `false`, `null`.
    Lit,
    /// Brackets, colons, commas.
    Punct,
    /// A folded container's summary (`{…} 12 keys`).
    Summary,
    /// Plain text (text bodies, hex dumps).
    Text,
    /// A marker that the value goes on beyond the window (`…`).
    More,
}

/// One piece of a display line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    /// Its kind.
    pub tok: Tok,
    /// Its text, terminal-safe.
    pub text: Cow<'a, str>,
}

/// A body ready to view.
#[derive(Debug)]
pub enum Document {
    /// A JSON document and its lines.
    Json {
        /// The raw bytes.
        raw: Vec<u8>,
        /// Its display lines.
        index: Index,
    },
    /// Text, split into lines (lossy UTF-8).
    Text {
        /// The text.
        text: String,
        /// Byte offset where each line starts.
        starts: Vec<u32>,
    },
    /// Binary data: its size and a hex dump of its start.
    Binary {
        /// Total size.
        size: usize,
        /// Hex dump lines.
        dump: Vec<String>,
    },
}

fn is_binary(b: &[u8]) -> bool {
    let head = &b[..b.len().min(8192)];
    head.contains(&0)
        || (std::str::from_utf8(head).is_err()
            && String::from_utf8_lossy(head).matches('\u{FFFD}').count() > head.len() / 10)
}

/// Escapes characters a terminal could act on, for one display line (the one escaper,
/// [`crate::core::text::terminal_safe`]).
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    super::text::terminal_safe(s, super::text::Keep::Nothing)
}

fn hex_dump(b: &[u8]) -> Vec<String> {
    b[..b.len().min(HEX_PREVIEW)]
        .chunks(16)
        .enumerate()
        .map(|(i, chunk)| {
            let hex: Vec<String> = chunk.iter().map(|x| format!("{x:02x}")).collect();
            let ascii: String = chunk
                .iter()
                .map(|&x| {
                    if (0x20..0x7f).contains(&x) {
                        char::from(x)
                    } else {
                        '.'
                    }
                })
                .collect();
            format!("{:08x}  {:<47}  {ascii}", i * 16, hex.join(" "))
        })
        .collect()
}

/// Takes at most `max` chars of `s`, starting after `skip` chars; says whether more remain.
fn window(s: &str, skip: usize, max: usize) -> (&str, bool) {
    let mut it = s.char_indices().skip(skip);
    let Some((start, _)) = it.next() else {
        return ("", false);
    };
    if max == 0 {
        return ("", true);
    }
    match it.nth(max.saturating_sub(1)) {
        Some((end, _)) => (&s[start..end], true),
        None => (&s[start..], false),
    }
}

impl Document {
    /// Indexes a body: JSON when it parses, else text, else binary.
    pub fn new(raw: Vec<u8>) -> Self {
        match Indexer::over(raw).finish() {
            Ok((raw, index)) => Self::Json { raw, index },
            Err((raw, _)) => Self::not_json(raw),
        }
    }

    /// A body that is not JSON: text, or binary.
    pub fn not_json(raw: Vec<u8>) -> Self {
        if is_binary(&raw) {
            return Self::Binary {
                size: raw.len(),
                dump: hex_dump(&raw),
            };
        }
        let text = String::from_utf8_lossy(&raw).into_owned();
        let mut starts = vec![0u32];
        starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        if text.ends_with('\n') && starts.len() > 1 {
            starts.pop();
        }
        Self::Text { text, starts }
    }

    /// Number of display lines.
    pub fn len(&self) -> usize {
        match self {
            Self::Json { index, .. } => index.len(),
            Self::Text { starts, .. } => starts.len(),
            Self::Binary { dump, .. } => dump.len() + 1,
        }
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The raw JSON body, when the body is JSON.
    pub fn raw_json(&self) -> Option<&[u8]> {
        match self {
            Self::Json { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The line of the member `key` directly inside the object opened on line `open`.
    pub fn child(&self, open: usize, key: &str) -> Option<usize> {
        let ix = self.json_index()?;
        if ix.kind(open)? != LineKind::OpenObj {
            return None;
        }
        let close = ix.link(open)?;
        let mut j = open + 1;
        while j < close {
            if self
                .line(j)
                .and_then(|l| self.key_text(&l))
                .and_then(|k| serde_json::from_str::<String>(k).ok())
                .is_some_and(|k| k == key)
            {
                return Some(j);
            }
            j = ix.after_value(j);
        }
        None
    }

    /// The line of child `n` (0-based) of the container opened on line `open`.
    fn nth_child(&self, open: usize, n: usize) -> Option<usize> {
        let ix = self.json_index()?;
        if let Some(kids) = ix.many_children(open) {
            return kids.get(n).map(|&k| k as usize);
        }
        if !ix.kind(open)?.is_open() {
            return None;
        }
        let close = ix.link(open)?;
        let mut j = open + 1;
        for _ in 0..n {
            j = ix.after_value(j);
        }
        (j < close).then_some(j)
    }

    /// The line of the value at `segs` (members, and items by position), or of the deepest of
    /// them that is there (where a removed value was).
    pub fn line_at_path(&self, segs: &[Seg]) -> usize {
        let mut at = 0;
        for seg in segs {
            let next = match seg {
                Seg::Key(k) => self.child(at, k),
                Seg::Index(n) => self.nth_child(at, *n),
            };
            match next {
                Some(n) => at = n,
                None => break,
            }
        }
        at
    }

    /// The decoded string at a line, when it holds a string.
    pub fn string_at(&self, i: usize) -> Option<String> {
        if self.json_index()?.kind(i)? != LineKind::Str {
            return None;
        }
        serde_json::from_str(self.value_text(i)?).ok()
    }

    /// `paging.next` and `paging.previous` of a Graph list, found without parsing the body again.
    pub fn paging_links(&self) -> (Option<String>, Option<String>) {
        let Some(paging) = self.child(0, "paging") else {
            return (None, None);
        };
        let link = |k: &str| self.child(paging, k).and_then(|i| self.string_at(i));
        (link("next"), link("previous"))
    }

    /// `paging.cursors.after` and `paging.cursors.before` of a top-level object.
    pub fn paging_cursors(&self) -> (Option<String>, Option<String>) {
        let Some(cursors) = self
            .child(0, "paging")
            .and_then(|p| self.child(p, "cursors"))
        else {
            return (None, None);
        };
        let c = |k: &str| self.child(cursors, k).and_then(|i| self.string_at(i));
        (c("after"), c("before"))
    }

    /// The JSON lines, when the body is JSON.
    pub fn json_index(&self) -> Option<&Index> {
        match self {
            Self::Json { index, .. } => Some(index),
            _ => None,
        }
    }

    /// JSON line `i`, decoded.
    pub fn line(&self, i: usize) -> Option<Line> {
        match self {
            Self::Json { raw, index } => index.line(raw, i),
            _ => None,
        }
    }

    /// False while this shows only the first lines of a body still being indexed.
    pub fn is_complete(&self) -> bool {
        self.json_index().is_none_or(Index::is_complete)
    }

    /// Bytes of memory held (body plus index), for the benchmark and the status bar.
    pub fn memory_bytes(&self) -> usize {
        match self {
            Self::Json { raw, index } => raw.capacity() + index.memory_bytes(),
            Self::Text { text, starts } => text.capacity() + starts.capacity() * 4,
            Self::Binary { dump, .. } => dump.iter().map(String::capacity).sum(),
        }
    }

    /// A short description: `JSON, 2345 lines`, `text, 1 line`.
    pub fn describe(&self) -> String {
        match self {
            Self::Json { index, .. } if !index.is_complete() => {
                format!("JSON, the first {}", plural(index.len(), "line"))
            }
            Self::Json { index, .. } => format!("JSON, {}", plural(index.len(), "line")),
            Self::Text { starts, .. } => format!("text, {}", plural(starts.len(), "line")),
            Self::Binary { size, .. } => format!("binary, {size} bytes"),
        }
    }

    /// The raw text of a key (with quotes), for a JSON line with a key.
    pub fn key_text(&self, line: &Line) -> Option<&str> {
        let Self::Json { raw, .. } = self else {
            return None;
        };
        if line.key == NO_KEY {
            return None;
        }
        let start = line.key as usize;
        let end = index::scan_string(raw, start).ok()?;
        std::str::from_utf8(&raw[start..end]).ok()
    }

    /// About where raw byte `byte` is drawn on display line `i`, in columns from the left edge
    /// (escapes in the text can make it a little further): to bring a search match into view.
    pub fn column_of(&self, i: usize, byte: usize) -> Option<usize> {
        let chars = |text: &[u8]| String::from_utf8_lossy(text).chars().count();
        match self {
            Self::Json { raw, index } => {
                let l = index.line(raw, i)?;
                let mut col = l.depth as usize * 2;
                if let Some(key) = self.key_text(&l) {
                    let start = l.key as usize;
                    if (start..start + key.len()).contains(&byte) {
                        return Some(col + chars(raw.get(start..byte)?));
                    }
                    col += key.chars().count() + 2;
                }
                Some(col + chars(raw.get(l.start as usize..byte)?))
            }
            Self::Text { text, starts } => {
                let start = *starts.get(i)? as usize;
                Some(text.get(start..byte)?.chars().count())
            }
            Self::Binary { .. } => None,
        }
    }

    /// The raw text of a line's value (for a container: from its bracket to the matching one).
    pub fn value_text(&self, i: usize) -> Option<&str> {
        let Self::Json { raw, index } = self else {
            return self.plain_line(i);
        };
        let l = index.line(raw, i)?;
        let (start, end) = if l.kind.is_open() {
            let close = index.first_byte(index.link(i)?)?;
            (l.start as usize, close as usize + 1)
        } else {
            (l.start as usize, (l.start + l.len) as usize)
        };
        std::str::from_utf8(raw.get(start..end)?).ok()
    }

    fn plain_line(&self, i: usize) -> Option<&str> {
        match self {
            Self::Text { text, starts } => {
                let start = *starts.get(i)? as usize;
                let end = starts.get(i + 1).map_or(text.len(), |e| *e as usize);
                Some(text.get(start..end)?.trim_end_matches(['\n', '\r']))
            }
            Self::Binary { dump, .. } => i
                .checked_sub(1)
                .and_then(|j| dump.get(j))
                .map(String::as_str),
            Self::Json { .. } => None,
        }
    }

    /// The pieces of display line `i`, skipping `skip` columns and keeping about `width` more.
    /// `folded` shows an open line as its summary with `count` children.
    pub fn render(
        &self,
        i: usize,
        folded: Option<usize>,
        skip: usize,
        width: usize,
    ) -> Vec<Piece<'_>> {
        let mut pieces = self.pieces(i, folded, skip + width + 1);
        clip(&mut pieces, skip, width);
        pieces
    }

    fn pieces(&self, i: usize, folded: Option<usize>, budget: usize) -> Vec<Piece<'_>> {
        fn p(tok: Tok, text: Cow<'_, str>) -> Piece<'_> {
            Piece { tok, text }
        }
        let Self::Json { raw, index } = self else {
            if let Self::Binary { size, .. } = self
                && i == 0
            {
                return vec![p(
                    Tok::Summary,
                    Cow::Owned(format!(
                        "binary body, {size} bytes; hex preview of the first {}:",
                        (*size).min(HEX_PREVIEW)
                    )),
                )];
            }
            let text = self.plain_line(i).unwrap_or_default();
            let (shown, more) = window(text, 0, budget);
            let mut v = vec![p(Tok::Text, terminal_safe(shown))];
            if more {
                v.push(p(Tok::More, Cow::Borrowed("…")));
            }
            return v;
        };
        let Some(l) = index.line(raw, i) else {
            return Vec::new();
        };
        let mut v = Vec::with_capacity(5);
        if l.depth > 0 {
            let indent = (l.depth as usize * 2).min(budget);
            v.push(p(Tok::Punct, Cow::Owned(" ".repeat(indent))));
        }
        if let Some(k) = self.key_text(&l) {
            let (shown, more) = window(k, 0, budget);
            v.push(p(Tok::Key, terminal_safe(shown)));
            if more {
                v.push(p(Tok::More, Cow::Borrowed("…")));
                return v;
            }
            v.push(p(Tok::Punct, Cow::Borrowed(": ")));
        }
        let comma = |line: &Line| if line.comma { "," } else { "" };
        match (l.kind, folded) {
            (LineKind::OpenObj | LineKind::OpenArr, Some(n)) => {
                let close = index.link(i).and_then(|c| index.line(raw, c)).unwrap_or(l);
                let text = if l.kind == LineKind::OpenObj {
                    format!("{{…}} {n} {}", if n == 1 { "key" } else { "keys" })
                } else {
                    format!("[…] {n} {}", if n == 1 { "item" } else { "items" })
                };
                v.push(p(Tok::Summary, Cow::Owned(text)));
                v.push(p(Tok::Punct, Cow::Borrowed(comma(&close))));
            }
            (LineKind::OpenObj, None) => v.push(p(Tok::Punct, Cow::Borrowed("{"))),
            (LineKind::OpenArr, None) => v.push(p(Tok::Punct, Cow::Borrowed("["))),
            (LineKind::CloseObj, _) => {
                v.push(p(Tok::Punct, Cow::Owned(format!("}}{}", comma(&l)))))
            }
            (LineKind::CloseArr, _) => v.push(p(Tok::Punct, Cow::Owned(format!("]{}", comma(&l))))),
            (LineKind::EmptyObj, _) => {
                v.push(p(Tok::Punct, Cow::Owned(format!("{{}}{}", comma(&l)))))
            }
            (LineKind::EmptyArr, _) => {
                v.push(p(Tok::Punct, Cow::Owned(format!("[]{}", comma(&l)))))
            }
            (kind, _) => {
                let bytes = raw
                    .get(l.start as usize..(l.start + l.len) as usize)
                    .unwrap_or_default();
                let text = std::str::from_utf8(bytes).unwrap_or_default();
                let (shown, more) = window(text, 0, budget);
                let tok = match kind {
                    LineKind::Str => Tok::Str,
                    LineKind::Num => Tok::Num,
                    _ => Tok::Lit,
                };
                v.push(p(tok, terminal_safe(shown)));
                if more {
                    v.push(p(Tok::More, Cow::Borrowed("…")));
                } else if l.comma {
                    v.push(p(Tok::Punct, Cow::Borrowed(",")));
                }
            }
        }
        v
    }
}

/// Drops the first `skip` characters of the pieces and keeps at most `width` characters.
fn clip(pieces: &mut Vec<Piece<'_>>, mut skip: usize, mut width: usize) {
    let mut out = Vec::with_capacity(pieces.len());
    for mut piece in pieces.drain(..) {
        let n = piece.text.chars().count();
        if skip >= n {
            skip -= n;
            continue;
        }
        if skip > 0 || n - skip > width {
            let (shown, _) = window(&piece.text, skip, width);
            piece.text = Cow::Owned(shown.to_owned());
            skip = 0;
        }
        let len = piece.text.chars().count();
        width = width.saturating_sub(len);
        out.push(piece);
        if width == 0 {
            break;
        }
    }
    *pieces = out;
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

/// `1 line`, `2 lines`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
