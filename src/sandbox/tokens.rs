//! The sandbox's token endpoints, answered before the usual token check because they take app
//! tokens (`app_id|app_secret`): `debug_token`, and Admin Center's `work_get_token`.

use serde_json::{Value, json};

use super::apps::{App, Lifetime};
use super::engine::{Engine, SReq, param};
use super::errors::GraphErr;
use crate::core::request::Method;

use super::apps::{DAY, times};

/// The app an app token `app_id|app_secret` names, when the secret is right.
fn app_of_app_token<'a>(engine: &'a Engine, token: &str) -> Option<&'a App> {
    let (id, secret) = token.split_once('|')?;
    engine
        .apps
        .iter()
        .find(|a| a.app_id == id && a.app_secret == secret)
}

/// Answers the token endpoints; `None` for every other path.
pub fn handle(
    engine: &mut Engine,
    req: &SReq,
    segs: &[String],
    params: &[(String, String)],
    now: i64,
) -> Option<Result<(u16, Value), GraphErr>> {
    let path: Vec<&str> = segs.iter().map(String::as_str).collect();
    match (req.method, path.as_slice()) {
        (Method::Get, ["debug_token"]) => Some(debug_token(engine, req, params, now)),
        (Method::Post, ["work_get_token"]) => Some(work_get_token(engine, req, params)),
        (Method::Get | Method::Post, ["oauth", "access_token"]) => Some(exchange(engine, params)),
        _ => None,
    }
}

fn debug_token(
    engine: &Engine,
    req: &SReq,
    params: &[(String, String)],
    now: i64,
) -> Result<(u16, Value), GraphErr> {
    let Some(caller) = req.token(params) else {
        return Err(GraphErr::no_token());
    };
    if caller.contains('|') {
        app_of_app_token(engine, caller).ok_or_else(GraphErr::bad_app_token)?;
    } else {
        engine.authenticate(req, params, now)?;
    }
    let Some(input) = param(params, "input_token").filter(|t| !t.trim().is_empty()) else {
        return Err(GraphErr::required("input_token"));
    };
    let Some(app) = engine.apps.iter().find(|a| a.access_token == input.trim()) else {
        return Ok((
            200,
            json!({"data": {
                "error": {"code": 190, "message": "Invalid OAuth access token - Cannot parse access token"},
                "is_valid": false,
                "scopes": [],
            }}),
        ));
    };
    let (issued, expires, data_expires) = times(app, now);
    let granular: Vec<Value> = app
        .permissions
        .iter()
        .filter(|p| p.contains("group"))
        .map(|p| match &app.groups {
            Some(g) => json!({"scope": p, "target_ids": g}),
            None => json!({"scope": p}),
        })
        .collect();
    // Workplace integration tokens act as the integration's bot page.
    let mut data = json!({
        "app_id": app.app_id,
        "type": "PAGE",
        "application": app.name,
        "profile_id": app.bot_id,
        "issued_at": issued,
        "expires_at": expires,
        "data_access_expires_at": data_expires,
        "is_valid": app.lifetime != Lifetime::Expired,
        "scopes": app.permissions,
        "granular_scopes": granular,
    });
    if app.lifetime == Lifetime::Expired {
        let e = GraphErr::session_expired(expires, now);
        data["error"] = json!({"code": e.code, "message": e.message, "subcode": e.subcode});
    }
    Ok((200, json!({ "data": data })))
}

/// `POST /work_get_token` with `access_token=app_id|app_secret&grant_type=client_credentials`:
/// the app's token, as Admin Center issues one (one hour).
fn work_get_token(
    engine: &Engine,
    req: &SReq,
    params: &[(String, String)],
) -> Result<(u16, Value), GraphErr> {
    if param(params, "grant_type") != Some("client_credentials") {
        return Err(GraphErr::param("grant_type must be client_credentials"));
    }
    let caller = req.token(params).ok_or_else(GraphErr::no_token)?;
    let app = app_of_app_token(engine, caller).ok_or_else(GraphErr::bad_app_token)?;
    Ok((
        200,
        json!({"access_token": app.access_token, "token_type": "bearer", "expires_in": 3600}),
    ))
}

/// `GET /oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token`:
/// the sandbox's tokens never expire, so the "long-lived" token is the app's own, valid 60 days.
fn exchange(engine: &Engine, params: &[(String, String)]) -> Result<(u16, Value), GraphErr> {
    if param(params, "grant_type") != Some("fb_exchange_token") {
        return Err(GraphErr::param("grant_type must be fb_exchange_token"));
    }
    let (Some(id), Some(secret), Some(short)) = (
        param(params, "client_id"),
        param(params, "client_secret"),
        param(params, "fb_exchange_token"),
    ) else {
        return Err(GraphErr::required(
            "client_id, client_secret and fb_exchange_token",
        ));
    };
    let app =
        app_of_app_token(engine, &format!("{id}|{secret}")).ok_or_else(GraphErr::bad_app_token)?;
    if app.access_token != short.trim() {
        return Err(GraphErr::invalid_token());
    }
    Ok((
        200,
        json!({"access_token": app.access_token, "token_type": "bearer", "expires_in": 60 * DAY}),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::engine::Options;

    const NOW: i64 = 1_796_126_400;

    fn get(engine: &mut Engine, query: &[(&str, &str)]) -> (u16, Value) {
        let req = SReq {
            method: Method::Get,
            path: "/v25.0/debug_token".into(),
            query: query
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..SReq::default()
        };
        let r = engine.handle(&req, NOW);
        (r.status, r.body)
    }

    #[test]
    fn debug_token_describes_the_expiring_and_the_expired_app() {
        let mut e = Engine::new("http://127.0.0.1:1", Options::default()).expect("engine");
        let expiring = e
            .apps
            .iter()
            .find(|a| a.key() == "expiring")
            .cloned()
            .expect("app");
        let expired = e
            .apps
            .iter()
            .find(|a| a.key() == "expired")
            .cloned()
            .expect("app");
        let app_token = format!("{}|{}", expiring.app_id, expiring.app_secret);
        let (status, body) = get(
            &mut e,
            &[
                ("input_token", &expiring.access_token),
                ("access_token", &expiring.access_token),
            ],
        );
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["expires_at"], NOW + 3 * DAY + 3600);
        assert_eq!(body["data"]["is_valid"], true);
        let (status, body) = get(
            &mut e,
            &[
                ("input_token", &expired.access_token),
                ("access_token", &app_token),
            ],
        );
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["is_valid"], false);
        assert_eq!(body["data"]["error"]["subcode"], 463);
        // The expired token itself cannot call anything.
        let (status, body) = get(
            &mut e,
            &[
                ("input_token", &expired.access_token),
                ("access_token", &expired.access_token),
            ],
        );
        assert_eq!(status, 400);
        assert_eq!(body["error"]["code"], 190);
        assert_eq!(body["error"]["error_subcode"], 463);
        let (status, body) = get(
            &mut e,
            &[
                ("input_token", "x"),
                ("access_token", "940000000000001|wrong"),
            ],
        );
        assert_eq!((status, &body["error"]["code"]), (400, &json!(190)));
    }
}
