use super::*;
use std::os::unix::fs::PermissionsExt;

fn no_env(_: &str) -> Option<String> {
    None
}

fn config(text: &str) -> Config {
    Config {
        dir: PathBuf::from("/nonexistent/wpx"),
        path: Some(PathBuf::from("/nonexistent/wpx/config.toml")),
        file: Config::parse(text).expect("test config parses"),
    }
}

#[test]
fn parses_a_full_profile() {
    let c = config(
        r#"
default_profile = "work"
[http]
timeout_secs = 5
[profiles.work]
base_url = "https://graph.workplace.com"
graph_version = "v19.0"
proof = "classic"
token_in = "query"
user_agent = "me/1"
access_token_env = "WORK_TOKEN"
app_secret_command = ["pass", "show", "work/secret"]
"#,
    );
    assert_eq!(c.file.http.timeout_secs, 5);
    assert_eq!(c.file.http.connect_timeout_secs, 10);
    let p = c.resolve(&Overrides::default(), &no_env).expect("resolves");
    assert_eq!(p.name.as_deref(), Some("work"));
    assert_eq!(p.target.base_url.as_str(), "https://graph.workplace.com/");
    assert_eq!(p.target.graph_version.as_deref(), Some("v19.0"));
    assert_eq!(p.target.proof, ProofMode::Classic);
    assert_eq!(p.target.token_in, TokenIn::Query);
    assert_eq!(p.user_agent, "me/1");
    assert_eq!(p.token_source, Some(SecretSource::Env("WORK_TOKEN".into())));
    assert!(matches!(p.secret_source, Some(SecretSource::Command(_))));
}

#[test]
fn unknown_keys_are_rejected_with_the_key_name() {
    let c = config("[profiles.a]\naccess_tokn_env = \"X\"\n");
    let why = c.file.broken.get("a").expect("a is set aside");
    assert!(
        why.contains("access_tokn_env") && why.starts_with("line 1:"),
        "{why}"
    );
    let err = c
        .resolve(
            &Overrides {
                profile: Some("a".into()),
                ..Overrides::default()
            },
            &no_env,
        )
        .expect_err("broken")
        .to_string();
    assert!(
        err.contains("the profile 'a' in /nonexistent/wpx/config.toml is not valid (line 1:"),
        "{err}"
    );
}

#[test]
fn one_broken_profile_leaves_the_others_working() {
    let c = config(
        "[profiles.good]\naccess_token_env = \"T\"\nproof = \"off\"\n\n[profiles.bad]\nproof = \"sometimes\"\n",
    );
    assert!(c.file.profiles.contains_key("good"));
    let why = c.file.broken.get("bad").expect("bad is set aside");
    assert!(
        why.starts_with("line 5:"),
        "the line of [profiles.bad]: {why}"
    );
    let ok = c.resolve(
        &Overrides {
            profile: Some("good".into()),
            ..Overrides::default()
        },
        &|k| (k == "T").then(|| "fake-token".to_owned()),
    );
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let err = Config::parse("[http]\ntimeout_secs = 5\n[profiles.a\n").expect_err("syntax");
    assert!(err.starts_with("line 3:"), "{err}");
}

#[test]
fn two_sources_for_one_secret_is_an_error() {
    let c = config("[profiles.a]\naccess_token_env = \"X\"\naccess_token_file = \"t\"\n");
    let err = c
        .resolve(&Overrides::default(), &no_env)
        .expect_err("ambiguous");
    assert!(
        err.to_string()
            .contains("access_token_env and access_token_file")
    );
}

#[test]
fn env_overrides_win() {
    let c = config(
        "[profiles.a]\nbase_url = \"https://graph.workplace.com\"\naccess_token_env = \"X\"\n",
    );
    let env = |k: &str| match k {
        "WPX_ACCESS_TOKEN" => Some("fake-tok".to_owned()),
        "WPX_BASE_URL" => Some("http://127.0.0.1:1".to_owned()),
        _ => None,
    };
    let p = c.resolve(&Overrides::default(), &env).expect("resolves");
    assert_eq!(
        p.token_source,
        Some(SecretSource::Env("WPX_ACCESS_TOKEN".into()))
    );
    assert_eq!(p.target.base_url.as_str(), "http://127.0.0.1:1/");
}

