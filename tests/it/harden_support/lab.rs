//! A sandbox on its own runtime and a private home: the real `unibox` runs against them in a
//! pseudo-terminal (the TUI) or as a command (the CLI), while the test drives the sandbox's
//! faults and reads its state.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;
use unibox_sandbox::{SandboxConfig, SandboxServer};

use super::cli_support::{Home, run};
use super::pty::Pty;

/// The size every TUI test starts at unless it says otherwise.
pub const SIZE: (u16, u16) = (120, 40);

/// How long a wait on the sandbox or a file may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(30);

pub struct Lab {
    pub server: SandboxServer,
    pub home: Home,
    runtime: Runtime,
}

impl Lab {
    /// The demo world as of now, quiet: no simulated customers, read receipts never flip.
    pub fn start(adjust: impl FnOnce(&mut SandboxConfig)) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let mut config = SandboxConfig {
            inbound_every: None,
            seen_after: Duration::from_secs(24 * 3600),
            ..SandboxConfig::default()
        };
        adjust(&mut config);
        let server = runtime
            .block_on(unibox_sandbox::start(config))
            .expect("the sandbox starts");
        Self {
            server,
            home: Home::new(),
            runtime,
        }
    }

    /// The demo world with the hostile account.
    pub fn hostile() -> Self {
        Self::start(|config| config.hostile = true)
    }

    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The variables `unibox` needs to talk to this sandbox from this home.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        let mut env = self.home.env();
        env.push(("UNIBOX_DSN", self.server.url().into()));
        env.push(("UNIBOX_API_KEY", self.server.api_key().into()));
        env.push(("TERM", "xterm-256color".into()));
        env
    }

    /// The TUI in a pseudo-terminal of `size`, with `extra` variables.
    pub fn tui(&self, size: (u16, u16), extra: &[(&'static str, &str)]) -> Pty {
        let mut env = self.env();
        env.extend(
            extra
                .iter()
                .map(|&(name, value)| (name, OsString::from(value))),
        );
        Pty::spawn(OsStr::new(env!("CARGO_BIN_EXE_unibox")), &[], env, size)
    }

    /// `unibox` with `args` in a pseudo-terminal (so it knows someone is watching).
    pub fn in_terminal(&self, args: &[&str]) -> Pty {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        Pty::spawn(
            OsStr::new(env!("CARGO_BIN_EXE_unibox")),
            &args,
            self.env(),
            SIZE,
        )
    }

    /// A `unibox` command run to its end.
    pub fn cli(&self, args: &[&str]) -> Output {
        self.block_on(run(self.home.unibox_for(&self.server), args))
    }

    pub fn cache(&self) -> PathBuf {
        self.home.cache()
    }

    /// The server goes down (port closed, connections broken) until `resume`.
    pub fn stop_listening(&self) {
        self.block_on(self.server.stop_listening());
    }

    pub fn resume(&self) {
        self.block_on(self.server.resume())
            .expect("the port is free again");
    }
}

/// Polls `ready` until it gives a value, failing with `what` after the deadline.
pub fn wait_until<T>(what: &str, mut ready: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(value) = ready() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
