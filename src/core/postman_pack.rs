//! A Postman collection as a catalogue pack (`wpx import postman FILE --as-pack`). The requests are
//! read by [`super::postman`], as for a saved collection; each becomes an endpoint whose
//! `{{Phone-Number-ID}}` path variables are path parameters (so their values carry over from one
//! request to the next), whose version segment is left to the profile, and whose folder is its
//! section. Hosts are counted: the pack names the most used one, and requests naming another are
//! listed in a warning (wpx sends every request to the profile's origin).

use std::collections::BTreeMap;

use serde_json::Value;

use super::catalogue::{Endpoint, Host};
use super::collection::{Pair, SavedRequest};
use super::pack::{PackFile, PackHeader, slug, strip_version, valid_name};
use super::surface::Surface;

/// `{{name}}` → `{name}` in path segments that are a whole variable (`{{Phone-Number-ID}}`).
fn path_template(path: &str) -> String {
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix("{{").and_then(|r| r.strip_suffix("}}")) {
                Some(name) if !name.contains(['{', '}']) => format!("{{{}}}", name.trim()),
                _ => s.to_owned(),
            },
        )
        .collect();
    format!("/{}", segs.join("/"))
}

/// The host a request's URL names, when it names one (`{{base_url}}` does not).
fn host_of(url: &Value) -> Option<String> {
    let raw = match url {
        Value::String(s) => s.clone(),
        o => match o.get("raw").and_then(Value::as_str) {
            Some(r) => r.to_owned(),
            None => {
                let parts: Vec<&str> = o
                    .get("host")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                parts.join(".")
            }
        },
    };
    let rest = raw.split_once("://").map_or(raw.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host
        .rsplit('@')
        .next()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("");
    (!host.is_empty() && !host.contains("{{") && host.contains('.'))
        .then(|| host.to_ascii_lowercase())
}

/// Every request item's host, in order (folders walked).
fn hosts(items: &Value, out: &mut Vec<Option<String>>) {
    for item in items.as_array().into_iter().flatten() {
        if let Some(children) = item.get("item") {
            hosts(children, out);
        } else if let Some(req) = item.get("request") {
            let url = match req {
                Value::String(_) => req,
                r => r.get("url").unwrap_or(&Value::Null),
            };
            out.push(host_of(url));
        }
    }
}

fn rows(pairs: &[Pair]) -> (Vec<String>, Vec<String>) {
    let mut all = Vec::new();
    let mut on = Vec::new();
    for p in pairs {
        all.push(if p.value.is_empty() {
            p.name.clone()
        } else {
            format!("{}={}", p.name, p.value)
        });
        if !p.disabled {
            on.push(p.name.clone());
        }
    }
    (all, on)
}

fn endpoint(r: &SavedRequest, id: String, section: String, warnings: &mut Vec<String>) -> Endpoint {
    let (path, _) = strip_version(&path_template(&r.path));
    let (query, mut required) = rows(&r.query);
    let (headers, on) = rows(&r.headers);
    required.extend(on);
    let (example, form) = match (&r.body, r.form.is_empty()) {
        (Some(text), _)
            if r.content_type.is_empty()
                && (text.contains("{{")
                    || serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()) =>
        {
            (Some(text.clone()), false)
        }
        (Some(_), _) if r.content_type.is_empty() => {
            warnings.push(format!(
                "{}: its body is not JSON and was left out of the pack (packs hold JSON and form bodies)",
                r.full_name()
            ));
            (None, false)
        }
        (Some(_), _) => {
            warnings.push(format!(
                "{}: its {} body was left out of the pack (packs hold JSON and form bodies)",
                r.full_name(),
                r.content_type
            ));
            (None, false)
        }
        (None, false) => {
            let map: serde_json::Map<String, Value> = r
                .form
                .iter()
                .map(|p| (p.name.clone(), Value::String(p.value.clone())))
                .collect();
            (serde_json::to_string_pretty(&map).ok(), true)
        }
        (None, true) => (None, false),
    };
    let summary = r
        .description
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map_or_else(
            || r.name.clone(),
            |l| crate::core::text::clip(l, 160).into_owned(),
        );
    Endpoint {
        id,
        section,
        method: r.method,
        path,
        summary,
        any_of: Vec::new(),
        all_of: Vec::new(),
        extra: Vec::new(),
        group_scoped: false,
        host: Host::Graph,
        query,
        body: Vec::new(),
        required,
        headers,
        example,
        form,
        pack: 0,
    }
}

/// Converts a collection. `name` overrides the pack name made from the collection's.
pub fn import(v: &Value, name: Option<&str>) -> Result<(PackFile, Vec<String>), String> {
    let (collection, mut warnings) = super::postman::import_collection(v)?;
    let pack_name = match name {
        Some(n) if !valid_name(n) => {
            return Err(format!(
                "'{n}' is not a pack name: use lowercase letters, digits, - and _"
            ));
        }
        Some(n) => n.to_owned(),
        None => slug(&collection.name),
    };
    if let Some(kind) = v.pointer("/auth/type").and_then(Value::as_str)
        && kind != "noauth"
    {
        warnings.push(format!(
            "the collection's {kind} auth was not imported: wpx sends the profile's token (and the proof where the surface takes it)"
        ));
    }
    if warnings.iter().any(|w| w.contains("test script")) {
        warnings.push("scripts that save ids are not needed: a path value such as {Phone-Number-ID} stays filled from one request to the next".into());
    }
    let mut seen_hosts = Vec::new();
    hosts(v.get("item").unwrap_or(&Value::Null), &mut seen_hosts);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for h in seen_hosts.iter().flatten() {
        *counts.entry(h.as_str()).or_default() += 1;
    }
    let main = counts
        .iter()
        .max_by_key(|(h, n)| (**n, std::cmp::Reverse(**h)))
        .map(|(h, _)| (*h).to_owned())
        .unwrap_or_default();
    let mut ids = std::collections::BTreeSet::new();
    let mut endpoints = Vec::new();
    for (i, r) in collection.requests.iter().enumerate() {
        let base = slug(&r.full_name());
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let section = match r.folder.split('/').next() {
            Some(f) if !f.is_empty() => f.to_owned(),
            _ => collection.name.clone(),
        };
        let ep = endpoint(r, id, section, &mut warnings);
        if let Some(Some(h)) = seen_hosts.get(i)
            && *h != main
        {
            warnings.push(format!(
                "{}: it names host {h}, the pack {main}; wpx sends it to the profile's origin (use a profile for {h})",
                r.full_name()
            ));
        }
        endpoints.push(ep);
    }
    let surface = (!main.is_empty())
        .then(|| Surface::of_host(&main))
        .filter(|s| *s != Surface::Custom);
    let mut params = BTreeMap::new();
    for ep in &endpoints {
        for q in &ep.query {
            let n = q.split_once('=').map_or(q.as_str(), |(n, _)| n);
            params.entry(n.to_owned()).or_insert_with(String::new);
        }
    }
    Ok((
        PackFile {
            pack: PackHeader {
                name: pack_name,
                title: collection.name.clone(),
                surface,
                host: main,
                source: "postman collection".into(),
            },
            params,
            param_types: BTreeMap::new(),
            endpoints,
        },
        warnings,
    ))
}

#[cfg(test)]
#[path = "postman_pack_tests.rs"]
mod tests;
