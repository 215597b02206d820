//! The viewer's state over a [`Document`]: cursor, scroll, folds, search matches. Every move and
//! every fold costs O(lines moved or drawn), never O(document): folds are a rule (none, every
//! container from a depth, every container at a depth) and the containers the user flipped.

use std::sync::Arc;

use super::index::{Index, LineKind};
use super::search::Match;
use super::{Document, Piece};

/// Which containers are folded before the user's own flips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// None.
    Open,
    /// Every container at this depth or deeper.
    From(u32),
    /// Every container at this depth.
    At(u32),
}

impl Rule {
    fn folds(self, depth: u32) -> bool {
        match self {
            Self::Open => false,
            Self::From(d) => depth >= d,
            Self::At(d) => depth == d,
        }
    }
}

/// The state of one viewer.
#[derive(Debug, Clone)]
pub struct Viewer {
    doc: Arc<Document>,
    rule: Rule,
    /// Containers folded or unfolded against the rule, a bit per line.
    flipped: Vec<u64>,
    /// How many bits of `flipped` are set.
    flips: usize,
    /// The line under the cursor.
    pub cursor: usize,
    /// The first line on screen.
    pub top: usize,
    /// Columns scrolled to the right.
    pub hscroll: usize,
    height: usize,
    /// Columns on screen (0: not known yet).
    width: usize,
    matches: Arc<Vec<Match>>,
    current_match: Option<usize>,
}

/// Whether a line holds a search match, and whether it is the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// No match.
    None,
    /// A match.
    Match,
    /// The current match.
    Current,
}

/// One row to draw.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// The document line.
    pub line: usize,
    /// Its pieces, clipped to the window.
    pub pieces: Vec<Piece<'a>>,
    /// Under the cursor.
    pub cursor: bool,
    /// Search state.
    pub hit: Hit,
}

impl Viewer {
    /// A viewer at the top of `doc`, nothing folded.
    pub fn new(doc: Arc<Document>) -> Self {
        let words = doc.len().div_ceil(64);
        Self {
            doc,
            rule: Rule::Open,
            flipped: vec![0; words],
            flips: 0,
            cursor: 0,
            top: 0,
            hscroll: 0,
            height: 20,
            width: 0,
            matches: Arc::new(Vec::new()),
            current_match: None,
        }
    }

    /// The document.
    pub fn doc(&self) -> &Arc<Document> {
        &self.doc
    }

    /// Shows the whole document where the first lines of it were shown, keeping the cursor,
    /// the scroll and the folds (line numbers do not change as a document is read).
    pub fn grow(&mut self, doc: Arc<Document>) {
        self.flipped.resize(doc.len().div_ceil(64), 0);
        self.doc = doc;
        // Containers that closed beyond the first lines now fold by the rule: a cursor inside
        // one moves to it.
        self.cursor = self.visible_ancestor(self.cursor);
        self.keep_cursor_on_screen();
    }

    fn ix(&self) -> Option<&Index> {
        self.doc.json_index()
    }

    fn kind(&self, i: usize) -> Option<LineKind> {
        self.ix()?.kind(i)
    }

    fn link(&self, i: usize) -> Option<usize> {
        self.ix()?.link(i)
    }

