//! The root: `POST /` with `batch`, and `GET /?ids=a,b`.

use serde_json::{Map, Value, json};

use super::path::{Op, split_version};
use super::route::dispatch;
use crate::core::request::Method;
use crate::sandbox::apps::App;
use crate::sandbox::engine::{Engine, param};
use crate::sandbox::errors::GraphErr;

/// Most operations in one batch.
const MAX_BATCH: usize = 50;

/// `POST /` with `batch`, or `GET /?ids=a,b`.
pub fn root(
    engine: &mut Engine,
    app: &App,
    method: Method,
    params: &[(String, String)],
    version: &str,
    now: i64,
) -> Result<(u16, Value), GraphErr> {
    if let Some(batch) = param(params, "batch") {
        return run_batch(
            engine,
            app,
            batch,
            param(params, "include_headers") != Some("false"),
            version,
            now,
        )
        .map(|v| (200, v));
    }
    if method != Method::Get {
        return Err(GraphErr::param("The parameter batch is required"));
    }
    let Some(ids) = param(params, "ids") else {
        return Err(GraphErr::param("Missing 'ids' parameter: use ?ids=ID1,ID2"));
    };
    let mut out = Map::new();
    let mut missing = Vec::new();
    let rest: Vec<(String, String)> = params.iter().filter(|(k, _)| k != "ids").cloned().collect();
    for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let segs = [id.to_owned()];
        let op = Op {
            method: Method::Get,
            segs: &segs,
            params: &rest,
            version,
            now,
        };
        match dispatch(engine, app, &op) {
            Ok((_, v)) => {
                out.insert(id.to_owned(), v);
            }
            Err(e) if e.code == 803 || e.subcode == Some(33) => missing.push(id.to_owned()),
            Err(e) => return Err(e),
        }
    }
    if !missing.is_empty() {
        return Err(GraphErr::aliases(&missing.join(",")));
    }
    Ok((200, Value::Object(out)))
}

fn run_batch(
    engine: &mut Engine,
    app: &App,
    batch: &str,
    include_headers: bool,
    version: &str,
    now: i64,
) -> Result<Value, GraphErr> {
    let ops: Vec<Value> = serde_json::from_str(batch)
        .map_err(|e| GraphErr::param(format!("The parameter batch must be a JSON array: {e}")))?;
    if ops.len() > MAX_BATCH {
        return Err(GraphErr::param(format!(
            "Too many requests in batch message. Maximum batch size is {MAX_BATCH}"
        )));
    }
    let mut results = Vec::with_capacity(ops.len());
    for op in ops {
        let method = op
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or("GET")
            .parse::<Method>()
            .map_err(|e| GraphErr::param(e.to_string()))?;
        let rel = op
            .get("relative_url")
            .and_then(Value::as_str)
            .ok_or_else(|| GraphErr::param("Each batch operation needs a relative_url"))?;
        let (path, query) = rel.split_once('?').unwrap_or((rel, ""));
        let mut params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if let Some(body) = op.get("body").and_then(Value::as_str) {
            params.extend(
                url::form_urlencoded::parse(body.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned())),
            );
        }
        let outcome =
            split_version(&format!("/{}", path.trim_start_matches('/'))).and_then(|(v, segs)| {
                if segs.is_empty() {
                    Err(GraphErr::param("A batch operation cannot be a batch"))
                } else {
                    let op = Op {
                        method,
                        segs: &segs,
                        params: &params,
                        version: if v.is_empty() { version } else { &v },
                        now,
                    };
                    dispatch(engine, app, &op)
                }
            });
        let (code, body) = match outcome {
            Ok((code, body)) => (code, body),
            Err(e) => {
                let trace = engine.trace();
                (e.status, e.body(&trace))
            }
        };
        let mut item = json!({ "code": code, "body": body.to_string() });
        if include_headers && let Some(obj) = item.as_object_mut() {
            obj.insert(
                "headers".into(),
                json!([{"name": "Content-Type", "value": "text/javascript; charset=UTF-8"}]),
            );
        }
        results.push(item);
    }
    Ok(Value::Array(results))
}
