//! The writer against the sandbox: each write goes out once, in the contract's exact shape,
//! and its failures say whether it may have taken effect.

use crate::client_support;

use bytes::Bytes;
use chrono::TimeDelta;
use serde_json::json;
use unibox::domain::MessageId;
use unibox::domain::policy::{Policy, Window};
use unibox::provider::{
    IdempotencyKey, OutgoingFile, ProviderError, ProviderRead, ProviderWrite, SendMessage,
    SendOutcome, StartChat,
};
use unibox_sandbox::{SandboxServer, WriteBody, WriteRecord};

use client_support::{anchor, chat_named, client, download, own_text_younger_than, sandbox};

fn only_write(server: &SandboxServer) -> WriteRecord {
    let writes = server.writes();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    writes.into_iter().next().unwrap()
}

fn file(name: &str, mimetype: &str, bytes: &[u8]) -> OutgoingFile {
    OutgoingFile {
        file_name: name.to_owned(),
        mimetype: Some(mimetype.to_owned()),
        bytes: Bytes::copy_from_slice(bytes),
    }
}

#[tokio::test]
async fn a_send_with_two_attachments_is_one_multipart_request_with_both_parts() {
    let server = sandbox().await;
    let client = client(&server);
    let chat = chat_named(&server, "Marie Dubois");
    let quoted = server
        .state()
        .messages(&chat.id)
        .into_iter()
        .rev()
        .find(|m| !m.is_sender && m.text.is_some())
        .unwrap();
    let photo: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let message = SendMessage {
        account_id: chat.account_id.clone(),
        text: "Voici la facture 🧾\net la photo".to_owned(),
        quote_id: Some(quoted.id.clone()),
        attachments: vec![
            file(
                "Facture F-0142 (été).pdf",
                "application/pdf",
                b"%PDF-1.7 facture",
            ),
            file("colis.jpg", "image/jpeg", &photo),
        ],
        template: None,
        idempotency_key: IdempotencyKey::fresh(),
    };
    let sent = client
        .writer
        .send_message(&chat.id, &message)
        .await
        .unwrap();

    let write = only_write(&server);
    assert_eq!(write.method, "POST");
    assert_eq!(write.path, format!("/api/v1/chats/{}/messages", chat.id));
    assert_eq!(write.status, Some(201));
    assert_eq!(write.field("account_id"), Some(chat.account_id.as_str()));
    assert_eq!(write.field("text"), Some(message.text.as_str()));
    assert_eq!(write.field("quote_id"), Some(quoted.id.as_str()));
    let files: Vec<_> = write
        .files()
        .iter()
        .map(|f| {
            (
                f.field.as_str(),
                f.file_name.as_deref(),
                f.content_type.as_deref(),
                f.bytes,
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            (
                "attachments",
                Some("Facture F-0142 (été).pdf"),
                Some("application/pdf"),
                16
            ),
            (
                "attachments",
                Some("colis.jpg"),
                Some("image/jpeg"),
                photo.len()
            ),
        ]
    );

    // The message exists as sent, and its uploaded photo downloads byte for byte.
    let id = sent.message_id.expect("the sandbox names the new message");
    let stored = client.reader.get_message(&id).await.unwrap();
    assert_eq!(stored.text.as_deref(), Some(message.text.as_str()));
    assert!(stored.is_sender);
    assert_eq!(stored.quoted.unwrap().provider_id, quoted.provider_id);
    assert_eq!(stored.attachments.len(), 2);
    let downloaded = download(&client.reader, &id, &stored.attachments[1].id, 1 << 20)
        .await
        .unwrap();
    assert_eq!(downloaded, photo);
}

#[tokio::test]
async fn a_file_goes_out_with_the_type_its_content_and_name_say() {
    let server = sandbox().await;
    let client = client(&server);
    let chat = chat_named(&server, "Marie Dubois");
    let untyped = |name: &str, bytes: &[u8]| OutgoingFile {
        mimetype: None,
        ..file(name, "", bytes)
    };
    let jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01";
    let message = SendMessage {
        account_id: chat.account_id.clone(),
        text: String::new(),
        quote_id: None,
        attachments: vec![
            untyped("IMG_2041.JPG", jpeg),
            // The content wins over a misleading name.
            untyped("scan.txt", b"%PDF-1.7\n1 0 obj"),
            // No magic number: the extension says it.
            untyped("commandes.csv", b"ref;qty\nA-12;3\n"),
            untyped("notes", b"\x00\x01 whatever"),
        ],
        template: None,
        idempotency_key: IdempotencyKey::fresh(),
    };
    let sent = client
        .writer
        .send_message(&chat.id, &message)
        .await
        .unwrap();
    let write = only_write(&server);
    let types: Vec<Option<&str>> = write
        .files()
        .iter()
        .map(|f| f.content_type.as_deref())
        .collect();
    assert_eq!(
        types,
        [
            Some("image/jpeg"),
            Some("application/pdf"),
            Some("text/csv"),
            Some("application/octet-stream"),
        ]
    );
    // So the photo arrives as a photo.
    let stored = client
        .reader
        .get_message(&sent.message_id.unwrap())
        .await
        .unwrap();
    assert_eq!(
        stored.attachments[0].mimetype.as_deref(),
        Some("image/jpeg")
    );
    assert_eq!(
        stored.attachments[0].kind,
        unibox::domain::AttachmentKind::Image
    );
}

#[tokio::test]
async fn a_caption_less_send_has_no_text_part() {
    let server = sandbox().await;
    let client = client(&server);
    let chat = chat_named(&server, "Marie Dubois");
    let message = SendMessage {
        account_id: chat.account_id.clone(),
        text: String::new(),
        quote_id: None,
        attachments: vec![file("plan.png", "image/png", b"\x89PNG....")],
        template: None,
        idempotency_key: IdempotencyKey::fresh(),
    };
    client
        .writer
        .send_message(&chat.id, &message)
        .await
        .unwrap();
    let write = only_write(&server);
    assert_eq!(write.field("text"), None);
    assert_eq!(write.field("quote_id"), None);
    assert_eq!(write.files().len(), 1);
}

#[tokio::test]
async fn start_chat_sends_repeated_attendees_ids_to_known_people_only() {
    let server = sandbox().await;
    let client = client(&server);
    let account = chat_named(&server, "Marie Dubois").account_id;
    let known: Vec<String> = server
        .state()
        .known_attendees(&account)
        .into_iter()
        .filter(|a| !a.is_self)
        .map(|a| a.provider_id)
        .take(2)
        .collect();
    assert_eq!(known.len(), 2);
    let request = StartChat {
        account_id: account.clone(),
        attendee_provider_ids: known.clone(),
        text: "Bonjour à vous deux".to_owned(),
        attachments: Vec::new(),
        idempotency_key: IdempotencyKey::fresh(),
        template: None,
    };
    let started = client.writer.start_chat(&request).await.unwrap();
    let write = only_write(&server);
    assert_eq!(
        (write.method.as_str(), write.path.as_str()),
        ("POST", "/api/v1/chats")
    );
    assert_eq!(write.fields("attendees_ids"), known);
    assert_eq!(write.field("account_id"), Some(account.as_str()));
    assert_eq!(write.field("text"), Some("Bonjour à vous deux"));
    let chat_id = started.chat_id.expect("a chat id");
    let (chat, last) = client.reader.get_chat(&chat_id).await.unwrap();
    assert_eq!(chat.account_id, account);
    assert_eq!(last.map(|m| m.id), started.message_id);
}

#[tokio::test]
async fn start_chat_with_an_unknown_number_is_422_invalid_recipient() {
    let server = sandbox().await;
    let client = client(&server);
    let account = chat_named(&server, "Marie Dubois").account_id;
    let request = StartChat {
        account_id: account,
        attendee_provider_ids: vec!["33699999999@s.whatsapp.net".to_owned()],
        text: "Cold hello".to_owned(),
        attachments: Vec::new(),
        idempotency_key: IdempotencyKey::fresh(),
        template: None,
    };
    let error = client.writer.start_chat(&request).await.unwrap_err();
    let ProviderError::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((api.status, api.slug()), (422, "invalid_recipient"));
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    assert_eq!(only_write(&server).status, Some(422));

    // Refused before any request: no attendee at all.
    let empty = StartChat {
        attendee_provider_ids: Vec::new(),
        ..request
    };
    let error = client.writer.start_chat(&empty).await.unwrap_err();
    assert!(matches!(error, ProviderError::Invalid(_)));
    assert_eq!(server.writes().len(), 1);
}

#[tokio::test]
async fn reaction_edit_delete_and_mark_read_send_the_contracts_json() {
    let server = sandbox().await;
    let client = client(&server);
    let chat = chat_named(&server, "Marie Dubois");
    let theirs = server
        .state()
        .messages(&chat.id)
        .into_iter()
        .rev()
        .find(|m| !m.is_sender && !m.deleted && !m.is_event())
        .unwrap();
    let ours = own_text_younger_than(&server, &chat.id, TimeDelta::minutes(10));

    client.writer.react(&theirs.id, "👍").await.unwrap();
    client.writer.react(&theirs.id, "").await.unwrap();
    client
        .writer
        .edit(&ours.id, "Corrigé : 14 h")
        .await
        .unwrap();
    client.writer.mark_read(&chat.id).await.unwrap();
    client.writer.delete(&ours.id).await.unwrap();

    let writes = server.writes();
    let seen: Vec<(&str, &str, &WriteBody)> = writes
        .iter()
        .map(|w| (w.method.as_str(), w.path.as_str(), &w.body))
        .collect();
    let json = |value| WriteBody::Json { value };
    assert_eq!(
        seen,
        [
            (
                "POST",
                &*format!("/api/v1/messages/{}/reaction", theirs.id),
                &json(json!({"reaction": "👍"}))
            ),
            (
                "POST",
                &*format!("/api/v1/messages/{}/reaction", theirs.id),
                &json(json!({"reaction": ""}))
            ),
            (
                "PATCH",
                &*format!("/api/v1/messages/{}", ours.id),
                &json(json!({"text": "Corrigé : 14 h"}))
            ),
            (
                "PATCH",
                &*format!("/api/v1/chats/{}", chat.id),
                &json(json!({"action": "setReadStatus", "value": true}))
            ),
            (
                "DELETE",
                &*format!("/api/v1/messages/{}", ours.id),
                &WriteBody::None
            ),
        ]
    );
    assert!(
        writes
            .iter()
            .all(|w| w.status.is_some_and(|s| (200..300).contains(&s)))
    );

    // Confirmed by re-fetching, as the outbox does.
    let deleted = client.reader.get_message(&ours.id).await.unwrap();
    assert!(deleted.deleted);
    let (chat, _) = client.reader.get_chat(&chat.id).await.unwrap();
    assert_eq!(chat.unread_count, 0);
    assert!(
        client
            .reader
            .get_message(&theirs.id)
            .await
            .unwrap()
            .reactions
            .iter()
            .all(|r| !r.is_sender)
    );
}

#[tokio::test]
async fn an_edit_outside_the_window_is_422_and_changes_nothing() {
    let server = sandbox().await;
    let client = client(&server);
    let state = server.state();
    let connected: Vec<_> = state
        .accounts()
        .into_iter()
        .filter(|a| a.status == unibox_sandbox::AccountStatus::Ok)
        .map(|a| a.id)
        .collect();
    let Some(Window::Within(edit_window)) = Policy::unipile_whatsapp().edit else {
        panic!("a linked WhatsApp app edits within a window");
    };
    let old = state
        .chats()
        .iter()
        .filter(|c| connected.contains(&c.account_id))
        .flat_map(|c| state.messages(&c.id))
        .find(|m| {
            m.is_sender
                && !m.deleted
                && m.text.is_some()
                && anchor() - m.timestamp > edit_window + TimeDelta::minutes(5)
        })
        .unwrap();
    let error = client.writer.edit(&old.id, "too late").await.unwrap_err();
    let ProviderError::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((api.status, api.slug()), (422, "edit_window_expired"));
    assert!(!error.to_string().is_empty());
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    let after = client.reader.get_message(&old.id).await.unwrap();
    assert_eq!((after.text, after.edited), (old.text, false));
}

#[tokio::test]
async fn a_disconnected_account_says_so() {
    let server = sandbox().await;
    let client = client(&server);
    let chat = chat_named(&server, "Colissimo – Tournée Lyon 7");
    let message = SendMessage {
        account_id: chat.account_id.clone(),
        text: "Bonjour".to_owned(),
        quote_id: None,
        attachments: Vec::new(),
        template: None,
        idempotency_key: IdempotencyKey::fresh(),
    };
    let error = client
        .writer
        .send_message(&chat.id, &message)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ProviderError::AccountDisconnected(api) if api.slug() == "disconnected_account"),
        "{error:?}"
    );
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
}

