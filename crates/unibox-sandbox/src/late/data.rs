//! The Late sandbox's default world: the Unipile sandbox's generated shop (same people, same
//! texts, same attachments) seen through Late, on three of its WhatsApp numbers, plus a
//! conversation of hostile texts. Some conversations have a recent message from the customer
//! (window open), others are quiet for days (window closed).

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::records::{
    DeliveryStatus, Direction, LateAccount, LateAttachment, LateConversation, LateMessage,
    LateReaction, MediaKind,
};
use super::templates;
use super::world::{LateIds, LateWorld};
use crate::Scale;
use crate::data;
use crate::hostile;
use crate::state::{ChatType, MessageRecord, World};

/// How many of the generated WhatsApp numbers the Late sandbox connects.
const NUMBERS: usize = 3;
/// Every third conversation has been quiet for this long or more: its window is closed.
const QUIET_FOR: TimeDelta = TimeDelta::days(3);
/// The hostile conversation's customer wrote this long ago (its window is open).
const HOSTILE_LAST_WRITTEN: TimeDelta = TimeDelta::hours(2);
/// The participant of the hostile conversation: a number on no real network (+999).
pub const HOSTILE_PARTICIPANT: &str = "999000000001";

/// Meta's "message undeliverable".
const UNDELIVERABLE: u32 = 131_026;

const IDS_STREAM: u64 = 0x1A7E_0000;

pub fn generate(seed: u64, anchor: DateTime<Utc>) -> LateWorld {
    let shop = data::generate(seed, anchor, Scale::Demo);
    let mut world = LateWorld::new(LateIds::new(seed ^ IDS_STREAM));
    let numbers: Vec<_> = shop
        .accounts()
        .iter()
        // Connection trouble is the Unipile sandbox's story; here every number is healthy.
        .filter(|a| a.account_type == "WHATSAPP")
        .take(NUMBERS)
        .cloned()
        .collect();
    let mut late_ids = HashMap::new();
    for (index, number) in numbers.iter().enumerate() {
        let account = LateAccount {
            id: world.ids.record(),
            display_name: number.name.clone(),
            phone_number: number.phone_number.clone(),
            phone_number_id: format!("10{}", world.ids.media()),
            waba_id: format!("20{}", world.ids.media()),
        };
        late_ids.insert(number.id.clone(), account.clone());
        world.add_account(account, templates::defaults(index));
    }
    let mut single_chats = 0;
    for chat in shop.chats() {
        let Some(account) = late_ids.get(&chat.account_id) else {
            continue;
        };
        let Some(participant) = chat
            .attendee_provider_id
            .as_deref()
            .filter(|_| chat.chat_type == ChatType::Single)
            .and_then(|id| id.strip_suffix("@s.whatsapp.net"))
        else {
            continue;
        };
        let conversation = LateConversation {
            id: world.ids.record(),
            account_id: account.id.clone(),
            participant_id: participant.to_owned(),
            participant_name: chat.name.clone(),
            archived: chat.archived,
        };
        let mut history = convert(&shop, &mut world.ids, account, &conversation, &chat.id);
        if single_chats % 3 == 2 {
            quiet_down(&mut history, anchor);
        }
        if single_chats % 5 == 4 {
            fail_last_delivery(&mut history);
        }
        single_chats += 1;
        world.add_conversation(conversation, history);
    }
    if let Some(account) = world.accounts().first().cloned() {
        add_hostile(&mut world, &account, anchor);
    }
    world
}

