//! The sandbox fires a signed webhook at a callback after the hub.challenge handshake.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use wpx::sandbox::{Options, Sandbox};

#[derive(Default)]
struct Seen {
    verify_token: Option<String>,
    body: Vec<u8>,
    sha1: Option<String>,
    sha256: Option<String>,
}

type Shared = Arc<Mutex<Seen>>;

async fn verify(
    State(s): State<Shared>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> (axum::http::StatusCode, String) {
    s.lock().expect("lock").verify_token = q.get("hub.verify_token").cloned();
    if q.get("hub.mode").map(String::as_str) == Some("subscribe")
        && q.get("hub.verify_token").map(String::as_str) == Some("my-verify-token")
    {
        (
            axum::http::StatusCode::OK,
            q.get("hub.challenge").cloned().unwrap_or_default(),
        )
    } else {
        (axum::http::StatusCode::FORBIDDEN, String::new())
    }
}

async fn receive(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> &'static str {
    let mut seen = s.lock().expect("lock");
    seen.body = body.to_vec();
    seen.sha1 = headers
        .get("x-hub-signature")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    seen.sha256 = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    "EVENT_RECEIVED"
}

fn hex_mac<M: Mac + KeyInit>(key: &[u8], body: &[u8]) -> String {
    let mut mac = <M as KeyInit>::new_from_slice(key).expect("key");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_is_verified_then_delivered_signed() {
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox");
    let seen: Shared = Arc::default();
    let app = Router::new()
        .route("/hook", get(verify).post(receive))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let callback = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    for topic in ["group_post", "mention", "message", "workplace_security"] {
        let resp = client
            .post(format!("{}/_sandbox/webhooks", sb.base_url))
            .json(&json!({"callback_url": callback, "verify_token": "my-verify-token", "topic": topic, "app": "all"}))
            .send()
            .await
            .expect("fires");
        let status = resp.status();
        let report: Value = resp.json().await.expect("json");
        assert!(status.is_success(), "{topic}: {report}");
        assert_eq!(report["handshake"], "ok");
        assert_eq!(report["delivered_status"], 200);
        let s = seen.lock().expect("lock");
        let secret = sb.app("all").expect("app").app_secret.clone();
        assert_eq!(
            s.sha1.as_deref(),
            Some(
                format!(
                    "sha1={}",
                    hex_mac::<Hmac<sha1::Sha1>>(secret.as_bytes(), &s.body)
                )
                .as_str()
            )
        );
        assert_eq!(
            s.sha256.as_deref(),
            Some(
                format!(
                    "sha256={}",
                    hex_mac::<Hmac<sha2::Sha256>>(secret.as_bytes(), &s.body)
                )
                .as_str()
            )
        );
        let event: Value = serde_json::from_slice(&s.body).expect("event json");
        assert!(
            event["object"].is_string() && event["entry"][0]["time"].is_i64(),
            "{event}"
        );
    }
    // A callback that does not echo the challenge gets nothing.
    let resp = client
        .post(format!("{}/_sandbox/webhooks", sb.base_url))
        .json(&json!({"callback_url": callback, "verify_token": "wrong", "topic": "mention"}))
        .send()
        .await
        .expect("answers");
    assert_eq!(resp.status().as_u16(), 400);
    assert!(resp.text().await.expect("text").contains("hub.challenge"));
}
