//! The Account Management API (SCIM 2.0) under `/scim/`: users are the community's members,
//! groups are static people sets. Errors use SCIM's own format.

use serde_json::{Map, Value, json};

use super::engine::{Engine, SReq, SResp, param};
use super::world::{EdgeItem, Kind, Node, reference, referenced};
use crate::core::request::Method;
use crate::core::timefmt::graph_time;

const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const STATUS: &str =
    "urn:ietf:params:scim:schemas:extension:facebook:accountstatusdetails:2.0:User";
const AUTH: &str = "urn:ietf:params:scim:schemas:extension:facebook:authmethod:2.0:User";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn err(status: u16, detail: &str, scim_type: Option<&str>) -> SResp {
    let mut body = json!({ "schemas": [ERROR], "status": status.to_string(), "detail": detail });
    if let (Some(t), Some(o)) = (scim_type, body.as_object_mut()) {
        o.insert("scimType".into(), json!(t));
    }
    resp(status, body)
}

fn resp(status: u16, body: Value) -> SResp {
    SResp {
        status,
        headers: vec![(
            "content-type".into(),
            "application/scim+json; charset=UTF-8".into(),
        )],
        body,
    }
}

/// Answers a SCIM request.
pub fn handle(engine: &mut Engine, req: &SReq, now: i64) -> SResp {
    let params = req.params();
    let app = match engine.authenticate(req, &req.query, now) {
        Ok(app) => app,
        Err(e) => return err(401, &e.message, None),
    };
    if !app.has("manage_accounts") {
        return err(
            403,
            "The integration needs the manage_accounts permission for the Account Management API",
            None,
        );
    }
    if req
        .header("user-agent")
        .is_none_or(|ua| ua.trim().is_empty())
    {
        return err(400, "A User-Agent header is required", None);
    }
    let rest = req
        .path
        .trim_start_matches("/scim")
        .trim_start_matches("/v2");
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let body = req.json.clone().unwrap_or(Value::Null);
    let base = format!("{}/scim", engine.base_url);
    match (req.method, segs.as_slice()) {
        (Method::Get, ["Users"]) => list_users(engine, &params, &base),
        (Method::Post, ["Users"]) => create_user(engine, &body, &base, now),
        (Method::Get, ["Users", id]) => with_user(engine, id, |n| resp(200, user(n, &base))),
        (Method::Put, ["Users", id]) => update_user(engine, id, &body, &base, now, false),
        (Method::Patch, ["Users", id]) => update_user(engine, id, &body, &base, now, true),
        (Method::Delete, ["Users", id]) => delete_user(engine, id),
        (Method::Get, ["Groups"]) => list_groups(engine, &params, &base),
        (Method::Post, ["Groups"]) => save_group(engine, None, &body, &base, now),
        (Method::Get, ["Groups", id]) => {
            match engine.world.get(id).filter(|n| n.kind == Kind::PeopleSet) {
                Some(n) => resp(200, group(n, &base)),
                None => err(404, &format!("Group {id} not found"), None),
            }
        }
        (Method::Put, ["Groups", id]) => save_group(engine, Some(id), &body, &base, now),
        (Method::Delete, ["Groups", id]) => {
            match engine.world.get(id).filter(|n| n.kind == Kind::PeopleSet) {
                Some(_) => {
                    engine.world.remove(id);
                    resp(200, Value::Null)
                }
                None => err(404, &format!("Group {id} not found"), None),
            }
        }
        (Method::Get, ["Schemas"]) => resp(
            200,
            json!({ "schemas": [LIST], "totalResults": 1, "Resources": [user_schema()] }),
        ),
        (Method::Get, ["Schemas", "Users" | "User"]) => resp(200, user_schema()),
        (Method::Get, ["ServiceProviderConfigs" | "ServiceProviderConfig"]) => {
            resp(200, service_provider_config())
        }
        _ => err(
            404,
            &format!("Unknown SCIM endpoint: {} {rest}", req.method),
            None,
        ),
    }
}

fn with_user(engine: &Engine, id: &str, f: impl FnOnce(&Node) -> SResp) -> SResp {
    match engine.world.get(id).filter(|n| n.kind == Kind::Member) {
        Some(n) => f(n),
        None => err(404, &format!("User {id} not found"), None),
    }
}

