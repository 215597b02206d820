//! Issue 12 end to end, with the real binary: version warnings, `wpx token` on the sandbox's
//! expiring and expired apps, the rate limit and `--retry-transient`, the support bundle, and a
//! client-credentials profile against a loopback stand-in for graph.work.meta.com.

mod common;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use common::{RunningSandbox, SECRET, TestServer, start_sandbox, wpx, wpx_as_app, wpx_for};
use wpx::sandbox::Options;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn sandbox(options: Options) -> RunningSandbox {
    start_sandbox(options)
}

fn as_app(dir: &std::path::Path, r: &RunningSandbox, key: &str) -> assert_cmd::Command {
    wpx_as_app(dir, r, key)
}

#[test]
fn a_profile_pinned_to_an_expired_version_is_warned_about_on_stderr() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[profiles.fb]\nsurface = \"facebook\"\ngraph_version = \"v20.0\"\naccess_token_env = \"WPX_T\"\nproof = \"off\"\n",
    )
    .expect("config");
    let out = wpx(dir.path())
        .env("WPX_T", "fake-token-for-a-warning")
        .args(["--profile", "fb", "call", "--curl", "/me"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("profile 'fb': graph_version v20.0 expired on 2026-09-24"),
        "{err}"
    );
    assert!(text(&out.stdout).contains("https://graph.facebook.com/v20.0/me"));
}

#[test]
fn wpx_versions_lists_the_lifecycle() {
    let dir = tempfile::tempdir().expect("dir");
    let out = wpx(dir.path()).arg("versions").output().expect("runs");
    let s = text(&out.stdout);
    assert!(out.status.success());
    assert!(s.contains("v25.0    2026-02-18  2028-07-29"), "{s}");
    assert!(
        s.contains("v20.0    2024-05-21  2026-09-24       expired"),
        "{s}"
    );
}

