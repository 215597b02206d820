//! OpenAPI 3.0 and 3.1 descriptions (JSON or YAML) into catalogue packs.
//!
//! The document is walked as plain JSON rather than through typed models, so one walker reads 3.0
//! and 3.1 alike, every problem is named by its JSON pointer, and `$ref` cycles are caught where
//! they are followed. Tags become sections; parameters, types, enums, required flags and examples
//! become query and header rows; a request body becomes an example (given, or built from the
//! schema). A version path parameter (`{Version}`) is dropped: the profile's `graph_version` is
//! put there when the request is sent. Bearer security needs nothing: the profile's token goes in
//! `Authorization`, and the proof is added wherever the surface takes it.

mod schema;

use std::collections::BTreeMap;

use serde_json::Value;

use super::catalogue::{BodyField, Endpoint};
use super::pack::{PackFile, PackHeader, is_version_segment, slug, strip_version, valid_name};
use super::request::Method;
use super::surface::Surface;
use schema::{escape, given_example, kind_of, resolve};

/// A document that cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct OpenApiError {
    /// The JSON pointer of the first problem (`/paths`, or `(document)` for the text itself).
    pub pointer: String,
    /// What is wrong and what to do.
    pub message: String,
}

fn err(pointer: &str, message: impl Into<String>) -> OpenApiError {
    OpenApiError {
        pointer: if pointer.is_empty() {
            "/".into()
        } else {
            pointer.into()
        },
        message: message.into(),
    }
}

/// The pack made, and a line for each part left out.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The pack.
    pub pack: PackFile,
    /// One line per operation (or part of one) skipped, with its pointer.
    pub warnings: Vec<String>,
}

/// Reads JSON or YAML text into a JSON value.
pub fn parse_text(text: &str) -> Result<Value, OpenApiError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        serde_json::from_str(trimmed).map_err(|e| {
            err(
                "(document)",
                format!(
                    "not valid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })
    } else {
        serde_saphyr::from_str::<Value>(trimmed)
            .map_err(|e| err("(document)", format!("not valid YAML: {e}")))
    }
}

/// The host and the path prefix (version left out) of the first server; variables take their
/// defaults.
fn server(doc: &Value) -> (String, String) {
    let Some(first) = doc.pointer("/servers/0") else {
        return (String::new(), String::new());
    };
    let mut url = first
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if let Some(vars) = first.get("variables").and_then(Value::as_object) {
        for (name, var) in vars {
            let placeholder = format!("{{{name}}}");
            if is_version_segment(&placeholder) {
                continue;
            }
            if let Some(d) = var.get("default").and_then(Value::as_str) {
                url = url.replace(&placeholder, d);
            }
        }
    }
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => match rest.split_once('/') {
            Some((h, p)) => (h.to_owned(), format!("/{p}")),
            None => (rest.to_owned(), String::new()),
        },
        None => (String::new(), url),
    };
    let host = host
        .rsplit('@')
        .next()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .to_owned();
    let prefix: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !is_version_segment(s))
        .collect();
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("/{}", prefix.join("/"))
    };
    (host, prefix)
}

const METHODS: [(&str, Method); 7] = [
    ("get", Method::Get),
    ("post", Method::Post),
    ("put", Method::Put),
    ("patch", Method::Patch),
    ("delete", Method::Delete),
    ("head", Method::Head),
    ("options", Method::Options),
];

/// What the walk collects besides endpoints.
#[derive(Default)]
struct Collect {
    params: BTreeMap<String, String>,
    param_types: BTreeMap<String, String>,
    warnings: Vec<String>,
    ids: std::collections::BTreeSet<String>,
}

