//! Every fault switch, observed over HTTP with a plain client.

use crate::sandbox_support;

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::multipart::Form;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use unibox::domain::MessageId;

use sandbox_support::{Api, chat_named, read, sandbox, text_part};

fn send_text(text: &str) -> Form {
    Form::new().part("text", text_part(text))
}

#[tokio::test]
async fn latency_delays_answers_past_a_short_client_timeout() {
    let server = sandbox().await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let api = Api::with_client(&server, impatient);
    let (status, _) = api.get("/api/v1/accounts").await;
    assert_eq!(status, StatusCode::OK);
    server.faults().update(|f| f.latency_ms = 2_000);
    let error = api
        .request(Method::GET, "/api/v1/accounts")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout());
    server.faults().update(|f| f.latency_ms = 0);
    let (status, _) = api.get("/api/v1/accounts").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_error_rate_answers_500s_and_refuses_writes_unapplied() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| f.error_rate = 1.0);
    let (status, error) = api.get("/api/v1/chats").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error["type"], "errors/unexpected_error");
    let chat = chat_named(&server, "Marie Dubois");
    let count = server.state().messages(&chat.id).len();
    let (status, _) = api
        .send_form(
            &format!("/api/v1/chats/{}/messages", chat.id),
            send_text("hi"),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(server.state().messages(&chat.id).len(), count);
    assert_eq!(server.writes()[0].status, Some(500));

    server.faults().update(|f| f.error_rate = 0.5);
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(api.get("/api/v1/accounts").await.0);
    }
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::INTERNAL_SERVER_ERROR)
    );
}

#[tokio::test]
async fn rate_limits_come_with_or_without_retry_after_for_the_next_n_requests() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| {
        f.rate_limited = 2;
        f.retry_after_secs = Some(7);
    });
    for _ in 0..2 {
        let response = api
            .request(Method::GET, "/api/v1/chats")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()["retry-after"], "7");
        let error: Value = response.json_value().await;
        assert_eq!(error["type"], "errors/too_many_requests");
    }
    assert_eq!(api.get("/api/v1/chats").await.0, StatusCode::OK);

    server.faults().update(|f| {
        f.rate_limited = 1;
        f.retry_after_secs = None;
    });
    let response = api
        .request(Method::GET, "/api/v1/chats")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().get("retry-after").is_none());
    assert_eq!(api.get("/api/v1/chats").await.0, StatusCode::OK);
    assert_eq!(server.faults().get().rate_limited, 0);
}

#[tokio::test]
async fn unavailable_and_gateway_timeouts_for_the_next_n_requests() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| {
        f.unavailable = 1;
        f.gateway_timeouts = 2;
    });
    let mut answers = Vec::new();
    for _ in 0..4 {
        let (status, body) = api.get("/api/v1/accounts").await;
        answers.push((
            status.as_u16(),
            body["type"].as_str().unwrap_or("-").to_owned(),
        ));
    }
    assert_eq!(
        answers,
        [
            (503, "errors/service_unavailable".to_owned()),
            (504, "errors/request_timeout".to_owned()),
            (504, "errors/request_timeout".to_owned()),
            (200, "-".to_owned()),
        ]
    );
}

#[tokio::test]
async fn malformed_pages_are_truncated_or_carry_one_item_of_the_wrong_shape() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| f.malformed_pages = 1);
    let body = api
        .request(Method::GET, "/api/v1/chats?limit=5")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    assert!(body.starts_with(b"{"));
    // Only list answers count: a single object passes untouched and the switch waits.
    server.faults().update(|f| {
        f.malformed_pages = 1;
        f.malformed_mode = unibox_sandbox::MalformedMode::WrongShape;
    });
    let chat = chat_named(&server, "Marie Dubois");
    let (status, single) = api.get(&format!("/api/v1/chats/{}", chat.id)).await;
    assert_eq!(
        (status, single["object"].clone()),
        (StatusCode::OK, json!("Chat"))
    );
    let (status, page) = api.get("/api/v1/chats?limit=5").await;
    assert_eq!(status, StatusCode::OK);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let wrong: Vec<&Value> = items.iter().filter(|i| !i["id"].is_string()).collect();
    assert_eq!(wrong.len(), 1);
    assert_eq!(wrong[0]["object"], "Chat");
    let (_, healthy) = api.get("/api/v1/chats?limit=5").await;
    assert!(
        healthy["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["id"].is_string())
    );
}

