//! The response pane: the body in the viewer, the headers, the Graph error banner, the id menu.

pub mod draw;
pub mod id_menu;
pub mod ids;
pub mod viewer;

use std::sync::Arc;
use std::time::Duration;

use crate::core::doc::Document;
use crate::core::graph_error::GraphError;
use viewer::ViewerPane;

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
    /// `paging.cursors.after` and `.before`.
    pub cursors: (Option<String>, Option<String>),
    /// The highest rate-limit share of the usage headers.
    pub usage: Option<crate::core::usage::Usage>,
    /// The version that answered (`facebook-api-version`).
    pub api_version: Option<String>,
    /// The proof's time and expiry.
    pub proof: Option<(i64, i64)>,
    /// A clock-skew note.
    pub skew_note: Option<String>,
    /// Not just received: what history recorded of a send at this unix time, and whether it had
    /// all of its body (there are no headers).
    pub recorded: Option<(i64, bool)>,
}

impl ResponseData {
    /// What history recorded of a send: its status, duration, size and its body (all of it, or
    /// its start only).
    pub fn recorded(time: i64, status: u16, duration_ms: u64, size: usize, body: Vec<u8>) -> Self {
        let whole = body.len() >= size;
        Self::recorded_doc(
            (time, status, duration_ms, size),
            Arc::new(Document::new(body)),
            whole,
        )
    }

    /// [`ResponseData::recorded`] of a body already indexed: `(time, status, duration_ms,
    /// size)`, the body, and whether it is all of it.
    pub fn recorded_doc(
        (time, status, duration_ms, size): (i64, u16, u64, usize),
        doc: Arc<Document>,
        whole: bool,
    ) -> Self {
        let graph_error = (status >= 400)
            .then(|| doc.raw_json().and_then(GraphError::from_body))
            .flatten();
        let (next, previous) = doc.paging_links();
        let cursors = doc.paging_cursors();
        Self {
            status,
            elapsed: Duration::from_millis(duration_ms),
            size,
            headers: Vec::new(),
            graph_error,
            doc,
            next,
            previous,
            cursors,
            usage: None,
            api_version: None,
            proof: None,
            skew_note: None,
            recorded: Some((time, whole)),
        }
    }
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

/// The response pane's state.
#[derive(Default)]
pub struct ResponsePane {
    /// The last response.
    pub data: Option<ResponseData>,
    /// Why the last send failed (shown instead of an older response).
    pub failure: Option<String>,
    /// The body's viewer.
    pub viewer: Option<ViewerPane>,
    /// The catalogue id of the endpoint that answered.
    pub endpoint: Option<String>,
    /// Headers instead of the body.
    pub show_headers: bool,
    /// The id menu, when open.
    pub id_menu: Option<IdMenu>,
    /// The page of the request this response is.
    pub page: u32,
    /// Loading a body (`wpx view`).
    pub loading: Option<String>,
    /// The answer shown before this one, for `=` (compare).
    pub previous: Option<Arc<Document>>,
    /// What the answer shown is (`GET /me?fields=id · 200`), and the one before.
    pub label: String,
    /// What `previous` is.
    pub previous_label: Option<String>,
    /// The history entry opened last, whose whole answer is being read: its read's tag, what it
    /// recorded, and the request as `METHOD path`.
    pub kept_wait: Option<(u64, crate::tui::panes::saved::Recorded, String)>,
    /// The answer is every page from the first to `page`, merged (`}`).
    pub merged: bool,
    /// The last file exported to (the export prompt suggests it).
    pub last_export: Option<String>,
    /// The export file the user was told is there: Enter on this name again replaces it.
    pub export_replace: Option<String>,
}
