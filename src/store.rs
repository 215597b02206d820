//! Files wpx writes: private directories (0700), private files (0600 from creation), atomic
//! replacement (temp file, fsync, rename). Collections and environments live here too: a file that
//! does not parse is never overwritten, and each write keeps the previous version as `NAME.toml.bak`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::core::collection::{Collection, TomlError, slug};

/// Makes temp names unique between threads of one process.
static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// Creates `dir` (and parents) and makes it private (0700).
pub fn ensure_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Replaces `path` with `bytes` atomically; the file is 0600 from the moment it exists.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    ensure_private_dir(parent_of(path))?;
    replace_file(path, bytes)
}

/// The folder a path is in (`.` for a bare file name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Replaces `path` with `bytes` atomically (0600 from creation) in a folder that must exist, whose
/// permissions are left as they are: for files the user names (`export … -o FILE`).
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = parent_of(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{seq}.tmp", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = (|| {
        let mut f = opts.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Where collections and environments are kept.
#[derive(Debug, Clone)]
pub struct Store {
    /// The config directory (`collections/` and `environments/` inside).
    pub config_dir: PathBuf,
    /// A project folder's `.wpx/collections`, searched first when it exists.
    pub project_dir: Option<PathBuf>,
}

/// A problem with a collection file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No collection by that name.
    #[error("no collection named '{0}': `wpx collections` lists them")]
    NotFound(String),
    /// No environment by that name.
    #[error(
        "no environment named '{name}' (looked for {}): known: {}; create it with a [variables] table, or `wpx import` a Postman environment",
        path.display(), if known.is_empty() { "none" } else { known }
    )]
    NoEnvironment {
        /// The name asked for.
        name: String,
        /// Where it was looked for.
        path: PathBuf,
        /// The environments there are, comma-separated.
        known: String,
    },
    /// No request by that name in the collection.
    #[error("'{name}' is no longer in '{collection}': the list may be out of date (o reloads it)")]
    NoRequest {
        /// The request's full name.
        name: String,
        /// The collection.
        collection: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A file that does not parse, so it is neither used nor overwritten.
    #[error(
        "{}:{}: {} (this file does not parse, so wpx leaves it as it is and writes nothing over it: fix it, or move it elsewhere, then try again)",
        path.display(), error.line, error.message
    )]
    Broken {
        /// The file.
        path: PathBuf,
        /// Where and why it does not parse.
        error: TomlError,
    },
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

/// Reads and parses a collection file.
fn read_collection(path: &Path) -> Result<Collection, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| io_err(path, e))?;
    Collection::parse_toml(&text).map_err(|error| StoreError::Broken {
        path: path.to_owned(),
        error,
    })
}

/// `NAME.toml.bak` beside `NAME.toml`.
fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Replaces a TOML file wpx owns with `text`. When the file exists it must pass `check` (parse),
/// or nothing is written; its current bytes become `NAME.toml.bak` (0600) before the new text
/// goes in, so every write can be undone once.
fn replace_checked(
    path: &Path,
    text: &str,
    check: impl Fn(&str) -> Result<(), TomlError>,
) -> Result<(), StoreError> {
    match std::fs::read(path) {
        Ok(old) => {
            let broken = |error| StoreError::Broken {
                path: path.to_owned(),
                error,
            };
            let old_text = std::str::from_utf8(&old).map_err(|e| {
                let before = old.get(..e.valid_up_to()).unwrap_or_default();
                broken(TomlError {
                    line: memchr::memchr_iter(b'\n', before).count() + 1,
                    message: "the file is not UTF-8 text".to_owned(),
                })
            })?;
            check(old_text).map_err(broken)?;
            let bak = backup_path(path);
            write_atomic(&bak, &old).map_err(|e| io_err(&bak, e))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(path, e)),
    }
    write_atomic(path, text.as_bytes()).map_err(|e| io_err(path, e))
}

#[derive(serde::Deserialize)]
struct EnvFile {
    #[serde(default)]
    variables: std::collections::BTreeMap<String, String>,
}

