//! The id menu: Enter on an id in a response offers the endpoints that take that kind of id, with
//! it filled in. Its state lives in the model ([`IdMenu`]); its keys and drawing are here.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::keymap::Action;
use crate::tui::model::{IdMenu, Model};
use crate::tui::panes::response::ids::{endpoints_for, id_param};
use crate::tui::widgets::style::method_style;

/// Enter on an id value: offer the endpoints that take it. Returns true when a menu opened.
pub fn open(m: &mut Model) -> bool {
    let Some(v) = m.response.viewer.as_ref() else {
        return false;
    };
    let viewer = v.viewer();
    let doc = viewer.doc();
    let Some(value) = doc.string_at(viewer.cursor).or_else(|| {
        doc.value_text(viewer.cursor)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned)
    }) else {
        return false;
    };
    let Some(path) = viewer.path_at_cursor() else {
        return false;
    };
    if !(path.ends_with(".id") || path == ".id") {
        return false;
    }
    let answered = m
        .response
        .endpoint
        .as_deref()
        .and_then(|e| m.catalogue.endpoint(e));
    let endpoint_path = answered.map(|e| e.path.clone()).unwrap_or_default();
    let created = answered.is_some_and(|e| e.method == crate::core::request::Method::Post);
    let Some(param) = id_param(&endpoint_path, &path, &value, created) else {
        return false;
    };
    let options = endpoints_for(&m.catalogue, param);
    if options.is_empty() {
        return false;
    }
    m.response.id_menu = Some(IdMenu {
        value,
        param: param.to_owned(),
        options,
        selected: 0,
    });
    true
}

/// An action of the key table while the menu is open; `Some((endpoint, param, id))` when the
/// chosen endpoint is to be opened with the id filled in.
pub fn on_action(m: &mut Model, action: Action) -> Option<(usize, String, String)> {
    let menu = m.response.id_menu.as_mut()?;
    match action {
        Action::Cancel => m.response.id_menu = None,
        Action::Down => {
            menu.selected = (menu.selected + 1).min(menu.options.len().saturating_sub(1))
        }
        Action::Up => menu.selected = menu.selected.saturating_sub(1),
        Action::Open => {
            let menu = m.response.id_menu.take()?;
            let i = *menu.options.get(menu.selected)?;
            let first = m.catalogue.endpoints[i]
                .segments()
                .first()
                .map(|s| s.trim_matches(|c| c == '{' || c == '}').to_owned())
                .unwrap_or_default();
            return Some((i, first, menu.value));
        }
        _ => {}
    }
    None
}

/// Draws the menu over the panes: a window of as many options as the layout gives it, following
/// the selection.
pub fn draw(m: &Model, f: &mut Frame) {
    let Some(menu) = &m.response.id_menu else {
        return;
    };
    let (area, rows) = crate::tui::layout::id_menu(m.session.size, menu.options.len());
    let first = menu.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = menu
        .options
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(k, &i)| {
            let ep = &m.catalogue.endpoints[i];
            let st = if k == menu.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(
                    format!("{:<7}", ep.method.as_str()),
                    method_style(ep.method.as_str()).patch(st),
                ),
                Span::styled(format!("{} — {}", ep.path, ep.summary), st),
            ])
        })
        .collect();
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(format!(
            " {} = {} (Enter opens, Esc closes) ",
            menu.param, menu.value
        ))),
        area,
    );
}
