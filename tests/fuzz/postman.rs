//! The Postman importer: collections and environments, from generated JSON and mutated files.

use std::collections::HashSet;

use proptest::prelude::*;
use serde_json::{Value, json};
use wpx::core::collection::Collection;

use crate::mutate::Rng;
use wpx::core::import_filter::{is_reserved, is_secret_name};
use wpx::core::postman::{
    export_collection, import_collection, import_environment, is_environment,
};

const SEEDS: &[&str] = &[
    r#"{"info":{"name":"Demo","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"variable":[{"key":"group_id","value":"42"},{"key":"X-Api-Key","value":"k"}],"item":[{"name":"G","item":[{"name":"Feed","request":{"method":"GET","url":{"raw":"https://u:p@graph.workplace.com/:group_id/feed?fields=id&access_token={{access_token}}","variable":[{"key":"group_id","value":"{{group_id}}"}]}}},{"name":"Feed","request":{"method":"POST","header":[{"key":"X","value":"1"}],"body":{"mode":"raw","raw":"{\"message\": {{m}}, \"access_token\": \"t\"}"},"url":"{{base}}/{{group_id}}/feed"}}]},{"name":"Feed (2)","request":"https://graph.workplace.com/me"}]}"#,
    r#"{"name":"Env","values":[{"key":"access_token","value":"x"},{"key":"group_id","value":"1","disabled":true},{"key":"n","value":3}]}"#,
    r#"{"info":{"name":"F","schema":"v2.0"},"item":[{"name":"Form","request":{"method":"PATCH","url":{"path":["me","feed"],"query":[{"key":"appsecret_time","value":1}]},"body":{"mode":"formdata","formdata":[{"key":"f","type":"file"},{"key":"t","value":"v"}]},"auth":{"type":"basic"}},"event":[{"listen":"test","script":{"exec":"pm.test()"}}]}]}"#,
];

const DICT: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "1",
    "\"item\":[",
    "\"request\":",
    "\"name\":\"Feed\"",
    "\"url\":\"/:a/{b}\"",
    "\"mode\":\"raw\"",
    "\"raw\":\"a=1&access_token=2\"",
    "{{",
    "}}",
    "\\u0000",
];

const NESTS: &[(&str, &str)] = &[("{\"name\":\"f\",\"item\":[", "]}"), ("[", "]")];

/// A generated collection or environment: a Postman-shaped tree with duplicate names, odd types
/// in every field and the secrets the importer must drop. Built from one seed by a small fast
/// generator (proptest picks the seed).
fn generated(seed: u64) -> Value {
    let mut r = Rng(seed);
    if r.next(6) == 0 {
        return json!({"name": text(&mut r), "values": pairs(&mut r)});
    }
    let n = r.next(5);
    let items: Vec<Value> = (0..n).map(|_| item(&mut r, 0)).collect();
    let odd = junk(&mut r);
    let schema = r.pick(&[json!("v2.1.0"), json!("v2.0"), odd]);
    json!({"info": {"name": text(&mut r), "schema": schema},
           "variable": pairs(&mut r), "item": items})
}

fn junk(r: &mut Rng) -> Value {
    match r.next(7) {
        0 => Value::Null,
        1 => json!(r.next(2) == 0),
        2 => json!(r.next(1 << 20) as i64 - (1 << 19)),
        3 => json!(r.pick(&["", " ", "x", "{{v}}", "\\u0000", "\u{0}", "é", "a/b"])),
        4 => json!([]),
        5 => json!({}),
        _ => json!([r.next(9)]),
    }
}

fn text(r: &mut Rng) -> Value {
    if r.next(5) == 0 {
        return junk(r);
    }
    json!(r.pick(&[
        "Feed",
        "Feed (2)",
        " Feed ",
        "",
        "a/b",
        "é",
        "Feed (2) (2)",
        "G",
        "Feed (3)"
    ]))
}

fn pairs(r: &mut Rng) -> Value {
    let n = r.next(4);
    let keys = [
        "access_token",
        "appsecret_proof",
        "fields",
        "id",
        "userPassword",
        "X-Api-Key",
        "a",
        " appsecret_time ",
    ];
    let v: Vec<Value> = (0..n)
        .map(|_| {
            let key = if r.next(6) == 0 {
                junk(r)
            } else {
                json!(r.pick(&keys))
            };
            let kind = r.pick(&[json!("text"), json!("file"), Value::Null]);
            json!({"key": key, "value": text(r), "disabled": r.next(3) == 0, "type": kind})
        })
        .collect();
    Value::Array(v)
}

