//! Postman collections (v2.0, v2.1) and environments, in and out. Pure conversion: the callers read
//! and write the files. Real-world quirks give warnings, never a dropped request.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};

use super::collection::{Collection, Pair, SavedRequest};
use super::import_filter::{USERINFO_WARNING, is_secret_name, strip_request, strip_userinfo};
use super::request::{Method, path_param_names};

/// The pre-request script of exported collections: a fresh time-stamped proof for every request,
/// computed as the Workplace documentation's Postman script does.
pub const PROOF_SCRIPT: &str = r#"// wpx: a fresh appsecret_proof for every request ("Require App Secret Proof").
var token = pm.variables.get("access_token");
var secret = pm.variables.get("app_secret");
var time = Math.floor(Date.now() / 1000);
var proof = CryptoJS.HmacSHA256(token + "|" + time, secret).toString(CryptoJS.enc.Hex);
pm.variables.set("appsecret_time", String(time));
pm.variables.set("appsecret_proof", proof);
pm.request.url.query.upsert({ key: "appsecret_proof", value: proof });
pm.request.url.query.upsert({ key: "appsecret_time", value: String(time) });
"#;

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

fn pairs(v: &Value) -> Vec<Pair> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let name = p.get("key")?.as_str()?.to_owned();
            let value = p
                .get("value")
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .unwrap_or_default();
            Some(Pair {
                name,
                value,
                disabled: p.get("disabled").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect()
}

/// True when the JSON looks like a Postman environment rather than a collection.
pub fn is_environment(v: &Value) -> bool {
    v.get("values").is_some_and(Value::is_array) && v.get("item").is_none()
}

/// An environment's name and variables (secret ones left out, with a warning each).
pub fn import_environment(v: &Value) -> (String, BTreeMap<String, String>, Vec<String>) {
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("postman environment")
        .to_owned();
    let mut vars = BTreeMap::new();
    let mut warnings = Vec::new();
    for p in pairs(&v["values"]) {
        if is_secret_name(&p.name) {
            warnings.push(format!("variable {} looks like a secret and was not imported: configure it in a profile (access_token_*, app_secret_*)", p.name));
        } else if !p.disabled {
            vars.insert(p.name, p.value);
        }
    }
    (name, vars, warnings)
}

/// The path and query of a Postman URL (string or object), host and base-URL variable removed,
/// and whether it held a `user:pass@` (dropped).
fn split_url(url: &Value) -> (String, Vec<Pair>, Vec<(String, String)>, bool) {
    let raw = match url {
        Value::String(s) => s.clone(),
        o => o
            .get("raw")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| {
                let path: Vec<String> = o
                    .get("path")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect();
                format!("/{}", path.join("/"))
            }),
    };
    let stripped = strip_userinfo(&raw);
    let userinfo = stripped.is_some();
    let raw = stripped.unwrap_or(raw);
    let (before_query, raw_query) = raw
        .split_once('?')
        .map_or((raw.as_str(), ""), |(a, b)| (a, b));
    let mut path = before_query;
    if let Some(i) = path.find("://") {
        let after = &path[i + 3..];
        path = after.find('/').map_or("/", |j| &after[j..]);
    } else if let Some(n) = super::template::var_len(path) {
        // `{{base_url}}/x`: the host is a variable.
        let rest = &path[n..];
        path = rest.find('/').map_or("/", |j| &rest[j..]);
    }
    let query = match url.get("query") {
        Some(q) if q.is_array() => pairs(q),
        _ => url::form_urlencoded::parse(raw_query.as_bytes())
            .map(|(k, v)| Pair::new(k, v))
            .collect(),
    };
    let vars = url
        .get("variable")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| {
            Some((
                v.get("key")?.as_str()?.trim().to_owned(),
                v.get("value")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            ))
        })
        .collect();
    (path.to_owned(), query, vars, userinfo)
}

