//! The messages that change the model and the effects `update` asks the runner for.

use std::sync::Arc;

use crossterm::event::{KeyEvent, MouseEvent};

use super::clipboard::Via;
use super::panes::response::ResponseData;
use super::panes::saved::SavedItem;
use crate::core::doc::Document;
use crate::core::doc::search::Match;
use crate::core::request::Target;
use crate::core::request::{Credentials, RequestSpec};
use crate::core::vars::Scope;
use crate::sandbox::Sandbox;

/// Where requests go (no secrets here: those stay with the effect runner).
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// The profile's name, or `SANDBOX`.
    pub label: String,
    /// Running against the built-in sandbox.
    pub sandbox: bool,
    /// Target (base URL, version, proof mode).
    pub target: Option<Target>,
    /// The profile's `variables`.
    pub profile_vars: Option<Scope>,
    /// The environment chosen with `--env` or the switcher.
    pub environment: Option<Scope>,
    /// The sandbox's demo apps (empty on a profile).
    pub apps: Vec<DemoApp>,
    /// The demo app in use, by key.
    pub app: Option<String>,
    /// What is worth warning about in the profile (an expiring pinned version, …).
    pub warnings: Vec<String>,
    /// The profile's surface (`None`: the sandbox).
    pub surface: Option<crate::core::surface::Surface>,
    /// What `debug_token` said of the token, once asked.
    pub token: Option<crate::core::token_info::TokenInfo>,
}

/// A demo app of the sandbox, as the switcher lists it (its credentials stay with the runner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoApp {
    /// `all`, `readonly`, `scoped`, `bot`, `noproof`.
    pub key: String,
    /// Its name.
    pub name: String,
    /// The permissions it holds.
    pub permissions: Vec<String>,
    /// Whether every call must carry a proof.
    pub require_proof: bool,
}

/// A config profile as the switcher lists it: no secret, not even where they come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    /// Its name in config.toml.
    pub name: String,
    /// Its base URL.
    pub base_url: String,
    /// What is wrong with it (broken, a source that is not usable), as `wpx profiles` says.
    pub problem: Option<String>,
}

/// How serious a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Information.
    Info,
    /// Something failed.
    Error,
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
    /// Two answers were compared (`=`).
    Compared {
        /// The viewer's tag for it.
        id: u64,
        /// The changes, or why they cannot be found.
        result: Result<Box<crate::core::doc::compare::Compared>, String>,
    },
    /// A fetch of every page got one more (or is retrying one).
    FetchProgress {
        /// The fetch's id.
        id: u64,
        /// Its progress line.
        line: String,
        /// The pages that came so far (0: this line does not say).
        pages: usize,
    },
    /// A body to view is being read (`wpx view`): its first screen (once), and how far it got.
    Loading {
        /// The first lines, to show while the rest is indexed.
        head: Option<Arc<Document>>,
        /// How far indexing has got.
        note: String,
    },
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
    /// A send was written to the history (an open history list is read again).
    HistoryWritten,
    /// An export's file is already there and was left as it is (its name as typed).
    ExportExists(String),
    /// The answer a history entry got, read whole (or why it could not be).
    Kept {
        /// The read's tag.
        id: u64,
        /// The body, indexed.
        body: Result<Arc<Document>, String>,
    },
    /// A save, rename or delete finished.
    Stored(Result<String, String>),
    /// Something to tell the user.
    Note(Level, String),
    /// The runner now sends with this demo app's credentials.
    Switched(String),
    /// The environments there are, for the switcher.
    Environments(Vec<String>),
    /// What `debug_token` said (`show`: open the token panel).
    TokenChecked {
        /// The check's tag.
        tag: u64,
        /// Open the panel (asked with a key) rather than only warn.
        show: bool,
        /// The description, or why there is none.
        result: Result<Box<crate::core::token_info::TokenInfo>, String>,
    },
    /// An environment was read.
    EnvironmentLoaded(Result<Scope, String>),
    /// The webhook receiver reports.
    Webhook(crate::webhook_server::Event),
    /// The receiver started (its URL) or could not.
    ReceiverStarted(Result<String, String>),
    /// The recorded deliveries, read from the state dir.
    Deliveries(Vec<crate::webhook_log::Record>),
    /// A delivery's payload to show, or why it cannot be.
    DeliveryBody(Result<(crate::webhook_log::Record, Vec<u8>), String>),
    /// What metadata=1 said of a node.
    Metadata {
        /// The fetch's tag.
        tag: u64,
        /// The cache key (endpoint id or path).
        key: String,
        /// The node's fields, or why there are none.
        result: Result<crate::core::metadata::NodeMeta, String>,
    },
}