fn url(r: &mut Rng) -> Value {
    let raw = r.pick(&[
        "https://graph.workplace.com/:id/feed?fields=id&access_token=x",
        "{{base_url}}/me/{ x }/ :y ",
        "https://u:p@host/a@b?c=1&appsecret_proof=2",
        "/",
        "",
        "?",
        "://",
        "https://h",
        "{{base}}/:group_id/:group_id",
    ]);
    match r.next(4) {
        0 => json!(raw),
        1 => junk(r),
        _ => {
            let path: Vec<Value> = (0..r.next(3)).map(|_| text(r)).collect();
            json!({"raw": raw, "query": pairs(r), "variable": pairs(r), "path": path})
        }
    }
}

fn body(r: &mut Rng) -> Value {
    let mode = r.pick(&["raw", "urlencoded", "formdata", "graphql", "file", "x"]);
    let raw = r.pick(&[
        "{\"access_token\": \"t\", \"a\": [{\"appsecret_proof\": 1}], \"u\": \"me?access_token=1\"}",
        "{\"n\": {{n}}, \"access_token\": \"{{t}}\"}",
        "a=1&access_token=2&&=&%zz=",
        "{\"access_token\": ",
        "",
        "   ",
        "<xml access_token=\"1\"/>",
    ]);
    json!({"mode": mode, "raw": raw, "urlencoded": pairs(r), "formdata": pairs(r)})
}

fn request(r: &mut Rng) -> Value {
    if r.next(5) == 0 {
        return url(r);
    }
    let method = if r.next(5) == 0 {
        junk(r)
    } else {
        json!(r.pick(&["GET", "POST", "DELETE", "get", "PURGE", ""]))
    };
    let body = if r.next(2) == 0 { body(r) } else { Value::Null };
    let odd = junk(r);
    let auth = r.pick(&[json!("bearer"), json!("basic"), odd]);
    json!({"method": method, "url": url(r), "body": body, "header": pairs(r),
           "auth": {"type": auth}, "description": {"content": "d"}})
}

fn item(r: &mut Rng, depth: usize) -> Value {
    match r.next(10) {
        0..3 if depth < 5 => {
            let kids: Vec<Value> = (0..r.next(5)).map(|_| item(r, depth + 1)).collect();
            json!({"name": text(r), "item": kids})
        }
        3 => json!({"name": text(r), "neither": true}),
        _ => {
            let odd = junk(r);
            let script = r.pick(&[json!(["x()"]), json!("y()"), odd]);
            json!({"name": text(r), "request": request(r), "event": [{"listen": "prerequest", "script": {"exec": script}}]})
        }
    }
}

pub fn input() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        2 => crate::mutate::input("postman", SEEDS, "\\[\\]{}\":,a-z0-9 ", DICT, NESTS),
        3 => any::<u64>().prop_map(|seed| generated(seed).to_string().into_bytes()),
    ]
    .boxed()
}

fn check_collection(c: &Collection) -> Result<(), String> {
    let mut seen = HashSet::new();
    for r in &c.requests {
        if !seen.insert(r.full_name()) {
            return Err(format!("two requests are named {:?}", r.full_name()));
        }
        if let Some(p) = r.query.iter().chain(&r.form).find(|p| is_reserved(&p.name)) {
            return Err(format!("{} was kept", p.name));
        }
    }
    if let Some(k) = c.variables.keys().find(|k| is_secret_name(k)) {
        return Err(format!("variable {k} was kept"));
    }
    let file = c
        .to_toml()
        .map_err(|e| format!("the collection cannot be written: {e}"))?;
    let back = Collection::from_toml(&file)
        .map_err(|e| format!("the file written does not load: {e}\n{file}"))?;
    if &back != c {
        return Err(format!("the collection changes through its file:\n{file}"));
    }
    Ok(())
}

pub fn check(raw: &[u8]) -> Result<(), String> {
    let Ok(v) = serde_json::from_slice::<Value>(raw) else {
        return Ok(());
    };
    if is_environment(&v) {
        let (_, vars, _) = import_environment(&v);
        if let Some(k) = vars.keys().find(|k| is_secret_name(k)) {
            return Err(format!("environment variable {k} was kept"));
        }
    }
    let Ok((c, _)) = import_collection(&v) else {
        return Ok(());
    };
    check_collection(&c)?;
    let exported = export_collection(&c);
    let (again, _) =
        import_collection(&exported).map_err(|e| format!("the export does not import: {e}"))?;
    if again.requests.len() != c.requests.len() {
        return Err(format!(
            "{} requests exported, {} imported back",
            c.requests.len(),
            again.requests.len()
        ));
    }
    check_collection(&again)
}
