//! The one single-line editor: request rows, the URL, prompts, filters, the jq prompt. Readline
//! keys (Ctrl-A/E/U/K/W/Y, Alt-B/F/D), paste, and a window that keeps the cursor in view.

use std::cell::Cell;

use crate::tui::theme::{Role, role};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// What a key did to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputOutcome {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// Enter.
    Submit,
    /// Esc.
    Cancel,
    /// Not a key of the field (↑, ↓, Tab, F-keys, Ctrl-S…): the owner may use it.
    Ignored,
}

/// A one-line text field.
#[derive(Debug, Clone, Default)]
pub struct LineInput {
    chars: Vec<char>,
    cursor: usize,
    killed: String,
    scroll: Cell<usize>,
    /// The whole text is selected, as a suggestion: typing replaces it, a movement key keeps it.
    selected: bool,
}

impl PartialEq for LineInput {
    fn eq(&self, other: &Self) -> bool {
        self.chars == other.chars && self.cursor == other.cursor && self.selected == other.selected
    }
}

impl Eq for LineInput {}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn width(c: char) -> usize {
    c.width().unwrap_or(0)
}

impl LineInput {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: impl Into<String>) -> Self {
        let mut i = Self::default();
        i.set_text(text);
        i
    }

    /// A field suggesting `text`, all of it selected: typing or pasting replaces it, Backspace
    /// clears it, and a movement key keeps it for editing.
    pub fn suggested(text: impl Into<String>) -> Self {
        let mut i = Self::new(text);
        i.selected = !i.chars.is_empty();
        i
    }

    /// True while the suggested text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// The text.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set_text(&mut self, text: impl Into<String>) {
        self.chars = text.into().chars().collect();
        self.cursor = self.chars.len();
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    fn word_left(&self) -> usize {
        let mut i = self.cursor;
        while i > 0 && !is_word(self.chars[i - 1]) {
            i -= 1;
        }
        while i > 0 && is_word(self.chars[i - 1]) {
            i -= 1;
        }
        i
    }

    fn word_right(&self) -> usize {
        let mut i = self.cursor;
        let n = self.chars.len();
        while i < n && !is_word(self.chars[i]) {
            i += 1;
        }
        while i < n && is_word(self.chars[i]) {
            i += 1;
        }
        i
    }

    fn kill(&mut self, from: usize, to: usize) -> InputOutcome {
        if from == to {
            return InputOutcome::Moved;
        }
        self.killed = self.chars.drain(from..to).collect();
        self.cursor = from;
        InputOutcome::Changed
    }

    fn insert(&mut self, s: &str) {
        for c in s.chars() {
            self.chars.insert(self.cursor, c);
            self.cursor += 1;
        }
    }

    /// Handles a key.
    pub fn handle_key(&mut self, key: KeyEvent) -> InputOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if std::mem::take(&mut self.selected) {
            match key.code {
                KeyCode::Enter | KeyCode::Esc => {}
                KeyCode::Backspace | KeyCode::Delete => {
                    self.set_text("");
                    return InputOutcome::Changed;
                }
                KeyCode::Char(_) if !ctrl && !alt => self.set_text(""),
                KeyCode::Char('y') if ctrl => self.set_text(""),
                _ => {}
            }
        }
        let n = self.chars.len();
        let before = self.cursor;
        match key.code {
            KeyCode::Enter => return InputOutcome::Submit,
            KeyCode::Esc => return InputOutcome::Cancel,
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = n,
            KeyCode::Char('b') if ctrl => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Char('f') if ctrl => self.cursor = (self.cursor + 1).min(n),
            KeyCode::Char('b') if alt => self.cursor = self.word_left(),
            KeyCode::Char('f') if alt => self.cursor = self.word_right(),
            KeyCode::Left if ctrl || alt => self.cursor = self.word_left(),
            KeyCode::Right if ctrl || alt => self.cursor = self.word_right(),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(n),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = n,
            KeyCode::Char('u') if ctrl => return self.kill(0, self.cursor),
            KeyCode::Char('k') if ctrl => return self.kill(self.cursor, n),
            KeyCode::Char('w') if ctrl => return self.kill(self.word_left(), self.cursor),
            KeyCode::Backspace if alt => return self.kill(self.word_left(), self.cursor),
            KeyCode::Char('d') if alt => return self.kill(self.cursor, self.word_right()),
            KeyCode::Char('y') if ctrl => {
                let k = self.killed.clone();
                self.insert(&k);
                return InputOutcome::Changed;
            }
            KeyCode::Backspace | KeyCode::Char('h') if key.code == KeyCode::Backspace || ctrl => {
                if self.cursor == 0 {
                    return InputOutcome::Moved;
                }
                self.cursor -= 1;
                self.chars.remove(self.cursor);
                return InputOutcome::Changed;
            }
            KeyCode::Delete | KeyCode::Char('d') if key.code == KeyCode::Delete || ctrl => {
                if self.cursor < n {
                    self.chars.remove(self.cursor);
                    return InputOutcome::Changed;
                }
                return InputOutcome::Moved;
            }
            KeyCode::Char(c) if !ctrl && !alt => {
                self.insert(&c.to_string());
                return InputOutcome::Changed;
            }
            _ => return InputOutcome::Ignored,
        }
        let _ = before;
        InputOutcome::Moved
    }

    /// Inserts pasted text at the cursor: line breaks and tabs become spaces, other control
    /// characters are dropped.
    pub fn paste(&mut self, s: &str) {
        if std::mem::take(&mut self.selected) {
            self.set_text("");
        }
        let clean: String = s
            .trim_end_matches(['\n', '\r'])
            .chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        self.insert(&clean);
    }

    /// The first character shown in `cols` columns: the window moves only as far as it must to
    /// keep the cursor (and one column after it) in view.
    fn window(&self, cols: usize) -> usize {
        let cols = cols.max(2);
        let mut first = self.scroll.get().min(self.cursor);
        // Columns from `first` to the cursor, plus the cursor's own cell.
        let span = |from: usize| -> usize {
            self.chars[from..self.cursor]
                .iter()
                .map(|c| width(*c))
                .sum::<usize>()
                + 1
        };
        // A leading `…` takes a column once the text is scrolled.
        while first < self.cursor && span(first) + usize::from(first > 0) > cols {
            first += 1;
        }
        self.scroll.set(first);
        first
    }

    /// The screen column of the cursor within a window of `cols` columns.
    pub fn cursor_column(&self, cols: u16) -> u16 {
        let first = self.window(usize::from(cols));
        let w: usize = self.chars[first..self.cursor]
            .iter()
            .map(|c| width(*c))
            .sum();
        (w + usize::from(first > 0)) as u16
    }

    /// The visible part of the text in `cols` columns, the cursor cell reversed when `focused`.
    pub fn line(&self, cols: u16, focused: bool) -> Line<'static> {
        let cols = usize::from(cols);
        if cols == 0 {
            return Line::default();
        }
        let first = self.window(cols);
        let mut spans = Vec::new();
        let mut used = 0;
        if first > 0 {
            spans.push(Span::raw("…"));
            used += 1;
        }
        let mut text = String::new();
        let mut i = first;
        while i < self.chars.len() && i < self.cursor {
            let c = self.chars[i];
            if used + width(c) > cols {
                break;
            }
            used += width(c);
            text.push(crate::core::text::printable(c));
            i += 1;
        }
        if self.selected && focused {
            // The suggestion, shown as a selection (the cursor is at its end).
            spans.push(Span::styled(
                text,
                Style::default()
                    .bg(role(Role::SelectionBg))
                    .fg(role(Role::SelectionFg)),
            ));
        } else {
            spans.push(Span::raw(text));
        }
        let cursor_style = Style::default().add_modifier(Modifier::REVERSED);
        if i == self.cursor && used < cols {
            let (c, w) = self.chars.get(i).map_or((' ', 1), |c| {
                (crate::core::text::printable(*c), width(*c).max(1))
            });
            if focused {
                spans.push(Span::styled(c.to_string(), cursor_style));
            } else {
                spans.push(Span::raw(c.to_string()));
            }
            used += w;
            i += 1;
            let mut rest = String::new();
            while i < self.chars.len() {
                let c = self.chars[i];
                if used + width(c) > cols {
                    break;
                }
                used += width(c);
                rest.push(crate::core::text::printable(c));
                i += 1;
            }
            spans.push(Span::raw(rest));
        }
        Line::from(spans)
    }
}

