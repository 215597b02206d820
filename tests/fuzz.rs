//! Fuzz targets on stable Rust, driven by proptest: one test per parser, each replaying its corpus
//! (`tests/fuzz/corpus/<target>/`) first, then running generated cases: arbitrary bytes, and
//! known-good seeds mutated (bytes flipped, cut, repeated, dictionary tokens spliced in, nested
//! deep). Every case asserts that nothing panics and that basic invariants hold.
//!
//! A short pass runs with `cargo test`. A long one:
//!
//! ```text
//! WPX_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --test-threads=1 --nocapture [TARGET]
//! ```
//!
//! - `WPX_FUZZ_CASES`: generated cases per target (default: a short pass of a few hundred).
//! - `WPX_FUZZ_SEED`: the RNG seed (default 1, so runs repeat); change it to explore elsewhere.
//! - `WPX_FUZZ_LAST=1`: write each input to `target/tmp/fuzz-last-<target>` before running it, to
//!   catch an input that aborts the process (a stack overflow is not a panic).
//!
//! A failing case is shrunk, written to `target/tmp/fuzz-failure-<target>`, and the test fails;
//! after the fix, copy it into the target's corpus as a regression input.

// The targets live in tests/fuzz/; a module and its test share a name.
#[path = "fuzz/config.rs"]
mod config;
#[path = "fuzz/curl.rs"]
mod curl;
#[path = "fuzz/doc.rs"]
mod doc;
#[path = "fuzz/fields.rs"]
mod fields;
#[path = "fuzz/harness.rs"]
mod harness;
#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "fuzz/postman.rs"]
mod postman;
#[path = "fuzz/sandbox.rs"]
mod sandbox;

use harness::fuzz;

#[test]
fn doc() {
    fuzz("doc", 1, doc::input(), doc::check);
}

#[test]
fn fields() {
    fuzz("fields", 4, fields::input(), fields::check);
}

#[test]
fn curl() {
    fuzz("curl", 4, curl::input(), curl::check);
}

#[test]
fn postman() {
    fuzz("postman", 1, postman::input(), postman::check);
}

#[test]
fn config() {
    fuzz("config", 2, config::input(), config::check);
}

#[test]
fn scim_filter() {
    fuzz("scim_filter", 1, sandbox::scim_input(), sandbox::check_scim);
}

#[test]
fn batch() {
    fuzz("batch", 1, sandbox::batch_input(), sandbox::check_batch);
}
