//! Shared by the `harden_*` tests: a sandbox and a home to run the real `unibox` in (`lab`),
//! the pseudo-terminal (`pty`), what a terminal receives (`terminal`), and the cache and CLI
//! helpers of the other suites.

pub mod cache;
pub(crate) use crate::cli_support;
pub mod lab;
pub(crate) use crate::e2e_support::pty;
pub mod screen;
pub(crate) use crate::sync_support;
pub mod terminal;

pub use lab::{Lab, SIZE, wait_until};
pub use pty::Pty;

/// The last line of a screen: the status bar.
pub fn status_bar(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}
