//! Test helpers: an in-process Graph-like server on 127.0.0.1 that checks proofs with its own HMAC
//! code, and a runner for the real `wpx` binary with an isolated config directory.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Obviously fake credentials for tests.
pub const TOKEN: &str = "SENTINEL-TOKEN-fake-0123456789";
/// Obviously fake app secret for tests.
pub const SECRET: &str = "SENTINEL-SECRET-fake-9876543210";

/// The message of `/hostile`: terminal escapes of every kind, and the test token echoed back.
pub const HOSTILE_MESSAGE: &str = "Bad token SENTINEL-TOKEN-fake-0123456789 \x1b]0;PWNED\x07\x1b]52;c;UFdORUQ=\x07\u{9b}2J\x1b[2J\x07 end";

/// Byte sequences that must never reach a terminal from `/hostile`.
pub const HOSTILE_BYTES: [&[u8]; 5] = [
    b"\x1b]0;PWNED",
    b"\x1b]52;c;UFdORUQ=",
    "\u{9b}".as_bytes(),
    "\u{9d}".as_bytes(),
    b"\x07 end",
];

/// How deep `/deep` nests.
pub const DEEP: usize = 100_000;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone)]
struct Shared {
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Seconds added to this server's clock (its `Date` and its proof window).
    offset: i64,
    /// Where `/redirect-away` points.
    away: Arc<Mutex<Option<String>>>,
}

/// A running test server.
pub struct TestServer {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    away: Arc<Mutex<Option<String>>>,
    _runtime: tokio::runtime::Runtime,
}

fn now() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock after 1970")
            .as_secs(),
    )
    .expect("fits")
}

/// Independent HMAC: hex(HMAC-SHA256(key, msg)).
pub fn hmac_hex(key: &str, msg: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(msg.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn graph_error(status: StatusCode, message: &str, kind: &str, code: i64) -> Response {
    let body = serde_json::json!({"error": {
        "message": message, "type": kind, "code": code, "fbtrace_id": "ATestTrace123"
    }});
    (status, axum::Json(body)).into_response()
}

async fn handle(State(s): State<Shared>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default()
        .to_vec();
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let seen = Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query,
        headers: parts.headers.clone(),
        body,
    };
    s.seen.lock().expect("lock").push(seen.clone());
    let server_now = now() + s.offset;
    let mut resp = route(&s, &seen, server_now);
    let date = httpdate::fmt_http_date(
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(server_now as u64),
    );
    resp.headers_mut()
        .insert("date", HeaderValue::from_str(&date).expect("date header"));
    resp
}

fn token_of(seen: &Seen) -> Option<String> {
    if let Some(auth) = seen
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    {
        return auth.strip_prefix("Bearer ").map(str::to_owned);
    }
    seen.param("access_token").map(str::to_owned)
}

/// The rejection, if the request's token or proof is not acceptable.
fn check_proof(seen: &Seen, server_now: i64) -> Option<Response> {
    check_proof_inner(seen, server_now).err().map(|e| *e)
}

fn check_proof_inner(seen: &Seen, server_now: i64) -> Result<(), Box<Response>> {
    if token_of(seen).as_deref() != Some(TOKEN) {
        return Err(Box::new(graph_error(
            StatusCode::BAD_REQUEST,
            "Invalid OAuth access token.",
            "OAuthException",
            190,
        )));
    }
    let Some(proof) = seen.param("appsecret_proof") else {
        return Err(Box::new(graph_error(
            StatusCode::BAD_REQUEST,
            "API calls from the server require an appsecret_proof argument",
            "GraphMethodException",
            100,
        )));
    };
    let invalid = || {
        Box::new(graph_error(
            StatusCode::BAD_REQUEST,
            "Invalid appsecret_proof provided in the API argument",
            "GraphMethodException",
            100,
        ))
    };
    match seen.param("appsecret_time") {
        Some(t) => {
            let t: i64 = t.parse().map_err(|_| invalid())?;
            if (server_now - t).abs() > 300 || proof != hmac_hex(SECRET, &format!("{TOKEN}|{t}")) {
                return Err(invalid());
            }
        }
        None => {
            if proof != hmac_hex(SECRET, TOKEN) {
                return Err(invalid());
            }
        }
    }
    Ok(())
}

fn route(s: &Shared, seen: &Seen, server_now: i64) -> Response {
    match seen.path.as_str() {
        "/landing" => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"landed": true})),
        )
            .into_response(),
        "/big" => (StatusCode::OK, "x".repeat(5000)).into_response(),
        "/redirect-away" => {
            let to = s.away.lock().expect("lock").clone().unwrap_or_default();
            (StatusCode::FOUND, [("location", to)]).into_response()
        }
        "/redirect-same" => (
            StatusCode::FOUND,
            [("location", "/community/groups?after=abc")],
        )
            .into_response(),
        "/html" => (StatusCode::BAD_GATEWAY, "<html>\x1b[2J bad gateway</html>").into_response(),
        // 100,000 levels of nesting in 200 KB.
        "/deep" => (
            StatusCode::OK,
            [("content-type", "application/json")],
            format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP)),
        )
            .into_response(),
        // A Graph error with a byte that is not UTF-8 in its message.
        "/badutf8" => (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/json")],
            b"{\"error\":{\"message\":\"Invalid \xff token\",\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"ABadUtf8\"}}".to_vec(),
        )
            .into_response(),
        // A hostile server: escape sequences (OSC title, OSC 52 clipboard, CSI clear, BEL, C1 CSI)
        // in an error message and a header, and the caller's token echoed back.
        "/hostile" => {
            let mut resp = graph_error(
                StatusCode::BAD_REQUEST,
                HOSTILE_MESSAGE,
                "OAuthException",
                190,
            );
            resp.headers_mut().insert(
                "x-hostile",
                HeaderValue::from_bytes("a\u{9b}31mred\u{9d}0;PWNED".as_bytes())
                    .expect("obs-text header"),
            );
            resp
        }
        path => {
            if let Some(e) = check_proof(seen, server_now) {
                return e;
            }
            match path {
                "/community/groups" | "/v19.0/community/groups" => (
                    StatusCode::OK,
                    axum::Json(serde_json::json!({
                        "data": [{"id": "123456789012345", "name": "Test Group"}],
                        "paging": {"cursors": {"before": "a", "after": "b"}}
                    })),
                )
                    .into_response(),
                "/paged" => {
                    let away = s.away.lock().expect("lock").clone().unwrap_or_default();
                    (
                        StatusCode::OK,
                        axum::Json(serde_json::json!({
                            "data": [{"id": "1", "name": "first page"}],
                            "paging": {"next": format!("{away}/community/groups?after=b")}
                        })),
                    )
                        .into_response()
                }
                "/123/feed" => (
                    StatusCode::OK,
                    axum::Json(serde_json::json!({"id": "123_456", "echo": String::from_utf8_lossy(&seen.body)})),
                )
                    .into_response(),
                other => graph_error(
                    StatusCode::BAD_REQUEST,
                    &format!("Unknown path components: {other}"),
                    "OAuthException",
                    2500,
                ),
            }
        }
    }
}

