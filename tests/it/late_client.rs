//! The Late client against the fake Late server on 127.0.0.1, with the real client: every
//! read paged to the end, every write one request (its body and `Idempotency-Key` checked in
//! the fake's write log), a resend with the same key replayed, and Late's refusals mapped to
//! words and outcomes.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, TimeZone, Utc};
use futures_util::StreamExt as _;
use unibox::domain::{AttachmentId, ChatId, MessageId, TemplateMessage, TemplateStatus};
use unibox::provider::late::{self, ConversationRef, Late, LateConfig, LateReader, LateWriter};
use unibox::provider::retry::{RetryPolicy, Sleeper};
use unibox::provider::{
    ChatQuery, IdempotencyKey, ListQuery, OutgoingFile, ProviderError, ProviderRead, ProviderWrite,
    SendMessage, SendOutcome, StartChat,
};
use unibox_sandbox::late::{
    Direction, HOSTILE_PARTICIPANT, LateConversation, LateSandbox, LateSandboxConfig,
    SENDS_PER_RECIPIENT,
};
use unibox_sandbox::{WriteBody, WriteRecord};

fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap()
}

async fn sandbox() -> LateSandbox {
    LateSandbox::start(LateSandboxConfig {
        anchor: anchor(),
        ..LateSandboxConfig::default()
    })
    .await
    .unwrap()
}

/// Records the waits instead of sleeping.
#[derive(Default)]
struct RecordingSleeper(Mutex<Vec<Duration>>);

#[async_trait]
impl Sleeper for RecordingSleeper {
    async fn sleep(&self, duration: Duration) {
        self.0.lock().unwrap().push(duration);
    }
}

struct Client {
    reader: LateReader,
    writer: LateWriter,
    waits: Arc<RecordingSleeper>,
}

fn client_with(server: &LateSandbox, key: &str, timeout: Duration) -> Client {
    let key = unibox::secret::ApiKey::new(key).unwrap();
    let mut config = LateConfig::new(&server.base_url(), key).unwrap();
    let waits = Arc::new(RecordingSleeper::default());
    config.retry = RetryPolicy {
        sleeper: waits.clone(),
        ..RetryPolicy::default()
    };
    config.request_timeout = timeout;
    let late = Late::new(config).unwrap();
    Client {
        reader: late.reader(),
        writer: late.writer(),
        waits,
    }
}

fn client(server: &LateSandbox) -> Client {
    client_with(server, server.api_key(), Duration::from_secs(30))
}

fn chat_of(conversation: &LateConversation) -> ChatId {
    ConversationRef::new(&conversation.account_id, &conversation.id).chat_id()
}

/// A conversation whose customer wrote within 24 hours (free-form sends allowed).
fn open_conversation(server: &LateSandbox) -> LateConversation {
    server
        .conversations()
        .into_iter()
        .filter(|c| c.participant_id != HOSTILE_PARTICIPANT)
        .find(|c| server.window_is_open(&c.id))
        .expect("a conversation with an open window")
}

fn closed_conversation(server: &LateSandbox) -> LateConversation {
    server
        .conversations()
        .into_iter()
        .find(|c| !server.window_is_open(&c.id))
        .expect("a conversation with a closed window")
}

fn text(account: &str, body: &str, key: &IdempotencyKey) -> SendMessage {
    SendMessage {
        account_id: late::account_id(account),
        text: body.to_owned(),
        quote_id: None,
        attachments: Vec::new(),
        template: None,
        idempotency_key: key.clone(),
    }
}

fn only_write(server: &LateSandbox) -> WriteRecord {
    let writes = server.writes();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    writes.into_iter().next().unwrap()
}

fn json_of(write: &WriteRecord) -> &serde_json::Value {
    match &write.body {
        WriteBody::Json { value } => value,
        other => panic!("expected JSON, got {other:?}"),
    }
}

