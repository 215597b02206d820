//! `b` adds the request to the batch, `B` opens it; in the list, Enter sends it.

use crossterm::event::KeyEvent;

use super::spec;
use crate::tui::keymap::{Action, Context, action_in};
use crate::tui::model::{Effect, Level, Model, Overlay};

/// `b`: the request being edited becomes the batch's next operation.
pub fn add(m: &mut Model) -> Vec<Effect> {
    let spec = match spec(m) {
        Ok(s) => s,
        Err(e) => {
            m.say(Level::Error, e);
            return Vec::new();
        }
    };
    match m.batch.add(&spec) {
        Ok(name) => m.say(
            Level::Info,
            format!(
                "added as {name} ({} in the batch): B opens it; {{result={name}:$.id}} in a later request uses its answer",
                m.batch.ops.len()
            ),
        ),
        Err(e) => m.say(Level::Error, e),
    }
    Vec::new()
}

/// `B`: the list.
pub fn open(m: &mut Model) -> Vec<Effect> {
    m.overlay = Overlay::Batch;
    Vec::new()
}

/// A key while the list is open.
pub fn key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let action = action_in(&key, Context::Batch);
    m.session.last_action = action;
    match action {
        Some(Action::ForceQuit) => m.session.quit = Some(0),
        Some(Action::Suspend) => return vec![Effect::Suspend],
        Some(Action::Down) => m.batch.step(1),
        Some(Action::Up) => m.batch.step(-1),
        Some(Action::Delete) => {
            if let Some(gone) = m.batch.remove_selected() {
                m.say(
                    Level::Info,
                    format!(
                        "removed {}",
                        gone.name.unwrap_or_else(|| "the operation".into())
                    ),
                );
            }
        }
        Some(Action::Cancel) => m.overlay = Overlay::None,
        Some(Action::Open) => return send(m),
        _ => {}
    }
    Vec::new()
}

/// Sends every operation as one signed batch; the list stays for another try.
fn send(m: &mut Model) -> Vec<Effect> {
    if m.batch.ops.is_empty() {
        m.say(
            Level::Info,
            "the batch is empty: b adds the request being edited",
        );
        return Vec::new();
    }
    if !super::connected(m) {
        return Vec::new();
    }
    m.overlay = Overlay::None;
    let (id, mut fx) = super::start_flight(m, None, 1, None);
    if let Some(f) = m.status.inflight.as_mut() {
        f.label = format!("a batch of {}", m.batch.ops.len());
    }
    fx.push(Effect::Batch {
        id,
        ops: m.batch.ops.clone(),
    });
    fx
}
