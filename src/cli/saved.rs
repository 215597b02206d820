//! Collections, import and export on the command line.

use std::io::Read;

use clap::{Args as ClapArgs, Subcommand};

use super::call::{Show, send};
use super::{Failure, out, parse_items, process_env};
use crate::config::{Config, Overrides};
use crate::core::collection::{Collection, SavedRequest};
use crate::core::draft::Draft;
use crate::core::vars::{Scope, Vars};
use crate::core::{curl, postman};
use crate::store::Store;

/// Arguments of `wpx run`.
#[derive(Debug, ClapArgs)]
pub struct RunArgs {
    /// COLLECTION/REQUEST, e.g. "Workplace Graph Collection/Group/Feed/Get group feed".
    pub target: String,
    /// Values: a `{{variable}}`, a `{param}` of the path, or a query parameter.
    pub items: Vec<String>,
    /// Take `{{variables}}` from this environment too (`wpx import postman ENV.json` makes one).
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// How to print the answer.
    #[command(flatten)]
    pub show: Show,
}

/// `wpx import`.
#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// A Postman collection (v2.0, v2.1) or environment file.
    Postman {
        /// The exported JSON file.
        file: String,
        /// Make a catalogue pack of the collection (its requests listed as endpoints) instead of
        /// a saved collection.
        #[arg(long)]
        as_pack: bool,
        /// With --as-pack: the pack's name and whether to replace one.
        #[command(flatten)]
        target: super::packs::PackTarget,
    },
    /// An OpenAPI 3.0 or 3.1 description (JSON or YAML; - reads standard input) as a catalogue
    /// pack.
    Openapi {
        /// The file, or - for standard input.
        file: String,
        /// The pack's name and whether to replace one.
        #[command(flatten)]
        target: super::packs::PackTarget,
    },
    /// A .http file (JetBrains HTTP Client, VS Code REST Client, resterm, Kulala) as a collection.
    Http {
        /// The file, or - for standard input.
        file: String,
        /// The collection's name (default: the file's name).
        #[arg(long)]
        into: Option<String>,
        /// Replace a collection of that name (its requests are lost; the old file is kept as
        /// NAME.toml.bak).
        #[arg(long)]
        replace: bool,
    },
    /// A curl command (as arguments, or on standard input).
    Curl {
        /// The command (`curl …`, best after `--`); read from standard input when absent.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        command: Vec<String>,
        /// The collection to add it to.
        #[arg(long, default_value = "Imported")]
        into: String,
        /// The request's name.
        #[arg(long)]
        name: Option<String>,
    },
}

/// `wpx export`.
#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// A Postman v2.1 collection whose pre-request script computes the proof.
    Postman {
        /// The collection's name.
        collection: String,
        /// Write here instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<String>,
    },
    /// A .http file (JetBrains HTTP Client / VS Code REST Client format) against {{base_url}}.
    Http {
        /// The collection's name.
        collection: String,
        /// Write here instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<String>,
    },
}

fn store() -> Result<(Config, Store), Failure> {
    let config = Config::load(&process_env).map_err(Failure::usage)?;
    let store = Store::new(&config.dir);
    Ok((config, store))
}

/// Runs `wpx collections`.
pub fn collections() -> Result<u8, Failure> {
    let (_, store) = store()?;
    let (all, warnings) = store.list();
    for w in warnings {
        super::warn(&w);
    }
    if all.is_empty() {
        eprintln!("wpx: no collections yet: save one in the TUI (s), or `wpx import postman FILE`");
        return Ok(0);
    }
    let mut text = String::new();
    for (path, c) in all {
        text.push_str(&format!(
            "{}  ({} request{}, {})\n",
            c.name,
            c.requests.len(),
            if c.requests.len() == 1 { "" } else { "s" },
            path.display()
        ));
        for r in &c.requests {
            text.push_str(&format!(
                "  {:<6} {}  {}\n",
                r.method.as_str(),
                r.full_name(),
                r.path
            ));
        }
    }
    out(&text)
}

/// Finds `COLLECTION/REQUEST`, trying every split point (names may hold slashes and spaces).
fn find(store: &Store, target: &str) -> Result<(Collection, SavedRequest), Failure> {
    for (i, _) in target.match_indices('/') {
        if let Ok((_, c)) = store.load(&target[..i])
            && let Some(r) = c.find(&target[i + 1..])
        {
            let r = r.clone();
            return Ok((c, r));
        }
    }
    Err(Failure::usage(anyhow::anyhow!(
        "no request '{target}': write COLLECTION/REQUEST as `wpx collections` lists them"
    )))
}

