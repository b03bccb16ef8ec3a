//! Decoder tests on hand-written payloads: the odd shapes a live server sends. The full
//! shapes of the OpenAPI schemas are tested in `tests/it/client_fixtures.rs`.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use super::*;
use crate::domain::{
    Account, AccountStatus, AttachmentKind, Attendee, Channel, Chat, ChatKind, Message, Muted,
};

fn minimal_message(id: &str) -> Value {
    json!({
        "object": "Message",
        "id": id,
        "account_id": "acc",
        "chat_id": "chat",
        "timestamp": "2025-01-02T03:04:05.678Z"
    })
}

fn minimal_chat(id: &str) -> Value {
    json!({"object": "Chat", "id": id, "account_id": "acc"})
}

fn page_of(items: Vec<Value>, cursor: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"object": "MessageList", "items": items, "cursor": cursor})).unwrap()
}

fn message(value: Value) -> Message {
    decode_object(&serde_json::to_vec(&value).unwrap()).unwrap()
}

fn chat(value: Value) -> Chat {
    decode_object(&serde_json::to_vec(&value).unwrap()).unwrap()
}

#[test]
fn missing_and_null_optional_fields_take_their_defaults() {
    let mut with_nulls = minimal_message("m1");
    for field in [
        "text",
        "attachments",
        "reactions",
        "quoted",
        "reply_to",
        "sender_attendee_id",
        "event_type",
        "seen",
        "provider_id",
    ] {
        with_nulls[field] = Value::Null;
    }
    for decoded in [message(minimal_message("m1")), message(with_nulls)] {
        assert_eq!(decoded.id.as_str(), "m1");
        assert_eq!(
            decoded.timestamp,
            Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap()
                + chrono::Duration::milliseconds(678)
        );
        assert_eq!(decoded.text, None);
        assert!(decoded.attachments.is_empty() && decoded.reactions.is_empty());
        assert_eq!(decoded.quoted, None);
        assert_eq!(decoded.sender_attendee_id, None);
        assert_eq!(decoded.event_type, None);
        assert!(!decoded.seen && !decoded.is_sender && !decoded.deleted);
        assert_eq!(decoded.provider_id, "");
    }
    let decoded = chat(minimal_chat("c1"));
    assert_eq!(decoded.kind, ChatKind::Single);
    assert_eq!(decoded.name, None);
    assert_eq!(decoded.timestamp, None);
    assert_eq!(decoded.muted, Muted::No);
    assert_eq!((decoded.unread_count, decoded.read_only), (0, 0));
    assert!(!decoded.reactions_disabled && !decoded.reply_disabled);
}

#[test]
fn integer_booleans_are_booleans() {
    let mut value = minimal_message("m1");
    value["is_sender"] = json!(1);
    value["seen"] = json!(0);
    value["delivered"] = json!(true);
    value["edited"] = json!("1");
    value["deleted"] = json!(1.0);
    value["reactions"] = json!([
        {"value": "👍", "sender_id": "me", "is_sender": true},
        {"value": "❤️", "sender_id": "them", "is_sender": 0}
    ]);
    let decoded = message(value);
    assert!(decoded.is_sender && !decoded.seen && decoded.delivered);
    assert!(decoded.edited && decoded.deleted);
    assert!(decoded.reactions[0].is_sender && !decoded.reactions[1].is_sender);

    let mut value = minimal_chat("c1");
    value["archived"] = json!(1);
    assert!(chat(value).archived);
}

#[test]
fn unknown_enum_values_are_kept_not_fatal() {
    let mut value = minimal_chat("c1");
    value["type"] = json!(7);
    value["read_only"] = json!(9);
    value["account_type"] = json!("CARRIER_PIGEON");
    value["disabledFeatures"] = json!(["reactions", "teleport"]);
    let decoded = chat(value);
    assert_eq!(decoded.kind, ChatKind::Other(7));
    assert_eq!(decoded.read_only, 9);
    assert!(decoded.reactions_disabled && !decoded.reply_disabled);

    let mut value = minimal_message("m1");
    value["attachments"] = json!([
        {"id": "a1", "type": "sticker_pack", "unavailable": false},
        {"id": "a2", "unavailable": 0}
    ]);
    let decoded = message(value);
    assert_eq!(
        decoded.attachments[0].kind,
        AttachmentKind::Other("sticker_pack".into())
    );
    assert_eq!(decoded.attachments[1].kind, AttachmentKind::File);

    let account: Account = decode_object(
        br#"{"object":"Account","type":"WHATSAPP","id":"a","name":"n","sources":[{"id":"s","status":"SUSPENDED"}]}"#,
    )
    .unwrap();
    assert_eq!(account.status, AccountStatus::Other("SUSPENDED".into()));
}

