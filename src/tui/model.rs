//! The TUI's state (Model), the messages that change it and the effects it asks for.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, MouseEvent};

use super::clipboard::Via;
use super::endpoints::EndpointsPane;
use super::request::RequestPane;
use super::saved::{SavedItem, SavedPane};
use super::viewer_pane::ViewerPane;
use crate::core::catalogue::Catalogue;
use crate::core::doc::Document;
use crate::core::doc::search::Match;
use crate::core::graph_error::GraphError;
use crate::core::request::{Credentials, RequestSpec, Target};
use crate::sandbox::Sandbox;

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The endpoint list.
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
    Save(String),
    /// Rename a saved request.
    Rename {
        /// Its collection.
        collection: String,
        /// Its current full name.
        old: String,
        /// The new name so far.
        text: String,
    },
}

/// The whole screen layout, or the viewer alone (`wpx view`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Endpoints, request, response.
    Explorer,
    /// The viewer alone.
    View,
}

/// A received response, ready to show.
#[derive(Debug, Clone)]
pub struct ResponseData {
    /// HTTP status.
    pub status: u16,
    /// Time taken.
    pub elapsed: Duration,
    /// Body size in bytes.
    pub size: usize,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// The indexed body.
    pub doc: Arc<Document>,
    /// A decoded Graph error.
    pub graph_error: Option<GraphError>,
    /// `paging.next`.
    pub next: Option<String>,
    /// `paging.previous`.
    pub previous: Option<String>,
    /// `X-App-Usage`.
    pub usage: Option<String>,
    /// The proof's time and expiry.
    pub proof: Option<(i64, i64)>,
    /// A clock-skew note.
    pub skew_note: Option<String>,
}

/// Where requests go (no secrets here: those stay with the effect runner).
#[derive(Debug, Clone)]
pub struct Connection {
    /// The profile's name, or `SANDBOX`.
    pub label: String,
    /// Running against the built-in sandbox.
    pub sandbox: bool,
    /// Target (base URL, version, proof mode).
    pub target: Option<Target>,
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
}

/// How serious a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Information.
    Info,
    /// Something failed.
    Error,
}

/// The choices offered for an id in the response.
#[derive(Debug, Clone)]
pub struct IdMenu {
    /// The id.
    pub value: String,
    /// The path parameter it fills.
    pub param: String,
    /// Catalogue indices of the endpoints offered.
    pub options: Vec<usize>,
    /// Selected option.
    pub selected: usize,
}

/// The TUI state.
pub struct Model {
    /// Layout.
    pub mode: Mode,
    /// Focused pane.
    pub focus: Focus,
    /// Endpoint list.
    pub endpoints: EndpointsPane,
    /// What the left pane shows.
    pub left: Left,
    /// Saved requests and history.
    pub saved: SavedPane,
    /// A status-bar prompt.
    pub prompt: Option<AppPrompt>,
    /// The saved request the request pane came from (collection, full name).
    pub saved_origin: Option<(String, String)>,
    /// Request editor.
    pub request: RequestPane,
    /// The last response.
    pub response: Option<ResponseData>,
    /// Why the last send failed (shown in the response pane instead of an older response).
    pub failure: Option<String>,
    /// Its viewer.
    pub viewer: Option<ViewerPane>,
    /// The catalogue id of the endpoint that answered (what its ids are, what it needs).
    pub response_endpoint: Option<String>,
    /// Headers instead of the body.
    pub show_headers: bool,
    /// The id menu, when open.
    pub id_menu: Option<IdMenu>,
    /// Where requests go.
    pub conn: Connection,
    /// The request in flight.
    pub inflight: Option<InFlight>,
    /// The last status message.
    pub message: Option<(Level, String)>,
    /// The help overlay is open.
    pub help: bool,
    /// Terminal size.
    pub size: (u16, u16),
    /// The wall clock (unix seconds), for the proof countdown.
    pub now: i64,
    /// Leave the loop, with this exit code.
    pub quit: Option<u8>,
    /// The catalogue.
    pub catalogue: Arc<Catalogue>,
    /// Loading a body (`wpx view`).
    pub loading: Option<String>,
    next_id: u64,
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
            endpoints: EndpointsPane::new(catalogue.clone()),
            left: Left::Endpoints,
            saved: SavedPane::default(),
            prompt: None,
            saved_origin: None,
            request: RequestPane::default(),
            failure: None,
            response: None,
            viewer: None,
            response_endpoint: None,
            show_headers: false,
            id_menu: None,
            conn,
            inflight: None,
            message: None,
            help: false,
            size: (80, 24),
            now: 0,
            quit: None,
            catalogue,
            loading: None,
            next_id: 0,
        }
    }

    /// A fresh id for a request or a task.
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// True while a text field or prompt takes the keys.
    pub fn editing(&self) -> bool {
        if self.prompt.is_some() {
            return true;
        }
        match self.focus {
            Focus::Endpoints => self.endpoints.filtering,
            Focus::Request => self.request.is_editing(),
            Focus::Response => self.viewer.as_ref().is_some_and(ViewerPane::editing),
        }
    }

    /// Whether the loop needs a timer: 100 ms while a request runs, 1 s while a proof counts down.
    pub fn tick_interval(&self) -> Option<Duration> {
        if self.inflight.is_some() || self.loading.is_some() {
            Some(Duration::from_millis(100))
        } else if self
            .response
            .as_ref()
            .and_then(|r| r.proof)
            .is_some_and(|(_, exp)| exp > self.now)
        {
            Some(Duration::from_secs(1))
        } else {
            None
        }
    }

    /// Sets the status message.
    /// Sets the status message. Its text may quote a server, a file or an import, so it is made
    /// terminal-safe here, once, for every caller.
    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        let text: String = text.into();
        let safe = crate::core::text::terminal_safe(&text, crate::core::text::Keep::Nothing);
        self.message = Some((level, safe.into_owned()));
    }
}

