//! Opening a saved request or a history entry again (Enter in the saved pane, a click, the
//! palette). A history entry also shows the answer it got: the whole one when the history kept
//! it (read off the loop, `Message::Kept`), else its start. Opening two entries one after the
//! other lets `=` compare their answers.

use std::sync::Arc;

use crate::core::collection::SavedRequest;
use crate::core::doc::Document;
use crate::core::draft::Draft;
use crate::tui::keymap::Action;
use crate::tui::model::{AppPrompt, Effect, Focus, Level, Model, Overlay};
use crate::tui::panes::request::Origin;
use crate::tui::panes::response::ResponseData;
use crate::tui::panes::saved::{self, Recorded};
use crate::tui::update::{clock_time, show_response};
use crate::tui::widgets::line_input::LineInput;

/// Opens a saved request or history entry in the request pane.
pub(in crate::tui) fn open(
    m: &mut Model,
    req: &SavedRequest,
    item: Option<saved::SavedItem>,
) -> Vec<Effect> {
    let cat = m.catalogue.clone();
    let draft = Draft::from_saved(req, Some(&cat));
    let summary = if req.description.is_empty() {
        format!("saved: {}", req.full_name())
    } else {
        req.description
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .unwrap_or_default()
            .chars()
            .take(100)
            .collect()
    };
    let recorded = item.as_ref().and_then(|i| i.recorded.clone());
    let origin = item.and_then(|i| {
        Some(Origin {
            collection: i.collection?,
            name: req.full_name(),
            variables: i.variables,
            description: req.description.clone(),
        })
    });
    m.request.load(draft, summary, origin);
    m.response.kept_wait = None;
    let Some(rec) = recorded else {
        m.focus = Focus::Request;
        m.say(
            Level::Info,
            format!("{} {} · Ctrl-S sends", req.method, req.path),
        );
        return Vec::new();
    };
    let at = clock_time(rec.time);
    if rec.status == 0 {
        let r = &mut m.response;
        r.data = None;
        r.viewer = None;
        r.failure = Some(format!(
            "This request failed at {at} before any response came (history keeps no error text). Ctrl-S sends it again."
        ));
        m.say(
            Level::Info,
            format!("{} {} · Ctrl-S sends it again", req.method, req.path),
        );
        return Vec::new();
    }
    // The request as it opened, query included (the line may be edited before its answer comes).
    let what = format!("{} {}", m.request.draft.method, m.request.draft.line());
    if let Some(name) = rec.body_file.clone() {
        // The answer shown stays until the whole one is read (a millisecond or so).
        let id = m.next_id();
        m.response.kept_wait = Some((id, rec, what));
        return vec![Effect::ReadKept { id, name }];
    }
    let doc = Arc::new(Document::new(rec.preview.clone().into_bytes()));
    let whole = rec.preview_whole;
    shown(m, &rec, doc, &what, whole, None);
    Vec::new()
}

/// The whole answer of the entry opened last arrived (or could not be read: its start is shown).
pub(in crate::tui) fn kept(m: &mut Model, id: u64, body: Result<Arc<Document>, String>) {
    let Some((wanted, rec, what)) = m.response.kept_wait.take() else {
        return;
    };
    if wanted != id {
        m.response.kept_wait = Some((wanted, rec, what));
        return;
    }
    match body {
        Ok(doc) => shown(m, &rec, doc, &what, true, None),
        Err(why) => {
            let doc = Arc::new(Document::new(rec.preview.clone().into_bytes()));
            shown(m, &rec, doc, &what, rec.preview_whole, Some(why));
        }
    }
}

/// Shows what history recorded of an answer, and says what it is.
fn shown(
    m: &mut Model,
    rec: &Recorded,
    doc: Arc<Document>,
    what: &str,
    whole: bool,
    why: Option<String>,
) {
    let facts = (rec.time, rec.status, rec.duration_ms, rec.size);
    let data = ResponseData::recorded_doc(facts, doc, whole);
    let endpoint = m.request.draft.endpoint.clone();
    let before = m.response.data.is_some();
    let label = format!("{what}, recorded {}", clock_time(rec.time));
    show_response(m, data, endpoint, 1, label);
    let at = clock_time(rec.time);
    let compare = if before {
        " · = compares it with the answer before"
    } else {
        ""
    };
    let text = match (whole, why) {
        (true, _) => format!(
            "{what} · on the right, the answer it got at {at}{compare} · Ctrl-S sends it again"
        ),
        (false, Some(why)) => format!(
            "{what} · on the right, the start of the answer it got at {at}: {why} · Ctrl-S sends it again"
        ),
        (false, None) => format!(
            "{what} · on the right, the start of the answer it got at {at} (the history keeps answers up to [history] max_body_bytes whole) · Ctrl-S sends it again"
        ),
    };
    m.say(Level::Info, text);
}

/// A key in the saved pane. Moving says the whole row (a narrow pane cuts it).
pub(super) fn on_action(m: &mut Model, action: Action, rows: usize) -> Vec<Effect> {
    let out = m.left.saved.on_action(action, rows);
    let moved = matches!(
        action,
        Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
    );
    if moved
        && out == saved::Outcome::Handled
        && let Some(label) = m.left.saved.selected_item().map(|i| i.label.clone())
    {
        m.say(Level::Info, format!("{label} · Enter opens it"));
    }
    outcome(m, out)
}

/// Does what the saved pane asked for (a key, a click, the filter).
pub(in crate::tui) fn outcome(m: &mut Model, out: saved::Outcome) -> Vec<Effect> {
    match out {
        saved::Outcome::Open(item) => {
            let req = item.request.clone();
            return open(m, &req, Some(*item));
        }
        saved::Outcome::Rename(collection, old) => {
            m.overlay = Overlay::Prompt(AppPrompt::Rename {
                collection,
                input: LineInput::suggested(old.clone()),
                old,
            })
        }
        saved::Outcome::Delete(collection, name) => {
            return vec![Effect::Delete { collection, name }];
        }
        saved::Outcome::Handled if m.left.saved.confirm_delete.is_some() => {
            m.say(Level::Info, "press D again to delete this saved request")
        }
        _ => {}
    }
    Vec::new()
}