fn hello(server: &SandboxServer) -> (unibox::domain::ChatId, SendMessage) {
    let chat = chat_named(server, "Marie Dubois");
    let message = SendMessage {
        account_id: chat.account_id.clone(),
        text: "Une seule fois".to_owned(),
        quote_id: None,
        attachments: Vec::new(),
        template: None,
        idempotency_key: IdempotencyKey::fresh(),
    };
    (chat.id, message)
}

fn sent_count(server: &SandboxServer, chat: &unibox::domain::ChatId) -> usize {
    server
        .state()
        .messages(chat)
        .iter()
        .filter(|m| m.text.as_deref() == Some("Une seule fois"))
        .count()
}

#[tokio::test]
async fn a_send_answered_503_is_not_retried() {
    let server = sandbox().await;
    let client = client(&server);
    let (chat, message) = hello(&server);
    server.faults().update(|f| f.unavailable = 1);
    let error = client
        .writer
        .send_message(&chat, &message)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ProviderError::AccountUnavailable(api) if api.status == 503),
        "{error:?}"
    );
    // Any 5xx may hide a message that went out: looked for, never sent again by itself.
    assert_eq!(error.send_outcome(), SendOutcome::Unknown);
    assert_eq!(only_write(&server).status, Some(503));
    assert!(client.sleeps.taken().is_empty());
    assert_eq!(sent_count(&server, &chat), 0);
}

