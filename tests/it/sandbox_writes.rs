//! The sandbox's write side over HTTP: each write applies the provider's rules, shows up in the
//! world at once, and is recorded in the write log exactly as sent.

use crate::sandbox_support;

use std::time::Duration;

use chrono::TimeDelta;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use unibox::domain::{ChatId, MessageId};
use unibox_sandbox::{MessageRecord, SandboxConfig, SandboxServer, WriteBody};

use sandbox_support::{Api, anchor, chat_named, sandbox, sandbox_with, text_part};

/// Our newest message in `chat` that is at most `max_age` old at the anchor.
fn own_message_younger_than(
    server: &SandboxServer,
    chat: &ChatId,
    max_age: TimeDelta,
) -> MessageRecord {
    server
        .state()
        .messages(chat)
        .into_iter()
        .rev()
        .find(|m| {
            m.is_sender && !m.deleted && m.text.is_some() && anchor() - m.timestamp <= max_age
        })
        .unwrap()
}

fn own_message_older_than(server: &SandboxServer, min_age: TimeDelta) -> MessageRecord {
    let state = server.state();
    state
        .chats()
        .iter()
        .filter(|c| {
            state
                .accounts()
                .iter()
                .any(|a| a.id == c.account_id && a.status == unibox_sandbox::AccountStatus::Ok)
        })
        .flat_map(|c| state.messages(&c.id))
        .find(|m| m.is_sender && !m.deleted && m.text.is_some() && anchor() - m.timestamp > min_age)
        .unwrap()
}

#[tokio::test]
async fn a_multipart_send_is_applied_and_logged_with_its_parts() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Marie Dubois");
    let quoted = server
        .state()
        .messages(&chat.id)
        .into_iter()
        .rev()
        .find(|m| !m.is_sender && m.text.is_some())
        .unwrap();
    let photo = vec![0xFFu8; 2_048];
    let form = Form::new()
        .part("account_id", text_part(chat.account_id.as_str()))
        .part("text", text_part("Voici la facture 🧾\net la photo"))
        .part("quote_id", text_part(quoted.id.as_str()))
        .part(
            "attachments",
            Part::bytes(b"%PDF-1.7 facture".to_vec())
                .file_name("Facture F-0142.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .part(
            "attachments",
            Part::bytes(photo.clone())
                .file_name("colis.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    let path = format!("/api/v1/chats/{}/messages", chat.id);
    let (status, answer) = api.send_form(&path, form).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["object"], "MessageSent");
    let id = MessageId::new(answer["message_id"].as_str().unwrap());

    let writes = server.writes();
    assert_eq!(writes.len(), 1);
    let write = &writes[0];
    assert_eq!(
        (write.method.as_str(), write.path.as_str()),
        ("POST", path.as_str())
    );
    assert_eq!(write.status, Some(201));
    let WriteBody::Multipart { fields, files } = &write.body else {
        panic!("multipart expected: {:?}", write.body);
    };
    let names: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["account_id", "text", "quote_id"]);
    assert_eq!(
        write.field("text"),
        Some("Voici la facture 🧾\net la photo")
    );
    let summary: Vec<(&str, Option<&str>, Option<&str>, usize)> = files
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
        summary,
        [
            (
                "attachments",
                Some("Facture F-0142.pdf"),
                Some("application/pdf"),
                16
            ),
            ("attachments", Some("colis.jpg"), Some("image/jpeg"), 2_048),
        ]
    );

    let (_, page) = api.get(&format!("{path}?limit=1")).await;
    let newest = &page["items"][0];
    assert_eq!(newest["id"], id.as_str());
    assert_eq!(
        (
            newest["is_sender"].clone(),
            newest["delivered"].clone(),
            newest["seen"].clone()
        ),
        (json!(1), json!(1), json!(0))
    );
    assert_eq!(newest["quoted"]["provider_id"], quoted.provider_id.as_str());
    assert_eq!(newest["quoted"]["text"], quoted.text.as_deref().unwrap());
    let attachments = newest["attachments"].as_array().unwrap();
    assert_eq!(attachments[0]["file_name"], "Facture F-0142.pdf");
    assert_eq!(attachments[0]["type"], "file");
    assert_eq!(attachments[1]["type"], "img");
    assert_eq!(attachments[1]["file_size"], 2_048);
    let download = api
        .request(
            Method::GET,
            &format!(
                "/api/v1/messages/{id}/attachments/{}",
                attachments[1]["id"].as_str().unwrap()
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(download.headers()["content-type"], "image/jpeg");
    assert_eq!(download.bytes().await.unwrap().to_vec(), photo);
    let (_, chat_json) = api.get(&format!("/api/v1/chats/{}", chat.id)).await;
    assert_eq!(chat_json["timestamp"], newest["timestamp"]);
    assert_eq!(chat_json["lastMessage"]["id"], id.as_str());
}

#[tokio::test]
async fn start_chat_is_warm_only_and_reuses_an_existing_chat() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Marie Dubois");
    let account = chat.account_id.clone();
    let start = |attendee: &str| {
        Form::new()
            .part("account_id", text_part(account.as_str()))
            .part("attendees_ids", text_part(attendee))
            .part("text", text_part("Bonjour, votre commande est prête !"))
    };
    let chats_before = server.state().chats().len();
    let cold = "33612345678@s.whatsapp.net";
    let (status, error) = api.send_form("/api/v1/chats", start(cold)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["type"], "errors/invalid_recipient");
    assert_eq!(server.state().chats().len(), chats_before);

    let marie = chat.attendee_provider_id.clone().unwrap();
    let (status, started) = api.send_form("/api/v1/chats", start(&marie)).await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    assert_eq!(started["object"], "ChatStarted");
    assert_eq!(started["chat_id"], chat.id.as_str());
    assert_eq!(server.state().chats().len(), chats_before);
    let newest = server.state().messages(&chat.id).last().unwrap().clone();
    assert_eq!(started["message_id"], newest.id.as_str());

    let writes = server.writes();
    assert_eq!(writes.len(), 2);
    assert_eq!(writes[0].status, Some(422));
    assert_eq!(writes[0].fields("attendees_ids"), [cold]);
    assert_eq!(writes[1].status, Some(201));
}

