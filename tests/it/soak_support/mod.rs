//! The soak: both sandboxes, one home and one cache, a real `unibox listen` registered with
//! both, two inboxes in terminals on that cache (one read-only) and `unibox sync` now and
//! then, while simulated customers of both providers write, react, edit, delete and read.
//! `traffic` plays the customers and remembers what each event should change; `verdict`
//! checks the cache and the two screens against it.

pub mod traffic;
pub mod verdict;

use std::ffi::{OsStr, OsString};
use std::process::{Child, Command, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustix::process::Signal;
use unibox_sandbox::late::{LateSandbox, LateSandboxConfig};

use crate::e2e_support::live::start_listen;
use crate::e2e_support::{Inbox, Pty, SIZE, screen};

use traffic::Customers;

/// How the soak runs: for how long, how often a customer acts, how often `unibox sync` runs.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub duration: Duration,
    pub pace: Duration,
    pub sync_every: Duration,
    pub seed: u64,
}

impl Plan {
    /// `UNIBOX_SOAK_SECS` (else `default_secs`) and `UNIBOX_SOAK_PACE_MS` (else 400 ms).
    pub fn from_env(default_secs: u64, sync_every: Duration) -> Self {
        let number = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|value| value.trim().parse::<u64>().ok())
        };
        Self {
            duration: Duration::from_secs(number("UNIBOX_SOAK_SECS").unwrap_or(default_secs)),
            pace: Duration::from_millis(number("UNIBOX_SOAK_PACE_MS").unwrap_or(400).max(10)),
            sync_every,
            seed: number("UNIBOX_SOAK_SEED").unwrap_or(14),
        }
    }
}

pub struct Soak {
    /// The inboxes: the first can write, the second is `--read-only`.
    pub inboxes: [Pty; 2],
    listen: Child,
    /// `unibox sync` runs, each in a thread of its own so traffic goes on meanwhile.
    syncs: Vec<JoinHandle<Output>>,
    // Before `inbox`: the Late sandbox runs on the inbox's runtime.
    pub late: LateSandbox,
    pub inbox: Inbox,
}

impl Drop for Soak {
    fn drop(&mut self) {
        let _ = self.listen.kill();
        let _ = self.listen.wait();
    }
}

impl Soak {
    /// Everything started; both inboxes past their first sync.
    pub fn start() -> Self {
        let inbox = Inbox::start();
        let late = inbox
            .block_on(LateSandbox::start(LateSandboxConfig::default()))
            .expect("the Late sandbox starts");
        let env = both_providers(&inbox, &late);
        let listen = start_listen(&inbox, &env, "/late");
        assert_eq!(late.webhooks().len(), 1, "registered with Late too");
        let launch = |args: &[&str]| {
            let args = inbox.args(args);
            let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
            Pty::spawn(
                OsStr::new(env!("CARGO_BIN_EXE_unibox")),
                &args,
                env.clone(),
                SIZE,
            )
        };
        // The default poll (every 30 s): the inboxes sync too, as they would in use.
        let inboxes = [launch(&[]), launch(&["--read-only"])];
        for ui in &inboxes {
            ui.wait_for("the first sync", screen::synced);
        }
        Self {
            inboxes,
            listen,
            syncs: Vec::new(),
            late,
            inbox,
        }
    }

    /// Runs the customers for `plan.duration`, one act every `plan.pace`, and `unibox sync`
    /// every `plan.sync_every`. Returns the customers, who remember what they did.
    pub fn run(&mut self, plan: Plan) -> Customers {
        let mut customers = Customers::new(plan.seed);
        let started = Instant::now();
        let mut next_sync = started + plan.sync_every;
        let mut next_act = started;
        while started.elapsed() < plan.duration {
            customers.act(&self.inbox, &self.late);
            if Instant::now() >= next_sync {
                self.sync_in_background();
                next_sync += plan.sync_every;
            }
            next_act += plan.pace;
            std::thread::sleep(next_act.saturating_duration_since(Instant::now()));
        }
        customers
    }

    fn sync_in_background(&mut self) {
        let env = both_providers(&self.inbox, &self.late);
        let args = self.inbox.args(&["sync"]);
        self.syncs.push(std::thread::spawn(move || {
            Command::new(env!("CARGO_BIN_EXE_unibox"))
                .args(args)
                .env_clear()
                .envs(env)
                .stdin(Stdio::null())
                .output()
                .expect("unibox sync runs")
        }));
    }

    /// Waits for every `unibox sync` started; their outputs.
    pub fn finish_syncs(&mut self) -> Vec<Output> {
        self.syncs
            .drain(..)
            .map(|sync| sync.join().expect("the sync thread ends"))
            .collect()
    }

    /// Stops the listener (ctrl-c) and both inboxes (SIGTERM), each as a user would, so the
    /// cache is left alone; whether each ended well.
    pub fn stop_programs(&mut self) -> Vec<bool> {
        let mut ended_well = Vec::new();
        for ui in &mut self.inboxes {
            ui.signal(Signal::TERM);
            ended_well.push(ui.wait_exit().success());
        }
        let pid = i32::try_from(self.listen.id())
            .ok()
            .and_then(rustix::process::Pid::from_raw)
            .expect("the listener's pid");
        rustix::process::kill_process(pid, Signal::INT).expect("ctrl-c the listener");
        let patience = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.listen.try_wait().expect("wait for the listener") {
                break status;
            }
            assert!(Instant::now() < patience, "the listener did not stop");
            std::thread::sleep(Duration::from_millis(20));
        };
        ended_well.push(status.success());
        ended_well
    }
}

/// The environment with both providers configured (Unipile's key is already in `home.env()`;
/// its address is given by `--dsn`).
pub fn both_providers(inbox: &Inbox, late: &LateSandbox) -> Vec<(OsString, OsString)> {
    let mut env = inbox.env();
    env.push(("UNIBOX_LATE_URL".into(), late.base_url().into()));
    env.push(("UNIBOX_LATE_API_KEY".into(), late.api_key().into()));
    env
}
