//! What unibox writes is for the user alone, whatever the shell's umask: the cache (and its
//! WAL and SHM, and the drafts in it), the log, their folders, and `--demo`'s folder, which a
//! killed demo does not leave behind for long. The demo's sandbox takes a key of its own.

use crate::e2e_support;

use std::ffi::{OsStr, OsString};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use e2e_support::keys::ESC;
use e2e_support::screen::synced;
use e2e_support::{Inbox, Pty, SIZE, open_chat};
use unibox_sandbox::DEMO_API_KEY;

/// Runs the program under `umask 022`, the usual shell default that makes files 0644.
const UNDER_UMASK_022: &str = "umask 022; exec \"$0\" \"$@\"";

fn sh_args(args: &[OsString]) -> Vec<OsString> {
    let mut all: Vec<OsString> = vec![
        "-c".into(),
        UNDER_UMASK_022.into(),
        env!("CARGO_BIN_EXE_unibox").into(),
    ];
    all.extend(args.iter().cloned());
    all
}

fn spawn_under_umask(inbox: &Inbox, args: Vec<OsString>, extra: &[(&str, &Path)]) -> Pty {
    let args = sh_args(&args);
    let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    let mut env = inbox.env();
    env.extend(
        extra
            .iter()
            .map(|(name, value)| (OsString::from(name), value.as_os_str().to_owned())),
    );
    Pty::spawn(OsStr::new("sh"), &args, env, SIZE)
}

/// Every file and folder under `root` (not `root` itself) with a permission for group or
/// others.
fn open_to_others(root: &Path) -> Vec<(PathBuf, u32)> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read a folder") {
            let path = entry.expect("an entry").path();
            let metadata = std::fs::symlink_metadata(&path).expect("its metadata");
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                found.push((path.clone(), mode));
            }
            if metadata.is_dir() {
                pending.push(path);
            }
        }
    }
    found
}

fn count_files(root: &Path) -> usize {
    walkdir(root).len()
}

fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path.clone());
            }
            all.push(path);
        }
    }
    all
}

#[test]
fn a_sync_and_a_session_under_umask_022_leave_nothing_readable_by_others() {
    let inbox = Inbox::start();
    let sync = std::process::Command::new("sh")
        .args(sh_args(&inbox.args(&["sync"])))
        .env_clear()
        .envs(inbox.env())
        .output()
        .expect("unibox sync runs");
    assert!(sync.status.success(), "{sync:?}");

    let mut ui = spawn_under_umask(&inbox, inbox.args(&[]), &[]);
    ui.wait_for("the first sync", synced);
    let chat = inbox.chat_named("Marie Dubois");
    open_chat(&mut ui, &inbox, &chat);
    ui.send("r");
    ui.wait_for_text("Reply to Marie Dubois");
    ui.send("a draft kept in the cache");
    ui.send(ESC);
    ui.wait_for_gone("Reply to Marie Dubois");
    inbox.wait_for_saved_draft(&chat.id, "a draft kept in the cache");
    ui.send("q");
    ui.wait_exit();

    let created = walkdir(inbox.root());
    assert!(
        created.iter().any(|p| p.ends_with("cache.sqlite3"))
            && created.iter().any(|p| p.ends_with("unibox.log")),
        "{created:?}"
    );
    assert_eq!(open_to_others(inbox.root()), vec![]);
}

/// The sandbox's URL, from the demo's log line "demo sandbox started url=…".
fn demo_url(log: &Path) -> String {
    let text = std::fs::read_to_string(log).expect("the log");
    let line = text
        .lines()
        .rev()
        .find(|line| line.contains("demo sandbox started"))
        .expect("the demo's start in the log");
    let start = line.find("url=").expect("its url") + 4;
    line[start..]
        .split_whitespace()
        .next()
        .expect("the url")
        .to_owned()
}

fn demo_folders(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .expect("the temporary folder")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("unibox-demo-"))
        })
        .collect()
}

#[test]
fn the_demo_is_private_keyed_per_run_and_a_killed_one_is_cleaned_up() {
    let inbox = Inbox::start();
    let tmp = tempfile::tempdir().expect("a temporary folder for the demo");
    let log = inbox.root().join("state/unibox/unibox.log");
    let mut demo = spawn_under_umask(&inbox, vec!["--demo".into()], &[("TMPDIR", tmp.path())]);
    demo.wait_for("the demo's first sync", synced);
    let folders = demo_folders(tmp.path());
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(
        count_files(&folders[0]) >= 2,
        "the cache is in the demo folder"
    );
    assert_eq!(open_to_others(tmp.path()), vec![]);
    assert_eq!(open_to_others(inbox.root()), vec![]);
    let mode = std::fs::metadata(&folders[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);

    // The well-known key opens nothing.
    let url = demo_url(&log);
    let status = inbox.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}/api/v1/accounts"))
            .header("X-API-KEY", DEMO_API_KEY)
            .send()
            .await
            .expect("the demo's sandbox answers")
            .status()
    });
    assert_eq!(status.as_u16(), 401, "the demo accepted {DEMO_API_KEY}");

    // Killed, it leaves its folder; the next demo removes it, then its own on the way out.
    demo.kill_hard();
    assert_eq!(demo_folders(tmp.path()), folders);
    let mut next = spawn_under_umask(&inbox, vec!["--demo".into()], &[("TMPDIR", tmp.path())]);
    next.wait_for("the next demo's first sync", synced);
    let now = demo_folders(tmp.path());
    assert_eq!(now.len(), 1, "{now:?}");
    assert_ne!(now, folders, "the killed demo's folder is still there");
    assert_ne!(demo_url(&log), url, "same url, same sandbox?");
    next.send("q");
    next.wait_exit();
    assert_eq!(demo_folders(tmp.path()), Vec::<PathBuf>::new());
}

#[test]
fn a_cache_other_users_can_read_is_reported_on_the_command_line_and_in_the_inbox() {
    let inbox = Inbox::start();
    assert!(inbox.run(&["sync"]).status.success());
    std::fs::set_permissions(inbox.cache(), std::fs::Permissions::from_mode(0o644))
        .expect("open the cache to others");

    let chats = inbox.run(&["chats"]);
    assert!(chats.status.success(), "{chats:?}");
    let stderr = String::from_utf8_lossy(&chats.stderr);
    let expected = format!(
        "unibox: warning: other users can read the cache (mode 0644): run `chmod 600 {}`",
        inbox.cache().display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");

    let ui = inbox.launch(&[]);
    ui.wait_for("the warning in the status bar", |screen| {
        e2e_support::screen::status_bar(screen).contains("other users can read the cache")
    });
}
