//! An answer arrives: the status line says what came (status, time, size, a Graph error's code,
//! a fetch's summary), and the response pane shows it, keeping the answer before for `=`.

use super::response_size;
use crate::tui::model::{Focus, Level, Model};
use crate::tui::panes::response::ids::reason;
use crate::tui::panes::response::viewer::ViewerPane;

pub(super) fn sent(
    m: &mut Model,
    id: u64,
    result: Result<Box<crate::tui::model::ResponseData>, String>,
) {
    let Some(flight) = m.status.inflight.take_if(|f| f.id == id) else {
        return;
    };
    match result {
        Ok(data) => {
            // A fetch of every page says its pages in its summary.
            let page = if flight.page > 1 && flight.all.is_none() {
                format!(" · page {}", flight.page)
            } else {
                String::new()
            };
            let headline = format!(
                "{} {} · {} ms · {}{page}",
                data.status,
                reason(data.status),
                data.elapsed.as_millis(),
                crate::core::timefmt::human_size(data.size as u64)
            );
            match &data.graph_error {
                // The error box says it all; the status line stays one row, for the box.
                Some(e) => m.say(
                    Level::Error,
                    match e.code {
                        Some(c) => format!("{headline} · Graph error, code {c}"),
                        None => format!("{headline} · Graph error"),
                    },
                ),
                None if data.status >= 400 => m.say(Level::Error, headline),
                None => m.say(Level::Info, headline),
            }
            if let Some(note) = &data.skew_note {
                m.say(Level::Info, format!("note: {note}"));
            }
            // A fetch of every page: its summary (pages, items, how it ended) after the status.
            if let Some(summary) = flight.all.as_ref().filter(|s| !s.is_empty()) {
                let level = if data.graph_error.is_some() {
                    Level::Error
                } else {
                    Level::Info
                };
                m.say(level, summary.clone());
            }
            // A fetch that stopped at a failed page shows that page, not pages merged.
            let merged = flight.all.is_some() && (200..300).contains(&data.status);
            show_response(m, *data, flight.endpoint, flight.page, flight.label);
            m.response.merged = merged;
            if m.focus == Focus::Request && !m.editing() {
                m.focus = Focus::Response;
            }
        }
        Err(e) => {
            // The pane shows the failure, never an older response as if it were current.
            let r = &mut m.response;
            r.data = None;
            r.viewer = None;
            r.show_headers = false;
            r.failure = Some(e.clone());
            m.say(Level::Error, e);
        }
    }
}

/// Puts a response in the response pane: its body in a new viewer, sized to the pane.
pub(in crate::tui) fn show_response(
    m: &mut Model,
    data: crate::tui::model::ResponseData,
    endpoint: Option<String>,
    page: u32,
    label: String,
) {
    let r = &mut m.response;
    // A newer answer than the history entry still being read: that read is dropped.
    r.kept_wait = None;
    if let Some(old) = r.data.take() {
        r.previous = Some(old.doc);
        r.previous_label = Some(std::mem::take(&mut r.label));
    }
    // What it answers, as it was sent (the line on screen may have changed since).
    let label = format!("{label} · {}", data.status);
    let r = &mut m.response;
    r.label =
        crate::core::text::terminal_safe(&label, crate::core::text::Keep::Nothing).into_owned();
    r.viewer = Some(ViewerPane::new(data.doc.clone()));
    r.data = Some(data);
    r.failure = None;
    r.endpoint = endpoint;
    r.page = page;
    r.merged = false;
    r.show_headers = false;
    r.id_menu = None;
    let (rows, cols) = response_size(m);
    if let Some(v) = m.response.viewer.as_mut() {
        v.set_size(rows, cols);
    }
}
