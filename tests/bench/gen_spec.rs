//! A generated OpenAPI 3.1 description for the benchmarks: `n` operations over `n / 2` paths in
//! 40 tags, each with path, query and header parameters (some through `$ref`), enums, long
//! descriptions and JSON bodies whose schemas refer to each other (cycles included). About 5 KB an
//! operation, so 2,000 operations make a 10 MB file.

use serde_json::{Value, json};

pub fn spec(n: usize) -> Value {
    let mut paths = serde_json::Map::new();
    let filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ".repeat(10);
    for i in 0..n.div_ceil(2) {
        let path = format!("/{{Version}}/{{Object-{}-ID}}/edge_{i}", i % 50);
        let op = |method: &str, k: usize| {
            let mut op = json!({
                "tags": [format!("Tag {}", k % 40)],
                "operationId": format!("{method}Edge{k}"),
                "summary": format!("{method} edge number {k}"),
                "description": format!("Operation {k}. {filler}"),
                "parameters": [
                    {"$ref": "#/components/parameters/Version"},
                    {"name": format!("Object-{}-ID", (k / 2) % 50), "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "fields", "in": "query", "description": format!("Fields to return. {filler}"), "schema": {"type": "string"}, "example": "id,name"},
                    {"name": format!("mode_{}", k % 20), "in": "query", "schema": {"type": "string", "enum": ["a", "b", "c"]}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 25}},
                    {"name": "X-Tag", "in": "header", "schema": {"type": "string"}, "example": "bench"}
                ],
                "responses": {"200": {"description": filler.clone()}}
            });
            if method == "post" {
                op["requestBody"] = json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Thing{}", k % 100)}}}});
            }
            op
        };
        paths.insert(
            path,
            json!({"get": op("get", 2 * i), "post": op("post", 2 * i + 1)}),
        );
    }
    let mut schemas = serde_json::Map::new();
    for s in 0..100 {
        schemas.insert(
            format!("Thing{s}"),
            json!({
                "type": "object",
                "required": ["name", "kind", "child"],
                "properties": {
                    "name": {"type": "string", "example": format!("thing {s}"), "description": filler.clone()},
                    "kind": {"type": "string", "enum": ["x", "y"]},
                    "child": {"$ref": format!("#/components/schemas/Thing{}", (s + 1) % 100)},
                    "count": {"type": "integer"}
                }
            }),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Bench API", "version": "1"},
        "servers": [{"url": "https://graph.facebook.com/{Version}", "variables": {"Version": {"default": "v23.0"}}}],
        "paths": paths,
        "components": {
            "parameters": {"Version": {"name": "Version", "in": "path", "required": true, "schema": {"type": "string"}}},
            "schemas": schemas
        }
    })
}
