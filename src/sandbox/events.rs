//! Webhook events made by writes, in the shapes Meta documents for Workplace (`object: group`,
//! `entry[].changes[]` with `field` and `value`), describing the object actually written. The
//! engine queues them; the server delivers them to the subscriptions that ask for their object and
//! field (see `subscriptions.rs`).

use serde_json::{Value, json};

use super::call::Call;
use super::engine::{Engine, param};
use super::hooks::Event;
use crate::core::timefmt::graph_time;

/// A member named by id or by e-mail, as its id.
fn member_id(engine: &Engine, given: &str) -> String {
    if given.contains('@')
        && let Some(m) = engine.world.member_by_email(given.trim())
    {
        return m.id.clone();
    }
    given.to_owned()
}

/// The post a comment is on (a reply's comment chain is followed up to its post).
fn post_of(engine: &Engine, id: &str) -> String {
    let mut cur = id.to_owned();
    for _ in 0..8 {
        match engine.world.get(&cur) {
            Some(n) if n.kind == super::world::Kind::Comment => {
                match n
                    .fields
                    .get("object")
                    .and_then(|o| o.get("$ref"))
                    .and_then(Value::as_str)
                {
                    Some(parent) => cur = parent.to_owned(),
                    None => break,
                }
            }
            _ => break,
        }
    }
    cur
}

fn entry(id: &str, field: &str, value: Value, now: i64) -> Value {
    json!({"id": id, "time": now, "changes": [{"field": field, "value": value}]})
}

/// Queues the event of a write that succeeded (`entry` is its catalogue id, `target` the node it
/// was made on, `result` Graph's answer).
pub fn after_write(c: &mut Call<'_>, result: &Value) {
    let (engine, app, entry_id, target) = (&mut *c.engine, c.app, c.entry, c.target);
    let (sub, params, now) = (c.sub, c.params, c.now);
    if engine.subscriptions.is_empty() {
        return;
    }
    let created = result
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let from = json!({"id": app.bot_id, "name": app.name});
    let community = engine.world.community.clone();
    let group_of = |e: &Engine, id: &str| {
        e.world
            .group_of(id)
            .unwrap_or_else(|| id.split('_').next().unwrap_or(id).to_owned())
    };
    let event = match entry_id {
        "group.feed.post" => Some(Event {
            object: "group",
            field: "posts",
            entry: entry(
                target,
                "posts",
                json!({
                    "item": "post", "verb": "add", "post_id": created,
                    "message": param(params, "message").unwrap_or_default(),
                    "from": from, "created_time": graph_time(now),
                    "community": {"id": community},
                }),
                now,
            ),
        }),
        "object.comments.create" => Some(Event {
            object: "group",
            field: "comments",
            entry: entry(
                &group_of(engine, target),
                "comments",
                json!({
                    "item": "comment", "verb": "add", "comment_id": created, "post_id": post_of(engine, target),
                    "parent_id": target, "message": param(params, "message").unwrap_or_default(),
                    "from": from, "created_time": graph_time(now),
                    "community": {"id": community},
                }),
                now,
            ),
        }),
        "object.likes.create" => Some(Event {
            object: "group",
            field: "reactions",
            entry: entry(
                &group_of(engine, target),
                "reactions",
                json!({
                    "item": "reaction", "verb": "add", "reaction_type": "like",
                    "post_id": post_of(engine, target), "parent_id": target, "from": from,
                    "created_time": graph_time(now),
                }),
                now,
            ),
        }),
        "group.members.add" | "group.members.remove" | "group.member.remove" => {
            let member = sub
                .map(str::to_owned)
                .or_else(|| param(params, "member").map(str::to_owned))
                .or_else(|| param(params, "email").map(str::to_owned))
                .map(|m| member_id(engine, &m))
                .unwrap_or_default();
            let verb = if entry_id == "group.members.add" {
                "add"
            } else {
                "remove"
            };
            Some(Event {
                object: "group",
                field: "membership",
                entry: entry(
                    target,
                    "membership",
                    json!({"verb": verb, "member_id": member, "actor_id": app.bot_id, "community_id": community}),
                    now,
                ),
            })
        }
        "community.members.add" | "community.members.remove" => {
            // The security log's admin activity, in the shape of the canned event.
            let member = member_id(
                engine,
                param(params, "member")
                    .or_else(|| param(params, "email"))
                    .unwrap_or_default(),
            );
            let event = if entry_id.ends_with("remove") {
                "ADMIN_DEACTIVATE_ACCOUNT"
            } else {
                "ADMIN_REACTIVATE_ACCOUNT"
            };
            let company = engine.world.company.clone();
            Some(Event {
                object: "workplace_security",
                field: "admin_activity",
                entry: entry(
                    &company,
                    "admin_activity",
                    json!({
                        "actor_community_id": community, "actor_scim_company_id": company,
                        "actor_id": app.bot_id, "target_id": member, "target_community_id": community,
                        "target_company_id": company, "ip": "127.0.0.1", "timestamp": graph_time(now),
                        "event": event,
                    }),
                    now,
                ),
            })
        }
        "me.messages.send" => {
            // Messenger's echo of a message the page (the bot) sent.
            let recipient =
                serde_json::from_str::<Value>(param(params, "recipient").unwrap_or("{}"))
                    .ok()
                    .and_then(|r| r.get("id").or_else(|| r.get("thread_key")).cloned())
                    .unwrap_or(Value::Null);
            let text = serde_json::from_str::<Value>(param(params, "message").unwrap_or("{}"))
                .ok()
                .and_then(|m| m.get("text").cloned())
                .unwrap_or(Value::Null);
            let mid = result.get("message_id").cloned().unwrap_or(Value::Null);
            Some(Event {
                object: "page",
                field: "message_echoes",
                entry: json!({"id": app.bot_id, "time": now, "messaging": [{
                    "sender": {"id": app.bot_id}, "recipient": {"id": recipient},
                    "timestamp": now * 1000,
                    "message": {"mid": mid, "text": text, "is_echo": true},
                }]}),
            })
        }
        _ => None,
    };
    engine.outbox.extend(event);
    // A post or comment that mentions a bot (`@Name`) is also a `mention` of that bot's page.
    if matches!(entry_id, "group.feed.post" | "object.comments.create")
        && let Some(message) = param(params, "message")
    {
        let item = if entry_id == "group.feed.post" {
            "post"
        } else {
            "comment"
        };
        let mentioned: Vec<(String, String)> = engine
            .apps
            .iter()
            .filter(|a| a.is_mentioned(message))
            .map(|a| (a.bot_id.clone(), a.name.clone()))
            .collect();
        for (bot, _) in mentioned {
            engine.outbox.push(Event {
                object: "page",
                field: "mention",
                entry: entry(
                    &bot,
                    "mention",
                    json!({"item": item, "verb": "add", "post_id": if item == "post" { created.clone() } else { target.to_owned() },
                        "comment_id": if item == "comment" { Value::String(created.clone()) } else { Value::Null },
                        "message": message, "sender_id": app.bot_id, "created_time": graph_time(now)}),
                    now,
                ),
            });
        }
    }
}

