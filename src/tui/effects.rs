//! Runs the effects `update` asks for: tasks that report back by message, tagged with an id.

mod batch;
mod data;
mod export;
mod fetch_all;
mod history;
mod metadata;
mod token;
mod webhooks;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use data::to_data;

use super::clipboard::{Clipboard, Via};
use super::model::{Effect, Message};
use crate::config::HttpSettings;
use crate::core::doc::{Document, filter, search};
use crate::core::graph_error::GraphError;
use crate::core::request::{Credentials, RequestSpec, Target, TokenIn, build, signed_url};
use crate::core::secret::Secret;
use crate::core::sign::Clock;
use crate::history::History;
use crate::http::Client;
use crate::sandbox::Sandbox;
use crate::store::Store;

use super::model::Level;

/// An effect's name for the log (never its contents).
fn effect_name(e: &Effect) -> &'static str {
    match e {
        Effect::Send { .. } => "send",
        Effect::Cancel(_) => "cancel",
        Effect::FetchAll { .. } => "fetch-all",
        Effect::Compare { .. } => "compare",
        Effect::Batch { .. } => "batch",
        Effect::Export { .. } => "export",
        Effect::Search { .. } => "search",
        Effect::CancelSearch => "cancel-search",
        Effect::Filter { .. } => "filter",
        Effect::CancelFilter => "cancel-filter",
        Effect::Copy { .. } => "copy",
        Effect::CopySignedUrl(_) => "copy-signed-url",
        Effect::CopyCurl(_) => "copy-curl",
        Effect::CheckToken { .. } => "check-token",
        Effect::FetchMetadata { .. } => "fetch-metadata",
        Effect::Receiver(_) => "receiver",
        Effect::LoadDeliveries => "load-deliveries",
        Effect::OpenDelivery(_) => "open-delivery",
        Effect::Replay { .. } => "replay",
        Effect::Connect(_) => "connect",
        Effect::Suspend => "suspend",
        Effect::Resume => "resume",
        Effect::LoadSaved => "load-saved",
        Effect::ReadKept { .. } => "read-kept",
        Effect::Save { .. } => "save",
        Effect::Rename { .. } => "rename",
        Effect::Delete { .. } => "delete",
        Effect::SwitchApp(_) => "switch-app",
        Effect::SwitchProfile(_) => "switch-profile",
        Effect::ListEnvironments => "list-environments",
        Effect::LoadEnvironment(_) => "load-environment",
    }
}

/// The raw bytes of a document, shared with a filter's writer thread without a copy.
struct RawBody(Arc<Document>);

impl AsRef<[u8]> for RawBody {
    fn as_ref(&self) -> &[u8] {
        self.0.raw_json().unwrap_or_default()
    }
}

/// Where copies go: the real clipboard, or a list (tests).
pub enum ClipSink {
    /// The system clipboard or OSC 52.
    Real(Option<Clipboard>),
    /// Kept in memory.
    Memory(Arc<Mutex<Vec<String>>>),
}

/// The effect runner. It holds the secrets; the model never does.
pub struct Runner {
    tx: UnboundedSender<Message>,
    settings: HttpSettings,
    user_agent: String,
    clock: Arc<dyn Clock>,
    client: Option<Arc<Client>>,
    target: Option<Target>,
    creds: Option<Credentials>,
    /// The app id, with the app secret of `creds` the app token for `debug_token`.
    app_id: Option<String>,
    /// For a client-credentials profile, the login that fetches a new token, and where a send
    /// leaves the token it fetched.
    renew: Option<(crate::core::request::AppLogin, token::Renewed)>,
    clip: ClipSink,
    tasks: HashMap<u64, JoinHandle<()>>,
    /// How to stop each fetch of every page, by id.
    stops: HashMap<u64, Arc<tokio::sync::Notify>>,
    search_cancel: Option<Arc<AtomicBool>>,
    filter_cancel: Option<Arc<AtomicBool>>,
    jq_program: Option<std::path::PathBuf>,
    sandbox: Option<Sandbox>,
    store: Option<Store>,
    history: Option<History>,
    label: String,
    config: Option<Arc<crate::config::Config>>,
    /// The webhook receiver, while it runs.
    receiver: Option<crate::webhook_server::Receiver>,
}

impl Runner {
    /// What a task needs to record its request in the history.
    fn recorder(&self) -> history::Recorder {
        history::Recorder {
            history: self.history.clone(),
            label: self.label.clone(),
            clock: self.clock.clone(),
        }
    }

