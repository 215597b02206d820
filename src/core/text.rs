//! Text that goes to a terminal: the one escaper for everything a server (or a file, or an import)
//! controls, and the scrubber that takes known secrets out of text before it is shown.

use std::borrow::Cow;

use super::secret::Secret;

/// What [`terminal_safe`] leaves as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Newlines and tabs stay (multi-line text: bodies, error messages on stderr).
    Newlines,
    /// Nothing: one line (status bar, list rows, header values).
    Nothing,
}

/// The marker that replaces a secret in text (the same one history and imports use).
pub const REDACTED: &str = super::redact::MARKER;

/// True for a character a terminal could act on: C0 controls, DEL and the C1 controls
/// (U+0080–U+009F, which many terminals take as 8-bit CSI, OSC, …).
pub fn is_terminal_control(c: char) -> bool {
    matches!(u32::from(c), 0x00..=0x1f | 0x7f..=0x9f)
}

/// Escapes every character a terminal could act on as `\u00XX` (which is also valid inside a JSON
/// string), so that no escape sequence, OSC 52 clipboard write, title change or bell from a server
/// ever reaches the terminal. `keep` says whether newlines and tabs stay.
pub fn terminal_safe(s: &str, keep: Keep) -> Cow<'_, str> {
    let escape =
        |c: char| is_terminal_control(c) && !(keep == Keep::Newlines && matches!(c, '\n' | '\t'));
    if !s.chars().any(escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escape(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Bytes from a server as terminal-safe text: invalid UTF-8 is replaced (lossy), controls escaped.
pub fn bytes_terminal_safe(b: &[u8], keep: Keep) -> String {
    terminal_safe(&String::from_utf8_lossy(b), keep).into_owned()
}

/// Replaces every occurrence of each secret's value (and of its percent-encoded form) with
/// [`REDACTED`]. Values shorter than four characters are left alone (they would match everywhere).
pub fn scrub<'a>(text: &'a str, secrets: &[&Secret]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for s in secrets {
        let v = s.expose();
        if v.len() < 4 {
            continue;
        }
        let encoded = super::request::encode_query_component(v);
        for needle in [v, encoded.as_str()] {
            if out.contains(needle) {
                out = Cow::Owned(out.replace(needle, REDACTED));
            }
        }
    }
    out
}

/// [`scrub`] over bytes (a response body): `None` when no secret occurs, so the common case
/// costs one scan a secret and no copy. The marker keeps JSON valid (no quote, no backslash).
pub fn scrub_bytes(body: &[u8], secrets: &[&Secret]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    for s in secrets {
        let v = s.expose().as_bytes();
        if v.len() < 4 {
            continue;
        }
        let current = out.as_deref().unwrap_or(body);
        if memchr::memmem::find(current, v).is_none() {
            continue;
        }
        let mut next = Vec::with_capacity(current.len());
        let mut rest = current;
        while let Some(i) = memchr::memmem::find(rest, v) {
            next.extend_from_slice(&rest[..i]);
            next.extend_from_slice(REDACTED.as_bytes());
            rest = &rest[i + v.len()..];
        }
        next.extend_from_slice(rest);
        out = Some(next);
    }
    out
}

/// A character as it may be drawn in one cell: control characters become `�`.
pub fn printable(c: char) -> char {
    if c.is_control() { '\u{FFFD}' } else { c }
}

/// `s` cut to `cols` display columns, ending in `…` when something was cut.
pub fn clip(s: &str, cols: usize) -> Cow<'_, str> {
    use unicode_width::UnicodeWidthChar;
    let width = |c: char| c.width().unwrap_or(0);
    if s.chars().map(width).sum::<usize>() <= cols {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + width(c) + 1 > cols {
            break;
        }
        used += width(c);
        out.push(c);
    }
    if cols > 0 {
        out.push('…');
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_marks_the_cut() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("日本語", 4), "日…");
        assert_eq!(clip("abc", 0), "");
    }

    #[test]
    fn escapes_c0_del_and_c1() {
        let s = "a\x1b]52;c;SGk=\x07b\u{9b}2Jc\u{7f}d\re";
        let out = terminal_safe(s, Keep::Nothing);
        assert_eq!(out, "a\\u001b]52;c;SGk=\\u0007b\\u009b2Jc\\u007fd\\u000de");
        assert!(!out.chars().any(is_terminal_control));
    }

    #[test]
    fn newlines_stay_only_when_asked() {
        assert_eq!(terminal_safe("a\nb\tc", Keep::Newlines), "a\nb\tc");
        assert_eq!(terminal_safe("a\nb", Keep::Nothing), "a\\u000ab");
        assert!(matches!(
            terminal_safe("plain é", Keep::Nothing),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn lossy_bytes() {
        assert_eq!(
            bytes_terminal_safe(b"ok\xff\x1b", Keep::Nothing),
            "ok\u{fffd}\\u001b"
        );
    }

    #[test]
    fn scrubs_bodies_without_copying_clean_ones() {
        let t = Secret::new("fake-token-1");
        assert!(scrub_bytes(b"{\"a\":1}", &[&t]).is_none());
        let out = scrub_bytes(b"{\"m\":\"fake-token-1 x fake-token-1\"}", &[&t]).expect("scrubbed");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, format!("{{\"m\":\"{REDACTED} x {REDACTED}\"}}"));
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    }

    #[test]
    fn scrubs_plain_and_encoded_secrets() {
        let t = Secret::new("fake tok/1");
        let out = scrub("echo fake tok/1 and fake%20tok/1 end", &[&t]);
        assert_eq!(out, format!("echo {REDACTED} and {REDACTED} end"));
        let short = Secret::new("ab");
        assert_eq!(scrub("abab", &[&short]), "abab");
    }
}
