//! Graph API errors with the exact messages and codes Workplace used.

use serde_json::{Value, json};

use crate::core::fields::FieldsError;

/// A Graph error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphErr {
    /// HTTP status.
    pub status: u16,
    /// `OAuthException`, `GraphMethodException`.
    pub kind: &'static str,
    /// Error code.
    pub code: i64,
    /// Error subcode.
    pub subcode: Option<i64>,
    /// Message.
    pub message: String,
    /// Graph's `is_transient`: retrying later may succeed.
    pub transient: bool,
    /// Graph's `error_user_title` and `error_user_msg`: what an app may show its user.
    pub user: Option<(String, String)>,
}

impl GraphErr {
    fn new(status: u16, kind: &'static str, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            code,
            subcode: None,
            message: message.into(),
            transient: false,
            user: None,
        }
    }

    /// An expired token (Graph's wording, with both dates).
    pub fn session_expired(expired: i64, now: i64) -> Self {
        let day = |t: i64| {
            httpdate::fmt_http_date(
                std::time::UNIX_EPOCH
                    + std::time::Duration::from_secs(u64::try_from(t).unwrap_or(0)),
            )
        };
        Self {
            subcode: Some(463),
            ..Self::new(
                400,
                "OAuthException",
                190,
                format!(
                    "Error validating access token: Session has expired on {}. The current time is {}.",
                    day(expired),
                    day(now)
                ),
            )
        }
    }

    /// An app token (`app_id|app_secret`) that names no app, or the wrong secret.
    pub fn bad_app_token() -> Self {
        Self::new(
            400,
            "OAuthException",
            190,
            "Invalid OAuth access token signature.",
        )
    }

    /// A rate limit is reached, in Graph's words for `code`: 4 (the app's, the default), 613
    /// (a custom limit) or 80004 (a WhatsApp Business Account's business use case, HTTP 400).
    pub fn rate_limited(code: i64) -> Self {
        let (status, message) = match code {
            613 => (
                400,
                "(#613) Calls to this api have exceeded the rate limit.",
            ),
            80_004 => (
                400,
                "(#80004) There have been too many calls to this WhatsApp Business account. Wait a bit and try again.",
            ),
            _ => (403, "(#4) Application request limit reached"),
        };
        let code = if matches!(code, 613 | 80_004) {
            code
        } else {
            4
        };
        Self {
            transient: true,
            ..Self::new(status, "OAuthException", code, message)
        }
    }

    /// No token at all.
    pub fn no_token() -> Self {
        Self::new(
            400,
            "OAuthException",
            104,
            "An access token is required to request this resource.",
        )
    }

    /// A token the sandbox does not know.
    pub fn invalid_token() -> Self {
        Self::new(
            400,
            "OAuthException",
            190,
            "Invalid OAuth access token - Cannot parse access token",
        )
    }

    /// The app requires a proof and none came.
    pub fn proof_required() -> Self {
        Self::new(
            400,
            "GraphMethodException",
            100,
            "API calls from the server require an appsecret_proof argument",
        )
    }

    /// A wrong or expired proof.
    pub fn proof_invalid() -> Self {
        Self::new(
            400,
            "GraphMethodException",
            100,
            "Invalid appsecret_proof provided in the API argument",
        )
    }

    /// The app lacks a permission to read: Graph's (#10), which names no permission. The
    /// permission is named in `error_user_msg`, as Graph does for the errors it explains.
    pub fn permission(permission: &str) -> Self {
        Self::new(
            403,
            "OAuthException",
            10,
            "(#10) Application does not have permission for this action",
        )
        .for_user(
            "Permission missing",
            format!("This integration needs the {permission} permission for this call."),
        )
    }

    /// The app lacks the permission a write needs: Graph's (#200), which names it.
    pub fn manage_permission(permission: &str) -> Self {
        Self::new(
            403,
            "OAuthException",
            200,
            format!("(#200) Requires {permission} permission to manage the object"),
        )
        .for_user(
            "Permission missing",
            format!("This integration needs the {permission} permission to make this change."),
        )
    }

    /// Adds Graph's `error_user_title` and `error_user_msg`.
    pub fn for_user(mut self, title: &str, message: String) -> Self {
        self.user = Some((title.to_owned(), message));
        self
    }

    /// A field gated by a permission.
    pub fn field_permission(field: &str, permission: &str) -> Self {
        Self::new(
            403,
            "OAuthException",
            200,
            format!("(#200) Requires the {permission} permission to access the field {field}"),
        )
    }

    /// A group-scoped app may not do this: Graph's plain (#10); why is in `error_user_msg`.
    pub fn scoped(what: &str) -> Self {
        Self::new(
            403,
            "OAuthException",
            10,
            "(#10) Application does not have permission for this action",
        )
        .for_user("Permission missing", format!("Not allowed: {what}."))
    }

    /// An unknown edge or path.
    pub fn unknown_path(segment: &str) -> Self {
        Self::new(
            400,
            "OAuthException",
            2500,
            format!("Unknown path components: /{segment}"),
        )
    }

    /// A missing, invisible or unsupported object.
    pub fn no_object(method: &str, id: &str) -> Self {
        Self {
            subcode: Some(33),
            ..Self::new(
                400,
                "GraphMethodException",
                100,
                format!(
                    "Unsupported {} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                    method.to_ascii_lowercase()
                ),
            )
        }
    }

    /// Unknown non-numeric aliases.
    pub fn aliases(names: &str) -> Self {
        Self::new(
            404,
            "OAuthException",
            803,
            format!("(#803) Some of the aliases you requested do not exist: {names}"),
        )
    }

    /// A field that the node type does not have.
    pub fn bad_field(field: &str, node_type: &str) -> Self {
        Self::new(
            400,
            "OAuthException",
            100,
            format!(
                "(#100) Tried accessing nonexisting field ({field}) on node type ({node_type})"
            ),
        )
    }

    /// A missing or invalid parameter.
    pub fn param(message: impl Into<String>) -> Self {
        Self::new(
            400,
            "OAuthException",
            100,
            format!("(#100) {}", message.into()),
        )
    }

    /// A required parameter is missing.
    pub fn required(name: &str) -> Self {
        Self::param(format!("The parameter {name} is required"))
    }

    /// A `fields` syntax error.
    pub fn syntax(e: &FieldsError) -> Self {
        Self::new(400, "OAuthException", 2500, e.to_string())
    }

    /// An injected transient failure.
    pub fn transient() -> Self {
        Self {
            transient: true,
            ..Self::new(500, "OAuthException", 1, "An unknown error occurred")
        }
        .for_user(
            "Temporary problem",
            "Something went wrong on the server. Try again in a moment.".into(),
        )
    }

    /// `GET /me` (or another call about the current user) with no token at all.
    pub fn no_active_token() -> Self {
        Self::new(
            400,
            "OAuthException",
            2500,
            "An active access token must be used to query information about the current user.",
        )
    }

    /// More operations in a batch than Graph runs (Graph answers with this text, HTTP 400).
    pub fn batch_too_big(max: usize) -> Self {
        Self::new(
            400,
            "GraphBatchException",
            1,
            format!("Too many requests in batch message. Maximum batch size is {max}"),
        )
    }

    /// A batch operation that was not run because of an operation it depends on. Graph's
    /// documentation says such an operation is not run; its wording is not documented.
    pub fn batch_dependency(message: String) -> Self {
        Self::new(400, "GraphBatchException", 1, message)
    }

    /// The `WWW-Authenticate` header Graph sends with an error: `invalid_token` for a token it
    /// cannot use, `invalid_request` otherwise (a missing token included).
    pub fn www_authenticate(&self) -> String {
        let kind = if self.code == 190 {
            "invalid_token"
        } else {
            "invalid_request"
        };
        format!(
            "OAuth \"Facebook Platform\" \"{kind}\" \"{}\"",
            self.message.replace('"', "'")
        )
    }

    /// The JSON body, with a trace id.
    pub fn body(&self, fbtrace_id: &str) -> Value {
        let mut e = json!({
            "message": self.message,
            "type": self.kind,
            "code": self.code,
            "fbtrace_id": fbtrace_id,
        });
        if let (Some(sub), Some(obj)) = (self.subcode, e.as_object_mut()) {
            obj.insert("error_subcode".into(), json!(sub));
        }
        if let Some(obj) = e.as_object_mut() {
            // Graph writes is_transient on the errors a client may retry and on the permission
            // errors it explains; others leave it out.
            if self.transient || self.user.is_some() {
                obj.insert("is_transient".into(), json!(self.transient));
            }
            if let Some((title, msg)) = &self.user {
                obj.insert("error_user_title".into(), json!(title));
                obj.insert("error_user_msg".into(), json!(msg));
            }
        }
        json!({ "error": e })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_the_graph_shape() {
        let b = GraphErr::no_object("GET", "123").body("AbC");
        assert_eq!(b["error"]["code"], 100);
        assert_eq!(b["error"]["error_subcode"], 33);
        assert_eq!(b["error"]["fbtrace_id"], "AbC");
        assert!(
            b["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("Unsupported get request. Object with ID '123'"))
        );
        assert_eq!(
            GraphErr::unknown_path("x").message,
            "Unknown path components: /x"
        );
        let read = GraphErr::permission("read_group").body("AbC");
        assert_eq!(
            read["error"]["message"],
            "(#10) Application does not have permission for this action"
        );
        assert!(
            read["error"]["error_user_msg"]
                .as_str()
                .expect("present")
                .contains("read_group")
        );
        assert_eq!(read["error"]["is_transient"], false);
        assert_eq!(
            GraphErr::manage_permission("write_group").message,
            "(#200) Requires write_group permission to manage the object"
        );
    }
}
