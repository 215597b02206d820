//! The newcomer's bugs of issue 11, each through `update` and a rendered screen.

use super::model::Message;
use super::tests::{model, open, screen, send_and_answer};
use super::update::update;

/// The sandbox's long "Unsupported get request" error, as Graph words it.
const LONG_ERROR: &str = r#"{"error":{"message":"Unsupported get request. Object with ID '1001' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"AbCdEf123"}}"#;

#[test]
fn the_error_box_shows_the_whole_message_and_its_facts_at_80x24() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut m = model();
        open(&mut m, "community groups read");
        send_and_answer(&mut m, LONG_ERROR, 400);
        update(&mut m, Message::Resize(w, h));
        let text = format!("{}", screen(&m, w, h).backend());
        // The facts line may wrap, but every fact is on screen, and so is the end of the message.
        for fact in [
            "GraphMethodException",
            "code 100",
            "subcode 33",
            "AbCdEf123",
        ] {
            assert!(text.contains(fact), "{w}×{h}: {fact} is shown:\n{text}");
        }
        assert!(
            text.contains("docs/graph-api"),
            "{w}×{h}: the message is not cut:\n{text}"
        );
    }
}

#[test]
fn the_permission_explanation_is_not_cut_mid_sentence_at_80x24() {
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(
        &mut m,
        r#"{"error":{"message":"(#10) Application does not have permission for this action","type":"OAuthException","code":10,"fbtrace_id":"XyZ987"}}"#,
        403,
    );
    update(&mut m, Message::Resize(80, 24));
    let text = format!("{}", screen(&m, 80, 24).backend());
    assert!(text.contains("code 10"), "{text}");
    assert!(
        text.contains("manage_group."),
        "the sentence ends on screen:\n{text}"
    );
}

#[test]
fn quitting_with_unsaved_edits_asks_once_and_ctrl_c_always_quits() {
    let mut m = model();
    open(&mut m, "community groups read");
    super::tests::key(&mut m, crossterm::event::KeyCode::Char('q'));
    assert_eq!(m.session.quit, Some(0), "nothing edited: q quits");

    let mut m = model();
    open(&mut m, "community groups read");
    m.request.draft.fill("group-id", "1");
    m.request.draft.query[0].value = "id".into();
    super::tests::key(&mut m, crossterm::event::KeyCode::Char('q'));
    assert_eq!(m.session.quit, None, "edited: q asks first");
    let said = m.status.message.clone().map(|(_, t)| t).unwrap_or_default();
    assert!(said.contains("q again quits"), "{said}");
    super::tests::key(&mut m, crossterm::event::KeyCode::Char('q'));
    assert_eq!(m.session.quit, Some(0), "asked once: q quits");

    let mut m = model();
    open(&mut m, "community groups read");
    m.request.draft.query[0].value = "id".into();
    super::tests::ctrl(&mut m, 'c');
    assert_eq!(m.session.quit, Some(0), "Ctrl-C never asks");

    let mut m = model();
    open(&mut m, "community groups read");
    super::tests::key(&mut m, crossterm::event::KeyCode::Char('s'));
    assert!(matches!(m.overlay, super::model::Overlay::Prompt(_)));
    super::tests::ctrl(&mut m, 'c');
    assert_eq!(m.session.quit, Some(0), "Ctrl-C quits from a prompt too");
}

fn demo_apps() -> Vec<super::model::DemoApp> {
    let app = |key: &str, name: &str, perms: &[&str], proof| super::model::DemoApp {
        key: key.into(),
        name: name.into(),
        permissions: perms.iter().map(|p| (*p).to_owned()).collect(),
        require_proof: proof,
    };
    vec![
        app(
            "all",
            "All permissions",
            &["read_group", "write_group"],
            true,
        ),
        app("readonly", "Read only", &["read_group"], false),
        app("bot", "Bot", &["bot_mention", "message"], false),
    ]
}

