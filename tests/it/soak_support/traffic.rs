//! The soak's customers, on both providers, as the seed says: they write (40 %), react to the
//! shop's newest message (15 %), edit (15 %) or delete (10 %) a message of theirs, and read the
//! shop's newest message (20 %). Each act changes the sandbox's world and posts the provider's
//! webhook, as the provider would; what it did is remembered for the verdict.
//!
//! Every message they write starts with a token (`U0042` on Unipile, `L0042` on Late) that the
//! chat list's preview shows. A chat is left alone for `COOLDOWN` after each act, so what an
//! act shows stays on screen long enough to be read; an edit is made only while the chat is
//! near the top of the list (written to less than `EDIT_WITHIN` ago), where the edit shows.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use unibox::domain::{ChatId, MessageId};
use unibox_sandbox::late::{
    DeliveryStatus, Direction, LateReaction, LateSandbox, LateWebhookEvent,
};
use unibox_sandbox::{MessageEvent, ReactionRecord};

use crate::e2e_support::Inbox;
use crate::e2e_support::live::customer_chats;

/// Rest for a chat after each act: longer than an inbox takes to show a change, loaded.
pub const COOLDOWN: Duration = Duration::from_secs(3);

/// Edits only while the chat is among the latest written to, so still on screen.
const EDIT_WITHIN: Duration = Duration::from_secs(6);

const REACTIONS: [&str; 4] = ["👍", "❤️", "🙏", "😮"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    Unipile,
    Late,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Inbound,
    Reaction,
    Edit,
    Deletion,
    Receipt,
}

/// A message an act touched: Unipile's chat and message ids, or Late's conversation and wamid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Touched {
    pub provider: Provider,
    pub chat: String,
    pub message: String,
}

/// One act of a customer.
#[derive(Debug, Clone)]
pub struct Act {
    pub at: Instant,
    pub kind: Kind,
    pub target: Touched,
    /// What the chat list shows once the act reached the inbox, if anything unique.
    pub shows: Option<String>,
}

/// A message a customer wrote.
struct Written {
    target: Touched,
    token: String,
    at: Instant,
    edited: bool,
    deleted: bool,
}

pub struct Customers {
    rng: Xoshiro256PlusPlus,
    pub acts: Vec<Act>,
    written: Vec<Written>,
    last_act_in: HashMap<String, Instant>,
}

