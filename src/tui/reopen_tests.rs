//! Opening history entries again: the whole answer the history kept is read off the loop and
//! shown, two entries opened one after the other compare with `=`, and a read that comes too
//! late is dropped.

use crossterm::event::KeyCode;

use super::model::{Effect, Focus, Left, Message, Model};
use super::panes::saved::{Recorded, SavedItem};
use super::tests::{key, model, open, send_and_answer, text_of};
use super::update::update;

/// A history entry whose answer (`size` bytes) the history kept whole in `file`.
fn kept_item(path: &str, size: usize, file: Option<&str>) -> SavedItem {
    let req = crate::core::collection::SavedRequest::from_spec(
        &format!("GET {path}"),
        &crate::core::request::RequestSpec::get(path),
    );
    SavedItem {
        collection: None,
        label: format!("\u{27f2} 200 GET    {path} · 40 ms · 10:00"),
        request: req,
        variables: Default::default(),
        recorded: Some(Recorded {
            time: 1_700_000_000,
            status: 200,
            duration_ms: 40,
            size,
            preview: r#"{"data":[{"id":"1","na"#.into(),
            body_file: file.map(str::to_owned),
            preview_whole: false,
        }),
    }
}

/// Opens row `row` of the saved pane; returns the kept-body read it asked for.
fn open_row(m: &mut Model, row: usize) -> Option<(u64, String)> {
    m.left.show = Left::Saved;
    m.focus = Focus::Endpoints;
    key(m, KeyCode::Char('g'));
    for _ in 0..row {
        key(m, KeyCode::Char('j'));
    }
    key(m, KeyCode::Enter).into_iter().find_map(|e| match e {
        Effect::ReadKept { id, name } => Some((id, name)),
        _ => None,
    })
}

fn doc(body: &str) -> std::sync::Arc<crate::core::doc::Document> {
    std::sync::Arc::new(crate::core::doc::Document::new(body.as_bytes().to_vec()))
}

/// The status line's message.
fn said(m: &Model) -> String {
    m.status
        .message
        .as_ref()
        .map(|(_, t)| t.clone())
        .unwrap_or_default()
}

const A: &str = r#"{"data":[{"id":"1","name":"Ann"},{"id":"2","name":"Bo"}]}"#;
const B: &str = r#"{"data":[{"id":"1","name":"Ann"},{"id":"2","name":"Bob"}]}"#;

fn list(m: &mut Model) {
    update(
        m,
        Message::SavedList(
            vec![
                kept_item("/g/members", A.len(), Some("1-1-0.body")),
                kept_item("/g/members", B.len(), Some("2-1-0.body")),
                kept_item("/g/feed", 90_000, None),
            ],
            vec![],
        ),
    );
}

#[test]
fn a_history_entry_opens_with_the_whole_answer_the_history_kept() {
    let mut m = model();
    list(&mut m);
    let (id, name) = open_row(&mut m, 0).expect("the kept body is read");
    assert_eq!(name, "1-1-0.body");
    update(
        &mut m,
        Message::Kept {
            id,
            body: Ok(doc(A)),
        },
    );
    let text = text_of(&mut m, 120, 40);
    assert!(text.contains("Recorded"), "{text}");
    assert!(
        text.contains("\"Bo\""),
        "the whole answer is shown:\n{text}"
    );
    assert!(
        !text.contains("start kept"),
        "nothing says it was cut:\n{text}"
    );
}

#[test]
fn two_history_entries_opened_in_turn_compare_with_equals() {
    let mut m = model();
    list(&mut m);
    for (row, body) in [(0, A), (1, B)] {
        let (id, _) = open_row(&mut m, row).expect("a read");
        update(
            &mut m,
            Message::Kept {
                id,
                body: Ok(doc(body)),
            },
        );
    }
    assert!(
        said(&m).contains("= compares"),
        "the status says = compares them: {}",
        said(&m)
    );
    m.focus = Focus::Response;
    let fx = key(&mut m, KeyCode::Char('='));
    let Some(Effect::Compare { before, after, .. }) = fx.first() else {
        panic!("= compares: {} effects", fx.len());
    };
    assert_eq!(before.raw_json(), Some(A.as_bytes()));
    assert_eq!(after.raw_json(), Some(B.as_bytes()));
}