#[tokio::test]
async fn a_send_answered_429_is_rate_limited_once() {
    let server = sandbox().await;
    let client = client(&server);
    let (chat, message) = hello(&server);
    server.faults().update(|f| {
        f.rate_limited = 3;
        f.retry_after_secs = Some(7);
    });
    let error = client
        .writer
        .send_message(&chat, &message)
        .await
        .unwrap_err();
    let ProviderError::RateLimited {
        retry_after,
        error: Some(api),
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*retry_after, Some(std::time::Duration::from_secs(7)));
    assert_eq!(api.slug(), "too_many_requests");
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    assert_eq!(only_write(&server).status, Some(429));
    assert!(client.sleeps.taken().is_empty());
    assert_eq!(sent_count(&server, &chat), 0);
}

#[tokio::test]
async fn edits_and_deletes_of_unknown_messages_are_not_found() {
    let server = sandbox().await;
    let client = client(&server);
    let missing = MessageId::from("AAAAAAAAAAAAAAAAAAAAAA");
    for error in [
        client.writer.edit(&missing, "x").await.unwrap_err(),
        client.writer.delete(&missing).await.unwrap_err(),
        client.writer.react(&missing, "👍").await.unwrap_err(),
    ] {
        assert!(matches!(error, ProviderError::NotFound(_)), "{error:?}");
        assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    }
    assert_eq!(server.writes().len(), 3);
}

