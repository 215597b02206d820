//! Batch references: `{result=NAME:$.data.0.id}` in a later operation's `relative_url` or `body`
//! is replaced by that value of operation NAME's answer; `$.data.*.id` gives every match, joined
//! with commas (Graph's batch documentation, "Specifying dependencies between operations").

use std::collections::HashMap;

use serde_json::Value;

/// Why a reference could not be filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// No earlier operation has that name.
    Unknown(String),
    /// The named operation failed or was not run.
    Failed(String),
    /// The path matched nothing in the named answer.
    Nothing(String, String),
    /// A value that cannot stand in a URL path (it has `/`, `?`, `#`, `&`, `%` or a space).
    NotAPathSegment(String, String),
}

/// Where a reference is filled in: a URL path takes plain values only; a query or a form body
/// gets them percent-encoded, so a value can never add or change a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The path of `relative_url`.
    Path,
    /// The query of `relative_url`, or the operation's `body`.
    Form,
}

impl RefError {
    /// A message for the dependent operation's result.
    pub fn message(&self) -> String {
        match self {
            Self::Unknown(n) => format!(
                "This operation refers to '{n}', but no earlier operation in the batch has that name"
            ),
            Self::Failed(n) => {
                format!("This operation depends on '{n}', which failed, so it was not run")
            }
            Self::Nothing(n, p) => {
                format!("The JSONPath {p} found nothing in the result of '{n}'")
            }
            Self::NotAPathSegment(n, v) => {
                format!("The value '{v}' from '{n}' cannot be part of a URL path: refer to an id")
            }
        }
    }
}

/// The references in `text`: (where it starts, where it ends, NAME, PATH).
fn references(text: &str) -> Vec<(usize, usize, &str, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{result=").map(|i| i + from) {
        let body = i + "{result=".len();
        let Some(end) = text[body..].find('}').map(|e| e + body) else {
            break;
        };
        if let Some((name, path)) = text[body..end].split_once(':') {
            out.push((i, end + 1, name, path));
        }
        from = end + 1;
    }
    out
}

/// The names an operation's text refers to, in order.
pub fn names_in(text: &str) -> Vec<String> {
    references(text)
        .into_iter()
        .map(|(_, _, n, _)| n.to_owned())
        .collect()
}

/// Replaces every `{result=NAME:PATH}` in `text` with what PATH finds in NAME's answer. `answers`
/// holds the answers of operations that succeeded; `failed` the names of those that did not.
pub fn fill(
    text: &str,
    answers: &HashMap<String, Value>,
    failed: &[String],
    place: Place,
) -> Result<String, RefError> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end, name, path) in references(text) {
        out.push_str(&text[last..start]);
        let answer = match answers.get(name) {
            Some(a) => a,
            None if failed.iter().any(|f| f == name) => {
                return Err(RefError::Failed(name.to_owned()));
            }
            None => return Err(RefError::Unknown(name.to_owned())),
        };
        let found = select(answer, path);
        if found.is_empty() {
            return Err(RefError::Nothing(name.to_owned(), path.to_owned()));
        }
        let joined = found.join(",");
        match place {
            Place::Path => {
                if joined
                    .chars()
                    .any(|c| "/?#&% ".contains(c) || c.is_control())
                {
                    return Err(RefError::NotAPathSegment(name.to_owned(), joined));
                }
                out.push_str(&joined);
            }
            Place::Form => out.extend(url::form_urlencoded::byte_serialize(joined.as_bytes())),
        }
        last = end;
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// The values a JSONPath of the dotted form (`$.data.0.id`, `$.data.*.id`, `$.id`) finds, as text.
pub fn select(v: &Value, path: &str) -> Vec<String> {
    let steps: Vec<&str> = path
        .trim()
        .trim_start_matches('$')
        .split('.')
        .filter(|s| !s.is_empty())
        .collect();
    let mut current = vec![v];
    for step in steps {
        let mut next = Vec::new();
        for v in current {
            match (step, v) {
                ("*", Value::Array(items)) => next.extend(items.iter()),
                ("*", Value::Object(m)) => next.extend(m.values()),
                (s, Value::Array(items)) => {
                    if let Some(x) = s.parse::<usize>().ok().and_then(|i| items.get(i)) {
                        next.push(x);
                    }
                }
                (s, Value::Object(m)) => {
                    if let Some(x) = m.get(s) {
                        next.push(x);
                    }
                }
                _ => {}
            }
        }
        current = next;
    }
    current
        .into_iter()
        .filter(|v| !v.is_null())
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_path_selects_one_value_or_every_match() {
        let v = json!({"id": "7", "data": [{"id": "1"}, {"id": "2"}, {"name": "x"}]});
        assert_eq!(select(&v, "$.id"), ["7"]);
        assert_eq!(select(&v, "$.data.0.id"), ["1"]);
        assert_eq!(select(&v, "$.data.*.id"), ["1", "2"]);
        assert!(select(&v, "$.data.5.id").is_empty());
    }

    #[test]
    fn references_are_filled_or_say_why_not() {
        let mut answers = HashMap::new();
        answers.insert(
            "g".to_owned(),
            json!({"data": [{"id": "11"}, {"id": "12"}]}),
        );
        let failed = vec!["bad".to_owned()];
        assert_eq!(
            fill(
                "/{result=g:$.data.0.id}/feed",
                &answers,
                &failed,
                Place::Path
            )
            .expect("filled"),
            "/11/feed"
        );
        assert_eq!(
            fill("ids={result=g:$.data.*.id}", &answers, &failed, Place::Form).expect("filled"),
            "ids=11%2C12"
        );
        answers.insert(
            "m".to_owned(),
            json!({"message": "x&access_token=stolen", "id": "1/2"}),
        );
        assert_eq!(
            fill(
                "message={result=m:$.message}",
                &answers,
                &failed,
                Place::Form
            )
            .expect("filled"),
            "message=x%26access_token%3Dstolen",
            "a value never adds a parameter"
        );
        assert!(matches!(
            fill("/{result=m:$.id}/feed", &answers, &failed, Place::Path),
            Err(RefError::NotAPathSegment(..))
        ));
        assert_eq!(
            fill("/{result=bad:$.id}", &answers, &failed, Place::Path),
            Err(RefError::Failed("bad".into()))
        );
        assert_eq!(
            fill("/{result=nobody:$.id}", &answers, &failed, Place::Path),
            Err(RefError::Unknown("nobody".into()))
        );
        assert!(matches!(
            fill("/{result=g:$.nothing}", &answers, &failed, Place::Path),
            Err(RefError::Nothing(..))
        ));
        assert_eq!(names_in("a {result=x:$.id} b {result=y:$.id}"), ["x", "y"]);
    }
}
