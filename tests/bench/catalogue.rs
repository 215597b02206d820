//! The catalogue benchmark: `cargo bench --bench catalogue` generates a 10 MB OpenAPI 3.1
//! description of 2,000 operations and prints: the import time (parse + convert), the stored
//! pack's size and load time (what start-up pays), and the time of one keystroke of the endpoint
//! filter over the 2,130 endpoints, through the TUI's pane. Targets (README): import ≤ 2 s, loading
//! all packs ≤ 30 ms, a keystroke ≤ 5 ms.
//!
//! `cargo bench --bench catalogue -- N` generates N operations instead.

#[path = "gen_spec.rs"]
mod gen_spec;

use std::hint::black_box;
use std::time::Instant;

use wpx::core::catalogue::Catalogue;
use wpx::core::openapi;
use wpx::core::pack::PackFile;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(f: impl Fn()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2000);
    let text = serde_json::to_string_pretty(&gen_spec::spec(n)).expect("serialises");
    let import = || {
        let doc = openapi::parse_text(&text).expect("parses");
        openapi::import(&doc, Some("bench"), "bench").expect("imports")
    };
    let imported = import();
    let import_ms = median((0..3).map(|_| ms(|| drop(black_box(import())))).collect());
    let toml = imported.pack.to_toml();
    let toml_ms = median(
        (0..5)
            .map(|_| ms(|| drop(black_box(PackFile::parse(&toml).expect("loads")))))
            .collect(),
    );
    // What start-up does: the built-in pack, then the config folder's packs (through the cache).
    let dir = tempfile::tempdir().expect("tempdir");
    wpx::catalogues::save(dir.path(), &imported.pack, false).expect("saved");
    let dirs = [wpx::catalogues::config_packs_dir(dir.path())];
    let load = || wpx::catalogues::load_from(&dirs).expect("loads").catalogue;
    let file = dirs[0].join("bench.toml");
    let read_ms = median(
        (0..10)
            .map(|_| ms(|| drop(black_box(wpx::catalogues::read(&file)))))
            .collect(),
    );
    let builtin_ms = median(
        (0..10)
            .map(|_| ms(|| drop(black_box(Catalogue::builtin()))))
            .collect(),
    );
    let load_ms = median((0..10).map(|_| ms(|| drop(black_box(load())))).collect());
    let cat = std::sync::Arc::new(load());
    let mut pane = wpx::tui::panes::endpoints::EndpointsPane::new(cat.clone());
    pane.filtering = true;
    let mut keys = Vec::new();
    for round in 0..5 {
        for c in "post edge 1999".chars() {
            let t = Instant::now();
            pane.paste(&c.to_string());
            keys.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        // Clear the filter between rounds.
        pane = wpx::tui::panes::endpoints::EndpointsPane::new(cat.clone());
        pane.filtering = true;
        black_box(round);
    }
    let worst = keys.iter().copied().fold(0.0, f64::max);
    println!("catalogue packs ({n} operations, release build)");
    println!();
    println!("| measure | figure |");
    println!("|---|---|");
    println!(
        "| spec size | {:.1} MB, {} operations |",
        text.len() as f64 / 1e6,
        imported.pack.endpoints.len()
    );
    println!("| import (parse + convert), median of 3 | {import_ms:.0} ms |");
    println!(
        "| stored pack | {:.2} MB of TOML |",
        toml.len() as f64 / 1e6
    );
    println!("| parse the TOML alone (a hand-edited pack, once), median of 5 | {toml_ms:.1} ms |");
    println!("| load the built-in pack alone, median of 10 | {builtin_ms:.1} ms |");
    println!("| read the pack through its cache, median of 10 | {read_ms:.1} ms |");
    println!("| load built-in + this pack, median of 10 | {load_ms:.1} ms |");
    println!(
        "| filter keystroke over {} endpoints: median / worst | {:.2} / {:.2} ms |",
        cat.endpoints.len(),
        median(keys.clone()),
        worst
    );
}
