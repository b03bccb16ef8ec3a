//! The sandbox's read side over HTTP: authentication, errors, shapes and paging.

use crate::sandbox_support;

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use unibox_sandbox::{AccountRecord, SandboxServer};

use sandbox_support::{Api, chat_named, read, sandbox};

fn account_named(server: &SandboxServer, name: &str) -> AccountRecord {
    server
        .state()
        .accounts()
        .into_iter()
        .find(|a| a.name == name)
        .unwrap()
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_401_and_the_key_is_never_echoed() {
    let server = sandbox().await;
    let url = format!("{}/api/v1/accounts", server.url());
    let client = reqwest::Client::new();
    let wrong_key = "sk_live_do_not_echo_me";
    for request in [
        client.get(&url),
        client.get(&url).header("X-API-KEY", wrong_key),
        client.get(&url).header("X-API-KEY", ""),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body = response.text().await.unwrap();
        assert!(!body.contains(wrong_key));
        let error: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["type"], "errors/missing_credentials");
        assert_eq!(error["status"], 401);
        assert!(error["title"].as_str().is_some_and(|t| !t.is_empty()));
    }
    let (status, _) = Api::new(&server).get("/api/v1/accounts").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_routes_and_ids_are_404_resource_not_found() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Marie Dubois");
    for path in [
        "/api/v1/nothing-here".to_owned(),
        "/api/v1/chats/AAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "/api/v1/chats/AAAAAAAAAAAAAAAAAAAAAA/messages".to_owned(),
        "/api/v1/messages/AAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "/api/v1/accounts/AAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        format!(
            "/api/v1/messages/{}/attachments/nope",
            server.state().messages(&chat.id)[0].id
        ),
    ] {
        let (status, error) = api.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error["type"], "errors/resource_not_found", "{path}");
        assert_eq!(error["status"], 404);
    }
}

#[tokio::test]
async fn bad_limits_dates_and_cursors_are_400_invalid_parameters() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Karim Benali");
    for query in [
        "limit=0",
        "limit=251",
        "limit=many",
        "before=2025-03-14",
        "after=2025-03-14T10:00:00Z",
        "before=2025-03-14T10:00:00.000%2B01:00",
        "cursor=not-a-cursor",
    ] {
        let (status, error) = api
            .get(&format!("/api/v1/chats/{}/messages?{query}", chat.id))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(error["type"], "errors/invalid_parameters", "{query}");
        assert!(error["detail"].as_str().is_some(), "{query}");
    }
    let (status, _) = api.get("/api/v1/chats?unread=yes").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A chats cursor is not a messages cursor.
    let (_, page) = api.get("/api/v1/chats?limit=1").await;
    let cursor = page["cursor"].as_str().unwrap();
    let (status, _) = api
        .get(&format!(
            "/api/v1/chats/{}/messages?cursor={cursor}",
            chat.id
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_long_chat_pages_newest_first_without_gaps_or_duplicates() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Karim Benali");
    let (items, sizes) = api
        .all_pages(&format!("/api/v1/chats/{}/messages", chat.id), 100)
        .await;
    let expected: Vec<String> = server
        .state()
        .messages(&chat.id)
        .iter()
        .rev()
        .map(|m| m.id.to_string())
        .collect();
    assert!(expected.len() >= 300);
    assert_eq!(sizes.len(), expected.len().div_ceil(100));
    assert!(sizes[..sizes.len() - 1].iter().all(|&s| s == 100));
    let ids: Vec<String> = items
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, expected);
    let stamps: Vec<&str> = items
        .iter()
        .map(|m| m["timestamp"].as_str().unwrap())
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] > w[1]));
}

#[tokio::test]
async fn before_and_after_select_an_exclusive_window() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Karim Benali");
    let (all, _) = api
        .all_pages(&format!("/api/v1/chats/{}/messages", chat.id), 250)
        .await;
    let stamp = |i: usize| all[i]["timestamp"].as_str().unwrap().to_owned();
    let path = format!(
        "/api/v1/chats/{}/messages?before={}&after={}",
        chat.id,
        stamp(10),
        stamp(60)
    );
    let (window, sizes) = api.all_pages(&path, 20).await;
    assert_eq!(sizes, [20, 20, 9]);
    assert_eq!(window, all[11..60].to_vec());
}