fn parse_env(text: &str) -> Result<std::collections::BTreeMap<String, String>, TomlError> {
    toml::from_str::<EnvFile>(text)
        .map(|e| e.variables)
        .map_err(|e| TomlError::new(text, &e))
}

impl Store {
    /// The store under a config directory, with `./.wpx/collections` when the current folder has one.
    pub fn new(config_dir: &Path) -> Self {
        let project = std::env::current_dir()
            .ok()
            .map(|d| d.join(".wpx").join("collections"))
            .filter(|d| d.is_dir());
        Self {
            config_dir: config_dir.to_owned(),
            project_dir: project,
        }
    }

    /// The config folder's collections directory.
    pub fn collections_dir(&self) -> PathBuf {
        self.config_dir.join("collections")
    }

    fn dirs(&self) -> Vec<PathBuf> {
        self.project_dir
            .iter()
            .cloned()
            .chain(std::iter::once(self.collections_dir()))
            .collect()
    }

    /// Every collection that parses, with its file; broken files are reported as warnings.
    pub fn list(&self) -> (Vec<(PathBuf, Collection)>, Vec<String>) {
        let (found, broken) = self.scan();
        let warnings = broken
            .iter()
            .map(|e| match e {
                StoreError::Broken { path, error } => format!(
                    "{}:{}: {} (not a valid collection; it was left as it is)",
                    path.display(),
                    error.line,
                    error.message
                ),
                other => other.to_string(),
            })
            .collect();
        (found, warnings)
    }

