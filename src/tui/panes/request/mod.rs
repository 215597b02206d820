//! The request pane: a request line (method and URL, typed freely), then three sections —
//! Params (path and query rows), Headers, Body (JSON validated live, form fields, raw text, or
//! none) — and the catalogue's facts about the selected row. It edits a [`Draft`]; sending turns
//! the draft into a request through [`Draft::to_spec`], as `wpx run` does.

mod details;
mod draw;
mod edit;

use std::collections::BTreeMap;

use ratatui_textarea::TextArea;

pub use details::details;
pub use draw::draw;

use super::super::widgets::line_input::LineInput;
use crate::core::catalogue::Catalogue;
use crate::core::draft::{BodyKind, Draft, Row, enum_choices};
use crate::core::request::Method;
use crate::core::vars::Scope;

/// The line about an endpoint: its permission first, so that a narrow pane cuts the summary and
/// never the permission.
fn endpoint_summary(ep: &crate::core::catalogue::Endpoint) -> String {
    if ep.pack > 0 && ep.permissions().next().is_none() {
        // Imported packs rarely name permissions: "needs none" would mislead.
        let pack = ep.id.split_once(':').map_or("", |(p, _)| p);
        return format!("{} · pack {pack}", ep.summary);
    }
    format!("needs {} · {}", ep.permission_text(), ep.summary)
}

/// A section of the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    /// Path and query parameters.
    #[default]
    Params,
    /// Extra headers.
    Headers,
    /// The body.
    Body,
}

impl Section {
    /// All, in order.
    pub const ALL: [Section; 3] = [Section::Params, Section::Headers, Section::Body];

    fn step(self, by: isize) -> Self {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0) as isize;
        Self::ALL[(i + by).rem_euclid(3) as usize]
    }
}

/// A selectable row of the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// The request line.
    Line,
    /// A `{param}` of the path.
    Path(usize),
    /// A query parameter.
    Query(usize),
    /// A header.
    Header(usize),
    /// The body's kind.
    BodyKind,
    /// The content type of a raw body.
    ContentType,
    /// The JSON or raw text.
    BodyText,
    /// A form field.
    Form(usize),
}

/// What is being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The URL.
    Url(LineInput),
    /// A row's value (or the content type).
    Value {
        /// Which.
        item: Item,
        /// The text.
        input: LineInput,
    },
    /// A new row, typed as `name=value` (`Name: value` for a header).
    New {
        /// Where it goes.
        section: Section,
        /// The text.
        input: LineInput,
    },
    /// The body editor has the keys.
    Body,
}

/// Where the request came from, when it is a saved one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The collection.
    pub collection: String,
    /// The request's full name.
    pub name: String,
    /// The collection's `[variables]`.
    pub variables: BTreeMap<String, String>,
    /// The saved request's description, kept when it is saved again.
    pub description: String,
}

impl Origin {
    /// The collection's link of the variable chain.
    pub fn scope(&self) -> Scope {
        Scope::new(self.collection.clone(), self.variables.clone())
    }
}

/// What a key did, for the app to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done, nothing to say.
    Handled,
    /// Done; say this.
    Say(String),
    /// Refused; say why.
    Refused(String),
    /// Not this pane's key.
    Ignored,
}

/// The request pane.
#[derive(Debug, Clone)]
pub struct RequestPane {
    /// The request being edited.
    pub draft: Draft,
    /// One line about it (the endpoint's summary and permission, a saved request's description).
    pub summary: String,
    /// The saved request it came from.
    pub origin: Option<Origin>,
    /// The section shown.
    pub section: Section,
    /// The selected row of [`RequestPane::items`].
    pub selected: usize,
    /// What is being edited.
    pub editing: Option<Edit>,
    /// The body editor (its text is the draft's body text).
    pub body: TextArea<'static>,
    /// Which page of the request `]` and `[` have turned to.
    pub page: u32,
    /// The request as it was loaded or last saved, to tell whether it has been edited.
    pristine: Draft,
}

impl Default for RequestPane {
    fn default() -> Self {
        let mut p = Self {
            draft: Draft::from_url(Method::Get, "/community"),
            summary: "Pick an endpoint on the left, or press u and type a path".to_owned(),
            origin: None,
            section: Section::Params,
            selected: 0,
            editing: None,
            body: TextArea::default(),
            page: 1,
            pristine: Draft::from_url(Method::Get, "/community"),
        };
        p.sync_body_editor();
        p
    }
}

impl RequestPane {
    /// Replaces the request (from any source), keeping nothing of the old one but what `draft`
    /// already carries.
    pub fn load(&mut self, draft: Draft, summary: String, origin: Option<Origin>) {
        self.section = if draft.body.kind != BodyKind::None && draft.path_params.is_empty() {
            Section::Body
        } else {
            Section::Params
        };
        self.pristine = draft.clone();
        self.draft = draft;
        self.summary = summary;
        self.origin = origin;
        self.editing = None;
        self.page = 1;
        // The first empty path parameter, else the first row: what the user most likely edits.
        self.selected = self
            .first_empty_param()
            .unwrap_or(usize::from(self.items().len() > 1));
        self.sync_body_editor();
    }

    /// True when the request differs from what was loaded or last saved (paging does not count).
    pub fn is_edited(&self) -> bool {
        let mut now = self.draft.clone();
        now.query
            .retain(|r| !matches!(r.name.as_str(), "after" | "before"));
        let mut then = self.pristine.clone();
        then.query
            .retain(|r| !matches!(r.name.as_str(), "after" | "before"));
        now != then
    }

