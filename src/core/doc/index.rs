//! The display lines of a pretty-printed JSON document, stored in 8 bytes a line (plus 4 for each
//! bracket line): where the line starts and what it holds. Everything else a line needs (where its
//! value starts and ends, its partner bracket, its parent, its children) is found from the raw
//! bytes and small side tables, in time that does not grow with the document. The scanner that
//! builds it is [`super::scan`].

pub use super::scan::{IndexError, Indexer, scan_string};

/// What a display line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum LineKind {
    /// A string value.
    Str = 0,
    /// A number.
    Num = 1,
    /// `true`, `false` or `null`.
    Lit = 2,
    /// `{` opening a non-empty object.
    OpenObj = 3,
    /// `[` opening a non-empty array.
    OpenArr = 4,
    /// `}` closing an object.
    CloseObj = 5,
    /// `]` closing an array.
    CloseArr = 6,
    /// `{}`.
    EmptyObj = 7,
    /// `[]`.
    EmptyArr = 8,
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

    /// True for bracket lines (open or close): the ones with a partner.
    pub fn is_bracket(self) -> bool {
        self.is_open() || self.is_close()
    }

    /// True for values shown whole on their line (scalars and empty containers).
    pub fn is_scalar(self) -> bool {
        matches!(self, Self::Str | Self::Num | Self::Lit)
    }

    fn from_bits(b: u32) -> Self {
        match b & KIND_MASK {
            0 => Self::Str,
            1 => Self::Num,
            2 => Self::Lit,
            3 => Self::OpenObj,
            4 => Self::OpenArr,
            5 => Self::CloseObj,
            6 => Self::CloseArr,
            7 => Self::EmptyObj,
            _ => Self::EmptyArr,
        }
    }
}

/// No key on this line.
pub const NO_KEY: u32 = u32::MAX;

/// A partner not (yet) known: a bracket still open in a document being read.
pub(super) const NO_LINK: u32 = u32::MAX;

pub(super) const KIND_MASK: u32 = 0b1111;
pub(super) const COMMA: u32 = 1 << 4;
pub(super) const HAS_KEY: u32 = 1 << 5;
pub(super) const DEPTH_SHIFT: u32 = 6;
/// The deepest nesting the index holds.
pub(super) const MAX_DEPTH: usize = (1 << 26) - 1;

/// Containers with more direct children than this keep the list of their children's lines.
pub(super) const MANY: usize = 64;

/// One stored line: its first byte (the key's quote, else the value's first byte) and its kind,
/// comma, key flag and depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Packed {
    pub at: u32,
    pub meta: u32,
}

/// 64 lines' summary: bracket lines before them, the lowest depth among them, which are brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Block {
    pub rank: u32,
    pub min_depth: u32,
    pub brackets: u64,
}

/// One display line, decoded. Offsets point into the raw body.
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
    /// For an open line, the index of its close line; for a close line, of its open line
    /// (`u32::MAX` while unknown).
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

/// The lines of one JSON document.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub(super) lines: Vec<Packed>,
    pub(super) blocks: Vec<Block>,
    /// The lowest depth in each run of 64 blocks (4,096 lines).
    pub(super) supers: Vec<u32>,
    /// The partner of each bracket line, in line order.
    pub(super) links: Vec<u32>,
    /// Containers with many children: (open line, first entry in `kids`, count), by open line.
    pub(super) many: Vec<(u32, u32, u32)>,
    pub(super) kids: Vec<u32>,
    /// False for the first lines of a document still being read.
    pub(super) complete: bool,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

impl Index {
    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there are no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// False while this holds only the first lines of a document still being read.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// What line `i` holds.
    pub fn kind(&self, i: usize) -> Option<LineKind> {
        self.lines.get(i).map(|p| LineKind::from_bits(p.meta))
    }

    /// The indentation level of line `i` (0 past the end).
    pub fn depth(&self, i: usize) -> u32 {
        self.lines.get(i).map_or(0, |p| p.meta >> DEPTH_SHIFT)
    }

