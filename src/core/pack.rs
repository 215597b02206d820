//! Catalogue packs: a named set of endpoints in the TOML schema of `assets/catalogue.toml`, with a
//! `[pack]` table naming it and the surface or host it is for. The built-in Workplace catalogue is
//! the first pack; imports (OpenAPI, Postman) write packs a user may also edit by hand.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::catalogue::{Catalogue, CatalogueError, Endpoint, PackInfo};
use super::collection::TomlError;
use super::surface::Surface;

/// The `[pack]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    /// Short name: lowercase letters, digits, `-` and `_` (`whatsapp`). Endpoint ids are shown as
    /// `NAME:ID`.
    pub name: String,
    /// What the pack describes (`WhatsApp Cloud API`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The surface it is for; when absent, `host` decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surface: Option<Surface>,
    /// The host its description names (`graph.facebook.com`). Requests still go to the profile's
    /// origin: the host only says which surface the pack is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
    /// What it was made from (`openapi: whatsapp.yaml`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl PackHeader {
    /// The built-in Workplace pack.
    pub fn builtin() -> Self {
        Self {
            name: "workplace".into(),
            title: "Workplace (built in)".into(),
            surface: Some(Surface::Workplace),
            host: "graph.workplace.com".into(),
            source: String::new(),
        }
    }

    /// The surface it is for: its own, else its host's, else none.
    pub fn surface(&self) -> Option<Surface> {
        self.surface.or_else(|| {
            (!self.host.is_empty())
                .then(|| Surface::of_host(&self.host))
                .filter(|s| *s != Surface::Custom)
        })
    }

    /// `Title (name, surface)` for lists and headings.
    pub fn label(&self) -> String {
        let title = if self.title.is_empty() {
            &self.name
        } else {
            &self.title
        };
        match self.surface() {
            Some(s) => format!("{title} [{s}]"),
            None => title.clone(),
        }
    }
}

/// A pack file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// Name, title, surface, host.
    pub pack: PackHeader,
    /// Query parameter descriptions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// Query parameter types other than string.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub param_types: BTreeMap<String, String>,
    /// The endpoints, in list order.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
}

/// A pack that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    /// The TOML does not parse.
    #[error("{0}")]
    Toml(TomlError),
    /// It parses but says something wrong.
    #[error("{0}")]
    Invalid(String),
}

/// True for a usable pack name.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && name.len() <= 40
}

/// A pack name made from any text: `WhatsApp Cloud API` → `whatsapp-cloud-api`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "pack".into() } else { out }
}