/// Imports a parsed document. `name` overrides the pack name made from `info.title`; `source`
/// says where it came from.
pub fn import(doc: &Value, name: Option<&str>, source: &str) -> Result<Imported, OpenApiError> {
    let version = doc
        .get("openapi")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            if doc.get("swagger").is_some() {
                err("/swagger", "Swagger 2.0 is not read: convert it to OpenAPI 3 first (for example with swagger2openapi)")
            } else {
                err("/openapi", "missing: this is not an OpenAPI 3 document")
            }
        })?;
    if !version.starts_with("3.") {
        return Err(err(
            "/openapi",
            format!("version {version} is not read: wpx imports OpenAPI 3.0 and 3.1"),
        ));
    }
    let paths = doc
        .get("paths")
        .ok_or_else(|| err("/paths", "missing: the document describes no operation"))?
        .as_object()
        .ok_or_else(|| err("/paths", "must be an object of path → operations"))?;
    let title = doc
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("Imported API")
        .trim()
        .to_owned();
    let pack_name = match name {
        Some(n) if !valid_name(n) => {
            return Err(err(
                "(--name)",
                format!("'{n}' is not a pack name: use lowercase letters, digits, - and _"),
            ));
        }
        Some(n) => n.to_owned(),
        None => slug(&title),
    };
    let (host, prefix) = server(doc);
    let surface = (!host.is_empty())
        .then(|| Surface::of_host(&host))
        .filter(|s| *s != Surface::Custom);
    let mut c = Collect::default();
    let mut endpoints = Vec::new();
    for (path, item) in paths {
        let at = format!("/paths/{}", escape(path));
        if !path.starts_with('/') {
            c.warnings
                .push(format!("{at}: skipped: a path must start with /"));
            continue;
        }
        let (item, _) = match resolve(doc, item, &at) {
            Ok(r) => r,
            Err(e) => {
                c.warnings
                    .push(format!("{e}: the path's operations were skipped"));
                continue;
            }
        };
        let Some(obj) = item.as_object() else {
            c.warnings.push(format!("{at}: skipped: not an object"));
            continue;
        };
        let shared = obj.get("parameters");
        let main_server = doc.pointer("/servers/0/url");
        if let Some(url) = obj.get("servers").and_then(|v| v.pointer("/0/url"))
            && Some(url) != main_server
        {
            c.warnings.push(format!(
                "{at}/servers: this path names its own server ({url}); wpx sends to the profile's origin"
            ));
        }
        for (key, op) in obj {
            let op_at = format!("{at}/{key}");
            let Some(&(_, method)) = METHODS.iter().find(|(m, _)| m == key) else {
                if key == "trace" {
                    c.warnings
                        .push(format!("{op_at}: skipped: wpx does not send TRACE"));
                }
                continue;
            };
            if let Some(url) = op.get("servers").and_then(|v| v.pointer("/0/url"))
                && Some(url) != main_server
            {
                c.warnings.push(format!(
                    "{op_at}/servers: this operation names its own server ({url}); wpx sends to the profile's origin"
                ));
            }
            let full = format!("{prefix}{path}");
            match operation(doc, &mut c, &full, method, op, shared, &op_at, &at) {
                Ok(ep) => endpoints.push(ep),
                Err(e) => c.warnings.push(format!("{e}: the operation was skipped")),
            }
        }
    }
    Ok(Imported {
        pack: PackFile {
            pack: PackHeader {
                name: pack_name,
                title,
                surface,
                host,
                source: source.to_owned(),
            },
            params: c.params,
            param_types: c.param_types,
            endpoints,
        },
        warnings: c.warnings,
    })
}

/// One line of text: the first line, at most 160 characters.
fn one_line(s: &str) -> String {
    let line = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    crate::core::text::clip(line, 160).into_owned()
}

/// A value as the text of a row.
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An endpoint id from the operationId, or the method and path; unique within the pack.
fn unique_id(c: &mut Collect, op: &Value, method: Method, path: &str) -> String {
    let base = op
        .get("operationId")
        .and_then(Value::as_str)
        .map(|s| s.trim().replace(char::is_whitespace, "_"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            let words: Vec<String> = path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| s.trim_matches(['{', '}']).to_ascii_lowercase())
                .collect();
            format!(
                "{}.{}",
                method.as_str().to_ascii_lowercase(),
                words.join(".")
            )
        });
    let mut id = base.clone();
    let mut n = 2;
    while !c.ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[allow(clippy::too_many_arguments)]
fn operation(
    doc: &Value,
    c: &mut Collect,
    path: &str,
    method: Method,
    op: &Value,
    shared: Option<&Value>,
    at: &str,
    item_at: &str,
) -> Result<Endpoint, String> {
    let (op, at) = resolve(doc, op, at)?;
    let at = at.as_str();
    if !op.is_object() {
        return Err(format!("{at}: not an object"));
    }
    let (path, _) = strip_version(path);
    let id = unique_id(c, op, method, &path);
    let section = op
        .pointer("/tags/0")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| "Other".into());
    let mut summary = ["summary", "description"]
        .iter()
        .filter_map(|k| op.get(*k).and_then(Value::as_str))
        .map(one_line)
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| id.clone());
    if op.get("deprecated").and_then(Value::as_bool) == Some(true) {
        summary = format!("(deprecated) {summary}");
    }
    let mut ep = Endpoint {
        id,
        section,
        method,
        path,
        summary,
        any_of: Vec::new(),
        all_of: Vec::new(),
        extra: Vec::new(),
        group_scoped: false,
        host: super::catalogue::Host::Graph,
        query: Vec::new(),
        body: Vec::new(),
        required: Vec::new(),
        headers: Vec::new(),
        example: None,
        form: false,
        pack: 0,
    };
    // Path-level parameters first; the operation's replace those of the same name and place.
    let mut list: Vec<(String, &Value)> = Vec::new();
    for (base, params) in [
        (format!("{item_at}/parameters"), shared),
        (format!("{at}/parameters"), op.get("parameters")),
    ] {
        let Some(params) = params else { continue };
        let arr = params
            .as_array()
            .ok_or_else(|| format!("{base}: parameters must be a list"))?;
        for (i, p) in arr.iter().enumerate() {
            let (p, _) = resolve(doc, p, &format!("{base}/{i}"))?;
            let key = |v: &Value| {
                (
                    v.get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                    v.get("in").and_then(Value::as_str).unwrap_or("").to_owned(),
                )
            };
            let k = key(p);
            list.retain(|(_, q)| key(q) != k);
            list.push((format!("{base}/{i}"), p));
        }
    }
    for (p_at, p) in list {
        parameter(doc, c, &mut ep, p, &p_at)?;
    }
    if let Some(body) = op.get("requestBody") {
        request_body(doc, c, &mut ep, body, &format!("{at}/requestBody"))?;
    }
    Ok(ep)
}

