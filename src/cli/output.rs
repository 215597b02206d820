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

/// Writes the body as it should appear on a terminal to `out`, streamed: pretty JSON (coloured
/// when `color`, deep levels flat), or text with control characters escaped, or a note for binary
/// data. Nothing larger than one token is held, so memory does not grow with the output.
pub fn write_for_terminal(body: &[u8], color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if is_json(body) {
        let mut result = Ok(());
        pretty_tokens(body, |kind, text| {
            if result.is_err() {
                return;
            }
            result = match ansi(kind).filter(|_| color) {
                Some(code) => out
                    .write_all(code.as_bytes())
                    .and_then(|()| out.write_all(text.as_bytes()))
                    .and_then(|()| out.write_all(b"\x1b[0m")),
                None => out.write_all(text.as_bytes()),
            };
        });
        return result.and_then(|()| out.write_all(b"\n"));
    }
    let looks_binary = body.iter().take(8192).any(|&b| b == 0);
    if looks_binary {
        return writeln!(
            out,
            "[{} bytes of binary data; redirect to a file to save it]",
            body.len()
        );
    }
    let text = escape_text_for_terminal(&String::from_utf8_lossy(body));
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') && !text.is_empty() {
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// [`write_for_terminal`] into a string (tests).
#[cfg(test)]
pub fn for_terminal(body: &[u8], color: bool) -> String {
    let mut out = Vec::new();
    let _ = write_for_terminal(body, color, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes the body to stdout: as received when stdout is not a terminal (or `raw`), else for the
/// terminal. A closed pipe (`| head`) is not an error.
/// On a terminal, the given secrets are scrubbed from what is shown (a server may echo the token).
pub fn write_body(
    body: &[u8],
    raw: bool,
    secrets: &[&crate::core::secret::Secret],
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let result = if tty && !raw {
        let color = std::env::var_os("NO_COLOR").is_none();
        let scrubbed = crate::core::text::scrub_bytes(body, secrets);
        write_for_terminal(scrubbed.as_deref().unwrap_or(body), color, &mut out)
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
