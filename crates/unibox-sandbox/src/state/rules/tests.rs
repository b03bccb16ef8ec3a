//! The provider's rules on a small hand-built world, at chosen instants.

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;
use crate::data::IdSource;
use crate::domain::{AttendeeId, ChatId, MessageId};

const OURS: &str = "33100000000@s.whatsapp.net";
const ALICE: &str = "33100000001@s.whatsapp.net";
const BOB: &str = "33100000002@s.whatsapp.net";
const CLAIRE: &str = "33100000003@s.whatsapp.net";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap()
}

fn minutes_ago(minutes: i64) -> DateTime<Utc> {
    now() - TimeDelta::minutes(minutes)
}

/// One connected account "shop" that knows Alice (a chat), Bob and Claire (no chat yet); a
/// group with Alice; a read-only channel; a chat without reactions; and a disconnected
/// account "old" with a chat with Alice.
struct Fixture {
    world: World,
}

impl Fixture {
    fn new() -> Self {
        let mut world = World::new(IdSource::new(1));
        for (account, status) in [
            ("shop", AccountStatus::Ok),
            ("old", AccountStatus::Credentials),
        ] {
            world.add_account(AccountRecord {
                id: account.into(),
                name: account.into(),
                phone_number: "+33100000000".into(),
                status,
                created_at: minutes_ago(100_000),
                resync: ResyncSupport::Walks,
                account_type: "WHATSAPP".to_owned(),
            });
        }
        let people = [
            ("shop-me", "shop", OURS, true),
            ("shop-alice", "shop", ALICE, false),
            ("shop-bob", "shop", BOB, false),
            ("shop-claire", "shop", CLAIRE, false),
            ("old-me", "old", OURS, true),
            ("old-alice", "old", ALICE, false),
        ];
        for (id, account, provider_id, is_self) in people {
            world.add_attendee(AttendeeRecord {
                id: id.into(),
                account_id: account.into(),
                provider_id: provider_id.into(),
                name: id.into(),
                is_self,
            });
        }
        let mut fixture = Self { world };
        let alice = fixture.chat("alice", "shop", &["shop-me", "shop-alice"], |_| {});
        fixture.message(&alice, "ours-2min", true, 2, Some("see you soon"));
        fixture.message(&alice, "ours-20min", true, 20, Some("on its way"));
        fixture.message(&alice, "ours-3d", true, 3 * 24 * 60, Some("thanks!"));
        fixture.message(&alice, "ours-photo", true, 5, None);
        fixture.message(&alice, "theirs-1min", false, 1, Some("great"));
        let group = fixture.chat(
            "group",
            "shop",
            &["shop-me", "shop-alice", "shop-bob"],
            |c| {
                c.chat_type = ChatType::Group;
                c.attendee_provider_id = None;
                c.provider_id = "120363000000000001@g.us".into();
            },
        );
        fixture.message(&group, "group-theirs", false, 30, Some("hello all"));
        let channel = fixture.chat("channel", "shop", &["shop-me", "shop-alice"], |c| {
            c.read_only = 1;
        });
        fixture.message(&channel, "channel-post", false, 60, Some("news"));
        let quiet = fixture.chat("quiet", "shop", &["shop-me", "shop-bob"], |c| {
            c.reactions_disabled = true;
            c.attendee_provider_id = Some(BOB.into());
        });
        fixture.message(&quiet, "quiet-theirs", false, 10, Some("no emoji here"));
        let old = fixture.chat("old-alice", "old", &["old-me", "old-alice"], |_| {});
        fixture.message(&old, "old-ours", true, 1, Some("sent from the old number"));
        fixture
    }

    fn chat(
        &mut self,
        id: &str,
        account: &str,
        members: &[&str],
        adjust: impl FnOnce(&mut ChatRecord),
    ) -> ChatId {
        let mut chat = ChatRecord {
            id: id.into(),
            account_id: account.into(),
            provider_id: ALICE.into(),
            attendee_provider_id: Some(ALICE.into()),
            name: Some(id.into()),
            chat_type: ChatType::Single,
            timestamp: None,
            unread_count: 0,
            archived: false,
            muted_until: MutedUntil::NotMuted,
            read_only: 0,
            reactions_disabled: false,
            members: members.iter().map(|&m| AttendeeId::from(m)).collect(),
        };
        adjust(&mut chat);
        self.world.add_chat(chat, Vec::new());
        id.into()
    }

