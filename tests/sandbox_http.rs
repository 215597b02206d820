//! The sandbox over HTTP, where only the bytes show it: `pretty=1` and multipart uploads.

use serde_json::Value;
use wpx::sandbox::{Options, Sandbox};

/// The demo app that needs no proof (every permission), so raw HTTP needs no signing.
const TOKEN: &str = "wpx-sandbox-token-noproof";

#[tokio::test]
async fn pretty_indents_the_json_and_the_default_is_compact() {
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox");
    let client = reqwest::Client::new();
    let get = |q: &'static str| {
        client
            .get(format!("{}/community?access_token={TOKEN}{q}", sb.base_url))
            .send()
    };
    let compact = get("").await.expect("send").text().await.expect("text");
    let pretty = get("&pretty=1")
        .await
        .expect("send")
        .text()
        .await
        .expect("text");
    assert!(!compact.contains('\n'), "{compact}");
    assert!(pretty.starts_with("{\n  \""), "{pretty}");
    let a: Value = serde_json::from_str(&compact).expect("json");
    let b: Value = serde_json::from_str(&pretty).expect("json");
    assert_eq!(a, b, "the same answer");
}

#[tokio::test]
async fn a_multipart_upload_makes_a_video_that_reads_back() {
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox");
    let group = sb.seed.groups[0].clone();
    let boundary = "wpxBoundary7MA4YWxk";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nAll-hands\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"source\"; filename=\"allhands.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
        )
        .as_bytes(),
    );
    // 3 MiB: past axum's 2 MiB default for multipart, within the sandbox's 16 MiB body limit.
    body.extend_from_slice(&vec![0u8; 3 << 20]);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let client = reqwest::Client::new();
    let r = client
        .post(format!(
            "{}/{group}/videos?access_token={TOKEN}",
            sb.base_url
        ))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    let made: Value = r.json().await.expect("json");
    let id = made["id"].as_str().expect("an id").to_owned();
    let back: Value = client
        .get(format!(
            "{}/{id}?fields=title,source&access_token={TOKEN}",
            sb.base_url
        ))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(back["title"], "All-hands", "{back}");
    assert!(
        back["source"]
            .as_str()
            .expect("present")
            .ends_with("/allhands.mp4"),
        "{back}"
    );
    let broken = client
        .post(format!(
            "{}/{group}/videos?access_token={TOKEN}",
            sb.base_url
        ))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body("--nonsense")
        .send()
        .await
        .expect("send");
    assert_eq!(
        broken.status(),
        400,
        "a malformed body is refused, not a crash"
    );
    assert!(broken.headers().contains_key("x-fb-trace-id"));
    let err: Value = broken.json().await.expect("Graph's JSON error");
    let msg = err["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("multipart body could not be read"), "{err}");
}

#[tokio::test]
async fn a_members_picture_redirects_to_an_image_the_sandbox_serves() {
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox");
    let member = sb.seed.members[0].clone();
    // reqwest follows the redirect, as a browser or `curl -L` does.
    let r = reqwest::get(format!(
        "{}/{member}/picture?access_token={TOKEN}",
        sb.base_url
    ))
    .await
    .expect("send");
    assert_eq!(r.status(), 200);
    assert!(
        r.url().path().starts_with("/_sandbox/media/profile/"),
        "{}",
        r.url()
    );
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    let bytes = r.bytes().await.expect("body");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
}

#[tokio::test]
async fn the_subscriptions_edge_answers_with_a_trace_id_too() {
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox");
    let app_id = sb.engine.lock().expect("engine").apps[0].app_id.clone();
    let r = reqwest::get(format!("{}/v23.0/{app_id}/subscriptions", sb.base_url))
        .await
        .expect("send");
    assert!(r.status().is_client_error(), "no token: {}", r.status());
    let trace = r
        .headers()
        .get("x-fb-trace-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .expect("a trace id");
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["error"]["fbtrace_id"], trace.as_str());
}

#[tokio::test]
async fn a_body_past_the_limit_is_refused_in_graphs_shape() {
    let sb = Sandbox::start(0, Options::default())
        .await
        .expect("sandbox");
    let r = reqwest::Client::new()
        .post(format!("{}/me/feed?access_token={TOKEN}", sb.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 17 << 20])
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 413);
    assert!(r.headers().contains_key("x-fb-trace-id"));
    let err: Value = r.json().await.expect("Graph's JSON error");
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("16 MiB")),
        "{err}"
    );
}