    fn flipped(&self, i: usize) -> bool {
        self.flipped
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// True when line `i` is a folded container.
    pub fn is_folded(&self, i: usize) -> bool {
        let Some(ix) = self.ix() else {
            return false;
        };
        ix.kind(i).is_some_and(LineKind::is_open)
            && ix.link(i).is_some()
            && (self.rule.folds(ix.depth(i)) != self.flipped(i))
    }

    fn set_folded(&mut self, i: usize, on: bool) {
        let foldable = self.kind(i).is_some_and(LineKind::is_open) && self.link(i).is_some();
        if !foldable || self.is_folded(i) == on {
            return;
        }
        if let Some(w) = self.flipped.get_mut(i / 64) {
            *w ^= 1 << (i % 64);
            if *w & (1 << (i % 64)) != 0 {
                self.flips += 1;
            } else {
                self.flips -= 1;
            }
        }
    }

    /// Direct children of an open line.
    pub fn count_children(&self, open: usize) -> usize {
        self.ix().map_or(0, |ix| ix.count_children(open))
    }

    /// The next visible line after `i`.
    pub fn next_visible(&self, i: usize) -> Option<usize> {
        let next = match self.link(i) {
            Some(close) if self.is_folded(i) => close + 1,
            _ => i + 1,
        };
        (next < self.doc.len()).then_some(next)
    }

    /// The visible line before `i`.
    pub fn prev_visible(&self, i: usize) -> Option<usize> {
        let j = i.checked_sub(1)?;
        if self.kind(j).is_some_and(LineKind::is_close)
            && let Some(open) = self.link(j)
            && self.is_folded(open)
        {
            return Some(open);
        }
        Some(j)
    }

    /// Sets the number of rows on screen.
    pub fn set_height(&mut self, height: usize) {
        self.height = height.max(1);
        self.keep_cursor_on_screen();
    }

    /// Columns on screen (0: not known).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Columns on screen, so that a match far to the right is scrolled into view.
    pub fn set_width(&mut self, width: usize) {
        self.width = width;
    }

    fn keep_cursor_on_screen(&mut self) {
        // A fold may have hidden the first line on screen: start at what hides it.
        if self.rule != Rule::Open || self.flips > 0 {
            self.top = self.visible_ancestor(self.top);
        }
        if self.cursor < self.top {
            self.top = self.cursor;
            return;
        }
        let mut row = self.top;
        for _ in 1..self.height {
            if row >= self.cursor {
                return;
            }
            match self.next_visible(row) {
                Some(n) => row = n,
                None => return,
            }
        }
        if row >= self.cursor {
            return;
        }
        // Far below: put the cursor on the last row.
        let mut top = self.cursor;
        for _ in 1..self.height {
            match self.prev_visible(top) {
                Some(p) => top = p,
                None => break,
            }
        }
        self.top = top;
    }

    /// Moves the cursor down `n` visible lines.
    pub fn down(&mut self, n: usize) {
        for _ in 0..n {
            match self.next_visible(self.cursor) {
                Some(next) => self.cursor = next,
                None => break,
            }
        }
        self.keep_cursor_on_screen();
    }

    /// Moves the cursor up `n` visible lines.
    pub fn up(&mut self, n: usize) {
        for _ in 0..n {
            match self.prev_visible(self.cursor) {
                Some(p) => self.cursor = p,
                None => break,
            }
        }
        self.keep_cursor_on_screen();
    }

    /// One screen down.
    pub fn page_down(&mut self) {
        self.down(self.height.saturating_sub(1).max(1));
    }

    /// One screen up.
    pub fn page_up(&mut self) {
        self.up(self.height.saturating_sub(1).max(1));
    }

    /// The first line.
    pub fn home(&mut self) {
        self.cursor = 0;
        self.top = 0;
    }

    /// The last visible line.
    pub fn end(&mut self) {
        let last = self.doc.len().saturating_sub(1);
        self.cursor = self.visible_ancestor(last);
        self.keep_cursor_on_screen();
    }

    /// Goes to a 1-based line number, unfolding what hides it.
    pub fn goto_line(&mut self, n: usize) {
        let i = n.saturating_sub(1).min(self.doc.len().saturating_sub(1));
        self.reveal(i);
        self.cursor = i;
        self.keep_cursor_on_screen();
    }

    /// Scrolls right or left.
    pub fn scroll_horizontal(&mut self, delta: isize) {
        self.hscroll = self.hscroll.saturating_add_signed(delta);
    }

    /// The open line enclosing line `i`.
    pub fn parent_of(&self, i: usize) -> Option<usize> {
        self.ix()?.parent(i)
    }

    /// Unfolds every container that hides line `i` (for a closing line, its own container too).
    pub fn reveal(&mut self, i: usize) {
        if self.kind(i).is_some_and(LineKind::is_close)
            && let Some(open) = self.link(i)
        {
            self.set_folded(open, false);
        }
        let mut cur = i;
        while let Some(p) = self.parent_of(cur) {
            self.set_folded(p, false);
            cur = p;
        }
    }

    /// Moves to the enclosing container.
    pub fn parent(&mut self) {
        if let Some(p) = self.parent_of(self.cursor) {
            self.cursor = p;
            self.keep_cursor_on_screen();
        }
    }

    /// Jumps between an opening bracket and its match.
    pub fn matching_bracket(&mut self) {
        let Some(kind) = self.kind(self.cursor) else {
            return;
        };
        if (kind.is_close() || (kind.is_open() && !self.is_folded(self.cursor)))
            && let Some(other) = self.link(self.cursor)
        {
            self.cursor = other;
            self.keep_cursor_on_screen();
        }
    }

    /// Folds or unfolds the container at the cursor (a closing line or a scalar folds its container).
    pub fn toggle_fold(&mut self) {
        let Some(kind) = self.kind(self.cursor) else {
            return;
        };
        let target = if kind.is_open() {
            Some(self.cursor)
        } else if kind.is_close() {
            self.link(self.cursor)
        } else {
            self.parent_of(self.cursor)
        };
        let Some(target) = target else { return };
        if self.link(target).is_none() {
            // Still being read: its end is not known yet.
            return;
        }
        let on = !self.is_folded(target);
        self.set_folded(target, on);
        self.cursor = target;
        self.keep_cursor_on_screen();
    }

    /// True when the cursor is on an open or folded container (Enter toggles it).
    pub fn on_container(&self) -> bool {
        self.kind(self.cursor).is_some_and(LineKind::is_open)
    }

    fn set_rule(&mut self, rule: Rule) {
        self.rule = rule;
        self.flipped.iter_mut().for_each(|w| *w = 0);
        self.flips = 0;
        self.cursor = self.visible_ancestor(self.cursor);
        self.keep_cursor_on_screen();
    }

    /// Folds every container at `depth` (0 is the root), and no other.
    pub fn fold_depth(&mut self, depth: u32) {
        self.set_rule(Rule::At(depth));
    }

    /// Folds every container below the root.
    pub fn fold_all(&mut self) {
        self.set_rule(Rule::From(1));
    }

    /// Unfolds everything.
    pub fn unfold_all(&mut self) {
        self.set_rule(Rule::Open);
    }

    /// The outermost folded container that hides `i`, or `i` itself when visible.
    fn visible_ancestor(&self, i: usize) -> usize {
        let mut shown = i;
        if self.kind(i).is_some_and(LineKind::is_close)
            && let Some(open) = self.link(i)
            && self.is_folded(open)
        {
            shown = open;
        }
        let mut cur = i;
        while let Some(p) = self.parent_of(cur) {
            if self.is_folded(p) {
                shown = p;
            }
            cur = p;
        }
        shown
    }

    /// The rows to draw, `width` columns wide.
    pub fn rows(&self, width: usize) -> Vec<Row<'_>> {
        let mut out = Vec::with_capacity(self.height);
        let mut i = Some(self.top);
        while let Some(line) = i {
            if out.len() >= self.height || line >= self.doc.len() {
                break;
            }
            let folded = self.is_folded(line).then(|| self.count_children(line));
            out.push(Row {
                line,
                pieces: self.doc.render(line, folded, self.hscroll, width),
                cursor: line == self.cursor,
                hit: self.hit(line),
            });
            i = self.next_visible(line);
        }
        out
    }

