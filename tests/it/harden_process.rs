//! The running process keeps its secrets to itself: no core dump would carry the key or the
//! conversations, and no child (`$EDITOR` here) inherits `UNIBOX_API_KEY`.

use crate::e2e_support;

use std::os::unix::fs::PermissionsExt;

use e2e_support::screen::{synced, thread_pane};
use e2e_support::{Inbox, open_chat};

#[test]
fn core_dumps_are_disabled_in_the_running_program() {
    let inbox = Inbox::start();
    let ui = inbox.launch(&[]);
    ui.wait_for("the first sync", synced);
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", ui.pid()))
        .expect("the program's limits");
    let core = limits
        .lines()
        .find(|line| line.starts_with("Max core file size"))
        .expect("a core size line");
    let values: Vec<&str> = core.split_whitespace().skip(4).take(2).collect();
    assert_eq!(values, ["0", "0"], "{core}");
}

#[test]
fn the_editor_does_not_inherit_the_api_key() {
    let inbox = Inbox::start();
    let dir = tempfile::tempdir().expect("a folder for the editor's report");
    let dump = dir.path().join("editor-env.txt");
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nenv > '{}'\necho 'from the editor' > \"$1\"\n",
            dump.display()
        ),
    )
    .expect("the editor script");
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o700)).expect("chmod");

    let mut ui = inbox.launch_with(&[], &[("EDITOR", editor.as_os_str())]);
    ui.wait_for("the first sync", synced);
    let chat = inbox.chat_named("Marie Dubois");
    open_chat(&mut ui, &inbox, &chat);
    ui.send("r");
    ui.wait_for_text("Reply to Marie Dubois");
    ui.send("\x18"); // ctrl-x: write the message in $EDITOR
    inbox.wait_until("the editor to run", || {
        std::fs::read_to_string(&dump)
            .ok()
            .filter(|text| text.contains("HOME="))
    });
    ui.wait_for("the editor's text in the composer", |s| {
        s.contains("from the editor") || thread_pane(s).contains("from the editor")
    });
    let env = std::fs::read_to_string(&dump).expect("the editor's environment");
    assert!(!env.contains("UNIBOX_API_KEY"), "{env}");
    assert!(!env.contains(inbox.server.api_key()), "{env}");
}
