//! What imports and pastes must not keep: secrets. One filter for both importers (Postman and
//! curl): variables named like secrets, the parameters wpx adds itself (`access_token`,
//! `appsecret_proof`, `appsecret_time`) wherever a request carries them (query, form, JSON body at
//! any depth, `key=value&...` body), and `user:pass@` in URLs. Warnings name what was dropped,
//! never its value.

use serde_json::Value;

use super::collection::{Pair, SavedRequest};
use super::request::RESERVED_PARAMS;

/// True for a parameter wpx adds itself (`access_token`, `appsecret_proof`, `appsecret_time`).
pub fn is_reserved(name: &str) -> bool {
    let name = name.trim();
    RESERVED_PARAMS.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// Words that mark a secret when a part of the name contains them (`access_token`, `userPassword`).
const SECRET_WORDS: [&str; 15] = [
    "token",
    "secret",
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "credential",
    "signature",
    "bearer",
    "cookie",
    "session",
    "proof",
    "apikey",
    "privatekey",
    "accesskey",
];

/// The lower-case parts of a name: split at anything not alphanumeric and at camelCase humps
/// (`X-Api-Key` → x, api, key; `userPassword` → user, password; `APIKey` → api, key).
fn name_parts(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut parts = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if !prev.is_uppercase() || next_lower {
                parts.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

fn is_auth_part(p: &str) -> bool {
    p.ends_with("auth")
        || p.starts_with("authoriz")
        || (p.starts_with("auth") && !p.starts_with("author"))
}

/// True when a variable's name looks like it holds a secret: api_key, auth, bearer, pwd/password,
/// client_secret, credential, session, cookie, signature, token, secret, proof, matched on the
/// name's parts whatever the case (`X-Api-Key`, `userPassword`, `AUTH_HEADER`), so `author_id`
/// is not one.
pub fn is_secret_name(name: &str) -> bool {
    let parts = name_parts(name);
    parts
        .iter()
        .any(|p| p == "pass" || is_auth_part(p) || SECRET_WORDS.iter().any(|w| p.contains(w)))
        || parts.windows(2).any(|w| {
            w[1].starts_with("key")
                && ["api", "private", "access"]
                    .iter()
                    .any(|a| w[0].ends_with(a))
        })
}

/// A URL without `user:pass@`; `None` when it has none. Works on text, so Postman's
/// `{{base_url}}` and unparsable URLs are covered too.
pub fn strip_userinfo(url: &str) -> Option<String> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest[..end].rfind('@')?;
    Some(format!("{}{}", &url[..start], &rest[at + 1..]))
}

/// The warning for a dropped `user:pass@`.
pub const USERINFO_WARNING: &str =
    "the user name and password in the URL were dropped: wpx signs with the profile's token";

/// `key=value&...` text without its reserved pairs (the others kept byte for byte), and the names
/// dropped.
fn strip_pairs_text(text: &str, dropped: &mut Vec<String>) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for piece in text.split('&') {
        let key = piece.split_once('=').map_or(piece, |(k, _)| k);
        let key: String = url::form_urlencoded::parse(key.as_bytes())
            .next()
            .map(|(k, _)| k.into_owned())
            .unwrap_or_default();
        if is_reserved(&key) {
            dropped.push(key.trim().to_owned());
        } else {
            kept.push(piece);
        }
    }
    kept.join("&")
}

/// Removes reserved keys at any depth, and reserved pairs from query strings in string values
/// (a batch's `relative_url`).
fn strip_json(v: &mut Value, dropped: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            o.retain(|k, _| {
                let r = is_reserved(k);
                if r {
                    dropped.push(k.clone());
                }
                !r
            });
            for x in o.values_mut() {
                strip_json(x, dropped);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| strip_json(x, dropped)),
        Value::String(s) => {
            if let Some((base, query)) = s.split_once('?')
                && mentions_reserved(query)
            {
                let before = dropped.len();
                let q = strip_pairs_text(query, dropped);
                if dropped.len() > before {
                    *s = if q.is_empty() {
                        base.to_owned()
                    } else {
                        format!("{base}?{q}")
                    };
                }
            }
        }
        _ => {}
    }
}

