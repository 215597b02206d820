//! The one pass over raw JSON bytes that validates them and builds the [`Index`]. Iterative (an
//! explicit stack), so any nesting depth is safe, and resumable: bytes can be fed as they arrive,
//! each call indexing what has come, and the lines so far can be shown before the end.

use super::index::{
    COMMA, DEPTH_SHIFT, HAS_KEY, Index, LineKind, MANY, MAX_DEPTH, NO_KEY, NO_LINK, Packed,
};

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

/// What a byte means inside a string: 0 plain, 1 quote, 2 backslash, 3 control, 4 non-ASCII.
static STRING_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = if i < 0x20 {
            3
        } else if i == b'"' as usize {
            1
        } else if i == b'\\' as usize {
            2
        } else if i >= 0x80 {
            4
        } else {
            0
        };
        i += 1;
    }
    t
};

/// A string that runs past the bytes so far.
const UNTERMINATED: &str = "unterminated string";

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `w` that is zero (exact up to the first one).
fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(ONES) & !w & HIGH
}

/// Eight string bytes at a time: the high bit set for a quote, a backslash, a control character
/// or a non-ASCII byte (exact up to the first one).
fn special_bytes(w: u64) -> u64 {
    zero_bytes(w ^ (ONES * u64::from(b'"')))
        | zero_bytes(w ^ (ONES * u64::from(b'\\')))
        | (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
        | (w & HIGH)
}

/// Scans a string starting at its opening quote; returns the index after the closing quote.
pub fn scan_string(b: &[u8], start: usize) -> Result<usize, IndexError> {
    let mut i = start + 1;
    let mut wide = false;
    loop {
        // Plain bytes, eight at a time, to the next one that needs a look.
        while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            let special = special_bytes(u64::from_le_bytes(*chunk));
            if special != 0 {
                i += (special.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&c) = b.get(i) else {
            return err(UNTERMINATED, start);
        };
        match STRING_CLASS[c as usize] {
            0 => i += 1,
            1 => break,
            2 => match b.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => i = scan_unicode_escape(b, start, i)?,
                None => return err(UNTERMINATED, start),
                _ => return err("bad escape", i),
            },
            3 => return err("control character in a string", i),
            _ => {
                wide = true;
                i += 1;
            }
        }
    }
    if wide && let Err(e) = std::str::from_utf8(&b[start + 1..i]) {
        // A character cut at the end of the bytes so far shows as an unterminated string.
        return err("invalid UTF-8", start + 1 + e.valid_up_to());
    }
    Ok(i + 1)
}

/// The four hex digits of a `\\u` escape at `i`, if they are there.
fn hex4(b: &[u8], i: usize) -> Option<Result<u16, ()>> {
    let digits = b.get(i + 2..i + 6)?;
    let text = std::str::from_utf8(digits).map_err(|_| ());
    Some(text.and_then(|t| {
        if t.bytes().all(|c| c.is_ascii_hexdigit()) {
            u16::from_str_radix(t, 16).map_err(|_| ())
        } else {
            Err(())
        }
    }))
}

/// A `\\u` escape at `i` (in the string that starts at `start`); a high surrogate must be followed
/// by a low one, and a low one cannot stand alone, as serde_json requires. Returns the index after.
fn scan_unicode_escape(b: &[u8], start: usize, i: usize) -> Result<usize, IndexError> {
    let code = match hex4(b, i) {
        None => return err(UNTERMINATED, start),
        Some(Err(())) => return err("bad \\u escape", i),
        Some(Ok(c)) => c,
    };
    match code {
        0xD800..=0xDBFF => {
            let j = i + 6;
            match (b.get(j), b.get(j + 1)) {
                (None, _) | (Some(b'\\'), None) => return err(UNTERMINATED, start),
                (Some(b'\\'), Some(b'u')) => {}
                _ => return err("a lone surrogate in a \\u escape", i),
            }
            match hex4(b, j) {
                None => err(UNTERMINATED, start),
                Some(Ok(0xDC00..=0xDFFF)) => Ok(j + 6),
                Some(_) => err("a lone surrogate in a \\u escape", i),
            }
        }
        0xDC00..=0xDFFF => err("a lone surrogate in a \\u escape", i),
        _ => Ok(i + 6),
    }
}

/// Scans a number; `Ok(None)` when it reaches the end of the bytes so far (it may go on).
fn scan_number(b: &[u8], start: usize) -> Result<usize, IndexError> {
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(i),
        _ => return err("bad number", start),
    }
    if b.get(i) == Some(&b'.') {
        if !b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            return err("bad number", start);
        }
        i = digits(i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return err("bad number", start);
        }
        i = digits(i);
    }
    Ok(i)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A value (with the pending key, if any).
    Value,
    /// A key, in an object.
    Key,
    /// A comma or a closing bracket.
    After,
    /// The document ended.
    Done,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    line: u32,
    link_at: u32,
    object: bool,
    kids: u32,
}

