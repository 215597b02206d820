//! Graph paths: the version prefix, and one call below the root as a plain request or a batch
//! operation makes it.

use super::super::errors::GraphErr;
use crate::core::request::Method;

/// The newest version the sandbox serves, named in `facebook-api-version` for unversioned calls.
pub const SANDBOX_VERSION: &str = "v27.0";

/// One Graph call below the root.
pub struct Op<'a> {
    /// Its method (after any `method=` override).
    pub method: Method,
    /// The path's segments after the version.
    pub segs: &'a [String],
    /// Query, form and JSON-body parameters.
    pub params: &'a [(String, String)],
    /// The version prefix that answers (`/v23.0`, or empty).
    pub version: &'a str,
    /// The sandbox's time.
    pub now: i64,
    /// Credentials the request carried in its query (`access_token`, and the proof beside it),
    /// which Graph writes into `paging.next` and `previous` so that a link followed verbatim works.
    pub link_auth: &'a [(String, String)],
    /// Files uploaded with the call (multipart bodies).
    pub files: &'a [crate::sandbox::engine::Upload],
}

/// Splits `/v19.0/a/b` into (`/v19.0`, [a, b]). Unknown versions are refused as Graph does.
pub fn split_version(path: &str) -> Result<(String, Vec<String>), GraphErr> {
    let mut segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let mut version = String::new();
    if let Some(first) = segs.first()
        && let Some(rest) = first.strip_prefix('v')
        && let Some((major, minor)) = rest.split_once('.')
        && let (Ok(major), Ok(minor)) = (major.parse::<u32>(), minor.parse::<u32>())
    {
        if !is_graph_version(major, minor) {
            let after = segs.get(1).cloned().unwrap_or_default();
            return Err(GraphErr::unknown_path(&after));
        }
        version = format!("/{first}");
        segs.remove(0);
    }
    Ok((version, segs))
}

/// True for a version Graph has had: v2.0–v2.12, v3.0–v3.3, then v4.0 to the newest, each `.0`
/// (Graph's changelog). Anything else (`v19.7`, `v99.0`) is an unknown path, code 2500.
fn is_graph_version(major: u32, minor: u32) -> bool {
    let newest: u32 = SANDBOX_VERSION
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(27);
    match major {
        2 => minor <= 12,
        3 => minor <= 3,
        m => (4..=newest).contains(&m) && minor == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_versions_graph_has_had_are_known() {
        for known in [
            "/v2.6/me",
            "/v2.12/me",
            "/v3.3/me",
            "/v13.0/me",
            "/v27.0/me",
            "/me",
        ] {
            assert!(split_version(known).is_ok(), "{known}");
        }
        for unknown in [
            "/v19.7/me",
            "/v99.0/me",
            "/v2.13/me",
            "/v3.4/me",
            "/v28.0/me",
            "/v1.0/me",
        ] {
            let e = split_version(unknown).expect_err(unknown);
            assert_eq!(
                (e.code, e.message.as_str()),
                (2500, "Unknown path components: /me")
            );
        }
    }
}
