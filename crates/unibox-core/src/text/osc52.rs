//! Copying to the system clipboard through the terminal (OSC 52), which also works over SSH.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::sanitize::sanitize_block;

/// The escape sequence that puts `text` on the clipboard. The text is sanitised first, so
/// what lands on the clipboard is what the user saw and cannot smuggle escapes into whatever
/// it is pasted into (a shell, another terminal); base64 keeps the payload itself inert.
/// Ends with BEL rather than ST: older tmux and screen only know BEL.
pub fn osc52_copy(text: &str) -> String {
    let payload = STANDARD.encode(sanitize_block(text).as_bytes());
    format!("\x1b]52;c;{payload}\x07")
}
