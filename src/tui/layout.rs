//! The one source of areas and heights: the panes, the request pane's rows, the response's banner
//! and viewer, the menus. Drawing, scrolling and the mouse all ask here.

use ratatui::layout::{Constraint, Layout, Rect};

use unicode_width::UnicodeWidthStr;

use super::model::{Mode, Model, Overlay};

/// Smallest terminal for the explorer.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Smallest terminal for the viewer alone.
pub const MIN_VIEW: (u16, u16) = (40, 10);

/// Where each pane goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// Endpoint list.
    pub endpoints: Rect,
    /// Request editor.
    pub request: Rect,
    /// Response viewer.
    pub response: Rect,
    /// Status bar: the message (one or two rows), then the connection line.
    pub status: Rect,
}

/// The layout of the model's screen: a status message wider than the terminal takes two
/// rows, so that nothing it says is cut.
pub fn areas(m: &Model) -> Areas {
    let cols = m
        .status
        .message
        .as_ref()
        .filter(|_| !matches!(m.overlay, Overlay::Prompt(_)))
        .map_or(0, |(_, t)| t.width());
    let width = usize::from(m.session.size.0.max(1));
    let rows = cols.div_ceil(width).clamp(1, 2) as u16;
    layout(m.session.size, m.mode, rows)
}

/// The layout for a terminal size, with `message_rows` rows for the status message above the
/// connection line.
pub fn layout(size: (u16, u16), mode: Mode, message_rows: u16) -> Areas {
    let full = Rect::new(0, 0, size.0, size.1);
    let [main, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(message_rows + 1)]).areas(full);
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
                Layout::vertical([Constraint::Percentage(46), Constraint::Percentage(54)])
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

/// Rows inside a bordered list pane (endpoints, saved).
pub fn list_rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2)).max(1)
}

/// The rows of the request pane, inside its border.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestAreas {
    /// Method and URL.
    pub line: Rect,
    /// The endpoint's summary and permission.
    pub summary: Rect,
    /// Params │ Headers │ Body.
    pub tabs: Rect,
    /// The section's rows.
    pub content: Rect,
    /// Facts about the selected row (and its keys when there is room).
    pub details: Rect,
}

/// Splits the request pane's inner area.
pub fn request(inner: Rect) -> RequestAreas {
    let details = if inner.height >= 10 { 2 } else { 1 };
    let [line, summary, tabs, content, details] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(details),
    ])
    .areas(inner);
    RequestAreas {
        line,
        summary,
        tabs,
        content,
        details,
    }
}

/// Rows of the decoded Graph error banner: all its wrapped lines, so that the message, the
/// `type · code` line and the hint are never cut, and a gap when there is room. The body keeps
/// at least its status line (the body repeats the error anyway).
pub fn banner_height(rows: usize, inner: Rect) -> u16 {
    let rows = u16::try_from(rows).unwrap_or(u16::MAX);
    let room = inner.height.saturating_sub(1);
    if rows.saturating_add(3) <= inner.height {
        rows + 1
    } else {
        rows.min(room)
    }
}

/// Rows `lines` take once wrapped to `width` columns (as the banner draws them).
pub fn wrapped_rows(lines: &[ratatui::text::Line<'_>], width: u16) -> usize {
    if lines.is_empty() {
        return 0;
    }
    ratatui::widgets::Paragraph::new(lines.to_vec())
        .wrap(ratatui::widgets::Wrap { trim: false })
        .line_count(width)
}

/// The response pane's inner area split into the banner (`banner_lines` wrapped rows) and the
/// body (viewer rows plus its status line).
pub fn response(inner: Rect, banner_lines: usize) -> (Rect, Rect) {
    if banner_lines == 0 {
        return (Rect::new(inner.x, inner.y, inner.width, 0), inner);
    }
    let h = banner_height(banner_lines, inner);
    let [banner, body] = Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(inner);
    (banner, body)
}

/// The inner area of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(1),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

/// Rows the viewer shows (the body area less its status line).
pub fn viewer_rows(body: Rect) -> usize {
    usize::from(body.height.saturating_sub(1)).max(1)
}

/// A `w`×`h` rectangle centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The id menu's box for `options` entries on a screen of `size`, and how many it shows.
pub fn id_menu(size: (u16, u16), options: usize) -> (Rect, usize) {
    let screen = Rect::new(0, 0, size.0, size.1);
    let rows = options.min(usize::from(size.1.saturating_sub(4))).max(1);
    (centered(screen, 72, rows as u16 + 2), rows)
}

/// The switcher's box for `rows` entries (and its filter line), and how many entries it shows.
pub fn switcher(size: (u16, u16), rows: usize) -> (Rect, usize) {
    let screen = Rect::new(0, 0, size.0, size.1);
    let shown = rows.min(usize::from(size.1.saturating_sub(5))).max(1);
    let width = size.0.saturating_sub(4).min(100);
    (centered(screen, width, shown as u16 + 3), shown)
}

/// The help overlay's box and how many rows of keys it shows.
pub fn help(size: (u16, u16)) -> (Rect, usize) {
    let screen = Rect::new(0, 0, size.0, size.1);
    let area = centered(screen, 96, size.1.saturating_sub(2));
    (area, usize::from(area.height.saturating_sub(2)).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_shows_what_it_lets_you_select() {
        let (area, rows) = id_menu((80, 24), 23);
        assert_eq!(rows, 20);
        assert_eq!(area.height, 22);
        let (_, rows) = id_menu((80, 24), 5);
        assert_eq!(rows, 5);
    }

    #[test]
    fn the_banner_is_sized_by_its_wrapped_height() {
        let lines = vec![
            ratatui::text::Line::from("word ".repeat(20)),
            ratatui::text::Line::from("x"),
        ];
        assert_eq!(wrapped_rows(&lines, 200), 2);
        assert!(wrapped_rows(&lines, 30) >= 5, "100 columns wrap in 30");
        assert_eq!(wrapped_rows(&[], 30), 0);
    }

    #[test]
    fn the_viewer_height_leaves_room_for_the_banner() {
        let inner = Rect::new(0, 0, 50, 12);
        let (banner, body) = response(inner, 3);
        assert_eq!(banner.height, 4);
        assert_eq!(body.height, 8);
        assert_eq!(viewer_rows(body), 7);
        let (_, body) = response(inner, 0);
        assert_eq!(viewer_rows(body), 11);
    }

    #[test]
    fn a_tall_banner_is_never_cut_to_half_the_pane() {
        let inner = Rect::new(0, 0, 50, 10);
        let (banner, body) = response(inner, 8);
        assert_eq!(banner.height, 8, "all eight rows, no gap");
        assert_eq!(body.height, 2);
        let (banner, _) = response(inner, 7);
        assert_eq!(banner.height, 8, "seven rows and a gap");
        let (banner, body) = response(inner, 30);
        assert_eq!(
            (banner.height, body.height),
            (9, 1),
            "the body keeps its status line"
        );
    }
}
