//! The saved pane (`o` in the left pane): saved requests of every collection, then recent history.
//! `/` filters (fuzzily), Enter opens one in the request pane (a history entry also shows the
//! response it got), `R` renames and `D` (twice) deletes a saved request.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::core::collection::SavedRequest;
use crate::core::text::{Keep, terminal_safe};
use crate::tui::keymap::Action;
use crate::tui::theme::{Role, role};
use crate::tui::widgets::line_input::{FilterKey, LineInput, filter_key};

/// What history recorded of the response a sent request got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Unix time of the send.
    pub time: i64,
    /// HTTP status (0: the request failed in transport).
    pub status: u16,
    /// Milliseconds taken.
    pub duration_ms: u64,
    /// The whole body's size.
    pub size: usize,
    /// The start of the body.
    pub preview: String,
    /// Where the history kept the whole body, when it did.
    pub body_file: Option<String>,
    /// The preview is the whole body (it was short).
    pub preview_whole: bool,
}

/// One row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedItem {
    /// The collection (`None`: a history entry).
    pub collection: Option<String>,
    /// The request.
    pub request: SavedRequest,
    /// What the row shows.
    pub label: String,
    /// The collection's variables.
    pub variables: std::collections::BTreeMap<String, String>,
    /// For a history entry, what came back.
    pub recorded: Option<Recorded>,
}

/// What a key asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing more.
    Handled,
    /// Open this row.
    Open(Box<SavedItem>),
    /// Rename (collection, old full name).
    Rename(String, String),
    /// Delete (collection, full name).
    Delete(String, String),
    /// Not this pane's key.
    Ignored,
}

/// The pane's state.
#[derive(Debug, Clone, Default)]
pub struct SavedPane {
    /// The rows.
    pub items: Vec<SavedItem>,
    /// The filter text.
    pub filter: LineInput,
    /// Typing goes to the filter.
    pub filtering: bool,
    /// The rows the filter lets through (indices into `items`), best match first.
    shown: Vec<usize>,
    /// The selected row, among those shown.
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
    /// `D` was pressed once on this row (an index into `items`).
    pub confirm_delete: Option<usize>,
}

impl SavedPane {
    /// Replaces the rows, keeping the filter and the selection in range.
    pub fn set(&mut self, items: Vec<SavedItem>) {
        // The row selected stays selected when the list is read again (a new send comes first).
        let key = |it: &SavedItem| {
            (
                it.collection.clone(),
                it.label.clone(),
                it.recorded.as_ref().map(|r| r.time),
            )
        };
        let was = self
            .shown
            .get(self.selected)
            .and_then(|&i| self.items.get(i))
            .map(key);
        let keep = self.selected;
        self.items = items;
        self.confirm_delete = None;
        self.refilter();
        let again = was.and_then(|k| {
            self.shown
                .iter()
                .position(|&i| self.items.get(i).map(key).as_ref() == Some(&k))
        });
        self.selected = again.unwrap_or(keep.min(self.shown.len().saturating_sub(1)));
    }

