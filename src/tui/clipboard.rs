//! Copying text. Inside tmux, through `tmux load-buffer -w -`: tmux's default `set-clipboard
//! external` drops OSC 52 from programs, and `-w` passes the buffer on to the outer terminal's
//! clipboard. Elsewhere the system clipboard (arboard) when there is a display, else OSC 52, which
//! works over SSH. "Copied" is said only when the route reported success; a failure is a message,
//! never a crash.

use std::io::Write;

/// How a copy was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The system clipboard.
    System,
    /// The terminal's OSC 52 escape sequence.
    Osc52,
    /// tmux's paste buffer (and, through it, the outer terminal's clipboard).
    Tmux,
}

impl Via {
    /// For the status bar.
    pub fn describe(self) -> &'static str {
        match self {
            Self::System => "the system clipboard",
            Self::Osc52 => "the terminal (OSC 52)",
            Self::Tmux => "tmux's buffer (prefix ] pastes)",
        }
    }
}

/// The clipboard, kept for the app's lifetime (on X11 the process owns the selection).
pub struct Clipboard {
    system: Option<arboard::Clipboard>,
}

/// The route asked for with `WPX_CLIPBOARD`, if any.
fn asked() -> Option<String> {
    std::env::var("WPX_CLIPBOARD").ok()
}

fn prefer_osc52() -> bool {
    match asked().as_deref() {
        Some("osc52") => return true,
        Some("system" | "tmux") => return false,
        _ => {}
    }
    std::env::var_os("SSH_TTY").is_some() || std::env::var_os("SSH_CONNECTION").is_some()
}

/// True inside tmux, unless another route is asked for.
fn use_tmux() -> bool {
    match asked().as_deref() {
        Some("osc52" | "system") => false,
        Some("tmux") => true,
        _ => std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()),
    }
}

/// Runs `tmux load-buffer [-w] -` with `text` on its stdin; true when tmux said it worked.
fn tmux_load(text: &str, to_outer: bool) -> bool {
    use std::process::{Command, Stdio};
    let mut cmd = Command::new("tmux");
    cmd.arg("load-buffer");
    if to_outer {
        cmd.arg("-w");
    }
    let Ok(mut child) = cmd
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let wrote = child
        .stdin
        .take()
        .is_some_and(|mut i| i.write_all(text.as_bytes()).is_ok());
    // tmux answers at once; a server that does not is given two seconds.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return wrote && status.success(),
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

impl Clipboard {
    /// Opens the system clipboard unless over SSH or told otherwise (`WPX_CLIPBOARD=tmux|osc52|system`).
    pub fn new() -> Self {
        let system = if prefer_osc52() {
            None
        } else {
            arboard::Clipboard::new().ok()
        };
        Self { system }
    }

    /// Copies `text`.
    pub fn copy(&mut self, text: &str) -> Result<Via, String> {
        // `-w` needs tmux 3.2; an older one still takes the buffer without it.
        if use_tmux() && (tmux_load(text, true) || tmux_load(text, false)) {
            return Ok(Via::Tmux);
        }
        if let Some(cb) = self.system.as_mut()
            && cb.set_text(text.to_owned()).is_ok()
        {
            return Ok(Via::System);
        }
        let mut out = std::io::stdout().lock();
        crossterm::execute!(
            out,
            crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
        )
        .and_then(|()| out.flush())
        .map(|()| Via::Osc52)
        .map_err(|e| format!("could not copy: {e}"))
    }
}

impl Default for Clipboard {
    fn default() -> Self {
        Self::new()
    }
}
