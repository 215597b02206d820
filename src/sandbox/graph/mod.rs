//! Graph API routing: version prefix, the object or alias in the first segment, the catalogue
//! entry that matches, permission and group-scope checks, then a read or a write.

mod batch;
mod path;
mod read;
mod refs;
mod route;
#[cfg(test)]
pub(super) mod tests;

use serde_json::Value;

use super::engine::{Engine, SReq, SResp, param};
use super::errors::GraphErr;
use crate::core::request::RESERVED_PARAMS;
use path::{Op, SANDBOX_VERSION, split_version};

/// Answers a Graph request.
pub fn handle(engine: &mut Engine, req: &SReq, now: i64) -> SResp {
    let params = req.params();
    let mut usage = None;
    let split = split_version(&req.path);
    // The version that answers: the path's, else the newest (as Graph does for unversioned calls).
    let answered = match &split {
        Ok((v, _)) if !v.is_empty() => v.trim_start_matches('/').to_owned(),
        _ => SANDBOX_VERSION.to_owned(),
    };
    let result = split.and_then(|(version, segs)| {
        if let Some(r) = super::tokens::handle(engine, req, &segs, &params, now) {
            return r;
        }
        // With no token at all, `/me` gets Graph's own words (code 2500), other paths 104.
        let app = engine.authenticate(req, &params, now).map_err(|e| {
            if e.code == 104 && segs.first().is_some_and(|s| s == "me") {
                GraphErr::no_active_token()
            } else {
                e
            }
        })?;
        // Graph counts each operation of a batch as a call of the app whose token it runs with:
        // the batch's, unless the operation carries its own (`graph::batch` counts those).
        let calls = param(&params, "batch")
            .and_then(|b| serde_json::from_str::<Vec<Value>>(b).ok())
            // A batch past the limit is refused as one call.
            .map_or(1, |ops| {
                if ops.len() > batch::MAX_BATCH {
                    1
                } else {
                    ops.iter()
                        .filter(|op| !batch::has_own_token(op))
                        .count()
                        .max(1)
                }
            });
        for _ in 0..calls {
            let u = count_call(engine, &app, now);
            usage = Some(u);
            if u.wait_secs.is_some() {
                return Err(throttled(engine));
            }
        }
        if engine.inject_failure() {
            return Err(GraphErr::transient());
        }
        // Graph writes the version that answered into its links, also for unversioned calls.
        let resolved = if version.is_empty() {
            format!("/{SANDBOX_VERSION}")
        } else {
            version
        };
        let link_auth: Vec<(String, String)> = req
            .query
            .iter()
            .filter(|(k, _)| {
                param(&req.query, "access_token").is_some() && RESERVED_PARAMS.contains(&k.as_str())
            })
            .cloned()
            .collect();
        if segs.is_empty() {
            batch::root(engine, &app, req.method, &params, &resolved, now)
        } else {
            route::dispatch(
                engine,
                &app,
                &Op {
                    method: req.method,
                    segs: &segs,
                    params: &params,
                    version: &resolved,
                    now,
                    link_auth: &link_auth,
                    files: &req.files,
                },
            )
        }
    });
    let trace = engine.trace();
    let mut common = vec![
        ("facebook-api-version".to_owned(), answered),
        ("x-fb-trace-id".to_owned(), trace.clone()),
        (
            "x-fb-debug".to_owned(),
            format!("wpx-sandbox-debug-{trace}"),
        ),
    ];
    if let Some(u) = usage {
        common.extend(u.headers(&engine.world.community));
    }
    let mut resp = respond(result, &trace);
    super::modifiers::apply(&mut resp, &params);
    common.append(&mut resp.headers);
    resp.headers = common;
    resp
}

fn respond(result: Result<(u16, Value), GraphErr>, trace: &str) -> SResp {
    match result {
        // A redirect (a member's picture): the body names where.
        Ok((302, body)) => SResp {
            status: 302,
            headers: vec![(
                "location".into(),
                body["location"].as_str().unwrap_or_default().to_owned(),
            )],
            body: Value::Null,
        },
        Ok((status, body)) => SResp {
            status,
            headers: vec![(
                "content-type".into(),
                "application/json; charset=UTF-8".into(),
            )],
            body,
        },
        Err(e) => {
            let trace = trace.to_owned();
            SResp {
                status: e.status,
                headers: vec![
                    (
                        "content-type".into(),
                        "application/json; charset=UTF-8".into(),
                    ),
                    ("www-authenticate".into(), e.www_authenticate()),
                ],
                body: e.body(&trace),
            }
        }
    }
}

/// Counts one call of `app` against its rate limit (`wait_secs` is set past it).
pub(super) fn count_call(
    engine: &mut Engine,
    app: &super::apps::App,
    now: i64,
) -> super::limits::Usage {
    let limit = engine
        .options
        .rate_limit
        .unwrap_or(super::limits::DEFAULT_LIMIT);
    let window = engine
        .options
        .rate_window_secs
        .unwrap_or(super::limits::DEFAULT_WINDOW);
    engine.limits.hit(app.key(), now, limit, window)
}

/// Graph's throttling error, in the code the sandbox was started with.
pub(super) fn throttled(engine: &Engine) -> GraphErr {
    GraphErr::rate_limited(engine.options.rate_code.unwrap_or(4))
}