#[test]
fn an_account_shows_its_worst_source() {
    let account = |sources: Value| -> Account {
        let body = json!({"id": "a", "name": "n", "sources": sources});
        decode_object(&serde_json::to_vec(&body).unwrap()).unwrap()
    };
    assert_eq!(
        account(json!([{"id": "1", "status": "OK"}, {"id": "2", "status": "CREDENTIALS"}])).status,
        AccountStatus::Credentials
    );
    assert_eq!(
        account(json!([{"id": "1", "status": "CONNECTED"}])).status,
        AccountStatus::Connected
    );
    assert_eq!(
        account(json!(null)).status,
        AccountStatus::Other("UNKNOWN".into())
    );
}

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let mut value = minimal_message("m1");
    value["brand_new_field"] = json!({"deep": [1, 2, {"x": null}]});
    value["attachments"] = json!([{"id": "a1", "type": "img", "hologram": true}]);
    value["quoted"] =
        json!({"provider_id": "p", "sender_id": "s", "text": "q", "attachments": [], "extra": 1});
    let decoded = message(value);
    assert_eq!(decoded.attachments.len(), 1);
    assert_eq!(decoded.quoted.unwrap().text.as_deref(), Some("q"));

    let body = br#"{"object":"MessageList","items":[],"cursor":null,"total":5,"meta":{"a":1}}"#;
    let page = decode_page::<Message>(body, 10).unwrap();
    assert!(page.items.is_empty() && page.next.is_none());
}

#[test]
fn reply_to_fills_in_for_a_missing_quote_and_a_broken_quote_is_dropped() {
    let mut value = minimal_message("m1");
    value["reply_to"] = json!({"id": "r", "provider_id": "rp", "timestamp": "x", "sender_id": "rs", "text": "earlier"});
    let quoted = message(value.clone()).quoted.unwrap();
    assert_eq!(
        (quoted.provider_id.as_str(), quoted.text.as_deref()),
        ("rp", Some("earlier"))
    );

    value["quoted"] =
        json!({"provider_id": "qp", "sender_id": "qs", "text": null, "attachments": []});
    assert_eq!(message(value.clone()).quoted.unwrap().provider_id, "qp");

    let mut broken = minimal_message("m2");
    broken["quoted"] = json!({"attachments": "not a list"});
    let decoded = message(broken);
    assert_eq!(decoded.id.as_str(), "m2");
    assert_eq!(decoded.quoted, None);
}

#[test]
fn muted_until_is_forever_a_date_or_nothing() {
    let muted = |value: Value| {
        let mut body = minimal_chat("c1");
        body["muted_until"] = value;
        chat(body).muted
    };
    assert_eq!(muted(json!(-1)), Muted::Forever);
    assert_eq!(muted(json!("-1")), Muted::Forever);
    assert_eq!(muted(Value::Null), Muted::No);
    assert_eq!(
        muted(json!("2030-01-01T00:00:00.000Z")),
        Muted::Until(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap())
    );
    // Unreadable: the chat survives, unmuted.
    assert_eq!(muted(json!("someday")), Muted::No);
}

#[test]
fn one_bad_item_is_skipped_and_the_rest_kept() {
    let mut no_time = minimal_message("bad-time");
    no_time["timestamp"] = json!("not a time");
    let items = vec![
        minimal_message("m1"),
        json!({"object": "Message", "text": "no ids at all"}),
        minimal_message("m2"),
        no_time,
        json!("not even an object"),
        minimal_message("m3"),
    ];
    let page = decode_page::<Message>(&page_of(items, json!("next-page")), 100).unwrap();
    let ids: Vec<&str> = page.items.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2", "m3"]);
    assert_eq!(page.skipped, 3);
    assert_eq!(page.next, Some(crate::provider::Cursor("next-page".into())));
}

