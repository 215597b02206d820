//! The editor and the key table through `update`: every binding reaches its action in its
//! context, snapshots of every pane state and request section at 80×24 and 120×40, and what is
//! never sent.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::{Action, BINDINGS, Context};
use super::model::{Effect, Focus, IdMenu, Left, Level, Message, Model, Overlay};
use super::panes::saved::SavedItem;
use super::tests::{ctrl, key, model, open, screen, send_and_answer, typing};
use super::update::update;
use crate::core::collection::SavedRequest;
use crate::core::request::Method;

/// A model whose focused context is `ctx`, with what that context needs to act on.
fn in_context(ctx: Context) -> Model {
    let mut m = model();
    match ctx {
        Context::Always | Context::Global | Context::Endpoints => m.focus = Focus::Endpoints,
        Context::Saved => {
            m.left.show = Left::Saved;
            m.focus = Focus::Endpoints;
            let req =
                SavedRequest::from_spec("Feed", &crate::core::request::RequestSpec::get("/me"));
            update(
                &mut m,
                Message::SavedList(
                    vec![SavedItem {
                        collection: Some("Demo".into()),
                        request: req,
                        label: "Demo ▸ GET Feed".into(),
                        variables: Default::default(),
                        recorded: None,
                    }],
                    vec![],
                ),
            );
        }
        Context::Request | Context::Body | Context::Line => {
            open(&mut m, "community groups read");
            m.focus = Focus::Request;
        }
        Context::Response => {
            open(&mut m, "community groups read");
            send_and_answer(&mut m, r#"{"data":[{"id":"1"}]}"#, 200);
            m.focus = Focus::Response;
        }
        Context::Menu => {
            m.response.id_menu = Some(IdMenu {
                value: "1".into(),
                param: "group-id".into(),
                options: vec![0, 1],
                selected: 0,
            });
        }
        Context::Help => m.overlay = Overlay::Help(0),
        Context::Batch => m.overlay = Overlay::Batch,
        Context::Webhooks => {
            m.overlay = Overlay::Webhooks;
            m.webhooks.records.push(crate::webhook_log::Record {
                id: "20261203T000000Z-000001".into(),
                time: 1,
                verified: true,
                reason: "sha256".into(),
                summary: Default::default(),
                headers: Vec::new(),
                size: 2,
                forwarded: None,
            });
        }
        Context::Picker => {
            let meta = crate::core::metadata::NodeMeta {
                node_type: "group".into(),
                fields: Vec::new(),
                source: "metadata=1",
            };
            m.overlay = Overlay::Fields(Box::new(super::panes::fields::FieldPicker::new(
                meta,
                "id",
                String::new(),
            )));
        }
    }
    m
}

#[test]
fn every_binding_reaches_its_action_through_update() {
    let mut checked = 0;
    for b in BINDINGS.iter().filter(|b| b.action != Action::Describe) {
        for k in b.keys {
            let mut m = in_context(b.context);
            m.session.last_action = None;
            let _ = update(&mut m, Message::Key(KeyEvent::new(k.0, k.1)));
            assert_eq!(
                m.session.last_action,
                Some(b.action),
                "{} ({:?}) in {:?}",
                b.label,
                k,
                b.context
            );
            checked += 1;
        }
    }
    assert!(checked > 80, "{checked} keys checked");
    // The help lists every binding: it is drawn from the same table.
    let help: String = super::help::text(Context::Request, 200, true);
    for b in BINDINGS {
        assert!(
            help.contains(b.label) && help.contains(b.desc),
            "{}",
            b.label
        );
    }
}

#[test]
fn an_unresolved_variable_is_never_sent_and_the_message_names_it() {
    let mut m = model();
    m.focus = Focus::Request;
    key(&mut m, KeyCode::Char('u'));
    ctrl(&mut m, 'u');
    typing(&mut m, "/{{missing}}/groups");
    key(&mut m, KeyCode::Enter);
    let fx = ctrl(&mut m, 's');
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Send { .. })),
        "nothing is sent"
    );
    let (level, text) = m.status.message.clone().expect("a message");
    assert_eq!(level, Level::Error);
    assert!(
        text.contains("{{missing}}") && text.contains("--env"),
        "{text}"
    );
    assert!(m.request.draft.path_params.is_empty(), "no `{{missing` row");
}

