use std::sync::Arc;

use proptest::prelude::*;

use super::viewer::Viewer;
use super::*;

fn text_of(doc: &Document, i: usize, folded: Option<usize>) -> String {
    doc.render(i, folded, 0, usize::MAX / 4)
        .iter()
        .map(|p| p.text.as_ref())
        .collect()
}

fn all_lines(doc: &Document) -> Vec<String> {
    (0..doc.len()).map(|i| text_of(doc, i, None)).collect()
}

#[test]
fn lines_match_serde_pretty() {
    let src = r#"{"data":[{"id":"1","name":"A","tags":[],"o":{}},{"id":"2","n":1.50e3,"ok":true,"x":null}],"paging":{"cursors":{"after":"b"}}}"#;
    let doc = Document::new(src.as_bytes().to_vec());
    let v: serde_json::Value = serde_json::from_str(src).expect("json");
    let expected = serde_json::to_string_pretty(&v)
        .expect("pretty")
        .replace("1500.0", "1.50e3");
    assert_eq!(all_lines(&doc).join("\n"), expected);
}

#[test]
fn folded_summary_and_comma() {
    let doc = Document::new(br#"{"a":[1,2,3],"b":{"x":1}}"#.to_vec());
    assert_eq!(text_of(&doc, 1, Some(3)), "  \"a\": [\u{2026}] 3 items,");
    assert_eq!(text_of(&doc, 6, Some(1)), "  \"b\": {\u{2026}} 1 key");
}

#[test]
fn text_and_binary_bodies() {
    let doc = Document::new(b"<html>\n<body>\x1b[2J oops</body>\n".to_vec());
    assert_eq!(doc.len(), 2);
    assert!(doc.describe().starts_with("text"));
    let line = text_of(&doc, 1, None);
    assert!(!line.contains('\x1b'), "{line:?}");
    assert!(line.contains("\\u001b[2J"));
    let doc = Document::new(vec![0, 1, 2, 0xff, b'A']);
    assert!(doc.describe().starts_with("binary, 5 bytes"));
    assert!(text_of(&doc, 1, None).starts_with("00000000  00 01 02 ff 41"));
}

#[test]
fn c1_controls_in_strings_are_escaped() {
    let doc = Document::new("[\"a\u{9b}31mred\u{7f}\"]".as_bytes().to_vec());
    let line = text_of(&doc, 1, None);
    assert!(!line.contains('\u{9b}') && !line.contains('\u{7f}'));
}

#[test]
fn huge_string_renders_a_window_only() {
    let mut src = b"{\"s\":\"".to_vec();
    src.extend(std::iter::repeat_n(b'x', 10 << 20));
    src.extend(b"\"}");
    let doc = Document::new(src);
    let started = std::time::Instant::now();
    let pieces = doc.render(1, None, 0, 80);
    let width: usize = pieces.iter().map(|p| p.text.chars().count()).sum();
    assert!(width <= 80);
    assert!(started.elapsed() < std::time::Duration::from_millis(200));
    let pieces = doc.render(1, None, 5_000, 80);
    assert!(
        pieces
            .iter()
            .all(|p| p.text.chars().all(|c| c == 'x' || c == '\u{2026}'))
    );
}

#[test]
fn a_width_of_zero_draws_nothing() {
    // Found by the fuzz target `doc` (corpus: tests/fuzz/corpus/doc/width-zero).
    for src in ["plain text\nline two", "{\"a\": \"b\"}"] {
        let doc = Document::new(src.as_bytes().to_vec());
        for i in 0..doc.len() {
            for skip in [0, 1, 3] {
                let drawn: usize = doc
                    .render(i, None, skip, 0)
                    .iter()
                    .map(|p| p.text.chars().count())
                    .sum();
                assert_eq!(drawn, 0, "line {i} of {src:?}, skip {skip}");
            }
        }
    }
}

fn viewer(src: &str) -> Viewer {
    let mut v = Viewer::new(Arc::new(Document::new(src.as_bytes().to_vec())));
    v.set_height(5);
    v
}

#[test]
fn folding_hides_and_restores_lines() {
    let mut v = viewer(r#"{"a":[1,2,3],"b":{"x":1},"c":2}"#);
    v.down(1);
    v.toggle_fold();
    let rows: Vec<usize> = v.rows(80).iter().map(|r| r.line).collect();
    assert_eq!(rows, [0, 1, 6, 7, 8]);
    assert!(v.rows(80)[1].pieces.iter().any(|p| p.tok == Tok::Summary));
    v.down(1);
    assert_eq!(v.cursor, 6);
    v.up(1);
    assert_eq!(v.cursor, 1);
    v.toggle_fold();
    assert_eq!(
        v.rows(80).iter().map(|r| r.line).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
}

#[test]
fn fold_depth_unfold_all_and_end() {
    let mut v = viewer(r#"{"a":[1,2,3],"b":{"x":1},"c":2}"#);
    v.fold_depth(1);
    assert_eq!(
        v.rows(80).iter().map(|r| r.line).collect::<Vec<_>>(),
        [0, 1, 6, 9, 10]
    );
    v.end();
    assert_eq!(v.cursor, 10);
    v.fold_depth(0);
    assert_eq!(v.rows(80).len(), 1);
    v.end();
    assert_eq!(v.cursor, 0);
    v.unfold_all();
    assert_eq!(v.rows(80).len(), 5);
}

#[test]
fn goto_a_closing_line_of_a_folded_container_shows_it() {
    // Found by the fuzz target `doc` (corpus: tests/fuzz/corpus/doc/cursor-off-screen).
    let mut v = viewer(r#"{"a":[1,2,3],"b":{"x":1},"c":2}"#);
    v.down(1);
    v.toggle_fold();
    v.goto_line(6);
    assert_eq!(v.cursor, 5);
    assert!(!v.is_folded(1), "the container of the line is unfolded");
    assert!(v.rows(80).iter().any(|r| r.line == 5 && r.cursor));
}

#[test]
fn bracket_parent_goto_and_paths() {
    let mut v = viewer(r#"{"data":[{"id":"1"},{"id":"2","my key":{"z":true}}]}"#);
    v.goto_line(9);
    assert_eq!(
        v.path_at_cursor().as_deref(),
        Some(".data[1][\"my key\"].z")
    );
    assert_eq!(v.value_at_cursor().as_deref(), Some("true"));
    v.parent();
    assert_eq!(v.path_at_cursor().as_deref(), Some(".data[1][\"my key\"]"));
    assert_eq!(v.value_at_cursor().as_deref(), Some(r#"{"z":true}"#));
    v.matching_bracket();
    assert_eq!(v.cursor, 9);
    v.matching_bracket();
    assert_eq!(v.cursor, 7);
    v.goto_line(4);
    assert_eq!(
        v.value_at_cursor().as_deref(),
        Some("1"),
        "strings are copied decoded"
    );
    v.home();
    assert_eq!(v.path_at_cursor().as_deref(), Some("."));
}

#[test]
fn search_matches_reveal_folded_lines() {
    let mut v = viewer(r#"{"a":{"needle":1},"b":[{"x":"Needle"}]}"#);
    v.fold_depth(1);
    let m = search::find(
        v.doc(),
        "needle",
        &std::sync::atomic::AtomicBool::new(false),
    )
    .expect("runs");
    assert_eq!(m.len(), 2);
    v.set_matches(Arc::new(m));
    assert_eq!(v.cursor, 2, "the first match, unfolded");
    assert_eq!(v.match_status(), (2, Some(1)));
    v.next_match();
    assert_eq!(v.cursor, 6);
    assert!(v.rows(80).iter().any(|r| r.hit == viewer::Hit::Current));
    v.next_match();
    assert_eq!(v.cursor, 2, "wraps");
    v.prev_match();
    assert_eq!(v.cursor, 6);
}

#[test]
fn paging_keeps_cursor_on_screen() {
    let src = format!(
        "[{}]",
        (0..100)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut v = viewer(&src);
    v.page_down();
    assert_eq!(v.cursor, 4);
    v.page_down();
    assert_eq!(v.cursor, 8);
    assert!(v.top <= 8 && v.top + 5 > 8);
    v.end();
    assert_eq!(v.cursor, 101);
    assert_eq!(v.top, 97);
    v.page_up();
    assert_eq!(v.cursor, 97);
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        (-1e6f64..1e6).prop_map(|f| serde_json::json!(f)),
        ".{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((".{0,6}", inner), 0..6)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn unfolded_lines_equal_serde_pretty(value in arb_json()) {
        let compact = serde_json::to_string(&value).expect("serialises");
        let doc = Document::new(compact.into_bytes());
        let expected = serde_json::to_string_pretty(&value).expect("pretty");
        let expected: Vec<String> = expected.lines().map(|l| super::terminal_safe(l).into_owned()).collect();
        let expected = expected.join("\n");
        prop_assert_eq!(all_lines(&doc).join("\n"), expected);
    }
}

#[test]
fn paging_links_are_found_in_the_index() {
    let doc = Document::new(br#"{"data":[{"paging":{"next":"wrong"}}],"paging":{"cursors":{"after":"a"},"next":"https://x/n?a=1","previous":"https://x/p"}}"#.to_vec());
    assert_eq!(
        doc.paging_links(),
        (
            Some("https://x/n?a=1".to_owned()),
            Some("https://x/p".to_owned())
        )
    );
    assert_eq!(Document::new(b"[1]".to_vec()).paging_links(), (None, None));
    assert_eq!(doc.paging_cursors(), (Some("a".to_owned()), None));
}

#[test]
fn fold_all_shows_top_level_summaries() {
    let mut v = viewer(r#"{"a":[1,2,3],"b":{"x":1,"y":[]},"c":2}"#);
    v.goto_line(3);
    v.fold_all();
    let rows: Vec<String> = v
        .rows(80)
        .iter()
        .map(|r| r.pieces.iter().map(|p| p.text.as_ref()).collect())
        .collect();
    assert_eq!(
        rows,
        [
            "{",
            "  \"a\": [\u{2026}] 3 items,",
            "  \"b\": {\u{2026}} 2 keys,",
            "  \"c\": 2",
            "}"
        ]
    );
    assert_eq!(v.cursor, 1, "the cursor moves to the fold that hid it");
}

#[test]
fn deep_nesting_renders_and_navigates_without_recursion() {
    let mut src = "[".repeat(100_000);
    src.push_str(&"]".repeat(100_000));
    let mut v = viewer(&src);
    v.set_height(50);
    v.goto_line(99_999);
    let started = std::time::Instant::now();
    let rows = v.rows(120);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| {
        r.pieces
            .iter()
            .map(|p| p.text.chars().count())
            .sum::<usize>()
            <= 120
    }));
    let path = v.path_at_cursor().expect("a path");
    assert!(path.starts_with("[0][0][0]"));
    v.toggle_fold();
    v.end();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn folding_what_holds_the_first_line_on_screen_shows_its_summary_first() {
    let items: Vec<String> = (0..40).map(|i| format!(r#"{{"id":"{i}"}}"#)).collect();
    let mut v = viewer(&format!(r#"{{"data":[{}],"n":1}}"#, items.join(",")));
    v.end();
    assert!(v.top > 1, "scrolled down");
    v.fold_all();
    let rows: Vec<usize> = v.rows(80).iter().map(|r| r.line).collect();
    assert_eq!(
        rows,
        [1, 123, 124],
        "the summary of data, then what follows it"
    );
    assert!(v.is_folded(1));
}

#[test]
fn a_path_of_steps_finds_its_line() {
    use crate::core::json_diff::Seg;
    let doc = Document::new(
        br#"{"data":[{"id":"7","from":{"name":"Bo"}},{"id":8,"n":[1,2]}],"paging":{}}"#.to_vec(),
    );
    let key = |k: &str| Seg::Key(k.to_owned());
    assert_eq!(doc.line_at_path(&[]), 0);
    assert_eq!(
        doc.line_at_path(&[key("data"), Seg::Index(0), key("from"), key("name")]),
        5
    );
    assert_eq!(
        doc.line_at_path(&[key("data"), Seg::Index(1), key("n"), Seg::Index(1)]),
        12
    );
    // What is not there stops at the deepest step that is.
    assert_eq!(doc.line_at_path(&[key("data"), Seg::Index(2)]), 1);
    assert_eq!(doc.line_at_path(&[key("paging"), key("next")]), 16);
}

#[test]
fn n_and_shift_n_go_from_the_cursor_once_it_moved() {
    let items: Vec<String> = (0..30).map(|i| format!(r#""x{i}""#)).collect();
    let mut v = viewer(&format!("[{}]", items.join(",")));
    let never = std::sync::atomic::AtomicBool::new(false);
    let found = super::search::find(v.doc(), "x", &never).expect("runs");
    v.set_matches(Arc::new(found));
    assert_eq!(v.cursor, 1, "the first match");
    v.next_match();
    assert_eq!(v.cursor, 2, "on a match, n goes to the next one");
    v.goto_line(21);
    v.next_match();
    assert_eq!(
        v.cursor, 21,
        "moved away, n goes to the first after the cursor"
    );
    v.goto_line(11);
    v.prev_match();
    assert_eq!(v.cursor, 9, "N: the last before the cursor");
    v.end();
    v.next_match();
    assert_eq!(v.cursor, 1, "past the last, n wraps");
}

#[test]
fn a_match_far_to_the_right_is_scrolled_into_view_and_a_near_one_back() {
    let long = "x".repeat(200);
    let mut v = viewer(&format!(r#"{{"near":"needle","far":"{long}needle"}}"#));
    v.set_width(40);
    let never = std::sync::atomic::AtomicBool::new(false);
    let found = super::search::find(v.doc(), "needle", &never).expect("runs");
    let far = found[1].start as usize;
    v.set_matches(Arc::new(found));
    assert_eq!(
        (v.cursor, v.hscroll),
        (1, 0),
        "the first match is in view as it is"
    );
    v.next_match();
    assert_eq!(v.cursor, 2);
    let col = v.doc().column_of(2, far).expect("a column");
    // `  "far": "` then 200 x: the needle starts at column 2 + 5 + 2 + 1 + 200.
    assert_eq!(col, 210);
    assert!(
        v.hscroll <= col && col + 6 <= v.hscroll + 40,
        "the far match (column {col}) is on screen from column {}",
        v.hscroll
    );
    // The rendered line shows it.
    let rows = v.rows(40);
    let row = rows
        .iter()
        .find(|r| r.line == 2)
        .expect("the far line is on screen");
    let drawn: String = row.pieces.iter().map(|p| p.text.as_ref()).collect();
    assert!(drawn.contains("needle"), "{drawn}");
    v.next_match();
    assert_eq!(
        (v.cursor, v.hscroll),
        (1, 0),
        "back at the near one, from the left edge"
    );
}
