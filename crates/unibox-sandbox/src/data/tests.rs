//! Invariants of the generated demo world: what the product's features and tests rely on.

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::{LargeInbox, generate};
use crate::Scale;
use crate::state::{AccountStatus, ChatType, MessageRecord, MutedUntil, ResyncSupport, World};
use crate::wire;

fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap()
}

fn demo() -> World {
    generate(7, anchor(), Scale::Demo)
}

fn all_messages(world: &World) -> impl Iterator<Item = &MessageRecord> {
    world.chats().iter().flat_map(|c| world.messages(&c.id))
}

#[test]
fn the_inbox_has_the_accounts_and_chats_a_shop_has() {
    let world = demo();
    let statuses: Vec<AccountStatus> = world.accounts().iter().map(|a| a.status).collect();
    assert!(statuses.len() >= 3);
    assert!(statuses.iter().filter(|&&s| s == AccountStatus::Ok).count() >= 2);
    assert!(statuses.contains(&AccountStatus::Credentials));
    assert!(
        statuses.contains(&AccountStatus::Connecting) || statuses.contains(&AccountStatus::Error)
    );
    let healthy_resyncs: Vec<ResyncSupport> = world
        .accounts()
        .iter()
        .filter(|a| a.status == AccountStatus::Ok)
        .map(|a| a.resync)
        .collect();
    assert!(healthy_resyncs.contains(&ResyncSupport::Walks));
    assert!(healthy_resyncs.contains(&ResyncSupport::NotImplemented));

    let chats = world.chats();
    assert!(chats.len() >= 40, "{} chats", chats.len());
    let count = |f: &dyn Fn(&crate::ChatRecord) -> bool| chats.iter().filter(|c| f(c)).count();
    assert!(count(&|c| c.chat_type == ChatType::Group) >= 3);
    assert_eq!(
        count(&|c| c.chat_type == ChatType::Channel && c.read_only == 1),
        1
    );
    assert_eq!(count(&|c| c.reactions_disabled), 1);
    assert!(count(&|c| c.archived) >= 2);
    assert!(count(&|c| c.muted_until == MutedUntil::Forever) >= 1);
    assert!(count(&|c| matches!(c.muted_until, MutedUntil::Until(t) if t > anchor())) >= 1);
    assert!(count(&|c| c.unread_count > 0) >= 5);
    assert!(count(&|c| c.name.is_none()) >= 1, "an unsaved number");

    let long = count(&|c| world.messages(&c.id).len() >= 300);
    assert!(long >= 3, "{long} long histories");
    let total = world.message_count();
    assert!((1_500..5_000).contains(&total), "{total} messages");
}

#[test]
fn unread_counts_match_the_newest_unseen_messages_from_the_other_side() {
    let world = demo();
    for chat in world.chats() {
        let history = world.messages(&chat.id);
        let trailing_unseen = history
            .iter()
            .rev()
            .take_while(|m| !m.is_sender && !m.seen)
            .count();
        let all_unseen = history.iter().filter(|m| !m.is_sender && !m.seen).count();
        assert_eq!(
            chat.unread_count as usize, trailing_unseen,
            "{:?}",
            chat.name
        );
        assert_eq!(all_unseen, trailing_unseen, "{:?}", chat.name);
    }
}

#[test]
fn own_messages_sit_inside_and_outside_the_edit_and_delete_windows() {
    let world = demo();
    let ages: Vec<TimeDelta> = all_messages(&world)
        .filter(|m| m.is_sender && !m.deleted && m.text.is_some())
        .map(|m| anchor() - m.timestamp)
        .collect();
    let edit = TimeDelta::minutes(15);
    let delete = TimeDelta::hours(60);
    assert!(ages.iter().filter(|&&age| age < edit).count() >= 2);
    assert!(
        ages.iter()
            .any(|&age| age > edit && age < TimeDelta::hours(1))
    );
    assert!(
        ages.iter()
            .any(|&age| age > TimeDelta::hours(48) && age < delete)
    );
    assert!(ages.iter().any(|&age| age > delete));
}

#[test]
fn timestamps_are_in_the_past_at_millisecond_precision_and_ordered() {
    let world = demo();
    for chat in world.chats() {
        let history = world.messages(&chat.id);
        assert!(history.windows(2).all(|w| w[0].timestamp < w[1].timestamp));
        assert_eq!(chat.timestamp, history.last().map(|m| m.timestamp));
        for message in history {
            assert!(message.timestamp < anchor());
            assert_eq!(message.timestamp.timestamp_subsec_nanos() % 1_000_000, 0);
        }
    }
    let oldest = all_messages(&world).map(|m| m.timestamp).min().unwrap();
    assert!(
        anchor() - oldest > TimeDelta::days(14),
        "history spans days"
    );
}

