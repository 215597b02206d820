//! `view(&Model, &mut Frame)`: draws the model, and only the visible lines of anything long.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::endpoints::Row as EpRow;
use super::keymap::BINDINGS;
use super::model::{AppPrompt, Focus, Left, Level, Mode, Model};
use super::request::{Editing, Field};

/// Smallest terminal for the explorer.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Where each pane goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// Endpoint list.
    pub endpoints: Rect,
    /// Request editor.
    pub request: Rect,
    /// Response viewer.
    pub response: Rect,
    /// Status bar (two lines).
    pub status: Rect,
}

/// The layout for a terminal size.
pub fn layout(size: (u16, u16), mode: Mode) -> Areas {
    let full = Rect::new(0, 0, size.0, size.1);
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(full);
    match mode {
        Mode::View => Areas {
            response: main,
            status,
            ..Areas::default()
        },
        Mode::Explorer => {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(34), Constraint::Percentage(66)])
                    .areas(main);
            let [request, response] =
                Layout::vertical([Constraint::Percentage(42), Constraint::Percentage(58)])
                    .areas(right);
            Areas {
                endpoints: left,
                request,
                response,
                status,
            }
        }
    }
}

/// A pane's frame, highlighted when focused.
pub(super) fn block(title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(Color::DarkGray)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(title, style))
}

/// The colour of an HTTP method.
pub(super) fn method_style(m: &str) -> Style {
    let c = match m {
        "GET" => Color::Green,
        "POST" => Color::Yellow,
        "DELETE" => Color::Red,
        _ => Color::Magenta,
    };
    Style::default().fg(c).add_modifier(Modifier::BOLD)
}

/// Draws the whole screen.
pub fn view(m: &Model, f: &mut Frame) {
    let (w, h) = m.size;
    let min = if m.mode == Mode::View {
        (40, 10)
    } else {
        MIN_SIZE
    };
    if w < min.0 || h < min.1 {
        let text = format!(
            "terminal too small: wpx needs {}×{}, this one is {w}×{h}. Enlarge it, or press q to quit.",
            min.0, min.1
        );
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), f.area());
        return;
    }
    let a = layout(m.size, m.mode);
    if m.mode == Mode::Explorer {
        if m.left == Left::Saved {
            draw_saved(m, f, a.endpoints);
        } else {
            draw_endpoints(m, f, a.endpoints);
        }
        draw_request(m, f, a.request);
    }
    super::response_view::draw(m, f, a.response);
    draw_status(m, f, a.status);
    if m.id_menu.is_some() {
        super::id_menu::draw(m, f);
    }
    if m.help {
        draw_help(f);
    }
}

fn draw_endpoints(m: &Model, f: &mut Frame, area: Rect) {
    let p = &m.endpoints;
    let focused = m.focus == Focus::Endpoints;
    let title = if p.filtering || !p.filter.is_empty() {
        format!(
            " Endpoints / {}{} ",
            p.filter,
            if p.filtering { "▏" } else { "" }
        )
    } else {
        " Endpoints (/ filter) ".to_owned()
    };
    let inner_h = usize::from(area.height.saturating_sub(2));
    let width = usize::from(area.width.saturating_sub(2));
    let cat = p.catalogue();
    let lines: Vec<Line> = p
        .rows
        .iter()
        .enumerate()
        .skip(p.offset)
        .take(inner_h)
        .map(|(i, row)| match row {
            EpRow::Section(s) => Line::from(Span::styled(
                s.clone(),
                Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )),
            EpRow::Endpoint(e) => {
                let ep = &cat.endpoints[*e];
                let sel = i == p.selected;
                let base = if sel && focused {
                    Style::default().bg(Color::Blue).fg(Color::White)
                } else if sel {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default()
                };
                let perm = ep.permission_text();
                let room = width.saturating_sub(8 + ep.path.len());
                let perm = if perm.chars().count() > room {
                    perm.chars()
                        .take(room.saturating_sub(1))
                        .chain(std::iter::once('…'))
                        .collect()
                } else {
                    perm
                };
                Line::from(vec![
                    Span::styled(
                        format!("{:<7}", ep.method.as_str()),
                        method_style(ep.method.as_str()).patch(base),
                    ),
                    Span::styled(ep.path.clone(), base),
                    Span::styled(format!(" {perm}"), base.fg(Color::DarkGray)),
                ])
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block(title, focused)), area);
}

fn draw_saved(m: &Model, f: &mut Frame, area: Rect) {
    let p = &m.saved;
    let focused = m.focus == Focus::Endpoints;
    let inner_h = usize::from(area.height.saturating_sub(2));
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
        Paragraph::new(lines).block(block(
            " Saved & history (o: endpoints · R rename · D delete) ".to_owned(),
            focused,
        )),
        area,
    );
}

