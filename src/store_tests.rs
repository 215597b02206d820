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

fn temp_store(dir: &Path) -> Store {
    Store {
        config_dir: dir.to_owned(),
        project_dir: None,
    }
}

#[test]
fn a_collection_that_does_not_parse_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = temp_store(dir.path());
    let path = store.collections_dir().join("team.toml");
    std::fs::create_dir_all(store.collections_dir()).expect("mkdir");
    let broken = "name = \"Team\"\n[[requests]\nname = \"a\"\n";
    std::fs::write(&path, broken).expect("write");
    let mut c = Collection::new("Team");
    c.description = "new".into();
    let err = store.save(&c).expect_err("refused").to_string();
    assert!(err.contains(&format!("{}:2:", path.display())), "{err}");
    assert!(err.contains("fix it, or move it"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).expect("reads"), broken);
    assert!(!dir.path().join("collections/team.toml.bak").exists());
    // Loading by name says why, rather than "no collection named".
    let err = store.load("team").expect_err("broken").to_string();
    assert!(err.contains("team.toml:2:"), "{err}");

    // A file that is not UTF-8 is refused too, byte for byte unchanged.
    let bytes = b"name = \"Team\"\ndescription = \"caf\xe9\"\n";
    std::fs::write(&path, bytes).expect("write");
    store.save(&c).expect_err("refused");
    assert_eq!(std::fs::read(&path).expect("reads"), bytes);
}

#[test]
fn every_write_keeps_the_previous_version_as_bak() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = temp_store(dir.path());
    let mut c = Collection::new("Team");
    let path = store.save(&c).expect("first save");
    let bak = dir.path().join("collections/team.toml.bak");
    assert!(!bak.exists(), "nothing to keep on the first write");
    let first = std::fs::read(&path).expect("reads");
    c.description = "second".into();
    store.save(&c).expect("second save");
    assert_eq!(std::fs::read(&bak).expect("bak"), first);
    assert_eq!(
        std::fs::metadata(&bak).expect("meta").permissions().mode() & 0o777,
        0o600
    );
    let second = std::fs::read(&path).expect("reads");
    c.description = "third".into();
    store.save(&c).expect("third save");
    assert_eq!(std::fs::read(&bak).expect("bak"), second);
    let (all, warnings) = store.list();
    assert_eq!(
        (all.len(), warnings.len()),
        (1, 0),
        "the .bak is not a collection"
    );
}

#[test]
fn an_environment_that_does_not_parse_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = temp_store(dir.path());
    let path = dir.path().join("environments/staging.toml");
    std::fs::create_dir_all(dir.path().join("environments")).expect("mkdir");
    std::fs::write(&path, "[variables\n").expect("write");
    let vars = std::collections::BTreeMap::from([("a".to_owned(), "1".to_owned())]);
    let err = store
        .save_environment("staging", &vars)
        .expect_err("refused")
        .to_string();
    assert!(err.contains("staging.toml:1:"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("reads"),
        "[variables\n"
    );
    std::fs::remove_file(&path).expect("rm");
    store.save_environment("staging", &vars).expect("saves");
    store
        .save_environment("staging", &vars)
        .expect("saves again");
    assert!(dir.path().join("environments/staging.toml.bak").exists());
}

#[test]
fn a_missing_environment_names_the_ones_there_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = temp_store(dir.path());
    let none = store.environment("prod").expect_err("absent").to_string();
    assert!(none.starts_with("no environment named 'prod'"), "{none}");
    assert!(none.contains("known: none;"), "{none}");
    let vars = std::collections::BTreeMap::from([("a".to_owned(), "1".to_owned())]);
    store.save_environment("staging", &vars).expect("saves");
    store.save_environment("dev", &vars).expect("saves");
    assert_eq!(store.environment_names(), ["dev", "staging"]);
    let err = store.environment("prod").expect_err("absent").to_string();
    assert!(err.contains("known: dev, staging;"), "{err}");
    assert!(!err.contains("collection"), "{err}");
}

mod request_edit_tests {
    use super::*;
    use crate::core::collection::SavedRequest;
    use crate::core::request::RequestSpec;

    #[test]
    fn save_rename_and_delete_a_request() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store {
            config_dir: dir.path().to_owned(),
            project_dir: None,
        };
        let req = SavedRequest::from_spec("x", &RequestSpec::get("/me"));
        let said = store
            .save_request("Mine", "Me/Who", req.clone())
            .expect("saved");
        assert!(said.starts_with("saved 'Me/Who' in 'Mine' ("), "{said}");
        let (_, c) = store.load("Mine").expect("loads");
        assert_eq!(
            (c.requests[0].folder.as_str(), c.requests[0].name.as_str()),
            ("Me", "Who")
        );
        store.save_request("Mine", "Me/Who", req).expect("replaces");
        assert_eq!(store.load("Mine").expect("loads").1.requests.len(), 1);
        assert_eq!(
            store
                .rename_request("Mine", "Me/Who", "Top")
                .expect("renamed"),
            "renamed 'Me/Who' to 'Top'"
        );
        let e = store
            .rename_request("Mine", "Me/Who", "X")
            .expect_err("gone");
        assert!(e.to_string().contains("no longer in 'Mine'"), "{e}");
        store.delete_request("Mine", "Top").expect("deleted");
        assert!(store.load("Mine").expect("loads").1.requests.is_empty());
        assert!(store.delete_request("Mine", "Top").is_err());
    }
}
