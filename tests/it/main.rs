//! unibox's integration tests, one binary: every suite is a module (`cli_*`, `client_*`,
//! `e2e_*`, `harden_*`, `keymap_*`, `sandbox_*`, `store_*`, `sync_*`, `text_*`, `ui_*`), and the
//! shared fixtures are the `*_support` modules. One binary links the crate once instead of once
//! per suite; `cargo test --test it e2e_` runs one area.

// Fixtures unwrap: one that cannot be built fails its test on the spot, with the reason.
#![allow(clippy::unwrap_used)]

mod cli_support;
mod client_support;
mod e2e_support;
mod harden_support;
mod sandbox_support;
mod store_support;
mod sync_support;
mod ui_support;

mod bench_tiny;
mod cli_commands;
mod cli_errors;
mod cli_sandbox;
mod cli_scripts;
mod cli_search;
mod cli_sync_report;
mod client_faults;
mod client_fixtures;
mod client_reads;
mod client_reconnect;
mod client_router;
mod client_writes;
mod config_api_key;
mod config_resolve;
mod e2e_actions;
mod e2e_channels;
mod e2e_clipboard;
mod e2e_files;
mod e2e_links;
mod e2e_outcomes;
mod e2e_read_only;
mod e2e_reading;
mod e2e_reconnect;
mod e2e_search;
mod e2e_snippets;
mod e2e_terminal;
mod e2e_title;
mod e2e_tui;
mod e2e_unread;
mod harden_bounds;
mod harden_cli;
mod harden_crash;
mod harden_faults;
mod harden_files;
mod harden_keys;
mod harden_log;
mod harden_process;
mod harden_secrets;
mod harden_terminal;
mod harden_transport;
mod keymap_defaults;
mod keymap_keys;
mod keymap_overrides;
mod late_sandbox;
mod sandbox_faults;
mod sandbox_reads;
mod sandbox_writes;
mod store_durability;
mod store_ingest;
mod store_open;
mod store_outbox;
mod store_scale;
mod store_search;
mod store_unread;
mod store_windows;
mod sync_accounts;
mod sync_ceiling;
mod sync_channels;
mod sync_engine;
mod sync_faults;
mod sync_first;
mod sync_history;
mod sync_incremental;
mod sync_keep_true;
mod sync_kill;
mod sync_resync;
mod text_emoji;
mod text_layout;
mod text_ratatui;
mod text_sanitize;
mod ui_cells;
mod ui_props;
mod ui_screenshots;
mod ui_search;
mod ui_snapshots;
mod ui_vs16;
