//! Copying text: the system clipboard (arboard) when there is a display, else OSC 52, which works
//! over SSH and inside tmux. A failure is a message, never a crash.

use std::io::Write;

/// How a copy was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The system clipboard.
    System,
    /// The terminal's OSC 52 escape sequence.
    Osc52,
}

impl Via {
    /// For the status bar.
    pub fn describe(self) -> &'static str {
        match self {
            Self::System => "the system clipboard",
            Self::Osc52 => "the terminal (OSC 52)",
        }
    }
}

/// The clipboard, kept for the app's lifetime (on X11 the process owns the selection).
pub struct Clipboard {
    system: Option<arboard::Clipboard>,
}

fn prefer_osc52() -> bool {
    match std::env::var("WPX_CLIPBOARD").ok().as_deref() {
        Some("osc52") => return true,
        Some("system") => return false,
        _ => {}
    }
    std::env::var_os("SSH_TTY").is_some() || std::env::var_os("SSH_CONNECTION").is_some()
}

impl Clipboard {
    /// Opens the system clipboard unless over SSH or told otherwise (`WPX_CLIPBOARD=osc52|system`).
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
