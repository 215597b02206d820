//! `update(&mut Model, Message) -> Vec<Effect>`: all of the TUI's behaviour, with no IO.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::endpoints;
use super::keymap::{Action, action_for};
use super::model::{AppPrompt, Effect, Focus, InFlight, Left, Level, Message, Mode, Model};
use super::request;
use super::response::reason;
use super::saved;
use super::view::{Areas, layout};
use super::viewer_pane::{Handled, PaneEffect, ViewerPane};

/// Applies one message.
pub fn update(m: &mut Model, msg: Message) -> Vec<Effect> {
    match msg {
        Message::Key(key)
            if key.kind == KeyEventKind::Press || key.kind == KeyEventKind::Repeat =>
        {
            on_key(m, key)
        }
        Message::Key(_) => Vec::new(),
        Message::Mouse(ev) => super::mouse::on_mouse(m, ev),
        Message::Paste(text) => {
            if m.prompt.is_some() {
                if let Some(AppPrompt::Save(t) | AppPrompt::Rename { text: t, .. }) =
                    m.prompt.as_mut()
                {
                    t.extend(text.chars().filter(|c| !c.is_control()));
                }
                return Vec::new();
            }
            if paste_curl(m, &text) {
                return Vec::new();
            }
            match m.focus {
                Focus::Endpoints => m.endpoints.paste(&text),
                Focus::Request => m.request.paste(&text),
                Focus::Response => {
                    if let Some(v) = m.viewer.as_mut() {
                        let fx = v.paste(&text);
                        return pane_effects(m, fx);
                    }
                }
            }
            Vec::new()
        }
        Message::Resize(w, h) => {
            m.size = (w, h);
            fit(m);
            Vec::new()
        }
        Message::Tick(now) => {
            m.now = now;
            Vec::new()
        }
        Message::Sent { id, result } => {
            let Some(flight) = m.inflight.take_if(|f| f.id == id) else {
                return Vec::new();
            };
            match result {
                Ok(data) => {
                    let headline = format!(
                        "{} {} · {} ms · {}",
                        data.status,
                        reason(data.status),
                        data.elapsed.as_millis(),
                        human_size(data.size)
                    );
                    match &data.graph_error {
                        Some(e) => m.say(Level::Error, format!("{headline} · {}", e.message)),
                        None if data.status >= 400 => m.say(Level::Error, headline),
                        None => m.say(Level::Info, headline),
                    }
                    if let Some(note) = &data.skew_note {
                        m.say(Level::Info, format!("note: {note}"));
                    }
                    let mut pane = ViewerPane::new(data.doc.clone());
                    pane.set_height(response_rows(m));
                    m.viewer = Some(pane);
                    m.response = Some(*data);
                    m.failure = None;
                    m.response_endpoint = flight.endpoint;
                    m.show_headers = false;
                    if m.focus == Focus::Request && !m.editing() {
                        m.focus = Focus::Response;
                    }
                }
                Err(e) => {
                    // The pane shows the failure, never an older response as if it were current.
                    m.response = None;
                    m.viewer = None;
                    m.show_headers = false;
                    m.failure = Some(e.clone());
                    m.say(Level::Error, e);
                }
            }
            Vec::new()
        }
        Message::SearchDone { id, matches } => {
            if let Some(v) = m.viewer.as_mut() {
                v.search_done(id, matches);
            }
            Vec::new()
        }
        Message::FilterDone { id, result } => {
            if let Some(v) = m.viewer.as_mut() {
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
            m.conn = c.conn.clone();
            if m.conn.sandbox {
                m.say(Level::Info, "SANDBOX ready: pick an endpoint and press Enter, then Ctrl-S to send. A real profile: wpx --profile NAME");
            }
            vec![Effect::Connect(c)]
        }
        Message::ConnectFailed(e) => {
            if m.loading.take().is_some() {
                m.failure = Some(e.clone());
            }
            m.say(Level::Error, e);
            Vec::new()
        }
        Message::Loaded(doc) => {
            m.loading = None;
            let mut pane = ViewerPane::new(doc);
            pane.set_height(response_rows(m));
            m.viewer = Some(pane);
            Vec::new()
        }
        Message::Signal(n) => {
            m.quit = Some(128 + n);
            Vec::new()
        }
        Message::Stop => vec![Effect::Suspend],
        Message::Continue => vec![Effect::Resume],
        Message::SavedList(items, warnings) => {
            if items.is_empty() {
                m.say(
                    Level::Info,
                    "nothing saved yet: s saves the current request; sends appear here as history",
                );
            }
            m.saved.set(items);
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
            if m.left == Left::Saved {
                vec![Effect::LoadSaved]
            } else {
                Vec::new()
            }
        }
        Message::Note(level, text) => {
            m.say(level, text);
            Vec::new()
        }
    }
}

fn save_default(m: &Model) -> String {
    match &m.saved_origin {
        Some((c, n)) => format!("{c}/{n}"),
        None => format!(
            "My requests/{} {}",
            m.request.method,
            m.request.path.replace('/', "∕")
        ),
    }
}

fn prompt_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(prompt) = m.prompt.as_mut() else {
        return Vec::new();
    };
    let text = match prompt {
        AppPrompt::Save(t) | AppPrompt::Rename { text: t, .. } => t,
    };
    match key.code {
        KeyCode::Esc => m.prompt = None,
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
        KeyCode::Enter => match m.prompt.take() {
            Some(AppPrompt::Save(t)) => {
                let Some((collection, name)) = t
                    .split_once('/')
                    .filter(|(c, n)| !c.trim().is_empty() && !n.trim().is_empty())
                else {
                    m.say(
                        Level::Error,
                        "write COLLECTION/NAME, e.g. My requests/Group feed",
                    );
                    m.prompt = Some(AppPrompt::Save(t));
                    return Vec::new();
                };
                match m.request.spec() {
                    Ok(spec) => {
                        m.saved_origin =
                            Some((collection.trim().to_owned(), name.trim().to_owned()));
                        return vec![Effect::Save {
                            collection: collection.trim().to_owned(),
                            name: name.trim().to_owned(),
                            spec,
                        }];
                    }
                    Err(e) => m.say(Level::Error, e),
                }
            }
            Some(AppPrompt::Rename {
                collection,
                old,
                text,
            }) if !text.trim().is_empty() => {
                return vec![Effect::Rename {
                    collection,
                    old,
                    new: text.trim().to_owned(),
                }];
            }
            _ => {}
        },
        _ => {}
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
            m.request.load_saved(&cat, &req, &|_| None);
            m.saved_origin = None;
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

fn human_size(n: usize) -> String {
    crate::core::timefmt::human_size(n as u64)
}

/// `HH:MM:SS` UTC of a unix time.
pub fn clock_time(unix: i64) -> String {
    let s = unix.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02} UTC", s / 3600, (s / 60) % 60, s % 60)
}

fn response_rows(m: &Model) -> usize {
    let a: Areas = layout(m.size, m.mode);
    usize::from(a.response.height.saturating_sub(3)).max(1)
}

fn fit(m: &mut Model) {
    let rows = response_rows(m);
    if let Some(v) = m.viewer.as_mut() {
        v.set_height(rows);
    }
    let a = layout(m.size, m.mode);
    m.endpoints
        .scroll_into_view(usize::from(a.endpoints.height.saturating_sub(2)));
}

fn pane_effects(m: &mut Model, fx: Vec<PaneEffect>) -> Vec<Effect> {
    let Some(doc) = m.viewer.as_ref().map(|v| v.original.doc().clone()) else {
        return Vec::new();
    };
    fx.into_iter()
        .map(|e| match e {
            PaneEffect::Search { id, query } => {
                let shown = m
                    .viewer
                    .as_ref()
                    .map_or_else(|| doc.clone(), |v| v.viewer().doc().clone());
                Effect::Search {
                    id,
                    query,
                    doc: shown,
                }
            }
            PaneEffect::CancelSearch => Effect::CancelSearch,
            PaneEffect::CancelFilter => Effect::CancelFilter,
            PaneEffect::Filter { id, expr } => Effect::Filter {
                id,
                expr,
                doc: doc.clone(),
            },
            PaneEffect::Copy { text, what } => Effect::Copy {
                text,
                what: what.to_owned(),
            },
        })
        .collect()
}

fn send(m: &mut Model) -> Vec<Effect> {
    if m.mode == Mode::View {
        return Vec::new();
    }
    if m.conn.target.is_none() {
        m.say(
            Level::Error,
            "not connected yet: the sandbox is still starting",
        );
        return Vec::new();
    }
    match m.request.spec() {
        Ok(spec) => {
            let mut fx = Vec::new();
            if let Some(old) = m.inflight.take() {
                fx.push(Effect::Cancel(old.id));
            }
            let id = m.next_id();
            let endpoint = m.request.endpoint_id.clone();
            m.inflight = Some(InFlight {
                id,
                started: Instant::now(),
                endpoint,
            });
            fx.push(Effect::Send { id, spec });
            fx
        }
        Err(e) => {
            m.say(Level::Error, e);
            m.focus = Focus::Request;
            Vec::new()
        }
    }
}

fn follow(m: &mut Model, next: bool) -> Vec<Effect> {
    let link = m.response.as_ref().and_then(|r| {
        if next {
            r.next.clone()
        } else {
            r.previous.clone()
        }
    });
    match link {
        Some(url) => {
            m.request.load_url(&url);
            send(m)
        }
        None => {
            m.say(
                Level::Info,
                if next {
                    "no next page (paging.next is absent)"
                } else {
                    "no previous page"
                },
            );
            Vec::new()
        }
    }
}

fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => m.quit = Some(0),
        Action::Help => m.help = !m.help,
        Action::NextPane | Action::PrevPane if m.mode == Mode::Explorer => {
            let order = [Focus::Endpoints, Focus::Request, Focus::Response];
            let i = order.iter().position(|f| *f == m.focus).unwrap_or(0);
            let step = if action == Action::NextPane { 1 } else { 2 };
            m.focus = order[(i + step) % 3];
        }
        Action::NextPane | Action::PrevPane => {}
        Action::Send => return send(m),
        Action::CopyUrl | Action::CopyCurl if m.mode == Mode::Explorer => match m.request.spec() {
            Ok(spec) => {
                return vec![if action == Action::CopyUrl {
                    Effect::CopySignedUrl(spec)
                } else {
                    Effect::CopyCurl(spec)
                }];
            }
            Err(e) => m.say(Level::Error, e),
        },
        Action::CopyUrl | Action::CopyCurl => {}
        Action::NextPage => return follow(m, true),
        Action::PrevPage => return follow(m, false),
        Action::ToggleHeaders => m.show_headers = !m.show_headers && m.response.is_some(),
        Action::Save if m.mode == Mode::Explorer => {
            m.prompt = Some(AppPrompt::Save(save_default(m)))
        }
        Action::ToggleSaved if m.mode == Mode::Explorer => {
            m.focus = Focus::Endpoints;
            m.left = if m.left == Left::Endpoints {
                Left::Saved
            } else {
                Left::Endpoints
            };
            if m.left == Left::Saved {
                return vec![Effect::LoadSaved];
            }
        }
        Action::Save | Action::ToggleSaved => {}
        Action::Cancel => {
            if m.help {
                m.help = false;
            } else if m.id_menu.take().is_some() {
            } else if let Some(f) = m.inflight.take() {
                m.say(Level::Info, "request cancelled");
                return vec![Effect::Cancel(f.id)];
            } else if let Some(v) = m.viewer.as_mut().filter(|v| v.filtering) {
                let fx = v.cancel_filter();
                return pane_effects(m, fx);
            } else if m.focus == Focus::Response
                && let Some(v) = m.viewer.as_mut().filter(|v| v.show_filtered)
            {
                v.show_filtered = false;
            }
        }
    }
    Vec::new()
}

fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return vec![Effect::Suspend];
    }
    if m.help && !(key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL))
    {
        m.help = false;
        return Vec::new();
    }
    if m.id_menu.is_some() {
        return super::id_menu::key(m, key);
    }
    if m.prompt.is_some()
        && !(key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL))
    {
        return prompt_key(m, key);
    }
    let editing = m.editing();
    if let Some(action) = action_for(&key, editing)
        && !(action == Action::Cancel && editing)
    {
        return on_action(m, action);
    }
    match m.focus {
        Focus::Endpoints if m.left == Left::Saved => {
            let vars = m
                .saved
                .items
                .get(m.saved.selected)
                .map(|i| (i.variables.clone(), i.collection.clone()));
            match m.saved.handle_key(key) {
                saved::Outcome::Open(req) => {
                    let (variables, collection) = vars.unwrap_or_default();
                    let cat = m.catalogue.clone();
                    m.request
                        .load_saved(&cat, &req, &|k| variables.get(k).cloned());
                    m.saved_origin = collection.map(|c| (c, req.full_name()));
                    m.focus = Focus::Request;
                    m.say(
                        Level::Info,
                        format!("{} {} · Ctrl-S sends", req.method, req.path),
                    );
                }
                saved::Outcome::Rename(collection, old) => {
                    m.prompt = Some(AppPrompt::Rename {
                        collection,
                        text: old.clone(),
                        old,
                    })
                }
                saved::Outcome::Delete(collection, name) => {
                    return vec![Effect::Delete { collection, name }];
                }
                saved::Outcome::Handled if m.saved.confirm_delete.is_some() => {
                    m.say(Level::Info, "press D again to delete this saved request")
                }
                _ => {}
            }
            let a = layout(m.size, m.mode);
            m.saved
                .scroll_into_view(usize::from(a.endpoints.height.saturating_sub(2)));
        }
        Focus::Endpoints => {
            if let endpoints::Outcome::Open(i) = m.endpoints.handle_key(key) {
                open_endpoint(m, i, None);
            }
            let a = layout(m.size, m.mode);
            m.endpoints
                .scroll_into_view(usize::from(a.endpoints.height.saturating_sub(2)));
        }
        Focus::Request => {
            let _ = m.request.handle_key(key) == request::Outcome::Ignored;
        }
        Focus::Response => {
            if key.code == KeyCode::Enter && !editing && super::id_menu::open(m) {
                return Vec::new();
            }
            if let Some(v) = m.viewer.as_mut()
                && let Handled::Yes(fx) = v.handle_key(key)
            {
                return pane_effects(m, fx);
            }
        }
    }
    Vec::new()
}

/// Opens catalogue endpoint `i` in the request pane, optionally filling one path parameter.
pub(super) fn open_endpoint(m: &mut Model, i: usize, fill: Option<(&str, &str)>) {
    let cat = m.catalogue.clone();
    if let Some(ep) = cat.endpoints.get(i) {
        m.request.load(&cat, ep);
        if let Some((p, v)) = fill {
            m.request.fill(p, v);
        }
        m.endpoints.select_id(&ep.id);
        let a = layout(m.size, m.mode);
        m.endpoints
            .scroll_into_view(usize::from(a.endpoints.height.saturating_sub(2)));
        m.focus = Focus::Request;
        let hint = if m.request.path_params.iter().any(|p| p.value.is_empty()) {
            "fill the path parameters (Enter edits), then Ctrl-S sends"
        } else {
            "Ctrl-S sends; Enter edits a field; Space toggles a parameter"
        };
        m.say(Level::Info, format!("{} {} · {hint}", ep.method, ep.path));
    }
}

/// Keeps a document that arrived before the terminal size was known at the right height.
pub fn after_resize(m: &mut Model) {
    fit(m);
}
