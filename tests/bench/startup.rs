//! Start-up benchmark: `cargo bench --bench startup` runs the release `wpx` in a pseudo-terminal
//! and prints the time from spawn to the first frame, and the resident memory once idle: first
//! with the built-in catalogue alone, then with a 2,000-endpoint pack in the config folder.

#[path = "gen_spec.rs"]
mod gen_spec;

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, NativePtySystem, PtySize, PtySystem};

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// One run: milliseconds to the first frame (the word "Endpoints" drawn) and idle RSS in KiB.
fn run(config_dir: &std::path::Path) -> (f64, Option<u64>) {
    let pty = NativePtySystem::default();
    let pair = pty
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_wpx"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("WPX_CONFIG_DIR", config_dir);
    for v in [
        "WPX_ACCESS_TOKEN",
        "WPX_APP_SECRET",
        "WPX_BASE_URL",
        "WPX_PROFILE",
        "DISPLAY",
    ] {
        cmd.env_remove(v);
    }
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let first = Arc::new(Mutex::new(None));
    let (s, f) = (seen.clone(), first.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut all = s.lock().expect("lock");
            all.extend_from_slice(&buf[..n]);
            let mut fr = f.lock().expect("lock");
            if fr.is_none() && contains(&all, b"Endpoints") {
                *fr = Some(started.elapsed());
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while first.lock().expect("lock").is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_micros(200));
    }
    let frame = first
        .lock()
        .expect("lock")
        .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
    std::thread::sleep(Duration::from_millis(1500));
    let rss = child.process_id().and_then(rss_kib);
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let _ = child.wait();
    drop(pair.master);
    (frame, rss)
}

use std::io::Write;

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    series(dir.path(), "built-in catalogue only");
    let doc = gen_spec::spec(2000);
    let pack = wpx::core::openapi::import(&doc, Some("bench"), "bench")
        .expect("imports")
        .pack;
    wpx::catalogues::save(dir.path(), &pack, false).expect("saved");
    println!();
    series(dir.path(), "with a 2,000-endpoint pack");
}

fn series(dir: &std::path::Path, what: &str) {
    let runs = 10;
    let mut frames = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..runs {
        let (f, r) = run(dir);
        frames.push(f);
        rss.extend(r);
    }
    frames.sort_by(f64::total_cmp);
    rss.sort_unstable();
    println!(
        "wpx start-up, {what} ({runs} runs, 120x40 pseudo-terminal, sandbox mode, release build)"
    );
    println!();
    println!("| measure | min | median | max |");
    println!("|---|---|---|---|");
    println!(
        "| spawn to first frame (ms) | {:.1} | {:.1} | {:.1} |",
        frames[0],
        frames[runs / 2],
        frames[runs - 1]
    );
    if !rss.is_empty() {
        println!(
            "| idle resident memory (MiB) | {:.1} | {:.1} | {:.1} |",
            rss[0] as f64 / 1024.0,
            rss[rss.len() / 2] as f64 / 1024.0,
            rss[rss.len() - 1] as f64 / 1024.0
        );
    }
}
