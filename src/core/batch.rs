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
    /// A request that cannot be one operation of a batch.
    #[error("{0}")]
    NotAnOperation(String),
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
                Some(Value::Object(m)) => Some(form(m.iter().map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.as_str(), text)
                }))),
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

/// The one signed POST that carries `ops` (`batch=`, and `include_headers=true` so each result
/// has its headers): what `wpx batch` and the TUI's batch send.
pub fn request(ops: &[Operation]) -> crate::core::request::RequestSpec {
    use crate::core::request::{Body, Method, RequestSpec};
    RequestSpec {
        method: Method::Post,
        body: Body::Form(vec![
            ("batch".into(), to_param(ops)),
            ("include_headers".into(), "true".into()),
        ]),
        ..RequestSpec::get("/")
    }
}

/// Percent-encodes form text, keeping `{result=…}` references as they are: Graph fills them in
/// before it reads the form, so an encoded brace would hide them.
pub fn encode_keeping_refs(s: &str) -> String {
    let enc = |t: &str| url::form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>();
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("{result=") {
        out.push_str(&enc(&rest[..at]));
        match rest[at..].find('}') {
            Some(end) => {
                out.push_str(&rest[at..=at + end]);
                rest = &rest[at + end + 1..];
            }
            None => {
                out.push_str(&enc(&rest[at..]));
                rest = "";
            }
        }
    }
    out.push_str(&enc(rest));
    out
}

/// `a=1&b=2`, references kept.
fn form<'a>(pairs: impl Iterator<Item = (&'a str, String)>) -> String {
    pairs
        .map(|(k, v)| format!("{}={}", encode_keeping_refs(k), encode_keeping_refs(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The names of the operations that `text` refers to with `{result=NAME:…}`.
fn referred(text: &str) -> Vec<&str> {
    text.match_indices("{result=")
        .filter_map(|(at, _)| {
            let rest = &text[at + 8..];
            rest.find(':').map(|end| &rest[..end])
        })
        .collect()
}

/// One request of the editor as an operation of a batch named `name`: its path (placeholders
/// filled; a `{result=…}` value kept as it is), its query, and its body as form fields. It
/// depends on the latest earlier operation its references name.
pub fn operation_of(
    spec: &crate::core::request::RequestSpec,
    name: &str,
    earlier: &[Operation],
) -> Result<Operation, BatchError> {
    use crate::core::request::Body;
    let not = |why: String| BatchError::NotAnOperation(why);
    if earlier.len() >= MAX_OPERATIONS {
        return Err(not(format!(
            "a batch holds at most {MAX_OPERATIONS} operations: send this one first"
        )));
    }
    let mut path = match url::Url::parse(&spec.path) {
        Ok(u) => u[url::Position::BeforePath..].to_owned(),
        Err(_) => spec.path.clone(),
    };
    for (k, v) in &spec.path_params {
        path = path.replace(&format!("{{{k}}}"), v);
    }
    if let Some(open) = path
        .find('{')
        .filter(|&i| !path[i..].starts_with("{result="))
    {
        let field: String = path[open..].chars().take_while(|&c| c != '}').collect();
        return Err(not(format!("fill {field}}} first: it is part of the path")));
    }
    let mut relative_url = path.trim_start_matches('/').to_owned();
    if !spec.query.is_empty() {
        let q = form(spec.query.iter().map(|(k, v)| (k.as_str(), v.clone())));
        relative_url.push(if relative_url.contains('?') { '&' } else { '?' });
        relative_url.push_str(&q);
    }
    let body = match &spec.body {
        Body::None => None,
        Body::Form(pairs) => Some(Value::String(form(
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())),
        ))),
        Body::Json(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(m)) => Some(Value::String(form(m.iter().map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.as_str(), text)
            })))),
            _ => {
                return Err(not(
                    "a batch sends bodies as form fields: make the JSON body one object".into(),
                ));
            }
        },
        Body::Raw { .. } => {
            return Err(not(
                "a batch sends bodies as form fields, not raw text".into()
            ));
        }
    };
    let text = format!(
        "{relative_url} {}",
        body.as_ref().and_then(Value::as_str).unwrap_or_default()
    );
    let depends_on = referred(&text)
        .into_iter()
        .filter(|n| earlier.iter().any(|o| o.name.as_deref() == Some(*n)))
        .max_by_key(|n| earlier.iter().position(|o| o.name.as_deref() == Some(*n)))
        .map(str::to_owned);
    Ok(Operation {
        method: spec.method.as_str().to_owned(),
        relative_url,
        body,
        name: Some(name.to_owned()),
        depends_on,
        omit_response_on_success: Some(false),
    })
}