/// A chat's history as Late lists it: events left out, quotes by wamid.
fn convert(
    shop: &World,
    ids: &mut LateIds,
    account: &LateAccount,
    conversation: &LateConversation,
    chat: &crate::domain::ChatId,
) -> Vec<LateMessage> {
    let records: Vec<&MessageRecord> = shop
        .messages(chat)
        .iter()
        .filter(|m| !m.is_event())
        .collect();
    let wamids: HashMap<&str, String> = records
        .iter()
        .map(|m| (m.provider_id.as_str(), ids.wamid()))
        .collect();
    records
        .iter()
        .map(|record| {
            let direction = if record.is_sender {
                Direction::Outgoing
            } else {
                Direction::Incoming
            };
            LateMessage {
                id: wamids
                    .get(record.provider_id.as_str())
                    .cloned()
                    .unwrap_or_default(),
                conversation_id: conversation.id.clone(),
                account_id: account.id.clone(),
                direction,
                text: record.text.clone(),
                sender_id: match direction {
                    Direction::Outgoing => account.wa_id(),
                    Direction::Incoming => conversation.participant_id.clone(),
                },
                sender_name: match direction {
                    Direction::Outgoing => Some(account.display_name.clone()),
                    Direction::Incoming => conversation.participant_name.clone(),
                },
                created_at: record.timestamp,
                attachments: record
                    .attachments
                    .iter()
                    .map(|media| LateAttachment {
                        media_id: ids.media(),
                        kind: MediaKind::from_mimetype(&media.mimetype),
                        media: media.clone(),
                    })
                    .collect(),
                reactions: record
                    .reactions
                    .iter()
                    .map(|r| LateReaction {
                        emoji: r.value.clone(),
                        from_me: r.is_sender,
                        reacted_at: record.timestamp,
                    })
                    .collect(),
                delivery_status: record.is_sender.then_some(if record.seen {
                    DeliveryStatus::Read
                } else if record.delivered {
                    DeliveryStatus::Delivered
                } else {
                    DeliveryStatus::Sent
                }),
                read: !record.is_sender && record.seen,
                is_edited: record.edited,
                is_deleted: record.deleted,
                quoted_message_id: record
                    .quoted
                    .as_ref()
                    .and_then(|q| wamids.get(q.provider_id.as_str()).cloned()),
                sent_via: record.is_sender.then_some("human"),
            }
        })
        .collect()
}

/// Our newest message never reached the customer: Meta said the number cannot receive it.
fn fail_last_delivery(history: &mut [LateMessage]) {
    if let Some(ours) = history.iter_mut().rev().find(|m| !m.is_incoming()) {
        ours.delivery_status = Some(DeliveryStatus::Failed {
            code: UNDELIVERABLE,
        });
    }
}

/// Moves a history back so that its newest message is at least `QUIET_FOR` old.
fn quiet_down(history: &mut [LateMessage], anchor: DateTime<Utc>) {
    let Some(newest) = history.iter().map(|m| m.created_at).max() else {
        return;
    };
    let shift = (newest - (anchor - QUIET_FOR)).max(TimeDelta::zero());
    for message in history {
        message.created_at -= shift;
        for reaction in &mut message.reactions {
            reaction.reacted_at -= shift;
        }
    }
}

/// A stranger whose name and messages come from the hostile corpus (short samples only:
/// the long ones are the Unipile sandbox's stress data).
fn add_hostile(world: &mut LateWorld, account: &LateAccount, anchor: DateTime<Utc>) {
    let name = hostile::SHORT.first().map(|sample| sample.text.to_string());
    let conversation = LateConversation {
        id: world.ids.record(),
        account_id: account.id.clone(),
        participant_id: HOSTILE_PARTICIPANT.to_owned(),
        participant_name: name.clone(),
        archived: false,
    };
    let count = i32::try_from(hostile::SHORT.len()).unwrap_or(i32::MAX);
    let history = hostile::SHORT
        .iter()
        .zip(0..)
        .map(|(sample, n)| {
            LateMessage::from_customer(
                world.ids.wamid(),
                &conversation,
                Some(sample.text.to_string()),
                Vec::new(),
                anchor - HOSTILE_LAST_WRITTEN - TimeDelta::minutes(i64::from(count - n)),
            )
        })
        .collect();
    world.add_conversation(conversation, history);
}
