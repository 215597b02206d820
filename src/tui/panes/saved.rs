//! The saved pane (`o` in the left pane): saved requests of every collection, then recent history.
//! Enter opens one in the request pane; `R` renames and `D` (twice) deletes a saved request.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::keymap::Action;

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

    /// Runs an action of the key table.
    pub fn on_action(&mut self, action: Action) -> Outcome {
        let confirm = self.confirm_delete.take();
        let last = self.items.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Open => {
                return self
                    .items
                    .get(self.selected)
                    .map_or(Outcome::Handled, |i| Outcome::Open(i.request.clone()));
            }
            Action::Rename => {
                if let Some(SavedItem {
                    collection: Some(c),
                    request,
                    ..
                }) = self.items.get(self.selected)
                {
                    return Outcome::Rename(c.clone(), request.full_name());
                }
            }
            Action::Delete => {
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

/// Draws the pane: only the rows that fit.
pub fn draw(p: &SavedPane, f: &mut Frame, area: Rect, focused: bool) {
    let inner_h = crate::tui::layout::list_rows(area);
    let lines: Vec<Line> = if p.items.is_empty() {
        vec![Line::from(Span::styled(
            "Nothing saved yet. s saves the request; sends show up here.",
            Style::default().fg(Color::DarkGray),
        ))]
    } else {
        p.items
            .iter()
            .enumerate()
            .skip(p.offset)
            .take(inner_h)
            .map(|(i, item)| {
                let sel = i == p.selected;
                let mut st = if item.collection.is_none() {
                    Style::default().fg(Color::DarkGray)
                } else {
                    Style::default()
                };
                if sel {
                    st = if focused {
                        Style::default().bg(Color::Blue).fg(Color::White)
                    } else {
                        st.add_modifier(Modifier::REVERSED)
                    };
                }
                Line::from(Span::styled(
                    crate::core::text::terminal_safe(&item.label, crate::core::text::Keep::Nothing)
                        .into_owned(),
                    st,
                ))
            })
            .collect()
    };
    f.render_widget(
        Paragraph::new(lines).block(crate::tui::widgets::style::block(
            " Saved & history (o: endpoints · R rename · D delete) ".to_owned(),
            focused,
        )),
        area,
    );
}
