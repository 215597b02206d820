//! The command palette's rows (Ctrl-P): every action of the key table with its keys, the
//! endpoints, the saved requests and history, and the switcher's profiles, demo apps and environments.
//! Drawn and filtered by the picker of `panes::switcher`.

use super::keymap::{Action, BINDINGS, Context};
use super::model::Model;
use super::panes::switcher::{Choice, Row, switch_rows};

/// The palette's title.
pub const TITLE: &str = " Command palette (type to find · Enter runs · Esc closes) ";

/// Contexts whose actions the palette offers (the others only describe keys of a text field, a
/// menu or the help).
fn offered(c: Context) -> bool {
    matches!(
        c,
        Context::Always
            | Context::Global
            | Context::Endpoints
            | Context::Saved
            | Context::Request
            | Context::Response
    )
}

/// Every row, in this order: actions, endpoints, saved requests and history, apps and
/// environments.
pub fn rows(m: &Model, environments: &[String]) -> Vec<Row> {
    let mut rows: Vec<Row> = BINDINGS
        .iter()
        .filter(|b| offered(b.context) && !b.keys.is_empty())
        .filter(|b| {
            !matches!(
                b.action,
                Action::Describe | Action::Palette | Action::FoldDepth
            )
        })
        .map(|b| Row {
            label: b.desc.to_owned(),
            detail: format!("{} · {}", b.label, b.context.label()),
            choice: Choice::Action(b.action, b.context),
            current: false,
        })
        .collect();
    rows.extend(m.catalogue.endpoints.iter().enumerate().map(|(i, e)| Row {
        label: format!("{} {}", e.method, e.path),
        detail: format!("endpoint · {} · needs {}", e.summary, e.permission_text()),
        choice: Choice::Endpoint(i),
        current: false,
    }));
    rows.extend(m.left.saved.items.iter().enumerate().map(|(i, s)| Row {
        label: s.label.clone(),
        detail: match &s.collection {
            Some(c) => format!("saved in {c}"),
            None => "history".to_owned(),
        },
        choice: Choice::Saved(i),
        current: false,
    }));
    rows.extend(switch_rows(&m.conn, &m.session.profiles, environments));
    rows
}
