//! `update(&mut Model, Message) -> Vec<Effect>`: all of the TUI's behaviour, with no IO. Keys go
//! through the one key table ([`super::keymap`]) to an action, and the action to its pane.

use crossterm::event::{KeyEvent, KeyEventKind};

use super::actions::{on_action, open_endpoint, pane_effects, request_outcome};
use super::keymap::{Action, Context, action_for, action_in};
use super::model::{AppPrompt, Effect, Focus, Left, Level, Message, Mode, Model, Overlay};
use super::panes::response::viewer::ViewerPane;
use super::panes::switcher::{Outcome, Switcher};
use super::widgets::line_input::InputOutcome;

mod sent;
use sent::sent;
pub(super) use sent::show_response;

/// Applies one message. When it changes the layout (a status message that wraps to two rows
/// takes a row from the viewer), the panes are fitted again, or the viewer's cursor line would
/// fall under the bar.
pub fn update(m: &mut Model, msg: Message) -> Vec<Effect> {
    let before = super::layout::areas(m);
    let fx = apply(m, msg);
    if super::layout::areas(m) != before {
        fit(m);
    }
    fx
}

fn apply(m: &mut Model, msg: Message) -> Vec<Effect> {
    match msg {
        Message::Key(key)
            if key.kind == KeyEventKind::Press || key.kind == KeyEventKind::Repeat =>
        {
            on_key(m, key)
        }
        Message::Key(_) => Vec::new(),
        Message::Mouse(ev) => super::mouse::on_mouse(m, ev),
        Message::Paste(text) => on_paste(m, &text),
        Message::Resize(w, h) => {
            m.session.size = (w, h);
            fit(m);
            Vec::new()
        }
        Message::Tick(now) => {
            m.session.now = now;
            Vec::new()
        }
        Message::Sent { id, result } => {
            sent(m, id, result);
            Vec::new()
        }
        Message::SearchDone { id, matches } => {
            if let Some(v) = m.response.viewer.as_mut() {
                v.search_done(id, matches);
            }
            Vec::new()
        }
        Message::FilterDone { id, result } => {
            if let Some(v) = m.response.viewer.as_mut() {
                v.filter_done(id, result);
            }
            Vec::new()
        }
        Message::Copied {
            what,
            result,
            expires,
        } => {
            match result {
                Ok(via) => {
                    let until = expires
                        .map(|e| format!("; its proof is valid until {} (5 min)", clock_time(e)))
                        .unwrap_or_default();
                    m.say(
                        Level::Info,
                        format!("copied the {what} to {}{until}", via.describe()),
                    );
                }
                Err(e) => m.say(Level::Error, e),
            }
            Vec::new()
        }
        Message::Connected(c) => {
            // The environment stays across a switch; the profile's variables are the new
            // connection's own (none on the sandbox).
            let environment = m.conn.environment.take();
            let first = m.conn.target.is_none();
            m.conn = c.conn.clone();
            let shown = m.catalogue.shown_packs(m.conn.surface);
            m.left.endpoints.show_packs(shown);
            m.conn.environment = m.conn.environment.take().or(environment);
            if !m.conn.warnings.is_empty() {
                let mut w = m.conn.warnings.join("; ");
                if first && !m.session.start_notes.is_empty() {
                    w = format!(
                        "{w}; {}",
                        std::mem::take(&mut m.session.start_notes).join("; ")
                    );
                }
                m.say(Level::Error, format!("warning: {w}"));
            } else if first && !m.session.start_notes.is_empty() {
                let notes = std::mem::take(&mut m.session.start_notes).join("; ");
                m.say(Level::Error, notes);
            } else if m.conn.sandbox && first {
                m.say(Level::Info, "SANDBOX ready: pick an endpoint and press Enter (or u to type a path), then Ctrl-S to send. P switches demo app, profile or environment");
            } else if m.conn.sandbox {
                m.say(
                    Level::Info,
                    "now on the sandbox, as the demo app 'all' (the request stays)",
                );
            } else if !first {
                let base = m
                    .conn
                    .target
                    .as_ref()
                    .map(|t| t.base_url.to_string())
                    .unwrap_or_default();
                m.say(
                    Level::Info,
                    format!(
                        "now on profile '{}' ({base}); the request stays, Ctrl-S sends it there. Y reads the token from $WPX_ACCESS_TOKEN",
                        m.conn.label
                    ),
                );
            }
            vec![Effect::Connect(c), check_token(m, false)]
        }
        Message::ConnectFailed(e) => {
            if m.response.loading.take().is_some() {
                m.response.failure = Some(e.clone());
            }
            m.say(Level::Error, e);
            Vec::new()
        }
        Message::Compared { id, result } => {
            if let Some(v) = m.response.viewer.as_mut() {
                v.compare_done(id, result);
                // The pane's line is narrow: the status bar says it whole.
                if let Some(note) = v.note.clone() {
                    m.say(Level::Info, note);
                }
            }
            Vec::new()
        }
        Message::FetchProgress { id, line, pages } => {
            if let Some(f) = m.status.inflight.as_mut().filter(|f| f.id == id) {
                f.all = Some(line.clone());
                // The merged document ends at this page: `]` goes on from the next.
                if let Ok(p) = u32::try_from(pages)
                    && p > 0
                {
                    f.page = p;
                }
                m.say(Level::Info, line);
            }
            Vec::new()
        }
        Message::Loading { head, note } => {
            m.response.loading = Some(note);
            match (head, m.response.viewer.as_mut()) {
                (Some(doc), None) => {
                    let mut pane = ViewerPane::new(doc);
                    let (rows, cols) = response_size(m);
                    pane.set_size(rows, cols);
                    m.response.viewer = Some(pane);
                }
                // More of the first lines came.
                (Some(doc), Some(pane)) if !pane.original.doc().is_complete() => {
                    pane.original.grow(doc);
                }
                _ => {}
            }
            Vec::new()
        }
        Message::Loaded(doc) => {
            m.response.loading = None;
            match m.response.viewer.as_mut() {
                // The first lines were shown: the whole document takes their place, keeping the
                // cursor and the folds.
                Some(pane) if doc.json_index().is_some() => pane.original.grow(doc),
                _ => {
                    let mut pane = ViewerPane::new(doc);
                    let (rows, cols) = response_size(m);
                    pane.set_size(rows, cols);
                    m.response.viewer = Some(pane);
                }
            }
            Vec::new()
        }
        Message::Signal(n) => {
            m.session.quit = Some(128 + n);
            Vec::new()
        }
        Message::Stop => vec![Effect::Suspend],
        Message::Continue => vec![Effect::Resume],
        Message::HistoryWritten => {
            if m.left.show == Left::Saved {
                vec![Effect::LoadSaved]
            } else {
                Vec::new()
            }
        }
        Message::ExportExists(name) => {
            super::actions::answer::export_exists(m, name);
            Vec::new()
        }
        Message::Kept { id, body } => {
            super::actions::reopen::kept(m, id, body);
            Vec::new()
        }
        Message::SavedList(items, warnings) => {
            let palette_open = matches!(&m.overlay, Overlay::Switcher(s) if s.palette);
            if items.is_empty() && !palette_open {
                m.say(
                    Level::Info,
                    "nothing saved yet: s saves the current request; sends appear here as history",
                );
            }
            m.left.saved.set(items);
            // An open palette lists them at once.
            if let Overlay::Switcher(old) = &m.overlay
                && old.palette
            {
                let mut s = super::actions::palette_with(m, &old.environments);
                s.filter = old.filter.clone();
                m.overlay = Overlay::Switcher(s);
            }
            if let Some(w) = warnings.into_iter().next() {
                m.say(Level::Error, w);
            }
            Vec::new()
        }
        Message::Stored(result) => {
            match result {
                Ok(t) => m.say(Level::Info, t),
                Err(e) => m.say(Level::Error, e),
            }
            if m.left.show == Left::Saved {
                vec![Effect::LoadSaved]
            } else {
                Vec::new()
            }
        }
        Message::Note(level, text) => {
            m.say(level, text);
            Vec::new()
        }
        Message::Metadata { tag, key, result } => {
            super::actions::fields::answered(m, tag, key, result)
        }
        Message::Webhook(e) => super::actions::webhooks::event(m, e),
        Message::ReceiverStarted(r) => super::actions::webhooks::started(m, r),
        Message::Deliveries(records) => {
            m.webhooks.load(records);
            Vec::new()
        }
        Message::DeliveryBody(r) => super::actions::webhooks::body(m, r),
        Message::TokenChecked { tag, .. } if tag != m.session.token_check => Vec::new(),
        Message::TokenChecked { show, result, .. } => {
            match result {
                Ok(info) => {
                    let now = m.session.now;
                    if let Some(w) = info.warning(now) {
                        m.say(Level::Error, format!("token: {w}"));
                    } else if show {
                        m.say(Level::Info, "token checked with debug_token");
                    }
                    if show {
                        m.overlay = Overlay::Token(
                            info.lines(now)
                                .into_iter()
                                .map(|(k, v)| (k.to_owned(), v))
                                .collect(),
                        );
                    }
                    m.conn.token = Some(*info);
                }
                Err(e) if show => m.say(Level::Error, e),
                // A check nobody asked for stays quiet when the host has no debug_token.
                Err(_) => {}
            }
            Vec::new()
        }
        Message::Switched(key) => {
            let holds = m
                .conn
                .apps
                .iter()
                .find(|a| a.key == key)
                .map(|a| a.permissions.join(" "))
                .unwrap_or_default();
            m.say(
                Level::Info,
                format!("now sending as the demo app '{key}' (holds: {holds})"),
            );
            m.conn.app = Some(key);
            m.conn.token = None;
            vec![check_token(m, false)]
        }
        Message::Environments(names) => {
            if let Overlay::Switcher(old) = &m.overlay {
                let mut s = if old.palette {
                    super::actions::palette_with(m, &names)
                } else {
                    Switcher::new(&m.conn, &m.session.profiles, &names)
                };
                s.filter = old.filter.clone();
                s.environments = names;
                m.overlay = Overlay::Switcher(s);
            }
            Vec::new()
        }
        Message::EnvironmentLoaded(Ok(scope)) => {
            m.say(
                Level::Info,
                format!(
                    "environment '{}': {} variable{} for {{{{…}}}}",
                    scope.name,
                    scope.values.len(),
                    if scope.values.len() == 1 { "" } else { "s" }
                ),
            );
            m.conn.environment = Some(scope);
            Vec::new()
        }
        Message::EnvironmentLoaded(Err(e)) => {
            m.say(Level::Error, e);
            Vec::new()
        }
    }
}

