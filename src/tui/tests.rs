//! `update` (keys → effects) and screen snapshots on ratatui's TestBackend.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::model::{Connection, Effect, Focus, Message, Mode, Model, Overlay, ResponseData};
use super::update::update;
use super::view::view;
use crate::core::catalogue::Catalogue;
use crate::core::doc::Document;
use crate::core::graph_error::GraphError;
use crate::core::request::{Method, Target, TokenIn};
use crate::core::sign::ProofMode;

pub(super) fn model() -> Model {
    let cat = Arc::new(Catalogue::builtin().expect("catalogue"));
    let target = Target {
        base_url: url::Url::parse("http://127.0.0.1:8765").expect("url"),
        graph_version: None,
        proof: ProofMode::Timed,
        token_in: TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "the sandbox".into(),
    };
    let mut m = Model::new(
        cat,
        Connection {
            label: "SANDBOX".into(),
            sandbox: true,
            target: Some(target),
            ..Connection::default()
        },
        Mode::Explorer,
    );
    m.session.now = 1_700_000_100;
    update(&mut m, Message::Resize(100, 30));
    m
}

pub(super) fn key(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub(super) fn ctrl(m: &mut Model, c: char) -> Vec<Effect> {
    update(
        m,
        Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

pub(super) fn typing(m: &mut Model, s: &str) {
    for c in s.chars() {
        key(m, KeyCode::Char(c));
    }
}

pub(super) fn response(body: &str, status: u16) -> ResponseData {
    let doc = Arc::new(Document::new(body.as_bytes().to_vec()));
    let (next, previous) = doc.paging_links();
    let cursors = doc.paging_cursors();
    ResponseData {
        cursors,
        status,
        elapsed: Duration::from_millis(42),
        size: body.len(),
        headers: vec![("content-type".into(), "application/json".into())],
        graph_error: if status >= 400 {
            GraphError::from_body(body.as_bytes())
        } else {
            None
        },
        doc,
        next,
        previous,
        usage: Some(crate::core::usage::Usage {
            pct: 3,
            source: "app calls".into(),
            wait_secs: None,
        }),
        api_version: None,
        proof: Some((1_700_000_000, 1_700_000_300)),
        skew_note: None,
        recorded: None,
    }
}

/// Sends what the request pane holds and answers it with `body`.
pub(super) fn send_and_answer(m: &mut Model, body: &str, status: u16) {
    let fx = ctrl(m, 's');
    let id = fx
        .iter()
        .find_map(|e| {
            if let Effect::Send { id, .. } = e {
                Some(*id)
            } else {
                None
            }
        })
        .expect("a send effect");
    update(
        m,
        Message::Sent {
            id,
            result: Ok(Box::new(response(body, status))),
        },
    );
}

pub(super) fn open(m: &mut Model, filter: &str) {
    m.focus = Focus::Endpoints;
    key(m, KeyCode::Char('/'));
    typing(m, filter);
    key(m, KeyCode::Enter);
}

/// The screen's text at `w`×`h`, a line per row.
pub(super) fn text_of(m: &mut Model, w: u16, h: u16) -> String {
    update(m, Message::Resize(w, h));
    let t = screen(m, w, h);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

pub(super) fn screen(m: &Model, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view(m, f)).expect("draws");
    t
}

#[test]
fn enter_opens_and_ctrl_s_sends_a_signed_request() {
    let mut m = model();
    open(&mut m, "community groups read");
    assert_eq!(m.focus, Focus::Request);
    assert_eq!(m.request.draft.url, "/community/groups");
    let fx = ctrl(&mut m, 's');
    match fx.as_slice() {
        [Effect::Send { spec, .. }] => {
            assert_eq!(spec.method, Method::Get);
            assert_eq!(
                spec.query,
                [(
                    "fields".to_owned(),
                    "id,name,privacy,updated_time".to_owned()
                )]
            );
        }
        _ => panic!("one send effect"),
    }
    assert!(m.status.inflight.is_some());
    // F5 sends too, and a newer send cancels the older one.
    let fx = update(
        &mut m,
        Message::Key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)),
    );
    assert!(matches!(
        fx.as_slice(),
        [Effect::Cancel(_), Effect::Send { .. }]
    ));
}

#[test]
fn stale_results_are_ignored_and_esc_cancels() {
    let mut m = model();
    open(&mut m, "community groups read");
    let first = ctrl(&mut m, 's');
    let Some(Effect::Send { id: old, .. }) = first.into_iter().next() else {
        panic!("send")
    };
    let second = ctrl(&mut m, 's');
    let Some(Effect::Send { id: new, .. }) = second.into_iter().nth(1) else {
        panic!("send")
    };
    update(
        &mut m,
        Message::Sent {
            id: old,
            result: Ok(Box::new(response("{\"old\":1}", 200))),
        },
    );
    assert!(
        m.response.data.is_none(),
        "an older send's answer does not land"
    );
    let fx = key(&mut m, KeyCode::Esc);
    assert!(matches!(fx.as_slice(), [Effect::Cancel(id)] if *id == new));
    assert!(m.status.inflight.is_none());
}

#[test]
fn missing_path_parameter_is_explained_not_sent() {
    let mut m = model();
    open(&mut m, "group feed read");
    let fx = ctrl(&mut m, 's');
    assert!(fx.is_empty());
    assert!(
        m.status
            .message
            .as_ref()
            .is_some_and(|(_, t)| t.contains("fill {group-id}"))
    );
}

#[test]
fn paging_keys_follow_links_resigned() {
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(
        &mut m,
        r#"{"data":[{"id":"1"}],"paging":{"next":"http://127.0.0.1:8765/community/groups?limit=1&after=QVFI31"}}"#,
        200,
    );
    assert_eq!(m.focus, Focus::Response);
    let fx = key(&mut m, KeyCode::Char(']'));
    match fx.as_slice() {
        [Effect::Send { spec, .. }] => {
            assert_eq!(spec.path, "/community/groups", "the same request");
            assert!(
                spec.query
                    .contains(&("after".to_owned(), "QVFI31".to_owned()))
            );
        }
        _ => panic!("a send of the next page"),
    }
    assert_eq!(m.request.page, 2);
    assert!(
        m.request.draft.query.iter().any(|r| r.name == "fields"),
        "rows kept"
    );
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(&mut m, r#"{"data":[]}"#, 200);
    assert!(key(&mut m, KeyCode::Char(']')).is_empty());
    assert!(
        m.status
            .message
            .as_ref()
            .is_some_and(|(_, t)| t.contains("no next page"))
    );
}

#[test]
fn enter_on_a_group_id_offers_its_endpoints_with_the_id_filled() {
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(
        &mut m,
        r#"{"data":[{"id":"287006177630001","name":"All Company"}]}"#,
        200,
    );
    for _ in 0..3 {
        key(&mut m, KeyCode::Down);
    }
    key(&mut m, KeyCode::Enter);
    let menu = m.response.id_menu.as_ref().expect("a menu");
    assert_eq!(menu.param, "group-id");
    assert_eq!(menu.value, "287006177630001");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.request.draft.url, "/{group-id}/feed");
    assert_eq!(m.request.draft.path_params[0].value, "287006177630001");
}

#[test]
fn copy_keys_ask_for_a_signed_url_and_curl() {
    let mut m = model();
    open(&mut m, "community groups read");
    m.focus = Focus::Endpoints;
    assert!(matches!(
        key(&mut m, KeyCode::Char('y')).as_slice(),
        [Effect::CopySignedUrl(_)]
    ));
    assert!(matches!(
        key(&mut m, KeyCode::Char('Y')).as_slice(),
        [Effect::CopyCurl(_)]
    ));
}

#[test]
fn q_quits_unless_editing_and_ctrl_c_always() {
    let mut m = model();
    open(&mut m, "feed write_group");
    key(&mut m, KeyCode::Char('l'));
    key(&mut m, KeyCode::Char('l'));
    assert_eq!(m.request.current(), super::panes::request::Item::BodyText);
    key(&mut m, KeyCode::Enter);
    assert!(m.editing());
    key(&mut m, KeyCode::Char('q'));
    assert!(m.session.quit.is_none(), "q is typed into the body");
    assert!(m.request.draft.body.text.clone().contains('q'));
    key(&mut m, KeyCode::Esc);
    assert!(!m.editing());
    ctrl(&mut m, 'c');
    assert_eq!(m.session.quit, Some(0));
}

#[test]
fn tab_cycles_panes_and_help_toggles() {
    let mut m = model();
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.focus, Focus::Request);
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.focus, Focus::Response);
    update(
        &mut m,
        Message::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
    );
    assert_eq!(m.focus, Focus::Request);
    key(&mut m, KeyCode::Char('?'));
    assert_eq!(m.overlay, Overlay::Help(0));
    key(&mut m, KeyCode::Char('j'));
    assert_eq!(m.overlay, Overlay::Help(1), "j scrolls the help");
    key(&mut m, KeyCode::Char('x'));
    assert_eq!(m.overlay, Overlay::None);
}

