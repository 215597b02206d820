//! The terminal UI: `wpx` (explorer) and `wpx view` (the viewer alone). Elm architecture: one
//! [`model::Message`] enum, [`update::update`] returns [`model::Effect`]s, [`view::view`] is pure,
//! and background work reports back by message tagged with an id.

mod actions;
pub mod app;
pub mod clipboard;
pub mod connect;
pub mod effects;
pub mod help;
pub mod keymap;
pub mod layout;
mod load;
pub mod message;
pub mod model;
pub mod mouse;
pub mod palette;
pub mod panes;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod widgets;

use std::io::Read;
use std::sync::Arc;

use anyhow::Context as _;
use crossterm::event::EventStream;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::config::{Config, HttpSettings, Overrides};
use crate::core::catalogue::Catalogue;
use crate::core::request::Credentials;
use crate::core::sign::SystemClock;
use effects::{ClipSink, Runner};
use model::{Connection, Message, Mode, Model};

/// How the explorer connects.
pub enum Start {
    /// The built-in sandbox.
    Sandbox,
    /// A profile (or the WPX_* variables), credentials already read.
    Profile {
        /// Its name.
        label: String,
        /// The profile, resolved.
        profile: Box<crate::config::Profile>,
        /// Its secrets.
        creds: Credentials,
    },
}

