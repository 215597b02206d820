//! Runs one target: its corpus first, then generated cases, with the case count and the seed from
//! the environment. See tests/fuzz.rs.

use std::io::{Seek, SeekFrom, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};

/// What a target checks: `Err` for a broken invariant; a panic is a failure too.
pub type Check = fn(&[u8]) -> Result<(), String>;

/// Generated cases per target and weight unit in the short pass that `cargo test` runs.
const SHORT_PASS: u32 = 128;

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim().replace('_', "");
    match v.parse() {
        Ok(n) => Some(n),
        Err(_) => panic!("{name}={v:?} is not a whole number"),
    }
}

fn tmp(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// The corpus of a target, sorted by file name.
pub fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("a corpus file reads");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

fn show(input: &[u8]) -> String {
    let text = String::from_utf8_lossy(input);
    let mut s: String = text.chars().take(1500).collect();
    if text.chars().count() > 1500 {
        s.push_str(&format!("… ({} bytes in all)", input.len()));
    }
    format!("{s:?}")
}

fn run_one(check: Check, input: &[u8]) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| check(input))) {
        Ok(r) => r,
        Err(p) => Err(format!(
            "panicked: {}",
            p.downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| p.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)")
        )),
    }
}

/// Replays `target`'s corpus, then runs `WPX_FUZZ_CASES` (default `SHORT_PASS * weight`)
/// generated cases from `strategy`, and prints the figures.
pub fn fuzz(target: &str, weight: u32, strategy: impl Strategy<Value = Vec<u8>>, check: Check) {
    let start = Instant::now();
    let corpus = corpus(target);
    for (name, input) in &corpus {
        if let Err(e) = run_one(check, input) {
            panic!(
                "fuzz {target}: corpus input {name} fails: {e}\ninput: {}",
                show(input)
            );
        }
    }
    let cases = env_u64("WPX_FUZZ_CASES").map_or(SHORT_PASS * weight, |n| {
        u32::try_from(n).unwrap_or(u32::MAX)
    });
    let seed = env_u64("WPX_FUZZ_SEED").unwrap_or(1);
    let last = std::env::var_os("WPX_FUZZ_LAST").map(|_| {
        let path = tmp(&format!("fuzz-last-{target}"));
        std::fs::File::create(&path).expect("creates the last-input file")
    });
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 20_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let generated = Instant::now();
    let result = runner.run(&strategy, |input| {
        if let Some(mut file) = last.as_ref() {
            // One open file rewritten in place: cheap enough for every case.
            file.seek(SeekFrom::Start(0))
                .and_then(|_| file.write_all(&input))
                .and_then(|()| file.set_len(input.len() as u64))
                .expect("writes the last input");
        }
        check(&input).map_err(TestCaseError::fail)
    });
    match result {
        Ok(()) => {
            let secs = generated.elapsed().as_secs_f64();
            println!(
                "fuzz {target}: {} corpus inputs, {cases} cases in {secs:.1} s ({:.0} cases/s), seed {seed}; total {:.1} s",
                corpus.len(),
                f64::from(cases) / secs.max(1e-9),
                start.elapsed().as_secs_f64()
            );
        }
        Err(TestError::Fail(reason, input)) => {
            let path = tmp(&format!("fuzz-failure-{target}"));
            std::fs::write(&path, &input).expect("writes the failing input");
            panic!(
                "fuzz {target} (seed {seed}): {reason}\nshrunk input ({} bytes, saved to {}): {}",
                input.len(),
                path.display(),
                show(&input)
            );
        }
        Err(TestError::Abort(reason)) => panic!("fuzz {target}: aborted: {reason}"),
    }
}
