//! The Late (Zernio) sandbox against its contract, driven with plain `reqwest` over 127.0.0.1:
//! paging, ordering, WhatsApp's window, template and pacing rules, `Idempotency-Key`, the
//! routes WhatsApp lacks, authentication and every fault switch.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use unibox_sandbox::late::{
    HOSTILE_PARTICIPANT, LateConversation, LateSandbox, LateSandboxConfig, MEDIA_RETENTION,
    SENDS_PER_RECIPIENT,
};

/// JSON bodies by hand: the project's reqwest has no `json` feature.
trait JsonBody {
    fn json_body(self, body: &Value) -> Self;
}

impl JsonBody for RequestBuilder {
    fn json_body(self, body: &Value) -> Self {
        self.header("content-type", "application/json")
            .body(serde_json::to_vec(body).unwrap())
    }
}

async fn read_json(response: Response) -> Value {
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

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

struct Api<'a> {
    server: &'a LateSandbox,
    http: Client,
}

impl<'a> Api<'a> {
    fn new(server: &'a LateSandbox) -> Self {
        Self {
            server,
            http: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.server.base_url()))
            .bearer_auth(self.server.api_key())
    }

    async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.unwrap()
    }

    async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        read_json(response).await
    }

    async fn post(&self, path: &str, body: Value) -> Response {
        self.request(Method::POST, path)
            .json_body(&body)
            .send()
            .await
            .unwrap()
    }

    async fn send_text(&self, conversation: &LateConversation, text: &str) -> Response {
        self.post(
            &messages_path(conversation),
            json!({ "accountId": conversation.account_id, "message": text }),
        )
        .await
    }

    async fn send_keyed(
        &self,
        conversation: &LateConversation,
        key: &str,
        body: Value,
    ) -> Response {
        self.request(Method::POST, &messages_path(conversation))
            .header("Idempotency-Key", key)
            .json_body(&body)
            .send()
            .await
            .unwrap()
    }
}

fn messages_path(conversation: &LateConversation) -> String {
    format!("/v1/inbox/conversations/{}/messages", conversation.id)
}

async fn error_code(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let body: Value = read_json(response).await;
    (status, body)
}

/// A conversation with the customer's window open, and one with it closed.
fn open_and_closed(server: &LateSandbox) -> (LateConversation, LateConversation) {
    let conversations = server.conversations();
    let open = conversations
        .iter()
        .find(|c| server.window_is_open(&c.id) && c.participant_id != HOSTILE_PARTICIPANT)
        .cloned()
        .expect("a conversation with an open window");
    let closed = conversations
        .iter()
        .find(|c| !server.window_is_open(&c.id) && !server.messages(&c.id).is_empty())
        .cloned()
        .expect("a conversation with a closed window");
    (open, closed)
}

fn template_body(account: &str, name: &str, language: &str, values: &[&str]) -> Value {
    let parameters: Vec<Value> = values
        .iter()
        .map(|v| json!({ "type": "text", "text": v }))
        .collect();
    json!({
        "accountId": account,
        "template": { "elements": [{
            "name": name,
            "language": language,
            "components": [{ "type": "body", "parameters": parameters }],
        }]},
    })
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_refused_with_a_json_401() {
    let server = sandbox().await;
    let http = Client::new();
    let url = format!("{}/v1/accounts", server.base_url());
    for request in [http.get(&url), http.get(&url).bearer_auth("sk_wrong")] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body: Value = read_json(response).await;
        assert_eq!(body["type"], "authentication_error");
        assert_eq!(body["code"], "unauthorized");
        assert!(!body["error"].as_str().unwrap().contains("sk_wrong"));
    }
    let response = http
        .get(&url)
        .bearer_auth(server.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn the_accounts_are_whatsapp_business_numbers() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let body = api.get_json("/v1/accounts").await;
    let accounts = body["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 3);
    for account in accounts {
        assert_eq!(account["platform"], "whatsapp");
        assert_eq!(account["_id"].as_str().unwrap().len(), 24);
        assert!(!account["displayName"].as_str().unwrap().is_empty());
        assert!(
            account["metadata"]["displayPhoneNumber"]
                .as_str()
                .unwrap()
                .starts_with('+')
        );
        assert_eq!(account["isActive"], true);
    }
    let first = api.get_json("/v1/accounts?limit=2").await;
    assert_eq!(first["accounts"].as_array().unwrap().len(), 2);
    let cursor = first["pagination"]["nextCursor"].as_str().unwrap();
    let rest = api
        .get_json(&format!("/v1/accounts?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(rest["accounts"].as_array().unwrap().len(), 1);
    assert!(rest["pagination"]["nextCursor"].is_null());
}

#[tokio::test]
async fn conversations_page_to_the_end_newest_first_without_duplicates() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let account = server.accounts()[0].id.clone();
    let expected = server
        .conversations()
        .iter()
        .filter(|c| c.account_id == account)
        .count();
    let mut seen = Vec::new();
    let mut times = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/v1/inbox/conversations?accountId={account}&limit=4");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page = api.get_json(&path).await;
        for item in page["data"].as_array().unwrap() {
            assert_eq!(item["accountId"], account.as_str());
            assert_eq!(item["platform"], "whatsapp");
            seen.push(item["id"].as_str().unwrap().to_owned());
            times.push(item["updatedTime"].as_str().unwrap().to_owned());
        }
        match page["pagination"]["nextCursor"].as_str() {
            Some(next) => {
                assert_eq!(page["pagination"]["hasMore"], true);
                cursor = Some(next.to_owned());
            }
            None => break,
        }
    }
    assert!(expected > 8, "several pages: {expected}");
    assert_eq!(seen.len(), expected);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), expected);
    let parsed: Vec<DateTime<Utc>> = times.iter().map(|t| t.parse().unwrap()).collect();
    assert!(parsed.windows(2).all(|w| w[0] >= w[1]), "{times:?}");

    let capped = api
        .get_json(&format!(
            "/v1/inbox/conversations?accountId={account}&limit=500"
        ))
        .await;
    assert_eq!(capped["data"].as_array().unwrap().len(), expected.min(100));
}

