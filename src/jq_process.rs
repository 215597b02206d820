//! jq filters in a child process: a filter can recurse without end (`def f: [f]; f`, which
//! overflows the stack) or build an endless value (`[repeat(1)]`), and neither may take wpx (or the
//! terminal) down with it. The child is `wpx __jq EXPR` with an address-space limit; the parent
//! bounds its output and its time, and kills it when the user cancels.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::core::doc::filter;

/// Limits of one filter run.
#[derive(Debug, Clone)]
pub struct Bounds {
    /// Longest run.
    pub timeout: Duration,
    /// Address space of the child, in bytes (beyond: the allocation fails and the child ends).
    pub memory: u64,
}

impl Bounds {
    /// Limits for an input of `len` bytes: 30 s, and 1 GiB plus 16 times the input.
    pub fn for_input(len: usize) -> Self {
        Self {
            timeout: Duration::from_secs(30),
            memory: (1u64 << 30).saturating_add((len as u64).saturating_mul(16)),
        }
    }
}

/// The result of a filter: the output document and how many outputs it had, or a sentence.
pub type Outcome = Result<(Vec<u8>, usize), String>;

/// The child's side (`wpx __jq EXPR`): limits its own address space, reads the body on standard
/// input, writes the output count on a first line, then the output.
pub fn child_main(expr: &str, memory: Option<u64>) -> u8 {
    if let Some(limit) = memory {
        let lim = rustix::process::Rlimit {
            current: Some(limit),
            maximum: Some(limit),
        };
        let _ = rustix::process::setrlimit(rustix::process::Resource::As, lim);
    }
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("cannot read the body: {e}");
        return 2;
    }
    match filter::run(&input, expr) {
        Ok((out, n)) => {
            let mut o = std::io::stdout().lock();
            let written = writeln!(o, "{n}")
                .and_then(|()| o.write_all(&out))
                .and_then(|()| o.flush());
            u8::from(written.is_err())
        }
        Err(e) => {
            eprint!("{e}");
            1
        }
    }
}

fn read_capped(mut r: impl Read, cap: usize) -> (Vec<u8>, bool) {
    let mut buf = Vec::new();
    let _ = (&mut r).take(cap as u64 + 1).read_to_end(&mut buf);
    let over = buf.len() > cap;
    buf.truncate(cap);
    // Drain the rest so the child is not blocked on a full pipe before it is killed.
    let _ = std::io::copy(&mut r, &mut std::io::sink());
    (buf, over)
}

fn kill_group(child: &mut std::process::Child) {
    if let Some(pid) = i32::try_from(child.id())
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn explain_crash(stderr: &str, status: std::process::ExitStatus, bounds: &Bounds) -> String {
    if stderr.contains("overflowed its stack") {
        return "jq: recursion too deep, stopped (a definition that calls itself without end?)"
            .to_owned();
    }
    if stderr.contains("memory allocation") || stderr.contains("out of memory") {
        return format!(
            "jq: the filter used more than {} MB of memory and was stopped",
            bounds.memory >> 20
        );
    }
    let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    format!(
        "jq: the filter process ended abnormally ({status}){}",
        if first.is_empty() {
            String::new()
        } else {
            format!(": {}", crate::core::doc::terminal_safe(first))
        }
    )
}

/// Runs `expr` over `input` in a child process of `program` (the wpx binary), within `bounds`,
/// until it finishes or `cancel` is set. Blocking: call it from a thread of its own.
pub fn run(
    program: &Path,
    input: impl AsRef<[u8]> + Send + 'static,
    expr: &str,
    bounds: &Bounds,
    cancel: &AtomicBool,
) -> Outcome {
    let mut cmd = Command::new(program);
    cmd.arg("__jq")
        .arg("--memory")
        .arg(bounds.memory.to_string())
        .arg("--")
        .arg(expr)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("jq: cannot start the filter process: {e}"))?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        kill_group(&mut child);
        return Err("jq: the filter process has no pipes".to_owned());
    };
    std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_ref());
    });
    let out_cap = filter::MAX_OUTPUT_BYTES + 32;
    let out = std::thread::spawn(move || read_capped(stdout, out_cap));
    let err = std::thread::spawn(move || read_capped(stderr, 64 * 1024));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => {
                kill_group(&mut child);
                return Err(format!("jq: lost the filter process: {e}"));
            }
        }
        if cancel.load(Ordering::Relaxed) {
            kill_group(&mut child);
            return Err("filter cancelled".to_owned());
        }
        if started.elapsed() >= bounds.timeout {
            kill_group(&mut child);
            return Err(format!(
                "jq: the filter ran for more than {} s and was stopped",
                bounds.timeout.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(15));
    };
    let (stdout, over) = out.join().unwrap_or_default();
    let (stderr, _) = err.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr);
    if over {
        return Err(format!(
            "jq: the filter's output passed {} MB",
            filter::MAX_OUTPUT_BYTES >> 20
        ));
    }
    match status.code() {
        Some(0) => {
            let nl = stdout.iter().position(|&b| b == b'\n').unwrap_or(0);
            let n = std::str::from_utf8(&stdout[..nl])
                .ok()
                .and_then(|t| t.parse().ok())
                .unwrap_or(1);
            Ok((stdout.get(nl + 1..).unwrap_or_default().to_vec(), n))
        }
        Some(1) => Err(stderr.into_owned()),
        _ => Err(explain_crash(&stderr, status, bounds)),
    }
}

/// Where the filter program is: this very executable (so a filter never runs inside wpx itself).
pub fn this_program() -> Option<PathBuf> {
    std::env::current_exe().ok()
}
