//! The Graph `fields` expression parser.

use proptest::prelude::*;
use wpx::core::fields::{parse_fields, to_expression};

const SEEDS: &[&str] = &[
    "id,name,members.limit(5){name,email},reactions.summary(true)",
    "reactions.type(LOVE).limit(0).summary(total_count).as(reactions_love)",
    "comments{from{id,name},message}.limit(2),poll{options{name,votes}}",
    " id , name ",
    "members{}",
    "a.as( b ).limit(3){c.since(2024-01-01T00:00:00),d:e}",
];

const DICT: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    ".",
    ",",
    " ",
    "as",
    "limit",
    "summary(true)",
    ".as(",
    "{id}",
    "é",
    "\u{0}",
    "\u{3000}",
];

const NESTS: &[(&str, &str)] = &[("a{", "}"), ("b.limit(1){", "}"), ("x{y,", "}")];

/// A valid expression, built from the grammar.
fn expression() -> impl Strategy<Value = String> {
    let name = "[a-z_][a-z0-9_:-]{0,8}";
    let modifier = ("[a-z]{1,6}", "[^)]{0,6}").prop_map(|(m, v)| format!(".{m}({v})"));
    let leaf = (name, proptest::collection::vec(modifier.clone(), 0..3))
        .prop_map(|(n, m)| format!("{n}{}", m.concat()));
    let field = leaf.prop_recursive(6, 64, 4, move |inner| {
        (
            name,
            proptest::collection::vec(modifier.clone(), 0..2),
            proptest::collection::vec(inner, 0..4),
        )
            .prop_map(|(n, m, kids)| format!("{n}{}{{{}}}", m.concat(), kids.join(",")))
    });
    proptest::collection::vec(field, 1..5).prop_map(|f| f.join(","))
}

pub fn input() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        3 => crate::mutate::input("fields", SEEDS, "a-z{}().,: _", DICT, NESTS),
        1 => expression().prop_map(String::into_bytes),
    ]
    .boxed()
}

pub fn check(raw: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(raw);
    match parse_fields(&text) {
        Ok(sel) => {
            let again = to_expression(&sel);
            let reparsed = parse_fields(&again).map_err(|e| {
                format!("the expression written back ({again:?}) does not parse: {e}")
            })?;
            if reparsed != sel {
                return Err(format!("written back as {again:?}, it parses differently"));
            }
        }
        Err(e) => {
            if e.position > text.chars().count() {
                return Err(format!("error position {} past the end", e.position));
            }
            let _ = e.to_string();
        }
    }
    Ok(())
}