fn s(n: &Node, k: &str) -> Value {
    n.fields.get(k).cloned().unwrap_or(Value::Null)
}

/// A member as a SCIM user.
fn user(n: &Node, base: &str) -> Value {
    let email = n.str("email").unwrap_or_default();
    let mut enterprise = json!({
        "employeeNumber": s(n, "employee_number"), "department": s(n, "department"), "division": s(n, "division"),
        "organization": s(n, "organization"), "costCenter": s(n, "cost_center"),
    });
    if let (Some(mgr), Some(o)) = (
        n.fields.get("manager").and_then(referenced),
        enterprise.as_object_mut(),
    ) {
        o.insert("manager".into(), json!({ "managerId": mgr }));
    }
    let mut out = json!({
        "schemas": [CORE, ENTERPRISE, STATUS, AUTH],
        "id": n.id,
        "userName": email,
        "externalId": s(n, "external_id"),
        "name": { "formatted": s(n, "name"), "givenName": s(n, "first_name"), "familyName": s(n, "last_name") },
        "displayName": s(n, "name"),
        "title": s(n, "title"),
        "active": n.fields.get("active").and_then(Value::as_bool).unwrap_or(true),
        "locale": s(n, "locale"),
        "preferredLanguage": s(n, "locale"),
        "timezone": "Europe/London",
        "emails": if email.is_empty() { json!([]) } else { json!([{ "primary": true, "type": "work", "value": email }]) },
        "phoneNumbers": [{ "primary": true, "type": "work", "value": s(n, "primary_phone") }],
        "addresses": [{ "primary": true, "type": "work", "formatted": s(n, "primary_address") }],
        ENTERPRISE: enterprise,
        STATUS: { "claimed": n.fields.contains_key("account_claim_time"), "invited": true },
        AUTH: { "authMethod": n.str("auth_method").unwrap_or("password") },
        "meta": { "resourceType": "User", "location": format!("{base}/Users/{}", n.id) },
    });
    if let Some(o) = out.as_object_mut() {
        o.retain(|_, v| !v.is_null());
    }
    out
}

fn list_users(engine: &Engine, params: &[(String, String)], base: &str) -> SResp {
    let mut users: Vec<&Node> = engine.world.all(Kind::Member);
    if let Some(f) = param(params, "filter") {
        let Some((attr, value)) = parse_filter(f) else {
            return err(
                400,
                &format!(
                    "Unsupported filter '{f}': only userName eq \"…\" and externalId eq \"…\" are supported"
                ),
                Some("invalidFilter"),
            );
        };
        let key = if attr.eq_ignore_ascii_case("userName") {
            "email"
        } else {
            "external_id"
        };
        users.retain(|u| u.str(key).is_some_and(|v| v.eq_ignore_ascii_case(&value)));
    }
    page(users.iter().map(|u| user(u, base)).collect(), params)
}

fn parse_filter(f: &str) -> Option<(String, String)> {
    let mut parts = f.trim().splitn(3, ' ');
    let attr = parts.next()?;
    let op = parts.next()?;
    let value = parts.next()?.trim().trim_matches('"');
    (op.eq_ignore_ascii_case("eq")
        && (attr.eq_ignore_ascii_case("userName") || attr.eq_ignore_ascii_case("externalId")))
    .then(|| (attr.to_owned(), value.to_owned()))
}

fn page(all: Vec<Value>, params: &[(String, String)]) -> SResp {
    let start = param(params, "startIndex")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let count = param(params, "count")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(10)
        .min(100);
    let total = all.len();
    let items: Vec<Value> = all.into_iter().skip(start - 1).take(count).collect();
    resp(
        200,
        json!({ "schemas": [LIST], "totalResults": total, "itemsPerPage": items.len(), "startIndex": start, "Resources": items }),
    )
}

