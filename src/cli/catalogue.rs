//! `wpx endpoints`, `wpx catalogues` and `wpx permissions`: the catalogue on the command line.

use std::fmt::Write as _;

use clap::Args as ClapArgs;

use super::Failure;
use crate::core::catalogue::{Catalogue, Host};

/// Arguments of `wpx endpoints`.
#[derive(Debug, ClapArgs)]
pub struct EndpointsArgs {
    /// Words that must all appear (method, path, section, summary or permission).
    pub filter: Vec<String>,
    /// Only endpoints that need this permission.
    #[arg(long, value_name = "PERMISSION")]
    pub permission: Option<String>,
    /// Print a JSON array with every detail.
    #[arg(long)]
    pub json: bool,
    /// The catalogue of this surface (default: the active profile's; the sandbox is workplace).
    #[arg(long, value_name = "SURFACE")]
    pub surface: Option<crate::core::surface::Surface>,
    /// Only the endpoints of this pack (`wpx catalogues` lists them).
    #[arg(long, value_name = "NAME")]
    pub pack: Option<String>,
}

/// Arguments of `wpx catalogues`.
#[derive(Debug, ClapArgs)]
pub struct CataloguesArgs {
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

/// The active profile's surface, when a profile (or WPX_BASE_URL) is in use; else workplace,
/// the sandbox's.
fn active_surface() -> crate::core::surface::Surface {
    use crate::config::{Config, Overrides, process_env};
    Config::load(&process_env)
        .ok()
        .and_then(|c| c.resolve(&Overrides::default(), &process_env).ok())
        .filter(|p| p.name.is_some() || process_env("WPX_BASE_URL").is_some())
        .map_or(crate::core::surface::Surface::Workplace, |p| p.surface)
}

/// Arguments of `wpx permissions`.
#[derive(Debug, ClapArgs)]
pub struct PermissionsArgs {
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

fn load() -> Result<Catalogue, Failure> {
    Catalogue::builtin().map_err(Failure::usage)
}

/// The built-in catalogue and the user's packs; packs that do not load are named on stderr.
fn load_packs() -> Result<Catalogue, Failure> {
    let dir = crate::config::config_dir(&crate::config::process_env).map_err(Failure::usage)?;
    let loaded = crate::catalogues::load(&dir).map_err(Failure::usage)?;
    for w in &loaded.warnings {
        super::warn(w);
    }
    Ok(loaded.catalogue)
}

fn print(text: &str) -> Result<u8, Failure> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::usage(e)),
        _ => Ok(0),
    }
}

/// Runs `wpx endpoints`.
pub fn endpoints(args: &EndpointsArgs) -> Result<u8, Failure> {
    let cat = load_packs()?;
    let packs = match &args.pack {
        Some(name) => vec![cat.pack(name).ok_or_else(|| {
            Failure::usage(anyhow::anyhow!(
                "no pack named '{name}': `wpx catalogues` lists them"
            ))
        })?],
        None => {
            let surface = args.surface.unwrap_or_else(active_surface);
            let shown = cat.shown_packs(Some(surface));
            if let Some(note) = surface.no_catalogue_note()
                && shown.is_empty()
            {
                eprintln!("wpx: {note}");
                return if args.json { print("[]\n") } else { Ok(0) };
            }
            shown
        }
    };
    if let Some(p) = &args.permission
        && cat.permission(p).is_none()
    {
        return Err(Failure::usage(anyhow::anyhow!(
            "unknown permission '{p}': `wpx permissions` lists them"
        )));
    }
    let hits = cat.filter_in(&args.filter.join(" "), args.permission.as_deref(), &packs);
    if args.json {
        let text = serde_json::to_string_pretty(&hits).map_err(Failure::usage)?;
        return print(&format!("{text}\n"));
    }
    if hits.is_empty() {
        eprintln!("wpx: no endpoint matches; try fewer words, or `wpx endpoints` for all of them");
        return Ok(1);
    }
    let width = hits.iter().map(|e| e.path.len()).max().unwrap_or(0);
    let mut out = String::new();
    for e in hits {
        let host = if e.host == Host::Scim {
            " [SCIM]".to_owned()
        } else if e.pack > 0 {
            format!(" [{}]", cat.packs[e.pack].header.name)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{:<6} {:<width$}  {:<40}  {}{host}",
            e.method.as_str(),
            e.path,
            e.permission_text(),
            e.summary
        );
    }
    print(&out)
}

