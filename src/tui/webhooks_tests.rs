//! The webhooks view through `update`: opening, starting the receiver, deliveries arriving,
//! opening a payload, replaying.

use crossterm::event::KeyCode;

use super::model::{AppPrompt, Effect, Message, Overlay};
use super::tests::{key, model, text_of};
use super::update::update;
use crate::webhook_log::Record;
use crate::webhook_server::Event;

fn record(n: u64, verified: bool) -> Record {
    Record {
        id: format!("20261203T000000Z-{n:06}"),
        time: 1_800_000_000 + n as i64,
        verified,
        reason: if verified {
            "sha256".into()
        } else {
            "signature mismatch: the body was changed".into()
        },
        summary: crate::core::webhook::Summary {
            object: "group".into(),
            entries: vec!["1234".into()],
            fields: vec!["posts".into()],
        },
        headers: vec![("content-type".into(), "application/json".into())],
        size: 20,
        forwarded: None,
    }
}

#[test]
fn w_opens_the_view_and_s_starts_the_receiver() {
    let mut m = model();
    let fx = key(&mut m, KeyCode::Char('W'));
    assert!(matches!(fx.as_slice(), [Effect::LoadDeliveries]));
    assert_eq!(m.overlay, Overlay::Webhooks);
    assert!(text_of(&mut m, 100, 30).contains("receiver stopped"));
    let fx = key(&mut m, KeyCode::Char('s'));
    assert!(matches!(fx.as_slice(), [Effect::Receiver(true)]));
    update(
        &mut m,
        Message::ReceiverStarted(Ok("http://127.0.0.1:8787/webhook".into())),
    );
    let s = text_of(&mut m, 100, 30);
    assert!(
        s.contains("listening on http://127.0.0.1:8787/webhook"),
        "{s}"
    );
    let fx = key(&mut m, KeyCode::Char('s'));
    assert!(
        matches!(fx.as_slice(), [Effect::Receiver(false)]),
        "s again stops it"
    );
}

#[test]
fn deliveries_arrive_live_with_their_badge_and_open_in_the_viewer() {
    let mut m = model();
    key(&mut m, KeyCode::Char('W'));
    update(
        &mut m,
        Message::Webhook(Event::Delivery(Box::new(record(1, true)))),
    );
    update(
        &mut m,
        Message::Webhook(Event::Delivery(Box::new(record(2, false)))),
    );
    let s = text_of(&mut m, 100, 30);
    assert!(
        s.contains("✓ verified") && s.contains("group · 1234 · posts"),
        "{s}"
    );
    assert!(
        s.contains("✗ rejected") && s.contains("signature mismatch"),
        "{s}"
    );
    // The newest is selected: j goes to the older, verified one.
    key(&mut m, KeyCode::Char('j'));
    let fx = key(&mut m, KeyCode::Enter);
    let [Effect::OpenDelivery(id)] = fx.as_slice() else {
        panic!("Enter opens the payload")
    };
    assert_eq!(id, "20261203T000000Z-000001");
    update(
        &mut m,
        Message::DeliveryBody(Ok((
            record(1, true),
            br#"{"object":"group","entry":[]}"#.to_vec(),
        ))),
    );
    assert_eq!(m.overlay, Overlay::None);
    let s = text_of(&mut m, 100, 30);
    assert!(
        s.contains("\"object\": \"group\""),
        "the payload in the viewer:\n{s}"
    );
}

#[test]
fn r_asks_where_to_replay_and_enter_sends_it() {
    let mut m = model();
    key(&mut m, KeyCode::Char('W'));
    update(
        &mut m,
        Message::Webhook(Event::Delivery(Box::new(record(7, true)))),
    );
    key(&mut m, KeyCode::Char('r'));
    assert!(matches!(
        m.overlay,
        Overlay::Prompt(AppPrompt::Replay { .. })
    ));
    let fx = key(&mut m, KeyCode::Enter);
    let [Effect::Replay { id, url }] = fx.as_slice() else {
        panic!("a replay")
    };
    assert_eq!(id, "20261203T000000Z-000007");
    assert_eq!(url, "http://127.0.0.1:3000/webhook");
}

#[test]
fn a_delivery_while_the_view_is_closed_is_announced() {
    let mut m = model();
    update(
        &mut m,
        Message::Webhook(Event::Delivery(Box::new(record(3, true)))),
    );
    assert!(text_of(&mut m, 100, 30).contains("W shows it"));
    update(
        &mut m,
        Message::ReceiverStarted(Err("cannot listen on 127.0.0.1:8787: Address in use".into())),
    );
    assert!(text_of(&mut m, 100, 30).contains("did not start"));
}