/// Everything that can change the model.
pub enum Message {
    /// A key.
    Key(KeyEvent),
    /// A mouse event.
    Mouse(MouseEvent),
    /// Pasted text.
    Paste(String),
    /// The terminal was resized.
    Resize(u16, u16),
    /// The clock ticked (unix seconds).
    Tick(i64),
    /// A request finished.
    Sent {
        /// Its id.
        id: u64,
        /// What came back.
        result: Result<Box<ResponseData>, String>,
    },
    /// A search finished (`None`: cancelled).
    SearchDone {
        /// Its id.
        id: u64,
        /// The matches.
        matches: Option<Vec<Match>>,
    },
    /// A jq filter finished.
    FilterDone {
        /// Its id.
        id: u64,
        /// The result document and output count, or the error.
        result: Result<(Arc<Document>, usize), String>,
    },
    /// A copy finished.
    Copied {
        /// What was copied.
        what: String,
        /// How, or why not.
        result: Result<Via, String>,
        /// When the copied proof expires.
        expires: Option<i64>,
    },
    /// Where requests go is known (the sandbox started, or a profile loaded).
    Connected(Box<Connect>),
    /// Connecting failed (the sandbox could not start).
    ConnectFailed(String),
    /// A body to view was indexed (`wpx view`).
    Loaded(Arc<Document>),
    /// SIGTERM or SIGHUP: leave with 128 + the signal number.
    Signal(u8),
    /// SIGTSTP from outside: suspend as Ctrl-Z does.
    Stop,
    /// SIGCONT: take the terminal back.
    Continue,
    /// Saved requests and history, read from disk.
    SavedList(Vec<SavedItem>, Vec<String>),
    /// A save, rename or delete finished.
    Stored(Result<String, String>),
    /// Something to tell the user.
    Note(Level, String),
}

/// What `Connected` carries.
pub struct Connect {
    /// The connection for the model.
    pub conn: Connection,
    /// The credentials, for the effect runner only.
    pub creds: Credentials,
    /// The in-process sandbox, kept alive by the effect runner.
    pub sandbox: Option<Sandbox>,
}

/// What `update` asks the runner to do.
pub enum Effect {
    /// Send a request, signed when it goes.
    Send {
        /// Its id.
        id: u64,
        /// What to send.
        spec: RequestSpec,
    },
    /// Abort a request.
    Cancel(u64),
    /// Search the response.
    Search {
        /// Tag.
        id: u64,
        /// Query.
        query: String,
        /// The document.
        doc: Arc<Document>,
    },
    /// Stop searching.
    CancelSearch,
    /// Run a jq filter.
    Filter {
        /// Tag.
        id: u64,
        /// Expression.
        expr: String,
        /// The unfiltered document.
        doc: Arc<Document>,
    },
    /// Copy text as it is.
    Copy {
        /// The text.
        text: String,
        /// What it is.
        what: String,
    },
    /// Copy the signed URL of a request, signed now.
    CopySignedUrl(RequestSpec),
    /// Copy a curl command for a request.
    CopyCurl(RequestSpec),
    /// Hand over credentials (and the sandbox) to the runner.
    Connect(Box<Connect>),
    /// Ctrl-Z.
    Suspend,
    /// Stop the running jq filter.
    CancelFilter,
    /// Take the terminal back after the process was continued (the app loop's).
    Resume,
    /// Read the saved requests and history.
    LoadSaved,
    /// Save a request into a collection.
    Save {
        /// The collection's name.
        collection: String,
        /// The request's name (may hold a folder: `Group/Feed`).
        name: String,
        /// The request.
        spec: RequestSpec,
    },
    /// Rename a saved request.
    Rename {
        /// Its collection.
        collection: String,
        /// Its full name.
        old: String,
        /// The new full name.
        new: String,
    },
    /// Delete a saved request.
    Delete {
        /// Its collection.
        collection: String,
        /// Its full name.
        name: String,
    },
}
