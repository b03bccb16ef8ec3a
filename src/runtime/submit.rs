//! A confirmed action, from the outbox to the provider and back. The order is what makes it
//! safe: the rules are checked again, the entry is committed durably, and only then is the
//! single request made; its outcome is recorded before anything else happens. Nothing here is
//! ever retried: a failed action needs a new confirmation, an unknown one is looked for first.

use std::sync::Arc;

use bytes::Bytes;
use chrono::Utc;

use crate::domain::policy::Policy;
use crate::domain::rules::{self, ReactionChange};
use crate::domain::{ChatId, MessageId};
use crate::provider::{
    IdempotencyKey, OutgoingFile, ProviderError, ProviderRead, ProviderWrite, SendMessage,
    SendOutcome, StartChat,
};
use crate::store::{
    NewOutboxEntry, OutboxAction, OutboxEntry, OutboxId, ServerIds, Store, took_effect,
};
use crate::sync::SyncHandle;

use super::Incoming;
use super::attachment::check_attachment;
use crate::app::action::{Action, Loaded, Notice};
use crate::app::allowed::{self, Facts};
use crate::app::outbound::{FileLimit, FileSpec, Outbound, OutboundKind};

/// What sending one action needs, handed over by the executor (which has a writer only when
/// unibox may write).
pub(super) struct Context {
    pub(super) store: Store,
    pub(super) reader: Arc<dyn ProviderRead>,
    pub(super) writer: Arc<dyn ProviderWrite>,
    pub(super) sync: Option<SyncHandle>,
    pub(super) actions: tokio::sync::mpsc::UnboundedSender<Incoming>,
}

impl Context {
    fn send(&self, action: Action) {
        let _ = self.actions.send(Incoming::Action(action));
    }

    async fn entries_of(&self, chat: Option<ChatId>) -> Vec<OutboxEntry> {
        let Some(chat) = chat else {
            return Vec::new();
        };
        self.store
            .call(move |db| db.outbox_for_chat(&chat))
            .await
            .unwrap_or_default()
    }

    async fn report(&self, chat: Option<ChatId>, notice: Notice) {
        let entries = self.entries_of(chat.clone()).await;
        self.send(Action::Outbox {
            chat,
            entries,
            notice: Some(notice),
        });
    }
}

/// How a confirmed action ended, for a caller that is not the interface (`unibox send`); the
/// interface is told through its actions as it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// Refused before any request (the rules, a file, the outbox): nothing left unibox.
    NotSent { reason: String },
    /// The server took it.
    Sent {
        entry: OutboxId,
        message_id: Option<MessageId>,
    },
    /// The server refused it: it did not take effect.
    Failed { entry: OutboxId, words: String },
    /// It may or may not have taken effect; the next sync looks for it.
    Unknown { entry: OutboxId, words: String },
}

pub(super) fn spawn(context: Context, outbound: Outbound) {
    tokio::spawn(async move { submit(context, outbound).await });
}

