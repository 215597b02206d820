//! The curl parser (and the import filter it applies).

use proptest::strategy::BoxedStrategy;
use serde_json::Value;
use wpx::core::curl::{parse, shell_words};
use wpx::core::import_filter::{is_reserved, strip_userinfo};

const SEEDS: &[&str] = &[
    r#"curl -X POST 'https://graph.workplace.com/123/feed?access_token=fake-token-123&fields=id' -H 'Authorization: Bearer x' -H 'Content-Type: application/json' --data-raw '{"message":"hi","access_token":"fake"}'"#,
    "curl -d message=hi -d link=x https://graph.facebook.com/me/feed",
    "curl -G --data-urlencode 'q=a b' --data-urlencode access_token=x https://example.com/search",
    "curl -u me:fake-pass-123 -F 'f=@/tmp/x' -F appsecret_proof=p https://me:pw@example.com/x?y=1#frag",
    "curl \\\n  --url \"https://graph.workplace.com/me\" \\\n  -H \"X: \\\"q\\\"\" -k -s --compressed",
    "curl https://graph.workplace.com/me --oauth2-bearer fake -x http://u:p@proxy:8080 -usomeone:pw",
    "curl -d @body.json -d '[1,{\"appsecret_time\":1}]' http://[::1]:8080/",
];

const DICT: &[&str] = &[
    " ",
    "'",
    "\"",
    "\\",
    "\\\n",
    "-d ",
    "-G ",
    "-u ",
    "-F ",
    "-H ",
    "-X ",
    "--url ",
    "--data-urlencode ",
    "access_token=",
    "appsecret_proof",
    "&",
    "=",
    "@",
    "?",
    "#",
    "://",
    "https://",
    "{",
    "}",
    "[",
    "]",
    "%",
    "%00",
    "é",
    "\u{0}",
];

const NESTS: &[(&str, &str)] = &[("'{\"a\":", "}'"), ("[", "]"), ("\"", "\"")];

pub fn input() -> BoxedStrategy<Vec<u8>> {
    crate::mutate::input("curl", SEEDS, "a-z'\"\\\\ =&@:/?.{}\\[\\]-", DICT, NESTS)
}

fn reserved_key(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => o.iter().find_map(|(k, v)| {
            if is_reserved(k) {
                Some(k.clone())
            } else {
                reserved_key(v)
            }
        }),
        Value::Array(a) => a.iter().find_map(reserved_key),
        _ => None,
    }
}

pub fn check(raw: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(raw);
    let _ = shell_words(&text);
    let Ok((r, _warnings)) = parse(&text, "fuzz") else {
        return Ok(());
    };
    if let Some(p) = r.query.iter().chain(&r.form).find(|p| is_reserved(&p.name)) {
        return Err(format!("{} was kept", p.name));
    }
    if let Some(k) = r
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str::<Value>(b).ok())
        .as_ref()
        .and_then(reserved_key)
    {
        return Err(format!("{k} was kept in the JSON body"));
    }
    if strip_userinfo(&r.path).is_some() {
        return Err(format!("user info kept in {:?}", r.path));
    }
    Ok(())
}
