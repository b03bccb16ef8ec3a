//! `POST /webhooks`, `GET /webhooks`, `DELETE /webhooks/{id}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::body::JsonBody;
use crate::Shared;
use crate::errors::ApiFailure;
use crate::webhooks::WebhookSource;

#[derive(Deserialize)]
pub struct Registration {
    request_url: String,
    source: String,
    name: Option<String>,
    #[serde(default)]
    events: Vec<String>,
    #[serde(default)]
    headers: Vec<Header>,
}

#[derive(Deserialize)]
pub struct Header {
    key: String,
    value: String,
}

pub async fn create(
    State(shared): State<Arc<Shared>>,
    JsonBody(body): JsonBody<Registration>,
) -> Result<Response, ApiFailure> {
    let source = WebhookSource::parse(&body.source).ok_or_else(|| {
        ApiFailure::invalid_parameters(format!("unknown source {:?}", body.source))
    })?;
    if !(body.request_url.starts_with("http://") || body.request_url.starts_with("https://")) {
        return Err(ApiFailure::invalid_parameters(
            "request_url must be an http(s) URL",
        ));
    }
    let id = shared.webhooks.add(
        body.request_url,
        body.name.unwrap_or_default(),
        source,
        body.events,
        body.headers.into_iter().map(|h| (h.key, h.value)).collect(),
    );
    Ok((
        StatusCode::CREATED,
        Json(json!({ "object": "WebhookCreated", "webhook_id": id })),
    )
        .into_response())
}

pub async fn list(State(shared): State<Arc<Shared>>) -> Response {
    let items: Vec<_> = shared
        .webhooks
        .all()
        .iter()
        .map(crate::webhooks::Registration::to_wire)
        .collect();
    Json(json!({ "object": "WebhookList", "items": items, "cursor": null })).into_response()
}

pub async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    if shared.webhooks.remove(&id) {
        Ok(Json(json!({ "object": "WebhookDeleted" })).into_response())
    } else {
        Err(ApiFailure::not_found(format!("no webhook {id}")))
    }
}
