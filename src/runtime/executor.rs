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

use super::Incoming;
use super::attachment::check_attachment;
use super::download;
use super::reads::CacheRead;
use super::submit;
use crate::app::action::{Action, Loaded, Notice};
use crate::app::effect::Effect;
use crate::app::outbound::FileLimit;

/// What only the loop can do, because it owns the terminal.
#[derive(Debug)]
pub enum TerminalEffect {
    Copy(String),
    OpenEditor(String),
    Bell,
    Notify { title: String, body: String },
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
    /// What a leading `~` stands for in a typed path.
    pub(super) home: Option<PathBuf>,
    /// The program that opens a saved file.
    pub(super) opener: String,
    pub(super) clipboard: Option<LocalTool>,
}

impl Executor {
    pub fn run(&self, effect: Effect) -> Option<TerminalEffect> {
        match effect {
            effect @ (Effect::LoadAccounts
            | Effect::LoadChats { .. }
            | Effect::FindUnreadChat { .. }
            | Effect::LoadThread { .. }
            | Effect::LoadOlder { .. }
            | Effect::LoadNewer { .. }
            | Effect::LoadKnownAttendees { .. }
            | Effect::SearchMessages { .. }
            | Effect::LoadThreadAt { .. }
            | Effect::LoadUnsent { .. }) => {
                if let Effect::SearchMessages { request, .. } = &effect {
                    // Before it is queued: an older search still queued or running gives way.
                    self.store.search_gate().supersede(request.0);
                }
                if let Ok(read) = CacheRead::of(effect) {
                    self.load(read);
                }
            }
            Effect::CheckFile { path, limit } => self.check_file(path, limit),
            Effect::OpenUrl(url) => {
                let notice = match crate::files::open_detached(&self.opener, &url) {
                    Ok(()) => Notice::info(format!("opening {url} with {}", self.opener)),
                    Err(error) => Notice::error(format!("the link was not opened: {error}")),
                };
                let _ = self.actions.send(Incoming::Action(Action::Notice(notice)));
            }
            Effect::CompletePath(typed) => self.complete_path(typed),
            Effect::FetchHistory(chat) => self.with_sync(|sync| sync.fetch_older(chat)),
            Effect::ChatOpened(chat) => self.with_sync(|sync| sync.chat_opened(chat)),
            Effect::RefreshNow => self.with_sync(SyncHandle::refresh),
            Effect::SaveDraft(draft) => self.save_draft(draft),
            Effect::Submit(outbound) => self.submit(*outbound),
            Effect::Reconcile => submit::reconcile(self.store.clone(), self.actions.clone()),
            Effect::DismissOutbox(id) => {
                submit::settle_by_user(self.store.clone(), self.actions.clone(), id, false);
            }
            Effect::MarkOutboxSent(id) => {
                submit::settle_by_user(self.store.clone(), self.actions.clone(), id, true);
            }
            Effect::MarkRead { account, chat } => self.mark_read(account, chat),
            Effect::RequestReconnectLink(account) => self.reconnect_link(account),
            Effect::LoadTemplates { account } => self.load_templates(account),
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
            Effect::Notify { title, body } => return Some(TerminalEffect::Notify { title, body }),
            Effect::Suspend => return Some(TerminalEffect::Suspend),
            Effect::Quit => return Some(TerminalEffect::Quit),
        }
        None
    }

    /// Sends a confirmed action, through the writer only: read-only mode has none.
    fn submit(&self, outbound: crate::app::outbound::Outbound) {
        let Some(writer) = self.writer.clone() else {
            // Read-only mode has no writer: nothing can be sent, whatever asked for it.
            tracing::error!("a write was asked for in read-only mode; nothing was sent");
            self.send(Action::Notice(Notice::error(
                "read-only mode: nothing was sent",
            )));
            return;
        };
        submit::spawn(
            submit::Context {
                store: self.store.clone(),
                reader: self.reader.clone(),
                writer,
                sync: self.sync.clone(),
                actions: self.actions.clone(),
            },
            outbound,
        );
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
        let path = crate::files::expand_home(&path, self.home.as_deref());
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
        let home = self.home.clone();
        tokio::task::spawn_blocking(move || {
            let (completed, candidates) = complete(&typed, home.as_deref());
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

    /// Templates are read from the provider (a read: allowed in read-only mode too).
    fn load_templates(&self, account: AccountId) {
        let reader = self.reader.clone();
        let actions = self.actions.clone();
        tokio::spawn(async move {
            let templates = reader
                .list_templates(&account)
                .await
                .map(|page| page.items)
                .map_err(|error| error.to_string());
            if let Err(error) = &templates {
                tracing::warn!(%account, %error, "no templates");
            }
            let _ = actions.send(Incoming::Action(Action::Templates { account, templates }));
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

/// Completes the last component of a typed path: the longest common extension, and the
/// matching names (folders with a trailing `/`).
fn complete(typed: &str, home: Option<&Path>) -> (String, Vec<String>) {
    let (folder, prefix) = match typed.rfind('/') {
        Some(slash) => (&typed[..=slash], &typed[slash + 1..]),
        None => ("", typed),
    };
    let listing = if folder.is_empty() {
        PathBuf::from(".")
    } else {
        crate::files::expand_home(Path::new(folder), home)
    };
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
    fn completion_extends_to_the_common_prefix() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["invoice-march.pdf", "invoice-may.pdf", "photo.jpg"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("scans")).unwrap();
        let base = format!("{}/", dir.path().display());
        let (completed, names) = complete(&format!("{base}inv"), None);
        assert_eq!(completed, format!("{base}invoice-ma"));
        assert_eq!(names, ["invoice-march.pdf", "invoice-may.pdf"]);
        let (completed, names) = complete(&format!("{base}sc"), None);
        assert_eq!(completed, format!("{base}scans/"));
        assert_eq!(names, ["scans/"]);
        let (completed, names) = complete(&format!("{base}zzz"), None);
        assert_eq!(completed, format!("{base}zzz"));
        assert!(names.is_empty());
        let (completed, names) = complete("~/sc", Some(dir.path()));
        assert_eq!(
            completed, "~/scans/",
            "a path under ~ is listed in the home directory and stays written with ~"
        );
        assert_eq!(names, ["scans/"]);
    }
}
