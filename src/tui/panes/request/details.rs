//! What the catalogue says about the selected row: its description, type, whether it is required,
//! and its choices.

use super::{Item, RequestPane};
use crate::core::catalogue::Catalogue;
use crate::core::draft::BodyKind;

/// The type of a query parameter, as the catalogue gives it ("string" when it does not).
pub fn query_kind(
    cat: &Catalogue,
    endpoint: Option<&crate::core::catalogue::Endpoint>,
    name: &str,
) -> String {
    cat.param_kind_in(endpoint, name).to_owned()
}

/// `enum(A,B)` → `enum` (the choices are listed after it).
fn short_kind(kind: &str) -> &str {
    if kind.starts_with("enum(") {
        "enum"
    } else {
        kind
    }
}

/// One line of facts about the selected row, and one of keys for it.
pub fn details(p: &RequestPane, cat: &Catalogue) -> (String, String) {
    let item = p.current();
    let endpoint = p.draft.endpoint.as_deref().and_then(|id| cat.endpoint(id));
    let choices = p.choices(item, cat);
    let with_choices = |mut s: String| {
        if !choices.is_empty() {
            s.push_str(&format!(" · choices: {}", choices.join(" ")));
        }
        s
    };
    match item {
        Item::Line => (
            format!("{} {}", p.draft.method, p.draft.line()),
            "u types the URL (?a=1 becomes rows) · m method · ←→ sections · Ctrl-S sends".into(),
        ),
        Item::Path(i) => (
            format!(
                "{{{}}}: path parameter · required",
                p.draft.path_params.get(i).map_or("", |r| r.name.as_str())
            ),
            "Enter fills it; {{variables}} are filled when it is sent".into(),
        ),
        Item::Query(i) => {
            let name = p.draft.query.get(i).map_or("", |r| r.name.as_str());
            let desc = match cat.param_description(endpoint, name) {
                "" => "query parameter",
                d => d,
            };
            let need = if endpoint.is_some_and(|e| e.required.iter().any(|r| r == name)) {
                "required"
            } else {
                "optional"
            };
            (
                with_choices(format!(
                    "{name}: {desc} · {} · {need}",
                    query_kind(cat, endpoint, name)
                )),
                if choices.is_empty() {
                    "Enter edits · Space on/off · a adds · d removes".into()
                } else {
                    "c next choice (↑↓ while editing) · Enter edits · Space on/off".into()
                },
            )
        }
        Item::Header(i) => (
            format!(
                "header {}",
                p.draft.headers.get(i).map_or("", |r| r.name.as_str())
            ),
            "Enter edits · Space on/off · a adds (Name: value) · d removes".into(),
        ),
        Item::BodyKind => (
            format!("body: {}", p.draft.body.kind.label()),
            "Enter or t: none, JSON, form, raw".into(),
        ),
        Item::ContentType => (
            format!(
                "content type of the raw body: {}",
                if p.draft.body.content_type.is_empty() {
                    "text/plain"
                } else {
                    &p.draft.body.content_type
                }
            ),
            "Enter edits".into(),
        ),
        Item::BodyText => {
            let fields: Vec<String> = endpoint
                .map(|e| {
                    e.body
                        .iter()
                        .map(|f| format!("{}{}", f.name, if f.required { "*" } else { "" }))
                        .collect()
                })
                .unwrap_or_default();
            let state = match (p.draft.body.kind, p.draft.body_error()) {
                (BodyKind::Json, None) => "valid JSON".to_owned(),
                (BodyKind::Json, Some(e)) => format!("not JSON yet: {e}"),
                _ => format!("{} bytes", p.draft.body.text.len()),
            };
            (
                if fields.is_empty() {
                    state
                } else {
                    format!("{state} · fields: {}", fields.join(" "))
                },
                "Enter edits the body (Esc leaves) · t changes its kind".into(),
            )
        }
        Item::Form(i) => {
            let name = p.draft.body.form.get(i).map_or("", |r| r.name.as_str());
            let field = endpoint.and_then(|e| e.body.iter().find(|f| f.name == name));
            let text = match field {
                Some(f) => format!(
                    "{name}: {} · {} · {}",
                    f.description,
                    short_kind(&f.kind),
                    if f.required { "required" } else { "optional" }
                ),
                None => format!("form field {name}"),
            };
            (
                with_choices(text),
                "Enter edits · c next choice · Space on/off · a adds · d removes".into(),
            )
        }
    }
}
