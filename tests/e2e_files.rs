//! Attachments saved and opened as a user does it, against the sandbox's request log and the
//! files on disk: one download per attachment at a time, names that cannot disguise
//! themselves, nothing written through a planted link.

mod e2e_support;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use e2e_support::screen::status_bar;
use e2e_support::{Inbox, Pty, open_chat};
use unibox::sandbox::{ChatRecord, RequestRecord};

/// Bytes no generated attachment has.
fn contents(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 253) as u8).collect()
}

/// A file from Marie arrives, then the inbox opens on her chat with the file selected.
fn inbox_with_a_file(file_name: Option<&str>, mimetype: &str, bytes: &[u8]) -> (Inbox, ChatRecord) {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    inbox
        .server
        .inject_inbound_file(&chat.id, file_name, mimetype, bytes)
        .expect("the file arrives");
    (inbox, chat)
}

fn downloads(requests: &[RequestRecord]) -> usize {
    requests
        .iter()
        .filter(|r| r.path.contains("/attachments/"))
        .count()
}

/// Every file called `name` under `root`.
fn files_named(root: &Path, name: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read a folder").flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                folders.push(path);
            } else if entry.file_name().to_str() == Some(name) {
                found.push(path);
            }
        }
    }
    found
}

fn saved(ui: &Pty) -> String {
    ui.wait_for("the attachment saved", |s| {
        status_bar(s).contains("saved to")
    })
}

#[test]
fn pressing_o_again_while_a_download_runs_makes_no_second_request() {
    let bytes = contents(300_000);
    let (inbox, chat) = inbox_with_a_file(Some("devis.pdf"), "application/pdf", &bytes);
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    assert_eq!(downloads(&inbox.requests()), 0);

    // Every answer now takes long enough for the second key to find the first at work.
    inbox.set_faults(|f| f.latency_ms = 3_000);
    ui.send("o");
    ui.wait_for("the download to start", |s| {
        status_bar(s).contains("downloading devis.pdf")
    });
    ui.send("o");
    ui.wait_for("the second key's answer", |s| {
        status_bar(s).contains("already downloading devis.pdf")
    });
    saved(&ui);
    inbox.set_faults(|f| f.latency_ms = 0);

    assert_eq!(downloads(&inbox.requests()), 1, "a second request was made");
    let on_disk = files_named(&inbox.home_dir(), "devis.pdf");
    assert_eq!(on_disk.len(), 1, "{on_disk:?}");
    assert_eq!(std::fs::read(&on_disk[0]).unwrap(), bytes);
    assert_eq!(
        std::fs::metadata(&on_disk[0]).unwrap().mode() & 0o777,
        0o600
    );
    let folder = on_disk[0].parent().unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|name| name != "devis.pdf")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_name_with_a_bidi_override_is_saved_as_it_reads() {
    let (inbox, chat) = inbox_with_a_file(
        Some("invoice\u{202E}fdp.exe"),
        "application/octet-stream",
        &contents(1_000),
    );
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    ui.send("o");
    let screen = saved(&ui);
    assert!(status_bar(&screen).contains("invoice_fdp.exe"), "{screen}");
    assert_eq!(files_named(&inbox.home_dir(), "invoice_fdp.exe").len(), 1);
    assert!(files_named(&inbox.home_dir(), "invoice\u{202E}fdp.exe").is_empty());
}
