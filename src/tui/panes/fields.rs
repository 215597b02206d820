//! The field picker: a searchable checklist of a node's fields and connections (from
//! `?metadata=1`, or the catalogue's example), whose ticks are the request's `fields=`.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::core::metadata::{NodeMeta, chosen, toggle};
use crate::core::text::{Keep, clip, terminal_safe};
use crate::tui::keymap::Action;
use crate::tui::theme::{Role, role};
use crate::tui::widgets::line_input::{FilterKey, LineInput, filter_key};

/// The picker's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPicker {
    /// What is listed.
    pub meta: NodeMeta,
    /// The `fields=` value being edited.
    pub value: String,
    /// The filter.
    pub filter: LineInput,
    /// Typing goes to the filter.
    pub filtering: bool,
    /// Index into [`FieldPicker::shown`].
    pub selected: usize,
    /// The first shown row on screen.
    pub offset: usize,
    /// A line about where the list came from.
    pub note: String,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Keep the picker open.
    Stay,
    /// Close it, keeping `fields=` as it was.
    Close,
    /// Close it and set `fields=` to this.
    Apply(String),
}

impl FieldPicker {
    /// A picker over `meta`, starting from the request's `fields=` value.
    pub fn new(meta: NodeMeta, value: &str, note: String) -> Self {
        Self {
            meta,
            value: value.to_owned(),
            filter: LineInput::default(),
            filtering: false,
            selected: 0,
            offset: 0,
            note,
        }
    }

    /// The indexes of the fields the filter lets through (name, type or description).
    pub fn shown(&self) -> Vec<usize> {
        let f = self.filter.text().to_lowercase();
        self.meta
            .fields
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                f.is_empty()
                    || m.name.to_lowercase().contains(&f)
                    || m.description.to_lowercase().contains(&f)
                    || m.kind.to_lowercase().contains(&f)
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn toggle_selected(&mut self) {
        if let Some(&i) = self.shown().get(self.selected) {
            let name = self.meta.fields[i].name.clone();
            self.value = toggle(&self.value, &name);
        }
    }

    fn move_by(&mut self, delta: isize) {
        let n = self.shown().len();
        if n == 0 {
            self.selected = 0;
            return;
        }
        let next = self.selected.saturating_add_signed(delta).min(n - 1);
        self.selected = next;
    }

    /// Runs an action of the key table (the picker's context).
    pub fn on_action(&mut self, action: Action, page: usize) -> Outcome {
        let page = page.max(1) as isize;
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::Top => self.selected = 0,
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Toggle => self.toggle_selected(),
            Action::Find => self.filtering = true,
            Action::Open => return Outcome::Apply(self.value.clone()),
            Action::Cancel | Action::Quit => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    /// A key while the filter is typed: Enter and ↑↓ leave it for the list, Esc clears it.
    pub fn filter_key(&mut self, key: KeyEvent) -> Outcome {
        match filter_key(&mut self.filter, key) {
            FilterKey::Cleared | FilterKey::Submitted => self.filtering = false,
            FilterKey::Changed => self.selected = 0,
            FilterKey::Move(d) => {
                self.filtering = false;
                self.move_by(d);
            }
            FilterKey::Nothing | FilterKey::Ignored => {}
        }
        Outcome::Stay
    }

    /// Keeps the selection inside `height` rows.
    fn scroll(&self, height: usize) -> usize {
        let h = height.max(1);
        if self.selected < self.offset {
            self.selected
        } else if self.selected >= self.offset + h {
            self.selected + 1 - h
        } else {
            self.offset
        }
    }
}

/// Draws the picker over the panes.
pub fn draw(p: &FieldPicker, f: &mut Frame, size: (u16, u16)) {
    let w = size.0.saturating_sub(8).clamp(20, 100);
    let h = size.1.saturating_sub(4).max(8);
    let area = Rect::new((size.0.saturating_sub(w)) / 2, 2, w, h);
    f.render_widget(Clear, area);
    let title = if p.meta.node_type.is_empty() {
        " fields ".to_owned()
    } else {
        format!(
            " fields of a {} ",
            terminal_safe(&p.meta.node_type, Keep::Nothing)
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(role(Role::Accent)))
        .title(title)
        .title_bottom(" Space ticks · / filters · Enter sets fields= · Esc leaves ");
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let list_h = usize::from(inner.height.saturating_sub(3));
    let on = chosen(&p.value);
    let shown = p.shown();
    let offset = p.scroll(list_h);
    let mut lines = vec![
        Line::from(Span::styled(
            clip(&terminal_safe(&p.note, Keep::Nothing), width).into_owned(),
            Style::default().fg(role(Role::Muted)),
        )),
        Line::from(if p.filtering || !p.filter.is_empty() {
            format!("/ {}", p.filter.text())
        } else {
            format!("{} of {} listed", shown.len(), p.meta.fields.len())
        }),
    ];
    for (row, &i) in shown.iter().enumerate().skip(offset).take(list_h) {
        let field = &p.meta.fields[i];
        let tick = if on.contains(&field.name) {
            "[x]"
        } else {
            "[ ]"
        };
        let name = terminal_safe(&field.name, Keep::Nothing);
        let kind = terminal_safe(&field.kind, Keep::Nothing);
        let desc = terminal_safe(&field.description, Keep::Nothing);
        let text = clip(&format!("{tick} {name:<24} {kind:<16} {desc}"), width).into_owned();
        let style = if row == p.selected {
            Style::default()
                .bg(role(Role::SelectionBg))
                .fg(role(Role::SelectionFg))
        } else if field.connection {
            Style::default().fg(role(Role::Muted))
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    if shown.is_empty() {
        lines.push(Line::from(Span::styled(
            "no field matches: Backspace edits the filter, Esc clears it",
            Style::default().fg(role(Role::Warning)),
        )));
    }
    lines.push(Line::from(Span::styled(
        clip(
            &format!("fields={}", terminal_safe(&p.value, Keep::Nothing)),
            width,
        )
        .into_owned(),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    f.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metadata::MetaField;

    fn picker() -> FieldPicker {
        let field = |n: &str, d: &str| MetaField {
            name: n.into(),
            kind: "string".into(),
            description: d.into(),
            connection: false,
        };
        FieldPicker::new(
            NodeMeta {
                node_type: "group".into(),
                fields: vec![
                    field("id", "The ID"),
                    field("name", "Its name"),
                    field("privacy", "Who sees it"),
                ],
                source: "metadata=1",
            },
            "id,members.limit(2){name}",
            "from metadata=1".into(),
        )
    }

    #[test]
    fn space_ticks_and_enter_applies_keeping_other_entries() {
        let mut p = picker();
        p.on_action(Action::Down, 10);
        p.on_action(Action::Toggle, 10);
        p.on_action(Action::Up, 10);
        p.on_action(Action::Toggle, 10);
        assert_eq!(
            p.on_action(Action::Open, 10),
            Outcome::Apply("members.limit(2){name},name".into())
        );
        assert_eq!(p.on_action(Action::Cancel, 10), Outcome::Close);
    }

    #[test]
    fn the_filter_narrows_by_name_or_description() {
        let mut p = picker();
        p.filter.paste("who");
        assert_eq!(p.shown(), [2]);
        p.on_action(Action::Toggle, 10);
        assert!(p.value.ends_with(",privacy"));
        p.on_action(Action::Bottom, 10);
        assert_eq!(p.selected, 0, "one row shown");
    }
}