    /// The first byte line `i` shows.
    pub fn first_byte(&self, i: usize) -> Option<u32> {
        self.lines.get(i).map(|p| p.at)
    }

    /// The partner of a bracket line: an open line's close, a close line's open.
    pub fn link(&self, i: usize) -> Option<usize> {
        let p = self.lines.get(i)?;
        if !LineKind::from_bits(p.meta).is_bracket() {
            return None;
        }
        let b = self.blocks.get(i / 64)?;
        let below = b.brackets & ((1u64 << (i % 64)) - 1);
        let k = b.rank as usize + below.count_ones() as usize;
        let link = *self.links.get(k)?;
        (link != NO_LINK && (link as usize) < self.lines.len()).then_some(link as usize)
    }

    /// The line of the container that holds line `i` (a close line: its container's parent).
    pub fn parent(&self, i: usize) -> Option<usize> {
        let d = self.lines.get(i)?.meta >> DEPTH_SHIFT;
        if d == 0 {
            return None;
        }
        // The nearest line above at a lower depth is the parent's open line: everything between
        // lies inside it.
        let block = i / 64;
        let in_block = (block * 64..i).rev().find(|&j| self.depth(j) < d);
        if in_block.is_some() {
            return in_block;
        }
        // Back over blocks to the run's start, then over runs of 64 blocks, then into the run.
        let low = |b: &usize| self.blocks.get(*b).is_some_and(|x| x.min_depth < d);
        let run = block / 64;
        let b = match (run * 64..block).rev().find(low) {
            Some(b) => b,
            None => {
                let r = (0..run)
                    .rev()
                    .find(|&r| self.supers.get(r).is_some_and(|&m| m < d))?;
                (r * 64..r * 64 + 64).rev().find(low)?
            }
        };
        (b * 64..(b * 64 + 64).min(self.lines.len()))
            .rev()
            .find(|&j| self.depth(j) < d)
    }

    /// The lines of the direct children of a container with many, when it keeps them.
    pub fn many_children(&self, open: usize) -> Option<&[u32]> {
        let k = self
            .many
            .binary_search_by_key(&(open as u32), |m| m.0)
            .ok()?;
        let (_, first, n) = self.many[k];
        self.kids.get(first as usize..(first + n) as usize)
    }

    /// The line after value `i` at its own level (past its close when it is a container).
    pub fn after_value(&self, i: usize) -> usize {
        match self.kind(i) {
            Some(k) if k.is_open() => self.link(i).map_or(self.len(), |c| c + 1),
            _ => i + 1,
        }
    }

    /// How many direct children the container opened on line `open` has.
    pub fn count_children(&self, open: usize) -> usize {
        if let Some(kids) = self.many_children(open) {
            return kids.len();
        }
        let Some(close) = self.link(open) else {
            return 0;
        };
        let (mut n, mut j) = (0, open + 1);
        while j < close {
            n += 1;
            j = self.after_value(j);
        }
        n
    }

    /// The position of value `i` among its parent's children (0-based).
    pub fn sibling_index(&self, parent: usize, i: usize) -> usize {
        if let Some(kids) = self.many_children(parent) {
            return kids.partition_point(|&k| (k as usize) < i);
        }
        let (mut n, mut j) = (0, parent + 1);
        while j < i {
            n += 1;
            j = self.after_value(j);
        }
        n
    }

    /// The line that shows byte `at`: the last line starting at or before it.
    pub fn line_at_byte(&self, at: usize) -> Option<usize> {
        self.lines
            .partition_point(|p| p.at as usize <= at)
            .checked_sub(1)
    }

