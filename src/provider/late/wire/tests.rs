//! Decoder tests on fixtures built from the contract's models (FIELDS.md names): every shape,
//! absent and unknown fields, a malformed item skipped and counted, hostile text kept as data.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use super::*;
use crate::domain::{
    Account, AccountStatus, AttachmentKind, Channel, Chat, ChatKind, Message, Template,
    TemplateStatus,
};
use crate::provider::late::ids::ConversationRef;

const MAX: usize = 1000;

fn body(value: Value) -> Vec<u8> {
    serde_json::to_vec(&value).unwrap()
}

fn conversation() -> ConversationRef {
    ConversationRef::new("acc1", "conv1")
}

/// `SocialAccount`, every field of FIELDS.md.
fn social_account(id: &str, platform: &str) -> Value {
    json!({
        "_id": id, "platform": platform, "profileId": {"_id": "p1", "name": "Main"},
        "username": "shop", "displayName": "The Shop", "platformUserId": "1234567890",
        "scopeAreas": ["messaging"], "oauthAppId": null, "profilePicture": "https://x/p.png",
        "profileUrl": null, "isActive": true, "needsReconnection": false,
        "followersCount": 0.0, "followersLastUpdated": null, "parentAccountId": null,
        "enabled": true, "rateLimitedUntil": null, "metadata": {"qualityRating": "GREEN"}
    })
}

/// `GetInboxConversationMessages200ResponseMessagesInner`, every field of FIELDS.md.
fn full_message(id: &str) -> Value {
    json!({
        "id": id, "conversationId": "conv1", "accountId": "acc1", "platform": "whatsapp",
        "message": "Hello", "senderId": "+33611111111", "senderName": "Ana",
        "direction": "incoming", "createdAt": "2026-03-04T05:06:07.089Z",
        "attachments": [
            {"id": "att-a", "originalType": "image", "mimeType": "image/jpeg",
             "url": "https://zernio.com/api/v1/whatsapp/media/m1", "refreshUrl": "x",
             "filename": "photo.jpg", "previewUrl": null, "payload": {"id": "m1"}},
            {"mimeType": "application/pdf", "filename": "bill.pdf"}
        ],
        "subject": null, "storyReply": null, "isStoryMention": false,
        "noRenderableContent": false, "isEdited": true, "editedAt": null, "editCount": 1,
        "editHistory": [], "isDeleted": false, "deletedAt": null,
        "deliveryStatus": "delivered", "deliveredAt": null, "readAt": null, "sentAt": null,
        "deliveryError": null,
        "reactions": [{"emoji": "👍", "fromMe": true, "reactedAt": null},
                      {"emoji": "❤️", "fromMe": false}],
        "metadata": {"quotedMessageId": "wamid.quoted"}, "sentVia": null
    })
}

fn messages_page(items: Vec<Value>, has_more: bool, next: Value) -> Vec<u8> {
    body(json!({
        "status": "success", "messages": items, "sortOrderApplied": "desc",
        "pagination": {"hasMore": has_more, "nextCursor": next}, "lastUpdated": null
    }))
}

fn messages(page: &[u8]) -> Page<Message> {
    decode_page::<WireMessage, Message>(page, "messages", MAX, &conversation()).unwrap()
}

#[test]
fn a_full_message_maps_every_field_the_inbox_shows() {
    let page = messages(&messages_page(
        vec![full_message("wamid.1")],
        false,
        Value::Null,
    ));
    assert_eq!((page.items.len(), page.skipped, page.next), (1, 0, None));
    let m = &page.items[0];
    assert_eq!(m.id.as_str(), "late:acc1|conv1|wamid.1");
    assert_eq!(m.chat_id.as_str(), "late:acc1|conv1");
    assert_eq!(m.account_id.as_str(), "late:acc1");
    assert_eq!(m.provider_id, "wamid.1");
    assert_eq!(m.sender_id, "+33611111111");
    assert_eq!(m.text.as_deref(), Some("Hello"));
    assert_eq!(
        m.timestamp,
        Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap() + chrono::Duration::milliseconds(89)
    );
    assert!(!m.is_sender && m.edited && m.delivered && !m.seen && !m.deleted);
    assert_eq!(m.attachments.len(), 2);
    assert_eq!(m.attachments[0].id.as_str(), "0");
    assert_eq!(m.attachments[0].kind, AttachmentKind::Image);
    assert_eq!(m.attachments[0].file_name.as_deref(), Some("photo.jpg"));
    assert_eq!(m.attachments[1].id.as_str(), "1");
    assert_eq!(m.attachments[1].kind, AttachmentKind::File);
    assert_eq!(
        m.quoted.as_ref().map(|q| q.provider_id.as_str()),
        Some("wamid.quoted")
    );
    let reactions: Vec<_> = m
        .reactions
        .iter()
        .map(|r| (r.value.as_str(), r.is_sender))
        .collect();
    assert_eq!(reactions, [("👍", true), ("❤️", false)]);
}

