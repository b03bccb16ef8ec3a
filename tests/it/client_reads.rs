//! The reader against the sandbox: every read operation decodes what the server holds, paging
//! is complete, and errors come back typed.

use crate::client_support;

use std::collections::HashSet;

use chrono::TimeDelta;
use unibox::domain::{
    AccountId, AccountStatus, AttachmentId, AttachmentKind, Attendee, Chat, ChatId, ChatKind,
    Message, MessageId,
};
use unibox::provider::{
    ChatQuery, Cursor, ListQuery, Page, ProviderError, ProviderRead, ResyncOptions, SyncStatus,
};
use unibox_sandbox::{AccountRecord, SandboxServer};

use client_support::{chat_named, client, client_with, download, requests_to, sandbox};

fn account_named(server: &SandboxServer, name: &str) -> AccountRecord {
    server
        .state()
        .accounts()
        .into_iter()
        .find(|a| a.name == name)
        .unwrap()
}

fn page(limit: u32, cursor: Option<Cursor>) -> ListQuery {
    ListQuery {
        cursor,
        limit: Some(limit),
        ..ListQuery::default()
    }
}

/// Every message of `chat`, following cursors `limit` at a time; also the page count.
async fn all_messages(
    reader: &impl ProviderRead,
    chat: &ChatId,
    limit: u32,
) -> (Vec<Message>, usize) {
    let (mut messages, mut pages, mut cursor) = (Vec::new(), 0, None);
    loop {
        let Page {
            items,
            next,
            skipped,
        } = reader
            .list_messages(chat, &page(limit, cursor))
            .await
            .unwrap();
        assert_eq!(skipped, 0);
        messages.extend(items);
        pages += 1;
        match next {
            Some(next) => cursor = Some(next),
            None => return (messages, pages),
        }
    }
}

async fn all_chats(reader: &impl ProviderRead, mut query: ChatQuery) -> Vec<Chat> {
    let mut chats = Vec::new();
    loop {
        let page = reader.list_chats(&query).await.unwrap();
        chats.extend(page.items);
        match page.next {
            Some(next) => query.page.cursor = Some(next),
            None => return chats,
        }
    }
}

#[tokio::test]
async fn accounts_decode_with_their_status_and_number() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let listed = reader.list_accounts(ListQuery::default()).await.unwrap();
    assert_eq!((listed.skipped, listed.next.clone()), (0, None));
    let expected = server.state().accounts();
    assert_eq!(listed.items.len(), expected.len());
    for record in &expected {
        let account = listed.items.iter().find(|a| a.id == record.id).unwrap();
        assert_eq!(account.name, record.name);
        assert_eq!(
            account.phone_number.as_deref(),
            Some(record.phone_number.as_str())
        );
        assert_eq!(account.status.as_str(), record.status.as_str());
        assert_eq!(account.created_at, Some(record.created_at));
    }
    let warehouse = account_named(&server, "Entrepôt Villeurbanne");
    let account = reader.get_account(&warehouse.id).await.unwrap();
    assert_eq!(account.status, AccountStatus::Credentials);
    assert!(!account.status.is_healthy());
}

#[tokio::test]
async fn chats_list_by_account_and_unread_newest_first() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let support = account_named(&server, "Maison Argile – Support");
    let query = ChatQuery {
        account_id: Some(support.id.clone()),
        unread: None,
        page: page(7, None),
    };
    let chats = all_chats(&reader, query.clone()).await;
    let expected: HashSet<ChatId> = server
        .state()
        .chats()
        .into_iter()
        .filter(|c| c.account_id == support.id)
        .map(|c| c.id)
        .collect();
    let listed: HashSet<ChatId> = chats.iter().map(|c| c.id.clone()).collect();
    assert_eq!(listed.len(), chats.len(), "a chat listed twice");
    assert_eq!(listed, expected);
    let times: Vec<_> = chats.iter().map(|c| c.timestamp).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");

    let unread = all_chats(
        &reader,
        ChatQuery {
            unread: Some(true),
            ..query
        },
    )
    .await;
    assert!(!unread.is_empty());
    assert!(
        unread
            .iter()
            .all(|c| c.unread_count > 0 && c.account_id == support.id)
    );
}

