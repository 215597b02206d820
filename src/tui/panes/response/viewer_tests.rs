//! Tests of the viewer pane: its keys, prompts, search, filter and compare states.

use super::*;
use crate::tui::keymap::{Context, action_in};
use crossterm::event::{KeyCode, KeyModifiers};

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

#[derive(Debug, PartialEq)]
enum Handled {
    Yes(Vec<PaneEffect>),
    No,
}

/// A key as the app routes it: a prompt takes it, else the key table's response action.
fn handle_key(p: &mut ViewerPane, k: KeyEvent) -> Handled {
    if p.editing() {
        return Handled::Yes(p.prompt_key(k));
    }
    let digit = match k.code {
        KeyCode::Char(c) => c.to_digit(10),
        _ => None,
    };
    match action_in(&k, Context::Response) {
        Some(a) => Handled::Yes(p.on_action(a, digit)),
        None => Handled::No,
    }
}

fn pane(src: &str) -> ViewerPane {
    let mut p = ViewerPane::new(Arc::new(Document::new(src.as_bytes().to_vec())));
    p.set_size(10, 80);
    p
}

#[test]
fn typing_a_search_starts_tagged_searches() {
    let mut p = pane(r#"{"a": "xy"}"#);
    assert_eq!(
        handle_key(&mut p, key(KeyCode::Char('/'))),
        Handled::Yes(vec![])
    );
    let Handled::Yes(e) = handle_key(&mut p, key(KeyCode::Char('x'))) else {
        panic!("handled")
    };
    assert_eq!(
        e,
        vec![PaneEffect::Search {
            id: 1,
            query: "x".into()
        }]
    );
    let Handled::Yes(e) = handle_key(&mut p, key(KeyCode::Char('y'))) else {
        panic!("handled")
    };
    assert_eq!(
        e,
        vec![PaneEffect::Search {
            id: 2,
            query: "xy".into()
        }]
    );
    // A stale answer is ignored; the current one lands.
    p.search_done(1, Some(vec![]));
    assert!(p.searching);
    p.search_done(
        2,
        Some(vec![Match {
            line: 1,
            start: 7,
            len: 2,
        }]),
    );
    assert_eq!(p.viewer().match_status(), (1, Some(1)));
    assert_eq!(
        handle_key(&mut p, key(KeyCode::Enter)),
        Handled::Yes(vec![])
    );
    assert!(!p.editing());
}

#[test]
fn filter_runs_on_enter_and_f_toggles_back() {
    let mut p = pane(r#"{"data": [1, 2]}"#);
    handle_key(&mut p, key(KeyCode::Char('|')));
    for c in ".data".chars() {
        handle_key(&mut p, key(KeyCode::Char(c)));
    }
    let Handled::Yes(e) = handle_key(&mut p, key(KeyCode::Enter)) else {
        panic!("handled")
    };
    let PaneEffect::Filter { id, expr } = &e[0] else {
        panic!("filter effect")
    };
    assert_eq!(expr, ".data");
    p.filter_done(*id, Ok((Arc::new(Document::new(b"[1,2]".to_vec())), 1)));
    assert!(p.show_filtered);
    assert_eq!(p.viewer().doc().len(), 4);
    handle_key(&mut p, key(KeyCode::Char('f')));
    assert_eq!(p.viewer().doc().len(), 6);
    p.filter_done(99, Err("stale".into()));
    assert!(p.note.as_deref().is_none_or(|n| n != "stale"));
}

#[test]
fn a_failed_filter_never_shows_the_previous_result_under_its_name() {
    let mut p = pane(r#"{"data": [1, 2]}"#);
    let run = |p: &mut ViewerPane, expr: &str| {
        handle_key(p, key(KeyCode::Char('|')));
        for c in expr.chars() {
            handle_key(p, key(KeyCode::Char(c)));
        }
        let Handled::Yes(e) = handle_key(p, key(KeyCode::Enter)) else {
            panic!("handled")
        };
        let PaneEffect::Filter { id, .. } = e[0] else {
            panic!("filter")
        };
        id
    };
    let id = run(&mut p, ".data");
    p.filter_done(id, Ok((Arc::new(Document::new(b"[1,2]".to_vec())), 1)));
    assert!(p.show_filtered);
    // `|` opens with the last filter selected: typing replaces it.
    handle_key(&mut p, key(KeyCode::Char('|')));
    assert!(matches!(&p.prompt, Some(Prompt::Filter(i)) if i.is_selected()));
    handle_key(&mut p, key(KeyCode::Esc));
    let id = run(&mut p, ".data |");
    p.filter_done(id, Err("jq syntax error at column 8".into()));
    assert!(!p.show_filtered && p.filtered.is_none());
    assert_eq!(
        p.viewer().doc().len(),
        6,
        "the unfiltered body, with the error"
    );
    assert_eq!(p.note.as_deref(), Some("jq syntax error at column 8"));
}

#[test]
fn filter_errors_are_shown_inline() {
    let mut p = pane(r#"{"a": 1}"#);
    handle_key(&mut p, key(KeyCode::Char('|')));
    handle_key(&mut p, key(KeyCode::Char('+')));
    let Handled::Yes(e) = handle_key(&mut p, key(KeyCode::Enter)) else {
        panic!("handled")
    };
    let PaneEffect::Filter { id, .. } = e[0] else {
        panic!("filter")
    };
    p.filter_done(id, Err("jq syntax error (…)".into()));
    assert_eq!(p.note.as_deref(), Some("jq syntax error (…)"));
    assert!(!p.show_filtered);
}

#[test]
fn copy_keys_and_unknown_keys() {
    let mut p = pane(r#"{"a": {"b": "v"}}"#);
    handle_key(&mut p, key(KeyCode::Char(':')));
    handle_key(&mut p, key(KeyCode::Char('3')));
    handle_key(&mut p, key(KeyCode::Enter));
    assert_eq!(
        handle_key(&mut p, key(KeyCode::Char('c'))),
        Handled::Yes(vec![PaneEffect::Copy {
            text: "v".into(),
            what: "value"
        }])
    );
    assert_eq!(
        handle_key(&mut p, key(KeyCode::Char('C'))),
        Handled::Yes(vec![PaneEffect::Copy {
            text: ".a.b".into(),
            what: "path"
        }])
    );
    assert_eq!(handle_key(&mut p, key(KeyCode::Char('q'))), Handled::No);
    assert_eq!(handle_key(&mut p, key(KeyCode::Tab)), Handled::No);
}
