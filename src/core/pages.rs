//! Graph's pages as one document: `data` concatenated, the last page's `paging` kept; and the
//! merged items written as JSON lines or CSV. Pure: no IO.

use serde_json::{Map, Value};

/// Why a page cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PagesError {
    /// The answer has no `data` list.
    #[error("the answer has no data list, so it is not a page of an edge: call it without --all")]
    NotAPage,
}

/// Pages merged so far.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    data: Vec<Value>,
    rest: Map<String, Value>,
    /// Pages added.
    pub pages: usize,
}

impl Merged {
    /// Adds one page; answers its `paging.next`, when it has one.
    pub fn add(&mut self, page: Value) -> Result<Option<String>, PagesError> {
        let Value::Object(mut m) = page else {
            return Err(PagesError::NotAPage);
        };
        let Some(Value::Array(items)) = m.remove("data") else {
            return Err(PagesError::NotAPage);
        };
        self.data.extend(items);
        self.pages += 1;
        let next = m
            .get("paging")
            .and_then(|p| p.get("next"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        // The last page's paging (and summary) stand for the whole.
        for (k, v) in m {
            self.rest.insert(k, v);
        }
        Ok(next)
    }

    /// Keeps the first `n` items.
    pub fn truncate(&mut self, n: usize) {
        self.data.truncate(n);
    }

    /// Items so far.
    pub fn items(&self) -> &[Value] {
        &self.data
    }

    /// The merged document: `{data: [...], paging: <the last page's>, …}`.
    pub fn into_value(self) -> Value {
        let mut out = Map::new();
        out.insert("data".into(), Value::Array(self.data));
        out.extend(self.rest);
        Value::Object(out)
    }
}

/// How a list is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The document, indented.
    Json,
    /// One item a line.
    Jsonl,
    /// A table: a column per field.
    Csv,
}

impl Format {
    /// `json`, `jsonl` or `csv`; also a file name's extension (`items.csv`), else `None`.
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.').map_or(name, |(_, e)| e);
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Self::Json),
            "jsonl" | "ndjson" => Some(Self::Jsonl),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// The items of a document: its `data` list, the document itself when it is a list, else the
/// document as the one item.
pub fn items_of(doc: &Value) -> Vec<Value> {
    match doc {
        Value::Object(m) => match m.get("data") {
            Some(Value::Array(items)) => items.clone(),
            _ => vec![doc.clone()],
        },
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// `doc` written as `format`, and how many items that is: what `wpx call --all --format` and the
/// TUI's export write.
pub fn render(doc: &Value, format: Format) -> (String, usize) {
    let items = items_of(doc);
    let text = match format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(doc).unwrap_or_default()
        ),
        Format::Jsonl => to_jsonl(&items),
        Format::Csv => to_csv(&items),
    };
    (text, items.len())
}

/// One item a line.
pub fn to_jsonl(items: &[Value]) -> String {
    let mut out = String::new();
    for i in items {
        out.push_str(&i.to_string());
        out.push('\n');
    }
    out
}

/// A CSV table: a column for each top-level field, in the order first seen; strings as they are,
/// other values (objects, lists, numbers) as JSON; RFC 4180 quoting.
pub fn to_csv(items: &[Value]) -> String {
    let mut columns: Vec<String> = Vec::new();
    for i in items {
        match i {
            Value::Object(m) => {
                for k in m.keys() {
                    if !columns.contains(k) {
                        columns.push(k.clone());
                    }
                }
            }
            _ => {
                if !columns.iter().any(|c| c == "value") {
                    columns.push("value".into());
                }
            }
        }
    }
    let mut out = String::new();
    let row = |cells: Vec<String>, out: &mut String| {
        let line: Vec<String> = cells.iter().map(|c| quote(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    };
    row(columns.clone(), &mut out);
    for i in items {
        let cells = columns
            .iter()
            .map(|c| {
                let v = match i {
                    Value::Object(m) => m.get(c),
                    other if c == "value" => Some(other),
                    _ => None,
                };
                match v {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                }
            })
            .collect();
        row(cells, &mut out);
    }
    out
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_merge_their_data_and_keep_the_last_paging() {
        let mut m = Merged::default();
        let next = m
            .add(json!({"data": [{"id": "1"}], "paging": {"next": "https://h/x?after=a"}}))
            .expect("a page");
        assert_eq!(next.as_deref(), Some("https://h/x?after=a"));
        let next = m
            .add(json!({"data": [{"id": "2"}], "paging": {"cursors": {"after": "b"}}}))
            .expect("a page");
        assert_eq!(next, None);
        assert_eq!(m.pages, 2);
        let v = m.into_value();
        assert_eq!(v["data"], json!([{"id": "1"}, {"id": "2"}]));
        assert_eq!(v["paging"], json!({"cursors": {"after": "b"}}));
        assert_eq!(
            Merged::default().add(json!({"id": "1"})),
            Err(PagesError::NotAPage)
        );
    }

    #[test]
    fn csv_has_a_column_per_field_and_quotes_what_needs_it() {
        let items = [
            json!({"id": "1", "name": "Ann, Jr.", "from": {"id": "7"}}),
            json!({"id": "2", "message": "say \"hi\"\nthen go"}),
        ];
        assert_eq!(
            to_csv(&items),
            "id,name,from,message\r\n1,\"Ann, Jr.\",\"{\"\"id\"\":\"\"7\"\"}\",\r\n2,,,\"say \"\"hi\"\"\nthen go\"\r\n"
        );
        assert_eq!(
            to_jsonl(&items[..1]),
            "{\"id\":\"1\",\"name\":\"Ann, Jr.\",\"from\":{\"id\":\"7\"}}\n"
        );
    }

    #[test]
    fn formats_come_from_names_and_render_the_items() {
        assert_eq!(Format::from_name("csv"), Some(Format::Csv));
        assert_eq!(Format::from_name("out/Members.CSV"), Some(Format::Csv));
        assert_eq!(Format::from_name("a.ndjson"), Some(Format::Jsonl));
        assert_eq!(Format::from_name("a.txt"), None);
        let doc = serde_json::json!({"data": [{"id": "1"}, {"id": "2"}], "paging": {}});
        assert_eq!(
            render(&doc, Format::Jsonl),
            ("{\"id\":\"1\"}\n{\"id\":\"2\"}\n".into(), 2)
        );
        assert_eq!(
            render(&doc, Format::Csv).0,
            "id\r\n1\r\n2\r\n",
            "RFC 4180 line ends"
        );
        let (json, n) = render(&serde_json::json!({"id": "9"}), Format::Json);
        assert_eq!(n, 1, "a node is one item");
        assert!(json.starts_with("{\n  \"id\""));
    }
}
