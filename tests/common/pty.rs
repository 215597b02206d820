//! The real `wpx` binary in a pseudo-terminal: raw output and a parsed screen.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, NativePtySystem, PtySize, PtySystem};

pub struct Session {
    pub pid: u32,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    raw: Arc<Mutex<Vec<u8>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    _dir: tempfile::TempDir,
}

pub fn spawn(args: &[&str]) -> Session {
    spawn_with(args, &[], None)
}

/// Runs a shell command line (e.g. a pipe into `wpx view -`) in the pseudo-terminal.
pub fn spawn_shell(line: &str) -> Session {
    spawn_program("/bin/sh", &["-c", line], &[], None, (40, 120))
}

/// Starts `wpx ARGS` in a 120×40 pseudo-terminal with extra environment variables, and a config
/// dir of its own (or `dir`).
pub fn spawn_with(args: &[&str], env: &[(&str, &str)], dir: Option<tempfile::TempDir>) -> Session {
    spawn_program(env!("CARGO_BIN_EXE_wpx"), args, env, dir, (40, 120))
}

/// Starts `wpx ARGS` in a pseudo-terminal of `rows`×`cols`.
pub fn spawn_sized(args: &[&str], env: &[(&str, &str)], rows: u16, cols: u16) -> Session {
    spawn_program(env!("CARGO_BIN_EXE_wpx"), args, env, None, (rows, cols))
}

fn spawn_program(
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
    dir: Option<tempfile::TempDir>,
    (rows, cols): (u16, u16),
) -> Session {
    let pty = NativePtySystem::default();
    let pair = pty
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let dir = dir.unwrap_or_else(|| tempfile::tempdir().expect("tempdir"));
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("WPX_CONFIG_DIR", dir.path());
    cmd.env("WPX_CLIPBOARD", "osc52");
    for v in [
        "WPX_ACCESS_TOKEN",
        "WPX_APP_SECRET",
        "WPX_BASE_URL",
        "WPX_PROFILE",
        "DISPLAY",
        "WAYLAND_DISPLAY",
    ] {
        cmd.env_remove(v);
    }
    cmd.env("NO_PROXY", "*");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pair.slave.spawn_command(cmd).expect("wpx starts");
    let pid = child.process_id().expect("pid");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let writer = pair.master.take_writer().expect("writer");
    let raw = Arc::new(Mutex::new(Vec::new()));
    let (rows, cols) = (
        std::num::NonZeroU16::new(rows).expect("rows"),
        std::num::NonZeroU16::new(cols).expect("cols"),
    );
    let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
    let (r, s) = (raw.clone(), screen.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            r.lock().expect("lock").extend_from_slice(&buf[..n]);
            s.lock().expect("lock").process(&buf[..n]);
        }
    });
    // Keep the master alive as long as the session.
    std::mem::forget(pair.master);
    Session {
        pid,
        writer,
        child,
        raw,
        screen,
        _dir: dir,
    }
}

impl Session {
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write");
        self.writer.flush().expect("flush");
    }

    pub fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self.screen.lock().expect("lock").screen().contents();
            if text.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {needle:?}; screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            assert!(Instant::now() < deadline, "wpx did not exit");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn screen(&self) -> String {
        self.screen.lock().expect("lock").screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("lock").clone()
    }
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Asserts the session entered the alternate screen and, after the last time it left it, showed
/// the cursor and turned mouse reporting and bracketed paste off.
pub fn assert_restored(raw: &[u8]) {
    assert!(
        contains(raw, b"\x1b[?1049h"),
        "entered the alternate screen"
    );
    let left = raw
        .windows(8)
        .rposition(|w| w == b"\x1b[?1049l")
        .expect("left the alternate screen");
    let entered_last = raw
        .windows(8)
        .rposition(|w| w == b"\x1b[?1049h")
        .unwrap_or(0);
    assert!(
        entered_last < left,
        "the alternate screen was entered again after leaving it"
    );
    let tail = &raw[left.saturating_sub(64)..];
    assert!(contains(tail, b"\x1b[?25h"), "cursor shown when leaving");
    assert!(
        contains(tail, b"\x1b[?1000l"),
        "mouse reporting off when leaving"
    );
    assert!(
        contains(tail, b"\x1b[?2004l"),
        "bracketed paste off when leaving"
    );
}
