//! Meta webhooks, the pure part: the signature headers of a payload (`X-Hub-Signature-256:
//! sha256=…`, `X-Hub-Signature: sha1=…`), checking a delivery over its exact raw bytes in constant
//! time (failing closed), the classic sender bug (signing re-serialised JSON) as a hint, the
//! verification handshake, and a one-line summary of what a delivery is about.

use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;

/// The headers Meta signs a delivery with.
pub const SIG256: &str = "x-hub-signature-256";
/// The older SHA-1 header.
pub const SIG1: &str = "x-hub-signature";

/// Both signature header values of a payload.
pub fn sign(secret: &[u8], body: &[u8]) -> (String, String) {
    (
        format!("sha256={}", super::sign::hmac_sha256_hex(secret, body)),
        format!("sha1={}", sha1_hex(secret, body)),
    )
}

fn sha1_hex(secret: &[u8], body: &[u8]) -> String {
    match Hmac::<sha1::Sha1>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Neither signature header.
    Missing,
    /// A header that is not `sha256=<64 hex>` (or `sha1=<40 hex>`).
    Malformed(String),
    /// A well-formed signature of other bytes. `reserialised` is true when it is the signature of
    /// the body parsed and written back as compact JSON: the sender signed re-serialised JSON.
    Mismatch {
        /// The sender's classic bug.
        reserialised: bool,
    },
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing => f.write_str("no X-Hub-Signature-256 or X-Hub-Signature header (unsigned deliveries are refused)"),
            Self::Malformed(why) => write!(f, "malformed signature header: {why}"),
            Self::Mismatch { reserialised: true } => f.write_str(
                "signature mismatch — but it matches the body re-serialised as JSON: the sender signed parsed-and-rewritten JSON instead of the raw bytes",
            ),
            Self::Mismatch { reserialised: false } => f.write_str(
                "signature mismatch: the body was changed, or signed with another app secret",
            ),
        }
    }
}

/// A delivery's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The signature is the app's over these exact bytes (`sha256` or `sha1`).
    Verified(&'static str),
    /// Refused, and why.
    Rejected(Rejection),
}

/// Decodes `sha256=<hex>` (`prefix` "sha256", `len` 32 bytes).
fn digest(value: &str, prefix: &str, len: usize) -> Result<Vec<u8>, String> {
    let hex_part = value
        .trim()
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('='))
        .ok_or_else(|| format!("expected {prefix}=<hex>"))?;
    let bytes = hex::decode(hex_part).map_err(|_| format!("{prefix}= is not followed by hex"))?;
    if bytes.len() != len {
        return Err(format!(
            "{prefix} digest has {} bytes, not {len}",
            bytes.len()
        ));
    }
    Ok(bytes)
}

fn mac_matches<M: Mac + KeyInit>(secret: &[u8], body: &[u8], expected: &[u8]) -> bool {
    match <M as KeyInit>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(body);
            // Constant time.
            mac.verify_slice(expected).is_ok()
        }
        Err(_) => false,
    }
}

/// Checks a delivery: `X-Hub-Signature-256` when present, else `X-Hub-Signature` (sha1); neither
/// is a rejection (fail closed).
pub fn verify(secret: &[u8], body: &[u8], sig256: Option<&str>, sig1: Option<&str>) -> Verdict {
    let (expected, alg) = match (sig256, sig1) {
        (Some(v), _) => (digest(v, "sha256", 32), "sha256"),
        (None, Some(v)) => (digest(v, "sha1", 20), "sha1"),
        (None, None) => return Verdict::Rejected(Rejection::Missing),
    };
    let expected = match expected {
        Ok(e) => e,
        Err(why) => return Verdict::Rejected(Rejection::Malformed(why)),
    };
    let check = |bytes: &[u8]| {
        if alg == "sha256" {
            mac_matches::<Hmac<sha2::Sha256>>(secret, bytes, &expected)
        } else {
            mac_matches::<Hmac<sha1::Sha1>>(secret, bytes, &expected)
        }
    };
    if check(body) {
        return Verdict::Verified(alg);
    }
    let reserialised = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| serde_json::to_vec(&v).ok())
        .is_some_and(|again| again != body && check(&again));
    Verdict::Rejected(Rejection::Mismatch { reserialised })
}

/// The verification GET: the challenge to answer with when the mode is `subscribe` and the token
/// matches, else why not.
pub fn challenge(query: &[(String, String)], verify_token: Option<&str>) -> Result<String, String> {
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    match (
        get("hub.mode"),
        get("hub.verify_token"),
        get("hub.challenge"),
    ) {
        (Some("subscribe"), Some(token), Some(c)) => match verify_token {
            None => Err(
                "no verify token is set (--verify-token-env VAR): every verification is refused"
                    .into(),
            ),
            Some(expected) if constant_eq(token.as_bytes(), expected.as_bytes()) => {
                Ok(c.to_owned())
            }
            Some(_) => Err("hub.verify_token does not match the verify token".into()),
        },
        (Some(mode), _, _) if mode != "subscribe" => {
            Err(format!("hub.mode is {mode:?}, not \"subscribe\""))
        }
        _ => Err(
            "not a verification request: hub.mode, hub.verify_token and hub.challenge are needed"
                .into(),
        ),
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a delivery is about: its `object`, its entries' ids, and the changed fields (or
/// `messaging` for Messenger-style entries).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// `page`, `group`, `whatsapp_business_account`, …
    pub object: String,
    /// `entry[].id`.
    pub entries: Vec<String>,
    /// `entry[].changes[].field`, and `messaging` for `entry[].messaging[]`.
    pub fields: Vec<String>,
}

/// Reads a delivery's summary (empty when the body is not Meta's shape).
pub fn summary(body: &[u8]) -> Summary {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return Summary::default();
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let mut s = Summary {
        object: v.get("object").map(text).unwrap_or_default(),
        ..Summary::default()
    };
    for e in v
        .get("entry")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(id) = e.get("id").map(text).filter(|t| !t.is_empty()) {
            s.entries.push(id);
        }
        for c in e
            .get("changes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let f = c.get("field").map(text).unwrap_or_default();
            if !f.is_empty() && !s.fields.contains(&f) {
                s.fields.push(f);
            }
        }
        if e.get("messaging").is_some() && !s.fields.iter().any(|f| f == "messaging") {
            s.fields.push("messaging".into());
        }
    }
    s
}

#[cfg(test)]
#[path = "webhook_tests.rs"]
mod tests;
