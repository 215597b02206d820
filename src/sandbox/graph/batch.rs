//! The root: `POST /` with `batch`, and `GET /?ids=a,b`.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::path::{Op, split_version};
use super::refs::Place;
use super::route::dispatch;
use crate::core::request::Method;
use crate::sandbox::apps::App;
use crate::sandbox::engine::{Engine, SReq, param};
use crate::sandbox::errors::GraphErr;

/// Most operations in one batch.
pub(super) const MAX_BATCH: usize = 50;

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
    read_ids(engine, app, ids, params, version, now)
}

/// `GET /?ids=a,b`: each object, keyed by the id asked for.
fn read_ids(
    engine: &mut Engine,
    app: &App,
    ids: &str,
    params: &[(String, String)],
    version: &str,
    now: i64,
) -> Result<(u16, Value), GraphErr> {
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
            link_auth: &[],
            files: &[],
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

/// True when a batch operation names its own `access_token` (in its URL or its body).
pub(super) fn has_own_token(op: &Value) -> bool {
    let text = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or_default();
    let url = text("relative_url");
    let query = url.split_once('?').map_or("", |(_, q)| q);
    [query, text("body")]
        .iter()
        .any(|t| url::form_urlencoded::parse(t.as_bytes()).any(|(k, _)| k == "access_token"))
}

/// One operation of a batch, as sent.
struct Spec {
    name: Option<String>,
    depends_on: Vec<String>,
    method: Method,
    relative_url: String,
    body: Option<String>,
    omit: Option<bool>,
}

fn spec(op: &Value) -> Result<Spec, GraphErr> {
    let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_owned);
    let method = text("method")
        .unwrap_or_else(|| "GET".into())
        .parse::<Method>()
        .map_err(|e| GraphErr::param(e.to_string()))?;
    let relative_url = text("relative_url")
        .ok_or_else(|| GraphErr::param("Each batch operation needs a relative_url"))?;
    let depends_on = match op.get("depends_on") {
        Some(Value::String(s)) => s.split(',').map(|n| n.trim().to_owned()).collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    Ok(Spec {
        name: text("name").filter(|n| !n.is_empty()),
        depends_on,
        method,
        relative_url,
        body: text("body"),
        omit: op.get("omit_response_on_success").and_then(Value::as_bool),
    })
}

/// The headers of one batch result, as Graph writes them.
fn item_headers(version: &str, err: Option<&GraphErr>) -> Value {
    let mut h = vec![
        json!({"name": "Access-Control-Allow-Origin", "value": "*"}),
        json!({"name": "Cache-Control", "value": "private, no-cache, no-store, must-revalidate"}),
        json!({"name": "Content-Type", "value": "text/javascript; charset=UTF-8"}),
        json!({"name": "Expires", "value": "Sat, 01 Jan 2000 00:00:00 GMT"}),
        json!({"name": "Facebook-API-Version", "value": version.trim_start_matches('/')}),
        json!({"name": "Pragma", "value": "no-cache"}),
    ];
    if let Some(e) = err {
        h.push(json!({"name": "WWW-Authenticate", "value": e.www_authenticate()}));
    }
    Value::Array(h)
}

/// Runs a batch as Graph does: in order, each operation with its own token when it names one,
/// `{result=NAME:$.path}` references filled from earlier answers, an operation whose dependency
/// failed not run, and the answer of a named operation that others use left out (`null`) unless
/// it asks for it with `omit_response_on_success: false`.
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
        return Err(GraphErr::batch_too_big(MAX_BATCH));
    }
    let specs: Vec<Spec> = ops.iter().map(spec).collect::<Result<_, _>>()?;
    // Names that a later operation depends on or refers to.
    let used: Vec<String> = specs
        .iter()
        .flat_map(|s| {
            let mut n = s.depends_on.clone();
            n.extend(super::refs::names_in(&s.relative_url));
            n.extend(
                s.body
                    .as_deref()
                    .map(super::refs::names_in)
                    .unwrap_or_default(),
            );
            n
        })
        .collect();
    let mut answers: HashMap<String, Value> = HashMap::new();
    let mut failed: Vec<String> = Vec::new();
    let mut results = Vec::with_capacity(specs.len());
    for s in &specs {
        let outcome = run_one(engine, app, s, &answers, &failed, version, now);
        let answered_version = version;
        let (code, body, err) = match outcome {
            Ok((code, body)) => (code, body, None),
            Err(e) => {
                let trace = engine.trace();
                (e.status, e.body(&trace), Some(e))
            }
        };
        if let Some(name) = &s.name {
            if err.is_none() {
                answers.insert(name.clone(), body.clone());
            } else {
                failed.push(name.clone());
            }
        }
        let omitted = err.is_none()
            && s.name.as_ref().is_some_and(|n| used.contains(n))
            && s.omit != Some(false);
        if omitted {
            results.push(Value::Null);
            continue;
        }
        let mut item = json!({ "code": code, "body": body.to_string() });
        if include_headers && let Some(obj) = item.as_object_mut() {
            obj.insert(
                "headers".into(),
                item_headers(answered_version, err.as_ref()),
            );
        }
        results.push(item);
    }
    Ok(Value::Array(results))
}

/// One operation: its dependencies checked, its references filled, its token (if it has one)
/// authenticated, then routed like any call.
fn run_one(
    engine: &mut Engine,
    app: &App,
    s: &Spec,
    answers: &HashMap<String, Value>,
    failed: &[String],
    version: &str,
    now: i64,
) -> Result<(u16, Value), GraphErr> {
    for d in &s.depends_on {
        if failed.contains(d) {
            return Err(GraphErr::batch_dependency(
                super::refs::RefError::Failed(d.clone()).message(),
            ));
        }
    }
    let fill = |text: &str, place| {
        super::refs::fill(text, answers, failed, place)
            .map_err(|e| GraphErr::batch_dependency(e.message()))
    };
    let (path, query) = s
        .relative_url
        .split_once('?')
        .unwrap_or((&s.relative_url, ""));
    let path = fill(path, Place::Path)?;
    let query = fill(query, Place::Form)?;
    let body = s
        .body
        .as_deref()
        .map(|b| fill(b, Place::Form))
        .transpose()?;
    let mut params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if let Some(body) = &body {
        params.extend(
            url::form_urlencoded::parse(body.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
    }
    // An operation may carry its own access token: it then runs as that token's app, with the
    // proof (if its app needs one) beside it in the operation.
    let own;
    let app = if param(&params, "access_token").is_some() {
        own = engine.authenticate(&SReq::default(), &params, now)?;
        if super::count_call(engine, &own, now).wait_secs.is_some() {
            return Err(super::throttled(engine));
        }
        &own
    } else {
        app
    };
    let (v, segs) = split_version(&format!("/{}", path.trim_start_matches('/')))?;
    let version = if v.is_empty() { version } else { &v };
    if segs.is_empty() {
        // `?ids=a,b` works in a batch too (Graph's own example fills ids from a named answer);
        // a batch inside a batch does not.
        return match (param(&params, "batch"), param(&params, "ids")) {
            (None, Some(ids)) if s.method == Method::Get => {
                read_ids(engine, app, ids, &params, version, now)
            }
            (Some(_), _) => Err(GraphErr::param("A batch operation cannot be a batch")),
            _ => Err(GraphErr::param(
                "A batch operation needs a relative_url with a path, or ?ids=",
            )),
        };
    }
    let op = Op {
        method: s.method,
        segs: &segs,
        params: &params,
        version,
        now,
        link_auth: &[],
        files: &[],
    };
    dispatch(engine, app, &op)
}
