//! `view(&Model, &mut Frame)`: draws the model, and only the visible lines of anything long.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::model::{AppPrompt, Focus, Left, Level, Mode, Model, Overlay};
use crate::tui::theme::{Role, role};

pub use super::layout::{Areas, MIN_SIZE, areas};

pub use super::widgets::style::{block, method_style};

/// Draws the whole screen, then paints its colour roles in the theme's colours; with
/// `NO_COLOR`, in bold and reverse only.
pub fn view(m: &Model, f: &mut Frame) {
    draw(m, f);
    if m.session.no_color {
        without_colour(f.buffer_mut());
    } else {
        m.session.theme.paint(f.buffer_mut());
    }
}

/// `NO_COLOR` (no-color.org): every colour is dropped; what a background colour marked (the
/// selection, badges) is shown reversed instead.
fn without_colour(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.bg != Color::Reset {
            cell.modifier.insert(Modifier::REVERSED);
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}

fn draw(m: &Model, f: &mut Frame) {
    let (w, h) = m.session.size;
    let min = if m.mode == Mode::View {
        super::layout::MIN_VIEW
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
    let a = areas(m);
    if m.mode == Mode::Explorer {
        let left_focused = m.focus == Focus::Endpoints;
        if m.left.show == Left::Saved {
            super::panes::saved::draw(&m.left.saved, f, a.endpoints, left_focused);
        } else if let Some(note) = m
            .conn
            .surface
            .and_then(|s| s.no_catalogue_note())
            .filter(|_| m.catalogue.shown_packs(m.conn.surface).is_empty())
        {
            let frame = ratatui::widgets::Block::default()
                .borders(ratatui::widgets::Borders::ALL)
                .border_style(Style::default().fg(if left_focused {
                    role(Role::Accent)
                } else {
                    role(Role::Muted)
                }))
                .title(" Endpoints ");
            f.render_widget(
                Paragraph::new(format!("{note}\n\nPress u to type a path or a full URL."))
                    .style(Style::default().fg(role(Role::Muted)))
                    .wrap(Wrap { trim: false })
                    .block(frame),
                a.endpoints,
            );
        } else {
            let granted = m
                .conn
                .token
                .as_ref()
                .filter(|t| t.is_valid)
                .map(|t| t.scopes.as_slice());
            super::panes::endpoints::draw(&m.left.endpoints, f, a.endpoints, left_focused, granted);
        }
        super::panes::request::draw(
            &m.request,
            &m.catalogue,
            f,
            a.request,
            m.focus == Focus::Request,
        );
    }
    super::panes::response::draw::draw(m, f, a.response);
    draw_status(m, f, a.status);
    if m.response.id_menu.is_some() {
        super::panes::response::id_menu::draw(m, f);
    }
    if let Overlay::Switcher(s) = &m.overlay {
        super::panes::switcher::draw(s, f, m.session.size);
    }
    if let Overlay::Fields(p) = &m.overlay {
        super::panes::fields::draw(p, f, m.session.size);
    }
    if m.overlay == Overlay::Webhooks {
        super::panes::webhooks::draw(&m.webhooks, f, m.session.size);
    }
    if m.overlay == Overlay::Batch {
        super::panes::batch::draw(&m.batch, f, m.session.size);
    }
    if let Overlay::Help(scroll) = m.overlay {
        super::help::draw(m, f, scroll);
    }
    if let Overlay::Token(lines) = &m.overlay {
        draw_token(lines, f, m.session.size);
    }
}

/// The token panel: what `debug_token` said, in the words of `wpx token`.
fn draw_token(lines: &[(String, String)], f: &mut Frame, size: (u16, u16)) {
    let (area, _) = super::layout::help(size);
    let text: Vec<Line> = lines
        .iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(
                    format!("{k:<20} "),
                    Style::default().fg(role(Role::JsonKey)),
                ),
                Span::raw(crate::core::doc::terminal_safe(v).into_owned()),
            ])
        })
        .collect();
    f.render_widget(ratatui::widgets::Clear, area);
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(
            ratatui::widgets::Block::default()
                .borders(ratatui::widgets::Borders::ALL)
                .title(" Token (debug_token) · any key closes "),
        ),
        area,
    );
}

