//! The one template parser: `{param}` (a path parameter, filled from a row of the request) and
//! `{{var}}` (a variable, filled from the variable chain). Every part of wpx that reads a template
//! (paths, saved requests, imports, the editor's rows) goes through [`parse`].

/// One piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as it is.
    Text(&'a str),
    /// `{name}`: a path parameter.
    Param(&'a str),
    /// `{{name}}`: a variable (the name trimmed).
    Var(&'a str),
}

/// A path parameter's name: letters, digits, `-`, `_` and `.` (`group-id`, `Phone-Number-ID`).
fn is_param_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A variable's name: anything but braces and line breaks, not blank.
fn is_var_name(s: &str) -> bool {
    !s.trim().is_empty() && !s.contains(['{', '}', '\n', '\r'])
}

/// Splits a template into pieces. Braces that do not close, or hold something that is not a name
/// (the braces of a JSON body), are text.
pub fn parse(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = s.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'{')
            && let Some(end) = s[i + 2..].find("}}")
            && is_var_name(&s[i + 2..i + 2 + end])
        {
            if text_start < i {
                out.push(Piece::Text(&s[text_start..i]));
            }
            out.push(Piece::Var(s[i + 2..i + 2 + end].trim()));
            i += end + 4;
            text_start = i;
            continue;
        }
        if let Some(end) = s[i + 1..].find('}')
            && is_param_name(&s[i + 1..i + 1 + end])
        {
            if text_start < i {
                out.push(Piece::Text(&s[text_start..i]));
            }
            out.push(Piece::Param(&s[i + 1..i + 1 + end]));
            i += end + 2;
            text_start = i;
            continue;
        }
        i += 1;
    }
    if text_start < s.len() {
        out.push(Piece::Text(&s[text_start..]));
    }
    out
}

/// The byte length of the `{{variable}}` that `s` starts with, if it starts with one.
pub fn var_len(s: &str) -> Option<usize> {
    if !s.starts_with("{{") {
        return None;
    }
    let end = s[2..].find("}}")?;
    is_var_name(&s[2..2 + end]).then_some(end + 4)
}

fn unique(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The `{params}` of a template, in order, each once.
pub fn param_names(s: &str) -> Vec<String> {
    unique(parse(s).into_iter().filter_map(|p| match p {
        Piece::Param(n) => Some(n.to_owned()),
        _ => None,
    }))
}

/// The `{{variables}}` of a template, in order, each once.
pub fn var_names(s: &str) -> Vec<String> {
    unique(parse(s).into_iter().filter_map(|p| match p {
        Piece::Var(n) => Some(n.to_owned()),
        _ => None,
    }))
}

/// True when `s` mentions `{{name}}`.
pub fn mentions_var(s: &str, name: &str) -> bool {
    parse(s).contains(&Piece::Var(name))
}

/// What a template still needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unfilled {
    /// A `{{variable}}` has no value.
    #[error("the variable {{{{{0}}}}} has no value")]
    Var(String),
    /// A `{param}` has no value.
    #[error("the path needs a value for {{{0}}}")]
    Param(String),
}

/// Replaces every `{{variable}}` with `vars(name)`; `{params}` and other text stay as they are.
pub fn fill_vars(s: &str, vars: &dyn Fn(&str) -> Option<String>) -> Result<String, Unfilled> {
    let mut out = String::with_capacity(s.len());
    for p in parse(s) {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Param(n) => {
                out.push('{');
                out.push_str(n);
                out.push('}');
            }
            Piece::Var(n) => out.push_str(&vars(n).ok_or_else(|| Unfilled::Var(n.to_owned()))?),
        }
    }
    Ok(out)
}

/// Replaces every `{param}` with `encode(value)`; an empty or absent value, or a variable left
/// unresolved, is what the error names.
pub fn fill_params(
    s: &str,
    value: &dyn Fn(&str) -> Option<String>,
    encode: &dyn Fn(&str) -> String,
) -> Result<String, Unfilled> {
    let mut out = String::with_capacity(s.len());
    for p in parse(s) {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Param(n) => {
                let v = value(n)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| Unfilled::Param(n.to_owned()))?;
                out.push_str(&encode(&v));
            }
            Piece::Var(n) => return Err(Unfilled::Var(n.to_owned())),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces() {
        assert_eq!(
            parse("/{group-id}/feed?x={{ who }}&y={a b}"),
            [
                Piece::Text("/"),
                Piece::Param("group-id"),
                Piece::Text("/feed?x="),
                Piece::Var("who"),
                Piece::Text("&y={a b}"),
            ]
        );
        assert_eq!(
            parse("{\"a\": {\"b\": 1}}"),
            [Piece::Text("{\"a\": {\"b\": 1}}")]
        );
        assert_eq!(parse("{unclosed"), [Piece::Text("{unclosed")]);
        assert_eq!(parse("{{open"), [Piece::Text("{{open")]);
        assert!(parse("").is_empty());
    }

    #[test]
    fn an_unknown_variable_is_never_a_parameter() {
        // The old parser saw `{community_id` here and sent `/123}/groups`.
        assert!(param_names("/{{community_id}}/groups").is_empty());
        assert_eq!(var_names("/{{community_id}}/groups"), ["community_id"]);
        assert_eq!(
            fill_params(
                "/{{community_id}}/groups",
                &|_| Some("1".into()),
                &str::to_owned
            ),
            Err(Unfilled::Var("community_id".into()))
        );
    }

    #[test]
    fn a_leading_variable() {
        assert_eq!(var_len("{{base_url}}/me"), Some(12));
        assert_eq!(var_len("{{}}/me"), None);
        assert_eq!(var_len("/me"), None);
    }

    #[test]
    fn names_are_unique_and_ordered() {
        assert_eq!(param_names("/{a}/{b}/{a}"), ["a", "b"]);
        assert!(mentions_var("x {{k}} y", "k"));
        assert!(!mentions_var("x {k} y", "k"));
    }

    #[test]
    fn filling() {
        let vars = |k: &str| (k == "g").then(|| "42".to_owned());
        assert_eq!(
            fill_vars("/{{g}}/{thing}", &vars).as_deref(),
            Ok("/42/{thing}")
        );
        assert_eq!(
            fill_vars("{{nope}}", &vars),
            Err(Unfilled::Var("nope".into()))
        );
        let enc = |v: &str| v.replace(' ', "%20");
        assert_eq!(
            fill_params("/{a}/x", &|_| Some("b c".into()), &enc).as_deref(),
            Ok("/b%20c/x")
        );
        assert_eq!(
            fill_params("/{a}/x", &|_| Some(String::new()), &enc),
            Err(Unfilled::Param("a".into()))
        );
    }
}
