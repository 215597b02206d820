//! The endpoint and permission catalogue, embedded from `assets/` at build time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::request::Method;

/// Where an endpoint lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    /// The Graph API (`graph.workplace.com`, `graph.facebook.com`).
    #[default]
    Graph,
    /// The Account Management API (`scim.workplace.com`).
    Scim,
}

impl Host {
    /// The default: Graph.
    pub fn is_graph(&self) -> bool {
        *self == Self::Graph
    }
}

/// One field of a write body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BodyField {
    /// Field name.
    pub name: String,
    /// `string`, `bool`, `id`, `json`, `datetime`, `enum(A,B)`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Must be present.
    #[serde(default)]
    pub required: bool,
    /// What it is.
    pub description: String,
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Stable identifier (`group.feed`).
    pub id: String,
    /// The section it is listed under.
    pub section: String,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: String,
    /// One line, in our own words.
    pub summary: String,
    /// Holding any one of these is enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<String>,
    /// All of these are needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<String>,
    /// Permissions that unlock more of the answer, such as the `email` field (read_user_email).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<String>,
    /// A group-scoped app may call it only on its own groups.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub group_scoped: bool,
    /// Graph or SCIM.
    #[serde(default, skip_serializing_if = "Host::is_graph")]
    pub host: Host,
    /// Query parameters as `name` or `name=example`, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<String>,
    /// Body fields of a write.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<BodyField>,
    /// Query parameters that must be sent (their rows start turned on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// Header parameters as `name` or `name=example`, in order (imported packs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
    /// An example body (JSON text), used instead of the template made from `body` (imported packs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The body is a form (urlencoded): the example's top-level fields become form rows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub form: bool,
    /// The pack it belongs to: an index into [`Catalogue::packs`].
    #[serde(skip)]
    pub pack: usize,
}

/// A query parameter with its description and example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryParam<'a> {
    /// Name.
    pub name: &'a str,
    /// Example value (empty when none).
    pub example: &'a str,
    /// Description from `[params]`.
    pub description: &'a str,
}

/// One permission.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    /// API name (`read_group`).
    pub name: String,
    /// Admin Panel label.
    pub label: String,
    /// What it grants.
    pub grants: String,
    /// Why no endpoint needs it (webhook-only or unpublished endpoints).
    #[serde(default)]
    pub webhook_only: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointsFile {
    params: BTreeMap<String, String>,
    #[serde(default)]
    param_types: BTreeMap<String, String>,
    endpoints: Vec<Endpoint>,
}

/// What the catalogue knows of one pack: its header and its parameter descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackInfo {
    /// Name, title, surface, host.
    pub header: super::pack::PackHeader,
    /// Query parameter descriptions.
    pub params: BTreeMap<String, String>,
    /// Query parameter types other than string (`bool`, `int`, `enum(A,B)` …).
    pub param_types: BTreeMap<String, String>,
    /// Where it was read from (empty: built into wpx).
    pub origin: String,
    /// How many endpoints it holds.
    pub endpoints: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PermissionsFile {
    permissions: Vec<Permission>,
}

/// The whole catalogue: the built-in Workplace pack first, then the packs a user added.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Endpoints in pack order, each pack's in file order.
    pub endpoints: Vec<Endpoint>,
    /// Permissions of the built-in pack, in file order.
    pub permissions: Vec<Permission>,
    /// The packs; the built-in one is first.
    pub packs: Vec<PackInfo>,
}

/// A problem in the catalogue files.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("catalogue: {0}")]
pub struct CatalogueError(pub String);

const ENDPOINTS_TOML: &str = include_str!("../../assets/catalogue.toml");
const PERMISSIONS_TOML: &str = include_str!("../../assets/permissions.toml");

impl Endpoint {
    /// All permissions named by the endpoint.
    pub fn permissions(&self) -> impl Iterator<Item = &str> {
        self.any_of.iter().chain(&self.all_of).map(String::as_str)
    }

    /// A short human form: `read_group or manage_group`, `a and b`, or `none`.
    pub fn permission_text(&self) -> String {
        let mut parts = Vec::new();
        if !self.any_of.is_empty() {
            parts.push(self.any_of.join(" or "));
        }
        if !self.all_of.is_empty() {
            parts.push(self.all_of.join(" and "));
        }
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", and ")
        }
    }

    /// True when an app holding `granted` may call it.
    pub fn allowed(&self, granted: &[String]) -> bool {
        let has = |p: &String| granted.iter().any(|g| g == p);
        (self.any_of.is_empty() || self.any_of.iter().any(has)) && self.all_of.iter().all(has)
    }

    /// The permission to name in an error when `granted` is not enough.
    pub fn missing_permission(&self, granted: &[String]) -> Option<&str> {
        let has = |p: &String| granted.iter().any(|g| g == p);
        if let Some(p) = self.all_of.iter().find(|p| !has(p)) {
            return Some(p);
        }
        if !self.any_of.is_empty() && !self.any_of.iter().any(has) {
            return self.any_of.first().map(String::as_str);
        }
        None
    }

    /// The path's segments, without empty ones.
    pub fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }
}

