//! Runs effects: store reads and writes, provider calls and sync requests each in a task of
//! their own, answering with actions. Effects that need the terminal are handed back to the
//! loop, which owns it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use crate::clipboard::LocalTool;
use crate::domain::{AccountId, ChatId};
use crate::provider::{ProviderRead, ProviderWrite};
use crate::store::{Draft, Store};
use crate::sync::{CacheChange, SyncEvent, SyncHandle};

use super::super::action::{Action, Loaded, Notice};
use super::super::effect::Effect;
use super::super::outbound::{FileLimit, FileSpec};
use super::Incoming;
use super::download;
use super::reads::CacheRead;
use super::submit;

/// What only the loop can do, because it owns the terminal.
#[derive(Debug)]
pub enum TerminalEffect {
    Copy(String),
    OpenEditor(String),
    Bell,
    Suspend,
    Quit,
}

pub struct Executor {
    pub(super) store: Store,
    pub(super) reader: Arc<dyn ProviderRead>,
    /// `None` in read-only mode: there is no object that could send.
    pub(super) writer: Option<Arc<dyn ProviderWrite>>,
    pub(super) sync: Option<SyncHandle>,
    pub(super) actions: UnboundedSender<Incoming>,
    pub(super) downloads: PathBuf,
    /// The program that opens a saved file.
    pub(super) opener: String,
    pub(super) clipboard: Option<LocalTool>,
}

impl Executor {
    pub fn run(&self, effect: Effect) -> Option<TerminalEffect> {
        match effect {
            effect @ (Effect::LoadAccounts
            | Effect::LoadChats { .. }
            | Effect::LoadThread { .. }
            | Effect::LoadOlder { .. }
            | Effect::LoadNewer { .. }
            | Effect::LoadKnownAttendees { .. }
            | Effect::SearchMessages { .. }
            | Effect::LoadThreadAt { .. }
            | Effect::LoadUnsent { .. }) => {
                if let Ok(read) = CacheRead::of(effect) {
                    self.load(read);
                }
            }
            Effect::CheckFile { path, limit } => self.check_file(path, limit),
            Effect::CompletePath(typed) => self.complete_path(typed),
            Effect::FetchHistory(chat) => self.with_sync(|sync| sync.fetch_older(chat)),
            Effect::ChatOpened(chat) => self.with_sync(|sync| sync.chat_opened(chat)),
            Effect::RefreshNow => self.with_sync(SyncHandle::refresh),
            Effect::SaveDraft(draft) => self.save_draft(draft),
            Effect::Submit(outbound) => submit::spawn(self, *outbound),
            Effect::Reconcile => submit::reconcile(self),
            Effect::DismissOutbox(id) => submit::settle_by_user(self, id, false),
            Effect::MarkOutboxSent(id) => submit::settle_by_user(self, id, true),
            Effect::MarkRead { account, chat } => self.mark_read(account, chat),
            Effect::RequestReconnectLink(account) => self.reconnect_link(account),
            Effect::SaveAttachment {
                message,
                attachment,
                file_name,
                mimetype,
                open,
            } => self.save_attachment(
                download::Wanted {
                    message,
                    attachment,
                    file_name,
                    mimetype,
                },
                open,
            ),
            Effect::Copy(text) => {
                self.copy_locally(&text);
                return Some(TerminalEffect::Copy(text));
            }
            Effect::OpenEditor(text) => return Some(TerminalEffect::OpenEditor(text)),
            Effect::Bell => return Some(TerminalEffect::Bell),
            Effect::Suspend => return Some(TerminalEffect::Suspend),
            Effect::Quit => return Some(TerminalEffect::Quit),
        }
        None
    }

    pub(super) fn send(&self, action: Action) {
        // The loop is gone only while the program exits: nothing is left to tell.
        let _ = self.actions.send(Incoming::Action(action));
    }

    fn with_sync(&self, request: impl FnOnce(&SyncHandle)) {
        if let Some(sync) = &self.sync {
            request(sync);
        }
    }

    /// Reads from the store in a task and answers with what was loaded, or with the failure.
    fn load(&self, read: CacheRead) {
        let store = self.store.clone();
        let actions = self.actions.clone();
        let what = read.what;
        tokio::spawn(async move {
            let loaded = match store.call(move |db| Ok(read.run(db))).await {
                Ok(loaded) => loaded,
                Err(error) => Loaded::Failed {
                    what,
                    message: error.to_string(),
                },
            };
            let _ = actions.send(Incoming::Action(Action::Loaded(Box::new(loaded))));
        });
    }

    fn check_file(&self, path: PathBuf, limit: FileLimit) {
        let actions = self.actions.clone();
        tokio::spawn(async move {
            let checked = check_attachment(&path, &limit).await;
            let _ = actions.send(Incoming::Action(Action::Loaded(Box::new(Loaded::File(
                checked,
            )))));
        });
    }

