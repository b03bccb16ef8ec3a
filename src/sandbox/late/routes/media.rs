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
use crate::sandbox::data::attachment_bytes;
use crate::sandbox::late::errors::LateError;
use crate::sandbox::late::shared::LateShared;
use crate::sandbox::late::wire;

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
    let url = shared.state.read(|world| {
        params::conversation(world, &account, &conversation)?;
        let attachment = world
            .messages(&conversation)
            .iter()
            .find(|m| m.id == message)
            .and_then(|m| m.attachments.get(index))
            .filter(|a| !a.media.unavailable)
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
/// the media.
pub async fn download(
    State(shared): State<Arc<LateShared>>,
    Path(media): Path<String>,
    query: Params,
) -> Result<Response, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    let found = shared.state.read(|world| {
        world
            .media(&media)
            .filter(|(owner, _)| *owner == account)
            .map(|(_, attachment)| attachment.media.clone())
    });
    let Some(media) = found else {
        return Err(LateError::not_found("media_not_found", "No such media."));
    };
    if media.unavailable {
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
