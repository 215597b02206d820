//! The Postman import benchmark: `cargo bench --bench postman_import` builds a 10,000-request
//! collection (nested folders, many duplicate names), times `postman::import_collection` and prints
//! the figures. The target (README): 10,000 requests in under 2 s.
//!
//! `cargo bench --bench postman_import -- N` imports N requests instead.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wpx::core::postman::import_collection;

/// One request item; a tenth of the names are distinct, the rest repeat.
fn request(i: usize) -> Value {
    let name = if i.is_multiple_of(10) {
        format!("Request {i}")
    } else {
        format!("Get feed {}", i % 7)
    };
    json!({
        "name": name,
        "request": {
            "method": if i.is_multiple_of(3) { "POST" } else { "GET" },
            "url": {
                "raw": format!("{{{{base_url}}}}/:group_id/feed?fields=id,message&limit={i}&access_token={{{{access_token}}}}"),
                "variable": [{"key": "group_id", "value": "{{group_id}}"}]
            },
            "body": {"mode": "raw", "raw": format!("{{\"message\": \"post {i}\", \"access_token\": \"{{{{access_token}}}}\"}}")}
        }
    })
}

/// `n` requests: half at the top level (all duplicates of a few names), the rest in folders three
/// levels deep, where two folders share a name so their requests collide too.
fn collection(n: usize) -> Value {
    let mut top = Vec::new();
    let mut folders: Vec<Value> = Vec::new();
    let per_folder = 250;
    let mut i = 0;
    while i < n / 2 {
        top.push(request(i));
        i += 1;
    }
    let mut f = 0;
    while i < n {
        let mut items = Vec::new();
        while i < n && items.len() < per_folder {
            items.push(request(i));
            i += 1;
        }
        let leaf = json!({"name": format!("Leaf {}", f % 3), "item": items});
        let mid = json!({"name": "Feed", "item": [leaf]});
        folders.push(json!({"name": format!("Group {}", f % 4), "item": [mid]}));
        f += 1;
    }
    folders.extend(top);
    json!({
        "info": {"name": "Bench", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "group_id", "value": "42"}, {"key": "api_key", "value": "fake-key-123"}],
        "item": folders
    })
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let v = collection(n);
    let mut runs: Vec<Duration> = Vec::new();
    let mut count = 0;
    let mut warnings = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let (c, w) = import_collection(black_box(&v)).expect("the benchmark collection imports");
        runs.push(t.elapsed());
        count = c.requests.len();
        warnings = w.len();
        black_box(c);
    }
    runs.sort();
    println!("postman import: {count} requests, {warnings} warnings");
    println!(
        "  median {:.1} ms, best {:.1} ms (target: 10,000 requests under 2,000 ms)",
        runs[1].as_secs_f64() * 1000.0,
        runs[0].as_secs_f64() * 1000.0
    );
}
