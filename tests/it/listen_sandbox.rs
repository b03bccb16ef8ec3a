//! The sandbox's webhook routes, over HTTP: registrations as the contract describes them.

use crate::sandbox_support::{Api, sandbox};

use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn webhooks_are_created_listed_with_their_headers_and_removed() {
    let server = sandbox().await;
    let api = Api::new(&server);
    let (status, created) = api
        .send_json(
            Method::POST,
            "/api/v1/webhooks",
            json!({
                "request_url": "https://hooks.example.com/unipile",
                "name": "unibox",
                "source": "messaging",
                "events": ["message_received"],
                "headers": [{"key": "X-Token", "value": "abc"}],
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["object"], "WebhookCreated");
    let id = created["webhook_id"].as_str().unwrap().to_owned();

    let (status, listed) = api.get("/api/v1/webhooks").await;
    assert_eq!(status, StatusCode::OK);
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
    assert_eq!(items[0]["source"], "messaging");
    assert_eq!(items[0]["headers"][0]["value"], "abc");

    let path = format!("/api/v1/webhooks/{id}");
    let (status, deleted) = api.send_json(Method::DELETE, &path, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{deleted}");
    assert_eq!(deleted["object"], "WebhookDeleted");
    assert!(server.webhooks().is_empty());
    let (status, _) = api.send_json(Method::DELETE, &path, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_registration_without_a_known_source_or_an_http_url_is_refused() {
    let server = sandbox().await;
    let api = Api::new(&server);
    for body in [
        json!({"request_url": "https://hooks.example.com", "source": "mail"}),
        json!({"request_url": "ftp://hooks.example.com", "source": "messaging"}),
        json!({"source": "messaging"}),
    ] {
        let (status, _) = api
            .send_json(Method::POST, "/api/v1/webhooks", body.clone())
            .await;
        assert_eq!(status.as_u16() / 100, 4, "{body}");
    }
    assert!(server.webhooks().is_empty());
}