fn key(n: i64) -> IdempotencyKey {
    IdempotencyKey::for_outbox_entry(n, anchor())
}

#[tokio::test]
async fn accounts_chats_and_messages_are_read_to_the_end_of_every_page() {
    let server = sandbox().await;
    let client = client(&server);

    let accounts = client
        .reader
        .list_accounts(ListQuery::default())
        .await
        .unwrap();
    let ids: Vec<_> = accounts.items.iter().map(|a| a.id.to_string()).collect();
    let expected: Vec<_> = server
        .accounts()
        .into_iter()
        .map(|a| late::account_id(&a.id).to_string())
        .collect();
    assert_eq!(ids, expected);
    assert_eq!((accounts.skipped, accounts.next), (0, None));
    let first = &accounts.items[0];
    assert_eq!(
        client.reader.get_account(&first.id).await.unwrap().id,
        first.id
    );

    for account in server.accounts() {
        let mut seen = Vec::new();
        let mut query = ChatQuery {
            account_id: Some(late::account_id(&account.id)),
            page: ListQuery {
                limit: Some(3),
                ..ListQuery::default()
            },
            ..ChatQuery::default()
        };
        let mut pages = 0;
        loop {
            let page = client.reader.list_chats(&query).await.unwrap();
            assert!(page.items.len() <= 3);
            assert_eq!(page.skipped, 0);
            seen.extend(page.items.into_iter().map(|c| c.provider_id));
            pages += 1;
            match page.next {
                Some(next) => query.page.cursor = Some(next),
                None => break,
            }
        }
        let expected: HashSet<_> = server
            .conversations()
            .into_iter()
            .filter(|c| c.account_id == account.id)
            .map(|c| c.id)
            .collect();
        assert_eq!(seen.len(), expected.len(), "no chat twice");
        assert_eq!(seen.into_iter().collect::<HashSet<_>>(), expected);
        assert!(pages > 1, "paged");
    }

    let busiest = server
        .conversations()
        .into_iter()
        .max_by_key(|c| server.messages(&c.id).len())
        .unwrap();
    let chat = chat_of(&busiest);
    let (found, _) = client.reader.get_chat(&chat).await.unwrap();
    assert_eq!(
        (found.id.clone(), found.provider_id),
        (chat.clone(), busiest.id.clone())
    );
    let mut page = ListQuery {
        limit: Some(4),
        ..ListQuery::default()
    };
    let mut newest_first = Vec::new();
    loop {
        let got = client.reader.list_messages(&chat, &page).await.unwrap();
        newest_first.extend(got.items.into_iter().map(|m| m.provider_id));
        match got.next {
            Some(next) => page.cursor = Some(next),
            None => break,
        }
    }
    let mut expected: Vec<_> = server
        .messages(&busiest.id)
        .into_iter()
        .map(|m| m.id)
        .collect();
    expected.reverse();
    assert!(expected.len() > 4);
    assert_eq!(newest_first, expected);
    assert!(server.writes().is_empty(), "reading wrote nothing");
}

#[tokio::test]
async fn templates_come_with_their_body_variables_and_status() {
    let server = sandbox().await;
    let client = client(&server);
    let account = server.accounts()[0].id.clone();
    let templates = client
        .reader
        .list_templates(&late::account_id(&account))
        .await
        .unwrap();
    let expected = server.templates(&account);
    assert_eq!(templates.items.len(), expected.len());
    for (got, want) in templates.items.iter().zip(&expected) {
        assert_eq!(
            (got.name.as_str(), got.language.as_str()),
            (want.name.as_str(), want.language.as_str())
        );
        assert_eq!(got.body.as_deref(), Some(want.body.as_str()));
        assert_eq!(got.status, TemplateStatus::parse(want.status.as_str()));
        assert_eq!(
            got.variables,
            unibox::domain::template_variables(&want.body)
        );
    }
    assert!(templates.items.iter().any(|t| t.variables > 0));
    assert!(templates.items.iter().any(|t| t.status.can_send()));
}

