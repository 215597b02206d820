//! Routing below the root: the object or alias in the first segment, the catalogue entry that
//! matches, permission and group-scope checks, then a read or a write.

use serde_json::Value;

use super::path::Op;
use crate::core::catalogue::{Endpoint, Host};
use crate::core::fields::parse_fields;
use crate::core::request::Method;
use crate::sandbox::apps::App;
use crate::sandbox::call::Call;
use crate::sandbox::engine::{Engine, param};
use crate::sandbox::errors::GraphErr;
use crate::sandbox::render::View;
use crate::sandbox::world::{Kind, Node};
use crate::sandbox::{events, writes};

fn is_id_like(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '_')
}

/// Resolves the first path segment to a node id.
pub(super) fn resolve(
    engine: &Engine,
    app: &App,
    seg: &str,
    method: Method,
) -> Result<String, GraphErr> {
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
    // A root edge named by a word (`/group_file_revisions`) belongs to the community.
    if engine
        .catalogue
        .endpoints
        .iter()
        .any(|e| e.host == Host::Graph && e.segments().first() == Some(&seg))
    {
        return Ok(w.community.clone());
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
        t if !t.starts_with('{') => node.kind == Kind::Community && given == t,
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
        return Err(if entry.method == Method::Get {
            GraphErr::permission(missing)
        } else {
            GraphErr::manage_permission(missing)
        });
    }
    // An app that may use a post only through bot_mention reads and answers the posts that
    // mention it, and the comments on them (Workplace's permissions reference: "Mention bot").
    if entry.any_of.iter().any(|p| p == "bot_mention")
        && app.has("bot_mention")
        && !entry
            .any_of
            .iter()
            .any(|p| p != "bot_mention" && app.has(p))
        && !app.is_mentioned_in(&engine.world, node)
    {
        return Err(GraphErr::no_object(entry.method.as_str(), &node.id));
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
pub fn dispatch(engine: &mut Engine, app: &App, op: &Op<'_>) -> Result<(u16, Value), GraphErr> {
    let (method, segs) = (op.method, op.segs);
    // Graph checks the path's edge before the object: an unknown edge on an unknown id is
    // "Unknown path components" (2500), not "Unsupported get request" (100/33).
    let id = resolve(engine, app, &segs[0], method).map_err(|e| match segs.get(1) {
        Some(edge) if !is_known_edge(engine, edge) => GraphErr::unknown_path(&segs[1..].join("/")),
        _ => e,
    })?;
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
        // A bad `fields=` is refused before the write, not after it (a retry must not write twice).
        if let Some(f) = param(op.params, "fields") {
            parse_fields(f).map_err(|e| GraphErr::syntax(&e))?;
        }
        let mut call = Call {
            engine,
            app,
            entry: &entry.id,
            target: &id,
            sub: sub.as_deref(),
            params: op.params,
            now: op.now,
            files: op.files,
        };
        let v = writes::apply(&mut call)?;
        events::after_write(&mut call, &v);
        return Ok((200, read_after_write(engine, app, op, v)?));
    }
    super::read::read(engine, app, op, &node)
}

/// Graph's read-after-write: `fields=` on a write that creates an object answers that object's
/// fields (beside the write's own keys), as a GET with those fields would.
fn read_after_write(
    engine: &Engine,
    app: &App,
    op: &Op<'_>,
    written: Value,
) -> Result<Value, GraphErr> {
    let Some(fields) = param(op.params, "fields") else {
        return Ok(written);
    };
    let Some(node) = written
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| engine.world.get(id))
    else {
        return Ok(written);
    };
    let sel = parse_fields(fields).map_err(|e| GraphErr::syntax(&e))?;
    let view = View {
        world: &engine.world,
        app,
        base_url: &engine.base_url,
        version: op.version,
        now: op.now,
        link_auth: op.link_auth,
    };
    let mut out = view.node(node, Some(&sel))?;
    if let (Value::Object(o), Value::Object(w)) = (&mut out, written) {
        for (k, v) in w {
            o.entry(k).or_insert(v);
        }
    }
    Ok(out)
}

/// True when some catalogue entry has `edge` as its second path segment.
fn is_known_edge(engine: &Engine, edge: &str) -> bool {
    engine
        .catalogue
        .endpoints
        .iter()
        .filter(|e| e.host == Host::Graph)
        .any(|e| e.segments().get(1).is_some_and(|s| *s == edge))
}
