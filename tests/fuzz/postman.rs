//! The Postman importer: collections and environments, from generated JSON and mutated files.

use std::collections::HashSet;

use proptest::prelude::*;
use serde_json::{Value, json};
use wpx::core::collection::Collection;
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

fn junk() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[ -~]{0,8}".prop_map(Value::String),
        Just(json!([])),
        Just(json!({})),
    ]
}

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => proptest::sample::select(vec!["Feed", "Feed (2)", " Feed ", "", "a/b", "é", "Feed (2) (2)"]).prop_map(|s| json!(s)),
        1 => "[ -~]{0,12}".prop_map(Value::String),
        1 => junk(),
    ]
}

fn pairs() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        proptest::sample::select(vec![
            "access_token",
            "appsecret_proof",
            "fields",
            "id",
            "userPassword",
            "a"
        ])
        .prop_map(|s| json!(s)),
        junk(),
    ];
    proptest::collection::vec(
        (
            key,
            text(),
            any::<bool>(),
            prop_oneof![Just(json!("text")), Just(json!("file")), junk()],
        )
            .prop_map(|(k, v, d, t)| json!({"key": k, "value": v, "disabled": d, "type": t})),
        0..4,
    )
    .prop_map(Value::Array)
}

fn url() -> impl Strategy<Value = Value> {
    let raw = proptest::sample::select(vec![
        "https://graph.workplace.com/:id/feed?fields=id&access_token=x",
        "{{base_url}}/me/{ x }/ :y ",
        "https://u:p@host/a@b?c",
        "/",
        "",
        "?",
        "://",
        "https://h",
    ]);
    prop_oneof![
        raw.clone().prop_map(|s| json!(s)),
        (
            raw,
            pairs(),
            pairs(),
            proptest::collection::vec(text(), 0..3)
        )
            .prop_map(|(r, q, v, p)| json!({"raw": r, "query": q, "variable": v, "path": p})),
        junk(),
    ]
}

fn body() -> impl Strategy<Value = Value> {
    let mode = proptest::sample::select(vec![
        "raw",
        "urlencoded",
        "formdata",
        "graphql",
        "file",
        "x",
    ]);
    let raw = proptest::sample::select(vec![
        "{\"access_token\": \"t\", \"a\": [{\"appsecret_proof\": 1}]}",
        "{\"n\": {{n}}, \"access_token\": \"{{t}}\"}",
        "a=1&access_token=2&&=&%zz=",
        "{\"access_token\": ",
        "",
        "   ",
    ]);
    (mode, raw, pairs(), pairs())
        .prop_map(|(m, r, u, f)| json!({"mode": m, "raw": r, "urlencoded": u, "formdata": f}))
}

fn request() -> impl Strategy<Value = Value> {
    let method = prop_oneof![
        proptest::sample::select(vec!["GET", "POST", "DELETE", "get", "PURGE", ""])
            .prop_map(|s| json!(s)),
        junk(),
    ];
    prop_oneof![
        1 => url(),
        4 => (method, url(), proptest::option::of(body()), pairs(), proptest::option::of(junk()))
            .prop_map(|(m, u, b, h, a)| json!({"method": m, "url": u, "body": b, "header": h, "auth": {"type": a}, "description": {"content": "d"}})),
    ]
}

fn items() -> impl Strategy<Value = Value> {
    let leaf = (text(), request(), proptest::option::of(junk()))
        .prop_map(|(n, r, e)| json!({"name": n, "request": r, "event": [{"listen": "prerequest", "script": {"exec": e}}]}));
    leaf.prop_recursive(5, 80, 6, |inner| {
        (
            text(),
            proptest::collection::vec(inner, 0..6),
            any::<bool>(),
        )
            .prop_map(|(n, kids, folder)| {
                if folder {
                    json!({"name": n, "item": kids})
                } else {
                    json!({"name": n, "neither": kids})
                }
            })
    })
}

fn collection() -> impl Strategy<Value = Value> {
    (proptest::collection::vec(items(), 0..8), pairs(), text(), junk()).prop_map(|(it, vars, name, schema)| {
        json!({"info": {"name": name, "schema": schema}, "variable": vars, "item": it})
    })
}

pub fn input() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        2 => crate::mutate::input("postman", SEEDS, "\\[\\]{}\":,a-z0-9 ", DICT, NESTS),
        3 => collection().prop_map(|v| v.to_string().into_bytes()),
        1 => pairs().prop_map(|v| json!({"name": "E", "values": v}).to_string().into_bytes()),
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
