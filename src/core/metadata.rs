//! What Graph says of a node with `?metadata=1`: its type, its fields (name, type, description)
//! and its connections; the catalogue's `fields=` example when a server says nothing; and the
//! `fields=` list the field picker edits.

use serde_json::Value;

use super::catalogue::{Catalogue, Endpoint};

/// One field of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaField {
    /// Its name.
    pub name: String,
    /// Its type as Graph gives it (`string`, `datetime`, `User`, …); empty when unknown.
    pub kind: String,
    /// What it is; empty when unknown.
    pub description: String,
    /// A connection (an edge), not a plain field.
    pub connection: bool,
}

/// A node's fields and connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeMeta {
    /// The node's type (`group`), or empty.
    pub node_type: String,
    /// Fields, then connections, in the server's order.
    pub fields: Vec<MetaField>,
    /// Where the list came from: "metadata=1" or "the catalogue's example".
    pub source: &'static str,
}

/// Reads Graph's answer to `?metadata=1`. `None` when it has no `metadata` object.
pub fn parse(body: &[u8]) -> Option<NodeMeta> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let meta = v.get("metadata")?;
    let text = |f: &Value, k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let mut fields: Vec<MetaField> = meta
        .get("fields")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let name = f.get("name")?.as_str()?.to_owned();
            Some(MetaField {
                name,
                kind: text(f, "type"),
                description: text(f, "description"),
                connection: false,
            })
        })
        .collect();
    if let Some(conns) = meta.get("connections").and_then(Value::as_object) {
        fields.extend(conns.keys().map(|name| MetaField {
            name: name.clone(),
            kind: "connection".into(),
            description: String::new(),
            connection: true,
        }));
    }
    Some(NodeMeta {
        node_type: text(meta, "type"),
        fields,
        source: "metadata=1",
    })
}

/// The fields the catalogue knows for an endpoint: its `fields=` example. `None` when it has none.
pub fn from_catalogue(cat: &Catalogue, ep: &Endpoint) -> Option<NodeMeta> {
    let example = cat
        .query_params(ep)
        .into_iter()
        .find(|q| q.name == "fields")
        .map(|q| q.example.to_owned())
        .filter(|e| !e.is_empty())?;
    Some(NodeMeta {
        node_type: String::new(),
        fields: split_fields(&example)
            .into_iter()
            .map(|f| MetaField {
                name: base_name(&f).to_owned(),
                kind: String::new(),
                description: String::new(),
                connection: false,
            })
            .collect(),
        source: "the catalogue's example",
    })
}

/// The entries of a `fields=` value, split at top-level commas: `id,members.limit(5){name,id}`
/// is two entries.
pub fn split_fields(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in value.chars() {
        match c {
            '{' | '(' => depth += 1,
            '}' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                let t = cur.trim();
                if !t.is_empty() {
                    out.push(t.to_owned());
                }
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    let t = cur.trim();
    if !t.is_empty() {
        out.push(t.to_owned());
    }
    out
}

/// The field an entry names: `members.limit(5){name}` → `members`.
pub fn base_name(entry: &str) -> &str {
    let end = entry.find(['.', '{', '(']).unwrap_or(entry.len());
    entry[..end].trim()
}

/// The `fields=` value with `name` turned on or off; the other entries (and their modifiers) stay
/// as they are, in order.
pub fn toggle(value: &str, name: &str) -> String {
    let mut entries = split_fields(value);
    let before = entries.len();
    entries.retain(|e| base_name(e) != name);
    if entries.len() == before {
        entries.push(name.to_owned());
    }
    entries.join(",")
}

/// The names a `fields=` value turns on.
pub fn chosen(value: &str) -> Vec<String> {
    split_fields(value)
        .iter()
        .map(|e| base_name(e).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphs_metadata_answer_reads() {
        let body = br#"{"id":"1","metadata":{"type":"group","fields":[{"name":"id","type":"numeric string","description":"The group ID"},{"name":"name","description":"Its name"}],"connections":{"feed":"https://x/1/feed","members":"https://x/1/members"}}}"#;
        let m = parse(body).expect("metadata");
        assert_eq!(m.node_type, "group");
        assert_eq!(m.fields.len(), 4);
        assert_eq!(m.fields[0].kind, "numeric string");
        assert!(m.fields[3].connection);
        assert!(parse(br#"{"id":"1"}"#).is_none());
        assert!(parse(b"not json").is_none());
    }

    #[test]
    fn fields_split_at_top_level_commas_and_toggle_by_name() {
        let v = "id,members.limit(5){name,id},name";
        assert_eq!(split_fields(v), ["id", "members.limit(5){name,id}", "name"]);
        assert_eq!(chosen(v), ["id", "members", "name"]);
        assert_eq!(toggle(v, "name"), "id,members.limit(5){name,id}");
        assert_eq!(
            toggle(v, "privacy"),
            "id,members.limit(5){name,id},name,privacy"
        );
        assert_eq!(toggle("", "id"), "id");
    }

    #[test]
    fn the_catalogue_example_is_the_fallback() {
        let cat = Catalogue::builtin().expect("catalogue");
        let ep = cat.endpoint("community.groups").expect("there");
        let m = from_catalogue(&cat, ep).expect("an example");
        assert!(m.fields.iter().any(|f| f.name == "privacy"));
        assert_eq!(m.source, "the catalogue's example");
    }
}
