//! Every catalogue entry, called on the sandbox over HTTP with the all-permissions app and seeded
//! ids, signed by wpx's own client: none answers unknown-path or 5xx, and reads have the right shape.

use std::sync::Arc;

use serde_json::{Value, json};
use wpx::config::HttpSettings;
use wpx::core::catalogue::{Catalogue, Endpoint, Host};
use wpx::core::request::{Body, Credentials, Method, RequestSpec, Target, TokenIn};
use wpx::core::secret::Secret;
use wpx::core::sign::{ProofMode, SystemClock};
use wpx::http::{Client, Response};
use wpx::sandbox::{Options, Sandbox};

fn path_value(sb: &Sandbox, name: &str) -> String {
    let s = &sb.seed;
    match name {
        "group-id" => s.groups[1].clone(),
        // A member of the group above who is not one of its admins.
        "member-id" | "scim-user-id" => {
            let engine = sb.engine.lock().expect("engine");
            let group = engine.world.get(&s.groups[1]).expect("group");
            group.edge("members")[4].id.clone()
        }
        "post-id" => s.posts[0].clone(),
        "object-id" => s.posts[1].clone(),
        "comment-id" => s.comment.clone(),
        "event-id" => s.event.clone(),
        "photo-id" => s.photo.clone(),
        "video-id" => s.video.clone(),
        "file-id" => s.file.clone(),
        "doc-id" => s.doc.clone(),
        "category-id" => s.category.clone(),
        "quick-link-id" => s.quick_link.clone(),
        "people-set-id" => s.people_set.clone(),
        "scim-group-id" => {
            let engine = sb.engine.lock().expect("engine");
            engine.world.all(wpx::sandbox::world::Kind::PeopleSet)[1]
                .id
                .clone()
        }
        "survey-id" => s.survey.clone(),
        "report-id" => s.report.clone(),
        "thread-id" => s.threads[0].clone(),
        "message-id" => s.message.clone(),
        "export-job-id" => s.export_job.clone(),
        "dyi-job-id" => s.dyi_job.clone(),
        "skill-id" => s.skill.clone(),
        other => panic!("no seed value for path parameter {{{other}}}: add one to this test"),
    }
}

/// A plausible value for a body field or id-like query parameter.
fn sample(sb: &Sandbox, ep: &Endpoint, name: &str, kind: &str) -> Option<String> {
    let member = sb.seed.members[40].clone();
    let v = match (name, kind) {
        ("member" | "uid" | "user" | "admin" | "manager", _) => member.clone(),
        ("ids", _) => format!("{},{}", sb.seed.groups[0], sb.seed.members[0]),
        ("email", _) if ep.id == "community.accounts.create" => {
            "new.person@northwind.example".into()
        }
        ("email", _) => return None,
        ("userName", _) => "scim.person@northwind.example".into(),
        ("recipient", _) => json!({ "id": member }).to_string(),
        ("message", "json") => json!({ "text": "hello from the test" }).to_string(),
        ("to", _) => json!([member]).to_string(),
        ("conditions", _) => {
            json!([{ "field": "DEPARTMENT", "operator": "IS", "values": ["Sales"] }]).to_string()
        }
        ("questions", _) => {
            json!([{ "text": "How are you?", "question_type": "FREE_TEXT" }]).to_string()
        }
        ("schemas", _) if ep.method == Method::Patch => {
            json!(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]).to_string()
        }
        ("schemas", _) => json!(["urn:ietf:params:scim:schemas:core:2.0:User"]).to_string(),
        ("Operations", _) => {
            json!([{ "op": "replace", "path": "active", "value": true }]).to_string()
        }
        ("members", _) => json!([{ "type": "user", "value": member }]).to_string(),
        ("name", "json") => {
            json!({ "formatted": "Scim Person", "givenName": "Scim", "familyName": "Person" })
                .to_string()
        }
        ("frontline", _) => json!({ "is_frontline": true, "has_access": true }).to_string(),
        ("read_audience", _) => json!({ "audience_type": "INHERIT" }).to_string(),
        ("sender_action", _) => return None,
        ("creation_mode", _) => "DRAFT".into(),
        (_, "bool") => "true".into(),
        (_, "datetime") => "2026-06-02T08:00+00:00".into(),
        (_, k) if k.starts_with("enum(") => k
            .trim_start_matches("enum(")
            .split([',', ')'])
            .next()
            .unwrap_or_default()
            .to_owned(),
        (_, "id") => member,
        (_, "json") => "{}".into(),
        _ => "sandbox test".into(),
    };
    Some(v)
}

