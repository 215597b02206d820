//! `I`: the support bundle of the answer shown, for the clipboard.

use super::spec;
use crate::tui::model::{Effect, Level, Model};

/// The support bundle of the answer shown (headers as received, already scrubbed of secrets),
/// for the clipboard.
pub(super) fn debug_info(m: &mut Model) -> Vec<Effect> {
    let (Some(target), Some(r)) = (m.conn.target.as_ref(), m.response.data.as_ref()) else {
        m.say(
            Level::Error,
            "nothing to describe yet: send a request first (Ctrl-S), then I copies its debug information",
        );
        return Vec::new();
    };
    let spec = match spec(m) {
        Ok(s) => s,
        Err(e) => {
            m.say(Level::Error, e);
            return Vec::new();
        }
    };
    let text = crate::core::support::bundle(
        &crate::core::support::Call {
            spec: &spec,
            target,
            status: Some(r.status),
            headers: &r.headers,
            error: r.graph_error.as_ref(),
            failure: m.response.failure.as_deref(),
            time: r.proof.map_or(m.session.now, |(t, _)| t),
        },
        &[],
    );
    vec![Effect::Copy {
        text,
        what: "debug information (no token, proof or secret)".into(),
    }]
}
