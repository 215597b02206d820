//! The editable request: what the TUI's request pane edits and what `wpx run` fills. Every source
//! (a catalogue endpoint, a saved request, a history entry, a pasted curl command, a typed URL, a
//! paging link) becomes a [`Draft`], and a draft becomes the [`RequestSpec`] that is signed and sent
//! through [`Draft::to_spec`], the one way to the wire. Pure: no IO.

use super::catalogue::{Catalogue, Endpoint};
use super::collection::{Pair, SavedRequest};
use super::request::{Body, Method, RESERVED_PARAMS, RequestSpec};
use super::template::{self, Unfilled};
use super::vars::Vars;

mod line;
use line::query_rows;

/// Headers wpx sets itself: shown masked in the editor, never taken from a row.
pub const RESERVED_HEADERS: [&str; 3] = ["authorization", "content-length", "host"];

/// True for a header name wpx owns (any case).
pub fn is_reserved_header(name: &str) -> bool {
    RESERVED_HEADERS.contains(&name.trim().to_ascii_lowercase().as_str())
}

/// One row: a path or query parameter, a header, a form field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// Its name.
    pub name: String,
    /// Its value; may hold `{{variables}}`.
    pub value: String,
    /// Sent only when enabled.
    pub enabled: bool,
}

impl Row {
    /// An enabled row.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            enabled: true,
        }
    }

    fn from_pair(p: &Pair) -> Self {
        Self {
            name: p.name.clone(),
            value: p.value.clone(),
            enabled: !p.disabled,
        }
    }

    fn to_pair(&self) -> Pair {
        Pair {
            name: self.name.clone(),
            value: self.value.clone(),
            disabled: !self.enabled,
        }
    }
}

/// What kind of body the request has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyKind {
    /// No body.
    #[default]
    None,
    /// JSON text.
    Json,
    /// Form fields (urlencoded).
    Form,
    /// Text with a content type of its own.
    Raw,
}

impl BodyKind {
    /// The next kind (the editor's `t`).
    pub fn next(self) -> Self {
        match self {
            Self::None => Self::Json,
            Self::Json => Self::Form,
            Self::Form => Self::Raw,
            Self::Raw => Self::None,
        }
    }

    /// Its name on screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Json => "JSON",
            Self::Form => "form",
            Self::Raw => "raw",
        }
    }
}

/// The body of a draft. All kinds keep their contents, so switching kind loses nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftBody {
    /// Which one is sent.
    pub kind: BodyKind,
    /// JSON or raw text.
    pub text: String,
    /// The content type of a raw body.
    pub content_type: String,
    /// Form fields.
    pub form: Vec<Row>,
}

/// Why a draft cannot be sent yet. Messages say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// A `{param}` of the path is empty.
    #[error("fill {{{0}}} first: select its row and press Enter")]
    MissingParam(String),
    /// A `{{variable}}` has no value anywhere in the chain.
    #[error("{message}")]
    Unresolved {
        /// The variable.
        name: String,
        /// Where it could be set.
        message: String,
    },
    /// The JSON body does not parse.
    #[error("the body is not valid JSON ({0}): fix it before sending")]
    BadJson(String),
    /// A header wpx sets itself.
    #[error("the header {0} is set by wpx from the profile: remove that row")]
    ReservedHeader(String),
    /// No URL.
    #[error("type a path such as /me or a full https:// URL first")]
    NoUrl,
}

/// The editable request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    /// HTTP method.
    pub method: Method,
    /// The path template or absolute URL, without its query string (that is in `query`).
    pub url: String,
    /// One row per `{param}` of `url`, in order.
    pub path_params: Vec<Row>,
    /// Query parameters.
    pub query: Vec<Row>,
    /// Extra headers.
    pub headers: Vec<Row>,
    /// The body.
    pub body: DraftBody,
    /// The catalogue endpoint it matches, when it does.
    pub endpoint: Option<String>,
}