/// Chooses between a real profile and the sandbox, before the terminal is touched, so that a
/// configuration error is printed as plain text.
pub fn choose(
    overrides: &Overrides,
    force_sandbox: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<(Start, Config)> {
    let config = Config::load(env)?;
    if force_sandbox {
        return Ok((Start::Sandbox, config));
    }
    let profile = config.resolve(overrides, env)?;
    if profile.token_source.is_none() && profile.token_from.is_none() {
        if overrides.profile.is_some() || env("WPX_PROFILE").is_some() {
            anyhow::bail!(
                "profile '{}' has no access token source: give it access_token_env, access_token_file or access_token_command",
                profile.name.unwrap_or_default()
            );
        }
        return Ok((Start::Sandbox, config));
    }
    let creds = crate::http::token::credentials(&config, &profile, env)?;
    let label = profile
        .name
        .clone()
        .unwrap_or_else(|| "WPX_* environment".to_owned());
    Ok((
        Start::Profile {
            label,
            profile: Box::new(profile),
            creds,
        },
        config,
    ))
}

fn spawn_signals(tx: &UnboundedSender<Message>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::SignalKind;
        // Signals that end wpx: the loop quits and the guard restores the terminal.
        for (kind, n) in [
            (SignalKind::terminate(), 15u8),
            (SignalKind::hangup(), 1u8),
            (SignalKind::interrupt(), 2u8),
            (SignalKind::quit(), 3u8),
        ] {
            let tx = tx.clone();
            if let Ok(mut s) = tokio::signal::unix::signal(kind) {
                tokio::spawn(async move {
                    if s.recv().await.is_some() {
                        let _ = tx.send(Message::Signal(n));
                    }
                });
            }
        }
        // A stop from outside (kill -TSTP) suspends as Ctrl-Z does; SIGCONT takes the terminal
        // back whoever stopped us.
        let stop: fn() -> Message = || Message::Stop;
        let cont: fn() -> Message = || Message::Continue;
        for (kind, msg) in [
            (
                SignalKind::from_raw(rustix::process::Signal::TSTP.as_raw()),
                stop,
            ),
            (
                SignalKind::from_raw(rustix::process::Signal::CONT.as_raw()),
                cont,
            ),
        ] {
            let tx = tx.clone();
            if let Ok(mut s) = tokio::signal::unix::signal(kind) {
                tokio::spawn(async move {
                    while s.recv().await.is_some() {
                        if tx.send(msg()).is_err() {
                            break;
                        }
                    }
                });
            }
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

async fn run_terminal(
    mut model: Model,
    mut runner: Runner,
    tx: UnboundedSender<Message>,
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Message>,
) -> anyhow::Result<u8> {
    spawn_signals(&tx);
    let mut term = terminal::enter().context("cannot set up the terminal")?;
    // A test-only trigger (debug builds only, never in a release): a panic in a background task,
    // so the pseudo-terminal tests can check that a crash still gives the terminal back.
    #[cfg(debug_assertions)]
    if std::env::var_os("WPX_TEST_PANIC").is_some() {
        tokio::spawn(async {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            panic!("test-only panic (WPX_TEST_PANIC)");
        });
    }
    let _guard = terminal::Guard;
    let mut suspend = |t: &mut ratatui::DefaultTerminal| {
        let _ = terminal::suspend(t);
    };
    let mut resume = |t: &mut ratatui::DefaultTerminal| {
        let _ = terminal::resume(t);
    };
    let hooks = app::Hooks {
        suspend: &mut suspend,
        resume: &mut resume,
        after_draw: &mut |_| {},
    };
    let code = app::run_loop(
        &mut term,
        EventStream::new(),
        &mut model,
        &mut runner,
        &mut rx,
        hooks,
    )
    .await?;
    Ok(code)
}

/// Runs the explorer; `env` names an environment whose `{{variables}}` the requests use.
pub fn run_explorer(start: Start, config: &Config, env: Option<&str>) -> anyhow::Result<u8> {
    let store = crate::store::Store::new(&config.dir);
    let environment = match env {
        Some(name) => Some(crate::core::vars::Scope::new(
            name,
            store.environment(name)?,
        )),
        None => None,
    };
    let rt = runtime()?;
    let packs = crate::catalogues::load(&config.dir)?;
    rt.block_on(async {
        let catalogue = Arc::new(packs.catalogue);
        let (tx, rx) = unbounded_channel();
        let ua = connect::default_user_agent();
        let runner = Runner::new(
            tx.clone(),
            config.file.http.clone(),
            ua,
            Arc::new(SystemClock),
            ClipSink::Real(None),
        )
        .with_jq_program(crate::jq_process::this_program());
        let history = (config.file.history.enabled)
            .then(|| crate::config::state_dir(&crate::config::process_env).ok())
            .flatten()
            .map(|d| crate::history::History::configured(&d, &config.file.history));
        let runner = runner
            .with_storage(store, history)
            .with_config(config.clone());
        let conn = match &start {
            Start::Sandbox => Connection {
                label: "SANDBOX".into(),
                sandbox: true,
                environment,
                ..Connection::default()
            },
            Start::Profile { label, profile, .. } => Connection {
                label: label.clone(),
                profile_vars: Some(crate::core::vars::Scope::new(
                    label.clone(),
                    profile.variables.clone(),
                )),
                environment,
                ..Connection::default()
            },
        };
        let mut model = Model::new(catalogue, conn, Mode::Explorer);
        model.session.no_color = no_color();
        let theme_notes;
        (model.session.theme, theme_notes) = theme::Theme::from_config(&config.file.theme);
        model.session.start_notes = theme_notes
            .into_iter()
            .map(|n| format!("config.toml: {n}"))
            .chain(packs.warnings)
            .collect();
        model.session.profiles = connect::profile_infos(config, &crate::config::process_env);
        match start {
            Start::Sandbox => {
                let tx = tx.clone();
                tokio::spawn(async move {
                    let _ = tx.send(connect::sandbox().await);
                });
            }
            Start::Profile {
                label,
                profile,
                creds,
            } => {
                let c = connect::to_profile(&label, *profile, creds);
                let _ = tx.send(Message::Connected(c));
            }
        }
        run_terminal(model, runner, tx, rx).await
    })
}

/// True when `NO_COLOR` is set to anything but the empty string (no-color.org).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Runs the viewer alone on a file, or on standard input with `-`, reading at most `cap` bytes.
/// The body is read on a thread of its own, so `q` quits at any moment (even while a pipe such as
/// `yes |` never ends).
pub fn run_view(path: &str, cap: u64, theme: &theme::Theme) -> anyhow::Result<u8> {
    let (source, size): (Box<dyn Read + Send>, Option<u64>) = if path == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("cannot open {path}"))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let rt = runtime()?;
    rt.block_on(async {
        let catalogue = Arc::new(Catalogue::builtin()?);
        let (tx, rx) = unbounded_channel();
        let runner = Runner::new(
            tx.clone(),
            HttpSettings::default(),
            String::new(),
            Arc::new(SystemClock),
            ClipSink::Real(None),
        )
        .with_jq_program(crate::jq_process::this_program());
        let mut model = Model::new(catalogue, Connection::default(), Mode::View);
        model.session.no_color = no_color();
        model.session.theme = theme.clone();
        let name = if path == "-" {
            "standard input".to_owned()
        } else {
            path.to_owned()
        };
        model.conn.label.clone_from(&name);
        model.response.loading = Some(format!("reading {name}…"));
        let loader = tx.clone();
        // A detached thread, not spawn_blocking: the runtime would wait for it on the way out.
        std::thread::spawn(move || load::load(source, &name, cap, size, &loader));
        run_terminal(model, runner, tx, rx).await
    })
}
#[cfg(test)]
mod editor_tests;
#[cfg(test)]
mod many_tests;
#[cfg(test)]
mod newcomer_tests;
#[cfg(test)]
mod pack_tests;
#[cfg(test)]
mod reopen_tests;
#[cfg(test)]
mod surface_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod webhooks_tests;
