//! A JSON-aware comparison of two documents, by path rather than by text: key order is ignored,
//! numbers compare by value, and arrays compare item by item, by `id` when every item of both
//! carries a distinct one (a Graph `data` list), else by index. Pure: no IO.

use serde_json::Value;

/// One difference between the first document (`a`) and the second (`b`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub enum Change {
    /// Only in `b`.
    Added {
        /// Where, as `$.data[id=123].name` or `$.items[0]`.
        path: String,
        /// Its value in `b`.
        value: Value,
    },
    /// Only in `a`.
    Removed {
        /// Where.
        path: String,
        /// Its value in `a`.
        value: Value,
    },
    /// In both, with different values (or types).
    Changed {
        /// Where.
        path: String,
        /// The value in `a`.
        from: Value,
        /// The value in `b`.
        to: Value,
    },
}

impl Change {
    /// Where the change is.
    pub fn path(&self) -> &str {
        match self {
            Self::Added { path, .. } | Self::Removed { path, .. } | Self::Changed { path, .. } => {
                path
            }
        }
    }
}

/// One step of a path in the second document (`b`): an object's member or an array's item by
/// its position there, whether the items were matched by position or by `id`. A value only in
/// `a` has the path of the deepest place that holds it in `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object's member.
    Key(String),
    /// An array's item, by its position in `b`.
    Index(usize),
}

/// Every difference between `a` and `b`, in the order of `a` (what `b` adds after).
pub fn diff(a: &Value, b: &Value) -> Vec<Change> {
    diff_located(a, b).into_iter().map(|(c, _)| c).collect()
}

/// Every difference, each with its path as steps (to find it in a document).
pub fn diff_located(a: &Value, b: &Value) -> Vec<(Change, Vec<Seg>)> {
    let mut w = Walk::default();
    w.walk(a, b, "$");
    w.out
}

#[derive(Default)]
struct Walk {
    out: Vec<(Change, Vec<Seg>)>,
    segs: Vec<Seg>,
}

fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // 1 and 1.0 are the same number.
        (Value::Number(x), Value::Number(y)) => {
            x == y || x.as_f64().zip(y.as_f64()).is_some_and(|(p, q)| p == q)
        }
        _ => a == b,
    }
}

impl Walk {
    fn push(&mut self, change: Change) {
        self.out.push((change, self.segs.clone()));
    }

    /// Walks `a` and `b` one step down (`seg`), at `path`.
    fn down(&mut self, a: &Value, b: &Value, path: &str, seg: Seg) {
        self.segs.push(seg);
        self.walk(a, b, path);
        self.segs.pop();
    }

    /// Records a value only one side has, one step down (`seg`: where it is in `b`, if there).
    fn one_side(&mut self, path: String, value: &Value, seg: Option<Seg>, added: bool) {
        let pushed = seg.map(|s| self.segs.push(s)).is_some();
        let value = value.clone();
        self.push(if added {
            Change::Added { path, value }
        } else {
            Change::Removed { path, value }
        });
        if pushed {
            self.segs.pop();
        }
    }

