//! `wpx import openapi`, `wpx import postman --as-pack`, `wpx import http` and `wpx export http`:
//! API descriptions into catalogue packs, and `.http` files in and out of collections.

use std::io::Read;

use super::{Failure, out};
use crate::core::{http_file, openapi, postman_pack};

/// Where a pack import writes, and under which name.
#[derive(Debug, clap::Args)]
pub struct PackTarget {
    /// The pack's name (default: made from the description's title).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Replace a pack of the same name.
    #[arg(long)]
    pub replace: bool,
}

/// Reads a file, or standard input for `-`.
pub fn read_source(file: &str) -> Result<String, Failure> {
    let mut text = String::new();
    if file == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::usage(anyhow::anyhow!("cannot read standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(file)
            .map_err(|e| Failure::usage(anyhow::anyhow!("cannot read {file}: {e}")))?;
    }
    Ok(text)
}

fn config_dir() -> Result<std::path::PathBuf, Failure> {
    crate::config::config_dir(&crate::config::process_env).map_err(Failure::usage)
}

/// Saves a pack and says what was made.
fn finish(
    pack: &crate::core::pack::PackFile,
    warnings: &[String],
    target: &PackTarget,
) -> Result<u8, Failure> {
    for w in warnings {
        super::warn(w);
    }
    let path =
        crate::catalogues::save(&config_dir()?, pack, target.replace).map_err(Failure::usage)?;
    let sections: std::collections::BTreeSet<&str> =
        pack.endpoints.iter().map(|e| e.section.as_str()).collect();
    let surface = pack.pack.surface().map_or_else(
        || "no known surface".to_owned(),
        |s| format!("the {s} surface"),
    );
    out(&format!(
        "imported {} endpoints in {} sections as pack '{}' for {surface} ({}), {} warnings\nsee them with `wpx endpoints --pack {}`, or in the TUI's endpoint list\n",
        pack.endpoints.len(),
        sections.len(),
        pack.pack.name,
        path.display(),
        warnings.len(),
        pack.pack.name
    ))
}

/// Runs `wpx import openapi FILE`.
pub fn import_openapi(file: &str, target: &PackTarget) -> Result<u8, Failure> {
    let text = read_source(file)?;
    let name = if file == "-" { "standard input" } else { file };
    let fail = |e: openapi::OpenApiError| Failure::usage(anyhow::anyhow!("{name}: {e}"));
    let doc = openapi::parse_text(&text).map_err(fail)?;
    let source = std::path::Path::new(name)
        .file_name()
        .map_or(name.to_owned(), |f| f.to_string_lossy().into_owned());
    let imported = openapi::import(&doc, target.name.as_deref(), &format!("openapi: {source}"))
        .map_err(fail)?;
    if imported.pack.endpoints.is_empty() {
        for w in &imported.warnings {
            super::warn(w);
        }
        return Err(Failure::usage(anyhow::anyhow!(
            "{name}: no operation could be imported, so no pack was written"
        )));
    }
    finish(&imported.pack, &imported.warnings, target)
}

/// Runs `wpx import postman FILE --as-pack`.
pub fn import_postman_pack(file: &str, target: &PackTarget) -> Result<u8, Failure> {
    let text = read_source(file)?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Failure::usage(anyhow::anyhow!(
            "{file} is not JSON ({e}): export the collection from Postman as Collection v2.1"
        ))
    })?;
    let (pack, warnings) = postman_pack::import(&v, target.name.as_deref())
        .map_err(|e| Failure::usage(anyhow::anyhow!(e)))?;
    finish(&pack, &warnings, target)
}

/// Runs `wpx import http FILE`: the requests become a collection.
pub fn import_http(file: &str, into: Option<&str>, replace: bool) -> Result<u8, Failure> {
    let text = read_source(file)?;
    let name = into.map_or_else(
        || {
            std::path::Path::new(file)
                .file_stem()
                .map_or("Imported".to_owned(), |s| s.to_string_lossy().into_owned())
        },
        str::to_owned,
    );
    let (c, warnings) = http_file::parse(&text, &name)
        .map_err(|e| Failure::usage(anyhow::anyhow!("{file}: {e}")))?;
    for w in &warnings {
        super::warn(w);
    }
    let config =
        crate::config::Config::load(&crate::config::process_env).map_err(Failure::usage)?;
    let store = crate::store::Store::new(&config.dir);
    if !replace && let Ok((path, old)) = store.load(&c.name) {
        return Err(Failure::usage(anyhow::anyhow!(
            "a collection named '{}' exists ({}, {} requests): pass --into NAME for another, or --replace",
            old.name,
            path.display(),
            old.requests.len()
        )));
    }
    let path = store.save(&c).map_err(Failure::usage)?;
    out(&format!(
        "imported {} requests into '{}' ({}), {} warnings\n",
        c.requests.len(),
        c.name,
        path.display(),
        warnings.len()
    ))
}

/// Runs `wpx export http COLLECTION`.
pub fn export_http(collection: &str, output: Option<&str>) -> Result<u8, Failure> {
    let config =
        crate::config::Config::load(&crate::config::process_env).map_err(Failure::usage)?;
    let store = crate::store::Store::new(&config.dir);
    let (_, c) = store.load(collection).map_err(Failure::usage)?;
    let text = http_file::write(&c);
    match output {
        Some(path) => {
            crate::store::replace_file(std::path::Path::new(path), text.as_bytes())
                .map_err(|e| Failure::usage(anyhow::anyhow!("cannot write {path}: {e}")))?;
            eprintln!(
                "wpx: wrote {path}: {} requests against {{{{base_url}}}}",
                c.requests.len()
            );
            Ok(0)
        }
        None => out(&text),
    }
}