#[test]
fn people_and_ids_are_consistent() {
    let world = demo();
    for account in world.accounts() {
        let known: Vec<_> = world.known_attendees(&account.id).collect();
        let own: Vec<_> = known.iter().filter(|a| a.is_self).collect();
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].provider_id, account.provider_id());
        let chatted: HashSet<&str> = world
            .chats()
            .iter()
            .filter(|c| c.account_id == account.id)
            .filter_map(|c| c.attendee_provider_id.as_deref())
            .collect();
        let warm = known
            .iter()
            .filter(|a| !a.is_self && a.provider_id.ends_with("@s.whatsapp.net"))
            .filter(|a| !chatted.contains(a.provider_id.as_str()))
            .count();
        assert!(warm >= 1, "{} has nobody new to write to", account.name);
    }
    for chat in world.chats() {
        let members: HashSet<_> = chat.members.iter().collect();
        for member in &chat.members {
            let attendee = world.attendee(member).unwrap();
            assert_eq!(attendee.account_id, chat.account_id);
        }
        for message in world.messages(&chat.id) {
            assert!(
                members.contains(&message.sender_attendee_id),
                "{}",
                message.id
            );
            let sender = world.attendee(&message.sender_attendee_id).unwrap();
            assert_eq!(sender.provider_id, message.sender_id);
            assert_eq!(sender.is_self, message.is_sender);
            assert_eq!(world.message(&message.id).unwrap().chat_id, chat.id);
        }
        match chat.chat_type {
            ChatType::Single => assert!(chat.provider_id.ends_with("@s.whatsapp.net")),
            ChatType::Group => assert!(
                chat.provider_id.starts_with("120363") && chat.provider_id.ends_with("@g.us")
            ),
            ChatType::Channel => assert!(chat.provider_id.ends_with("@newsletter")),
        }
    }
    let ids: HashSet<_> = all_messages(&world).map(|m| &m.id).collect();
    assert_eq!(ids.len(), world.message_count());
}

#[test]
fn the_content_exercises_what_the_ui_must_render() {
    let world = demo();
    let texts: Vec<&str> = all_messages(&world)
        .filter_map(|m| m.text.as_deref())
        .collect();
    let any = |needle: &dyn Fn(&str) -> bool| texts.iter().any(|t| needle(t));
    assert!(any(&|t| t.contains("👨‍👩‍👧‍👦")), "a ZWJ family");
    assert!(any(&|t| t.contains("🇯🇵") || t.contains("🇧🇷")), "a flag");
    assert!(
        any(&|t| t.contains("👍🏽") || t.contains("🙏🏾")),
        "a skin tone"
    );
    assert!(
        any(&|t| t.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))),
        "CJK"
    );
    assert!(
        any(&|t| t.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))),
        "Arabic"
    );
    assert!(any(&|t| t.contains('\u{1b}')), "a terminal escape");
    assert!(any(&|t| t.contains('\u{202E}')), "a bidi override");
    assert!(
        any(&|t| t.matches("\n\n").count() >= 3),
        "a long multi-paragraph text"
    );

    let messages: Vec<&MessageRecord> = all_messages(&world).collect();
    let has = |f: &dyn Fn(&MessageRecord) -> bool| messages.iter().any(|m| f(m));
    assert!(has(&|m| m.quoted.is_some()));
    assert!(has(&|m| m.reactions.iter().any(|r| r.is_sender)));
    assert!(has(&|m| m.reactions.iter().any(|r| !r.is_sender)));
    assert!(has(&|m| m.edited));
    assert!(has(&|m| m.deleted
        && m.text.is_none()
        && m.attachments.is_empty()));
    assert!(has(&|m| m.is_event()));
    assert!(has(&|m| m
        .attachments
        .iter()
        .any(|a| a.kind.as_str() == "img")));
    assert!(has(&|m| m
        .attachments
        .iter()
        .any(|a| a.kind.as_str() == "file" && a.file_name.is_some())));
    let unavailable = messages
        .iter()
        .flat_map(|m| &m.attachments)
        .filter(|a| a.unavailable)
        .count();
    assert_eq!(unavailable, 1);
    let group_senders: HashSet<&str> = world
        .chats()
        .iter()
        .filter(|c| c.chat_type == ChatType::Group)
        .flat_map(|c| world.messages(&c.id))
        .filter(|m| !m.is_sender)
        .map(|m| m.sender_id.as_str())
        .collect();
    assert!(group_senders.len() >= 3);
}

/// Everything a client could read, as the JSON the sandbox would serve.
fn served_json(world: &World) -> String {
    let mut out = String::new();
    for account in world.accounts() {
        out += &serde_json::to_string(&wire::account(account)).unwrap();
    }
    for attendee in world.attendees() {
        out += &serde_json::to_string(&wire::attendee(attendee)).unwrap();
    }
    for chat in world.chats() {
        out += &serde_json::to_string(&wire::chat(chat)).unwrap();
        for message in world.messages(&chat.id) {
            out += &serde_json::to_string(&wire::message(message)).unwrap();
        }
    }
    out
}

