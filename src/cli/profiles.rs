//! `wpx profiles`: what is configured, where each secret comes from and whether that source is
//! usable now (checked without reading the secret), never the secret.

use std::fmt::Write as _;

use crate::config::{Config, ConfigError, Overrides};

/// Prints the profiles. Exits 1 when the active profile has a problem, so a script can check.
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
    let mut code = 0;
    let statuses = config.statuses(ov, env);
    if !statuses.iter().any(|s| s.active) && statuses.iter().any(|s| s.name.is_some()) {
        let _ = writeln!(
            out,
            "no profile is active: name one with --profile, WPX_PROFILE or default_profile (without one, wpx opens on the sandbox)"
        );
    }
    for s in statuses {
        let marker = if s.active { " (active)" } else { "" };
        let name = s.name.as_deref().unwrap_or("(environment only)");
        let p = match &s.resolved {
            Ok(p) => p,
            Err(why) => {
                let _ = writeln!(
                    out,
                    "\n{name}{marker} ({why}; the other profiles still work)"
                );
                code = code.max(u8::from(s.active));
                continue;
            }
        };
        let status = match s.problems() {
            Some(_) if s.active => {
                code = 1;
                " · has problems"
            }
            Some(_) => " · has problems",
            None => "",
        };
        let _ = writeln!(out, "\n{name}{marker}{status}");
        let _ = writeln!(out, "  surface       {} ({})", p.surface, p.surface.about());
        let _ = writeln!(out, "  base_url      {}", p.target.base_url);
        if let Some(id) = &p.app_id {
            let _ = writeln!(out, "  app_id        {id}");
        }
        if let Some(v) = &p.target.graph_version {
            let _ = writeln!(out, "  graph_version {v}");
        }
        let _ = writeln!(out, "  proof         {}", p.target.proof);
        let _ = writeln!(out, "  token_in      {}", p.target.token_in);
        if p.token_from.is_some() {
            let problem = s
                .token
                .problem
                .as_ref()
                .map(|p| format!("  [problem: {p}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  access token  fetched with client credentials (POST /work_get_token), kept in memory only{problem}"
            );
        } else {
            let _ = writeln!(out, "  access token  {}", s.token.describe());
        }
        let _ = writeln!(out, "  app secret    {}", s.secret.describe());
        let flows: Vec<&str> = p.surface.flows().iter().map(|f| f.name()).collect();
        if !flows.is_empty() {
            let _ = writeln!(out, "  token flows   {}", flows.join(", "));
        }
    }
    let _ = super::out(&out);
    Ok(code)
}
