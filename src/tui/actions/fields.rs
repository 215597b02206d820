//! The field picker's flow: `F` asks the node for `?metadata=1` (signed like any send, cached per
//! endpoint for the session), the answer opens the picker, Enter writes `fields=`. Without
//! metadata the catalogue's example fields are offered, or the status says there are none.

use crossterm::event::KeyEvent;

use crate::core::catalogue::normalise_path;
use crate::core::metadata::{self, NodeMeta};
use crate::core::request::Method;
use crate::tui::keymap::{Action, Context, action_in};
use crate::tui::message::{Effect, Level};
use crate::tui::model::{Model, Overlay};
use crate::tui::panes::fields::{FieldPicker, Outcome};

/// The cache key of the request's node: its endpoint id, else its normalised path.
fn cache_key(m: &Model) -> String {
    let d = &m.request.draft;
    d.endpoint.clone().unwrap_or_else(|| normalise_path(&d.url))
}

/// The request's `fields=` value (empty when it has none).
fn current_fields(m: &Model) -> String {
    m.request
        .draft
        .query
        .iter()
        .find(|r| r.name == "fields" && r.enabled)
        .map(|r| r.value.clone())
        .unwrap_or_default()
}

fn open(m: &mut Model, meta: NodeMeta, note: String) {
    let value = current_fields(m);
    m.overlay = Overlay::Fields(Box::new(FieldPicker::new(meta, &value, note)));
}

/// `F`: opens the picker from the cache, or asks the node.
pub fn pick(m: &mut Model) -> Vec<Effect> {
    if m.request.draft.method != Method::Get {
        m.say(
            Level::Info,
            "the field picker is for reading a node: press F on a GET request (such as /{group-id})",
        );
        return Vec::new();
    }
    if !super::connected(m) {
        return Vec::new();
    }
    let key = cache_key(m);
    if let Some(meta) = m.session.metadata.get(&key).cloned() {
        let note = format!(
            "{} fields and connections from ?metadata=1 (kept for this session)",
            meta.fields.len()
        );
        open(m, meta, note);
        return Vec::new();
    }
    let mut spec = match super::spec(m) {
        Ok(s) => s,
        Err(e) => {
            m.say(Level::Error, format!("cannot ask for the fields: {e}"));
            return Vec::new();
        }
    };
    spec.query.retain(|(k, _)| k != "fields" && k != "metadata");
    spec.query.push(("metadata".into(), "1".into()));
    spec.query.push(("fields".into(), "id".into()));
    let tag = m.next_id();
    m.session.metadata_fetch = tag;
    m.say(
        Level::Info,
        "asking the node for its fields (?metadata=1, signed now)…",
    );
    vec![Effect::FetchMetadata { tag, key, spec }]
}

/// The answer to a fetch: the picker opens on it, or on the catalogue's fields.
pub fn answered(
    m: &mut Model,
    tag: u64,
    key: String,
    result: Result<NodeMeta, String>,
) -> Vec<Effect> {
    if tag != m.session.metadata_fetch {
        return Vec::new();
    }
    // The user moved on (another request, a prompt): keep the answer, open nothing over it.
    if key != cache_key(m) || m.overlay != Overlay::None {
        if let Ok(meta) = result {
            m.session.metadata.insert(key, meta);
        }
        return Vec::new();
    }
    match result {
        Ok(meta) => {
            m.session.metadata.insert(key, meta.clone());
            let note = format!(
                "{} fields and connections from ?metadata=1",
                meta.fields.len()
            );
            m.say(Level::Info, "Space ticks a field, Enter sets fields=");
            open(m, meta, note);
        }
        Err(e) => {
            let cat = m.catalogue.clone();
            let fallback = m
                .request
                .draft
                .endpoint
                .as_deref()
                .and_then(|id| cat.endpoint(id))
                .and_then(|ep| metadata::from_catalogue(&cat, ep));
            match fallback {
                Some(meta) => {
                    let note = format!("no metadata from the server ({e}): the catalogue's fields");
                    m.say(Level::Info, "Space ticks a field, Enter sets fields=");
                    open(m, meta, note);
                }
                None => m.say(
                    Level::Error,
                    format!("no field list: the server gave no metadata ({e}) and the catalogue knows no fields here; type fields= yourself"),
                ),
            }
        }
    }
    Vec::new()
}

/// A key while the picker is open.
pub fn key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let page = usize::from(m.session.size.1.saturating_sub(10)).max(1);
    let Overlay::Fields(p) = &mut m.overlay else {
        return Vec::new();
    };
    let action = action_in(&key, Context::Picker);
    m.session.last_action = action;
    let outcome = match action {
        Some(Action::ForceQuit) => {
            m.session.quit = Some(0);
            return Vec::new();
        }
        Some(Action::Suspend) => return vec![Effect::Suspend],
        Some(Action::Send) => Outcome::Apply(p.value.clone()),
        _ if p.filtering => p.filter_key(key),
        Some(a) => p.on_action(a, page),
        None => Outcome::Stay,
    };
    match outcome {
        Outcome::Stay => {}
        Outcome::Close => m.overlay = Overlay::None,
        Outcome::Apply(value) => {
            m.overlay = Overlay::None;
            let d = &mut m.request.draft;
            if value.is_empty() {
                if let Some(r) = d.query.iter_mut().find(|r| r.name == "fields") {
                    r.enabled = false;
                }
                m.say(
                    Level::Info,
                    "no field ticked: fields= is off (the node's defaults answer)",
                );
            } else {
                d.set_query("fields", &value);
                m.say(Level::Info, format!("fields={value} · Ctrl-S sends"));
            }
        }
    }
    Vec::new()
}