fn convert(item: &Value, folder: &str, warnings: &mut Vec<String>) -> SavedRequest {
    let name = item
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("request")
        .trim()
        .to_owned();
    let label = if folder.is_empty() {
        name.clone()
    } else {
        format!("{folder}/{name}")
    };
    let req = &item["request"];
    let (method, url) = match req {
        Value::String(s) => (Method::Get, Value::String(s.clone())),
        r => {
            let m = r.get("method").and_then(Value::as_str).unwrap_or("GET");
            let method = m.parse().unwrap_or_else(|_| {
                warnings.push(format!(
                    "{label}: method {m} is not supported; imported as GET"
                ));
                Method::Get
            });
            (method, r.get("url").cloned().unwrap_or(Value::Null))
        }
    };
    let (raw_path, query, url_vars, userinfo) = split_url(&url);
    if userinfo {
        warnings.push(format!("{label}: {USERINFO_WARNING}"));
    }
    // `:param` and `{param}` segments become path parameters; spaces around segments go.
    let mut spaced = false;
    let segs: Vec<String> = raw_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let t = s.trim();
            spaced |= t.len() != s.len();
            match t.strip_prefix(':') {
                Some(p) => format!("{{{p}}}"),
                None => t.to_owned(),
            }
        })
        .collect();
    if spaced {
        warnings.push(format!("{label}: spaces in the path were removed"));
    }
    let path = format!("/{}", segs.join("/"));
    let path_params: Vec<Pair> = path_param_names(&path)
        .into_iter()
        .filter(|n| !n.starts_with('{'))
        .map(|n| {
            let value = url_vars.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone()).filter(|v| !v.is_empty()).unwrap_or_else(|| {
                warnings.push(format!("{label}: path parameter {{{n}}} has no value; it takes the variable {{{{{n}}}}}"));
                format!("{{{{{n}}}}}")
            });
            Pair::new(n, value)
        })
        .collect();
    let mut body = None;
    let mut form = Vec::new();
    match req
        .get("body")
        .and_then(|b| b.get("mode"))
        .and_then(Value::as_str)
    {
        Some("raw") => {
            body = Some(req["body"]["raw"].as_str().unwrap_or_default().to_owned())
                .filter(|b| !b.trim().is_empty())
        }
        Some("urlencoded") => form = pairs(&req["body"]["urlencoded"]),
        Some("formdata") => {
            for f in req["body"]["formdata"].as_array().into_iter().flatten() {
                if f.get("type").and_then(Value::as_str) == Some("file") {
                    warnings.push(format!(
                        "{label}: the file field {} was not imported (wpx sends no files)",
                        f.get("key").and_then(Value::as_str).unwrap_or("?")
                    ));
                }
            }
            form = pairs(&req["body"]["formdata"]);
        }
        Some(other) => warnings.push(format!("{label}: a {other} body was not imported")),
        None => {}
    }
    let mut headers = Vec::new();
    let mut content_type = String::new();
    if let Some(h) = req.get("header").and_then(Value::as_array) {
        for h in h {
            let k = h
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim();
            let v = h.get("value").and_then(Value::as_str).unwrap_or_default();
            let disabled = h.get("disabled").and_then(Value::as_bool).unwrap_or(false);
            if k.eq_ignore_ascii_case("content-type") {
                if !disabled {
                    content_type = v.trim().to_owned();
                }
            } else if !k.is_empty() {
                // Authorization and credential-like headers are dropped by `strip_request`.
                headers.push(Pair {
                    name: k.to_owned(),
                    value: v.to_owned(),
                    disabled,
                });
            }
        }
    }
    // A raw body that is not JSON keeps its content type.
    let content_type = match (&body, content_type.to_ascii_lowercase()) {
        (Some(_), ct) if !ct.is_empty() && !ct.contains("json") => content_type,
        _ => String::new(),
    };
    if let Some(kind) = req
        .get("auth")
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        && kind != "bearer"
        && kind != "noauth"
    {
        warnings.push(format!(
            "{label}: {kind} auth was not imported (wpx signs with the profile's token)"
        ));
    }
    scripts(item, &label, warnings);
    let mut r = SavedRequest {
        name,
        folder: folder.to_owned(),
        method,
        path,
        description: text(req.get("description").unwrap_or(&Value::Null)),
        path_params,
        query,
        headers,
        body,
        content_type,
        form,
    };
    warnings.extend(strip_request(&mut r, &format!("{label}: ")));
    r
}

fn scripts(item: &Value, label: &str, warnings: &mut Vec<String>) {
    for e in item
        .get("event")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let lines = e.get("script").and_then(|s| s.get("exec"));
        let code: String = match lines {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        if !code.trim().is_empty() {
            let kind = e.get("listen").and_then(Value::as_str).unwrap_or("event");
            warnings.push(format!(
                "{label}: its {kind} script was not imported (wpx computes the proof itself)"
            ));
        }
    }
}

