//! Saved requests: collections of named requests with folders and `{{variables}}`, stored as
//! human-editable TOML. Pure: reading and writing files happens in `crate::store`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::request::{Body, Method, RequestSpec};

/// A name and a value (a query parameter, a path parameter, a form field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// Name.
    pub name: String,
    /// Value; may hold `{{variables}}`.
    #[serde(default)]
    pub value: String,
    /// Kept but not sent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

impl Pair {
    /// An enabled pair.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            disabled: false,
        }
    }
}

/// A named request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedRequest {
    /// Its name, unique within its folder.
    pub name: String,
    /// A folder path such as `Group/Feed` (empty: top level).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub folder: String,
    /// HTTP method.
    pub method: Method,
    /// A path template (`/{group-id}/feed`, `/{{group_id}}/feed`) or a full URL.
    pub path: String,
    /// What it does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Values of `{params}` in the path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path_params: Vec<Pair>,
    /// Query parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<Pair>,
    /// Extra headers (never `Authorization`: the profile's token goes there).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Pair>,
    /// A body: JSON, or raw text when `content_type` names another type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The content type of a raw body (empty: the body is JSON).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content_type: String,
    /// Form fields (urlencoded), when the body is a form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub form: Vec<Pair>,
}

/// A collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// Its name (kept from Postman on import).
    pub name: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Its environment: values for `{{variables}}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, String>,
    /// The requests, in order.
    #[serde(default)]
    pub requests: Vec<SavedRequest>,
}

/// A collection file that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CollectionError(pub String);

/// Where a TOML text fails to parse: the 1-based line and the parser's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TomlError {
    /// The line of the first error (1 when the parser gives no position).
    pub line: usize,
    /// The parser's message.
    pub message: String,
}

impl TomlError {
    /// From the parser's error and the text it read.
    pub fn new(text: &str, e: &toml::de::Error) -> Self {
        let line = e.span().map_or(1, |span| {
            let before = text.as_bytes().get(..span.start).unwrap_or(text.as_bytes());
            memchr::memchr_iter(b'\n', before).count() + 1
        });
        Self {
            line,
            message: e.message().trim_end().to_owned(),
        }
    }
}

impl Collection {
    /// An empty collection.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            variables: BTreeMap::new(),
            requests: Vec::new(),
        }
    }

    /// Parses a collection file.
    pub fn from_toml(text: &str) -> Result<Self, CollectionError> {
        Self::parse_toml(text).map_err(|e| CollectionError(e.message))
    }

    /// Parses a collection file; the error says on which line it fails.
    pub fn parse_toml(text: &str) -> Result<Self, TomlError> {
        toml::from_str(text).map_err(|e| TomlError::new(text, &e))
    }

    /// The file text.
    pub fn to_toml(&self) -> Result<String, CollectionError> {
        toml::to_string_pretty(self).map_err(|e| CollectionError(e.to_string()))
    }

    /// Finds a request by `name` or `folder/name` (case-insensitive).
    pub fn find(&self, name: &str) -> Option<&SavedRequest> {
        let want = name.trim_matches('/').to_lowercase();
        self.requests
            .iter()
            .find(|r| r.full_name().to_lowercase() == want)
            .or_else(|| self.requests.iter().find(|r| r.name.to_lowercase() == want))
    }

    /// Adds a request, replacing one with the same full name.
    pub fn upsert(&mut self, req: SavedRequest) -> bool {
        match self
            .requests
            .iter_mut()
            .find(|r| r.full_name() == req.full_name())
        {
            Some(slot) => {
                *slot = req;
                true
            }
            None => {
                self.requests.push(req);
                false
            }
        }
    }
}

impl SavedRequest {
    /// `folder/name`, or `name` at the top level.
    pub fn full_name(&self) -> String {
        if self.folder.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.folder, self.name)
        }
    }

    /// Captures a request as sent.
    pub fn from_spec(name: &str, spec: &RequestSpec) -> Self {
        let (body, content_type, form) = match &spec.body {
            Body::None => (None, String::new(), Vec::new()),
            Body::Json(t) => (Some(t.clone()), String::new(), Vec::new()),
            Body::Form(f) => (
                None,
                String::new(),
                f.iter().map(|(k, v)| Pair::new(k, v)).collect(),
            ),
            Body::Raw { content_type, text } => {
                (Some(text.clone()), content_type.clone(), Vec::new())
            }
        };
        let pairs = |ps: &[(String, String)]| ps.iter().map(|(k, v)| Pair::new(k, v)).collect();
        Self {
            name: name.to_owned(),
            folder: String::new(),
            method: spec.method,
            path: spec.path.clone(),
            description: String::new(),
            path_params: pairs(&spec.path_params),
            query: pairs(&spec.query),
            headers: pairs(&spec.headers),
            body,
            content_type,
            form,
        }
    }

    /// The request with every `{{variable}}` resolved through `vars`, ready to sign and send (the
    /// same way the TUI sends it: through [`Draft`](super::draft::Draft)).
    pub fn to_spec(
        &self,
        vars: &super::vars::Vars,
    ) -> Result<RequestSpec, super::draft::DraftError> {
        super::draft::Draft::from_saved(self, None).to_spec(vars)
    }
}

/// A file-system-safe name for a collection: `Workplace Graph Collection` → `workplace-graph-collection`.
pub fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() {
        "collection".to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Collection {
        let mut c = Collection::new("My Things");
        c.variables.insert("group_id".into(), "42".into());
        c.requests.push(SavedRequest {
            name: "Feed".into(),
            folder: "Group".into(),
            method: Method::Get,
            path: "/{{group_id}}/feed".into(),
            description: "The feed".into(),
            path_params: Vec::new(),
            query: vec![
                Pair::new("fields", "id,message"),
                Pair {
                    name: "limit".into(),
                    value: "5".into(),
                    disabled: true,
                },
            ],
            headers: Vec::new(),
            body: None,
            content_type: String::new(),
            form: Vec::new(),
        });
        c.requests.push(SavedRequest {
            name: "Post".into(),
            folder: String::new(),
            method: Method::Post,
            path: "/{group-id}/feed".into(),
            description: String::new(),
            path_params: vec![Pair::new("group-id", "{{group_id}}")],
            query: Vec::new(),
            headers: Vec::new(),
            body: Some("{\n  \"message\": \"hi {{who}}\"\n}".into()),
            content_type: String::new(),
            form: Vec::new(),
        });
        c
    }

    #[test]
    fn a_parse_error_gives_its_line() {
        let text = "name = \"ok\"\n\n[[requests]]\nname = \n";
        let e = Collection::parse_toml(text).expect_err("broken");
        assert_eq!(e.line, 4, "{e}");
        assert!(!e.message.is_empty());
    }

    #[test]
    fn toml_round_trip_is_exact() {
        let c = sample();
        let text = c.to_toml().expect("serialises");
        assert_eq!(Collection::from_toml(&text).expect("parses"), c);
        assert!(text.contains("name = \"My Things\""));
    }

    #[test]
    fn variables_resolve_or_say_what_to_set() {
        let c = sample();
        let mut vars = crate::core::vars::Vars {
            collection: Some(crate::core::vars::Scope::new(
                "My Things",
                c.variables.clone(),
            )),
            ..Default::default()
        };
        vars.given.insert("who".into(), "you".into());
        let spec = c
            .find("group/feed")
            .expect("found")
            .to_spec(&vars)
            .expect("resolves");
        assert_eq!(spec.path, "/42/feed");
        assert_eq!(spec.query, [("fields".to_owned(), "id,message".to_owned())]);
        let spec = c
            .find("Post")
            .expect("found")
            .to_spec(&vars)
            .expect("resolves");
        assert_eq!(spec.path_params, [("group-id".to_owned(), "42".to_owned())]);
        assert_eq!(
            spec.body,
            Body::Json("{\n  \"message\": \"hi you\"\n}".into())
        );
        let err = c
            .find("Post")
            .expect("found")
            .to_spec(&crate::core::vars::Vars::default())
            .expect_err("unset")
            .to_string();
        assert!(
            err.contains("has no value") && err.contains("=VALUE"),
            "{err}"
        );
    }

    #[test]
    fn upsert_replaces_by_full_name() {
        let mut c = sample();
        let mut r = c.requests[0].clone();
        r.path = "/x".into();
        c.upsert(r);
        assert_eq!(c.requests.len(), 2);
        assert_eq!(c.requests[0].path, "/x");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Workplace Graph Collection"),
            "workplace-graph-collection"
        );
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("!!!"), "collection");
    }
}
