//! The TUI's state: a small root ([`Model`]) of pane states. Messages and effects are in
//! [`super::message`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::keymap::{Action, Context};
use super::panes::endpoints::EndpointsPane;
use super::panes::request::RequestPane;
use super::panes::response::viewer::ViewerPane;
use super::panes::saved::SavedPane;
use super::widgets::line_input::LineInput;
use crate::core::catalogue::Catalogue;

pub use super::message::{Connect, Connection, DemoApp, Effect, Level, Message};
pub use super::panes::response::{IdMenu, ResponseData, ResponsePane};

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The endpoint list (or the saved list, when the left pane shows it).
    Endpoints,
    /// The request editor.
    Request,
    /// The response viewer.
    Response,
}

/// What the left pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left {
    /// The catalogue.
    Endpoints,
    /// Saved requests and history.
    Saved,
}

/// A one-line prompt in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppPrompt {
    /// Save the request as `collection/name`.
    Save(LineInput),
    /// Replay a delivery to a URL.
    Replay {
        /// The delivery's id.
        id: String,
        /// The URL so far.
        input: LineInput,
    },
    /// Export the answer to a file.
    Export(LineInput),
    /// Rename a saved request.
    Rename {
        /// Its collection.
        collection: String,
        /// Its current full name.
        old: String,
        /// The new name so far.
        input: LineInput,
    },
}

/// What is drawn over the panes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Overlay {
    /// Nothing.
    #[default]
    None,
    /// The key help, scrolled by this many rows.
    Help(usize),
    /// A prompt in the status bar.
    Prompt(AppPrompt),
    /// The switcher of demo apps and environments.
    Switcher(super::panes::switcher::Switcher),
    /// The token panel: `debug_token`'s answer as (label, value) lines.
    Token(Vec<(String, String)>),
    /// The field picker.
    Fields(Box<super::panes::fields::FieldPicker>),
    /// The webhooks view (its state is [`Model::webhooks`]).
    Webhooks,
    /// The batch list (its state is [`Model::batch`]).
    Batch,
}

/// The whole screen layout, or the viewer alone (`wpx view`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Endpoints, request, response.
    Explorer,
    /// The viewer alone.
    View,
}

/// A request in flight.
#[derive(Debug, Clone)]
pub struct InFlight {
    /// Its id.
    pub id: u64,
    /// When it left.
    pub started: Instant,
    /// The catalogue id of the endpoint it came from.
    pub endpoint: Option<String>,
    /// Which page of the request it asks for (1 unless `]` or `[` turned it).
    pub page: u32,
    /// For a fetch of every page: how far it has got (empty until the first page).
    pub all: Option<String>,
    /// What its answer will be (`GET /me?fields=id`), for `=` to name it.
    pub label: String,
}

/// The left pane: the catalogue or the saved requests and history.
pub struct LeftPane {
    /// Which list shows.
    pub show: Left,
    /// The endpoint list.
    pub endpoints: EndpointsPane,
    /// Saved requests and history.
    pub saved: SavedPane,
}

/// The status bar's state.
#[derive(Default)]
pub struct Status {
    /// The last message.
    pub message: Option<(Level, String)>,
    /// The request in flight.
    pub inflight: Option<InFlight>,
}

/// Facts of the session: size, clock, exit, ids.
#[derive(Default)]
pub struct Session {
    /// Terminal size.
    pub size: (u16, u16),
    /// The wall clock (unix seconds), for the proof countdown.
    pub now: i64,
    /// The tag of the latest token check: an answer for an earlier connection is dropped.
    pub token_check: u64,
    /// The tag of the latest `?metadata=1` fetch: an answer to an earlier one is dropped.
    pub metadata_fetch: u64,
    /// What `?metadata=1` said, by endpoint (or path), for this session.
    pub metadata: std::collections::HashMap<String, crate::core::metadata::NodeMeta>,
    /// Leave the loop, with this exit code.
    pub quit: Option<u8>,
    /// `NO_COLOR` is set: bold and reverse only.
    pub no_color: bool,
    /// `q` has asked once about unsaved edits.
    pub asked_to_quit: bool,
    /// The colours (`[theme]` in config.toml).
    pub theme: super::theme::Theme,
    /// What went wrong while starting (`[theme]` of config.toml, catalogue packs left out), said
    /// once the TUI has started.
    pub start_notes: Vec<String>,
    /// The config profiles the switcher offers.
    pub profiles: Vec<super::message::ProfileInfo>,
    /// The last action a key reached (the keymap test reads it).
    pub last_action: Option<Action>,
    next_id: u64,
}