#[tokio::test]
async fn an_attachment_is_resolved_then_streamed_under_the_cap() {
    let server = sandbox().await;
    let client = client(&server);
    let (conversation, message) = server
        .conversations()
        .into_iter()
        .find_map(|c| {
            let with_file = server
                .messages(&c.id)
                .into_iter()
                .find(|m| m.attachments.first().is_some_and(|a| !a.media.unavailable))?;
            Some((c, with_file))
        })
        .expect("a message with an attachment");
    let id = ConversationRef::new(&conversation.account_id, &conversation.id)
        .message(&message.id)
        .message_id();
    let size = message.attachments[0].media.file_size;
    let stream = client
        .reader
        .download_attachment(&id, &AttachmentId::from("0"), 1 << 30)
        .await
        .unwrap();
    let chunks: Vec<_> = stream.collect().await;
    let bytes: usize = chunks.into_iter().map(|c| c.unwrap().len()).sum();
    assert_eq!(bytes as u64, size);

    let mut capped = client
        .reader
        .download_attachment(&id, &AttachmentId::from("0"), size - 1)
        .await
        .map(futures_util::StreamExt::boxed);
    let too_large = match &mut capped {
        Err(error) => error.clone(),
        Ok(stream) => loop {
            match stream.next().await {
                Some(Err(error)) => break error,
                Some(Ok(_)) => continue,
                None => panic!("the cap was not applied"),
            }
        },
    };
    assert!(
        matches!(too_large, ProviderError::TooLarge { .. }),
        "{too_large:?}"
    );
}

#[tokio::test]
async fn a_text_and_a_reply_are_one_request_each_with_the_entrys_key() {
    let server = sandbox().await;
    let client = client(&server);
    let conversation = open_conversation(&server);
    let chat = chat_of(&conversation);
    let before = server.messages(&conversation.id).len();

    let sent = client
        .writer
        .send_message(&chat, &text(&conversation.account_id, "Bonjour !", &key(1)))
        .await
        .unwrap();
    let write = only_write(&server);
    assert_eq!(
        (write.method.as_str(), write.path.as_str()),
        (
            "POST",
            format!("/api/v1/inbox/conversations/{}/messages", conversation.id).as_str()
        )
    );
    assert_eq!(write.idempotency_key.as_deref(), Some(key(1).as_str()));
    assert_eq!(
        json_of(&write),
        &serde_json::json!({"accountId": conversation.account_id, "message": "Bonjour !"})
    );
    let stored = server.messages(&conversation.id);
    assert_eq!(stored.len(), before + 1);
    let last = stored.last().unwrap();
    assert_eq!(last.text.as_deref(), Some("Bonjour !"));
    assert_eq!(last.direction, Direction::Outgoing);
    let sent_id = sent.message_id.expect("the sent message's id");
    assert_eq!(
        sent_id,
        ConversationRef::new(&conversation.account_id, &conversation.id)
            .message(&last.id)
            .message_id()
    );

    let quoted = stored[0].id.clone();
    let mut reply = text(&conversation.account_id, "Oui", &key(2));
    reply.quote_id = Some(
        ConversationRef::new(&conversation.account_id, &conversation.id)
            .message(&quoted)
            .message_id(),
    );
    client.writer.send_message(&chat, &reply).await.unwrap();
    let writes = server.writes();
    assert_eq!(writes.len(), 2);
    assert_eq!(writes[1].field("replyTo"), Some(quoted.as_str()));
    assert_eq!(writes[1].idempotency_key.as_deref(), Some(key(2).as_str()));
    let last = server.messages(&conversation.id).pop().unwrap();
    assert_eq!(last.quoted_message_id.as_deref(), Some(quoted.as_str()));
}

