//! A streaming pretty-printer over raw JSON bytes: key order and number text stay exactly as the
//! server sent them, and no tree is built. Output tokens carry a kind so an edge can colour them.

use super::text::{Keep, terminal_safe};

/// The kind of a piece of pretty-printed JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// An object key, with its quotes.
    Key,
    /// A string value, with its quotes.
    Str,
    /// A number.
    Num,
    /// `true`, `false` or `null`.
    Literal,
    /// Brackets, braces, commas and colons.
    Punct,
    /// Newlines and indentation.
    Space,
}

/// True when `input` is one well-formed JSON document.
pub fn is_json(input: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(input).is_ok()
}

/// Containers nested deeper than this are printed flat (compact, on one line), so the output stays
/// within a small multiple of the input however deep a server nests: indentation is capped at
/// `2 × FLAT_DEPTH` spaces a line.
pub const FLAT_DEPTH: usize = 24;

/// Pretty-prints `input` (which must be valid JSON: check with [`is_json`]) with two-space indent,
/// as `serde_json::to_string_pretty` lays it out up to [`FLAT_DEPTH`] levels (deeper levels are
/// compact), calling `emit` for each piece. Characters that a terminal could take as control
/// sequences are written as `\u` escapes. Memory is one bit a level; nothing is buffered.
pub fn pretty_tokens(input: &[u8], mut emit: impl FnMut(TokenKind, &str)) {
    let text = String::from_utf8_lossy(input);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    // One entry per open container: true for an object.
    let mut stack: Vec<bool> = Vec::new();
    let mut expect_key = false;
    let indent = "  ".repeat(FLAT_DEPTH);
    let newline = |depth: usize, emit: &mut dyn FnMut(TokenKind, &str)| {
        if depth <= FLAT_DEPTH {
            let mut s = String::with_capacity(1 + depth * 2);
            s.push('\n');
            s.push_str(&indent[..depth * 2]);
            emit(TokenKind::Space, &s);
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == close {
                    emit(TokenKind::Punct, if b == b'{' { "{}" } else { "[]" });
                    i = j + 1;
                    expect_key = false;
                } else {
                    emit(TokenKind::Punct, if b == b'{' { "{" } else { "[" });
                    stack.push(b == b'{');
                    depth += 1;
                    expect_key = b == b'{';
                    newline(depth, &mut emit);
                    i += 1;
                }
            }
            b'}' | b']' => {
                // The closing bracket goes on its own line only when the content did.
                if depth <= FLAT_DEPTH {
                    newline(depth.saturating_sub(1), &mut emit);
                }
                depth = depth.saturating_sub(1);
                stack.pop();
                emit(TokenKind::Punct, if b == b'}' { "}" } else { "]" });
                expect_key = false;
                i += 1;
            }
            b',' => {
                emit(TokenKind::Punct, ",");
                newline(depth, &mut emit);
                expect_key = stack.last().copied().unwrap_or(false);
                i += 1;
            }
            b':' => {
                emit(TokenKind::Punct, ": ");
                expect_key = false;
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                let kind = if expect_key {
                    TokenKind::Key
                } else {
                    TokenKind::Str
                };
                emit(
                    kind,
                    &terminal_safe(&text[start..i.min(bytes.len())], Keep::Nothing),
                );
            }
            _ => {
                let start = i;
                while i < bytes.len() && !b",:]} \t\n\r".contains(&bytes[i]) {
                    i += 1;
                }
                let word = &text[start..i];
                let kind = if matches!(word, "true" | "false" | "null") {
                    TokenKind::Literal
                } else {
                    TokenKind::Num
                };
                emit(kind, word);
            }
        }
    }
}

/// Pretty-printed text without colours.
pub fn pretty(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len() * 2);
    pretty_tokens(input, |_, s| out.push_str(s));
    out
}

/// Escapes every control character of arbitrary text (not JSON) so it can go to a terminal:
/// newlines and tabs stay. The one escaper is [`crate::core::text::terminal_safe`].
pub fn escape_text_for_terminal(s: &str) -> String {
    terminal_safe(s, Keep::Newlines).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde(input: &str) {
        let value: serde_json::Value = serde_json::from_str(input).expect("valid test JSON");
        let expected = serde_json::to_string_pretty(&value).expect("serialises");
        assert_eq!(pretty(input.as_bytes()), expected, "input: {input}");
    }

    #[test]
    fn matches_serde_layout() {
        same_as_serde(r#"{"data":[{"id":"1","name":"A"},{"id":"2","tags":[]}],"paging":{}}"#);
        same_as_serde(r#" [ 1 , true , null , "x" , { "a" : [ [ ] , { } ] } ] "#);
        same_as_serde(r#""just a string""#);
        same_as_serde("42");
    }

    #[test]
    fn keeps_number_text_and_key_order() {
        let out = pretty(br#"{"z":1.50,"a":1e400}"#);
        assert_eq!(out, "{\n  \"z\": 1.50,\n  \"a\": 1e400\n}");
    }

    #[test]
    fn classifies_keys_and_values() {
        let mut kinds = Vec::new();
        pretty_tokens(br#"{"k":"v","n":[1,"s",false]}"#, |k, s| {
            if k != TokenKind::Space && k != TokenKind::Punct {
                kinds.push((k, s.to_owned()));
            }
        });
        assert_eq!(
            kinds,
            [
                (TokenKind::Key, "\"k\"".to_owned()),
                (TokenKind::Str, "\"v\"".to_owned()),
                (TokenKind::Key, "\"n\"".to_owned()),
                (TokenKind::Num, "1".to_owned()),
                (TokenKind::Str, "\"s\"".to_owned()),
                (TokenKind::Literal, "false".to_owned()),
            ]
        );
    }

    #[test]
    fn strings_with_escaped_quotes_and_brackets() {
        same_as_serde(r#"{"a\"{[":"]}\\","b":"\u001b"}"#);
    }

    #[test]
    fn c1_controls_are_escaped() {
        let input = "{\"a\":\"x\u{9b}2J\u{7f}\"}";
        assert!(is_json(input.as_bytes()));
        let out = pretty(input.as_bytes());
        assert!(out.contains("x\\u009b2J\\u007f"));
        assert!(!out.contains('\u{9b}'));
    }

    #[test]
    fn text_escaping_removes_escape_sequences() {
        let out = escape_text_for_terminal("ok\x1b]52;c;AAAA\x07\nnext\u{9b}");
        assert_eq!(out, "ok\\u001b]52;c;AAAA\\u0007\nnext\\u009b");
    }

    #[test]
    fn deep_nesting_is_flat_past_the_limit_and_output_stays_small() {
        let depth = 100_000;
        let body = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let out = pretty(body.as_bytes());
        assert!(
            out.len() < body.len() * 2 + 2000,
            "{} bytes of output for {} of input",
            out.len(),
            body.len()
        );
        // The same document, parsed back, is unchanged.
        let back: String = out.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(back, body);
        // Shallow documents keep serde's layout.
        let shallow = format!("{}1{}", "[".repeat(FLAT_DEPTH), "]".repeat(FLAT_DEPTH));
        same_as_serde(&shallow);
    }

    #[test]
    fn validity() {
        assert!(is_json(b" {\"a\": 1} "));
        assert!(!is_json(b"{\"a\": }"));
        assert!(!is_json(b"<html>"));
    }
}
