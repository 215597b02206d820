//! The text `wpx profiles add` appends to config.toml: a commented `[profiles.NAME]` table whose
//! secrets come from sources (never a value).

use crate::core::surface::{Surface, TokenFlow};

/// Where a secret comes from, as answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An environment variable's name.
    Env(String),
    /// A private file's path.
    File(String),
    /// A command and its arguments.
    Command(Vec<String>),
}

/// What `wpx profiles add` was told.
#[derive(Debug, Clone)]
pub struct NewProfile {
    /// The table's name.
    pub name: String,
    /// The surface.
    pub surface: Surface,
    /// The base URL, for `custom` (else the surface's).
    pub base_url: Option<String>,
    /// The app id, when given.
    pub app_id: Option<String>,
    /// Where the token comes from (`None`: client credentials).
    pub token: Option<Source>,
    /// Where the app secret comes from (`None`: no proof, no app token).
    pub secret: Option<Source>,
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn line(key: &str, source: &Source) -> String {
    match source {
        Source::Env(v) => format!("{key}_env = {}", quote(v)),
        Source::File(p) => format!("{key}_file = {}", quote(p)),
        Source::Command(argv) => format!(
            "{key}_command = [{}]",
            argv.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// True for a name usable as a bare TOML key and on the command line.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl NewProfile {
    /// The commented table, ready to append.
    pub fn render(&self, today: &str) -> String {
        let s = self.surface;
        let mut out = vec![
            String::new(),
            format!("# Added by `wpx profiles add` on {today}: {}.", s.about()),
            format!("[profiles.{}]", self.name),
            format!("surface = {}", quote(s.name())),
        ];
        match (&self.base_url, s.base_url()) {
            (Some(b), _) => out.push(format!("base_url = {}", quote(b))),
            (None, Some(b)) => out.push(format!("# base_url = {}   (the surface's)", quote(b))),
            (None, None) => {}
        }
        if s.has_lifecycle() {
            out.push(
                "# graph_version = \"v25.0\"   # pin a version; `wpx versions` lists them".into(),
            );
        }
        out.push(format!(
            "# proof = {}   # the surface's default; timed | classic | off",
            quote(&s.default_proof().to_string())
        ));
        if let Some(id) = &self.app_id {
            out.push(format!("app_id = {}", quote(id)));
        }
        match &self.token {
            Some(t) => out.push(line("access_token", t)),
            None => {
                out.push("# The token is fetched with the app id and secret (POST /work_get_token), kept".into());
                out.push("# in memory only and fetched again when it expires.".into());
                out.push("token_from = \"client_credentials\"".into());
            }
        }
        match &self.secret {
            Some(src) => out.push(line("app_secret", src)),
            None => out.push(
                "# no app secret: set proof = \"off\", or add app_secret_env / _file / _command"
                    .into(),
            ),
        }
        let flows: Vec<&str> = s.flows().iter().map(|f| f.name()).collect();
        if !flows.is_empty() {
            out.push(format!("# token flows here: {}", flows.join(", ")));
        }
        if s.allows(TokenFlow::AppToken) && self.app_id.is_none() {
            out.push("# app_id = \"…\"   # lets `wpx token` ask with the app token".into());
        }
        out.join("\n") + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_holds_sources_not_secrets() {
        let p = NewProfile {
            name: "wa".into(),
            surface: Surface::Facebook,
            base_url: None,
            app_id: Some("123".into()),
            token: Some(Source::Command(vec![
                "pass".into(),
                "show".into(),
                "meta \"wa\"".into(),
            ])),
            secret: Some(Source::Env("META_SECRET".into())),
        };
        let text = p.render("2026-12-02");
        let file = crate::config::Config::parse(&text).expect("parses");
        let pc = &file.profiles["wa"];
        assert_eq!(pc.surface, Some(Surface::Facebook));
        assert_eq!(pc.app_id.as_deref(), Some("123"));
        assert_eq!(
            pc.access_token_command.as_deref(),
            Some(
                &[
                    "pass".to_owned(),
                    "show".to_owned(),
                    "meta \"wa\"".to_owned()
                ][..]
            )
        );
        assert_eq!(pc.app_secret_env.as_deref(), Some("META_SECRET"));
        assert!(text.contains("# graph_version"));
        let cc = NewProfile {
            name: "admin".into(),
            surface: Surface::AdminCenter,
            base_url: None,
            app_id: Some("9".into()),
            token: None,
            secret: Some(Source::File("~/.config/wpx/admin.secret".into())),
        };
        let file = crate::config::Config::parse(&cc.render("2026-12-02")).expect("parses");
        assert_eq!(
            file.profiles["admin"].token_from,
            Some(crate::core::surface::TokenFrom::ClientCredentials)
        );
        assert!(valid_name("wa-prod_2") && !valid_name("a b") && !valid_name(""));
    }
}
