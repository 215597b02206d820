//! The token cockpit, the rate-limit meter and the support bundle in the TUI.

use crossterm::event::KeyCode;

use super::model::{Effect, Message, Overlay};
use super::tests::{ctrl, key, model, response, screen, text_of};
use super::update::update;
use crate::core::token_info::TokenInfo;
use crate::core::usage::Usage;

fn expiring(now: i64) -> TokenInfo {
    TokenInfo::from_body(
        format!(
            r#"{{"data":{{"type":"PAGE","app_id":"9","application":"Expiring token","is_valid":true,
            "expires_at":{},"scopes":["read_group"]}}}}"#,
            now + 3 * 86_400 + 3600
        )
        .as_bytes(),
    )
    .expect("info")
}

#[test]
fn a_token_expiring_within_a_week_is_warned_about_in_the_status_bar() {
    let mut m = model();
    let now = m.session.now;
    let tag = m.session.token_check;
    update(
        &mut m,
        Message::TokenChecked {
            tag,
            show: false,
            result: Ok(Box::new(expiring(now))),
        },
    );
    assert!(
        matches!(m.overlay, Overlay::None),
        "a check on connect opens nothing"
    );
    let s = text_of(&mut m, 120, 30);
    assert!(s.contains("token expires in 3 days"), "{s}");
    // At 80 columns the warning still fits the connection line or the message line.
    let s = text_of(&mut m, 80, 24);
    assert!(s.contains("expires in 3 days"), "{s}");
}

#[test]
fn t_asks_debug_token_and_the_answer_opens_the_panel_until_a_key() {
    let mut m = model();
    let fx = key(&mut m, KeyCode::Char('T'));
    assert!(matches!(
        fx.as_slice(),
        [Effect::CheckToken { show: true, .. }]
    ));
    let now = m.session.now;
    let tag = m.session.token_check;
    update(
        &mut m,
        Message::TokenChecked {
            tag,
            show: true,
            result: Ok(Box::new(expiring(now))),
        },
    );
    let s = text_of(&mut m, 100, 30);
    assert!(s.contains("Token (debug_token)"), "{s}");
    assert!(
        s.contains("Expiring token (9)") && s.contains("read_group"),
        "{s}"
    );
    key(&mut m, KeyCode::Char('x'));
    assert!(matches!(m.overlay, Overlay::None));
    // An expired token's check says what 190/463 means.
    let expired = TokenInfo::from_body(
        br#"{"data":{"is_valid":false,"error":{"code":190,"subcode":463,"message":"expired"}}}"#,
    )
    .expect("info");
    let tag = m.session.token_check;
    update(
        &mut m,
        Message::TokenChecked {
            tag,
            show: false,
            result: Ok(Box::new(expired)),
        },
    );
    assert!(text_of(&mut m, 120, 30).contains("token has expired (subcode 463)"));
}

#[test]
fn the_meter_turns_red_at_100_and_the_banner_gives_the_wait() {
    let mut m = model();
    ctrl(&mut m, 's');
    let id = m.status.inflight.as_ref().map(|f| f.id).unwrap_or_default();
    let mut r = response(
        r#"{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"is_transient":true}}"#,
        403,
    );
    r.usage = Some(Usage {
        pct: 100,
        source: "app calls".into(),
        wait_secs: Some(42),
    });
    update(
        &mut m,
        Message::Sent {
            id,
            result: Ok(Box::new(r)),
        },
    );
    let s = text_of(&mut m, 120, 40);
    assert!(s.contains("usage 100 %"), "{s}");
    assert!(s.contains("access back in 42 seconds"), "{s}");
    assert!(s.contains("transient: retrying may work"), "{s}");
    update(&mut m, Message::Resize(120, 40));
    let t = screen(&m, 120, 40);
    let buf = t.backend().buffer();
    let last: Vec<String> = (0..120u16)
        .map(|x| buf[(x, 39)].symbol().to_owned())
        .collect();
    let line = last.concat();
    let at = line
        .find("usage 100 %")
        .unwrap_or_else(|| panic!("the meter on {line}"));
    let x = u16::try_from(line[..at].chars().count()).expect("fits");
    // The meter has the colour of errors: the colour of the banner's "Graph error".
    let (ex, ey) = (0..40u16)
        .find_map(|y| {
            let row: String = (0..120u16)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect();
            row.find("Graph error")
                .map(|i| (u16::try_from(row[..i].chars().count()).unwrap_or(0), y))
        })
        .expect("the banner");
    assert_eq!(buf[(x, 39)].fg, buf[(ex, ey)].fg, "{line}");
    assert_ne!(buf[(x, 39)].fg, buf[(0, 39)].fg);
}

#[test]
fn i_copies_a_bundle_of_the_answer_without_secrets() {
    let mut m = model();
    assert!(
        key(&mut m, KeyCode::Char('I')).is_empty(),
        "nothing sent yet"
    );
    super::tests::send_and_answer(&mut m, r#"{"id":"1"}"#, 200);
    let fx = key(&mut m, KeyCode::Char('I'));
    match fx.as_slice() {
        [Effect::Copy { text, what }] => {
            assert!(what.starts_with("debug information"));
            assert!(
                text.contains("support bundle") && text.contains("status                200"),
                "{text}"
            );
        }
        other => panic!("{}", other.len()),
    }
}

#[test]
fn a_surface_without_a_catalogue_invites_typing_a_path() {
    let mut m = model();
    m.conn.surface = Some(crate::core::surface::Surface::Facebook);
    let s = text_of(&mut m, 100, 30);
    assert!(
        s.contains("no built-in catalogue") && s.contains("wpx import openapi"),
        "{s}"
    );
    assert!(!s.contains("/community/groups"), "{s}");
    m.conn.surface = Some(crate::core::surface::Surface::Workplace);
    assert!(text_of(&mut m, 100, 30).contains("/community/groups"));
}

#[test]
fn known_scopes_mark_the_endpoints_the_token_cannot_call() {
    let mut m = model();
    let now = m.session.now;
    let tag = m.session.token_check;
    update(
        &mut m,
        Message::TokenChecked {
            tag,
            show: false,
            result: Ok(Box::new(expiring(now))),
        },
    );
    let s = text_of(&mut m, 140, 40);
    assert!(s.contains("✗ token lacks"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.contains("GET    /community/groups") && !l.contains('✗')),
        "read_group is held: {s}"
    );
}

#[test]
fn an_answer_for_an_earlier_connection_is_dropped() {
    let mut m = model();
    let now = m.session.now;
    let first = super::update::check_token(&mut m, false);
    let _second = super::update::check_token(&mut m, false);
    let Effect::CheckToken { tag, .. } = first else {
        panic!("a check");
    };
    update(
        &mut m,
        Message::TokenChecked {
            tag,
            show: false,
            result: Ok(Box::new(expiring(now))),
        },
    );
    assert!(m.conn.token.is_none(), "the stale answer is ignored");
}