#[tokio::test]
async fn a_file_is_one_multipart_request_and_two_files_none() {
    let server = sandbox().await;
    let client = client(&server);
    let conversation = open_conversation(&server);
    let chat = chat_of(&conversation);
    let mut message = text(&conversation.account_id, "la facture", &key(3));
    message.attachments = vec![OutgoingFile {
        file_name: "facture.pdf".into(),
        mimetype: None,
        bytes: Bytes::from_static(b"%PDF-1.4 facture"),
    }];
    client.writer.send_message(&chat, &message).await.unwrap();
    let write = only_write(&server);
    assert_eq!(write.idempotency_key.as_deref(), Some(key(3).as_str()));
    assert_eq!(
        write.field("accountId"),
        Some(conversation.account_id.as_str())
    );
    assert_eq!(write.field("message"), Some("la facture"));
    let files = write.files();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].file_name.as_deref(), Some("facture.pdf"));
    assert_eq!(files[0].content_type.as_deref(), Some("application/pdf"));
    let last = server.messages(&conversation.id).pop().unwrap();
    assert_eq!(last.attachments.len(), 1);

    message.attachments.push(message.attachments[0].clone());
    let error = client
        .writer
        .send_message(&chat, &message)
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Invalid(_)), "{error:?}");
    assert_eq!(server.writes().len(), 1, "refused before any request");
}

#[tokio::test]
async fn react_unreact_and_mark_read_send_the_contracts_requests() {
    let server = sandbox().await;
    let client = client(&server);
    let conversation = open_conversation(&server);
    let target = server
        .messages(&conversation.id)
        .into_iter()
        .rfind(|m| m.direction == Direction::Incoming)
        .unwrap();
    let reference = ConversationRef::new(&conversation.account_id, &conversation.id);
    let id = reference.message(&target.id).message_id();

    client.writer.react(&id, "👍").await.unwrap();
    let reacted = server
        .messages(&conversation.id)
        .into_iter()
        .find(|m| m.id == target.id)
        .unwrap();
    assert!(
        reacted
            .reactions
            .iter()
            .any(|r| r.from_me && r.emoji == "👍")
    );
    client.writer.react(&id, "").await.unwrap();
    let unreacted = server
        .messages(&conversation.id)
        .into_iter()
        .find(|m| m.id == target.id)
        .unwrap();
    assert!(!unreacted.reactions.iter().any(|r| r.from_me));

    client
        .writer
        .mark_read(&chat_of(&conversation))
        .await
        .unwrap();
    assert!(
        server
            .messages(&conversation.id)
            .iter()
            .filter(|m| m.direction == Direction::Incoming)
            .all(|m| m.read)
    );

    let writes = server.writes();
    assert_eq!(writes.len(), 3, "{writes:#?}");
    let reactions = format!(
        "/api/v1/inbox/conversations/{}/messages/{}/reactions",
        conversation.id, target.id
    );
    assert_eq!(
        (writes[0].method.as_str(), writes[0].path.as_str()),
        ("POST", reactions.as_str())
    );
    assert_eq!(
        json_of(&writes[0]),
        &serde_json::json!({"accountId": conversation.account_id, "emoji": "👍"})
    );
    assert_eq!(
        (writes[1].method.as_str(), writes[1].path.as_str()),
        ("DELETE", reactions.as_str())
    );
    assert_eq!(
        writes[1].query.as_deref(),
        Some(format!("accountId={}", conversation.account_id).as_str())
    );
    assert_eq!(
        (writes[2].method.as_str(), writes[2].path.as_str()),
        (
            "POST",
            format!("/api/v1/inbox/conversations/{}/read", conversation.id).as_str()
        )
    );
    assert_eq!(
        json_of(&writes[2]),
        &serde_json::json!({"accountId": conversation.account_id})
    );
    let keys: HashSet<_> = writes.iter().map(|w| w.idempotency_key.clone()).collect();
    assert_eq!(keys.len(), 3, "every write carries a key of its own");
    assert!(!keys.contains(&None));
}

