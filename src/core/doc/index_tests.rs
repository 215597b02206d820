use super::*;

fn decoded(b: &[u8]) -> Vec<Line> {
    let ix = index(b).expect("valid");
    (0..ix.len())
        .map(|i| ix.line(b, i).expect("a line"))
        .collect()
}

#[test]
fn small_document_lines() {
    let b = br#"{"a": [1, {"b": null}], "c": {}, "d": "x"}"#;
    let lines = decoded(b);
    let kinds: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();
    use LineKind::*;
    assert_eq!(
        kinds,
        [
            OpenObj, OpenArr, Num, OpenObj, Lit, CloseObj, CloseArr, EmptyObj, Str, CloseObj
        ]
    );
    assert_eq!(lines[0].link, 9);
    assert_eq!(lines[9].link, 0);
    assert_eq!(lines[1].link, 6);
    assert_eq!(lines[3].link, 5);
    assert!(lines[6].comma && lines[7].comma && !lines[8].comma);
    assert_eq!(lines[4].depth, 3);
    assert_eq!(lines[4].len, 4);
    assert_eq!(
        &b[lines[8].start as usize..][..lines[8].len as usize],
        b"\"x\""
    );
    assert_eq!(
        &b[lines[7].start as usize..][..lines[7].len as usize],
        b"{}"
    );
    assert_eq!(lines[2].len, 1);
    assert_eq!(lines[1].key, 1);
}

