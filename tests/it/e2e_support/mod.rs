//! End-to-end sessions: the real `unibox` binary in a pseudo-terminal, in a private home (its
//! own config, cache and log), against an in-process sandbox on 127.0.0.1 whose write log
//! says what reached the server.
// Each test file uses a different subset of these helpers.

pub mod live;
pub mod pty;
pub mod screen;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use tempfile::TempDir;
use tokio::runtime::Runtime;
use unibox::domain::ChatId;
use unibox_sandbox::{
    ChatRecord, Faults, MessageRecord, RequestRecord, SandboxConfig, SandboxServer, WriteRecord,
};

pub use pty::{DEADLINE, Pty};

/// Keys as a terminal sends them.
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const SHIFT_TAB: &str = "\x1b[Z";
    pub const CTRL_O: &str = "\x0f";
    pub const CTRL_U: &str = "\x15";
    pub const CTRL_J: &str = "\n";
    pub const CTRL_R: &str = "\x12";
}

/// Columns and rows: wide enough for the three panes side by side.
pub const SIZE: (u16, u16) = (120, 40);

/// A sandbox serving on a free port, and a home for unibox to live in.
pub struct Inbox {
    pub server: SandboxServer,
    home: TempDir,
    // Last: the sandbox stops before the runtime that serves it.
    runtime: Runtime,
}

impl Inbox {
    /// The demo world with "now" as its anchor, so the edit and delete windows of its
    /// messages are where the data says; no simulated traffic.
    pub fn start() -> Self {
        Self::start_with(SandboxConfig::default())
    }

    pub fn start_with(config: SandboxConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the sandbox");
        let server = runtime
            .block_on(unibox_sandbox::start(SandboxConfig {
                anchor: chrono::Utc::now(),
                inbound_every: None,
                port: 0,
                ..config
            }))
            .expect("the sandbox starts");
        Self {
            server,
            home: tempfile::tempdir().expect("a temporary home"),
            runtime,
        }
    }

    pub fn root(&self) -> &Path {
        self.home.path()
    }

    /// `$XDG_CONFIG_HOME/unibox`.
    pub fn config_dir(&self) -> PathBuf {
        self.root().join("config/unibox")
    }

    pub fn write_config(&self, file: &str, contents: &str) {
        std::fs::create_dir_all(self.config_dir()).expect("config folder");
        std::fs::write(self.config_dir().join(file), contents).expect("write the config");
    }

