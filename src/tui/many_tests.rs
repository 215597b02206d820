//! Many answers at once: `}` fetches every page of a GET, with its progress in the title and the
//! status bar and Esc that stops it keeping what came; `=` compares an answer with the one before.

use crossterm::event::KeyCode;

use super::model::{Effect, Level, Message};
use super::tests::{key, model, open, response, screen};
use super::update::update;

fn fetch(m: &mut super::model::Model) -> u64 {
    let fx = key(m, KeyCode::Char('}'));
    match fx.as_slice() {
        [Effect::FetchAll { id, spec }] => {
            assert_eq!(spec.method, crate::core::request::Method::Get);
            *id
        }
        other => panic!("one fetch-all effect, got {}", other.len()),
    }
}

#[test]
fn the_progress_shows_and_esc_stops_keeping_the_flight_for_what_came() {
    let mut m = model();
    open(&mut m, "community groups read");
    let id = fetch(&mut m);
    assert_eq!(m.status.inflight.as_ref().map(|f| f.id), Some(id));
    let line = "pages 2 · items 50 · 4.0 KB · 120 items/s · 0.4 s".to_owned();
    update(
        &mut m,
        Message::FetchProgress {
            id,
            line: line.clone(),
            pages: 2,
        },
    );
    let text = format!("{}", screen(&m, 120, 40).backend());
    assert!(
        text.contains("fetching every page (Esc stops): pages 2"),
        "{text}"
    );
    assert_eq!(
        m.status.message.as_ref().map(|(_, t)| t.as_str()),
        Some(line.as_str())
    );
    // Progress for another fetch is not this one's.
    update(
        &mut m,
        Message::FetchProgress {
            id: id + 99,
            line: "pages 9".into(),
            pages: 9,
        },
    );
    assert!(!format!("{}", screen(&m, 120, 40).backend()).contains("pages 9"));
    // Esc asks the fetch to stop; the flight stays until the pages that came are in.
    let fx = key(&mut m, KeyCode::Esc);
    assert!(matches!(fx.as_slice(), [Effect::Cancel(c)] if *c == id));
    assert!(m.status.inflight.is_some());
    update(
        &mut m,
        Message::Sent {
            id,
            result: Ok(Box::new(response(
                r#"{"data":[{"id":"1"},{"id":"2"}]}"#,
                200,
            ))),
        },
    );
    assert!(m.status.inflight.is_none());
    assert!(m.response.data.is_some(), "the pages that came are shown");
    // The merged document is pages 1 to 2: the title says so, and ] goes on from page 3.
    let text = super::tests::text_of(&mut m, 120, 40);
    assert!(text.contains("pages 1–2"), "{text}");
    assert_eq!(m.response.page, 2);
}

#[test]
fn a_request_that_is_not_a_get_is_not_paged() {
    let mut m = model();
    open(&mut m, "community groups create");
    let fx = key(&mut m, KeyCode::Char('}'));
    assert!(fx.is_empty());
    assert!(matches!(&m.status.message, Some((Level::Error, t)) if t.contains("GET")));
    assert!(m.status.inflight.is_none());
}

#[test]
fn a_new_fetch_replaces_a_send_in_flight() {
    let mut m = model();
    open(&mut m, "community groups read");
    let _ = super::tests::ctrl(&mut m, 's');
    let fx = key(&mut m, KeyCode::Char('}'));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Cancel(_), Effect::FetchAll { .. }]
    ));
}

