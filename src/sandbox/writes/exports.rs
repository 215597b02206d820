//! Writes that start data exports.

use serde_json::{Value, json};

use crate::sandbox::call::Call;
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{Kind, Node};

/// `export.start`.
pub(super) fn start(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let now = c.now;
    let id = engine.world.new_id();
    let mut job = Node::new(&id, Kind::ExportJob, now);
    job.set("status", "PENDING")
        .set("type", "WORK_FILE_EXPORT_USER")
        .set(
            "result",
            format!("https://northwind.workplace.com/work/exports/{id}/employees.xlsx"),
        );
    engine.world.insert(job);
    Ok(json!({ "id": id }))
}