#[tokio::test]
async fn messages_have_the_contracts_shape() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Équipe SAV 🛠️");
    let (items, _) = api
        .all_pages(&format!("/api/v1/chats/{}/messages", chat.id), 250)
        .await;
    for message in &items {
        assert_eq!(message["object"], "Message");
        for flag in [
            "is_sender",
            "seen",
            "delivered",
            "hidden",
            "deleted",
            "edited",
            "is_event",
        ] {
            assert!(
                message[flag] == json!(0) || message[flag] == json!(1),
                "{flag}: {message}"
            );
        }
        let stamp = message["timestamp"].as_str().unwrap();
        assert_eq!(stamp.len(), 24, "{stamp}");
        assert!(stamp.ends_with('Z') && stamp.as_bytes()[19] == b'.');
        for reaction in message["reactions"].as_array().unwrap() {
            assert!(reaction["is_sender"].is_boolean());
        }
        for attachment in message["attachments"].as_array().unwrap() {
            assert!(attachment["unavailable"].is_boolean());
            assert!(attachment["id"].is_string() && attachment["type"].is_string());
        }
    }
    assert!(
        items
            .iter()
            .any(|m| m["is_event"] == 1 && m["event_type"].is_number())
    );
    assert!(items.iter().any(|m| m["quoted"]["provider_id"].is_string()));
    let senders: HashSet<&str> = items
        .iter()
        .map(|m| m["sender_id"].as_str().unwrap())
        .collect();
    assert!(senders.len() >= 4, "a group has several senders");
}

#[tokio::test]
async fn chats_filter_by_accounts_and_unread_across_pages() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let support = account_named(&server, "Maison Argile – Support");
    let sales = account_named(&server, "Maison Argile – Ventes");
    let (all, _) = api.all_pages("/api/v1/chats", 7).await;
    assert_eq!(all.len(), server.state().chats().len());
    let stamps: Vec<&str> = all
        .iter()
        .map(|c| c["timestamp"].as_str().unwrap())
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] >= w[1]), "by last activity");

    let both = format!("/api/v1/chats?account_id={},{}", support.id, sales.id);
    let (both, _) = api.all_pages(&both, 10).await;
    let expected = server
        .state()
        .chats()
        .iter()
        .filter(|c| c.account_id == support.id || c.account_id == sales.id)
        .count();
    assert_eq!(both.len(), expected);
    assert!(both.len() < all.len());

    let unread = format!("/api/v1/chats?account_id={}&unread=true", support.id);
    let (unread, _) = api.all_pages(&unread, 2).await;
    assert!(unread.len() >= 4);
    assert!(
        unread
            .iter()
            .all(|c| c["unread_count"].as_u64().unwrap() > 0)
    );
    assert!(
        unread
            .iter()
            .all(|c| c["account_id"] == support.id.as_str())
    );
    let (status, _) = api.get("/api/v1/chats?account_id=unknown").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_chat_comes_with_its_last_message() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let chat = chat_named(&server, "Céramique Magazine");
    let (status, json) = api.get(&format!("/api/v1/chats/{}", chat.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["object"], "Chat");
    assert_eq!(json["type"], 2);
    assert_eq!(json["read_only"], 1);
    assert_eq!(json["muted_until"], -1);
    let last = server.state().messages(&chat.id).last().unwrap().clone();
    assert_eq!(json["lastMessage"]["id"], last.id.as_str());
    assert_eq!(json["timestamp"], json["lastMessage"]["timestamp"]);
    let (_, list) = api.get("/api/v1/chats?limit=1").await;
    assert!(list["items"][0].get("lastMessage").is_none());
}