fn apply_user(n: &mut Node, body: &Value) {
    let get = |path: &[&str]| -> Option<Value> {
        let mut v = body;
        for p in path {
            v = v.get(*p)?;
        }
        Some(v.clone())
    };
    if let Some(Value::String(u)) = get(&["userName"]) {
        n.set("email", u);
    }
    if let Some(Value::String(x)) = get(&["externalId"]) {
        n.set("external_id", x);
    }
    if let Some(Value::String(f)) = get(&["name", "formatted"]) {
        n.set("name", f);
    }
    if let Some(Value::String(g)) = get(&["name", "givenName"]) {
        n.set("first_name", g);
    }
    if let Some(Value::String(f)) = get(&["name", "familyName"]) {
        n.set("last_name", f);
    }
    if body
        .get("name")
        .is_none_or(|v| v.get("formatted").is_none())
        && let (Some(g), Some(f)) = (n.str("first_name"), n.str("last_name"))
    {
        let full = format!("{g} {f}");
        n.set("name", full.trim().to_owned());
    }
    if let Some(Value::String(t)) = get(&["title"]) {
        n.set("title", t);
    }
    if let Some(Value::Bool(a)) = get(&["active"]) {
        n.set("active", a);
    }
    for (k, key) in [
        ("department", "department"),
        ("division", "division"),
        ("organization", "organization"),
        ("employeeNumber", "employee_number"),
        ("costCenter", "cost_center"),
    ] {
        if let Some(Value::String(v)) = get(&[ENTERPRISE, k]) {
            n.set(key, v);
        }
    }
    if let Some(Value::String(m)) = get(&[ENTERPRISE, "manager", "managerId"]) {
        n.set("manager", reference(&m));
    }
    if let Some(Value::String(m)) = get(&[AUTH, "authMethod"]) {
        n.set("auth_method", m);
    }
}

fn create_user(engine: &mut Engine, body: &Value, base: &str, now: i64) -> SResp {
    let user_name = body
        .get("userName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let external = body
        .get("externalId")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if user_name.is_none() && external.is_none() {
        return err(
            400,
            "userName or externalId is required",
            Some("invalidValue"),
        );
    }
    if body.get("name").is_none() {
        return err(400, "name is required", Some("invalidValue"));
    }
    if let Some(u) = user_name
        && engine.world.member_by_email(u).is_some()
    {
        return err(
            409,
            &format!("A user with userName {u} already exists"),
            Some("uniqueness"),
        );
    }
    let id = engine.world.new_id();
    let mut n = Node::new(&id, Kind::Member, now);
    n.set("active", true)
        .set("account_invite_time", graph_time(now))
        .set("locale", "en_US");
    apply_user(&mut n, body);
    let out = user(&n, base);
    engine.world.insert(n);
    resp(201, out)
}

fn update_user(
    engine: &mut Engine,
    id: &str,
    body: &Value,
    base: &str,
    now: i64,
    patch: bool,
) -> SResp {
    let changes = if patch {
        if !body
            .get("schemas")
            .and_then(Value::as_array)
            .is_some_and(|s| s.iter().any(|x| x == PATCH))
        {
            return err(
                400,
                &format!("A PATCH body needs schemas [\"{PATCH}\"]"),
                Some("invalidSyntax"),
            );
        }
        match patch_to_body(body) {
            Ok(b) => b,
            Err(d) => return err(400, &d, Some("invalidPath")),
        }
    } else {
        if body.get("schemas").is_none() {
            return err(400, "schemas is required", Some("invalidValue"));
        }
        body.clone()
    };
    let Some(n) = engine.world.get_mut(id).filter(|n| n.kind == Kind::Member) else {
        return err(404, &format!("User {id} not found"), None);
    };
    apply_user(n, &changes);
    n.set("updated_time", graph_time(now));
    resp(200, user(n, base))
}

/// Turns PatchOp operations into a partial user body.
fn patch_to_body(body: &Value) -> Result<Value, String> {
    let ops = body
        .get("Operations")
        .and_then(Value::as_array)
        .ok_or("Operations is required")?;
    let mut out = Map::new();
    for op in ops {
        let kind = op
            .get("op")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !matches!(kind.as_str(), "replace" | "add") {
            return Err(format!("Unsupported op '{kind}': use replace or add"));
        }
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        match op.get("path").and_then(Value::as_str) {
            None => {
                if let Value::Object(m) = value {
                    out.extend(m);
                }
            }
            Some(path) => {
                let (schema, attr) = match path.rsplit_once(':') {
                    Some((s, a)) if s.starts_with("urn:") => (Some(s), a),
                    _ => (None, path),
                };
                let mut leaf = Map::new();
                match attr.split_once('.') {
                    Some((a, b)) => {
                        leaf.insert(a.to_owned(), json!({ b: value }));
                    }
                    None => {
                        leaf.insert(attr.to_owned(), value);
                    }
                }
                match schema {
                    Some(s) => {
                        out.insert(s.to_owned(), Value::Object(leaf));
                    }
                    None => out.extend(leaf),
                }
            }
        }
    }
    Ok(Value::Object(out))
}

fn delete_user(engine: &mut Engine, id: &str) -> SResp {
    match engine.world.get(id).filter(|n| n.kind == Kind::Member) {
        None => err(404, &format!("User {id} not found"), None),
        Some(n) if n.fields.contains_key("account_claim_time") => err(
            412,
            "This user has claimed their account and cannot be deleted: deactivate it with active=false",
            None,
        ),
        Some(_) => {
            engine.world.remove(id);
            resp(200, Value::Null)
        }
    }
}

fn group(n: &Node, base: &str) -> Value {
    let members: Vec<Value> = n
        .edge("members")
        .iter()
        .map(|m| json!({ "type": "user", "value": m.id }))
        .collect();
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": n.id,
        "displayName": n.str("name").unwrap_or_default(),
        "members": members,
        "meta": { "resourceType": "Group", "location": format!("{base}/Groups/{}", n.id) },
    })
}

