//! `?metadata=1` on a node: its type, the fields it can answer (name, type, description) and its
//! connections, in Graph's shape: `metadata: {type, fields: [{name, type, description}],
//! connections: {edge: url}}`. Graph lists every field of the type; the sandbox lists the fields
//! of the kind (those it stores, the defaults and the optional ones) and its known edges.

use serde_json::{Map, Value, json};

use super::kinds::{gate, known_edges, optional_fields};
use super::render::View;
use super::world::Node;

/// What a field is, in words, for the common ones.
fn describe(name: &str, type_name: &str) -> String {
    let known = match name {
        "id" => "The ID of the object",
        "name" => "The object's name",
        "privacy" => "Who can see the group and its posts: OPEN, CLOSED or SECRET",
        "description" => "The object's description",
        "updated_time" => "When the object was last updated",
        "created_time" => "When the object was created",
        "message" => "The text of the post, comment or message",
        "from" => "Who made it",
        "owner" => "The member who owns the group",
        "email" => "The member's work e-mail address",
        "title" => "The member's job title",
        "department" => "The member's department",
        "picture" => "The object's picture",
        "cover" => "The cover photo",
        "icon" => "The icon",
        "purpose" => "What the group is for",
        "archived" => "Whether the group is archived",
        "post_requires_admin_approval" => "Whether posts need an admin's approval",
        "permalink_url" => "A link to the object on Workplace",
        "start_time" => "When the event starts",
        "end_time" => "When the event ends",
        "type" => "The object's type",
        "status" => "The object's status",
        "subject" => "The note's title",
        "link" => "The link the post shares",
        "active" => "Whether the account is active",
        _ => "",
    };
    if let Some(rest) = ["is_", "can_", "has_"]
        .iter()
        .find_map(|p| name.strip_prefix(p).map(|r| (p.trim_end_matches('_'), r)))
        .filter(|_| known.is_empty())
    {
        format!(
            "Whether the {type_name} {} {}",
            rest.0,
            rest.1.replace('_', " ")
        )
    } else if known.is_empty() {
        format!("The {type_name}'s {}", name.replace('_', " "))
    } else {
        known.to_owned()
    }
}

/// Graph's type for a stored value.
fn type_of(name: &str, v: Option<&Value>) -> &'static str {
    if name == "id" {
        return "numeric string";
    }
    if name.ends_with("_time") || name == "birthday" {
        return "datetime";
    }
    match v {
        Some(Value::Bool(_)) => "bool",
        Some(Value::Number(_)) => "int32",
        Some(Value::Object(o)) if o.contains_key("$ref") => "reference",
        Some(Value::Object(_)) => "object",
        Some(Value::Array(_)) => "list",
        _ => "string",
    }
}

/// The `metadata` object of a node.
pub fn metadata(view: &View<'_>, node: &Node) -> Value {
    let type_name = node.kind.type_name().to_ascii_lowercase();
    let mut names: Vec<&str> = Vec::new();
    let mut add = |n: &'static str| {
        if !names.contains(&n) {
            names.push(n);
        }
    };
    for n in node.kind.default_fields() {
        add(n);
    }
    let stored: Vec<String> = node
        .fields
        .keys()
        .filter(|k| !k.starts_with('_'))
        .cloned()
        .collect();
    let mut fields: Vec<Value> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut push = |name: &str, fields: &mut Vec<Value>| {
        if seen.iter().any(|s| s == name) || known_edges(node.kind).contains(&name) {
            return;
        }
        seen.push(name.to_owned());
        let mut description = describe(name, &type_name);
        if let Some(perms) = gate(name).filter(|_| node.kind == super::world::Kind::Member) {
            description.push_str(&format!(" (needs {})", perms.join(" or ")));
        }
        fields.push(json!({
            "name": name,
            "type": type_of(name, node.fields.get(name)),
            "description": description,
        }));
    };
    for n in names {
        push(n, &mut fields);
    }
    for n in &stored {
        push(n, &mut fields);
    }
    for n in optional_fields(node.kind) {
        push(n, &mut fields);
    }
    let connections: Map<String, Value> = known_edges(node.kind)
        .iter()
        .map(|edge| {
            (
                (*edge).to_owned(),
                Value::String(format!(
                    "{}{}/{}/{edge}",
                    view.base_url.trim_end_matches('/'),
                    view.version,
                    node.id
                )),
            )
        })
        .collect();
    json!({ "type": type_name, "fields": fields, "connections": connections })
}

#[cfg(test)]
mod tests {
    use crate::sandbox::graph::tests::{engine, get};

    #[test]
    fn a_group_answers_metadata_1_in_graphs_shape() {
        let mut e = engine();
        let groups = get(&mut e, "/community/groups", &[]);
        let id = groups["data"][0]["id"]
            .as_str()
            .expect("a group")
            .to_owned();
        let v = get(
            &mut e,
            &format!("/v27.0/{id}"),
            &[("metadata", "1"), ("fields", "id,name")],
        );
        assert_eq!(
            v["name"], groups["data"][0]["name"],
            "the node is answered as well"
        );
        let meta = &v["metadata"];
        assert_eq!(meta["type"], "group");
        let fields = meta["fields"].as_array().expect("fields");
        for name in ["id", "name", "privacy"] {
            let f = fields
                .iter()
                .find(|f| f["name"] == name)
                .unwrap_or_else(|| panic!("{name}"));
            assert!(
                f["type"].is_string() && f["description"].as_str().is_some_and(|d| !d.is_empty())
            );
        }
        assert!(
            !fields.iter().any(|f| f["name"] == "feed"),
            "edges are connections, not fields"
        );
        assert_eq!(
            meta["connections"]["feed"],
            format!("http://sandbox.test/v27.0/{id}/feed")
        );
        let plain = get(&mut e, &format!("/{id}"), &[]);
        assert!(plain.get("metadata").is_none(), "only when asked");
    }

    #[test]
    fn every_node_kind_the_sandbox_serves_answers_metadata() {
        let mut e = engine();
        let mut ids: Vec<String> = e.world.nodes.keys().cloned().collect();
        ids.sort();
        let mut answered = 0;
        for id in &ids {
            let r = crate::sandbox::graph::tests::call(
                &mut e,
                "all",
                crate::core::request::Method::Get,
                &format!("/{id}"),
                &[("metadata", "1")],
            );
            if r.status == 200 {
                answered += 1;
                assert!(r.body["metadata"]["type"].is_string(), "{id}: {}", r.body);
                assert!(
                    r.body["metadata"]["fields"]
                        .as_array()
                        .is_some_and(|f| !f.is_empty()),
                    "{id}"
                );
            }
        }
        assert!(answered > 50, "only {answered} nodes answered");
    }
}
