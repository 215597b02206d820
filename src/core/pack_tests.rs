use super::*;

const PACK: &str = r#"
[pack]
name = "wa"
title = "WhatsApp Cloud API"
host = "graph.facebook.com"

[params]
type = "Message type"

[param_types]
type = "enum(text,template)"

[[endpoints]]
id = "messages.send"
section = "Messages"
method = "POST"
path = "/{Phone-Number-ID}/messages"
summary = "Send a message"
query = ["type=text"]
required = ["type"]
headers = ["X-Trace=1"]
example = '{"messaging_product": "whatsapp"}'
"#;

#[test]
fn a_hand_written_pack_loads_after_the_builtin_one() {
    let mut cat = Catalogue::builtin().expect("builtin");
    let before = cat.endpoints.len();
    let file = PackFile::parse(PACK).expect("parses");
    assert_eq!(
        file.pack.surface(),
        Some(Surface::Facebook),
        "the host decides"
    );
    cat.add_pack(file, "/tmp/wa.toml").expect("added");
    assert_eq!(cat.packs.len(), 2);
    assert_eq!(cat.endpoints.len(), before + 1);
    let ep = cat.endpoint("wa:messages.send").expect("prefixed id");
    assert_eq!(ep.pack, 1);
    assert_eq!(cat.param_kind_in(Some(ep), "type"), "enum(text,template)");
    assert_eq!(cat.param_description(Some(ep), "type"), "Message type");
    assert_eq!(
        cat.param_kind("type"),
        "string",
        "the builtin pack's own types stay"
    );
    assert_eq!(cat.in_pack(1).count(), 1);
    assert_eq!(cat.pack("wa"), Some(1));
    assert!(
        cat.filter("wa messages", None)
            .iter()
            .any(|e| e.id == "wa:messages.send")
    );
}

#[test]
fn a_pack_round_trips_through_toml() {
    let file = PackFile::parse(PACK).expect("parses");
    let again = PackFile::parse(&file.to_toml()).expect("its own output parses");
    assert_eq!(file, again);
}

#[test]
fn bad_packs_say_what_is_wrong() {
    let err = PackFile::parse("[pack]\nname = \"Bad Name\"\n").expect_err("bad name");
    assert!(err.to_string().contains("lowercase"), "{err}");
    let err = PackFile::parse("[pack]\nname = \"x\"\n[[endpoints]]\nid = \"a\"\n")
        .expect_err("missing fields");
    assert!(
        matches!(err, PackError::Toml(ref t) if t.line >= 3),
        "{err:?}"
    );
    let dup = PACK.to_owned() + &PACK[PACK.find("[[endpoints]]").unwrap_or(0)..];
    let err = PackFile::parse(&dup).expect_err("duplicate id");
    assert!(err.to_string().contains("twice"), "{err}");
    let mut cat = Catalogue::builtin().expect("builtin");
    let mut file = PackFile::parse(PACK).expect("parses");
    file.pack.name = "workplace".into();
    let err = cat.add_pack(file, "x").expect_err("name taken");
    assert!(err.0.contains("already loaded"), "{}", err.0);
}

#[test]
fn slugs_make_names() {
    assert_eq!(slug("WhatsApp Cloud API"), "whatsapp-cloud-api");
    assert_eq!(slug("  --  "), "pack");
    assert!(valid_name(&slug("Ünïcode & co.")));
}

#[test]
fn terminal_controls_in_a_pack_are_escaped_when_it_is_added() {
    let mut cat = Catalogue::builtin().expect("builtin");
    let mut file = PackFile::parse(PACK).expect("parses");
    file.endpoints[0].summary = "evil \x1b]52;c;AAAA\x07 summary".into();
    file.pack.title = "T\x1b[2J".into();
    cat.add_pack(file, "x").expect("added");
    let ep = cat.endpoint("wa:messages.send").expect("there");
    assert!(
        !ep.summary.contains('\x1b') && !ep.summary.contains('\x07'),
        "{:?}",
        ep.summary
    );
    assert!(!cat.packs[1].header.title.contains('\x1b'));
}

#[test]
fn windows_line_ends_in_an_example_stay_json() {
    let mut cat = Catalogue::builtin().expect("builtin");
    let mut file = PackFile::parse(PACK).expect("parses");
    file.endpoints[0].example = Some("{\r\n  \"a\": 1\r\n}".into());
    cat.add_pack(file, "x").expect("added");
    let ep = cat.endpoint("wa:messages.send").expect("there");
    let text = ep.example.as_deref().unwrap_or_default();
    assert!(
        serde_json::from_str::<serde_json::Value>(text).is_ok(),
        "{text:?}"
    );
}