    /// The request as it is now is the one to compare edits with (it was just saved, or loaded
    /// with values the user did not type).
    pub fn set_baseline(&mut self) {
        self.pristine = self.draft.clone();
    }

    /// Loads a catalogue endpoint; path values of the same name carry over.
    pub fn load_endpoint(&mut self, cat: &Catalogue, ep: &crate::core::catalogue::Endpoint) {
        let carry = self.draft.path_params.clone();
        let draft = Draft::from_endpoint(cat, ep, &carry);
        self.load(draft, endpoint_summary(ep), None);
    }

    fn first_empty_param(&self) -> Option<usize> {
        if self.section != Section::Params {
            return None;
        }
        let i = self
            .draft
            .path_params
            .iter()
            .position(|p| p.value.is_empty())?;
        Some(i + 1)
    }

    /// The rows of the shown section, the request line first.
    pub fn items(&self) -> Vec<Item> {
        let d = &self.draft;
        let mut items = vec![Item::Line];
        match self.section {
            Section::Params => {
                items.extend((0..d.path_params.len()).map(Item::Path));
                items.extend((0..d.query.len()).map(Item::Query));
            }
            Section::Headers => items.extend((0..d.headers.len()).map(Item::Header)),
            Section::Body => {
                items.push(Item::BodyKind);
                match d.body.kind {
                    BodyKind::None => {}
                    BodyKind::Json => items.push(Item::BodyText),
                    BodyKind::Raw => items.extend([Item::ContentType, Item::BodyText]),
                    BodyKind::Form => items.extend((0..d.body.form.len()).map(Item::Form)),
                }
            }
        }
        items
    }

    /// The row a section opens on: the body text in Body, else its first row.
    fn first_row(&self) -> usize {
        let items = self.items();
        items
            .iter()
            .position(|i| *i == Item::BodyText)
            .unwrap_or(usize::from(items.len() > 1))
    }

    /// The selected row.
    pub fn current(&self) -> Item {
        self.items()
            .get(self.selected)
            .copied()
            .unwrap_or(Item::Line)
    }

    /// True while a text field or the body editor takes the keys.
    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    fn row_mut(&mut self, item: Item) -> Option<&mut Row> {
        let d = &mut self.draft;
        match item {
            Item::Path(i) => d.path_params.get_mut(i),
            Item::Query(i) => d.query.get_mut(i),
            Item::Header(i) => d.headers.get_mut(i),
            Item::Form(i) => d.body.form.get_mut(i),
            _ => None,
        }
    }

    /// The row behind an item, when it is one.
    pub fn row(&self, item: Item) -> Option<&Row> {
        let d = &self.draft;
        match item {
            Item::Path(i) => d.path_params.get(i),
            Item::Query(i) => d.query.get(i),
            Item::Header(i) => d.headers.get(i),
            Item::Form(i) => d.body.form.get(i),
            _ => None,
        }
    }

    /// The values offered for an item: the catalogue's enum values, or true/false.
    pub fn choices(&self, item: Item, cat: &Catalogue) -> Vec<String> {
        let endpoint = self
            .draft
            .endpoint
            .as_deref()
            .and_then(|id| cat.endpoint(id));
        let kind = match item {
            Item::Query(i) => self
                .draft
                .query
                .get(i)
                .map(|r| details::query_kind(cat, endpoint, &r.name))
                .unwrap_or_default(),
            Item::Form(i) => self
                .draft
                .body
                .form
                .get(i)
                .and_then(|r| endpoint?.body.iter().find(|f| f.name == r.name))
                .map(|f| f.kind.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        if kind == "bool" {
            return vec!["true".into(), "false".into()];
        }
        enum_choices(&kind).into_iter().map(str::to_owned).collect()
    }

    /// Makes the body editor show the draft's body text.
    pub fn sync_body_editor(&mut self) {
        self.body = TextArea::from(
            self.draft
                .body
                .text
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        );
        self.sync_body_cursor();
    }

    /// Shows the body editor's cursor only while it is being edited.
    fn sync_body_cursor(&mut self) {
        let style = if self.editing == Some(Edit::Body) {
            ratatui::style::Style::default().add_modifier(ratatui::style::Modifier::REVERSED)
        } else {
            ratatui::style::Style::default()
        };
        self.body.set_cursor_style(style);
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.items().len().saturating_sub(1));
    }

    fn set_method(&mut self, by: isize, cat: &Catalogue) {
        let all = Method::ALL;
        let i = all
            .iter()
            .position(|m| *m == self.draft.method)
            .unwrap_or(0) as isize;
        self.draft.method = all[(i + by).rem_euclid(all.len() as isize) as usize];
        self.rematch(cat);
    }

    fn rematch(&mut self, cat: &Catalogue) {
        let still = self
            .draft
            .endpoint
            .as_deref()
            .and_then(|id| cat.endpoint(id))
            .is_some_and(|e| e.method == self.draft.method && e.path == self.draft.url);
        if !still {
            self.draft.endpoint = self.draft.match_endpoint(cat);
            if let Some(ep) = self
                .draft
                .endpoint
                .as_deref()
                .and_then(|id| cat.endpoint(id))
            {
                self.summary = endpoint_summary(ep);
                self.draft.offer_body(ep);
                self.sync_body_editor();
            } else if self.origin.is_none() {
                self.summary = "not in the catalogue: sent as typed".to_owned();
            }
        }
    }

    /// After a new request line: the first empty path parameter is selected, so Enter fills it.
    fn after_new_line(&mut self) {
        self.section = Section::Params;
        self.selected = self.first_empty_param().unwrap_or(0);
    }
}

#[cfg(test)]
mod tests;
