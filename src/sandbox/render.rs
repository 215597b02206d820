//! Answers reads: a node with its selected fields, nested expansion, and cursor-paged edges.

use serde_json::{Map, Value, json};

use super::apps::App;
use super::errors::GraphErr;
use super::kinds::{gate, known_edges, optional_fields};
use super::paging::{PageOpts, cursor, uncursor};
use super::world::{EdgeItem, Kind, Node, World, referenced};
use crate::core::fields::{FieldSel, to_expression};
use crate::core::request::{RESERVED_PARAMS, encode_query};

/// Default and largest page sizes.
const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 5000;

/// Everything a read needs to know.
pub struct View<'a> {
    /// The community.
    pub world: &'a World,
    /// The calling app.
    pub app: &'a App,
    /// The sandbox's base URL, for `paging.next`.
    pub base_url: &'a str,
    /// `/v19.0` or empty, as the request used.
    pub version: &'a str,
    /// The sandbox's current time.
    pub now: i64,
    /// Credentials from the request's query, carried into paging links.
    pub link_auth: &'a [(String, String)],
}

/// Keeps only the selected keys of a plain JSON value (objects, `{data: [...]}` lists, arrays).
fn filter_value(v: &Value, children: &[FieldSel]) -> Value {
    match v {
        Value::Object(m) if m.get("data").is_some_and(Value::is_array) => {
            let mut out = m.clone();
            if let Some(Value::Array(items)) = m.get("data") {
                out.insert(
                    "data".into(),
                    Value::Array(items.iter().map(|i| filter_value(i, children)).collect()),
                );
            }
            Value::Object(out)
        }
        Value::Object(m) => {
            let mut out = Map::new();
            for c in children {
                if let Some(x) = m.get(&c.name) {
                    let x = c
                        .children
                        .as_ref()
                        .map_or_else(|| x.clone(), |cc| filter_value(x, cc));
                    out.insert(c.key().to_owned(), x);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|i| filter_value(i, children)).collect())
        }
        other => other.clone(),
    }
}

