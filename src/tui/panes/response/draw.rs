//! Drawing the response pane: what is in flight or failed, the Graph error banner (with the
//! permission an endpoint needs), the headers, and the body in the viewer (visible lines only).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::doc::Tok;
use crate::core::doc::viewer::Hit;
use crate::tui::model::{Focus, Mode, Model};
use crate::tui::panes::response::viewer::{Prompt, ViewerPane};
use crate::tui::theme::{Role, role};
use crate::tui::widgets::style::block;

fn tok_style(t: Tok) -> Style {
    match t {
        Tok::Key => Style::default()
            .fg(role(Role::JsonKey))
            .add_modifier(Modifier::BOLD),
        Tok::Str => Style::default().fg(role(Role::JsonString)),
        Tok::Num => Style::default().fg(role(Role::JsonNumber)),
        Tok::Lit => Style::default().fg(role(Role::JsonLiteral)),
        Tok::Summary | Tok::More => Style::default()
            .fg(role(Role::Muted))
            .add_modifier(Modifier::ITALIC),
        Tok::Punct | Tok::Text => Style::default(),
    }
}

/// Draws a viewer pane's visible rows and its status or prompt line into `area`.
pub fn draw_viewer(pane: &ViewerPane, f: &mut Frame, area: Rect, focused: bool) {
    let width = usize::from(area.width);
    let rows_h = area.height.saturating_sub(1);
    let v = pane.viewer();
    let mut lines: Vec<Line> = v
        .rows(width)
        .into_iter()
        .take(usize::from(rows_h))
        .map(|row| {
            let hit_style = match row.hit {
                Hit::Current => Some(
                    Style::default()
                        .bg(role(Role::CurrentMatch))
                        .fg(role(Role::OnColour)),
                ),
                Hit::Match => Some(
                    Style::default()
                        .bg(role(Role::Match))
                        .fg(role(Role::OnColour)),
                ),
                Hit::None => None,
            };
            let spans: Vec<Span> = row
                .pieces
                .into_iter()
                .map(|p| {
                    let mut s = tok_style(p.tok);
                    if let (Some(h), Tok::Key | Tok::Str | Tok::Num | Tok::Lit | Tok::Text) =
                        (hit_style, p.tok)
                    {
                        s = s.patch(h);
                    }
                    Span::styled(p.text.into_owned(), s)
                })
                .collect();
            let mut line = Line::from(spans);
            if row.cursor && focused {
                line = line.style(Style::default().bg(role(Role::CursorLine)));
            } else if row.cursor {
                line = line.style(Style::default().add_modifier(Modifier::UNDERLINED));
            }
            line
        })
        .collect();
    while lines.len() < usize::from(rows_h) {
        lines.push(Line::default());
    }
    let prompt = |label: &str, tail: &str| {
        let input = pane.prompt_input()?;
        Some(crate::tui::widgets::line_input::prompt_line(
            label, input, tail, area.width,
        ))
    };
    let bottom = match &pane.prompt {
        Some(Prompt::Search(_)) => prompt("/", "  (Enter keeps, Esc clears)"),
        Some(Prompt::Filter(_)) => prompt("jq |", "  (Enter runs, Esc closes)"),
        Some(Prompt::Goto(_)) => prompt("go to line: ", ""),
        None => None,
    };
    let bottom = bottom.unwrap_or_else(|| {
        let mut s = pane.status();
        if let Some(n) = &pane.note {
            s = format!("{s} · {n}");
        }
        Line::from(Span::styled(s, Style::default().fg(role(Role::Muted))))
    });
    lines.push(bottom);
    f.render_widget(Paragraph::new(lines), area);
}

