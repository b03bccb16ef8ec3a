//! The process made private before anything else runs: what it creates is for the user only
//! (umask 077), it leaves no core dump carrying the key and the conversations, and the key's
//! variable is out of the environment every child (`$EDITOR`, the opener, `api_key_cmd`)
//! inherits.

use crate::config::Env;

/// Hardens the process and returns the `UNIBOX_*` variables as they were at start, the key
/// among them. Call first thing in `main`, while the process has a single thread.
pub fn harden() -> Env {
    // Files 0600 and folders 0700, whatever the calling shell's umask: SQLite, its WAL and
    // SHM, drafts, the log and the demo's folder are created through it.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    disable_core_dumps();
    let env = Env::from_process();
    for name in crate::config::env::SECRET_VARIABLES {
        // SAFETY: called at the start of `main`, before any thread is spawned (no runtime,
        // logger or reader thread exists yet), so nothing reads the environment meanwhile.
        unsafe { std::env::remove_var(name) };
    }
    env
}

/// A core dump would hold the key and the cached conversations. Failing to forbid one is not
/// worth refusing to run (a hard limit may already be lower).
fn disable_core_dumps() {
    let none = rustix::process::Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    let _ = rustix::process::setrlimit(rustix::process::Resource::Core, none);
    // Not dumpable also keeps other processes of the same user from attaching a debugger.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}
