//! The Late sandbox as a webhook sender: `/v1/webhooks/settings` registers, lists and
//! removes; every post is signed as Zernio signs it; some come twice and some out of order.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use unibox::listen::{WebhookSecret, late_signature_holds};
use unibox_sandbox::late::{LateSandbox, LateSandboxConfig, LateWebhookReceiver};

/// A guard against a hang, not a measure.
const PATIENCE: Duration = Duration::from_secs(30);

#[derive(Clone, Default)]
struct Posts(Arc<Mutex<Vec<(HeaderMap, Bytes)>>>);

async fn record(State(posts): State<Posts>, headers: HeaderMap, body: Bytes) -> StatusCode {
    posts.0.lock().unwrap().push((headers, body));
    StatusCode::OK
}

async fn receiver() -> (String, Posts) {
    let posts = Posts::default();
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/late", socket.local_addr().unwrap());
    let router = Router::new()
        .route("/late", post(record))
        .with_state(posts.clone());
    tokio::spawn(async move { axum::serve(socket, router).await });
    (url, posts)
}

async fn sandbox(seed: u64) -> LateSandbox {
    LateSandbox::start(LateSandboxConfig {
        seed,
        anchor: Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap(),
        ..LateSandboxConfig::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn posts_are_signed_and_some_come_twice_or_out_of_order() {
    let late = sandbox(7).await;
    let (url, posts) = receiver().await;
    let secret = WebhookSecret::generate();
    late.add_webhook(&LateWebhookReceiver {
        url,
        secret: secret.expose().to_owned(),
    });
    let conversation = late.conversations()[0].id.clone();
    const EVENTS: usize = 40;
    for n in 0..EVENTS {
        late.inject_inbound(&conversation, &format!("message {n}"))
            .unwrap();
    }
    let all_in = async {
        loop {
            let ids: std::collections::BTreeSet<String> = posts
                .0
                .lock()
                .unwrap()
                .iter()
                .map(|(h, _)| h["x-zernio-event-id"].to_str().unwrap().to_owned())
                .collect();
            if ids.len() == EVENTS {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(PATIENCE, all_in)
        .await
        .expect("every event posted");

    let posts = posts.0.lock().unwrap().clone();
    let mut ids = Vec::new();
    for (headers, body) in &posts {
        assert_eq!(headers["x-zernio-event"], "message.received");
        let signature = headers["x-zernio-signature"].as_bytes();
        assert!(late_signature_holds(&secret, body, signature));
        let event: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(event["id"], headers["x-zernio-event-id"].to_str().unwrap());
        assert_eq!(event["conversation"]["id"], conversation);
        ids.push(event["id"].as_str().unwrap().to_owned());
    }
    assert!(posts.len() > EVENTS, "no event was posted twice");
    assert!(
        ids.windows(2).any(|pair| pair[1] < pair[0]),
        "every event came in order"
    );
}

#[tokio::test]
async fn webhook_settings_are_created_listed_and_deleted() {
    let late = sandbox(7).await;
    let http = reqwest::Client::new();
    let settings = format!("{}/v1/webhooks/settings", late.base_url());
    let created: Value = http
        .post(&settings)
        .bearer_auth(late.api_key())
        .json(
            &json!({"name": "unibox", "url": "https://hooks.example.com/late",
            "secret": "s3cret", "events": ["message.received"]}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["webhook"]["_id"].as_str().unwrap().to_owned();
    assert_eq!(late.webhooks().len(), 1);
    assert_eq!(late.webhooks()[0].url, "https://hooks.example.com/late");

    let refused = http
        .post(&settings)
        .bearer_auth(late.api_key())
        .json(&json!({"name": "unibox", "url": "not a url", "events": ["message.received"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let listed: Value = http
        .get(&settings)
        .bearer_auth(late.api_key())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["webhooks"][0]["_id"], id);

    let deleted = http
        .delete(format!("{settings}?id={id}"))
        .bearer_auth(late.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
    assert!(late.webhooks().is_empty());
}

/// `inbound_every`: simulated customers write into open conversations (opening their window)
/// and now and then react to the shop's newest message; each act is posted, signed, and the
/// conversation's messages say the same over HTTP.
#[tokio::test]
async fn simulated_customers_write_and_react_and_each_act_is_posted() {
    let late = LateSandbox::start(LateSandboxConfig {
        anchor: Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap(),
        inbound_every: Some(Duration::from_millis(20)),
        ..LateSandboxConfig::default()
    })
    .await
    .unwrap();
    let (url, posts) = receiver().await;
    let secret = WebhookSecret::generate();
    late.add_webhook(&LateWebhookReceiver {
        url,
        secret: secret.expose().to_owned(),
    });
    let posted = |name: &str| {
        posts
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|(headers, _)| headers["x-zernio-event"] == name)
            .count()
    };
    let enough = async {
        while posted("message.received") < 8 || posted("reaction.received") < 1 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(PATIENCE, enough)
        .await
        .expect("customers wrote and reacted");

    let http = reqwest::Client::new();
    let posts = posts.0.lock().unwrap().clone();
    for (headers, body) in &posts {
        let signature = headers["x-zernio-signature"].as_bytes();
        assert!(late_signature_holds(&secret, body, signature));
        let event: Value = serde_json::from_slice(body).unwrap();
        let conversation = event["conversation"]["id"].as_str().unwrap();
        assert_eq!(
            event["conversation"]["status"], "active",
            "never an archived one"
        );
        let message = event["message"]["id"].as_str().unwrap();
        let listed: Value = http
            .get(format!(
                "{}/v1/inbox/conversations/{conversation}/messages?accountId={}&sortOrder=desc&limit=100",
                late.base_url(),
                event["account"]["id"].as_str().unwrap()
            ))
            .bearer_auth(late.api_key())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let found = listed["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == message)
            .unwrap_or_else(|| panic!("{message} listed in {listed}"));
        match headers["x-zernio-event"].to_str().unwrap() {
            "message.received" => {
                assert_eq!(found["direction"], "incoming");
                assert!(late.window_is_open(conversation));
            }
            "reaction.received" => {
                assert_eq!(found["direction"], "outgoing");
                let theirs: Vec<&Value> = found["reactions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|r| r["fromMe"] == false)
                    .collect();
                assert_eq!(theirs.len(), 1, "{found}");
            }
            other => panic!("a customer posted {other}"),
        }
    }
}