/// Builds an [`Index`] over bytes fed in pieces.
#[derive(Debug)]
pub struct Indexer {
    raw: Vec<u8>,
    at: usize,
    state: State,
    key: u32,
    stack: Vec<Frame>,
    /// Containers with many children, (open, close), for the tables made at the end.
    many: Vec<(u32, u32)>,
    out: Index,
    /// A token cut at the end is tried again once this many bytes are in: as many again as it
    /// had, so that a long string arriving in small pieces is scanned a bounded number of times.
    retry_at: usize,
}

/// Stop for more bytes: the token at the position is not complete yet.
struct More;

impl Indexer {
    /// An indexer for a body of about `size` bytes.
    pub fn new(size: usize) -> Self {
        Self::over(Vec::with_capacity(size))
    }

    /// An indexer over bytes already here (more may be fed).
    pub fn over(raw: Vec<u8>) -> Self {
        let mut out = Index::default();
        // Graph-shaped bodies have a line for every 16 bytes or so, and a bracket line for every
        // 32; reserving a little more than that spares copying them as they grow (pages never
        // written are never resident, and the end gives back what was not used).
        out.lines.reserve(raw.capacity() / 12 + 1);
        out.links.reserve(raw.capacity() / 24 + 1);
        Self {
            raw,
            at: 0,
            state: State::Value,
            key: NO_KEY,
            stack: Vec::new(),
            many: Vec::new(),
            out,
            retry_at: 0,
        }
    }

