//! Local `$ref`s and example values made from schemas.

use serde_json::{Map, Value, json};

/// How deep an example is built before nested objects are left empty.
const MAX_DEPTH: usize = 8;

/// A JSON pointer segment, escaped (`/` → `~1`, `~` → `~0`).
pub fn escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

/// Follows `$ref`s from `v` until an object without one: the value and the pointer it was found
/// at. A ref that is not local (`other.yaml#/…`), that points nowhere, or that loops is an error
/// naming the ref.
pub fn resolve<'a>(doc: &'a Value, v: &'a Value, at: &str) -> Result<(&'a Value, String), String> {
    let mut cur = v;
    let mut pointer = at.to_owned();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(r) = cur.get("$ref").and_then(Value::as_str) {
        let Some(local) = r.strip_prefix('#') else {
            return Err(format!(
                "{pointer}: $ref '{r}' points into another file (only refs within the document are followed)"
            ));
        };
        if seen.contains(&r) {
            return Err(format!("{pointer}: $ref '{r}' refers back to itself"));
        }
        seen.push(r);
        cur = doc
            .pointer(local)
            .ok_or_else(|| format!("{pointer}: $ref '{r}' points to nothing in the document"))?;
        pointer = local.to_owned();
    }
    Ok((cur, pointer))
}

/// The first example a value (a parameter, a media type, a schema) gives: `example`, then the
/// first of `examples` (a map of `{value}` or, in a schema, a list), then `default`, `const`, and
/// the first `enum` value.
pub fn given_example(doc: &Value, v: &Value) -> Option<Value> {
    if let Some(e) = v.get("example") {
        return Some(e.clone());
    }
    match v.get("examples") {
        Some(Value::Array(list)) if !list.is_empty() => return Some(list[0].clone()),
        Some(Value::Object(map)) => {
            if let Some(first) = map.values().next() {
                let ex = resolve(doc, first, "").map_or(first, |(e, _)| e);
                if let Some(value) = ex.get("value") {
                    return Some(value.clone());
                }
            }
        }
        _ => {}
    }
    for key in ["default", "const"] {
        if let Some(d) = v.get(key) {
            return Some(d.clone());
        }
    }
    v.get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
        .cloned()
}

/// A schema's type: the first non-null one of a 3.1 type list, or guessed from its keywords.
pub fn type_of(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ => "",
    }
}

/// The catalogue type of a parameter's schema: `int`, `bool`, `datetime`, `json`, `enum(A,B)`, or
/// `string`.
pub fn kind_of(doc: &Value, schema: &Value) -> String {
    let schema = resolve(doc, schema, "").map_or(schema, |(s, _)| s);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let texts: Vec<String> = values
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            })
            .filter(|s| !s.contains([',', '(', ')']))
            .collect();
        if !texts.is_empty() {
            return format!("enum({})", texts.join(","));
        }
    }
    match (
        type_of(schema),
        schema.get("format").and_then(Value::as_str),
    ) {
        ("integer" | "number", _) => "int".into(),
        ("boolean", _) => "bool".into(),
        ("string", Some("date-time" | "date")) => "datetime".into(),
        ("object" | "array", _) => "json".into(),
        _ => "string".into(),
    }
}

/// An example value for a schema: the one it gives, else one built from it (required fields, or
/// every field when none is required; the first enum value; nested objects). Cycles end in `{}`.
pub fn example(doc: &Value, schema: &Value) -> Value {
    build(
        doc,
        schema,
        0,
        &mut Walk {
            stack: Vec::new(),
            budget: MAX_NODES,
        },
    )
}

/// At most this many values in one example: a schema that fans out does not exhaust memory.
const MAX_NODES: usize = 2_000;

/// The refs being followed, and how many values may still be built.
struct Walk {
    stack: Vec<String>,
    budget: usize,
}

fn build(doc: &Value, schema: &Value, depth: usize, walk: &mut Walk) -> Value {
    if walk.budget == 0 || depth > MAX_DEPTH {
        return Value::Null;
    }
    walk.budget -= 1;
    let own_ref = schema
        .get("$ref")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(r) = &own_ref {
        if walk.stack.contains(r) {
            return json!({});
        }
        walk.stack.push(r.clone());
    }
    let value = match resolve(doc, schema, "") {
        Ok((s, _)) => build_resolved(doc, s, depth, walk),
        Err(_) => json!({}),
    };
    if own_ref.is_some() {
        walk.stack.pop();
    }
    value
}

fn build_resolved(doc: &Value, s: &Value, depth: usize, walk: &mut Walk) -> Value {
    if let Some(e) = given_example(doc, s) {
        return e;
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in all {
            if let Value::Object(o) = build(doc, part, depth + 1, walk) {
                merged.extend(o);
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = s.get(key).and_then(Value::as_array).and_then(|l| l.first()) {
            return build(doc, first, depth + 1, walk);
        }
    }
    match type_of(s) {
        "object" => {
            let Some(props) = s.get("properties").and_then(Value::as_object) else {
                return json!({});
            };
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut out = Map::new();
            for (name, prop) in props {
                if required.is_empty() || required.contains(&name.as_str()) {
                    out.insert(name.clone(), build(doc, prop, depth + 1, walk));
                }
            }
            Value::Object(out)
        }
        "array" => match s.get("items") {
            Some(items) if depth < MAX_DEPTH => json!([build(doc, items, depth + 1, walk)]),
            _ => json!([]),
        },
        "integer" | "number" => json!(0),
        "boolean" => json!(true),
        "string" => match s.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2026-01-01T00:00:00Z"),
            Some("date") => json!("2026-01-01"),
            Some("email") => json!("user@example.com"),
            Some("uri" | "url") => json!("https://example.com"),
            _ => json!(""),
        },
        _ => Value::Null,
    }
}
