//! Writing response bodies: the server's bytes to a pipe or file, pretty and coloured JSON to a
//! terminal, and never a raw control sequence to a terminal.

use std::io::{IsTerminal, Write};

use crate::core::json_pretty::{TokenKind, escape_text_for_terminal, is_json, pretty_tokens};

fn ansi(kind: TokenKind) -> Option<&'static str> {
    match kind {
        TokenKind::Key => Some("\x1b[34;1m"),
        TokenKind::Str => Some("\x1b[32m"),
        TokenKind::Num => Some("\x1b[36m"),
        TokenKind::Literal => Some("\x1b[35m"),
        TokenKind::Punct | TokenKind::Space => None,
    }
}

/// The body as it should appear on a terminal: pretty JSON (coloured when `color`), or text with
/// control characters escaped, or a note for binary data.
pub fn for_terminal(body: &[u8], color: bool) -> String {
    if is_json(body) {
        let mut out = String::with_capacity(body.len() * 2);
        pretty_tokens(body, |kind, text| match ansi(kind).filter(|_| color) {
            Some(code) => {
                out.push_str(code);
                out.push_str(text);
                out.push_str("\x1b[0m");
            }
            None => out.push_str(text),
        });
        out.push('\n');
        return out;
    }
    let looks_binary = body.iter().take(8192).any(|&b| b == 0);
    if looks_binary {
        return format!(
            "[{} bytes of binary data; redirect to a file to save it]\n",
            body.len()
        );
    }
    let mut text = escape_text_for_terminal(&String::from_utf8_lossy(body));
    if !text.ends_with('\n') && !text.is_empty() {
        text.push('\n');
    }
    text
}

/// Writes the body to stdout: as received when stdout is not a terminal (or `raw`), else for the
/// terminal. A closed pipe (`| head`) is not an error.
pub fn write_body(body: &[u8], raw: bool) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let mut out = stdout.lock();
    let result = if tty && !raw {
        let color = std::env::var_os("NO_COLOR").is_none();
        out.write_all(for_terminal(body, color).as_bytes())
    } else {
        out.write_all(body)
    };
    match result.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_pretty_and_optionally_coloured() {
        let plain = for_terminal(br#"{"a":1}"#, false);
        assert_eq!(plain, "{\n  \"a\": 1\n}\n");
        let coloured = for_terminal(br#"{"a":1}"#, true);
        assert!(coloured.contains("\x1b[34;1m\"a\"\x1b[0m"));
    }

    #[test]
    fn text_bodies_lose_their_escape_sequences() {
        let out = for_terminal(b"<html>\x1b[2J\x1b]52;c;SGk=\x07</html>", true);
        assert!(!out.contains('\x1b'));
        assert!(out.contains("\\u001b[2J"));
    }

    #[test]
    fn binary_is_summarised() {
        let out = for_terminal(&[0u8, 1, 2, 255], false);
        assert!(out.contains("4 bytes of binary data"));
    }
}