fn on_paste(m: &mut Model, text: &str) -> Vec<Effect> {
    if let Overlay::Prompt(
        AppPrompt::Save(input)
        | AppPrompt::Export(input)
        | AppPrompt::Rename { input, .. }
        | AppPrompt::Replay { input, .. },
    ) = &mut m.overlay
    {
        input.paste(text);
        return Vec::new();
    }
    if paste_curl(m, text) {
        return Vec::new();
    }
    match m.focus {
        Focus::Endpoints if m.left.show == Left::Saved => m.left.saved.paste(text),
        Focus::Endpoints => m.left.endpoints.paste(text),
        Focus::Request => {
            let cat = m.catalogue.clone();
            let out = m.request.paste(text, &cat);
            request_outcome(m, out);
        }
        Focus::Response => {
            if let Some(v) = m.response.viewer.as_mut() {
                let fx = v.paste(text);
                return pane_effects(m, fx);
            }
        }
    }
    Vec::new()
}

fn paste_curl(m: &mut Model, text: &str) -> bool {
    if m.mode != Mode::Explorer || m.editing() || !text.trim_start().starts_with("curl ") {
        return false;
    }
    match crate::core::curl::parse(text, "pasted") {
        Ok((req, warnings)) => {
            let cat = m.catalogue.clone();
            let draft = crate::core::draft::Draft::from_saved(&req, Some(&cat));
            m.request.load(draft, "pasted from curl".to_owned(), None);
            m.focus = Focus::Request;
            let extra = if warnings.is_empty() {
                String::new()
            } else {
                format!(" ({})", warnings.join("; "))
            };
            m.say(
                Level::Info,
                format!(
                    "the pasted curl command is now the request: {} {}{extra}",
                    req.method, req.path
                ),
            );
        }
        Err(e) => m.say(
            Level::Error,
            format!("the pasted text looks like curl but does not parse: {e}"),
        ),
    }
    true
}

