//! Meta's own Postman collection for the Workplace Graph API (in ../shared, beside the checkout):
//! every request maps to a catalogue entry, and every request, with its variables filled from the
//! sandbox's seed, gets no unknown-path and no 5xx answer. Skips when ../shared is absent.

use std::collections::HashMap;

mod common;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use wpx::config::HttpSettings;
use wpx::core::catalogue::{Catalogue, normalise_path};
use wpx::core::request::{Body, Credentials, Method, RequestSpec, Target, TokenIn};
use wpx::core::secret::Secret;
use wpx::core::sign::{ProofMode, SystemClock};
use wpx::http::Client;
use wpx::sandbox::{Options, Sandbox};

fn collection() -> Option<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/workplace-postman/Workplace_Graph_Collection.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("the collection is JSON")),
        Err(_) => {
            eprintln!(
                "skipped: {} is absent (it lives in ../shared beside the checkout)",
                path.display()
            );
            None
        }
    }
}

struct Req {
    name: String,
    method: Method,
    raw_url: String,
    path_vars: Vec<(String, String)>,
    body: Option<String>,
}

fn requests(items: &Value, out: &mut Vec<Req>) {
    for it in items.as_array().into_iter().flatten() {
        if let Some(children) = it.get("item") {
            requests(children, out);
            continue;
        }
        let r = &it["request"];
        let (raw_url, path_vars) = match &r["url"] {
            Value::String(s) => (s.clone(), Vec::new()),
            u => (
                u["raw"].as_str().unwrap_or_default().to_owned(),
                u["variable"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| {
                        (
                            v["key"].as_str().unwrap_or_default().trim().to_owned(),
                            v["value"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
            ),
        };
        let body = (r["body"]["mode"] == "raw")
            .then(|| r["body"]["raw"].as_str().unwrap_or_default().to_owned());
        out.push(Req {
            name: it["name"].as_str().unwrap_or_default().to_owned(),
            method: r["method"]
                .as_str()
                .unwrap_or("GET")
                .parse()
                .expect("method"),
            raw_url,
            path_vars,
            body,
        });
    }
}

fn all_requests() -> Option<Vec<Req>> {
    let c = collection()?;
    let mut out = Vec::new();
    requests(&c["item"], &mut out);
    Some(out)
}

fn url_path(raw: &str) -> String {
    let without_host = raw.split_once("://").map_or(raw, |(_, rest)| rest);
    let path = without_host.find('/').map_or("/", |i| &without_host[i..]);
    path.split('?').next().unwrap_or("/").to_owned()
}

#[test]
fn every_postman_request_maps_to_a_catalogue_entry() {
    let Some(reqs) = all_requests() else { return };
    let cat = Catalogue::builtin().expect("catalogue");
    let known: Vec<(Method, String)> = cat
        .endpoints
        .iter()
        .map(|e| (e.method, normalise_path(&e.path)))
        .collect();
    assert!(reqs.len() > 100, "{} requests", reqs.len());
    let missing: Vec<String> = reqs
        .iter()
        .filter(|r| !known.contains(&(r.method, normalise_path(&url_path(&r.raw_url)))))
        .map(|r| format!("{} {} ({})", r.method, r.raw_url, r.name))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the catalogue:\n{}",
        missing.join("\n")
    );
}

fn fill(text: &str, vars: &HashMap<&'static str, String>) -> String {
    let mut out = text.to_owned();
    while let Some(start) = out.find("{{") {
        let Some(len) = out[start..].find("}}") else {
            break;
        };
        let name = out[start + 2..start + len].trim().to_owned();
        let value = vars
            .get(name.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("no value for {{{{{name}}}}}: add it to this test"));
        out.replace_range(start..start + len + 2, &value);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_postman_request_runs_on_the_sandbox() {
    let Some(reqs) = all_requests() else { return };
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox");
    let vars = common::seed_variables(&sb);
    let app = sb.app("all").expect("app").clone();
    let creds = Credentials {
        access_token: Secret::new(app.access_token.clone()),
        app_secret: Some(Secret::new(app.app_secret.clone())),
    };
    let target = Target {
        base_url: url::Url::parse(&sb.base_url).expect("url"),
        graph_version: None,
        proof: ProofMode::Timed,
        token_in: TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "the sandbox".into(),
    };
    let client = Client::new(
        &HttpSettings::default(),
        "wpx-postman-test/1",
        Arc::new(SystemClock),
    )
    .expect("client");
    // Reads, then writes, then deletes, so that later requests still find their objects.
    let mut order: Vec<&Req> = reqs.iter().collect();
    order.sort_by_key(|r| match r.method {
        Method::Get => 0,
        Method::Delete => 2,
        _ => 1,
    });
    let mut failures = Vec::new();
    for r in order {
        let mut url =
            fill(&r.raw_url, &vars).replacen("https://graph.workplace.com", &sb.base_url, 1);
        for (k, v) in &r.path_vars {
            let value = fill(v, &vars);
            url = url
                .replace(&format!(":{k} "), &value)
                .replace(&format!(":{k}"), &value);
        }
        let url = url.replace(' ', "");
        let body = r
            .body
            .as_ref()
            .map(|b| fill(b, &vars))
            .filter(|b| !b.trim().is_empty());
        let spec = RequestSpec {
            method: r.method,
            body: body.map_or(Body::None, Body::Json),
            ..RequestSpec::get(url.clone())
        };
        match client.send(&spec, &target, &creds).await {
            Ok(resp) => {
                let code = resp.graph_error().and_then(|e| e.code);
                if resp.status >= 500 || code == Some(2500) {
                    failures.push(format!(
                        "{} {url} ({}): {} {}",
                        r.method,
                        r.name,
                        resp.status,
                        String::from_utf8_lossy(&resp.body)
                    ));
                }
            }
            Err(e) => failures.push(format!("{} {url} ({}): {e}", r.method, r.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
