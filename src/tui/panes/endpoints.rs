//! The endpoints pane: the catalogue by pack and section, filtered with `/`.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::keymap::Action;
use crate::tui::widgets::line_input::{FilterKey, LineInput, filter_key};

use crate::core::catalogue::{Catalogue, Endpoint};
use crate::core::text::clip;
use crate::tui::theme::{Role, role};

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A pack heading (when more than one pack is shown), by index into the catalogue's packs.
    Pack(usize),
    /// A section heading.
    Section(String),
    /// An endpoint, by index into the catalogue.
    Endpoint(usize),
}

/// The pane's state.
#[derive(Debug, Clone)]
pub struct EndpointsPane {
    catalogue: Arc<Catalogue>,
    /// The packs listed (the built-in one is left out on surfaces it does not apply to).
    packs: Vec<usize>,
    /// The filter text.
    pub filter: LineInput,
    /// Typing goes to the filter.
    pub filtering: bool,
    /// The rows shown.
    pub rows: Vec<Row>,
    /// The selected row (always an endpoint when there is one).
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing for the app to do.
    Handled,
    /// Open this endpoint (catalogue index) in the request pane.
    Open(usize),
    /// Not a key of this pane.
    Ignored,
}

impl EndpointsPane {
    /// The whole catalogue, first endpoint selected.
    pub fn new(catalogue: Arc<Catalogue>) -> Self {
        let mut p = Self {
            packs: (0..catalogue.packs.len()).collect(),
            catalogue,
            filter: LineInput::default(),
            filtering: false,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
        };
        p.refilter();
        p
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Lists these packs only ([`Catalogue::shown_packs`] of the connection's surface).
    pub fn show_packs(&mut self, packs: Vec<usize>) {
        if packs != self.packs {
            self.packs = packs;
            self.refilter();
        }
    }

    /// The packs listed.
    pub fn packs(&self) -> &[usize] {
        &self.packs
    }

    fn refilter(&mut self) {
        let scored = self
            .catalogue
            .search_in(&self.filter.text(), None, &self.packs);
        let best = scored
            .iter()
            .max_by_key(|&&(i, s)| (s, std::cmp::Reverse(i)))
            .map(|&(i, _)| i);
        let hits: Vec<usize> = scored.into_iter().map(|(i, _)| i).collect();
        // Sections in first-seen order within each pack; endpoints keep catalogue order.
        let mut groups: Vec<((usize, &str), Vec<usize>)> = Vec::new();
        let mut index: std::collections::HashMap<(usize, &str), usize> =
            std::collections::HashMap::new();
        for &i in &hits {
            let e = &self.catalogue.endpoints[i];
            let key = (e.pack, e.section.as_str());
            let g = *index.entry(key).or_insert_with(|| {
                groups.push((key, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(i);
        }
        groups.sort_by_key(|((pack, _), _)| *pack);
        let headed = self.packs.len() > 1;
        self.rows.clear();
        let mut last_pack = None;
        for ((pack, section), items) in groups {
            if headed && last_pack != Some(pack) {
                self.rows.push(Row::Pack(pack));
                last_pack = Some(pack);
            }
            self.rows.push(Row::Section(section.to_owned()));
            self.rows.extend(items.into_iter().map(Row::Endpoint));
        }
        // The best match is selected, so Enter opens it.
        self.selected = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Endpoint(i) if Some(*i) == best))
            .unwrap_or(0);
        self.offset = 0;
    }

    /// The selected endpoint.
    pub fn selected_endpoint(&self) -> Option<&Endpoint> {
        match self.rows.get(self.selected)? {
            Row::Endpoint(i) => self.catalogue.endpoints.get(*i),
            Row::Section(_) | Row::Pack(_) => None,
        }
    }

    /// Moves the selection by `delta` endpoints (headings are skipped).
    pub fn move_by(&mut self, delta: isize) {
        let mut i = self.selected;
        let mut left = delta.unsigned_abs();
        while left > 0 {
            let next = if delta > 0 {
                i + 1
            } else {
                match i.checked_sub(1) {
                    Some(n) => n,
                    None => break,
                }
            };
            if next >= self.rows.len() {
                break;
            }
            i = next;
            if matches!(self.rows[i], Row::Endpoint(_)) {
                self.selected = i;
                left -= 1;
            }
        }
    }

    /// Keeps the selection inside `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let h = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected.saturating_sub(1);
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
    }

    /// Selects the row at `row` on screen (a mouse click).
    pub fn click(&mut self, row: usize) -> Outcome {
        let i = self.offset + row;
        if matches!(self.rows.get(i), Some(Row::Endpoint(_))) {
            if self.selected == i {
                return self.open();
            }
            self.selected = i;
        }
        Outcome::Handled
    }

    fn open(&self) -> Outcome {
        match self.rows.get(self.selected) {
            Some(Row::Endpoint(i)) => Outcome::Open(*i),
            _ => Outcome::Handled,
        }
    }

    /// Selects the first endpoint with this id. The filter stays when the endpoint is among its
    /// results, and is cleared only when it hides it.
    pub fn select_id(&mut self, id: &str) {
        let shown = |p: &Self| {
            p.rows
                .iter()
                .any(|r| matches!(r, Row::Endpoint(i) if p.catalogue.endpoints[*i].id == id))
        };
        if !self.filter.is_empty() && !shown(self) {
            self.filter = LineInput::default();
            self.refilter();
        }
        if let Some(pos) = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Endpoint(i) if self.catalogue.endpoints[*i].id == id))
        {
            self.selected = pos;
        }
    }

    /// Runs an action of the key table.
    pub fn on_action(&mut self, action: Action, page: usize) -> Outcome {
        let page = page.max(1) as isize;
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::Top => self.move_by(-(self.rows.len() as isize)),
            Action::Bottom => self.move_by(self.rows.len() as isize),
            Action::Find => self.filtering = true,
            Action::Open => return self.open(),
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }

    /// A key while the filter is being typed: ↑↓ still move, Enter opens, Esc clears.
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

    /// Pasted text goes to the filter when filtering.
    pub fn paste(&mut self, s: &str) {
        if self.filtering {
            self.filter.paste(s);
            self.refilter();
        }
    }
}

/// Draws the pane: only the rows that fit.
/// Draws the list. With the token's scopes known (`granted`), an endpoint they do not allow says
/// which permission the token lacks.
pub fn draw(
    p: &EndpointsPane,
    f: &mut Frame,
    area: Rect,
    focused: bool,
    granted: Option<&[String]>,
) {
    let title = if p.filtering || !p.filter.is_empty() {
        let mut s = " Endpoints / ".to_owned();
        if !p.filtering {
            s.push_str(&p.filter.text());
            s.push(' ');
        }
        s
    } else {
        " Endpoints (/ filter) ".to_owned()
    };
    let inner_h = crate::tui::layout::list_rows(area);
    let width = usize::from(area.width.saturating_sub(2));
    let cat = p.catalogue();
    let lines: Vec<Line> = p
        .rows
        .iter()
        .enumerate()
        .skip(p.offset)
        .take(inner_h)
        .map(|(i, row)| match row {
            Row::Pack(i) => {
                let label = cat
                    .packs
                    .get(*i)
                    .map(|p| p.header.label())
                    .unwrap_or_default();
                let label =
                    crate::core::text::terminal_safe(&label, crate::core::text::Keep::Nothing);
                Line::from(Span::styled(
                    clip(&format!("▌{label}"), width).into_owned(),
                    Style::default()
                        .fg(role(Role::Accent))
                        .add_modifier(Modifier::BOLD),
                ))
            }
            Row::Section(s) => Line::from(Span::styled(
                clip(
                    &crate::core::text::terminal_safe(s, crate::core::text::Keep::Nothing),
                    width,
                )
                .into_owned(),
                Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )),
            Row::Endpoint(e) => {
                let ep = &cat.endpoints[*e];
                let sel = i == p.selected;
                let base = if sel && focused {
                    Style::default()
                        .bg(role(Role::SelectionBg))
                        .fg(role(Role::SelectionFg))
                } else if sel {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default()
                };
                let path = clip(&ep.path, width.saturating_sub(7)).into_owned();
                let room = width.saturating_sub(8 + path.chars().count());
                let lacking = granted.and_then(|g| ep.missing_permission(g));
                let text = match lacking {
                    Some(l) => format!("✗ token lacks {l}"),
                    None if ep.pack > 0 && ep.permissions().next().is_none() => String::new(),
                    None => ep.permission_text(),
                };
                let perm = if room >= 4 {
                    clip(&text, room).into_owned()
                } else {
                    String::new()
                };
                let perm_style = if lacking.is_some() {
                    base.fg(role(Role::Error))
                } else {
                    base.fg(role(Role::Muted))
                };
                Line::from(vec![
                    Span::styled(
                        format!("{:<7}", ep.method.as_str()),
                        crate::tui::widgets::style::method_style(ep.method.as_str()).patch(base),
                    ),
                    Span::styled(path, base),
                    Span::styled(format!(" {perm}"), perm_style),
                ])
            }
        })
        .collect();
    let lines = if lines.is_empty() {
        let what =
            crate::core::text::terminal_safe(&p.filter.text(), crate::core::text::Keep::Nothing)
                .into_owned();
        vec![Line::from(Span::styled(
            format!("no endpoint matches '{what}': Backspace edits the filter, Esc clears it"),
            Style::default().fg(role(Role::Warning)),
        ))]
    } else {
        lines
    };
    let block = crate::tui::widgets::style::block(title, focused);
    if p.filtering {
        // The filter is typed in the title row, in the one line editor.
        f.render_widget(Paragraph::new(lines).block(block), area);
        let x = area.x + 14;
        let w = area.width.saturating_sub(16);
        f.render_widget(
            Paragraph::new(p.filter.line(w, true)),
            Rect::new(x, area.y, w, 1),
        );
        return;
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pane() -> EndpointsPane {
        EndpointsPane::new(Arc::new(Catalogue::builtin().expect("catalogue")))
    }

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn starts_on_the_first_endpoint_under_a_heading() {
        let p = pane();
        assert!(matches!(p.rows[0], Row::Section(_)));
        assert_eq!(p.selected, 1);
        assert!(p.selected_endpoint().is_some());
    }

    #[test]
    fn filtering_narrows_and_enter_opens() {
        let mut p = pane();
        p.on_action(Action::Find, 10);
        for c in "group feed".chars() {
            p.filter_key(key(KeyCode::Char(c)));
        }
        let ids: Vec<&str> = p
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Endpoint(i) => Some(p.catalogue().endpoints[*i].id.as_str()),
                _ => None,
            })
            .collect();
        assert!(ids.contains(&"group.feed"), "{ids:?}");
        assert_eq!(
            p.selected_endpoint().map(|e| e.id.as_str()),
            Some("group.feed"),
            "the best match is selected"
        );
        let out = p.filter_key(key(KeyCode::Enter));
        assert!(matches!(out, Outcome::Open(_)));
        assert!(!p.filtering);
        p.select_id("group.feed");
        assert_eq!(
            p.filter.text(),
            "group feed",
            "the filter stays after opening"
        );
    }