#[tokio::test]
async fn a_chat_decodes_every_field_and_its_last_message() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let record = chat_named(&server, "Marie Dubois");
    let (chat, last) = reader.get_chat(&record.id).await.unwrap();
    assert_eq!(chat.account_id, record.account_id);
    assert_eq!(chat.provider_id, record.provider_id);
    assert_eq!(chat.attendee_provider_id, record.attendee_provider_id);
    assert_eq!(chat.name, record.name);
    assert_eq!(chat.kind, ChatKind::Single);
    assert_eq!(chat.timestamp, record.timestamp);
    assert_eq!(chat.unread_count, record.unread_count);
    assert_eq!(chat.archived, record.archived);
    assert_eq!(chat.read_only, record.read_only);
    let newest = server.state().messages(&record.id).pop().unwrap();
    let last = last.expect("a last message");
    assert_eq!((last.id, last.timestamp), (newest.id, newest.timestamp));

    let channel = reader
        .get_chat(&chat_named(&server, "Céramique Magazine").id)
        .await
        .unwrap()
        .0;
    assert_eq!(channel.kind, ChatKind::Channel);
    assert_ne!(channel.read_only, 0);
}

#[tokio::test]
async fn paging_through_a_long_chat_has_no_gaps_or_duplicates() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let chat = chat_named(&server, "Karim Benali");
    let expected: Vec<MessageId> = server
        .state()
        .messages(&chat.id)
        .iter()
        .rev()
        .map(|m| m.id.clone())
        .collect();
    assert!(expected.len() >= 300, "{} messages", expected.len());
    let (messages, pages) = all_messages(&reader, &chat.id, 45).await;
    let ids: Vec<MessageId> = messages.iter().map(|m| m.id.clone()).collect();
    assert_eq!(ids, expected);
    assert_eq!(pages, expected.len().div_ceil(45));
    assert!(
        messages
            .windows(2)
            .all(|w| w[0].timestamp >= w[1].timestamp)
    );
}

#[tokio::test]
async fn messages_decode_as_the_server_holds_them_and_one_can_be_fetched() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let chat = chat_named(&server, "Marie Dubois");
    let (messages, _) = all_messages(&reader, &chat.id, 250).await;
    let records = server.state().messages(&chat.id);
    assert_eq!(messages.len(), records.len());
    for record in &records {
        let message = messages.iter().find(|m| m.id == record.id).unwrap();
        assert_eq!(message.text, record.text);
        assert_eq!(message.timestamp, record.timestamp);
        assert_eq!(message.is_sender, record.is_sender);
        assert_eq!(message.sender_id, record.sender_id);
        assert_eq!(message.deleted, record.deleted);
        assert_eq!(message.event_type, record.event_type.map(i64::from));
        assert_eq!(
            message.quoted.as_ref().map(|q| &q.provider_id),
            record.quoted.as_ref().map(|q| &q.provider_id)
        );
        let kinds: Vec<&str> = message
            .attachments
            .iter()
            .map(|a| a.kind.as_str())
            .collect();
        let expected: Vec<&str> = record.attachments.iter().map(|a| a.kind.as_str()).collect();
        assert_eq!(kinds, expected);
        assert_eq!(message.reactions.len(), record.reactions.len());
    }
    let quoting = records
        .iter()
        .find(|m| m.quoted.is_some())
        .expect("a reply");
    let fetched = reader.get_message(&quoting.id).await.unwrap();
    assert_eq!(
        fetched.quoted.unwrap().text,
        quoting.quoted.as_ref().unwrap().text
    );
}

#[tokio::test]
async fn before_and_after_select_an_exclusive_window() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let chat = chat_named(&server, "Karim Benali");
    let records = server.state().messages(&chat.id);
    let (after, before) = (records[10].timestamp, records[20].timestamp);
    let window = ListQuery {
        before: Some(before),
        after: Some(after),
        ..ListQuery::default()
    };
    let listed = reader.list_messages(&chat.id, &window).await.unwrap();
    let expected: Vec<MessageId> = records
        .iter()
        .rev()
        .filter(|m| m.timestamp > after && m.timestamp < before)
        .map(|m| m.id.clone())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        listed
            .items
            .iter()
            .map(|m| m.id.clone())
            .collect::<Vec<_>>(),
        expected
    );
}

