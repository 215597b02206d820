//! The JSON index and viewer: index a body, render its lines, move, fold, search.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use proptest::strategy::BoxedStrategy;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use wpx::core::doc::viewer::Viewer;
use wpx::core::doc::{Document, Piece, search};

use crate::mutate::Rng;

const SEEDS: &[&str] = &[
    r#"{"data":[{"id":"1","message":"hi \u00e9\ud83d\ude00","from":{"id":"2","name":"A"}},{"id":"3","tags":[],"place":null,"score":-1.5e3}],"paging":{"cursors":{"before":"QQ","after":"Zz"},"next":"https://graph.workplace.com/v19.0/x?after=Zz"}}"#,
    "[1,[2,[3,[4,{}]]],true,false,null,\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
    "{\"a\":{\"b\":{\"c\":[[[]]]}},\"\":0,\"\\u0000\":\"\\u001b[31m\"}",
    "  \"just a string\"  ",
    "plain text\nwith lines\r\nand \u{1b}]52;c;AAAA\u{7} escapes\n",
    "\u{0}\u{1}\u{2}binary\u{ff}",
    "-0.0e+10",
];

const DICT: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\udc00", "null", "true", "1e999",
    "-", "0", " ", "\n", "\"k\":", "\u{1b}", "\u{85}", "\u{feff}", "\u{0}",
];

const NESTS: &[(&str, &str)] = &[("[", "]"), ("{\"a\":", "}"), ("[1,", "]")];

pub fn input() -> BoxedStrategy<Vec<u8>> {
    crate::mutate::input("doc", SEEDS, "\\[\\]{}\":,0-9a-z\\\\ \n.eE+-", DICT, NESTS)
}

/// The number of display lines a JSON value takes, counted by serde (duplicate keys included).
struct Lines(usize);

impl<'de> Deserialize<'de> for Lines {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CountLines)
    }
}

struct CountLines;