    /// Where a request `id` goes and with what, or `None` after answering it "not connected".
    fn connection(&self, id: u64) -> Option<(Arc<Client>, Target, Credentials)> {
        let found = self
            .client
            .clone()
            .zip(self.target.clone())
            .zip(self.creds.clone())
            .map(|((c, t), k)| (c, t, k));
        if found.is_none() {
            let _ = self.tx.send(Message::Sent {
                id,
                result: Err("not connected".into()),
            });
        }
        found
    }

    /// A runner that reports to `tx`.
    pub fn new(
        tx: UnboundedSender<Message>,
        settings: HttpSettings,
        user_agent: String,
        clock: Arc<dyn Clock>,
        clip: ClipSink,
    ) -> Self {
        Self {
            tx,
            settings,
            user_agent,
            clock,
            client: None,
            target: None,
            creds: None,
            app_id: None,
            renew: None,
            clip,
            tasks: HashMap::new(),
            stops: HashMap::new(),
            search_cancel: None,
            filter_cancel: None,
            jq_program: None,
            sandbox: None,
            store: None,
            history: None,
            label: String::new(),
            config: None,
            receiver: None,
        }
    }

    /// Runs jq filters in child processes of `program` (the wpx binary), bounded in time, memory
    /// and output; without one (unit tests) they run on a thread of this process.
    pub fn with_jq_program(mut self, program: Option<std::path::PathBuf>) -> Self {
        self.jq_program = program;
        self
    }

    /// Where saved requests go, and the history to record sends in (`None`: recording is off).
    pub fn with_storage(mut self, store: Store, history: Option<History>) -> Self {
        self.store = Some(store);
        self.history = history;
        self
    }

    /// The configuration whose profiles the switcher may connect to.
    pub fn with_config(mut self, config: crate::config::Config) -> Self {
        self.config = Some(Arc::new(config));
        self
    }

    /// Connects to a profile (its secrets read on a blocking thread: a command source may take
    /// a moment) or to a new sandbox; `Message::Connected` hands them back to `Effect::Connect`.
    fn switch_profile(&self, name: Option<String>) {
        let tx = self.tx.clone();
        let Some(name) = name else {
            tokio::spawn(async move {
                let _ = tx.send(super::connect::sandbox().await);
            });
            return;
        };
        let Some(config) = self.config.clone() else {
            self.note(Level::Error, "there are no profiles in this mode".into());
            return;
        };
        tokio::task::spawn_blocking(move || {
            let msg = super::connect::profile(&config, &name, &crate::config::process_env);
            let _ = tx.send(msg);
        });
    }

    fn note(&self, level: Level, text: String) {
        let _ = self.tx.send(Message::Note(level, text));
    }

    fn load_saved(&self) {
        history::load_saved(self.store.clone(), self.history.clone(), self.tx.clone());
    }