#[test]
fn snapshots_of_the_switcher_and_the_readonly_error_at_two_sizes() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut m = model();
        m.conn.sandbox = true;
        m.conn.apps = demo_apps();
        m.conn.app = Some("all".into());
        update(&mut m, Message::Resize(w, h));
        let fx = super::tests::key(&mut m, crossterm::event::KeyCode::Char('P'));
        assert!(
            fx.iter()
                .any(|e| matches!(e, super::model::Effect::ListEnvironments))
        );
        update(&mut m, Message::Environments(vec!["staging".into()]));
        insta::assert_snapshot!(format!("switcher_{w}x{h}"), screen(&m, w, h).backend());
        for c in "readonly".chars() {
            super::tests::key(&mut m, crossterm::event::KeyCode::Char(c));
        }
        let fx = super::tests::key(&mut m, crossterm::event::KeyCode::Enter);
        assert!(
            fx.iter()
                .any(|e| matches!(e, super::model::Effect::SwitchApp(k) if k == "readonly"))
        );
        update(&mut m, Message::Switched("readonly".into()));
        open(&mut m, "feed write_group");
        m.request.draft.fill("group-id", "287006177637920");
        send_and_answer(
            &mut m,
            r#"{"error":{"message":"(#10) Application does not have permission for this action: it requires the write_group permission","type":"OAuthException","code":10,"fbtrace_id":"AWpxE3779BA"}}"#,
            403,
        );
        update(&mut m, Message::Resize(w, h));
        let t = screen(&m, w, h);
        let text = format!("{}", t.backend());
        assert!(
            text.contains("app readonly"),
            "the status bar names the app:\n{text}"
        );
        insta::assert_snapshot!(format!("readonly_error_{w}x{h}"), t.backend());
    }
}

#[test]
fn wpx_view_lists_only_the_viewer_keys_and_says_there_is_no_request() {
    let text: String = super::help::text(super::keymap::Context::Response, 200, false);
    assert!(
        text.contains("jq filter") && text.contains("quit"),
        "{text}"
    );
    for explorer_only in [
        "next method",
        "save the request",
        "next page",
        "next endpoint",
    ] {
        assert!(
            !text.contains(explorer_only),
            "{explorer_only} is not a viewer key:\n{text}"
        );
    }
    let mut m = super::model::Model::new(
        std::sync::Arc::new(crate::core::catalogue::Catalogue::builtin().expect("catalogue")),
        super::model::Connection::default(),
        super::model::Mode::View,
    );
    super::tests::key(&mut m, crossterm::event::KeyCode::Char(']'));
    let said = m.status.message.clone().map(|(_, t)| t).unwrap_or_default();
    assert!(said.contains("no request to page"), "{said}");
}

#[test]
fn the_palette_finds_actions_endpoints_and_apps() {
    use crossterm::event::KeyCode;
    let typed = |m: &mut super::model::Model, text: &str| {
        for c in text.chars() {
            super::tests::key(m, KeyCode::Char(c));
        }
        super::tests::key(m, KeyCode::Enter)
    };
    let mut m = model();
    m.conn.sandbox = true;
    m.conn.apps = demo_apps();
    update(&mut m, Message::Resize(80, 24));
    let fx = super::tests::ctrl(&mut m, 'p');
    assert!(
        fx.iter()
            .any(|e| matches!(e, super::model::Effect::LoadSaved))
    );
    assert!(matches!(&m.overlay, super::model::Overlay::Switcher(s) if s.palette));
    insta::assert_snapshot!("palette_80x24", screen(&m, 80, 24).backend());
    // An endpoint, found fuzzily.
    typed(&mut m, "grp feed");
    assert_eq!(m.request.draft.endpoint.as_deref(), Some("group.feed"));
    assert!(matches!(m.overlay, super::model::Overlay::None));
    // An action, run in its pane.
    super::tests::ctrl(&mut m, 'p');
    typed(&mut m, "next method");
    assert_eq!(m.request.draft.method, crate::core::request::Method::Post);
    assert_eq!(m.focus, super::model::Focus::Request);
    // A demo app.
    super::tests::ctrl(&mut m, 'p');
    let fx = typed(&mut m, "app readonly");
    assert!(
        fx.iter()
            .any(|e| matches!(e, super::model::Effect::SwitchApp(k) if k == "readonly")),
        "choosing an app switches to it"
    );
}