/// The path of every confirmed action: checked again, recorded, sent once, recorded.
pub(super) async fn submit(context: Context, outbound: Outbound) -> Submitted {
    let chat = outbound.chat.as_ref().map(|c| c.id.clone());
    let prepared = match prepare(&context, &outbound).await {
        Ok(prepared) => prepared,
        Err(reason) => {
            context
                .report(chat, Notice::error(format!("not sent: {reason}")))
                .await;
            return Submitted::NotSent { reason };
        }
    };
    let new_entry = prepared.entry.clone();
    let earlier = outbound.retry.as_ref().map(|retry| retry.id);
    // The durable record comes first: after a crash from here on, the next start finds the
    // entry and settles it instead of forgetting or repeating it. A retry replaces the entry
    // it retries, so that one cannot be sent a third time.
    let entry = match context
        .store
        .call(move |db| match earlier {
            Some(earlier) => db.outbox_push_again(earlier, &new_entry),
            None => db.outbox_push(&new_entry),
        })
        .await
    {
        Ok(entry) => entry,
        Err(error) => {
            let reason = format!("the outbox could not be written ({error})");
            context
                .report(chat, Notice::error(format!("not sent: {reason}")))
                .await;
            return Submitted::NotSent { reason };
        }
    };
    if let OutboundKind::Send { .. } = &outbound.kind
        && let Some(chat) = chat.clone()
    {
        let _ = context.store.call(move |db| db.delete_draft(&chat)).await;
    }
    let shown = context.entries_of(chat.clone()).await;
    context.send(Action::Outbox {
        chat: chat.clone(),
        entries: shown,
        notice: None,
    });

    // The entry's own key (kept by a resend); entries older than keys derive one.
    let key = entry
        .idempotency_key
        .clone()
        .and_then(IdempotencyKey::new)
        .unwrap_or_else(|| IdempotencyKey::for_outbox_entry(entry.id.0, entry.created_at));
    let result = request(&context, &prepared, &key).await;
    let id = entry.id;
    let (recorded, notice, submitted) = match &result {
        Ok(server) => {
            let server = server.clone();
            let submitted = Submitted::Sent {
                entry: id,
                message_id: server.message_id.clone(),
            };
            let recorded = context
                .store
                .call(move |db| db.outbox_mark_sent(id, &server))
                .await;
            (recorded, Notice::info(done_words(&outbound)), submitted)
        }
        Err(error) => {
            let words = failure_words(error, &outbound.kind);
            let message = words.clone();
            let (recorded, submitted) = match error.send_outcome() {
                SendOutcome::NotApplied => (
                    context
                        .store
                        .call(move |db| db.outbox_mark_failed(id, &message))
                        .await,
                    Submitted::Failed {
                        entry: id,
                        words: words.clone(),
                    },
                ),
                SendOutcome::Unknown => (
                    context
                        .store
                        .call(move |db| db.outbox_mark_unknown(id, &message))
                        .await,
                    Submitted::Unknown {
                        entry: id,
                        words: words.clone(),
                    },
                ),
            };
            (recorded, Notice::error(words), submitted)
        }
    };
    if let Err(error) = recorded {
        tracing::error!(%error, outbox = %id, "the outcome of an action could not be recorded");
    }
    follow_up(&context, &outbound, &prepared.entry.action, &result).await;
    context.report(chat, notice).await;
    submitted
}

/// What the request needs, checked once more right before it is made.
struct Prepared {
    entry: NewOutboxEntry,
    files: Vec<OutgoingFile>,
}

async fn prepare(context: &Context, outbound: &Outbound) -> Result<Prepared, String> {
    let limit = allowed_by_cache(&context.store, outbound).await?;
    if let OutboundKind::StartChat { attendee, .. } = &outbound.kind {
        let account = outbound.account.id.clone();
        let known = context
            .store
            .call(move |db| db.known_attendees(&account, "", 100_000))
            .await
            .map_err(|e| e.to_string())?;
        rules::warm_recipient(&known, &attendee.provider_id).map_err(|d| d.to_string())?;
    }
    let row = outbound.outbox_row();
    let files = read_files(row.files, &limit).await?;
    Ok(Prepared {
        entry: NewOutboxEntry {
            account_id: outbound.account.id.clone(),
            chat_id: row.chat_id,
            target_message_id: row.target,
            action: row.action,
        },
        files,
    })
}

/// The account's policy asked once more, right before the request, of what the cache holds
/// now: the account, the chat, the message acted on and the contact's last message. Gives the
/// account's file limit for reading the files.
pub(super) async fn allowed_by_cache(
    store: &Store,
    outbound: &Outbound,
) -> Result<FileLimit, String> {
    let account = outbound.account.id.clone();
    let chat = outbound.chat.as_ref().map(|c| c.id.clone());
    let target = match &outbound.kind {
        OutboundKind::Edit { message, .. }
        | OutboundKind::Delete { message, .. }
        | OutboundKind::React { message, .. } => Some(message.clone()),
        _ => None,
    };
    let needs_target = matches!(
        outbound.kind,
        OutboundKind::Edit { .. } | OutboundKind::Delete { .. }
    );
    let (account, chat, message, last_inbound) = store
        .call(move |db| -> Result<_, crate::store::StoreError> {
            let chat_item = chat.as_ref().map(|id| db.chat(id)).transpose()?.flatten();
            let last_inbound = match &chat {
                Some(id) => db.last_inbound_at(id)?,
                None => None,
            };
            let message = target
                .as_ref()
                .map(|id| db.message(id))
                .transpose()?
                .flatten();
            Ok((db.account(&account)?, chat_item, message, last_inbound))
        })
        .await
        .map_err(|e| e.to_string())?;
    let account = account.ok_or("the account is no longer in the cache")?;
    if needs_target && message.is_none() {
        return Err("the message is no longer in the cache".to_owned());
    }
    let policy = Policy::of(account.provider, &account.channel);
    let facts = Facts {
        policy: &policy,
        target: message.as_ref(),
        chat: chat.as_ref().map(|item| &item.chat),
        last_inbound,
        now: Utc::now(),
    };
    allowed::still_allowed(&outbound.kind, &facts).map_err(|d| d.to_string())?;
    Ok(FileLimit::of(&policy))
}

