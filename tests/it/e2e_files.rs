//! Attachments saved and opened as a user does it, against the sandbox's request log and the
//! files on disk: one download per attachment at a time, names that cannot disguise
//! themselves, nothing written through a planted link.

use crate::e2e_support;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use e2e_support::screen::status_bar;
use e2e_support::{Inbox, Pty, open_chat};
use unibox_sandbox::{ChatRecord, RequestRecord};

/// Bytes no generated attachment has.
fn contents(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 253) as u8).collect()
}

/// A file from Marie arrives.
fn inbox_with_a_file(file_name: Option<&str>, mimetype: &str, bytes: &[u8]) -> (Inbox, ChatRecord) {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    inbox
        .server
        .inject_inbound_file(&chat.id, file_name, mimetype, bytes)
        .expect("the file arrives");
    (inbox, chat)
}

/// The inbox with `extra` variables, opened on `chat` with its newest message (the file)
/// selected. Chats are not marked read on opening: the thread reload that follows the mark
/// would drop a key pressed meanwhile.
fn open_on_file(inbox: &Inbox, chat: &ChatRecord, extra: &[(&str, &std::ffi::OsStr)]) -> Pty {
    let mut env = vec![("UNIBOX_MARK_READ_ON_OPEN", std::ffi::OsStr::new("false"))];
    env.extend_from_slice(extra);
    let mut ui = inbox.open_with(&[], &env);
    open_chat(&mut ui, inbox, chat);
    ui.wait_for("the file selected", |s| s.contains("▌ 📎"));
    ui
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
    let mut ui = open_on_file(&inbox, &chat, &[]);
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
    let mut ui = open_on_file(&inbox, &chat, &[]);
    ui.send("o");
    let screen = saved(&ui);
    assert!(status_bar(&screen).contains("invoice_fdp.exe"), "{screen}");
    assert_eq!(files_named(&inbox.home_dir(), "invoice_fdp.exe").len(), 1);
    assert!(files_named(&inbox.home_dir(), "invoice\u{202E}fdp.exe").is_empty());
}

/// A script that writes its arguments, one a line, to `record` once it runs.
fn recording_program(folder: &Path, name: &str, record: &Path) -> PathBuf {
    let script = folder.join(name);
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
fn saving_again_reuses_the_file_and_a_photo_gets_its_extension() {
    let bytes = contents(5_000);
    let (inbox, chat) = inbox_with_a_file(None, "image/jpeg", &bytes);
    let folder = inbox.home_dir().join("Shop files");
    let mut ui = open_on_file(
        &inbox,
        &chat,
        &[("UNIBOX_DOWNLOAD_DIR", folder.as_os_str())],
    );

    ui.send("o");
    let first = saved(&ui);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .expect("the folder was created")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with(".jpg"), "{names:?}");
    assert!(status_bar(&first).contains(&names[0]), "{first}");
    assert_eq!(std::fs::metadata(&folder).unwrap().mode() & 0o777, 0o700);

    ui.send("o");
    ui.wait_for("the file found again", |s| {
        status_bar(s).contains("already saved")
    });
    assert_eq!(downloads(&inbox.requests()), 1, "downloaded twice");
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        1,
        "a copy was written"
    );

    // A file that is gone (or changed) is downloaded again, under its own name.
    std::fs::remove_file(folder.join(&names[0])).unwrap();
    ui.send("o");
    ui.wait_for("the file saved again", |s| {
        status_bar(s).contains("saved to") && !status_bar(s).contains("already")
    });
    assert_eq!(downloads(&inbox.requests()), 2);
    assert_eq!(std::fs::read(folder.join(&names[0])).unwrap(), bytes);
}