#[tokio::test]
async fn chat_changes_patch_the_chat_once_each_and_the_chat_reads_back_changed() {
    use unibox::domain::{ChatChange, Muted};
    let server = sandbox().await;
    let client = client(&server);
    let chat = chat_named(&server, "Marie Dubois");
    client.writer.mark_read(&chat.id).await.unwrap();
    let before = server.writes().len();

    let read_back = || async { client.reader.get_chat(&chat.id).await.unwrap().0 };
    client
        .writer
        .change_chat(&chat.id, ChatChange::MarkUnread)
        .await
        .unwrap();
    assert!(read_back().await.unread_count >= 1);
    client
        .writer
        .change_chat(&chat.id, ChatChange::Archive)
        .await
        .unwrap();
    assert!(read_back().await.archived);
    client
        .writer
        .change_chat(&chat.id, ChatChange::Mute)
        .await
        .unwrap();
    assert_eq!(read_back().await.muted, Muted::Forever);
    client
        .writer
        .change_chat(&chat.id, ChatChange::Unmute)
        .await
        .unwrap();
    assert_eq!(read_back().await.muted, Muted::No);
    client
        .writer
        .change_chat(&chat.id, ChatChange::Unarchive)
        .await
        .unwrap();
    assert!(!read_back().await.archived);

    let writes = server.writes();
    let path = format!("/api/v1/chats/{}", chat.id);
    let seen: Vec<(&str, &str, &WriteBody, Option<u16>)> = writes[before..]
        .iter()
        .map(|w| (w.method.as_str(), w.path.as_str(), &w.body, w.status))
        .collect();
    let patch = |action: &str, value: bool| WriteBody::Json {
        value: json!({"action": action, "value": value}),
    };
    let expected = [
        patch("setReadStatus", false),
        patch("setArchiveStatus", true),
        patch("setMuteStatus", true),
        patch("setMuteStatus", false),
        patch("setArchiveStatus", false),
    ];
    assert_eq!(
        seen,
        expected
            .iter()
            .map(|body| ("PATCH", path.as_str(), body, Some(200)))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_chat_change_of_an_unknown_chat_fails_once_and_certainly_not_applied() {
    use unibox::domain::{ChatChange, ChatId};
    let server = sandbox().await;
    let client = client(&server);
    let error = client
        .writer
        .change_chat(&ChatId::new("no-such-chat"), ChatChange::Archive)
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    assert_eq!(only_write(&server).status, Some(404));
}