/// What `Connected` carries.
pub struct Connect {
    /// The connection for the model.
    pub conn: Connection,
    /// The credentials, for the effect runner only.
    pub creds: Credentials,
    /// The in-process sandbox, kept alive by the effect runner.
    pub sandbox: Option<Sandbox>,
    /// The profile's User-Agent (`None`: wpx's own).
    pub user_agent: Option<String>,
    /// The app id, for asking `debug_token` with the app token (for the runner only).
    pub app_id: Option<String>,
    /// The token was fetched with client credentials: fetch a new one when it is refused.
    pub renew: bool,
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
    /// Abort a request (a fetch of every page stops and shows what came).
    Cancel(u64),
    /// Write the answer to a file as JSON, JSONL or CSV.
    Export {
        /// Where.
        path: std::path::PathBuf,
        /// How.
        format: crate::core::pages::Format,
        /// The answer (scrubbed of secrets, as shown).
        doc: Arc<Document>,
        /// Replace the file when it is there (the user was told and pressed Enter again).
        replace: bool,
    },
    /// Send operations as one signed Graph batch.
    Batch {
        /// Its id.
        id: u64,
        /// The operations.
        ops: Vec<crate::core::batch::Operation>,
    },
    /// Compare two answers (off the loop).
    Compare {
        /// The viewer's tag for the answer.
        id: u64,
        /// The earlier answer.
        before: Arc<Document>,
        /// The one shown.
        after: Arc<Document>,
    },
    /// Fetch a GET and every page after it, merged.
    FetchAll {
        /// Its id.
        id: u64,
        /// The first page.
        spec: RequestSpec,
    },
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
    /// Ask `debug_token` about the connection's token (`show`: open the panel with the answer).
    CheckToken {
        /// Its tag, given back with the answer.
        tag: u64,
        /// Open the panel.
        show: bool,
    },
    /// Fetch `?metadata=1` for the field picker (answered with `Message::Metadata`).
    FetchMetadata {
        /// Its tag.
        tag: u64,
        /// The cache key.
        key: String,
        /// The request: the node's GET with `metadata=1`, signed when it goes.
        spec: RequestSpec,
    },
    /// Start the webhook receiver (or stop it with `false`).
    Receiver(bool),
    /// Read the recorded deliveries.
    LoadDeliveries,
    /// Read one delivery's payload.
    OpenDelivery(String),
    /// Replay a delivery to a URL, signed anew.
    Replay {
        /// The delivery.
        id: String,
        /// Where.
        url: String,
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
    /// Read the answer the history kept whole in this file (answered with `Message::Kept`).
    ReadKept {
        /// The read's tag.
        id: u64,
        /// The file's name in `history-bodies/`.
        name: String,
    },
    /// Save a request into a collection.
    Save {
        /// The collection's name.
        collection: String,
        /// The request's name (may hold a folder: `Group/Feed`).
        name: String,
        /// The request, its `{{variables}}` as written.
        request: crate::core::collection::SavedRequest,
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
    /// Send with another demo app of the sandbox, by key.
    SwitchApp(String),
    /// Connect to a config profile, by name (`None`: the built-in sandbox), keeping the
    /// current connection if that fails.
    SwitchProfile(Option<String>),
    /// List the environments (answered with `Message::Environments`).
    ListEnvironments,
    /// Read an environment (answered with `Message::EnvironmentLoaded`).
    LoadEnvironment(String),
    /// Delete a saved request.
    Delete {
        /// Its collection.
        collection: String,
        /// Its full name.
        name: String,
    },
}
