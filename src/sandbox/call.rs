//! One Graph call as a write and the events after it see it: the engine, who calls, the catalogue
//! entry, the object (and a second id) it names, its parameters and the sandbox's time.

use super::apps::App;
use super::engine::Engine;

/// One routed Graph call.
pub struct Call<'a> {
    /// The sandbox's state.
    pub engine: &'a mut Engine,
    /// The calling app.
    pub app: &'a App,
    /// The catalogue entry's id, e.g. `group.feed.post`.
    pub entry: &'a str,
    /// The id the first path segment resolved to.
    pub target: &'a str,
    /// The id in the third path segment, when there is one (`/{group}/members/{member}`).
    pub sub: Option<&'a str>,
    /// Query, form and JSON-body parameters.
    pub params: &'a [(String, String)],
    /// The sandbox's time.
    pub now: i64,
    /// Files uploaded with the call.
    pub files: &'a [super::engine::Upload],
}
