//! Catalogue packs on disk: `catalogues/*.toml` under the config folder, then
//! `./.wpx/catalogues/*.toml` of the project folder. The CLI and the TUI load them here, once, the
//! same way: a pack that does not load is left out with a warning, never fatal.
//!
//! Each pack's converted form is kept beside it as JSON (`.cache/NAME.json`, stamped with the
//! TOML file's size and modification time), because JSON reads several times faster than TOML: a
//! 2,000-endpoint pack loads in a few milliseconds at start-up. The TOML file stays the truth; a
//! cache that does not match it is ignored and written anew.

use std::path::{Path, PathBuf};

use crate::core::catalogue::{Catalogue, CatalogueError};
use crate::core::pack::{PackError, PackFile};

/// The catalogue with every pack that loads, and a line for each one that does not.
pub struct Loaded {
    /// The built-in pack, then the user's.
    pub catalogue: Catalogue,
    /// Packs left out, and why.
    pub warnings: Vec<String>,
}

/// The config folder's pack directory.
pub fn config_packs_dir(config_dir: &Path) -> PathBuf {
    config_dir.join("catalogues")
}

/// Where packs are read from, in order: the config folder's, then the project folder's.
pub fn dirs(config_dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![config_packs_dir(config_dir)];
    if let Ok(cwd) = std::env::current_dir() {
        let project = cwd.join(".wpx").join("catalogues");
        if project.is_dir() {
            out.push(project);
        }
    }
    out
}

/// The pack files of a directory, sorted.
fn pack_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
}

/// The cache of a pack file, and the stamp that says which version of the file it holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Cached {
    stamp: String,
    pack: PackFile,
}

fn cache_path(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?.join(".cache");
    let stem = path.file_stem()?.to_str()?;
    Some(dir.join(format!("{stem}.json")))
}

/// The file's size and modification time, as a cache stamp.
fn stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{}:{}", meta.len(), modified.as_nanos()))
}

fn read_cached(path: &Path, stamp: &str) -> Option<PackFile> {
    let bytes = std::fs::read(cache_path(path)?).ok()?;
    let cached: Cached = serde_json::from_slice(&bytes).ok()?;
    // It was checked when it was cached; adding it checks its shape again.
    (cached.stamp == stamp).then_some(cached.pack)
}

fn write_cache(path: &Path, stamp: String, pack: &PackFile) {
    let Some(cache) = cache_path(path) else {
        return;
    };
    let cached = Cached {
        stamp,
        pack: pack.clone(),
    };
    if let Ok(bytes) = serde_json::to_vec(&cached) {
        // Best effort: without a cache the pack is read from its TOML next time too.
        let _ = crate::store::write_atomic(&cache, &bytes);
    }
}

