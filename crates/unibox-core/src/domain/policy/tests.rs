//! Each cell of the table in docs/providers/policy.md, and the customer-service window at its
//! edges.

use chrono::{Duration, TimeZone, Utc};

use super::*;

fn unipile_whatsapp() -> Policy {
    Policy::of(Provider::Unipile, &Channel::WhatsApp)
}

fn late_whatsapp() -> Policy {
    Policy::of(Provider::Late, &Channel::WhatsApp)
}

#[test]
fn unipile_whatsapp_keeps_todays_rules() {
    let p = unipile_whatsapp();
    assert_eq!(p.kind, "WhatsApp");
    assert_eq!(p.edit, Some(Window::Within(Duration::minutes(15))));
    assert_eq!(p.delete, Some(Window::Within(Duration::hours(60))));
    assert!(p.react);
    assert!(p.quote);
    assert!(p.send);
    assert!(p.start_chat);
    let files = p.attachments.as_ref().unwrap();
    assert_eq!(files.per_message, None);
    assert_eq!(files.max_bytes, 25 * 1024 * 1024);
    assert_eq!(files.max_bytes_for("image/png"), 25 * 1024 * 1024);
    assert_eq!(files.caption_chars, None);
    assert_eq!(p.service_window, None);
    assert!(!p.templates);
    assert!(!p.idempotent_sends);
    assert_eq!(p.max_text_chars, 65_536);
}

#[test]
fn late_whatsapp_is_the_cloud_api() {
    let p = late_whatsapp();
    assert_eq!(p.kind, "WhatsApp Business (Cloud API)");
    assert_eq!(p.channel, "WhatsApp");
    assert_eq!(p.edit, None);
    assert_eq!(p.delete, None);
    assert!(p.react);
    assert!(p.quote);
    assert!(p.send);
    assert_eq!(p.service_window, Some(Duration::hours(24)));
    assert!(p.templates);
    assert!(p.idempotent_sends);
    assert_eq!(p.max_text_chars, 4_096);
    let files = p.attachments.as_ref().unwrap();
    assert_eq!(files.per_message, Some(1));
    assert_eq!(files.caption_chars, Some(1_024));
    assert_eq!(files.max_bytes_for("image/jpeg"), 5_000_000);
    assert_eq!(files.max_bytes_for("image/png"), 5_000_000);
    assert_eq!(files.max_bytes_for("video/mp4"), 16_000_000);
    assert_eq!(files.max_bytes_for("video/3gpp"), 16_000_000);
    assert_eq!(files.max_bytes_for("audio/ogg; codecs=opus"), 16_000_000);
    assert_eq!(files.max_bytes_for("audio/mpeg"), 16_000_000);
    // Anything else goes as a document, held to unibox's ceiling.
    assert_eq!(files.max_bytes_for("application/pdf"), 25 * 1024 * 1024);
    assert_eq!(files.max_bytes_for("image/webp"), 25 * 1024 * 1024);
}

#[test]
fn unipile_other_channels_send_text_only() {
    for channel in [
        Channel::LinkedIn,
        Channel::Telegram,
        Channel::Other("X".into()),
    ] {
        let p = Policy::of(Provider::Unipile, &channel);
        assert_eq!(p.kind, channel.label());
        assert_eq!((p.edit, p.delete), (None, None), "{channel:?}");
        assert!(!p.react && !p.quote && !p.start_chat, "{channel:?}");
        assert!(p.send, "{channel:?}");
        assert_eq!(p.attachments, None, "{channel:?}");
        assert_eq!(p.service_window, None);
        assert_eq!(p.max_text_chars, 65_536);
    }
}

#[test]
fn late_other_rows() {
    let telegram = Policy::of(Provider::Late, &Channel::Telegram);
    assert_eq!(telegram.edit, Some(Window::AnyTime));
    assert_eq!(telegram.delete, Some(Window::AnyTime));
    assert_eq!(telegram.service_window, None);
    assert_eq!(telegram.max_text_chars, 4_096);

    let instagram = Policy::of(Provider::Late, &Channel::Instagram);
    let messenger = Policy::of(Provider::Late, &Channel::Messenger);
    assert_eq!(instagram.max_text_chars, 1_000);
    assert_eq!(messenger.max_text_chars, 2_000);
    for meta in [&instagram, &messenger] {
        assert_eq!((meta.edit, meta.delete), (None, None));
        assert!(meta.react && !meta.quote);
        assert_eq!(meta.service_window, Some(Duration::hours(24)));
    }

    let imessage = Policy::of(Provider::Late, &Channel::Other("imessage".into()));
    assert_eq!(imessage.edit, Some(Window::Within(Duration::minutes(15))));
    assert_eq!(imessage.delete, Some(Window::Within(Duration::minutes(2))));
    assert!(imessage.max_text_chars < 10_000);

    let slack = Policy::of(Provider::Late, &Channel::Other("slack".into()));
    assert!(slack.send && !slack.react && !slack.quote);
    assert_eq!(slack.max_text_chars, 4_096);

    let unknown = Policy::of(Provider::Late, &Channel::Other("fax".into()));
    assert!(!unknown.send && !unknown.react && !unknown.start_chat);
    assert_eq!((unknown.edit, unknown.delete), (None, None));
}