/// The full names taken so far, and for each base full name the next ` (n)` to try: a request
/// whose name is taken gets the first free `name (2)`, `name (3)`, ... in constant time on average.
#[derive(Default)]
struct Names {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Names {
    /// Renames `r` to the first free `name (n)` when its full name is taken, and takes it.
    fn claim(&mut self, r: &mut SavedRequest) {
        let full = r.full_name();
        if self.used.insert(full.clone()) {
            return;
        }
        let base = r.name.clone();
        // Names only get taken, so every `(n)` below the remembered one is still taken.
        let n = self.next.entry(full).or_insert(2);
        loop {
            r.name = format!("{base} ({n})");
            *n += 1;
            if self.used.insert(r.full_name()) {
                return;
            }
        }
    }
}

fn walk(
    items: &Value,
    folder: &str,
    out: &mut Vec<SavedRequest>,
    names: &mut Names,
    warnings: &mut Vec<String>,
) {
    for item in items.as_array().into_iter().flatten() {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("folder")
            .trim();
        if let Some(children) = item.get("item") {
            let sub = if folder.is_empty() {
                name.to_owned()
            } else {
                format!("{folder}/{name}")
            };
            scripts(item, &sub, warnings);
            walk(children, &sub, out, names, warnings);
        } else if item.get("request").is_some() {
            let mut r = convert(item, folder, warnings);
            // Two requests with one name in one folder: keep both.
            names.claim(&mut r);
            out.push(r);
        } else {
            warnings.push(format!("{name}: neither a request nor a folder; skipped"));
        }
    }
}

/// Converts a Postman collection (v2.0 or v2.1).
pub fn import_collection(v: &Value) -> Result<(Collection, Vec<String>), String> {
    let info = v
        .get("info")
        .ok_or("not a Postman collection: there is no \"info\" (export it as Collection v2.1)")?;
    let schema = info
        .get("schema")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut warnings = Vec::new();
    if !schema.contains("v2.0") && !schema.contains("v2.1") {
        warnings.push(format!(
            "schema {schema:?} is not v2.0 or v2.1; imported as far as it goes"
        ));
    }
    let mut c = Collection::new(
        info.get("name")
            .and_then(Value::as_str)
            .unwrap_or("Postman collection"),
    );
    c.description = text(info.get("description").unwrap_or(&Value::Null));
    for p in pairs(v.get("variable").unwrap_or(&Value::Null)) {
        if is_secret_name(&p.name) {
            warnings.push(format!(
                "collection variable {} looks like a secret and was not imported",
                p.name
            ));
        } else {
            c.variables.insert(p.name, p.value);
        }
    }
    scripts(v, "the collection", &mut warnings);
    walk(
        v.get("item").unwrap_or(&Value::Null),
        "",
        &mut c.requests,
        &mut Names::default(),
        &mut warnings,
    );
    Ok((c, warnings))
}

fn url_json(r: &SavedRequest) -> Value {
    let segs: Vec<String> = r
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                Some(p) if !p.starts_with('{') => format!(":{p}"),
                _ => s.to_owned(),
            },
        )
        .collect();
    let query: Vec<Value> = r
        .query
        .iter()
        .map(|q| json!({"key": q.name, "value": q.value, "disabled": q.disabled}))
        .collect();
    let qs: Vec<String> = r
        .query
        .iter()
        .filter(|q| !q.disabled)
        .map(|q| format!("{}={}", q.name, q.value))
        .collect();
    let raw = format!(
        "{{{{base_url}}}}/{}{}",
        segs.join("/"),
        if qs.is_empty() {
            String::new()
        } else {
            format!("?{}", qs.join("&"))
        }
    );
    let vars: Vec<Value> = r
        .path_params
        .iter()
        .map(|p| json!({"key": p.name, "value": p.value}))
        .collect();
    json!({"raw": raw, "host": ["{{base_url}}"], "path": segs, "query": query, "variable": vars})
}

/// A Postman v2.1 collection whose collection-level pre-request script computes the proof.
pub fn export_collection(c: &Collection) -> Value {
    let mut folders: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut top: Vec<Value> = Vec::new();
    for r in &c.requests {
        let mut request =
            json!({"method": r.method.as_str(), "url": url_json(r), "description": r.description});
        if let Some(b) = &r.body {
            request["body"] =
                json!({"mode": "raw", "raw": b, "options": {"raw": {"language": "json"}}});
        } else if !r.form.is_empty() {
            request["body"] = json!({"mode": "urlencoded", "urlencoded": r.form.iter().map(|p| json!({"key": p.name, "value": p.value, "disabled": p.disabled})).collect::<Vec<_>>()});
        }
        let item = json!({"name": r.name, "request": request});
        if r.folder.is_empty() {
            top.push(item)
        } else {
            folders.entry(r.folder.clone()).or_default().push(item)
        }
    }
    let mut items: Vec<Value> = folders
        .into_iter()
        .map(|(name, item)| json!({"name": name, "item": item}))
        .collect();
    items.extend(top);
    let mut variables = vec![
        json!({"key": "base_url", "value": "https://graph.workplace.com"}),
        json!({"key": "access_token", "value": ""}),
        json!({"key": "app_secret", "value": ""}),
    ];
    variables.extend(
        c.variables
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v})),
    );
    json!({
        "info": {"name": c.name, "description": c.description, "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{access_token}}", "type": "string"}]},
        "event": [{"listen": "prerequest", "script": {"type": "text/javascript", "exec": PROOF_SCRIPT.lines().collect::<Vec<_>>()}}],
        "variable": variables,
        "item": items,
    })
}

#[cfg(test)]
#[path = "postman_tests.rs"]
mod tests;
