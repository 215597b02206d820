//! Runs the effects `update` asks for: tasks that report back by message, tagged with an id.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::clipboard::{Clipboard, Via};
use super::model::{Effect, Message, ResponseData};
use crate::config::HttpSettings;
use crate::core::doc::{Document, filter, search};
use crate::core::graph_error::GraphError;
use crate::core::request::{Body, Credentials, RequestSpec, Target, TokenIn, build, signed_url};
use crate::core::sign::Clock;
use crate::http::{Client, Response};
use crate::sandbox::Sandbox;

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
    clip: ClipSink,
    tasks: HashMap<u64, JoinHandle<()>>,
    search_cancel: Option<Arc<AtomicBool>>,
    sandbox: Option<Sandbox>,
}

fn usage(resp: &Response) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(resp.header("x-app-usage")?).ok()?;
    let n = |k: &str| v.get(k).and_then(serde_json::Value::as_i64).unwrap_or(0);
    Some(format!(
        "calls {}% cpu {}% time {}%",
        n("call_count"),
        n("total_cputime"),
        n("total_time")
    ))
}

fn to_data(resp: Response) -> ResponseData {
    let graph_error = if resp.is_success() {
        None
    } else {
        resp.graph_error()
    };
    let usage = usage(&resp);
    let proof = resp
        .proof
        .as_ref()
        .and_then(|p| Some((p.appsecret_time?, p.expires_at()?)));
    let size = resp.body.len();
    let doc = Arc::new(Document::new(resp.body));
    let (next, previous) = doc.paging_links();
    ResponseData {
        status: resp.status,
        elapsed: resp.elapsed,
        size,
        headers: resp.headers,
        doc,
        graph_error,
        next,
        previous,
        usage,
        proof,
        skew_note: resp.skew_note,
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

impl Runner {
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
            clip,
            tasks: HashMap::new(),
            search_cancel: None,
            sandbox: None,
        }
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
        self.tasks.retain(|_, t| !t.is_finished());
        match effect {
            Effect::Connect(c) => {
                let c = *c;
                self.target.clone_from(&c.conn.target);
                self.creds = Some(c.creds);
                self.sandbox = c.sandbox;
                match Client::new(&self.settings, &self.user_agent, self.clock.clone()) {
                    Ok(client) => self.client = Some(Arc::new(client)),
                    Err(e) => {
                        let _ = self.tx.send(Message::ConnectFailed(e.to_string()));
                    }
                }
            }
            Effect::Send { id, spec } => {
                let (Some(client), Some(target), Some(creds)) =
                    (self.client.clone(), self.target.clone(), self.creds.clone())
                else {
                    let _ = self.tx.send(Message::Sent {
                        id,
                        result: Err("not connected".into()),
                    });
                    return;
                };
                let tx = self.tx.clone();
                let handle = tokio::spawn(async move {
                    let result = match client.send(&spec, &target, &creds).await {
                        Ok(resp) => tokio::task::spawn_blocking(move || Box::new(to_data(resp)))
                            .await
                            .map_err(|e| format!("could not read the response: {e}")),
                        Err(e) => Err(e.to_string()),
                    };
                    let _ = tx.send(Message::Sent { id, result });
                });
                self.tasks.insert(id, handle);
            }
            Effect::Cancel(id) => {
                if let Some(t) = self.tasks.remove(&id) {
                    t.abort();
                }
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
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = match doc.raw_json() {
                        Some(raw) => filter::run(raw, &expr)
                            .map(|(out, n)| (Arc::new(Document::new(out)), n)),
                        None => Err("jq filters need a JSON body".to_owned()),
                    };
                    let _ = tx.send(Message::FilterDone { id, result });
                });
            }
            Effect::Copy { text, what } => {
                let r = self.copy(&text);
                self.copied(&what, r, None);
            }
            Effect::CopySignedUrl(spec) => self.copy_signed(&spec, false),
            Effect::CopyCurl(spec) => self.copy_signed(&spec, true),
            Effect::Suspend => {}
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
            build(spec, &header_target, creds, time).map(|b| {
                let mut cmd =
                    String::from("curl -sS -H \"Authorization: Bearer $WPX_ACCESS_TOKEN\"");
                if b.method != crate::core::request::Method::Get {
                    cmd.push_str(&format!(" -X {}", b.method));
                }
                if let Body::Json(text) = &spec.body {
                    cmd.push_str(&format!(
                        " -H 'Content-Type: application/json' --data-raw {}",
                        shell_quote(text)
                    ));
                }
                cmd.push_str(&format!(" {}", shell_quote(b.url.as_str())));
                (cmd, b.proof)
            })
        } else {
            signed_url(spec, target, creds, time).map(|(u, p)| (u.to_string(), p))
        };
        match made {
            Ok((text, proof)) => {
                let r = self.copy(&text);
                self.copied(
                    if curl {
                        "curl command (token from $WPX_ACCESS_TOKEN)"
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