    /// A file of the user's, for attaching.
    pub fn user_file(&self, name: &str, bytes: usize) -> PathBuf {
        let folder = self.root().join("home/Documents");
        std::fs::create_dir_all(&folder).expect("documents folder");
        let path = folder.join(name);
        let contents: Vec<u8> = (0..bytes).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, contents).expect("write the user's file");
        path
    }

    /// The environment unibox runs in: this home, the sandbox's key, nothing else.
    pub fn env(&self) -> Vec<(OsString, OsString)> {
        let root = self.root();
        vec![
            ("PATH".into(), std::env::var_os("PATH").unwrap_or_default()),
            ("HOME".into(), root.join("home").into()),
            ("XDG_CONFIG_HOME".into(), root.join("config").into()),
            ("XDG_DATA_HOME".into(), root.join("data").into()),
            ("XDG_STATE_HOME".into(), root.join("state").into()),
            ("TERM".into(), "xterm-256color".into()),
            ("UNIBOX_API_KEY".into(), self.server.api_key().into()),
            ("UNIBOX_LOG".into(), "debug".into()),
        ]
    }

    /// `--dsn <sandbox>` followed by `args`.
    pub fn args(&self, args: &[&str]) -> Vec<OsString> {
        let mut all: Vec<OsString> = vec!["--dsn".into(), self.server.url().into()];
        all.extend(args.iter().map(OsString::from));
        all
    }

    /// The inbox in a terminal, once its first sync is done.
    pub fn open(&self, args: &[&str]) -> Pty {
        let pty = self.launch(args);
        pty.wait_for("the first sync", screen::synced);
        pty
    }

    /// The inbox in a terminal, as soon as it is started.
    pub fn launch(&self, args: &[&str]) -> Pty {
        self.launch_with(args, &[])
    }

    /// The inbox in a terminal with `extra` variables (which win over the usual ones), once
    /// its first sync is done.
    pub fn open_with(&self, args: &[&str], extra: &[(&str, &OsStr)]) -> Pty {
        let pty = self.launch_with(args, extra);
        pty.wait_for("the first sync", screen::synced);
        pty
    }

    /// The inbox in a terminal with `extra` variables (which win over the usual ones), as
    /// soon as it is started.
    pub fn launch_with(&self, args: &[&str], extra: &[(&str, &OsStr)]) -> Pty {
        let args = self.args(args);
        let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
        let mut env = self.env();
        env.extend(
            extra
                .iter()
                .map(|&(name, value)| (OsString::from(name), value.to_owned())),
        );
        Pty::spawn(OsStr::new(env!("CARGO_BIN_EXE_unibox")), &args, env, SIZE)
    }

    /// The home folder unibox runs with (`$HOME`).
    pub fn home_dir(&self) -> PathBuf {
        self.root().join("home")
    }

    /// A folder of the test's own, created empty, for files unibox writes or reads.
    pub fn folder(&self, name: &str) -> PathBuf {
        let folder = self.root().join(name);
        std::fs::create_dir_all(&folder).expect("a test folder");
        folder
    }

    /// A command-line run of unibox (`sync`, `audit --json`...) to its end.
    pub fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_unibox"))
            .args(self.args(args))
            .env_clear()
            .envs(self.env())
            .stdin(std::process::Stdio::null())
            .output()
            .expect("unibox runs")
    }

    /// The cache unibox uses (the default place under `$XDG_DATA_HOME`).
    pub fn cache(&self) -> PathBuf {
        self.root().join("data/unibox/cache.sqlite3")
    }

    /// Waits until the cache holds a draft for `chat` with `text`, read through a connection
    /// of our own while unibox runs.
    pub fn wait_for_saved_draft(&self, chat: &ChatId, text: &str) {
        let store = unibox::store::Store::open(&self.cache()).expect("open the cache");
        self.wait_until(&format!("the draft {text:?} saved"), || {
            let chat = chat.clone();
            let saved = store
                .call_blocking(move |db| db.draft(&chat))
                .expect("read the draft");
            saved.filter(|s| s.draft.text == text).map(drop)
        });
    }

    pub fn writes(&self) -> Vec<WriteRecord> {
        self.server.writes()
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.server.requests()
    }

    pub fn set_faults(&self, change: impl FnOnce(&mut Faults)) {
        self.server.faults().update(change);
    }

    /// Waits until the server has received and answered `count` writes; returns them all.
    pub fn wait_for_writes(&self, count: usize) -> Vec<WriteRecord> {
        self.wait_until(&format!("{count} answered write(s)"), || {
            let writes = self.writes();
            (writes.len() >= count && writes.iter().all(|w| w.status.is_some())).then_some(writes)
        })
    }

    /// Waits until the server has received `count` writes, answered or not.
    pub fn wait_for_received(&self, count: usize) -> Vec<WriteRecord> {
        self.wait_until(&format!("{count} received write(s)"), || {
            let writes = self.writes();
            (writes.len() >= count).then_some(writes)
        })
    }

    /// Polls the sandbox (it has no notifications) until `ready` gives a value.
    pub fn wait_until<T>(&self, what: &str, ready: impl Fn() -> Option<T>) -> T {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(value) = ready() {
                return value;
            }
            assert!(Instant::now() < deadline, "waited in vain for {what}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The first listed chat called `name` (the newest, if several are).
    pub fn chat_named(&self, name: &str) -> ChatRecord {
        self.listed(None, false)
            .into_iter()
            .find(|chat| screen::name(chat) == name)
            .unwrap_or_else(|| panic!("the sandbox lists no chat called {name}"))
    }

    /// The chats the list shows for `account` (every account if `None`), newest first, as
    /// the sandbox has them: archived chats are not listed.
    pub fn listed(&self, account: Option<&str>, unread_only: bool) -> Vec<ChatRecord> {
        let mut chats: Vec<ChatRecord> = self
            .server
            .state()
            .chats()
            .into_iter()
            .filter(|c| !c.archived)
            .filter(|c| account.is_none_or(|a| c.account_id.as_str() == a))
            .filter(|c| !unread_only || c.unread_count > 0)
            .collect();
        chats.sort_by_key(|c| std::cmp::Reverse(c.timestamp));
        chats
    }

    /// The server's messages of `chat`, oldest first.
    pub fn messages(&self, chat: &ChatId) -> Vec<MessageRecord> {
        self.server.state().messages(chat)
    }

    /// The newest message of `chat` that is not an event.
    pub fn last_message(&self, chat: &ChatId) -> MessageRecord {
        self.messages(chat)
            .into_iter()
            .rev()
            .find(|m| !m.is_event())
            .expect("the chat has messages")
    }

    /// Lets the runtime run `future` (e.g. to stop the sandbox listening).
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

/// Opens `chat` from the chat list as a user would: to the top, down to it, enter. Expects
/// the chat list focused and showing every account's chats. Returns once the chat's newest
/// messages were fetched and nothing else is in flight.
pub fn open_chat(ui: &mut Pty, inbox: &Inbox, chat: &ChatRecord) {
    let position = inbox
        .listed(None, false)
        .iter()
        .position(|c| c.id == chat.id)
        .expect("the chat is listed");
    let fetched_before = inbox
        .requests()
        .iter()
        .filter(|r| r.path == messages_path(&chat.id))
        .count();
    ui.send("g");
    ui.send(&"j".repeat(position));
    ui.send(keys::ENTER);
    ui.wait_for(&format!("{} opened", screen::name(chat)), |s| {
        screen::thread_title(s).starts_with(&screen::shown_name(chat))
    });
    inbox.wait_until(&format!("the fetch of {}", screen::name(chat)), || {
        let requests = inbox.requests();
        let fetched = requests
            .iter()
            .filter(|r| r.path == messages_path(&chat.id) && r.status.is_some())
            .count();
        let settled = requests.iter().all(|r| r.status.is_some());
        (fetched > fetched_before && settled).then_some(())
    });
    // Read from the cache and a message selected: what a test reads on screen is the thread.
    if inbox.messages(&chat.id).iter().any(|m| !m.is_event()) {
        ui.wait_for("a message selected", |s| {
            !screen::selected_message(s).is_empty()
        });
    }
}

/// Where a chat's messages are listed and sent.
pub fn messages_path(chat: &ChatId) -> String {
    format!("/api/v1/chats/{chat}/messages")
}

/// How often `needle` appears in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The write log as one line per request, for failure messages.
pub fn describe(writes: &[WriteRecord]) -> String {
    writes
        .iter()
        .map(|w| format!("{} {} {:?} -> {:?}", w.method, w.path, w.body, w.status))
        .collect::<Vec<_>>()
        .join("\n")
}