#[test]
fn a_minimal_message_takes_defaults_and_outgoing_read_is_seen() {
    let minimal = json!({"id": "w2", "createdAt": "2026-03-04T05:06:07Z"});
    let mut nulls = json!({"id": "w3", "createdAt": "2026-03-04T05:06:07Z",
        "direction": "outgoing", "deliveryStatus": "read", "message": null,
        "attachments": null, "reactions": null, "metadata": null, "isEdited": null});
    nulls["someFutureField"] = json!({"nested": [1, 2]});
    let page = messages(&messages_page(vec![minimal, nulls], false, Value::Null));
    assert_eq!(page.skipped, 0);
    let (a, b) = (&page.items[0], &page.items[1]);
    assert!(a.text.is_none() && a.attachments.is_empty() && a.quoted.is_none());
    assert!(!a.is_sender && !a.edited);
    assert!(b.is_sender && b.seen && b.delivered);
    assert_eq!(b.sender_id, "me");
}

#[test]
fn a_malformed_message_is_skipped_and_counted_not_the_page() {
    let page = messages(&messages_page(
        vec![
            full_message("good"),
            json!({"id": 42, "createdAt": "2026-03-04T05:06:07Z"}),
            json!({"id": "no-time"}),
            json!({"id": "bad-time", "createdAt": "yesterday"}),
            json!("not an object"),
            full_message("good2"),
        ],
        true,
        json!("cur-2"),
    ));
    let ids: Vec<_> = page.items.iter().map(|m| m.provider_id.as_str()).collect();
    assert_eq!(ids, ["good", "good2"]);
    assert_eq!(page.skipped, 4);
    assert_eq!(page.next, Some(Cursor("cur-2".into())));
}

#[test]
fn paging_ends_on_has_more_false_or_no_cursor() {
    let next = |has_more, cursor| messages(&messages_page(vec![], has_more, cursor)).next;
    assert_eq!(next(true, json!("c")), Some(Cursor("c".into())));
    assert_eq!(next(false, json!("c")), None);
    assert_eq!(next(true, Value::Null), None);
    assert_eq!(next(true, json!("")), None);
    let no_pagination = decode_page::<WireMessage, Message>(
        &body(json!({"messages": []})),
        "messages",
        MAX,
        &conversation(),
    )
    .unwrap();
    assert_eq!(no_pagination.next, None);
}

#[test]
fn hostile_text_is_kept_as_data() {
    let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J line\r\nbreak \u{202e}evil";
    let mut item = full_message("w\u{1b}x");
    item["message"] = json!(hostile);
    item["attachments"][0]["filename"] = json!("../../etc/passwd\u{1b}[31m");
    let page = messages(&messages_page(vec![item], false, Value::Null));
    let m = &page.items[0];
    assert_eq!(m.text.as_deref(), Some(hostile));
    assert_eq!(
        m.attachments[0].file_name.as_deref(),
        Some("../../etc/passwd\u{1b}[31m")
    );
    assert_eq!(m.provider_id, "w\u{1b}x");
    assert_eq!(
        crate::provider::late::MessageRef::parse(&m.id)
            .unwrap()
            .message,
        "w\u{1b}x"
    );
}