impl Customers {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            acts: Vec::new(),
            written: Vec::new(),
            last_act_in: HashMap::new(),
        }
    }

    /// One act, of a kind the seed picks; a message when nothing fits the kind.
    pub fn act(&mut self, inbox: &Inbox, late: &LateSandbox) {
        let provider = if self.rng.random_bool(0.5) {
            Provider::Unipile
        } else {
            Provider::Late
        };
        let kind = match self.rng.random_range(0..100) {
            0..40 => Kind::Inbound,
            40..55 => Kind::Reaction,
            55..70 => Kind::Edit,
            70..80 => Kind::Deletion,
            _ => Kind::Receipt,
        };
        let act = match (provider, kind) {
            (_, Kind::Inbound) => None,
            (Provider::Unipile, Kind::Reaction) => self.unipile_reaction(inbox),
            (Provider::Unipile, Kind::Receipt) => self.unipile_receipt(inbox),
            (Provider::Late, Kind::Reaction) => self.late_reaction(late),
            (Provider::Late, Kind::Receipt) => self.late_receipt(late),
            (_, Kind::Edit) => self.edit(provider, inbox, late),
            (_, Kind::Deletion) => self.delete(provider, inbox, late),
        };
        let act = act.or_else(|| match provider {
            Provider::Unipile => self.unipile_inbound(inbox),
            Provider::Late => self.late_inbound(late),
        });
        if let Some(act) = act {
            self.last_act_in.insert(act.target.chat.clone(), act.at);
            self.acts.push(act);
        }
    }

    fn rested(&self, chat: &str) -> bool {
        self.last_act_in
            .get(chat)
            .is_none_or(|at| at.elapsed() >= COOLDOWN)
    }

    fn token(&self, provider: Provider) -> String {
        let letter = match provider {
            Provider::Unipile => 'U',
            Provider::Late => 'L',
        };
        format!("{letter}{:04}", self.written.len())
    }

    fn wrote(&mut self, target: Touched, token: String) -> Act {
        let at = Instant::now();
        self.written.push(Written {
            target: target.clone(),
            token: token.clone(),
            at,
            edited: false,
            deleted: false,
        });
        Act {
            at,
            kind: Kind::Inbound,
            target,
            shows: Some(token),
        }
    }

    fn unipile_inbound(&mut self, inbox: &Inbox) -> Option<Act> {
        let chats: Vec<ChatId> = customer_chats(inbox)
            .into_iter()
            .map(|chat| chat.id)
            .filter(|chat| self.rested(chat.as_str()))
            .collect();
        let chat = chats.choose(&mut self.rng)?.clone();
        let token = self.token(Provider::Unipile);
        let id = inbox
            .server
            .try_inject_inbound(&chat, &format!("{token} wren"))
            .expect("the customer writes");
        let target = Touched {
            provider: Provider::Unipile,
            chat: chat.as_str().to_owned(),
            message: id.as_str().to_owned(),
        };
        Some(self.wrote(target, token))
    }

    fn late_inbound(&mut self, late: &LateSandbox) -> Option<Act> {
        let conversations: Vec<String> = late
            .conversations()
            .into_iter()
            .filter(|c| !c.archived && self.rested(&c.id))
            .map(|c| c.id)
            .collect();
        let conversation = conversations.choose(&mut self.rng)?.clone();
        let token = self.token(Provider::Late);
        let wamid = late
            .inject_inbound(&conversation, &format!("{token} wren"))
            .expect("the customer writes");
        let target = Touched {
            provider: Provider::Late,
            chat: conversation,
            message: wamid,
        };
        Some(self.wrote(target, token))
    }

    /// A message of theirs to edit or delete: in a rested chat, not deleted.
    fn pick_written(
        &mut self,
        provider: Provider,
        fits: impl Fn(&Written) -> bool,
    ) -> Option<usize> {
        let candidates: Vec<usize> = (0..self.written.len())
            .filter(|&n| {
                let written = &self.written[n];
                written.target.provider == provider
                    && !written.deleted
                    && self.rested(&written.target.chat)
                    && fits(written)
            })
            .collect();
        candidates.choose(&mut self.rng).copied()
    }

    fn edit(&mut self, provider: Provider, inbox: &Inbox, late: &LateSandbox) -> Option<Act> {
        let newest_of_chat = |written: &Written| match provider {
            Provider::Unipile => {
                inbox
                    .last_message(&ChatId::from(written.target.chat.as_str()))
                    .id
                    .as_str()
                    == written.target.message
            }
            Provider::Late => late
                .messages(&written.target.chat)
                .last()
                .is_some_and(|m| m.id == written.target.message),
        };
        let n = self.pick_written(provider, |written| {
            !written.edited && written.at.elapsed() < EDIT_WITHIN && newest_of_chat(written)
        })?;
        let shows = format!("{} edited", self.written[n].token);
        let target = self.written[n].target.clone();
        match provider {
            Provider::Unipile => {
                let id = MessageId::from(target.message.as_str());
                let text = shows.clone();
                assert!(inbox.server.change_message(&id, |m| {
                    m.text = Some(text);
                    m.edited = true;
                }));
                assert!(inbox.server.notify_message(MessageEvent::Edited, &id));
            }
            Provider::Late => {
                let text = shows.clone();
                assert!(late.change_message(&target.chat, &target.message, |m| {
                    m.text = Some(text);
                    m.is_edited = true;
                }));
                assert!(late.notify(LateWebhookEvent::Edited, &target.chat, &target.message));
            }
        }
        self.written[n].edited = true;
        Some(Act {
            at: Instant::now(),
            kind: Kind::Edit,
            target,
            shows: Some(shows),
        })
    }

    fn delete(&mut self, provider: Provider, inbox: &Inbox, late: &LateSandbox) -> Option<Act> {
        let n = self.pick_written(provider, |_| true)?;
        let target = self.written[n].target.clone();
        match provider {
            Provider::Unipile => {
                let id = MessageId::from(target.message.as_str());
                assert!(inbox.server.change_message(&id, |m| {
                    m.deleted = true;
                    m.text = None;
                }));
                assert!(inbox.server.notify_message(MessageEvent::Deleted, &id));
            }
            Provider::Late => {
                assert!(late.change_message(&target.chat, &target.message, |m| {
                    m.is_deleted = true;
                    m.text = None;
                }));
                assert!(late.notify(LateWebhookEvent::Deleted, &target.chat, &target.message));
            }
        }
        self.written[n].deleted = true;
        Some(Act {
            at: Instant::now(),
            kind: Kind::Deletion,
            target,
            shows: None,
        })
    }

    /// The shop's newest message in a rested one-to-one chat that `fits`.
    fn unipile_ours(
        &mut self,
        inbox: &Inbox,
        fits: impl Fn(&unibox_sandbox::MessageRecord) -> bool,
    ) -> Option<(ChatId, MessageId)> {
        let candidates: Vec<(ChatId, MessageId)> = customer_chats(inbox)
            .into_iter()
            .filter(|chat| self.rested(chat.id.as_str()))
            .filter_map(|chat| {
                let ours = inbox
                    .messages(&chat.id)
                    .into_iter()
                    .rev()
                    .find(|m| m.is_sender && !m.deleted && !m.is_event())?;
                fits(&ours).then_some((chat.id, ours.id))
            })
            .collect();
        candidates.choose(&mut self.rng).cloned()
    }

    fn unipile_reaction(&mut self, inbox: &Inbox) -> Option<Act> {
        let (chat, id) = self.unipile_ours(inbox, |_| true)?;
        let emoji = (*REACTIONS.choose(&mut self.rng)?).to_owned();
        let customer = inbox
            .server
            .state()
            .chat(&chat)
            .and_then(|c| c.attendee_provider_id)
            .unwrap_or_default();
        assert!(inbox.server.change_message(&id, |m| {
            m.reactions.retain(|r| r.sender_id != customer);
            m.reactions.push(ReactionRecord {
                value: emoji,
                sender_id: customer,
                is_sender: false,
            });
        }));
        assert!(inbox.server.notify_message(MessageEvent::Reaction, &id));
        Some(unipile_act(Kind::Reaction, &chat, &id))
    }

    fn unipile_receipt(&mut self, inbox: &Inbox) -> Option<Act> {
        let (chat, id) = self.unipile_ours(inbox, |m| !m.seen)?;
        let customer = inbox
            .server
            .state()
            .chat(&chat)
            .and_then(|c| c.attendee_provider_id)
            .unwrap_or_default();
        assert!(inbox.server.change_message(&id, |m| {
            m.seen = true;
            m.seen_by.push((customer, chrono::Utc::now()));
        }));
        assert!(inbox.server.notify_message(MessageEvent::Read, &id));
        Some(unipile_act(Kind::Receipt, &chat, &id))
    }

    /// The shop's newest message in a rested open conversation that `fits`.
    fn late_ours(
        &mut self,
        late: &LateSandbox,
        fits: impl Fn(&unibox_sandbox::late::LateMessage) -> bool,
    ) -> Option<(String, String)> {
        let candidates: Vec<(String, String)> = late
            .conversations()
            .into_iter()
            .filter(|c| !c.archived && self.rested(&c.id))
            .filter_map(|c| {
                let ours = late
                    .messages(&c.id)
                    .into_iter()
                    .rev()
                    .find(|m| m.direction == Direction::Outgoing && !m.is_deleted)?;
                fits(&ours).then_some((c.id, ours.id))
            })
            .collect();
        candidates.choose(&mut self.rng).cloned()
    }

    fn late_reaction(&mut self, late: &LateSandbox) -> Option<Act> {
        let (conversation, wamid) = self.late_ours(late, |_| true)?;
        let emoji = (*REACTIONS.choose(&mut self.rng)?).to_owned();
        let now = late.now();
        assert!(late.change_message(&conversation, &wamid, |m| {
            m.reactions.retain(|r| r.from_me);
            m.reactions.push(LateReaction {
                emoji,
                from_me: false,
                reacted_at: now,
            });
        }));
        assert!(late.notify(LateWebhookEvent::Reaction, &conversation, &wamid));
        Some(late_act(Kind::Reaction, conversation, wamid))
    }

    fn late_receipt(&mut self, late: &LateSandbox) -> Option<Act> {
        let (conversation, wamid) = self.late_ours(late, |m| {
            matches!(
                m.delivery_status,
                None | Some(DeliveryStatus::Sent | DeliveryStatus::Delivered)
            )
        })?;
        assert!(late.change_message(&conversation, &wamid, |m| {
            m.delivery_status = Some(DeliveryStatus::Read);
        }));
        assert!(late.notify(LateWebhookEvent::Read, &conversation, &wamid));
        Some(late_act(Kind::Receipt, conversation, wamid))
    }

    /// How many acts of each kind, per provider.
    pub fn tally(&self) -> String {
        let mut counts: std::collections::BTreeMap<(Provider, Kind), usize> = Default::default();
        for act in &self.acts {
            *counts.entry((act.target.provider, act.kind)).or_default() += 1;
        }
        counts
            .iter()
            .map(|((provider, kind), n)| format!("{provider:?} {kind:?} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn unipile_act(kind: Kind, chat: &ChatId, id: &MessageId) -> Act {
    Act {
        at: Instant::now(),
        kind,
        target: Touched {
            provider: Provider::Unipile,
            chat: chat.as_str().to_owned(),
            message: id.as_str().to_owned(),
        },
        shows: None,
    }
}

fn late_act(kind: Kind, conversation: String, wamid: String) -> Act {
    Act {
        at: Instant::now(),
        kind,
        target: Touched {
            provider: Provider::Late,
            chat: conversation,
            message: wamid,
        },
        shows: None,
    }
}