/// The segments taken as the API version: `{Version}`, `{version}`, `{api-version}`,
/// `{Graph-API-Version}` (or `{{Version}}`, a Postman variable), and literal `v23.0` / `v1.0`.
pub fn is_version_segment(seg: &str) -> bool {
    let inner = seg.trim_start_matches('{').trim_end_matches('}');
    if inner.len() < seg.len() {
        let name = inner;
        let n: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        return matches!(
            n.as_str(),
            "version" | "apiversion" | "graphapiversion" | "graphversion"
        );
    }
    seg.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

/// A path without its version segment, and whether it had one.
pub fn strip_version(path: &str) -> (String, bool) {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segs.first() {
        Some(first) if is_version_segment(first) => (format!("/{}", segs[1..].join("/")), true),
        _ => (format!("/{}", segs.join("/")), false),
    }
}

impl PackFile {
    /// Parses and checks a pack file.
    pub fn parse(text: &str) -> Result<Self, PackError> {
        let file: Self =
            toml::from_str(text).map_err(|e| PackError::Toml(TomlError::new(text, &e)))?;
        file.check()?;
        Ok(file)
    }

    /// The pack as TOML, to store or to edit by hand.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# A wpx catalogue pack (the schema of wpx's assets/catalogue.toml, with a [pack] table).\n# Edit freely; `wpx catalogues` says whether it still loads.\n\n{body}"
        )
    }

    /// Escapes terminal controls in every text a pack gives (packs come from downloaded
    /// descriptions): one-line texts lose newlines too, the example body keeps them.
    pub fn make_terminal_safe(&mut self) {
        use crate::core::text::{Keep, terminal_safe};
        let one = |s: &mut String| {
            if let std::borrow::Cow::Owned(o) = terminal_safe(s, Keep::Nothing) {
                *s = o;
            }
        };
        one(&mut self.pack.title);
        one(&mut self.pack.host);
        one(&mut self.pack.source);
        for map in [&mut self.params, &mut self.param_types] {
            let clean = std::mem::take(map)
                .into_iter()
                .map(|(mut k, mut v)| {
                    one(&mut k);
                    one(&mut v);
                    (k, v)
                })
                .collect();
            *map = clean;
        }
        for e in &mut self.endpoints {
            for s in [&mut e.id, &mut e.section, &mut e.path, &mut e.summary] {
                one(s);
            }
            for s in e
                .query
                .iter_mut()
                .chain(&mut e.headers)
                .chain(&mut e.required)
                .chain(&mut e.any_of)
                .chain(&mut e.all_of)
                .chain(&mut e.extra)
            {
                one(s);
            }
            for f in &mut e.body {
                one(&mut f.name);
                one(&mut f.kind);
                one(&mut f.description);
            }
            if let Some(x) = &mut e.example {
                // Windows line ends are line ends, not controls to escape.
                if x.contains('\r') {
                    *x = x.replace("\r\n", "\n").replace('\r', "\n");
                }
                if let std::borrow::Cow::Owned(o) = terminal_safe(x, Keep::Newlines) {
                    *x = o;
                }
            }
        }
    }

    /// Checks what serde cannot: a good name, unique ids, paths starting with `/`, examples that
    /// are JSON.
    pub fn check(&self) -> Result<(), PackError> {
        self.check_shape()?;
        for ep in &self.endpoints {
            if let Some(t) = &ep.example
                && !ep.form
                && !t.contains("{{")
                && serde_json::from_str::<serde::de::IgnoredAny>(t).is_err()
            {
                return Err(PackError::Invalid(format!(
                    "endpoint '{}': example is not JSON",
                    ep.id
                )));
            }
        }
        Ok(())
    }

    /// The cheap part of [`PackFile::check`]: name, ids and paths.
    pub fn check_shape(&self) -> Result<(), PackError> {
        let bad = |m: String| Err(PackError::Invalid(m));
        if !valid_name(&self.pack.name) {
            return bad(format!(
                "[pack] name '{}' must be lowercase letters, digits, - and _ (at most 40)",
                self.pack.name
            ));
        }
        let mut ids = BTreeSet::new();
        for ep in &self.endpoints {
            if !ids.insert(ep.id.as_str()) {
                return bad(format!("endpoint id '{}' appears twice", ep.id));
            }
            if !ep.path.starts_with('/') {
                return bad(format!("endpoint '{}': path must start with /", ep.id));
            }
        }
        Ok(())
    }
}

impl Catalogue {
    /// Adds a user pack after the ones there are. Its endpoint ids become `NAME:ID`, so they never
    /// clash with another pack's. A pack whose name is taken is refused.
    pub fn add_pack(&mut self, file: PackFile, origin: &str) -> Result<(), CatalogueError> {
        file.check_shape()
            .map_err(|e| CatalogueError(e.to_string()))?;
        if self.pack(&file.pack.name).is_some() {
            return Err(CatalogueError(format!(
                "a pack named '{}' is already loaded (from {}): rename one of them",
                file.pack.name,
                self.packs
                    .iter()
                    .find(|p| p.header.name == file.pack.name)
                    .map_or("wpx", |p| if p.origin.is_empty() {
                        "wpx"
                    } else {
                        &p.origin
                    })
            )));
        }
        let mut file = file;
        file.make_terminal_safe();
        let index = self.packs.len();
        let name = file.pack.name.clone();
        let count = file.endpoints.len();
        self.endpoints
            .extend(file.endpoints.into_iter().map(|mut e| {
                e.id = format!("{name}:{}", e.id);
                e.pack = index;
                e
            }));
        self.packs.push(PackInfo {
            header: file.pack,
            params: file.params,
            param_types: file.param_types,
            origin: origin.to_owned(),
            endpoints: count,
        });
        Ok(())
    }

    /// The endpoints of one pack, in order.
    pub fn in_pack(&self, pack: usize) -> impl Iterator<Item = &Endpoint> {
        self.endpoints.iter().filter(move |e| e.pack == pack)
    }
}

#[cfg(test)]
#[path = "pack_tests.rs"]
mod tests;
