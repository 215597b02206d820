//! The viewer benchmark: `cargo bench --bench viewer` prints a table for Graph-shaped documents of
//! 1 MB, 10 MB, 50 MB and 250 MB. Figures, not assertions: targets are in the README.
//!
//! `cargo bench --bench viewer -- --quick` stops at 10 MB.
//!
//! - first lines: from the first 64 KiB of the body to a drawn screen, the way `wpx view` and the
//!   TUI show a body while the rest is indexed;
//! - index: the whole body validated and indexed, and its rate;
//! - serde: `serde_json::from_slice::<Value>` on the same bytes, for scale;
//! - slowest key: the most any viewer key took, drawing included, at the top, middle and end;
//! - memory: the peak resident memory of a child process that reads and indexes the file, minus
//!   its baseline, over the body's size.

use std::hint::black_box;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpx::core::doc::Document;
use wpx::core::doc::index::Indexer;
use wpx::core::doc::search;
use wpx::tui::keymap::Action;
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

fn draw(pane: &ViewerPane, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|f| {
            let area = f.area();
            draw_viewer(pane, f, area, true);
        })
        .expect("draws");
}

/// The first screen from the first 64 KiB: index them, take their lines, draw.
fn first_lines(body: &[u8], terminal: &mut Terminal<TestBackend>) -> Duration {
    let t = Instant::now();
    let mut ix = Indexer::new(body.len());
    ix.feed(&body[..body.len().min(64 << 10)]);
    ix.run(usize::MAX).expect("valid so far");
    let head = Arc::new(ix.head(400));
    let mut pane = ViewerPane::new(head);
    pane.set_size(50, 120);
    draw(&pane, terminal);
    let took = t.elapsed();
    black_box(ix.indexed());
    took
}

/// The slowest of the viewer's keys, each followed by a frame, at the top, middle and end.
fn slowest_key(doc: &Arc<Document>, terminal: &mut Terminal<TestBackend>) -> (Duration, String) {
    let keys: &[(&str, Action)] = &[
        ("j", Action::Down),
        ("k", Action::Up),
        ("PgDn", Action::PageDown),
        ("PgUp", Action::PageUp),
        ("G", Action::Bottom),
        ("g", Action::Top),
        ("Space", Action::Toggle),
        ("%", Action::MatchingBracket),
        ("u", Action::Parent),
        ("zM", Action::FoldAll),
        ("zR", Action::UnfoldAll),
        ("z1", Action::FoldDepth),
        ("n", Action::NextMatch),
        ("N", Action::PrevMatch),
        ("yp", Action::CopyPath),
        ("yv", Action::CopyValue),
        ("l", Action::ScrollRight),
    ];
    let never = AtomicBool::new(false);
    let matches = Arc::new(search::find(doc, "Member 7", &never).unwrap_or_default());
    let mut worst = (Duration::ZERO, String::new());
    for place in ["top", "middle", "end"] {
        for (name, action) in keys {
            let mut runs = Vec::new();
            for _ in 0..5 {
                let mut pane = ViewerPane::new(doc.clone());
                pane.set_size(50, 120);
                pane.viewer_mut().set_matches(matches.clone());
                let v = pane.viewer_mut();
                match place {
                    "top" => v.home(),
                    "middle" => v.goto_line(doc.len() / 2),
                    _ => v.end(),
                }
                // A leaf, not the root: copying the whole body is not a key's cost.
                if place == "top" {
                    v.down(3);
                } else {
                    v.up(2);
                }
                draw(&pane, terminal);
                let t = Instant::now();
                let effects = pane.on_action(*action, Some(1));
                black_box(effects);
                draw(&pane, terminal);
                runs.push(t.elapsed());
            }
            let m = median(runs);
            if m > worst.0 {
                worst = (m, format!("{name} at the {place}"));
            }
        }
    }
    worst
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
    if args.iter().any(|a| a == "--index-only") {
        // For a profiler: index a 50 MB body ten times, nothing else.
        let body = graph_body(50 << 20);
        for _ in 0..10 {
            black_box(Document::new(body.clone()));
        }
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let mut sizes: Vec<(usize, &str)> = vec![(1 << 20, "1 MB"), (10 << 20, "10 MB")];
    if !quick {
        sizes.extend([(50 << 20, "50 MB"), (250 << 20, "250 MB")]);
    }
    println!(
        "wpx viewer benchmark ({} cores; median of runs; 50 visible lines drawn into a 120x51 buffer)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!(
        "| size | lines | first lines ms | index ms | index MB/s | ms per MB | serde_json Value ms | slowest key ms | rare search ms | peak memory / body |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut terminal = Terminal::new(TestBackend::new(120, 51)).expect("terminal");
    for (size, label) in sizes {
        let body = graph_body(size);
        let mb = body.len() as f64 / f64::from(1 << 20);
        let runs = if size >= 50 << 20 { 3 } else { 7 };
        let first = median(
            (0..runs)
                .map(|_| first_lines(&body, &mut terminal))
                .collect(),
        );
        let mut ours = Vec::new();
        let mut doc = None;
        for _ in 0..runs {
            drop(doc.take());
            let b = body.clone();
            let (d, t) = time(|| Document::new(b));
            ours.push(t);
            doc = Some(d);
        }
        let ours = median(ours);
        let serde = if size <= 50 << 20 {
            let mut theirs = Vec::new();
            for _ in 0..runs {
                let (v, t) =
                    time(|| serde_json::from_slice::<serde_json::Value>(&body).expect("valid"));
                theirs.push(t);
                drop(black_box(v));
            }
            ms(median(theirs))
        } else {
            "(skipped)".to_owned()
        };
        let Some(doc) = doc else { continue };
        let lines = doc.len();
        let doc = Arc::new(doc);
        let (key, which) = slowest_key(&doc, &mut terminal);
        let never = AtomicBool::new(false);
        let (found, search_t) = time(|| search::find(&doc, "zq-rare-needle", &never));
        black_box(found);
        drop(doc);
        let mem = memory_ratio(&body).map_or_else(|| "n/a".to_owned(), |r| format!("{r:.2}x"));
        println!(
            "| {label} | {lines} | {} | {} | {:.0} | {:.2} | {serde} | {} ({which}) | {} | {mem} |",
            ms(first),
            ms(ours),
            mb / ours.as_secs_f64(),
            ours.as_secs_f64() * 1000.0 / mb,
            ms(key),
            ms(search_t)
        );
        let _ = std::io::stdout().flush();
    }
}
