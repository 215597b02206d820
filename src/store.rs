//! Files wpx writes: private directories (0700), private files (0600 from creation), atomic
//! replacement (temp file, fsync, rename). Collections and environments live here too.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::core::collection::{Collection, slug};

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
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    ensure_private_dir(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
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
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    }
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
                match std::fs::read_to_string(&p)
                    .map_err(|e| e.to_string())
                    .and_then(|t| Collection::from_toml(&t).map_err(|e| e.to_string()))
                {
                    Ok(c) => found.push((p, c)),
                    Err(e) => warnings.push(format!(
                        "{} is not a valid collection ({e}); it was left as it is",
                        p.display()
                    )),
                }
            }
        }
        (found, warnings)
    }

    /// A collection by name or file stem (case-insensitive).
    pub fn load(&self, name: &str) -> Result<(PathBuf, Collection), StoreError> {
        let want = name.to_lowercase();
        let (all, _) = self.list();
        all.into_iter()
            .find(|(p, c)| {
                c.name.to_lowercase() == want
                    || p.file_stem()
                        .and_then(|s| s.to_str())
                        .is_some_and(|s| s.to_lowercase() == want || s == slug(name))
            })
            .ok_or_else(|| StoreError::NotFound(name.to_owned()))
    }

    /// Saves a collection where it already lives, or as `collections/<slug>.toml`.
    pub fn save(&self, c: &Collection) -> Result<PathBuf, StoreError> {
        let path = self.load(&c.name).map(|(p, _)| p).unwrap_or_else(|_| {
            self.collections_dir()
                .join(format!("{}.toml", slug(&c.name)))
        });
        let text = c.to_toml().map_err(|e| io_err(&path, e))?;
        write_atomic(&path, text.as_bytes()).map_err(|e| io_err(&path, e))?;
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
        let text = std::fs::read_to_string(&path).map_err(|_| {
            StoreError::NotFound(format!("environment {name} ({})", path.display()))
        })?;
        #[derive(serde::Deserialize)]
        struct Env {
            #[serde(default)]
            variables: std::collections::BTreeMap<String, String>,
        }
        toml::from_str::<Env>(&text)
            .map(|e| e.variables)
            .map_err(|e| io_err(&path, e.message()))
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
        write_atomic(&path, text.as_bytes()).map_err(|e| io_err(&path, e))?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn atomic_private_writes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("f.toml");
        write_atomic(&path, b"one").expect("writes");
        write_atomic(&path, b"two").expect("rewrites");
        assert_eq!(std::fs::read(&path).expect("reads"), b"two");
        assert_eq!(
            std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::metadata(dir.path().join("sub"))
                .expect("meta")
                .permissions()
                .mode()
                & 0o777,
            0o700
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("sub"))
                .expect("dir")
                .count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn save_load_delete_and_broken_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store {
            config_dir: dir.path().to_owned(),
            project_dir: None,
        };
        let c = Collection::new("Workplace Graph Collection");
        let path = store.save(&c).expect("saves");
        assert!(path.ends_with("collections/workplace-graph-collection.toml"));
        assert_eq!(
            store.load("workplace graph collection").expect("loads").1,
            c
        );
        std::fs::write(store.collections_dir().join("broken.toml"), "name = ").expect("write");
        let (all, warnings) = store.list();
        assert_eq!(all.len(), 1);
        assert!(warnings[0].contains("broken.toml"));
        store.delete("Workplace Graph Collection").expect("deletes");
        assert!(store.load("Workplace Graph Collection").is_err());
    }
}
