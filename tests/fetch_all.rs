//! Fetching every page (`wpx call --all`, the TUI's `}`) against the sandbox: every item once,
//! and a cancel that stops within the page in flight.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use wpx::config::HttpSettings;
use wpx::core::request::{Credentials, RequestSpec, Target, TokenIn};
use wpx::core::secret::Secret;
use wpx::core::sign::{ProofMode, SystemClock};
use wpx::http::Client;
use wpx::http::pages::{Ended, Event, Limits, fetch_all};
use wpx::sandbox::{LARGE_GROUP_ID, Options, Sandbox};

/// The demo app that needs no proof.
const TOKEN: &str = "wpx-sandbox-token-noproof";

async fn setup(members: usize, latency_ms: u64) -> (Sandbox, Client, Target, Credentials) {
    let sb = Sandbox::start(
        0,
        Options {
            large_group: Some(members),
            latency_ms,
            ..Options::default()
        },
    )
    .await
    .expect("sandbox");
    let target = Target {
        base_url: url::Url::parse(&sb.base_url).expect("url"),
        graph_version: None,
        proof: ProofMode::Off,
        token_in: TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "the sandbox".into(),
    };
    let creds = Credentials {
        access_token: Secret::new(TOKEN),
        app_secret: None,
    };
    let client =
        Client::new(&HttpSettings::default(), "wpx-test", Arc::new(SystemClock)).expect("client");
    (sb, client, target, creds)
}

fn members(limit: usize) -> RequestSpec {
    RequestSpec::get(format!("/{LARGE_GROUP_ID}/members?limit={limit}"))
}

#[tokio::test]
async fn every_item_comes_once() {
    let (_sb, client, target, creds) = setup(500, 0).await;
    let never = Notify::new();
    let mut events = Vec::new();
    let f = fetch_all(
        &client,
        &members(60),
        &target,
        &mut creds.clone(),
        None,
        Limits::default(),
        &never,
        |e| events.push(e),
    )
    .await
    .expect("fetched");
    assert_eq!(f.ended, Ended::Last);
    assert_eq!(f.progress.pages, 9);
    let ids: HashSet<String> = f
        .merged
        .items()
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(ids.len(), 500);
    assert_eq!(f.merged.items().len(), 500);
    assert_eq!(events.len(), 9, "a progress event a page");
    assert!(matches!(events.last(), Some(Event::Page(p)) if p.items == 500));
}

#[tokio::test]
async fn a_limit_stops_it_with_exactly_that_many() {
    let (_sb, client, target, creds) = setup(500, 0).await;
    let never = Notify::new();
    let limits = Limits {
        max_items: Some(130),
        ..Limits::default()
    };
    let f = fetch_all(
        &client,
        &members(60),
        &target,
        &mut creds.clone(),
        None,
        limits,
        &never,
        |_| {},
    )
    .await
    .expect("fetched");
    assert_eq!(f.ended, Ended::Limit);
    assert_eq!(f.merged.items().len(), 130);
    assert_eq!(f.progress.pages, 3);
}

#[tokio::test]
async fn cancelled_after_a_page_it_asks_for_no_other() {
    let (_sb, client, target, creds) = setup(500, 0).await;
    let cancel = Arc::new(Notify::new());
    let stop = cancel.clone();
    let f = fetch_all(
        &client,
        &members(50),
        &target,
        &mut creds.clone(),
        None,
        Limits::default(),
        &cancel,
        move |e| {
            if matches!(e, Event::Page(_)) {
                stop.notify_one();
            }
        },
    )
    .await
    .expect("fetched");
    assert_eq!(f.ended, Ended::Cancelled);
    assert_eq!(
        f.progress.pages, 1,
        "the page that came is kept, no other asked for"
    );
    assert_eq!(f.merged.items().len(), 50);
}

#[tokio::test]
async fn cancelled_while_a_page_is_in_flight_it_stops_without_waiting_for_it() {
    // Each answer takes 400 ms; the cancel comes while the second page is on its way.
    let latency = Duration::from_millis(400);
    let (_sb, client, target, creds) = setup(500, 400).await;
    let cancel = Arc::new(Notify::new());
    let stop = cancel.clone();
    let started = Instant::now();
    let f = fetch_all(
        &client,
        &members(50),
        &target,
        &mut creds.clone(),
        None,
        Limits::default(),
        &cancel,
        move |e| {
            if matches!(e, Event::Page(_)) {
                let stop = stop.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    stop.notify_one();
                });
            }
        },
    )
    .await
    .expect("fetched");
    assert_eq!(f.ended, Ended::Cancelled);
    assert_eq!(f.progress.pages, 1);
    // The second page would have come at 800 ms; the cancel at about 500 ms did not wait for it.
    assert!(
        started.elapsed() < latency * 2,
        "stopped within the page in flight ({:?})",
        started.elapsed()
    );
}

/// A stand-in Graph for renewal: pages need the token `fake-cc-2`, which `/work_get_token` gives
/// for app 77; anything else is refused with 190.
async fn renewing_server(req: axum::extract::Request) -> axum::response::Response {
    use axum::response::IntoResponse;
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let host = req
        .headers()
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    match (req.method().as_str(), req.uri().path()) {
        ("POST", "/work_get_token") if query.contains("access_token=77%7Cfake-secret") => {
            axum::Json(serde_json::json!({"access_token": "fake-cc-2", "expires_in": 3600}))
                .into_response()
        }
        (_, "/list") if auth == "Bearer fake-cc-2" => {
            if query.contains("page=2") {
                axum::Json(serde_json::json!({"data": [{"id": "3"}]})).into_response()
            } else {
                axum::Json(serde_json::json!({
                    "data": [{"id": "1"}, {"id": "2"}],
                    "paging": {"next": format!("http://{host}/list?page=2")}
                }))
                .into_response()
            }
        }
        _ => (
            axum::http::StatusCode::BAD_REQUEST,
            r#"{"error":{"message":"Session has expired","code":190,"error_subcode":463}}"#,
        )
            .into_response(),
    }
}

#[tokio::test]
async fn a_refused_fetched_token_is_fetched_anew_once_and_the_pages_go_on() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, axum::Router::new().fallback(renewing_server)).await;
    });
    let target = Target {
        base_url: url::Url::parse(&format!("http://{addr}")).expect("url"),
        graph_version: None,
        proof: ProofMode::Off,
        token_in: TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "profile 'cc'".into(),
    };
    let login = wpx::core::request::AppLogin {
        app_id: "77".into(),
        app_secret: Secret::new("fake-secret"),
    };
    let mut creds = Credentials {
        access_token: Secret::new("fake-cc-1"),
        app_secret: Some(login.app_secret.clone()),
    };
    let client =
        Client::new(&HttpSettings::default(), "wpx-test", Arc::new(SystemClock)).expect("client");
    let never = Notify::new();
    let mut events = Vec::new();
    let f = fetch_all(
        &client,
        &RequestSpec::get("/list"),
        &target,
        &mut creds,
        Some(&login),
        Limits::default(),
        &never,
        |e| events.push(e),
    )
    .await
    .expect("fetched after the renewal");
    assert_eq!(f.merged.items().len(), 3);
    assert_eq!(f.ended, Ended::Last);
    assert!(events.contains(&Event::Renewed), "{events:?}");
    assert_eq!(
        creds.access_token,
        Secret::new("fake-cc-2"),
        "the new token is handed back"
    );
}