/// Runs `wpx run`.
pub fn run(args: &RunArgs, ov: &Overrides) -> Result<u8, Failure> {
    let (config, store) = store()?;
    let (collection, req) = find(&store, &args.target)?;
    let items = parse_items(&args.items)?;
    let profile = config.resolve(ov, &process_env).map_err(Failure::usage)?;
    let vars = Vars {
        given: items.iter().cloned().collect(),
        environment: match &args.env {
            Some(e) => Some(Scope::new(
                e.clone(),
                store.environment(e).map_err(Failure::usage)?,
            )),
            None => None,
        },
        collection: Some(Scope::new(
            collection.name.clone(),
            collection.variables.clone(),
        )),
        profile: Some(Scope::new(
            profile
                .name
                .clone()
                .unwrap_or_else(|| "WPX_* environment".to_owned()),
            profile.variables.clone(),
        )),
    };
    // The same conversion the TUI makes; items that are not variables fill a {param} or set a
    // query parameter.
    let mut draft = Draft::from_saved(&req, None);
    for (k, v) in items {
        if draft.mentions_var(&k) {
            continue;
        }
        if draft.path_params.iter().any(|p| p.name == k) {
            draft.fill(&k, &v);
        } else {
            draft.set_query(&k, &v);
        }
    }
    let spec = draft
        .to_spec(&vars)
        .map_err(|e| Failure::usage(anyhow::anyhow!(e)))?;
    send(&spec, ov, args.show)
}

/// Runs `wpx import`.
pub fn import(cmd: &ImportCmd) -> Result<u8, Failure> {
    let (_, store) = store()?;
    match cmd {
        ImportCmd::Postman {
            file,
            as_pack: true,
            target,
        } => super::packs::import_postman_pack(file, target),
        ImportCmd::Openapi { file, target } => super::packs::import_openapi(file, target),
        ImportCmd::Http {
            file,
            into,
            replace,
        } => super::packs::import_http(file, into.as_deref(), *replace),
        ImportCmd::Postman { target, .. } if target.name.is_some() || target.replace => {
            Err(Failure::usage(anyhow::anyhow!(
                "--name and --replace are for --as-pack: a collection keeps its Postman name"
            )))
        }
        ImportCmd::Postman { file, .. } => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Failure::usage(anyhow::anyhow!("cannot read {file}: {e}")))?;
            let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| Failure::usage(anyhow::anyhow!("{file} is not JSON ({e}): export the collection from Postman as Collection v2.1")))?;
            if postman::is_environment(&v) {
                let (name, vars, warnings) = postman::import_environment(&v);
                for w in warnings {
                    super::warn(&w);
                }
                let path = store
                    .save_environment(&name, &vars)
                    .map_err(Failure::usage)?;
                return out(&format!(
                    "imported environment '{name}' with {} variables into {} (use it with --env \"{name}\")\n",
                    vars.len(),
                    path.display()
                ));
            }
            let (c, warnings) =
                postman::import_collection(&v).map_err(|e| Failure::usage(anyhow::anyhow!(e)))?;
            for w in &warnings {
                super::warn(w);
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
        ImportCmd::Curl {
            command,
            into,
            name,
        } => {
            let label = name.as_deref().unwrap_or("request");
            let parsed = if command.is_empty() {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(Failure::usage)?;
                curl::parse(&s, label)
            } else if let [one] = command.as_slice() {
                // The whole command as one quoted argument.
                curl::parse(one, label)
            } else {
                // Words given after `--` keep their boundaries: no re-quoting needed.
                curl::parse_words(command.clone(), label)
            };
            let (mut req, warnings) = parsed.map_err(|e| Failure::usage(anyhow::anyhow!(e)))?;
            if name.is_none() {
                req.name = format!("{} {}", req.method, req.path.replace('/', "∕"));
            }
            for w in warnings {
                super::warn(&w);
            }
            let full = req.full_name();
            let said = store
                .save_request(into, &full, req)
                .map_err(Failure::usage)?;
            out(&format!("{said}\n"))
        }
    }
}

/// Runs `wpx export`.
pub fn export(cmd: &ExportCmd) -> Result<u8, Failure> {
    let (collection, output) = match cmd {
        ExportCmd::Http { collection, output } => {
            return super::packs::export_http(collection, output.as_deref());
        }
        ExportCmd::Postman { collection, output } => (collection, output),
    };
    let (_, store) = store()?;
    let (_, c) = store.load(collection).map_err(Failure::usage)?;
    let text =
        serde_json::to_string_pretty(&postman::export_collection(&c)).map_err(Failure::usage)?;
    match output {
        Some(path) => {
            crate::store::replace_file(std::path::Path::new(path), text.as_bytes())
                .map_err(|e| Failure::usage(anyhow::anyhow!("cannot write {path}: {e}")))?;
            eprintln!(
                "wpx: wrote {path}: set access_token and app_secret in a Postman environment; the collection's pre-request script adds a fresh appsecret_proof to every request"
            );
        }
        None => return out(&format!("{text}\n")),
    }
    Ok(0)
}
