//! Writes on surveys.

use serde_json::{Value, json};

use super::common::{json_param, need, truthy};
use crate::core::timefmt::graph_time;
use crate::sandbox::call::Call;
use crate::sandbox::engine::param;
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{Kind, Node};

/// `surveys.create`.
pub(super) fn create_survey(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now) = (c.params, c.now);
    let mode = need(params, "creation_mode")?;
    if mode != "DRAFT" {
        return Err(GraphErr::param("Param creation_mode must be DRAFT"));
    }
    let title = need(params, "title")?.to_owned();
    let questions = json_param(params, "questions")?.unwrap_or_else(|| json!([]));
    if questions.as_array().is_some_and(|q| q.len() > 10) {
        return Err(GraphErr::param("A survey has at most 10 questions"));
    }
    let id = engine.world.new_id();
    let mut s = Node::new(&id, Kind::Survey, now);
    s.set("title", title)
        .set("status", "DRAFT")
        .set("creation_mode", "DRAFT")
        .set("questions", questions)
        .set("is_test", param(params, "is_test").is_some_and(truthy))
        .set("created_time", graph_time(now));
    engine.world.insert(s);
    Ok(json!({ "id": id }))
}
