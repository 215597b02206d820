//! The webhook receiver benchmark: `cargo bench --bench webhooks` runs the release
//! `wpx webhooks listen`, sends it 1,000 signed deliveries (4 senders at once, a connection each)
//! and prints deliveries per second and the receiver's resident memory after 100 and after 1,100
//! deliveries: memory should stay flat (nothing is kept in memory; each delivery is checked,
//! recorded with fsync and forgotten).
//!
//! `cargo bench --bench webhooks -- N` sends N deliveries instead.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use hmac::{Hmac, KeyInit, Mac};

const SECRET: &str = "fake-bench-secret";

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn body(i: usize) -> String {
    format!(
        r#"{{"object":"group","entry":[{{"id":"1234","time":{i},"changes":[{{"field":"posts","value":{{"item":"post","verb":"add","post_id":"1234_{i}","message":"{}"}}}}]}}]}}"#,
        "lorem ipsum ".repeat(40)
    )
}

fn send(port: u16, i: usize) {
    let b = body(i);
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(b.as_bytes());
    let sig = hex::encode(mac.finalize().into_bytes());
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
    let req = format!(
        "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256={sig}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
        b.len()
    );
    s.write_all(req.as_bytes()).expect("writes");
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

fn burst(port: u16, from: usize, n: usize) {
    let threads: Vec<_> = (0..4)
        .map(|t| {
            std::thread::spawn(move || {
                for i in (from + t..from + n).step_by(4) {
                    send(port, i);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("sender");
    }
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wpx"))
        .env("WPX_CONFIG_DIR", dir.path())
        .env_remove("WPX_STATE_DIR")
        .env("WPX_APP_SECRET", SECRET)
        .args(["webhooks", "listen", "--port", "0", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut first = String::new();
    BufReader::new(child.stderr.take().expect("stderr"))
        .read_line(&mut first)
        .expect("line");
    let port: u16 = first
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("a port");
    let out = child.stdout.take().expect("stdout");
    std::thread::spawn(move || for _ in BufReader::new(out).lines() {});
    let pid = child.id();
    burst(port, 0, 100);
    let warm = rss_kib(pid);
    let started = Instant::now();
    burst(port, 100, n);
    let secs = started.elapsed().as_secs_f64();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let after = rss_kib(pid);
    let _ = child.kill();
    let _ = child.wait();
    println!(
        "webhook receiver ({n} deliveries of {} bytes, 4 senders, each recorded with fsync; release build)",
        body(0).len()
    );
    println!();
    println!("| measure | figure |");
    println!("|---|---|");
    println!("| deliveries per second | {:.0} |", n as f64 / secs);
    println!(
        "| resident memory after 100 deliveries | {:.1} MiB |",
        warm as f64 / 1024.0
    );
    println!(
        "| resident memory after {} deliveries | {:.1} MiB |",
        n + 100,
        after as f64 / 1024.0
    );
}