fn spec_for(sb: &Sandbox, cat: &Catalogue, ep: &Endpoint) -> RequestSpec {
    let mut spec = RequestSpec {
        method: ep.method,
        ..RequestSpec::get(ep.path.clone())
    };
    for name in wpx::core::request::path_param_names(&ep.path) {
        let v = path_value(sb, &name);
        spec.path_params.push((name, v));
    }
    for q in cat.query_params(ep) {
        if !q.example.is_empty() {
            spec.query.push((q.name.to_owned(), q.example.to_owned()));
        } else if matches!(q.name, "member" | "user" | "ids")
            && let Some(v) = sample(sb, ep, q.name, "id")
        {
            spec.query.push((q.name.to_owned(), v));
        }
    }
    if ep.host == Host::Scim {
        if !ep.body.is_empty() {
            let mut body = serde_json::Map::new();
            for f in &ep.body {
                if let Some(v) = sample(sb, ep, &f.name, &f.kind) {
                    let value = serde_json::from_str(&v).unwrap_or(Value::String(v));
                    let value = if f.kind == "bool" { json!(true) } else { value };
                    body.insert(f.name.clone(), value);
                }
            }
            if ep.id == "scim.groups.create" || ep.id == "scim.group.replace" {
                body.remove("schemas");
            }
            spec.body = Body::Json(Value::Object(body).to_string());
        }
    } else if !ep.body.is_empty() {
        let fields: Vec<(String, String)> = ep
            .body
            .iter()
            .filter(|f| f.required || matches!(f.name.as_str(), "message" | "recipient" | "email"))
            .filter_map(|f| sample(sb, ep, &f.name, &f.kind).map(|v| (f.name.clone(), v)))
            .collect();
        spec.body = Body::Form(fields);
    }
    spec
}

