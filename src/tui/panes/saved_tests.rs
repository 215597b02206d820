use super::*;
use crate::core::collection::SavedRequest;
use crossterm::event::{KeyCode, KeyModifiers};

fn item(collection: Option<&str>, label: &str) -> SavedItem {
    SavedItem {
        collection: collection.map(str::to_owned),
        request: SavedRequest {
            name: label.to_owned(),
            folder: String::new(),
            method: crate::core::request::Method::Get,
            path: "/me".into(),
            description: String::new(),
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: String::new(),
            form: Vec::new(),
        },
        label: label.to_owned(),
        variables: Default::default(),
        recorded: None,
    }
}

fn pane(n: usize) -> SavedPane {
    let mut p = SavedPane::default();
    let mut items: Vec<SavedItem> = (0..n)
        .map(|i| item(Some("Mine"), &format!("GET    Team/request {i} · Mine")))
        .collect();
    items.push(item(
        None,
        "\u{27f2} 200 GET    /community/feed · 40 ms · 10:00",
    ));
    p.set(items);
    p
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn typed(p: &mut SavedPane, s: &str) {
    p.on_action(Action::Find, 10);
    for c in s.chars() {
        p.filter_key(key(KeyCode::Char(c)));
    }
}

#[test]
fn slash_filters_fuzzily_and_enter_opens_the_best_match() {
    let mut p = pane(30);
    typed(&mut p, "comfeed");
    assert_eq!(p.shown_len(), 1, "only the history row has community/feed");
    match p.filter_key(key(KeyCode::Enter)) {
        Outcome::Open(it) => assert!(it.collection.is_none(), "{it:?}"),
        other => panic!("{other:?}"),
    }
    assert!(!p.filtering);
    assert!(p.clear_filter(), "Esc then brings every row back");
    assert_eq!(p.shown_len(), 31);
    assert!(!p.clear_filter(), "a second Esc has nothing to clear");
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let mut p = pane(3);
    typed(&mut p, "zzqq");
    assert_eq!(p.shown_len(), 0);
    let mut t =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(70, 6)).expect("terminal");
    t.draw(|f| draw(&p, f, f.area(), true)).expect("draw");
    let text = format!("{}", t.backend());
    assert!(text.contains("nothing matches 'zzqq'"), "{text}");
    assert_eq!(p.on_action(Action::Open, 5), Outcome::Handled);
}

#[test]
fn pages_and_ends_move_by_the_rows_on_screen() {
    let mut p = pane(30);
    p.on_action(Action::PageDown, 10);
    assert_eq!(p.selected, 10);
    p.on_action(Action::PageDown, 10);
    p.on_action(Action::PageUp, 10);
    assert_eq!(p.selected, 10);
    p.on_action(Action::Bottom, 10);
    assert_eq!(p.selected, 30);
    p.on_action(Action::PageDown, 10);
    assert_eq!(p.selected, 30, "stays on the last row");
    p.on_action(Action::Top, 10);
    assert_eq!(p.selected, 0);
}

#[test]
fn a_click_selects_the_row_shown_and_a_second_click_opens_it() {
    let mut p = pane(30);
    p.offset = 5;
    assert_eq!(p.click(2), Outcome::Handled);
    assert_eq!(p.selected, 7);
    match p.click(2) {
        Outcome::Open(it) => assert_eq!(it.request.name, "GET    Team/request 7 · Mine"),
        other => panic!("{other:?}"),
    }
    // Filtered, a click acts on the filtered rows, not on the full list.
    typed(&mut p, "comfeed");
    p.filtering = false;
    p.click(0);
    match p.click(0) {
        Outcome::Open(it) => assert!(it.collection.is_none()),
        other => panic!("{other:?}"),
    }
    assert_eq!(p.click(9), Outcome::Handled, "below the rows: nothing");
}

#[test]
fn delete_asks_twice_on_the_same_row_and_never_on_history() {
    let mut p = pane(2);
    assert_eq!(p.on_action(Action::Delete, 5), Outcome::Handled);
    assert!(p.confirm_delete.is_some());
    assert_eq!(
        p.on_action(Action::Delete, 5),
        Outcome::Delete("Mine".into(), "GET    Team/request 0 · Mine".into())
    );
    p.on_action(Action::Delete, 5);
    p.on_action(Action::Down, 5);
    p.on_action(Action::Delete, 5);
    assert_eq!(p.confirm_delete, Some(1), "moving away forgets the first D");
    p.on_action(Action::Bottom, 5);
    p.on_action(Action::Delete, 5);
    assert_eq!(
        p.on_action(Action::Delete, 5),
        Outcome::Handled,
        "history is not deleted"
    );
}

#[test]
fn new_rows_keep_the_filter() {
    let mut p = pane(3);
    typed(&mut p, "comfeed");
    p.set(pane(5).items);
    assert_eq!(p.shown_len(), 1);
}
