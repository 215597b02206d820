use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::core::vars::Vars;
use crate::tui::keymap::Action;

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn cat() -> Catalogue {
    Catalogue::builtin().expect("catalogue")
}

fn loaded(id: &str) -> (RequestPane, Catalogue) {
    let c = cat();
    let mut p = RequestPane::default();
    p.load_endpoint(&c, c.endpoint(id).expect("endpoint"));
    (p, c)
}

fn type_into(p: &mut RequestPane, c: &Catalogue, s: &str) {
    for ch in s.chars() {
        p.edit_key(key(KeyCode::Char(ch)), c);
    }
    p.edit_key(key(KeyCode::Enter), c);
}

#[test]
fn an_endpoint_opens_on_its_empty_path_parameter() {
    let (p, _) = loaded("group.feed");
    assert_eq!(p.current(), Item::Path(0));
    assert_eq!(p.draft.path_params[0].name, "group-id");
    let e = p
        .draft
        .to_spec(&Vars::default())
        .expect_err("group-id empty");
    assert_eq!(
        e.to_string(),
        "fill {group-id} first: select its row and press Enter"
    );
}

#[test]
fn typing_a_request_from_scratch() {
    let c = cat();
    let mut p = RequestPane::default();
    p.on_action(Action::NextMethod, &c);
    p.on_action(Action::NextMethod, &c);
    assert_eq!(p.draft.method, crate::core::request::Method::Put);
    p.on_action(Action::EditUrl, &c);
    for _ in 0..20 {
        p.edit_key(key(KeyCode::Backspace), &c);
    }
    type_into(&mut p, &c, "/custom/{thing}/path?x=1");
    assert_eq!(p.draft.url, "/custom/{thing}/path");
    assert_eq!(p.items(), [Item::Line, Item::Path(0), Item::Query(0)]);
    assert_eq!(
        p.current(),
        Item::Path(0),
        "the empty {{thing}} is selected"
    );
    assert_eq!(p.summary, "not in the catalogue: sent as typed");
    p.on_action(Action::Edit, &c);
    type_into(&mut p, &c, "abc");
    p.on_action(Action::NextSection, &c);
    assert_eq!(p.section, Section::Headers);
    p.on_action(Action::AddRow, &c);
    type_into(&mut p, &c, "X-Trace: abc");
    p.on_action(Action::NextSection, &c);
    p.on_action(Action::BodyKind, &c);
    p.on_action(Action::BodyKind, &c);
    assert_eq!(p.draft.body.kind, BodyKind::Form);
    p.on_action(Action::AddRow, &c);
    type_into(&mut p, &c, "a=1");
    let spec = p.draft.to_spec(&Vars::default()).expect("complete");
    assert_eq!(spec.path_params, [("thing".to_owned(), "abc".to_owned())]);
    assert_eq!(spec.query, [("x".to_owned(), "1".to_owned())]);
    assert_eq!(spec.headers, [("X-Trace".to_owned(), "abc".to_owned())]);
    assert_eq!(
        spec.body,
        crate::core::request::Body::Form(vec![("a".to_owned(), "1".to_owned())])
    );
}

#[test]
fn reserved_rows_are_refused() {
    let c = cat();
    let mut p = RequestPane {
        section: Section::Headers,
        ..RequestPane::default()
    };
    p.on_action(Action::AddRow, &c);
    for ch in "Authorization: Bearer x".chars() {
        p.edit_key(key(KeyCode::Char(ch)), &c);
    }
    let out = p.edit_key(key(KeyCode::Enter), &c);
    assert!(matches!(out, Outcome::Refused(_)), "{out:?}");
    assert!(p.draft.headers.is_empty());
    p.section = Section::Params;
    p.on_action(Action::AddRow, &c);
    for ch in "appsecret_proof=1".chars() {
        p.edit_key(key(KeyCode::Char(ch)), &c);
    }
    assert!(matches!(
        p.edit_key(key(KeyCode::Enter), &c),
        Outcome::Refused(_)
    ));
}

#[test]
fn toggling_and_deleting_rows() {
    let (mut p, c) = loaded("group.feed");
    p.draft.fill("group-id", "1");
    p.on_action(Action::Down, &c);
    assert!(matches!(p.current(), Item::Query(_)));
    p.on_action(Action::Toggle, &c);
    assert!(
        p.draft
            .to_spec(&Vars::default())
            .expect("ok")
            .query
            .is_empty()
    );
    let n = p.draft.query.len();
    p.on_action(Action::DeleteRow, &c);
    assert_eq!(p.draft.query.len(), n - 1);
    p.selected = 1;
    assert!(matches!(
        p.on_action(Action::DeleteRow, &c),
        Outcome::Refused(_)
    ));
}

