//! The sandbox's own controls, behind the same API key: fault switches and the logs, for tests
//! and tools running in another process.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::Shared;
use crate::errors::ApiFailure;
use crate::faults::Faults;

pub async fn faults(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.faults.get()).into_response()
}

/// Changes the switches named in the body, keeps the others.
pub async fn change_faults(
    State(shared): State<Arc<Shared>>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiFailure> {
    let Json(change) = body.map_err(|e| ApiFailure::malformed_request(e.body_text()))?;
    let Value::Object(change) = change else {
        return Err(ApiFailure::invalid_parameters(
            "send a JSON object of switches",
        ));
    };
    let mut merged = serde_json::to_value(shared.faults.get())
        .map_err(|e| ApiFailure::unexpected().detail(e.to_string()))?;
    if let Some(current) = merged.as_object_mut() {
        current.extend(change);
    }
    let faults: Faults = serde_json::from_value(merged)
        .map_err(|e| ApiFailure::invalid_parameters(e.to_string()))?;
    shared.faults.set(faults.clone());
    Ok(Json(faults).into_response())
}

pub async fn reset_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.faults.reset();
    Json(shared.faults.get()).into_response()
}

pub async fn writes(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.log.writes()).into_response()
}

pub async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.log.requests()).into_response()
}