    fn refilter(&mut self) {
        let mut q = crate::core::fuzzy::Query::new(&self.filter.text());
        self.shown = if q.is_empty() {
            (0..self.items.len()).collect()
        } else {
            let mut hits: Vec<(u32, usize)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| {
                    let long = it.collection.as_deref().unwrap_or("history");
                    q.score(&it.label, long).map(|s| (s, i))
                })
                .collect();
            hits.sort_by_key(|&(s, i)| (std::cmp::Reverse(s), i));
            hits.into_iter().map(|(_, i)| i).collect()
        };
        self.selected = 0;
        self.offset = 0;
    }

    /// The rows shown, in order.
    pub fn shown(&self) -> impl Iterator<Item = &SavedItem> {
        self.shown.iter().filter_map(|&i| self.items.get(i))
    }

    /// The number of rows shown.
    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    /// The selected row.
    pub fn selected_item(&self) -> Option<&SavedItem> {
        self.items.get(*self.shown.get(self.selected)?)
    }

    /// Keeps the selection inside `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let h = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.shown.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Selects the row at `row` on screen (a mouse click); a click on the selected row opens it.
    pub fn click(&mut self, row: usize) -> Outcome {
        let i = self.offset + row;
        if i >= self.shown.len() {
            return Outcome::Handled;
        }
        if i == self.selected {
            self.filtering = false;
            return self.open();
        }
        self.selected = i;
        self.confirm_delete = None;
        Outcome::Handled
    }

    fn open(&self) -> Outcome {
        self.selected_item()
            .map_or(Outcome::Handled, |i| Outcome::Open(Box::new(i.clone())))
    }

    /// Runs an action of the key table; `page` is the number of rows on screen.
    pub fn on_action(&mut self, action: Action, page: usize) -> Outcome {
        let confirm = self.confirm_delete.take();
        let page = page.max(1) as isize;
        let index = self.shown.get(self.selected).copied();
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = self.shown.len().saturating_sub(1),
            Action::Find => self.filtering = true,
            Action::Open => return self.open(),
            Action::Rename => {
                if let Some(SavedItem {
                    collection: Some(c),
                    request,
                    ..
                }) = self.selected_item()
                {
                    return Outcome::Rename(c.clone(), request.full_name());
                }
            }
            Action::Delete => {
                if let Some(SavedItem {
                    collection: Some(c),
                    request,
                    ..
                }) = self.selected_item()
                {
                    if confirm.is_some() && confirm == index {
                        return Outcome::Delete(c.clone(), request.full_name());
                    }
                    self.confirm_delete = index;
                }
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }

    /// A key while the filter is typed: ↑↓ (Ctrl-P/N) still move, Enter opens, Esc clears.
    pub fn filter_key(&mut self, key: KeyEvent) -> Outcome {
        match filter_key(&mut self.filter, key) {
            FilterKey::Cleared => {
                self.filtering = false;
                self.refilter();
            }
            FilterKey::Submitted => {
                self.filtering = false;
                return self.open();
            }
            FilterKey::Changed => self.refilter(),
            FilterKey::Move(d) => self.move_by(d),
            FilterKey::Nothing => {}
            FilterKey::Ignored => return Outcome::Ignored,
        }
        Outcome::Handled
    }

    /// Leaves the filter (Esc when not typing): every row again.
    pub fn clear_filter(&mut self) -> bool {
        if self.filter.is_empty() && !self.filtering {
            return false;
        }
        self.filtering = false;
        self.filter = LineInput::default();
        self.refilter();
        true
    }

    /// Pasted text goes to the filter when filtering.
    pub fn paste(&mut self, s: &str) {
        if self.filtering {
            self.filter.paste(s);
            self.refilter();
        }
    }
}

/// Draws the pane: only the rows that fit.
pub fn draw(p: &SavedPane, f: &mut Frame, area: Rect, focused: bool) {
    let inner_h = crate::tui::layout::list_rows(area);
    let dim = Style::default().fg(role(Role::Muted));
    let lines: Vec<Line> = if p.items.is_empty() {
        vec![Line::from(Span::styled(
            "Nothing saved yet. s saves the request; sends show up here.",
            dim,
        ))]
    } else if p.shown.is_empty() {
        let what = terminal_safe(&p.filter.text(), Keep::Nothing).into_owned();
        vec![Line::from(Span::styled(
            format!("nothing matches '{what}': Backspace edits the filter, Esc clears it"),
            Style::default().fg(role(Role::Warning)),
        ))]
    } else {
        p.shown()
            .enumerate()
            .skip(p.offset)
            .take(inner_h)
            .map(|(i, item)| {
                let mut st = if item.collection.is_none() {
                    dim
                } else {
                    Style::default()
                };
                if i == p.selected {
                    st = if focused {
                        Style::default()
                            .bg(role(Role::SelectionBg))
                            .fg(role(Role::SelectionFg))
                    } else {
                        st.add_modifier(Modifier::REVERSED)
                    };
                }
                Line::from(Span::styled(
                    terminal_safe(&item.label, Keep::Nothing).into_owned(),
                    st,
                ))
            })
            .collect()
    };
    let title = if p.filtering {
        " Saved / ".to_owned()
    } else if !p.filter.is_empty() {
        format!(
            " Saved / {} ({} of {}) ",
            terminal_safe(&p.filter.text(), Keep::Nothing),
            p.shown.len(),
            p.items.len()
        )
    } else {
        // The keys when they fit, else the name alone (? lists them).
        [
            " Saved & history (/ filter · o endpoints · R rename · D delete) ",
            " Saved & history (/ filter) ",
            " Saved & history ",
        ]
        .into_iter()
        .find(|t| t.chars().count() + 2 <= usize::from(area.width))
        .unwrap_or(" Saved ")
        .to_owned()
    };
    let block = crate::tui::widgets::style::block(title, focused);
    f.render_widget(Paragraph::new(lines).block(block), area);
    if p.filtering {
        // The filter is typed in the title row, in the one line editor.
        let x = area.x + 10;
        let w = area.width.saturating_sub(12);
        f.render_widget(
            Paragraph::new(p.filter.line(w, true)),
            Rect::new(x, area.y, w, 1),
        );
    }
}

#[cfg(test)]
#[path = "saved_tests.rs"]
mod tests;