#[tokio::test]
async fn a_cursor_the_server_cannot_read_is_a_400_not_a_restart() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let account = &server.accounts()[0].id;
    let conversation = &server.conversations()[0];
    for path in [
        format!("/v1/inbox/conversations?accountId={account}&cursor=garbage"),
        format!(
            "/v1/inbox/conversations/{}/messages?accountId={}&cursor=6d3a",
            conversation.id, conversation.account_id
        ),
    ] {
        let (status, body) = error_code(api.get(&path).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(body["code"], "invalid_cursor");
    }
}

#[tokio::test]
async fn messages_page_newest_first_across_pages_when_asked() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let conversation = server
        .conversations()
        .into_iter()
        .max_by_key(|c| server.messages(&c.id).len())
        .unwrap();
    let stored = server.messages(&conversation.id);
    assert!(stored.len() > 10);
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!(
            "/v1/inbox/conversations/{}/messages?accountId={}&sortOrder=desc&limit=7",
            conversation.id, conversation.account_id
        );
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page = api.get_json(&path).await;
        assert_eq!(page["sortOrderApplied"], "desc");
        for message in page["messages"].as_array().unwrap() {
            ids.push(message["id"].as_str().unwrap().to_owned());
        }
        match page["pagination"]["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let newest_first: Vec<String> = stored.iter().rev().map(|m| m.id.clone()).collect();
    assert_eq!(ids, newest_first);

    let oldest = api
        .get_json(&format!(
            "/v1/inbox/conversations/{}/messages?accountId={}&limit=3",
            conversation.id, conversation.account_id
        ))
        .await;
    assert_eq!(oldest["sortOrderApplied"], "asc");
    assert_eq!(oldest["messages"][0]["id"], stored[0].id.as_str());
}

#[tokio::test]
async fn messages_carry_direction_status_reactions_quotes_and_attachments() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let mut all = Vec::new();
    for conversation in server.conversations() {
        let page = api
            .get_json(&format!(
                "/v1/inbox/conversations/{}/messages?accountId={}&sortOrder=desc&limit=100",
                conversation.id, conversation.account_id
            ))
            .await;
        all.extend(page["messages"].as_array().unwrap().iter().cloned());
    }
    let outgoing = all.iter().find(|m| m["direction"] == "outgoing").unwrap();
    assert!(["sent", "delivered", "read"].contains(&outgoing["deliveryStatus"].as_str().unwrap()));
    assert!(outgoing["sentAt"].is_string());
    assert!(all.iter().any(|m| m["direction"] == "incoming"));
    let reacted = all
        .iter()
        .find(|m| !m["reactions"].as_array().unwrap().is_empty())
        .unwrap();
    assert!(reacted["reactions"][0]["emoji"].is_string());
    assert!(reacted["reactions"][0]["fromMe"].is_boolean());
    let quoting = all
        .iter()
        .find(|m| m["metadata"]["quotedMessageId"].is_string())
        .unwrap();
    let quoted = quoting["metadata"]["quotedMessageId"].as_str().unwrap();
    assert!(
        all.iter().any(|m| m["id"] == quoted),
        "the quote names a listed message"
    );
    let with_file = all
        .iter()
        .find(|m| !m["attachments"].as_array().unwrap().is_empty())
        .unwrap();
    let attachment = &with_file["attachments"][0];
    assert!(
        attachment["url"]
            .as_str()
            .unwrap()
            .contains("/v1/whatsapp/media/")
    );
    assert_eq!(attachment["payload"]["id"], attachment["id"]);
    assert!(
        all.iter()
            .all(|m| m["isEdited"].is_boolean() && m["isDeleted"].is_boolean())
    );
}

