//! Tests of the history: redaction, the cap, bad bytes set aside, parallel writers.
use super::*;

fn entry(n: i64) -> Entry {
    Entry {
        time: n,
        profile: "p".into(),
        method: "GET".into(),
        path: "/community/groups?access_token=SENTINEL-T&x=1".into(),
        path_params: Vec::new(),
        query: vec![
            ("appsecret_proof".into(), "abc".into()),
            ("q".into(), "has SENTINEL-T inside".into()),
        ],
        headers: vec![
            ("X-Trace".into(), "SENTINEL-T".into()),
            ("authorization".into(), "Bearer x".into()),
        ],
        body: Some("{\"token\":\"SENTINEL-T\"}".into()),
        content_type: String::new(),
        form: vec![("message".into(), "SENTINEL-S".into())],
        status: 200,
        duration_ms: 5,
        size: 10,
        preview: "echo SENTINEL-S".into(),
        note: String::new(),
        body_file: None,
    }
}

#[test]
fn secrets_are_replaced_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 10);
    let (t, s) = (Secret::new("SENTINEL-T"), Secret::new("SENTINEL-S"));
    h.record(entry(1), &[&t, &s]).expect("records");
    let text = std::fs::read_to_string(&h.path).expect("reads");
    assert!(!text.contains("SENTINEL"), "{text}");
    let (entries, warn) = h.load();
    assert!(warn.is_none());
    assert_eq!(entries[0].path, "/community/groups");
    assert!(
        entries[0]
            .query
            .iter()
            .any(|(k, v)| k == "access_token" && v == MARKER)
    );
    assert!(entries[0].query.iter().any(|(k, v)| k == "x" && v == "1"));
}

#[test]
fn capped_and_clearable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 3);
    for i in 0..5 {
        h.record(entry(i), &[]).expect("records");
    }
    let (entries, _) = h.load();
    assert_eq!(
        entries.iter().map(|e| e.time).collect::<Vec<_>>(),
        [2, 3, 4]
    );
    h.clear().expect("clears");
    assert!(h.load().0.is_empty());
    h.clear().expect("clearing twice is fine");
}

#[test]
fn a_truncated_file_is_set_aside_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 10);
    h.record(entry(1), &[]).expect("records");
    let mut text = std::fs::read_to_string(&h.path).expect("reads");
    text.push_str("{\"time\": 2, \"prof");
    std::fs::write(&h.path, text).expect("corrupts");
    let (entries, warning) = h.load();
    assert_eq!(entries.len(), 1);
    assert!(warning.is_some_and(|w| w.contains("moved to")));
    assert!(
        std::fs::read_dir(dir.path())
            .expect("dir")
            .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().contains("corrupt")))
    );
    h.record(entry(3), &[]).expect("records after");
    assert_eq!(h.load().0.len(), 2);
}

fn write_lines(h: &History, n: i64) {
    for i in 0..n {
        h.record(entry(i), &[]).expect("records");
    }
}

#[test]
fn an_invalid_byte_keeps_every_line_and_moves_the_file_aside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 100);
    write_lines(&h, 10);
    let mut bytes = std::fs::read(&h.path).expect("reads");
    bytes.extend_from_slice(
        b"{\"time\":77,\"profile\":\"p\",\"method\":\"GET\",\"path\":\"/caf\xe9\",\"status\":200,\"duration_ms\":1,\"size\":1,\"preview\":\"\"}\n",
    );
    bytes.extend_from_slice(b"not json at all \xff\n");
    std::fs::write(&h.path, &bytes).expect("corrupts");

    let warning = h
        .record(entry(100), &[])
        .expect("records")
        .expect("a warning");
    let aside: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("history.jsonl.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{warning}");
    assert_eq!(
        std::fs::read(&aside[0]).expect("reads"),
        bytes,
        "byte for byte"
    );
    assert!(
        warning.contains(&aside[0].display().to_string()),
        "{warning}"
    );
    let (entries, again) = h.load();
    assert!(again.is_none(), "the new file is clean");
    let times: Vec<i64> = entries.iter().map(|e| e.time).collect();
    assert_eq!(times, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 77, 100]);
    assert_eq!(entries[10].path, "/caf\u{fffd}");
}

#[test]
fn a_second_set_aside_never_replaces_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 100);
    for n in 0..2 {
        write_lines(&h, 1);
        let mut bytes = std::fs::read(&h.path).expect("reads");
        bytes.extend_from_slice(format!("garbage {n}\n").as_bytes());
        std::fs::write(&h.path, &bytes).expect("corrupts");
        assert!(h.load().1.is_some());
    }
    let mut kept: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("corrupt-"))
        .map(|e| std::fs::read_to_string(e.path()).expect("reads"))
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 2);
    assert!(kept[0].contains("garbage 0") && kept[1].contains("garbage 1"));
}

