//! The request pane: method and path from the chosen endpoint, path and query parameters as
//! editable rows (add, remove, toggle), and a JSON body editor validated as you type.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::core::catalogue::{Catalogue, Endpoint};
use crate::core::request::{Body, Method, RequestSpec, path_param_names};

/// One parameter row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// Sent only when enabled (query parameters).
    pub enabled: bool,
    /// What it is, from the catalogue.
    pub description: String,
}

/// A row of the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A `{param}` of the path.
    Path(usize),
    /// A query parameter.
    Query(usize),
    /// The JSON body.
    Body,
}

/// What is being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Editing {
    /// A value, in a one-line editor.
    Value {
        /// The row.
        field: Field,
        /// The text so far.
        buffer: String,
    },
    /// A new query parameter, typed as `name=value`.
    NewParam(String),
    /// The body editor has the keys.
    Body,
}

/// The request pane.
#[derive(Debug, Clone)]
pub struct RequestPane {
    /// The catalogue entry, when the request came from one.
    pub endpoint_id: Option<String>,
    /// A one-line description.
    pub summary: String,
    /// HTTP method.
    pub method: Method,
    /// Path template or absolute URL.
    pub path: String,
    /// Path parameters.
    pub path_params: Vec<Param>,
    /// Query parameters.
    pub query: Vec<Param>,
    /// The body editor.
    pub body: TextArea<'static>,
    /// Whether the method takes a body.
    pub has_body: bool,
    /// The selected row.
    pub selected: usize,
    /// What is being edited.
    pub editing: Option<Editing>,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Handled,
    /// Not this pane's key.
    Ignored,
}

fn body_template(ep: &Endpoint) -> String {
    // The required fields, or the first one when none is (message for a post).
    let any_required = ep.body.iter().any(|f| f.required);
    let fields: Vec<String> = ep
        .body
        .iter()
        .filter(|f| f.required || !any_required)
        .take(if any_required { 6 } else { 1 })
        .map(|f| {
            let v = match f.kind.as_str() {
                "bool" => "true".to_owned(),
                "json" => "{}".to_owned(),
                _ => "\"\"".to_owned(),
            };
            format!("  \"{}\": {v}", f.name)
        })
        .collect();
    if fields.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{\n{}\n}}", fields.join(",\n"))
    }
}

impl Default for RequestPane {
    fn default() -> Self {
        Self {
            endpoint_id: None,
            summary: "Pick an endpoint on the left and press Enter".to_owned(),
            method: Method::Get,
            path: "/community".to_owned(),
            path_params: Vec::new(),
            query: Vec::new(),
            body: TextArea::default(),
            has_body: false,
            selected: 0,
            editing: None,
        }
    }
}

impl RequestPane {
    /// Loads a catalogue endpoint: its path parameters, its query parameters (the first with an
    /// example enabled), and a body template with its required fields.
    pub fn load(&mut self, cat: &Catalogue, ep: &Endpoint) {
        self.endpoint_id = Some(ep.id.clone());
        self.summary = format!("{} · needs {}", ep.summary, ep.permission_text());
        self.method = ep.method;
        self.path.clone_from(&ep.path);
        // Values of same-named path parameters carry over (a group's feed, then a post to it).
        let previous = std::mem::take(&mut self.path_params);
        self.path_params = path_param_names(&ep.path)
            .into_iter()
            .map(|n| {
                let value = previous
                    .iter()
                    .find(|p| p.name == n)
                    .map(|p| p.value.clone())
                    .unwrap_or_default();
                Param {
                    description: format!("path parameter {{{n}}}"),
                    name: n,
                    value,
                    enabled: true,
                }
            })
            .collect();
        self.query = cat
            .query_params(ep)
            .into_iter()
            .map(|q| Param {
                name: q.name.to_owned(),
                value: q.example.to_owned(),
                enabled: !q.example.is_empty() && q.name == "fields",
                description: q.description.to_owned(),
            })
            .collect();
        self.has_body = ep.method != Method::Get && !ep.body.is_empty();
        self.body = TextArea::from(
            body_template(ep)
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        );
        self.selected = 0;
        self.editing = None;
        self.sync_body_cursor();
    }