#[tokio::test]
async fn the_default_data_has_open_and_closed_windows_and_a_hostile_stranger() {
    let server = sandbox().await;
    let (open, closed) = open_and_closed(&server);
    assert_ne!(open.id, closed.id);
    let hostile = server
        .conversations()
        .into_iter()
        .find(|c| c.participant_id == HOSTILE_PARTICIPANT)
        .unwrap();
    let api = Api::new(&server);
    let page = api
        .get_json(&format!(
            "/v1/inbox/conversations/{}/messages?accountId={}",
            hostile.id, hostile.account_id
        ))
        .await;
    let texts: Vec<&str> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["message"].as_str())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains('\x1b')),
        "raw escapes are served as sent"
    );
}

#[tokio::test]
async fn a_free_form_send_needs_the_customer_service_window() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, closed) = open_and_closed(&server);

    let before = server.messages(&closed.id).len();
    let (status, body) = error_code(api.send_text(&closed, "Are you still there?").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "131047");
    assert_eq!(body["type"], "platform_error");
    assert_eq!(body["platform"], "whatsapp");
    assert_eq!(body["platformError"]["code"], 131047);
    assert_eq!(
        server.messages(&closed.id).len(),
        before,
        "nothing was sent"
    );

    let response = api.send_text(&open, "Your parcel left this morning.").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = read_json(response).await;
    let sent = server.messages(&open.id).last().cloned().unwrap();
    assert_eq!(body["data"]["messageId"], sent.id.as_str());
    assert_eq!(body["data"]["conversationId"], open.id.as_str());
    assert_eq!(sent.text.as_deref(), Some("Your parcel left this morning."));

    server.inject_inbound(&closed.id, "Hello again!").unwrap();
    assert_eq!(
        api.send_text(&closed, "Welcome back").await.status(),
        StatusCode::OK
    );

    server.advance_clock(TimeDelta::hours(25));
    let (status, body) = error_code(api.send_text(&open, "Still open?").await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("131047"))
    );
}

#[tokio::test]
async fn a_quoted_reply_names_a_message_of_the_conversation() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, _) = open_and_closed(&server);
    let quoted = server.messages(&open.id).last().unwrap().id.clone();
    let body = json!({ "accountId": open.account_id, "message": "Yes!", "replyTo": quoted });
    assert_eq!(
        api.post(&messages_path(&open), body).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        server
            .messages(&open.id)
            .last()
            .unwrap()
            .quoted_message_id
            .as_deref(),
        Some(quoted.as_str())
    );
    let unknown = json!({ "accountId": open.account_id, "message": "?", "replyTo": "wamid.nope" });
    let (status, body) = error_code(api.post(&messages_path(&open), unknown).await).await;
    assert_eq!(
        (status, body["param"].as_str()),
        (StatusCode::BAD_REQUEST, Some("replyTo"))
    );
}

#[tokio::test]
async fn only_an_approved_template_is_sent_and_it_works_outside_the_window() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (_, closed) = open_and_closed(&server);
    let account = closed.account_id.clone();
    let listed = api
        .get_json(&format!("/v1/whatsapp/templates?accountId={account}"))
        .await;
    let statuses: HashSet<&str> = listed["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        HashSet::from(["APPROVED", "PENDING", "REJECTED", "PAUSED"])
    );

    let before = server.messages(&closed.id).len();
    for (name, language, values, meta_code) in [
        ("spring_collection", "en_US", vec!["Ana"], 132_001),
        ("flash_sale", "en_US", vec!["20"], 132_001),
        ("workshop_reminder", "fr", vec!["12 mai"], 132_015),
        ("order_update", "de", vec!["Ana", "#1"], 132_001),
        ("order_update", "en_US", vec!["Ana"], 132_000),
    ] {
        let body = template_body(&account, name, language, &values);
        let (status, body) = error_code(api.post(&messages_path(&closed), body).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
        assert_eq!(body["code"], "platform_api_error", "{name}");
        assert_eq!(body["platformError"]["code"], meta_code, "{name}");
    }
    assert_eq!(
        server.messages(&closed.id).len(),
        before,
        "nothing was sent"
    );

    let body = template_body(&account, "order_update", "en_US", &["Ana", "#1042"]);
    assert_eq!(
        api.post(&messages_path(&closed), body).await.status(),
        StatusCode::OK
    );
    let sent = server.messages(&closed.id).last().cloned().unwrap();
    assert_eq!(
        sent.text.as_deref(),
        Some("Hello Ana, your order #1042 has shipped. Reply here if you have any question.")
    );
    assert!(
        !server.window_is_open(&closed.id),
        "a template opens no window"
    );
}

