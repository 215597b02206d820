//! SCIM users: the community's members.

use serde_json::{Map, Value, json};

use super::wire::{AUTH, CORE, ENTERPRISE, PATCH, STATUS, created, err, page, resp};
use crate::core::timefmt::graph_time;
use crate::sandbox::engine::{Engine, SResp, param};
use crate::sandbox::world::{Kind, Node, reference, referenced};

pub(super) fn with_user(engine: &Engine, id: &str, f: impl FnOnce(&Node) -> SResp) -> SResp {
    match engine.world.get(id).filter(|n| n.kind == Kind::Member) {
        Some(n) => f(n),
        None => err(404, &format!("User {id} not found"), None),
    }
}

fn s(n: &Node, k: &str) -> Value {
    n.fields.get(k).cloned().unwrap_or(Value::Null)
}

/// Drops null values and the objects and arrays that end up empty: SCIM omits what is not
/// assigned (RFC 7643 §2.5) rather than writing null.
fn prune(v: &mut Value) -> bool {
    match v {
        Value::Null => false,
        Value::Object(m) => {
            m.retain(|_, x| prune(x));
            !m.is_empty()
        }
        Value::Array(a) => {
            a.retain_mut(prune);
            !a.is_empty()
        }
        _ => true,
    }
}

/// A unix time from a Graph time field.
fn unix(n: &Node, k: &str) -> Value {
    n.str(k)
        .and_then(crate::core::timefmt::parse_time)
        .map_or(Value::Null, Value::from)
}

/// A member as a SCIM user. Unassigned attributes are left out; `accountstatusdetails` says
/// whether the account was invited and claimed, when (unix seconds), and, for an invited account
/// not yet claimed, its claim link.
pub(super) fn user(n: &Node, base: &str) -> Value {
    let email = n.str("email").unwrap_or_default();
    let value_of = |k: &str| n.str(k).filter(|v| !v.is_empty()).map(str::to_owned);
    let invited = n.fields.contains_key("account_invite_time");
    let claimed = crate::sandbox::kinds::is_claimed(n);
    let status = json!({
        "claimed": claimed,
        "claimDate": unix(n, "account_claim_time"),
        "invited": invited,
        "inviteDate": unix(n, "account_invite_time"),
        "claimLink": if invited && !claimed {
            json!(format!("https://northwind.workplace.com/invites/claim/{}", n.id))
        } else {
            Value::Null
        },
    });
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
        "timezone": s(n, "timezone"),
        "emails": value_of("email").map(|e| json!([{ "primary": true, "type": "work", "value": e }])),
        "phoneNumbers": value_of("primary_phone").map(|p| json!([{ "primary": true, "type": "work", "value": p }])),
        "addresses": value_of("primary_address").map(|a| json!([{ "primary": true, "type": "work", "formatted": a }])),
        ENTERPRISE: {
            "employeeNumber": s(n, "employee_number"), "department": s(n, "department"),
            "division": s(n, "division"), "organization": s(n, "organization"),
            "costCenter": s(n, "cost_center"),
            "manager": n.fields.get("manager").and_then(referenced).map(|m| json!({ "managerId": m })),
        },
        STATUS: status,
        AUTH: { "authMethod": n.str("auth_method").unwrap_or("password") },
        "meta": { "resourceType": "User", "location": format!("{base}/Users/{}", n.id) },
    });
    prune(&mut out);
    out
}

pub(super) fn list_users(engine: &Engine, params: &[(String, String)], base: &str) -> SResp {
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

pub(super) fn parse_filter(f: &str) -> Option<(String, String)> {
    // Meta's SCIM supports one comparison, `eq`, on userName or externalId: `and`, `or`, `co`,
    // `sw`, `pr`… are refused (invalidFilter), as is anything after the quoted value.
    let mut parts = f.trim().splitn(3, ' ');
    let attr = parts.next()?;
    let op = parts.next()?;
    let quoted = parts.next()?.trim();
    let value = quoted.strip_prefix('"')?.strip_suffix('"')?;
    if value.contains('"') {
        return None;
    }
    (op.eq_ignore_ascii_case("eq")
        && (attr.eq_ignore_ascii_case("userName") || attr.eq_ignore_ascii_case("externalId")))
    .then(|| (attr.to_owned(), value.to_owned()))
}

pub(super) fn apply_user(n: &mut Node, body: &Value) {
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

pub(super) fn create_user(engine: &mut Engine, body: &Value, base: &str, now: i64) -> SResp {
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
    // A SCIM-provisioned account is not invited until an admin (or the Graph API) invites it.
    n.set("active", true)
        .set("updated_time", graph_time(now))
        .set("locale", "en_US");
    apply_user(&mut n, body);
    crate::sandbox::kinds::complete(&mut n);
    let out = user(&n, base);
    engine.world.insert(n);
    created(out)
}

pub(super) fn update_user(
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
pub(super) fn patch_to_body(body: &Value) -> Result<Value, String> {
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

pub(super) fn delete_user(engine: &mut Engine, id: &str) -> SResp {
    match engine.world.get(id).filter(|n| n.kind == Kind::Member) {
        None => err(404, &format!("User {id} not found"), None),
        Some(n) if crate::sandbox::kinds::is_claimed(n) => err(
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
