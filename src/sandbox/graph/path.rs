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
        && let (Ok(major), Ok(_)) = (major.parse::<u32>(), minor.parse::<u32>())
    {
        if !(2..=27).contains(&major) {
            let after = segs.get(1).cloned().unwrap_or_default();
            return Err(GraphErr::unknown_path(&after));
        }
        version = format!("/{first}");
        segs.remove(0);
    }
    Ok((version, segs))
}
