//! Drawing the request pane: only what fits, the selected row kept in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Edit, Item, RequestPane, Section, details};
use crate::core::catalogue::Catalogue;
use crate::core::draft::{BodyKind, Row};
use crate::core::text::{Keep, clip, terminal_safe};
use crate::tui::layout;
use crate::tui::theme::{Role, role};
use crate::tui::widgets::style::{block, method_style};

fn dim() -> Style {
    Style::default().fg(role(Role::Muted))
}

fn safe(s: &str) -> String {
    terminal_safe(s, Keep::Nothing).into_owned()
}

/// Draws the pane into `area`.
pub fn draw(p: &RequestPane, cat: &Catalogue, f: &mut Frame, area: Rect, focused: bool) {
    let title = match &p.origin {
        Some(o) => format!(" Request · {}/{} ", safe(&o.collection), safe(&o.name)),
        None => " Request ".to_owned(),
    };
    let outer = block(title, focused);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let a = layout::request(inner);
    draw_line(p, f, a.line, focused);
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            clip(&safe(&p.summary), a.summary.width.into()).into_owned(),
            dim(),
        ))),
        a.summary,
    );
    f.render_widget(Paragraph::new(tabs(p)), a.tabs);
    draw_content(p, f, a.content, focused);
    let (facts, keys) = details(p, cat);
    let mut lines = vec![Line::from(Span::styled(
        clip(&safe(&facts), a.details.width.into()).into_owned(),
        Style::default().fg(role(Role::Warning)),
    ))];
    if a.details.height > 1 && focused {
        lines.push(Line::from(Span::styled(keys, dim())));
    }
    f.render_widget(Paragraph::new(lines), a.details);
}

fn draw_line(p: &RequestPane, f: &mut Frame, area: Rect, focused: bool) {
    let method = p.draft.method.as_str();
    let mut spans = vec![Span::styled(format!("{method:<7} "), method_style(method))];
    let sel = focused && p.current() == Item::Line;
    match &p.editing {
        Some(Edit::Url(input)) => {
            let w = area.width.saturating_sub(8);
            spans.extend(input.line(w, true).spans);
        }
        _ => {
            let st = if sel {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default().add_modifier(Modifier::BOLD)
            };
            let room = usize::from(area.width.saturating_sub(8));
            spans.push(Span::styled(
                clip(&safe(&p.draft.line()), room).into_owned(),
                st,
            ));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn tabs(p: &RequestPane) -> Line<'static> {
    let d = &p.draft;
    let body = match (d.body.kind, d.body_error()) {
        (BodyKind::Json, Some(_)) => "JSON ✗".to_owned(),
        (BodyKind::Form, _) => format!("form {}", d.body.form.len()),
        (k, _) => k.label().to_owned(),
    };
    let names = [
        (
            Section::Params,
            format!(" Params {} ", d.path_params.len() + d.query.len()),
        ),
        (Section::Headers, format!(" Headers {} ", d.headers.len())),
        (Section::Body, format!(" Body {body} ")),
    ];
    let mut spans = Vec::new();
    for (i, (s, name)) in names.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", dim()));
        }
        let st = if s == p.section {
            Style::default()
                .fg(role(Role::OnColour))
                .bg(role(Role::Accent))
                .add_modifier(Modifier::BOLD)
        } else {
            dim()
        };
        spans.push(Span::styled(name, st));
    }
    Line::from(spans)
}

fn row_line(p: &RequestPane, item: Item, row: &Row, selected: bool, width: u16) -> Line<'static> {
    let base = if selected {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    };
    let (mark, name_style) = match item {
        Item::Path(_) => ("   ".to_owned(), base.fg(role(Role::Warning))),
        _ if row.enabled => ("[x]".to_owned(), base.fg(role(Role::Accent))),
        _ => ("[ ]".to_owned(), base.fg(role(Role::Muted))),
    };
    let name = match item {
        Item::Path(_) => format!("{{{}}}", row.name),
        Item::Header(_) => format!("{}:", row.name),
        _ => format!("{} =", row.name),
    };
    let mut spans = vec![Span::styled(format!("{mark} {} ", safe(&name)), name_style)];
    let used = (mark.len() + name.chars().count() + 2) as u16;
    match &p.editing {
        Some(Edit::Value { item: it, input }) if *it == item => {
            spans.extend(input.line(width.saturating_sub(used), true).spans);
        }
        _ if row.value.is_empty() && matches!(item, Item::Path(_)) => {
            spans.push(Span::styled(
                "‹required: Enter fills it›",
                base.fg(role(Role::Error)),
            ));
        }
        _ => {
            let st = if row.enabled {
                base
            } else {
                base.fg(role(Role::Muted))
            };
            spans.push(Span::styled(safe(&row.value), st));
        }
    }
    Line::from(spans)
}