    fn walk(&mut self, a: &Value, b: &Value, path: &str) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for (k, va) in x {
                    let p = child(path, k);
                    let seg = Seg::Key(k.clone());
                    match y.get(k) {
                        Some(vb) => self.down(va, vb, &p, seg),
                        None => self.one_side(p, va, None, false),
                    }
                }
                for (k, vb) in y {
                    if !x.contains_key(k) {
                        self.one_side(child(path, k), vb, Some(Seg::Key(k.clone())), true);
                    }
                }
            }
            (Value::Array(x), Value::Array(y)) => match (ids(x), ids(y)) {
                (Some(ix), Some(iy)) => {
                    let at: std::collections::HashMap<&str, usize> = iy
                        .iter()
                        .enumerate()
                        .map(|(n, id)| (id.as_str(), n))
                        .collect();
                    for (id, va) in ix.iter().zip(x) {
                        let p = format!("{path}[id={id}]");
                        match at.get(id.as_str()) {
                            Some(&n) => self.down(va, &y[n], &p, Seg::Index(n)),
                            None => self.one_side(p, va, None, false),
                        }
                    }
                    let before: std::collections::HashSet<&str> =
                        ix.iter().map(String::as_str).collect();
                    for (n, (id, vb)) in iy.iter().zip(y).enumerate() {
                        if !before.contains(id.as_str()) {
                            self.one_side(
                                format!("{path}[id={id}]"),
                                vb,
                                Some(Seg::Index(n)),
                                true,
                            );
                        }
                    }
                }
                _ => {
                    for (n, va) in x.iter().enumerate() {
                        let p = format!("{path}[{n}]");
                        match y.get(n) {
                            Some(vb) => self.down(va, vb, &p, Seg::Index(n)),
                            None => self.one_side(p, va, None, false),
                        }
                    }
                    for (n, vb) in y.iter().enumerate().skip(x.len()) {
                        self.one_side(format!("{path}[{n}]"), vb, Some(Seg::Index(n)), true);
                    }
                }
            },
            _ if same_scalar(a, b) => {}
            _ => self.push(Change::Changed {
                path: path.to_owned(),
                from: a.clone(),
                to: b.clone(),
            }),
        }
    }
}

/// The items' ids, when every item is an object with a string or number `id` and no two share
/// one; else `None` (the array is compared by index).
fn ids(items: &[Value]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let id = match item.get("id")? {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        out.push(id);
    }
    let distinct: std::collections::HashSet<&String> = out.iter().collect();
    (!items.is_empty() && distinct.len() == out.len()).then_some(out)
}

/// `path.key`, or `path["odd key"]` when the key is not a plain word.
fn child(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_documents_have_no_changes_whatever_their_key_order() {
        let a = json!({"a": 1, "b": {"x": [1, 2], "y": null}});
        let b = json!({"b": {"y": null, "x": [1, 2]}, "a": 1.0});
        assert!(diff(&a, &b).is_empty(), "{:?}", diff(&a, &b));
    }

    #[test]
    fn one_nested_field_is_reported_at_its_path() {
        let a = json!({"data": [{"id": "1", "from": {"name": "Ann"}}, {"id": "2"}]});
        let b = json!({"data": [{"id": "2"}, {"id": "1", "from": {"name": "Anna"}}]});
        assert_eq!(
            diff(&a, &b),
            [Change::Changed {
                path: "$.data[id=1].from.name".into(),
                from: json!("Ann"),
                to: json!("Anna"),
            }],
            "items with ids match by id, not by position"
        );
    }

    #[test]
    fn added_removed_and_changed_types_are_told_apart() {
        let a = json!({"gone": 1, "list": [1, 2, 3], "kind": [1]});
        let b = json!({"new": true, "list": [1, 5], "kind": {"x": 1}});
        let d = diff(&a, &b);
        let paths: Vec<&str> = d.iter().map(Change::path).collect();
        assert_eq!(
            paths,
            ["$.gone", "$.list[1]", "$.list[2]", "$.kind", "$.new"]
        );
        assert!(matches!(d[0], Change::Removed { .. }));
        assert!(matches!(d[1], Change::Changed { .. }));
        assert!(matches!(d[2], Change::Removed { .. }));
        assert!(matches!(d[3], Change::Changed { .. }));
        assert!(matches!(d[4], Change::Added { .. }));
    }

    #[test]
    fn arrays_without_distinct_ids_compare_by_index_and_odd_keys_are_quoted() {
        let a = json!({"a b": [{"id": 1}, {"id": 1}]});
        let b = json!({"a b": [{"id": 1}, {"id": 2}]});
        assert_eq!(diff(&a, &b)[0].path(), "$[\"a b\"][1].id");
        assert!(diff(&json!(1), &json!(2)).len() == 1);
        assert!(diff(&json!(1.5), &json!(1.5)).is_empty());
    }
}
