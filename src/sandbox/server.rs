//! The sandbox's HTTP server: axum on 127.0.0.1, a thin layer over the [`Engine`].

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::apps::App;
use super::engine::{Engine, Options, SReq, sandbox_now};
use super::seed::SeedIds;
use crate::core::request::Method;

/// Largest request body the sandbox reads.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The port could not be bound.
    #[error(
        "cannot listen on 127.0.0.1:{port}: {reason} (choose another --port, or 0 for any free port)"
    )]
    Bind {
        /// The port asked for.
        port: u16,
        /// Why.
        reason: String,
    },
    /// The built-in data is broken (a bug).
    #[error("the sandbox's built-in data is invalid: {0}")]
    Data(String),
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// `http://127.0.0.1:PORT/scim/`.
    pub scim_base_url: String,
    /// The demo integrations.
    pub apps: Vec<App>,
    /// Ids of note in the seeded community.
    pub seed: SeedIds,
    /// The engine, for tests that inspect the community.
    pub engine: Arc<Mutex<Engine>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Sandbox {
    /// Starts a sandbox on 127.0.0.1 (`port` 0 picks a free one). Must be called inside a tokio runtime.
    pub async fn start(port: u16, options: Options) -> Result<Self, SandboxError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| SandboxError::Bind {
                port,
                reason: e.to_string(),
            })?;
        let addr: SocketAddr = listener.local_addr().map_err(|e| SandboxError::Bind {
            port,
            reason: e.to_string(),
        })?;
        let base_url = format!("http://{addr}");
        let engine = Engine::new(&base_url, options).map_err(SandboxError::Data)?;
        let apps = engine.apps.clone();
        let seed = engine.seed.clone();
        let engine = Arc::new(Mutex::new(engine));
        let app = Router::new().fallback(serve).with_state(engine.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Self {
            scim_base_url: format!("{base_url}/scim/"),
            base_url,
            apps,
            seed,
            engine,
            shutdown: Some(tx),
        })
    }

    /// The demo app whose token ends with `key` (`all`, `readonly`, `scoped`, `bot`, `noproof`).
    pub fn app(&self, key: &str) -> Option<&App> {
        self.apps
            .iter()
            .find(|a| a.access_token.ends_with(&format!("-{key}")))
    }

    /// What `wpx sandbox --json` prints.
    pub fn info(&self) -> Value {
        json!({
            "base_url": self.base_url,
            "scim_base_url": self.scim_base_url,
            "apps": self.apps,
        })
    }
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// An error the server answers itself, in Graph's shape and with a trace id like any other.
fn graph_error(
    engine: &Arc<Mutex<Engine>>,
    status: StatusCode,
    e: &super::errors::GraphErr,
) -> Response {
    let trace = engine.lock().map(|mut g| g.trace()).unwrap_or_default();
    let mut r = (status, axum::Json(e.body(&trace))).into_response();
    if let Ok(v) = HeaderValue::from_str(&trace) {
        r.headers_mut().insert("x-fb-trace-id", v);
    }
    r
}

async fn serve(State(engine): State<Arc<Mutex<Engine>>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            let e = super::errors::GraphErr::param(format!(
                "The request body is larger than the sandbox reads ({} MiB)",
                MAX_BODY >> 20
            ));
            return graph_error(&engine, StatusCode::PAYLOAD_TOO_LARGE, &e);
        }
    };
    let path = decode(parts.uri.path());
    let (latency, offset) = match engine.lock() {
        Ok(e) => (e.options.latency_ms, e.options.clock_offset_secs),
        Err(_) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "sandbox state poisoned").into_response();
        }
    };
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    if path == "/_sandbox/webhooks" {
        return super::webhooks::fire(engine, &bytes).await;
    }
    if path == "/_sandbox/health" {
        return (StatusCode::OK, "ok").into_response();
    }
    if path.starts_with("/_sandbox/media/") {
        return (
            StatusCode::OK,
            [("content-type", "image/png")],
            super::render::MEDIA_PNG,
        )
            .into_response();
    }
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let content_type = parts
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut sreq = SReq {
        // HEAD is answered as GET (the HTTP server drops the body, as HTTP says); OPTIONS and
        // unknown methods get Graph's "Unsupported … request".
        method: match parts.method.as_str().parse() {
            Ok(Method::Head) => Method::Get,
            Ok(m) => m,
            Err(_) => Method::Options,
        },
        path,
        query: url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        headers,
        ..SReq::default()
    };
    if content_type.starts_with("multipart/form-data") {
        match read_multipart(content_type, bytes.clone()).await {
            Ok((form, files)) => {
                sreq.form = form;
                sreq.files = files;
            }
            Err(e) => {
                let e = super::errors::GraphErr::param(format!(
                    "The multipart body could not be read: {e}"
                ));
                return graph_error(&engine, StatusCode::BAD_REQUEST, &e);
            }
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        sreq.form = url::form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    } else if !bytes.is_empty() && (content_type.contains("json") || bytes.first() == Some(&b'{')) {
        sreq.json = serde_json::from_slice(&bytes).ok();
    }
    // The engine applies `method=` itself; the subscription routes need it first. A HEAD never
    // writes, whatever its query says.
    if parts.method == axum::http::Method::HEAD {
        sreq.query.retain(|(k, _)| k != "method");
    }
    sreq.apply_method_override();
    let now = sandbox_now(offset);
    if let Some(mut resp) = super::subscriptions::route(&engine, &sreq, now).await {
        // Every answer carries a trace id, the subscriptions edge's too.
        if !resp.headers().contains_key("x-fb-trace-id")
            && let Ok(trace) = engine.lock().map(|mut g| g.trace())
            && let Ok(v) = HeaderValue::from_str(&trace)
        {
            resp.headers_mut().insert("x-fb-trace-id", v);
        }
        return resp;
    }
    let resp = match engine.lock() {
        Ok(mut e) => e.handle(&sreq, now),
        Err(_) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "sandbox state poisoned").into_response();
        }
    };
    super::subscriptions::deliver_queued(&engine);
    // Graph's `pretty=1` indents the JSON it sends.
    let pretty = super::engine::param(&sreq.params(), "pretty") == Some("1");
    let body = if resp.body.is_null() {
        Vec::new()
    } else if pretty {
        serde_json::to_vec_pretty(&resp.body).unwrap_or_default()
    } else {
        resp.body.to_string().into_bytes()
    };
    let mut out = Response::new(Body::from(body));
    *out.status_mut() = status(resp.status);
    for (k, v) in resp.headers {
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::try_from(k.as_str()),
            HeaderValue::from_str(&v),
        ) {
            out.headers_mut().insert(name, value);
        }
    }
    out
}

/// The text fields and the files of a `multipart/form-data` body (already read, so the server's
/// body limit is the only one).
async fn read_multipart(
    content_type: &str,
    bytes: axum::body::Bytes,
) -> Result<(Vec<(String, String)>, Vec<super::engine::Upload>), String> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| e.to_string())?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut form = Vec::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field
            .content_type()
            .map(ToString::to_string)
            .unwrap_or_default();
        let data = field.bytes().await.map_err(|e| e.to_string())?;
        match filename {
            Some(filename) => files.push(super::engine::Upload {
                field: name,
                filename,
                content_type,
                size: data.len(),
            }),
            None => form.push((name, String::from_utf8_lossy(&data).into_owned())),
        }
    }
    Ok((form, files))
}