/// Draws the response pane: its title (sending, failed, status), then the failure, or the Graph
/// error banner and the headers or the body.
pub fn draw(m: &Model, f: &mut Frame, area: Rect) {
    let focused = m.focus == Focus::Response;
    let title = if let Some(fl) = &m.status.inflight {
        const SPIN: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
        let ms = fl.started.elapsed().as_millis();
        let spin = SPIN[(ms / 100) as usize % SPIN.len()];
        match fl.all.as_deref() {
            Some("") => format!(" {spin} fetching every page… (Esc stops) "),
            Some(line) => format!(" {spin} fetching every page (Esc stops): {line} "),
            None => format!(
                " {} sending… {:.1} s (Esc cancels) ",
                SPIN[(ms / 100) as usize % SPIN.len()],
                ms as f64 / 1000.0
            ),
        }
    } else if m.response.failure.is_some() {
        " Request failed ".to_owned()
    } else if let Some((r, (time, whole))) = m
        .response
        .data
        .as_ref()
        .and_then(|r| Some((r, r.recorded?)))
    {
        format!(
            " Recorded {} · {} {} · {} ms · {} bytes{} ",
            crate::tui::update::clock_time(time),
            r.status,
            crate::tui::panes::response::ids::reason(r.status),
            r.elapsed.as_millis(),
            r.size,
            if whole { "" } else { " · only its start kept" }
        )
    } else if let Some(r) = &m.response.data {
        format!(
            " Response · {} {}{} · {} ms · {} bytes{}{} ",
            r.status,
            crate::tui::panes::response::ids::reason(r.status),
            r.api_version
                .as_ref()
                .map(|v| format!(" · {v}"))
                .unwrap_or_default(),
            r.elapsed.as_millis(),
            r.size,
            if m.response.merged && m.response.page > 1 {
                format!(" · pages 1–{}", m.response.page)
            } else if m.response.page > 1 {
                format!(" · page {}", m.response.page)
            } else {
                String::new()
            },
            if m.response.show_headers {
                " · headers (H: body)"
            } else {
                ""
            }
        )
    } else if let Some(l) = &m.response.loading {
        format!(" {l} ")
    } else if m.mode == Mode::View {
        format!(" {} · q quits, ? keys ", m.conn.label)
    } else {
        " Response ".to_owned()
    };
    let outer = block(title, focused);
    let mut inner = outer.inner(area);
    f.render_widget(outer, area);
    if let Some(why) = &m.response.failure {
        let text = vec![
            Line::from(Span::styled(
                crate::core::doc::terminal_safe(why).into_owned(),
                Style::default()
                    .fg(role(Role::Error))
                    .add_modifier(Modifier::BOLD),
            )),
            Line::from(""),
            Line::from(Span::styled(
                "Nothing was received for this request. Fix what the message says, then Ctrl-S sends again.",
                Style::default().fg(role(Role::Muted)),
            )),
        ];
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        return;
    }
    let Some(r) = &m.response.data else {
        if let Some(pane) = &m.response.viewer {
            draw_viewer(pane, f, inner, focused);
        } else if m.mode == Mode::Explorer {
            let hint = "Nothing sent yet.\n\n1. Pick an endpoint on the left (/ filters) and press Enter, or press u in the request pane and type a path or URL.\n2. Fill its rows: Params, Headers, Body (←→ switches).\n3. Press Ctrl-S (or F5) to send: the proof is made at that moment.\n\n? lists every key.";
            f.render_widget(
                Paragraph::new(hint)
                    .style(Style::default().fg(role(Role::Muted)))
                    .wrap(Wrap { trim: false }),
                inner,
            );
        }
        return;
    };
    let banner = banner_lines(m);
    let rows = crate::tui::layout::wrapped_rows(&banner, inner.width);
    let (banner_area, body) = crate::tui::layout::response(inner, rows);
    if !banner.is_empty() {
        f.render_widget(
            Paragraph::new(banner).wrap(Wrap { trim: false }),
            banner_area,
        );
    }
    inner = body;
    let _ = r;
    if m.response.show_headers {
        let lines: Vec<Line> = r
            .headers
            .iter()
            .map(|(k, v)| {
                Line::from(vec![
                    Span::styled(
                        format!("{}: ", crate::core::doc::terminal_safe(k)),
                        Style::default().fg(role(Role::JsonKey)),
                    ),
                    Span::raw(crate::core::doc::terminal_safe(v).into_owned()),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
        return;
    }
    if let Some(pane) = &m.response.viewer {
        draw_viewer(pane, f, inner, focused);
    }
}

/// The decoded Graph error banner's lines (none without an error): the message, its type, code
/// and trace id, and the permission the endpoint needs or a hint.
pub fn banner_lines(m: &Model) -> Vec<Line<'static>> {
    let mut text = Vec::new();
    if let Some(w) = m.response.data.as_ref().and_then(|r| {
        r.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-ad-api-version-warning"))
    }) {
        text.push(Line::from(Span::styled(
            format!("Marketing API: {}", crate::core::doc::terminal_safe(&w.1)),
            Style::default().fg(role(Role::Warning)),
        )));
    }
    let Some(e) = m
        .response
        .data
        .as_ref()
        .and_then(|r| r.graph_error.as_ref())
    else {
        return text;
    };
    text.push(Line::from(Span::styled(
        format!(
            "Graph error: {}",
            crate::core::doc::terminal_safe(&e.message)
        ),
        Style::default()
            .fg(role(Role::Error))
            .add_modifier(Modifier::BOLD),
    )));
    let mut facts = Vec::new();
    if let Some(k) = &e.kind {
        facts.push(format!("type {k}"));
    }
    if let Some(c) = e.code {
        facts.push(format!("code {c}"));
    }
    if let Some(s) = e.error_subcode {
        facts.push(format!("subcode {s}"));
    }
    if let Some(t) = &e.fbtrace_id {
        facts.push(format!("fbtrace_id {t}"));
    }
    if e.is_transient == Some(true) {
        facts.push("transient: retrying may work".into());
    }
    text.push(Line::from(facts.join(" · ")));
    // What Graph would show the app's user comes last: the permission facts and hints below
    // matter more to whoever reads this, and a small banner keeps them.
    let for_user = match (&e.error_user_title, &e.error_user_msg) {
        (Some(t), Some(m)) => Some(format!("{t}: {m}")),
        (Some(v), None) | (None, Some(v)) => Some(v.clone()),
        (None, None) => None,
    }
    .map(|v| {
        Line::from(format!(
            "for the user: {}",
            crate::core::doc::terminal_safe(&v)
        ))
    });
    if e.is_throttling()
        && let Some(u) = m.response.data.as_ref().and_then(|r| r.usage.as_ref())
    {
        text.push(Line::from(Span::styled(
            u.describe(),
            Style::default().fg(role(Role::Warning)),
        )));
    }
    if matches!(e.code, Some(10 | 200..=299)) {
        if let Some(ep) = m
            .response
            .endpoint
            .as_deref()
            .and_then(|id| m.catalogue.endpoint(id))
        {
            let grants: Vec<String> = ep
                .permissions()
                .filter_map(|p| m.catalogue.permission(p))
                .map(|p| format!("{} ({}): {}", p.name, p.label, p.grants))
                .collect();
            text.push(Line::from(Span::styled(
                format!("This endpoint needs {}.", ep.permission_text()),
                Style::default().fg(role(Role::Warning)),
            )));
            if let Some(missing) = m
                .conn
                .token
                .as_ref()
                .filter(|t| t.is_valid)
                .and_then(|t| ep.missing_permission(&t.scopes))
                // Graph's message names it already: no second line for the same fact.
                .filter(|missing| !e.message.contains(missing))
            {
                text.push(Line::from(Span::styled(
                    format!("The token's scopes (debug_token) lack {missing}."),
                    Style::default().fg(role(Role::Error)),
                )));
            }
            for g in grants {
                text.push(Line::from(format!("  {g}")));
            }
        }
    } else if let Some(h) = e.hint() {
        text.push(Line::from(Span::styled(
            format!("hint: {h}"),
            Style::default().fg(role(Role::Warning)),
        )));
    }
    text.extend(for_user);
    text
}
