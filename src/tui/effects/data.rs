//! An answer made ready for the TUI: headers and body scrubbed of the credentials, the body
//! indexed for the viewer, the Graph error, usage, version and proof facts read once.

use std::sync::Arc;

use crate::core::doc::Document;
use crate::core::request::Credentials;
use crate::http::Response;
use crate::tui::model::ResponseData;

/// The TUI's view of an answer.
pub(super) fn to_data(resp: Response, creds: &Credentials) -> ResponseData {
    let secrets = creds.secrets();
    let graph_error = if resp.is_success() {
        None
    } else {
        resp.graph_error().map(|e| e.sanitized(&secrets))
    };
    let usage = crate::core::usage::Usage::from_headers(&resp.headers);
    let api_version = resp.header("facebook-api-version").map(|v| {
        crate::core::text::terminal_safe(v, crate::core::text::Keep::Nothing).into_owned()
    });
    let headers = resp
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                crate::core::text::scrub(v, &secrets).into_owned(),
            )
        })
        .collect();
    let proof = resp
        .proof
        .as_ref()
        .and_then(|p| Some((p.appsecret_time?, p.expires_at()?)));
    let size = resp.body.len();
    // A server may echo the token (or the secret): the viewer never shows it.
    let body = crate::core::text::scrub_bytes(&resp.body, &secrets).unwrap_or(resp.body);
    let doc = Arc::new(Document::new(body));
    let (next, previous) = doc.paging_links();
    let cursors = doc.paging_cursors();
    ResponseData {
        status: resp.status,
        elapsed: resp.elapsed,
        size,
        headers,
        doc,
        graph_error,
        next,
        previous,
        cursors,
        usage,
        api_version,
        proof,
        skew_note: resp.skew_note,
        recorded: None,
    }
}