/// The JSON skeleton of an endpoint's body: its required fields, or the first when none is.
pub fn body_template(ep: &Endpoint) -> String {
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
                k => match enum_choices(k).first() {
                    Some(c) => format!("\"{c}\""),
                    None => "\"\"".to_owned(),
                },
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

/// The form rows of an example: a JSON object's top-level fields (objects and arrays as JSON
/// text), else `a=1&b=2`.
fn form_rows(example: &str) -> Vec<Row> {
    match serde_json::from_str::<serde_json::Value>(example) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                Row::new(k, text)
            })
            .collect(),
        _ => query_rows(example),
    }
}

/// The choices of an `enum(A,B)` type, else none.
pub fn enum_choices(kind: &str) -> Vec<&str> {
    kind.strip_prefix("enum(")
        .and_then(|k| k.strip_suffix(')'))
        .map(|k| {
            k.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

impl Draft {
    /// A typed URL or a pasted link: its query string becomes rows, its `{params}` rows.
    pub fn from_url(method: Method, text: &str) -> Self {
        let mut d = Self {
            method,
            ..Self::default()
        };
        d.set_url(text);
        d
    }

    /// A catalogue endpoint: its path parameters (values of same-named ones carried over from
    /// `carry`), its query parameters (only `fields` enabled, with its example), and a JSON body
    /// with its required fields.
    pub fn from_endpoint(cat: &Catalogue, ep: &Endpoint, carry: &[Row]) -> Self {
        let mut d = Self {
            method: ep.method,
            url: ep.path.clone(),
            endpoint: Some(ep.id.clone()),
            ..Self::default()
        };
        d.sync_params(carry);
        d.query = cat
            .query_params(ep)
            .into_iter()
            .map(|q| Row {
                name: q.name.to_owned(),
                value: q.example.to_owned(),
                enabled: (!q.example.is_empty() && q.name == "fields")
                    || ep.required.iter().any(|r| r == q.name),
            })
            .collect();
        d.headers = ep
            .headers
            .iter()
            .map(|h| {
                let (name, example) = h.split_once('=').unwrap_or((h.as_str(), ""));
                Row {
                    name: name.to_owned(),
                    value: example.to_owned(),
                    enabled: ep.required.iter().any(|r| r == name),
                }
            })
            .collect();
        d.offer_body(ep);
        d
    }

    /// Gives an empty body the endpoint's JSON template, when the endpoint takes a body. A body
    /// the user wrote is never replaced.
    pub fn offer_body(&mut self, ep: &Endpoint) {
        let empty = self.body.text.trim().is_empty()
            && self.body.form.is_empty()
            && matches!(self.body.kind, BodyKind::None | BodyKind::Json);
        if !empty || !ep.method.takes_body() {
            return;
        }
        match &ep.example {
            Some(example) if ep.form => {
                self.body.kind = BodyKind::Form;
                self.body.form = form_rows(example);
            }
            Some(example) => {
                self.body.kind = BodyKind::Json;
                self.body.text = example.clone();
            }
            None if !ep.body.is_empty() => {
                self.body.kind = BodyKind::Json;
                self.body.text = body_template(ep);
            }
            None => {}
        }
    }

    /// A saved request (also what a history entry and a pasted curl command become). Its
    /// `{{variables}}` stay as they are, to be filled when it is sent.
    pub fn from_saved(req: &SavedRequest, cat: Option<&Catalogue>) -> Self {
        let mut d = Self {
            method: req.method,
            ..Self::default()
        };
        d.set_url(&req.path);
        let saved: Vec<Row> = req.path_params.iter().map(Row::from_pair).collect();
        d.sync_params(&saved);
        d.query.extend(req.query.iter().map(Row::from_pair));
        d.headers = req.headers.iter().map(Row::from_pair).collect();
        d.body = match (&req.body, req.form.is_empty()) {
            (Some(text), _) if !req.content_type.is_empty() => DraftBody {
                kind: BodyKind::Raw,
                text: text.clone(),
                content_type: req.content_type.clone(),
                form: Vec::new(),
            },
            (Some(text), _) => DraftBody {
                kind: BodyKind::Json,
                text: text.clone(),
                ..DraftBody::default()
            },
            (None, false) => DraftBody {
                kind: BodyKind::Form,
                form: req.form.iter().map(Row::from_pair).collect(),
                ..DraftBody::default()
            },
            (None, true) => DraftBody::default(),
        };
        d.endpoint = cat.and_then(|c| d.match_endpoint(c));
        d
    }

    /// The catalogue endpoint with this method and path, when there is one.
    pub fn match_endpoint(&self, cat: &Catalogue) -> Option<String> {
        cat.endpoints
            .iter()
            .find(|e| e.method == self.method && e.path == self.url)
            .map(|e| e.id.clone())
    }

    /// One row per `{param}` of the URL, values taken from `from` by name.
    pub(super) fn sync_params(&mut self, from: &[Row]) {
        self.path_params = template::param_names(&self.url)
            .into_iter()
            .map(|n| {
                let value = from
                    .iter()
                    .find(|r| r.name == n)
                    .map(|r| r.value.clone())
                    .unwrap_or_default();
                Row::new(n, value)
            })
            .collect();
    }

    /// True when any part of the request mentions `{{name}}`.
    pub fn mentions_var(&self, name: &str) -> bool {
        let rows = |rs: &[Row]| rs.iter().any(|r| template::mentions_var(&r.value, name));
        template::mentions_var(&self.url, name)
            || rows(&self.path_params)
            || rows(&self.query)
            || rows(&self.headers)
            || rows(&self.body.form)
            || template::mentions_var(&self.body.text, name)
    }

    /// Fills a path parameter by name (when an id in a response opens an endpoint).
    pub fn fill(&mut self, name: &str, value: &str) {
        if let Some(p) = self.path_params.iter_mut().find(|p| p.name == name) {
            p.value = value.to_owned();
        }
    }

    /// Sets a query parameter (enabling it), adding the row when there is none.
    pub fn set_query(&mut self, name: &str, value: &str) {
        if RESERVED_PARAMS.contains(&name) {
            return;
        }
        match self.query.iter_mut().find(|r| r.name == name) {
            Some(r) => {
                r.value = value.to_owned();
                r.enabled = true;
            }
            None => self.query.push(Row::new(name, value)),
        }
    }

    /// Turns to another page: `after` or `before` (from `paging.cursors` when given, else from the
    /// link's query) is set on this request, and every other row stays. Returns false when the link
    /// carries no cursor that wpx can set.
    pub fn turn_page(&mut self, link: &str, cursor: Option<(&str, &str)>) -> bool {
        let from_link: Vec<Row> = link
            .split_once('?')
            .map(|(_, q)| q)
            .map(query_rows)
            .unwrap_or_default();
        let pairs: Vec<(String, String)> = match cursor {
            Some((k, v)) => vec![(k.to_owned(), v.to_owned())],
            None => from_link
                .into_iter()
                .filter(|r| !RESERVED_PARAMS.contains(&r.name.as_str()))
                .filter(|r| {
                    !self
                        .query
                        .iter()
                        .any(|q| q.enabled && q.name == r.name && q.value == r.value)
                })
                .map(|r| (r.name, r.value))
                .collect(),
        };
        if pairs.is_empty() {
            return false;
        }
        for (k, v) in &pairs {
            let opposite = match k.as_str() {
                "after" => Some("before"),
                "before" => Some("after"),
                _ => None,
            };
            if let Some(o) = opposite {
                self.query.retain(|r| r.name != o);
            }
            self.set_query(k, v);
        }
        true
    }

    /// What is sent: every `{{variable}}` resolved through `vars`, path parameters filled, only
    /// enabled rows, the body of the chosen kind.
    pub fn to_spec(&self, vars: &Vars) -> Result<RequestSpec, DraftError> {
        let fill = |s: &str| {
            template::fill_vars(s, &|k| vars.get(k)).map_err(|e| match e {
                Unfilled::Var(name) | Unfilled::Param(name) => DraftError::Unresolved {
                    message: vars.missing(&name),
                    name,
                },
            })
        };
        let rows = |rs: &[Row]| -> Result<Vec<(String, String)>, DraftError> {
            rs.iter()
                .filter(|r| r.enabled && !r.name.trim().is_empty())
                .map(|r| Ok((r.name.trim().to_owned(), fill(&r.value)?)))
                .collect()
        };
        let url = fill(self.url.trim())?;
        if url.is_empty() {
            return Err(DraftError::NoUrl);
        }
        let mut path_params = Vec::new();
        for p in &self.path_params {
            let v = fill(p.value.trim())?;
            if v.is_empty() {
                return Err(DraftError::MissingParam(p.name.clone()));
            }
            path_params.push((p.name.clone(), v));
        }
        // A `{param}` that a variable brought into the path.
        if let Some(n) = template::param_names(&url)
            .into_iter()
            .find(|n| !path_params.iter().any(|(k, _)| k == n))
        {
            return Err(DraftError::MissingParam(n));
        }
        let headers = rows(&self.headers)?;
        if let Some((k, _)) = headers.iter().find(|(k, _)| is_reserved_header(k)) {
            return Err(DraftError::ReservedHeader(k.clone()));
        }
        let body = match self.body.kind {
            BodyKind::None => Body::None,
            BodyKind::Json if self.body.text.trim().is_empty() => Body::None,
            BodyKind::Json => {
                let text = fill(&self.body.text)?;
                if let Some(e) = json_problem(&text) {
                    return Err(DraftError::BadJson(e));
                }
                Body::Json(text)
            }
            BodyKind::Form => Body::Form(rows(&self.body.form)?),
            BodyKind::Raw => Body::Raw {
                content_type: if self.body.content_type.trim().is_empty() {
                    "text/plain".to_owned()
                } else {
                    self.body.content_type.trim().to_owned()
                },
                text: fill(&self.body.text)?,
            },
        };
        Ok(RequestSpec {
            method: self.method,
            path: url,
            path_params,
            query: rows(&self.query)?,
            headers,
            body,
        })
    }

    /// The draft as a saved request named `name` (its `{{variables}}` kept as they are).
    pub fn to_saved(&self, name: &str) -> SavedRequest {
        let pairs = |rs: &[Row]| rs.iter().map(Row::to_pair).collect::<Vec<_>>();
        let (body, content_type, form) = match self.body.kind {
            BodyKind::None => (None, String::new(), Vec::new()),
            BodyKind::Json => (Some(self.body.text.clone()), String::new(), Vec::new()),
            BodyKind::Raw => (
                Some(self.body.text.clone()),
                self.body.content_type.clone(),
                Vec::new(),
            ),
            BodyKind::Form => (None, String::new(), pairs(&self.body.form)),
        };
        SavedRequest {
            name: name.to_owned(),
            folder: String::new(),
            method: self.method,
            path: self.url.clone(),
            description: String::new(),
            path_params: pairs(&self.path_params),
            query: pairs(&self.query),
            headers: pairs(&self.headers),
            body,
            content_type,
            form,
        }
    }

    /// The JSON body's parse error, when it is JSON and does not parse (shown live).
    pub fn body_error(&self) -> Option<String> {
        if self.body.kind != BodyKind::Json || self.body.text.trim().is_empty() {
            return None;
        }
        // A `{{variable}}` stands for a value until it is filled.
        let text = template::fill_vars(&self.body.text, &|_| Some("0".to_owned()))
            .unwrap_or_else(|_| self.body.text.clone());
        json_problem(&text)
    }
}

/// What is wrong with a JSON text, as `line L, column C: what`; `None` when it parses.
fn json_problem(text: &str) -> Option<String> {
    let e = serde_json::from_str::<serde::de::IgnoredAny>(text).err()?;
    let full = e.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(w, _)| w);
    Some(format!("line {}, column {}: {what}", e.line(), e.column()))
}

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;
