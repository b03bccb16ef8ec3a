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

/// Every OSC 8 escape in `raw`: the address each one opens (empty for a close).
fn hyperlink_targets(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.split("\u{1b}]8;;")
        .skip(1)
        .map(|rest| rest.split("\u{1b}\\").next().unwrap_or(rest).to_owned())
        .collect()
}

/// The reader of a message holding `text`, in a terminal with `extra` variables.
fn reader_output(text: &str, extra: &[(&str, &std::ffi::OsStr)], expect: &str) -> Vec<u8> {
    let inbox = Inbox::start();
    let chat = inbox.listed(None, false).remove(0);
    inbox.server.inject_inbound(&chat.id, text);
    let mut ui = inbox.open_with(&[], extra);
    open_chat(&mut ui, &inbox, &chat);
    ui.wait_for("the message in the thread", |s| {
        thread_pane(s).contains("Links here")
    });
    ui.send("v");
    // The columns are where they always are: the vt100 screen reads the list as without links.
    ui.wait_for("the numbered links", |s| s.contains(expect));
    ui.send("\t");
    ui.wait_for_text(">2. ");
    ui.raw_output()
}

#[test]
fn links_are_osc8_hyperlinks_when_on_and_never_when_off() {
    let text = "Links here: https://shop.example/o/4471 and www.parcels.example/t/88";
    let on = reader_output(
        text,
        &[("UNIBOX_HYPERLINKS", "on".as_ref())],
        "1. https://shop.example/o/4471",
    );
    let targets = hyperlink_targets(&on);
    assert!(
        targets.iter().any(|t| t == "https://shop.example/o/4471"),
        "{targets:?}"
    );
    assert!(
        targets
            .iter()
            .any(|t| t == "https://www.parcels.example/t/88"),
        "{targets:?}"
    );

    // Off by the setting, even in a terminal known to draw them; and off by default in one
    // that is not known to.
    for extra in [
        vec![
            ("UNIBOX_HYPERLINKS", "off".as_ref()),
            ("VTE_VERSION", "7600".as_ref()),
        ],
        vec![],
    ] {
        let off = reader_output(text, &extra, "1. https://shop.example/o/4471");
        assert!(hyperlink_targets(&off).is_empty(), "{extra:?}");
    }
}

#[test]
fn a_hostile_link_never_yields_a_raw_escape_in_a_hyperlink() {
    let text = "Links here: https://evil.example/\u{1b}]8;;file:///etc/passwd\u{7}x \
                https://b.example/\u{9c}\u{7}y javascript:alert(1)";
    let raw = reader_output(
        text,
        &[("UNIBOX_HYPERLINKS", "on".as_ref())],
        "1. https://evil.example/",
    );
    let targets = hyperlink_targets(&raw);
    assert!(!targets.is_empty(), "the links are still linked, made safe");
    for target in &targets {
        let safe = target.is_empty()
            || ((target.starts_with("https://") || target.starts_with("http://"))
                && target.bytes().all(|b| (0x21..=0x7e).contains(&b)));
        assert!(safe, "{target:?} in {targets:?}");
        assert!(
            !target.contains("file:///etc") || target.contains("%1B"),
            "{target:?}"
        );
    }
}
