//! The sandbox's front door: a request goes to SCIM or to Graph, and every answer gets the common
//! headers. (Kept apart from `engine` so that the engine's state does not depend on its routes.)

use super::engine::{Engine, SReq, SResp};

impl Engine {
    /// Answers one request at the sandbox's time `now`.
    /// Graph's `method=post|delete` override is applied first (it is how a signed URL pasted
    /// into a browser or curl can write).
    pub fn handle(&mut self, req: &SReq, now: i64) -> SResp {
        // Copied only when there is an override to apply (a body can be megabytes).
        let overridden;
        let req = if req
            .query
            .iter()
            .chain(&req.form)
            .any(|(k, _)| k == "method")
        {
            let mut r = req.clone();
            r.apply_method_override();
            overridden = r;
            &overridden
        } else {
            req
        };
        let mut resp = if req.path == "/scim" || req.path.starts_with("/scim/") {
            super::scim::handle(self, req, now)
        } else {
            super::graph::handle(self, req, now)
        };
        // Graph puts a trace id on every answer, SCIM's included.
        if !resp.headers.iter().any(|(k, _)| k == "x-fb-trace-id") {
            let trace = self.trace();
            resp.headers.push(("x-fb-trace-id".into(), trace));
        }
        let mut headers = self.common_headers(now);
        headers.append(&mut resp.headers);
        resp.headers = headers;
        resp
    }
}
