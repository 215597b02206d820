//! Graph batch requests: a list of operations (from TOML or JSON) checked and written as Graph's
//! `batch` parameter, and Graph's answer read back as one result per operation. Pure: no IO.

use serde::Deserialize;
use serde_json::{Value, json};

/// The most operations Graph runs in one batch.
pub const MAX_OPERATIONS: usize = 50;

/// What is wrong with a batch file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// Neither a JSON list nor TOML with `[[operation]]` tables.
    #[error("{0}")]
    Parse(String),
    /// No operation.
    #[error("the batch has no operation: list them as [[operation]] tables (TOML) or a JSON array")]
    Empty,
    /// More than Graph runs.
    #[error("the batch has {0} operations; Graph runs at most 50 in one batch: split it")]
    TooMany(usize),
    /// An operation without a relative URL.
    #[error("operation {0} has no relative_url (e.g. relative_url = \"me/feed\")")]
    NoUrl(usize),
    /// A `depends_on` naming no earlier operation.
    #[error("operation {0} depends on '{1}', which no earlier operation is named")]
    UnknownDependency(usize, String),
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Operation {
    /// GET, POST or DELETE.
    #[serde(default = "get")]
    pub method: String,
    /// The path and query below the version, e.g. `me/feed?limit=5`.
    #[serde(default)]
    pub relative_url: String,
    /// A form body: `message=hi` text, or a table of fields.
    #[serde(default)]
    pub body: Option<Value>,
    /// The name later operations refer to with `{result=NAME:$.path}`.
    #[serde(default)]
    pub name: Option<String>,
    /// The operation this one waits for.
    #[serde(default)]
    pub depends_on: Option<String>,
    /// `false` keeps the answer of a named operation that others use.
    #[serde(default)]
    pub omit_response_on_success: Option<bool>,
}

fn get() -> String {
    "GET".into()
}

#[derive(Deserialize)]
struct TomlFile {
    #[serde(default)]
    operation: Vec<Operation>,
}

/// Reads a batch file: a JSON array of operations, or TOML with `[[operation]]` tables.
pub fn parse(text: &str) -> Result<Vec<Operation>, BatchError> {
    let ops: Vec<Operation> =
        if text.trim_start().starts_with('[') && !text.contains("[[operation]]") {
            serde_json::from_str(text)
                .map_err(|e| BatchError::Parse(format!("not a JSON list of operations: {e}")))?
        } else {
            toml::from_str::<TomlFile>(text)
                .map_err(|e| {
                    BatchError::Parse(format!(
                        "not TOML with [[operation]] tables: {}",
                        e.message()
                    ))
                })?
                .operation
        };
    check(&ops)?;
    Ok(ops)
}

fn check(ops: &[Operation]) -> Result<(), BatchError> {
    if ops.is_empty() {
        return Err(BatchError::Empty);
    }
    if ops.len() > MAX_OPERATIONS {
        return Err(BatchError::TooMany(ops.len()));
    }
    for (i, op) in ops.iter().enumerate() {
        if op.relative_url.trim().is_empty() {
            return Err(BatchError::NoUrl(i + 1));
        }
        if let Some(d) = &op.depends_on
            && !ops[..i]
                .iter()
                .any(|o| o.name.as_deref() == Some(d.as_str()))
        {
            return Err(BatchError::UnknownDependency(i + 1, d.clone()));
        }
    }
    Ok(())
}

/// The `batch` parameter's JSON: bodies as form text, as Graph reads them.
pub fn to_param(ops: &[Operation]) -> String {
    let list: Vec<Value> = ops
        .iter()
        .map(|op| {
            let mut o = json!({
                "method": op.method.to_ascii_uppercase(),
                "relative_url": op.relative_url.trim_start_matches('/'),
            });
            let body = match &op.body {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Object(m)) => {
                    let mut ser = url::form_urlencoded::Serializer::new(String::new());
                    for (k, v) in m {
                        let text = match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        ser.append_pair(k, &text);
                    }
                    Some(ser.finish())
                }
                Some(other) if !other.is_null() => Some(other.to_string()),
                _ => None,
            };
            if let Some(b) = body {
                o["body"] = json!(b);
            }
            if let Some(n) = &op.name {
                o["name"] = json!(n);
            }
            if let Some(d) = &op.depends_on {
                o["depends_on"] = json!(d);
            }
            if let Some(x) = op.omit_response_on_success {
                o["omit_response_on_success"] = json!(x);
            }
            o
        })
        .collect();
    Value::Array(list).to_string()
}

