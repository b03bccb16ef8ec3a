//! The Late sandbox's HTTP surface: the contract's routes under `/api/v1` (one file per
//! resource) and the layers around them. Outermost first: the write log (so refused writes are
//! recorded too), request ids, the Bearer key check, then faults.

mod accounts;
mod conversations;
mod media;
mod messages;
mod params;
mod reactions;
mod send;
mod templates;
mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::errors::LateError;
use super::faults::inject_faults;
use super::shared::LateShared;
use crate::write_log::{MAX_REQUEST_BYTES, record_into};

pub(crate) fn router(shared: Arc<LateShared>) -> Router {
    let conversation = "/inbox/conversations/{conversation}";
    let message = "/inbox/conversations/{conversation}/messages/{message}";
    let api = Router::new()
        .route("/accounts", get(accounts::list))
        .route(
            "/inbox/conversations",
            get(conversations::list).post(conversations::start),
        )
        .route(
            conversation,
            get(conversations::one).put(conversations::update_status),
        )
        .route(&format!("{conversation}/read"), post(conversations::read))
        .route(
            &format!("{conversation}/messages"),
            get(messages::list).post(send::send),
        )
        .route(
            message,
            axum::routing::patch(messages::edit).delete(messages::delete),
        )
        .route(
            &format!("{message}/reactions"),
            post(reactions::add).delete(reactions::remove),
        )
        .route(
            &format!("{message}/attachments/{{index}}"),
            get(media::resolve),
        )
        .route("/whatsapp/templates", get(templates::list))
        .route("/whatsapp/templates/{name}", get(templates::one))
        .route("/whatsapp/media/{media}", get(media::download))
        .route(
            "/webhooks/settings",
            get(webhooks::list)
                .post(webhooks::create)
                .delete(webhooks::delete),
        )
        .method_not_allowed_fallback(method_not_allowed)
        .route_layer(from_fn_with_state(shared.clone(), inject_faults));
    Router::new()
        .nest("/api/v1", api)
        .fallback(not_found)
        .layer(from_fn_with_state(shared.clone(), require_key))
        .layer(from_fn_with_state(shared.clone(), request_id))
        .layer(from_fn_with_state(shared.clone(), record))
        .layer(DefaultBodyLimit::disable())
        .with_state(shared)
}

async fn record(State(shared): State<Arc<LateShared>>, request: Request, next: Next) -> Response {
    let now = || shared.state.now();
    let too_large = || LateError::too_large(MAX_REQUEST_BYTES).into_response();
    record_into(&shared.log, &now, &too_large, request, next).await
}

/// Every answer names itself, so a failure can be quoted.
async fn request_id(
    State(shared): State<Arc<LateShared>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if let Ok(id) = HeaderValue::from_str(&shared.next_request_id()) {
        response.headers_mut().insert("x-request-id", id);
    }
    response
}

async fn require_key(
    State(shared): State<Arc<LateShared>>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if presented == Some(shared.api_key.as_str()) {
        next.run(request).await
    } else {
        LateError::unauthorized().into_response()
    }
}

async fn not_found(uri: Uri) -> LateError {
    LateError::not_found("not_found", format!("No route {}.", uri.path()))
}

async fn method_not_allowed() -> LateError {
    LateError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "invalid_request_error",
        "The method is not allowed on this route.",
    )
}
