//! Catalogue packs and the field picker in the TUI.

use std::sync::Arc;

use crossterm::event::KeyCode;

use super::model::{Effect, Message, Model, Overlay};
use super::tests::{key, model, open, text_of, typing};
use super::update::update;
use crate::core::catalogue::Catalogue;
use crate::core::metadata::{MetaField, NodeMeta};
use crate::core::pack::PackFile;

fn with_pack() -> Model {
    let mut cat = Catalogue::builtin().expect("builtin");
    let doc = crate::core::openapi::parse_text(include_str!(
        "../../tests/fixtures/messaging.openapi.yaml"
    ))
    .expect("parses");
    let pack = crate::core::openapi::import(&doc, Some("msg"), "test")
        .expect("imports")
        .pack;
    cat.add_pack(
        PackFile::parse(&pack.to_toml()).expect("stored form"),
        "test",
    )
    .expect("adds");
    let mut m = model();
    let conn = m.conn.clone();
    m = Model::new(Arc::new(cat), conn, m.mode);
    update(&mut m, Message::Resize(100, 30));
    m
}

#[test]
fn packs_are_listed_under_headings_and_open_with_their_example_body() {
    let mut m = with_pack();
    let s = text_of(&mut m, 100, 40);
    assert!(s.contains("▌Workplace (built in)"), "{s}");
    open(&mut m, "sendMessage");
    let d = &m.request.draft;
    assert_eq!(d.endpoint.as_deref(), Some("msg:sendMessage"));
    assert_eq!(d.url, "/{Phone-Number-ID}/messages");
    assert!(
        d.body.text.contains("\"messaging_product\": \"whatsapp\""),
        "{}",
        d.body.text
    );
    assert_eq!(d.headers[0].name, "X-Request-Tag");
    let s = text_of(&mut m, 100, 40);
    assert!(s.contains("Send a text message · pack msg"), "{s}");
    assert!(s.contains("▌Messaging Test API [facebook]"), "{s}");
}

#[test]
fn on_a_surface_without_the_builtin_catalogue_only_the_users_packs_show() {
    let mut m = with_pack();
    let mut conn = m.conn.clone();
    conn.surface = Some(crate::core::surface::Surface::Facebook);
    update(
        &mut m,
        Message::Connected(Box::new(super::message::Connect {
            conn,
            creds: crate::core::request::Credentials {
                access_token: crate::core::secret::Secret::new("fake-token-for-tests"),
                app_secret: None,
            },
            sandbox: None,
            user_agent: None,
            app_id: None,
            renew: false,
        })),
    );
    let s = text_of(&mut m, 100, 40);
    assert!(!s.contains("/community/groups"), "{s}");
    assert!(!s.contains("no built-in catalogue for the"), "{s}");
    assert!(s.contains("POST   /{Phone-Number-ID}"), "{s}");
}

fn group_meta() -> NodeMeta {
    let f = |n: &str, connection: bool| MetaField {
        name: n.into(),
        kind: if connection { "connection" } else { "string" }.into(),
        description: format!("about {n}"),
        connection,
    };
    NodeMeta {
        node_type: "group".into(),
        fields: vec![
            f("id", false),
            f("name", false),
            f("purpose", false),
            f("feed", true),
        ],
        source: "metadata=1",
    }
}

fn fetch(m: &mut Model) -> (u64, String, crate::core::request::RequestSpec) {
    let fx = key(m, KeyCode::Char('F'));
    match fx.into_iter().next() {
        Some(Effect::FetchMetadata { tag, key, spec }) => (tag, key, spec),
        _ => panic!("F asks for metadata"),
    }
}

#[test]
fn f_asks_the_node_for_metadata_and_ticks_rewrite_fields() {
    let mut m = model();
    open(&mut m, "GET /{group-id}");
    assert_eq!(m.request.draft.endpoint.as_deref(), Some("group.get"));
    m.request.draft.fill("group-id", "123");
    let (tag, k, spec) = fetch(&mut m);
    assert_eq!(k, "group.get");
    assert!(
        spec.query.contains(&("metadata".into(), "1".into())),
        "{:?}",
        spec.query
    );
    assert_eq!(
        spec.path_params,
        [("group-id".to_owned(), "123".to_owned())]
    );
    update(
        &mut m,
        Message::Metadata {
            tag,
            key: k,
            result: Ok(group_meta()),
        },
    );
    assert!(matches!(m.overlay, Overlay::Fields(_)));
    let s = text_of(&mut m, 100, 30);
    assert!(
        s.contains("fields of a group") && s.contains("about purpose"),
        "{s}"
    );
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char(' '));
    key(&mut m, KeyCode::Enter);
    assert!(matches!(m.overlay, Overlay::None));
    let fields = m
        .request
        .draft
        .query
        .iter()
        .find(|r| r.name == "fields")
        .expect("fields");
    assert!(
        fields.enabled && fields.value.ends_with(",purpose"),
        "{}",
        fields.value
    );
    // The answer is kept: F opens at once, without asking again.
    assert!(key(&mut m, KeyCode::Char('F')).is_empty());
    assert!(matches!(m.overlay, Overlay::Fields(_)));
    key(&mut m, KeyCode::Esc);
    assert!(matches!(m.overlay, Overlay::None));
}

#[test]
fn without_metadata_the_catalogues_fields_are_offered_and_stale_answers_dropped() {
    let mut m = model();
    open(&mut m, "community groups");
    let (tag, k, _) = fetch(&mut m);
    update(
        &mut m,
        Message::Metadata {
            tag: tag + 99,
            key: k.clone(),
            result: Ok(group_meta()),
        },
    );
    assert!(
        matches!(m.overlay, Overlay::None),
        "a stale answer opens nothing"
    );
    update(
        &mut m,
        Message::Metadata {
            tag,
            key: k,
            result: Err("HTTP 200 without a metadata object".into()),
        },
    );
    let Overlay::Fields(p) = &m.overlay else {
        panic!("the fallback opens")
    };
    assert!(p.note.contains("the catalogue's fields"), "{}", p.note);
    assert!(p.meta.fields.iter().any(|f| f.name == "privacy"));
    key(&mut m, KeyCode::Char('/'));
    typing(&mut m, "priv");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char(' '));
    key(&mut m, KeyCode::Enter);
    let fields = m
        .request
        .draft
        .query
        .iter()
        .find(|r| r.name == "fields")
        .expect("fields");
    assert!(
        !fields.value.contains("privacy"),
        "privacy was unticked: {}",
        fields.value
    );
}

#[test]
fn the_picker_is_for_gets() {
    let mut m = model();
    open(&mut m, "POST /community/groups");
    assert!(key(&mut m, KeyCode::Char('F')).is_empty());
    assert!(text_of(&mut m, 100, 30).contains("press F on a GET request"));
}

#[test]
fn a_late_metadata_answer_opens_nothing_over_another_request() {
    let mut m = model();
    open(&mut m, "GET /{group-id}");
    m.request.draft.fill("group-id", "123");
    let (tag, k, _) = fetch(&mut m);
    let cat = m.catalogue.clone();
    let other = cat.endpoint("community.groups").expect("there");
    m.request.load_endpoint(&cat, other);
    update(
        &mut m,
        Message::Metadata {
            tag,
            key: k.clone(),
            result: Ok(group_meta()),
        },
    );
    assert!(
        matches!(m.overlay, Overlay::None),
        "the user moved on: {:?} {:?}",
        m.request.draft.endpoint,
        m.status.message
    );
    assert!(
        m.session.metadata.contains_key(&k),
        "the answer is kept for F on that request"
    );
}
