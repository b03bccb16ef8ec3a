//! Live updates from Late in a terminal: an inbox that does not poll during the test, a
//! `unibox listen` registered with the Late sandbox, and a customer writing: the sandbox posts
//! the signed event, the listener writes the conversation into the cache, the inbox shows it.

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;
use unibox_sandbox::late::{LateConversation, LateSandbox, LateSandboxConfig};

use crate::e2e_support::screen;
use crate::e2e_support::{Inbox, Pty, SIZE};

/// No sync of the inbox's own during the test: only the first one, at start.
const NO_POLL: [&str; 2] = ["--poll-interval-secs", "3600"];

struct LiveLate {
    home: Inbox,
    late: LateSandbox,
    listen: Child,
    // Last: the sandbox stops before the runtime that serves it.
    _runtime: Runtime,
}

impl Drop for LiveLate {
    fn drop(&mut self) {
        let _ = self.listen.kill();
        let _ = self.listen.wait();
    }
}

/// The environment with only Late configured.
fn late_env(home: &Inbox, late: &LateSandbox) -> Vec<(OsString, OsString)> {
    let mut env: Vec<(OsString, OsString)> = home
        .env()
        .into_iter()
        .filter(|(name, _)| name != "UNIBOX_API_KEY")
        .collect();
    env.push(("UNIBOX_LATE_URL".into(), late.base_url().into()));
    env.push(("UNIBOX_LATE_API_KEY".into(), late.api_key().into()));
    env
}

impl LiveLate {
    /// The Late sandbox, a webhook registered with it by `unibox webhooks register`, and
    /// `unibox listen` serving it.
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the Late sandbox");
        let late = runtime
            .block_on(LateSandbox::start(LateSandboxConfig::default()))
            .expect("the Late sandbox starts");
        let home = Inbox::start();
        let env = late_env(&home, &late);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|socket| socket.local_addr())
            .expect("a free port")
            .port();
        let unibox = || {
            let mut command = Command::new(env!("CARGO_BIN_EXE_unibox"));
            command.env_clear().envs(env.clone()).stdin(Stdio::null());
            command
        };
        let url = format!("http://127.0.0.1:{port}");
        let registered = unibox()
            .args(["webhooks", "register", "--url", &url, "--yes"])
            .output()
            .expect("register runs");
        assert!(registered.status.success(), "{registered:?}");
        assert_eq!(late.webhooks().len(), 1);

        let mut listen = unibox()
            .args(["listen", "--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("listen starts");
        let mut first = String::new();
        if let Some(stdout) = listen.stdout.take() {
            BufReader::new(stdout)
                .read_line(&mut first)
                .expect("listen says where it listens");
        }
        assert!(first.contains("/late"), "{first}");
        Self {
            home,
            late,
            listen,
            _runtime: runtime,
        }
    }

    /// The inbox with only Late configured and no polling, once its first sync is done.
    fn open(&self) -> Pty {
        let args: Vec<&OsStr> = NO_POLL.iter().map(OsStr::new).collect();
        let ui = Pty::spawn(
            OsStr::new(env!("CARGO_BIN_EXE_unibox")),
            &args,
            late_env(&self.home, &self.late),
            SIZE,
        );
        ui.wait_for("the first sync", screen::synced);
        ui
    }

    fn conversation(&self) -> LateConversation {
        self.late
            .conversations()
            .into_iter()
            .find(|c| !c.archived)
            .expect("an open conversation")
    }
}

#[test]
fn a_message_late_posts_appears_in_the_running_inbox() {
    let live = LiveLate::start();
    let ui = live.open();
    let conversation = live.conversation();
    live.late
        .inject_inbound(&conversation.id, "Kiwi crate on its way?")
        .expect("the customer writes");
    ui.wait_for_text("Kiwi crate on its way?");
}

/// Not a test of behaviour: prints the median time from a customer's message to the screen
/// over 20 messages (`cargo test --test it e2e_late_live -- --ignored --nocapture`).
#[test]
#[ignore]
fn measure_event_to_screen_latency() {
    let live = LiveLate::start();
    let ui = live.open();
    let conversation = live.conversation();
    let mut latencies: Vec<Duration> = (0..20)
        .map(|n| {
            let text = format!("Latency probe {n:02} fig");
            let posted = Instant::now();
            live.late
                .inject_inbound(&conversation.id, &text)
                .expect("the customer writes");
            ui.wait_for_text(&text);
            posted.elapsed()
        })
        .collect();
    latencies.sort();
    println!(
        "event to screen over {} messages: median {:?}, min {:?}, max {:?}",
        latencies.len(),
        latencies[latencies.len() / 2],
        latencies[0],
        latencies[latencies.len() - 1]
    );
}

/// `--demo --live`: the demo's own customers of both providers (one every ~20 s on each)
/// reach the cache through the in-process receiver, not through polling (the inbox does not
/// poll during the test).
#[test]
fn the_live_demo_writes_what_both_its_sandboxes_post_through_the_receiver() {
    let home = Inbox::start();
    let args: Vec<&OsStr> = ["--demo", "--live", "--poll-interval-secs", "3600"]
        .iter()
        .map(OsStr::new)
        .collect();
    let ui = Pty::spawn(
        OsStr::new(env!("CARGO_BIN_EXE_unibox")),
        &args,
        home.env(),
        SIZE,
    );
    ui.wait_for("the first sync", screen::synced);
    let log = home.root().join("state/unibox/unibox.log");
    let applied = |provider: &str| {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .any(|line| {
                line.contains("webhook: a chat was read back into the cache")
                    && line.contains(provider)
            })
    };
    // The demo's first customers write one period (20 s) in: a guard against a hang.
    let patience = Instant::now() + Duration::from_secs(90);
    while !(applied("unipile") && applied("late")) {
        assert!(
            Instant::now() < patience,
            "waited in vain for a webhook of each provider applied by the demo's receiver"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!text.contains("webhook refused"), "{text}");
}