    #[test]
    fn ctrl_n_and_ctrl_p_move_while_typing() {
        let mut p = pane();
        p.on_action(Action::Find, 10);
        p.filter_key(key(KeyCode::Char('g')));
        let first = p.selected;
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(p.filter_key(ctrl('n')), Outcome::Handled);
        assert_ne!(p.selected, first);
        p.filter_key(ctrl('p'));
        assert_eq!(p.selected, first);
        assert_eq!(p.filter.text(), "g", "Ctrl-N/P are not typed");
    }

    #[test]
    fn no_match_says_so() {
        let mut p = pane();
        p.on_action(Action::Find, 10);
        for c in "zzqqxx".chars() {
            p.filter_key(key(KeyCode::Char(c)));
        }
        assert!(p.rows.is_empty());
        let mut t =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 8)).expect("terminal");
        t.draw(|f| draw(&p, f, f.area(), true, None)).expect("draw");
        let text = format!("{}", t.backend());
        assert!(text.contains("no endpoint matches 'zzqqxx'"), "{text}");
    }

    #[test]
    fn moving_skips_headings() {
        let mut p = pane();
        let before = p.selected;
        p.move_by(100);
        assert!(matches!(p.rows[p.selected], Row::Endpoint(_)));
        p.move_by(-1000);
        assert_eq!(p.selected, before);
        assert_eq!(p.on_action(Action::NextChoice, 10), Outcome::Ignored);
    }
}
