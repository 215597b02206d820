//! `wpx profiles`: what is configured and where each secret comes from, never the secret.

use std::fmt::Write as _;

use crate::config::{Config, ConfigError, Overrides, SecretSource};

fn source_text(source: Option<&SecretSource>) -> String {
    source.map_or_else(|| "not set".to_owned(), SecretSource::describe)
}

/// Prints the profiles.
pub fn run(
    config: &Config,
    ov: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<u8, ConfigError> {
    let mut out = String::new();
    let path = config.dir.join("config.toml");
    match &config.path {
        Some(p) => {
            let _ = writeln!(out, "config: {}", p.display());
        }
        None => {
            let _ = writeln!(out, "config: {} (not created yet)", path.display());
        }
    }
    let active = config.profile_name(ov, env);
    for (name, why) in &config.file.broken {
        let _ = writeln!(
            out,
            "\n{name} (broken: {why}; the other profiles still work)"
        );
    }
    let mut names: Vec<Option<String>> = config.file.profiles.keys().cloned().map(Some).collect();
    if names.is_empty() {
        names.push(None);
    }
    for name in names {
        let o = Overrides {
            profile: name.clone(),
            ..ov.clone()
        };
        let p = config.resolve(&o, env)?;
        let marker = if name == active { " (active)" } else { "" };
        let _ = writeln!(
            out,
            "\n{}{marker}",
            name.as_deref().unwrap_or("(environment only)")
        );
        let _ = writeln!(out, "  base_url      {}", p.target.base_url);
        if let Some(v) = &p.target.graph_version {
            let _ = writeln!(out, "  graph_version {v}");
        }
        let _ = writeln!(out, "  proof         {}", p.target.proof);
        let _ = writeln!(out, "  token_in      {}", p.target.token_in);
        let _ = writeln!(
            out,
            "  access token  {}",
            source_text(p.token_source.as_ref())
        );
        let _ = writeln!(
            out,
            "  app secret    {}",
            source_text(p.secret_source.as_ref())
        );
    }
    let _ = super::out(&out);
    Ok(0)
}
