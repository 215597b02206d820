//! The real TUI loop on a TestBackend, driven by an injected key stream, against the in-process
//! sandbox: list the groups, page on with `]`, open a group's feed from its id.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use wpx::config::HttpSettings;
use wpx::core::catalogue::Catalogue;
use wpx::core::sign::SystemClock;
use wpx::tui::app::{Hooks, run_loop};
use wpx::tui::effects::{ClipSink, Runner};
use wpx::tui::model::{Connection, Mode, Model};

struct Driver {
    keys: UnboundedSender<std::io::Result<Event>>,
    screen: Arc<Mutex<String>>,
}

impl Driver {
    fn key(&self, code: KeyCode) {
        let _ = self
            .keys
            .send(Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))));
    }

    fn ctrl(&self, c: char) {
        let _ = self.keys.send(Ok(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        ))));
    }

    fn text(&self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    async fn wait_for(&self, needle: &str) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen.lock().expect("lock").clone();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {needle:?}; screen:\n{screen}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

fn start() -> (Driver, tokio::task::JoinHandle<u8>, Arc<Mutex<Vec<String>>>) {
    start_with(None, None)
}

/// Starts the loop; `conn` connects somewhere else than the sandbox, `storage` is a config dir.
fn start_with(
    conn: Option<wpx::tui::model::Message>,
    storage: Option<std::path::PathBuf>,
) -> (Driver, tokio::task::JoinHandle<u8>, Arc<Mutex<Vec<String>>>) {
    let (keys, key_rx) = unbounded_channel::<std::io::Result<Event>>();
    let input = Box::pin(futures_util::stream::unfold(key_rx, |mut rx| async move {
        rx.recv().await.map(|e| (e, rx))
    }));
    let screen = Arc::new(Mutex::new(String::new()));
    let copies = Arc::new(Mutex::new(Vec::new()));
    let (tx, mut rx) = unbounded_channel();
    let mut runner = Runner::new(
        tx.clone(),
        HttpSettings::default(),
        "wpx-test".into(),
        Arc::new(SystemClock),
        ClipSink::Memory(copies.clone()),
    );
    if let Some(dir) = &storage {
        runner = runner.with_storage(
            wpx::store::Store {
                config_dir: dir.clone(),
                project_dir: None,
            },
            Some(wpx::history::History::new(dir, 100)),
        );
    }
    let catalogue = Arc::new(Catalogue::builtin().expect("catalogue"));
    let mut model = Model::new(
        catalogue,
        Connection {
            label: "SANDBOX".into(),
            sandbox: true,
            ..Connection::default()
        },
        Mode::Explorer,
    );
    let seen = screen.clone();
    let handle = tokio::spawn(async move {
        let _ = tx.send(match conn {
            Some(m) => m,
            None => wpx::tui::connect::sandbox().await,
        });
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        let mut suspend = |_: &mut Terminal<TestBackend>| {};
        let mut after = |t: &Terminal<TestBackend>| *seen.lock().expect("lock") = screen_text(t);
        let hooks = Hooks {
            suspend: &mut suspend,
            resume: &mut |_| {},
            after_draw: &mut after,
        };
        run_loop(
            &mut terminal,
            input,
            &mut model,
            &mut runner,
            &mut rx,
            hooks,
        )
        .await
        .expect("loop runs")
    });
    (Driver { keys, screen }, handle, copies)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_groups_page_on_and_open_a_feed_from_an_id() {
    let (d, handle, copies) = start();
    d.wait_for("SANDBOX ready").await;
    d.key(KeyCode::Char('/'));
    d.text("community groups read");
    d.key(KeyCode::Enter);
    d.wait_for("GET     /community/groups?fields").await;
    // Enable limit and make it 5: the second row.
    d.key(KeyCode::Down);
    d.key(KeyCode::Enter);
    d.key(KeyCode::Backspace);
    d.key(KeyCode::Backspace);
    d.text("5");
    d.key(KeyCode::Enter);
    d.ctrl('s');
    let first = d.wait_for("\"All Company\"").await;
    assert!(!first.contains("Finance Close"));
    d.key(KeyCode::Char(']'));
    let second = d.wait_for("\"Finance Close\"").await;
    assert!(second.contains("200 OK"));
    // Back to the first page, then Enter on the first group's id.
    d.key(KeyCode::Char('['));
    d.wait_for("\"All Company\"").await;
    for _ in 0..3 {
        d.key(KeyCode::Down);
    }
    d.key(KeyCode::Enter);
    d.wait_for("group-id = 287006177630001").await;
    d.key(KeyCode::Enter);
    d.wait_for("GET     /{group-id}/feed").await;
    d.ctrl('s');
    d.wait_for("\"permalink_url\": ").await;
    // Copy the signed URL; the runner's clipboard keeps it.
    d.key(KeyCode::Tab);
    d.key(KeyCode::Char('y'));
    d.wait_for("copied the signed URL").await;
    let url = copies
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("a copy");
    assert!(
        url.contains("/287006177630001/feed?")
            && url.contains("access_token=wpx-sandbox-token-all")
            && url.contains("appsecret_time="),
        "{url}"
    );
    d.key(KeyCode::Char('q'));
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .expect("quits")
            .expect("task"),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_to_a_feed_from_the_tui() {
    let (d, handle, _) = start();
    d.wait_for("SANDBOX ready").await;
    d.key(KeyCode::Char('/'));
    d.text("feed write_group");
    d.key(KeyCode::Enter);
    d.wait_for("POST    /{group-id}/feed").await;
    d.key(KeyCode::Enter);
    d.text("287006177630001");
    d.key(KeyCode::Enter);
    // To the Body section (it opens on the text), and edit it.
    d.key(KeyCode::Char('l'));
    d.key(KeyCode::Char('l'));
    d.key(KeyCode::Enter);
    // The template is {"message": ""}: type between the quotes, as a user would.
    d.key(KeyCode::Down);
    d.key(KeyCode::End);
    d.key(KeyCode::Left);
    d.text("Hello from the wpx TUI");
    d.wait_for("valid JSON").await;
    d.ctrl('s');
    let screen = d.wait_for("\"id\": \"287006177630001_").await;
    assert!(screen.contains("200 OK"), "{screen}");
    d.ctrl('c');
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .expect("quits")
            .expect("task"),
        0
    );
}

async fn save_as(d: &Driver, name: &str) {
    d.key(KeyCode::Char('s'));
    d.wait_for("save as COLLECTION/NAME").await;
    for _ in 0..80 {
        d.key(KeyCode::Backspace);
    }
    d.text(name);
    d.key(KeyCode::Enter);
    d.wait_for("saved '").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collection_saved_in_the_tui_survives_a_restart_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (d, handle, _) = start_with(None, Some(dir.path().to_owned()));
    d.wait_for("SANDBOX ready").await;
    d.key(KeyCode::Char('/'));
    d.text("community groups read");
    d.key(KeyCode::Enter);
    d.wait_for("GET     /community/groups?fields").await;
    save_as(&d, "Demo/Groups").await;
    d.key(KeyCode::Char('q'));
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .expect("quits")
            .expect("task"),
        0
    );
    let file = dir.path().join("collections/demo.toml");
    let before = std::fs::read_to_string(&file).expect("the collection was written");
    let c = wpx::core::collection::Collection::from_toml(&before).expect("parses");
    assert_eq!(c.requests[0].path, "/community/groups");
    assert_eq!(c.requests[0].query[0].name, "fields");

    let (d, handle, _) = start_with(None, Some(dir.path().to_owned()));
    d.wait_for("SANDBOX ready").await;
    d.key(KeyCode::Char('o'));
    d.wait_for("GET    Groups · Demo").await;
    d.key(KeyCode::Enter);
    d.wait_for("Request · Demo/Groups").await;
    d.ctrl('s');
    d.wait_for("\"All Company\"").await;
    d.key(KeyCode::Char('q'));
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .expect("quits")
            .expect("task"),
        0
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("still there"),
        before,
        "unchanged by the restart"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tui_sends_and_saves_keep_secrets_off_disk() {
    let server = tokio::task::spawn_blocking(common::TestServer::start)
        .await
        .expect("server");
    let dir = tempfile::tempdir().expect("tempdir");
    let msg = connect_to(&server);
    let (d, handle, copies) = start_with(Some(msg), Some(dir.path().to_owned()));
    d.wait_for("test").await;
    d.key(KeyCode::Char('/'));
    d.text("community groups read");
    d.key(KeyCode::Enter);
    d.ctrl('s');
    d.wait_for("\"Test Group\"").await;
    save_as(&d, "Mine/Groups").await;
    d.key(KeyCode::Char('o'));
    d.wait_for("GET    Groups · Mine").await;
    d.wait_for("200 GET    /community/groups").await;
    d.key(KeyCode::Char('y'));
    d.wait_for("copied the signed URL").await;
    d.key(KeyCode::Char('q'));
    tokio::time::timeout(Duration::from_secs(5), handle)
        .await
        .expect("quits")
        .expect("task");
    assert!(
        copies
            .lock()
            .expect("lock")
            .iter()
            .any(|c| c.contains(common::TOKEN)),
        "the signed URL itself carries the token, by design"
    );
    let mut files = 0;
    for entry in common::files_under(dir.path()) {
        files += 1;
        let text = String::from_utf8_lossy(&std::fs::read(&entry).expect("reads")).into_owned();
        assert!(
            !text.contains(common::TOKEN) && !text.contains(common::SECRET),
            "a secret reached {}",
            entry.display()
        );
    }
    assert!(files >= 2, "history and the collection");
    // The test server owns a runtime: drop it off the async context.
    tokio::task::spawn_blocking(move || drop(server))
        .await
        .expect("dropped");
}

fn connect_to(server: &common::TestServer) -> wpx::tui::model::Message {
    let target = wpx::core::request::Target {
        base_url: url::Url::parse(&server.url()).expect("url"),
        graph_version: None,
        proof: wpx::core::sign::ProofMode::Timed,
        token_in: wpx::core::request::TokenIn::Header,
        allowed_hosts: Vec::new(),
        profile: "profile 'test'".into(),
    };
    let creds = wpx::core::request::Credentials {
        access_token: wpx::core::secret::Secret::new(common::TOKEN),
        app_secret: Some(wpx::core::secret::Secret::new(common::SECRET)),
    };
    wpx::tui::model::Message::Connected(Box::new(wpx::tui::model::Connect {
        conn: Connection {
            label: "test".into(),
            sandbox: false,
            target: Some(target),
            ..Connection::default()
        },
        creds,
        sandbox: None,
        user_agent: None,
        app_id: None,
        renew: false,
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_to_another_origin_is_refused_and_the_failure_replaces_the_response() {
    let (server, stranger) =
        tokio::task::spawn_blocking(|| (common::TestServer::start(), common::TestServer::start()))
            .await
            .expect("servers");
    server.redirect_away_to(&stranger.url());
    let (d, handle, copies) = start_with(Some(connect_to(&server)), None);
    d.wait_for("test").await;
    let _ = d
        .keys
        .send(Ok(Event::Paste(format!("curl {}/paged", server.url()))));
    d.wait_for("/paged").await;
    d.ctrl('s');
    d.wait_for("first page").await;
    // `]` follows paging.next, which points at the stranger.
    d.key(KeyCode::Char(']'));
    let screen = d.wait_for("Request failed").await;
    assert!(screen.contains("refusing to send"), "{screen}");
    assert!(
        !screen.contains("first page"),
        "the old response is not shown as if current:\n{screen}"
    );
    // Copying the refused request's URL is refused too.
    d.key(KeyCode::Char('y'));
    tokio::time::sleep(Duration::from_millis(300)).await;
    d.key(KeyCode::Char('q'));
    tokio::time::timeout(Duration::from_secs(5), handle)
        .await
        .expect("quits")
        .expect("task");
    assert!(stranger.seen().is_empty(), "the stranger received nothing");
    assert!(
        copies
            .lock()
            .expect("lock")
            .iter()
            .all(|c| !c.contains(&stranger.addr.to_string())),
        "no signed URL for the stranger was copied"
    );
    tokio::task::spawn_blocking(move || drop((server, stranger)))
        .await
        .expect("dropped");
}

/// `y` on a write copies a URL that does the write: `method=post` and the body's fields in the
/// query, signed. Fetched with curl (the URL as a user would paste it), it creates the post.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn y_on_a_post_copies_a_url_that_creates_the_post() {
    let (d, handle, copies) = start();
    d.wait_for("SANDBOX ready").await;
    d.key(KeyCode::Char('u'));
    d.ctrl('u');
    d.text("/{group-id}/feed?fields=id,message");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter); // the {group-id} row is selected: fill it
    d.text("287006177630001");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Char('m')); // GET → POST
    d.wait_for("POST    /{group-id}/feed").await;
    d.key(KeyCode::Char('l'));
    d.key(KeyCode::Char('l')); // Body
    d.key(KeyCode::Char('t')); // JSON → form
    d.wait_for("Body form").await;
    d.key(KeyCode::Char('a'));
    d.text("message=posted from a copied URL");
    d.key(KeyCode::Enter);
    d.wait_for("message = posted from a copied URL").await;
    d.key(KeyCode::Char('y'));
    d.wait_for("copied the signed URL").await;
    let last_copy = || {
        copies
            .lock()
            .expect("lock")
            .last()
            .cloned()
            .expect("a copy")
    };
    // Runs a program off the async runtime and returns what it printed.
    let run = |program: &'static str, args: Vec<String>| {
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(program)
                .args(&args)
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_else(|e| panic!("{program} is needed for this test: {e}"))
        })
    };
    let url = last_copy();
    assert!(url.contains("method=post"), "{url}");
    let body = run(
        "curl",
        vec!["-s".into(), "--noproxy".into(), "*".into(), url],
    )
    .await
    .expect("joins");
    assert!(body.contains("\"id\""), "curl created the post: {body}");
    // `Y` on the sandbox: a curl command with the demo app's public token, working as pasted.
    d.key(KeyCode::Char('Y'));
    d.wait_for("works as pasted").await;
    let cmd = last_copy();
    assert!(cmd.contains("Bearer wpx-sandbox-token-all"), "{cmd}");
    let pasted = cmd.replace("curl -sS", "curl -sS --noproxy '*'");
    let body = run("sh", vec!["-c".into(), pasted]).await.expect("joins");
    assert!(
        body.contains("\"id\""),
        "the pasted curl command posted: {body}"
    );
    // The feed now holds it: read it back in the TUI.
    d.key(KeyCode::Char('M')); // POST → GET
    d.wait_for("GET     /{group-id}/feed").await;
    d.ctrl('s');
    d.wait_for("posted from a copied URL\"").await;
    d.ctrl('c');
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .expect("quits")
            .expect("task"),
        0
    );
}
