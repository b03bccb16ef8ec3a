//! unibox: a terminal unified inbox for WhatsApp business messaging.
//!
//! The layout follows docs/DESIGN.md: `domain` (vocabulary and rules), `provider` (the contract's
//! client, read and write sides apart), `store` (the SQLite cache, one thread), `sync` (provider →
//! store), `app` (state, actions, effects, the pure `update`), `ui` (pure views), `input` (keys →
//! commands), `tui` (the terminal), `sandbox` (a server that speaks the contract), `text`
//! (sanitising and measuring untrusted text), `files` (saving attachments, the opener),
//! `clipboard` (the local clipboard tools), `config`, `logging` and `cli` (the program's edge).

pub mod app;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod domain;
pub mod files;
pub mod input;
pub mod logging;
pub mod provider;
pub mod sandbox;
pub mod secret;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
pub mod ui;
