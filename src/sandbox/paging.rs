//! Paging options of an edge read (`limit`, cursors, `since`/`until`, `summary`, `order`) and the
//! opaque cursors.

use super::errors::GraphErr;
use crate::core::fields::FieldSel;
use crate::core::timefmt::parse_time;

/// Paging and filtering options of one edge read.
#[derive(Debug, Clone, Default)]
pub struct PageOpts {
    /// Items per page.
    pub limit: Option<usize>,
    /// Start after this cursor.
    pub after: Option<String>,
    /// End before this cursor.
    pub before: Option<String>,
    /// Items at or after this time.
    pub since: Option<i64>,
    /// Items at or before this time.
    pub until: Option<i64>,
    /// `true`, `total_count`…: add a summary.
    pub summary: Option<String>,
    /// Filter on the entry's `type` (reactions).
    pub kind_filter: Option<String>,
    /// `chronological`, `reverse_chronological` (or `ranked`, kept as it is).
    pub order: Option<String>,
}

impl PageOpts {
    /// Reads the options from request parameters.
    pub fn from_params(params: &[(String, String)]) -> Result<Self, GraphErr> {
        // The last of a repeated parameter counts, as everywhere in the sandbox.
        let get = |k: &str| super::engine::param(params, k).map(str::to_owned);
        let limit = match get("limit") {
            Some(l) => Some(l.trim().parse::<usize>().map_err(|_| {
                GraphErr::param(format!(
                    "Param limit must be a non-negative integer, got '{l}'"
                ))
            })?),
            None => None,
        };
        let time = |k: &str| -> Result<Option<i64>, GraphErr> {
            get(k)
                .map(|v| {
                    parse_time(&v).ok_or_else(|| {
                        GraphErr::param(format!(
                            "Param {k} must be a unix time or a date, got '{v}'"
                        ))
                    })
                })
                .transpose()
        };
        Ok(Self {
            limit,
            after: get("after"),
            before: get("before"),
            since: time("since")?,
            until: time("until")?,
            summary: get("summary"),
            kind_filter: get("type").map(|t| t.to_ascii_uppercase()),
            order: get("order").map(|o| o.to_ascii_lowercase()),
        })
    }

    pub(super) fn from_modifiers(sel: &FieldSel) -> Self {
        Self {
            limit: sel.modifier("limit").and_then(|l| l.parse().ok()),
            after: sel.modifier("after").map(str::to_owned),
            before: None,
            since: sel.modifier("since").and_then(parse_time),
            until: sel.modifier("until").and_then(parse_time),
            summary: sel.modifier("summary").map(str::to_owned),
            kind_filter: sel.modifier("type").map(str::to_ascii_uppercase),
            order: sel.modifier("order").map(str::to_ascii_lowercase),
        }
    }
}

/// An opaque cursor for an edge entry.
pub fn cursor(id: &str) -> String {
    format!("QVFI{}", hex::encode(id.as_bytes()))
}

pub(super) fn uncursor(c: &str) -> Option<String> {
    let bytes = hex::decode(c.strip_prefix("QVFI")?).ok()?;
    String::from_utf8(bytes).ok()
}