#[tokio::test]
async fn chat_attendees_are_asked_for_with_documented_parameters_only() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let chat = chat_named(&server, "Équipe SAV 🛠️");
    // Sync pages every list with a limit; this route documents none, so none is sent.
    let listed = reader
        .list_chat_attendees(&chat.id, &page(20, None))
        .await
        .expect("the members, from a server that refuses unknown parameters");
    assert!(!listed.items.is_empty());
    let path = format!("/api/v1/chats/{}/attendees", chat.id);
    let queries: Vec<Option<String>> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == path)
        .map(|r| r.query)
        .collect();
    assert_eq!(queries, [None]);
}

#[tokio::test]
async fn attendees_of_a_chat_and_of_an_account() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let chat = chat_named(&server, "Équipe SAV 🛠️");
    let listed = reader
        .list_chat_attendees(&chat.id, &ListQuery::default())
        .await
        .unwrap();
    let names: HashSet<Option<String>> = listed.items.iter().map(|a| a.name.clone()).collect();
    let expected: HashSet<Option<String>> = server.state().read(|world| {
        let record = world.chat(&chat.id).unwrap();
        world
            .members(record)
            .map(|a| Some(a.name.clone()))
            .collect()
    });
    assert_eq!(names, expected);
    assert_eq!(listed.items.iter().filter(|a| a.is_self).count(), 1);

    let mut known: Vec<Attendee> = Vec::new();
    let mut cursor = None;
    loop {
        let page = reader
            .list_account_attendees(&chat.account_id, &page(20, cursor))
            .await
            .unwrap();
        known.extend(page.items);
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let expected: HashSet<String> = server
        .state()
        .known_attendees(&chat.account_id)
        .into_iter()
        .map(|a| a.provider_id)
        .collect();
    let listed: HashSet<String> = known.iter().map(|a| a.provider_id.clone()).collect();
    assert_eq!(listed, expected);
    assert!(known.iter().all(|a| a.account_id == chat.account_id));
}

#[tokio::test]
async fn account_resync_walks_or_is_not_implemented_and_chats_sync() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let support = account_named(&server, "Maison Argile – Support");
    let options = ResyncOptions {
        chunk_size: Some(20),
        partial: Some(true),
        before: Some(client_support::anchor()),
        after: Some(client_support::anchor() - TimeDelta::days(30)),
    };
    let mut statuses = Vec::new();
    while statuses
        .last()
        .is_none_or(|s: &SyncStatus| !s.is_finished())
        && statuses.len() < 10
    {
        statuses.push(reader.resync_account(&support.id, &options).await.unwrap());
    }
    assert_eq!(
        statuses,
        [SyncStatus::Started, SyncStatus::Running, SyncStatus::Done]
    );
    let sync_query = server
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/sync"))
        .and_then(|r| r.query)
        .unwrap();
    let after_ms = (client_support::anchor() - TimeDelta::days(30)).timestamp_millis();
    assert!(
        sync_query.contains(&format!("after={after_ms}")),
        "{sync_query}"
    );
    assert!(sync_query.contains("partial=true&"), "{sync_query}");

    let sales = account_named(&server, "Maison Argile – Ventes");
    let error = reader
        .resync_account(&sales.id, &ResyncOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ProviderError::NotImplemented(api) if api.slug() == "feature_not_implemented"),
        "{error:?}"
    );

    let chat = chat_named(&server, "Marie Dubois");
    let status = reader.sync_chat(&chat.id).await.unwrap();
    assert!(
        matches!(
            status,
            SyncStatus::Started | SyncStatus::Running | SyncStatus::Done
        ),
        "{status:?}"
    );
}

