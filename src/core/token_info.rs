//! What `debug_token` says about a token, in the words `wpx token` and the TUI's token panel
//! both show, and the warning the status bar gives.

use serde::Deserialize;

use super::versions::{day_of, span};

/// Warn when a token expires within this many seconds (7 days).
pub const WARN_SECS: i64 = 7 * 86_400;

/// A granular scope and the objects it is limited to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Granular {
    /// The permission.
    pub scope: String,
    /// The ids it applies to (none: every object).
    #[serde(default)]
    pub target_ids: Vec<String>,
}

/// Why `debug_token` calls the token invalid.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct TokenProblem {
    /// The code (190 for expired or revoked tokens).
    #[serde(default)]
    pub code: Option<i64>,
    /// The subcode (463 expired, 460 password changed, …).
    #[serde(default)]
    pub subcode: Option<i64>,
    /// Meta's message.
    #[serde(default)]
    pub message: String,
}

/// The `data` of a `debug_token` answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct TokenInfo {
    /// `USER`, `PAGE`, `APP`, `SYSTEM_USER`, …
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The app id.
    #[serde(default)]
    pub app_id: Option<String>,
    /// The app's name.
    #[serde(default)]
    pub application: Option<String>,
    /// The user (or system user) id.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The Page id, for Page tokens.
    #[serde(default)]
    pub profile_id: Option<String>,
    /// Whether the token works.
    #[serde(default)]
    pub is_valid: bool,
    /// Unix time it was issued.
    #[serde(default)]
    pub issued_at: Option<i64>,
    /// Unix time it expires; 0 means never.
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// Unix time its data access expires.
    #[serde(default)]
    pub data_access_expires_at: Option<i64>,
    /// The permissions granted.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Permissions limited to some objects.
    #[serde(default)]
    pub granular_scopes: Vec<Granular>,
    /// Why it is invalid.
    #[serde(default)]
    pub error: Option<TokenProblem>,
}

#[derive(Deserialize)]
struct Envelope {
    data: TokenInfo,
}

/// What a subcode of 190 means, and what to do.
pub fn explain_190(subcode: Option<i64>) -> &'static str {
    match subcode {
        Some(463) => {
            "the token has expired (subcode 463): get a new one (a long-lived user token lasts about 60 days), then check it with `wpx token`"
        }
        Some(460) => {
            "the token was invalidated because the user changed their password or Meta reset the session (subcode 460): log in again for a new token"
        }
        Some(458) => "the user removed the app (subcode 458): they must authorise it again",
        Some(459) => "the user must log in at facebook.com to clear a checkpoint (subcode 459)",
        Some(464) => "the user is not confirmed (subcode 464): they must finish signing up",
        Some(467) => "the token is invalid or was revoked (subcode 467): get a new one",
        Some(492) => {
            "the user's session is not valid for the Page (subcode 492): check their role on the Page"
        }
        _ => {
            "the token is not valid (revoked, expired, or for another app): get a new one and check it with `wpx token`"
        }
    }
}

impl TokenInfo {
    /// Decodes a `debug_token` answer; `None` when the body is not one.
    pub fn from_body(body: &[u8]) -> Option<Self> {
        serde_json::from_slice::<Envelope>(body)
            .ok()
            .map(|e| e.data)
    }

    /// The expiry as a moment, when the token expires at all.
    fn expiry(&self) -> Option<i64> {
        self.expires_at.filter(|&t| t > 0)
    }

