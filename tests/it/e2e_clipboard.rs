//! `y` copies a message: always through the terminal (OSC 52), and through the desktop's
//! clipboard tool where there is one and unibox is not run over SSH. A fake `xclip` and
//! `wl-copy` on `PATH` record what they are given.

use crate::e2e_support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use e2e_support::screen::status_bar;
use e2e_support::{Inbox, Pty, open_chat};

/// A fake clipboard tool that keeps its stdin (and its arguments) in `record`.
fn fake_tool(folder: &Path, name: &str, record: &Path) {
    let script = folder.join(name);
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat > '{0}.tmp'\nprintf '%s\\n' \"$@\" > '{0}.args'\nmv '{0}.tmp' '{0}'\n",
            record.display()
        ),
    )
    .expect("write the fake tool");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .expect("make it runnable");
}

struct Desk {
    inbox: Inbox,
    tools: PathBuf,
    path: std::ffi::OsString,
}

impl Desk {
    fn new(tool: &str) -> Self {
        let inbox = Inbox::start();
        let tools = inbox.folder("tools");
        fake_tool(&tools, tool, &tools.join("clipboard"));
        let mut path = tools.clone().into_os_string();
        path.push(":");
        path.push(std::env::var_os("PATH").unwrap_or_default());
        Self { inbox, tools, path }
    }

    fn record(&self) -> PathBuf {
        self.tools.join("clipboard")
    }

    /// The inbox with `extra` variables, on Marie's chat; returns the selected message's text.
    fn copy_newest(&self, extra: &[(&str, &OsStr)]) -> (Pty, String) {
        let chat = self.inbox.chat_named("Marie Dubois");
        let mut env = vec![
            ("PATH", self.path.as_os_str()),
            ("UNIBOX_MARK_READ_ON_OPEN", OsStr::new("false")),
        ];
        env.extend_from_slice(extra);
        let mut ui = self.inbox.open_with(&[], &env);
        open_chat(&mut ui, &self.inbox, &chat);
        ui.wait_for("the newest message selected", |s| s.contains('▌'));
        let text = self
            .inbox
            .last_message(&chat.id)
            .text
            .expect("the newest message has text");
        ui.send("y");
        (ui, text)
    }
}

fn osc52_sent(ui: &Pty) -> bool {
    String::from_utf8_lossy(&ui.raw_output()).contains("\u{1b}]52;c;")
}

#[test]
fn with_a_desktop_tool_the_text_is_piped_to_it_and_said_copied() {
    let desk = Desk::new("xclip");
    let (ui, text) = desk.copy_newest(&[("DISPLAY", OsStr::new(":7"))]);
    ui.wait_for("the copy", |s| {
        status_bar(s).contains("copied to the clipboard")
    });
    assert_eq!(std::fs::read_to_string(desk.record()).unwrap(), text);
    let args = std::fs::read_to_string(desk.tools.join("clipboard.args")).unwrap();
    assert_eq!(args, "-selection\nclipboard\n");
    assert!(osc52_sent(&ui), "OSC 52 is sent as well");
}

#[test]
fn wayland_uses_wl_copy() {
    let desk = Desk::new("wl-copy");
    let (ui, text) = desk.copy_newest(&[("WAYLAND_DISPLAY", OsStr::new("wayland-0"))]);
    ui.wait_for("the copy", |s| {
        status_bar(s).contains("copied to the clipboard")
    });
    assert_eq!(std::fs::read_to_string(desk.record()).unwrap(), text);
}

#[test]
fn over_ssh_only_the_terminal_is_asked_and_the_words_say_so() {
    let desk = Desk::new("xclip");
    let (ui, _) = desk.copy_newest(&[
        ("DISPLAY", OsStr::new(":7")),
        ("SSH_CONNECTION", OsStr::new("192.0.2.1 52000 192.0.2.2 22")),
    ]);
    let screen = ui.wait_for("the copy", |s| {
        status_bar(s).contains("sent to the terminal's clipboard (OSC 52)")
    });
    assert!(!status_bar(&screen).contains("copied"), "{screen}");
    assert!(osc52_sent(&ui));
    assert!(
        !desk.record().exists(),
        "the server's clipboard tool was used"
    );
}

#[test]
fn without_a_desktop_only_the_terminal_is_asked() {
    let desk = Desk::new("xclip");
    let (ui, _) = desk.copy_newest(&[]);
    ui.wait_for("the copy", |s| {
        status_bar(s).contains("sent to the terminal's clipboard (OSC 52)")
    });
    assert!(osc52_sent(&ui));
    assert!(!desk.record().exists());
}
