//! `.http` files (the JetBrains HTTP Client and VS Code REST Client format, which resterm, Kulala
//! and slumber also read): `###` between requests, `# @name`, `@var = value` file variables,
//! `{{variables}}`, a request line, headers, a blank line, the body.
//!
//! Export writes each request against `{{base_url}}` with its path parameters filled in, so the
//! file runs in those tools as it is; import strips `{{base_url}}` again and keeps full URLs.

use std::fmt::Write as _;

use super::collection::{Collection, Pair, SavedRequest};
use super::import_filter::{is_secret_name, strip_request};
use super::request::Method;

/// The variable exported URLs start with.
pub const BASE_URL: &str = "{{base_url}}";

fn is_separator(line: &str) -> bool {
    line.trim_start().starts_with("###")
}

fn comment(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix('#').or_else(|| t.strip_prefix("//"))
}

/// `METHOD URL [HTTP/x]` or `URL` (a GET).
fn request_line(line: &str) -> Option<(Method, String)> {
    let mut words = line.split_whitespace();
    let first = words.next()?;
    let (method, url) = match first.parse::<Method>() {
        Ok(m) if first.chars().all(|c| c.is_ascii_uppercase()) => (m, words.next()?.to_owned()),
        _ if first.starts_with('/') || first.starts_with("http") || first.starts_with("{{") => {
            (Method::Get, first.to_owned())
        }
        _ => return None,
    };
    Some((method, url))
}

/// Parses a `.http` file into a collection named `name`, with a warning for each part not kept.
pub fn parse(text: &str, name: &str) -> Result<(Collection, Vec<String>), String> {
    let mut c = Collection::new(name);
    let mut warnings = Vec::new();
    let mut blocks: Vec<(String, Vec<&str>)> = vec![(String::new(), Vec::new())];
    for line in text.lines() {
        if is_separator(line) {
            let title = line.trim_start().trim_start_matches('#').trim().to_owned();
            blocks.push((title, Vec::new()));
        } else if let Some(last) = blocks.last_mut() {
            last.1.push(line);
        }
    }
    let mut taken = std::collections::BTreeSet::new();
    for (n, (title, lines)) in blocks.into_iter().enumerate() {
        let label = if title.is_empty() {
            format!("request {n}")
        } else {
            title.clone()
        };
        if let Some(mut r) = block(&lines, &title, &mut c, &mut warnings, &label)? {
            let base = r.name.clone();
            let mut k = 2;
            while !taken.insert(r.full_name()) {
                r.name = format!("{base} ({k})");
                k += 1;
            }
            warnings.extend(strip_request(&mut r, &format!("{label}: ")));
            c.requests.push(r);
        }
    }
    if c.requests.is_empty() {
        return Err("no request found: a .http file holds requests such as `GET https://host/path`, separated by ### lines".into());
    }
    Ok((c, warnings))
}

fn block(
    lines: &[&str],
    title: &str,
    c: &mut Collection,
    warnings: &mut Vec<String>,
    label: &str,
) -> Result<Option<SavedRequest>, String> {
    let mut name = title.to_owned();
    let mut i = 0;
    let mut found = None;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(rest) = comment(line) {
            if let Some(n) = rest.trim().strip_prefix("@name") {
                name = n.trim().trim_start_matches('=').trim().to_owned();
            }
            continue;
        }
        if let Some(var) = t.strip_prefix('@') {
            let (k, v) = var.split_once('=').unwrap_or((var, ""));
            let (k, v) = (k.trim(), v.trim());
            if k == "base_url" {
                // The profile's origin takes its place.
            } else if is_secret_name(k) {
                warnings.push(format!("variable {k} looks like a secret and was not imported: configure it in a profile"));
            } else {
                c.variables.insert(k.to_owned(), v.to_owned());
            }
            continue;
        }
        match request_line(t) {
            Some(rl) => {
                found = Some(rl);
                break;
            }
            None => {
                warnings.push(format!(
                    "{label}: '{}' is not a request line (METHOD URL): the request was skipped",
                    crate::core::text::clip(t, 60)
                ));
                return Ok(None);
            }
        }
    }
    let Some((method, mut url)) = found else {
        return Ok(None);
    };
    // Query continuation lines (`  &limit=5`).
    while let Some(next) = lines.get(i).map(|l| l.trim())
        && (next.starts_with('?') || next.starts_with('&'))
    {
        url.push_str(next);
        i += 1;
    }
    let mut headers = Vec::new();
    let is_token = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_!#$%&'*+.^`|~".contains(c))
    };
    while let Some(line) = lines.get(i) {
        if line.trim().is_empty() {
            i += 1;
            break;
        }
        if comment(line).is_some() {
            i += 1;
            continue;
        }
        match line.split_once(':') {
            Some((k, v)) if is_token(k.trim()) => headers.push(Pair::new(k.trim(), v.trim())),
            // Not a header: the body starts here (no blank line before it).
            _ => break,
        }
        i += 1;
    }
    let mut body_lines: Vec<&str> = Vec::new();
    for line in &lines[i.min(lines.len())..] {
        let t = line.trim_start();
        if t.starts_with("> ") || t.starts_with(">>") {
            warnings.push(format!(
                "{label}: its response handler or output redirect was not imported"
            ));
            break;
        }
        if let Some(file) = t.strip_prefix("< ") {
            warnings.push(format!(
                "{label}: a body read from a file ({}) was not imported",
                file.trim()
            ));
            continue;
        }
        body_lines.push(line);
    }
    while body_lines.last().is_some_and(|l| l.trim().is_empty()) {
        body_lines.pop();
    }
    let body = body_lines.join("\n");
    // The host is the profile's: `{{base_url}}`, `{{host}}` or any leading variable goes.
    let url = match super::template::var_len(&url) {
        Some(n) => url[n..].to_owned(),
        None => url,
    };
    let (path, query) = url
        .split_once('?')
        .map_or((url.as_str(), ""), |(p, q)| (p, q));
    let (folder, short) = match name.rsplit_once('/') {
        Some((f, n)) => (f.trim().to_owned(), n.trim().to_owned()),
        None => (String::new(), name.trim().to_owned()),
    };
    let mut r = SavedRequest {
        name: if short.is_empty() {
            format!("{method} {path}").replace('/', "∕")
        } else {
            short
        },
        folder,
        method,
        path: if path.is_empty() {
            "/".into()
        } else {
            path.to_owned()
        },
        description: String::new(),
        path_params: Vec::new(),
        query: url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| Pair::new(k, v))
            .collect(),
        headers: Vec::new(),
        body: None,
        content_type: String::new(),
        form: Vec::new(),
    };
    let content_type = headers
        .iter()
        .position(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|i| headers.remove(i).value);
    r.headers = headers;
    if !body.trim().is_empty() {
        match content_type.as_deref().map(str::to_ascii_lowercase) {
            Some(t) if t.starts_with("application/x-www-form-urlencoded") => {
                r.form = url::form_urlencoded::parse(body.trim().as_bytes())
                    .map(|(k, v)| Pair::new(k, v))
                    .collect();
            }
            Some(t) if !t.contains("json") => {
                r.body = Some(body);
                r.content_type = content_type.unwrap_or_default();
            }
            _ => r.body = Some(body),
        }
    }
    Ok(Some(r))
}

