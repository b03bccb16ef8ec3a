//! Shared by the `harden_*` tests: a sandbox and a home to run the real `unibox` in (`lab`),
//! the pseudo-terminal (`pty`), what a terminal receives (`terminal`), and the cache and CLI
//! helpers of the other suites.
// Each test file uses a different subset of these helpers.
#![allow(dead_code, unused_imports)]

pub mod cache;
#[path = "../cli_support/mod.rs"]
pub mod cli_support;
pub mod lab;
#[path = "../e2e_support/pty.rs"]
pub mod pty;
pub mod screen;
#[path = "../sync_support/mod.rs"]
pub mod sync_support;
pub mod terminal;

pub use lab::{Lab, SIZE, wait_until};
pub use pty::Pty;

/// The last line of a screen: the status bar.
pub fn status_bar(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}
