//! Credentials found by their shape inside stored text: the `user:pass@` of a URL, and the value of
//! `access_token`, `appsecret_proof` and `appsecret_time` written as a query or form parameter
//! (`name=value`) or as a JSON member (`"name": value`). Each is replaced by [`MARKER`]; the rest of
//! the text is kept byte for byte, so a JSON body keeps its layout. Pure text work, no parsing
//! that could fail.

use std::ops::Range;

use crate::core::request::CREDENTIAL_PARAMS;

/// What stands in for a removed credential.
pub const MARKER: &str = "«redacted»";

/// Bytes that end a URL authority or a parameter value written inside other text.
fn ends_value(b: u8) -> bool {
    matches!(
        b,
        b'&' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'\\' | b'`' | b',' | b';' | b')'
    ) || b.is_ascii_whitespace()
}

/// The `user:pass` of every `scheme://user:pass@host` (also written `:\/\/` in JSON).
fn userinfo(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    for sep in ["://", ":\\/\\/"] {
        for (i, _) in text.match_indices(sep) {
            let start = i + sep.len();
            let end = b
                .get(start..)
                .unwrap_or_default()
                .iter()
                .position(|&c| {
                    matches!(
                        c,
                        b'/' | b'?' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'\\' | b'`'
                    ) || c.is_ascii_whitespace()
                })
                .map_or(b.len(), |p| start + p);
            if let Some(at) = text.get(start..end).and_then(|a| a.rfind('@'))
                && at > 0
            {
                out.push(start..start + at);
            }
        }
    }
}

/// The value of every `name=value` whose name is a credential, at the start of the text or after
/// `?`, `&`, `;`, a quote, a space or a JSON-escaped `\u0026`.
fn params(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    for name in CREDENTIAL_PARAMS {
        for (i, _) in text.match_indices(name) {
            let eq = i + name.len();
            if b.get(eq) != Some(&b'=') {
                continue;
            }
            let starts = i == 0
                || b.get(i - 1).is_some_and(|&c| {
                    matches!(c, b'?' | b'&' | b';' | b'"' | b'\'' | b'(') || c.is_ascii_whitespace()
                })
                || text.get(..i).is_some_and(|t| t.ends_with("\\u0026"));
            if !starts {
                continue;
            }
            let start = eq + 1;
            let end = b
                .get(start..)
                .unwrap_or_default()
                .iter()
                .position(|&c| ends_value(c))
                .map_or(b.len(), |p| start + p);
            if end > start {
                out.push(start..end);
            }
        }
    }
}

/// The value of every JSON member `"name": value` whose name is a credential: a string's content,
/// or a number or other literal.
fn json_members(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    for name in CREDENTIAL_PARAMS {
        let quoted = format!("\"{name}\"");
        for (i, _) in text.match_indices(&quoted) {
            let mut j = i + quoted.len();
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            if b.get(j) != Some(&b':') {
                continue;
            }
            j += 1;
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            if b.get(j) == Some(&b'"') {
                let start = j + 1;
                let mut k = start;
                while let Some(&c) = b.get(k) {
                    match c {
                        b'\\' => k += 2,
                        b'"' => break,
                        _ => k += 1,
                    }
                }
                let end = k.min(b.len());
                if end > start {
                    out.push(start..end);
                }
            } else {
                let start = j;
                let end = b
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .position(|&c| matches!(c, b',' | b'}' | b']') || c.is_ascii_whitespace())
                    .map_or(b.len(), |p| start + p);
                if end > start {
                    out.push(start..end);
                }
            }
        }
    }
}

/// `text` with every credential found by its shape replaced by [`MARKER`].
pub fn redact(text: &str) -> String {
    let mut ranges = Vec::new();
    userinfo(text, &mut ranges);
    params(text, &mut ranges);
    json_members(text, &mut ranges);
    if ranges.is_empty() {
        return text.to_owned();
    }
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        if r.start < at {
            continue; // inside a range already replaced
        }
        // Every range starts and ends next to an ASCII byte, so these are char boundaries.
        let (Some(keep), Some(secret)) = (text.get(at..r.start), text.get(r.start..r.end)) else {
            continue;
        };
        out.push_str(keep);
        if secret != MARKER {
            out.push_str(MARKER);
        } else {
            out.push_str(secret);
        }
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_in_urls_is_removed() {
        assert_eq!(
            redact("https://alice:fake-pass@example.com/x?y=1"),
            "https://«redacted»@example.com/x?y=1"
        );
        assert_eq!(
            redact("see http://fake-token-123@h:8080 and ftp://a:b;c,d@e/f"),
            "see http://«redacted»@h:8080 and ftp://«redacted»@e/f"
        );
        assert_eq!(
            redact(r#"{"u":"https:\/\/bob:fake-pw@example.com\/p"}"#),
            r#"{"u":"https:\/\/«redacted»@example.com\/p"}"#
        );
        // An @ after the host is not userinfo.
        let plain = "https://example.com/users/a@b.com?email=c@d.com";
        assert_eq!(redact(plain), plain);
    }

    #[test]
    fn credential_params_are_removed_wherever_written() {
        assert_eq!(
            redact("a=1&access_token=fake-token-123&appsecret_proof=abc&appsecret_time=17&b=2"),
            "a=1&access_token=«redacted»&appsecret_proof=«redacted»&appsecret_time=«redacted»&b=2"
        );
        assert_eq!(
            redact(r#"{"next":"https://h/v1/x?access_token=fake-token-123\u0026limit=2"}"#),
            r#"{"next":"https://h/v1/x?access_token=«redacted»\u0026limit=2"}"#
        );
        assert_eq!(
            redact("/me?fields=id\\u0026access_token=fake-token-123"),
            "/me?fields=id\\u0026access_token=«redacted»"
        );
        // Another parameter that merely ends with the name is left alone.
        assert_eq!(redact("my_access_token=x"), "my_access_token=x");
    }

    #[test]
    fn json_members_keep_the_layout() {
        let body = "{\n  \"access_token\" : \"fake-token-123\",\n  \"appsecret_time\": 1700000000,\n  \"appsecret_proof\":\"a\\\"b\",\n  \"message\": \"hi\"\n}";
        assert_eq!(
            redact(body),
            "{\n  \"access_token\" : \"«redacted»\",\n  \"appsecret_time\": «redacted»,\n  \"appsecret_proof\":\"«redacted»\",\n  \"message\": \"hi\"\n}"
        );
        let plain = r#"{"message":"access_token is a word","token":"x"}"#;
        assert_eq!(redact(plain), plain);
    }

    #[test]
    fn redacting_twice_changes_nothing_more() {
        let once = redact("https://a:b@h/?access_token=t {\"access_token\":\"t\"}");
        assert_eq!(redact(&once), once);
        assert!(!once.contains("a:b") && !once.contains("=t"), "{once}");
    }
}