impl TestServer {
    /// Starts a server whose clock runs `offset` seconds ahead of this machine's.
    pub fn start_with_offset(offset: i64) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let away = Arc::new(Mutex::new(None));
        let state = Shared {
            seen: seen.clone(),
            offset,
            away: away.clone(),
        };
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let app = Router::new().fallback(handle).with_state(state);
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            addr,
            seen,
            away,
            _runtime: runtime,
        }
    }

    pub fn start() -> Self {
        Self::start_with_offset(0)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    pub fn redirect_away_to(&self, url: &str) {
        *self.away.lock().expect("lock") = Some(url.to_owned());
    }
}

/// A `wpx` command with an empty, private config directory and no inherited WPX_* variables.
pub fn wpx(config_dir: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_wpx"));
    for var in [
        "WPX_ACCESS_TOKEN",
        "WPX_APP_SECRET",
        "WPX_BASE_URL",
        "WPX_PROFILE",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("WPX_CONFIG_DIR", config_dir);
    cmd.env("NO_PROXY", "*")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy");
    cmd
}

/// A `wpx` command with the test credentials in the environment, pointed at `server`.
pub fn wpx_for(config_dir: &std::path::Path, server: &TestServer) -> assert_cmd::Command {
    let mut cmd = wpx(config_dir);
    cmd.env("WPX_ACCESS_TOKEN", TOKEN)
        .env("WPX_APP_SECRET", SECRET)
        .env("WPX_BASE_URL", server.url());
    cmd
}

/// Asserts neither sentinel appears in a command's output.
pub fn assert_no_secret(output: &std::process::Output) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains(SECRET), "app secret leaked: {text}");
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Asserts no file under `dir` holds either sentinel; returns how many files were checked.
pub fn assert_no_secret_on_disk(dir: &std::path::Path) -> usize {
    let files = files_under(dir);
    for f in &files {
        let text = String::from_utf8_lossy(&std::fs::read(f).expect("reads")).into_owned();
        assert!(
            !text.contains(TOKEN) && !text.contains(SECRET),
            "a secret reached {}:\n{text}",
            f.display()
        );
    }
    files.len()
}

