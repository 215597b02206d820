//! The viewer's state over a [`Document`]: cursor, scroll, folds, search matches. Every move costs
//! O(lines moved), drawing O(height); nothing here re-reads the whole document except fold-all.

use std::collections::HashMap;
use std::sync::Arc;

use super::index::{Line, LineKind};
use super::search::Match;
use super::{Document, Piece};

/// How many values start in lines `from..to` at the level of `from` (a container counts once).
fn values_between(lines: &[Line], from: usize, to: usize) -> usize {
    let mut n = 0;
    let mut j = from;
    while j < to {
        n += 1;
        j = if lines[j].kind.is_open() {
            lines[j].link as usize + 1
        } else {
            j + 1
        };
    }
    n
}

/// The state of one viewer.
#[derive(Debug, Clone)]
pub struct Viewer {
    doc: Arc<Document>,
    folded: Vec<u64>,
    counts: HashMap<u32, usize>,
    /// The line under the cursor.
    pub cursor: usize,
    /// The first line on screen.
    pub top: usize,
    /// Columns scrolled to the right.
    pub hscroll: usize,
    height: usize,
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
            folded: vec![0; words],
            counts: HashMap::new(),
            cursor: 0,
            top: 0,
            hscroll: 0,
            height: 20,
            matches: Arc::new(Vec::new()),
            current_match: None,
        }
    }

    /// The document.
    pub fn doc(&self) -> &Arc<Document> {
        &self.doc
    }

    fn lines(&self) -> &[Line] {
        self.doc.json_lines().unwrap_or_default()
    }

    fn line(&self, i: usize) -> Option<&Line> {
        self.lines().get(i)
    }

    /// True when line `i` is a folded container.
    pub fn is_folded(&self, i: usize) -> bool {
        self.folded
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn set_folded(&mut self, i: usize, on: bool) {
        if on && !self.line(i).is_some_and(|l| l.kind.is_open()) {
            return;
        }
        if let Some(w) = self.folded.get_mut(i / 64) {
            if on {
                *w |= 1 << (i % 64);
            } else {
                *w &= !(1 << (i % 64));
            }
        }
        if on && !self.counts.contains_key(&(i as u32)) {
            let n = self.count_children(i);
            self.counts.insert(i as u32, n);
        }
    }

    /// Direct children of an open line.
    pub fn count_children(&self, open: usize) -> usize {
        let lines = self.lines();
        let Some(l) = lines.get(open) else { return 0 };
        values_between(lines, open + 1, l.link as usize)
    }

    /// The next visible line after `i`.
    pub fn next_visible(&self, i: usize) -> Option<usize> {
        let next = if self.is_folded(i) {
            self.line(i).map_or(i + 1, |l| l.link as usize + 1)
        } else {
            i + 1
        };
        (next < self.doc.len()).then_some(next)
    }

    /// The visible line before `i`.
    pub fn prev_visible(&self, i: usize) -> Option<usize> {
        let j = i.checked_sub(1)?;
        match self.line(j) {
            Some(l) if l.kind.is_close() && self.is_folded(l.link as usize) => {
                Some(l.link as usize)
            }
            _ => Some(j),
        }
    }

    /// Sets the number of rows on screen.
    pub fn set_height(&mut self, height: usize) {
        self.height = height.max(1);
        self.keep_cursor_on_screen();
    }

    fn keep_cursor_on_screen(&mut self) {
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
        self.cursor = match self.line(last) {
            Some(l) if l.kind.is_close() && self.is_folded(l.link as usize) => l.link as usize,
            _ => last,
        };
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
        let lines = self.lines();
        let mut i = i;
        if lines.get(i)?.kind.is_close() {
            i = lines[i].link as usize;
        }
        let depth = lines.get(i)?.depth;
        if depth == 0 {
            return None;
        }
        let mut k = i.checked_sub(1)?;
        loop {
            let l = lines[k];
            if l.kind.is_close() {
                k = (l.link as usize).checked_sub(1)?;
                continue;
            }
            if l.kind.is_open() && l.depth == depth - 1 {
                return Some(k);
            }
            k = k.checked_sub(1)?;
        }
    }

    /// Unfolds every container that hides line `i` (for a closing line, its own container too).
    pub fn reveal(&mut self, i: usize) {
        if let Some(l) = self.line(i).copied()
            && l.kind.is_close()
        {
            self.set_folded(l.link as usize, false);
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
        if let Some(l) = self.line(self.cursor).copied()
            && (l.kind.is_close() || (l.kind.is_open() && !self.is_folded(self.cursor)))
        {
            self.cursor = l.link as usize;
            self.keep_cursor_on_screen();
        }
    }

    /// Folds or unfolds the container at the cursor (a closing line or a scalar folds its container).
    pub fn toggle_fold(&mut self) {
        let Some(l) = self.line(self.cursor).copied() else {
            return;
        };
        let target = if l.kind.is_open() {
            self.cursor
        } else if l.kind.is_close() {
            l.link as usize
        } else {
            match self.parent_of(self.cursor) {
                Some(p) => p,
                None => return,
            }
        };
        let on = !self.is_folded(target);
        self.set_folded(target, on);
        self.cursor = target;
        self.keep_cursor_on_screen();
    }

    /// True when the cursor is on an open or folded container (Enter toggles it).
    pub fn on_container(&self) -> bool {
        self.line(self.cursor).is_some_and(|l| l.kind.is_open())
    }

    /// Folds every container at `depth` (0 is the root).
    pub fn fold_depth(&mut self, depth: u32) {
        let opens: Vec<usize> = self
            .lines()
            .iter()
            .enumerate()
            .filter(|(_, l)| l.kind.is_open() && l.depth == depth)
            .map(|(i, _)| i)
            .collect();
        let counts: Vec<(u32, usize)> = opens
            .iter()
            .filter(|i| !self.counts.contains_key(&(**i as u32)))
            .map(|&i| (i as u32, self.count_children(i)))
            .collect();
        self.counts.extend(counts);
        for i in opens {
            if let Some(w) = self.folded.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        }
        self.cursor = self.visible_ancestor(self.cursor);
        self.keep_cursor_on_screen();
    }

    /// Folds every container below the root.
    pub fn fold_all(&mut self) {
        self.fold_depth_from(1);
    }

    fn fold_depth_from(&mut self, min_depth: u32) {
        let lines = self.doc.json_lines().unwrap_or_default();
        // Child counts for every container in one backward pass: a container's count is known
        // when its open line is reached.
        let mut counts: Vec<(u32, usize)> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        for (i, l) in lines.iter().enumerate().rev() {
            if l.kind.is_close() {
                stack.push(0);
                continue;
            }
            if l.kind.is_open() {
                let n = stack.pop().unwrap_or(0);
                if l.depth >= min_depth {
                    counts.push((i as u32, n));
                    if let Some(w) = self.folded.get_mut(i / 64) {
                        *w |= 1 << (i % 64);
                    }
                }
            }
            if let Some(top) = stack.last_mut() {
                *top += 1;
            }
        }
        self.counts.extend(counts);
        self.cursor = self.visible_ancestor(self.cursor);
        self.keep_cursor_on_screen();
    }

    /// Unfolds everything.
    pub fn unfold_all(&mut self) {
        self.folded.iter_mut().for_each(|w| *w = 0);
        self.keep_cursor_on_screen();
    }

    /// The outermost folded container that hides `i`, or `i` itself when visible.
    fn visible_ancestor(&self, i: usize) -> usize {
        let mut shown = i;
        let mut cur = i;
        while let Some(p) = self.parent_of(cur) {
            if self.is_folded(p) {
                shown = p;
            }
            cur = p;
        }
        if let Some(l) = self.line(shown)
            && l.kind.is_close()
            && self.is_folded(l.link as usize)
        {
            return l.link as usize;
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
            let folded = self.is_folded(line).then(|| {
                self.counts
                    .get(&(line as u32))
                    .copied()
                    .unwrap_or_else(|| self.count_children(line))
            });
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
        if let Some(m) = self.matches.get(k) {
            self.current_match = Some(k);
            let line = m.line as usize;
            self.reveal(line);
            self.cursor = line;
            self.keep_cursor_on_screen();
        }
    }

    /// The next match (wrapping).
    pub fn next_match(&mut self) {
        if self.matches.is_empty() {
            return;
        }
        let k = self
            .current_match
            .map_or(0, |c| (c + 1) % self.matches.len());
        self.jump_to_match(k);
    }

    /// The previous match (wrapping).
    pub fn prev_match(&mut self) {
        if self.matches.is_empty() {
            return;
        }
        let n = self.matches.len();
        let k = self.current_match.map_or(n - 1, |c| (c + n - 1) % n);
        self.jump_to_match(k);
    }

    /// The value at the cursor, as the server sent it (a container: its whole text).
    pub fn value_at_cursor(&self) -> Option<String> {
        let i = match self.line(self.cursor) {
            Some(l) if l.kind.is_close() => l.link as usize,
            _ => self.cursor,
        };
        let text = self.doc.value_text(i)?;
        // Strings are copied decoded, without their quotes.
        match self.line(i).map(|l| l.kind) {
            Some(LineKind::Str) => serde_json::from_str::<String>(text).ok(),
            _ => Some(text.to_owned()),
        }
    }

    /// The jq-style path of the cursor's value: `.data[3].name`.
    pub fn path_at_cursor(&self) -> Option<String> {
        let lines = self.lines();
        if lines.is_empty() {
            return None;
        }
        let mut i = self.cursor;
        if lines.get(i)?.kind.is_close() {
            i = lines[i].link as usize;
        }
        let mut parts = Vec::new();
        while let Some(p) = self.parent_of(i) {
            if lines[p].kind == LineKind::OpenObj {
                let key = self
                    .doc
                    .key_text(&lines[i])
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
                let n = values_between(lines, p + 1, i);
                parts.push(format!("[{n}]"));
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