fn draw_request(m: &Model, f: &mut Frame, area: Rect) {
    let r = &m.request;
    let focused = m.focus == Focus::Request;
    let title = format!(" Request · {} {} ", r.method, r.path);
    let outer = block(title, focused);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let body_h = if r.has_body {
        inner
            .height
            .saturating_sub(3 + r.path_params.len() as u16 + r.query.len() as u16)
            .clamp(3, 12)
    } else {
        0
    };
    let [top, body] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(body_h)]).areas(inner);
    let mut lines = vec![Line::from(Span::styled(
        r.summary.clone(),
        Style::default().fg(Color::DarkGray),
    ))];
    let fields = r.fields();
    for (k, field) in fields.iter().enumerate() {
        let sel = k == r.selected && focused;
        let style = if sel {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let editing_value = match (&r.editing, field) {
            (Some(Editing::Value { field: ef, buffer }), f2) if ef == f2 => {
                Some(format!("{buffer}▏"))
            }
            _ => None,
        };
        let line = match field {
            Field::Path(i) => {
                let p = &r.path_params[*i];
                let v = editing_value.unwrap_or_else(|| {
                    if p.value.is_empty() {
                        "‹required: Enter to edit›".to_owned()
                    } else {
                        p.value.clone()
                    }
                });
                Line::from(vec![
                    Span::styled(format!("    {{{}}} = ", p.name), style.fg(Color::Yellow)),
                    Span::styled(v, style),
                ])
            }
            Field::Query(i) => {
                let q = &r.query[*i];
                let v = editing_value.unwrap_or_else(|| q.value.clone());
                let mark = if q.enabled { "[x]" } else { "[ ]" };
                let dim = if q.enabled {
                    style
                } else {
                    style.fg(Color::DarkGray)
                };
                Line::from(vec![
                    Span::styled(
                        format!("{mark} {} = ", q.name),
                        dim.fg(if q.enabled {
                            Color::Cyan
                        } else {
                            Color::DarkGray
                        }),
                    ),
                    Span::styled(v, dim),
                ])
            }
            Field::Body => {
                let status = match r.body_error() {
                    None => Span::styled("valid JSON", Style::default().fg(Color::Green)),
                    Some(e) => Span::styled(e, Style::default().fg(Color::Red)),
                };
                let hint = if r.editing == Some(Editing::Body) {
                    " (editing: Esc leaves, Ctrl-S sends)"
                } else {
                    " (Enter edits)"
                };
                Line::from(vec![
                    Span::styled(format!("    Body{hint}: "), style),
                    status,
                ])
            }
        };
        lines.push(line);
    }
    if let Some(Editing::NewParam(buf)) = &r.editing {
        lines.push(Line::from(Span::styled(
            format!("new parameter name=value: {buf}▏"),
            Style::default().fg(Color::Yellow),
        )));
    } else if focused && !fields.is_empty() {
        lines.push(Line::from(Span::styled(
            "Enter edit · Space toggle · a add · d delete · Ctrl-S send",
            Style::default().fg(Color::DarkGray),
        )));
    }
    f.render_widget(Paragraph::new(lines), top);
    if r.has_body && body.height > 0 {
        let editing = r.editing == Some(Editing::Body);
        let frame = Block::default().borders(Borders::TOP).title(if editing {
            "body (editing)"
        } else {
            "body"
        });
        let inner = frame.inner(body);
        f.render_widget(frame, body);
        // The editor is drawn as it is: no copy of the body per frame.
        f.render_widget(&r.body, inner);
    }
}

fn fmt_countdown(secs: i64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn draw_status(m: &Model, f: &mut Frame, area: Rect) {
    let msg = match &m.prompt {
        Some(AppPrompt::Save(t)) => Some(Line::from(Span::styled(
            format!("save as COLLECTION/NAME: {t}▏  (Enter saves, Esc cancels)"),
            Style::default().fg(Color::Yellow),
        ))),
        Some(AppPrompt::Rename { text, .. }) => Some(Line::from(Span::styled(
            format!("rename to: {text}▏  (Enter renames, Esc cancels)"),
            Style::default().fg(Color::Yellow),
        ))),
        None => None,
    };
    let msg = msg.unwrap_or_else(|| match &m.message {
        Some((Level::Error, t)) => {
            Line::from(Span::styled(t.clone(), Style::default().fg(Color::Red)))
        }
        Some((Level::Info, t)) => Line::from(Span::raw(t.clone())),
        None => Line::default(),
    });
    let mut spans = Vec::new();
    if m.conn.sandbox {
        spans.push(Span::styled(
            " SANDBOX ",
            Style::default()
                .bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(" fake data "));
    } else if m.mode == Mode::Explorer {
        spans.push(Span::styled(
            format!(" {} ", m.conn.label),
            Style::default()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(t) = &m.conn.target {
        spans.push(Span::raw(format!(
            " {} · proof {} ",
            t.base_url.as_str().trim_end_matches('/'),
            t.proof
        )));
    } else if m.mode == Mode::Explorer {
        spans.push(Span::raw(" starting… "));
    }
    if let Some((time, exp)) = m.response.as_ref().and_then(|r| r.proof) {
        let left = (exp - m.now).min(exp - time);
        let text = if left > 0 {
            format!("· t={time} valid {} ", fmt_countdown(left))
        } else {
            format!("· t={time} expired (next send signs anew) ")
        };
        spans.push(Span::styled(
            text,
            Style::default().fg(if left > 60 {
                Color::Green
            } else {
                Color::Yellow
            }),
        ));
    }
    if let Some(u) = m.response.as_ref().and_then(|r| r.usage.as_ref()) {
        spans.push(Span::raw(format!("· usage {u} ")));
    }
    spans.push(Span::styled(
        "· ? keys · q quit",
        Style::default().fg(Color::DarkGray),
    ));
    f.render_widget(Paragraph::new(vec![msg, Line::from(spans)]), area);
}

/// A `w`×`h` rectangle centred in `area` (clipped to it).
pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn draw_help(f: &mut Frame) {
    let area = centered(f.area(), 86, BINDINGS.len() as u16 + 4);
    let lines: Vec<Line> = BINDINGS
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(
                    format!("{:<16}", b.keys),
                    Style::default()
                        .fg(Color::Cyan)
                        .add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!("{:<52}", b.desc)),
                Span::styled(b.context, Style::default().fg(Color::DarkGray)),
            ])
        })
        .collect();
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Keys (any key closes) "),
        ),
        area,
    );
}
