//! `wpx sandbox`, `wpx endpoints` and `wpx permissions` as a user runs them.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `wpx sandbox --json` and returns the process and its first line, parsed.
fn start_sandbox(extra: &[&str]) -> (Running, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wpx"))
        .arg("sandbox")
        .arg("--json")
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("wpx sandbox starts");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let info: Value = serde_json::from_str(&line)
        .unwrap_or_else(|e| panic!("first line is not JSON ({e}): {line}"));
    (running, info)
}

fn app<'a>(info: &'a Value, name: &str) -> &'a Value {
    info["apps"]
        .as_array()
        .expect("apps")
        .iter()
        .find(|a| a["name"] == name)
        .expect("app")
}

#[test]
fn sandbox_json_line_describes_base_urls_and_apps() {
    let (_sb, info) = start_sandbox(&[]);
    assert!(
        info["base_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:"))
    );
    assert!(
        info["scim_base_url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/scim/"))
    );
    let apps = info["apps"].as_array().expect("apps");
    assert!(apps.len() >= 5);
    for a in apps {
        for key in [
            "name",
            "access_token",
            "app_secret",
            "permissions",
            "groups",
            "require_proof",
        ] {
            assert!(a.get(key).is_some(), "{key} in {a}");
        }
    }
    assert_eq!(app(&info, "All permissions")["groups"], "all");
    assert!(
        app(&info, "Two groups")["groups"]
            .as_array()
            .is_some_and(|g| g.len() == 2)
    );
    assert!(
        apps.iter().any(|a| a["require_proof"] == true)
            && apps.iter().any(|a| a["require_proof"] == false)
    );
}

#[test]
fn another_program_computes_the_proof_and_gets_data() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!(
            "skipped: python3 is not installed, so there is no independent HMAC to compare with"
        );
        return;
    }
    let (_sb, info) = start_sandbox(&[]);
    let a = app(&info, "All permissions");
    let script = r#"
import hashlib, hmac, json, sys, time, urllib.request
base, token, secret = sys.argv[1], sys.argv[2], sys.argv[3]
t = int(time.time())
proof = hmac.new(secret.encode(), f"{token}|{t}".encode(), hashlib.sha256).hexdigest()
url = f"{base}/community/groups?fields=id,name&limit=2&appsecret_proof={proof}&appsecret_time={t}"
req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
print(urllib.request.urlopen(req).read().decode())
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(info["base_url"].as_str().expect("base"))
        .arg(a["access_token"].as_str().expect("token"))
        .arg(a["app_secret"].as_str().expect("secret"))
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["data"].as_array().map(Vec::len), Some(2));
    assert!(v["paging"]["next"].is_string());

    // The same with curl, when it is installed: Python computes the proof, curl sends it.
    if Command::new("curl").arg("--version").output().is_err() {
        eprintln!("curl is not installed: the Python client above stands in for it");
        return;
    }
    let proof_script = r#"
import hashlib, hmac, sys, time
token, secret = sys.argv[1], sys.argv[2]
t = int(time.time())
print(hmac.new(secret.encode(), f"{token}|{t}".encode(), hashlib.sha256).hexdigest(), t)
"#;
    let out = Command::new("python3")
        .args(["-c", proof_script])
        .arg(a["access_token"].as_str().expect("token"))
        .arg(a["app_secret"].as_str().expect("secret"))
        .output()
        .expect("python runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut parts = text.split_whitespace();
    let (proof, time) = (parts.next().expect("proof"), parts.next().expect("time"));
    let url = format!(
        "{}/community/members?fields=id,name&limit=3&appsecret_proof={proof}&appsecret_time={time}",
        info["base_url"].as_str().expect("base")
    );
    let out = Command::new("curl")
        .args(["-sS", "--noproxy", "*", "-H"])
        .arg(format!(
            "Authorization: Bearer {}",
            a["access_token"].as_str().expect("token")
        ))
        .arg(&url)
        .output()
        .expect("curl runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json from curl");
    assert_eq!(v["data"].as_array().map(Vec::len), Some(3), "{v}");
}

#[test]
fn following_paging_next_with_wpx_call_resigns_and_moves_on() {
    let (_sb, info) = start_sandbox(&[]);
    let a = app(&info, "All permissions");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |path: &str| {
        let out = common::wpx(dir.path())
            .env("WPX_BASE_URL", info["base_url"].as_str().expect("base"))
            .env(
                "WPX_ACCESS_TOKEN",
                a["access_token"].as_str().expect("token"),
            )
            .env("WPX_APP_SECRET", a["app_secret"].as_str().expect("secret"))
            .args(["call", path, "limit=3", "fields=id,name"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).expect("json")
    };
    let first = run("/community/members");
    let next = first["paging"]["next"].as_str().expect("next").to_owned();
    assert!(
        !next.contains("appsecret_proof"),
        "the sandbox's links carry no proof: {next}"
    );
    let second = run(&next);
    assert_eq!(second["data"].as_array().map(Vec::len), Some(3));
    assert_ne!(first["data"][0]["id"], second["data"][0]["id"]);
    assert!(second["paging"]["previous"].is_string());
}

#[test]
fn sandbox_port_in_use_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port().to_string();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = common::wpx(dir.path())
        .args(["sandbox", "--port", &port])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--port"));
}

#[test]
fn endpoints_and_permissions_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = common::wpx(dir.path())
        .args(["endpoints", "group", "feed"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.starts_with("GET")
            && l.contains("/{group-id}/feed")
            && l.contains("read_group")),
        "{text}"
    );
    assert!(text.lines().all(|l| l.to_lowercase().contains("feed")));
    let out = common::wpx(dir.path())
        .args(["endpoints", "--permission", "manage_badges", "--json"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v.as_array().is_some_and(|a| {
        !a.is_empty()
            && a.iter()
                .all(|e| e["any_of"].to_string().contains("manage_badges"))
    }));
    let out = common::wpx(dir.path())
        .args(["endpoints", "--permission", "nope"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = common::wpx(dir.path())
        .args(["permissions"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("receive_security_logs (Read security logs)")
            && text.contains("no endpoint: ")
    );
    assert!(text.contains("read_and_action_reported_content") && text.contains("manage_shifts"));
}