#[test]
fn ctrl_z_suspends_and_signals_quit_with_their_code() {
    let mut m = model();
    assert!(matches!(ctrl(&mut m, 'z').as_slice(), [Effect::Suspend]));
    update(&mut m, Message::Signal(15));
    assert_eq!(m.session.quit, Some(143));
}

#[test]
fn snapshot_main_screen() {
    let m = model();
    insta::assert_snapshot!("main_screen", screen(&m, 100, 30).backend());
}

#[test]
fn snapshot_response_and_help() {
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(
        &mut m,
        r#"{"data":[{"id":"287006177630001","name":"All Company","privacy":"OPEN"}],"paging":{"cursors":{"before":"QVFIa","after":"QVFIb"}}}"#,
        200,
    );
    insta::assert_snapshot!("response", screen(&m, 100, 30).backend());
    key(&mut m, KeyCode::Char('?'));
    insta::assert_snapshot!("help_overlay", screen(&m, 100, 30).backend());
}

#[test]
fn snapshot_graph_error() {
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(
        &mut m,
        r#"{"error":{"message":"Invalid appsecret_proof provided in the API argument","type":"GraphMethodException","code":100,"fbtrace_id":"AbCdEf123"}}"#,
        400,
    );
    insta::assert_snapshot!("graph_error", screen(&m, 100, 30).backend());
}

