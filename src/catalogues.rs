//! Catalogue packs on disk: `catalogues/*.toml` under the config folder, then
//! `./.wpx/catalogues/*.toml` of the project folder. The CLI and the TUI load them here, once, the
//! same way: a pack that does not load is left out with a warning, never fatal.

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

/// Reads one pack file.
pub fn read(path: &Path) -> Result<PackFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    PackFile::parse(&text).map_err(|e| match e {
        PackError::Toml(t) => format!("{}:{}: {}", path.display(), t.line, t.message),
        PackError::Invalid(m) => format!("{}: {m}", path.display()),
    })
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
}
