//! Graph's request modifiers that change an answer after it is made: `suppress_http_code=1`
//! (always HTTP 200, the error in the body) and `date_format` (every time in the answer written
//! with a PHP `date()` format, `U` giving unix seconds as numbers). `pretty=1` is the HTTP
//! server's (it only changes the bytes) and `method=` is applied before routing.

use serde_json::Value;

use super::engine::{SResp, param};
use crate::core::timefmt::{civil, parse_time};

/// Applies the modifiers in `params` to a Graph answer.
pub fn apply(resp: &mut SResp, params: &[(String, String)]) {
    if let Some(format) = param(params, "date_format").filter(|f| !f.is_empty()) {
        reformat(&mut resp.body, format);
    }
    if param(params, "suppress_http_code") == Some("1") && resp.status >= 400 {
        resp.status = 200;
    }
}

/// True for a time as Graph writes it: `2021-03-29T12:00:20+0000`.
fn is_graph_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 24
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && s.ends_with("+0000")
}

fn reformat(v: &mut Value, format: &str) {
    match v {
        Value::String(s) if is_graph_time(s) => {
            if let Some(t) = parse_time(s) {
                *v = php_date(t, format);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| reformat(i, format)),
        Value::Object(m) => m.values_mut().for_each(|i| reformat(i, format)),
        _ => {}
    }
}

/// A unix time in a PHP `date()` format (the letters Graph's clients use; `\\` escapes a letter,
/// any other character is kept). `U` alone gives a number, as Graph answers.
pub fn php_date(unix: i64, format: &str) -> Value {
    if format == "U" {
        return Value::from(unix);
    }
    let (y, mo, d, h, mi, s) = civil(unix);
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        match c {
            'Y' => out.push_str(&format!("{y:04}")),
            'y' => out.push_str(&format!("{:02}", y.rem_euclid(100))),
            'm' => out.push_str(&format!("{mo:02}")),
            'n' => out.push_str(&mo.to_string()),
            'd' => out.push_str(&format!("{d:02}")),
            'j' => out.push_str(&d.to_string()),
            'H' => out.push_str(&format!("{h:02}")),
            'G' => out.push_str(&h.to_string()),
            'i' => out.push_str(&format!("{mi:02}")),
            's' => out.push_str(&format!("{s:02}")),
            'U' => out.push_str(&unix.to_string()),
            'c' => out.push_str(&format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+00:00"
            )),
            'O' => out.push_str("+0000"),
            'P' => out.push_str("+00:00"),
            'T' | 'e' => out.push_str("UTC"),
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            other => out.push(other),
        }
    }
    Value::String(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_formats_write_a_time() {
        let t = 1_617_019_220; // 2021-03-29T12:00:20+0000
        assert_eq!(php_date(t, "U"), Value::from(t));
        assert_eq!(php_date(t, "Y-m-d H:i:s"), "2021-03-29 12:00:20");
        assert_eq!(php_date(t, "c"), "2021-03-29T12:00:20+00:00");
        assert_eq!(php_date(t, "j/n/y \\a\\t G"), "29/3/21 at 12");
        assert!(is_graph_time("2021-03-29T12:00:20+0000"));
        assert!(!is_graph_time("hello"));
    }
}