#[test]
fn after_next_page_the_rows_stay_and_the_page_shows() {
    let mut m = model();
    open(&mut m, "community groups read");
    // limit=2 on the request.
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Enter);
    ctrl(&mut m, 'u');
    typing(&mut m, "2");
    key(&mut m, KeyCode::Enter);
    send_and_answer(
        &mut m,
        r#"{"data":[{"id":"1"}],"paging":{"cursors":{"after":"QVFI"},"next":"http://127.0.0.1:8765/community/groups?limit=2&after=QVFI"}}"#,
        200,
    );
    let fx = key(&mut m, KeyCode::Char(']'));
    let Some(Effect::Send { id, spec }) = fx.into_iter().next() else {
        panic!("a send")
    };
    assert!(spec.query.contains(&("limit".to_owned(), "2".to_owned())));
    assert!(
        spec.query
            .contains(&("after".to_owned(), "QVFI".to_owned()))
    );
    let names: Vec<&str> = m
        .request
        .draft
        .query
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert!(
        names.contains(&"limit") && names.contains(&"fields"),
        "{names:?}"
    );
    update(
        &mut m,
        Message::Sent {
            id,
            result: Ok(Box::new(super::tests::response(
                r#"{"data":[{"id":"2"}]}"#,
                200,
            ))),
        },
    );
    let t = screen(&m, 120, 40);
    let text = format!("{:?}", t.backend());
    assert!(text.contains("page 2"), "{text}");
}

/// The states the snapshots show, each reached with keys.
fn states() -> Vec<(&'static str, Model)> {
    let mut out = Vec::new();
    let mut m = model();
    out.push(("start", model()));
    open(&mut m, "feed write_group");
    out.push(("params_required", clone_keys(&m)));
    key(&mut m, KeyCode::Enter);
    typing(&mut m, "287006177630001");
    out.push(("params_editing", clone_keys(&m)));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('u'));
    out.push(("url_editing", clone_keys(&m)));
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('l'));
    key(&mut m, KeyCode::Char('a'));
    typing(&mut m, "X-Trace: abc");
    key(&mut m, KeyCode::Enter);
    out.push(("headers", clone_keys(&m)));
    key(&mut m, KeyCode::Char('l'));
    out.push(("body_json", clone_keys(&m)));
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('{'));
    out.push(("body_editing_invalid", clone_keys(&m)));
    key(&mut m, KeyCode::Backspace);
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('t'));
    key(&mut m, KeyCode::Char('a'));
    typing(&mut m, "formatting=");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('c'));
    out.push(("body_form_choices", clone_keys(&m)));
    key(&mut m, KeyCode::Char('t'));
    out.push(("body_raw", clone_keys(&m)));
    let mut saved = in_context(Context::Saved);
    saved.focus = Focus::Endpoints;
    out.push(("saved", saved));
    let mut filter = model();
    key(&mut filter, KeyCode::Char('/'));
    typing(&mut filter, "group feed");
    out.push(("endpoints_filter", filter));
    out.push(("response", in_context(Context::Response)));
    let mut menu = in_context(Context::Response);
    for _ in 0..3 {
        key(&mut menu, KeyCode::Down);
    }
    key(&mut menu, KeyCode::Enter);
    assert!(
        menu.response.id_menu.is_some(),
        "Enter on an id opens its menu"
    );
    out.push(("id_menu", menu));
    let mut headers = in_context(Context::Response);
    key(&mut headers, KeyCode::Char('H'));
    out.push(("response_headers", headers));
    let mut failed = model();
    open(&mut failed, "community groups read");
    let fx = ctrl(&mut failed, 's');
    if let Some(Effect::Send { id, .. }) = fx.into_iter().next() {
        update(
            &mut failed,
            Message::Sent {
                id,
                result: Err("cannot reach 127.0.0.1:8765: connection refused".into()),
            },
        );
    }
    out.push(("request_failed", failed));
    let mut help = in_context(Context::Request);
    key(&mut help, KeyCode::Char('?'));
    out.push(("help_request", help));
    let mut prompt = in_context(Context::Request);
    key(&mut prompt, KeyCode::Char('s'));
    out.push(("save_prompt", prompt));
    out
}

/// The same state again (a model is not Clone: it is replayed from its request).
fn clone_keys(m: &Model) -> Model {
    let mut c = model();
    c.request = m.request.clone();
    c.focus = m.focus;
    c.status.message = m.status.message.clone();
    c
}

#[test]
fn snapshots_of_every_state_at_two_sizes() {
    for (name, mut m) in states() {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            update(&mut m, Message::Resize(w, h));
            insta::assert_snapshot!(format!("editor_{name}_{w}x{h}"), screen(&m, w, h).backend());
        }
    }
}

#[test]
fn method_keys_cycle_every_method() {
    let mut m = in_context(Context::Request);
    let mut seen = Vec::new();
    for _ in 0..7 {
        key(&mut m, KeyCode::Char('m'));
        seen.push(m.request.draft.method);
    }
    assert_eq!(seen.len(), 7);
    for meth in Method::ALL {
        assert!(seen.contains(&meth), "{meth}");
    }
    update(
        &mut m,
        Message::Key(KeyEvent::new(KeyCode::Char('M'), KeyModifiers::SHIFT)),
    );
    assert_eq!(m.request.draft.method, Method::Options);
}

#[test]
fn the_readme_key_table_is_the_key_table() {
    let readme = include_str!("../../README.md");
    for b in BINDINGS {
        let row = format!(
            "| {} | {} |",
            b.label.replace('|', "\\|"),
            b.desc.replace('|', "\\|")
        );
        assert!(readme.contains(&row), "README lacks {row}");
    }
}