#[test]
fn cursors_end_on_null_absence_or_empty_text() {
    let next = |cursor: Value| {
        decode_page::<Chat>(&page_of(vec![], cursor), 10)
            .unwrap()
            .next
            .map(|c| c.0)
    };
    assert_eq!(next(Value::Null), None);
    assert_eq!(next(json!("")), None);
    assert_eq!(next(json!("abc")).as_deref(), Some("abc"));
    assert_eq!(next(json!(42)).as_deref(), Some("42"));
    let attendees: Page<Attendee> =
        decode_page(br#"{"object":"ChatAttendeeList","items":[]}"#, 10).unwrap();
    assert_eq!(attendees.next, None);
    assert!(matches!(
        decode_page::<Chat>(&page_of(vec![], json!({"a": 1})), 10),
        Err(ProviderError::Decode(_))
    ));
}

#[test]
fn a_page_over_the_item_limit_is_refused_not_loaded() {
    let items = (0..11).map(|i| minimal_chat(&format!("c{i}"))).collect();
    let error = decode_page::<Chat>(&page_of(items, Value::Null), 10).unwrap_err();
    assert_eq!(
        error,
        ProviderError::Decode("a page of chats holds more than 10 items".into())
    );
    let items = (0..10).map(|i| minimal_chat(&format!("c{i}"))).collect();
    assert_eq!(
        decode_page::<Chat>(&page_of(items, Value::Null), 10)
            .unwrap()
            .items
            .len(),
        10
    );
}

#[test]
fn broken_envelopes_are_decode_errors_without_the_body() {
    let hostile = "\u{1b}]0;pwned\u{7} <script>";
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            format!("<html>{hostile}</html>").into_bytes(),
            "not valid JSON",
        ),
        (
            br#"{"object":"ChatList","items":[{"id":"c1","acc"#.to_vec(),
            "cut short",
        ),
        (format!(r#"["{hostile}"]"#).into_bytes(), "expected shape"),
        (
            br#"{"object":"ChatList","cursor":null}"#.to_vec(),
            "without items",
        ),
        (
            br#"{"items":[],"cursor":null} trailing"#.to_vec(),
            "not valid JSON",
        ),
        (Vec::new(), "cut short"),
    ];
    for (body, expected) in cases {
        let error = decode_page::<Chat>(&body, 10).unwrap_err();
        let ProviderError::Decode(message) = &error else {
            panic!("{error:?}")
        };
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
        assert!(
            !message.contains("pwned") && !message.contains("script"),
            "{message}"
        );
    }
    assert_eq!(
        decode_page::<Chat>(br#"{"items":null}"#, 10)
            .unwrap()
            .items
            .len(),
        0
    );
}

#[test]
fn a_single_object_that_does_not_decode_names_what_it_was() {
    let error = decode_object::<Message>(br#"{"id":"m1"}"#).unwrap_err();
    assert_eq!(
        error,
        ProviderError::Decode(
            "the answer does not have the expected shape (line 1, column 11) (message)".into()
        )
    );
    let mut no_time = minimal_message("m1");
    no_time["timestamp"] = Value::Null;
    let error = decode_object::<Message>(&serde_json::to_vec(&no_time).unwrap()).unwrap_err();
    assert_eq!(
        error,
        ProviderError::Decode("message `timestamp` is missing".into())
    );
}

#[test]
fn a_chat_survives_a_malformed_last_message() {
    let mut body = minimal_chat("c1");
    body["lastMessage"] = json!({"id": "m1", "text": "no chat id"});
    let found: ChatWithLastMessage = decode_object(&serde_json::to_vec(&body).unwrap()).unwrap();
    assert_eq!(found.chat.id.as_str(), "c1");
    assert_eq!(found.last_message, None);

    body["lastMessage"] = json!({});
    let found: ChatWithLastMessage = decode_object(&serde_json::to_vec(&body).unwrap()).unwrap();
    assert_eq!(found.last_message, None);

    body["lastMessage"] = minimal_message("m9");
    let found: ChatWithLastMessage = decode_object(&serde_json::to_vec(&body).unwrap()).unwrap();
    assert_eq!(found.last_message.map(|m| m.id.0), Some("m9".into()));
}

#[test]
fn hostile_text_is_stored_exactly_as_received() {
    let text = "line\u{1b}[2J\u{202e}evil\u{0}\r\n👩‍👩‍👧";
    let mut value = minimal_message("m1");
    value["text"] = json!(text);
    assert_eq!(message(value).text.as_deref(), Some(text));
}

#[test]
fn log_lines_about_bad_items_are_escaped_and_bounded() {
    // JSON escapes, so the decoded string holds the raw control characters.
    let hostile = format!("\"{}\"", r"\u001b]0;pwned\u0007".repeat(100));
    let error = serde_json::from_str::<u8>(&hostile).unwrap_err();
    let line = short(&error);
    assert!(!line.chars().any(char::is_control), "{line}");
    assert_eq!(line.chars().count(), 201);
    assert!(line.ends_with('…'));
    let brief = short(&serde_json::from_str::<u8>("true").unwrap_err());
    assert!(!brief.ends_with('…'), "{brief}");
}

#[test]
fn an_account_keeps_its_type_and_an_unknown_one_as_text() {
    let account = |account_type: Value| -> Account {
        let body = json!({"id": "a", "name": "n", "type": account_type, "sources": []});
        decode_object(&serde_json::to_vec(&body).unwrap()).unwrap()
    };
    assert_eq!(account(json!("LINKEDIN")).channel, Channel::LinkedIn);
    assert_eq!(
        account(json!("WHATSAPP")).provider,
        crate::domain::Provider::Unipile
    );
    assert_eq!(account(json!("TELEGRAM")).channel, Channel::Telegram);
    assert_eq!(account(json!("WHATSAPP")).channel, Channel::WhatsApp);
    let mail = account(json!("MAIL")).channel;
    assert_eq!(mail, Channel::Other("MAIL".into()));
    assert!(!mail.is_messaging());
    assert_eq!(
        account(json!("SOMETHING_NEW")).channel,
        Channel::Other("SOMETHING_NEW".into())
    );
    // A type that is not text is read as absent, not as a failure.
    assert_eq!(account(json!(7)).channel, Channel::WhatsApp);
}