    /// Adds a message `age` minutes old; `text: None` makes it a photo without caption.
    fn message(&mut self, chat: &ChatId, id: &str, ours: bool, age: i64, text: Option<&str>) {
        let record = self.world.chat(chat).unwrap();
        let (sender, sender_attendee) = if ours {
            (OURS, record.members[0].clone())
        } else {
            (ALICE, record.members.last().unwrap().clone())
        };
        let attachments = match text {
            Some(_) => Vec::new(),
            None => vec![AttachmentRecord {
                id: "photo".into(),
                kind: AttachmentKind::Image {
                    width: 10,
                    height: 10,
                },
                mimetype: "image/jpeg".into(),
                file_size: 100,
                file_name: None,
                unavailable: false,
                content: AttachmentContent::Generated { seed: 1 },
            }],
        };
        let message = MessageRecord {
            id: id.into(),
            account_id: record.account_id.clone(),
            chat_id: chat.clone(),
            chat_provider_id: record.provider_id.clone(),
            provider_id: format!("P-{id}"),
            sender_id: sender.into(),
            sender_attendee_id: sender_attendee,
            text: text.map(str::to_owned),
            attachments,
            timestamp: minutes_ago(age),
            is_sender: ours,
            quoted: None,
            reactions: Vec::new(),
            seen: true,
            seen_by: Vec::new(),
            delivered: true,
            deleted: false,
            edited: false,
            event_type: None,
        };
        self.world.push_message(message);
    }

    fn message_at(&self, id: &str) -> &MessageRecord {
        self.world.message(&MessageId::from(id)).unwrap()
    }
}

fn text(text: &str) -> NewMessage {
    NewMessage {
        text: Some(text.into()),
        ..NewMessage::default()
    }
}

fn start(recipients: &[&str]) -> NewChat {
    NewChat {
        account_id: "shop".into(),
        attendee_provider_ids: recipients.iter().map(|&r| r.to_owned()).collect(),
        text: Some("Bonjour !".into()),
        ..NewChat::default()
    }
}

#[test]
fn an_own_text_can_be_edited_within_fifteen_minutes() {
    let mut f = Fixture::new();
    let id = MessageId::from("ours-2min");
    f.world.edit_message(&id, "see you at 5", now()).unwrap();
    let edited = f.message_at("ours-2min");
    assert_eq!(edited.text.as_deref(), Some("see you at 5"));
    assert!(edited.edited);

    // The window closes 15 minutes after the send time, not after the edit.
    let just_inside = minutes_ago(2) + TimeDelta::minutes(15);
    assert_eq!(f.world.edit_message(&id, "again", just_inside), Ok(()));
    let just_after = just_inside + TimeDelta::milliseconds(1);
    assert_eq!(
        f.world.edit_message(&id, "too late", just_after),
        Err(Rejection::EditWindowClosed)
    );
}

#[test]
fn edits_outside_the_window_or_of_others_change_nothing() {
    let mut f = Fixture::new();
    let cases = [
        ("ours-20min", Rejection::EditWindowClosed),
        ("theirs-1min", Rejection::NotOwnMessage),
        ("ours-photo", Rejection::NotTextMessage),
    ];
    for (id, expected) in cases {
        let before = f.message_at(id).clone();
        assert_eq!(
            f.world.edit_message(&id.into(), "changed", now()),
            Err(expected),
            "{id}"
        );
        assert_eq!(f.message_at(id), &before, "{id}");
    }
    assert_eq!(
        f.world.edit_message(&"ours-2min".into(), "  ", now()),
        Err(Rejection::MissingParameter("text"))
    );
    assert_eq!(
        f.world.edit_message(&"nope".into(), "x", now()),
        Err(Rejection::UnknownMessage("nope".into()))
    );
}

#[test]
fn delete_revokes_own_messages_within_sixty_hours() {
    let mut f = Fixture::new();
    f.world.delete_message(&"ours-photo".into(), now()).unwrap();
    let revoked = f.message_at("ours-photo");
    assert!(revoked.deleted);
    assert_eq!(revoked.text, None);
    assert!(revoked.attachments.is_empty());
    assert_eq!(
        f.world.delete_message(&"ours-photo".into(), now()),
        Err(Rejection::MessageDeleted)
    );
    assert_eq!(
        f.world.edit_message(&"ours-photo".into(), "x", now()),
        Err(Rejection::MessageDeleted)
    );

    let before = f.message_at("ours-3d").clone();
    assert_eq!(
        f.world.delete_message(&"ours-3d".into(), now()),
        Err(Rejection::DeleteWindowClosed)
    );
    assert_eq!(f.message_at("ours-3d"), &before);
    let inside = minutes_ago(3 * 24 * 60) + TimeDelta::hours(60);
    assert_eq!(f.world.delete_message(&"ours-3d".into(), inside), Ok(()));
    assert_eq!(
        f.world.delete_message(&"theirs-1min".into(), now()),
        Err(Rejection::NotOwnMessage)
    );
}

