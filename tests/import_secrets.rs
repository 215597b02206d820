//! Imports keep no secret on disk: `wpx import postman` and `wpx import curl` drop secret-looking
//! variables, reserved parameters and credentials, and name each on stderr without its value.

mod common;

use common::{SECRET, TOKEN, assert_no_secret, wpx};

#[test]
fn postman_and_curl_imports_write_no_secret() {
    let dir = tempfile::tempdir().expect("tempdir");
    let collection = serde_json::json!({
        "info": {"name": "Leaky", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "X-Api-Key", "value": SECRET}, {"key": "userPassword", "value": SECRET}, {"key": "group_id", "value": "42"}],
        "item": [
            {"name": "Post", "request": {"method": "POST", "url": format!("https://me:{SECRET}@graph.workplace.com/me/feed?access_token={TOKEN}"),
             "body": {"mode": "raw", "raw": format!("{{\"message\": \"hi\", \"appsecret_proof\": \"{SECRET}\"}}")}}},
            {"name": "Form", "request": {"method": "POST", "url": "https://graph.workplace.com/me/feed",
             "body": {"mode": "urlencoded", "urlencoded": [{"key": "access_token", "value": TOKEN}, {"key": "message", "value": "hi"}]}}}
        ]
    });
    let file = dir.path().join("leaky.json");
    std::fs::write(&file, collection.to_string()).expect("write");
    let out = wpx(dir.path())
        .args(["import", "postman"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    for name in [
        "X-Api-Key",
        "userPassword",
        "user name and password",
        "access_token",
        "appsecret_proof",
    ] {
        assert!(err.contains(name), "no warning names {name}:\n{err}");
    }
    let env = serde_json::json!({"name": "Env", "values": [{"key": "client_secret", "value": SECRET}, {"key": "group_id", "value": "1"}]});
    let env_file = dir.path().join("env.json");
    std::fs::write(&env_file, env.to_string()).expect("write");
    let out = wpx(dir.path())
        .args(["import", "postman"])
        .arg(&env_file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("client_secret"));
    let curl = format!(
        "curl -u me:{SECRET} -d 'access_token={TOKEN}&message=hi' 'https://graph.workplace.com/me/feed'"
    );
    let out = wpx(dir.path())
        .args(["import", "curl", "--into", "Mine", "--name", "Post"])
        .write_stdin(curl)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("access_token") && err.contains("user name and password"),
        "{err}"
    );
    // The files imported from hold the secrets; everything wpx wrote must not.
    std::fs::remove_file(&file).expect("remove");
    std::fs::remove_file(&env_file).expect("remove");
    let n = common::assert_no_secret_on_disk(dir.path());
    assert!(
        n >= 3,
        "two collections and an environment were written ({n} files)"
    );
}
