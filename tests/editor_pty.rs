//! The request editor in a real terminal, against the proof-checking loopback server: a request
//! typed from nothing goes out exactly as typed, signed.

mod common;
#[path = "common/pty.rs"]
mod pty;

use pty::{assert_restored, spawn_with};

#[test]
fn a_typed_put_with_a_path_parameter_header_and_form_body_goes_out_as_typed() {
    let server = common::TestServer::start();
    let url = server.url();
    let mut s = spawn_with(&[], &common::server_env(&url), None);
    s.wait_for("Endpoints");
    s.send(b"\t"); // the request pane
    s.send(b"mm"); // GET → POST → PUT
    s.wait_for("PUT ");
    s.send(b"u\x15/custom/{thing}/path?x=1\r"); // u types the URL; Ctrl-U clears it first
    s.wait_for("Params 2");
    s.send(b"\rabc\r"); // the {thing} row, selected once the URL is typed
    s.wait_for("{thing} abc");
    s.send(b"la"); // Headers, add a row
    s.send(b"X-Trace: abc\r");
    s.wait_for("X-Trace: abc");
    s.send(b"ltt"); // Body: none → JSON → form
    s.wait_for("Body form");
    s.send(b"aa=1\r");
    s.wait_for("a = 1");
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("Unknown path components: /custom/abc/path");
    s.send(b"q"); // the request was typed and never saved: q asks once
    s.wait_for("q again quits");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert_restored(&s.raw());

    let seen = server.seen();
    let req = seen.last().expect("a request");
    assert_eq!(req.method, "PUT");
    assert_eq!(req.path, "/custom/abc/path");
    assert_eq!(req.param("x"), Some("1"));
    let time: i64 = req
        .param("appsecret_time")
        .expect("a proof time")
        .parse()
        .expect("a number");
    assert_eq!(
        req.param("appsecret_proof"),
        Some(common::hmac_hex(common::SECRET, &format!("{}|{time}", common::TOKEN)).as_str()),
        "a fresh proof for this send"
    );
    assert_eq!(
        req.headers.get("x-trace").and_then(|v| v.to_str().ok()),
        Some("abc")
    );
    assert_eq!(
        req.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(req.body, b"a=1");
}