#[test]
fn the_window_refusals_are_the_ones_a_provider_may_swallow() {
    assert!(Rejection::EditWindowClosed.is_outside_window());
    assert!(Rejection::DeleteWindowClosed.is_outside_window());
    assert!(!Rejection::NotOwnMessage.is_outside_window());
}

#[test]
fn start_chat_reaches_only_people_the_account_knows() {
    let mut f = Fixture::new();
    let chats_before = f.world.chats().len();
    for stranger in ["33699999999@s.whatsapp.net", "+33699999999", OURS] {
        assert_eq!(
            f.world.start_chat(start(&[stranger]), now()),
            Err(Rejection::InvalidRecipient(stranger.into())),
            "{stranger}"
        );
    }
    // One unknown among known ones refuses the whole request.
    assert_eq!(
        f.world
            .start_chat(start(&[BOB, "33611111111@s.whatsapp.net"]), now()),
        Err(Rejection::InvalidRecipient(
            "33611111111@s.whatsapp.net".into()
        ))
    );
    assert_eq!(f.world.chats().len(), chats_before);
    assert_eq!(
        f.world.start_chat(start(&[]), now()),
        Err(Rejection::MissingParameter("attendees_ids"))
    );
}

#[test]
fn start_chat_with_someone_already_chatted_with_reuses_that_chat() {
    let mut f = Fixture::new();
    let chats_before = f.world.chats().len();
    let (chat, message) = f.world.start_chat(start(&[ALICE]), now()).unwrap();
    assert_eq!(chat, ChatId::from("alice"));
    assert_eq!(f.world.chats().len(), chats_before);
    let newest = f.world.messages(&chat).last().unwrap();
    assert_eq!(newest.id, message);
    assert_eq!(newest.text.as_deref(), Some("Bonjour !"));
    assert!(newest.is_sender);
}

#[test]
fn start_chat_with_a_known_person_without_chat_opens_one() {
    let mut f = Fixture::new();
    let (chat, message) = f.world.start_chat(start(&[CLAIRE]), now()).unwrap();
    let record = f.world.chat(&chat).unwrap();
    assert_eq!(record.chat_type, ChatType::Single);
    assert_eq!(record.attendee_provider_id.as_deref(), Some(CLAIRE));
    assert_eq!(record.account_id.as_str(), "shop");
    assert_eq!(record.timestamp, Some(now()));
    let members: Vec<&str> = record.members.iter().map(AttendeeId::as_str).collect();
    assert_eq!(members, ["shop-me", "shop-claire"]);
    assert_eq!(f.world.messages(&chat).len(), 1);
    assert_eq!(f.world.message(&message).unwrap().sender_id, OURS);

    let mut group = start(&[BOB, CLAIRE]);
    group.subject = Some("Atelier".into());
    let (group, _) = f.world.start_chat(group, now()).unwrap();
    let record = f.world.chat(&group).unwrap();
    assert_eq!(record.chat_type, ChatType::Group);
    assert_eq!(record.name.as_deref(), Some("Atelier"));
    assert!(record.provider_id.ends_with("@g.us"));
}

#[test]
fn one_reaction_per_person_replaced_or_removed() {
    let mut f = Fixture::new();
    let id = MessageId::from("theirs-1min");
    f.world
        .message_mut(&id)
        .unwrap()
        .reactions
        .push(ReactionRecord {
            value: "😂".into(),
            sender_id: ALICE.into(),
            is_sender: false,
        });
    let ours = |f: &Fixture| -> Vec<String> {
        f.message_at("theirs-1min")
            .reactions
            .iter()
            .filter(|r| r.is_sender)
            .map(|r| r.value.clone())
            .collect()
    };
    f.world.react(&id, "👍").unwrap();
    assert_eq!(ours(&f), ["👍"]);
    f.world.react(&id, "❤️").unwrap();
    assert_eq!(ours(&f), ["❤️"]);
    f.world.react(&id, "👍🏽").unwrap();
    assert_eq!(ours(&f), ["👍🏽"]);
    f.world.react(&id, "").unwrap();
    assert!(ours(&f).is_empty());
    // Alice's reaction is hers: untouched throughout.
    let theirs = &f.message_at("theirs-1min").reactions;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].sender_id, ALICE);
    assert_eq!(f.world.react(&id, "").map_err(|e| e.to_string()), Ok(()));
}

