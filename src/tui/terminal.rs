//! Entering and leaving the terminal, always restored: on drop, on panic (the hook restores first),
//! on SIGTERM and SIGHUP (the app loop calls [`leave`]), and around Ctrl-Z.

use std::io::{Write, stdout};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// Enters raw mode and the alternate screen, with mouse and bracketed paste. Installs a panic hook
/// that restores the terminal before the panic message is printed.
pub fn enter() -> std::io::Result<DefaultTerminal> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    Ok(terminal)
}

/// Leaves the alternate screen and raw mode and shows the cursor. Safe to call twice.
pub fn leave() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    let _ = execute!(stdout(), crossterm::cursor::Show);
    let _ = stdout().flush();
}

/// Restores the terminal when dropped.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        leave();
    }
}

/// Ctrl-Z: restore the terminal, stop the process, and take the terminal back on `fg`.
pub fn suspend(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    leave();
    #[cfg(unix)]
    {
        let me = rustix::process::getpid();
        let _ = rustix::process::kill_process(me, rustix::process::Signal::TSTP);
    }
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    terminal.clear()
}
