//! Simulated inbound traffic: at a steady pace, a new message from a customer arrives in one
//! of the writable chats of the connected accounts. The sequence of chats and texts follows
//! the seed.

use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::IndexedRandom;

use crate::data::inbound_stream;
use crate::domain::ChatId;
use crate::state::{AccountStatus, ChatType, SandboxState, World};
use crate::webhooks::{Courier, MessageEvent, WebhookSource, message_payload};

const INBOUND_STREAM: u64 = 0x1B0_0000;

pub(crate) async fn simulate(state: SandboxState, courier: Courier, every: Duration, seed: u64) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ INBOUND_STREAM);
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick completes at once; traffic starts one period in.
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let now = state.now();
        state.write(|world| {
            let chats = receiving_chats(world);
            let (Some(chat), Some(text)) =
                (chats.choose(&mut rng), inbound_stream().choose(&mut rng))
            else {
                return;
            };
            match world.receive(chat, text, now) {
                Ok(id) => {
                    if let Some(message) = world.message(&id) {
                        let event = MessageEvent::Received;
                        let body = message_payload(world, event, message);
                        courier.post(WebhookSource::Messaging, event.as_str(), body);
                    }
                }
                Err(error) => tracing::warn!(%error, "simulated message not delivered"),
            }
        });
    }
}

/// Chats a customer can write into: not archived, not read-only, of a connected account.
fn receiving_chats(world: &World) -> Vec<ChatId> {
    world
        .chats()
        .iter()
        .filter(|c| {
            !c.archived
                && c.read_only == 0
                && c.chat_type != ChatType::Channel
                && world
                    .account(&c.account_id)
                    .is_some_and(|a| a.status == AccountStatus::Ok)
        })
        .map(|c| c.id.clone())
        .collect()
}