#[tokio::test]
async fn a_reset_sends_the_headers_then_breaks_the_body() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| f.resets = 1);
    let response = api
        .request(Method::GET, "/api/v1/chats")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.bytes().await.is_err());
    assert_eq!(api.get("/api/v1/chats").await.0, StatusCode::OK);

    // On a write, the write is applied before the connection breaks: the outcome is unknown
    // to the client, known to the sandbox.
    let chat = chat_named(&server, "Marie Dubois");
    server.faults().update(|f| f.resets = 1);
    let response = api
        .request(Method::POST, &format!("/api/v1/chats/{}/messages", chat.id))
        .multipart(send_text("did this arrive?"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(response.bytes().await.is_err());
    let newest = server.state().messages(&chat.id).last().unwrap().clone();
    assert_eq!(newest.text.as_deref(), Some("did this arrive?"));
    let writes = server.writes();
    assert_eq!((writes.len(), writes[0].status), (1, Some(201)));
}

#[tokio::test]
async fn a_hanging_write_is_applied_and_left_unanswered() {
    let server = sandbox().await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let api = Api::with_client(&server, impatient);
    server.faults().update(|f| f.hang_after_write = 1);
    let chat = chat_named(&server, "Sarah Mitchell");
    let error = api
        .request(Method::POST, &format!("/api/v1/chats/{}/messages", chat.id))
        .multipart(send_text("are you there?"))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout());
    assert_eq!(
        server
            .state()
            .messages(&chat.id)
            .last()
            .unwrap()
            .text
            .as_deref(),
        Some("are you there?")
    );
    let writes = server.writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].status, None, "no answer was given");
    // Reads are not held; the next write is answered.
    assert_eq!(api.get("/api/v1/accounts").await.0, StatusCode::OK);
    let (status, _) = api
        .send_form(
            &format!("/api/v1/chats/{}/messages", chat.id),
            send_text("again"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn an_oversized_body_announces_a_gigabyte_and_streams_it() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| f.oversized_bodies = 1);
    let response = api
        .request(Method::GET, "/api/v1/chats")
        .send()
        .await
        .unwrap();
    assert_eq!(response.content_length(), Some(1 << 30));
    let mut stream = response.bytes_stream();
    let mut received = Vec::new();
    while received.len() < 8 * 1024 * 1024 {
        received.extend_from_slice(&stream.next().await.unwrap().unwrap());
    }
    assert!(received.starts_with(br#"{"padding":"xxxx"#));
    drop(stream);
    assert_eq!(api.get("/api/v1/chats").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_huge_page_streams_a_million_distinct_items() {
    let server = sandbox().await;
    let api = Api::new(&server);
    server.faults().update(|f| f.huge_pages = 1);
    // Attendees are flat objects: one `{` per item, plus the page's own.
    let account = chat_named(&server, "Marie Dubois").account_id;
    let response = api
        .request(
            Method::GET,
            &format!("/api/v1/chat_attendees?account_id={account}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.content_length(), None);
    let mut stream = response.bytes_stream();
    let (mut braces, mut head, mut tail) = (0usize, Vec::new(), Vec::new());
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        braces += chunk.iter().filter(|&&b| b == b'{').count();
        if head.len() < 4096 {
            head.extend_from_slice(&chunk[..chunk.len().min(4096)]);
        }
        tail = chunk.slice(chunk.len().saturating_sub(64)..).to_vec();
    }
    assert_eq!(braces - 1, 1_000_000);
    let head = String::from_utf8_lossy(&head);
    assert!(
        head.starts_with(r#"{"object":"ChatAttendeeList","items":[{"#),
        "{head:.80}"
    );
    assert!(
        head.contains("-0\"") && head.contains("-1\""),
        "ids are made distinct"
    );
    assert!(tail.ends_with(br#"],"cursor":null}"#));

    // A small huge page parses as a valid list.
    server.faults().update(|f| {
        f.huge_pages = 1;
        f.huge_page_items = 1_000;
    });
    let (_, page) = api.get("/api/v1/chats").await;
    let ids: std::collections::HashSet<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1_000);
}

#[tokio::test]
async fn faults_are_switched_over_http_behind_the_key() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (status, faults) = api
        .send_json(
            Method::POST,
            "/_sandbox/faults",
            json!({"rate_limited": 1, "silent_rejections": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (faults["rate_limited"].clone(), faults["latency_ms"].clone()),
        (json!(1), json!(0))
    );
    assert!(server.faults().get().silent_rejections);
    let (_, seen) = api.get("/_sandbox/faults").await;
    assert_eq!(seen, faults);
    assert_eq!(
        api.get("/api/v1/accounts").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let (status, error) = api
        .send_json(Method::POST, "/_sandbox/faults", json!({"rate_limitd": 1}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["detail"].as_str().unwrap().contains("rate_limitd"));
    let (status, _) = read(api.request(Method::DELETE, "/_sandbox/faults")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.faults().get(), unibox_sandbox::Faults::default());
    let anonymous = reqwest::get(format!("{}/_sandbox/faults", server.url()))
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // The logs are readable from another process too; control requests are not logged.
    let chat = chat_named(&server, "Marie Dubois");
    api.send_json(
        Method::PATCH,
        &format!("/api/v1/chats/{}", chat.id),
        json!({"action": "setReadStatus", "value": true}),
    )
    .await;
    let (_, writes) = api.get("/_sandbox/writes").await;
    assert_eq!(writes, serde_json::to_value(server.writes()).unwrap());
    assert_eq!(writes.as_array().unwrap().len(), 1);
    assert_eq!(
        writes[0]["body"],
        json!({"kind": "json", "value": {"action": "setReadStatus", "value": true}})
    );
    let (_, requests) = api.get("/_sandbox/requests").await;
    let requests = requests.as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0]["method"].clone(), requests[0]["status"].clone()),
        (json!("GET"), json!(429))
    );
}

#[tokio::test]
async fn the_server_goes_down_and_comes_back_on_the_same_port_with_the_same_world() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let url = server.url();
    assert_eq!(api.get("/api/v1/accounts").await.0, StatusCode::OK);
    server.stop_listening().await;
    let error = api
        .request(Method::GET, "/api/v1/accounts")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_connect() || error.is_request(), "{error:?}");
    let chat = chat_named(&server, "Marie Dubois");
    let id: MessageId = server.inject_inbound(&chat.id, "sent while you were offline");
    server.resume().await.unwrap();
    assert_eq!(server.url(), url);
    let (status, message) = api.get(&format!("/api/v1/messages/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(message["text"], "sent while you were offline");
    server.shutdown().await;
    assert!(
        reqwest::get(format!("{url}/api/v1/accounts"))
            .await
            .is_err()
    );
}

trait JsonValue {
    async fn json_value(self) -> Value;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> Value {
        serde_json::from_slice(&self.bytes().await.unwrap()).unwrap()
    }
}
