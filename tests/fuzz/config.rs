//! config.toml: parsing from text, then resolving every profile (pure: no secret is read).

use proptest::strategy::BoxedStrategy;
use wpx::config::{Config, Overrides};

const SEEDS: &[&str] = &[
    "default_profile = \"work\"\n\n[http]\nconnect_timeout_secs = 5\ntimeout_secs = 30\nmax_response_bytes = 1048576\ncommand_timeout_secs = 2\n\n[history]\nenabled = false\nmax_entries = 10\n\n[profiles.work]\nbase_url = \"https://graph.workplace.com\"\ngraph_version = \"v19.0\"\nproof = \"timed\"\ntoken_in = \"header\"\naccess_token_file = \"~/.wpx/token\"\napp_secret_command = [\"pass\", \"show\", \"wpx\"]\n\n[profiles.work.variables]\ngroup_id = \"42\"\n",
    "[profiles.a]\naccess_token = \"fake-token-123\"\naccess_token_env = \"X\"\n[profiles.b]\nbase_url = \"ftp://x\"\nproof = \"classic\"\ntoken_in = \"query\"\n",
    "[profiles.\"odd name\"]\nbase_url = \"http://127.0.0.1:8765/\"\nproof = \"off\"\nuser_agent = \"x\"\napp_secret_file = \"relative/secret\"\n",
    "profiles = { a = { base_url = 'https://h' }, b = {} }\n",
];

const DICT: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "=",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "\n",
    "#",
    ".",
    "{",
    "}",
    ",",
    "[profiles.x]\n",
    "base_url = ",
    "proof = \"timed\"",
    "token_in = ",
    "access_token_file = \"~/t\"",
    "default_profile = \"x\"",
    "1e999",
    "-1",
    "18446744073709551616",
    "true",
    "\\u0000",
    "1979-05-27T07:32:00Z",
];

const NESTS: &[(&str, &str)] = &[("a = [", "]"), ("a = {b = ", "}"), ("[", "]")];

pub fn input() -> BoxedStrategy<Vec<u8>> {
    crate::mutate::input("config", SEEDS, "a-z_\\[\\]=\" \n.{}0-9", DICT, NESTS)
}

pub fn check(raw: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(raw);
    let Ok(file) = Config::parse(&text) else {
        return Ok(());
    };
    let names: Vec<Option<String>> = std::iter::once(None)
        .chain(file.profiles.keys().cloned().map(Some))
        .chain([Some("missing".to_owned())])
        .collect();
    let config = Config {
        dir: "/nonexistent/wpx-fuzz".into(),
        path: None,
        file,
    };
    for profile in names {
        let ov = Overrides {
            profile: profile.clone(),
            ..Overrides::default()
        };
        if let Ok(p) = config.resolve(&ov, &|_| None)
            && !matches!(p.target.base_url.scheme(), "http" | "https")
        {
            return Err(format!(
                "profile {profile:?} resolved to a non-http base URL"
            ));
        }
    }
    Ok(())
}