#[test]
fn rejects_what_serde_rejects() {
    for bad in [
        &b"{"[..],
        b"[1,]",
        b"{\"a\" 1}",
        b"{\"a\":1,}",
        b"01",
        b"1.",
        b"-",
        b"\"\x01\"",
        b"\"\\x\"",
        b"tru",
        b"[1] 2",
        b"",
        b"  ",
        b"\"\xff\"",
        b"[\"\xe2\x82\"]",
        b"[1 2]",
        b"{\"a\":1]",
        b"\xc3\xa9",
        br#""\ud800""#,
        br#""\ud83d\u0041""#,
        br#""\udc00x""#,
        br#""\ud83dx""#,
    ] {
        assert!(index(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        assert!(serde_json::from_slice::<serde_json::Value>(bad).is_err());
    }
}

#[test]
fn accepts_what_serde_accepts() {
    for good in [
        &b"0"[..],
        b" -1.5e+3 ",
        b"\"\xc3\xa9\\u00e9\"",
        b"[[],{},[{}]]",
        b"{\"\":\"\"}",
        b"true",
        b"null\n",
        br#""\ud83d\ude00 \u00e9""#,
    ] {
        assert!(index(good).is_ok(), "{:?}", String::from_utf8_lossy(good));
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let mut b = vec![b'['; 100_000];
    b.extend(vec![b']'; 100_000]);
    let ix = index(&b).expect("valid");
    assert_eq!(ix.len(), 199_999);
    assert_eq!(ix.parent(99_998), Some(99_997));
    assert_eq!(ix.link(0), Some(199_998));
}

#[test]
fn scalars_at_top_level() {
    assert_eq!(index(b" 42 ").expect("valid").len(), 1);
    assert_eq!(decoded(b"\"s\"")[0].kind, LineKind::Str);
    assert_eq!(decoded(b"-0.5")[0].len, 4);
}

/// A document with a big array, to reach past the 64-line blocks and the many-children tables.
fn big(n: usize) -> Vec<u8> {
    let items: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id":"{i}","v":[{i},{{"x":null}}]}}"#))
        .collect();
    format!(
        r#"{{"data":[{}],"paging":{{"next":"n"}}}}"#,
        items.join(",")
    )
    .into_bytes()
}

#[test]
fn links_parents_and_children_agree_with_a_plain_walk() {
    let b = big(300);
    let ix = index(&b).expect("valid");
    // Each item is 9 lines: { id v [ n { x } ] }.
    assert_eq!(ix.len(), 2 + 300 * 9 + 1 + 3 + 1);
    let mut stack = Vec::new();
    for i in 0..ix.len() {
        let kind = ix.kind(i).expect("a line");
        let expected_parent = if kind.is_close() {
            stack.pop();
            stack.last().copied()
        } else {
            stack.last().copied()
        };
        assert_eq!(ix.parent(i), expected_parent, "line {i}");
        if kind.is_open() {
            stack.push(i);
            let close = ix.link(i).expect("closed");
            assert_eq!(ix.link(close), Some(i));
        }
    }
    // Past a run of 64 blocks: the parent of the last item is found across the runs.
    let big = index(&big(3_000)).expect("valid");
    let last_item = big.link(1).expect("data closes") - 9;
    assert_eq!(big.parent(last_item), Some(1));
    assert_eq!(big.parent(last_item + 3), Some(last_item + 2));
    assert_eq!(ix.count_children(1), 300);
    assert!(ix.many_children(1).is_some());
    assert_eq!(ix.count_children(0), 2);
    assert_eq!(ix.sibling_index(1, 2 + 9 * 250), 250);
    assert_eq!(ix.count_children(2), 2);
    assert_eq!(ix.sibling_index(2, 4), 1);
}

#[test]
fn fed_in_pieces_it_builds_the_same_index() {
    let b = big(100);
    let whole = index(&b).expect("valid");
    for piece in [1, 2, 3, 7, 64, 1000] {
        let mut ix = Indexer::new(b.len());
        for chunk in b.chunks(piece) {
            ix.feed(chunk);
            ix.run(usize::MAX).expect("valid so far");
            assert!(ix.indexed() <= ix.received());
        }
        let (raw, got) = ix.finish().expect("valid");
        assert_eq!(raw, b);
        assert_eq!(got.lines, whole.lines, "pieces of {piece}");
        assert_eq!(got.links, whole.links);
        assert_eq!(got.blocks, whole.blocks);
        assert_eq!(got.many, whole.many);
        assert_eq!(got.kids, whole.kids);
    }
}

#[test]
fn numbers_and_words_cut_at_the_end_wait_for_more() {
    let mut ix = Indexer::new(16);
    ix.feed(b"[12");
    ix.run(usize::MAX).expect("fine so far");
    assert_eq!(ix.lines(), 1, "the number may go on");
    ix.feed(b"34, tr");
    ix.run(usize::MAX).expect("fine so far");
    assert_eq!(ix.lines(), 2);
    ix.feed(b"ue]");
    let (_, out) = ix.finish().expect("valid");
    let raw = b"[1234, true]";
    assert_eq!(out.line(raw, 1).expect("line").len, 4);
    assert_eq!(out.len(), 4);
}

#[test]
fn an_error_is_found_before_the_end() {
    let mut ix = Indexer::new(16);
    ix.feed(b"[1, }");
    assert!(ix.run(usize::MAX).is_err());
}

#[test]
fn the_head_of_a_document_being_read_has_no_partner_beyond_it() {
    let b = big(50);
    let mut ix = Indexer::new(b.len());
    ix.feed(&b);
    ix.run(usize::MAX).expect("valid");
    let head = ix.head(20);
    let super::super::Document::Json { raw, index } = &head else {
        panic!("a JSON head");
    };
    assert_eq!(index.len(), 20);
    assert!(!index.is_complete());
    assert_eq!(index.link(0), None);
    assert_eq!(index.link(1), None);
    // The first item (lines 2..=10) is whole.
    assert_eq!(index.link(2), Some(10));
    assert_eq!(index.link(11), Some(19));
    assert_eq!(index.line(raw, 12).map(|l| l.kind), Some(LineKind::Str));
    assert_eq!(
        index.line(raw, 19).map(|l| l.kind),
        Some(LineKind::CloseObj)
    );
}

#[test]
fn lines_are_eight_bytes() {
    assert_eq!(std::mem::size_of::<Packed>(), 8);
}

#[test]
fn strings_are_scanned_right_wherever_the_special_byte_falls() {
    for p in 0..20 {
        let pad = "a".repeat(p);
        for (inner, ok) in [
            (format!("{pad}\\\"{pad}"), true),
            (format!("{pad}\u{e9}{pad}"), true),
            (format!("{pad}\u{1}{pad}"), false),
            (format!("{pad}\\q"), false),
            (pad.clone(), true),
        ] {
            let src = format!("[\"{inner}\",1]");
            assert_eq!(index(src.as_bytes()).is_ok(), ok, "{src:?} at {p}");
            assert_eq!(serde_json::from_str::<serde_json::Value>(&src).is_ok(), ok);
        }
        let cut = format!("[\"{pad}\u{e9}\"]").into_bytes();
        let bad: Vec<u8> = cut.iter().copied().filter(|&c| c != 0xa9).collect();
        assert!(index(&bad).is_err(), "a cut character at {p}");
    }
}

#[test]
fn escapes_cut_anywhere_wait_for_the_rest() {
    let b = br#"["\ud83d\ude00", "a\u00e9\n", {"k\"": "\\"}]"#;
    let whole = index(b).expect("valid");
    for cut in 1..b.len() {
        let mut ix = Indexer::new(b.len());
        ix.feed(&b[..cut]);
        ix.run(usize::MAX).expect("valid so far");
        ix.feed(&b[cut..]);
        let (_, got) = ix.finish().expect("valid");
        assert_eq!(got.lines, whole.lines, "cut at {cut}");
    }
}
