use super::*;

const COLLECTION: &str = include_str!("../../tests/fixtures/two-hosts.postman_collection.json");

fn pack() -> (PackFile, Vec<String>) {
    let v: Value = serde_json::from_str(COLLECTION).expect("JSON");
    import(&v, None).expect("imports")
}

#[test]
fn hyphenated_variables_become_sticky_path_parameters() {
    let (p, _) = pack();
    assert_eq!(p.pack.name, "cloud-api-test-collection");
    let get = &p.endpoints[0];
    assert_eq!(
        get.path, "/{Phone-Number-ID}",
        "the version is the profile's"
    );
    assert_eq!(get.section, "Phone Numbers");
    assert_eq!(get.query, ["fields=id,display_phone_number"]);
    assert_eq!(get.required, ["fields"]);
    let send = &p.endpoints[1];
    assert_eq!(send.path, "/{Phone-Number-ID}/messages");
    assert!(
        send.example
            .as_deref()
            .is_some_and(|b| b.contains("{{Recipient-Phone-Number}}"))
    );
    assert!(
        p.check().is_ok(),
        "an example with {{{{variables}}}} is kept"
    );
}

#[test]
fn the_most_used_host_names_the_pack_and_the_other_is_a_warning() {
    let (p, warnings) = pack();
    assert_eq!(p.pack.host, "graph.facebook.com");
    assert_eq!(p.pack.surface, Some(Surface::Facebook));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("rupload.facebook.com") && w.contains("Upload Media Session")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("test script")),
        "a warning per script: {warnings:#?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("bearer auth")),
        "{warnings:#?}"
    );
}

#[test]
fn the_pack_loads_into_the_catalogue() {
    let (p, _) = pack();
    let mut cat = crate::core::catalogue::Catalogue::builtin().expect("builtin");
    cat.add_pack(PackFile::parse(&p.to_toml()).expect("round trip"), "x")
        .expect("added");
    let ep = cat
        .endpoint("cloud-api-test-collection:messages-send-text-message")
        .expect("an id from the folder and name");
    let d = crate::core::draft::Draft::from_endpoint(&cat, ep, &[]);
    assert_eq!(d.path_params[0].name, "Phone-Number-ID");
    assert_eq!(d.body.kind, crate::core::draft::BodyKind::Json);
}

#[test]
fn a_plain_text_body_is_left_out_with_a_warning_not_the_whole_pack() {
    let v: Value = serde_json::from_str(r#"{"info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Plain", "request": {"method": "POST", "url": "https://graph.facebook.com/me", "body": {"mode": "raw", "raw": "hello there"}}}]}"#).expect("JSON");
    let (p, warnings) = import(&v, None).expect("imports");
    assert_eq!(p.endpoints[0].example, None);
    assert!(
        warnings.iter().any(|w| w.contains("not JSON")),
        "{warnings:?}"
    );
    assert!(
        PackFile::parse(&p.to_toml()).is_ok(),
        "the pack saves and loads"
    );
}