    fn complete_path(&self, typed: String) {
        let actions = self.actions.clone();
        tokio::task::spawn_blocking(move || {
            let (completed, candidates) = complete(&typed);
            let _ = actions.send(Incoming::Action(Action::Loaded(Box::new(
                Loaded::Completions {
                    typed,
                    completed,
                    candidates,
                },
            ))));
        });
    }

    fn save_draft(&self, draft: Draft) {
        let store = self.store.clone();
        let actions = self.actions.clone();
        tokio::spawn(async move {
            if let Err(error) = store.call(move |db| db.put_draft(&draft)).await {
                let _ = actions.send(Incoming::Action(Action::Failed(format!(
                    "the draft could not be saved: {error}"
                ))));
            }
        });
    }

    /// Asks once for a hosted sign-in link for `account`, valid for an hour: a write, so never
    /// retried, and impossible without a writer.
    fn reconnect_link(&self, account: AccountId) {
        let Some(writer) = self.writer.clone() else {
            tracing::error!("a reconnection link asked for without a writer; ignored");
            return;
        };
        let actions = self.actions.clone();
        tokio::spawn(async move {
            tracing::info!(%account, "asking for a reconnection link");
            let expires_on = chrono::Utc::now() + chrono::TimeDelta::hours(1);
            let link = writer
                .reconnect_link(&account, expires_on)
                .await
                .map_err(|error| error.to_string());
            if let Err(error) = &link {
                tracing::warn!(%account, %error, "no reconnection link");
            }
            let _ = actions.send(Incoming::Action(Action::ReconnectLink { account, link }));
        });
    }

    fn mark_read(&self, account: AccountId, chat: ChatId) {
        let Some(writer) = self.writer.clone() else {
            tracing::error!("mark-read asked for without a writer; ignored");
            return;
        };
        let store = self.store.clone();
        let actions = self.actions.clone();
        tokio::spawn(async move {
            tracing::debug!(%account, %chat, "marking read");
            let outcome = match writer.mark_read(&chat).await {
                Ok(()) => {
                    let read_chat = chat.clone();
                    store
                        .call(move |db| {
                            db.audit_mark_read(&account, &read_chat, None)?;
                            let Some(item) = db.chat(&read_chat)? else {
                                return Ok(());
                            };
                            let mut read = item.chat;
                            read.unread_count = 0;
                            db.upsert_chats(&[read]).map(drop)
                        })
                        .await
                        .map_err(|e| e.to_string())
                }
                Err(error) => {
                    let error = error.to_string();
                    let (failed_chat, reason) = (chat.clone(), error.clone());
                    if let Err(audit) = store
                        .call(move |db| db.audit_mark_read(&account, &failed_chat, Some(&reason)))
                        .await
                    {
                        tracing::warn!(%audit, "the audit log missed a failed mark-read");
                    }
                    Err(error)
                }
            };
            let action = match outcome {
                Ok(()) => Action::Sync(SyncEvent::Changed(CacheChange {
                    accounts: true,
                    chats: vec![chat],
                    inbound: 0,
                })),
                Err(error) => Action::Notice(Notice::error(format!(
                    "could not mark the chat read: {error}"
                ))),
            };
            let _ = actions.send(Incoming::Action(action));
        });
    }

    /// The terminal gets the text through OSC 52 in any case; a local clipboard tool, where
    /// there is one, gets it too. Only the tool's success is worth "copied".
    fn copy_locally(&self, text: &str) {
        // Without a tool the reducer has said it all.
        let Some(tool) = self.clipboard else {
            return;
        };
        let actions = self.actions.clone();
        let text = crate::text::sanitize_block(text).into_owned();
        tokio::spawn(async move {
            let notice = match crate::clipboard::copy(tool, &text).await {
                Ok(()) => Notice::info(crate::clipboard::COPIED),
                Err(error) => {
                    Notice::error(format!("{}; {error}", crate::clipboard::SENT_TO_TERMINAL))
                }
            };
            let _ = actions.send(Incoming::Action(Action::Notice(notice)));
        });
    }

    fn save_attachment(&self, wanted: download::Wanted, open: bool) {
        let store = self.store.clone();
        let reader = self.reader.clone();
        let actions = self.actions.clone();
        let folder = self.downloads.clone();
        let opener = self.opener.clone();
        tokio::spawn(async move {
            let attachment = wanted.attachment.clone();
            let saved = download::save_or_reuse(&store, reader.as_ref(), wanted, &folder).await;
            let notice = match saved {
                Ok(saved) if open => opened(&opener, &saved.path),
                Ok(saved) if saved.reused => {
                    Notice::info(format!("already saved: {}", saved.path.display()))
                }
                Ok(saved) => Notice::info(format!("saved to {}", saved.path.display())),
                Err(error) => Notice::error(format!("the attachment could not be saved: {error}")),
            };
            let _ = actions.send(Incoming::Action(Action::Downloaded { attachment, notice }));
        });
    }
}