#[test]
fn wpx_token_describes_the_expiring_app_and_the_expired_app_explains_463() {
    let dir = tempfile::tempdir().expect("dir");
    let r = sandbox(Options::default());
    let out = as_app(dir.path(), &r, "expiring")
        .arg("token")
        .output()
        .expect("runs");
    let s = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(s.contains("type                 PAGE"), "{s}");
    assert!(s.contains("scopes               read_group"), "{s}");
    assert!(s.contains("(in 3 days)"), "{s}");
    assert!(
        text(&out.stderr).contains("the token expires in 3 days"),
        "{}",
        text(&out.stderr)
    );

    let out = as_app(dir.path(), &r, "expired")
        .args(["call", "/me"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(e.contains("code 190, subcode 463"), "{e}");
    assert!(
        e.contains("hint: the token has expired (subcode 463)"),
        "{e}"
    );

    // With the app id, wpx asks with the app token, which describes the expired token too.
    let app = r.sb.app("expired").expect("app").clone();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[profiles.x]\nbase_url = \"{}\"\napp_id = \"{}\"\naccess_token_env = \"WPX_T\"\napp_secret_env = \"WPX_S\"\n",
            r.sb.base_url, app.app_id
        ),
    )
    .expect("config");
    let out = wpx(dir.path())
        .env("WPX_T", &app.access_token)
        .env("WPX_S", &app.app_secret)
        .args(["--profile", "x", "token"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "an invalid token exits 1");
    let s = text(&out.stdout);
    assert!(s.contains("asked with the app token"), "{s}");
    assert!(
        s.contains("valid                no: the token has expired (subcode 463)"),
        "{s}"
    );
}

#[test]
fn the_rate_limit_is_reached_explained_and_waited_out() {
    let dir = tempfile::tempdir().expect("dir");
    let r = sandbox(Options {
        rate_limit: Some(3),
        rate_window_secs: Some(2),
        ..Options::default()
    });
    let mut usages = Vec::new();
    for _ in 0..3 {
        let out = as_app(dir.path(), &r, "readonly")
            .args(["call", "-i", "/me"])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let head = text(&out.stdout);
        let line = head
            .lines()
            .find(|l| l.starts_with("x-app-usage"))
            .expect("x-app-usage")
            .to_owned();
        usages.push(line);
    }
    assert!(usages[2].contains("\"call_count\":100"), "{usages:?}");
    let out = as_app(dir.path(), &r, "readonly")
        .args(["call", "/me"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(e.contains("(#4) Application request limit reached"), "{e}");
    assert!(
        e.contains("usage 100 %") && e.contains("access back in"),
        "{e}"
    );
    let out = as_app(dir.path(), &r, "readonly")
        .args(["call", "--retry-transient", "3", "/me", "fields=id"])
        .output()
        .expect("runs");
    let e = text(&out.stderr);
    assert!(out.status.success(), "{e}");
    assert!(e.contains("code 4 is transient: waiting"), "{e}");
    assert!(text(&out.stdout).contains("\"id\""));
}

#[test]
fn the_support_bundle_names_the_call_and_holds_no_secret() {
    let dir = tempfile::tempdir().expect("dir");
    let server = TestServer::start();
    let out = wpx_for(dir.path(), &server)
        .env("WPX_STATE_DIR", dir.path().join("state"))
        .args(["call", "--debug-info", "/me", "fields=id,name"])
        .output()
        .expect("runs");
    common::assert_no_secret(&out);
    let e = text(&out.stderr);
    assert!(e.contains("support bundle"), "{e}");
    assert!(e.contains("request               GET /me"), "{e}");
    assert!(e.contains("param fields          id,name"), "{e}");
    assert!(e.contains("status                400"), "{e}");
    assert!(e.contains("fbtrace_id            ATestTrace123"), "{e}");
}

/// A stand-in for graph.work.meta.com: `POST /work_get_token` issues numbered tokens; the first
/// one is refused as expired (190/463) when used, so the client must renew it.
#[derive(Clone, Default)]
struct AdminCenter {
    issued: Arc<Mutex<u32>>,
    log: Arc<Mutex<Vec<String>>>,
}

const CC_TOKEN: &str = "SENTINEL-TOKEN-fake-cc-";
const APP_ID: &str = "555000111";

async fn admin_center(State(s): State<AdminCenter>, req: Request) -> axum::response::Response {
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if path == "/work_get_token" {
        let want = format!("access_token={APP_ID}%7C{SECRET}");
        let ok = query.contains(&want) && query.contains("grant_type=client_credentials");
        if !ok || req.method() != "POST" {
            s.log.lock().expect("lock").push("bad login".into());
            return (
                StatusCode::BAD_REQUEST,
                r#"{"error":{"message":"bad login","code":1}}"#,
            )
                .into_response();
        }
        let n = {
            let mut i = s.issued.lock().expect("lock");
            *i += 1;
            *i
        };
        s.log.lock().expect("lock").push(format!("issued {n}"));
        return axum::Json(serde_json::json!({
            "access_token": format!("{CC_TOKEN}{n}"), "token_type": "bearer", "expires_in": 3600
        }))
        .into_response();
    }
    let n = auth
        .strip_prefix(&format!("Bearer {CC_TOKEN}"))
        .unwrap_or("0");
    s.log
        .lock()
        .expect("lock")
        .push(format!("{path} with token {n}"));
    match n {
        "1" => (
            StatusCode::BAD_REQUEST,
            r#"{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}"#,
        )
            .into_response(),
        "0" => (StatusCode::BAD_REQUEST, r#"{"error":{"message":"no token","code":190}}"#).into_response(),
        _ => axum::Json(serde_json::json!({"id": "1001", "name": "Admin Center bot"})).into_response(),
    }
}

#[test]
fn a_client_credentials_profile_fetches_uses_and_renews_its_token_and_keeps_it_in_memory() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let state = AdminCenter::default();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = Router::new()
        .fallback(admin_center)
        .with_state(state.clone());
    rt.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[profiles.ac]\nsurface = \"admin-center\"\nbase_url = \"http://{addr}\"\napp_id = \"{APP_ID}\"\napp_secret_env = \"WPX_S\"\ntoken_from = \"client_credentials\"\nproof = \"off\"\n"
        ),
    )
    .expect("config");
    let log = dir.path().join("wpx.log");
    let out = wpx(dir.path())
        .env("WPX_S", SECRET)
        .env("WPX_STATE_DIR", dir.path().join("state"))
        .env("WPX_LOG", "trace")
        .args(["--profile", "ac", "--log"])
        .arg(&log)
        .args(["call", "-i", "/me"])
        .output()
        .expect("runs");
    let e = text(&out.stderr);
    assert!(out.status.success(), "{e}");
    assert!(text(&out.stdout).contains("Admin Center bot"));
    assert!(e.contains("fetching a new one"), "{e}");
    assert_eq!(
        *state.log.lock().expect("lock"),
        [
            "issued 1",
            "/me with token 1",
            "issued 2",
            "/me with token 2"
        ]
    );
    for stream in [&out.stdout, &out.stderr] {
        let t = text(stream);
        assert!(!t.contains(CC_TOKEN) && !t.contains(SECRET), "leaked: {t}");
    }
    let files = common::files_under(dir.path());
    assert!(files.iter().any(|f| f.ends_with("wpx.log")), "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("history")),
        "the call was recorded: {files:?}"
    );
    for f in &files {
        let t = text(&std::fs::read(f).expect("reads"));
        assert!(
            !t.contains(CC_TOKEN) && !t.contains(SECRET),
            "a token reached {}:\n{t}",
            f.display()
        );
    }
}

#[test]
fn wpx_token_exchange_prints_the_new_token_only_when_asked() {
    let dir = tempfile::tempdir().expect("dir");
    let r = sandbox(Options::default());
    let app = r.sb.app("readonly").expect("app").clone();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[profiles.x]\nbase_url = \"{}\"\napp_id = \"{}\"\naccess_token_env = \"WPX_T\"\napp_secret_env = \"WPX_S\"\nproof = \"off\"\n",
            r.sb.base_url, app.app_id
        ),
    )
    .expect("config");
    let run = |extra: &[&str]| {
        wpx(dir.path())
            .env("WPX_T", &app.access_token)
            .env("WPX_S", &app.app_secret)
            .args(["--profile", "x", "token", "exchange"])
            .args(extra)
            .output()
            .expect("runs")
    };
    let out = run(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "no token without --print");
    assert!(text(&out.stderr).contains("got a long-lived token (expires in 60 days)"));
    let out = run(&["--print"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), app.access_token);
}