#[test]
fn parallel_writers_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 500);
    std::thread::scope(|s| {
        for i in 0..20 {
            let h = h.clone();
            s.spawn(move || h.record(entry(i), &[]).expect("records"));
        }
    });
    let mut times: Vec<i64> = h.load().0.iter().map(|e| e.time).collect();
    times.sort_unstable();
    assert_eq!(times, (0..20).collect::<Vec<_>>());
}

#[test]
fn parallel_writers_at_the_cap_keep_exactly_the_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 5);
    write_lines(&h, 5);
    std::thread::scope(|s| {
        for i in 10..30 {
            let h = h.clone();
            s.spawn(move || h.record(entry(i), &[]).expect("records"));
        }
    });
    let (entries, warning) = h.load();
    assert!(warning.is_none());
    assert_eq!(entries.len(), 5);
    assert!(
        entries.iter().all(|e| e.time >= 10),
        "only new entries survive the cap"
    );
}

#[test]
fn url_passwords_and_credentials_in_bodies_are_redacted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 10);
    let mut e = entry(1);
    e.path = "https://alice:fake-pass-123@graph.example.com/me?appsecret_time=1700000000".into();
    e.query = vec![(
        "redirect".into(),
        "https://bob:fake-pw@example.com/cb".into(),
    )];
    e.body = Some(
        "{\n  \"access_token\": \"fake-other-token\",\n  \"appsecret_proof\": \"fake-proof\",\n  \"message\": \"hi\"\n}"
            .into(),
    );
    e.preview = "{\"next\":\"https://h/x?access_token=fake-page-token&after=b\"}".into();
    h.record(e, &[]).expect("records");
    let text = std::fs::read_to_string(&h.path).expect("reads");
    for leaked in [
        "fake-pass-123",
        "fake-pw",
        "fake-other-token",
        "fake-proof",
        "fake-page-token",
        "1700000000",
    ] {
        assert!(!text.contains(leaked), "{leaked} in {text}");
    }
    let (entries, _) = h.load();
    let got = &entries[0];
    assert_eq!(got.path, format!("https://{MARKER}@graph.example.com/me"));
    assert_eq!(got.query[0].1, format!("https://{MARKER}@example.com/cb"));
    assert!(
        got.body
            .as_deref()
            .is_some_and(|b| b.contains("\"message\": \"hi\""))
    );
    assert!(
        got.query
            .iter()
            .any(|(k, v)| k == "appsecret_time" && v == MARKER)
    );

    let mut form = entry(2);
    form.body = Some("message=hi&access_token=fake-form-token".into());
    h.record(form, &[]).expect("records");
    let text = std::fs::read_to_string(&h.path).expect("reads");
    assert!(!text.contains("fake-form-token"), "{text}");
    assert!(text.contains("message=hi&access_token="), "{text}");
}

#[test]
fn an_entry_is_made_once_and_opens_again_as_the_request_sent() {
    use crate::core::request::{Body, Method, RequestSpec};
    let spec = RequestSpec {
        method: Method::Post,
        path: "/{group-id}/feed".into(),
        path_params: vec![("group-id".into(), "1".into())],
        query: vec![("fields".into(), "id".into())],
        headers: vec![("X-Trace".into(), "abc".into())],
        body: Body::Form(vec![("message".into(), "hi".into())]),
    };
    let e = Entry::of(
        &spec,
        "work",
        1_700_000_000,
        Outcome {
            status: 201,
            duration_ms: 12,
            body: b"{\"id\":\"1_2\"}",
        },
    );
    assert_eq!(
        (e.status, e.size, e.preview.as_str()),
        (201, 12, "{\"id\":\"1_2\"}")
    );
    let back = crate::core::draft::Draft::from_saved(&e.to_saved(), None)
        .to_spec(&crate::core::vars::Vars::default())
        .expect("complete");
    assert_eq!(back, spec, "the same request, form and header included");
    let redacted = Entry {
        query: vec![
            ("fields".into(), "id".into()),
            ("access_token".into(), MARKER.into()),
        ],
        ..e
    };
    assert_eq!(
        redacted.shown_path(),
        "/1/feed?fields=id",
        "its own parameters tell it apart; the credentials are not shown"
    );
}