#[tokio::test]
async fn a_template_opens_a_chat_and_reopens_a_closed_window() {
    let server = sandbox().await;
    let client = client(&server);
    let account = server.accounts()[0].id.clone();
    let template = server
        .templates(&account)
        .into_iter()
        .find(|t| {
            t.status.as_str() == "APPROVED" && unibox::domain::template_variables(&t.body) > 0
        })
        .expect("an approved template with variables");
    let values: Vec<String> = (1..=unibox::domain::template_variables(&template.body))
        .map(|n| format!("value {n}"))
        .collect();
    let choice = TemplateMessage {
        name: template.name.clone(),
        language: template.language.clone(),
        values: values.clone(),
    };

    let started = client
        .writer
        .start_chat(&StartChat {
            account_id: late::account_id(&account),
            attendee_provider_ids: vec!["33612345678@s.whatsapp.net".into()],
            text: String::new(),
            attachments: Vec::new(),
            template: Some(choice.clone()),
            idempotency_key: key(10),
        })
        .await
        .unwrap();
    let write = only_write(&server);
    assert_eq!(
        (write.method.as_str(), write.path.as_str()),
        ("POST", "/api/v1/inbox/conversations")
    );
    assert_eq!(write.idempotency_key.as_deref(), Some(key(10).as_str()));
    assert_eq!(
        json_of(&write),
        &serde_json::json!({
            "accountId": account, "participantId": "33612345678",
            "templateName": template.name, "templateLanguage": template.language,
            "templateParams": values,
        })
    );
    let chat = started.chat_id.expect("the new chat");
    let (found, _) = client.reader.get_chat(&chat).await.unwrap();
    assert_eq!(found.attendee_provider_id.as_deref(), Some("33612345678"));
    assert!(started.message_id.is_some());

    let closed = closed_conversation(&server);
    let template = server
        .templates(&closed.account_id)
        .into_iter()
        .find(|t| t.status.as_str() == "APPROVED")
        .unwrap();
    let values: Vec<String> = (1..=unibox::domain::template_variables(&template.body))
        .map(|n| n.to_string())
        .collect();
    let before = server.messages(&closed.id).len();
    client
        .writer
        .send_template(
            &chat_of(&closed),
            &TemplateMessage {
                name: template.name.clone(),
                language: template.language.clone(),
                values,
            },
            &key(11),
        )
        .await
        .unwrap();
    assert_eq!(server.messages(&closed.id).len(), before + 1);
    let writes = server.writes();
    assert_eq!(writes.len(), 2);
    assert_eq!(writes[1].idempotency_key.as_deref(), Some(key(11).as_str()));
    assert_eq!(
        json_of(&writes[1])["template"]["elements"][0]["name"],
        serde_json::json!(template.name)
    );
}

#[tokio::test]
async fn the_same_entry_sent_again_is_replayed_not_sent_twice() {
    let server = sandbox().await;
    let client = client(&server);
    let conversation = open_conversation(&server);
    let chat = chat_of(&conversation);
    let before = server.messages(&conversation.id).len();
    let message = text(&conversation.account_id, "Une seule fois", &key(20));
    let first = client.writer.send_message(&chat, &message).await.unwrap();
    let again = client.writer.send_message(&chat, &message).await.unwrap();
    assert_eq!(first, again, "the first send's answer");
    assert_eq!(server.messages(&conversation.id).len(), before + 1);
    let writes = server.writes();
    assert_eq!(writes.len(), 2);
    assert!(
        writes
            .iter()
            .all(|w| w.idempotency_key.as_deref() == Some(key(20).as_str()))
    );

    // The same key with another body: Late refuses it, and nothing new was sent.
    let changed = text(&conversation.account_id, "Autre chose", &key(20));
    let error = client
        .writer
        .send_message(&chat, &changed)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("different content"), "{error}");
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    assert_eq!(server.messages(&conversation.id).len(), before + 1);
}