/// What a key did to a list's filter while it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    /// Esc: the filter is emptied; the list shows everything again.
    Cleared,
    /// Enter: open the selected row.
    Submitted,
    /// The text changed: filter again.
    Changed,
    /// Move the selection by this many rows (↑↓, Ctrl-P/N).
    Move(isize),
    /// The cursor moved inside the text.
    Nothing,
    /// Not a key of the filter.
    Ignored,
}

/// A key for a list's filter (the endpoint and saved lists share it).
pub fn filter_key(input: &mut LineInput, key: KeyEvent) -> FilterKey {
    match input.handle_key(key) {
        InputOutcome::Cancel => {
            *input = LineInput::default();
            FilterKey::Cleared
        }
        InputOutcome::Submit => FilterKey::Submitted,
        InputOutcome::Changed => FilterKey::Changed,
        InputOutcome::Moved => FilterKey::Nothing,
        InputOutcome::Ignored => list_move(&key).map_or(FilterKey::Ignored, FilterKey::Move),
    }
}

/// The move a key asks for in a list while its filter is typed: ↓ and Ctrl-N go down, ↑ and
/// Ctrl-P up (the endpoint, saved and switcher lists share it).
pub fn list_move(key: &KeyEvent) -> Option<isize> {
    use crossterm::event::{KeyCode, KeyModifiers};
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Down => Some(1),
        KeyCode::Up => Some(-1),
        KeyCode::Char('n') if ctrl => Some(1),
        KeyCode::Char('p') if ctrl => Some(-1),
        _ => None,
    }
}

/// A prompt line: `label`, the field scrolled into what is left of `width`, then a dim `tail`.
pub fn prompt_line(label: &str, input: &LineInput, tail: &str, width: u16) -> Line<'static> {
    let room = width.saturating_sub((label.chars().count() + tail.chars().count()) as u16);
    let mut l = Line::from(Span::styled(
        label.to_owned(),
        Style::default().fg(role(Role::Warning)),
    ));
    l.spans.extend(input.line(room, true).spans);
    l.spans.push(Span::styled(
        tail.to_owned(),
        Style::default().fg(role(Role::Muted)),
    ));
    l
}

#[cfg(test)]
#[path = "line_input_tests.rs"]
mod tests;
