//! The mouse: clicks and the wheel, routed by the layout's areas.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::actions::{open_endpoint, reopen};
use super::keymap::Action;
use super::layout::{areas, list_rows};
use super::model::Left;
use super::model::{Effect, Focus, Mode, Model};
use super::panes::endpoints;

/// A click focuses (and, in the endpoint list, opens) what it lands on; the wheel scrolls the
/// list or the body under the pointer. Areas come from the one layout.
pub fn on_mouse(m: &mut Model, ev: MouseEvent) -> Vec<Effect> {
    let a = areas(m);
    let inside = |r: ratatui::layout::Rect| {
        ev.column >= r.x && ev.column < r.x + r.width && ev.row >= r.y && ev.row < r.y + r.height
    };
    match ev.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            if m.mode == Mode::Explorer && inside(a.endpoints) {
                m.focus = Focus::Endpoints;
                let row = usize::from(ev.row.saturating_sub(a.endpoints.y + 1));
                match m.left.show {
                    Left::Endpoints => {
                        if let endpoints::Outcome::Open(i) = m.left.endpoints.click(row) {
                            open_endpoint(m, i, None);
                        }
                    }
                    // The row shown at that line, filtered or not.
                    Left::Saved => {
                        let out = m.left.saved.click(row);
                        return reopen::outcome(m, out);
                    }
                }
            } else if m.mode == Mode::Explorer && inside(a.request) {
                m.focus = Focus::Request;
            } else if inside(a.response) {
                m.focus = Focus::Response;
            }
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = ev.kind == MouseEventKind::ScrollDown;
            if m.mode == Mode::Explorer && inside(a.endpoints) {
                let by = if down { 3 } else { -3 };
                let rows = list_rows(a.endpoints);
                if m.left.show == Left::Saved {
                    let action = if down { Action::Down } else { Action::Up };
                    for _ in 0..3 {
                        m.left.saved.on_action(action, rows);
                    }
                    m.left.saved.scroll_into_view(rows);
                } else {
                    m.left.endpoints.move_by(by);
                    m.left.endpoints.scroll_into_view(rows);
                }
            } else if let Some(v) = m.response.viewer.as_mut() {
                if down {
                    v.viewer_mut().down(3)
                } else {
                    v.viewer_mut().up(3)
                }
            }
        }
        _ => {}
    }
    Vec::new()
}