#[test]
fn profile_selection_order() {
    let c = config("default_profile = \"b\"\n[profiles.a]\n[profiles.b]\n");
    let env = |k: &str| (k == "WPX_PROFILE").then(|| "a".to_owned());
    assert_eq!(
        c.profile_name(&Overrides::default(), &no_env).as_deref(),
        Some("b")
    );
    assert_eq!(
        c.profile_name(&Overrides::default(), &env).as_deref(),
        Some("a")
    );
    let o = Overrides {
        profile: Some("b".into()),
        ..Overrides::default()
    };
    assert_eq!(c.profile_name(&o, &env).as_deref(), Some("b"));
    let one = config("[profiles.only]\n");
    assert_eq!(
        one.profile_name(&Overrides::default(), &no_env).as_deref(),
        Some("only")
    );
}

#[test]
fn unknown_profile_lists_known_ones() {
    let c = config("[profiles.a]\n[profiles.b]\n");
    let o = Overrides {
        profile: Some("zzz".into()),
        ..Overrides::default()
    };
    let err = c.resolve(&o, &no_env).expect_err("unknown");
    assert!(err.to_string().contains("known profiles: a, b"));
}

#[test]
fn bad_base_url_is_explained() {
    let c = config("[profiles.a]\nbase_url = \"graph.facebook.com\"\n");
    let err = c
        .resolve(&Overrides::default(), &no_env)
        .expect_err("no scheme");
    assert!(err.to_string().contains("not an http(s) URL"));
}

#[test]
fn missing_token_names_what_to_set() {
    let c = Config::default();
    let p = c.resolve(&Overrides::default(), &no_env).expect("resolves");
    let err = c.credentials(&p, &no_env).expect_err("no token");
    let msg = err.to_string();
    assert!(msg.contains("WPX_ACCESS_TOKEN"));
    assert!(msg.contains("access_token_file"));
}

#[test]
fn missing_secret_names_what_to_set_unless_proof_is_off() {
    let c = Config::default();
    let env = |k: &str| (k == "WPX_ACCESS_TOKEN").then(|| "fake".to_owned());
    let p = c.resolve(&Overrides::default(), &env).expect("resolves");
    let err = c.credentials(&p, &env).expect_err("no secret");
    assert!(err.to_string().contains("WPX_APP_SECRET"));
    let o = Overrides {
        proof: Some(ProofMode::Off),
        ..Overrides::default()
    };
    let p = c.resolve(&o, &env).expect("resolves");
    let creds = c.credentials(&p, &env).expect("no secret needed");
    assert!(creds.app_secret.is_none());
}

#[test]
fn inline_secret_needs_a_private_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[profiles.a]\naccess_token = \"fake-inline-token\"\nproof = \"off\"\n",
    )
    .expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let c = Config::load_from(dir.path()).expect("loads");
    let p = c.resolve(&Overrides::default(), &no_env).expect("resolves");
    let err = c.credentials(&p, &no_env).expect_err("open config refused");
    assert!(err.to_string().contains("chmod 600"));
    assert!(!err.to_string().contains("fake-inline-token"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let creds = c.credentials(&p, &no_env).expect("private config ok");
    assert_eq!(creds.access_token.expose(), "fake-inline-token");
}

#[test]
fn relative_secret_files_are_under_the_config_dir() {
    let c = config("[profiles.a]\naccess_token_file = \"token\"\n");
    let p = c.resolve(&Overrides::default(), &no_env).expect("resolves");
    assert_eq!(
        p.token_source,
        Some(SecretSource::File(PathBuf::from("/nonexistent/wpx/token")))
    );
}

#[test]
fn debug_of_everything_hides_secrets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[profiles.a]\napp_secret = \"SENTINEL-SECRET\"\naccess_token_env = \"T\"\n",
    )
    .expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let c = Config::load_from(dir.path()).expect("loads");
    let env = |k: &str| (k == "T").then(|| "SENTINEL-TOKEN".to_owned());
    let p = c.resolve(&Overrides::default(), &env).expect("resolves");
    let creds = c.credentials(&p, &env).expect("reads");
    let shown = format!("{c:?} {p:?} {creds:?}");
    assert!(!shown.contains("SENTINEL"), "{shown}");
}