#[tokio::test]
async fn a_key_still_in_flight_is_an_unknown_outcome() {
    let server = sandbox().await;
    let client = client(&server);
    let conversation = open_conversation(&server);
    let chat = chat_of(&conversation);
    server.hold_sends(Duration::from_secs(2));
    let message = text(&conversation.account_id, "Patience", &key(30));
    let writer = client.writer.clone();
    let (chat2, message2) = (chat.clone(), message.clone());
    let first = tokio::spawn(async move { writer.send_message(&chat2, &message2).await });
    // Bounded, so a send that never holds its key fails the test instead of hanging it.
    let mut polls = 0;
    while server.keys_in_flight() == 0 {
        polls += 1;
        assert!(polls < 10_000, "the first send never held its key");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let error = client
        .writer
        .send_message(&chat, &message)
        .await
        .unwrap_err();
    assert!(
        matches!(error, ProviderError::StillInFlight(_)),
        "{error:?}"
    );
    assert_eq!(error.send_outcome(), SendOutcome::Unknown);
    assert!(error.to_string().contains("look for it"), "{error}");
    first.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_closed_window_and_a_flooded_recipient_say_what_to_do() {
    let server = sandbox().await;
    let client = client(&server);
    let closed = closed_conversation(&server);
    let before = server.messages(&closed.id).len();
    let error = client
        .writer
        .send_message(
            &chat_of(&closed),
            &text(&closed.account_id, "Hello?", &key(40)),
        )
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("the 24-hour window is closed — send a template"),
        "{error}"
    );
    assert_eq!(error.api().map(|api| api.kind.as_str()), Some("131047"));
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    assert_eq!(server.messages(&closed.id).len(), before);

    let open = open_conversation(&server);
    let chat = chat_of(&open);
    for n in 0..SENDS_PER_RECIPIENT {
        let message = text(&open.account_id, &format!("n°{n}"), &key(100 + n as i64));
        client.writer.send_message(&chat, &message).await.unwrap();
    }
    let one_more = text(&open.account_id, "encore", &key(99));
    let error = client
        .writer
        .send_message(&chat, &one_more)
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("too many messages to this person, wait a minute"),
        "{error}"
    );
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
}

#[tokio::test]
async fn a_refused_key_names_its_setting_and_never_prints_the_key() {
    let server = sandbox().await;
    let client = client_with(&server, "sk_wrong_late_key", Duration::from_secs(30));
    let error = client
        .reader
        .list_accounts(ListQuery::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, ProviderError::KeyRefused { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("UNIBOX_LATE_API_KEY"), "{message}");
    assert!(!format!("{message} {error:?}").contains("sk_wrong"));
    assert_eq!(server.requests().len(), 1, "a refused key is not retried");
}

#[tokio::test]
async fn a_rate_limit_keeps_retry_after_a_read_waits_it_a_write_reports_it() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|faults| {
        faults.rate_limited = 1;
        faults.retry_after_secs = Some(3);
    });
    let accounts = client
        .reader
        .list_accounts(ListQuery::default())
        .await
        .unwrap();
    assert!(!accounts.items.is_empty());
    assert_eq!(*client.waits.0.lock().unwrap(), [Duration::from_secs(3)]);

    server.faults().update(|faults| faults.rate_limited = 1);
    let conversation = open_conversation(&server);
    let error = client
        .writer
        .send_message(
            &chat_of(&conversation),
            &text(&conversation.account_id, "x", &key(50)),
        )
        .await
        .unwrap_err();
    let ProviderError::RateLimited { retry_after, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(3)));
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    assert_eq!(server.writes().len(), 1, "a write is never retried");
}