#[tokio::test]
async fn start_chat_with_a_known_person_opens_a_new_chat() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let account = chat_named(&server, "Marie Dubois").account_id;
    let state = server.state();
    let chatted: Vec<String> = state
        .chats()
        .iter()
        .filter_map(|c| c.attendee_provider_id.clone())
        .collect();
    let warm = state
        .known_attendees(&account)
        .into_iter()
        .find(|a| {
            !a.is_self
                && a.provider_id.ends_with("@s.whatsapp.net")
                && !chatted.contains(&a.provider_id)
        })
        .unwrap();
    let form = Form::new()
        .part("account_id", text_part(account.as_str()))
        .part("attendees_ids", text_part(&warm.provider_id))
        .part("text", text_part("Bonjour Camille 👋"));
    let (status, started) = api.send_form("/api/v1/chats", form).await;
    assert_eq!(status, StatusCode::CREATED);
    let chat_id = ChatId::new(started["chat_id"].as_str().unwrap());
    let (_, chat) = api.get(&format!("/api/v1/chats/{chat_id}")).await;
    assert_eq!(chat["attendee_provider_id"], warm.provider_id.as_str());
    assert_eq!(chat["lastMessage"]["text"], "Bonjour Camille 👋");
    let (_, first) = api.get("/api/v1/chats?limit=1").await;
    assert_eq!(
        first["items"][0]["id"],
        chat_id.as_str(),
        "the new chat is the most recent"
    );
}