    fn hit(&self, line: usize) -> Hit {
        if self.matches.is_empty() {
            return Hit::None;
        }
        let pos = self.matches.partition_point(|m| (m.line as usize) < line);
        match self.matches.get(pos) {
            Some(m) if m.line as usize == line => {
                if self
                    .current_match
                    .and_then(|c| self.matches.get(c))
                    .is_some_and(|c| c.line as usize == line)
                {
                    Hit::Current
                } else {
                    Hit::Match
                }
            }
            _ => Hit::None,
        }
    }

    /// Installs search results and moves to the first match at or after the cursor.
    pub fn set_matches(&mut self, matches: Arc<Vec<Match>>) {
        self.matches = matches;
        self.current_match = None;
        if !self.matches.is_empty() {
            let from = self
                .matches
                .partition_point(|m| (m.line as usize) < self.cursor);
            self.jump_to_match(if from < self.matches.len() { from } else { 0 });
        }
    }

    /// Clears the search.
    pub fn clear_matches(&mut self) {
        self.matches = Arc::new(Vec::new());
        self.current_match = None;
    }

    /// Number of matches, and the current one (1-based).
    pub fn match_status(&self) -> (usize, Option<usize>) {
        (self.matches.len(), self.current_match.map(|c| c + 1))
    }

