//! The seed: Reports and data exports.

use serde_json::json;

use super::data::{SeedIds, id};
use crate::core::timefmt::graph_time;
use crate::sandbox::world::{EdgeItem, Kind, Node, World};

pub(super) fn reports_and_exports(w: &mut World, ids: &mut SeedIds, t0: i64) {
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