/// One operation's result.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Left out: a named operation that others used (`omit_response_on_success`).
    Omitted,
    /// Its status, headers and body (parsed when it is JSON).
    Answered {
        /// HTTP status.
        code: u16,
        /// Its headers.
        headers: Vec<(String, String)>,
        /// Its body.
        body: Value,
    },
}

/// Graph's answer to a batch, one outcome per operation (`null` items are omitted ones).
pub fn read_results(answer: &Value) -> Option<Vec<Outcome>> {
    let items = answer.as_array()?;
    Some(
        items
            .iter()
            .map(|i| {
                if i.is_null() {
                    return Outcome::Omitted;
                }
                let body = i["body"]
                    .as_str()
                    .map(|b| serde_json::from_str(b).unwrap_or_else(|_| json!(b)))
                    .unwrap_or(Value::Null);
                let headers = i["headers"]
                    .as_array()
                    .map(|h| {
                        h.iter()
                            .map(|x| {
                                (
                                    x["name"].as_str().unwrap_or_default().to_owned(),
                                    x["value"].as_str().unwrap_or_default().to_owned(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Outcome::Answered {
                    code: i["code"]
                        .as_u64()
                        .and_then(|c| u16::try_from(c).ok())
                        .unwrap_or(0),
                    headers,
                    body,
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_files_give_the_same_operations() {
        let toml = r#"
[[operation]]
name = "groups"
relative_url = "community/groups?limit=1"

[[operation]]
method = "POST"
relative_url = "{result=groups:$.data.0.id}/feed"
depends_on = "groups"
body = { message = "hello & welcome" }
"#;
        let ops = parse(toml).expect("toml");
        let json = r#"[{"name":"groups","relative_url":"community/groups?limit=1"},
            {"method":"POST","relative_url":"{result=groups:$.data.0.id}/feed","depends_on":"groups","body":{"message":"hello & welcome"}}]"#;
        assert_eq!(parse(json).expect("json"), ops);
        let param: Value = serde_json::from_str(&to_param(&ops)).expect("json");
        assert_eq!(
            param[0],
            json!({"method": "GET", "relative_url": "community/groups?limit=1", "name": "groups"})
        );
        assert_eq!(param[1]["body"], "message=hello+%26+welcome");
        assert_eq!(param[1]["depends_on"], "groups");
    }

    #[test]
    fn bad_files_say_what_to_fix() {
        assert_eq!(parse("[]"), Err(BatchError::Empty));
        assert_eq!(parse(r#"[{"method":"GET"}]"#), Err(BatchError::NoUrl(1)));
        assert_eq!(
            parse(r#"[{"relative_url":"me","depends_on":"x"}]"#),
            Err(BatchError::UnknownDependency(1, "x".into()))
        );
        let many = format!("[{}]", vec![r#"{"relative_url":"me"}"#; 51].join(","));
        assert_eq!(parse(&many), Err(BatchError::TooMany(51)));
        assert!(matches!(parse("not = [valid"), Err(BatchError::Parse(_))));
    }

    #[test]
    fn results_are_read_one_per_operation() {
        let answer = json!([null, {"code": 200, "headers": [{"name": "Content-Type", "value": "text/javascript"}], "body": "{\"id\":\"1_2\"}"}]);
        let r = read_results(&answer).expect("a list");
        assert_eq!(r[0], Outcome::Omitted);
        assert_eq!(
            r[1],
            Outcome::Answered {
                code: 200,
                headers: vec![("Content-Type".into(), "text/javascript".into())],
                body: json!({"id": "1_2"})
            }
        );
        assert_eq!(read_results(&json!({"error": {}})), None);
    }
}
