//! `GET/POST/DELETE /{app-id}/subscriptions`, as on Graph: an app (with its app token
//! `app_id|app_secret`, or the demo app's own token) subscribes a callback to an object's fields.
//! Subscribing runs the verification handshake against the callback first; a callback that does
//! not answer the challenge is refused with Graph's error 2200. Deliveries of the events writes make
//! are signed with the subscribing app's secret, sent with a Meta-like User-Agent and retried with
//! backoff while the callback fails.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::engine::{Engine, SReq, param};
use super::errors::GraphErr;
use super::hooks::Subscription;
use crate::core::request::Method;

/// The User-Agent of Meta's webhook deliveries.
pub const USER_AGENT: &str = "facebookexternalua";

/// The delays between delivery attempts.
const BACKOFF_MS: [u64; 4] = [200, 400, 800, 1600];

fn answer(status: u16, v: Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        axum::Json(v),
    )
        .into_response()
}

fn error(engine: &Arc<Mutex<Engine>>, e: &GraphErr) -> Response {
    let trace = engine.lock().map(|mut g| g.trace()).unwrap_or_default();
    let mut r = answer(e.status, e.body(&trace));
    if let Ok(v) = axum::http::HeaderValue::from_str(&trace) {
        r.headers_mut().insert("x-fb-trace-id", v);
    }
    r
}

/// The app id when the path is `[/vNN.N]/{app-id}/subscriptions`.
fn app_of(path: &str) -> Option<&str> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let segs = match segs.first() {
        Some(v) if v.starts_with('v') && v[1..].contains('.') => &segs[1..],
        _ => &segs[..],
    };
    match segs {
        [id, "subscriptions"] if id.bytes().all(|b| b.is_ascii_digit()) => Some(id),
        _ => None,
    }
}

/// The token a request carries (Authorization, else `access_token`).
fn token(req: &SReq) -> Option<String> {
    req.token(&req.params()).map(str::to_owned)
}

/// Answers the subscriptions edge, or `None` when the request is not for it.
pub async fn route(engine: &Arc<Mutex<Engine>>, req: &SReq, now: i64) -> Option<Response> {
    let app_id = app_of(&req.path)?.to_owned();
    let app_token = {
        let g = engine.lock().ok()?;
        g.apps
            .iter()
            .find(|a| a.app_id == app_id)
            .map(|a| format!("{}|{}", a.app_id, a.app_secret))
    }?;
    match token(req).map(|t| t.trim().to_owned()) {
        Some(t) if t == app_token => {}
        // The app's own token goes through the engine's checks (expiry, the proof).
        Some(_) => {
            let checked = engine
                .lock()
                .ok()
                .map(|g| g.authenticate(req, &req.params(), now));
            match checked {
                Some(Ok(a)) if a.app_id == app_id => {}
                Some(Ok(_)) => return Some(error(engine, &GraphErr::bad_app_token())),
                Some(Err(e)) => return Some(error(engine, &e)),
                None => return None,
            }
        }
        None => {
            return Some(error(
                engine,
                &GraphErr::param("An access token is required to request this resource."),
            ));
        }
    }
    let params = req.params();
    Some(match req.method {
        Method::Get => list(engine, &app_id),
        Method::Post => subscribe(engine, &app_id, &params).await,
        Method::Delete => {
            let object = param(&params, "object").map(str::to_owned);
            if let Ok(mut g) = engine.lock() {
                g.subscriptions.retain(|s| {
                    s.app_id != app_id || object.as_ref().is_some_and(|o| *o != s.object)
                });
            }
            answer(200, json!({"success": true}))
        }
        _ => error(engine, &GraphErr::param("Unsupported request method")),
    })
}

