//! The loop: input, task results and a timer in; `update`; effects out; one draw per wake.
//! Generic over the backend and the input stream, so tests drive it with a `TestBackend`.

use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::UnboundedReceiver;

use crossterm::event::Event;

use super::effects::Runner;
use super::model::{Effect, Message, Model};
use super::update::update;
use super::view::view;

fn to_message(ev: Event) -> Option<Message> {
    match ev {
        Event::Key(k) => Some(Message::Key(k)),
        Event::Mouse(m) => Some(Message::Mouse(m)),
        Event::Paste(s) => Some(Message::Paste(s)),
        Event::Resize(w, h) => Some(Message::Resize(w, h)),
        _ => None,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// Hooks of the loop: Ctrl-Z, and a look at each drawn frame (tests read the screen there).
pub struct Hooks<'a, B: Backend> {
    /// Called for Ctrl-Z.
    pub suspend: &'a mut (dyn FnMut(&mut Terminal<B>) + Send),
    /// Called on SIGCONT: take the terminal back.
    pub resume: &'a mut (dyn FnMut(&mut Terminal<B>) + Send),
    /// Called after every draw.
    pub after_draw: &'a mut (dyn FnMut(&Terminal<B>) + Send),
}

/// Runs until the model asks to quit; returns its exit code.
pub async fn run_loop<B, S>(
    terminal: &mut Terminal<B>,
    mut input: S,
    model: &mut Model,
    runner: &mut Runner,
    rx: &mut UnboundedReceiver<Message>,
    hooks: Hooks<'_, B>,
) -> std::io::Result<u8>
where
    B: Backend,
    S: Stream<Item = std::io::Result<Event>> + Unpin,
    B::Error: std::fmt::Display,
{
    let io = |e: B::Error| std::io::Error::other(e.to_string());
    let size = terminal.size().map_err(io)?;
    model.session.size = (size.width, size.height);
    model.session.now = now();
    update(model, Message::Resize(size.width, size.height));
    terminal.draw(|f| view(model, f)).map_err(io)?;
    (hooks.after_draw)(terminal);
    loop {
        let tick = model.tick_interval();
        let mut batch: Vec<Message> = Vec::new();
        tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(e)) => batch.extend(to_message(e)),
                Some(Err(_)) | None => { model.session.quit.get_or_insert(0); }
            },
            msg = rx.recv() => batch.extend(msg),
            () = async { match tick { Some(d) => tokio::time::sleep(d).await, None => std::future::pending().await } } => batch.push(Message::Tick(now())),
        }
        while let Ok(m) = rx.try_recv() {
            batch.push(m);
        }
        for msg in batch {
            for effect in update(model, msg) {
                match effect {
                    Effect::Suspend => (hooks.suspend)(terminal),
                    Effect::Resume => (hooks.resume)(terminal),
                    effect => runner.run(effect),
                }
            }
        }
        if let Some(code) = model.session.quit {
            return Ok(code);
        }
        terminal.draw(|f| view(model, f)).map_err(io)?;
        (hooks.after_draw)(terminal);
    }
}
