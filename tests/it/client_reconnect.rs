//! The hosted reconnection link against the sandbox: one request in the contract's shape, the
//! link it answers, and a refusal in words for an account the server does not know.

use crate::client_support;

use chrono::{TimeDelta, Utc};
use unibox::domain::AccountId;
use unibox::provider::{ProviderError, ProviderWrite};
use unibox_sandbox::WriteBody;

use client_support::{chat_named, client, sandbox};

#[tokio::test]
async fn a_reconnection_link_request_carries_every_required_field_once() {
    let server = sandbox().await;
    let client = client(&server);
    let account = chat_named(&server, "Colissimo – Tournée Lyon 7").account_id;
    let expires_on = Utc::now() + TimeDelta::hours(1);

    let link = client
        .writer
        .reconnect_link(&account, expires_on)
        .await
        .unwrap();

    assert!(link.starts_with("https://"), "{link}");
    let writes = server.writes();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    let write = &writes[0];
    assert_eq!(
        (write.method.as_str(), write.path.as_str(), write.status),
        ("POST", "/api/v1/hosted/accounts/link", Some(200))
    );
    let WriteBody::Json { value } = &write.body else {
        panic!("not JSON: {:?}", write.body);
    };
    assert_eq!(value["type"], "reconnect");
    assert_eq!(value["reconnect_account"], account.as_str());
    assert_eq!(value["api_url"], server.url().trim_end_matches('/'));
    let sent = value["expiresOn"].as_str().unwrap();
    assert_eq!(
        sent,
        expires_on.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    );
}

#[tokio::test]
async fn a_link_for_an_unknown_account_is_refused_in_words() {
    let server = sandbox().await;
    let client = client(&server);
    let error = client
        .writer
        .reconnect_link(&AccountId::new("no-such-account"), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ProviderError::Api(_) | ProviderError::NotFound(_)),
        "{error:?}"
    );
    assert!(!error.to_string().is_empty());
    assert_eq!(server.writes().len(), 1);
}