fn list_groups(engine: &Engine, params: &[(String, String)], base: &str) -> SResp {
    page(
        engine
            .world
            .all(Kind::PeopleSet)
            .into_iter()
            .map(|g| group(g, base))
            .collect(),
        params,
    )
}

fn save_group(engine: &mut Engine, id: Option<&str>, body: &Value, base: &str, now: i64) -> SResp {
    let Some(name) = body
        .get("displayName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return err(400, "displayName is required", Some("invalidValue"));
    };
    let members = body.get("members").and_then(Value::as_array).cloned();
    if id.is_some() && members.is_none() {
        return err(
            400,
            "members is required: PUT replaces the group, so list every member",
            Some("invalidValue"),
        );
    }
    let mut ids = Vec::new();
    for m in members.unwrap_or_default() {
        let v = m
            .get("value")
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .unwrap_or_default();
        if engine.world.get(&v).is_none_or(|n| n.kind != Kind::Member) {
            return err(400, &format!("Unknown member '{v}'"), Some("invalidValue"));
        }
        ids.push(v);
    }
    let (status, gid) = match id {
        Some(g)
            if engine
                .world
                .get(g)
                .is_some_and(|n| n.kind == Kind::PeopleSet) =>
        {
            (200, g.to_owned())
        }
        Some(g) => return err(404, &format!("Group {g} not found"), None),
        None => (201, engine.world.new_id()),
    };
    let mut n = engine
        .world
        .get(&gid)
        .cloned()
        .unwrap_or_else(|| Node::new(&gid, Kind::PeopleSet, now));
    n.set("name", name.to_owned());
    *n.edge_mut("members") = ids.into_iter().map(|m| EdgeItem::to(m, now)).collect();
    let out = group(&n, base);
    engine.world.insert(n);
    resp(status, out)
}

fn user_schema() -> Value {
    let attr = |name: &str, kind: &str| json!({ "name": name, "type": kind, "multiValued": false, "required": false, "mutability": "readWrite" });
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": CORE,
        "name": "User",
        "description": "Workplace user account",
        "attributes": [
            attr("userName", "string"), attr("name", "complex"), attr("displayName", "string"), attr("title", "string"),
            attr("active", "boolean"), attr("emails", "complex"), attr("phoneNumbers", "complex"), attr("addresses", "complex"),
            attr("externalId", "string"), attr("locale", "string"), attr("timezone", "string"),
        ],
        "extensions": [ENTERPRISE, STATUS, AUTH, "urn:ietf:params:scim:schemas:extension:facebook:starttermdates:2.0:User"],
    })
}

fn service_provider_config() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": { "supported": true },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": 100 },
        "changePassword": { "supported": false },
        "sort": { "supported": false },
        "etag": { "supported": false },
        "authenticationSchemes": [{ "type": "oauthbearertoken", "name": "OAuth Bearer Token", "description": "The integration's access token in Authorization: Bearer", "primary": true }],
    })
}
