//! Attachments: resolving one to a URL that works now, and the WhatsApp media route that URL
//! names (authenticated, like every other route).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::params::{self, Params};
use crate::data::attachment_bytes;
use crate::late::errors::LateError;
use crate::late::retention::media_available;
use crate::late::shared::LateShared;
use crate::late::wire;

/// `GET …/messages/{id}/attachments/{index}?accountId&format`: 302 to the media, or with
/// `format=json` its URL in the body.
pub async fn resolve(
    State(shared): State<Arc<LateShared>>,
    Path((conversation, message, index)): Path<(String, String, String)>,
    query: Params,
) -> Result<Response, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    let index: usize = index
        .parse()
        .map_err(|_| LateError::invalid("index", "index is a zero-based position."))?;
    let base = shared.base().to_owned();
    let now = shared.state.now();
    let url = shared.state.read(|world| {
        params::conversation(world, &account, &conversation)?;
        let attachment = world
            .messages(&conversation)
            .iter()
            .find(|m| m.id == message)
            .and_then(|m| {
                m.attachments
                    .get(index)
                    .filter(|a| media_available(a, m.created_at, now))
            })
            .ok_or_else(|| LateError::not_found("attachment_not_found", "No such attachment."))?;
        Ok::<_, LateError>(wire::media_url(&base, attachment, &account))
    })?;
    if query.get("format").map(String::as_str) == Some("json") {
        return Ok(Json(json!({ "status": "ok", "url": url, "refreshed": false })).into_response());
    }
    let location = HeaderValue::from_str(&url).map_err(|_| LateError::internal())?;
    Ok((StatusCode::FOUND, [(LOCATION, location)]).into_response())
}

/// `GET /v1/whatsapp/media/{mediaId}?accountId`: the bytes; 400 for good once Meta dropped
/// the media (past its retention, or lost).
pub async fn download(
    State(shared): State<Arc<LateShared>>,
    Path(media): Path<String>,
    query: Params,
) -> Result<Response, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    let now = shared.state.now();
    let found = shared.state.read(|world| {
        world
            .media(&media)
            .filter(|(message, _)| message.account_id == account)
            .map(|(message, attachment)| {
                (
                    attachment.media.clone(),
                    media_available(attachment, message.created_at, now),
                )
            })
    });
    let Some((media, available)) = found else {
        return Err(LateError::not_found("media_not_found", "No such media."));
    };
    if !available {
        return Err(LateError::new(
            StatusCode::BAD_REQUEST,
            "media_expired",
            "platform_error",
            "The media is no longer available at WhatsApp.",
        ));
    }
    let content_type = HeaderValue::from_str(&media.mimetype)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok(([(CONTENT_TYPE, content_type)], attachment_bytes(&media)).into_response())
}
