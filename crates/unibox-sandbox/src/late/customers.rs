//! Simulated customers of the Late numbers: at a steady pace, a customer writes into one of
//! the open conversations (which opens its 24-hour window) or, now and then, reacts to the
//! newest message the shop sent them. Each is posted as a webhook, as Zernio would. The
//! sequence of conversations, texts and reactions follows the seed, as the Unipile sandbox's
//! `inbound_every` does.

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

use super::UnknownConversation;
use super::records::{Direction, LateAttachment, LateMessage, LateReaction};
use super::shared::LateShared;
use super::webhooks::{self, LateWebhookEvent};
use crate::data::inbound_stream;

/// Keeps this stream apart from the sandbox's other seeded choices.
const CUSTOMER_STREAM: u64 = 0x1A7E_C057;

/// One turn in four is a reaction, when the conversation has a message of ours to react to.
const REACTION_ODDS: (u32, u32) = (1, 4);

/// What customers react with.
const REACTIONS: [&str; 5] = ["👍", "❤️", "😂", "🙏", "😮"];

/// What a simulated customer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CustomerTurn {
    Wrote {
        conversation: String,
        message: String,
    },
    Reacted {
        conversation: String,
        message: String,
    },
}

pub(crate) async fn simulate(shared: Arc<LateShared>, every: Duration, seed: u64) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ CUSTOMER_STREAM);
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick completes at once; traffic starts one period in.
    ticks.tick().await;
    loop {
        ticks.tick().await;
        if let Some(turn) = take_turn(&shared, &mut rng) {
            tracing::debug!(?turn, "late sandbox: a simulated customer");
        }
    }
}

/// One customer's turn: a message, or now and then a reaction to the shop's newest message in
/// that conversation. `None` when there is no open conversation.
pub(crate) fn take_turn(shared: &LateShared, rng: &mut Xoshiro256PlusPlus) -> Option<CustomerTurn> {
    let open: Vec<String> = shared.state.read(|world| {
        world
            .conversations()
            .iter()
            .filter(|c| !c.archived)
            .map(|c| c.id.clone())
            .collect()
    });
    let conversation = open.choose(rng)?.clone();
    let text = inbound_stream().choose(rng)?;
    if rng.random_ratio(REACTION_ODDS.0, REACTION_ODDS.1) {
        let emoji = REACTIONS.choose(rng)?;
        if let Some(message) = react_to_newest_of_ours(shared, &conversation, emoji) {
            notify(shared, LateWebhookEvent::Reaction, &conversation, &message);
            return Some(CustomerTurn::Reacted {
                conversation,
                message,
            });
        }
    }
    let message = receive(shared, &conversation, Some((*text).to_owned()), Vec::new()).ok()?;
    Some(CustomerTurn::Wrote {
        conversation,
        message,
    })
}

/// The customer reacts to the shop's newest message in `conversation` (replacing their own
/// earlier reaction to it); its id, or `None` if the shop never wrote there.
fn react_to_newest_of_ours(shared: &LateShared, conversation: &str, emoji: &str) -> Option<String> {
    let now = shared.state.now();
    shared.state.write(|world| {
        let target = world
            .messages_mut(conversation)?
            .iter_mut()
            .rev()
            .find(|m| m.direction == Direction::Outgoing && !m.is_deleted)?;
        target.reactions.retain(|r| r.from_me);
        target.reactions.push(LateReaction {
            emoji: emoji.to_owned(),
            from_me: false,
            reacted_at: now,
        });
        Some(target.id.clone())
    })
}

/// The customer of `conversation` sends a message now (which opens its window), posted as
/// `message.received`; the new message's wamid.
pub(crate) fn receive(
    shared: &LateShared,
    conversation: &str,
    text: Option<String>,
    attachments: Vec<LateAttachment>,
) -> Result<String, UnknownConversation> {
    let now = shared.state.now();
    let id = shared.state.write(|world| {
        let found = world
            .conversation(conversation)
            .cloned()
            .ok_or_else(|| UnknownConversation(conversation.to_owned()))?;
        let message = LateMessage::from_customer(world.ids.wamid(), &found, text, attachments, now);
        let id = message.id.clone();
        world.push_message(message);
        Ok(id)
    })?;
    notify(shared, LateWebhookEvent::Received, conversation, &id);
    Ok(id)
}

