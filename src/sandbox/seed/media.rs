//! The seed: Photos, videos and docs.

use serde_json::json;

use super::data::{SeedIds, id};
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World, reference};

pub(super) fn media(w: &mut World, ids: &mut SeedIds, t0: i64) {
    for (k, gid) in ids.groups.iter().take(4).enumerate() {
        let owner = ids.members[k * 2].clone();
        let aid = id(741_000_000_000_001, k);
        let mut album = Node::new(&aid, Kind::Album, t0 + 500);
        album
            .set("name", "Team photos")
            .set("count", 2)
            .set("can_upload", true)
            .set("created_time", graph_time(t0 + 500))
            .set("from", reference(&owner));
        album.group = Some(gid.clone());
        for p in 0..2 {
            let pid = id(740_000_000_000_001, k * 10 + p);
            let t = t0 + 600 + p as i64;
            let mut photo = Node::new(&pid, Kind::Photo, t);
            photo.set("name", format!("Photo {}", p + 1))
                .set("from", reference(&owner))
                .set("height", 720)
                .set("width", 1280)
                .set("created_time", graph_time(t))
                .set("updated_time", graph_time(t))
                .set("album", reference(&aid))
                .set("link", format!("https://northwind.workplace.com/photo.php?fbid={pid}"))
                .set("images", json!([{"height": 720, "width": 1280, "source": format!("https://scontent.example/{pid}.jpg")}]))
                .set("can_delete", true)
                .set("can_tag", true);
            photo.group = Some(gid.clone());
            album.edge_mut("photos").push(EdgeItem::to(pid.clone(), t));
            if ids.photo.is_empty() {
                ids.photo = pid.clone();
            }
            w.insert(photo);
        }
        w.insert(album);
        let doc = format!("{gid}_{}", id(750_000_000_000_001, k));
        let mut d = Node::new(&doc, Kind::Doc, t0 + 700);
        d.set("subject", "Team charter")
            .set(
                "message",
                "<h1>Team charter</h1><p>What we do and how we work.</p>",
            )
            .set("from", reference(&owner))
            .set("created_time", graph_time(t0 + 700))
            .set("updated_time", graph_time(t0 + 800))
            .set("can_edit", true)
            .set("can_delete", true);
        d.group = Some(gid.clone());
        w.insert(d);
        let fid = id(760_000_000_000_001, k);
        let mut f = Node::new(&fid, Kind::File, t0 + 900);
        f.set(
            "download_link",
            format!("https://northwind.workplace.com/download/{fid}/plan.pdf"),
        )
        .set("from", reference(&owner))
        .set("group", reference(gid))
        .set("message", "plan.pdf")
        .set("updated_time", graph_time(t0 + 900));
        f.group = Some(gid.clone());
        w.insert(f);
        let vid = id(742_000_000_000_001, k);
        let mut v = Node::new(&vid, Kind::Video, t0 + 950);
        v.set("description", "Demo recording")
            .set("created_time", graph_time(t0 + 950))
            .set("from", reference(&owner))
            .set("length", 184.5);
        v.group = Some(gid.clone());
        w.insert(v);
        if ids.video.is_empty() {
            ids.video = vid.clone();
            ids.file = fid.clone();
        }
        if let Some(g) = w.get_mut(gid) {
            g.edge_mut("albums")
                .push(EdgeItem::to(aid.clone(), t0 + 500));
            g.edge_mut("docs").push(EdgeItem::to(doc.clone(), t0 + 700));
            g.edge_mut("files")
                .push(EdgeItem::to(fid.clone(), t0 + 900));
            g.edge_mut("videos")
                .push(EdgeItem::to(vid.clone(), t0 + 950));
        }
        if k == 0 {
            ids.doc = doc;
            // The first post carries the first photo as an attachment.
            if let Some(post) = ids.posts.first().and_then(|p| w.get_mut(p)) {
                post.edge_mut("attachments").push(
                    EdgeItem::to(ids.photo.clone(), t0)
                        .with("type", "photo")
                        .with("description", "Team photo")
                        .with("target", json!({"id": ids.photo}))
                        .with(
                            "url",
                            format!(
                                "https://northwind.workplace.com/photo.php?fbid={}",
                                ids.photo
                            ),
                        ),
                );
            }
        }
    }
}
