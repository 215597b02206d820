//! SCIM's wire format: schema URNs, answers, errors in SCIM's format, and list pages.

use serde_json::{Value, json};

use crate::sandbox::engine::{SResp, param};

pub(super) const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub(super) const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub(super) const STATUS: &str =
    "urn:ietf:params:scim:schemas:extension:facebook:accountstatusdetails:2.0:User";
pub(super) const AUTH: &str = "urn:ietf:params:scim:schemas:extension:facebook:authmethod:2.0:User";
pub(super) const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub(super) const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub(super) const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

pub(super) fn err(status: u16, detail: &str, scim_type: Option<&str>) -> SResp {
    let mut body = json!({ "schemas": [ERROR], "status": status.to_string(), "detail": detail });
    if let (Some(t), Some(o)) = (scim_type, body.as_object_mut()) {
        o.insert("scimType".into(), json!(t));
    }
    resp(status, body)
}

pub(super) fn resp(status: u16, body: Value) -> SResp {
    SResp {
        status,
        headers: vec![(
            "content-type".into(),
            "application/scim+json; charset=UTF-8".into(),
        )],
        body,
    }
}

pub(super) fn page(all: Vec<Value>, params: &[(String, String)]) -> SResp {
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

/// A 201 answer with the `Location` of what was made (RFC 7644 §3.3).
pub(super) fn created(body: Value) -> SResp {
    let mut r = resp(201, body);
    if let Some(l) = r.body["meta"]["location"].as_str() {
        r.headers.push(("location".into(), l.to_owned()));
    }
    r
}