    /// The lines to show: (label, value), with countdowns from `now`.
    pub fn lines(&self, now: i64) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let valid = if self.is_valid {
            "yes".to_owned()
        } else {
            match &self.error {
                Some(e) if e.code == Some(190) => format!("no: {}", explain_190(e.subcode)),
                Some(e) => format!("no: {}", e.message),
                None => "no".to_owned(),
            }
        };
        out.push(("valid", valid));
        if let Some(k) = &self.kind {
            out.push(("type", k.clone()));
        }
        match (&self.application, &self.app_id) {
            (Some(name), Some(id)) => out.push(("app", format!("{name} ({id})"))),
            (None, Some(id)) => out.push(("app", id.clone())),
            (Some(name), None) => out.push(("app", name.clone())),
            (None, None) => {}
        }
        if let Some(u) = &self.user_id {
            out.push(("user", u.clone()));
        }
        if let Some(p) = &self.profile_id {
            out.push(("page", p.clone()));
        }
        let scopes = if self.scopes.is_empty() {
            "(none)".to_owned()
        } else {
            self.scopes.join(", ")
        };
        out.push(("scopes", scopes));
        for g in &self.granular_scopes {
            let targets = if g.target_ids.is_empty() {
                "every object".to_owned()
            } else {
                g.target_ids.join(", ")
            };
            out.push(("granular", format!("{}: {targets}", g.scope)));
        }
        if let Some(t) = self.issued_at.filter(|&t| t > 0) {
            out.push(("issued", moment(t, now)));
        }
        out.push((
            "expires",
            self.expiry()
                .map_or_else(|| "never".to_owned(), |t| moment(t, now)),
        ));
        if let Some(t) = self.data_access_expires_at.filter(|&t| t > 0) {
            out.push(("data access expires", moment(t, now)));
        }
        out
    }

    /// The status-bar warning: invalid, expired, or expiring within 7 days.
    pub fn warning(&self, now: i64) -> Option<String> {
        if !self.is_valid {
            return Some(match &self.error {
                Some(e) if e.code == Some(190) => explain_190(e.subcode).to_owned(),
                _ => "the token is not valid: check it with `wpx token`".to_owned(),
            });
        }
        let left = self.expiry()? - now;
        (left < WARN_SECS).then(|| {
            if left <= 0 {
                "the token has expired: get a new one".to_owned()
            } else {
                format!("the token expires in {}", span(left))
            }
        })
    }
}

/// `2026-12-04 (in 3 days)` / `2026-11-01 (30 days ago)`.
fn moment(t: i64, now: i64) -> String {
    let d = t - now;
    let when = if d >= 0 {
        format!("in {}", span(d))
    } else {
        format!("{} ago", span(-d))
    };
    format!("{} ({when})", day_of(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_126_400;

    fn info(json: &str) -> TokenInfo {
        TokenInfo::from_body(json.as_bytes()).expect("a debug_token answer")
    }

    #[test]
    fn a_token_expiring_in_three_days_says_so_and_warns() {
        let t = info(&format!(
            r#"{{"data":{{"type":"USER","app_id":"1","application":"Demo","is_valid":true,
            "expires_at":{},"scopes":["pages_show_list","whatsapp_business_messaging"],
            "granular_scopes":[{{"scope":"whatsapp_business_messaging","target_ids":["102"]}}]}}}}"#,
            NOW + 3 * 86_400
        ));
        let lines = t.lines(NOW);
        let get = |k: &str| lines.iter().find(|(l, _)| *l == k).map(|(_, v)| v.clone());
        assert_eq!(get("type").as_deref(), Some("USER"));
        assert_eq!(get("app").as_deref(), Some("Demo (1)"));
        assert_eq!(
            get("scopes").as_deref(),
            Some("pages_show_list, whatsapp_business_messaging")
        );
        assert_eq!(
            get("granular").as_deref(),
            Some("whatsapp_business_messaging: 102")
        );
        assert_eq!(get("expires").as_deref(), Some("2026-12-04 (in 3 days)"));
        assert_eq!(
            t.warning(NOW).as_deref(),
            Some("the token expires in 3 days")
        );
    }

    #[test]
    fn a_never_expiring_valid_token_has_no_warning() {
        let t = info(r#"{"data":{"type":"APP","is_valid":true,"expires_at":0,"scopes":[]}}"#);
        assert_eq!(t.warning(NOW), None);
        assert!(t.lines(NOW).contains(&("expires", "never".to_owned())));
    }

    #[test]
    fn an_expired_token_explains_463() {
        let t = info(
            r#"{"data":{"is_valid":false,"error":{"code":190,"subcode":463,"message":"Session has expired"}}}"#,
        );
        assert!(
            t.warning(NOW)
                .is_some_and(|w| w.contains("expired (subcode 463)"))
        );
        assert!(t.lines(NOW)[0].1.starts_with("no: the token has expired"));
        assert!(explain_190(Some(460)).contains("password"));
    }

    #[test]
    fn not_a_debug_token_answer() {
        assert_eq!(TokenInfo::from_body(b"{\"error\":{}}"), None);
        assert_eq!(TokenInfo::from_body(b"nope"), None);
    }
}
