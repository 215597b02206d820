//! The sandbox's SCIM filter (`GET /scim/v2/Users?filter=…&startIndex=…&count=…`) and its batch
//! parameter (`POST /` with `batch=[…]`), through the engine as the server calls it.

use std::cell::RefCell;

use proptest::strategy::BoxedStrategy;
use serde_json::Value;
use wpx::core::request::Method;
use wpx::core::sign::hmac_sha256_hex;
use wpx::sandbox::engine::{Engine, Options, SReq, SResp};

const NOW: i64 = 1_800_000_000;
/// A fresh engine after this many batch cases, so writes do not pile up.
const FRESH_EVERY: u32 = 200;

thread_local! {
    static ENGINE: RefCell<Option<(Engine, u32)>> = const { RefCell::new(None) };
}

/// Runs `f` on the shared engine, made fresh every `FRESH_EVERY` uses.
fn with_engine<T>(f: impl FnOnce(&mut Engine) -> T) -> T {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(_, n)| *n >= FRESH_EVERY) {
            let e =
                Engine::new("http://sandbox.test", Options::default()).expect("the sandbox starts");
            *slot = Some((e, 0));
        }
        let (e, n) = slot.as_mut().expect("an engine");
        *n += 1;
        f(e)
    })
}

/// A signed request from the first app that may manage accounts (it may do everything).
fn call(
    e: &mut Engine,
    method: Method,
    path: &str,
    mut query: Vec<(String, String)>,
    form: Vec<(String, String)>,
) -> SResp {
    let app = e
        .apps
        .iter()
        .find(|a| a.has("manage_accounts"))
        .expect("an app with manage_accounts")
        .clone();
    query.push((
        "appsecret_proof".into(),
        hmac_sha256_hex(
            app.app_secret.as_bytes(),
            format!("{}|{NOW}", app.access_token).as_bytes(),
        ),
    ));
    query.push(("appsecret_time".into(), NOW.to_string()));
    let req = SReq {
        method,
        path: path.to_owned(),
        query,
        form,
        headers: vec![
            (
                "authorization".into(),
                format!("Bearer {}", app.access_token),
            ),
            ("user-agent".into(), "wpx-fuzz".into()),
        ],
        ..SReq::default()
    };
    e.handle(&req, NOW)
}

const SCIM_SEEDS: &[&str] = &[
    "userName eq \"member1@example.com\"",
    "externalId eq \"ext-1\"\n2\n5",
    "USERNAME EQ member1@example.com\n0\n0",
    "userName eq \"\"\n18446744073709551615\n18446744073709551615",
    "emails[type eq \"work\"] co \"x\"\n-1\nabc",
];

const SCIM_DICT: &[&str] = &[
    " ",
    "\"",
    "eq",
    "EQ",
    "userName",
    "externalId",
    "and",
    "or",
    "not",
    "(",
    ")",
    "[",
    "]",
    "\n",
    "0",
    "1",
    "99999999999999999999",
    "-",
    "é",
    "\u{0}",
];

const SCIM_NESTS: &[(&str, &str)] = &[("(", ")"), ("not (", ")")];

pub fn scim_input() -> BoxedStrategy<Vec<u8>> {
    crate::mutate::input(
        "scim_filter",
        SCIM_SEEDS,
        "a-zA-Z \"=\n0-9@.()",
        SCIM_DICT,
        SCIM_NESTS,
    )
}

/// Input: the filter, then optional lines for startIndex and count.
pub fn check_scim(raw: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(raw);
    let mut lines = text.splitn(3, '\n');
    let mut query = vec![(
        "filter".to_owned(),
        lines.next().unwrap_or_default().to_owned(),
    )];
    for (name, value) in ["startIndex", "count"].into_iter().zip(lines) {
        query.push((name.to_owned(), value.to_owned()));
    }
    with_engine(|e| {
        for path in ["/scim/v2/Users", "/scim/v2/Groups"] {
            let r = call(e, Method::Get, path, query.clone(), Vec::new());
            match r.status {
                200 => {
                    let n = r.body["Resources"].as_array().map(Vec::len);
                    if n.is_none_or(|n| n > 100)
                        || r.body["itemsPerPage"].as_u64() != n.map(|n| n as u64)
                    {
                        return Err(format!(
                            "{path}: a page that breaks its own counts: {}",
                            r.body
                        ));
                    }
                }
                400 if r.body["detail"].is_string() => {}
                s => return Err(format!("{path}: status {s}: {}", r.body)),
            }
        }
        Ok(())
    })
}

const BATCH_SEEDS: &[&str] = &[
    r#"[{"method":"GET","relative_url":"me"},{"method":"GET","relative_url":"community/groups?fields=id,name&limit=2"},{"method":"POST","relative_url":"me/feed","body":"message=hi"}]"#,
    r#"[{"relative_url":"v19.0/community?fields=members.limit(1){name}"},{"method":"DELETE","relative_url":"123"},{"relative_url":"?ids=1,2"}]"#,
    r#"[{"method":"PURGE","relative_url":"me"}]"#,
    r#"[{"method":"GET"}]"#,
    "[]",
    r#"{"method":"GET","relative_url":"me"}"#,
];

const BATCH_DICT: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\"method\":\"POST\"",
    "\"relative_url\":\"",
    "\"body\":\"",
    "me",
    "/",
    "?",
    "&",
    "=",
    "fields=",
    "{name}",
    "v19.0/",
    "%",
    "community",
    "feed",
    "members",
    "null",
    "1",
];

const BATCH_NESTS: &[(&str, &str)] = &[("[", "]"), ("{\"a\":", "}")];

pub fn batch_input() -> BoxedStrategy<Vec<u8>> {
    crate::mutate::input(
        "batch",
        BATCH_SEEDS,
        "\\[\\]{}\":,a-z/?=&",
        BATCH_DICT,
        BATCH_NESTS,
    )
}

/// Input: the `batch` parameter.
pub fn check_batch(raw: &[u8]) -> Result<(), String> {
    let batch = String::from_utf8_lossy(raw).into_owned();
    let ops = serde_json::from_str::<Vec<Value>>(&batch).ok();
    with_engine(|e| {
        let r = call(
            e,
            Method::Post,
            "/",
            Vec::new(),
            vec![("batch".into(), batch)],
        );
        match (&ops, r.status) {
            (Some(ops), 200) => {
                let results = r
                    .body
                    .as_array()
                    .ok_or("a batch answer that is not an array")?;
                if results.len() != ops.len() {
                    return Err(format!(
                        "{} operations, {} results",
                        ops.len(),
                        results.len()
                    ));
                }
                if let Some(bad) = results.iter().zip(ops).find(|(x, op)| {
                    // Only a named operation's answer may be omitted (`null`).
                    let omitted = x.is_null() && op.get("name").is_some_and(Value::is_string);
                    !omitted && (!x["code"].is_u64() || !x["body"].is_string())
                }) {
                    let bad = bad.0;
                    return Err(format!("a result without code or body: {bad}"));
                }
                Ok(())
            }
            (None, 200) => Err("a batch that is not a JSON array was run".into()),
            (_, 400) if r.body["error"]["message"].is_string() => Ok(()),
            (_, s) => Err(format!("status {s}: {}", r.body)),
        }
    })
}
