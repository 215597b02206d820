//! The viewer benchmark: `cargo bench --bench viewer` prints a table for Graph-shaped documents of
//! 1 KB, 1 MB, 10 MB and 50 MB. Figures, not assertions: targets are in the README.
//!
//! `cargo bench --bench viewer -- --quick` stops at 10 MB.

use std::hint::black_box;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpx::core::doc::Document;
use wpx::core::doc::search;
use wpx::tui::panes::response::draw::draw_viewer;
use wpx::tui::panes::response::viewer::ViewerPane;

/// A Graph-shaped body of about `target` bytes: `{"data": [...], "paging": {...}}`.
fn graph_body(target: usize) -> Vec<u8> {
    let mut out = String::with_capacity(target + 4096);
    out.push_str("{\"data\":[");
    let mut i = 0u64;
    while out.len() < target.saturating_sub(300) || i == 0 {
        if i > 0 {
            out.push(',');
        }
        let group = 287_006_177_630_001u64 + (i % 12) * 7919;
        out.push_str(&format!(
            "{{\"id\":\"{group}_{}\",\"message\":\"Post number {i}: quarterly planning starts Monday, please add your priorities to the doc \\u00e9\\ud83d\\ude00\",\"from\":{{\"id\":\"{}\",\"name\":\"Member {}\"}},\"created_time\":\"2025-03-{:02}T12:00:20+0000\",\"reactions\":{{\"data\":[{{\"id\":\"1000127644{:05}\",\"type\":\"LIKE\"}},{{\"id\":\"1000127645{:05}\",\"type\":\"LOVE\"}}],\"summary\":{{\"total_count\":{}}}}},\"score\":{}.{:02},\"is_hidden\":false,\"place\":null,\"tags\":[]}}",
            410_000_000_000_000 + i * 37,
            100_012_764_418_780 + (i % 72) * 1_000_003,
            i % 72,
            1 + i % 28,
            i % 100_000,
            (i * 7) % 100_000,
            i % 500,
            i % 1000,
            i % 100
        ));
        i += 1;
    }
    out.push_str("],\"paging\":{\"cursors\":{\"before\":\"QVFIUmFh\",\"after\":\"QVFIUmZz\"},\"next\":\"https://graph.workplace.com/v19.0/community/feed?limit=25&after=QVFIUmZz\"}}");
    out.into_bytes()
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Median of a few runs.
fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn frame_time(
    pane: &mut ViewerPane,
    terminal: &mut Terminal<TestBackend>,
    place: &str,
) -> Duration {
    match place {
        "top" => pane.viewer_mut().home(),
        "middle" => {
            let n = pane.viewer().doc().len();
            pane.viewer_mut().goto_line(n / 2);
        }
        _ => pane.viewer_mut().end(),
    }
    let runs = 200;
    let t = Instant::now();
    for _ in 0..runs {
        terminal
            .draw(|f| {
                let area = f.area();
                draw_viewer(pane, f, area, true);
            })
            .expect("draws");
    }
    t.elapsed() / runs
}

/// Peak resident memory of this process (VmHWM), in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn current_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Child mode: read a file, index it, print the peak memory above the baseline.
fn child_memory(path: &str) {
    let base = current_rss().unwrap_or(0);
    let bytes = std::fs::read(path).expect("reads the file");
    let size = bytes.len();
    let doc = Document::new(bytes);
    black_box(&doc);
    let peak = peak_rss().unwrap_or(0);
    println!("{} {}", size, peak.saturating_sub(base));
}

fn memory_ratio(body: &[u8]) -> Option<f64> {
    let dir = std::env::temp_dir().join(format!("wpx-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let file = dir.join("body.json");
    std::fs::write(&file, body).ok()?;
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .arg("--child-memory")
        .arg(&file)
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace();
    let size: f64 = it.next()?.parse().ok()?;
    let peak: f64 = it.next()?.parse().ok()?;
    Some(peak / size)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-memory") {
        child_memory(&args[i + 1]);
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let sizes: &[(usize, &str)] = if quick {
        &[(1 << 10, "1 KB"), (1 << 20, "1 MB"), (10 << 20, "10 MB")]
    } else {
        &[
            (1 << 10, "1 KB"),
            (1 << 20, "1 MB"),
            (10 << 20, "10 MB"),
            (50 << 20, "50 MB"),
        ]
    };
    println!(
        "wpx viewer benchmark ({} cores; median of runs; frame = 50 visible lines drawn into a 120x51 buffer)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!(
        "| size | lines | parse+index ms | serde_json Value ms | ratio | frame top/mid/end ms | fold all ms | unfold all ms | rare search ms | peak memory / body |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for &(size, label) in sizes {
        let body = graph_body(size);
        let runs = if size >= 10 << 20 { 3 } else { 9 };
        let mut ours = Vec::new();
        let mut doc = None;
        for _ in 0..runs {
            let b = body.clone();
            let (d, t) = time(|| Document::new(b));
            ours.push(t);
            doc = Some(d);
        }
        let mut theirs = Vec::new();
        for _ in 0..runs {
            let (v, t) =
                time(|| serde_json::from_slice::<serde_json::Value>(&body).expect("valid"));
            theirs.push(t);
            drop(black_box(v));
        }
        let (ours, theirs) = (median(ours), median(theirs));
        let Some(doc) = doc else { continue };
        let lines = doc.len();
        let doc = Arc::new(doc);
        let mut pane = ViewerPane::new(doc.clone());
        pane.set_height(50);
        let mut terminal = Terminal::new(TestBackend::new(120, 51)).expect("terminal");
        let frames: Vec<String> = ["top", "middle", "end"]
            .iter()
            .map(|p| ms(frame_time(&mut pane, &mut terminal, p)))
            .collect();
        let (_, fold) = time(|| pane.viewer_mut().fold_all());
        let (_, unfold) = time(|| pane.viewer_mut().unfold_all());
        let never = AtomicBool::new(false);
        let (found, search_t) = time(|| search::find(&doc, "zq-rare-needle", &never));
        black_box(found);
        let mem = memory_ratio(&body).map_or_else(|| "n/a".to_owned(), |r| format!("{r:.2}x"));
        println!(
            "| {label} | {lines} | {} | {} | {:.2} | {} | {} | {} | {} | {mem} |",
            ms(ours),
            ms(theirs),
            ours.as_secs_f64() / theirs.as_secs_f64().max(1e-9),
            frames.join(" / "),
            ms(fold),
            ms(unfold),
            ms(search_t)
        );
        let _ = std::io::stdout().flush();
    }
}
