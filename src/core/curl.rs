//! curl commands, in and out: parse one into a saved request; write one that reads the token from
//! `$WPX_ACCESS_TOKEN` instead of embedding it.

use super::collection::{Pair, SavedRequest};
use super::import_filter::{USERINFO_WARNING, strip_request, strip_userinfo};
use super::request::{Body, BuiltRequest, Method};

/// Splits a shell command line into words: single and double quotes, backslash escapes and
/// line continuations, as a POSIX shell reads them (no expansion).
pub fn shell_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err("unterminated ' quote in the curl command".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            Some('\n') => {}
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return Err("unterminated \" quote in the curl command".into()),
                        },
                        Some(x) => cur.push(x),
                        None => return Err("unterminated \" quote in the curl command".into()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(x) => {
                    in_word = true;
                    cur.push(x);
                }
            },
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Hosts whose paths are kept without the host, so the request works with any profile.
const GRAPH_HOSTS: [&str; 3] = [
    "graph.workplace.com",
    "graph.facebook.com",
    "scim.workplace.com",
];

/// Parses a curl command into a request named `name`, with warnings for what was left out.
pub fn parse(cmd: &str, name: &str) -> Result<(SavedRequest, Vec<String>), String> {
    parse_words(shell_words(cmd.trim())?, name)
}