/// A JSON body longer than the preview, carrying `token` somewhere inside.
fn long_body(token: &str) -> Vec<u8> {
    // The token also in a name: scrubbed by its value, not only as a parameter.
    let items: Vec<String> = (0..200)
        .map(|i| format!("{{\"id\":\"{i}\",\"name\":\"member {i} {token}\"}}"))
        .collect();
    format!(
        "{{\"data\":[{}],\"paging\":{{\"next\":\"https://graph.example/x?access_token={token}\"}}}}",
        items.join(",")
    )
    .into_bytes()
}

fn sized(n: i64, body: &[u8]) -> Entry {
    Entry {
        size: body.len(),
        preview: Entry::preview_of(body),
        ..entry(n)
    }
}

#[test]
fn a_long_body_is_kept_whole_beside_the_entry_scrubbed_and_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 10);
    let body = long_body("SENTINEL-T");
    assert!(
        body.len() > PREVIEW,
        "the body must be longer than the preview"
    );
    let t = Secret::new("SENTINEL-T");
    h.record_with_body(sized(1, &body), &body, &[&t])
        .expect("records");
    let (entries, _) = h.load();
    let name = entries[0].body_file.clone().expect("the body was kept");
    let path = dir.path().join("history-bodies").join(&name);
    let kept = std::fs::read_to_string(&path).expect("reads the kept body");
    assert!(!kept.contains("SENTINEL"), "the token is scrubbed: {kept}");
    assert!(kept.contains("member 199"), "the whole body is kept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    match h.body(&entries[0]) {
        Kept::Whole(bytes) => assert_eq!(bytes, kept.as_bytes()),
        other => panic!("expected the whole body, got {other:?}"),
    }
}

#[test]
fn a_short_body_is_whole_in_the_preview_and_a_long_one_over_the_limit_is_only_started() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = History::new(dir.path(), 10);
    h.max_body = 3000;
    h.record_with_body(sized(1, b"{\"id\":\"1\"}"), b"{\"id\":\"1\"}", &[])
        .expect("records");
    let body = long_body("x");
    assert!(body.len() > 3000);
    h.record_with_body(sized(2, &body), &body, &[])
        .expect("records");
    let (entries, _) = h.load();
    assert!(entries.iter().all(|e| e.body_file.is_none()));
    assert_eq!(h.body(&entries[0]), Kept::Whole(b"{\"id\":\"1\"}".to_vec()));
    match h.body(&entries[1]) {
        Kept::Start(start, why) => {
            assert_eq!(start.len(), PREVIEW);
            assert!(why.contains("max_body_bytes"), "{why}");
        }
        other => panic!("expected the start only, got {other:?}"),
    }
    assert!(!dir.path().join("history-bodies").exists());
}

#[test]
fn a_body_that_is_not_text_is_not_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 10);
    let body = vec![0xff_u8; 4096];
    h.record_with_body(sized(1, &body), &body, &[])
        .expect("records");
    assert!(h.load().0[0].body_file.is_none());
}

#[test]
fn the_cap_and_clear_remove_the_kept_bodies_with_their_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = History::new(dir.path(), 2);
    let bodies = dir.path().join("history-bodies");
    // A file no entry names (a write cut short before its line) goes at the next compaction.
    std::fs::create_dir_all(&bodies).expect("mkdir");
    std::fs::write(bodies.join("7-1-0.body"), "orphan").expect("writes");
    std::fs::write(bodies.join("notes.txt"), "not ours").expect("writes");
    // So does the temporary file of a body's write that was cut short.
    std::fs::write(bodies.join(".7-1-1.body.99.0.tmp"), "half").expect("writes");
    let body = long_body("x");
    for i in 0..4 {
        h.record_with_body(sized(i, &body), &body, &[])
            .expect("records");
    }
    let (entries, _) = h.load();
    assert_eq!(entries.iter().map(|e| e.time).collect::<Vec<_>>(), [2, 3]);
    let mut left: Vec<String> = std::fs::read_dir(&bodies)
        .expect("lists")
        .flatten()
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let mut named: Vec<String> = entries.iter().filter_map(|e| e.body_file.clone()).collect();
    named.push("notes.txt".into());
    named.sort();
    assert_eq!(
        left, named,
        "only the kept entries' bodies (and files not ours) stay"
    );
    h.clear().expect("clears");
    assert!(!bodies.exists() && !h.path.exists());
}

#[test]
fn a_body_file_name_wpx_did_not_write_is_never_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("secret.txt"), "outside").expect("writes");
    let h = History::new(dir.path(), 10);
    let e = Entry {
        body_file: Some("../secret.txt".into()),
        size: 5000,
        ..entry(1)
    };
    match h.body(&e) {
        Kept::Start(_, why) => assert!(why.contains("not one wpx writes"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
