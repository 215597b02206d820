use super::*;

const SECRET: &[u8] = b"fake-app-secret-for-tests";
const BODY: &[u8] = br#"{"object": "group", "entry": [{"id": "1", "time": 2, "changes": [{"field": "posts", "value": {"post_id": "1_9"}}]}]}"#;

#[test]
fn a_signed_body_verifies_over_its_exact_bytes() {
    let (s256, s1) = sign(SECRET, BODY);
    assert!(s256.starts_with("sha256=") && s256.len() == 7 + 64);
    assert_eq!(
        verify(SECRET, BODY, Some(&s256), None),
        Verdict::Verified("sha256")
    );
    assert_eq!(
        verify(SECRET, BODY, None, Some(&s1)),
        Verdict::Verified("sha1")
    );
    // An independent HMAC agrees.
    assert_eq!(
        s256,
        format!(
            "sha256={}",
            crate::core::sign::hmac_sha256_hex(SECRET, BODY)
        )
    );
}

#[test]
fn one_changed_byte_a_missing_header_or_a_malformed_one_is_refused() {
    let (s256, _) = sign(SECRET, BODY);
    let mut changed = BODY.to_vec();
    changed[20] ^= 1;
    assert_eq!(
        verify(SECRET, &changed, Some(&s256), None),
        Verdict::Rejected(Rejection::Mismatch {
            reserialised: false
        })
    );
    assert_eq!(
        verify(SECRET, BODY, None, None),
        Verdict::Rejected(Rejection::Missing)
    );
    assert!(matches!(
        verify(SECRET, BODY, Some("sha256=zz"), None),
        Verdict::Rejected(Rejection::Malformed(_))
    ));
    assert!(matches!(
        verify(SECRET, BODY, Some("md5=00"), None),
        Verdict::Rejected(Rejection::Malformed(_))
    ));
    let other = sign(b"another-secret", BODY).0;
    assert!(matches!(
        verify(SECRET, BODY, Some(&other), None),
        Verdict::Rejected(Rejection::Mismatch { .. })
    ));
    assert!(
        Rejection::Mismatch {
            reserialised: false
        }
        .to_string()
        .starts_with("signature mismatch")
    );
}

#[test]
fn signing_re_serialised_json_is_named_as_the_senders_bug() {
    let v: Value = serde_json::from_slice(BODY).expect("json");
    let compact = serde_json::to_vec(&v).expect("bytes");
    let (wrong, _) = sign(SECRET, &compact);
    let verdict = verify(SECRET, BODY, Some(&wrong), None);
    assert_eq!(
        verdict,
        Verdict::Rejected(Rejection::Mismatch { reserialised: true })
    );
    if let Verdict::Rejected(r) = verdict {
        assert!(r.to_string().contains("re-serialised"));
    }
}

#[test]
fn the_handshake_answers_the_challenge_only_for_the_right_token() {
    let q = |t: &str| {
        vec![
            ("hub.mode".to_owned(), "subscribe".to_owned()),
            ("hub.verify_token".to_owned(), t.to_owned()),
            ("hub.challenge".to_owned(), "1158201444".to_owned()),
        ]
    };
    assert_eq!(challenge(&q("tok"), Some("tok")), Ok("1158201444".into()));
    assert!(challenge(&q("nope"), Some("tok")).is_err_and(|e| e.contains("does not match")));
    assert!(challenge(&q("tok"), None).is_err_and(|e| e.contains("--verify-token-env")));
    assert!(challenge(&[], Some("tok")).is_err());
}

#[test]
fn the_summary_names_object_entries_and_fields() {
    let s = summary(BODY);
    assert_eq!(s.object, "group");
    assert_eq!(s.entries, ["1"]);
    assert_eq!(s.fields, ["posts"]);
    let m = summary(br#"{"object":"page","entry":[{"id":"5","messaging":[{}]}]}"#);
    assert_eq!(m.fields, ["messaging"]);
    assert_eq!(summary(b"not json"), Summary::default());
}

#[test]
fn sha1_signature_matches_python() {
    // hmac.new(b"secret", b'{"a":1}', hashlib.sha1).hexdigest()
    assert_eq!(
        sign(b"secret", br#"{"a":1}"#).1,
        "sha1=f8446672f033e4b2beafc5ca3a71eafcd2cafb6e"
    );
}