impl<'de> Visitor<'de> for CountLines {
    type Value = Lines;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Lines, E> {
        Ok(Lines(1))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Lines, E> {
        Ok(Lines(1))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Lines, E> {
        Ok(Lines(1))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Lines, E> {
        Ok(Lines(1))
    }
    fn visit_str<E>(self, _: &str) -> Result<Lines, E> {
        Ok(Lines(1))
    }
    fn visit_unit<E>(self) -> Result<Lines, E> {
        Ok(Lines(1))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Lines, A::Error> {
        let (mut n, mut any) = (0, false);
        while let Some(Lines(k)) = a.next_element()? {
            n += k;
            any = true;
        }
        Ok(Lines(if any { n + 2 } else { 1 }))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Lines, A::Error> {
        let (mut n, mut any) = (0, false);
        while a.next_key::<IgnoredAny>()?.is_some() {
            let Lines(k) = a.next_value()?;
            n += k;
            any = true;
        }
        Ok(Lines(if any { n + 2 } else { 1 }))
    }
}

fn serde_lines(raw: &[u8]) -> Result<usize, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(raw);
    let n = Lines::deserialize(&mut de)?;
    de.end()?;
    Ok(n.0)
}

/// serde_json refuses valid JSON only for its own limits: a number beyond f64 and nesting deeper
/// than 128. The index reads those as JSON, as the grammar does.
fn only_serde_limits(e: &serde_json::Error) -> bool {
    let text = e.to_string();
    text.contains("number out of range") || text.contains("recursion limit exceeded")
}

fn check_pieces(
    pieces: &[Piece<'_>],
    width: usize,
    what: impl Fn() -> String,
) -> Result<(), String> {
    let chars: usize = pieces.iter().map(|p| p.text.chars().count()).sum();
    if chars > width {
        return Err(format!(
            "{}: {chars} characters drawn in a width of {width}",
            what()
        ));
    }
    for p in pieces {
        if let Some(c) = p
            .text
            .chars()
            .find(|&c| matches!(u32::from(c), 0..=8 | 0x0a..=0x1f | 0x7f..=0x9f))
        {
            return Err(format!(
                "{}: control character U+{:04X} drawn",
                what(),
                u32::from(c)
            ));
        }
    }
    Ok(())
}

fn visible_count(v: &Viewer) -> usize {
    let mut n = 0;
    let mut i = Some(0);
    while let Some(line) = i {
        if line >= v.doc().len() {
            break;
        }
        n += 1;
        i = v.next_visible(line);
    }
    n
}

pub fn check(raw: &[u8]) -> Result<(), String> {
    let doc = Arc::new(Document::new(raw.to_vec()));
    let len = doc.len();
    match serde_lines(raw) {
        Ok(expected) => {
            if doc.json_index().is_none() {
                return Err(format!(
                    "serde reads JSON ({expected} lines) but the index does not"
                ));
            }
            if len != expected {
                return Err(format!("{len} display lines, serde counts {expected}"));
            }
        }
        // The other direction: what the index shows as JSON, serde reads as JSON too.
        Err(e) if doc.json_index().is_some() && !only_serde_limits(&e) => {
            return Err(format!("the index reads JSON but serde does not: {e}"));
        }
        Err(_) => {}
    }
    let _ = (doc.describe(), doc.paging_links(), doc.memory_bytes());
    let mut rng = Rng(raw.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }));
    let sample: Vec<usize> = if len <= 300 {
        (0..len).collect()
    } else {
        (0..100)
            .chain(len - 100..len)
            .chain((0..100).map(|_| rng.next(len)))
            .collect()
    };
    for &i in &sample {
        let (skip, width) = (rng.next(40), rng.next(120));
        check_pieces(&doc.render(i, None, skip, width), width, || {
            format!("line {i}")
        })?;
        check_pieces(
            &doc.render(i, Some(rng.next(5)), skip, width),
            width,
            || format!("folded line {i}"),
        )?;
        let _ = (doc.value_text(i), doc.string_at(i));
    }
    let mut v = Viewer::new(doc.clone());
    let height = 1 + rng.next(30);
    v.set_height(height);
    let debug = std::env::var_os("WPX_FUZZ_DEBUG").is_some();
    let mut searched = false;
    for step in 0..24 {
        let op = rng.next(16);
        if debug {
            eprintln!(
                "step {step}: op {op}, cursor {}, top {}, height {height}",
                v.cursor, v.top
            );
        }
        match op {
            0 => v.down(rng.next(50)),
            1 => v.up(rng.next(50)),
            2 => v.page_down(),
            3 => v.page_up(),
            4 => v.home(),
            5 => v.end(),
            6 => v.goto_line(rng.next(len + 3)),
            7 => v.toggle_fold(),
            8 => v.fold_depth(u32::try_from(rng.next(6)).unwrap_or(0)),
            9 => v.fold_all(),
            10 => v.unfold_all(),
            11 => v.parent(),
            12 => v.matching_bracket(),
            13 => v.scroll_horizontal(rng.next(40) as isize - 20),
            14 if !searched => {
                searched = true;
                let chars: Vec<char> = String::from_utf8_lossy(raw).chars().collect();
                let from = rng.next(chars.len());
                let query: String = chars.iter().skip(from).take(1 + rng.next(4)).collect();
                let found = search::find(&doc, &query, &AtomicBool::new(false))
                    .ok_or("a search that was not cancelled gave no answer")?;
                if found.windows(2).any(|w| w[0].line > w[1].line)
                    || found.iter().any(|m| m.line as usize >= len)
                {
                    return Err(format!(
                        "search {query:?}: matches out of order or past the end"
                    ));
                }
                v.set_matches(Arc::new(found));
                v.next_match();
            }
            _ => {
                v.prev_match();
                let _ = (v.value_at_cursor(), v.path_at_cursor(), v.on_container());
            }
        }
        if v.cursor >= len.max(1) {
            return Err(format!("step {step}: cursor {} past {len} lines", v.cursor));
        }
        let width = rng.next(100);
        let rows = v.rows(width);
        if rows.len() > height {
            return Err(format!(
                "step {step}: {} rows for a height of {height}",
                rows.len()
            ));
        }
        if rows.windows(2).any(|w| w[0].line >= w[1].line) {
            return Err(format!("step {step}: rows out of order"));
        }
        if len > 0 && !rows.iter().any(|r| r.line == v.cursor) {
            return Err(format!(
                "step {step}: the cursor (line {}) is off screen",
                v.cursor
            ));
        }
        for r in &rows {
            check_pieces(&r.pieces, width, || format!("step {step}, row {}", r.line))?;
        }
    }
    v.fold_all();
    if visible_count(&v) > len {
        return Err("more lines visible than the document has".into());
    }
    v.unfold_all();
    let shown = visible_count(&v);
    if shown != len {
        return Err(format!("unfolded, {shown} lines are visible of {len}"));
    }
    Ok(())
}
