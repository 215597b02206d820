//! Graph API routing: version prefix, the object or alias in the first segment, the catalogue
//! entry that matches, permission and group-scope checks, then a read or a write.

use serde_json::{Map, Value, json};

use super::apps::App;
use super::engine::{Engine, SReq, SResp, param};
use super::errors::GraphErr;
use super::render::{PageOpts, View, picture};
use super::world::{Kind, Node};
use crate::core::catalogue::{Endpoint, Host};
use crate::core::fields::parse_fields;
use crate::core::request::Method;

/// Most operations in one batch.
const MAX_BATCH: usize = 50;

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
        let app = engine.authenticate(req, &params, now)?;
        // Graph counts each operation of a batch as a call.
        let calls = param(&params, "batch")
            .and_then(|b| serde_json::from_str::<Vec<Value>>(b).ok())
            .map_or(1, |ops| ops.len().max(1));
        let limit = engine
            .options
            .rate_limit
            .unwrap_or(super::limits::DEFAULT_LIMIT);
        let window = engine
            .options
            .rate_window_secs
            .unwrap_or(super::limits::DEFAULT_WINDOW);
        for _ in 0..calls {
            let u = engine.limits.hit(app.key(), now, limit, window);
            usage = Some(u);
            if u.wait_secs.is_some() {
                return Err(GraphErr::rate_limited(
                    engine.options.rate_code.unwrap_or(4),
                ));
            }
        }
        if engine.inject_failure() {
            return Err(GraphErr::transient());
        }
        if segs.is_empty() {
            root(engine, &app, req.method, &params, &version, now)
        } else {
            dispatch(engine, &app, req.method, &segs, &params, &version, now)
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
    common.append(&mut resp.headers);
    resp.headers = common;
    resp
}

/// The newest version the sandbox serves, named in `facebook-api-version` for unversioned calls.
pub const SANDBOX_VERSION: &str = "v27.0";

fn respond(result: Result<(u16, Value), GraphErr>, trace: &str) -> SResp {
    match result {
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
            let kind = if e.code == 190 || e.code == 104 {
                "invalid_token"
            } else {
                "invalid_request"
            };
            SResp {
                status: e.status,
                headers: vec![
                    (
                        "content-type".into(),
                        "application/json; charset=UTF-8".into(),
                    ),
                    (
                        "www-authenticate".into(),
                        format!(
                            "OAuth \"Facebook Platform\" \"{kind}\" \"{}\"",
                            e.message.replace('"', "'")
                        ),
                    ),
                ],
                body: e.body(&trace),
            }
        }
    }
}

/// Splits `/v19.0/a/b` into (`/v19.0`, [a, b]). Unknown versions are refused as Graph does.
fn split_version(path: &str) -> Result<(String, Vec<String>), GraphErr> {
    let mut segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let mut version = String::new();
    if let Some(first) = segs.first()
        && let Some(rest) = first.strip_prefix('v')
        && let Some((major, minor)) = rest.split_once('.')
        && let (Ok(major), Ok(_)) = (major.parse::<u32>(), minor.parse::<u32>())
    {
        if !(2..=27).contains(&major) {
            let after = segs.get(1).cloned().unwrap_or_default();
            return Err(GraphErr::unknown_path(&after));
        }
        version = format!("/{first}");
        segs.remove(0);
    }
    Ok((version, segs))
}

fn is_id_like(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '_')
}

/// Resolves the first path segment to a node id.
fn resolve(engine: &Engine, app: &App, seg: &str, method: Method) -> Result<String, GraphErr> {
    let w = &engine.world;
    if matches!(seg, "community" | "company") || seg == w.community || seg == w.company {
        return Ok(w.community.clone());
    }
    if seg == "me" {
        return Ok(app.bot_id.clone());
    }
    if seg.contains('@') {
        if !app.has("read_user_email") && !app.has("manage_accounts") {
            return Err(GraphErr::permission("read_user_email"));
        }
        return w
            .member_by_email(seg)
            .map(|m| m.id.clone())
            .ok_or_else(|| GraphErr::no_object(method.as_str(), seg));
    }
    if w.get(seg).is_some() {
        return Ok(seg.to_owned());
    }
    if is_id_like(seg) || seg.starts_with("t_") || seg.starts_with("m_") {
        Err(GraphErr::no_object(method.as_str(), seg))
    } else {
        Err(GraphErr::aliases(seg))
    }
}

fn template_matches(template: &str, node: &Node, given: &str) -> bool {
    match template {
        "community" => node.kind == Kind::Community,
        "me" => node.kind == Kind::Bot && given == "me",
        t if t.starts_with('{') => {
            let name = t.trim_matches(|c| c == '{' || c == '}');
            Kind::for_param(name).contains(&node.kind)
        }
        _ => false,
    }
}