#[test]
fn saving_a_saved_request_again_keeps_its_variables_and_description() {
    use crossterm::event::KeyCode;
    let mut m = model();
    let mut req = crate::core::collection::SavedRequest::from_spec(
        "Feed",
        &crate::core::request::RequestSpec::get("/{{group}}/feed"),
    );
    req.folder = "Groups".into();
    req.description = "The team's feed.\nUse {{group}} from the environment.".into();
    update(
        &mut m,
        Message::SavedList(
            vec![super::panes::saved::SavedItem {
                collection: Some("Demo".into()),
                request: req,
                label: "GET    Groups/Feed · Demo".into(),
                variables: Default::default(),
                recorded: None,
            }],
            vec![],
        ),
    );
    m.left.show = super::model::Left::Saved;
    m.focus = super::model::Focus::Endpoints;
    super::tests::key(&mut m, KeyCode::Enter);
    assert_eq!(m.request.draft.url, "/{{group}}/feed");
    super::tests::key(&mut m, KeyCode::Char('s'));
    // The suggestion is the request's own name: Enter saves it over itself.
    for _ in 0..60 {
        super::tests::key(&mut m, KeyCode::Backspace);
    }
    for c in "Demo/Groups/Feed".chars() {
        super::tests::key(&mut m, KeyCode::Char(c));
    }
    let fx = super::tests::key(&mut m, KeyCode::Enter);
    let saved = fx
        .iter()
        .find_map(|e| match e {
            super::model::Effect::Save { request, .. } => Some(request.clone()),
            _ => None,
        })
        .expect("a save");
    assert_eq!(
        saved.path, "/{{group}}/feed",
        "the variable stays a template"
    );
    assert_eq!(
        saved.description,
        "The team's feed.\nUse {{group}} from the environment."
    );
}

#[test]
fn no_color_draws_in_bold_and_reverse_only() {
    use ratatui::style::{Color, Modifier};
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(&mut m, LONG_ERROR, 400);
    m.session.no_color = true;
    update(&mut m, Message::Resize(80, 24));
    let t = screen(&m, 80, 24);
    let buf = t.backend().buffer();
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "no colour anywhere"
    );
    assert!(
        buf.content
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED)),
        "the selection and badges are reversed instead"
    );
    m.session.no_color = false;
    let coloured = screen(&m, 80, 24);
    assert!(
        coloured
            .backend()
            .buffer()
            .content
            .iter()
            .any(|c| c.fg != Color::Reset),
        "colours without NO_COLOR (the test can fail)"
    );
}

#[test]
fn the_key_hint_is_never_cut_from_the_connection_line() {
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(&mut m, r#"{"data":[]}"#, 200);
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        update(&mut m, Message::Resize(w, h));
        let text = format!("{}", screen(&m, w, h).backend());
        let last = text.lines().last().unwrap_or_default().to_owned();
        assert!(last.contains("? keys · q quit"), "{w}×{h}: {last}");
        assert!(
            last.contains("valid"),
            "{w}×{h}: the countdown stays: {last}"
        );
    }
}