impl View<'_> {
    /// The entries of an edge, or `None` when the node has no such edge.
    pub fn edge_items(&self, node: &Node, edge: &str) -> Option<Vec<EdgeItem>> {
        if !known_edges(node.kind).contains(&edge) {
            return None;
        }
        let w = self.world;
        let members = || w.all(Kind::Member).into_iter();
        let active = |n: &&Node| {
            n.fields
                .get("active")
                .and_then(Value::as_bool)
                .unwrap_or(true)
        };
        let item = |n: &Node| EdgeItem::to(n.id.clone(), n.time);
        let items = match (node.kind, edge) {
            (Kind::Community, "members" | "organization_members") => {
                members().filter(active).map(item).collect()
            }
            (Kind::Community, "former_members") => {
                members().filter(|n| !active(n)).map(item).collect()
            }
            (Kind::Community, "groups") | (Kind::Member, "groups") => {
                let groups: Vec<&Node> = if node.kind == Kind::Community {
                    node.edge("groups")
                        .iter()
                        .filter_map(|e| w.get(&e.id))
                        .collect()
                } else {
                    w.all(Kind::Group)
                        .into_iter()
                        .filter(|g| g.edge("members").iter().any(|m| m.id == node.id))
                        .collect()
                };
                groups
                    .into_iter()
                    .filter(|g| self.app.sees_group(&g.id))
                    .map(item)
                    .collect()
            }
            (Kind::Member, "managers") => {
                let mut out = Vec::new();
                let mut cur = node
                    .fields
                    .get("manager")
                    .and_then(referenced)
                    .map(str::to_owned);
                while let Some(id) = cur.take() {
                    if out.iter().any(|e: &EdgeItem| e.id == id) {
                        break;
                    }
                    cur = w
                        .get(&id)
                        .and_then(|m| m.fields.get("manager"))
                        .and_then(referenced)
                        .map(str::to_owned);
                    out.push(EdgeItem::to(id, node.time));
                }
                out
            }
            (Kind::Member, "reports") => members()
                .filter(|m| m.fields.get("manager").and_then(referenced) == Some(node.id.as_str()))
                .map(item)
                .collect(),
            (Kind::Member, "conversations") => w
                .all(Kind::Thread)
                .into_iter()
                .filter(|t| t.edge("participants").iter().any(|p| p.id == node.id))
                .map(item)
                .collect(),
            (Kind::Member, "events") => w
                .all(Kind::Event)
                .into_iter()
                .filter(|e| e.edge("attending").iter().any(|p| p.id == node.id))
                .map(|e| item(e).with("rsvp_status", "attending"))
                .collect(),
            (Kind::Skill, "users") => members()
                .filter(|m| m.edge("skills").iter().any(|s| s.id == node.id))
                .map(item)
                .collect(),
            _ => node.edge(edge).to_vec(),
        };
        Some(items)
    }

    /// A node with the selected fields (the kind's defaults when `sel` is `None`).
    pub fn node(&self, node: &Node, sel: Option<&[FieldSel]>) -> Result<Value, GraphErr> {
        let defaults: Vec<FieldSel>;
        let sel = match sel {
            Some(s) if !s.is_empty() => s,
            _ => {
                defaults = node
                    .kind
                    .default_fields()
                    .iter()
                    .map(|f| FieldSel {
                        name: (*f).to_owned(),
                        ..FieldSel::default()
                    })
                    .collect();
                &defaults
            }
        };
        let mut out = Map::new();
        for fs in sel {
            if let Some(v) = self.field(node, fs, true)? {
                out.insert(fs.key().to_owned(), v);
            }
        }
        // Graph always answers a node's id, even when not asked for.
        if !out.contains_key("id") {
            out.insert("id".into(), Value::String(node.id.clone()));
        }
        Ok(Value::Object(out))
    }

    fn field(&self, node: &Node, fs: &FieldSel, explicit: bool) -> Result<Option<Value>, GraphErr> {
        if fs.name == "id" {
            return Ok(Some(Value::String(node.id.clone())));
        }
        if node.kind == Kind::Member
            && let Some(perms) = gate(&fs.name)
            && !perms.iter().any(|p| self.app.has(p))
        {
            return if explicit {
                Err(GraphErr::field_permission(&fs.name, perms[0]))
            } else {
                Ok(None)
            };
        }
        if node.kind == Kind::ExportJob && fs.name == "status" {
            return Ok(Some(Value::String(
                export_status(node, self.now).to_owned(),
            )));
        }
        if let Some(v) = node.fields.get(&fs.name) {
            return Ok(Some(self.value(v, fs.children.as_deref())?));
        }
        if known_edges(node.kind).contains(&fs.name.as_str()) {
            // A mention-only app expands the edges of the posts that mention it (their comments,
            // reactions) and nothing else: no walking from a post to a member's groups' feeds.
            if self.app.mention_only()
                && !(matches!(node.kind, Kind::Post | Kind::Comment)
                    && self.app.is_mentioned_in(self.world, node))
            {
                return Err(GraphErr::permission("read_group"));
            }
            let items = self.edge_items(node, &fs.name).unwrap_or_default();
            let link = format!("{}/{}", node.id, fs.name);
            return self
                .page(
                    items,
                    fs.children.as_deref(),
                    &PageOpts::from_modifiers(fs),
                    &link,
                    // The modifiers go into the edge's own links as parameters, so page two keeps
                    // the order, the filter and the summary.
                    &fs.modifiers,
                )
                .map(Some);
        }
        if node.kind == Kind::Member && fs.name == "picture" {
            return Ok(Some(json!({"data": picture(self.base_url, node)})));
        }
        if optional_fields(node.kind).contains(&fs.name.as_str()) {
            return Ok(None);
        }
        Err(GraphErr::bad_field(&fs.name, node.kind.type_name()))
    }

    fn value(&self, v: &Value, children: Option<&[FieldSel]>) -> Result<Value, GraphErr> {
        if let Some(id) = referenced(v) {
            return match self.world.get(id) {
                Some(target) => match children {
                    Some(c) => self.node(target, Some(c)),
                    None => {
                        let mut m = Map::new();
                        m.insert("id".into(), json!(target.id));
                        if let Some(name) = target
                            .fields
                            .get("name")
                            .or_else(|| target.fields.get("title"))
                        {
                            m.insert("name".into(), name.clone());
                        }
                        Ok(Value::Object(m))
                    }
                },
                None => Ok(json!({ "id": id })),
            };
        }
        if let Value::Object(m) = v
            && let Some(Value::Array(items)) = m.get("data")
            && items.iter().any(|i| referenced(i).is_some())
        {
            let data: Result<Vec<Value>, GraphErr> =
                items.iter().map(|i| self.value(i, children)).collect();
            return Ok(json!({ "data": data? }));
        }
        Ok(children.map_or_else(|| v.clone(), |c| filter_value(v, c)))
    }

    /// One edge entry: the node's fields with the entry's own fields on top.
    fn item(&self, item: &EdgeItem, sel: Option<&[FieldSel]>) -> Result<Value, GraphErr> {
        let mut node = match self.world.get(&item.id) {
            Some(n) => n.clone(),
            None => {
                let mut m = item.extra.clone();
                m.insert("id".into(), json!(item.id));
                return Ok(match sel {
                    Some(s) if !s.is_empty() => filter_value(&Value::Object(m), s),
                    _ => Value::Object(m),
                });
            }
        };
        node.fields.extend(item.extra.clone());
        match sel {
            Some(s) if !s.is_empty() => self.node(&node, Some(s)),
            _ => {
                let mut v = self.node(&node, None)?;
                if let Value::Object(m) = &mut v {
                    m.extend(item.extra.clone());
                }
                Ok(v)
            }
        }
    }

    /// A page of an edge: `{data, paging, summary}`. `link` is the path for `next`/`previous`,
    /// `params` the request parameters to carry over.
    pub fn page(
        &self,
        mut items: Vec<EdgeItem>,
        sel: Option<&[FieldSel]>,
        opts: &PageOpts,
        link: &str,
        params: &[(String, String)],
    ) -> Result<Value, GraphErr> {
        items.retain(|i| {
            opts.since.is_none_or(|s| i.time >= s) && opts.until.is_none_or(|u| i.time <= u)
        });
        if let Some(t) = &opts.kind_filter {
            items.retain(|i| i.extra.get("type").and_then(Value::as_str) == Some(t.as_str()));
        }
        let edge = link.rsplit('/').next().unwrap_or_default();
        // Comments come oldest first unless asked otherwise (Graph's default `order` for them is
        // `chronological`); other edges keep their own order, newest first for feeds.
        let order = opts
            .order
            .as_deref()
            .or((edge == "comments").then_some("chronological"));
        match order {
            Some("chronological") => items.sort_by_key(|i| i.time),
            Some("reverse_chronological") => {
                // Newest first; of two made in the same second, the later one first.
                items.reverse();
                items.sort_by_key(|i| std::cmp::Reverse(i.time));
            }
            _ => {}
        }
        let total = items.len();
        let limit = opts.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
        let position = |c: &str| uncursor(c).and_then(|id| items.iter().position(|i| i.id == id));
        let (start, end) = match (&opts.after, &opts.before) {
            (Some(a), _) => {
                let s = position(a).map_or(0, |p| p + 1);
                (s, (s + limit).min(total))
            }
            (None, Some(b)) => {
                let e = position(b).unwrap_or(0);
                (e.saturating_sub(limit), e)
            }
            (None, None) => (0, limit.min(total)),
        };
        let slice = &items[start.min(end)..end];
        let data: Result<Vec<Value>, GraphErr> = slice.iter().map(|i| self.item(i, sel)).collect();
        let mut out = Map::new();
        out.insert("data".into(), Value::Array(data?));
        if let (Some(first), Some(last)) = (slice.first(), slice.last()) {
            let mut paging = Map::new();
            paging.insert(
                "cursors".into(),
                json!({"before": cursor(&first.id), "after": cursor(&last.id)}),
            );
            let url = |key: &str, c: String| {
                let mut q: Vec<(String, String)> = params
                    .iter()
                    .filter(|(k, _)| {
                        !matches!(k.as_str(), "after" | "before" | "limit")
                            && !RESERVED_PARAMS.contains(&k.as_str())
                    })
                    .cloned()
                    .collect();
                q.splice(0..0, self.link_auth.iter().cloned());
                if !params.iter().any(|(k, _)| k == "fields")
                    && let Some(s) = sel
                {
                    q.push(("fields".into(), to_expression(s)));
                }
                q.push(("limit".into(), limit.to_string()));
                q.push((key.into(), c));
                format!(
                    "{}{}/{}?{}",
                    self.base_url,
                    self.version,
                    link.trim_start_matches('/'),
                    encode_query(&q)
                )
            };
            if end < total {
                paging.insert("next".into(), json!(url("after", cursor(&last.id))));
            }
            if start > 0 {
                paging.insert("previous".into(), json!(url("before", cursor(&first.id))));
            }
            out.insert("paging".into(), Value::Object(paging));
        }
        if let Some(s) = &opts.summary
            && s != "false"
        {
            let summary = if s == "total_count" {
                json!({"total_count": total})
            } else {
                self.summary(edge, &items, order.unwrap_or("ranked"))
            };
            out.insert("summary".into(), summary);
        }
        Ok(Value::Object(out))
    }
}