#[test]
fn snapshot_permission_error_names_what_is_needed() {
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(
        &mut m,
        r#"{"error":{"message":"(#10) Application does not have permission for this action: it requires the read_group permission","type":"OAuthException","code":10,"fbtrace_id":"XyZ987"}}"#,
        403,
    );
    let t = screen(&m, 100, 30);
    let text = format!("{}", t.backend());
    assert!(
        text.contains("This endpoint needs read_group or manage_group"),
        "{text}"
    );
    assert!(text.contains("Read group content"));
    insta::assert_snapshot!("permission_error", t.backend());
}

#[test]
fn snapshot_too_small() {
    let mut m = model();
    update(&mut m, Message::Resize(60, 12));
    insta::assert_snapshot!("too_small", screen(&m, 60, 12).backend());
}

#[test]
fn secrets_never_reach_the_screen() {
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(&mut m, r#"{"data":[{"id":"1","name":"x"}]}"#, 200);
    let text = format!("{}", screen(&m, 100, 30).backend());
    assert!(!text.contains("wpx-sandbox-token") && !text.contains("wpx-sandbox-secret"));
}

#[test]
fn s_prompts_and_enter_saves_the_request() {
    let mut m = model();
    open(&mut m, "community groups read");
    key(&mut m, KeyCode::Char('s'));
    assert!(m.editing(), "the prompt takes the keys");
    for _ in 0..80 {
        key(&mut m, KeyCode::Backspace);
    }
    typing(&mut m, "Demo/Group/Groups");
    let fx = key(&mut m, KeyCode::Enter);
    match fx.as_slice() {
        [
            Effect::Save {
                collection,
                name,
                request,
            },
        ] => {
            assert_eq!(
                (collection.as_str(), name.as_str(), request.path.as_str()),
                ("Demo", "Group/Groups", "/community/groups")
            );
        }
        _ => panic!("a save effect"),
    }
    // Without a slash the prompt stays open and says what to write.
    key(&mut m, KeyCode::Char('s'));
    for _ in 0..80 {
        key(&mut m, KeyCode::Backspace);
    }
    typing(&mut m, "nodash");
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert!(matches!(m.overlay, Overlay::Prompt(_)));
    assert!(
        m.status
            .message
            .as_ref()
            .is_some_and(|(_, t)| t.contains("COLLECTION/NAME"))
    );
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.overlay, Overlay::None);
}

