//! The saved pane (`o` in the left pane): saved requests of every collection, then recent history.
//! Enter opens one in the request pane; `R` renames and `D` (twice) deletes a saved request.

use crossterm::event::{KeyCode, KeyEvent};

use crate::core::collection::SavedRequest;

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
}

/// What a key asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing more.
    Handled,
    /// Open this request.
    Open(SavedRequest),
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
    /// The selected row.
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
    /// `D` was pressed once on this row.
    pub confirm_delete: Option<usize>,
}

impl SavedPane {
    /// Replaces the rows, keeping the selection in range.
    pub fn set(&mut self, items: Vec<SavedItem>) {
        self.items = items;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
        self.confirm_delete = None;
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

    /// Handles a key.
    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        let confirm = self.confirm_delete.take();
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(self.items.len().saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Enter => {
                return self
                    .items
                    .get(self.selected)
                    .map_or(Outcome::Handled, |i| Outcome::Open(i.request.clone()));
            }
            KeyCode::Char('R') => {
                if let Some(SavedItem {
                    collection: Some(c),
                    request,
                    ..
                }) = self.items.get(self.selected)
                {
                    return Outcome::Rename(c.clone(), request.full_name());
                }
            }
            KeyCode::Char('D') => {
                if let Some(SavedItem {
                    collection: Some(c),
                    request,
                    ..
                }) = self.items.get(self.selected)
                {
                    if confirm == Some(self.selected) {
                        return Outcome::Delete(c.clone(), request.full_name());
                    }
                    self.confirm_delete = Some(self.selected);
                }
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }
}