    fn jump_to_match(&mut self, k: usize) {
        if let Some((line, start, len)) = self
            .matches
            .get(k)
            .map(|m| (m.line as usize, m.start as usize, m.len as usize))
        {
            self.current_match = Some(k);
            self.reveal(line);
            self.cursor = line;
            self.keep_cursor_on_screen();
            if let Some(col) = self.doc.column_of(line, start)
                && self.width > 0
            {
                // In view as it is, else from the left edge, else a third in from the left.
                let end = col + len;
                if col < self.hscroll || end > self.hscroll + self.width {
                    self.hscroll = if end <= self.width {
                        0
                    } else {
                        col.saturating_sub(self.width / 3)
                    };
                }
            }
        }
    }

    /// True when the cursor is on the current match (else it moved away from it).
    fn on_current(&self) -> Option<usize> {
        self.current_match.filter(|&c| {
            self.matches
                .get(c)
                .is_some_and(|m| m.line as usize == self.cursor)
        })
    }

    /// The next match after the cursor (wrapping), as `n` in vim and less.
    pub fn next_match(&mut self) {
        let n = self.matches.len();
        if n == 0 {
            return;
        }
        let k = match self.on_current() {
            Some(c) => (c + 1) % n,
            None => {
                let after = self
                    .matches
                    .partition_point(|m| m.line as usize <= self.cursor);
                if after < n { after } else { 0 }
            }
        };
        self.jump_to_match(k);
    }

    /// The previous match before the cursor (wrapping).
    pub fn prev_match(&mut self) {
        let n = self.matches.len();
        if n == 0 {
            return;
        }
        let k = match self.on_current() {
            Some(c) => (c + n - 1) % n,
            None => self
                .matches
                .partition_point(|m| (m.line as usize) < self.cursor)
                .checked_sub(1)
                .unwrap_or(n - 1),
        };
        self.jump_to_match(k);
    }

    /// The value at the cursor, as the server sent it (a container: its whole text).
    pub fn value_at_cursor(&self) -> Option<String> {
        let i = match self.kind(self.cursor)? {
            k if k.is_close() => self.link(self.cursor)?,
            _ => self.cursor,
        };
        let text = self.doc.value_text(i)?;
        // Strings are copied decoded, without their quotes.
        match self.kind(i) {
            Some(LineKind::Str) => serde_json::from_str::<String>(text).ok(),
            _ => Some(text.to_owned()),
        }
    }

    /// The jq-style path of the cursor's value: `.data[3].name`.
    pub fn path_at_cursor(&self) -> Option<String> {
        let ix = self.ix()?;
        if ix.is_empty() {
            return None;
        }
        let mut i = self.cursor;
        if ix.kind(i)?.is_close() {
            i = ix.link(i)?;
        }
        let mut parts = Vec::new();
        while let Some(p) = ix.parent(i) {
            if ix.kind(p) == Some(LineKind::OpenObj) {
                let key = self
                    .doc
                    .line(i)
                    .and_then(|l| self.doc.key_text(&l))
                    .and_then(|k| serde_json::from_str::<String>(k).ok())
                    .unwrap_or_default();
                let plain = !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !key.starts_with(|c: char| c.is_ascii_digit());
                parts.push(if plain {
                    format!(".{key}")
                } else {
                    format!("[{}]", serde_json::Value::String(key))
                });
            } else {
                parts.push(format!("[{}]", ix.sibling_index(p, i)));
            }
            i = p;
        }
        parts.reverse();
        let path = parts.concat();
        Some(if path.is_empty() {
            ".".to_owned()
        } else {
            path
        })
    }
}