/// Reads the attachments, checking again that each still exists and is within the limit, and
/// that it is the size the confirmation showed.
async fn read_files(files: &[FileSpec], limit: &FileLimit) -> Result<Vec<OutgoingFile>, String> {
    let mut read = Vec::with_capacity(files.len());
    for file in files {
        let checked = check_attachment(&file.path, limit)
            .await
            .map_err(|e| e.to_string())?;
        if checked.size != file.size {
            return Err(format!("{} changed since it was attached", file.name));
        }
        let bytes = tokio::fs::read(&file.path)
            .await
            .map_err(|e| format!("{}: {e}", file.name))?;
        read.push(OutgoingFile {
            file_name: file.name.clone(),
            mimetype: None,
            bytes: Bytes::from(bytes),
        });
    }
    Ok(read)
}

/// The one request. No retry, whatever happens. `key` is the outbox entry's: the same
/// entry always sends the same key.
async fn request(
    context: &Context,
    prepared: &Prepared,
    key: &IdempotencyKey,
) -> Result<ServerIds, ProviderError> {
    let entry = &prepared.entry;
    let writer = &context.writer;
    match (&entry.action, &entry.chat_id, &entry.target_message_id) {
        (
            OutboxAction::Send {
                text,
                quote_id,
                template,
                ..
            },
            Some(chat),
            _,
        ) => {
            let sent = writer
                .send_message(
                    chat,
                    &SendMessage {
                        account_id: entry.account_id.clone(),
                        text: text.clone(),
                        quote_id: quote_id.clone(),
                        attachments: prepared.files.clone(),
                        template: template.clone(),
                        idempotency_key: key.clone(),
                    },
                )
                .await?;
            Ok(ServerIds {
                message_id: sent.message_id,
                chat_id: Some(chat.clone()),
            })
        }
        (
            OutboxAction::StartChat {
                attendee_provider_ids,
                text,
                ..
            },
            _,
            _,
        ) => {
            let started = writer
                .start_chat(&StartChat {
                    account_id: entry.account_id.clone(),
                    attendee_provider_ids: attendee_provider_ids.clone(),
                    text: text.clone(),
                    attachments: prepared.files.clone(),
                    template: None,
                    idempotency_key: key.clone(),
                })
                .await?;
            Ok(ServerIds {
                message_id: started.message_id,
                chat_id: started.chat_id,
            })
        }
        (OutboxAction::React { reaction }, _, Some(message)) => writer
            .react(message, reaction)
            .await
            .map(|()| ServerIds::default()),
        (OutboxAction::Edit { text }, _, Some(message)) => writer
            .edit(message, text)
            .await
            .map(|()| ServerIds::default()),
        (OutboxAction::Delete, _, Some(message)) => {
            writer.delete(message).await.map(|()| ServerIds::default())
        }
        (OutboxAction::ChatChange { change }, Some(chat), _) => writer
            .change_chat(chat, *change)
            .await
            .map(|()| ServerIds::default()),
        _ => Err(ProviderError::Invalid(
            "this action is missing its chat or message".into(),
        )),
    }
}

/// After the request: bring the result into the cache, so the thread shows what the server
/// now has — the sent message replacing the pending one, `edited` only if the server says so.
async fn follow_up(
    context: &Context,
    outbound: &Outbound,
    action: &OutboxAction,
    result: &Result<ServerIds, ProviderError>,
) {
    let target = match &outbound.kind {
        OutboundKind::React { message, .. }
        | OutboundKind::Edit { message, .. }
        | OutboundKind::Delete { message, .. } => Some(message.clone()),
        _ => None,
    };
    if let (OutboundKind::ChatChange { change }, Some(chat), Ok(_)) =
        (&outbound.kind, outbound.chat.as_ref(), result)
    {
        // The provider said yes: the cached row shows it now; the next sync reads it again.
        let (id, change) = (chat.id.clone(), *change);
        match context
            .store
            .call(move |db| db.apply_chat_change(&id, change))
            .await
        {
            Ok(_) => {
                context.send(Action::ChatChanged {
                    chat: chat.id.clone(),
                    change,
                });
                context.send(Action::CacheChanged);
            }
            Err(error) => tracing::warn!(%error, "writing a chat change into the cache failed"),
        }
    }
    if let (Some(message), Some(chat)) = (target, outbound.chat.as_ref()) {
        // Whatever the answer, read the message back: a provider may answer 2xx and do nothing.
        match context.reader.get_message(&message).await {
            Ok(fresh) => {
                let stored = fresh.clone();
                let _ = context
                    .store
                    .call(move |db| db.upsert_messages(&[stored]))
                    .await;
                if result.is_ok() && !took_effect(action, &fresh) {
                    context.send(Action::Notice(Notice::error(
                        "the server accepted the request but the message did not change",
                    )));
                }
                context.send(Action::Loaded(Box::new(Loaded::Message {
                    chat: chat.id.clone(),
                    message: fresh,
                })));
            }
            Err(error) => tracing::warn!(%error, "re-reading a message after an action failed"),
        }
    }
    if let Some(sync) = &context.sync {
        let new_chat = matches!(
            outbound.kind,
            OutboundKind::StartChat {
                existing_chat: None,
                ..
            }
        );
        match result {
            // A chat the cache does not know yet comes in with the chat list, not on its own.
            Ok(ServerIds {
                chat_id: Some(chat),
                ..
            }) if !new_chat => sync.chat_opened(chat.clone()),
            _ => sync.refresh(),
        }
    }
}