    /// Line `i`, decoded from the index and the raw bytes it was built from.
    pub fn line(&self, raw: &[u8], i: usize) -> Option<Line> {
        let p = *self.lines.get(i)?;
        let kind = LineKind::from_bits(p.meta);
        let at = p.at as usize;
        let (key, start) = if p.meta & HAS_KEY != 0 {
            let end = scan_string(raw, at).ok()?;
            let colon = skip_ws(raw, end);
            (p.at, skip_ws(raw, colon + 1))
        } else {
            (NO_KEY, at)
        };
        let end = match kind {
            LineKind::Str => scan_string(raw, start).ok()?,
            LineKind::Num => {
                start
                    + raw
                        .get(start..)?
                        .iter()
                        .position(|c| !matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                        .unwrap_or(raw.len() - start)
            }
            LineKind::Lit => start + if raw.get(start) == Some(&b'f') { 5 } else { 4 },
            LineKind::EmptyObj | LineKind::EmptyArr => skip_ws(raw, start + 1) + 1,
            _ => start + 1,
        };
        Some(Line {
            key,
            start: start as u32,
            len: (end - start) as u32,
            depth: p.meta >> DEPTH_SHIFT,
            link: self.link(i).map_or(NO_LINK, |l| l as u32),
            kind,
            comma: p.meta & COMMA != 0,
        })
    }

    /// Bytes of memory held.
    pub fn memory_bytes(&self) -> usize {
        self.lines.capacity() * std::mem::size_of::<Packed>()
            + self.blocks.capacity() * std::mem::size_of::<Block>()
            + (self.links.capacity() + self.kids.capacity()) * 4
            + self.many.capacity() * 12
    }

    /// Makes the tables the scanner leaves for the end: the 64-line blocks, and the children of
    /// the containers with many, given as (open, close) lines.
    pub(super) fn tables(&mut self, many: &mut [(u32, u32)]) {
        self.blocks = blocks_of(&self.lines);
        self.supers = supers_of(&self.blocks);
        many.sort_unstable_by_key(|m| m.0);
        self.many.clear();
        self.kids.clear();
        for &(open, close) in many.iter() {
            // Child to child over the partners: each line is stepped over once per container
            // with many children that holds it directly, so nesting costs nothing more.
            let first = self.kids.len() as u32;
            let mut j = open as usize + 1;
            while j < close as usize {
                self.kids.push(j as u32);
                j = self.after_value(j);
            }
            self.many
                .push((open, first, self.kids.len() as u32 - first));
        }
        self.kids.shrink_to_fit();
    }

    /// The first `n` lines as an index of their own, for showing a document still being read:
    /// brackets whose partner lies beyond have none.
    pub(super) fn head(&self, n: usize) -> Self {
        let n = n.min(self.lines.len());
        let lines = self.lines[..n].to_vec();
        let blocks = blocks_of(&lines);
        let supers = supers_of(&blocks);
        let brackets = lines
            .iter()
            .filter(|p| LineKind::from_bits(p.meta).is_bracket())
            .count();
        let links = self.links[..brackets.min(self.links.len())]
            .iter()
            .map(|&l| if (l as usize) < n { l } else { NO_LINK })
            .collect();
        Self {
            lines,
            blocks,
            supers,
            links,
            many: Vec::new(),
            kids: Vec::new(),
            complete: false,
        }
    }
}

/// The 64-line blocks of `lines`.
fn blocks_of(lines: &[Packed]) -> Vec<Block> {
    let mut rank = 0u32;
    lines
        .chunks(64)
        .map(|chunk| {
            let mut b = Block {
                rank,
                min_depth: u32::MAX,
                brackets: 0,
            };
            for (k, p) in chunk.iter().enumerate() {
                b.min_depth = b.min_depth.min(p.meta >> DEPTH_SHIFT);
                if LineKind::from_bits(p.meta).is_bracket() {
                    b.brackets |= 1 << k;
                }
            }
            rank += b.brackets.count_ones();
            b
        })
        .collect()
}

/// The lowest depth of each run of 64 blocks.
fn supers_of(blocks: &[Block]) -> Vec<u32> {
    blocks
        .chunks(64)
        .map(|run| run.iter().map(|b| b.min_depth).min().unwrap_or(u32::MAX))
        .collect()
}

/// Validates `b` as one JSON document and returns its lines.
pub fn index(b: &[u8]) -> Result<Index, IndexError> {
    let mut ix = Indexer::new(b.len());
    ix.feed(b);
    ix.finish().map(|(_, index)| index).map_err(|(_, e)| e)
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