#[test]
fn every_row_that_sends_idempotently_is_a_late_row() {
    assert!(!unipile_whatsapp().idempotent_sends);
    assert!(!Policy::of(Provider::Unipile, &Channel::LinkedIn).idempotent_sends);
    for channel in [Channel::WhatsApp, Channel::Telegram, Channel::Instagram] {
        assert!(Policy::of(Provider::Late, &channel).idempotent_sends);
    }
}

#[test]
fn windows_read_as_words_and_count_from_the_send_time() {
    let sent = Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap();
    let fifteen = Window::Within(Duration::minutes(15));
    assert_eq!(fifteen.words(), "15-minute");
    assert_eq!(Window::Within(Duration::hours(60)).words(), "60-hour");
    assert_eq!(
        fifteen.left(sent, sent + Duration::minutes(10)),
        Ok(Some(Duration::minutes(5)))
    );
    assert_eq!(
        fifteen.left(sent, sent + Duration::minutes(15)),
        Err(Duration::zero())
    );
    assert_eq!(
        Window::AnyTime.left(sent, sent + Duration::days(9000)),
        Ok(None)
    );
}

#[test]
fn the_window_is_open_until_the_last_second_of_the_24_hours() {
    let last = Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap();
    let p = late_whatsapp();
    let almost = last + Duration::hours(24) - Duration::seconds(1);
    assert_eq!(
        window_state(Some(last), &p, almost),
        WindowState::Open {
            left: Duration::seconds(1)
        }
    );
    assert_eq!(
        window_state(Some(last), &p, last + Duration::hours(24)),
        WindowState::Closed
    );
    assert_eq!(
        window_state(Some(last), &p, last + Duration::days(3)),
        WindowState::Closed
    );
    assert_eq!(
        window_state(Some(last), &p, last),
        WindowState::Open {
            left: Duration::hours(24)
        }
    );
}

#[test]
fn a_contact_who_never_wrote_leaves_the_window_closed() {
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap();
    assert_eq!(
        window_state(None, &late_whatsapp(), now),
        WindowState::Closed
    );
}

#[test]
fn an_account_without_a_window_has_none_to_close() {
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap();
    let p = unipile_whatsapp();
    assert_eq!(window_state(None, &p, now), WindowState::NotApplicable);
    assert_eq!(
        window_state(Some(now - Duration::days(30)), &p, now),
        WindowState::NotApplicable
    );
}

#[test]
fn chat_changes_are_what_each_contract_offers_and_refused_in_words_naming_the_account() {
    use crate::domain::ChatChange;
    use crate::domain::rules::allows_chat_change;
    let every = [
        ChatChange::MarkUnread,
        ChatChange::Archive,
        ChatChange::Unarchive,
        ChatChange::Mute,
        ChatChange::Unmute,
    ];
    // Unipile's PATCH /chats/{id} marks unread, archives and mutes.
    for change in every {
        assert!(
            allows_chat_change(&unipile_whatsapp(), change).is_ok(),
            "{change:?}"
        );
    }
    // Late's conversation status is active or archived: nothing else.
    let late = late_whatsapp();
    assert!(allows_chat_change(&late, ChatChange::Archive).is_ok());
    assert!(allows_chat_change(&late, ChatChange::Unarchive).is_ok());
    let muted = allows_chat_change(&late, ChatChange::Mute).unwrap_err();
    assert_eq!(
        muted.to_string(),
        "this WhatsApp Business (Cloud API) account cannot mute chats"
    );
    let unread = allows_chat_change(&late, ChatChange::MarkUnread).unwrap_err();
    assert_eq!(
        unread.to_string(),
        "this WhatsApp Business (Cloud API) account cannot mark chats unread"
    );
    // A channel with no row changes nothing; Unipile's other channels wait to be tested.
    let unknown = Policy::of(Provider::Late, &Channel::Other("myspace".into()));
    let linkedin = Policy::of(Provider::Unipile, &Channel::LinkedIn);
    for change in every {
        assert!(allows_chat_change(&unknown, change).is_err(), "{change:?}");
        assert!(allows_chat_change(&linkedin, change).is_err(), "{change:?}");
    }
}