#[test]
fn a_read_that_comes_after_a_newer_answer_is_dropped() {
    let mut m = model();
    list(&mut m);
    let (id, _) = open_row(&mut m, 0).expect("a read");
    // A second entry opened before the first read came: only its own read counts.
    let (second, _) = open_row(&mut m, 1).expect("a read");
    update(
        &mut m,
        Message::Kept {
            id,
            body: Ok(doc(A)),
        },
    );
    assert!(m.response.data.is_none(), "the first read is dropped");
    // A send answered before the second read came: the read is dropped too.
    open(&mut m, "member get");
    send_and_answer(&mut m, r#"{"id":"fresh"}"#, 200);
    update(
        &mut m,
        Message::Kept {
            id: second,
            body: Ok(doc(B)),
        },
    );
    let shown = m.response.data.as_ref().expect("the answer");
    assert_eq!(shown.doc.raw_json(), Some(&br#"{"id":"fresh"}"#[..]));
}

#[test]
fn an_unread_or_unkept_answer_shows_its_start_and_says_why() {
    let mut m = model();
    list(&mut m);
    let (id, _) = open_row(&mut m, 0).expect("a read");
    update(
        &mut m,
        Message::Kept {
            id,
            body: Err("its body file 1-1-0.body could not be read (gone)".into()),
        },
    );
    assert!(said(&m).contains("could not be read"), "{}", said(&m));
    // Not kept at all (over the limit): its start at once, and the title says so.
    assert!(open_row(&mut m, 2).is_none(), "nothing to read");
    let text = text_of(&mut m, 120, 40);
    assert!(text.contains("only its start kept"), "{text}");
    assert!(said(&m).contains("max_body_bytes"), "{}", said(&m));
}

#[test]
fn a_read_that_comes_after_a_send_started_is_never_shown_over_its_failure() {
    let mut m = model();
    list(&mut m);
    let (id, _) = open_row(&mut m, 0).expect("a read");
    // Ctrl-S sends the entry again; the send fails before the read comes.
    let fx = super::tests::ctrl(&mut m, 's');
    let send = fx
        .iter()
        .find_map(|e| match e {
            Effect::Send { id, .. } => Some(*id),
            _ => None,
        })
        .expect("a send");
    update(
        &mut m,
        Message::Sent {
            id: send,
            result: Err("connection refused: is the server up?".into()),
        },
    );
    update(
        &mut m,
        Message::Kept {
            id,
            body: Ok(doc(A)),
        },
    );
    assert!(m.response.data.is_none(), "the old answer is not shown");
    assert!(
        m.response
            .failure
            .as_deref()
            .is_some_and(|f| f.contains("connection refused")),
        "the failure stays: {:?}",
        m.response.failure
    );
}

#[test]
fn browsing_the_history_stays_in_the_list_and_says_each_whole_row() {
    let mut m = model();
    let rows = ["/a/members", "/b/members", "/c/members"].map(|p| kept_item(p, 10, None));
    update(&mut m, Message::SavedList(rows.to_vec(), vec![]));
    open_row(&mut m, 0);
    assert_eq!(
        m.focus,
        Focus::Endpoints,
        "the list keeps the focus: j, Enter opens the next"
    );
    key(&mut m, KeyCode::Char('j'));
    assert!(
        said(&m).contains("/b/members") && said(&m).contains("Enter opens it"),
        "{}",
        said(&m)
    );
    // A send written to the history reads the open list again; the row selected stays selected.
    let fx = update(&mut m, Message::HistoryWritten);
    assert!(matches!(fx.as_slice(), [Effect::LoadSaved]));
    let selected = m.left.saved.selected_item().map(|i| i.label.clone());
    let mut items = vec![kept_item("/new", 10, None)];
    items.extend(m.left.saved.items.clone());
    update(&mut m, Message::SavedList(items, vec![]));
    assert_eq!(
        m.left.saved.selected_item().map(|i| i.label.clone()),
        selected,
        "the same row, though a new one came first"
    );
    assert!(selected.is_some_and(|l| l.contains("/b/members")));
    // With the endpoints shown, nothing is read.
    m.left.show = Left::Endpoints;
    assert!(update(&mut m, Message::HistoryWritten).is_empty());
}