/// The results of a batch as one document to view: per operation its index, name, method, URL,
/// status, headers and body (`omitted` when Graph left it out).
pub fn results_document(ops: &[Operation], results: &[Outcome]) -> Value {
    let items: Vec<Value> = ops
        .iter()
        .zip(results)
        .enumerate()
        .map(|(i, (op, r))| {
            let mut o = json!({
                "operation": i + 1,
                "method": op.method.to_ascii_uppercase(),
                "relative_url": op.relative_url,
            });
            if let Some(n) = &op.name {
                o["name"] = json!(n);
            }
            match r {
                Outcome::Omitted => o["omitted"] = json!(true),
                Outcome::Answered {
                    code,
                    headers,
                    body,
                } => {
                    o["code"] = json!(code);
                    o["headers"] =
                        Value::Object(headers.iter().map(|(k, v)| (k.clone(), json!(v))).collect());
                    o["body"] = body.clone();
                }
            }
            o
        })
        .collect();
    json!({ "data": items })
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

    #[test]
    fn a_request_of_the_editor_becomes_an_operation_that_depends_on_what_it_refers_to() {
        use crate::core::request::{Body, Method, RequestSpec};
        let first =
            operation_of(&RequestSpec::get("/community/groups"), "op1", &[]).expect("an operation");
        assert_eq!(first.relative_url, "community/groups");
        assert_eq!(first.depends_on, None);
        let spec = RequestSpec {
            method: Method::Post,
            path: "/{group-id}/feed".into(),
            path_params: vec![("group-id".into(), "{result=op1:$.data.0.id}".into())],
            query: vec![("fields".into(), "id,message".into())],
            body: Body::Form(vec![(
                "message".into(),
                "hi & {result=op1:$.data.0.name}".into(),
            )]),
            ..RequestSpec::default()
        };
        let op = operation_of(&spec, "op2", &[first]).expect("an operation");
        assert_eq!(op.method, "POST");
        assert_eq!(
            op.relative_url,
            "{result=op1:$.data.0.id}/feed?fields=id%2Cmessage"
        );
        assert_eq!(
            op.body,
            Some(json!("message=hi+%26+{result=op1:$.data.0.name}"))
        );
        assert_eq!(op.depends_on.as_deref(), Some("op1"));
        // An unfilled placeholder is said.
        let e =
            operation_of(&RequestSpec::get("/{group-id}/feed"), "op3", &[]).expect_err("unfilled");
        assert!(e.to_string().contains("fill {group-id}"), "{e}");
    }

    #[test]
    fn table_bodies_keep_their_references() {
        let ops = vec![Operation {
            method: "POST".into(),
            relative_url: "me/feed".into(),
            body: Some(json!({"message": "{result=a:$.id} ok"})),
            name: None,
            depends_on: None,
            omit_response_on_success: None,
        }];
        let param: Value = serde_json::from_str(&to_param(&ops)).expect("json");
        assert_eq!(param[0]["body"], "message={result=a:$.id}+ok");
    }

    #[test]
    fn results_become_one_document() {
        let ops =
            parse(r#"[{"relative_url": "me", "name": "me"}, {"relative_url": "x"}]"#).expect("ops");
        let results = vec![
            Outcome::Omitted,
            Outcome::Answered {
                code: 404,
                headers: vec![("Content-Type".into(), "text/javascript".into())],
                body: json!({"error": {"code": 803}}),
            },
        ];
        let doc = results_document(&ops, &results);
        assert_eq!(doc["data"][0]["omitted"], true);
        assert_eq!(doc["data"][0]["name"], "me");
        assert_eq!(doc["data"][1]["code"], 404);
        assert_eq!(doc["data"][1]["body"]["error"]["code"], 803);
        assert_eq!(doc["data"][1]["headers"]["Content-Type"], "text/javascript");
    }
}