#[tokio::test]
async fn a_write_without_an_answer_in_time_has_an_unknown_outcome() {
    let server = sandbox().await;
    let client = client_with(&server, server.api_key(), Duration::from_secs(1));
    server.faults().update(|faults| {
        faults.hang_after_write = 1;
        faults.hang_ms = 60_000;
    });
    let conversation = open_conversation(&server);
    let error = client
        .writer
        .send_message(
            &chat_of(&conversation),
            &text(&conversation.account_id, "?", &key(60)),
        )
        .await
        .unwrap_err();
    assert_eq!(error, ProviderError::Timeout { sent: true });
    assert_eq!(error.send_outcome(), SendOutcome::Unknown);
    assert_eq!(server.writes().len(), 1);
}

#[tokio::test]
async fn what_late_cannot_do_is_refused_with_words_and_no_request() {
    let server = sandbox().await;
    let client = client(&server);
    let conversation = open_conversation(&server);
    let chat = chat_of(&conversation);
    let message = ConversationRef::new(&conversation.account_id, &conversation.id)
        .message("wamid.any")
        .message_id();
    let account = late::account_id(&conversation.account_id);
    let refusals = [
        client.writer.edit(&message, "x").await.unwrap_err(),
        client.writer.delete(&message).await.unwrap_err(),
        client
            .writer
            .reconnect_link(&account, Utc::now())
            .await
            .unwrap_err(),
        client
            .reader
            .resync_account(&account, &Default::default())
            .await
            .unwrap_err(),
        client.reader.sync_chat(&chat).await.unwrap_err(),
        client.reader.get_message(&message).await.unwrap_err(),
        client
            .reader
            .list_chat_attendees(&chat, &ListQuery::default())
            .await
            .unwrap_err(),
        client
            .reader
            .list_account_attendees(&account, &ListQuery::default())
            .await
            .unwrap_err(),
        // An id no Late answer made.
        client
            .writer
            .send_message(&ChatId::from("unipile-chat"), &text("a", "x", &key(70)))
            .await
            .unwrap_err(),
        client
            .writer
            .react(&MessageId::from("m1"), "👍")
            .await
            .unwrap_err(),
    ];
    for error in &refusals[..8] {
        assert!(
            matches!(error, ProviderError::NotImplemented(_)),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("not supported by this provider: Late has no"),
            "{error}"
        );
        assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    }
    assert!(
        refusals[0]
            .to_string()
            .contains("editing a sent WhatsApp message")
    );
    for error in &refusals[8..] {
        assert!(matches!(error, ProviderError::Invalid(_)), "{error:?}");
    }
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[tokio::test]
async fn hostile_text_from_the_server_is_kept_as_data() {
    let server = sandbox().await;
    let client = client(&server);
    let hostile = server
        .conversations()
        .into_iter()
        .find(|c| c.participant_id == HOSTILE_PARTICIPANT)
        .expect("the hostile conversation");
    let (chat, _) = client.reader.get_chat(&chat_of(&hostile)).await.unwrap();
    assert_eq!(chat.name, hostile.participant_name);
    let messages = client
        .reader
        .list_messages(&chat.id, &ListQuery::default())
        .await
        .unwrap();
    let mut expected: Vec<_> = server
        .messages(&hostile.id)
        .into_iter()
        .map(|m| m.text)
        .collect();
    expected.reverse();
    let got: Vec<_> = messages.items.into_iter().map(|m| m.text).collect();
    assert_eq!(got, expected);
    assert!(
        got.iter()
            .flatten()
            .chain(hostile.participant_name.iter())
            .any(|t| t.chars().any(char::is_control)),
        "the fixture does hold control characters"
    );
}

#[tokio::test]
async fn a_template_reaches_late_through_the_routed_reader_and_writer() {
    let server = sandbox().await;
    let closed = closed_conversation(&server);
    let account = late::account_id(&closed.account_id);
    let late = client(&server);
    let reader = unibox::provider::RoutedReader::new(None, Some(Arc::new(late.reader)));
    let writer = unibox::provider::RoutedWriter::new(None, Some(Arc::new(late.writer)));

    let listed = reader.list_templates(&account).await.unwrap();
    let expected = server.templates(&closed.account_id);
    assert_eq!(listed.items.len(), expected.len());
    let template = listed
        .items
        .iter()
        .find(|t| t.status.can_send() && t.variables > 0)
        .expect("an approved template with variables");
    let values: Vec<String> = (1..=template.variables).map(|n| format!("v{n}")).collect();
    let before = server.messages(&closed.id).len();
    let message = SendMessage {
        account_id: account.clone(),
        text: String::new(),
        quote_id: None,
        attachments: vec![],
        template: Some(TemplateMessage {
            name: template.name.clone(),
            language: template.language.clone(),
            values: values.clone(),
        }),
        idempotency_key: key(30),
    };
    writer
        .send_message(&chat_of(&closed), &message)
        .await
        .unwrap();
    assert_eq!(server.messages(&closed.id).len(), before + 1);
    let write = only_write(&server);
    assert_eq!(write.method.as_str(), "POST");
    assert_eq!(write.idempotency_key.as_deref(), Some(key(30).as_str()));
    let element = &json_of(&write)["template"]["elements"][0];
    assert_eq!(element["name"], serde_json::json!(template.name));
    assert_eq!(element["language"], serde_json::json!(template.language));
    let sent: Vec<&str> = element["components"][0]["parameters"]
        .as_array()
        .expect("the body's parameters")
        .iter()
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert_eq!(sent, values);
}

#[tokio::test]
async fn archive_and_unarchive_put_the_conversation_status_and_mute_and_unread_send_nothing() {
    use unibox::domain::ChatChange;
    let server = sandbox().await;
    let client = client(&server);
    let conversation = open_conversation(&server);
    let chat = chat_of(&conversation);
    let archived = |server: &LateSandbox| {
        server
            .conversations()
            .into_iter()
            .find(|c| c.id == conversation.id)
            .unwrap()
            .archived
    };

    client
        .writer
        .change_chat(&chat, ChatChange::Archive)
        .await
        .unwrap();
    assert!(archived(&server));
    let (read_back, _) = client.reader.get_chat(&chat).await.unwrap();
    assert!(read_back.archived, "the conversation reads back archived");
    client
        .writer
        .change_chat(&chat, ChatChange::Unarchive)
        .await
        .unwrap();
    assert!(!archived(&server));

    // Late has no mute and no unread mark: refused before any request, certainly not applied.
    for change in [ChatChange::Mute, ChatChange::Unmute, ChatChange::MarkUnread] {
        let error = client.writer.change_chat(&chat, change).await.unwrap_err();
        assert!(error.is_not_supported(), "{change:?}: {error:?}");
        assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    }

    let writes = server.writes();
    assert_eq!(writes.len(), 2, "{writes:#?}");
    let path = format!("/api/v1/inbox/conversations/{}", conversation.id);
    for (write, status) in writes.iter().zip(["archived", "active"]) {
        assert_eq!(
            (write.method.as_str(), write.path.as_str()),
            ("PUT", path.as_str())
        );
        assert_eq!(write.status, Some(200));
        assert_eq!(
            json_of(write),
            &serde_json::json!({"accountId": conversation.account_id, "status": status})
        );
    }
}

#[tokio::test]
async fn the_fake_refuses_a_status_outside_the_published_enum() {
    let server = sandbox().await;
    let conversation = open_conversation(&server);
    let answer = reqwest::Client::new()
        .put(format!(
            "{}/v1/inbox/conversations/{}",
            server.base_url(),
            conversation.id
        ))
        .bearer_auth(server.api_key())
        .header("content-type", "application/json")
        .body(
            serde_json::json!({"accountId": conversation.account_id, "status": "muted"})
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    let body: serde_json::Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
    assert_eq!(body["code"], "invalid_parameter");
    assert!(
        !server
            .conversations()
            .into_iter()
            .find(|c| c.id == conversation.id)
            .unwrap()
            .archived
    );
}
