//! The webhooks view's flow: `W` opens it (and reads the recorded deliveries), `s` starts or stops
//! the receiver, deliveries arrive as messages, Enter shows a payload in the viewer, `r` asks where
//! to replay it.

use crossterm::event::KeyEvent;

use crate::tui::keymap::{Action, Context, action_in};
use crate::tui::message::{Effect, Level};
use crate::tui::model::{AppPrompt, Model, Overlay};
use crate::tui::panes::webhooks::Outcome;
use crate::tui::widgets::line_input::LineInput;
use crate::webhook_server::Event;

/// `W`: opens the view.
pub fn open(m: &mut Model) -> Vec<Effect> {
    m.overlay = Overlay::Webhooks;
    vec![Effect::LoadDeliveries]
}

/// A key while the view is open.
pub fn key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let action = action_in(&key, Context::Webhooks);
    m.session.last_action = action;
    match action {
        Some(Action::ForceQuit) => {
            m.session.quit = Some(0);
            return Vec::new();
        }
        Some(Action::Suspend) => return vec![Effect::Suspend],
        _ => {}
    }
    let Some(a) = action else {
        return Vec::new();
    };
    match m.webhooks.on_action(a) {
        Outcome::Stay => Vec::new(),
        Outcome::Close => {
            m.overlay = Overlay::None;
            Vec::new()
        }
        Outcome::Toggle => vec![Effect::Receiver(m.webhooks.listening.is_none())],
        Outcome::Open(id) => vec![Effect::OpenDelivery(id)],
        Outcome::Replay(id) => {
            m.overlay = Overlay::Prompt(AppPrompt::Replay {
                id,
                input: LineInput::suggested("http://127.0.0.1:3000/webhook"),
            });
            Vec::new()
        }
    }
}

/// The receiver's report.
pub fn event(m: &mut Model, e: Event) -> Vec<Effect> {
    match e {
        Event::Delivery(r) => {
            let line = crate::webhook_server::line_of(&r);
            m.webhooks.push(*r);
            if m.overlay != Overlay::Webhooks {
                m.say(Level::Info, format!("webhook: {line} · W shows it"));
            }
        }
        Event::Verification(ok, why) => {
            m.webhooks.note = if ok {
                "verification: answered the challenge".into()
            } else {
                format!("verification refused: {why}")
            };
        }
        Event::NotRecorded(why) => m.say(Level::Error, why),
    }
    Vec::new()
}

/// The receiver started, stopped, or could not start.
pub fn started(m: &mut Model, result: Result<String, String>) -> Vec<Effect> {
    match result {
        Ok(url) => {
            m.say(Level::Info, format!("receiving webhooks on {url}"));
            m.webhooks.note = format!(
                "listening on {url}: give it to Meta (through a tunnel) or to the sandbox's /{{app-id}}/subscriptions"
            );
            m.webhooks.listening = Some(url);
        }
        Err(e) if e == "stopped" => {
            m.webhooks.listening = None;
            m.webhooks.note = "receiver stopped".into();
        }
        Err(e) => {
            m.webhooks.listening = None;
            m.webhooks.note = format!("the receiver did not start: {e}");
            m.say(
                Level::Error,
                format!("the webhook receiver did not start: {e}"),
            );
        }
    }
    Vec::new()
}

/// A payload to show in the viewer.
pub fn body(
    m: &mut Model,
    result: Result<(crate::webhook_log::Record, Vec<u8>), String>,
) -> Vec<Effect> {
    if m.overlay != Overlay::Webhooks {
        // The user moved on while it was read: open nothing over it.
        return Vec::new();
    }
    match result {
        Ok((r, body)) => {
            m.overlay = Overlay::None;
            let status = if r.verified { 200 } else { 403 };
            let text = String::from_utf8_lossy(&body).into_owned().into_bytes();
            let data = crate::tui::model::ResponseData::recorded(r.time, status, 0, r.size, text);
            let label = format!("the delivery at {}", crate::tui::update::clock_time(r.time));
            crate::tui::update::show_response(m, data, None, 1, label);
            m.say(
                Level::Info,
                format!(
                    "delivery {}: {} · W goes back to the list",
                    r.id,
                    if r.verified { "verified" } else { "rejected" }
                ),
            );
        }
        Err(e) => m.say(Level::Error, e),
    }
    Vec::new()
}

/// The replay prompt was answered.
pub fn submit_replay(m: &mut Model, id: String, url: String) -> Vec<Effect> {
    let url = url.trim().to_owned();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        m.say(Level::Error, "replay to an http:// or https:// URL");
        // What was typed stays, to be corrected.
        m.overlay = Overlay::Prompt(AppPrompt::Replay {
            id,
            input: LineInput::suggested(&url),
        });
        return Vec::new();
    }
    m.say(Level::Info, format!("replaying {id} to {url}…"));
    vec![Effect::Replay { id, url }]
}