#[test]
fn the_same_seed_gives_the_same_json_and_another_seed_does_not() {
    let first = served_json(&demo());
    assert_eq!(served_json(&demo()), first);
    assert_ne!(served_json(&generate(8, anchor(), Scale::Demo)), first);
    let later = anchor() + TimeDelta::days(1);
    assert_ne!(served_json(&generate(7, later, Scale::Demo)), first);
}

fn large(chats: usize, messages: usize) -> World {
    generate(7, anchor(), Scale::Large { chats, messages })
}

#[test]
fn a_large_inbox_has_exactly_the_size_asked_for_with_one_long_thread_on_top() {
    let world = large(400, 6_000);
    assert_eq!(world.chats().len(), 400);
    assert_eq!(world.message_count(), 6_000);
    let sizes: Vec<usize> = world
        .chats()
        .iter()
        .map(|c| world.messages(&c.id).len())
        .collect();
    // Chat 0: a twentieth of everything, and the most recent chat.
    assert_eq!(sizes[0], 300);
    let newest = world.chats().iter().max_by_key(|c| c.timestamp).unwrap();
    assert_eq!(newest.id, world.chats()[0].id);
    // A long tail: most chats short, some ten times the median.
    let mut sorted = sizes[1..].to_vec();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    assert!((5..=25).contains(&median), "median {median}");
    assert!(*sorted.last().unwrap() >= 10 * median, "{sorted:?}");
    // The long thread of a full-size inbox is capped.
    let counts = LargeInbox::new(7, anchor(), 100_000, 1_000_000);
    assert_eq!(counts.chat(0).unwrap().messages.len(), super::LONG_THREAD);
    assert_eq!(counts.message_count(), 1_000_000);
}

#[test]
fn a_large_inbox_is_the_same_chat_by_chat_and_whole() {
    let inbox = LargeInbox::new(7, anchor(), 50, 800);
    let streamed: Vec<_> = inbox.chats().collect();
    let world = inbox.world();
    assert_eq!(streamed.len(), world.chats().len());
    for (history, chat) in streamed.iter().zip(world.chats()) {
        assert_eq!(&history.chat, chat);
        assert_eq!(history.messages.as_slice(), world.messages(&chat.id));
    }
    // One chat can be made again on its own, identically.
    assert_eq!(inbox.chat(17).unwrap().messages, streamed[17].messages);
    let other = LargeInbox::new(8, anchor(), 50, 800);
    assert_ne!(other.chat(17).unwrap().chat.id, streamed[17].chat.id);
}

#[test]
fn a_large_inbox_holds_what_a_real_one_does() {
    let world = large(2_000, 20_000);
    let chats = world.chats();
    let count = |f: &dyn Fn(&crate::ChatRecord) -> bool| chats.iter().filter(|c| f(c)).count();
    assert!(count(&|c| c.chat_type == ChatType::Group) >= 20);
    assert!(count(&|c| c.unread_count > 0) >= 50);
    assert!(count(&|c| c.archived) >= 20);
    assert!(count(&|c| c.name.is_none()) >= 100, "unsaved numbers");
    for account in world.accounts() {
        assert!(chats.iter().any(|c| c.account_id == account.id));
    }
    let numbers: HashSet<&str> = chats
        .iter()
        .filter_map(|c| c.attendee_provider_id.as_deref())
        .collect();
    assert_eq!(numbers.len(), count(&|c| c.chat_type == ChatType::Single));
    assert!(numbers.iter().all(|n| n.starts_with("999")));
    let ids: HashSet<_> = all_messages(&world).map(|m| &m.id).collect();
    assert_eq!(ids.len(), world.message_count());
    for chat in chats {
        let history = world.messages(&chat.id);
        assert!(history.windows(2).all(|w| w[0].timestamp < w[1].timestamp));
        let trailing_unseen = history
            .iter()
            .rev()
            .take_while(|m| !m.is_sender && !m.seen)
            .count();
        assert_eq!(chat.unread_count as usize, trailing_unseen);
        for message in history {
            let sender = world.attendee(&message.sender_attendee_id).unwrap();
            assert_eq!(sender.provider_id, message.sender_id);
            assert!(message.timestamp < anchor());
        }
    }
    let messages: Vec<&MessageRecord> = all_messages(&world).collect();
    let share = |f: &dyn Fn(&MessageRecord) -> bool| {
        messages.iter().filter(|m| f(m)).count() as f64 / messages.len() as f64
    };
    assert!(share(&|m| !m.attachments.is_empty()) > 0.02, "media");
    assert!(share(&|m| !m.reactions.is_empty()) > 0.03, "reactions");
    assert!(share(&|m| m.quoted.is_some()) > 0.01, "quotes");
    assert!(share(&|m| m.is_sender) > 0.2, "our replies");
    let mean_text = messages
        .iter()
        .filter_map(|m| m.text.as_deref())
        .map(|t| t.chars().count())
        .sum::<usize>() as f64
        / messages.len() as f64;
    assert!(
        (20.0..200.0).contains(&mean_text),
        "{mean_text} characters a message"
    );
}