fn done_words(outbound: &Outbound) -> String {
    match &outbound.kind {
        OutboundKind::Send { .. } => "sent".into(),
        OutboundKind::Template { .. } => "template sent".into(),
        OutboundKind::StartChat { .. } => "sent: the chat appears after the next sync".into(),
        OutboundKind::React {
            change: ReactionChange::Remove(_),
            ..
        } => "reaction removed".into(),
        OutboundKind::React { .. } => "reaction sent".into(),
        OutboundKind::Edit { .. } => "edit sent".into(),
        OutboundKind::Delete { .. } => "deleted for everyone".into(),
        OutboundKind::ChatChange { change } => change.done().into(),
    }
}

/// What the user reads when an action did not go through.
fn failure_words(error: &ProviderError, kind: &OutboundKind) -> String {
    let what = match kind {
        OutboundKind::ChatChange { .. } => "the change",
        _ => "the message",
    };
    match error {
        ProviderError::RateLimited { .. } => {
            format!("rate limited, try later: {what} is kept in the outbox")
        }
        error if error.send_outcome() == SendOutcome::Unknown => format!(
            "{error}: it may or may not have been sent; unibox will look for it before anything else"
        ),
        error => format!("not sent: {error}"),
    }
}

/// The user settles an entry: dismisses it, or says an action of unknown outcome arrived.
pub(super) fn settle_by_user(
    store: Store,
    actions: tokio::sync::mpsc::UnboundedSender<Incoming>,
    id: crate::store::OutboxId,
    arrived: bool,
) {
    tokio::spawn(async move {
        let settled = store
            .call(move |db| {
                let entry = if arrived {
                    db.outbox_mark_sent(id, &ServerIds::default())?
                } else {
                    db.outbox_dismiss(id)?
                };
                let entries = match &entry.chat_id {
                    Some(chat) => db.outbox_for_chat(chat)?,
                    None => Vec::new(),
                };
                Ok((entry.chat_id, entries))
            })
            .await;
        let action = match settled {
            Ok((chat, entries)) => Action::Outbox {
                chat,
                entries,
                notice: Some(Notice::info(if arrived {
                    "marked as sent"
                } else {
                    "dismissed: it stays in the audit log"
                })),
            },
            Err(error) => Action::Notice(Notice::error(format!(
                "the outbox could not be changed: {error}"
            ))),
        };
        let _ = actions.send(Incoming::Action(action));
    });
}

/// Settles actions whose outcome is unknown by looking for their effect in the cache, which
/// sync has just refreshed. What cannot be found stays unknown and is shown to the user.
pub(super) fn reconcile(store: Store, actions: tokio::sync::mpsc::UnboundedSender<Incoming>) {
    tokio::spawn(async move {
        let settled = store
            .call(|db| {
                let open = db.outbox_open_entries()?;
                let mut chats: Vec<ChatId> = open
                    .iter()
                    .filter(|e| e.state == crate::store::OutboxState::Unknown)
                    .filter_map(|e| e.chat_id.clone())
                    .collect();
                chats.sort();
                chats.dedup();
                let mut settled = Vec::new();
                for chat in chats {
                    let count = db.outbox_reconcile(&chat)?.len();
                    if count > 0 {
                        settled.push((chat.clone(), count, db.outbox_for_chat(&chat)?));
                    }
                }
                Ok(settled)
            })
            .await;
        match settled {
            Ok(settled) => {
                for (chat, count, entries) in settled {
                    let _ = actions.send(Incoming::Action(Action::Outbox {
                        chat: Some(chat),
                        entries,
                        notice: Some(Notice::settled(count)),
                    }));
                }
            }
            Err(error) => tracing::warn!(%error, "settling the outbox failed"),
        }
    });
}