#[test]
fn saved_pane_opens_renames_and_deletes_after_confirming() {
    use super::panes::saved::SavedItem;
    use crate::core::collection::{Pair, SavedRequest};
    let mut m = model();
    let fx = key(&mut m, KeyCode::Char('o'));
    assert!(matches!(fx.as_slice(), [Effect::LoadSaved]));
    let req = SavedRequest {
        name: "Feed".into(),
        folder: "G".into(),
        method: Method::Get,
        path: "/{group-id}/feed".into(),
        description: String::new(),
        path_params: vec![Pair::new("group-id", "{{g}}")],
        query: vec![],
        headers: vec![],
        body: None,
        content_type: String::new(),
        form: vec![],
    };
    let vars = std::collections::BTreeMap::from([("g".to_owned(), "42".to_owned())]);
    update(
        &mut m,
        Message::SavedList(
            vec![SavedItem {
                collection: Some("Demo".into()),
                request: req,
                label: "Demo ▸ GET G/Feed".into(),
                variables: vars,
                recorded: None,
            }],
            vec![],
        ),
    );
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.focus, Focus::Request);
    assert_eq!(
        m.request.draft.path_params[0].value, "{{g}}",
        "kept as written"
    );
    let spec = m
        .request
        .draft
        .to_spec(&m.vars())
        .expect("the collection fills it");
    assert_eq!(spec.path_params[0].1, "42");
    m.focus = Focus::Endpoints;
    key(&mut m, KeyCode::Char('R'));
    assert!(
        matches!(&m.overlay, Overlay::Prompt(super::model::AppPrompt::Rename { old, .. }) if old == "G/Feed")
    );
    key(&mut m, KeyCode::Esc);
    assert!(
        key(&mut m, KeyCode::Char('D')).is_empty(),
        "the first D asks"
    );
    let fx = key(&mut m, KeyCode::Char('D'));
    assert!(
        matches!(fx.as_slice(), [Effect::Delete { collection, name }] if collection == "Demo" && name == "G/Feed")
    );
}

#[test]
fn pasting_a_curl_command_makes_the_request() {
    let mut m = model();
    update(&mut m, Message::Paste("curl -X POST 'https://graph.workplace.com/123/feed?fields=id' --data-raw '{\"message\":\"hi\"}'".into()));
    assert_eq!(m.focus, Focus::Request);
    assert_eq!(
        (m.request.draft.method, m.request.draft.url.as_str()),
        (Method::Post, "/123/feed")
    );
    assert!(m.request.draft.body.text.clone().contains("\"message\""));
}

#[test]
fn a_pasted_curl_command_keeps_no_secret() {
    let mut m = model();
    update(&mut m, Message::Paste("curl -u someone:fake-pass-123 'https://someone:fake-pass-123@graph.workplace.com/123/feed?appsecret_proof=fake-proof-123' --data-raw '{\"message\":\"hi\",\"access_token\":\"fake-token-123\"}'".into()));
    assert_eq!(m.request.draft.url, "/123/feed");
    let body = m.request.draft.body.text.clone();
    assert!(
        body.contains("\"message\"") && !body.contains("access_token"),
        "{body}"
    );
    let (_, status) = m.status.message.clone().expect("a status");
    for name in ["user name and password", "appsecret_proof", "access_token"] {
        assert!(status.contains(name), "{name} not in the status: {status}");
    }
    for f in ["fake-token-123", "fake-pass-123", "fake-proof-123"] {
        assert!(
            !status.contains(f) && !body.contains(f),
            "{f} kept: {status}"
        );
    }
}

#[test]
fn the_id_menu_scrolls_to_show_the_selected_option() {
    let mut m = model();
    let options: Vec<usize> = (0..23).collect();
    m.response.id_menu = Some(super::model::IdMenu {
        value: "123".into(),
        param: "group-id".into(),
        options,
        selected: 0,
    });
    for _ in 0..22 {
        key(&mut m, KeyCode::Down);
    }
    assert_eq!(m.response.id_menu.as_ref().map(|i| i.selected), Some(22));
    let last = m.catalogue.endpoints[22].path.clone();
    let summary = m.catalogue.endpoints[22].summary.clone();
    let t = screen(&m, 120, 40);
    let text: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    let shown = format!("{last} — {}", summary.chars().take(20).collect::<String>());
    assert!(
        text.contains(&shown),
        "the 23rd option is on screen: {shown}"
    );
}