fn mentions_reserved(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    RESERVED_PARAMS.iter().any(|r| lower.contains(r))
}

/// A reserved name used as a key (`access_token=`, `"access_token":`) in text no parser read.
fn assigns_reserved(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    RESERVED_PARAMS.iter().any(|r| {
        lower.match_indices(r).any(|(i, _)| {
            lower[i + r.len()..]
                .trim_start_matches(['"', '\'', ' ', '\t', '\r', '\n'])
                .starts_with([':', '='])
        })
    })
}

const MASK: &str = "__wpx_placeholder_";

/// Postman bodies hold `{{variables}}` outside strings (`{"n": {{n}}}`): each becomes a string
/// `"__wpx_placeholder_N__"` so the text parses; `unmask` puts them back.
fn mask_placeholders(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if let Some(n) = crate::core::template::var_len(rest) {
            out.push_str(&format!("\"{MASK}{}__\"", found.len()));
            found.push(rest[..n].to_owned());
            rest = &rest[n..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, found)
}

fn unmask(mut text: String, found: &[String]) -> String {
    for (i, p) in found.iter().enumerate().rev() {
        text = text.replace(&format!("\"{MASK}{i}__\""), p);
    }
    text
}

/// What became of a body.
#[derive(Debug, PartialEq, Eq)]
enum BodyOutcome {
    /// Nothing to drop.
    Kept,
    /// The body without the reserved keys.
    Stripped(String),
    /// It assigns a reserved name but is neither JSON nor `key=value` text: not kept.
    Unreadable,
}

fn strip_body(text: &str, dropped: &mut Vec<String>) -> BodyOutcome {
    if !mentions_reserved(text) {
        return BodyOutcome::Kept;
    }
    let (masked, found) = mask_placeholders(text);
    if let Ok(mut v) = serde_json::from_str::<Value>(&masked) {
        let before = dropped.len();
        strip_json(&mut v, dropped);
        if dropped.len() == before {
            return BodyOutcome::Kept;
        }
        let out = if text.contains('\n') {
            serde_json::to_string_pretty(&v)
        } else {
            serde_json::to_string(&v)
        };
        return match out {
            Ok(s) => BodyOutcome::Stripped(unmask(s, &found)),
            Err(_) => BodyOutcome::Unreadable,
        };
    }
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        let before = dropped.len();
        let out = strip_pairs_text(text, dropped);
        if !assigns_reserved(&out) {
            return if dropped.len() > before {
                BodyOutcome::Stripped(out)
            } else {
                BodyOutcome::Kept
            };
        }
        dropped.truncate(before);
    }
    if assigns_reserved(text) {
        BodyOutcome::Unreadable
    } else {
        BodyOutcome::Kept
    }
}

fn strip_pairs(pairs: &mut Vec<Pair>, place: &str, prefix: &str, warnings: &mut Vec<String>) {
    pairs.retain(|p| {
        let r = is_reserved(&p.name);
        if r {
            warnings.push(format!(
                "{prefix}{} was dropped from the {place}: wpx adds its own",
                p.name.trim()
            ));
        }
        !r
    });
}