fn parameter(
    doc: &Value,
    c: &mut Collect,
    ep: &mut Endpoint,
    p: &Value,
    at: &str,
) -> Result<(), String> {
    let name = p
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{at}: a parameter needs a name"))?;
    let place = p.get("in").and_then(Value::as_str).unwrap_or("");
    let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
    let schema = p.get("schema").cloned().unwrap_or(Value::Null);
    let example = given_example(doc, p)
        .or_else(|| {
            resolve(doc, &schema, at)
                .ok()
                .and_then(|(s, _)| given_example(doc, s))
        })
        .map(|v| as_text(&v))
        .unwrap_or_default();
    let row = if example.is_empty() {
        name.to_owned()
    } else {
        format!("{name}={example}")
    };
    if crate::core::request::CREDENTIAL_PARAMS.contains(&name)
        || name.eq_ignore_ascii_case("api_key")
    {
        // The profile's token and proof are added when the request is sent.
        return Ok(());
    }
    match place {
        "path" => {}
        "query" => {
            if let Some(d) = p.get("description").and_then(Value::as_str) {
                c.params
                    .entry(name.to_owned())
                    .or_insert_with(|| one_line(d));
            } else {
                c.params.entry(name.to_owned()).or_default();
            }
            let kind = kind_of(doc, &schema);
            if kind != "string" {
                c.param_types.entry(name.to_owned()).or_insert(kind);
            }
            if required {
                ep.required.push(name.to_owned());
            }
            ep.query.push(row);
        }
        "header" => {
            // The profile's token goes in Authorization; Content-Type follows the body.
            if name.eq_ignore_ascii_case("authorization")
                || name.eq_ignore_ascii_case("content-type")
            {
                return Ok(());
            }
            if required {
                ep.required.push(name.to_owned());
            }
            ep.headers.push(row);
        }
        other => {
            c.warnings.push(format!(
                "{at}: parameter '{name}' in {other:?} is not sent by wpx (only path, query and header parameters are); the rest of the operation was imported"
            ));
        }
    }
    Ok(())
}

fn request_body(
    doc: &Value,
    c: &mut Collect,
    ep: &mut Endpoint,
    body: &Value,
    at: &str,
) -> Result<(), String> {
    let (body, at) = resolve(doc, body, at)?;
    let Some(content) = body.get("content").and_then(Value::as_object) else {
        return Ok(());
    };
    let base = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    let json = content.iter().find(|(t, _)| {
        let b = base(t);
        b == "application/json" || b.ends_with("+json")
    });
    let form = content.iter().find(|(t, _)| {
        matches!(
            base(t).as_str(),
            "application/x-www-form-urlencoded" | "multipart/form-data"
        )
    });
    let Some((kind, media)) = json.or(form) else {
        let types: Vec<&str> = content.keys().map(String::as_str).collect();
        c.warnings.push(format!(
            "{at}: a body of type {} is not built (JSON and form bodies are); the operation was imported without one",
            types.join(", ")
        ));
        return Ok(());
    };
    let schema = media.get("schema").cloned().unwrap_or(Value::Null);
    let example = given_example(doc, media).unwrap_or_else(|| schema::example(doc, &schema));
    ep.form = json.is_none();
    if example.is_null() {
        // Neither an example nor a schema: the body is the user's to write.
        return Ok(());
    }
    if ep.form && kind.starts_with("multipart/form-data") {
        c.warnings.push(format!(
            "{at}: multipart/form-data is sent as a urlencoded form; files must be given by URL"
        ));
    }
    ep.example = Some(serde_json::to_string_pretty(&example).unwrap_or_else(|_| "{}".into()));
    if let Ok((s, _)) = resolve(doc, &schema, &at)
        && let Some(props) = s.get("properties").and_then(Value::as_object)
    {
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        ep.body = props
            .iter()
            .map(|(name, prop)| {
                let prop = resolve(doc, prop, "").map_or(prop, |(p, _)| p);
                BodyField {
                    name: name.clone(),
                    kind: kind_of(doc, prop),
                    required: required.contains(&name.as_str()),
                    description: prop
                        .get("description")
                        .and_then(Value::as_str)
                        .map(one_line)
                        .unwrap_or_default(),
                }
            })
            .collect();
    }
    Ok(())
}

#[cfg(test)]
mod tests;
