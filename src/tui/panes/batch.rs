//! The batch being composed: `b` adds the request being edited as an operation (named `op1`,
//! `op2`, …, so that later ones can use `{result=op1:$.id}`), `B` opens this list, and Enter sends
//! every operation as one signed Graph batch. The results come back as one document.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::core::batch::{MAX_OPERATIONS, Operation, operation_of};
use crate::core::request::RequestSpec;
use crate::tui::theme::{Role, role};

/// The operations so far and the one selected.
#[derive(Debug, Clone, Default)]
pub struct BatchPane {
    /// The operations, in order.
    pub ops: Vec<Operation>,
    /// The selected one.
    pub selected: usize,
}

impl BatchPane {
    /// Adds `spec` as the next operation; answers its name.
    pub fn add(&mut self, spec: &RequestSpec) -> Result<String, String> {
        let name = (1..)
            .map(|n| format!("op{n}"))
            .find(|n| !self.ops.iter().any(|o| o.name.as_deref() == Some(n)))
            .unwrap_or_default();
        let op = operation_of(spec, &name, &self.ops).map_err(|e| e.to_string())?;
        self.ops.push(op);
        self.selected = self.ops.len() - 1;
        Ok(name)
    }

    /// Removes the selected operation, and the `depends_on` of those that waited for it.
    pub fn remove_selected(&mut self) -> Option<Operation> {
        if self.selected >= self.ops.len() {
            return None;
        }
        let gone = self.ops.remove(self.selected);
        for op in &mut self.ops {
            if op.depends_on.is_some() && op.depends_on == gone.name {
                op.depends_on = None;
            }
        }
        self.selected = self.selected.min(self.ops.len().saturating_sub(1));
        Some(gone)
    }

    /// Moves the selection by `delta`.
    pub fn step(&mut self, delta: isize) {
        let last = self.ops.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }
}

/// Draws the list over the panes.
pub fn draw(p: &BatchPane, f: &mut Frame, size: (u16, u16)) {
    let (area, _) = crate::tui::layout::help(size);
    let mut lines: Vec<Line> = Vec::new();
    if p.ops.is_empty() {
        lines.push(Line::from(Span::styled(
            "Nothing in the batch yet: b adds the request being edited as op1; a later request can use its answer, e.g. {result=op1:$.id}.",
            Style::default().fg(role(Role::Muted)),
        )));
    }
    for (i, op) in p.ops.iter().enumerate() {
        let safe = |s: &str| crate::core::doc::terminal_safe(s).into_owned();
        let mut spans = vec![
            Span::styled(
                format!("{:>2}  {:<5} ", i + 1, op.name.as_deref().unwrap_or("")),
                Style::default().fg(role(Role::JsonKey)),
            ),
            Span::raw(format!("{:<6} {}", op.method, safe(&op.relative_url))),
        ];
        if let Some(d) = &op.depends_on {
            spans.push(Span::styled(
                format!("  (after {})", safe(d)),
                Style::default().fg(role(Role::Muted)),
            ));
        }
        if let Some(b) = op.body.as_ref().and_then(|b| b.as_str()) {
            spans.push(Span::styled(
                format!("  body {}", safe(b)),
                Style::default().fg(role(Role::Muted)),
            ));
        }
        let mut line = Line::from(spans);
        if i == p.selected {
            line = line.style(Style::default().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    let title = format!(
        " Batch · {} of {MAX_OPERATIONS} · Enter sends them as one signed request · d removes · Esc closes ",
        p.ops.len()
    );
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_named_in_turn_and_removing_one_frees_those_after_it() {
        let mut p = BatchPane::default();
        assert_eq!(
            p.add(&RequestSpec::get("/community/groups")),
            Ok("op1".into())
        );
        let spec = RequestSpec {
            path: "/{group-id}/feed".into(),
            path_params: vec![("group-id".into(), "{result=op1:$.data.0.id}".into())],
            ..RequestSpec::default()
        };
        assert_eq!(p.add(&spec), Ok("op2".into()));
        assert_eq!(p.ops[1].depends_on.as_deref(), Some("op1"));
        p.selected = 0;
        assert_eq!(p.remove_selected().and_then(|o| o.name), Some("op1".into()));
        assert_eq!(p.ops[0].depends_on, None);
        assert_eq!(
            p.add(&RequestSpec::get("/me")),
            Ok("op1".into()),
            "a free name again"
        );
        p.step(5);
        assert_eq!(p.selected, 1);
        p.step(-9);
        assert_eq!(p.selected, 0);
    }
}