fn check_read(ep: &Endpoint, resp: &Response) -> Result<(), String> {
    let v: Value = serde_json::from_slice(&resp.body).map_err(|e| format!("not JSON: {e}"))?;
    let ok = match ep.host {
        Host::Scim => {
            v.get("Resources").is_some() || v.get("id").is_some() || v.get("schemas").is_some()
        }
        Host::Graph if ep.id == "objects.ids" => v.as_object().is_some_and(|o| o.len() == 2),
        Host::Graph if ep.segments().len() == 1 => v.get("id").is_some(),
        Host::Graph => v.get("data").is_some(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("unexpected shape: {v}"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_catalogue_entry_answers_on_the_sandbox() {
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox starts");
    let cat = Catalogue::builtin().expect("catalogue");
    let app = sb.app("all").expect("all-permissions app").clone();
    let creds = Credentials {
        access_token: Secret::new(app.access_token.clone()),
        app_secret: Some(Secret::new(app.app_secret.clone())),
    };
    let client = Client::new(
        &HttpSettings::default(),
        "wpx-test/1",
        Arc::new(SystemClock),
    )
    .expect("client");
    let target = |host: Host| Target {
        base_url: url::Url::parse(if host == Host::Scim {
            &sb.scim_base_url
        } else {
            &sb.base_url
        })
        .expect("url"),
        graph_version: None,
        proof: ProofMode::Timed,
        token_in: TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "the sandbox".into(),
    };
    // Reads first, then writes, deletes last, so that nothing a later call needs is gone.
    let rank = |e: &&Endpoint| match e.method {
        Method::Get => 0,
        Method::Delete => 2,
        _ => 1,
    };
    let mut endpoints: Vec<&Endpoint> = cat.endpoints.iter().collect();
    endpoints.sort_by_key(rank);
    let mut failures = Vec::new();
    for ep in endpoints {
        let spec = spec_for(&sb, &cat, ep);
        let resp = match client.send(&spec, &target(ep.host), &creds).await {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{} {}: transport error {e}", ep.method, ep.path));
                continue;
            }
        };
        let code = resp.graph_error().and_then(|e| e.code);
        let body = String::from_utf8_lossy(&resp.body).into_owned();
        if resp.status >= 500 || code == Some(2500) {
            failures.push(format!(
                "{} {} ({}): {} {body}",
                ep.method, ep.path, ep.id, resp.status
            ));
            continue;
        }
        let allowed_refusal = matches!(ep.id.as_str(), "member.delete" | "scim.user.delete");
        if !resp.is_success() && !allowed_refusal {
            failures.push(format!(
                "{} {} ({}): {} {body}",
                ep.method, ep.path, ep.id, resp.status
            ));
            continue;
        }
        if ep.method == Method::Get
            && let Err(e) = check_read(ep, &resp)
        {
            failures.push(format!("{} {} ({}): {e}", ep.method, ep.path, ep.id));
        }
    }
    assert!(
        failures.is_empty(),
        "{} endpoints failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_clock_offset_and_latency_are_handled_by_the_client() {
    let options = Options {
        clock_offset_secs: 900,
        latency_ms: 50,
        ..Options::default()
    };
    let sb = Sandbox::start(0, options).await.expect("sandbox starts");
    let (client, target, creds) = connect(&sb, Some("v19.0"));
    let started = std::time::Instant::now();
    let resp = client
        .send(&RequestSpec::get("/community"), &target, &creds)
        .await
        .expect("answers");
    assert!(resp.is_success(), "{}", String::from_utf8_lossy(&resp.body));
    assert!(
        resp.skew_note
            .as_deref()
            .is_some_and(|n| n.contains("behind"))
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(100),
        "two attempts, each delayed"
    );
    assert!(client.skew().offset() >= 899);
}

/// A client, the sandbox as a target and the all-permissions app's credentials.
fn connect(sb: &Sandbox, graph_version: Option<&str>) -> (Client, Target, Credentials) {
    let app = sb.app("all").expect("app").clone();
    let creds = Credentials {
        access_token: Secret::new(app.access_token.clone()),
        app_secret: Some(Secret::new(app.app_secret.clone())),
    };
    let client = Client::new(
        &HttpSettings::default(),
        "wpx-test/1",
        Arc::new(SystemClock),
    )
    .expect("client");
    let target = Target {
        base_url: url::Url::parse(&sb.base_url).expect("url"),
        graph_version: graph_version.map(str::to_owned),
        proof: ProofMode::Timed,
        token_in: TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "the sandbox".into(),
    };
    (client, target, creds)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_answers_like_get_without_a_body_and_options_is_unsupported() {
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox starts");
    let (client, target, creds) = connect(&sb, None);
    let head = RequestSpec {
        method: wpx::core::request::Method::Head,
        ..RequestSpec::get("/me")
    };
    let resp = client.send(&head, &target, &creds).await.expect("answers");
    assert_eq!(resp.status, 200);
    assert!(resp.body.is_empty(), "no body for HEAD");
    let options = RequestSpec {
        method: wpx::core::request::Method::Options,
        ..RequestSpec::get("/me")
    };
    let resp = client
        .send(&options, &target, &creds)
        .await
        .expect("answers");
    assert_eq!(resp.status, 400);
    assert!(
        String::from_utf8_lossy(&resp.body).contains("Unsupported options request"),
        "Graph's words"
    );
}