#[tokio::test]
async fn starting_a_conversation_takes_an_approved_template() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let account = server.accounts()[1].id.clone();
    let count = server.conversations().len();
    let (status, body) = error_code(
        api.post(
            "/v1/inbox/conversations",
            json!({ "accountId": account, "participantId": "447700900123", "message": "Hi" }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("TEMPLATE_REQUIRED"))
    );
    let pending = json!({
        "accountId": account, "participantId": "447700900123",
        "templateName": "spring_collection", "templateLanguage": "en_US", "templateParams": ["Ana"],
    });
    let (status, body) = error_code(api.post("/v1/inbox/conversations", pending).await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("platform_api_error"))
    );
    assert_eq!(
        server.conversations().len(),
        count,
        "a refused start leaves nothing"
    );

    let approved = json!({
        "accountId": account, "participantId": "447700900123",
        "templateName": "follow_up", "templateLanguage": "en_US",
    });
    let response = api.post("/v1/inbox/conversations", approved.clone()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = read_json(response).await;
    let id = body["data"]["conversationId"].as_str().unwrap().to_owned();
    assert_eq!(server.conversations().len(), count + 1);
    assert_eq!(server.messages(&id).len(), 1);
    let listed = api
        .get_json(&format!(
            "/v1/inbox/conversations?accountId={account}&limit=1"
        ))
        .await;
    assert_eq!(
        listed["data"][0]["id"],
        id.as_str(),
        "the newest conversation lists first"
    );

    let again = api.post("/v1/inbox/conversations", approved).await;
    let body: Value = read_json(again).await;
    assert_eq!(
        body["data"]["conversationId"],
        id.as_str(),
        "the same number, the same thread"
    );
    assert_eq!(server.messages(&id).len(), 2);
}

#[tokio::test]
async fn the_same_key_and_body_replays_the_first_answer_and_sends_nothing() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, _) = open_and_closed(&server);
    let before = server.messages(&open.id).len();
    let body = json!({ "accountId": open.account_id, "message": "Once only" });
    let first = api.send_keyed(&open, "key-1", body.clone()).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = read_json(first).await;
    // The same fields in another order are the same body.
    let reordered = json!({ "message": "Once only", "accountId": open.account_id });
    let second = api.send_keyed(&open, "key-1", reordered).await;
    assert_eq!(second.status(), StatusCode::OK);
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    let second: Value = read_json(second).await;
    assert_eq!(first, second);
    assert_eq!(server.messages(&open.id).len(), before + 1);
    let keyed: Vec<_> = server
        .writes()
        .into_iter()
        .filter(|w| w.idempotency_key.as_deref() == Some("key-1"))
        .collect();
    assert_eq!(keyed.len(), 2, "both requests are in the write log");
}

#[tokio::test]
async fn the_same_key_with_another_body_is_422_and_sends_nothing() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, _) = open_and_closed(&server);
    let first = json!({ "accountId": open.account_id, "message": "First" });
    assert_eq!(
        api.send_keyed(&open, "key-2", first).await.status(),
        StatusCode::OK
    );
    let count = server.messages(&open.id).len();
    let other = json!({ "accountId": open.account_id, "message": "Second" });
    let (status, body) = error_code(api.send_keyed(&open, "key-2", other).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "idempotency_key_reused");
    assert_eq!(server.messages(&open.id).len(), count);
}

#[tokio::test]
async fn the_same_key_while_the_first_is_in_flight_is_409() {
    let server = sandbox().await;
    let (open, _) = open_and_closed(&server);
    let before = server.messages(&open.id).len();
    server.hold_sends(Duration::from_secs(2));
    let body = json!({ "accountId": open.account_id, "message": "Slow one" });
    let first = {
        let request = Api::new(&server)
            .request(Method::POST, &messages_path(&open))
            .header("Idempotency-Key", "key-3")
            .json_body(&body);
        tokio::spawn(async move { request.send().await.unwrap().status() })
    };
    while server.keys_in_flight() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let (status, answer) =
        error_code(Api::new(&server).send_keyed(&open, "key-3", body).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(answer["code"], "idempotency_key_in_progress");
    assert_eq!(first.await.unwrap(), StatusCode::OK);
    assert_eq!(server.messages(&open.id).len(), before + 1);
}

#[tokio::test]
async fn a_refused_send_releases_its_key_and_keys_expire_after_a_day() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, closed) = open_and_closed(&server);
    let body = json!({ "accountId": closed.account_id, "message": "Hello?" });
    assert_eq!(
        api.send_keyed(&closed, "key-4", body).await.status(),
        StatusCode::BAD_REQUEST
    );
    let other = json!({ "accountId": closed.account_id, "message": "Another text" });
    let (status, body) = error_code(api.send_keyed(&closed, "key-4", other).await).await;
    assert_eq!(
        body["code"], "131047",
        "run again, not refused as another body"
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let body = json!({ "accountId": open.account_id, "message": "Day one" });
    assert_eq!(
        api.send_keyed(&open, "key-5", body.clone()).await.status(),
        StatusCode::OK
    );
    server.inject_inbound(&open.id, "ok").unwrap();
    server.advance_clock(TimeDelta::hours(23));
    server.inject_inbound(&open.id, "still here").unwrap();
    let replay = api.send_keyed(&open, "key-5", body.clone()).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    server.advance_clock(TimeDelta::hours(2));
    let count = server.messages(&open.id).len();
    let fresh = api.send_keyed(&open, "key-5", body).await;
    assert_eq!(fresh.status(), StatusCode::OK);
    assert!(fresh.headers().get("idempotent-replayed").is_none());
    assert_eq!(server.messages(&open.id).len(), count + 1);
}