pub use crate::core::timefmt::clock_time;

/// The rows and columns the viewer shows now (the layout's answer, banner included).
pub(super) fn response_size(m: &Model) -> (usize, usize) {
    let a = super::layout::areas(m);
    let inner = super::layout::inner(a.response);
    let banner =
        super::layout::wrapped_rows(&super::panes::response::draw::banner_lines(m), inner.width);
    let (_, body) = super::layout::response(inner, banner);
    (super::layout::viewer_rows(body), usize::from(body.width))
}

fn fit(m: &mut Model) {
    let (rows, cols) = response_size(m);
    if let Some(v) = m.response.viewer.as_mut() {
        v.set_size(rows, cols);
    }
    let a = super::layout::areas(m);
    m.left
        .endpoints
        .scroll_into_view(super::layout::list_rows(a.endpoints));
    m.left
        .saved
        .scroll_into_view(super::layout::list_rows(a.endpoints));
}

fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if let Overlay::Switcher(s) = &mut m.overlay {
        if let Some(a @ (Action::ForceQuit | Action::Suspend)) = action_in(&key, Context::Always) {
            m.session.last_action = Some(a);
            return on_action(m, a, key);
        }
        return match s.key(key) {
            Outcome::Stay => Vec::new(),
            Outcome::Close => {
                m.overlay = Overlay::None;
                Vec::new()
            }
            Outcome::Choose(choice) => {
                m.overlay = Overlay::None;
                super::actions::switch(m, choice)
            }
        };
    }
    if m.overlay == Overlay::Webhooks {
        return super::actions::webhooks::key(m, key);
    }
    if m.overlay == Overlay::Batch {
        return super::actions::batch::key(m, key);
    }
    if let Overlay::Fields(_) = m.overlay {
        return super::actions::fields::key(m, key);
    }
    if let Overlay::Token(_) = m.overlay {
        m.overlay = Overlay::None;
        if action_in(&key, Context::Help) == Some(Action::ForceQuit) {
            m.session.quit = Some(0);
        }
        return Vec::new();
    }
    if let Overlay::Help(scroll) = m.overlay {
        let action = action_in(&key, Context::Help);
        m.session.last_action = action;
        let page = super::layout::help(m.session.size).1;
        m.overlay = match action {
            Some(Action::Down) => Overlay::Help(scroll + 1),
            Some(Action::Up) => Overlay::Help(scroll.saturating_sub(1)),
            Some(Action::PageDown) => Overlay::Help(scroll + page),
            Some(Action::PageUp) => Overlay::Help(scroll.saturating_sub(page)),
            Some(Action::ForceQuit) => {
                m.session.quit = Some(0);
                Overlay::None
            }
            Some(Action::Quit) => {
                m.overlay = Overlay::None;
                super::actions::quit(m);
                return Vec::new();
            }
            Some(Action::Suspend) => return vec![Effect::Suspend],
            _ => Overlay::None,
        };
        return Vec::new();
    }
    if m.response.id_menu.is_some() {
        let action = action_in(&key, Context::Menu);
        m.session.last_action = action;
        return match action {
            Some(a @ (Action::Quit | Action::ForceQuit | Action::Suspend | Action::Send)) => {
                on_action(m, a, key)
            }
            Some(a) => {
                if let Some((i, param, id)) = super::panes::response::id_menu::on_action(m, a) {
                    open_endpoint(m, i, Some((&param, &id)));
                }
                Vec::new()
            }
            None => Vec::new(),
        };
    }
    if matches!(m.overlay, Overlay::Prompt(_)) {
        if let Some(a @ (Action::ForceQuit | Action::Suspend)) = action_in(&key, Context::Always) {
            m.session.last_action = Some(a);
            return on_action(m, a, key);
        }
        return prompt_key(m, key);
    }
    let typing = m.editing();
    if let Some(action) = action_for(&key, m.context(), typing) {
        m.session.last_action = Some(action);
        return on_action(m, action, key);
    }
    if !typing {
        return Vec::new();
    }
    // A text field has the keys.
    match m.focus {
        Focus::Endpoints if m.left.show == Left::Saved => {
            let out = m.left.saved.filter_key(key);
            let fx = super::actions::reopen::outcome(m, out);
            fit(m);
            return fx;
        }
        Focus::Endpoints => {
            if let super::panes::endpoints::Outcome::Open(i) = m.left.endpoints.filter_key(key) {
                open_endpoint(m, i, None);
            }
            fit(m);
        }
        Focus::Request => {
            let cat = m.catalogue.clone();
            let out = m.request.edit_key(key, &cat);
            request_outcome(m, out);
        }
        Focus::Response => {
            if let Some(v) = m.response.viewer.as_mut() {
                let fx = v.prompt_key(key);
                return pane_effects(m, fx);
            }
        }
    }
    Vec::new()
}

fn prompt_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Overlay::Prompt(prompt) = &mut m.overlay else {
        return Vec::new();
    };
    let input = match prompt {
        AppPrompt::Save(input)
        | AppPrompt::Export(input)
        | AppPrompt::Rename { input, .. }
        | AppPrompt::Replay { input, .. } => input,
    };
    match input.handle_key(key) {
        InputOutcome::Cancel => m.overlay = Overlay::None,
        InputOutcome::Submit => {
            let Overlay::Prompt(prompt) = std::mem::take(&mut m.overlay) else {
                return Vec::new();
            };
            return super::actions::submit_prompt(m, prompt);
        }
        _ => {}
    }
    Vec::new()
}

/// Keeps a document that arrived before the terminal size was known at the right height.
pub fn after_resize(m: &mut Model) {
    fit(m);
}

/// Asks for a token check, tagged so that only the latest check's answer counts.
pub(super) fn check_token(m: &mut Model, show: bool) -> Effect {
    m.session.token_check += 1;
    Effect::CheckToken {
        tag: m.session.token_check,
        show,
    }
}