    /// Adds bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
    }

    /// Bytes received so far.
    pub fn received(&self) -> usize {
        self.raw.len()
    }

    /// Bytes indexed so far.
    pub fn indexed(&self) -> usize {
        self.at
    }

    /// Lines indexed so far.
    pub fn lines(&self) -> usize {
        self.out.len()
    }

    /// Indexes what has come, up to about `budget` more bytes; the last piece may still be
    /// incomplete, so a token cut at the end waits for the next feed.
    pub fn run(&mut self, budget: usize) -> Result<(), IndexError> {
        if self.raw.len() < self.retry_at {
            return Ok(());
        }
        let stop = self.at.saturating_add(budget);
        self.steps(stop, false)
    }

    /// Indexes everything fed so far as the whole document; returns the bytes and their index,
    /// or the bytes and why they are not JSON.
    pub fn finish(mut self) -> Result<(Vec<u8>, Index), (Vec<u8>, IndexError)> {
        if let Err(e) = self.steps(usize::MAX, true) {
            return Err((self.raw, e));
        }
        let rest = skip_ws(&self.raw, self.at);
        if rest != self.raw.len() {
            return Err((
                self.raw,
                IndexError {
                    message: "unexpected data after the document",
                    offset: rest,
                },
            ));
        }
        let mut out = self.out;
        out.lines.shrink_to_fit();
        out.links.shrink_to_fit();
        out.tables(&mut self.many);
        out.complete = true;
        Ok((self.raw, out))
    }

    /// The first `lines` lines and the bytes they show, as a document to draw while the rest is
    /// read.
    pub fn head(&self, lines: usize) -> super::Document {
        let index = self.out.head(lines);
        let end = self
            .out
            .first_byte(index.len())
            .map_or(self.at, |b| b as usize);
        super::Document::Json {
            raw: self.raw[..end.min(self.raw.len())].to_vec(),
            index,
        }
    }

    fn steps(&mut self, stop: usize, last: bool) -> Result<(), IndexError> {
        if u32::try_from(self.raw.len()).is_err() {
            return err("document larger than 4 GiB", 0);
        }
        while self.at < stop && self.state != State::Done {
            match self.step(last) {
                Ok(()) => {}
                Err(Ok(More)) if !last => {
                    let cut = self.raw.len() - self.at;
                    self.retry_at = self.raw.len() + cut.max(1);
                    return Ok(());
                }
                Err(Ok(More)) => return err("the document ends too soon", self.raw.len()),
                Err(Err(e)) => return Err(e),
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn push(&mut self, at: usize, kind: LineKind, key: u32) -> Result<u32, IndexError> {
        let depth = self.stack.len();
        if depth > MAX_DEPTH {
            return err("nested too deeply", at);
        }
        let idx = self.out.lines.len();
        let (first, flag) = if key == NO_KEY {
            (at as u32, 0)
        } else {
            (key, HAS_KEY)
        };
        self.out.lines.push(Packed {
            at: first,
            meta: kind as u32 | flag | ((depth as u32) << DEPTH_SHIFT),
        });
        if !kind.is_close()
            && let Some(top) = self.stack.last_mut()
        {
            top.kids += 1;
        }
        Ok(idx as u32)
    }

    /// A key, its value and what follows, as far as they go: each part is committed as it is
    /// read, so stopping for more bytes in the middle loses nothing.
    fn step(&mut self, last: bool) -> Result<(), Result<More, IndexError>> {
        match self.state {
            State::Done => return Ok(()),
            State::Key => {
                self.key_part(last)?;
                self.value_part(last)?;
            }
            State::Value => self.value_part(last)?,
            State::After => {}
        }
        if self.state == State::After {
            self.after_part()?;
        }
        Ok(())
    }

    /// The next byte that is not whitespace, moving past the whitespace.
    #[inline(always)]
    fn next_byte(&mut self) -> Result<(usize, u8), Result<More, IndexError>> {
        let i = skip_ws(&self.raw, self.at);
        self.at = i;
        match self.raw.get(i) {
            Some(&c) => Ok((i, c)),
            None => Err(Ok(More)),
        }
    }

    #[inline(always)]
    fn key_part(&mut self, last: bool) -> Result<(), Result<More, IndexError>> {
        let (i, c) = self.next_byte()?;
        let b = &self.raw[..];
        if c != b'"' {
            return Err(Err(IndexError {
                message: "expected a key",
                offset: i,
            }));
        }
        let end = match scan_string(b, i) {
            Ok(e) => e,
            Err(e) if e.message == UNTERMINATED && !last => return Err(Ok(More)),
            Err(e) => return Err(Err(e)),
        };
        let j = skip_ws(b, end);
        match b.get(j) {
            Some(b':') => {}
            None => return Err(Ok(More)),
            Some(_) => {
                return Err(Err(IndexError {
                    message: "expected :",
                    offset: j,
                }));
            }
        }
        self.key = i as u32;
        self.at = j + 1;
        self.state = State::Value;
        Ok(())
    }

    #[inline(always)]
    fn value_part(&mut self, last: bool) -> Result<(), Result<More, IndexError>> {
        let (i, c) = self.next_byte()?;
        self.value(i, c, last)
    }

    #[inline(always)]
    fn after_part(&mut self) -> Result<(), Result<More, IndexError>> {
        let (i, c) = self.next_byte()?;
        self.after(i, c)
    }

    #[inline(always)]
    fn value(&mut self, i: usize, c: u8, last: bool) -> Result<(), Result<More, IndexError>> {
        let b = &self.raw[..];
        let key = self.key;
        let more = |e: IndexError| {
            if e.message == UNTERMINATED && !last {
                Ok(More)
            } else {
                Err(e)
            }
        };
        let (kind, end) = match c {
            b'{' | b'[' => {
                let close = if c == b'{' { b'}' } else { b']' };
                let j = skip_ws(b, i + 1);
                match b.get(j) {
                    None => return Err(Ok(More)),
                    Some(&x) if x == close => {
                        let kind = if c == b'{' {
                            LineKind::EmptyObj
                        } else {
                            LineKind::EmptyArr
                        };
                        (kind, j + 1)
                    }
                    Some(_) => {
                        let kind = if c == b'{' {
                            LineKind::OpenObj
                        } else {
                            LineKind::OpenArr
                        };
                        let line = self.push(i, kind, key).map_err(Err)?;
                        let link_at = self.out.links.len() as u32;
                        self.out.links.push(NO_LINK);
                        self.stack.push(Frame {
                            line,
                            link_at,
                            object: c == b'{',
                            kids: 0,
                        });
                        self.key = NO_KEY;
                        self.at = i + 1;
                        self.state = if c == b'{' { State::Key } else { State::Value };
                        return Ok(());
                    }
                }
            }
            b'"' => (LineKind::Str, scan_string(b, i).map_err(more)?),
            b'-' | b'0'..=b'9' => {
                let end = scan_number(b, i).map_err(|e| {
                    if end_of(b, i) && !last {
                        Ok(More)
                    } else {
                        Err(e)
                    }
                })?;
                if end == b.len() && !last {
                    return Err(Ok(More));
                }
                (LineKind::Num, end)
            }
            b't' | b'f' | b'n' => {
                let word: &[u8] = match c {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                let have = &b[i..b.len().min(i + word.len())];
                if have.len() < word.len() && word.starts_with(have) && !last {
                    return Err(Ok(More));
                }
                if have != word {
                    return Err(Err(IndexError {
                        message: "expected a value",
                        offset: i,
                    }));
                }
                (LineKind::Lit, i + word.len())
            }
            _ => {
                return Err(Err(IndexError {
                    message: "expected a value",
                    offset: i,
                }));
            }
        };
        self.push(i, kind, key).map_err(Err)?;
        self.key = NO_KEY;
        self.at = end;
        self.state = if self.stack.is_empty() {
            State::Done
        } else {
            State::After
        };
        Ok(())
    }

    #[inline(always)]
    fn after(&mut self, i: usize, c: u8) -> Result<(), Result<More, IndexError>> {
        let Some(&frame) = self.stack.last() else {
            self.state = State::Done;
            return Ok(());
        };
        match c {
            b',' => {
                if let Some(l) = self.out.lines.last_mut() {
                    l.meta |= COMMA;
                }
                self.at = i + 1;
                self.state = if frame.object {
                    State::Key
                } else {
                    State::Value
                };
                return Ok(());
            }
            b'}' if frame.object => {}
            b']' if !frame.object => {}
            _ => {
                return Err(Err(IndexError {
                    message: if frame.object {
                        "expected , or }"
                    } else {
                        "expected , or ]"
                    },
                    offset: i,
                }));
            }
        }
        self.stack.pop();
        let kind = if frame.object {
            LineKind::CloseObj
        } else {
            LineKind::CloseArr
        };
        let close = self.push(i, kind, NO_KEY).map_err(Err)?;
        self.out.links.push(frame.line);
        if frame.kids as usize > MANY {
            self.many.push((frame.line, close));
        }
        if let Some(l) = self.out.links.get_mut(frame.link_at as usize) {
            *l = close;
        }
        self.at = i + 1;
        if self.stack.is_empty() {
            self.state = State::Done;
        }
        Ok(())
    }
}

/// True when the number at `i` runs to the end of the bytes so far.
fn end_of(b: &[u8], i: usize) -> bool {
    b[i..]
        .iter()
        .all(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
}