/// Runs `wpx catalogues`: the packs, how many endpoints each holds, its surface and file.
pub fn catalogues(args: &CataloguesArgs) -> Result<u8, Failure> {
    let dir = crate::config::config_dir(&crate::config::process_env).map_err(Failure::usage)?;
    let loaded = crate::catalogues::load(&dir).map_err(Failure::usage)?;
    let cat = &loaded.catalogue;
    if args.json {
        let list: Vec<serde_json::Value> = cat
            .packs
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.header.name,
                    "title": p.header.title,
                    "surface": p.header.surface().map(|s| s.to_string()),
                    "host": p.header.host,
                    "source": p.header.source,
                    "endpoints": p.endpoints,
                    "file": if p.origin.is_empty() { None } else { Some(&p.origin) },
                })
            })
            .collect();
        let value = serde_json::json!({"packs": list, "warnings": loaded.warnings});
        let text = serde_json::to_string_pretty(&value).map_err(Failure::usage)?;
        return print(&format!("{text}\n"));
    }
    for w in &loaded.warnings {
        super::warn(w);
    }
    let width = cat
        .packs
        .iter()
        .map(|p| p.header.name.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for p in &cat.packs {
        let surface = p
            .header
            .surface()
            .map_or("any".to_owned(), |s| s.to_string());
        let origin = crate::core::text::terminal_safe(&p.origin, crate::core::text::Keep::Nothing);
        let from = if p.origin.is_empty() {
            "built in"
        } else {
            &origin
        };
        let title = if p.header.title.is_empty() {
            ""
        } else {
            &p.header.title
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:>5} endpoints  {:<12}  {title}  ({from})",
            p.header.name, p.endpoints, surface
        );
    }
    if cat.packs.len() == 1 {
        let _ = writeln!(
            out,
            "\nAdd packs with `wpx import openapi FILE` or `wpx import postman FILE --as-pack`, or write one by hand in {}.",
            crate::catalogues::config_packs_dir(&dir).display()
        );
    }
    print(&out)
}

/// Runs `wpx permissions`.
pub fn permissions(args: &PermissionsArgs) -> Result<u8, Failure> {
    let cat = load()?;
    if args.json {
        let list: Vec<serde_json::Value> = cat
            .permissions
            .iter()
            .map(|p| {
                let eps: Vec<String> = cat.needing(&p.name).iter().map(|e| format!("{} {}", e.method, e.path)).collect();
                serde_json::json!({"name": p.name, "label": p.label, "grants": p.grants, "webhook_only": p.webhook_only, "endpoints": eps})
            })
            .collect();
        let text = serde_json::to_string_pretty(&list).map_err(Failure::usage)?;
        return print(&format!("{text}\n"));
    }
    let mut out = String::new();
    for p in &cat.permissions {
        let _ = writeln!(out, "{} ({})\n  {}", p.name, p.label, p.grants);
        let eps = cat.needing(&p.name);
        if let Some(reason) = &p.webhook_only {
            let _ = writeln!(out, "  no endpoint: {reason}");
        }
        if !eps.is_empty() {
            let list: Vec<String> = eps
                .iter()
                .map(|e| format!("{} {}", e.method, e.path))
                .collect();
            let _ = writeln!(out, "  used by {}: {}", list.len(), list.join(", "));
        }
    }
    print(&out)
}
