//! What reached the sandbox. Every write (any non-GET request, answered or refused, even
//! without a valid key) is kept in order with its parsed body and the status it got, so tests
//! can prove that a cancelled action sent nothing and a confirmed one sent exactly one request.
//! Every contract request (reads too) is also counted in a lighter log.
//!
//! The middleware reads a write's body once, records it, and hands the parsed body to the
//! handlers (`ReceivedBody`), so the log and the handler see exactly the same thing.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::Method;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::Shared;
use crate::errors::ApiFailure;

/// Largest request body accepted: several attachments of 25 MiB each, plus the form around them.
pub const MAX_REQUEST_BYTES: usize = 8 * 25 * 1024 * 1024 + 1024 * 1024;
/// Reads are counted in a ring of this size.
const REQUEST_LOG_CAPACITY: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WriteRecord {
    pub method: String,
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    pub body: WriteBody,
    /// On the sandbox clock.
    pub received_at: DateTime<Utc>,
    /// The status answered; `None` while the answer is pending (a hanging write) or when it was
    /// never given (the client went away first).
    pub status: Option<u16>,
    /// The `Idempotency-Key` header, when the request carried one.
    pub idempotency_key: Option<String>,
}

impl WriteRecord {
    /// The first text field (multipart) or top-level string (JSON) called `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        match &self.body {
            WriteBody::Multipart { fields, .. } => fields
                .iter()
                .find(|(field, _)| field == name)
                .map(|(_, value)| value.as_str()),
            WriteBody::Json { value } => value.get(name).and_then(Value::as_str),
            _ => None,
        }
    }

    /// Every multipart text field called `name`, in order (e.g. repeated `attendees_ids`).
    pub fn fields(&self, name: &str) -> Vec<&str> {
        match &self.body {
            WriteBody::Multipart { fields, .. } => fields
                .iter()
                .filter(|(field, _)| field == name)
                .map(|(_, value)| value.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn files(&self) -> &[FilePart] {
        match &self.body {
            WriteBody::Multipart { files, .. } => files,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WriteBody {
    None,
    Json {
        value: Value,
    },
    Multipart {
        /// Text parts as (name, value), in order.
        fields: Vec<(String, String)>,
        files: Vec<FilePart>,
    },
    /// Anything else, including JSON or multipart that could not be parsed.
    Other {
        content_type: Option<String>,
        bytes: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilePart {
    pub field: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: usize,
}

/// One request of any method, for counting attempts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: Option<u16>,
}

/// A write's body as the handlers receive it.
#[derive(Debug, Clone)]
pub enum ReceivedBody {
    Empty,
    Json(Value),
    Multipart(Vec<FormPart>),
    Unreadable(String),
}

#[derive(Debug, Clone)]
pub struct FormPart {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

#[derive(Debug, Default)]
pub struct WriteLog {
    writes: Mutex<Vec<WriteRecord>>,
    requests: Mutex<VecDeque<RequestRecord>>,
    /// Resync requests (`…/sync`) being answered now, and the most there ever were at once.
    resyncs: Mutex<(usize, usize)>,
    /// Contract requests of any kind being answered now, and the most there ever were at once.
    requests_at_once: Mutex<(usize, usize)>,
}

/// Counts one request as in flight in `counter` until dropped.
struct InFlight<'a>(&'a Mutex<(usize, usize)>);

impl<'a> InFlight<'a> {
    fn start(counter: &'a Mutex<(usize, usize)>) -> Self {
        let mut count = lock(counter);
        count.0 += 1;
        count.1 = count.1.max(count.0);
        Self(counter)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut count = lock(self.0);
        count.0 = count.0.saturating_sub(1);
    }
}

impl WriteLog {
    /// The most resync requests that were ever being answered at the same time.
    pub fn most_resyncs_at_once(&self) -> usize {
        lock(&self.resyncs).1
    }

    /// The most contract requests (reads and writes, refused ones and those waiting out the
    /// latency switch included) that were ever being answered at the same time.
    pub fn most_requests_at_once(&self) -> usize {
        lock(&self.requests_at_once).1
    }

    fn resync_started(&self) -> InFlight<'_> {
        InFlight::start(&self.resyncs)
    }

    pub fn writes(&self) -> Vec<WriteRecord> {
        lock(&self.writes).clone()
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.requests).iter().cloned().collect()
    }

    fn push_write(&self, record: WriteRecord) -> usize {
        let mut writes = lock(&self.writes);
        writes.push(record);
        writes.len() - 1
    }

    fn answer_write(&self, index: usize, status: u16) {
        if let Some(record) = lock(&self.writes).get_mut(index) {
            record.status = Some(status);
        }
    }

    fn push_request(&self, record: RequestRecord) {
        let mut requests = lock(&self.requests);
        if requests.len() == REQUEST_LOG_CAPACITY {
            requests.pop_front();
        }
        requests.push_back(record);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) async fn record_traffic(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().starts_with("/_sandbox") {
        return next.run(request).await;
    }
    let clock = || shared.state.now();
    let too_large = || ApiFailure::content_too_large(MAX_REQUEST_BYTES as u64).into_response();
    record_into(&shared.log, &clock, &too_large, request, next).await
}

/// Records one request in `log` (any sandbox's): reads a write's body once, logs it, and hands
/// the parsed body on to the handlers. `too_large` is the answer to a body over the limit.
pub(crate) async fn record_into(
    log: &WriteLog,
    now: &(dyn Fn() -> DateTime<Utc> + Send + Sync),
    too_large: &(dyn Fn() -> Response + Send + Sync),
    request: Request,
    next: Next,
) -> Response {
    let _at_once = InFlight::start(&log.requests_at_once);
    let path = request.uri().path().to_owned();
    let method = request.method().clone();
    let query = request.uri().query().map(str::to_owned);
    let idempotency_key = request
        .headers()
        .get("idempotency-key")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let (response, write) = if method == Method::GET {
        let _in_flight = path.ends_with("/sync").then(|| log.resync_started());
        (next.run(request).await, None)
    } else {
        let (parts, body) = request.into_parts();
        let content_type = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let Ok(bytes) = to_bytes(body, MAX_REQUEST_BYTES).await else {
            let record = WriteRecord {
                method: method.to_string(),
                path: path.clone(),
                query: query.clone(),
                body: WriteBody::Other {
                    content_type,
                    bytes: MAX_REQUEST_BYTES,
                },
                received_at: now(),
                status: Some(413),
                idempotency_key,
            };
            log.push_write(record);
            return too_large();
        };
        let received = parse_body(&parts, bytes.clone()).await;
        let index = log.push_write(WriteRecord {
            method: method.to_string(),
            path: path.clone(),
            query: query.clone(),
            body: summary(&received, content_type, bytes.len()),
            received_at: now(),
            status: None,
            idempotency_key,
        });
        let mut request = Request::from_parts(parts, Body::from(bytes));
        request.extensions_mut().insert(Arc::new(received));
        (next.run(request).await, Some(index))
    };
    let status = response.status().as_u16();
    if let Some(index) = write {
        log.answer_write(index, status);
    }
    log.push_request(RequestRecord {
        method: method.to_string(),
        path,
        query,
        status: Some(status),
    });
    response
}

async fn parse_body(parts: &Parts, bytes: Bytes) -> ReceivedBody {
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let essence = content_type
        .and_then(|ct| ct.split(';').next())
        .map(|ct| ct.trim().to_ascii_lowercase());
    match essence.as_deref() {
        _ if bytes.is_empty() => ReceivedBody::Empty,
        Some("application/json") => match serde_json::from_slice(&bytes) {
            Ok(value) => ReceivedBody::Json(value),
            Err(e) => ReceivedBody::Unreadable(format!("the JSON body is not valid: {e}")),
        },
        Some("multipart/form-data") => match parse_multipart(parts, bytes).await {
            Ok(parts) => ReceivedBody::Multipart(parts),
            Err(e) => ReceivedBody::Unreadable(format!("the multipart body is not valid: {e}")),
        },
        _ => ReceivedBody::Unreadable(format!(
            "unsupported content type {}",
            content_type.unwrap_or("(none)")
        )),
    }
}

async fn parse_multipart(parts: &Parts, bytes: Bytes) -> Result<Vec<FormPart>, String> {
    let mut request = Request::new(Body::from(bytes));
    *request.headers_mut() = parts.headers.clone();
    // Carries the router's body limit (lifted: the size was checked when reading the body).
    *request.extensions_mut() = parts.extensions.clone();
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| e.body_text())?;
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|e| e.body_text())?;
        parts.push(FormPart {
            name,
            file_name,
            content_type,
            bytes,
        });
    }
    Ok(parts)
}

fn summary(received: &ReceivedBody, content_type: Option<String>, len: usize) -> WriteBody {
    match received {
        ReceivedBody::Empty => WriteBody::None,
        ReceivedBody::Json(value) => WriteBody::Json {
            value: value.clone(),
        },
        ReceivedBody::Multipart(parts) => {
            let (files, fields): (Vec<&FormPart>, Vec<&FormPart>) =
                parts.iter().partition(|p| p.file_name.is_some());
            WriteBody::Multipart {
                fields: fields
                    .into_iter()
                    .map(|p| {
                        (
                            p.name.clone(),
                            String::from_utf8_lossy(&p.bytes).into_owned(),
                        )
                    })
                    .collect(),
                files: files
                    .into_iter()
                    .map(|p| FilePart {
                        field: p.name.clone(),
                        file_name: p.file_name.clone(),
                        content_type: p.content_type.clone(),
                        bytes: p.bytes.len(),
                    })
                    .collect(),
            }
        }
        ReceivedBody::Unreadable(_) => WriteBody::Other {
            content_type,
            bytes: len,
        },
    }
}
