//! Untrusted text on its way to a terminal: the one sanitiser, widths and layout per grapheme
//! cluster, emoji names, and the clipboard (docs/DESIGN.md section 4).
//!
//! Text from the network is stored exactly as received; every sink (panes, CLI output, the
//! window title, notifications, the clipboard, log lines shown to the user) passes it through
//! [`sanitize_line`] or [`sanitize_block`] first, then measures and cuts it with
//! [`display_width`], [`truncate`], [`fit`] and [`wrap`], which agree cell for cell with what
//! ratatui 0.29 writes into its buffer.

mod classify;
mod emoji;
mod file_name;
mod hyperlink;
mod links;
mod notify;
mod osc52;
mod presentation;
mod sanitize;
mod size;
mod width;
mod wrap;

pub use classify::{BIDI_MARK, DELETE_MARK, INVISIBLE_MARK, SUBSTITUTE_MARK};
pub use emoji::{Emoji, emoji_as_text, emoji_search};
pub use file_name::{MAX_FILE_NAME_BYTES, extension, safe_file_name};
pub use hyperlink::{
    Hyperlinks, MAX_HYPERLINK_BYTES, OSC8_CLOSE, osc8_open, terminal_draws_hyperlinks,
};
pub use links::links;
pub use notify::{NOTIFICATION_BODY_WIDTH, NOTIFICATION_TITLE_WIDTH, Notify, notification};
pub use osc52::osc52_copy;
pub use presentation::{VS16, Vs16Width, narrow_vs16};
pub use sanitize::{
    BLOCK_GROWTH, LINE_GROWTH, MAX_MARKS_IN_A_ROW, TAB_STOP, sanitize_block, sanitize_line,
};
pub use size::human_size;
pub use width::{ELLIPSIS, cluster_width, display_width, fit, truncate};
pub use wrap::wrap;
