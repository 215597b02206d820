//! Saved requests, history, Postman and curl interop, as users run them.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::{SECRET, TOKEN, TestServer, wpx, wpx_for};
use wpx::config::HttpSettings;
use wpx::core::sign::SystemClock;
use wpx::http::Client;
use wpx::sandbox::{Options, Sandbox};
use wpx::store::Store;

fn shared_collection() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/workplace-postman/Workplace_Graph_Collection.json");
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (it lives in ../shared beside the checkout)",
            p.display()
        );
        None
    }
}

fn count_requests(v: &serde_json::Value) -> usize {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|i| match i.get("item") {
            Some(children) => count_requests(children),
            None => usize::from(i.get("request").is_some()),
        })
        .sum()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meta_collection_imports_whole_and_runs_on_the_sandbox() {
    let Some(file) = shared_collection() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .args(["import", "postman"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = count_requests(
        &serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&file).expect("reads"))
            .expect("json")["item"],
    );
    assert!(
        stdout(&out).contains(&format!(
            "imported {expected} requests into 'Workplace Graph Collection'"
        )),
        "{}",
        stdout(&out)
    );
    let store = Store {
        config_dir: dir.path().to_owned(),
        project_dir: None,
    };
    let (_, c) = store
        .load("Workplace Graph Collection")
        .expect("kept its Postman name");
    assert_eq!(c.requests.len(), expected, "every request kept");

    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox");
    let vars = common::seed_variables(&sb);
    let app = sb.app("all").expect("app").clone();
    let creds = wpx::core::request::Credentials {
        access_token: wpx::core::secret::Secret::new(app.access_token.clone()),
        app_secret: Some(wpx::core::secret::Secret::new(app.app_secret.clone())),
    };
    let target = wpx::core::request::Target {
        base_url: url::Url::parse(&sb.base_url).expect("url"),
        graph_version: None,
        proof: wpx::core::sign::ProofMode::Timed,
        token_in: wpx::core::request::TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "the sandbox".into(),
    };
    let client =
        Client::new(&HttpSettings::default(), "wpx-test", Arc::new(SystemClock)).expect("client");
    let mut order: Vec<_> = c.requests.iter().collect();
    order.sort_by_key(|r| match r.method {
        wpx::core::request::Method::Get => 0,
        wpx::core::request::Method::Delete => 2,
        _ => 1,
    });
    let lookup = wpx::core::vars::Vars {
        environment: Some(wpx::core::vars::Scope::new(
            "seed",
            vars.iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )),
        collection: Some(wpx::core::vars::Scope::new(
            c.name.clone(),
            c.variables.clone(),
        )),
        ..Default::default()
    };
    let mut failures = Vec::new();
    for r in order {
        let spec = r
            .to_spec(&lookup)
            .unwrap_or_else(|e| panic!("{}: {e}", r.full_name()));
        match client.send(&spec, &target, &creds).await {
            Ok(resp)
                if resp.status >= 500 || resp.graph_error().and_then(|e| e.code) == Some(2500) =>
            {
                failures.push(format!(
                    "{}: {} {}",
                    r.full_name(),
                    resp.status,
                    String::from_utf8_lossy(&resp.body)
                ));
            }
            Ok(_) => {}
            Err(e) => failures.push(format!("{}: {e}", r.full_name())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // And one through `wpx run`, with variables from an environment file.
    let env = format!("[variables]\ngroup_id = \"{}\"\n", sb.seed.groups[1]);
    std::fs::create_dir_all(dir.path().join("environments")).expect("mkdir");
    std::fs::write(dir.path().join("environments/sandbox.toml"), env).expect("write");
    let out = wpx(dir.path())
        .env("WPX_BASE_URL", &sb.base_url)
        .env("WPX_ACCESS_TOKEN", &app.access_token)
        .env("WPX_APP_SECRET", &app.app_secret)
        .args([
            "run",
            "Workplace Graph Collection/Group/Feed/Get Feed",
            "--env",
            "sandbox",
            "limit=2",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["data"].as_array().map(Vec::len), Some(2));
}

#[test]
fn exported_script_computes_the_same_proof_as_wpx_sign() {
    let node_ok = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let npm_ok = std::process::Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok || !npm_ok {
        eprintln!("skipped: node and npm are needed to run the exported Postman script");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let modules = dir.path().join("js");
    let install = std::process::Command::new("npm")
        .args(["install", "--prefix"])
        .arg(&modules)
        .args([
            "crypto-js@4",
            "--no-audit",
            "--no-fund",
            "--silent",
            "--prefer-offline",
            "--fetch-timeout=20000",
            "--fetch-retries=0",
        ])
        .output()
        .expect("npm runs");
    if !install.status.success() {
        eprintln!(
            "skipped: npm could not install crypto-js: {}",
            String::from_utf8_lossy(&install.stderr)
        );
        return;
    }
    let out = wpx(dir.path())
        .args([
            "import",
            "curl",
            "--into",
            "Proof test",
            "--name",
            "Groups",
            "curl https://graph.workplace.com/community/groups?fields=id",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let file = dir.path().join("export.json");
    let out = wpx(dir.path())
        .args(["export", "postman", "Proof test", "-o"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("reads")).expect("json");
    let script: Vec<String> = exported["event"][0]["script"]["exec"]
        .as_array()
        .expect("script")
        .iter()
        .filter_map(|l| l.as_str().map(str::to_owned))
        .collect();
    let harness = format!(
        r#"global.CryptoJS = require({modules:?} + "/node_modules/crypto-js");
var vars = {{ access_token: "fake-token", app_secret: "fake-secret" }};
var query = [];
global.pm = {{ variables: {{ get: function (k) {{ return vars[k]; }}, set: function (k, v) {{ vars[k] = v; }} }}, request: {{ url: {{ query: {{ upsert: function (q) {{ query.push(q); }} }} }} }} }};
Date.now = function () {{ return 1700000000123; }};
{}
console.log(JSON.stringify({{ proof: vars.appsecret_proof, time: vars.appsecret_time, query: query }}));
"#,
        script.join("\n"),
        modules = modules.to_string_lossy()
    );
    let js = dir.path().join("harness.js");
    std::fs::write(&js, harness).expect("write");
    let out = std::process::Command::new("node")
        .arg(&js)
        .output()
        .expect("node runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let sign = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", "fake-token")
        .env("WPX_APP_SECRET", "fake-secret")
        .args(["proof", "--time", "1700000000", "--json"])
        .output()
        .expect("runs");
    let ours: serde_json::Value = serde_json::from_slice(&sign.stdout).expect("json");
    assert_eq!(got["proof"], ours["appsecret_proof"]);
    assert_eq!(got["time"], "1700000000");
    assert_eq!(got["query"][0]["key"], "appsecret_proof");
}

#[test]
fn cli_history_import_and_run_keep_secrets_off_disk() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/community/groups", "fields=id,name"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    // A curl command with the token in the URL: the token is dropped on import.
    let curl = format!(
        "curl -H 'Authorization: Bearer {TOKEN}' 'https://graph.workplace.com/community/groups?access_token={TOKEN}&fields=id'"
    );
    let out = wpx(dir.path())
        .args(["import", "curl", "--into", "Mine", "--name", "Groups"])
        .arg(&curl)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wpx_for(dir.path(), &server)
        .args(["run", "Mine/Groups"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wpx_for(dir.path(), &server)
        .args([
            "call",
            "/nonexistent",
            "--data",
            &format!("{{\"echo\":\"{SECRET}\"}}"),
            "-X",
            "POST",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let out = wpx(dir.path())
        .args(["history", "--json"])
        .output()
        .expect("runs");
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["path"], "/nonexistent");
    assert_eq!(lines[2]["status"], 200);
    let n = common::assert_no_secret_on_disk(dir.path());
    assert!(n >= 2, "history and a collection were written");
    let out = wpx(dir.path())
        .args(["history", "clear"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(
        stdout(
            &wpx(dir.path())
                .args(["history", "--json"])
                .output()
                .expect("runs")
        )
        .is_empty()
    );
}

#[test]
fn history_can_be_turned_off() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[history]\nenabled = false\n",
    )
    .expect("write");
    let out = wpx_for(dir.path(), &server)
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(!dir.path().join("history.jsonl").exists());
}

#[test]
fn call_curl_prints_a_command_without_the_token() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpx(dir.path())
        .env("WPX_ACCESS_TOKEN", TOKEN)
        .env("WPX_APP_SECRET", SECRET)
        .args([
            "call",
            "--curl",
            "-X",
            "POST",
            "/123/feed",
            "--data",
            "{\"message\":\"it's\"}",
        ])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(
        text.starts_with("curl -sS -H \"Authorization: Bearer $WPX_ACCESS_TOKEN\" -X POST"),
        "{text}"
    );
    assert!(
        text.contains("--data-raw '{\"message\":\"it'\\''s\"}'"),
        "{text}"
    );
    assert!(text.contains("appsecret_proof=") && !text.contains(TOKEN) && !text.contains(SECRET));
}

#[test]
fn postman_quirks_warn_and_bad_files_are_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let quirky = r#"{"info": {"name": "Quirks", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
      "item": [{"name": "A", "request": {"method": "GET", "url": {"raw": "https://graph.workplace.com/:id /feed", "variable": [{"key": "id ", "value": "{{group}}"}]}}, "event": [{"listen": "prerequest", "script": {"exec": ["console.log(1)"]}}]},
               {"name": "A", "request": "https://graph.workplace.com/me"}]}"#;
    let f = dir.path().join("q.json");
    std::fs::write(&f, quirky).expect("write");
    let out = wpx(dir.path())
        .args(["import", "postman"])
        .arg(&f)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("imported 2 requests"));
    let err = stderr(&out);
    assert!(
        err.contains("spaces in the path") && err.contains("prerequest script"),
        "{err}"
    );
    std::fs::write(&f, "{ not json").expect("write");
    let out = wpx(dir.path())
        .args(["import", "postman"])
        .arg(&f)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not JSON"));
    let out = wpx(dir.path())
        .args(["run", "Nope/Nothing"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("wpx collections"));
}

#[test]
fn import_curl_takes_words_after_dashes_refuses_other_programs_and_says_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let import = |args: &[&str]| {
        wpx(dir.path())
            .args(["import", "curl", "--into", "Mine", "--name", "Post"])
            .args(args)
            .output()
            .expect("runs")
    };
    let out = import(&[
        "--",
        "curl",
        "-X",
        "POST",
        "-H",
        "X-Trace: a b",
        "https://graph.workplace.com/me/feed",
        "-d",
        "message=hi there",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("saved 'Post' in 'Mine'"),
        "{}",
        stdout(&out)
    );
    let text = std::fs::read_to_string(dir.path().join("collections/mine.toml")).expect("saved");
    assert!(
        text.contains("X-Trace") && text.contains("a b"),
        "a word keeps its spaces:\n{text}"
    );
    assert!(text.contains("hi there"), "{text}");
    let again = import(&["curl https://graph.workplace.com/me"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).starts_with("replaced the request 'Post' in 'Mine'"),
        "{}",
        stdout(&again)
    );
    let wget = import(&["--", "wget", "https://graph.workplace.com/me"]);
    assert_eq!(wget.status.code(), Some(2), "{}", stderr(&wget));
    assert!(
        stderr(&wget).contains("not a curl command"),
        "{}",
        stderr(&wget)
    );
}

#[test]
fn history_keeps_only_what_was_sent_and_shows_the_filled_path() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    // Refused before sending (no value for {group-id}): a usage error, not history.
    let refused = wpx_for(dir.path(), &server)
        .args(["call", "/{group-id}/feed"])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let sent = wpx_for(dir.path(), &server)
        .args(["call", "/{group-id}/feed", "group-id=4242"])
        .output()
        .expect("runs");
    assert!(sent.status.code().is_some(), "{}", stderr(&sent));
    let out = wpx(dir.path()).args(["history"]).output().expect("runs");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "one entry, for the request that was sent:\n{text}"
    );
    assert!(
        lines[0].contains("/4242/feed"),
        "the filled path is shown:\n{text}"
    );
}