#[tokio::test]
async fn a_burst_to_one_person_meets_131056_until_the_minute_has_passed() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, _) = open_and_closed(&server);
    for n in 0..SENDS_PER_RECIPIENT {
        let response = api.send_text(&open, &format!("message {n}")).await;
        assert_eq!(response.status(), StatusCode::OK, "send {n}");
    }
    let count = server.messages(&open.id).len();
    let (status, body) = error_code(api.send_text(&open, "one too many").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "131056");
    assert_eq!(body["platformError"]["code"], 131056);
    assert_eq!(server.messages(&open.id).len(), count);

    let other = server
        .conversations()
        .into_iter()
        .find(|c| c.id != open.id && server.window_is_open(&c.id))
        .unwrap();
    assert_eq!(
        api.send_text(&other, "someone else").await.status(),
        StatusCode::OK
    );

    server.advance_clock(TimeDelta::seconds(61));
    assert_eq!(
        api.send_text(&open, "a minute later").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn edit_and_delete_are_not_supported_on_whatsapp() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, _) = open_and_closed(&server);
    let ours = server
        .messages(&open.id)
        .into_iter()
        .rev()
        .find(|m| !m.is_incoming() && m.text.is_some())
        .unwrap();
    let path = format!("{}/{}", messages_path(&open), ours.id);
    let edit = api
        .request(Method::PATCH, &path)
        .json_body(&json!({ "accountId": open.account_id, "text": "edited" }))
        .send()
        .await
        .unwrap();
    let delete = api
        .request(
            Method::DELETE,
            &format!("{path}?accountId={}", open.account_id),
        )
        .send()
        .await
        .unwrap();
    for response in [edit, delete] {
        let (status, body) = error_code(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], "PLATFORM_NOT_SUPPORTED");
    }
    let after = server.messages(&open.id);
    let kept = after.iter().find(|m| m.id == ours.id).unwrap();
    assert_eq!(kept.text, ours.text);
    assert!(!kept.is_deleted && !kept.is_edited);
}

#[tokio::test]
async fn our_reaction_is_set_replaced_and_removed() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, closed) = open_and_closed(&server);
    let theirs = server
        .messages(&open.id)
        .into_iter()
        .rev()
        .find(unibox_sandbox::late::LateMessage::is_incoming)
        .unwrap();
    let path = format!("{}/{}/reactions", messages_path(&open), theirs.id);
    let ours = |server: &LateSandbox| {
        server
            .messages(&open.id)
            .into_iter()
            .find(|m| m.id == theirs.id)
            .unwrap()
            .reactions
            .into_iter()
            .filter(|r| r.from_me)
            .map(|r| r.emoji)
            .collect::<Vec<_>>()
    };
    for emoji in ["👍", "❤️"] {
        let response = api
            .post(
                &path,
                json!({ "accountId": open.account_id, "emoji": emoji }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(ours(&server), vec![emoji.to_owned()]);
    }
    let removed = api
        .request(
            Method::DELETE,
            &format!("{path}?accountId={}", open.account_id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), StatusCode::OK);
    assert!(ours(&server).is_empty());

    let old = server.messages(&closed.id).last().unwrap().id.clone();
    let closed_path = format!("{}/{}/reactions", messages_path(&closed), old);
    let (status, body) = error_code(
        api.post(
            &closed_path,
            json!({ "accountId": closed.account_id, "emoji": "👍" }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("131047"))
    );
}

#[tokio::test]
async fn marking_a_conversation_read_clears_its_unread_count() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let hostile = server
        .conversations()
        .into_iter()
        .find(|c| c.participant_id == HOSTILE_PARTICIPANT)
        .unwrap();
    let unread = |list: &Value| {
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == hostile.id.as_str())
            .map(|c| c["unreadCount"].as_u64().unwrap())
    };
    let list_path = format!(
        "/v1/inbox/conversations?accountId={}&limit=100",
        hostile.account_id
    );
    let before = unread(&api.get_json(&list_path).await).unwrap();
    assert!(before > 0);
    let response = api
        .post(
            &format!("/v1/inbox/conversations/{}/read", hostile.id),
            json!({ "accountId": hostile.account_id }),
        )
        .await;
    let body: Value = read_json(response).await;
    assert_eq!(body["markedCount"].as_u64(), Some(before));
    assert_eq!(unread(&api.get_json(&list_path).await), Some(0));
}