/// Posts `event` about `message` of `conversation`, as it is now, to the webhooks that want
/// it. False for an unknown message.
pub(crate) fn notify(
    shared: &LateShared,
    event: LateWebhookEvent,
    conversation: &str,
    message: &str,
) -> bool {
    let now = shared.state.now();
    let id = shared.webhooks.next_event_id();
    let base = shared.base().to_owned();
    let body = shared.state.read(|world| {
        let conversation = world.conversation(conversation)?;
        let account = world.account(&conversation.account_id)?;
        let message = world
            .messages(&conversation.id)
            .iter()
            .find(|m| m.id == message)?;
        Some(webhooks::message_payload(
            &id,
            event,
            &base,
            account,
            conversation,
            message,
            now,
        ))
    });
    let Some(body) = body else { return false };
    shared.courier.post(&id, event.as_str(), &body);
    true
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::late::{LateSandbox, LateSandboxConfig};

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    fn sandbox(runtime: &tokio::runtime::Runtime) -> LateSandbox {
        runtime
            .block_on(LateSandbox::start(LateSandboxConfig {
                anchor: Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap(),
                ..LateSandboxConfig::default()
            }))
            .unwrap()
    }

    fn turns(late: &LateSandbox, count: usize) -> Vec<CustomerTurn> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7 ^ CUSTOMER_STREAM);
        (0..count)
            .filter_map(|_| take_turn(&late.shared, &mut rng))
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_customers() {
        let runtime = runtime();
        let first = turns(&sandbox(&runtime), 40);
        let second = turns(&sandbox(&runtime), 40);
        assert_eq!(first.len(), 40);
        assert_eq!(first, second);
    }

    #[test]
    fn customers_write_into_open_conversations_and_sometimes_react_to_the_shop() {
        let runtime = runtime();
        let late = sandbox(&runtime);
        let all = turns(&late, 40);
        let wrote: Vec<_> = all
            .iter()
            .filter_map(|turn| match turn {
                CustomerTurn::Wrote {
                    conversation,
                    message,
                } => Some((conversation, message)),
                CustomerTurn::Reacted { .. } => None,
            })
            .collect();
        let reacted: Vec<_> = all
            .iter()
            .filter_map(|turn| match turn {
                CustomerTurn::Reacted {
                    conversation,
                    message,
                } => Some((conversation, message)),
                CustomerTurn::Wrote { .. } => None,
            })
            .collect();
        assert!(wrote.len() > reacted.len(), "{all:?}");
        assert!(!reacted.is_empty(), "{all:?}");
        for (conversation, message) in wrote {
            let archived = late
                .conversations()
                .iter()
                .any(|c| &c.id == conversation && c.archived);
            assert!(!archived);
            assert!(late.window_is_open(conversation), "the message opens it");
            let found = late
                .messages(conversation)
                .into_iter()
                .find(|m| &m.id == message)
                .unwrap();
            assert_eq!(found.direction, Direction::Incoming);
            assert!(inbound_stream().contains(&found.text.as_deref().unwrap()));
        }
        for (conversation, message) in reacted {
            let found = late
                .messages(conversation)
                .into_iter()
                .find(|m| &m.id == message)
                .unwrap();
            assert_eq!(found.direction, Direction::Outgoing);
            let theirs: Vec<_> = found.reactions.iter().filter(|r| !r.from_me).collect();
            assert_eq!(theirs.len(), 1, "one reaction per customer per message");
            assert!(REACTIONS.contains(&theirs[0].emoji.as_str()));
        }
    }
}
