//! Webhook deliveries: `POST /_sandbox/webhooks` with `{callback_url, verify_token, topic, app}`
//! runs the `hub.challenge` handshake against the callback, then posts a realistic event signed
//! with `X-Hub-Signature` (sha1) and `X-Hub-Signature-256`.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::engine::Engine;
use super::world::Kind;
use crate::core::timefmt::graph_time;

/// The topics the sandbox can fire.
pub const TOPICS: [&str; 4] = ["group_post", "mention", "message", "workplace_security"];

#[derive(Deserialize)]
struct FireRequest {
    callback_url: String,
    verify_token: String,
    topic: String,
    #[serde(default)]
    app: Option<String>,
}

fn bad(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({ "error": { "message": message.into() } })),
    )
        .into_response()
}

/// Builds the event for a topic from the community.
fn event(engine: &Engine, topic: &str, bot: &str, now: i64) -> Option<Value> {
    let w = &engine.world;
    let group = engine.seed.groups.first()?;
    let post = engine.seed.posts.first()?;
    let author = engine.seed.members.get(5)?;
    Some(match topic {
        "group_post" => {
            json!({"object": "group", "entry": [{"id": group, "time": now, "changes": [{"field": "posts", "value": {
            "item": "post", "verb": "add", "post_id": post, "message": w.get(post).and_then(|p| p.str("message")).unwrap_or_default(),
            "from": {"id": author}, "created_time": graph_time(now), "community": {"id": w.community}}}]}]})
        }
        "mention" => {
            json!({"object": "page", "entry": [{"id": bot, "time": now, "changes": [{"field": "mention", "value": {
            "item": "post", "post_id": post, "message": format!("@[{bot}] can you summarise this thread?"),
            "message_tags": [{"id": bot, "offset": 0, "length": 4, "type": "page"}], "from": {"id": author},
            "permalink_url": w.get(post).and_then(|p| p.str("permalink_url")).unwrap_or_default()}}]}]})
        }
        "message" => json!({"object": "page", "entry": [{"id": bot, "time": now, "messaging": [{
            "sender": {"id": author}, "recipient": {"id": bot}, "timestamp": now * 1000,
            "message": {"mid": format!("m_mid.$cAAD{now}"), "text": "Hi bot, what's on today?"}}]}]}),
        "workplace_security" => {
            let target = w
                .all(Kind::Member)
                .into_iter()
                .find(|m| m.fields.get("active").and_then(Value::as_bool) == Some(false))?;
            json!({"object": "workplace_security", "entry": [{"id": w.company, "time": now, "changes": [{"field": "admin_activity", "value": {
                "actor_community_id": w.community, "actor_scim_company_id": w.company, "actor_id": engine.seed.members.first(),
                "actor_email": w.get(engine.seed.members.first()?)?.str("email"), "target_id": target.id, "target_email": target.str("email"),
                "target_community_id": w.community, "target_company_id": w.company, "ip": "127.0.0.1", "ip_country": "GB",
                "timestamp": graph_time(now), "event": "ADMIN_DEACTIVATE_ACCOUNT", "browser_name": "Firefox",
                "browser_os": "Linux", "useragent": "Mozilla/5.0 (X11; Linux x86_64)"}}]}]})
        }
        _ => return None,
    })
}

/// Runs the handshake and delivers one event.
pub async fn fire(engine: Arc<Mutex<Engine>>, body: &[u8]) -> Response {
    let req: FireRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => {
            return bad(format!(
                "expected JSON {{\"callback_url\", \"verify_token\", \"topic\", \"app\"}}: {e}"
            ));
        }
    };
    if !TOPICS.contains(&req.topic.as_str()) {
        return bad(format!(
            "unknown topic '{}': use one of {}",
            req.topic,
            TOPICS.join(", ")
        ));
    }
    let (secret, payload) = {
        let Ok(e) = engine.lock() else {
            return (StatusCode::INTERNAL_SERVER_ERROR, "sandbox state poisoned").into_response();
        };
        let key = req.app.clone().unwrap_or_else(|| "all".to_owned());
        let Some(app) = e
            .apps
            .iter()
            .find(|a| a.access_token.ends_with(&format!("-{key}")))
        else {
            return bad(format!(
                "unknown app '{key}': use all, readonly, scoped, bot or noproof"
            ));
        };
        let now = super::engine::sandbox_now(e.options.clock_offset_secs);
        match event(&e, &req.topic, &app.bot_id, now) {
            Some(p) => (app.app_secret.clone(), p.to_string()),
            None => return bad("the community has nothing to report for that topic"),
        }
    };
    let client = match reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .no_proxy()
        .build()
    {
        Ok(c) => c,
        Err(e) => return bad(format!("cannot build an HTTP client: {e}")),
    };
    let challenge = format!(
        "{}",
        super::engine::sandbox_now(0).wrapping_mul(2_654_435_761) % 1_000_000_007
    );
    let handshake = client
        .get(&req.callback_url)
        .query(&[
            ("hub.mode", "subscribe"),
            ("hub.challenge", challenge.as_str()),
            ("hub.verify_token", req.verify_token.as_str()),
        ])
        .send()
        .await;
    let handshake = match handshake {
        Ok(r) => {
            let status = r.status().as_u16();
            let text = r.text().await.unwrap_or_default();
            if status != 200 || text.trim() != challenge {
                return bad(format!(
                    "the callback did not echo hub.challenge (status {status}): it must answer 200 with the challenge when hub.verify_token matches"
                ));
            }
            "ok"
        }
        Err(e) => return bad(format!("cannot reach the callback: {}", e.without_url())),
    };
    let (sig256, sig1) = crate::core::webhook::sign(secret.as_bytes(), payload.as_bytes());
    let delivered = client
        .post(&req.callback_url)
        .header("content-type", "application/json")
        .header("x-hub-signature", sig1)
        .header("x-hub-signature-256", sig256)
        .body(payload.clone())
        .send()
        .await;
    let status = match delivered {
        Ok(r) => r.status().as_u16(),
        Err(e) => {
            return bad(format!(
                "the event could not be delivered: {}",
                e.without_url()
            ));
        }
    };
    let event: Value = serde_json::from_str(&payload).unwrap_or(Value::Null);
    (
        StatusCode::OK,
        axum::Json(json!({ "handshake": handshake, "delivered_status": status, "event": event })),
    )
        .into_response()
}