#[tokio::test]
async fn an_attachment_resolves_to_a_url_that_serves_its_bytes_with_the_key() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (conversation, message) = server
        .conversations()
        .into_iter()
        .find_map(|c| {
            let found = server.messages(&c.id).into_iter().find(|m| {
                server.now() - m.created_at < MEDIA_RETENTION
                    && m.attachments.iter().any(|a| !a.media.unavailable)
            })?;
            Some((c, found))
        })
        .unwrap();
    let index = message
        .attachments
        .iter()
        .position(|a| !a.media.unavailable)
        .unwrap();
    let resolved = api
        .get_json(&format!(
            "{}/{}/attachments/{index}?accountId={}&format=json",
            messages_path(&conversation),
            message.id,
            conversation.account_id
        ))
        .await;
    let url = resolved["url"].as_str().unwrap();
    let bytes = api
        .http
        .get(url)
        .bearer_auth(server.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(bytes.status(), StatusCode::OK);
    assert_eq!(
        bytes.headers()["content-type"],
        message.attachments[index].media.mimetype.as_str()
    );
    assert_eq!(
        bytes.bytes().await.unwrap().len() as u64,
        message.attachments[index].media.file_size
    );
    let without_key = api.http.get(url).send().await.unwrap();
    assert_eq!(without_key.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_file_goes_as_multipart_and_is_served_back_as_sent() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, _) = open_and_closed(&server);
    let pdf = b"%PDF-1.7\ninvoice\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("accountId", open.account_id.clone())
        .text("message", "Your invoice")
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf.clone())
                .file_name("invoice.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let response = api
        .request(Method::POST, &messages_path(&open))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = read_json(response).await;
    let url = body["data"]["attachments"][0]["url"].as_str().unwrap();
    let served = api
        .http
        .get(url)
        .bearer_auth(server.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(served.bytes().await.unwrap().to_vec(), pdf);
    let sent = server.messages(&open.id).last().cloned().unwrap();
    assert_eq!(sent.text.as_deref(), Some("Your invoice"));
    assert_eq!(
        sent.attachments[0].media.file_name.as_deref(),
        Some("invoice.pdf")
    );
}

#[tokio::test]
async fn a_429_carries_retry_after_and_503_504_500_are_answered_as_switched() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| {
        f.rate_limited = 1;
        f.retry_after_secs = Some(7);
        f.unavailable = 1;
        f.gateway_timeouts = 1;
    });
    let limited = api.get("/v1/accounts").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "7");
    let (_, body) = error_code(limited).await;
    assert_eq!(body["type"], "rate_limit_error");
    assert_eq!(
        api.get("/v1/accounts").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        api.get("/v1/accounts").await.status(),
        StatusCode::GATEWAY_TIMEOUT
    );
    assert_eq!(api.get("/v1/accounts").await.status(), StatusCode::OK);
    server.faults().update(|f| f.error_rate = 1.0);
    let (status, body) = error_code(api.get("/v1/accounts").await).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, Some("api_error"))
    );
}

#[tokio::test]
async fn a_malformed_page_is_truncated_or_of_the_wrong_shape() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let account = &server.accounts()[0].id;
    let path = format!("/v1/inbox/conversations?accountId={account}");
    server.faults().update(|f| f.malformed_pages = 1);
    let truncated = api.get(&path).await.bytes().await.unwrap();
    assert!(serde_json::from_slice::<Value>(&truncated).is_err());
    server.faults().update(|f| {
        f.malformed_pages = 1;
        f.malformed_mode = unibox_sandbox::MalformedMode::WrongShape;
    });
    let wrong = api.get_json(&path).await;
    assert_eq!(wrong["data"][0], json!({ "id": 12345 }));
    assert!(api.get_json(&path).await["data"][0]["id"].is_string());
}

