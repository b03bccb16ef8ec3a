//! unibox: a terminal unified inbox for WhatsApp business messaging.
//!
//! The layout follows docs/ARCHITECTURE.md: `domain` (vocabulary and rules) and `text`
//! (sanitising and measuring untrusted text) come from the `unibox-core` crate; `provider` (the
//! contract's client, read and write sides apart), `store` (the SQLite cache, one thread), `sync`
//! (provider → store), `app` (state, actions, effects, the pure `update`), `ui` (pure views),
//! `input` (keys → commands), `tui` (the terminal), `files` (saving attachments, the opener),
//! `clipboard` (the local clipboard tools), `config`, `logging` and `cli` (the program's edge).
//! The fake providers behind `--demo` are the `unibox-sandbox` crate (the `sandbox` feature).

pub mod app;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod files;
pub mod input;
pub mod listen;
pub mod logging;
pub mod provider;
pub mod runtime;
pub mod secret;
pub mod store;
pub mod sync;
pub mod tui;
pub mod ui;

pub use unibox_core::{domain, text};
#[cfg(feature = "sandbox")]
use unibox_sandbox as sandbox;