/// Drops what a request must not keep, with a warning for each, prefixed by `prefix`
/// (`"Group/Feed: "`, or empty): `user:pass@` in a full-URL path, reserved parameters in the
/// query and the form, reserved keys in the body (JSON at any depth, or `key=value&...` text; a
/// body that sets one but reads as neither is left out).
pub fn strip_request(r: &mut SavedRequest, prefix: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Some(clean) = strip_userinfo(&r.path) {
        r.path = clean;
        warnings.push(format!("{prefix}{USERINFO_WARNING}"));
    }
    if let Some((base, query)) = r.path.split_once('?') {
        let mut dropped = Vec::new();
        let q = strip_pairs_text(query, &mut dropped);
        if !dropped.is_empty() {
            r.path = if q.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{q}")
            };
            for d in dropped {
                warnings.push(format!(
                    "{prefix}{d} was dropped from the URL: wpx adds its own"
                ));
            }
        }
    }
    r.headers.retain(|h| {
        let name = h.name.trim();
        let drop = name.eq_ignore_ascii_case("authorization")
            || crate::core::draft::is_reserved_header(name)
            || is_secret_name(name);
        if drop {
            warnings.push(format!(
                "{prefix}the header {name} was dropped: it carries a credential, and wpx sends the profile's token"
            ));
        }
        !drop
    });
    strip_pairs(&mut r.query, "URL", prefix, &mut warnings);
    strip_pairs(&mut r.form, "form", prefix, &mut warnings);
    if let Some(body) = &r.body {
        let mut dropped = Vec::new();
        match strip_body(body, &mut dropped) {
            BodyOutcome::Kept => {}
            BodyOutcome::Stripped(b) => {
                r.body = Some(b);
                let mut named: Vec<String> = Vec::new();
                for d in dropped {
                    if named.contains(&d) {
                        continue;
                    }
                    named.push(d.clone());
                    warnings.push(format!(
                        "{prefix}{d} was dropped from the body: wpx adds its own"
                    ));
                }
            }
            BodyOutcome::Unreadable => {
                r.body = None;
                warnings.push(format!("{prefix}the body sets access_token, appsecret_proof or appsecret_time but is neither JSON nor key=value text, so it was not imported: remove them and import again"));
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_separators_and_humps() {
        assert_eq!(name_parts("X-Api-Key"), ["x", "api", "key"]);
        assert_eq!(name_parts("userPassword"), ["user", "password"]);
        assert_eq!(name_parts("APIKey"), ["api", "key"]);
        assert_eq!(name_parts("client_secret2"), ["client", "secret2"]);
    }

    #[test]
    fn secret_names_by_their_parts() {
        for n in [
            "api_key",
            "x-api-key",
            "ApiKey",
            "X_APIKEY",
            "auth",
            "Authorization",
            "basicAuth",
            "authKey",
            "bearer",
            "pwd",
            "user_pass",
            "password",
            "DB_PASSWD",
            "client_secret",
            "credentials",
            "session",
            "PHPSESSID_session",
            "cookie",
            "signature",
            "token",
            "refresh-token",
            "secret",
            "appsecret_proof",
            "private_key",
        ] {
            assert!(is_secret_name(n), "{n} should look like a secret");
        }
        for n in [
            "group_id",
            "author_id",
            "authority",
            "keyword",
            "monkey",
            "base_url",
            "page_size",
            "passenger",
            "limit",
            "fields",
            "user_id",
        ] {
            assert!(!is_secret_name(n), "{n} is not a secret");
        }
    }

    #[test]
    fn userinfo_goes_from_urls_only_before_the_host() {
        assert_eq!(
            strip_userinfo("https://u:p@graph.workplace.com/me?x=a@b").as_deref(),
            Some("https://graph.workplace.com/me?x=a@b")
        );
        assert_eq!(
            strip_userinfo("https://u:p@{{host}}/x").as_deref(),
            Some("https://{{host}}/x")
        );
        assert_eq!(strip_userinfo("https://graph.workplace.com/a@b"), None);
        assert_eq!(strip_userinfo("{{base_url}}/me"), None);
        assert_eq!(strip_userinfo("/me"), None);
    }

    #[test]
    fn bodies_without_a_reserved_key_are_kept_byte_for_byte() {
        let mut dropped = Vec::new();
        for text in [
            "{ \"message\" :\n  \"send access_token later\" }",
            "{\"a\": 1.50, \"access_token_hint\": 2}",
            "just access_token, as prose",
            "message=about+access_token",
        ] {
            assert_eq!(strip_body(text, &mut dropped), BodyOutcome::Kept, "{text}");
        }
        assert!(dropped.is_empty());
        assert_eq!(
            strip_body("<x access_token=\"fake-token-123\"/>", &mut dropped),
            BodyOutcome::Unreadable
        );
        assert_eq!(
            strip_body(
                "[{\"access_token\": 1}, {\"ACCESS_TOKEN\": 2}]",
                &mut dropped
            ),
            BodyOutcome::Stripped("[{},{}]".into())
        );
    }
}