fn list(engine: &Arc<Mutex<Engine>>, app_id: &str) -> Response {
    let data: Vec<Value> = engine
        .lock()
        .map(|g| {
            g.subscriptions
                .iter()
                .filter(|s| s.app_id == app_id)
                .map(|s| {
                    json!({
                        "object": s.object, "callback_url": s.callback_url, "active": true,
                        "fields": s.fields.iter().map(|f| json!({"name": f, "version": "v27.0"})).collect::<Vec<_>>(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    answer(200, json!({ "data": data }))
}

async fn subscribe(
    engine: &Arc<Mutex<Engine>>,
    app_id: &str,
    params: &[(String, String)],
) -> Response {
    let (Some(object), Some(callback)) = (param(params, "object"), param(params, "callback_url"))
    else {
        return error(
            engine,
            &GraphErr::param("(#100) The parameters object and callback_url are required"),
        );
    };
    if !matches!(
        object,
        "group" | "user" | "page" | "workplace_security" | "link"
    ) {
        return error(
            engine,
            &GraphErr::param(format!(
                "(#100) Param object must be one of {{group, user, page, workplace_security, link}}, not {object}"
            )),
        );
    }
    let fields: Vec<String> = param(params, "fields")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect();
    if fields.is_empty() {
        return error(engine, &GraphErr::param("(#100) Param fields is required"));
    }
    let verify_token = param(params, "verify_token").unwrap_or_default();
    let challenge = format!("{}", sandbox_challenge(engine));
    let url = match url::Url::parse(callback) {
        Ok(mut u) => {
            u.query_pairs_mut()
                .append_pair("hub.mode", "subscribe")
                .append_pair("hub.challenge", &challenge)
                .append_pair("hub.verify_token", verify_token);
            u
        }
        Err(_) => {
            return error(
                engine,
                &GraphErr::param("(#100) Param callback_url must be a valid URL"),
            );
        }
    };
    let refused = |why: String| {
        let mut e = GraphErr::param(format!("(#2200) callback verification failed: {why}"));
        e.code = 2200;
        error(engine, &e)
    };
    let client = match reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(10))
        .user_agent(USER_AGENT)
        .build()
    {
        Ok(c) => c,
        Err(e) => return refused(e.without_url().to_string()),
    };
    match client.get(url).send().await {
        Ok(r) if r.status().is_success() => match r.text().await {
            Ok(body) if body.trim() == challenge => {}
            Ok(body) => {
                return refused(format!(
                    "the callback answered 200 but not with hub.challenge ({:?})",
                    crate::core::text::clip(&body, 40)
                ));
            }
            Err(e) => return refused(e.without_url().to_string()),
        },
        Ok(r) => return refused(format!("HTTP Status Code = {}", r.status().as_u16())),
        Err(e) => {
            return refused(format!(
                "the callback cannot be reached: {}",
                e.without_url()
            ));
        }
    }
    if let Ok(mut g) = engine.lock() {
        g.subscriptions
            .retain(|s| !(s.app_id == app_id && s.object == object));
        g.subscriptions.push(Subscription {
            app_id: app_id.to_owned(),
            object: object.to_owned(),
            callback_url: callback.to_owned(),
            fields,
        });
    }
    answer(200, json!({"success": true}))
}

/// A challenge to echo: any number the callback cannot guess.
fn sandbox_challenge(_engine: &Arc<Mutex<Engine>>) -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1_158_201_444, |d| {
            u64::from(d.subsec_nanos()) + d.as_secs() % 100_000
        })
}

/// Sends the queued events to their subscribers, each on a task of its own.
pub fn deliver_queued(engine: &Arc<Mutex<Engine>>) {
    let queued = match engine.lock() {
        Ok(mut g) if !g.outbox.is_empty() => super::events::take_deliveries(&mut g),
        _ => return,
    };
    for (url, secret, payload) in queued {
        tokio::spawn(deliver(url, secret, payload));
    }
}

async fn deliver(url: String, secret: String, payload: Vec<u8>) {
    let Ok(client) = reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(10))
        .user_agent(USER_AGENT)
        .build()
    else {
        return;
    };
    let (sig256, sig1) = crate::core::webhook::sign(secret.as_bytes(), &payload);
    for delay in std::iter::once(0).chain(BACKOFF_MS) {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
        let sent = client
            .post(&url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &sig256)
            .header("x-hub-signature", &sig1)
            .body(payload.clone())
            .send()
            .await;
        if sent.is_ok_and(|r| r.status().is_success()) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edge_is_recognised_with_and_without_a_version() {
        assert_eq!(app_of("/v27.0/1234/subscriptions"), Some("1234"));
        assert_eq!(app_of("/1234/subscriptions"), Some("1234"));
        assert_eq!(app_of("/1234/feed"), None);
        assert_eq!(app_of("/me/subscriptions"), None);
    }
}