    /// The collections that parse, and the errors of the files that do not.
    fn scan(&self) -> (Vec<(PathBuf, Collection)>, Vec<StoreError>) {
        let mut found = Vec::new();
        let mut warnings = Vec::new();
        for dir in self.dirs() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            for p in paths {
                match read_collection(&p) {
                    Ok(c) => found.push((p, c)),
                    Err(e) => warnings.push(e),
                }
            }
        }
        (found, warnings)
    }

    /// A collection by name or file stem (case-insensitive). When only a file that does not parse
    /// has that stem, its parse error is returned, so no caller mistakes it for a missing one.
    pub fn load(&self, name: &str) -> Result<(PathBuf, Collection), StoreError> {
        let want = name.to_lowercase();
        let stem_matches = |p: &Path| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| s.to_lowercase() == want || s == slug(name))
        };
        let (all, broken) = self.scan();
        if let Some(found) = all
            .into_iter()
            .find(|(p, c)| c.name.to_lowercase() == want || stem_matches(p))
        {
            return Ok(found);
        }
        match broken.into_iter().find(|e| match e {
            StoreError::Broken { path, .. } | StoreError::Io { path, .. } => stem_matches(path),
            StoreError::NotFound(_)
            | StoreError::NoEnvironment { .. }
            | StoreError::NoRequest { .. } => false,
        }) {
            Some(e) => Err(e),
            None => Err(StoreError::NotFound(name.to_owned())),
        }
    }

    /// Saves a collection where it already lives, or as `collections/<slug>.toml`. A file there
    /// that does not parse is refused (nothing is written); the previous version is kept as
    /// `NAME.toml.bak`.
    pub fn save(&self, c: &Collection) -> Result<PathBuf, StoreError> {
        let path = match self.load(&c.name) {
            Ok((p, _)) => p,
            Err(StoreError::NotFound(_)) => self
                .collections_dir()
                .join(format!("{}.toml", slug(&c.name))),
            Err(e) => return Err(e),
        };
        let text = c.to_toml().map_err(|e| io_err(&path, e))?;
        replace_checked(&path, &text, |old| Collection::parse_toml(old).map(|_| ()))?;
        Ok(path)
    }

    /// Deletes a collection's file.
    pub fn delete(&self, name: &str) -> Result<PathBuf, StoreError> {
        let (path, _) = self.load(name)?;
        std::fs::remove_file(&path).map_err(|e| io_err(&path, e))?;
        Ok(path)
    }

    /// The variables of an environment (`environments/<name>.toml`, a `[variables]` table).
    pub fn environment(
        &self,
        name: &str,
    ) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
        let path = self
            .config_dir
            .join("environments")
            .join(format!("{}.toml", slug(name)));
        let text = std::fs::read_to_string(&path).map_err(|_| StoreError::NoEnvironment {
            name: name.to_owned(),
            path: path.clone(),
            known: self.environment_names().join(", "),
        })?;
        parse_env(&text).map_err(|error| StoreError::Broken { path, error })
    }

    /// Saves `req` as `full_name` (`Folder/Name`) in `collection`, creating the collection when
    /// it is new and replacing a request of the same name. Returns what to tell the user.
    pub fn save_request(
        &self,
        collection: &str,
        full_name: &str,
        mut req: crate::core::collection::SavedRequest,
    ) -> Result<String, StoreError> {
        let mut c = match self.load(collection) {
            Ok((_, c)) => c,
            Err(StoreError::NotFound(_)) => Collection::new(collection),
            Err(e) => return Err(e),
        };
        let (folder, leaf) = split_name(full_name);
        req.folder = folder;
        req.name = leaf;
        let full = req.full_name();
        let replaced = c.upsert(req);
        let path = self.save(&c)?;
        Ok(format!(
            "{} '{full}' in '{}' ({})",
            if replaced {
                "replaced the request"
            } else {
                "saved"
            },
            c.name,
            path.display()
        ))
    }

    /// Renames the request `old` of `collection` to `new` (which may move it to a folder).
    pub fn rename_request(
        &self,
        collection: &str,
        old: &str,
        new: &str,
    ) -> Result<String, StoreError> {
        let (_, mut c) = self.load(collection)?;
        let Some(r) = c.requests.iter_mut().find(|r| r.full_name() == old) else {
            return Err(StoreError::NoRequest {
                name: old.to_owned(),
                collection: collection.to_owned(),
            });
        };
        let (folder, leaf) = split_name(new);
        r.folder = folder;
        r.name = leaf;
        self.save(&c)?;
        Ok(format!("renamed '{old}' to '{new}'"))
    }

    /// Deletes the request `name` of `collection`.
    pub fn delete_request(&self, collection: &str, name: &str) -> Result<String, StoreError> {
        let (_, mut c) = self.load(collection)?;
        let before = c.requests.len();
        c.requests.retain(|r| r.full_name() != name);
        if c.requests.len() == before {
            return Err(StoreError::NoRequest {
                name: name.to_owned(),
                collection: collection.to_owned(),
            });
        }
        self.save(&c)?;
        Ok(format!("deleted '{name}' from '{collection}'"))
    }

    /// The names of the saved environments, sorted.
    pub fn environment_names(&self) -> Vec<String> {
        let dir = self.config_dir.join("environments");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let p = e.path();
                (p.extension()? == "toml").then(|| p.file_stem()?.to_str().map(str::to_owned))?
            })
            .collect();
        names.sort();
        names
    }

    /// Saves an environment.
    pub fn save_environment(
        &self,
        name: &str,
        vars: &std::collections::BTreeMap<String, String>,
    ) -> Result<PathBuf, StoreError> {
        let path = self
            .config_dir
            .join("environments")
            .join(format!("{}.toml", slug(name)));
        #[derive(serde::Serialize)]
        struct Env<'a> {
            name: &'a str,
            variables: &'a std::collections::BTreeMap<String, String>,
        }
        let text = toml::to_string_pretty(&Env {
            name,
            variables: vars,
        })
        .map_err(|e| io_err(&path, e))?;
        replace_checked(&path, &text, |old| parse_env(old).map(|_| ()))?;
        Ok(path)
    }
}

/// `Folder/Sub/Name` → (`Folder/Sub`, `Name`).
fn split_name(full: &str) -> (String, String) {
    full.trim()
        .rsplit_once('/')
        .map_or((String::new(), full.trim().to_owned()), |(f, l)| {
            (f.trim().to_owned(), l.trim().to_owned())
        })
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
