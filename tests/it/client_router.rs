//! One inbox over two providers: the routed reader lists the accounts of every configured
//! provider, page by page, and every other call goes to the provider that owns its id — a
//! Late id (`late:…`) never reaches Unipile. Two sandboxes stand for two providers here.

use std::collections::BTreeSet;
use std::sync::Arc;

use unibox::domain::{AccountId, ChatId, MessageId};
use unibox::provider::{
    IdempotencyKey, ListQuery, ProviderError, ProviderRead, ProviderWrite, Route, RoutedReader,
    RoutedWriter, SendMessage,
};
use unibox_sandbox::{SandboxConfig, SandboxServer};

use crate::client_support::{anchor, client};

async fn sandbox_seeded(seed: u64) -> SandboxServer {
    unibox_sandbox::start(SandboxConfig {
        anchor: anchor(),
        port: 0,
        seed,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

fn account_ids(server: &SandboxServer) -> BTreeSet<String> {
    server
        .state()
        .accounts()
        .into_iter()
        .map(|account| account.id.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn the_accounts_of_every_provider_are_listed_once_page_by_page() {
    let (first, second) = (sandbox_seeded(7).await, sandbox_seeded(8).await);
    let expected: BTreeSet<String> = account_ids(&first)
        .union(&account_ids(&second))
        .cloned()
        .collect();
    assert!(
        account_ids(&first).len() + account_ids(&second).len() == expected.len(),
        "the two sandboxes must not share account ids for this test to mean anything"
    );
    let reader = RoutedReader::new(
        Some(Arc::new(client(&first).reader)),
        Some(Arc::new(client(&second).reader)),
    );
    let mut seen = Vec::new();
    let mut query = ListQuery {
        limit: Some(1),
        ..ListQuery::default()
    };
    for _ in 0..100 {
        let page = reader.list_accounts(query.clone()).await.unwrap();
        seen.extend(page.items.into_iter().map(|a| a.id.as_str().to_owned()));
        match page.next {
            Some(cursor) => query.cursor = Some(cursor),
            None => break,
        }
    }
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "no account twice: {seen:?}");
    assert_eq!(unique, expected);
}

#[tokio::test]
async fn a_provider_that_is_not_configured_is_named_and_nothing_is_sent() {
    let server = sandbox_seeded(7).await;
    let unipile = client(&server);
    let writer = RoutedWriter::new(Some(Arc::new(unipile.writer)), None);
    let reader = RoutedReader::new(Some(Arc::new(unipile.reader)), None);
    let late_chat = ChatId::new("late:65f0c0ffee0000000000abcd");
    assert_eq!(Route::of(late_chat.as_str()), Route::Late);
    let message = SendMessage {
        account_id: AccountId::new("late:acc"),
        text: "hello".into(),
        quote_id: None,
        attachments: vec![],
        template: None,
        idempotency_key: IdempotencyKey::fresh(),
    };
    let error = writer.send_message(&late_chat, &message).await.unwrap_err();
    assert!(
        matches!(&error, ProviderError::Invalid(words) if words.contains("no Late (Zernio) provider is configured")),
        "{error}"
    );
    let error = writer
        .react(&MessageId::new("late:m1"), "👍")
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Invalid(_)), "{error}");
    let error = reader
        .list_messages(&late_chat, &ListQuery::default())
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Invalid(_)), "{error}");
    assert!(server.writes().is_empty(), "nothing reached the server");
    assert!(
        server.requests().iter().all(|r| !r.path.contains("late:")),
        "no Late id reached Unipile"
    );
}

#[tokio::test]
async fn a_unipile_chat_goes_to_unipile_through_the_router() {
    let server = sandbox_seeded(7).await;
    let unipile = client(&server);
    let writer = RoutedWriter::new(Some(Arc::new(unipile.writer)), None);
    let chat = server.state().chats()[0].clone();
    let message = SendMessage {
        account_id: chat.account_id.clone(),
        text: "through the router".into(),
        quote_id: None,
        attachments: vec![],
        template: None,
        idempotency_key: IdempotencyKey::fresh(),
    };
    writer.send_message(&chat.id, &message).await.unwrap();
    let writes = server.writes();
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert!(
        writes[0].path.contains(chat.id.as_str()),
        "{:?}",
        writes[0].path
    );
}

#[tokio::test]
async fn a_linked_app_has_no_templates_and_sends_none() {
    let server = sandbox_seeded(7).await;
    let unipile = client(&server);
    let reader = RoutedReader::new(Some(Arc::new(unipile.reader)), None);
    let writer = RoutedWriter::new(Some(Arc::new(unipile.writer)), None);
    let account = server.state().accounts()[0].id.clone();
    let error = reader.list_templates(&account).await.unwrap_err();
    assert!(
        matches!(&error, ProviderError::Invalid(words) if words.contains("Cloud API")),
        "{error}"
    );
    let chat = server.state().chats()[0].id.clone();
    let message = SendMessage {
        account_id: account,
        text: String::new(),
        quote_id: None,
        attachments: vec![],
        template: Some(unibox::domain::TemplateMessage {
            name: "order_ready".into(),
            language: "en_US".into(),
            values: vec!["4471".into()],
        }),
        idempotency_key: IdempotencyKey::fresh(),
    };
    let error = writer.send_message(&chat, &message).await.unwrap_err();
    assert!(
        matches!(&error, ProviderError::Invalid(words) if words.contains("nothing was sent")),
        "{error}"
    );
    assert!(server.writes().is_empty(), "nothing reached the server");
}
