//! A message's links in the real binary: the reader numbers them, and only `o` hands the
//! selected one to the system's opener (a script here that writes down what it was given).

use std::path::{Path, PathBuf};

use crate::e2e_support;

use e2e_support::screen::{status_bar, thread_pane};
use e2e_support::{Inbox, open_chat};

/// A script that writes its arguments, one a line, to `record`.
fn recording_program(folder: &Path, record: &Path) -> PathBuf {
    let script = folder.join("fake-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}.tmp'\nmv '{0}.tmp' '{0}'\n",
            record.display()
        ),
    )
    .expect("write the script");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .expect("make it runnable");
    script
}

#[test]
fn the_reader_numbers_the_links_and_o_opens_the_selected_one_with_the_opener() {
    let inbox = Inbox::start();
    let chat = inbox.listed(None, false).remove(0);
    inbox.server.inject_inbound(
        &chat.id,
        "Your order: https://shop.example/o/4471 and the parcel: www.parcels.example/t/88",
    );
    let tools = inbox.folder("tools");
    let record = tools.join("opened");
    let opener = recording_program(&tools, &record);
    let mut ui = inbox.open_with(&[], &[("UNIBOX_OPENER", opener.as_os_str())]);
    open_chat(&mut ui, &inbox, &chat);
    ui.wait_for("the message in the thread", |s| {
        thread_pane(s).contains("Your order: https://shop.example/o/4471")
    });

    ui.send("v");
    let screen = ui.wait_for("the numbered links", |s| {
        s.contains("1. https://shop.example/o/4471") && s.contains("2. www.parcels.example/t/88")
    });
    assert!(!record.exists(), "reading opened a link:\n{screen}");

    ui.send("\t");
    ui.wait_for_text(">2. www.parcels.example/t/88");
    ui.send("o");
    ui.wait_for("the opener said", |s| status_bar(s).contains("opening"));
    inbox.wait_until("the opener to run", || record.exists().then_some(()));
    assert_eq!(
        std::fs::read_to_string(&record).unwrap(),
        "https://www.parcels.example/t/88\n"
    );
}
