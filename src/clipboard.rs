//! The local clipboard tools. OSC 52 asks the terminal to set the clipboard, and many
//! terminals ignore it; where a clipboard tool of this machine's desktop is at hand
//! (`wl-copy`, `xclip`, `xsel`, `pbcopy`), the text is piped to it as well, so unibox can say
//! "copied" only when something did copy. Over SSH the tools are not used: they would set
//! the clipboard of the server, not the user's.

use std::ffi::OsString;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt as _;

/// What the status bar says when only the terminal was asked: it may have ignored OSC 52.
pub const SENT_TO_TERMINAL: &str = "sent to the terminal's clipboard (OSC 52)";
/// What it says when a local tool took the text.
pub const COPIED: &str = "copied to the clipboard";

/// How long a tool may take to take the text: they read it and fork a keeper at once.
const TOOL_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTool {
    WlCopy,
    Xclip,
    Xsel,
    Pbcopy,
}

impl LocalTool {
    pub fn program(self) -> &'static str {
        match self {
            Self::WlCopy => "wl-copy",
            Self::Xclip => "xclip",
            Self::Xsel => "xsel",
            Self::Pbcopy => "pbcopy",
        }
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            Self::WlCopy | Self::Pbcopy => &[],
            Self::Xclip => &["-selection", "clipboard"],
            Self::Xsel => &["--clipboard", "--input"],
        }
    }
}

/// What the choice depends on, read from the process by [`DesktopSession::detect`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DesktopSession {
    pub macos: bool,
    pub over_ssh: bool,
    pub wayland: bool,
    pub x11: bool,
}

impl DesktopSession {
    pub fn detect() -> Self {
        let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
        Self {
            macos: cfg!(target_os = "macos"),
            over_ssh: set("SSH_TTY") || set("SSH_CONNECTION"),
            wayland: set("WAYLAND_DISPLAY"),
            x11: set("DISPLAY"),
        }
    }
}

/// The tool to use in `session`, among those `installed` says are there.
pub fn choose(session: &DesktopSession, installed: impl Fn(&str) -> bool) -> Option<LocalTool> {
    if session.over_ssh {
        return None;
    }
    let mut candidates = Vec::new();
    if session.macos {
        candidates.push(LocalTool::Pbcopy);
    }
    if session.wayland {
        candidates.push(LocalTool::WlCopy);
    }
    if session.x11 {
        candidates.extend([LocalTool::Xclip, LocalTool::Xsel]);
    }
    candidates
        .into_iter()
        .find(|tool| installed(tool.program()))
}

/// The tool for this process's session and `PATH`, if any.
pub fn detect() -> Option<LocalTool> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    choose(&DesktopSession::detect(), |program| on_path(&path, program))
}

fn on_path(path: &OsString, program: &str) -> bool {
    std::env::split_paths(path).any(|folder| is_executable(&folder.join(program)))
}

fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CopyError {
    #[error("{0} could not be started")]
    CannotStart(&'static str),
    #[error("{0} did not take the text")]
    Refused(&'static str),
}

/// Pipes `text` (already sanitised) to the tool and waits until it has taken it.
pub async fn copy(tool: LocalTool, text: &str) -> Result<(), CopyError> {
    let program = tool.program();
    let mut child = tokio::process::Command::new(program)
        .args(tool.args())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| CopyError::CannotStart(program))?;
    let mut stdin = child.stdin.take().ok_or(CopyError::CannotStart(program))?;
    stdin
        .write_all(text.as_bytes())
        .await
        .map_err(|_| CopyError::Refused(program))?;
    // Closing stdin is the end of the text.
    drop(stdin);
    match tokio::time::timeout(TOOL_TIMEOUT, child.wait()).await {
        Ok(Ok(status)) if status.success() => Ok(()),
        _ => Err(CopyError::Refused(program)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(_: &str) -> bool {
        true
    }

    #[test]
    fn each_desktop_gets_its_own_tool() {
        let wayland = DesktopSession {
            wayland: true,
            x11: true,
            ..DesktopSession::default()
        };
        assert_eq!(choose(&wayland, all), Some(LocalTool::WlCopy));
        let x11 = DesktopSession {
            x11: true,
            ..DesktopSession::default()
        };
        assert_eq!(choose(&x11, all), Some(LocalTool::Xclip));
        assert_eq!(choose(&x11, |p| p == "xsel"), Some(LocalTool::Xsel));
        assert_eq!(choose(&x11, |_| false), None);
        let mac = DesktopSession {
            macos: true,
            ..DesktopSession::default()
        };
        assert_eq!(choose(&mac, all), Some(LocalTool::Pbcopy));
        assert_eq!(choose(&DesktopSession::default(), all), None, "no desktop");
    }

    #[test]
    fn over_ssh_no_local_tool_is_used() {
        for session in [
            DesktopSession {
                over_ssh: true,
                x11: true,
                ..DesktopSession::default()
            },
            DesktopSession {
                over_ssh: true,
                wayland: true,
                ..DesktopSession::default()
            },
            DesktopSession {
                over_ssh: true,
                macos: true,
                ..DesktopSession::default()
            },
        ] {
            assert_eq!(choose(&session, all), None, "{session:?}");
        }
    }
}