/// The events queued since the last call, with where each goes: (callback URL, the app's secret,
/// the payload's bytes).
pub fn take_deliveries(engine: &mut Engine) -> Vec<(String, String, Vec<u8>)> {
    let events = std::mem::take(&mut engine.outbox);
    let mut out = Vec::new();
    for e in events {
        let payload = json!({"object": e.object, "entry": [e.entry]})
            .to_string()
            .into_bytes();
        for s in &engine.subscriptions {
            if s.object == e.object && s.fields.iter().any(|f| f == e.field) {
                let secret = engine
                    .apps
                    .iter()
                    .find(|a| a.app_id == s.app_id)
                    .map(|a| a.app_secret.clone())
                    .unwrap_or_default();
                out.push((s.callback_url.clone(), secret, payload.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::request::Method;
    use crate::sandbox::graph::tests::{call, engine, get};
    use crate::sandbox::hooks::Subscription;

    #[test]
    fn writes_queue_events_for_the_subscriptions_that_ask_for_them() {
        let mut e = engine();
        let app_id = e.apps[0].app_id.clone();
        let secret = e.apps[0].app_secret.clone();
        e.subscriptions.push(Subscription {
            app_id,
            object: "group".into(),
            callback_url: "http://127.0.0.1:9/hook".into(),
            fields: vec!["posts".into(), "comments".into(), "reactions".into()],
        });
        let group = get(&mut e, "/community/groups", &[])["data"][0]["id"]
            .as_str()
            .expect("group")
            .to_owned();
        let post = call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{group}/feed"),
            &[("message", "hi")],
        );
        let post_id = post.body["id"].as_str().expect("id").to_owned();
        call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{post_id}/comments"),
            &[("message", "a comment")],
        );
        call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{post_id}/likes"),
            &[],
        );
        let member = get(&mut e, "/community/members", &[])["data"][3]["id"]
            .as_str()
            .expect("member")
            .to_owned();
        call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{group}/members"),
            &[("member", &member)],
        );
        let name = e.apps[0].name.clone();
        e.subscriptions.push(Subscription {
            app_id: e.apps[0].app_id.clone(),
            object: "page".into(),
            callback_url: "http://127.0.0.1:9/page".into(),
            fields: vec!["mention".into(), "message_echoes".into()],
        });
        call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{group}/feed"),
            &[("message", &format!("hello @{name}"))],
        );
        call(
            &mut e,
            "all",
            Method::Post,
            "/me/messages",
            &[
                ("recipient", &format!("{{\"id\": \"{member}\"}}")),
                ("message", "{\"text\": \"hi there\"}"),
            ],
        );
        e.subscriptions.push(Subscription {
            app_id: e.apps[0].app_id.clone(),
            object: "workplace_security".into(),
            callback_url: "http://127.0.0.1:9/security".into(),
            fields: vec!["admin_activity".into()],
        });
        call(
            &mut e,
            "all",
            Method::Delete,
            "/community/members",
            &[("member", &member)],
        );
        let mut out = take_deliveries(&mut e);
        let security: Vec<Value> = out
            .iter()
            .filter(|(url, _, _)| url.ends_with("/security"))
            .map(|(_, _, p)| serde_json::from_slice(p).expect("JSON"))
            .collect();
        assert_eq!(security.len(), 1, "{security:#?}");
        assert_eq!(
            security[0]["entry"][0]["changes"][0]["value"]["event"],
            "ADMIN_DEACTIVATE_ACCOUNT"
        );
        out.retain(|(url, _, _)| !url.ends_with("/security"));
        let page: Vec<Value> = out
            .iter()
            .filter(|(url, _, _)| url.ends_with("/page"))
            .map(|(_, _, p)| serde_json::from_slice(p).expect("JSON"))
            .collect();
        assert_eq!(page.len(), 2, "a mention and a message echo: {page:#?}");
        assert_eq!(page[0]["entry"][0]["changes"][0]["field"], "mention");
        assert_eq!(
            page[1]["entry"][0]["messaging"][0]["message"]["text"],
            "hi there"
        );
        assert_eq!(
            page[1]["entry"][0]["messaging"][0]["recipient"]["id"],
            member.as_str()
        );
        out.retain(|(url, _, _)| !url.ends_with("/page"));
        assert_eq!(
            out.len(),
            4,
            "two posts, a comment and a reaction; membership is not subscribed to"
        );
        let payloads: Vec<Value> = out
            .iter()
            .map(|(url, s, p)| {
                assert_eq!(url, "http://127.0.0.1:9/hook");
                assert_eq!(s, &secret, "signed with the subscribing app's secret");
                serde_json::from_slice(p).expect("JSON")
            })
            .collect();
        let value = |i: usize| &payloads[i]["entry"][0]["changes"][0]["value"];
        assert_eq!(payloads[0]["object"], "group");
        assert_eq!(payloads[0]["entry"][0]["id"], group.as_str());
        assert_eq!(value(0)["post_id"], post_id.as_str());
        assert_eq!(value(0)["message"], "hi");
        assert_eq!(payloads[1]["entry"][0]["changes"][0]["field"], "comments");
        assert_eq!(value(1)["post_id"], post_id.as_str());
        assert_eq!(payloads[2]["entry"][0]["changes"][0]["field"], "reactions");
        assert!(e.outbox.is_empty());
        assert!(take_deliveries(&mut e).is_empty());
    }

    #[test]
    fn a_reply_names_its_post_and_a_member_given_by_email_names_its_id() {
        let mut e = engine();
        e.subscriptions.push(Subscription {
            app_id: e.apps[0].app_id.clone(),
            object: "group".into(),
            callback_url: "http://127.0.0.1:9/hook".into(),
            fields: vec!["comments".into(), "membership".into()],
        });
        let group = get(&mut e, "/community/groups", &[])["data"][0]["id"]
            .as_str()
            .expect("group")
            .to_owned();
        let post = call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{group}/feed"),
            &[("message", "p")],
        );
        let post_id = post.body["id"].as_str().expect("id").to_owned();
        let c = call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{post_id}/comments"),
            &[("message", "c")],
        );
        let comment_id = c.body["id"].as_str().expect("comment").to_owned();
        call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{comment_id}/comments"),
            &[("message", "reply")],
        );
        let members = get(&mut e, "/community/members", &[("fields", "id,email")]);
        let m = &members["data"][4];
        let (id, email) = (
            m["id"].as_str().expect("id"),
            m["email"].as_str().expect("email"),
        );
        call(
            &mut e,
            "all",
            Method::Post,
            &format!("/{group}/members"),
            &[("email", email)],
        );
        let out: Vec<Value> = take_deliveries(&mut e)
            .iter()
            .map(|(_, _, p)| serde_json::from_slice(p).expect("JSON"))
            .collect();
        let value = |i: usize| out[i]["entry"][0]["changes"][0]["value"].clone();
        assert_eq!(
            value(1)["post_id"],
            post_id.as_str(),
            "a reply names the post"
        );
        assert_eq!(value(1)["parent_id"], comment_id.as_str());
        assert_eq!(value(2)["member_id"], id, "the id, not the e-mail");
    }
}