#[tokio::test]
async fn a_slow_answer_after_the_send_is_replayed_to_a_resend_with_the_same_key() {
    let server = sandbox().await;
    let (open, _) = open_and_closed(&server);
    let before = server.messages(&open.id).len();
    server.faults().update(|f| {
        f.hang_after_write = 1;
        f.hang_ms = 5_000;
    });
    let api = Api::new(&server);
    let body = json!({ "accountId": open.account_id, "message": "Did it go?" });
    let timed_out = api
        .request(Method::POST, &messages_path(&open))
        .header("Idempotency-Key", "key-6")
        .timeout(Duration::from_millis(300))
        .json_body(&body)
        .send()
        .await;
    assert!(timed_out.unwrap_err().is_timeout());
    assert_eq!(
        server.messages(&open.id).len(),
        before + 1,
        "applied before the hang"
    );
    let resent = api.send_keyed(&open, "key-6", body).await;
    assert_eq!(resent.status(), StatusCode::OK);
    assert_eq!(resent.headers()["idempotent-replayed"], "true");
    assert_eq!(server.messages(&open.id).len(), before + 1);
}

#[tokio::test]
async fn a_500_after_the_send_releases_the_key_as_published() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, _) = open_and_closed(&server);
    let before = server.messages(&open.id).len();
    server.faults().update(|f| f.error_after_write = 1);
    let body = json!({ "accountId": open.account_id, "message": "Unknown outcome" });
    let (status, _) = error_code(api.send_keyed(&open, "key-7", body.clone()).await).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        server.messages(&open.id).len(),
        before + 1,
        "it went out anyway"
    );
    let resent = api.send_keyed(&open, "key-7", body).await;
    assert_eq!(resent.status(), StatusCode::OK);
    assert!(resent.headers().get("idempotent-replayed").is_none());
    assert_eq!(
        server.messages(&open.id).len(),
        before + 2,
        "a blind resend sends twice"
    );
}

#[tokio::test]
async fn a_reset_cuts_the_answer_and_a_server_down_refuses_connections() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| f.resets = 1);
    let cut = api.get("/v1/accounts").await.bytes().await;
    assert!(cut.is_err());
    server.stop_listening().await;
    let down = api
        .request(Method::GET, "/v1/accounts")
        .send()
        .await
        .unwrap_err();
    assert!(down.is_connect(), "{down}");
    server.resume().await.unwrap();
    assert_eq!(api.get("/v1/accounts").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_write_is_logged_with_its_body_and_status_even_when_refused() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (_, closed) = open_and_closed(&server);
    let _ = api.send_text(&closed, "logged").await;
    let writes = server.writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].method, "POST");
    assert_eq!(writes[0].path, format!("/api{}", messages_path(&closed)));
    assert_eq!(writes[0].field("message"), Some("logged"));
    assert_eq!(writes[0].status, Some(400));
    let unauthorized = Client::new()
        .post(format!("{}{}", server.base_url(), messages_path(&closed)))
        .json_body(&json!({ "accountId": closed.account_id, "message": "no key" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(server.writes().len(), 2);
    assert_eq!(
        server
            .messages(&closed.id)
            .iter()
            .filter(|m| m.text.as_deref() == Some("no key"))
            .count(),
        0
    );
}

#[tokio::test]
async fn one_conversation_is_read_by_id_under_its_own_account_only() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let conversation = server.conversations()[0].clone();
    let body = api
        .get_json(&format!(
            "/v1/inbox/conversations/{}?accountId={}",
            conversation.id, conversation.account_id
        ))
        .await;
    assert_eq!(body["data"]["id"], conversation.id.as_str());
    assert_eq!(
        body["data"]["participants"][0]["id"],
        conversation.participant_id.as_str()
    );
    let newest = server.messages(&conversation.id).last().unwrap().created_at;
    let last: DateTime<Utc> = body["data"]["lastMessageAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(newest - last < TimeDelta::seconds(1) && last <= newest);

    let other_account = server
        .accounts()
        .into_iter()
        .find(|a| a.id != conversation.account_id)
        .unwrap();
    for (path, status, code) in [
        (
            format!(
                "/v1/inbox/conversations/{}?accountId={}",
                conversation.id, other_account.id
            ),
            StatusCode::NOT_FOUND,
            "conversation_not_found",
        ),
        (
            format!("/v1/inbox/conversations/{}/messages", conversation.id),
            StatusCode::BAD_REQUEST,
            "missing_required_field",
        ),
        (
            format!(
                "/v1/inbox/conversations/{}/messages?accountId=nobody",
                conversation.id
            ),
            StatusCode::NOT_FOUND,
            "account_not_found",
        ),
    ] {
        let (got, body) = error_code(api.get(&path).await).await;
        assert_eq!((got, body["code"].as_str()), (status, Some(code)), "{path}");
    }
}

#[tokio::test]
async fn a_failed_delivery_is_listed_with_its_meta_code() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (open, _) = open_and_closed(&server);
    let response = api.send_text(&open, "Will this arrive?").await;
    let sent = read_json(response).await["data"]["messageId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(server.change_message(&open.id, &sent, |m| {
        m.delivery_status = Some(unibox_sandbox::late::DeliveryStatus::Failed { code: 131_049 });
    }));
    let page = api
        .get_json(&format!(
            "/v1/inbox/conversations/{}/messages?accountId={}&sortOrder=desc&limit=1",
            open.id, open.account_id
        ))
        .await;
    let listed = &page["messages"][0];
    assert_eq!(listed["id"], sent.as_str());
    assert_eq!(listed["deliveryStatus"], "failed");
    assert_eq!(listed["deliveryError"]["code"], 131049);
    assert!(!server.change_message(&open.id, "wamid.unknown", |_| {}));

    let generated_failures = server
        .conversations()
        .iter()
        .flat_map(|c| server.messages(&c.id))
        .filter(|m| {
            matches!(
                m.delivery_status,
                Some(unibox_sandbox::late::DeliveryStatus::Failed { .. })
            )
        })
        .count();
    assert!(
        generated_failures > 0,
        "the default data has failed deliveries"
    );
}