/// Hands the saved file to the opener and says what happened.
fn opened(opener: &str, path: &Path) -> Notice {
    match crate::files::open_detached(opener, path) {
        Ok(()) => Notice::info(format!("opening {} with {opener}", path.display())),
        Err(error) => Notice::error(format!("saved to {}, but {error}", path.display())),
    }
}

/// Checks a file chosen for sending: it exists, is a regular file, and is within the limit.
pub(super) async fn check_attachment(path: &Path, limit: &FileLimit) -> Result<FileSpec, String> {
    let shown = crate::text::sanitize_line(&path.display().to_string()).into_owned();
    let metadata = tokio::fs::metadata(path)
        .await
        .map_err(|e| format!("{shown}: {}", plain_io_error(&e)))?;
    if !metadata.is_file() {
        return Err(format!("{shown} is not a file"));
    }
    if metadata.len() > limit.max_bytes {
        return Err(format!(
            "{shown} is {}; {} accepts files up to {}",
            human_size(metadata.len()),
            limit.channel,
            human_size(limit.max_bytes)
        ));
    }
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    Ok(FileSpec {
        path: path.to_path_buf(),
        name,
        size: metadata.len(),
    })
}

fn plain_io_error(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file",
        std::io::ErrorKind::PermissionDenied => "permission denied",
        _ => "cannot be read",
    }
}

/// `1.2 MiB`, `640 KiB`, `12 B`.
pub fn human_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KIB * KIB {
        format!("{:.1} MiB", b / KIB / KIB)
    } else if b >= KIB {
        format!("{:.0} KiB", b / KIB)
    } else {
        format!("{bytes} B")
    }
}

/// Completes the last component of a typed path: the longest common extension, and the
/// matching names (folders with a trailing `/`).
fn complete(typed: &str) -> (String, Vec<String>) {
    let expanded = match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => format!("{}/{rest}", home.to_string_lossy()),
        _ => typed.to_owned(),
    };
    let (folder, prefix) = match expanded.rfind('/') {
        Some(slash) => (&expanded[..=slash], &expanded[slash + 1..]),
        None => ("", expanded.as_str()),
    };
    let listing = if folder.is_empty() { "." } else { folder };
    let Ok(entries) = std::fs::read_dir(listing) else {
        return (typed.to_owned(), Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let hidden = name.starts_with('.') && !prefix.starts_with('.');
            (name.starts_with(prefix) && !hidden).then(|| {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    format!("{name}/")
                } else {
                    name
                }
            })
        })
        .collect();
    names.sort();
    names.truncate(50);
    let Some(first) = names.first() else {
        return (typed.to_owned(), names);
    };
    let common = names.iter().fold(first.clone(), |common, name| {
        common
            .chars()
            .zip(name.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect()
    });
    let typed_folder = &typed[..typed.len() - prefix.len().min(typed.len())];
    (format!("{typed_folder}{common}"), names)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(12), "12 B");
        assert_eq!(human_size(640 * 1024), "640 KiB");
        assert_eq!(human_size(1_300_000), "1.2 MiB");
    }

    #[test]
    fn completion_extends_to_the_common_prefix() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["invoice-march.pdf", "invoice-may.pdf", "photo.jpg"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("scans")).unwrap();
        let base = format!("{}/", dir.path().display());
        let (completed, names) = complete(&format!("{base}inv"));
        assert_eq!(completed, format!("{base}invoice-ma"));
        assert_eq!(names, ["invoice-march.pdf", "invoice-may.pdf"]);
        let (completed, names) = complete(&format!("{base}sc"));
        assert_eq!(completed, format!("{base}scans/"));
        assert_eq!(names, ["scans/"]);
        let (completed, names) = complete(&format!("{base}zzz"));
        assert_eq!(completed, format!("{base}zzz"));
        assert!(names.is_empty());
    }

    #[tokio::test]
    async fn attachments_are_checked_before_the_confirmation() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("menu.pdf");
        std::fs::write(&file, vec![0u8; 2048]).unwrap();
        let limit = FileLimit::of(&crate::domain::policy::Policy::unipile_whatsapp());
        let spec = check_attachment(&file, &limit).await.unwrap();
        assert_eq!((spec.name.as_str(), spec.size), ("menu.pdf", 2048));
        let missing = check_attachment(&dir.path().join("nope.pdf"), &limit)
            .await
            .unwrap_err();
        assert!(missing.ends_with("no such file"), "{missing}");
        let folder = check_attachment(dir.path(), &limit).await.unwrap_err();
        assert!(folder.ends_with("is not a file"), "{folder}");
        let big = dir.path().join("big.bin");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(limit.max_bytes + 1)
            .unwrap();
        let too_big = check_attachment(&big, &limit).await.unwrap_err();
        assert!(too_big.contains("up to 25.0 MiB"), "{too_big}");
    }
}