/// The catalogue entry for this method and path, or the Graph error for none.
fn find_entry<'a>(
    engine: &'a Engine,
    method: Method,
    segs: &[String],
    node: &Node,
) -> Result<&'a Endpoint, GraphErr> {
    let mut edge_known = false;
    for e in engine
        .catalogue
        .endpoints
        .iter()
        .filter(|e| e.host == Host::Graph)
    {
        let t = e.segments();
        if t.len() != segs.len() || t.is_empty() || !template_matches(t[0], node, &segs[0]) {
            continue;
        }
        if t.len() > 1 && (t[1] == segs[1] || t[1].starts_with('{')) {
            edge_known = true;
        }
        let rest_ok = t
            .iter()
            .zip(segs)
            .skip(1)
            .all(|(a, b)| a.starts_with('{') || *a == b.as_str());
        if !rest_ok {
            continue;
        }
        if e.method == method {
            return Ok(e);
        }
    }
    if segs.len() > 1 && !edge_known {
        return Err(GraphErr::unknown_path(&segs[1..].join("/")));
    }
    Err(GraphErr::no_object(method.as_str(), &segs[0]))
}

fn check_access(engine: &Engine, app: &App, entry: &Endpoint, node: &Node) -> Result<(), GraphErr> {
    if let Some(missing) = entry.missing_permission(&app.permissions) {
        return Err(GraphErr::permission(missing));
    }
    if app.groups.is_some() {
        if entry.id == "community.groups.create" {
            return Err(GraphErr::scoped(
                "an integration scoped to specific groups cannot create groups",
            ));
        }
        if entry.id.starts_with("export.") || entry.id.starts_with("dyi.") {
            return Err(GraphErr::scoped(
                "data exports need an integration with access to all groups",
            ));
        }
        if entry.group_scoped
            && let Some(g) = engine.world.group_of(&node.id)
            && !app.sees_group(&g)
        {
            return Err(GraphErr::no_object(entry.method.as_str(), &node.id));
        }
    }
    Ok(())
}

/// Routes one Graph call below the root (shared by plain requests and batch operations).
pub fn dispatch(
    engine: &mut Engine,
    app: &App,
    method: Method,
    segs: &[String],
    params: &[(String, String)],
    version: &str,
    now: i64,
) -> Result<(u16, Value), GraphErr> {
    let id = resolve(engine, app, &segs[0], method)?;
    let node = engine
        .world
        .get(&id)
        .cloned()
        .ok_or_else(|| GraphErr::no_object(method.as_str(), &segs[0]))?;
    let entry = find_entry(engine, method, segs, &node)?.clone();
    check_access(engine, app, &entry, &node)?;
    let sub = match segs.get(2) {
        Some(s) => Some(resolve(engine, app, s, method)?),
        None => None,
    };
    if method != Method::Get {
        let v = super::writes::apply(engine, app, &entry.id, &id, sub.as_deref(), params, now)?;
        super::events::after_write(engine, app, &entry.id, &id, sub.as_deref(), params, &v, now);
        return Ok((200, v));
    }
    let view = View {
        world: &engine.world,
        app,
        base_url: &engine.base_url,
        version,
        now,
    };
    let sel = match param(params, "fields") {
        Some(f) => Some(parse_fields(f).map_err(|e| GraphErr::syntax(&e))?),
        None => None,
    };
    if segs.len() == 1 {
        let mut v = view.node(&node, sel.as_deref())?;
        if param(params, "metadata") == Some("1")
            && let Value::Object(o) = &mut v
        {
            o.insert("metadata".into(), super::metadata::metadata(&view, &node));
        }
        return Ok((200, v));
    }
    let edge = segs[1].as_str();
    if node.kind == Kind::Member && edge == "picture" {
        return Ok((200, json!({ "data": picture(&node.id) })));
    }
    let mut items = view
        .edge_items(&node, edge)
        .ok_or_else(|| GraphErr::unknown_path(edge))?;
    filter_items(&view, &node, edge, params, &mut items);
    let opts = PageOpts::from_params(params)?;
    let link = format!("{}/{edge}", segs[0]);
    view.page(items, sel.as_deref(), &opts, &link, params)
        .map(|v| (200, v))
}

fn filter_items(
    view: &View<'_>,
    node: &Node,
    edge: &str,
    params: &[(String, String)],
    items: &mut Vec<super::world::EdgeItem>,
) {
    let w = view.world;
    if node.kind == Kind::Community
        && edge == "organization_members"
        && param(params, "inactive") == Some("1")
    {
        *items = w
            .all(Kind::Member)
            .into_iter()
            .filter(|m| m.fields.get("active").and_then(Value::as_bool) == Some(false))
            .map(|m| super::world::EdgeItem::to(m.id.clone(), m.time))
            .collect();
    }
    if let Some(ext) = param(params, "external_ids") {
        let wanted: Vec<&str> = ext.split(',').map(str::trim).collect();
        items.retain(|i| {
            w.get(&i.id)
                .and_then(|m| m.str("external_id"))
                .is_some_and(|x| wanted.contains(&x))
        });
    }
    if node.kind == Kind::Thread
        && edge == "messages"
        && let Some(user) = param(params, "user")
    {
        items.retain(|i| {
            w.get(&i.id)
                .and_then(|m| m.fields.get("from"))
                .and_then(super::world::referenced)
                == Some(user)
        });
    }
}

/// `POST /` with `batch`, or `GET /?ids=a,b`.
fn root(
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
        match dispatch(
            engine,
            app,
            Method::Get,
            &[id.to_owned()],
            &rest,
            version,
            now,
        ) {
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
                    dispatch(
                        engine,
                        app,
                        method,
                        &segs,
                        &params,
                        if v.is_empty() { version } else { &v },
                        now,
                    )
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

#[cfg(test)]
#[path = "graph_tests.rs"]
pub(super) mod tests;
