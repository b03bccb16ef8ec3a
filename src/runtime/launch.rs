//! From the command line's launch to a running session: the options the views need, the sync
//! settings, and the runtime the loop runs on.

use std::sync::Arc;

use chrono::{Local, Offset};

use crate::config::Settings;
use crate::input::Keymap;
use crate::provider::{ProviderRead, ProviderWrite};
use crate::store::Store;
use crate::sync::SyncOptions;
use crate::text::Vs16Width;

use crate::app::{Snippet, UiOptions};

use super::Session;

/// Everything the interface needs, prepared by the command line (`cli::launch`).
pub struct Launch {
    pub settings: Settings,
    pub keymap: Keymap,
    pub store: Store,
    pub reader: Arc<dyn ProviderRead>,
    /// `None` in read-only mode: no code path can send.
    pub writer: Option<Arc<dyn ProviderWrite>>,
    pub demo: bool,
    /// Said in the status bar once the interface is up (e.g. a cache other users can read).
    pub warnings: Vec<String>,
}

/// Runs the terminal interface until the user quits.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the interface needs a terminal; for scripts use `unibox sync`, `unibox chats` or `unibox messages`"
        );
    }
    let settings = &launch.settings;
    let clipboard = crate::clipboard::detect();
    let options = UiOptions {
        bell_on_inbound: settings.bell_on_inbound,
        notify: settings.notify,
        mark_read_on_open: settings.mark_read_on_open,
        emoji_as_text: settings.emoji_as_text,
        vs16: Vs16Width::detect(|name| std::env::var_os(name)),
        // https://no-color.org: present and not empty means no colour.
        color: std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        timezone: Local::now().offset().fix(),
        clipboard_tool: clipboard.is_some(),
        agent_name: settings.agent_name.clone(),
        hyperlinks: settings.hyperlinks.enabled(|name| std::env::var_os(name)),
    };
    let mut warnings = launch.warnings;
    // A malformed snippets.toml is said once; the composer works without canned replies.
    let snippets = match crate::config::read_snippets(&settings.snippets_file) {
        Ok(entries) => entries
            .into_iter()
            .map(|entry| Snippet {
                name: entry.name,
                text: entry.text,
            })
            .collect(),
        Err(error) => {
            warnings.push(error.to_string());
            Vec::new()
        }
    };
    let sync = SyncOptions {
        poll_interval: settings.poll_interval,
        max_chats_per_run: settings.sync_max_chats,
        max_pages_per_list: settings.sync_max_pages,
        ..SyncOptions::default()
    };
    let session = Session {
        store: launch.store,
        reader: launch.reader,
        writer: launch.writer,
        keymap: launch.keymap,
        options,
        sync,
        warnings,
        snippets,
        downloads: settings.download_dir.clone(),
        home: settings.home.clone(),
        opener: settings.opener.clone(),
        clipboard,
        // tmux passes a notification on to the terminal only when it is wrapped.
        under_tmux: std::env::var_os("TMUX").is_some_and(|value| !value.is_empty()),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(super::run_session(session))
}
