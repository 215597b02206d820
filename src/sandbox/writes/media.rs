//! Writes that add media: photos and videos (groups, timelines, the Knowledge Library) and docs.

use serde_json::{Value, json};

use super::common::{create, need, set_fields};
use crate::core::timefmt::graph_time;
use crate::sandbox::call::Call;
use crate::sandbox::engine::{Upload, param};
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{Kind, Node, reference};

/// `group.docs.create`.
pub(super) fn create_doc(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let group = c.engine.world.group_of(c.target);
    let engine = &mut *c.engine;
    let (app, params, now, target) = (c.app, c.params, c.now, c.target);
    let title = need(params, "title")?.to_owned();
    let body = need(params, "body")?.to_owned();
    let id = format!("{target}_{}", engine.world.new_id());
    let mut d = Node::new(&id, Kind::Doc, now);
    d.set("subject", title)
        .set("message", body)
        .set("from", reference(&app.bot_id))
        .set("created_time", graph_time(now));
    d.group = group;
    Ok(create(engine, d, target, "docs", now, true))
}

/// What an upload makes: the kind of node, and the edge of the target that lists it.
fn shape(entry: &str) -> (Kind, Option<&'static str>) {
    match entry {
        "kl.photos.add" => (Kind::Photo, Some("photos")),
        "kl.videos.add" => (Kind::Video, Some("videos")),
        "kl.files.add" => (Kind::File, Some("files")),
        "group.videos.create" => (Kind::Video, Some("videos")),
        "me.videos.create" => (Kind::Video, None),
        "group_file_revisions.create" => (Kind::File, None),
        _ => (Kind::Photo, None),
    }
}

/// The media a write names: a URL (`url`, `file_url`) or a file uploaded as `source` or `file`.
pub(super) fn media<'f>(
    params: &[(String, String)],
    files: &'f [Upload],
    url_keys: &[&str],
) -> Result<Media<'f>, GraphErr> {
    let url = url_keys
        .iter()
        .find_map(|k| param(params, k).filter(|v| !v.trim().is_empty()));
    let file = files
        .iter()
        .find(|f| matches!(f.field.as_str(), "source" | "file"));
    match (url, file) {
        (_, Some(f)) => Ok(Media::File(f)),
        (Some(u), None) => Ok(Media::Url(u.to_owned())),
        (None, None) => Err(GraphErr::param(format!(
            "Either {} or an uploaded file (source) must be supplied",
            url_keys.join(" or ")
        ))),
    }
}

/// Where an upload's bytes come from.
pub(super) enum Media<'a> {
    /// A URL Graph fetches.
    Url(String),
    /// A file in the multipart body.
    File(&'a Upload),
}

impl Media<'_> {
    /// The URL the uploaded media is served from.
    pub(super) fn link(&self, id: &str) -> String {
        match self {
            Self::Url(u) => u.clone(),
            Self::File(f) => format!(
                "https://scontent.example/uploads/{id}/{}",
                url::form_urlencoded::byte_serialize(f.filename.as_bytes()).collect::<String>()
            ),
        }
    }
}

/// Photos, videos and files, by URL or uploaded: `group.photos.create`, `group.videos.create`,
/// `me.photos.create`, `me.videos.create`, `kl.photos.add`, `kl.videos.add`, `kl.files.add`,
/// `group_file_revisions.create`. Each answers an id that reads back.
pub(super) fn upload(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let (kind, edge) = shape(c.entry);
    let source = media(c.params, c.files, &["url", "file_url"])?;
    let id = c.engine.world.new_id();
    let link = source.link(&id);
    let (filename, size) = match &source {
        Media::File(f) => (Some(f.filename.clone()), Some(f.size)),
        Media::Url(u) => (u.rsplit('/').next().map(str::to_owned), None),
    };
    let now = c.now;
    let mut n = Node::new(&id, kind, now);
    n.set("created_time", graph_time(now))
        .set("updated_time", graph_time(now))
        .set("from", reference(&c.app.bot_id));
    match kind {
        Kind::Video => {
            n.set("source", link.clone())
                .set("permalink_url", link)
                .set("length", 0);
            set_fields(&mut n, c.params, &["title", "description"]);
        }
        Kind::File => {
            n.set("download_link", link).set(
                "name",
                param(c.params, "name")
                    .map(str::to_owned)
                    .or(filename)
                    .unwrap_or_default(),
            );
            if let Some(size) = size {
                n.set("size", size);
            }
        }
        _ => {
            n.set("link", link.clone()).set(
                "images",
                json!([{"source": link, "width": 720, "height": 480}]),
            );
            set_fields(&mut n, c.params, &["name", "message"]);
        }
    }
    let in_group = c.entry.starts_with("group.");
    if in_group {
        n.group = c.engine.world.group_of(c.target);
    }
    let target = c.target;
    let answer = match edge {
        Some(e) => create(c.engine, n, target, e, now, true),
        None => {
            c.engine.world.insert(n);
            json!({ "id": id })
        }
    };
    // A photo posted to a group makes the feed story Graph names as `post_id`.
    if c.entry == "group.photos.create" {
        let pid = format!("{target}_{}", c.engine.world.new_id());
        let mut post = Node::new(&pid, Kind::Post, now);
        post.set(
            "message",
            param(c.params, "message").unwrap_or_default().to_owned(),
        )
        .set("from", reference(&c.app.bot_id))
        .set("created_time", graph_time(now))
        .set("type", "photo")
        .set("status_type", "added_photos")
        .set("object_id", id.clone())
        .set("to", json!({"data": [{"id": target}]}));
        post.group = c.engine.world.group_of(target);
        create(c.engine, post, target, "feed", now, true);
        return Ok(json!({ "id": id, "post_id": pid }));
    }
    Ok(answer)
}