    /// Fills a path parameter by name (when an id opens an endpoint).
    pub fn fill(&mut self, name: &str, value: &str) {
        if let Some(p) = self.path_params.iter_mut().find(|p| p.name == name) {
            p.value = value.to_owned();
        }
    }

    /// The rows, in order.
    pub fn fields(&self) -> Vec<Field> {
        let mut f: Vec<Field> = (0..self.path_params.len()).map(Field::Path).collect();
        f.extend((0..self.query.len()).map(Field::Query));
        if self.has_body {
            f.push(Field::Body);
        }
        f
    }

    /// True while a text field takes the keys.
    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    /// The body text.
    pub fn body_text(&self) -> String {
        self.body.lines().join("\n")
    }

    /// `None` when the body is valid JSON (or empty), else the parser's message.
    pub fn body_error(&self) -> Option<String> {
        let text = self.body_text();
        if !self.has_body || text.trim().is_empty() {
            return None;
        }
        serde_json::from_str::<serde::de::IgnoredAny>(&text)
            .err()
            .map(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
    }

    /// The request to send, or what to fix first.
    pub fn spec(&self) -> Result<RequestSpec, String> {
        if let Some(p) = self.path_params.iter().find(|p| p.value.trim().is_empty()) {
            return Err(format!(
                "fill {{{}}} first: select it and press Enter",
                p.name
            ));
        }
        if let Some(e) = self.body_error() {
            return Err(format!(
                "the body is not valid JSON ({e}): fix it before sending"
            ));
        }
        let body = if self.has_body && !self.body_text().trim().is_empty() {
            Body::Json(self.body_text())
        } else {
            Body::None
        };
        Ok(RequestSpec {
            method: self.method,
            path: self.path.clone(),
            path_params: self
                .path_params
                .iter()
                .map(|p| (p.name.clone(), p.value.trim().to_owned()))
                .collect(),
            query: self
                .query
                .iter()
                .filter(|q| q.enabled && !q.name.is_empty())
                .map(|q| (q.name.clone(), q.value.clone()))
                .collect(),
            headers: Vec::new(),
            body,
        })
    }

    /// Loads a saved request (`{{variables}}` known to `vars` are filled in).
    pub fn load_saved(
        &mut self,
        cat: &Catalogue,
        req: &crate::core::collection::SavedRequest,
        vars: &dyn Fn(&str) -> Option<String>,
    ) {
        let fill = |s: &str| {
            crate::core::template::fill_vars(s, &|k| {
                vars(k).or_else(|| Some(format!("{{{{{k}}}}}")))
            })
            .unwrap_or_else(|_| s.to_owned())
        };
        self.endpoint_id = cat
            .endpoints
            .iter()
            .find(|e| e.method == req.method && e.path == req.path)
            .map(|e| e.id.clone());
        self.summary = if req.description.is_empty() {
            format!("saved: {}", req.full_name())
        } else {
            req.description
                .lines()
                .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .unwrap_or_default()
                .chars()
                .take(100)
                .collect()
        };
        self.method = req.method;
        self.path = fill(&req.path);
        self.path_params = req
            .path_params
            .iter()
            .map(|p| Param {
                name: p.name.clone(),
                value: fill(&p.value),
                enabled: true,
                description: String::new(),
            })
            .collect();
        for n in path_param_names(&self.path) {
            if !self.path_params.iter().any(|p| p.name == n) {
                self.path_params.push(Param {
                    name: n,
                    value: String::new(),
                    enabled: true,
                    description: String::new(),
                });
            }
        }
        self.query = req
            .query
            .iter()
            .map(|q| Param {
                name: q.name.clone(),
                value: fill(&q.value),
                enabled: !q.disabled,
                description: String::new(),
            })
            .collect();
        self.has_body = req.method != Method::Get;
        let body = match (&req.body, req.form.is_empty()) {
            (Some(b), _) => fill(b),
            (None, false) => {
                let m: serde_json::Map<String, serde_json::Value> = req
                    .form
                    .iter()
                    .filter(|p| !p.disabled)
                    .map(|p| (p.name.clone(), serde_json::Value::String(fill(&p.value))))
                    .collect();
                serde_json::to_string_pretty(&m).unwrap_or_default()
            }
            _ => String::new(),
        };
        self.body = TextArea::from(body.lines().map(str::to_owned).collect::<Vec<_>>());
        self.selected = 0;
        self.editing = None;
        self.sync_body_cursor();
    }

    /// Replaces the request with a URL (a paging link), keeping the method.
    pub fn load_url(&mut self, url: &str) {
        self.path = url.to_owned();
        self.path_params.clear();
        self.query.clear();
        self.selected = 0;
        self.editing = None;
    }

    fn value_mut(&mut self, f: Field) -> Option<&mut Param> {
        match f {
            Field::Path(i) => self.path_params.get_mut(i),
            Field::Query(i) => self.query.get_mut(i),
            Field::Body => None,
        }
    }

    fn edit_key(&mut self, key: KeyEvent) {
        let Some(editing) = self.editing.take() else {
            return;
        };
        match editing {
            Editing::Body => {
                if key.code == KeyCode::Esc {
                    return;
                }
                self.body.input(key);
                self.editing = Some(Editing::Body);
            }
            Editing::Value { field, mut buffer } => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    if let Some(p) = self.value_mut(field) {
                        p.value = buffer;
                        p.enabled = true;
                    }
                }
                KeyCode::Backspace => {
                    buffer.pop();
                    self.editing = Some(Editing::Value { field, buffer });
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    buffer.push(c);
                    self.editing = Some(Editing::Value { field, buffer });
                }
                _ => self.editing = Some(Editing::Value { field, buffer }),
            },
            Editing::NewParam(mut buffer) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    let (name, value) = buffer.split_once('=').unwrap_or((buffer.as_str(), ""));
                    if !name.trim().is_empty() {
                        self.query.push(Param {
                            name: name.trim().to_owned(),
                            value: value.to_owned(),
                            enabled: true,
                            description: String::new(),
                        });
                        self.selected = self.path_params.len() + self.query.len() - 1;
                    }
                }
                KeyCode::Backspace => {
                    buffer.pop();
                    self.editing = Some(Editing::NewParam(buffer));
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    buffer.push(c);
                    self.editing = Some(Editing::NewParam(buffer));
                }
                _ => self.editing = Some(Editing::NewParam(buffer)),
            },
        }
    }

    /// Pasted text goes into the field being edited (all of it into the body).
    pub fn paste(&mut self, s: &str) {
        match self.editing.as_mut() {
            Some(Editing::Body) => {
                self.body.insert_str(s);
            }
            Some(Editing::Value { buffer, .. } | Editing::NewParam(buffer)) => {
                buffer.extend(s.chars().filter(|c| !c.is_control()))
            }
            None => {}
        }
    }

    /// Shows the body editor's cursor only while it is being edited.
    fn sync_body_cursor(&mut self) {
        let style = if self.editing == Some(Editing::Body) {
            ratatui::style::Style::default().add_modifier(ratatui::style::Modifier::REVERSED)
        } else {
            ratatui::style::Style::default()
        };
        self.body.set_cursor_style(style);
    }

    /// Handles a key.
    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        let out = self.handle_key_inner(key);
        self.sync_body_cursor();
        out
    }

    fn handle_key_inner(&mut self, key: KeyEvent) -> Outcome {
        if self.editing.is_some() {
            self.edit_key(key);
            return Outcome::Handled;
        }
        let fields = self.fields();
        let current = fields.get(self.selected).copied();
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(fields.len().saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Enter | KeyCode::Char('e') => match current {
                Some(Field::Body) => self.editing = Some(Editing::Body),
                Some(f) => {
                    let buffer = self
                        .value_mut(f)
                        .map(|p| p.value.clone())
                        .unwrap_or_default();
                    self.editing = Some(Editing::Value { field: f, buffer });
                }
                None => {}
            },
            KeyCode::Char(' ') => {
                if let Some(Field::Query(i)) = current
                    && let Some(q) = self.query.get_mut(i)
                {
                    q.enabled = !q.enabled;
                }
            }
            KeyCode::Char('a') => self.editing = Some(Editing::NewParam(String::new())),
            KeyCode::Char('d') | KeyCode::Delete => {
                if let Some(Field::Query(i)) = current {
                    self.query.remove(i);
                    self.selected = self.selected.min(self.fields().len().saturating_sub(1));
                }
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn loaded(id: &str) -> RequestPane {
        let cat = Catalogue::builtin().expect("catalogue");
        let mut p = RequestPane::default();
        p.load(&cat, cat.endpoint(id).expect("endpoint"));
        p
    }

    #[test]
    fn loading_an_endpoint_prepares_rows() {
        let p = loaded("group.feed");
        assert_eq!(p.path_params[0].name, "group-id");
        assert!(p.query.iter().any(|q| q.name == "fields" && q.enabled));
        assert!(
            p.query
                .iter()
                .filter(|q| q.name != "fields")
                .all(|q| !q.enabled)
        );
        assert!(!p.has_body);
        assert_eq!(
            p.spec().expect_err("group-id empty"),
            "fill {group-id} first: select it and press Enter"
        );
    }

    #[test]
    fn editing_a_value_and_toggling() {
        let mut p = loaded("group.feed");
        p.handle_key(key(KeyCode::Enter));
        for c in "123".chars() {
            p.handle_key(key(KeyCode::Char(c)));
        }
        p.handle_key(key(KeyCode::Enter));
        let spec = p.spec().expect("complete");
        assert_eq!(
            spec.path_params,
            [("group-id".to_owned(), "123".to_owned())]
        );
        p.handle_key(key(KeyCode::Down));
        p.handle_key(key(KeyCode::Char(' ')));
        assert!(p.spec().expect("ok").query.is_empty(), "fields toggled off");
        p.handle_key(key(KeyCode::Char('a')));
        for c in "limit=5".chars() {
            p.handle_key(key(KeyCode::Char(c)));
        }
        p.handle_key(key(KeyCode::Enter));
        assert_eq!(
            p.spec().expect("ok").query,
            [("limit".to_owned(), "5".to_owned())]
        );
        p.handle_key(key(KeyCode::Char('d')));
        assert!(
            p.query
                .iter()
                .all(|q| q.name != "limit" || !q.enabled || q.value != "5")
        );
    }

    #[test]
    fn path_values_carry_over_to_the_next_endpoint() {
        let cat = Catalogue::builtin().expect("catalogue");
        let mut p = loaded("group.feed");
        p.fill("group-id", "42");
        p.load(&cat, cat.endpoint("group.feed.post").expect("endpoint"));
        assert_eq!(p.path_params[0].value, "42");
        p.load(&cat, cat.endpoint("post.get").expect("endpoint"));
        assert_eq!(p.path_params[0].value, "");
    }

    #[test]
    fn body_is_validated_and_never_lost() {
        let mut p = loaded("group.feed.post");
        assert!(p.has_body);
        assert!(p.body_text().contains("\"message\""));
        let body_row = p.fields().len() - 1;
        p.selected = body_row;
        p.handle_key(key(KeyCode::Enter));
        assert_eq!(p.editing, Some(Editing::Body));
        p.handle_key(key(KeyCode::Char('{')));
        assert!(p.body_error().is_some());
        p.handle_key(key(KeyCode::Esc));
        assert!(!p.is_editing());
        p.fill("group-id", "1");
        assert!(
            p.spec()
                .expect_err("invalid body")
                .contains("not valid JSON")
        );
        assert!(p.body_text().starts_with('{'), "the text is kept");
    }
}