#[test]
fn reactions_respect_the_chat_and_are_one_emoji() {
    let mut f = Fixture::new();
    assert_eq!(
        f.world.react(&"quiet-theirs".into(), "👍"),
        Err(Rejection::ReactionsDisabled)
    );
    for bad in ["ok", "👍👍", "x👍", " "] {
        assert_eq!(
            f.world.react(&"theirs-1min".into(), bad),
            Err(Rejection::InvalidReaction(bad.into())),
            "{bad:?}"
        );
    }
    assert!(f.message_at("theirs-1min").reactions.is_empty());
}

#[test]
fn a_send_appears_at_once_and_moves_the_chat() {
    let mut f = Fixture::new();
    let chat = ChatId::from("alice");
    f.world.receive(&chat, "are you there?", now()).unwrap();
    assert_eq!(f.world.chat(&chat).unwrap().unread_count, 1);
    let request = NewMessage {
        account_id: Some("shop".into()),
        text: Some("yes!".into()),
        quote_id: Some("theirs-1min".into()),
        uploads: vec![Upload {
            file_name: "plan.pdf".into(),
            mimetype: Some("application/pdf".into()),
            bytes: Bytes::from_static(b"%PDF-1.7 tiny"),
        }],
    };
    let later = now() + TimeDelta::seconds(5);
    let id = f.world.send_message(&chat, request, later).unwrap();
    let sent = f.world.messages(&chat).last().unwrap();
    assert_eq!(sent.id, id);
    assert!(sent.is_sender && sent.delivered && !sent.seen);
    assert_eq!(sent.timestamp, later);
    let quoted = sent.quoted.as_ref().unwrap();
    assert_eq!(quoted.provider_id, "P-theirs-1min");
    assert_eq!(quoted.text.as_deref(), Some("great"));
    let attachment = &sent.attachments[0];
    assert_eq!(attachment.file_name.as_deref(), Some("plan.pdf"));
    assert_eq!(attachment.mimetype, "application/pdf");
    assert_eq!(attachment.file_size, 13);
    assert_eq!(attachment.kind, AttachmentKind::File);
    let chat_after = f.world.chat(&chat).unwrap();
    assert_eq!(chat_after.timestamp, Some(later));
    // Replying reads the chat, as on the phone.
    assert_eq!(chat_after.unread_count, 0);
    assert!(
        f.world
            .messages(&chat)
            .iter()
            .all(|m| m.is_sender || m.seen)
    );
}

#[test]
fn sends_are_refused_where_the_provider_refuses_them() {
    let mut f = Fixture::new();
    let cases = [
        ("channel", text("hi"), Rejection::ReadOnlyChat),
        (
            "old-alice",
            text("hi"),
            Rejection::AccountDisconnected("old".into()),
        ),
        (
            "alice",
            NewMessage::default(),
            Rejection::MissingParameter("text"),
        ),
        (
            "alice",
            NewMessage {
                account_id: Some("old".into()),
                ..text("hi")
            },
            Rejection::AccountMismatch,
        ),
        (
            "alice",
            NewMessage {
                quote_id: Some("group-theirs".into()),
                ..text("hi")
            },
            Rejection::InvalidParameter(
                "quote_id group-theirs is not a message of this chat".into(),
            ),
        ),
        (
            "nowhere",
            text("hi"),
            Rejection::UnknownChat("nowhere".into()),
        ),
    ];
    let total_before = f.world.message_count();
    for (chat, request, expected) in cases {
        assert_eq!(
            f.world.send_message(&chat.into(), request, now()),
            Err(expected),
            "{chat}"
        );
    }
    assert_eq!(f.world.message_count(), total_before);
}

