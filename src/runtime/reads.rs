//! The effects that read the cache, as work for the store thread. The executor runs them in a
//! task; the benchmark runs them in line, so both read exactly the same way.

use crate::store::{Db, Gated, OutboxState, StoreError};

use crate::app::action::Loaded;
use crate::app::effect::Effect;

type Read = Box<dyn FnOnce(&mut Db) -> Result<Loaded, StoreError> + Send>;

/// A cache read an effect asks for, and what it reads (for the failure's wording).
pub struct CacheRead {
    pub(super) what: &'static str,
    read: Read,
}

impl CacheRead {
    /// The read `effect` asks for; any other effect comes back as it was.
    pub fn of(effect: Effect) -> Result<Self, Effect> {
        let read = match effect {
            Effect::LoadAccounts => Self::new("accounts", |db| {
                Ok(Loaded::Accounts(db.account_overview()?))
            }),
            Effect::LoadChats {
                request,
                filter,
                offset,
                limit,
            } => Self::new("chats", move |db| {
                let total = db.chat_count(&filter)?;
                let rows = db.chat_window(&filter, offset as u64, to_u32(limit))?;
                Ok(Loaded::Chats {
                    request,
                    total,
                    offset,
                    rows,
                })
            }),
            Effect::FindUnreadChat {
                request,
                filter,
                from,
                direction,
            } => Self::new("chats", move |db| {
                let found = db.unread_chat_from(&filter, from.as_ref(), direction)?;
                Ok(Loaded::UnreadChat { request, found })
            }),
            Effect::LoadThread {
                request,
                chat,
                limit,
            } => Self::new("thread", move |db| {
                // An action of unknown outcome whose message sync has just brought in is
                // settled before the thread is read: the thread never shows it twice, once as
                // the message and once as the action.
                let mut outbox = db.outbox_for_chat(&chat)?;
                let mut settled = 0;
                if outbox.iter().any(|e| e.state == OutboxState::Unknown) {
                    settled = db.outbox_reconcile(&chat)?.len();
                    if settled > 0 {
                        outbox = db.outbox_for_chat(&chat)?;
                    }
                }
                Ok(Loaded::Thread {
                    request,
                    item: db.chat(&chat)?,
                    messages: db.messages_before(&chat, None, to_u32(limit))?,
                    total: db.message_count(&chat)?,
                    attendees: db.chat_attendees(&chat)?,
                    outbox,
                    draft: db.draft(&chat)?,
                    history_complete: db.chat_sync_state(&chat)?.history_complete,
                    last_inbound: db.last_inbound_at(&chat)?,
                    settled,
                    chat,
                })
            }),
            Effect::LoadUnsent { request } => Self::new("outbox", move |db| {
                Ok(Loaded::Unsent {
                    request,
                    entries: db.outbox_unsent()?,
                })
            }),
            Effect::LoadOlder {
                request,
                chat,
                before,
                limit,
            } => Self::new("thread", move |db| {
                let messages = db.messages_before(&chat, Some(&before), to_u32(limit))?;
                Ok(Loaded::Older {
                    request,
                    chat,
                    messages,
                })
            }),
            Effect::LoadNewer {
                request,
                chat,
                after,
                limit,
            } => Self::new("thread", move |db| {
                let messages = db.messages_after(&chat, &after, to_u32(limit))?;
                Ok(Loaded::Newer {
                    request,
                    chat,
                    messages,
                })
            }),
            Effect::LoadKnownAttendees { account } => Self::new("attendees", move |db| {
                let known = db.known_attendees(&account, "", 1000)?;
                let mut attendees = Vec::with_capacity(known.len());
                for attendee in known {
                    let chat = db
                        .find_single_chat(&account, &attendee.provider_id)?
                        .map(|item| item.chat.id);
                    attendees.push((attendee, chat));
                }
                Ok(Loaded::KnownAttendees { account, attendees })
            }),
            Effect::SearchMessages {
                request,
                query,
                scope,
                limit,
            } => Self::new("search", move |db| {
                // Search as you type asks at every key: a search a newer key replaced is
                // skipped or interrupted (the executor announces each to the gate).
                Ok(
                    match db.search_messages_gated(request.0, &query, &scope, to_u32(limit)) {
                        Ok(Gated::Done(hits)) => Loaded::SearchHits { request, hits },
                        Ok(Gated::Abandoned) => Loaded::SearchAbandoned { request },
                        Err(error) => Loaded::SearchFailed {
                            request,
                            message: error.to_string(),
                        },
                    },
                )
            }),
            Effect::LoadThreadAt {
                request,
                chat,
                message,
                limit,
            } => Self::new("thread", move |db| {
                super::read_around::thread_at(db, request, chat, message, to_u32(limit))
            }),
            other => return Err(other),
        };
        Ok(read)
    }

    fn new(
        what: &'static str,
        read: impl FnOnce(&mut Db) -> Result<Loaded, StoreError> + Send + 'static,
    ) -> Self {
        Self {
            what,
            read: Box::new(read),
        }
    }

    /// Reads on the store thread; a failure is answered as `Loaded::Failed`.
    pub fn run(self, db: &mut Db) -> Loaded {
        (self.read)(db).unwrap_or_else(|error| Loaded::Failed {
            what: self.what,
            message: error.to_string(),
        })
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
