//! What each action of the key table does: the global ones here, the panes' own in their modules.

pub(super) mod answer;
pub(super) mod batch;
pub(super) mod fields;
mod paging;
pub(super) mod reopen;
mod support;
pub(super) mod webhooks;

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::{Action, BINDINGS, Context};
use super::model::{AppPrompt, Effect, Focus, InFlight, Left, Level, Mode, Model, Overlay};
use super::panes::request::{Origin, Outcome as ReqOutcome};
use super::panes::response::viewer::PaneEffect;
use super::panes::switcher::{Choice, Switcher};
use super::widgets::line_input::LineInput;
use crate::core::request::RequestSpec;

/// Turns the viewer's effects into the runner's.
pub(super) fn pane_effects(m: &mut Model, fx: Vec<PaneEffect>) -> Vec<Effect> {
    let Some(v) = m.response.viewer.as_ref() else {
        return Vec::new();
    };
    let doc = v.original.doc().clone();
    let shown = v.viewer().doc().clone();
    fx.into_iter()
        .map(|e| match e {
            PaneEffect::Search { id, query } => Effect::Search {
                id,
                query,
                doc: shown.clone(),
            },
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

/// The request to send, or what to fix first (the same conversion `wpx run` makes).
pub(super) fn spec(m: &Model) -> Result<RequestSpec, String> {
    m.request
        .draft
        .to_spec(&m.vars())
        .map_err(|e| e.to_string())
}

/// True when requests have somewhere to go; else says so.
pub(super) fn connected(m: &mut Model) -> bool {
    if m.conn.target.is_none() {
        m.say(
            Level::Error,
            "not connected yet: the sandbox is still starting",
        );
    }
    m.conn.target.is_some()
}

/// A new request in flight (a send, a fetch of every page, a batch): it supersedes the one
/// before, whose cancel comes first in the effects returned.
pub(super) fn start_flight(
    m: &mut Model,
    endpoint: Option<String>,
    page: u32,
    all: Option<String>,
) -> (u64, Vec<Effect>) {
    let mut fx = Vec::new();
    if let Some(old) = m.status.inflight.take() {
        fx.push(Effect::Cancel(old.id));
    }
    // A history entry's answer still being read is not shown over this send's.
    m.response.kept_wait = None;
    let id = m.next_id();
    let d = &m.request.draft;
    let label = format!("{} {}", d.method, d.line());
    m.status.inflight = Some(InFlight {
        id,
        started: Instant::now(),
        endpoint,
        page,
        all,
        label,
    });
    (id, fx)
}

pub(super) fn send(m: &mut Model) -> Vec<Effect> {
    if m.mode == Mode::View {
        return Vec::new();
    }
    if !connected(m) {
        return Vec::new();
    }
    match spec(m) {
        Ok(spec) => {
            let (endpoint, page) = (m.request.draft.endpoint.clone(), m.request.page);
            let (id, mut fx) = start_flight(m, endpoint, page, None);
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

fn save_default(m: &Model) -> String {
    match &m.request.origin {
        Some(o) => format!("{}/{}", o.collection, o.name),
        None => format!(
            "My requests/{} {}",
            m.request.draft.method,
            m.request.draft.url.replace('/', "∕")
        ),
    }
}

/// Enter in a status-bar prompt.
pub(super) fn submit_prompt(m: &mut Model, prompt: AppPrompt) -> Vec<Effect> {
    match prompt {
        AppPrompt::Export(input) => answer::export(m, input),
        AppPrompt::Save(input) => {
            let t = input.text().to_owned();
            let Some((collection, name)) = t
                .split_once('/')
                .map(|(c, n)| (c.trim().to_owned(), n.trim().to_owned()))
                .filter(|(c, n)| !c.is_empty() && !n.is_empty())
            else {
                m.say(
                    Level::Error,
                    "write COLLECTION/NAME, e.g. My requests/Group feed",
                );
                m.overlay = Overlay::Prompt(AppPrompt::Save(input));
                return Vec::new();
            };
            let mut request = m.request.draft.to_saved(&name);
            // Saved again (or saved as a copy), it keeps its description; its {{variables}} are
            // still templates in the draft.
            let description = m
                .request
                .origin
                .as_ref()
                .map(|o| o.description.clone())
                .unwrap_or_default();
            request.description.clone_from(&description);
            let variables = m
                .request
                .origin
                .as_ref()
                .filter(|o| o.collection == collection)
                .map(|o| o.variables.clone())
                .unwrap_or_default();
            m.request.origin = Some(Origin {
                collection: collection.clone(),
                name: name.clone(),
                variables,
                description,
            });
            m.request.set_baseline();
            vec![Effect::Save {
                collection,
                name,
                request,
            }]
        }
        AppPrompt::Rename {
            collection,
            old,
            input,
        } if !input.text().trim().is_empty() => vec![Effect::Rename {
            collection,
            old,
            new: input.text().trim().to_owned(),
        }],
        AppPrompt::Rename { .. } => Vec::new(),
        AppPrompt::Replay { id, input } => webhooks::submit_replay(m, id, input.text().to_owned()),
    }
}

fn cancel(m: &mut Model) -> Vec<Effect> {
    if m.response.id_menu.take().is_some() {
    } else if let Some(f) = m.status.inflight.as_ref().filter(|f| f.all.is_some()) {
        // A fetch of every page stops at once and shows the pages that came.
        let id = f.id;
        m.say(Level::Info, "stopping: the pages that came will show");
        return vec![Effect::Cancel(id)];
    } else if let Some(f) = m.status.inflight.take() {
        m.say(Level::Info, "request cancelled");
        return vec![Effect::Cancel(f.id)];
    } else if let Some(v) = m.response.viewer.as_mut().filter(|v| v.filtering) {
        let fx = v.cancel_filter();
        return pane_effects(m, fx);
    } else if m.focus == Focus::Response
        && let Some(v) = m.response.viewer.as_mut().filter(|v| v.show_filtered)
    {
        v.show_filtered = false;
    } else if m.focus == Focus::Endpoints && m.left.show == Left::Saved {
        m.left.saved.clear_filter();
    }
    Vec::new()
}

/// The command palette, its rows from the model as it is now.
pub(super) fn palette_with(m: &Model, environments: &[String]) -> Switcher {
    Switcher::with_rows(
        super::palette::TITLE,
        true,
        super::palette::rows(m, environments),
    )
}

/// What choosing a row of the switcher does.
pub(super) fn switch(m: &mut Model, choice: Choice) -> Vec<Effect> {
    match choice {
        Choice::App(key) if m.conn.sandbox => vec![Effect::SwitchApp(key)],
        Choice::App(_) => {
            m.say(
                Level::Error,
                "demo apps are the sandbox's: switch to the sandbox first (P)",
            );
            Vec::new()
        }
        Choice::Profile(name) => {
            let to = name
                .as_deref()
                .map_or_else(|| "the sandbox".to_owned(), |n| format!("profile '{n}'"));
            m.say(
                Level::Info,
                format!("connecting to {to}… (the request stays)"),
            );
            vec![Effect::SwitchProfile(name)]
        }
        Choice::Environment(Some(name)) => vec![Effect::LoadEnvironment(name)],
        Choice::Environment(None) => {
            m.conn.environment = None;
            m.say(
                Level::Info,
                "no environment: {{variables}} come from the collection and the profile",
            );
            Vec::new()
        }
        Choice::Endpoint(i) => {
            open_endpoint(m, i, None);
            Vec::new()
        }
        Choice::Saved(i) => {
            if let Some(item) = m.left.saved.items.get(i).cloned() {
                let req = item.request.clone();
                return reopen::open(m, &req, Some(item));
            }
            Vec::new()
        }
        Choice::Action(action, context) => {
            // Run it where it belongs, as its key would there.
            match context {
                Context::Endpoints => {
                    m.left.show = Left::Endpoints;
                    m.focus = Focus::Endpoints;
                }
                Context::Saved => {
                    m.left.show = Left::Saved;
                    m.focus = Focus::Endpoints;
                }
                Context::Request => m.focus = Focus::Request,
                Context::Response => m.focus = Focus::Response,
                _ => {}
            }
            let key = BINDINGS
                .iter()
                .find(|b| b.action == action && b.context == context)
                .and_then(|b| b.keys.first())
                .map_or(KeyEvent::new(KeyCode::Null, KeyModifiers::NONE), |k| {
                    KeyEvent::new(k.0, k.1)
                });
            m.session.last_action = Some(action);
            on_action(m, action, key)
        }
    }
}

/// `q`: quits, but asks once first when the request has edits that are not saved.
pub(super) fn quit(m: &mut Model) {
    if m.mode == Mode::Explorer && m.request.is_edited() && !m.session.asked_to_quit {
        m.session.asked_to_quit = true;
        m.say(
            Level::Info,
            "the request has edits that are not saved: q again quits, s saves it first",
        );
        return;
    }
    m.session.quit = Some(0);
}

/// Runs an action that a key reached in the model's context.
pub(super) fn on_action(m: &mut Model, action: Action, key: KeyEvent) -> Vec<Effect> {
    let explorer = m.mode == Mode::Explorer;
    match action {
        Action::Quit => quit(m),
        Action::ForceQuit => m.session.quit = Some(0),
        Action::Suspend => return vec![Effect::Suspend],
        Action::Help => m.overlay = Overlay::Help(0),
        Action::Switch if explorer => {
            m.overlay = Overlay::Switcher(Switcher::new(&m.conn, &m.session.profiles, &[]));
            return vec![Effect::ListEnvironments];
        }
        Action::Palette if explorer => {
            m.overlay = Overlay::Switcher(palette_with(m, &[]));
            return vec![Effect::ListEnvironments, Effect::LoadSaved];
        }
        Action::Send => return send(m),
        Action::Cancel => return cancel(m),
        Action::NextPane | Action::PrevPane if explorer => {
            let order = [Focus::Endpoints, Focus::Request, Focus::Response];
            let i = order.iter().position(|f| *f == m.focus).unwrap_or(0);
            let step = if action == Action::NextPane { 1 } else { 2 };
            m.focus = order[(i + step) % 3];
        }
        Action::CopyUrl | Action::CopyCurl if explorer => match spec(m) {
            Ok(spec) => {
                return vec![if action == Action::CopyUrl {
                    Effect::CopySignedUrl(spec)
                } else {
                    Effect::CopyCurl(spec)
                }];
            }
            Err(e) => m.say(Level::Error, e),
        },
        Action::Token if explorer => return vec![super::update::check_token(m, true)],
        Action::PickFields if explorer => return fields::pick(m),
        Action::Webhooks if explorer => return webhooks::open(m),
        Action::CopyDebugInfo if explorer => return support::debug_info(m),
        Action::NextPage | Action::PrevPage if explorer => {
            return paging::turn_page(m, action == Action::NextPage);
        }
        Action::FetchAll if explorer => return paging::fetch_all(m),
        Action::Compare if explorer => return answer::compare(m),
        Action::AddToBatch if explorer => return batch::add(m),
        Action::Export if explorer => answer::ask_export(m),
        Action::Batch if explorer => return batch::open(m),
        Action::EditUrl if explorer => {
            m.focus = Focus::Request;
            let cat = m.catalogue.clone();
            let out = m.request.on_action(Action::EditUrl, &cat);
            request_outcome(m, out);
        }
        Action::ToggleHeaders => {
            m.response.show_headers = !m.response.show_headers && m.response.data.is_some()
        }
        Action::Save if explorer => {
            m.overlay = Overlay::Prompt(AppPrompt::Save(LineInput::suggested(save_default(m))))
        }
        Action::ToggleSaved if explorer => {
            m.focus = Focus::Endpoints;
            m.left.show = if m.left.show == Left::Endpoints {
                Left::Saved
            } else {
                Left::Endpoints
            };
            if m.left.show == Left::Saved {
                return vec![Effect::LoadSaved];
            }
        }
        Action::NextPane
        | Action::PrevPane
        | Action::CopyUrl
        | Action::CopyCurl
        | Action::CopyDebugInfo
        | Action::Token
        | Action::PickFields
        | Action::Webhooks
        | Action::NextPage
        | Action::PrevPage
        | Action::FetchAll
        | Action::Compare
        | Action::Export
        | Action::AddToBatch
        | Action::Batch
        | Action::Save
        | Action::EditUrl
        | Action::Switch
        | Action::Palette
        | Action::ToggleSaved => {
            if !explorer && action != Action::NextPane && action != Action::PrevPane {
                m.say(
                    Level::Info,
                    "wpx view shows a document: there is no request to page, copy or save (? lists the viewer's keys)",
                );
            }
        }
        pane => return pane_action(m, pane, key),
    }
    Vec::new()
}

fn pane_action(m: &mut Model, action: Action, key: KeyEvent) -> Vec<Effect> {
    let a = super::layout::areas(m);
    let rows = super::layout::list_rows(a.endpoints);
    match (m.focus, m.left.show) {
        (Focus::Endpoints, Left::Endpoints) => {
            if let super::panes::endpoints::Outcome::Open(i) =
                m.left.endpoints.on_action(action, rows)
            {
                open_endpoint(m, i, None);
            }
            m.left.endpoints.scroll_into_view(rows);
        }
        (Focus::Endpoints, Left::Saved) => {
            let fx = reopen::on_action(m, action, rows);
            m.left.saved.scroll_into_view(rows);
            return fx;
        }
        (Focus::Request, _) => {
            let cat = m.catalogue.clone();
            let out = m.request.on_action(action, &cat);
            request_outcome(m, out);
        }
        (Focus::Response, _) => {
            if action == Action::Open && super::panes::response::id_menu::open(m) {
                return Vec::new();
            }
            if let Some(v) = m.response.viewer.as_mut() {
                let digit = match key.code {
                    KeyCode::Char(c) => c.to_digit(10),
                    _ => None,
                };
                let fx = v.on_action(action, digit);
                return pane_effects(m, fx);
            }
        }
    }
    Vec::new()
}

/// Opens catalogue endpoint `i` in the request pane, optionally filling one path parameter.
pub(super) fn open_endpoint(m: &mut Model, i: usize, fill: Option<(&str, &str)>) {
    let cat = m.catalogue.clone();
    let Some(ep) = cat.endpoints.get(i) else {
        return;
    };
    m.request.load_endpoint(&cat, ep);
    // The answer of a history entry opened before is not shown under this endpoint.
    m.response.kept_wait = None;
    if let Some((p, v)) = fill {
        m.request.draft.fill(p, v);
        m.request.set_baseline();
    }
    m.left.endpoints.select_id(&ep.id);
    let a = super::layout::areas(m);
    m.left
        .endpoints
        .scroll_into_view(super::layout::list_rows(a.endpoints));
    m.focus = Focus::Request;
    let hint = if m
        .request
        .draft
        .path_params
        .iter()
        .any(|p| p.value.is_empty())
    {
        "fill the path parameters (Enter edits), then Ctrl-S sends"
    } else {
        "Ctrl-S sends; Enter edits a row; ←→ Params, Headers, Body"
    };
    m.say(Level::Info, format!("{} {} · {hint}", ep.method, ep.path));
}

/// Tells the user what the request pane said.
pub(super) fn request_outcome(m: &mut Model, out: ReqOutcome) {
    match out {
        ReqOutcome::Say(s) => m.say(Level::Info, s),
        ReqOutcome::Refused(s) => m.say(Level::Error, s),
        ReqOutcome::Handled | ReqOutcome::Ignored => {}
    }
}
