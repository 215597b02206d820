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
        }
    }
}

/// The names an operation's text refers to, in order.
pub fn names_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{result=") {
        let after = &rest[i + 8..];
        let Some(end) = after.find('}') else { break };
        if let Some((name, _)) = after[..end].split_once(':') {
            out.push(name.to_owned());
        }
        rest = &after[end..];
    }
    out
}

/// Replaces every `{result=NAME:PATH}` in `text` with what PATH finds in NAME's answer. `answers`
/// holds the answers of operations that succeeded; `failed` the names of those that did not.
pub fn fill(
    text: &str,
    answers: &HashMap<String, Value>,
    failed: &[String],
    encode: bool,
) -> Result<String, RefError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{result=") {
        let after = &rest[i + 8..];
        let Some(end) = after.find('}') else { break };
        let Some((name, path)) = after[..end].split_once(':') else {
            break;
        };
        out.push_str(&rest[..i]);
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
        if encode {
            out.extend(url::form_urlencoded::byte_serialize(joined.as_bytes()));
        } else {
            out.push_str(&joined);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
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
            fill("/{result=g:$.data.0.id}/feed", &answers, &failed, false).expect("present"),
            "/11/feed"
        );
        assert_eq!(
            fill("ids={result=g:$.data.*.id}", &answers, &failed, true).expect("present"),
            "ids=11%2C12"
        );
        assert_eq!(
            fill("/{result=bad:$.id}", &answers, &failed, false),
            Err(RefError::Failed("bad".into()))
        );
        assert_eq!(
            fill("/{result=nobody:$.id}", &answers, &failed, false),
            Err(RefError::Unknown("nobody".into()))
        );
        assert!(matches!(
            fill("/{result=g:$.nothing}", &answers, &failed, false),
            Err(RefError::Nothing(..))
        ));
        assert_eq!(names_in("a {result=x:$.id} b {result=y:$.id}"), ["x", "y"]);
    }
}
