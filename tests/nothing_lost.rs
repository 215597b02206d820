//! Nothing saved is lost, on the real `wpx` binary: a collection that does not parse is never
//! overwritten, and the history survives bad bytes and parallel writers.

mod common;

use common::{TestServer, assert_no_secret, wpx, wpx_for};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const BROKEN: &str = "name = \"Team\"\n\n[[requests]\nname = \"keep me\"\n";

#[test]
fn importing_into_a_broken_collection_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let collections = dir.path().join("collections");
    std::fs::create_dir_all(&collections).expect("mkdir");
    let target = collections.join("team.toml");
    std::fs::write(&target, BROKEN).expect("write");
    let export = dir.path().join("team.json");
    std::fs::write(
        &export,
        r#"{"info": {"name": "Team", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Groups", "request": {"method": "GET", "url": "https://graph.facebook.com/community/groups"}}]}"#,
    )
    .expect("write export");

    let out = wpx(dir.path())
        .arg("import")
        .arg("postman")
        .arg(&export)
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains(&format!("{}:3:", target.display())) && err.contains("fix it, or move it"),
        "{err}"
    );
    assert_eq!(std::fs::read(&target).expect("reads"), BROKEN.as_bytes());

    let out = wpx(dir.path())
        .args([
            "import",
            "curl",
            "--into",
            "team",
            "curl https://graph.facebook.com/me",
        ])
        .output()
        .expect("runs");
    assert!(!out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&target).expect("reads"), BROKEN.as_bytes());
    let names: Vec<String> = std::fs::read_dir(&collections)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["team.toml"], "no other file was written");
}

#[test]
fn reimporting_keeps_the_previous_version_as_bak() {
    let dir = tempfile::tempdir().expect("tempdir");
    let export = dir.path().join("team.json");
    let json = |url: &str| {
        format!(
            r#"{{"info": {{"name": "Team", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
                "item": [{{"name": "One", "request": {{"method": "GET", "url": "{url}"}}}}]}}"#
        )
    };
    std::fs::write(&export, json("https://graph.facebook.com/first")).expect("write");
    let import = || {
        wpx(dir.path())
            .arg("import")
            .arg("postman")
            .arg(&export)
            .output()
            .expect("runs")
    };
    assert!(import().status.success());
    let target = dir.path().join("collections/team.toml");
    let first = std::fs::read(&target).expect("reads");
    std::fs::write(&export, json("https://graph.facebook.com/second")).expect("write");
    let out = import();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(dir.path().join("collections/team.toml.bak")).expect("bak"),
        first
    );
    assert!(String::from_utf8_lossy(&std::fs::read(&target).expect("reads")).contains("second"));
}

fn history_lines(dir: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("history.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn twenty_parallel_calls_record_twenty_entries() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let children: Vec<std::process::Child> = (0..20)
        .map(|i| {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_wpx"));
            cmd.env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("WPX_CONFIG_DIR", dir.path())
                .env("WPX_ACCESS_TOKEN", common::TOKEN)
                .env("WPX_APP_SECRET", common::SECRET)
                .env("WPX_BASE_URL", server.url())
                .env("NO_PROXY", "*")
                .args(["call", "/community/groups", &format!("n={i}")])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().expect("spawns")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("waits");
        assert!(out.status.success(), "{}", stderr(&out));
        assert_no_secret(&out);
    }
    let entries = history_lines(dir.path());
    assert_eq!(entries.len(), 20, "every parallel send is recorded");
    let mut ns: Vec<String> = entries
        .iter()
        .filter_map(|e| {
            e["query"].as_array().and_then(|q| {
                q.iter()
                    .find(|p| p[0] == "n")
                    .and_then(|p| p[1].as_str().map(str::to_owned))
            })
        })
        .collect();
    ns.sort_by_key(|n| n.parse::<u32>().unwrap_or(99));
    assert_eq!(ns, (0..20).map(|i| i.to_string()).collect::<Vec<_>>());
}

#[test]
fn an_invalid_byte_in_the_history_loses_nothing() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    for _ in 0..10 {
        let out = wpx_for(dir.path(), &server)
            .args(["call", "/community/groups"])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let path = dir.path().join("history.jsonl");
    let mut bytes = std::fs::read(&path).expect("reads");
    // One more line, with a byte that is not UTF-8 inside a string.
    bytes.extend_from_slice(
        b"{\"time\":1,\"profile\":\"p\",\"method\":\"GET\",\"path\":\"/caf\xe9\",\"status\":200,\"duration_ms\":1,\"size\":1,\"preview\":\"\"}\n",
    );
    std::fs::write(&path, &bytes).expect("corrupts");

    let out = wpx_for(dir.path(), &server)
        .args(["call", "/community/groups"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let aside: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("history.jsonl.corrupt-"))
        })
        .collect();
    assert_eq!(aside.len(), 1, "the old file was moved aside: {err}");
    assert_eq!(
        std::fs::read(&aside[0]).expect("reads"),
        bytes,
        "byte for byte"
    );
    assert!(err.contains(&aside[0].display().to_string()), "{err}");
    assert_eq!(
        history_lines(dir.path()).len(),
        12,
        "the 10 good entries, the one with a bad byte (replaced by U+FFFD) and the new one"
    );
}