#[tokio::test]
async fn accounts_resync_walks_or_answers_501_and_chats_sync_instead() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (_, accounts) = api.get("/api/v1/accounts").await;
    let statuses: HashSet<&str> = accounts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["sources"][0]["status"].as_str().unwrap())
        .collect();
    assert!(statuses.is_superset(&HashSet::from(["OK", "CREDENTIALS", "CONNECTING"])));

    let support = account_named(&server, "Maison Argile – Support");
    let mut walk = Vec::new();
    for _ in 0..3 {
        let (status, json) = api
            .get(&format!(
                "/api/v1/accounts/{}/sync?chunk_size=50&partial=true",
                support.id
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(json["object"], "AccountResync");
        walk.push(json["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(walk, ["SYNC_STARTED", "SYNC_RUNNING", "SYNC_DONE"]);

    let sales = account_named(&server, "Maison Argile – Ventes");
    let (status, error) = api
        .get(&format!("/api/v1/accounts/{}/sync", sales.id))
        .await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
    assert_eq!(error["type"], "errors/feature_not_implemented");
    let chat = server
        .state()
        .chats()
        .into_iter()
        .find(|c| c.account_id == sales.id)
        .unwrap();
    let (status, json) = api.get(&format!("/api/v1/chats/{}/sync", chat.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        json,
        json!({"object": "ChatHistorySync", "chat_id": chat.id.as_str(), "status": "SYNC_STARTED"})
    );

    let warehouse = account_named(&server, "Entrepôt Villeurbanne");
    let (status, error) = api
        .get(&format!("/api/v1/accounts/{}/sync", warehouse.id))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error["type"], "errors/disconnected_account");
    let (status, _) = api
        .get(&format!(
            "/api/v1/accounts/{}/sync?chunk_size=lots",
            support.id
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn attendees_of_a_chat_and_of_an_account() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let group = chat_named(&server, "Équipe SAV 🛠️");
    let (_, members) = api
        .get(&format!("/api/v1/chats/{}/attendees", group.id))
        .await;
    assert_eq!(members["object"], "ChatAttendeeList");
    assert_eq!(members["cursor"], Value::Null);
    let members = members["items"].as_array().unwrap();
    assert_eq!(members.len(), group.members.len());
    assert_eq!(members.iter().filter(|m| m["is_self"] == 1).count(), 1);
    let (status, refused) = api
        .get(&format!("/api/v1/chats/{}/attendees?limit=10", group.id))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the contract documents no limit here"
    );
    assert_eq!(refused["type"], "errors/invalid_parameters");

    let account = &group.account_id;
    let (known, _) = api
        .all_pages(&format!("/api/v1/chat_attendees?account_id={account}"), 5)
        .await;
    assert!(known.iter().all(|a| a["account_id"] == account.as_str()));
    assert!(known.iter().all(|a| a["object"] == "ChatAttendee"));
    let provider_ids: HashSet<&str> = known
        .iter()
        .map(|a| a["provider_id"].as_str().unwrap())
        .collect();
    for member in members {
        assert!(provider_ids.contains(member["provider_id"].as_str().unwrap()));
    }
    let chatted: HashSet<String> = server
        .state()
        .chats()
        .iter()
        .filter(|c| &c.account_id == account)
        .filter_map(|c| c.attendee_provider_id.clone())
        .collect();
    let warm = known
        .iter()
        .filter(|a| a["is_self"] == 0)
        .filter(|a| {
            a["provider_id"]
                .as_str()
                .unwrap()
                .ends_with("@s.whatsapp.net")
        })
        .filter(|a| !chatted.contains(a["provider_id"].as_str().unwrap()))
        .count();
    assert!(warm >= 1, "someone to start a chat with");
}

#[tokio::test]
async fn attachments_download_with_their_mimetype_and_size() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let messages: Vec<_> = server
        .state()
        .chats()
        .iter()
        .flat_map(|c| server.state().messages(&c.id))
        .filter(|m| !m.attachments.is_empty())
        .collect();
    let pdf = messages
        .iter()
        .find(|m| m.attachments[0].mimetype == "application/pdf" && !m.attachments[0].unavailable)
        .unwrap();
    let attachment = &pdf.attachments[0];
    let path = format!("/api/v1/messages/{}/attachments/{}", pdf.id, attachment.id);
    let response = api.request(Method::GET, &path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, attachment.file_size);
    assert!(bytes.starts_with(b"%PDF-"));
    let again = api
        .request(Method::GET, &path)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(again, bytes);

    let gone = messages
        .iter()
        .find(|m| m.attachments.iter().any(|a| a.unavailable))
        .unwrap();
    let (status, error) = read(api.request(
        Method::GET,
        &format!(
            "/api/v1/messages/{}/attachments/{}",
            gone.id, gone.attachments[0].id
        ),
    ))
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        error["detail"]
            .as_str()
            .unwrap()
            .contains("no longer available")
    );
}