    fn store_op(&self, op: impl FnOnce(&Store) -> Result<String, String> + Send + 'static) {
        let (Some(store), tx) = (self.store.clone(), self.tx.clone()) else {
            self.note(Level::Error, "there is nowhere to save in this mode".into());
            return;
        };
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(Message::Stored(op(&store)));
        });
    }

    /// Sends from now on with a demo app's credentials (public fake values of the sandbox).
    fn switch_app(&mut self, key: &str) {
        let Some(app) = self.sandbox.as_ref().and_then(|sb| sb.app(key)) else {
            self.note(
                Level::Error,
                format!("there is no demo app '{key}' here: demo apps are the sandbox's"),
            );
            return;
        };
        self.creds = Some(Credentials {
            access_token: Secret::new(app.access_token.clone()),
            app_secret: Some(Secret::new(app.app_secret.clone())),
        });
        self.app_id = Some(app.app_id.clone());
        self.label = format!("SANDBOX ({key})");
        let _ = self.tx.send(Message::Switched(key.to_owned()));
    }

    fn copy(&mut self, text: &str) -> Result<Via, String> {
        match &mut self.clip {
            ClipSink::Memory(list) => {
                if let Ok(mut l) = list.lock() {
                    l.push(text.to_owned());
                }
                Ok(Via::Osc52)
            }
            ClipSink::Real(cb) => cb.get_or_insert_with(Clipboard::new).copy(text),
        }
    }

    fn copied(&self, what: &str, result: Result<Via, String>, expires: Option<i64>) {
        let _ = self.tx.send(Message::Copied {
            what: what.to_owned(),
            result,
            expires,
        });
    }

    fn signing(&self) -> Option<(&Target, &Credentials, i64)> {
        let time = self
            .client
            .as_ref()
            .map_or_else(|| self.clock.now(), |c| c.signing_time());
        Some((self.target.as_ref()?, self.creds.as_ref()?, time))
    }

    /// Runs one effect (`Suspend` is the app loop's).
    pub fn run(&mut self, effect: Effect) {
        self.take_renewed();
        self.tasks.retain(|_, t| !t.is_finished());
        tracing::debug!(effect = effect_name(&effect), "effect");
        match effect {
            Effect::Connect(c) => {
                let c = *c;
                // The receiver checks with the old connection's secret: it stops with it.
                if self.receiver.take().is_some() {
                    let _ = self
                        .tx
                        .send(Message::ReceiverStarted(Err("stopped".into())));
                }
                self.label.clone_from(&c.conn.label);
                self.target.clone_from(&c.conn.target);
                self.renew = c
                    .app_id
                    .clone()
                    .zip(c.creds.app_secret.clone())
                    .filter(|_| c.renew)
                    .map(|(app_id, app_secret)| {
                        let login = crate::core::request::AppLogin { app_id, app_secret };
                        (login, token::Renewed::default())
                    });
                self.creds = Some(c.creds);
                self.app_id = c.app_id;
                self.sandbox = c.sandbox;
                if let Some(ua) = c.user_agent {
                    self.user_agent = ua;
                }
                match Client::new(&self.settings, &self.user_agent, self.clock.clone()) {
                    Ok(client) => self.client = Some(Arc::new(client)),
                    Err(e) => {
                        let _ = self.tx.send(Message::ConnectFailed(e.to_string()));
                    }
                }
            }
            Effect::Send { id, spec } => {
                let Some((client, target, creds)) = self.connection(id) else {
                    return;
                };
                let tx = self.tx.clone();
                let recorder = self.recorder();
                let renew = self.renew.clone();
                let handle = tokio::spawn(async move {
                    let started = std::time::Instant::now();
                    let mut creds = creds;
                    let sent =
                        token::send_renewing(&client, &spec, &target, &mut creds, renew, &tx).await;
                    // Only what was sent is history; a refusal before sending is not.
                    let attempted = sent.as_ref().map_or_else(|e| e.was_attempted(), |_| true);
                    if attempted {
                        let answer = sent
                            .as_ref()
                            .map_or((0, &[][..]), |r| (r.status, &r.body[..]));
                        recorder.record(&spec, started, (answer.0, answer.1, ""), &creds, &tx);
                    }
                    let result = match sent {
                        Ok(resp) => {
                            tokio::task::spawn_blocking(move || Box::new(to_data(resp, &creds)))
                                .await
                                .map_err(|e| format!("could not read the response: {e}"))
                        }
                        Err(e) => Err(e.to_string()),
                    };
                    let _ = tx.send(Message::Sent { id, result });
                });
                self.tasks.insert(id, handle);
            }
            Effect::Cancel(id) => {
                // A fetch of every page stops itself and shows what came (a second Esc asks
                // again, never aborts it mid-way); anything else is dropped.
                if let Some(stop) = self.stops.get(&id) {
                    stop.notify_one();
                } else if let Some(t) = self.tasks.remove(&id) {
                    t.abort();
                }
            }
            Effect::FetchAll { id, spec } => self.fetch_all(id, spec),
            Effect::Batch { id, ops } => self.batch(id, ops),
            Effect::Export {
                path,
                format,
                doc,
                replace,
            } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let msg = match export::export(&path, format, &doc, replace) {
                        Ok(export::Written::Done(t)) => Message::Note(Level::Info, t),
                        Ok(export::Written::Exists) => {
                            Message::ExportExists(path.to_string_lossy().into_owned())
                        }
                        Err(e) => Message::Note(Level::Error, e),
                    };
                    let _ = tx.send(msg);
                });
            }
            Effect::Compare { id, before, after } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = crate::core::doc::compare::compare(&before, &after).map(Box::new);
                    let _ = tx.send(Message::Compared { id, result });
                });
            }
            Effect::Search { id, query, doc } => {
                if let Some(c) = self.search_cancel.take() {
                    c.store(true, Ordering::Relaxed);
                }
                let cancel = Arc::new(AtomicBool::new(false));
                self.search_cancel = Some(cancel.clone());
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let matches = search::find(&doc, &query, &cancel);
                    let _ = tx.send(Message::SearchDone { id, matches });
                });
            }
            Effect::CancelSearch => {
                if let Some(c) = self.search_cancel.take() {
                    c.store(true, Ordering::Relaxed);
                }
            }
            Effect::Filter { id, expr, doc } => {
                if let Some(c) = self.filter_cancel.take() {
                    c.store(true, Ordering::Relaxed);
                }
                let cancel = Arc::new(AtomicBool::new(false));
                self.filter_cancel = Some(cancel.clone());
                let tx = self.tx.clone();
                let program = self.jq_program.clone();
                // A thread of its own: the runtime never waits for a filter on the way out.
                std::thread::spawn(move || {
                    let result = match doc.raw_json() {
                        Some(raw) => match &program {
                            Some(p) => {
                                let bounds = crate::jq_process::Bounds::for_input(raw.len());
                                let body = RawBody(doc.clone());
                                crate::jq_process::run(p, body, &expr, &bounds, &cancel)
                            }
                            None => filter::run(raw, &expr),
                        }
                        .map(|(out, n)| (Arc::new(Document::new(out)), n)),
                        None => Err("jq filters need a JSON body".to_owned()),
                    };
                    let _ = tx.send(Message::FilterDone { id, result });
                });
            }
            Effect::CancelFilter => {
                if let Some(c) = self.filter_cancel.take() {
                    c.store(true, Ordering::Relaxed);
                }
            }
            Effect::Copy { text, what } => {
                let r = self.copy(&text);
                self.copied(&what, r, None);
            }
            Effect::CopySignedUrl(spec) => self.copy_signed(&spec, false),
            Effect::CopyCurl(spec) => self.copy_signed(&spec, true),
            Effect::SwitchApp(key) => self.switch_app(&key),
            Effect::CheckToken { tag, show } => self.check_token(tag, show),
            Effect::FetchMetadata { tag, key, spec } => self.fetch_metadata(tag, key, spec),
            Effect::Receiver(on) => self.receiver(on),
            Effect::LoadDeliveries => self.load_deliveries(),
            Effect::OpenDelivery(id) => self.open_delivery(id),
            Effect::Replay { id, url } => self.replay(id, url),
            Effect::SwitchProfile(name) => self.switch_profile(name),
            Effect::ListEnvironments => {
                let names = self
                    .store
                    .as_ref()
                    .map(Store::environment_names)
                    .unwrap_or_default();
                let _ = self.tx.send(Message::Environments(names));
            }
            Effect::LoadEnvironment(name) => {
                let loaded = match &self.store {
                    Some(store) => store
                        .environment(&name)
                        .map(|v| crate::core::vars::Scope::new(name, v))
                        .map_err(|e| e.to_string()),
                    None => Err("there are no environments in this mode".into()),
                };
                let _ = self.tx.send(Message::EnvironmentLoaded(loaded));
            }
            Effect::Suspend | Effect::Resume => {}
            Effect::LoadSaved => self.load_saved(),
            Effect::ReadKept { id, name } => {
                history::read_kept(self.history.clone(), id, name, self.tx.clone());
            }
            Effect::Save {
                collection,
                name,
                request,
            } => self.store_op(move |store| {
                store
                    .save_request(&collection, &name, request)
                    .map_err(|e| e.to_string())
            }),
            Effect::Rename {
                collection,
                old,
                new,
            } => self.store_op(move |store| {
                store
                    .rename_request(&collection, &old, &new)
                    .map_err(|e| e.to_string())
            }),
            Effect::Delete { collection, name } => self.store_op(move |store| {
                store
                    .delete_request(&collection, &name)
                    .map_err(|e| e.to_string())
            }),
        }
    }

    fn copy_signed(&mut self, spec: &RequestSpec, curl: bool) {
        let Some((target, creds, time)) = self.signing() else {
            self.copied("signed URL", Err("not connected yet".into()), None);
            return;
        };
        let made = if curl {
            let header_target = Target {
                token_in: TokenIn::Header,
                ..target.clone()
            };
            // The sandbox's demo credentials are public fake values: its command works as pasted.
            let sandbox_token = self
                .sandbox
                .as_ref()
                .map(|_| creds.access_token.expose().to_owned());
            build(spec, &header_target, creds, time).map(|b| {
                let text = match &sandbox_token {
                    Some(t) => crate::core::curl::render_with_public_token(&b, &spec.body, t),
                    None => crate::core::curl::render(&b, &spec.body),
                };
                (text, b.proof)
            })
        } else {
            signed_url(spec, target, creds, time).map(|(u, p)| (u.to_string(), p))
        };
        match made {
            Ok((text, proof)) => {
                let r = self.copy(&text);
                self.copied(
                    if curl && self.sandbox.is_some() {
                        "curl command (with the demo app's public token: works as pasted)"
                    } else if curl {
                        "curl command (token from $WPX_ACCESS_TOKEN: export it before pasting)"
                    } else {
                        "signed URL (token included)"
                    },
                    r,
                    proof.and_then(|p| p.expires_at()),
                );
            }
            Err(e) => self.copied("signed URL", Err(e.to_string()), None),
        }
    }

    /// The decoded Graph error of a body, for tests.
    pub fn decode(body: &[u8]) -> Option<GraphError> {
        GraphError::from_body(body)
    }
}