#[test]
fn the_id_of_a_post_just_made_is_a_post() {
    use crossterm::event::KeyCode;
    let mut m = model();
    open(&mut m, "feed write_group");
    assert_eq!(m.request.draft.endpoint.as_deref(), Some("group.feed.post"));
    m.request.draft.fill("group-id", "287006177630001");
    send_and_answer(&mut m, r#"{"id":"287006177630001_900"}"#, 200);
    super::tests::key(&mut m, KeyCode::Down);
    super::tests::key(&mut m, KeyCode::Enter);
    let menu = m.response.id_menu.as_ref().expect("a menu");
    assert_eq!(menu.param, "post-id", "not the group the post was made in");
    assert!(
        menu.options
            .iter()
            .any(|&i| m.catalogue.endpoints[i].id == "post.delete"),
        "DELETE /{{post-id}} is offered"
    );
}

fn history_item(path: &str, status: u16, preview: &str) -> super::panes::saved::SavedItem {
    let req = crate::core::collection::SavedRequest::from_spec(
        &format!("GET {path}"),
        &crate::core::request::RequestSpec::get(path),
    );
    super::panes::saved::SavedItem {
        collection: None,
        label: format!("\u{27f2} {status} GET    {path} · 40 ms · 10:00"),
        request: req,
        variables: Default::default(),
        recorded: Some(super::panes::saved::Recorded {
            time: 1_700_000_000,
            status,
            duration_ms: 40,
            size: preview.len(),
            preview: preview.into(),
            body_file: None,
            preview_whole: true,
        }),
    }
}

#[test]
fn enter_on_history_shows_the_response_it_got() {
    use crossterm::event::KeyCode;
    let mut m = model();
    let denied = r#"{"error":{"message":"(#10) Requires read_group permission","type":"OAuthException","code":10,"fbtrace_id":"Fake1"}}"#;
    update(
        &mut m,
        Message::SavedList(
            vec![
                history_item("/me", 200, r#"{"id":"100","name":"Demo User"}"#),
                history_item("/1001/feed", 403, denied),
            ],
            vec![],
        ),
    );
    m.left.show = super::model::Left::Saved;
    m.focus = super::model::Focus::Endpoints;
    super::tests::key(&mut m, KeyCode::Char('j'));
    super::tests::key(&mut m, KeyCode::Enter);
    assert_eq!(m.request.draft.url, "/1001/feed");
    update(&mut m, Message::Resize(120, 40));
    let text = format!("{}", screen(&m, 120, 40).backend());
    assert!(text.contains("Recorded"), "{text}");
    assert!(text.contains("403"), "{text}");
    assert!(
        text.contains("code 10"),
        "the recorded error is decoded:\n{text}"
    );
    assert!(m.status.inflight.is_none(), "nothing was sent");
    // A send that failed in transport recorded no response: the pane says so, with no empty body.
    update(
        &mut m,
        Message::SavedList(vec![history_item("/down", 0, "")], vec![]),
    );
    m.focus = super::model::Focus::Endpoints;
    super::tests::key(&mut m, KeyCode::Enter);
    assert!(m.response.data.is_none());
    assert!(
        m.response
            .failure
            .as_deref()
            .is_some_and(|f| f.contains("failed at") && f.contains("Ctrl-S sends it again")),
        "{:?}",
        m.response.failure
    );
}

#[test]
fn a_click_in_the_saved_pane_opens_the_row_shown_there() {
    use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut m = model();
    update(&mut m, Message::Resize(120, 40));
    update(
        &mut m,
        Message::SavedList(
            vec![
                history_item("/me", 200, "{}"),
                history_item("/community/groups", 200, "{}"),
                history_item("/1001/members", 200, "{}"),
            ],
            vec![],
        ),
    );
    m.left.show = super::model::Left::Saved;
    m.focus = super::model::Focus::Endpoints;
    // Filtered to one row, which is then the first row on screen.
    super::tests::key(&mut m, KeyCode::Char('/'));
    for c in "members".chars() {
        super::tests::key(&mut m, KeyCode::Char(c));
    }
    let a = super::layout::areas(&m);
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: a.endpoints.x + 3,
        row: a.endpoints.y + 1,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut m, Message::Mouse(click));
    assert!(!m.left.saved.filtering, "opening leaves the filter");
    assert_eq!(
        m.request.draft.url, "/1001/members",
        "the row shown, not the endpoint list's first row"
    );
}

#[test]
fn the_theme_paints_every_role_and_the_light_preset_changes_the_colours() {
    use super::theme::{ROLES, Role, Theme, role};
    use ratatui::style::Color;
    let mut m = model();
    open(&mut m, "community groups read");
    send_and_answer(
        &mut m,
        r#"{"data":[{"id":"1","name":"x","n":3,"ok":true}]}"#,
        200,
    );
    update(&mut m, Message::Resize(120, 40));
    let placeholders: Vec<Color> = ROLES.iter().map(|(r, _)| role(*r)).collect();
    for theme in [Theme::dark(), Theme::light()] {
        m.session.theme = theme.clone();
        let t = screen(&m, 120, 40);
        let cells = &t.backend().buffer().content;
        assert!(
            !cells
                .iter()
                .any(|c| placeholders.contains(&c.fg) || placeholders.contains(&c.bg)),
            "no role is left unpainted"
        );
        // The focused pane's frame is in the theme's accent.
        assert!(
            cells.iter().any(|c| c.fg == theme.colour(Role::Accent)),
            "the accent is used"
        );
    }
    assert_ne!(
        Theme::dark().colour(Role::Warning),
        Theme::light().colour(Role::Warning),
        "yellow is unreadable on a light background"
    );
}
