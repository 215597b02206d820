use serde_json::json;

use super::*;

const SPEC: &str = include_str!("../../../tests/fixtures/messaging.openapi.yaml");

fn imported() -> Imported {
    let doc = parse_text(SPEC).expect("the YAML parses");
    import(&doc, None, "openapi: messaging.openapi.yaml").expect("imports")
}

#[test]
fn the_pack_names_its_surface_from_the_server() {
    let i = imported();
    assert_eq!(i.pack.pack.name, "messaging-test-api");
    assert_eq!(i.pack.pack.host, "graph.facebook.com");
    assert_eq!(i.pack.pack.surface, Some(Surface::Facebook));
    assert!(i.pack.check().is_ok());
}

#[test]
fn operations_become_endpoints_with_the_version_left_to_the_profile() {
    let i = imported();
    let send = i
        .pack
        .endpoints
        .iter()
        .find(|e| e.id == "sendMessage")
        .expect("sendMessage");
    assert_eq!(send.method, Method::Post);
    assert_eq!(send.path, "/{Phone-Number-ID}/messages");
    assert_eq!(send.section, "Messages");
    assert_eq!(send.summary, "Send a text message");
    assert_eq!(send.query, ["message_kind=regular"], "the first enum value");
    assert_eq!(send.headers, ["X-Request-Tag=demo"]);
    assert_eq!(i.pack.param_types["message_kind"], "enum(regular,urgent)");
    assert_eq!(
        i.pack.params["message_kind"],
        "How the message is delivered"
    );
    let get = i
        .pack
        .endpoints
        .iter()
        .find(|e| e.id == "getPhoneNumber")
        .expect("get");
    assert_eq!(
        get.summary, "Reads a phone number.",
        "the first line of the description"
    );
    assert_eq!(
        get.query,
        ["fields=id,display_phone_number,verified_name", "limit=25"]
    );
    assert_eq!(get.required, ["fields"]);
    assert_eq!(i.pack.param_types["limit"], "int");
    let list = i
        .pack
        .endpoints
        .iter()
        .find(|e| e.path == "/{WABA-ID}/phone_numbers")
        .expect("list");
    assert_eq!(
        list.id, "get.waba-id.phone_numbers",
        "an id made from the method and path"
    );
}

#[test]
fn the_body_example_is_built_from_the_schema_through_refs_and_cycles() {
    let i = imported();
    let send = i
        .pack
        .endpoints
        .iter()
        .find(|e| e.id == "sendMessage")
        .expect("sendMessage");
    let body: serde_json::Value =
        serde_json::from_str(send.example.as_deref().expect("an example")).expect("JSON");
    assert_eq!(
        body,
        json!({"messaging_product": "whatsapp", "to": "15550001111", "type": "text", "text": {"body": "Hello from wpx"}})
    );
    assert!(!send.form);
    let to = send
        .body
        .iter()
        .find(|f| f.name == "to")
        .expect("body fields");
    assert!(to.required);
    assert!(send.body.iter().any(|f| f.name == "context" && !f.required));
}

#[test]
fn every_skipped_part_is_a_warning_with_its_pointer() {
    let i = imported();
    assert_eq!(i.warnings.len(), 2, "{:#?}", i.warnings);
    assert!(i.warnings.iter().any(|w| {
        w.contains("/paths/~1{Version}~1{WABA-ID}~1phone_numbers/trace") && w.contains("TRACE")
    }));
    assert!(
        i.warnings
            .iter()
            .any(|w| w.contains("other-file.yaml") && w.contains("skipped"))
    );
    assert_eq!(i.pack.endpoints.len(), 3);
}

#[test]
fn bad_documents_name_the_pointer_of_the_first_problem() {
    let e = import(&json!({"swagger": "2.0"}), None, "").expect_err("swagger");
    assert_eq!(e.pointer, "/swagger");
    let e = import(&json!({"openapi": "3.1.0"}), None, "").expect_err("no paths");
    assert_eq!(e.pointer, "/paths");
    let e = import(&json!({"openapi": "3.1.0", "paths": []}), None, "").expect_err("paths list");
    assert!(
        e.to_string().starts_with("/paths: must be an object"),
        "{e}"
    );
    let e = import(&json!({"openapi": "2.9", "paths": {}}), None, "").expect_err("version");
    assert_eq!(e.pointer, "/openapi");
    let e = parse_text("{\"openapi\": ").expect_err("bad JSON");
    assert!(e.to_string().contains("line 1"), "{e}");
    let e = parse_text("openapi: [unclosed").expect_err("bad YAML");
    assert!(e.to_string().contains("YAML"), "{e}");
    let e = import(
        &json!({"openapi": "3.0.3", "paths": {}}),
        Some("Bad Name"),
        "",
    )
    .expect_err("name");
    assert!(e.message.contains("pack name"), "{e}");
}

