//! The rest of the seeded community: events, media, docs, badges, Knowledge Library, people sets,
//! surveys, reported content, exports and timeline posts.

use serde_json::json;

use super::seed::{Rng, Seed, SeedIds, id};
use super::world::{EdgeItem, Kind, Node, World, reference};
use crate::core::timefmt::graph_time;

pub(super) fn extras(s: &Seed, w: &mut World, ids: &mut SeedIds, rng: &mut Rng, t0: i64) {
    events(w, ids, t0);
    media(w, ids, t0);
    badges(s, w, ids, t0);
    knowledge(s, w, ids, t0);
    sets_and_surveys(s, w, ids, t0);
    reports_and_exports(w, ids, t0);
    timelines(s, w, ids, rng, t0);
}

fn events(w: &mut World, ids: &mut SeedIds, t0: i64) {
    let community = w.community.clone();
    for (k, gid) in ids.groups.iter().take(4).enumerate() {
        let eid = id(630_000_000_000_001, k * 11);
        let start = t0 + 130 * 86_400 + k as i64 * 86_400;
        let host = ids.members[k].clone();
        let mut e = Node::new(&eid, Kind::Event, t0 + k as i64 * 100);
        e.set(
            "name",
            [
                "Quarterly all-hands",
                "Design review",
                "Pipeline review",
                "Launch party",
            ][k],
        )
        .set("description", "Join us: agenda in the group.")
        .set("start_time", graph_time(start))
        .set("end_time", graph_time(start + 3600))
        .set("timezone", "Europe/London")
        .set("place", json!({"name": "Main office, 4th floor"}))
        .set("is_canceled", false)
        .set("is_draft", false)
        .set("guest_list_enabled", true)
        .set("can_guests_invite", true)
        .set("category", "WORKSHOP")
        .set("type", "group")
        .set("owner", reference(&host))
        .set("parent_group", reference(gid))
        .set("updated_time", graph_time(t0 + 86_400));
        e.group = Some(gid.clone());
        e.edge_mut("admins").push(EdgeItem::to(host.clone(), t0));
        e.edge_mut("roles")
            .push(EdgeItem::to(host.clone(), t0).with("role", "HOST"));
        let guests: Vec<String> = w
            .get(gid)
            .map(|g| {
                g.edge("members")
                    .iter()
                    .take(8)
                    .map(|m| m.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        e.set("attending_count", guests.len())
            .set("declined_count", 1)
            .set("maybe_count", 2)
            .set("interested_count", 3)
            .set("noreply_count", 4);
        for g in &guests {
            e.edge_mut("attending")
                .push(EdgeItem::to(g.clone(), t0).with("rsvp_status", "attending"));
        }
        w.insert(e);
        if let Some(g) = w.get_mut(gid) {
            g.edge_mut("events").push(EdgeItem::to(eid.clone(), start));
        }
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("events").push(EdgeItem::to(eid.clone(), start));
        }
        if k == 0 {
            ids.event = eid;
        }
    }
}

fn media(w: &mut World, ids: &mut SeedIds, t0: i64) {
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

fn badges(s: &Seed, w: &mut World, ids: &SeedIds, t0: i64) {
    let community = w.community.clone();
    for (k, b) in s.badges.iter().enumerate() {
        let mut node = Node::new(&b.id, Kind::Badge, t0 + k as i64);
        node.set("name", b.name.clone())
            .set("description", b.description.clone())
            .set("category", b.category.clone())
            .set(
                "icon",
                format!("https://static.xx.fbcdn.net/badges/{k}.png"),
            );
        w.insert(node);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("badges").push(EdgeItem::to(b.id.clone(), t0));
        }
        for m in ids.members.iter().skip(k * 3).take(2) {
            if let Some(member) = w.get_mut(m) {
                member
                    .edge_mut("badges")
                    .push(EdgeItem::to(b.id.clone(), t0 + 86_400));
            }
        }
    }
}

fn knowledge(s: &Seed, w: &mut World, ids: &mut SeedIds, t0: i64) {
    let community = w.community.clone();
    let editor = ids.members[1].clone();
    let mut n = 0usize;
    for (k, c) in s.categories.iter().enumerate() {
        let cid = id(810_000_000_000_001, k * 100);
        let mut cat = Node::new(&cid, Kind::Category, t0 + k as i64);
        let category = |node: &mut Node,
                        title: &str,
                        content: &str,
                        parent: Option<&str>,
                        order: usize| {
            node.set("title", title.to_owned())
                .set("content", content.to_owned())
                .set("status", "PUBLISHED")
                .set("last_editor", reference(&editor))
                .set("last_updated", graph_time(t0 + 86_400))
                .set("read_audience", json!({"audience_type": if parent.is_some() { "INHERIT" } else { "PROFILE_FIELDS" }}))
                .set("json_content", json!([{"type": "text_block", "children": [{"type": "p", "children": [{"type": "text", "text": title}]}]}]))
                .set("order_index", order);
            if let Some(p) = parent {
                node.set("parent_id", p.to_owned());
            }
        };
        category(&mut cat, &c.title, &c.content, None, k);
        cat.set("icon", c.icon.clone())
            .set("color", c.color.clone());
        for (j, sub) in c.subcategories.iter().enumerate() {
            n += 1;
            let sid = id(811_000_000_000_001, n);
            let mut node = Node::new(&sid, Kind::Category, t0 + 10 + n as i64);
            category(&mut node, sub, &format!("<p>{sub}</p>"), Some(&cid), j);
            cat.edge_mut("subcategories")
                .push(EdgeItem::to(sid.clone(), t0));
            w.insert(node);
        }
        w.insert(cat);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("knowledge_library_categories")
                .push(EdgeItem::to(cid.clone(), t0));
        }
        if k == 0 {
            ids.category = cid;
        }
    }
    for (k, q) in s.quick_links.iter().enumerate() {
        let qid = id(820_000_000_000_001, k);
        let mut node = Node::new(&qid, Kind::QuickLink, t0 + k as i64);
        node.set("title", q.title.clone())
            .set("link", q.link.clone());
        w.insert(node);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("knowledge_quick_links")
                .push(EdgeItem::to(qid.clone(), t0));
        }
        if k == 0 {
            ids.quick_link = qid;
        }
    }
}