/// Values for the variables of Meta's Postman collection, from the sandbox's seed.
pub fn seed_variables(
    sb: &wpx::sandbox::Sandbox,
) -> std::collections::HashMap<&'static str, String> {
    let s = &sb.seed;
    let engine = sb.engine.lock().expect("engine");
    let email = engine
        .world
        .get(&s.members[12])
        .and_then(|m| m.str("email"))
        .unwrap_or_default()
        .to_owned();
    let community = engine.world.community.clone();
    drop(engine);
    let mut v = std::collections::HashMap::new();
    for k in ["community_id", "community-id"] {
        v.insert(k, community.clone());
    }
    for k in ["group_id", "group-id"] {
        v.insert(k, s.groups[1].clone());
    }
    for (k, i) in [
        ("user_id1", 10),
        ("user_id2", 11),
        ("member_id", 12),
        ("member-id", 12),
        ("user_id", 13),
        ("user-id", 13),
    ] {
        v.insert(k, s.members[i].clone());
    }
    for k in ["user_email", "email_address", "email-address"] {
        v.insert(k, email.clone());
    }
    for (k, val) in [
        ("post_id", s.posts[2].clone()),
        ("post-id", s.posts[2].clone()),
        ("poll_post_id", s.posts[0].clone()),
        ("object_id", s.posts[3].clone()),
        ("object-id", s.posts[3].clone()),
        ("comment_id", s.comment.clone()),
        ("comment-id", s.comment.clone()),
        ("event_id", s.event.clone()),
        ("event-id", s.event.clone()),
        ("photo_id", s.photo.clone()),
        ("photo-id", s.photo.clone()),
        ("doc_id", s.doc.clone()),
        ("note_id", s.doc.clone()),
        ("category_id", s.category.clone()),
        ("category-id", s.category.clone()),
        ("quick_link_id", s.quick_link.clone()),
        ("quick-link-id", s.quick_link.clone()),
        ("export_job_id", s.export_job.clone()),
        ("skill_id", s.skill.clone()),
        ("skill-id", s.skill.clone()),
        ("skill_name", "leadership".into()),
        ("skill-name", "leadership".into()),
        ("message_id", s.message.clone()),
        ("message-id", s.message.clone()),
        ("message_id_attachments", s.message.clone()),
        ("message_id_shares", s.message.clone()),
        (
            "thread_id",
            s.threads[0].trim_start_matches("t_").to_owned(),
        ),
        (
            "thread-id",
            s.threads[0].trim_start_matches("t_").to_owned(),
        ),
        ("badge_id", "101772398410001".into()),
        ("image_url", "https://example.com/image.png".into()),
        ("photo_url", "https://example.com/photo.jpg".into()),
        ("video_url", "https://example.com/video.mp4".into()),
        ("file_url", "https://example.com/file.pdf".into()),
        ("file_name", "file.pdf".into()),
        ("poll_options", "options".into()),
    ] {
        v.insert(k, val);
    }
    v
}

/// The test credentials and a server's URL, as environment variables (for the real binary).
pub fn server_env(url: &str) -> [(&'static str, &str); 3] {
    [
        ("WPX_ACCESS_TOKEN", TOKEN),
        ("WPX_APP_SECRET", SECRET),
        ("WPX_BASE_URL", url),
    ]
}

/// A sandbox on its own runtime, for the lifetime of a test of the real binary.
pub struct RunningSandbox {
    /// The sandbox.
    pub sb: wpx::sandbox::Sandbox,
    _rt: tokio::runtime::Runtime,
}

/// Starts a sandbox with `options` on a one-worker runtime.
pub fn start_sandbox(options: wpx::sandbox::Options) -> RunningSandbox {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let sb = rt
        .block_on(wpx::sandbox::Sandbox::start(0, options))
        .expect("sandbox");
    RunningSandbox { sb, _rt: rt }
}

/// The real binary as the sandbox's demo app `key` (its token and secret in the environment).
pub fn wpx_as_app(dir: &std::path::Path, r: &RunningSandbox, key: &str) -> assert_cmd::Command {
    let app = r.sb.app(key).expect("demo app").clone();
    let mut cmd = wpx(dir);
    cmd.env("WPX_BASE_URL", &r.sb.base_url)
        .env("WPX_ACCESS_TOKEN", &app.access_token)
        .env("WPX_APP_SECRET", &app.app_secret)
        .env("WPX_STATE_DIR", dir.join("state"));
    cmd
}