/// The path with its `{param}`s filled with their values (a `{{variable}}` stays as it is).
fn filled_path(r: &SavedRequest) -> String {
    let mut path = r.path.clone();
    for p in &r.path_params {
        let value = if p.value.is_empty() {
            format!("{{{{{}}}}}", p.name)
        } else {
            p.value.clone()
        };
        path = path.replace(&format!("{{{}}}", p.name), &value);
    }
    path
}

fn encode(s: &str) -> String {
    // Keep `{{variables}}` readable: encode everything else of the value.
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let end = rest[start..]
            .find("}}")
            .map_or(rest.len(), |e| start + e + 2);
        out.extend(url::form_urlencoded::byte_serialize(
            &rest.as_bytes()[..start],
        ));
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    out.extend(url::form_urlencoded::byte_serialize(rest.as_bytes()));
    out
}

/// The URL a request is written with: `{{base_url}}` and the path (full URLs as they are), and
/// its enabled query parameters.
pub fn url_of(r: &SavedRequest) -> String {
    let path = filled_path(r);
    let mut url = if path.contains("://") {
        path
    } else {
        format!("{BASE_URL}{path}")
    };
    let query: Vec<String> = r
        .query
        .iter()
        .filter(|p| !p.disabled)
        .map(|p| format!("{}={}", encode(&p.name), encode(&p.value)))
        .collect();
    if !query.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query.join("&"));
    }
    url
}

/// A collection as a `.http` file.
pub fn write(c: &Collection) -> String {
    let mut out = format!(
        "# {} — exported by wpx. Set base_url (and the token) in your client's environment;\n# wpx itself adds the appsecret_proof when it sends.\n",
        c.name
    );
    let _ = writeln!(out, "@base_url = https://graph.facebook.com/v23.0");
    for (k, v) in &c.variables {
        if k != "base_url" {
            let _ = writeln!(out, "@{k} = {v}");
        }
    }
    for r in &c.requests {
        let name = r.full_name();
        let _ = writeln!(out, "\n### {name}\n# @name {name}");
        if !r.description.is_empty() {
            for line in r.description.lines() {
                let _ = writeln!(out, "# {line}");
            }
        }
        let _ = writeln!(out, "{} {}", r.method, url_of(r));
        for h in r.headers.iter().filter(|h| !h.disabled) {
            let _ = writeln!(out, "{}: {}", h.name, h.value);
        }
        if let Some(body) = &r.body {
            let ct = if r.content_type.is_empty() {
                "application/json"
            } else {
                &r.content_type
            };
            let _ = writeln!(out, "Content-Type: {ct}\n\n{body}");
        } else if !r.form.is_empty() {
            let form: Vec<String> = r
                .form
                .iter()
                .filter(|p| !p.disabled)
                .map(|p| format!("{}={}", encode(&p.name), encode(&p.value)))
                .collect();
            let _ = writeln!(
                out,
                "Content-Type: application/x-www-form-urlencoded\n\n{}",
                form.join("&")
            );
        }
    }
    out
}

#[cfg(test)]
#[path = "http_file_tests.rs"]
mod tests;