fn fmt_countdown(secs: i64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn draw_status(m: &Model, f: &mut Frame, area: Rect) {
    let prompt = |label: &str, input: &super::widgets::line_input::LineInput, tail: &str| {
        super::widgets::line_input::prompt_line(label, input, tail, area.width)
    };
    let msg = match &m.overlay {
        Overlay::Prompt(AppPrompt::Save(input)) => Some(prompt(
            "save as COLLECTION/NAME: ",
            input,
            "  (Enter saves, Esc cancels)",
        )),
        Overlay::Prompt(AppPrompt::Export(input))
            if m.response.export_replace.as_deref() == Some(input.text().trim()) =>
        {
            Some(prompt(
                "export to: ",
                input,
                "  (already there: Enter replaces it, Esc keeps it)",
            ))
        }
        Overlay::Prompt(AppPrompt::Export(input)) => Some(prompt(
            "export to FILE (.json, .jsonl or .csv): ",
            input,
            "  (Enter writes, Esc cancels)",
        )),
        Overlay::Prompt(AppPrompt::Rename { input, .. }) => Some(prompt(
            "rename to: ",
            input,
            "  (Enter renames, Esc cancels)",
        )),
        Overlay::Prompt(AppPrompt::Replay { input, .. }) => Some(prompt(
            "replay to URL: ",
            input,
            "  (Enter sends, signed anew; Esc cancels)",
        )),
        _ => None,
    };
    let msg = msg.unwrap_or_else(|| match &m.status.message {
        Some((Level::Error, t)) => Line::from(Span::styled(
            t.clone(),
            Style::default().fg(role(Role::Error)),
        )),
        Some((Level::Info, t)) => Line::from(Span::raw(t.clone())),
        None => Line::default(),
    });
    // The fullest connection line that fits: the key hint is never the part that goes.
    let spans = (0..=4)
        .map(|level| connection_spans(m, level))
        .find(|spans| spans.iter().map(Span::width).sum::<usize>() <= usize::from(area.width))
        .unwrap_or_else(|| connection_spans(m, 4));
    let [message, connection] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: false }), message);
    f.render_widget(Paragraph::new(Line::from(spans)), connection);
}

/// The connection line at a level of compactness: 0 is the fullest; each level drops or shortens
/// one thing (the URL's scheme, `t=` and the usage's source, the host), never the rate-limit
/// share, a token warning or the key hint.
fn connection_spans(m: &Model, level: u8) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if m.conn.sandbox {
        spans.push(Span::styled(
            " SANDBOX ",
            Style::default()
                .bg(role(Role::Warning))
                .fg(role(Role::OnColour))
                .add_modifier(Modifier::BOLD),
        ));
        match &m.conn.app {
            Some(app) => spans.push(Span::raw(format!(" app {app} "))),
            None => spans.push(Span::raw(" fake data ")),
        }
    } else if m.mode == Mode::Explorer {
        spans.push(Span::styled(
            format!(" {} ", m.conn.label),
            Style::default()
                .bg(role(Role::SelectionBg))
                .fg(role(Role::SelectionFg))
                .add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(t) = &m.conn.target {
        let url = t.base_url.as_str().trim_end_matches('/');
        let host = url.split_once("://").map_or(url, |(_, h)| h);
        spans.push(Span::raw(match level {
            0 => format!(" {url} · proof {} ", t.proof),
            1..=2 => format!(" {host} · proof {} ", t.proof),
            _ => format!(" proof {} ", t.proof),
        }));
    } else if m.mode == Mode::Explorer {
        spans.push(Span::raw(" starting… "));
    }
    if let Some(e) = &m.conn.environment {
        spans.push(Span::raw(format!("· env {} ", e.name)));
    }
    if let Some(w) = m.conn.token.as_ref().and_then(|t| t.warning(m.session.now)) {
        let short = if w.contains("expires in") {
            w.replace("the token expires in", "token expires in")
        } else {
            "token invalid (T)".to_owned()
        };
        spans.push(Span::styled(
            format!("· {short} "),
            Style::default()
                .fg(role(Role::Error))
                .add_modifier(Modifier::BOLD),
        ));
    }
    if let Some((time, exp)) = m.response.data.as_ref().and_then(|r| r.proof) {
        let left = (exp - m.session.now).min(exp - time);
        let text = if left > 0 && level >= 2 {
            format!("· valid {} ", fmt_countdown(left))
        } else if left > 0 {
            format!("· t={time} valid {} ", fmt_countdown(left))
        } else {
            format!("· t={time} expired (next send signs anew) ")
        };
        spans.push(Span::styled(
            text,
            Style::default().fg(if left > 60 {
                role(Role::Success)
            } else {
                role(Role::Warning)
            }),
        ));
    }
    if let Some(u) = m.response.data.as_ref().and_then(|r| r.usage.as_ref()) {
        let colour = match crate::core::usage::band(u.pct) {
            0 => role(Role::Muted),
            1 => role(Role::Warning),
            _ => role(Role::Error),
        };
        let text = if level == 0 {
            format!("· {} ", u.describe())
        } else {
            format!("· usage {} % ", u.pct)
        };
        let style = Style::default().fg(colour);
        spans.push(Span::styled(
            text,
            if u.pct >= 100 {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            },
        ));
    }
    spans.push(Span::styled(
        "· ? keys · q quit",
        Style::default().fg(role(Role::Muted)),
    ));
    spans
}