fn draw_content(p: &RequestPane, f: &mut Frame, area: Rect, focused: bool) {
    if area.height == 0 {
        return;
    }
    let items = p.items();
    let mut lines: Vec<Line> = Vec::new();
    if p.section == Section::Headers {
        lines.push(Line::from(Span::styled(
            "reserved: Authorization: Bearer •••••• (the profile) · appsecret_proof, appsecret_time (signed at send)",
            dim(),
        )));
    }
    let mut body_area = None;
    let rows: Vec<(usize, Item)> = items.iter().copied().enumerate().skip(1).collect();
    let room = usize::from(area.height).saturating_sub(lines.len()).max(1);
    let sel = p.selected.saturating_sub(1);
    let first = if sel >= room { sel + 1 - room } else { 0 };
    for (i, item) in rows.into_iter().skip(first) {
        if lines.len() >= usize::from(area.height) {
            break;
        }
        let selected = focused && i == p.selected;
        let st = if selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        match item {
            Item::BodyKind => {
                let state = match (p.draft.body.kind, p.draft.body_error()) {
                    (BodyKind::Json, None) if !p.draft.body.text.trim().is_empty() => {
                        Span::styled(" ✓ valid JSON", Style::default().fg(role(Role::Success)))
                    }
                    (BodyKind::Json, Some(e)) => {
                        Span::styled(format!(" ✗ {e}"), Style::default().fg(role(Role::Error)))
                    }
                    _ => Span::raw(""),
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("    body: {} (t changes)", p.draft.body.kind.label()),
                        st,
                    ),
                    state,
                ]));
            }
            Item::ContentType => {
                let text = match &p.editing {
                    Some(Edit::Value {
                        item: Item::ContentType,
                        input,
                    }) => {
                        let mut l = Line::from(Span::raw("    content type: "));
                        l.spans
                            .extend(input.line(area.width.saturating_sub(18), true).spans);
                        l
                    }
                    _ => Line::from(Span::styled(
                        format!(
                            "    content type: {}",
                            if p.draft.body.content_type.is_empty() {
                                "text/plain"
                            } else {
                                &p.draft.body.content_type
                            }
                        ),
                        st,
                    )),
                };
                lines.push(text);
            }
            Item::BodyText => {
                let used = lines.len() as u16;
                body_area = Some((
                    Rect::new(area.x, area.y + used, area.width, area.height - used),
                    selected,
                ));
                break;
            }
            _ => {
                if let Some(row) = p.row(item) {
                    lines.push(row_line(p, item, row, selected, area.width));
                }
            }
        }
    }
    if let Some(Edit::New { section, input }) = &p.editing {
        let label = if *section == Section::Headers {
            "new header Name: value  "
        } else {
            "new row name=value  "
        };
        let mut l = Line::from(Span::styled(
            label,
            Style::default().fg(role(Role::Warning)),
        ));
        l.spans.extend(
            input
                .line(area.width.saturating_sub(label.len() as u16), true)
                .spans,
        );
        if lines.len() >= usize::from(area.height) {
            lines.pop();
        }
        lines.push(l);
    }
    if lines.len() == usize::from(p.section == Section::Headers) && p.editing.is_none() {
        lines.push(Line::from(Span::styled(
            match p.section {
                Section::Params => "no parameters: a adds one (name=value), u types the URL",
                Section::Headers => "no headers: a adds one (Name: value)",
                Section::Body => "",
            },
            dim(),
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
    if let Some((r, selected)) = body_area {
        let editing = p.editing == Some(Edit::Body);
        let title = if editing {
            "body (editing: Esc leaves, Ctrl-S sends)"
        } else if selected {
            "body (Enter edits)"
        } else {
            "body"
        };
        let frame = Block::default()
            .borders(Borders::TOP)
            .title(title)
            .border_style(if selected || editing {
                Style::default().fg(role(Role::Accent))
            } else {
                dim()
            });
        let inner = frame.inner(r);
        f.render_widget(frame, r);
        // The editor is drawn as it is: no copy of the body per frame.
        f.render_widget(&p.body, inner);
    }
}