impl Catalogue {
    /// The catalogue built into wpx.
    pub fn builtin() -> Result<Self, CatalogueError> {
        Self::parse(ENDPOINTS_TOML, PERMISSIONS_TOML)
    }

    /// Parses and validates catalogue files.
    pub fn parse(endpoints: &str, permissions: &str) -> Result<Self, CatalogueError> {
        let e: EndpointsFile = toml::from_str(endpoints)
            .map_err(|err| CatalogueError(format!("catalogue.toml: {}", err.message())))?;
        let p: PermissionsFile = toml::from_str(permissions)
            .map_err(|err| CatalogueError(format!("permissions.toml: {}", err.message())))?;
        let cat = Self {
            endpoints: e.endpoints,
            permissions: p.permissions,
            packs: vec![PackInfo {
                header: super::pack::PackHeader::builtin(),
                params: e.params,
                param_types: e.param_types,
                origin: String::new(),
                endpoints: 0,
            }],
        };
        cat.validate()?;
        let mut cat = cat;
        cat.packs[0].endpoints = cat.endpoints.len();
        Ok(cat)
    }

    fn validate(&self) -> Result<(), CatalogueError> {
        let builtin = &self.packs[0];
        if let Some(n) = builtin
            .param_types
            .keys()
            .find(|n| !builtin.params.contains_key(*n))
        {
            return Err(CatalogueError(format!(
                "[param_types] names '{n}', which [params] does not describe"
            )));
        }
        let mut ids = std::collections::BTreeSet::new();
        for ep in &self.endpoints {
            if !ids.insert(ep.id.as_str()) {
                return Err(CatalogueError(format!(
                    "endpoint id '{}' appears twice",
                    ep.id
                )));
            }
            if !ep.path.starts_with('/') {
                return Err(CatalogueError(format!(
                    "endpoint '{}': path must start with /",
                    ep.id
                )));
            }
            for p in ep.permissions().chain(ep.extra.iter().map(String::as_str)) {
                if self.permission(p).is_none() {
                    return Err(CatalogueError(format!(
                        "endpoint '{}' names unknown permission '{p}'",
                        ep.id
                    )));
                }
            }
            for q in &ep.query {
                let name = q.split_once('=').map_or(q.as_str(), |(n, _)| n);
                if !builtin.params.contains_key(name) {
                    return Err(CatalogueError(format!(
                        "endpoint '{}': query parameter '{name}' has no description in [params]",
                        ep.id
                    )));
                }
            }
        }
        for perm in &self.permissions {
            let used = self
                .endpoints
                .iter()
                .any(|e| e.permissions().any(|p| p == perm.name) || e.extra.contains(&perm.name));
            match (&perm.webhook_only, used) {
                (None, false) => {
                    return Err(CatalogueError(format!(
                        "permission '{}' is used by no endpoint: add one or set webhook_only with the reason",
                        perm.name
                    )));
                }
                (Some(r), _) if r.trim().is_empty() => {
                    return Err(CatalogueError(format!(
                        "permission '{}': webhook_only needs a reason",
                        perm.name
                    )));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A permission by API name.
    pub fn permission(&self, name: &str) -> Option<&Permission> {
        self.permissions.iter().find(|p| p.name == name)
    }

    /// The type of a query parameter of the built-in pack (`string` unless it says otherwise).
    pub fn param_kind(&self, name: &str) -> &str {
        self.param_kind_in(None, name)
    }

    /// The pack an endpoint belongs to (the built-in one when there is no endpoint).
    pub fn pack_of(&self, ep: Option<&Endpoint>) -> &PackInfo {
        let i = ep.map_or(0, |e| e.pack);
        self.packs.get(i).unwrap_or(&self.packs[0])
    }

    /// The type of a query parameter in the endpoint's pack (`string` unless it says otherwise).
    pub fn param_kind_in(&self, ep: Option<&Endpoint>, name: &str) -> &str {
        self.pack_of(ep)
            .param_types
            .get(name)
            .map_or("string", String::as_str)
    }

    /// The description of a query parameter in the endpoint's pack (empty when there is none).
    pub fn param_description(&self, ep: Option<&Endpoint>, name: &str) -> &str {
        self.pack_of(ep).params.get(name).map_or("", String::as_str)
    }

    /// A pack by name.
    pub fn pack(&self, name: &str) -> Option<usize> {
        self.packs.iter().position(|p| p.header.name == name)
    }

    /// An endpoint by id.
    pub fn endpoint(&self, id: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.id == id)
    }

    /// The query parameters of an endpoint with descriptions.
    pub fn query_params<'a>(&'a self, ep: &'a Endpoint) -> Vec<QueryParam<'a>> {
        ep.query
            .iter()
            .map(|q| {
                let (name, example) = q.split_once('=').unwrap_or((q.as_str(), ""));
                QueryParam {
                    name,
                    example,
                    description: self.param_description(Some(ep), name),
                }
            })
            .collect()
    }

    /// The endpoints that match `filter` (see [`crate::core::fuzzy`]: each word fuzzily in the
    /// method and path, or literally in the id, section, summary or permissions), and that need
    /// `permission` when one is given: their indexes, in catalogue order, with their scores. Matches
    /// scoring under half the best are left out.
    pub fn search(&self, filter: &str, permission: Option<&str>) -> Vec<(usize, u32)> {
        let all: Vec<usize> = (0..self.packs.len()).collect();
        self.search_in(filter, permission, &all)
    }

    /// The packs an endpoint list shows on a surface: every user pack, and the built-in Workplace
    /// pack where it applies (`None`: the sandbox, which is Workplace).
    pub fn shown_packs(&self, surface: Option<super::surface::Surface>) -> Vec<usize> {
        let builtin = surface.is_none_or(|s| s.no_catalogue_note().is_none());
        (0..self.packs.len())
            .filter(|&i| i > 0 || builtin)
            .collect()
    }

    /// [`Catalogue::search`] among the endpoints of these packs.
    pub fn search_in(
        &self,
        filter: &str,
        permission: Option<&str>,
        packs: &[usize],
    ) -> Vec<(usize, u32)> {
        let mut q = crate::core::fuzzy::Query::new(filter);
        let mut hits = self
            .endpoints
            .iter()
            .enumerate()
            .filter(|(_, e)| packs.contains(&e.pack))
            .filter(|(_, e)| permission.is_none_or(|p| e.permissions().any(|q| q == p)))
            .filter_map(|(i, e)| {
                if q.is_empty() {
                    return Some((i, 0));
                }
                let short = format!("{} {}", e.method, e.path);
                let long = format!(
                    "{} {} {} {}",
                    e.id,
                    e.section,
                    e.summary,
                    e.permission_text()
                );
                q.score(&short, &long).map(|s| (i, s))
            })
            .collect::<Vec<_>>();
        // Loose matches far below the best one are noise (`feed` is also in f…e…e…d).
        let best = hits.iter().map(|&(_, s)| s).max().unwrap_or(0);
        hits.retain(|&(_, s)| s * 2 >= best);
        hits
    }

    /// [`Catalogue::search`]'s endpoints, best match first (catalogue order among equals).
    pub fn filter<'a>(&'a self, filter: &str, permission: Option<&str>) -> Vec<&'a Endpoint> {
        let all: Vec<usize> = (0..self.packs.len()).collect();
        self.filter_in(filter, permission, &all)
    }

    /// [`Catalogue::filter`] among the endpoints of these packs.
    pub fn filter_in<'a>(
        &'a self,
        filter: &str,
        permission: Option<&str>,
        packs: &[usize],
    ) -> Vec<&'a Endpoint> {
        let mut hits = self.search_in(filter, permission, packs);
        hits.sort_by_key(|&(i, s)| (std::cmp::Reverse(s), i));
        hits.into_iter().map(|(i, _)| &self.endpoints[i]).collect()
    }

    /// Endpoints that need `permission`, or that it unlocks more of.
    pub fn needing<'a>(&'a self, permission: &str) -> Vec<&'a Endpoint> {
        self.endpoints
            .iter()
            .filter(|e| {
                e.permissions().any(|p| p == permission) || e.extra.iter().any(|p| p == permission)
            })
            .collect()
    }
}

/// Normalises a path for comparison across syntaxes: `:param`, `{param}`, `{{param}}` and
/// `t_{{param}}` segments become `{}`, as do `community` and `company` (the community's alias and id);
/// spaces and trailing slashes go.
pub fn normalise_path(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let segs: Vec<String> = path
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let variable =
                s.starts_with(':') || s.contains('{') || matches!(s, "community" | "company");
            if variable {
                "{}".to_owned()
            } else {
                s.to_owned()
            }
        })
        .collect();
    format!("/{}", segs.join("/"))
}

#[cfg(test)]
#[path = "catalogue_tests.rs"]
mod tests;