/// The TUI state: a root of pane states.
pub struct Model {
    /// Layout.
    pub mode: Mode,
    /// Focused pane.
    pub focus: Focus,
    /// The catalogue.
    pub catalogue: Arc<Catalogue>,
    /// The webhooks view.
    pub webhooks: super::panes::webhooks::WebhooksView,
    /// The batch being composed.
    pub batch: super::panes::batch::BatchPane,
    /// Where requests go.
    pub conn: Connection,
    /// Endpoints or saved requests.
    pub left: LeftPane,
    /// The request editor.
    pub request: RequestPane,
    /// The response.
    pub response: ResponsePane,
    /// Help or a prompt.
    pub overlay: Overlay,
    /// Status message and the request in flight.
    pub status: Status,
    /// Size, clock, exit, ids.
    pub session: Session,
}

impl Model {
    /// A model at startup.
    pub fn new(catalogue: Arc<Catalogue>, conn: Connection, mode: Mode) -> Self {
        Self {
            mode,
            focus: if mode == Mode::View {
                Focus::Response
            } else {
                Focus::Endpoints
            },
            left: LeftPane {
                show: Left::Endpoints,
                endpoints: EndpointsPane::new(catalogue.clone()),
                saved: SavedPane::default(),
            },
            request: RequestPane::default(),
            response: ResponsePane {
                page: 1,
                ..ResponsePane::default()
            },
            conn,
            overlay: Overlay::None,
            status: Status::default(),
            session: Session {
                size: (80, 24),
                ..Session::default()
            },
            catalogue,
            webhooks: Default::default(),
            batch: Default::default(),
        }
    }

    /// A fresh id for a request or a task.
    pub fn next_id(&mut self) -> u64 {
        self.session.next_id += 1;
        self.session.next_id
    }

    /// True while a text field or prompt takes the keys.
    pub fn editing(&self) -> bool {
        if matches!(self.overlay, Overlay::Prompt(_)) {
            return true;
        }
        match self.focus {
            Focus::Endpoints => match self.left.show {
                Left::Endpoints => self.left.endpoints.filtering,
                Left::Saved => self.left.saved.filtering,
            },
            Focus::Request => self.request.is_editing(),
            Focus::Response => self
                .response
                .viewer
                .as_ref()
                .is_some_and(ViewerPane::editing),
        }
    }

    /// The key context of the focused pane.
    pub fn context(&self) -> Context {
        match (self.focus, self.left.show) {
            (Focus::Endpoints, Left::Endpoints) => Context::Endpoints,
            (Focus::Endpoints, Left::Saved) => Context::Saved,
            (Focus::Request, _) => Context::Request,
            (Focus::Response, _) => Context::Response,
        }
    }

    /// Whether the loop needs a timer: 100 ms while a request runs, 1 s while a proof counts down.
    pub fn tick_interval(&self) -> Option<Duration> {
        if self.status.inflight.is_some() || self.response.loading.is_some() {
            Some(Duration::from_millis(100))
        } else if self
            .response
            .data
            .as_ref()
            .and_then(|r| r.proof)
            .is_some_and(|(_, exp)| exp > self.session.now)
        {
            Some(Duration::from_secs(1))
        } else {
            None
        }
    }

    /// Sets the status message. Its text may quote a server, a file or an import, so it is made
    /// terminal-safe here, once, for every caller.
    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        let text: String = text.into();
        let safe = crate::core::text::terminal_safe(&text, crate::core::text::Keep::Nothing);
        self.status.message = Some((level, safe.into_owned()));
    }

    /// The variable chain for a send: the environment, the collection the request came from, and
    /// the profile's variables.
    pub fn vars(&self) -> crate::core::vars::Vars {
        crate::core::vars::Vars {
            given: Default::default(),
            environment: self.conn.environment.clone(),
            collection: self.request.origin.as_ref().map(|o| o.scope()),
            profile: self.conn.profile_vars.clone(),
        }
    }
}