#[test]
fn openapi_3_0_json_with_form_bodies_and_examples_maps() {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Pages"},
        "servers": [{"url": "https://graph.facebook.com/v23.0"}],
        "paths": {"/{page-id}/feed": {"post": {
            "requestBody": {"content": {"application/x-www-form-urlencoded": {
                "examples": {"first": {"value": {"message": "hi", "published": false}}}
            }}}
        }}}
    });
    let i = import(&doc, Some("pages"), "").expect("imports");
    let ep = &i.pack.endpoints[0];
    assert_eq!(ep.path, "/{page-id}/feed");
    assert!(ep.form);
    assert_eq!(ep.section, "Other");
    let ex: serde_json::Value =
        serde_json::from_str(ep.example.as_deref().unwrap_or("")).expect("json");
    assert_eq!(ex, json!({"message": "hi", "published": false}));
}

#[test]
fn a_ref_loop_is_reported_not_followed_forever() {
    let doc = json!({
        "openapi": "3.1.0",
        "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/A"}]}}},
        "components": {"parameters": {"A": {"$ref": "#/components/parameters/B"}, "B": {"$ref": "#/components/parameters/A"}}}
    });
    let i = import(&doc, Some("loop"), "").expect("imports the rest");
    assert!(i.pack.endpoints.is_empty());
    assert!(
        i.warnings[0].contains("refers back to itself"),
        "{:?}",
        i.warnings
    );
}

#[test]
fn charset_media_types_credentials_and_schemaless_bodies() {
    let doc = json!({
        "openapi": "3.1.0",
        "paths": {"/a": {"post": {
            "parameters": [{"name": "access_token", "in": "query", "example": "fake-token"}, {"name": "q", "in": "query"}],
            "requestBody": {"content": {"application/json; charset=utf-8": {"schema": {"type": "object", "properties": {"x": {"type": "integer"}}}}}}
        }}, "/b": {"post": {"requestBody": {"content": {"application/json": {}}}}}}
    });
    let i = import(&doc, Some("c"), "").expect("imports");
    let a = &i.pack.endpoints[0];
    assert_eq!(
        a.query,
        ["q"],
        "the token is the profile's, never the spec's"
    );
    assert_eq!(
        a.example.as_deref().map(|t| t.contains("\"x\": 0")),
        Some(true)
    );
    assert_eq!(
        i.pack.endpoints[1].example, None,
        "no schema, no example: nothing invented"
    );
}

#[test]
fn a_fanning_schema_is_bounded() {
    let mut schemas = serde_json::Map::new();
    for level in 0..12 {
        let props: serde_json::Map<String, serde_json::Value> = (0..10)
            .map(|p| {
                (
                    format!("p{p}"),
                    json!({"$ref": format!("#/components/schemas/S{}", level + 1)}),
                )
            })
            .collect();
        schemas.insert(
            format!("S{level}"),
            json!({"type": "object", "properties": props}),
        );
    }
    schemas.insert("S12".into(), json!({"type": "string"}));
    let doc = json!({"components": {"schemas": schemas}});
    let v = schema::example(&doc, &json!({"$ref": "#/components/schemas/S0"}));
    assert!(
        v.to_string().len() < 200_000,
        "bounded: {} bytes",
        v.to_string().len()
    );
}

#[test]
fn a_server_of_its_own_on_a_path_or_operation_is_a_warning() {
    let doc = json!({
        "openapi": "3.1.0",
        "servers": [{"url": "https://graph.facebook.com"}],
        "paths": {
            "/a": {"servers": [{"url": "https://rupload.facebook.com"}], "get": {}},
            "/b": {"get": {"servers": [{"url": "https://graph.facebook.com"}]}, "post": {"servers": [{"url": "https://other.example"}]}}
        }
    });
    let i = import(&doc, Some("s"), "").expect("imports");
    assert_eq!(i.pack.endpoints.len(), 3, "nothing skipped");
    assert_eq!(i.warnings.len(), 2, "{:#?}", i.warnings);
    assert!(i.warnings[0].starts_with("/paths/~1a/servers"));
    assert!(i.warnings[1].starts_with("/paths/~1b/post/servers"));
}
