use super::*;

fn k(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}
fn c(ch: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL)
}
fn a(ch: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(ch), KeyModifiers::ALT)
}
fn typed(s: &str) -> LineInput {
    let mut i = LineInput::default();
    for ch in s.chars() {
        i.handle_key(k(KeyCode::Char(ch)));
    }
    i
}
fn shown(i: &LineInput, cols: u16) -> String {
    i.line(cols, true)
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect()
}

#[test]
fn typing_moving_and_deleting() {
    let mut i = typed("fields=id");
    assert_eq!(i.text(), "fields=id");
    assert_eq!(i.handle_key(k(KeyCode::Left)), InputOutcome::Moved);
    i.handle_key(k(KeyCode::Backspace));
    assert_eq!(i.text(), "fields=d");
    i.handle_key(c('a'));
    assert_eq!(i.cursor(), 0);
    i.handle_key(k(KeyCode::Delete));
    assert_eq!(i.text(), "ields=d");
    i.handle_key(c('e'));
    assert_eq!(i.cursor(), 7);
    i.handle_key(k(KeyCode::Home));
    i.handle_key(c('f'));
    i.handle_key(c('d'));
    assert_eq!(i.text(), "ilds=d");
    i.handle_key(c('b'));
    i.handle_key(c('h'));
    assert_eq!(i.handle_key(k(KeyCode::Enter)), InputOutcome::Submit);
    assert_eq!(i.handle_key(k(KeyCode::Esc)), InputOutcome::Cancel);
    assert_eq!(i.handle_key(k(KeyCode::Up)), InputOutcome::Ignored);
    assert_eq!(
        i.handle_key(c('s')),
        InputOutcome::Ignored,
        "Ctrl-S is the app's"
    );
}

#[test]
fn words_and_kills() {
    let mut i = typed("/me/feed?fields=id,name");
    i.handle_key(a('b'));
    assert_eq!(i.cursor(), "/me/feed?fields=id,".len());
    i.handle_key(a('b'));
    i.handle_key(a('b'));
    assert_eq!(i.cursor(), "/me/feed?".len());
    i.handle_key(a('f'));
    assert_eq!(i.cursor(), "/me/feed?fields".len());
    i.handle_key(c('k'));
    assert_eq!(i.text(), "/me/feed?fields");
    i.handle_key(c('y'));
    assert_eq!(
        i.text(),
        "/me/feed?fields=id,name",
        "Ctrl-Y puts the kill back"
    );
    i.handle_key(c('w'));
    assert_eq!(i.text(), "/me/feed?fields=id,");
    i.handle_key(c('u'));
    assert_eq!(i.text(), "");
    i.handle_key(c('y'));
    assert_eq!(i.text(), "/me/feed?fields=id,");
    i.handle_key(k(KeyCode::Home));
    i.handle_key(a('d'));
    assert_eq!(i.text(), "/feed?fields=id,");
    i.handle_key(k(KeyCode::End));
    i.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT));
    assert_eq!(i.text(), "/feed?fields=");
    i.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL));
    assert_eq!(i.cursor(), 6);
}

#[test]
fn shift_is_a_character_not_a_command() {
    let mut i = LineInput::default();
    i.handle_key(KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT));
    assert_eq!(i.text(), "A");
}

#[test]
fn paste_keeps_one_line() {
    let mut i = typed("a");
    i.paste("b\tc\nd\u{1b}[31m\n");
    assert_eq!(i.text(), "ab c d[31m");
}

#[test]
fn unicode_columns() {
    let i = LineInput::new("é日本🙂");
    assert_eq!(i.cursor(), 4);
    assert_eq!(i.cursor_column(20), 1 + 2 + 2 + 2);
    assert_eq!(shown(&i, 20), "é日本🙂 ");
}

#[test]
fn the_window_keeps_the_cursor_in_view() {
    let mut i = LineInput::default();
    for n in 0..200 {
        i.handle_key(k(KeyCode::Char(char::from(b'a' + (n % 26) as u8))));
        let col = i.cursor_column(20);
        assert!(col < 20, "cursor at {col} after {n}");
        assert!(shown(&i, 20).chars().count() <= 20);
    }
    assert!(shown(&i, 20).starts_with('…'));
    assert!(shown(&i, 20).ends_with(' '), "the cursor cell at the end");
    i.handle_key(k(KeyCode::Home));
    assert_eq!(i.cursor_column(20), 0);
    assert!(shown(&i, 20).starts_with('a'));
    i.handle_key(k(KeyCode::End));
    assert_eq!(i.cursor_column(20), 19);
}

#[test]
fn control_characters_are_never_drawn() {
    let i = LineInput::new("a\u{1b}]0;x\u{7}");
    assert!(!shown(&i, 20).chars().any(char::is_control));
}

#[test]
fn a_suggestion_is_replaced_by_typing_and_kept_by_moving() {
    let mut i = LineInput::suggested("My requests/GET me");
    assert!(i.is_selected());
    assert_eq!(i.handle_key(k(KeyCode::Char('x'))), InputOutcome::Changed);
    assert_eq!(i.text(), "x", "typing replaces the suggestion");

    let mut i = LineInput::suggested("abc");
    i.handle_key(k(KeyCode::End));
    assert!(!i.is_selected());
    i.handle_key(k(KeyCode::Char('d')));
    assert_eq!(i.text(), "abcd", "a movement key keeps it for editing");

    let mut i = LineInput::suggested("abc");
    i.handle_key(k(KeyCode::Backspace));
    assert_eq!(i.text(), "", "Backspace clears it");

    let mut i = LineInput::suggested("abc");
    i.paste("/me");
    assert_eq!(i.text(), "/me", "a paste replaces it");

    let mut i = LineInput::suggested("abc");
    assert_eq!(i.handle_key(k(KeyCode::Enter)), InputOutcome::Submit);
    assert_eq!(i.text(), "abc", "Enter takes it as it is");

    let mut i = LineInput::suggested("abc");
    i.handle_key(c('a'));
    i.handle_key(k(KeyCode::Char('z')));
    assert_eq!(i.text(), "zabc", "Ctrl-A goes to the start and keeps it");
    assert!(!LineInput::suggested("").is_selected());
}