impl View<'_> {
    /// An edge's `summary`, with the fields Graph adds for reactions, comments and likes.
    fn summary(&self, edge: &str, items: &[EdgeItem], order: &str) -> Value {
        let me = &self.app.bot_id;
        let total = items.len();
        match edge {
            "reactions" => {
                let mine = items
                    .iter()
                    .find(|i| &i.id == me)
                    .and_then(|i| i.extra.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or("NONE");
                json!({"total_count": total, "viewer_reaction": mine})
            }
            "comments" => json!({"order": order, "total_count": total, "can_comment": true}),
            "likes" => json!({
                "total_count": total,
                "can_like": true,
                "has_liked": items.iter().any(|i| &i.id == me),
            }),
            _ => json!({"total_count": total}),
        }
    }
}

fn export_status(node: &Node, now: i64) -> &'static str {
    match node.fields.get("status").and_then(Value::as_str) {
        Some("PENDING") => match now - node.time {
            ..=1 => "PENDING",
            2..=3 => "STARTED",
            _ => "COMPLETED",
        },
        _ => "COMPLETED",
    }
}

/// A member's picture data: the one set through `/profile_pictures`, else one the sandbox serves
/// itself (`/_sandbox/media/`), so following the picture's redirect works offline.
pub fn picture(base_url: &str, member: &Node) -> Value {
    let url = member.str("picture_url").map_or_else(
        || format!("{base_url}/_sandbox/media/profile/{}.png", member.id),
        str::to_owned,
    );
    json!({"height": 50, "width": 50, "is_silhouette": false, "url": url})
}

/// The image every sandbox media URL answers: a 1×1 PNG.
pub const MEDIA_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf0, 0xc9, 0x9b, 0x05,
    0x00, 0x02, 0x5e, 0x01, 0x55, 0x01, 0x0b, 0xbe, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];
