//! The HTTP surface: the contract's routes under `/api/v1` (one file per resource), the
//! sandbox's own controls under `/_sandbox`, and the layers around them. Outermost first:
//! the write log (so even refused writes are recorded), hostile error texts (under the hostile
//! preset), the API key check, then faults on the contract routes.

mod accounts;
mod attendees;
mod body;
mod chats;
mod control;
mod hosted;
mod messages;
pub mod params;
mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{StatusCode, Uri};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::Shared;
use crate::errors::ApiFailure;
use crate::faults::inject_faults;
use crate::hostile_errors::hostile_errors;
use crate::write_log::record_traffic;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/accounts", get(accounts::list))
        .route("/accounts/{id}", get(accounts::one))
        .route("/accounts/{id}/sync", get(accounts::resync))
        .route("/chats", get(chats::list).post(chats::start))
        .route("/chats/{id}", get(chats::one).patch(chats::patch))
        .route("/chats/{id}/sync", get(chats::sync))
        .route("/chats/{id}/attendees", get(attendees::of_chat))
        .route(
            "/chats/{id}/messages",
            get(messages::list).post(messages::send),
        )
        .route(
            "/messages/{id}",
            get(messages::one)
                .patch(messages::edit)
                .delete(messages::delete),
        )
        .route("/messages/{id}/reaction", post(messages::react))
        .route(
            "/messages/{id}/attachments/{attachment_id}",
            get(messages::attachment),
        )
        .route("/chat_attendees", get(attendees::of_account))
        .route("/hosted/accounts/link", post(hosted::link))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/{id}", axum::routing::delete(webhooks::delete))
        .method_not_allowed_fallback(method_not_allowed)
        .route_layer(from_fn_with_state(shared.clone(), inject_faults));
    let control = Router::new()
        .route(
            "/faults",
            get(control::faults)
                .post(control::change_faults)
                .delete(control::reset_faults),
        )
        .route("/writes", get(control::writes))
        .route("/requests", get(control::requests));
    Router::new()
        .nest("/api/v1", api)
        .nest("/_sandbox", control)
        .fallback(not_found)
        .layer(from_fn_with_state(shared.clone(), require_api_key))
        .layer(from_fn_with_state(shared.clone(), hostile_errors))
        .layer(from_fn_with_state(shared.clone(), record_traffic))
        // The write log reads bodies with its own limit (`MAX_REQUEST_BYTES`).
        .layer(DefaultBodyLimit::disable())
        .with_state(shared)
}

async fn require_api_key(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok());
    if presented == Some(shared.api_key.as_str()) {
        next.run(request).await
    } else {
        ApiFailure::missing_credentials().into_response()
    }
}

async fn not_found(uri: Uri) -> ApiFailure {
    ApiFailure::not_found(format!("no route {}", uri.path()))
}

async fn method_not_allowed() -> ApiFailure {
    ApiFailure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "The method is not allowed on this route.",
    )
}