#[tokio::test]
async fn attachments_download_within_their_cap() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let (message, attachment) = server
        .state()
        .chats()
        .iter()
        .flat_map(|c| server.state().messages(&c.id))
        .find_map(|m| {
            let available = m
                .attachments
                .iter()
                .find(|a| !a.unavailable && a.file_size > 1_000)?
                .clone();
            Some((m, available))
        })
        .expect("an available attachment");
    let bytes = download(&reader, &message.id, &attachment.id, attachment.file_size)
        .await
        .unwrap();
    assert_eq!(bytes.len() as u64, attachment.file_size);

    let error = download(
        &reader,
        &message.id,
        &attachment.id,
        attachment.file_size - 1,
    )
    .await
    .unwrap_err();
    assert_eq!(
        error,
        ProviderError::TooLarge {
            limit: attachment.file_size - 1
        }
    );

    let listed = reader.get_message(&message.id).await.unwrap();
    let decoded = listed
        .attachments
        .iter()
        .find(|a| a.id == attachment.id)
        .unwrap();
    assert_eq!(decoded.file_size, Some(attachment.file_size));
    assert_eq!(decoded.kind.as_str(), attachment.kind.as_str());
    assert!(!matches!(decoded.kind, AttachmentKind::Other(_)));

    let error = download(&reader, &message.id, &AttachmentId::from("nope"), 1 << 20)
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::NotFound(_)), "{error:?}");
}

#[tokio::test]
async fn unknown_ids_are_not_found_and_not_retried() {
    let server = sandbox().await;
    let client = client(&server);
    let reader = &client.reader;
    let missing = "AAAAAAAAAAAAAAAAAAAAAA";
    let errors = [
        reader.get_chat(&ChatId::from(missing)).await.unwrap_err(),
        reader
            .get_message(&MessageId::from(missing))
            .await
            .unwrap_err(),
        reader
            .get_account(&AccountId::from(missing))
            .await
            .unwrap_err(),
        reader
            .list_messages(&ChatId::from(missing), &ListQuery::default())
            .await
            .unwrap_err(),
    ];
    for error in errors {
        let ProviderError::NotFound(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(api.slug(), "resource_not_found");
        assert_eq!(api.status, 404);
    }
    assert_eq!(requests_to(&server, &format!("/api/v1/chats/{missing}")), 1);
    assert!(client.sleeps.taken().is_empty());
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized_and_never_shown() {
    let server = sandbox().await;
    let wrong = "sk_wrong_key_for_the_test";
    let reader = client_with(&server, |config| {
        config.api_key = unibox::secret::ApiKey::new(wrong).unwrap();
    })
    .reader;
    let error = reader
        .list_accounts(ListQuery::default())
        .await
        .unwrap_err();
    let ProviderError::Unauthorized(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((api.status, api.slug()), (401, "missing_credentials"));
    let shown = format!("{error} {error:?} {reader:?}");
    assert!(shown.contains("API key"), "{shown}");
    assert!(!shown.contains(wrong), "{shown}");
}

#[tokio::test]
async fn a_read_only_session_sends_no_write() {
    let server = sandbox().await;
    let reader = client(&server).reader;
    let chat = chat_named(&server, "Karim Benali");
    let message = server.state().messages(&chat.id).pop().unwrap();
    reader.list_accounts(ListQuery::default()).await.unwrap();
    reader.get_account(&chat.account_id).await.unwrap();
    reader
        .resync_account(&chat.account_id, &ResyncOptions::default())
        .await
        .ok();
    reader.list_chats(&ChatQuery::default()).await.unwrap();
    reader.get_chat(&chat.id).await.unwrap();
    all_messages(&reader, &chat.id, 250).await;
    reader.get_message(&message.id).await.unwrap();
    reader
        .list_chat_attendees(&chat.id, &ListQuery::default())
        .await
        .unwrap();
    reader
        .list_account_attendees(&chat.account_id, &ListQuery::default())
        .await
        .unwrap();
    reader.sync_chat(&chat.id).await.unwrap();
    assert!(server.requests().len() >= 10);
    assert!(server.requests().iter().all(|r| r.method == "GET"));
    assert_eq!(server.writes(), []);
}