#[tokio::test]
async fn reactions_replace_and_remove_ours_with_the_contracts_json() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Karim Benali");
    let target = server
        .state()
        .messages(&chat.id)
        .into_iter()
        .rev()
        .find(|m| !m.is_sender && !m.deleted)
        .unwrap();
    let path = format!("/api/v1/messages/{}/reaction", target.id);
    for value in ["👍", "❤️", ""] {
        let (status, _) = api
            .send_json(Method::POST, &path, json!({ "reaction": value }))
            .await;
        assert!(status.is_success(), "{value:?}: {status}");
        let ours: Vec<String> = server
            .state()
            .message(&target.id)
            .unwrap()
            .reactions
            .into_iter()
            .filter(|r| r.is_sender)
            .map(|r| r.value)
            .collect();
        let expected: Vec<&str> = [value].into_iter().filter(|v| !v.is_empty()).collect();
        assert_eq!(ours, expected);
    }
    let bodies: Vec<Value> = server
        .writes()
        .into_iter()
        .map(|w| match w.body {
            WriteBody::Json { value } => value,
            other => panic!("JSON expected: {other:?}"),
        })
        .collect();
    assert_eq!(
        bodies,
        [
            json!({"reaction": "👍"}),
            json!({"reaction": "❤️"}),
            json!({"reaction": ""})
        ]
    );

    let quiet = chat_named(&server, "Marché des Créateurs – Annonces");
    let message = server
        .state()
        .messages(&quiet.id)
        .last()
        .unwrap()
        .id
        .clone();
    let (status, error) = api
        .send_json(
            Method::POST,
            &format!("/api/v1/messages/{message}/reaction"),
            json!({"reaction": "👍"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["type"], "errors/cant_send_message");
}

#[tokio::test]
async fn edits_follow_the_window_and_silent_rejections_change_nothing() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let recent = own_message_younger_than(
        &server,
        &chat_named(&server, "Marie Dubois").id,
        TimeDelta::minutes(15),
    );
    let (status, _) = api
        .send_json(
            Method::PATCH,
            &format!("/api/v1/messages/{}", recent.id),
            json!({"text": "Lien de suivi : 6A123"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, message) = api.get(&format!("/api/v1/messages/{}", recent.id)).await;
    assert_eq!(
        (message["text"].clone(), message["edited"].clone()),
        (json!("Lien de suivi : 6A123"), json!(1))
    );

    let old = own_message_older_than(&server, TimeDelta::minutes(16));
    let path = format!("/api/v1/messages/{}", old.id);
    let (status, error) = api
        .send_json(Method::PATCH, &path, json!({"text": "too late"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["type"], "errors/edit_window_expired");

    server.faults().update(|f| f.silent_rejections = true);
    let (status, _) = api
        .send_json(Method::PATCH, &path, json!({"text": "too late"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        server.state().message(&old.id).unwrap(),
        old,
        "silently unchanged"
    );

    let theirs = server
        .state()
        .messages(&chat_named(&server, "Marie Dubois").id)
        .into_iter()
        .rev()
        .find(|m| !m.is_sender)
        .unwrap();
    let (status, error) = api
        .send_json(
            Method::PATCH,
            &format!("/api/v1/messages/{}", theirs.id),
            json!({"text": "x"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only window refusals are silent"
    );
    assert_eq!(error["type"], "errors/not_own_message");
    let (status, _) = api
        .send_json(Method::PATCH, &path, json!({"txt": "typo"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let broken = api
        .request(Method::PATCH, &path)
        .header("content-type", "application/json")
        .body(r#"{"text": "unterminated"#);
    let (status, error) = sandbox_support::read(broken).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["type"], "errors/malformed_request");
    let last = server.writes().pop().unwrap();
    assert!(
        matches!(last.body, WriteBody::Other { bytes: 22, .. }),
        "{:?}",
        last.body
    );
    assert_eq!(last.status, Some(400));
}

#[tokio::test]
async fn deletes_follow_the_window() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let recent = own_message_younger_than(
        &server,
        &chat_named(&server, "Jürgen Weiß").id,
        TimeDelta::hours(1),
    );
    let (status, answer) = read_delete(&api, &recent.id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer, json!({"object": "MessageDeleted"}));
    let (_, message) = api.get(&format!("/api/v1/messages/{}", recent.id)).await;
    assert_eq!(
        (message["deleted"].clone(), message["text"].clone()),
        (json!(1), Value::Null)
    );

    let old = own_message_older_than(&server, TimeDelta::hours(61));
    let (status, error) = read_delete(&api, &old.id).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["type"], "errors/delete_window_expired");
    assert!(!server.state().message(&old.id).unwrap().deleted);
    let methods: Vec<(String, Option<u16>)> = server
        .writes()
        .into_iter()
        .map(|w| (w.method, w.status))
        .collect();
    assert_eq!(
        methods,
        [
            ("DELETE".to_owned(), Some(200)),
            ("DELETE".to_owned(), Some(422))
        ]
    );
}

async fn read_delete(api: &Api, id: &MessageId) -> (StatusCode, Value) {
    sandbox_support::read(api.request(Method::DELETE, &format!("/api/v1/messages/{id}"))).await
}

#[tokio::test]
async fn mark_read_clears_unread_and_is_logged_as_a_write() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Karim Benali");
    assert!(chat.unread_count > 0);
    let body = json!({"action": "setReadStatus", "value": true});
    let (status, answer) = api
        .send_json(
            Method::PATCH,
            &format!("/api/v1/chats/{}", chat.id),
            body.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["object"], "ChatPatched");
    assert_eq!(server.state().chat(&chat.id).unwrap().unread_count, 0);
    let write = &server.writes()[0];
    assert_eq!(write.method, "PATCH");
    assert_eq!(write.body, WriteBody::Json { value: body });
    let (status, _) = api
        .send_json(
            Method::PATCH,
            &format!("/api/v1/chats/{}", chat.id),
            json!({"action": "archive", "value": true}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn refused_sends_change_nothing_but_are_logged() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let before = server
        .state()
        .chats()
        .iter()
        .map(|c| server.state().messages(&c.id).len())
        .sum::<usize>();
    let send = |account: &str| {
        Form::new()
            .part("account_id", text_part(account))
            .part("text", text_part("hello"))
    };
    let channel = chat_named(&server, "Céramique Magazine");
    let (status, error) = api
        .send_form(
            &format!("/api/v1/chats/{}/messages", channel.id),
            send(channel.account_id.as_str()),
        )
        .await;
    assert_eq!(
        (status, error["type"].clone()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("errors/cant_send_message")
        )
    );

    let warehouse_chat = chat_named(&server, "Colissimo – Tournée Lyon 7");
    let path = format!("/api/v1/chats/{}/messages", warehouse_chat.id);
    let (status, error) = api
        .send_form(&path, send(warehouse_chat.account_id.as_str()))
        .await;
    assert_eq!(
        (status, error["type"].clone()),
        (
            StatusCode::UNAUTHORIZED,
            json!("errors/disconnected_account")
        )
    );

    let marie = chat_named(&server, "Marie Dubois");
    let marie_path = format!("/api/v1/chats/{}/messages", marie.id);
    let (status, error) = api
        .send_form(&marie_path, send(warehouse_chat.account_id.as_str()))
        .await;
    assert_eq!(
        (status, error["type"].clone()),
        (StatusCode::FORBIDDEN, json!("errors/account_mismatch"))
    );

    let (status, error) = api
        .send_json(Method::POST, &marie_path, json!({"text": "as JSON"}))
        .await;
    assert_eq!(
        (status, error["type"].clone()),
        (StatusCode::BAD_REQUEST, json!("errors/malformed_request"))
    );

    let unauthenticated = reqwest::Client::new()
        .post(format!("{}{marie_path}", server.url()))
        .multipart(send(marie.account_id.as_str()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);

    let after = server
        .state()
        .chats()
        .iter()
        .map(|c| server.state().messages(&c.id).len())
        .sum::<usize>();
    assert_eq!(after, before);
    let statuses: Vec<Option<u16>> = server.writes().iter().map(|w| w.status).collect();
    assert_eq!(
        statuses,
        [Some(422), Some(401), Some(403), Some(400), Some(401)]
    );
    assert_eq!(server.writes()[4].field("text"), Some("hello"));
}

#[tokio::test]
async fn files_up_to_25_mib_each_are_accepted_and_a_bigger_one_is_413() {
    const MIB: usize = 1024 * 1024;
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Marie Dubois");
    let path = format!("/api/v1/chats/{}/messages", chat.id);
    let video = |len: usize| {
        Part::bytes(vec![0u8; len])
            .file_name("video.mp4")
            .mime_str("video/mp4")
            .unwrap()
    };
    let form = Form::new()
        .part("text", text_part("les vidéos"))
        .part("attachments", video(25 * MIB))
        .part("attachments", video(25 * MIB));
    let (status, sent) = api.send_form(&path, form).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let id = MessageId::new(sent["message_id"].as_str().unwrap());
    let sizes: Vec<u64> = server
        .state()
        .message(&id)
        .unwrap()
        .attachments
        .iter()
        .map(|a| a.file_size)
        .collect();
    assert_eq!(sizes, [25 * MIB as u64, 25 * MIB as u64]);

    let form = Form::new()
        .part("text", text_part("la vidéo"))
        .part("attachments", video(25 * MIB + 1));
    let (status, error) = api.send_form(&path, form).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error["type"], "errors/file_too_large");
    assert_eq!(server.writes()[1].files()[0].bytes, 25 * MIB + 1);
    assert_eq!(server.state().messages(&chat.id).last().unwrap().id, id);
}

#[tokio::test]
async fn the_contact_reads_our_message_on_a_later_read() {
    let server = sandbox_with(SandboxConfig {
        seen_after: Duration::ZERO,
        ..SandboxConfig::default()
    })
    .await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Sarah Mitchell");
    let form = Form::new().part("text", text_part("Your parcel left today 📦"));
    let (_, sent) = api
        .send_form(&format!("/api/v1/chats/{}/messages", chat.id), form)
        .await;
    let id = MessageId::new(sent["message_id"].as_str().unwrap());
    assert!(!server.state().message(&id).unwrap().seen);
    let (_, message) = api.get(&format!("/api/v1/messages/{id}")).await;
    assert_eq!(message["seen"], 1);
    assert!(message["seen_by"][chat.attendee_provider_id.unwrap()].is_string());

    let slow = sandbox().await;
    let chat = chat_named(&slow, "Sarah Mitchell");
    let form = Form::new().part("text", text_part("Your parcel left today 📦"));
    let (_, sent) = Api::new(&slow)
        .send_form(&format!("/api/v1/chats/{}/messages", chat.id), form)
        .await;
    let (_, message) = Api::new(&slow)
        .get(&format!(
            "/api/v1/messages/{}",
            sent["message_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(message["seen"], 0, "read only after a while");
}

#[tokio::test]
async fn inbound_messages_arrive_unread_and_on_top() {
    let server = sandbox_with(SandboxConfig {
        inbound_every: Some(Duration::from_millis(5)),
        ..SandboxConfig::default()
    })
    .await;
    let state = server.state();
    let before = state.read(unibox_sandbox::World::message_count);
    let mut waited = 0;
    while state.read(unibox_sandbox::World::message_count) < before + 3 {
        assert!(waited < 2_000, "no simulated traffic");
        tokio::time::sleep(Duration::from_millis(5)).await;
        waited += 1;
    }
    let chat = chat_named(&server, "Sarah Mitchell");
    let unread = server.state().chat(&chat.id).unwrap().unread_count;
    let id = server.inject_inbound(&chat.id, "Hi! One more question 🙋🏽‍♀️");
    let after = server.state().chat(&chat.id).unwrap();
    assert_eq!(after.unread_count, unread + 1);
    let newest = server.state().messages(&chat.id).last().unwrap().clone();
    assert_eq!(newest.id, id);
    assert_eq!((newest.is_sender, newest.seen), (false, false));
    assert_eq!(newest.text.as_deref(), Some("Hi! One more question 🙋🏽‍♀️"));
    assert_eq!(after.timestamp, Some(newest.timestamp));
    assert!(
        server
            .try_inject_inbound(&ChatId::from("nope"), "x")
            .is_err()
    );
}