fn sets_and_surveys(s: &Seed, w: &mut World, ids: &mut SeedIds, t0: i64) {
    let community = w.community.clone();
    for (k, p) in s.people_sets.iter().enumerate() {
        let pid = id(830_000_000_000_001, k);
        let mut node = Node::new(&pid, Kind::PeopleSet, t0 + k as i64);
        node.set("name", p.name.clone())
            .set("conditions", p.conditions.clone());
        w.insert(node);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("people_sets")
                .push(EdgeItem::to(pid.clone(), t0));
        }
        if k == 0 {
            ids.people_set = pid;
        }
    }
    for (k, v) in s.surveys.iter().enumerate() {
        let sid = id(840_000_000_000_001, k);
        let mut node = Node::new(&sid, Kind::Survey, t0 + k as i64);
        let questions: Vec<_> = v
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| json!({"text": q, "question_type": if i == 0 { "LIKERT_NOT_AT_ALL_TO_EXTREMELY" } else { "FREE_TEXT" }, "is_optional": i > 0}))
            .collect();
        node.set("title", v.title.clone())
            .set("status", v.status.clone())
            .set("creation_mode", "DRAFT")
            .set("is_test", false)
            .set("questions", questions)
            .set("created_time", graph_time(t0 + k as i64 * 86_400));
        w.insert(node);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("surveys").push(EdgeItem::to(sid.clone(), t0));
        }
        if k == 0 {
            ids.survey = sid;
        }
    }
}

fn reports_and_exports(w: &mut World, ids: &mut SeedIds, t0: i64) {
    let community = w.community.clone();
    for k in 0..2 {
        let rid = id(850_000_000_000_001, k);
        let post = ids.posts[k % ids.posts.len()].clone();
        let author = w
            .get(&post)
            .and_then(|p| p.fields.get("from").cloned())
            .unwrap_or_default();
        let mut r = Node::new(&rid, Kind::Report, t0 + 50 * 86_400 + k as i64);
        r.set("content_author", author)
            .set("reported_content", json!({"id": post, "type": "POST"}))
            .set("reporters", json!([{"reporter": {"id": ids.members[10 + k]}, "reason": if k == 0 { "SPAM" } else { "HARASSMENT" }, "report_time": (t0 + 50 * 86_400) * 1000}]))
            .set("creation_time", (t0 + 50 * 86_400 + k as i64) * 1000);
        w.insert(r);
        if let Some(c) = w.get_mut(&community) {
            c.edge_mut("reported_content")
                .push(EdgeItem::to(rid.clone(), t0));
        }
        if k == 0 {
            ids.report = rid;
        }
    }
    let jid = id(860_000_000_000_001, 0);
    let mut job = Node::new(&jid, Kind::ExportJob, t0 + 60 * 86_400);
    job.set("status", "COMPLETED")
        .set("type", "WORK_FILE_EXPORT_USER")
        .set(
            "result",
            format!("https://northwind.workplace.com/work/exports/{jid}/employees.xlsx"),
        );
    w.insert(job);
    ids.export_job = jid;
    let did = id(861_000_000_000_001, 0);
    let mut dyi = Node::new(&did, Kind::DyiJob, t0 + 61 * 86_400);
    dyi.set("status", "COMPLETED")
        .set("create_time", graph_time(t0 + 61 * 86_400))
        .set("data_types", json!(["POSTS", "COMMENTS", "CHATS"]))
        .set("dyi_format", "JSON")
        .set("company_job", true);
    w.insert(dyi);
    if let Some(c) = w.get_mut(&community) {
        c.edge_mut("work_dyi_jobs")
            .push(EdgeItem::to(did.clone(), t0));
    }
    ids.dyi_job = did;
}

fn timelines(s: &Seed, w: &mut World, ids: &SeedIds, rng: &mut Rng, t0: i64) {
    for (k, m) in ids.members.iter().take(6).enumerate() {
        let pid = format!("{m}_{}", id(420_000_000_000_001, k));
        let t = t0 + 20 * 86_400 + k as i64 * 3600;
        let mut post = Node::new(&pid, Kind::Post, t);
        post.set(
            "message",
            rng.pick(&s.posts.messages).cloned().unwrap_or_default(),
        )
        .set("from", reference(m))
        .set("created_time", graph_time(t))
        .set("type", "status")
        .set("story", "shared an update");
        w.insert(post);
        if let Some(member) = w.get_mut(m) {
            member.edge_mut("feed").push(EdgeItem::to(pid, t));
        }
    }
}
