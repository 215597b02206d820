//! Entering and leaving the terminal, always restored: on drop, on a panic in any thread (the hook
//! restores first, then ends the process, so nothing draws on a terminal that was given back), on
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT (the app loop quits), around Ctrl-Z and an outside SIGTSTP, and
//! taken back on SIGCONT (after `fg`, or a `kill -STOP` and `-CONT`).

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
        eprintln!(
            "wpx: internal error (a bug): the terminal was restored; please report the message above"
        );
        std::process::exit(101);
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

/// Ctrl-Z (or SIGTSTP from outside, which wpx catches): restore the terminal, stop the process, and
/// take the terminal back on `fg`. SIGSTOP, not SIGTSTP, because wpx handles SIGTSTP itself.
pub fn suspend(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    leave();
    #[cfg(unix)]
    {
        let me = rustix::process::getpid();
        let _ = rustix::process::kill_process(me, rustix::process::Signal::STOP);
    }
    resume(terminal)
}

/// Takes the terminal back (raw mode, alternate screen, mouse, paste) and clears it for a full
/// redraw: after `fg`, or on SIGCONT when something else stopped the process.
pub fn resume(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    // Not `terminal.clear()`: it asks the terminal for the cursor position, which a terminal that
    // does not answer (and the event reader, which may take the answer) turns into a stall. An
    // empty frame instead makes ratatui's idea of the screen blank, so the next frame is drawn whole.
    terminal.draw(|_| {})?;
    Ok(())
}
