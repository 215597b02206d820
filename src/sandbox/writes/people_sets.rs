//! Writes on people sets, with their condition checks.

use serde_json::{Value, json};

use super::common::{json_param, need, node_mut};
use crate::sandbox::call::Call;
use crate::sandbox::engine::param;
use crate::sandbox::errors::GraphErr;
use crate::sandbox::world::{Kind, Node};

/// `people_sets.create`, `people_set.update`.
pub(super) fn write(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    let engine = &mut *c.engine;
    let (params, now, target, entry) = (c.params, c.now, c.target, c.entry);
    let create = entry == "people_sets.create";
    let name = if create {
        Some(need(params, "name")?.to_owned())
    } else {
        param(params, "name").map(str::to_owned)
    };
    let conditions = json_param(params, "conditions")?;
    match &conditions {
        Some(c) => check_conditions(c)?,
        None if create => return Err(GraphErr::required("conditions")),
        None => {}
    }
    if create {
        let id = engine.world.new_id();
        let mut p = Node::new(&id, Kind::PeopleSet, now);
        p.set("name", name.unwrap_or_default())
            .set("conditions", conditions.unwrap_or_default());
        engine.world.insert(p);
        return Ok(json!({ "id": id }));
    }
    let node = node_mut(engine, target)?;
    if let Some(n) = name {
        node.set("name", n);
    }
    if let Some(c) = conditions {
        node.set("conditions", c);
    }
    Ok(json!({ "success": "true" }))
}

const CONDITION_FIELDS: [&str; 10] = [
    "ACCOUNT_STATUS",
    "DEPARTMENT",
    "DIVISION",
    "LOCATION",
    "MANAGER",
    "MANAGER_RECURSIVE",
    "MEMBER_TYPE",
    "ORGANIZATION",
    "START_DATE",
    "TITLE",
];
const CONDITION_OPERATORS: [&str; 8] = [
    "CONTAINS",
    "ENTITY_SET_IS",
    "ENUM_SET_IS",
    "GREATER_THAN",
    "LESS_THAN",
    "IS",
    "IS_ANY_OF",
    "STARTS_WITH",
];

fn check_conditions(v: &Value) -> Result<(), GraphErr> {
    let list = v
        .as_array()
        .ok_or_else(|| GraphErr::param("Param conditions must be a JSON array"))?;
    for c in list {
        let field = c.get("field").and_then(Value::as_str).unwrap_or_default();
        let op = c
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !CONDITION_FIELDS.contains(&field) {
            return Err(GraphErr::param(format!(
                "Unknown condition field '{field}': use one of {}",
                CONDITION_FIELDS.join(", ")
            )));
        }
        if !CONDITION_OPERATORS.contains(&op) {
            return Err(GraphErr::param(format!(
                "Unknown condition operator '{op}': use one of {}",
                CONDITION_OPERATORS.join(", ")
            )));
        }
        if !c.get("values").is_some_and(Value::is_array) {
            return Err(GraphErr::param("Each condition needs a values array"));
        }
    }
    Ok(())
}