#[test]
fn a_link_planted_in_the_download_folder_is_not_written_through() {
    let (inbox, chat) = inbox_with_a_file(Some("invoice.pdf"), "application/pdf", &contents(900));
    let folder = inbox.folder("downloads");
    let elsewhere = inbox.folder("elsewhere");
    // A link to where nothing is yet: a name that looks free to a check that follows links.
    let planted = elsewhere.join("planted.txt");
    std::os::unix::fs::symlink(&planted, folder.join("invoice.pdf")).unwrap();
    // A link to a file of the user's.
    let victim = elsewhere.join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    std::os::unix::fs::symlink(&victim, folder.join("invoice (1).pdf")).unwrap();
    let mut ui = open_on_file(
        &inbox,
        &chat,
        &[("UNIBOX_DOWNLOAD_DIR", folder.as_os_str())],
    );

    ui.send("o");
    let screen = saved(&ui);
    assert!(status_bar(&screen).contains("invoice (2).pdf"), "{screen}");
    assert!(
        !planted.exists(),
        "the bytes went through the dangling link"
    );
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(
        std::fs::read(folder.join("invoice (2).pdf")).unwrap(),
        contents(900)
    );
}

#[test]
fn the_second_key_opens_the_saved_file_with_the_opener_or_says_there_is_none() {
    let (inbox, chat) = inbox_with_a_file(Some("menu.pdf"), "application/pdf", &contents(700));
    let folder = inbox.folder("downloads");
    let tools = inbox.folder("tools");
    let record = tools.join("opened");
    let opener = recording_program(&tools, "fake-open", &record);
    let mut ui = open_on_file(
        &inbox,
        &chat,
        &[
            ("UNIBOX_DOWNLOAD_DIR", folder.as_os_str()),
            ("UNIBOX_OPENER", opener.as_os_str()),
        ],
    );
    ui.send("\u{f}");
    ui.wait_for("the file handed to the opener", |s| {
        status_bar(s).contains("opening")
    });
    inbox.wait_until("the opener to run", || record.exists().then_some(()));
    assert_eq!(
        std::fs::read_to_string(&record).unwrap(),
        format!("{}\n", folder.join("menu.pdf").display())
    );
    ui.send("q");
    ui.wait_exit();

    let missing = tools.join("no-such-opener");
    let mut ui = open_on_file(
        &inbox,
        &chat,
        &[
            ("UNIBOX_DOWNLOAD_DIR", folder.as_os_str()),
            ("UNIBOX_OPENER", missing.as_os_str()),
        ],
    );
    ui.send("\u{f}");
    ui.wait_for("the missing opener said in words", |s| {
        status_bar(s).contains("no program to open files")
    });
    assert_eq!(downloads(&inbox.requests()), 1, "the saved file was reused");
}

#[test]
fn a_download_cut_halfway_leaves_no_file() {
    let (inbox, chat) =
        inbox_with_a_file(Some("catalogue.pdf"), "application/pdf", &contents(400_000));
    let folder = inbox.folder("downloads");
    let mut ui = open_on_file(
        &inbox,
        &chat,
        &[("UNIBOX_DOWNLOAD_DIR", folder.as_os_str())],
    );
    // The next answer sends its headers and half its body, then the connection breaks.
    inbox.set_faults(|f| f.resets = 1);
    ui.send("o");
    ui.wait_for("the failure said", |s| {
        status_bar(s).contains("could not be saved")
    });
    let left: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // Asked again, it downloads whole.
    ui.send("o");
    saved(&ui);
    assert_eq!(
        std::fs::read(folder.join("catalogue.pdf")).unwrap(),
        contents(400_000)
    );
}

#[test]
fn a_name_too_long_in_bytes_is_cut_keeping_its_extension() {
    let long = format!("{}.pdf", "é".repeat(200));
    let (inbox, chat) = inbox_with_a_file(Some(&long), "application/pdf", &contents(800));
    let folder = inbox.folder("downloads");
    let mut ui = open_on_file(
        &inbox,
        &chat,
        &[("UNIBOX_DOWNLOAD_DIR", folder.as_os_str())],
    );
    ui.send("o");
    saved(&ui);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().expect("a UTF-8 name"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let name = &names[0];
    assert!(name.len() <= 255, "{} bytes", name.len());
    assert!(name.ends_with(".pdf"), "{name}");
    assert!(
        name.trim_end_matches(".pdf").chars().all(|c| c == 'é'),
        "{name}"
    );
    assert_eq!(std::fs::read(folder.join(name)).unwrap(), contents(800));
}