#[test]
fn files_over_25_mib_are_refused() {
    let mut f = Fixture::new();
    let upload = |len: usize| Upload {
        file_name: "video.mp4".into(),
        mimetype: Some("video/mp4".into()),
        bytes: Bytes::from(vec![0u8; len]),
    };
    let limit = MAX_FILE_BYTES as usize;
    let request = |len| NewMessage {
        uploads: vec![upload(1), upload(len)],
        ..NewMessage::default()
    };
    assert_eq!(
        f.world
            .send_message(&"alice".into(), request(limit + 1), now()),
        Err(Rejection::FileTooLarge {
            file_name: "video.mp4".into(),
            bytes: limit as u64 + 1,
        })
    );
    let id = f
        .world
        .send_message(&"alice".into(), request(limit), now())
        .unwrap();
    let sent = f.world.message(&id).unwrap();
    assert!(matches!(
        sent.attachments[1].kind,
        AttachmentKind::Video { .. }
    ));
}

#[test]
fn the_contact_reads_what_we_sent_after_a_while() {
    let mut f = Fixture::new();
    let chat = ChatId::from("alice");
    let id = f.world.send_message(&chat, text("hello"), now()).unwrap();
    let delay = TimeDelta::seconds(3);
    f.world
        .settle_reads(&chat, now() + TimeDelta::seconds(2), delay);
    assert!(!f.world.message(&id).unwrap().seen);
    f.world
        .settle_reads(&"group".into(), now() + TimeDelta::hours(1), delay);
    assert!(!f.world.message(&id).unwrap().seen, "another chat's read");
    f.world.settle_reads(&chat, now() + delay, delay);
    let read = f.world.message(&id).unwrap();
    assert!(read.seen);
    let readers: Vec<&str> = read.seen_by.iter().map(|(who, _)| who.as_str()).collect();
    assert_eq!(readers, [ALICE]);
}

#[test]
fn mark_read_and_unread() {
    let mut f = Fixture::new();
    let chat = ChatId::from("group");
    f.world.receive(&chat, "one", now()).unwrap();
    f.world.receive(&chat, "two", now()).unwrap();
    assert_eq!(f.world.chat(&chat).unwrap().unread_count, 2);
    f.world.set_read_status(&chat, true).unwrap();
    assert_eq!(f.world.chat(&chat).unwrap().unread_count, 0);
    assert!(f.world.messages(&chat).iter().all(|m| m.seen));
    f.world.set_read_status(&chat, false).unwrap();
    assert_eq!(f.world.chat(&chat).unwrap().unread_count, 1);
    assert!(!f.world.messages(&chat).last().unwrap().seen);
    assert_eq!(
        f.world.set_read_status(&"old-alice".into(), true),
        Err(Rejection::AccountDisconnected("old".into()))
    );
}

#[test]
fn inbound_messages_come_from_the_other_members_and_count_as_unread() {
    let mut f = Fixture::new();
    let chat = ChatId::from("group");
    let senders: Vec<String> = (0..4)
        .map(|n| {
            let id = f.world.receive(&chat, &format!("msg {n}"), now()).unwrap();
            f.world.message(&id).unwrap().sender_id.clone()
        })
        .collect();
    assert!(
        senders.iter().all(|s| s == ALICE || s == BOB),
        "{senders:?}"
    );
    assert!(senders.contains(&BOB.to_owned()) && senders.contains(&ALICE.to_owned()));
    let record = f.world.chat(&chat).unwrap();
    assert_eq!(record.unread_count, 4);
    // Same instant as the previous message, still strictly newer.
    let history = f.world.messages(&chat);
    assert!(history.windows(2).all(|w| w[0].timestamp < w[1].timestamp));
    assert_eq!(record.timestamp, Some(history.last().unwrap().timestamp));
}

#[test]
fn resyncs_walk_through_their_statuses() {
    let mut f = Fixture::new();
    let walk: Vec<&str> = (0..4)
        .map(|_| f.world.poll_account_resync(&"shop".into()).unwrap())
        .collect();
    assert_eq!(
        walk,
        ["SYNC_STARTED", "SYNC_RUNNING", "SYNC_DONE", "SYNC_STARTED"]
    );
    assert_eq!(f.world.poll_chat_sync(&"alice".into()), Ok("SYNC_STARTED"));
    assert_eq!(
        f.world.poll_account_resync(&"old".into()),
        Err(Rejection::AccountDisconnected("old".into()))
    );
    f.world.accounts[0].resync = ResyncSupport::NotImplemented;
    assert_eq!(
        f.world.poll_account_resync(&"shop".into()),
        Err(Rejection::ResyncNotImplemented)
    );
}
