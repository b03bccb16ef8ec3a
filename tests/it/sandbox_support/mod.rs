//! Starting a sandbox and talking to it with plain reqwest, for the `sandbox_*` tests.
// Each test file uses a different subset of these helpers.

use chrono::{DateTime, TimeZone, Utc};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;
use unibox_sandbox::{ChatRecord, SandboxConfig, SandboxServer};

/// The data's "now" in every test, so the windows are where the tests expect them.
pub fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap()
}

pub async fn sandbox() -> SandboxServer {
    sandbox_with(SandboxConfig::default()).await
}

/// Starts a sandbox on a free port with the test anchor and `config`'s other settings.
pub async fn sandbox_with(config: SandboxConfig) -> SandboxServer {
    unibox_sandbox::start(SandboxConfig {
        anchor: anchor(),
        port: 0,
        ..config
    })
    .await
    .expect("sandbox starts")
}

pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    key: String,
}

impl Api {
    pub fn new(server: &SandboxServer) -> Self {
        Self::with_client(server, reqwest::Client::new())
    }

    pub fn with_client(server: &SandboxServer, client: reqwest::Client) -> Self {
        Self {
            client,
            base: server.url(),
            key: server.api_key().to_owned(),
        }
    }

    /// A request to `path` (relative to the server, e.g. `/api/v1/chats`) with the API key.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("X-API-KEY", &self.key)
            .header("accept", "application/json")
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        read(self.request(Method::GET, path)).await
    }

    pub async fn send_json(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        let request = self
            .request(method, path)
            .header("content-type", "application/json")
            .body(body.to_string());
        read(request).await
    }

    pub async fn send_form(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> (StatusCode, Value) {
        read(self.request(Method::POST, path).multipart(form)).await
    }

    /// Every item of a list, following cursors; also returns the page sizes.
    pub async fn all_pages(&self, path: &str, limit: usize) -> (Vec<Value>, Vec<usize>) {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{separator}limit={limit}");
        let (mut items, mut sizes) = (Vec::new(), Vec::new());
        loop {
            let (status, page) = self.get(&url).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            let page_items = page["items"].as_array().expect("items").clone();
            sizes.push(page_items.len());
            items.extend(page_items);
            match page["cursor"].as_str() {
                Some(cursor) => url = format!("{path}{separator}cursor={cursor}"),
                None => return (items, sizes),
            }
        }
    }
}

/// Sends and decodes the JSON answer (`Value::Null` when the body is not JSON).
pub async fn read(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("the sandbox answers");
    let status = response.status();
    let bytes = response.bytes().await.expect("a complete body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The first chat called `name`.
pub fn chat_named(server: &SandboxServer, name: &str) -> ChatRecord {
    server
        .state()
        .chats()
        .into_iter()
        .find(|c| c.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no chat {name}"))
}

pub fn text_part(value: &str) -> reqwest::multipart::Part {
    reqwest::multipart::Part::text(value.to_owned())
}
