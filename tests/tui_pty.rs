//! The real `wpx` binary in a pseudo-terminal: it opens on the sandbox, sends, copies with OSC 52,
//! and always gives the terminal back (quit and SIGTERM).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, NativePtySystem, PtySize, PtySystem};

struct Session {
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    raw: Arc<Mutex<Vec<u8>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    _dir: tempfile::TempDir,
}

fn spawn(args: &[&str]) -> Session {
    let pty = NativePtySystem::default();
    let pair = pty
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_wpx"));
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
    let child = pair.slave.spawn_command(cmd).expect("wpx starts");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let writer = pair.master.take_writer().expect("writer");
    let raw = Arc::new(Mutex::new(Vec::new()));
    let (rows, cols) = (
        std::num::NonZeroU16::new(40).expect("rows"),
        std::num::NonZeroU16::new(120).expect("cols"),
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
        writer,
        child,
        raw,
        screen,
        _dir: dir,
    }
}

impl Session {
    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write");
        self.writer.flush().expect("flush");
    }

    fn wait_for(&self, needle: &str) {
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

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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

    fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("lock").clone()
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn assert_restored(raw: &[u8]) {
    assert!(
        contains(raw, b"\x1b[?1049h"),
        "entered the alternate screen"
    );
    let left = raw
        .windows(8)
        .rposition(|w| w == b"\x1b[?1049l")
        .expect("left the alternate screen");
    assert!(
        contains(&raw[left..], b"\x1b[?25h") || contains(raw, b"\x1b[?25h"),
        "cursor shown"
    );
}

#[test]
fn sandbox_send_copy_and_quit_restores_the_terminal() {
    let mut s = spawn(&[]);
    s.wait_for("SANDBOX ready");
    s.send(b"/community groups read\r");
    s.wait_for("Request \u{b7} GET /community/groups");
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("\"All Company\"");
    s.send(b"y");
    s.wait_for("copied the signed URL");
    let raw = s.raw();
    assert!(
        contains(&raw, b"\x1b]52;c;"),
        "an OSC 52 copy reached the terminal"
    );
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_restored(&s.raw());
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = spawn(&["--sandbox"]);
    s.wait_for("Endpoints");
    let pid = s.child.process_id().expect("pid");
    let pid = rustix::process::Pid::from_raw(pid as i32).expect("a pid");
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("signal");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 143, "{status:?}");
    assert_restored(&s.raw());
}

#[test]
fn view_opens_a_file_and_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("body.json");
    std::fs::write(
        &file,
        br#"{"data":[{"id":"1","name":"needle-one"},{"id":"2","name":"two"}]}"#,
    )
    .expect("write");
    let mut s = spawn(&["view", file.to_str().expect("utf-8 path")]);
    s.wait_for("needle-one");
    s.wait_for("body.json");
    s.send(b"/two\r");
    s.wait_for("match 1/1");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert_restored(&s.raw());
}