#[tokio::test]
async fn one_template_is_read_by_name_and_a_name_in_several_languages_needs_one() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let account = &server.accounts()[0].id;
    let path = |rest: &str| format!("/v1/whatsapp/templates/{rest}accountId={account}");
    let one = api.get_json(&path("follow_up?")).await;
    assert_eq!(one["template"]["language"], "en_US");
    assert_eq!(one["template"]["status"], "APPROVED");
    let french = api.get_json(&path("order_update?language=fr&")).await;
    assert!(
        french["template"]["components"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Bonjour")
    );
    let bare = api.get_json(&path("follow_up?language=en&")).await;
    assert_eq!(bare["template"]["language"], "en_US");
    let (status, body) = error_code(api.get(&path("order_update?")).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "ambiguous_template");
    let mut languages: Vec<&str> = body["details"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    languages.sort_unstable();
    assert_eq!(languages, ["en_US", "fr"]);
    let (status, _) = error_code(api.get(&path("no_such_template?")).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_file_from_the_customer_is_listed_and_served_as_sent() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (_, closed) = open_and_closed(&server);
    let photo = b"\xFF\xD8\xFF\xE0 a photo of the broken vase \xFF\xD9".to_vec();
    let id = server
        .inject_inbound_file(
            &closed.id,
            unibox_sandbox::late::Upload {
                file_name: Some("vase.jpg".into()),
                mimetype: "image/jpeg".into(),
                bytes: photo.clone().into(),
            },
            Some("It arrived like this"),
        )
        .unwrap();
    assert!(
        server.window_is_open(&closed.id),
        "the customer wrote: the window opens"
    );
    let page = api
        .get_json(&format!(
            "/v1/inbox/conversations/{}/messages?accountId={}&sortOrder=desc&limit=1",
            closed.id, closed.account_id
        ))
        .await;
    let listed = &page["messages"][0];
    assert_eq!(listed["id"], id.as_str());
    assert_eq!(listed["direction"], "incoming");
    assert_eq!(listed["message"], "It arrived like this");
    assert_eq!(listed["attachments"][0]["type"], "image");
    assert_eq!(listed["attachments"][0]["filename"], "vase.jpg");
    let url = listed["attachments"][0]["url"].as_str().unwrap();
    let served = api
        .http
        .get(url)
        .bearer_auth(server.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(served.bytes().await.unwrap().to_vec(), photo);
    server.advance_clock(MEDIA_RETENTION);
    let expired = api
        .http
        .get(url)
        .bearer_auth(server.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn media_past_its_retention_is_a_lasting_400() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (conversation, message) = server
        .conversations()
        .into_iter()
        .find_map(|c| {
            let found = server.messages(&c.id).into_iter().find(|m| {
                !m.attachments.is_empty() && server.now() - m.created_at > MEDIA_RETENTION
            })?;
            Some((c, found))
        })
        .expect("the default data has media older than a week");
    let gone = &message.attachments[0];
    let resolve = format!(
        "{}/{}/attachments/0?accountId={}&format=json",
        messages_path(&conversation),
        message.id,
        conversation.account_id
    );
    assert_eq!(api.get(&resolve).await.status(), StatusCode::NOT_FOUND);
    let media = format!(
        "/v1/whatsapp/media/{}?accountId={}",
        gone.media_id, conversation.account_id
    );
    for _ in 0..2 {
        let (status, body) = error_code(api.get(&media).await).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("media_expired"))
        );
    }
    let elsewhere = server
        .accounts()
        .into_iter()
        .find(|a| a.id != conversation.account_id)
        .unwrap();
    let other = format!(
        "/v1/whatsapp/media/{}?accountId={}",
        gone.media_id, elsewhere.id
    );
    assert_eq!(api.get(&other).await.status(), StatusCode::NOT_FOUND);
}
