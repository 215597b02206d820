use crate::core::catalogue::{Catalogue, Host};
use crate::core::request::Method;

/// Entries that write but are answered before the write table: the batch, at the root
/// (`graph::batch`).
const ANSWERED_ELSEWHERE: &[&str] = &["batch"];

#[test]
fn every_catalogue_entry_that_writes_has_a_handler() {
    let cat = Catalogue::builtin().expect("catalogue");
    let missing: Vec<&str> = cat
        .endpoints
        .iter()
        .filter(|e| e.host == Host::Graph && e.method != Method::Get)
        .map(|e| e.id.as_str())
        .filter(|id| super::handler(id).is_none() && !ANSWERED_ELSEWHERE.contains(id))
        .collect();
    assert!(missing.is_empty(), "no write handler for {missing:?}");
}

#[test]
fn every_handler_names_a_catalogue_entry_that_writes() {
    let cat = Catalogue::builtin().expect("catalogue");
    for (id, _) in super::HANDLERS {
        let e = cat.endpoints.iter().find(|e| e.id == *id);
        assert!(
            e.is_some_and(|e| e.method != Method::Get),
            "{id} is not a catalogue entry that writes"
        );
    }
}