/// [`parse`] for a command already split into words (given as arguments after `--`). The first
/// word is `curl` (or a path to it), or already an option or the URL; any other program is
/// refused.
pub fn parse_words(words: Vec<String>, name: &str) -> Result<(SavedRequest, Vec<String>), String> {
    let mut it = words.into_iter().peekable();
    match it.peek().map(String::as_str) {
        Some(w) if w == "curl" || w.ends_with("/curl") => {
            it.next();
        }
        Some(w) if w.starts_with('-') || w.starts_with("http") || w.starts_with('/') => {}
        Some(w) => {
            return Err(format!(
                "this is not a curl command: it starts with '{}'. Give `curl …`, e.g. wpx import curl -- curl -X POST https://…",
                crate::core::text::clip(w, 40)
            ));
        }
        None => return Err("the curl command is empty".into()),
    }
    let mut method: Option<Method> = None;
    let mut url: Option<String> = None;
    let mut data: Vec<String> = Vec::new();
    let mut form: Vec<Pair> = Vec::new();
    let mut get = false;
    let mut warnings = Vec::new();
    let mut headers: Vec<Pair> = Vec::new();
    let mut content_type = String::new();
    while let Some(w) = it.next() {
        let mut value = |flag: &str| it.next().ok_or_else(|| format!("{flag} needs a value"));
        match w.as_str() {
            "-X" | "--request" => {
                method = Some(
                    value(&w)?
                        .parse()
                        .map_err(|e: super::request::BuildError| e.to_string())?,
                )
            }
            "-H" | "--header" => {
                let h = value(&w)?;
                let (k, v) = h.split_once(':').unwrap_or((h.as_str(), ""));
                let (k, v) = (k.trim(), v.trim());
                if k.eq_ignore_ascii_case("content-type") {
                    content_type = v.to_owned();
                } else if k.eq_ignore_ascii_case("user-agent") {
                    warnings.push("the User-Agent was not kept: wpx sends the profile's".into());
                } else if !k.is_empty() {
                    // Authorization and credential-like headers are dropped by `strip_request`.
                    headers.push(Pair::new(k, v));
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii"
            | "--data-urlencode" => {
                let d = value(&w)?;
                if d.starts_with('@') {
                    warnings.push(format!("{w} {d}: data from a file was not read"));
                } else {
                    data.push(d);
                }
            }
            "-F" | "--form" | "--form-string" => {
                let f = value(&w)?;
                let (k, v) = f.split_once('=').unwrap_or((f.as_str(), ""));
                if v.starts_with('@') {
                    warnings.push(format!("form field {k}: a file upload was not kept"));
                } else {
                    form.push(Pair::new(k, v));
                }
            }
            "-G" | "--get" => get = true,
            "-I" | "--head" => method = Some(Method::Head),
            "--url" => url = Some(value(&w)?),
            "-u" | "--user" | "-U" | "--proxy-user" => {
                let _ = value(&w)?;
                warnings.push(format!(
                    "{w}: the user name and password were dropped: wpx signs with the profile's token"
                ));
            }
            "--oauth2-bearer" | "--pass" => {
                let _ = value(&w)?;
                warnings.push(format!(
                    "{w}: the credential was dropped: wpx signs with the profile's token"
                ));
            }
            "-x" | "--proxy" => {
                let _ = value(&w)?;
                warnings.push(format!(
                    "{w} was ignored: wpx uses the proxy of the environment"
                ));
            }
            "-A" | "--user-agent" | "-o" | "--output" | "-e" | "--referer" | "-b" | "--cookie"
            | "-m" | "--max-time" | "--connect-timeout" => {
                let _ = value(&w)?;
                warnings.push(format!("{w} was ignored"));
            }
            f if f.len() > 2 && (f.starts_with("-u") || f.starts_with("-U")) => {
                warnings.push(format!(
                    "{}: the user name and password were dropped: wpx signs with the profile's token",
                    &f[..2]
                ));
            }
            "-k" | "--insecure" => {
                warnings.push("--insecure was ignored: wpx always checks certificates".into())
            }
            f if f.starts_with('-') => {}
            _ => url = Some(w),
        }
    }
    let mut url = url.ok_or("the curl command has no URL")?;
    if let Some(clean) = strip_userinfo(&url) {
        url = clean;
        warnings.push(USERINFO_WARNING.to_owned());
    }
    // The message names the URL without its query, which may hold a token.
    let parsed = url::Url::parse(&url).map_err(|_| {
        let shown = url.split(['?', '#']).next().unwrap_or_default();
        format!("'{shown}' is not a URL")
    })?;
    let mut query: Vec<Pair> = parsed.query_pairs().map(|(k, v)| Pair::new(k, v)).collect();
    let keep_host = !parsed.host_str().is_some_and(|h| GRAPH_HOSTS.contains(&h));
    let path = if keep_host {
        let mut u = parsed.clone();
        u.set_query(None);
        u.to_string()
    } else {
        parsed.path().to_owned()
    };
    let joined = data.join("&");
    let mut body = None;
    if !data.is_empty() {
        let t = joined.trim_start();
        let ct = content_type.to_ascii_lowercase();
        if (t.starts_with('{') || t.starts_with('[')) && !get && !ct.contains("form") {
            body = Some(joined.clone());
        } else if !get && !ct.is_empty() && !ct.contains("form") {
            // Text of another type: kept as it is, with its content type.
            body = Some(joined.clone());
        } else {
            let pairs: Vec<Pair> = url::form_urlencoded::parse(joined.as_bytes())
                .map(|(k, v)| Pair::new(k, v))
                .collect();
            if get {
                query.extend(pairs)
            } else {
                form.extend(pairs)
            }
        }
    }
    let method = method.unwrap_or(if (body.is_some() || !form.is_empty()) && !get {
        Method::Post
    } else {
        Method::Get
    });
    let mut req = SavedRequest {
        name: name.to_owned(),
        folder: String::new(),
        method,
        path,
        description: "imported from curl".to_owned(),
        path_params: Vec::new(),
        query,
        headers,
        content_type: match &body {
            Some(_)
                if !content_type.is_empty()
                    && !content_type.to_ascii_lowercase().contains("json") =>
            {
                content_type
            }
            _ => String::new(),
        },
        body,
        form,
    };
    warnings.extend(strip_request(&mut req, ""));
    Ok((req, warnings))
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A curl command for a built request, with the token read from `$WPX_ACCESS_TOKEN`.
pub fn render(built: &BuiltRequest, body: &Body) -> String {
    render_with(built, body, None)
}

/// A curl command that carries `public_token` itself, for the sandbox's demo apps only: their
/// tokens are public fake values, so the command works as pasted.
pub fn render_with_public_token(built: &BuiltRequest, body: &Body, public_token: &str) -> String {
    render_with(built, body, Some(public_token))
}

fn render_with(built: &BuiltRequest, body: &Body, public_token: Option<&str>) -> String {
    let mut cmd = match public_token {
        Some(t) => format!(
            "curl -sS -H {}",
            quote(&format!("Authorization: Bearer {t}"))
        ),
        None => String::from("curl -sS -H \"Authorization: Bearer $WPX_ACCESS_TOKEN\""),
    };
    match built.method {
        Method::Get => {}
        Method::Head => cmd.push_str(" -I"),
        m => cmd.push_str(&format!(" -X {m}")),
    }
    for (k, v) in &built.headers {
        cmd.push_str(&format!(" -H {}", quote(&format!("{k}: {v}"))));
    }
    match body {
        Body::Raw { content_type, text } => cmd.push_str(&format!(
            " -H {} --data-raw {}",
            quote(&format!("Content-Type: {content_type}")),
            quote(text)
        )),
        Body::Json(text) => cmd.push_str(&format!(
            " -H 'Content-Type: application/json' --data-raw {}",
            quote(text)
        )),
        Body::Form(fields) => {
            for (k, v) in fields {
                cmd.push_str(&format!(" --data-urlencode {}", quote(&format!("{k}={v}"))));
            }
        }
        Body::None => {}
    }
    cmd.push_str(&format!(" {}", quote(built.url.as_str())));
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_like_a_shell() {
        assert_eq!(
            shell_words(
                r#"curl -H 'a b' "c \"d\"" e\ f \
  g"#
            )
            .expect("splits"),
            ["curl", "-H", "a b", "c \"d\"", "e f", "g"]
        );
        assert!(shell_words("curl 'open").is_err());
    }

    #[test]
    fn parses_a_graph_post() {
        let cmd = r#"curl -X POST 'https://graph.workplace.com/123/feed?access_token=SECRETISH&fields=id' -H 'Authorization: Bearer x' -H 'Content-Type: application/json' --data-raw '{"message":"hi"}'"#;
        let (r, w) = parse(cmd, "post").expect("parses");
        assert_eq!((r.method, r.path.as_str()), (Method::Post, "/123/feed"));
        assert_eq!(r.query, [Pair::new("fields", "id")]);
        assert_eq!(r.body.as_deref(), Some(r#"{"message":"hi"}"#));
        assert!(
            w.iter().any(|x| x.contains("access_token"))
                && w.iter().any(|x| x.contains("Authorization"))
        );
    }

    #[test]
    fn headers_and_body_kinds_are_kept_and_round_trip() {
        let cmd = r#"curl -X PUT 'https://graph.workplace.com/1/x' -H 'X-Trace: abc' -H 'Cookie: c=fake-token-123' -H 'Content-Type: text/csv' --data-binary 'a,b'"#;
        let (r, w) = parse(cmd, "put").expect("parses");
        assert_eq!(r.method, Method::Put);
        assert_eq!(r.headers, [Pair::new("X-Trace", "abc")]);
        assert!(
            w.iter().any(|x| x.contains("header Cookie was dropped")),
            "{w:?}"
        );
        assert_eq!(
            (r.body.as_deref(), r.content_type.as_str()),
            (Some("a,b"), "text/csv")
        );
        let (h, _) = parse("curl -I https://graph.workplace.com/me", "h").expect("parses");
        assert_eq!(h.method, Method::Head);
        // What wpx renders parses back to the same request.
        let spec = crate::core::draft::Draft::from_saved(&r, None)
            .to_spec(&crate::core::vars::Vars::default())
            .expect("complete");
        let target = crate::core::request::Target {
            base_url: url::Url::parse("https://graph.workplace.com").expect("url"),
            graph_version: None,
            proof: crate::core::sign::ProofMode::Off,
            token_in: crate::core::request::TokenIn::Header,
            allowed_hosts: Vec::new(),
            profile: "t".into(),
        };
        let creds = crate::core::request::Credentials {
            access_token: crate::core::secret::Secret::new("fake-token-123"),
            app_secret: None,
        };
        let built = crate::core::request::build(&spec, &target, &creds, 0).expect("builds");
        let (back, _) = parse(&render(&built, &spec.body), "back").expect("parses back");
        assert_eq!(
            (back.method, back.headers, back.body, back.content_type),
            (r.method, r.headers, r.body, r.content_type)
        );
    }

    /// Parses `cmd`; nothing in the request or the warnings holds a fake secret.
    fn parse_clean(cmd: &str) -> (SavedRequest, String) {
        let (r, w) = parse(cmd, "r").expect("parses");
        let w = w.join("\n");
        for text in [format!("{r:?}"), w.clone()] {
            for f in ["fake-token-123", "fake-pass-123", "fake-proof-123"] {
                assert!(!text.contains(f), "{f} is kept from {cmd}:\n{text}");
            }
        }
        (r, w)
    }

    #[test]
    fn reserved_parameters_are_dropped_from_data() {
        let (r, w) = parse_clean(
            "curl -d 'message=hi&access_token=fake-token-123' -d appsecret_time=1 https://graph.workplace.com/me/feed",
        );
        assert_eq!(r.form, [Pair::new("message", "hi")]);
        assert!(
            w.contains("access_token was dropped") && w.contains("appsecret_time was dropped"),
            "{w}"
        );
        let (r, w) = parse_clean(
            r#"curl -H 'Content-Type: application/json' --data-binary '{"message":"hi","access_token":"fake-token-123","x":{"appsecret_proof":"fake-proof-123"}}' https://graph.workplace.com/me/feed"#,
        );
        assert_eq!(r.body.as_deref(), Some(r#"{"message":"hi","x":{}}"#));
        assert!(w.contains("access_token was dropped from the body"), "{w}");
        let (r, w) = parse_clean(
            "curl -G --data-urlencode 'access_token=fake-token-123' --data-urlencode 'q=a b' https://graph.workplace.com/search",
        );
        assert_eq!(r.query, [Pair::new("q", "a b")]);
        assert!(w.contains("access_token was dropped from the URL"), "{w}");
        let (r, w) = parse_clean(
            "curl -F appsecret_proof=fake-proof-123 -F message=hi https://graph.workplace.com/me/feed",
        );
        assert_eq!(r.form, [Pair::new("message", "hi")]);
        assert!(
            w.contains("appsecret_proof was dropped from the form"),
            "{w}"
        );
    }

    #[test]
    fn credentials_in_user_and_urls_are_dropped() {
        for cmd in [
            "curl -u someone:fake-pass-123 https://example.com/x",
            "curl -usomeone:fake-pass-123 https://example.com/x",
            "curl --user someone:fake-pass-123 https://example.com/x",
        ] {
            let (r, w) = parse_clean(cmd);
            assert_eq!(r.path, "https://example.com/x");
            assert!(
                w.contains("user name and password") && w.contains("dropped"),
                "{cmd}: {w}"
            );
        }
        let (r, w) = parse_clean("curl 'https://someone:fake-pass-123@example.com/x?q=1'");
        assert_eq!(
            (r.path.as_str(), r.query.as_slice()),
            ("https://example.com/x", &[Pair::new("q", "1")][..])
        );
        assert!(
            w.contains("user name and password in the URL were dropped"),
            "{w}"
        );
        let (r, w) = parse_clean("curl https://someone:fake-pass-123@graph.workplace.com/me");
        assert_eq!(r.path, "/me");
        assert!(
            w.contains("user name and password in the URL were dropped"),
            "{w}"
        );
        let e =
            parse("curl 'http://[::1/x?access_token=fake-token-123'", "r").expect_err("bad URL");
        assert!(
            e.contains("http://[::1/x") && !e.contains("fake-token-123"),
            "{e}"
        );
        let (r, w) =
            parse_clean("curl https://graph.workplace.com/me --oauth2-bearer fake-token-123");
        assert_eq!(r.path, "/me");
        assert!(w.contains("--oauth2-bearer"), "{w}");
    }

    #[test]
    fn form_data_and_get() {
        let (r, _) = parse(
            "curl -d message=hi -d link=x https://graph.facebook.com/me/feed",
            "f",
        )
        .expect("parses");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.form, [Pair::new("message", "hi"), Pair::new("link", "x")]);
        let (r, _) = parse(
            "curl -G --data-urlencode 'q=a b' https://example.com/search",
            "g",
        )
        .expect("parses");
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Get, "https://example.com/search")
        );
        assert_eq!(r.query, [Pair::new("q", "a b")]);
        assert!(
            parse("curl -s", "x")
                .expect_err("no url")
                .contains("no URL")
        );
    }
}
