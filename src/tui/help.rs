//! The help overlay: the key table itself, the focused pane's keys first, scrollable.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::keymap::{Context, help_order, view_help_order};
use super::model::Model;
use crate::tui::theme::{Role, role};

/// The help's lines for the focused context: a heading per context, then its keys. `explorer`
/// false: only what `wpx view` has.
pub fn lines(first: Context, width: u16, explorer: bool) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut last: Option<Context> = None;
    let desc_w = usize::from(width.saturating_sub(20));
    let order = if explorer {
        help_order(first)
    } else {
        view_help_order()
    };
    for b in order {
        let heading = match b.context {
            Context::Always => Context::Global,
            c => c,
        };
        if last != Some(heading) {
            if last.is_some() {
                out.push(Line::default());
            }
            out.push(Line::from(Span::styled(
                match heading {
                    Context::Global => "Anywhere".to_owned(),
                    Context::Help => "In this help".to_owned(),
                    c => format!("In the {}", c.label()),
                },
                Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )));
            last = Some(heading);
        }
        let desc = crate::core::text::clip(b.desc, desc_w).into_owned();
        out.push(Line::from(vec![
            Span::styled(
                format!("  {:<16} ", b.label),
                Style::default()
                    .fg(role(Role::Accent))
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(desc),
        ]));
    }
    out
}

/// The help as plain text, a line per row (for tests and for reading it back).
pub fn text(first: Context, width: u16, explorer: bool) -> String {
    lines(first, width, explorer)
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

/// Draws the overlay, scrolled by `scroll` rows.
pub fn draw(m: &Model, f: &mut Frame, scroll: usize) {
    let (area, rows) = super::layout::help(m.session.size);
    let all = lines(
        m.context(),
        area.width.saturating_sub(2),
        m.mode == super::model::Mode::Explorer,
    );
    let total = all.len();
    let first = scroll.min(total.saturating_sub(rows));
    let shown: Vec<Line> = all.into_iter().skip(first).take(rows).collect();
    let title = format!(
        " Keys {}–{} of {total} · j/k PgDn/PgUp scroll · any other key closes ",
        first + 1,
        (first + rows).min(total),
    );
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(shown).block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}
