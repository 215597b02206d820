//! `}` in the real binary, against a sandbox whose pages take 150 ms: the progress counts pages in
//! the title, and Esc stops within the page in flight, showing the pages that came.

mod common;
#[path = "common/pty.rs"]
mod pty;

use wpx::sandbox::{LARGE_GROUP_ID, Options};

/// The number after `pages ` in the last place it appears on the screen.
fn pages_in(text: &str) -> Option<usize> {
    let at = text.rfind("pages ")?;
    text[at + 6..]
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[test]
fn esc_stops_a_fetch_of_every_page_within_one_page() {
    let running = common::start_sandbox(Options {
        large_group: Some(2_000),
        latency_ms: 150,
        ..Options::default()
    });
    let app = running.sb.app("all").expect("demo app").clone();
    let env = [
        ("WPX_BASE_URL", running.sb.base_url.as_str()),
        ("WPX_ACCESS_TOKEN", app.access_token.as_str()),
        ("WPX_APP_SECRET", app.app_secret.as_str()),
    ];
    let mut s = pty::spawn_with(&[], &env, None);
    s.wait_for("127.0.0.1");
    s.send(format!("u/{LARGE_GROUP_ID}/members?limit=10\r").as_bytes());
    s.wait_for("limit = 10");
    s.send(b"}");
    s.wait_for("fetching every page (Esc stops): pages 3");
    let before = pages_in(&s.screen()).expect("a page count on screen");
    s.send(b"\x1b");
    s.wait_for("stopped (Esc): the pages that came");
    let screen = s.screen();
    let after = pages_in(&screen).expect("the final count");
    // 200 pages were there to fetch; it stopped with at most the page in flight more.
    assert!(
        after >= before && after <= before + 1,
        "{before} pages on screen at Esc, {after} at the end:\n{screen}"
    );
    assert!(
        screen.contains(&format!("items {}", after * 10)),
        "{screen}"
    );
    assert!(
        screen.contains("200 OK"),
        "the pages that came are shown:\n{screen}"
    );
    s.send(b"\x03");
    assert!(s.wait_exit().success());
}