#[test]
fn enum_choices_are_offered() {
    let (mut p, c) = loaded("group.feed.post");
    p.section = Section::Body;
    p.draft.body.kind = BodyKind::Form;
    p.draft.body.form.push(Row::new("formatting", ""));
    p.selected = 2;
    assert_eq!(p.current(), Item::Form(0));
    assert_eq!(p.choices(Item::Form(0), &c), ["PLAINTEXT", "MARKDOWN"]);
    p.on_action(Action::NextChoice, &c);
    assert_eq!(p.draft.body.form[0].value, "PLAINTEXT");
    p.on_action(Action::NextChoice, &c);
    assert_eq!(p.draft.body.form[0].value, "MARKDOWN");
    let (facts, _) = details(&p, &c);
    assert!(facts.contains("choices: PLAINTEXT MARKDOWN"), "{facts}");
    p.on_action(Action::Edit, &c);
    p.edit_key(key(KeyCode::Down), &c);
    p.edit_key(key(KeyCode::Enter), &c);
    assert_eq!(p.draft.body.form[0].value, "PLAINTEXT");
}

#[test]
fn the_body_is_validated_and_never_lost() {
    let (mut p, c) = loaded("group.feed.post");
    assert_eq!(p.draft.body.kind, BodyKind::Json);
    p.section = Section::Body;
    p.selected = 2;
    assert_eq!(p.current(), Item::BodyText);
    p.on_action(Action::Edit, &c);
    assert_eq!(p.editing, Some(Edit::Body));
    p.edit_key(key(KeyCode::Char('{')), &c);
    assert!(p.draft.body_error().is_some());
    p.edit_key(key(KeyCode::Esc), &c);
    assert!(!p.is_editing());
    p.draft.fill("group-id", "1");
    let e = p.draft.to_spec(&Vars::default()).expect_err("invalid");
    assert!(e.to_string().contains("not valid JSON"), "{e}");
    assert!(
        p.draft.body.text.contains("\"message\""),
        "the text is kept"
    );
    // Switching the kind keeps the text.
    p.on_action(Action::BodyKind, &c);
    p.on_action(Action::BodyKind, &c);
    p.on_action(Action::BodyKind, &c);
    p.on_action(Action::BodyKind, &c);
    assert!(p.draft.body.text.contains("\"message\""));
}

#[test]
fn path_values_carry_over_to_the_next_endpoint() {
    let (mut p, c) = loaded("group.feed");
    p.draft.fill("group-id", "42");
    p.load_endpoint(&c, c.endpoint("group.feed.post").expect("endpoint"));
    assert_eq!(p.draft.path_params[0].value, "42");
    p.load_endpoint(&c, c.endpoint("post.get").expect("endpoint"));
    assert_eq!(p.draft.path_params[0].value, "");
}

#[test]
fn a_pasted_url_becomes_the_request_line() {
    let c = cat();
    let mut p = RequestPane::default();
    let out = p.paste("/{group-id}/members?limit=5", &c);
    assert!(matches!(out, Outcome::Say(_)));
    assert_eq!(p.draft.url, "/{group-id}/members");
    assert_eq!(p.draft.endpoint.as_deref(), Some("group.members"));
    assert_eq!(p.current(), Item::Path(0), "Enter now fills {{group-id}}");
}

#[test]
fn query_parameters_offer_their_catalogue_choices() {
    let (mut p, c) = loaded("group.feed");
    let i = p
        .draft
        .query
        .iter()
        .position(|r| r.name == "sorting_setting")
        .expect("a sorting_setting row");
    p.selected = 1 + p.draft.path_params.len() + i;
    assert_eq!(p.current(), Item::Query(i));
    assert_eq!(
        p.choices(p.current(), &c),
        ["RECENT_ACTIVITY", "CHRONOLOGICAL"]
    );
    p.on_action(Action::NextChoice, &c);
    assert_eq!(p.draft.query[i].value, "RECENT_ACTIVITY");
    assert!(
        p.draft.query[i].enabled,
        "picking a choice turns the row on"
    );
    let (facts, _) = details(&p, &c);
    assert!(
        facts.contains("Feed order") && facts.contains("choices: RECENT_ACTIVITY CHRONOLOGICAL"),
        "{facts}"
    );
}
