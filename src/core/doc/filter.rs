//! jq filters with jaq (no shell): the result becomes a new document for the same viewer.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;

/// Most outputs collected from one filter.
const MAX_OUTPUTS: usize = 100_000;

/// Most bytes of output collected from one filter (outputs beyond stop it with an error).
pub const MAX_OUTPUT_BYTES: usize = 256 * 1024 * 1024;

/// Runs `expr` over the JSON `input`. One output is returned as it is; several as a JSON array.
/// Errors are short sentences for the status line. The output is bounded ([`MAX_OUTPUT_BYTES`],
/// 100,000 outputs); a filter that recurses without end or builds an endless value is bounded by
/// the process that runs it (see `crate::jq_process`), not here.
pub fn run(input: &[u8], expr: &str) -> Result<(Vec<u8>, usize), String> {
    let value: serde_json::Value =
        serde_json::from_slice(input).map_err(|e| format!("the body is not JSON: {e}"))?;
    let val: Val =
        serde_json::from_value(value).map_err(|e| format!("cannot convert the body: {e}"))?;
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let arena = Arena::default();
    let modules = Loader::new(defs)
        .load(
            &arena,
            File {
                code: expr,
                path: (),
            },
        )
        .map_err(|errs| describe_load(expr, &errs))?;
    let filter = Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| describe_compile(&errs))?;
    let ctx = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
    let mut outputs = Vec::new();
    let mut bytes = 0usize;
    for out in filter.id.run((ctx, val)).map(unwrap_valr) {
        let v = out.map_err(|e| format!("jq error: {e}"))?;
        let text = v.to_string();
        bytes += text.len() + 1;
        if bytes > MAX_OUTPUT_BYTES {
            return Err(format!(
                "jq: the filter's output passed {} MB: narrow it (select, limit, first)",
                MAX_OUTPUT_BYTES >> 20
            ));
        }
        outputs.push(text);
        if outputs.len() >= MAX_OUTPUTS {
            break;
        }
    }
    let n = outputs.len();
    let text = match n {
        0 => "null".to_owned(),
        1 => outputs.pop().unwrap_or_default(),
        _ => format!("[{}]", outputs.join(",")),
    };
    Ok((text.into_bytes(), n))
}

/// One readable line for a filter that does not load: where (the column) and what (what was
/// expected, and the text found there).
fn describe_load(code: &str, errs: &jaq_core::load::Errors<&str, ()>) -> String {
    use jaq_core::load::{Error, lex};
    let mut what: Option<(String, &str)> = None;
    for (_, e) in errs {
        match e {
            Error::Io(list) => {
                let names: Vec<&str> = list.iter().map(|(n, _)| *n).collect();
                return format!("jq: cannot load {}", names.join(", "));
            }
            Error::Lex(list) => {
                if let Some((exp, found)) = list.first() {
                    let exp = match exp {
                        lex::Expect::Delim(d) => format!("something to close {d}"),
                        lex::Expect::Digit => "a digit".to_owned(),
                        lex::Expect::Ident => "a name".to_owned(),
                        lex::Expect::Escape => "a string escape".to_owned(),
                        lex::Expect::Unicode => "4 hexadecimal digits".to_owned(),
                        _ => "a jq token".to_owned(),
                    };
                    what.get_or_insert((exp, found));
                }
            }
            Error::Parse(list) => {
                if let Some((exp, found)) = list.first() {
                    what.get_or_insert((exp.as_str().to_owned(), found));
                }
            }
        }
    }
    let Some((expected, found)) = what else {
        return "jq syntax error".to_owned();
    };
    // `found` is a slice of `code` when the error is in the filter itself.
    let inside = code.as_ptr() as usize <= found.as_ptr() as usize
        && found.as_ptr() as usize + found.len() <= code.as_ptr() as usize + code.len();
    if !inside {
        return format!("jq syntax error: expected {expected}");
    }
    let at = jaq_core::load::span(code, found).start;
    let column = code[..at].chars().count() + 1;
    let found: String = found.chars().take(20).collect();
    if found.trim().is_empty() {
        format!("jq syntax error at column {column}: expected {expected}, but the filter ends")
    } else {
        format!("jq syntax error at column {column}: expected {expected}, found '{found}'")
    }
}

fn describe_compile<F, N: std::fmt::Display, U>(errs: &[(F, Vec<(N, U)>)]) -> String {
    let names: Vec<String> = errs
        .iter()
        .flat_map(|(_, list)| list.iter().map(|(n, _)| n.to_string()))
        .collect();
    if names.is_empty() {
        "jq: the filter does not compile".to_owned()
    } else {
        format!("jq: unknown function or variable: {}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_and_maps() {
        let input = br#"{"data":[{"name":"alpha","n":1},{"name":"beta","n":2}]}"#;
        let (out, n) = run(input, ".data[] | .name").expect("runs");
        assert_eq!(n, 2);
        assert_eq!(out, br#"["alpha","beta"]"#);
        let (out, n) = run(input, ".data | map(select(.n > 1)) | length").expect("runs");
        assert_eq!((out.as_slice(), n), (&b"1"[..], 1));
        let (out, _) = run(input, "keys_unsorted").expect("runs");
        assert_eq!(out, br#"["data"]"#);
    }

    #[test]
    fn errors_are_messages() {
        let input = br#"{"a":1}"#;
        assert!(run(input, ".a +").expect_err("syntax").contains("syntax"));
        assert_eq!(
            run(input, ".a | map(.b").expect_err("unclosed"),
            "jq syntax error at column 12: expected something to close (, but the filter ends"
        );
        let e = run(input, ".a | | .b").expect_err("syntax");
        assert!(e.starts_with("jq syntax error at column 6:"), "{e}");
        assert!(e.contains("found '|"), "{e}");
        assert!(
            !e.contains("Parse(") && !e.contains("File {"),
            "no debug dump: {e}"
        );
        let e = run(input, "nosuchfn").expect_err("undefined");
        assert!(e.contains("unknown"), "{e}");
        assert!(
            run(input, ".a + \"x\"")
                .expect_err("runtime")
                .starts_with("jq error")
        );
        assert!(
            run(b"<html>", ".")
                .expect_err("not json")
                .contains("not JSON")
        );
    }
}