#[test]
fn equals_compares_the_answer_with_the_one_before_and_highlights_the_changes() {
    let mut m = model();
    update(&mut m, Message::Resize(120, 40));
    open(&mut m, "community groups read");
    let fx = key(&mut m, KeyCode::Char('='));
    assert!(fx.is_empty(), "nothing to compare before two answers");
    super::tests::send_and_answer(&mut m, r#"{"data":[{"id":"1","name":"Bo"}]}"#, 200);
    super::tests::send_and_answer(
        &mut m,
        r#"{"data":[{"id":"1","name":"Bob"},{"id":"2","name":"Al"}]}"#,
        200,
    );
    let fx = key(&mut m, KeyCode::Char('='));
    let [Effect::Compare { id, before, after }] = fx.as_slice() else {
        panic!("one compare effect");
    };
    let result = crate::core::doc::compare::compare(before, after).map(Box::new);
    update(&mut m, Message::Compared { id: *id, result });
    let v = m.response.viewer.as_ref().expect("a viewer");
    assert_eq!(v.viewer().match_status(), (2, Some(1)), "two changed lines");
    assert!(
        v.note
            .as_deref()
            .is_some_and(|n| n.contains("the answer before (GET /community/groups")),
        "it says what the answer is compared with: {:?}",
        v.note
    );
    assert!(v.status().contains("change 1/2"), "{}", v.status());
    let text = format!("{}", screen(&m, 120, 40).backend());
    assert!(text.contains("1 changed, 1 added, 0 removed"), "{text}");
    // f shows the list of changes.
    let _ = key(&mut m, KeyCode::Tab);
    while m.focus != super::model::Focus::Response {
        let _ = key(&mut m, KeyCode::Tab);
    }
    let _ = key(&mut m, KeyCode::Char('f'));
    let text = format!("{}", screen(&m, 120, 40).backend());
    assert!(text.contains("$.data[id=1].name"), "{text}");
}

#[test]
fn b_adds_requests_to_the_batch_and_enter_in_the_list_sends_them_as_one() {
    let mut m = model();
    update(&mut m, Message::Resize(120, 40));
    open(&mut m, "community groups read");
    assert!(key(&mut m, KeyCode::Char('b')).is_empty());
    assert!(matches!(&m.status.message, Some((Level::Info, t)) if t.contains("added as op1")));
    assert!(key(&mut m, KeyCode::Char('b')).is_empty());
    assert_eq!(m.batch.ops.len(), 2);
    let _ = key(&mut m, KeyCode::Char('B'));
    assert_eq!(m.overlay, super::model::Overlay::Batch);
    let text = format!("{}", screen(&m, 120, 40).backend());
    assert!(text.contains("Batch · 2 of 50"), "{text}");
    assert!(text.contains("op2"), "{text}");
    // d removes the selected (the last added); Enter sends what is left, as one request.
    let _ = key(&mut m, KeyCode::Char('d'));
    assert_eq!(m.batch.ops.len(), 1);
    let fx = key(&mut m, KeyCode::Enter);
    let [Effect::Batch { ops, .. }] = fx.as_slice() else {
        panic!("one batch effect");
    };
    assert_eq!(ops.len(), 1);
    assert_eq!(
        ops[0].relative_url,
        "community/groups?fields=id%2Cname%2Cprivacy%2Cupdated_time"
    );
    assert_eq!(m.overlay, super::model::Overlay::None);
    assert!(m.status.inflight.is_some());
}

#[test]
fn e_asks_for_a_file_and_its_extension_says_how_to_write_it() {
    let mut m = model();
    open(&mut m, "community groups read");
    assert!(key(&mut m, KeyCode::Char('E')).is_empty());
    assert!(matches!(&m.status.message, Some((Level::Info, t)) if t.contains("nothing to export")));
    super::tests::send_and_answer(&mut m, r#"{"data":[{"id":"1"}]}"#, 200);
    let _ = key(&mut m, KeyCode::Char('E'));
    assert!(matches!(
        m.overlay,
        super::model::Overlay::Prompt(super::model::AppPrompt::Export(_))
    ));
    // A name without a known extension is refused, and the prompt stays.
    for _ in 0.."answer.json".len() {
        let _ = key(&mut m, KeyCode::Backspace);
    }
    super::tests::typing(&mut m, "out.txt");
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    // The prompt closes so that the reason shows.
    assert!(
        matches!(&m.status.message, Some((Level::Error, t)) if t.contains(".csv") && t.contains("out.txt"))
    );
    assert_eq!(m.overlay, super::model::Overlay::None);
    // E offers the name typed, to be corrected.
    let _ = key(&mut m, KeyCode::Char('E'));
    assert!(
        matches!(&m.overlay, super::model::Overlay::Prompt(super::model::AppPrompt::Export(i)) if i.text() == "out.txt")
    );
    let _ = key(&mut m, KeyCode::Esc);
    let fx = export_as(&mut m, "out.csv");
    assert!(matches!(
        fx.as_slice(),
        [Effect::Export { path, format: crate::core::pages::Format::Csv, replace: false, .. }] if path.ends_with("out.csv")
    ));
    // The file is there: the prompt opens on it again, says so, and Enter replaces it.
    update(&mut m, Message::ExportExists("out.csv".into()));
    let text = super::tests::text_of(&mut m, 120, 40);
    assert!(
        text.contains("export to: out.csv")
            && text.contains("(already there: Enter replaces it, Esc keeps it)"),
        "{text}"
    );
    let fx = key(&mut m, KeyCode::Enter);
    assert!(matches!(
        fx.as_slice(),
        [Effect::Export { replace: true, .. }]
    ));
    // Asked again from a new prompt, the same name is not replaced without a second warning.
    update(&mut m, Message::ExportExists("out.csv".into()));
    let _ = key(&mut m, KeyCode::Esc);
    let fx = export_as(&mut m, "out.csv");
    assert!(matches!(
        fx.as_slice(),
        [Effect::Export { replace: false, .. }]
    ));
}

/// `E`, the suggested name replaced by `name`, Enter.
fn export_as(m: &mut super::model::Model, name: &str) -> Vec<Effect> {
    let _ = key(m, KeyCode::Char('E'));
    for _ in 0.."answer.json".len() {
        let _ = key(m, KeyCode::Backspace);
    }
    super::tests::typing(m, name);
    key(m, KeyCode::Enter)
}

#[test]
fn a_cursor_left_in_the_rows_is_said_when_every_page_is_fetched() {
    let mut m = model();
    open(&mut m, "community groups read");
    super::tests::send_and_answer(
        &mut m,
        r#"{"data":[{"id":"1"}],"paging":{"cursors":{"after":"QVFI"},"next":"http://127.0.0.1:8765/community/groups?after=QVFI"}}"#,
        200,
    );
    let _ = key(&mut m, KeyCode::Char(']'));
    let fx = key(&mut m, KeyCode::Char('}'));
    assert!(fx.iter().any(|e| matches!(e, Effect::FetchAll { .. })));
    assert!(
        matches!(&m.status.message, Some((Level::Info, t)) if t.contains("from the after= cursor")),
        "{:?}",
        m.status.message
    );
}

#[test]
fn a_message_on_two_rows_takes_its_row_from_the_viewer() {
    let mut m = super::model::Model::new(
        std::sync::Arc::new(crate::core::catalogue::Catalogue::builtin().expect("catalogue")),
        super::model::Connection::default(),
        super::model::Mode::View,
    );
    update(&mut m, Message::Resize(80, 24));
    let items: Vec<String> = (0..200).map(|i| format!(r#"{{"id":"{i}"}}"#)).collect();
    let body = format!(r#"{{"data":[{}]}}"#, items.join(","));
    let doc = std::sync::Arc::new(crate::core::doc::Document::new(body.into_bytes()));
    update(&mut m, Message::Loaded(doc));
    let rows = |m: &super::model::Model| {
        m.response
            .viewer
            .as_ref()
            .map_or(0, |v| v.viewer().rows(80).len())
    };
    let before = rows(&m);
    update(
        &mut m,
        Message::Note(Level::Info, "a long note ".repeat(10)),
    );
    assert_eq!(
        rows(&m),
        before - 1,
        "one row less for the second row of the message"
    );
    assert_eq!(rows(&m), super::update::response_size(&m).0);
}