#[test]
fn wpx_endpoints_is_honest_about_surfaces_without_a_catalogue() {
    let dir = tempfile::tempdir().expect("dir");
    let out = wpx(dir.path())
        .args(["endpoints", "--surface", "facebook"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("no built-in catalogue for the facebook surface"));
    std::fs::write(
        dir.path().join("config.toml"),
        "[profiles.ig]\nsurface = \"instagram\"\naccess_token_env = \"WPX_T\"\n",
    )
    .expect("config");
    let out = wpx(dir.path())
        .args(["endpoints", "--json"])
        .output()
        .expect("runs");
    assert_eq!(text(&out.stdout).trim(), "[]");
    assert!(text(&out.stderr).contains("instagram surface"));
    let out = wpx(dir.path())
        .args(["endpoints", "--surface", "workplace", "group", "feed"])
        .output()
        .expect("runs");
    assert!(text(&out.stdout).contains("/{group-id}/feed"));
}

#[test]
fn wpx_profiles_add_asks_for_sources_and_writes_a_private_commented_profile() {
    let dir = tempfile::tempdir().expect("dir");
    let out = wpx(dir.path())
        .args(["profiles", "add", "wa", "--surface", "facebook"])
        .write_stdin(
            "1234\nSENTINEL-TOKEN-fake-typed\nenv WA_TOKEN\nfile ~/.config/wpx/wa.secret\n",
        )
        .output()
        .expect("runs");
    let e = text(&out.stderr);
    assert!(out.status.success(), "{e}");
    assert!(
        e.contains("never the access token itself"),
        "a typed value is refused: {e}"
    );
    let path = dir.path().join("config.toml");
    let written = std::fs::read_to_string(&path).expect("written");
    assert!(
        written.contains("# Added by `wpx profiles add`"),
        "{written}"
    );
    assert!(written.contains("surface = \"facebook\""));
    assert!(written.contains("app_id = \"1234\""));
    assert!(written.contains("access_token_env = \"WA_TOKEN\""));
    assert!(written.contains("app_secret_file = \"~/.config/wpx/wa.secret\""));
    assert!(!written.contains("SENTINEL"), "{written}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let out = wpx(dir.path()).arg("profiles").output().expect("runs");
    let s = text(&out.stdout);
    assert!(s.contains("surface       facebook"), "{s}");
    assert!(s.contains("token flows   debug_token"), "{s}");
    let again = wpx(dir.path())
        .args(["profiles", "add", "wa", "--surface", "facebook"])
        .output()
        .expect("runs");
    assert_eq!(
        again.status.code(),
        Some(2),
        "a name already used is refused"
    );
}
