//! The panes' shared look: a frame highlighted when focused, the colour of a method.

use ratatui::style::{Modifier, Style};

use crate::tui::theme::{Role, role};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

/// A pane's frame, highlighted when focused.
pub fn block(title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        Style::default()
            .fg(role(Role::Accent))
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(role(Role::Muted))
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(title, style))
}

/// The colour of an HTTP method.
pub fn method_style(m: &str) -> Style {
    let c = match m {
        "GET" => role(Role::MethodGet),
        "POST" => role(Role::MethodPost),
        "DELETE" => role(Role::MethodDelete),
        _ => role(Role::MethodOther),
    };
    Style::default().fg(c).add_modifier(Modifier::BOLD)
}