/// Reads one pack file (through its cache when the cache is of this version of the file).
pub fn read(path: &Path) -> Result<PackFile, String> {
    let stamp = stamp(path);
    if let Some(pack) = stamp.as_deref().and_then(|s| read_cached(path, s)) {
        return Ok(pack);
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let pack = PackFile::parse(&text).map_err(|e| match e {
        PackError::Toml(t) => format!("{}:{}: {}", path.display(), t.line, t.message),
        PackError::Invalid(m) => format!("{}: {m}", path.display()),
    })?;
    if let Some(s) = stamp {
        write_cache(path, s, &pack);
    }
    Ok(pack)
}

/// The built-in catalogue and every pack under `config_dir` (and the project folder).
pub fn load(config_dir: &Path) -> Result<Loaded, CatalogueError> {
    load_from(&dirs(config_dir))
}

/// The built-in catalogue and the packs of these directories.
pub fn load_from(dirs: &[PathBuf]) -> Result<Loaded, CatalogueError> {
    let mut catalogue = Catalogue::builtin()?;
    let mut warnings = Vec::new();
    for path in dirs.iter().flat_map(|d| pack_files(d)) {
        let origin = path.display().to_string();
        match read(&path) {
            Ok(file) => {
                if let Err(e) = catalogue.add_pack(file, &origin) {
                    warnings.push(format!("{origin}: {} (the pack was left out)", e.0));
                }
            }
            Err(e) => warnings.push(format!("{e} (the pack was left out)")),
        }
    }
    Ok(Loaded {
        catalogue,
        warnings,
    })
}

/// Writes a pack as `catalogues/NAME.toml` under the config folder (0600, atomically). An existing
/// pack of that name is replaced only with `replace`.
pub fn save(config_dir: &Path, file: &PackFile, replace: bool) -> anyhow::Result<PathBuf> {
    if file.pack.name == crate::core::pack::PackHeader::builtin().name {
        anyhow::bail!(
            "'{}' is the built-in pack's name: pass --name to pick another",
            file.pack.name
        );
    }
    let path = config_packs_dir(config_dir).join(format!("{}.toml", file.pack.name));
    if path.exists() && !replace {
        anyhow::bail!(
            "a pack named '{}' exists ({}): pass --replace to overwrite it, or --name to pick another name",
            file.pack.name,
            path.display()
        );
    }
    let text = file.to_toml();
    // What is written must load again.
    PackFile::parse(&text).map_err(|e| anyhow::anyhow!("the converted pack does not load: {e}"))?;
    crate::store::write_atomic(&path, text.as_bytes())?;
    if let Some(s) = stamp(&path) {
        write_cache(&path, s, file);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_packs_are_left_out_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let packs = dir.path().join("catalogues");
        std::fs::create_dir_all(&packs).expect("mkdir");
        std::fs::write(packs.join("a.toml"), "[pack]\nname = \"a\"\n").expect("write");
        std::fs::write(packs.join("b.toml"), "[pack\n").expect("write");
        std::fs::write(packs.join("c.toml"), "[pack]\nname = \"workplace\"\n").expect("write");
        let loaded = load_from(&[packs]).expect("loads");
        assert_eq!(loaded.catalogue.packs.len(), 2, "builtin and a");
        assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
        assert!(
            loaded.warnings[0].contains("b.toml:1"),
            "{:?}",
            loaded.warnings
        );
        assert!(
            loaded.warnings[1].contains("already loaded"),
            "{:?}",
            loaded.warnings
        );
    }

    #[test]
    fn saving_refuses_to_overwrite_unless_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = PackFile::parse("[pack]\nname = \"p\"\n").expect("parses");
        let path = save(dir.path(), &file, false).expect("saved");
        assert!(path.ends_with("catalogues/p.toml"));
        let err = save(dir.path(), &file, false).expect_err("exists");
        assert!(err.to_string().contains("--replace"), "{err}");
        save(dir.path(), &file, true).expect("replaced");
        let loaded = load_from(&[config_packs_dir(dir.path())]).expect("loads");
        assert_eq!(loaded.catalogue.packs[1].header.name, "p");
    }

    #[test]
    fn the_cache_is_used_only_for_the_version_of_the_file_it_was_made_from() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = PackFile::parse("[pack]\nname = \"p\"\ntitle = \"One\"\n").expect("parses");
        let path = save(dir.path(), &file, false).expect("saved");
        let cache = cache_path(&path).expect("a cache path");
        assert!(cache.exists(), "written with the pack");
        assert_eq!(read(&path).expect("reads").pack.title, "One");
        // A hand edit (another size) makes the cache stale: the TOML is read, the cache renewed.
        std::fs::write(&path, "[pack]\nname = \"p\"\ntitle = \"Two, by hand\"\n").expect("edit");
        assert_eq!(read(&path).expect("reads").pack.title, "Two, by hand");
        let cached: Cached =
            serde_json::from_slice(&std::fs::read(&cache).expect("cache")).expect("json");
        assert_eq!(cached.pack.pack.title, "Two, by hand");
        // A broken cache is ignored.
        std::fs::write(&cache, "{").expect("break it");
        assert_eq!(read(&path).expect("reads").pack.title, "Two, by hand");
        // The cache is not a pack.
        assert_eq!(
            load_from(&[config_packs_dir(dir.path())])
                .expect("loads")
                .catalogue
                .packs
                .len(),
            2
        );
    }
}