#[test]
fn a_broken_envelope_fails_with_words_not_the_body() {
    for broken in [
        &b"<html>secret-token</html>"[..],
        b"{\"messages\": 5}",
        b"{\"messages\": [",
    ] {
        let error = decode_page::<WireMessage, Message>(broken, "messages", MAX, &conversation())
            .unwrap_err();
        assert!(!error.to_string().contains("secret"), "{error}");
        assert!(matches!(error, ProviderError::Decode(_)), "{error:?}");
    }
    let many: Vec<Value> = (0..3).map(|i| full_message(&format!("m{i}"))).collect();
    let error = decode_page::<WireMessage, Message>(
        &messages_page(many, false, Value::Null),
        "messages",
        2,
        &conversation(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("more than 2"), "{error}");
}

#[test]
fn conversations_map_with_their_account_and_paging() {
    let item = json!({
        "id": "conv1", "platform": "whatsapp", "accountId": "acc1", "accountUsername": "shop",
        "pageId": null, "participantId": "+33611111111", "participantName": "Ana",
        "participantPicture": null, "participantVerifiedType": null,
        "businessScopedUserId": null, "whatsappUsername": null, "lastMessage": "Hi",
        "updatedTime": "2026-03-04T05:06:07Z", "status": "active", "unreadCount": 3,
        "threadControl": null, "folder": "inbox", "isGroup": false, "url": null,
        "metadata": null, "adAttribution": null
    });
    let mut archived_group = item.clone();
    archived_group["id"] = json!("conv2");
    archived_group["status"] = json!("archived");
    archived_group["isGroup"] = json!(true);
    archived_group["participantName"] = Value::Null;
    archived_group.as_object_mut().unwrap().remove("accountId");
    let page = decode_page::<WireConversation, Chat>(
        &body(
            json!({"data": [item, archived_group, {"platform": "whatsapp"}],
            "pagination": {"hasMore": true, "nextCursor": "c2"},
            "meta": {"accountsQueried": 1, "accountsFailed": 0}}),
        ),
        "data",
        MAX,
        &Some("acc1".to_owned()),
    )
    .unwrap();
    assert_eq!((page.items.len(), page.skipped), (2, 1));
    assert_eq!(page.next, Some(Cursor("c2".into())));
    let (a, b) = (&page.items[0], &page.items[1]);
    assert_eq!(a.id.as_str(), "late:acc1|conv1");
    assert_eq!(a.provider_id, "conv1");
    assert_eq!(a.name.as_deref(), Some("Ana"));
    assert_eq!(a.attendee_provider_id.as_deref(), Some("+33611111111"));
    assert_eq!(
        (a.unread_count, a.kind, a.archived),
        (3, ChatKind::Single, false)
    );
    assert_eq!(
        a.timestamp,
        Some(Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap())
    );
    // No accountId in the item: the account asked for; no name: the phone.
    assert_eq!(b.id.as_str(), "late:acc1|conv2");
    assert_eq!(b.name.as_deref(), Some("+33611111111"));
    assert_eq!((b.kind, b.archived), (ChatKind::Group, true));
    // Without the account asked for, an item without its account cannot be addressed.
    let mut orphan = json!({"id": "conv3"});
    orphan["unreadCount"] = json!("7");
    let page =
        decode_page::<WireConversation, Chat>(&body(json!({"data": [orphan]})), "data", MAX, &None)
            .unwrap();
    assert_eq!((page.items.len(), page.skipped), (0, 1));
}

#[test]
fn one_conversation_is_read_inside_data() {
    let detail = json!({"data": {"id": "conv1", "accountId": "acc1", "platform": "whatsapp",
        "participantName": "Ana", "lastMessage": "Hi", "lastMessageAt": "2026-03-04T05:06:07Z",
        "updatedTime": "2020-01-01T00:00:00Z", "participants": []}});
    let chat: Chat =
        decode_object::<WireConversationDetail, Chat>(&body(detail), &Some("acc1".into())).unwrap();
    assert_eq!(chat.id.as_str(), "late:acc1|conv1");
    assert_eq!(
        chat.timestamp,
        Some(Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap())
    );
    let error = decode_object::<WireConversationDetail, Chat>(
        &body(json!({"data": {"accountId": "acc1"}})),
        &None,
    )
    .unwrap_err();
    assert!(matches!(error, ProviderError::Decode(_)));
}

#[test]
fn accounts_keep_their_state_and_a_bad_one_is_skipped() {
    let mut reconnect = social_account("a2", "whatsapp");
    reconnect["needsReconnection"] = json!(true);
    reconnect["displayName"] = Value::Null;
    let mut inactive = social_account("a3", "WhatsApp");
    inactive["isActive"] = json!(false);
    let page = decode_page::<WireAccount, WireAccount>(
        &body(
            json!({"accounts": [social_account("a1", "whatsapp"), reconnect, inactive,
            social_account("ig", "instagram"), {"platform": "whatsapp"}],
            "hasAnalyticsAccess": false, "pagination": {"limit": 100, "nextCursor": null}}),
        ),
        "accounts",
        MAX,
        &(),
    )
    .unwrap();
    assert_eq!(page.skipped, 1);
    let accounts: Vec<Account> = page
        .items
        .into_iter()
        .filter(WireAccount::is_whatsapp)
        .map(|w| IntoDomain::<Account>::into_domain(w, &()).unwrap())
        .collect();
    let seen: Vec<_> = accounts
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str(), a.status.clone()))
        .collect();
    assert_eq!(
        seen,
        [
            ("late:a1", "The Shop", AccountStatus::Ok),
            ("late:a2", "shop", AccountStatus::Credentials),
            ("late:a3", "The Shop", AccountStatus::Stopped),
        ]
    );
    assert!(accounts.iter().all(|a| a.channel == Channel::WhatsApp));
}

#[test]
fn templates_give_their_body_and_variable_count() {
    let order = json!({"id": "t1", "name": "order_update", "status": "APPROVED",
        "category": "UTILITY", "language": "en_US", "message_send_ttl_seconds": 3600,
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
            {"type": "BODY", "text": "Hi {{1}}, your order {{2}} ships today."},
            {"type": "BUTTONS", "buttons": []}]});
    let plain = json!({"name": "hello", "language": "pt_BR", "status": "PENDING",
        "components": [{"type": "body", "text": "Olá!"}]});
    let page = decode_page::<WireTemplate, Template>(
        &body(json!({"success": true, "templates": [order, plain, {"status": "APPROVED"}]})),
        "templates",
        MAX,
        &(),
    )
    .unwrap();
    assert_eq!(page.skipped, 1);
    let t = &page.items[0];
    assert_eq!(
        (t.name.as_str(), t.language.as_str()),
        ("order_update", "en_US")
    );
    assert_eq!(t.status, TemplateStatus::Approved);
    assert_eq!(t.category.as_deref(), Some("UTILITY"));
    assert_eq!(
        t.body.as_deref(),
        Some("Hi {{1}}, your order {{2}} ships today.")
    );
    assert_eq!(t.variables, 2);
    let p = &page.items[1];
    assert_eq!((p.variables, p.status.can_send()), (0, false));
}
