//! A conversation's messages: cursor pages in either order (oldest first by default, as
//! published), and the edit and delete routes WhatsApp does not support.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Extensions;
use serde_json::{Value, json};

use super::params::{self, Params};
use crate::sandbox::late::cursor;
use crate::sandbox::late::errors::LateError;
use crate::sandbox::late::shared::LateShared;
use crate::sandbox::late::wire;

pub async fn list(
    State(shared): State<Arc<LateShared>>,
    Path(id): Path<String>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    let limit = params::limit(&query, 100, 100)?;
    let newest_first = match query.get("sortOrder").map(String::as_str) {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(LateError::invalid("sortOrder", "sortOrder is asc or desc.")),
    };
    // A message's position in the conversation never changes: new messages only append.
    let after: Option<usize> = match query.get("cursor") {
        Some(text) => Some(
            cursor::decode(text, "m")
                .and_then(|position| position.parse().ok())
                .ok_or_else(LateError::invalid_cursor)?,
        ),
        None => None,
    };
    let base = shared.base().to_owned();
    let now = shared.state.now();
    let (messages, more, last) = shared.state.read(|world| {
        params::conversation(world, &account, &id)?;
        let all = world.messages(&id);
        let mut positions: Vec<usize> = match (newest_first, after) {
            (true, None) => (0..all.len()).rev().collect(),
            (true, Some(after)) => (0..after.min(all.len())).rev().collect(),
            (false, None) => (0..all.len()).collect(),
            (false, Some(after)) => (after.saturating_add(1)..all.len()).collect(),
        };
        let more = positions.len() > limit;
        positions.truncate(limit);
        let messages: Vec<Value> = positions
            .iter()
            .filter_map(|&at| all.get(at))
            .map(|m| wire::message(&base, m))
            .collect();
        Ok::<_, LateError>((messages, more, positions.last().copied()))
    })?;
    let next = more
        .then(|| last.map(|at| cursor::encode(&format!("m:{at}"))))
        .flatten();
    Ok(Json(json!({
        "status": "success",
        "messages": messages,
        "pagination": { "hasMore": more, "nextCursor": next },
        "sortOrderApplied": if newest_first { "desc" } else { "asc" },
        "lastUpdated": wire::stamp(now),
    })))
}

/// `PATCH …/messages/{id}`: WhatsApp has no edit.
pub async fn edit(
    State(shared): State<Arc<LateShared>>,
    Path((conversation, _message)): Path<(String, String)>,
    extensions: Extensions,
) -> Result<Json<Value>, LateError> {
    let body = params::json_object(&extensions)?;
    let account = params::account_in_body(&body)?;
    shared
        .state
        .read(|world| params::conversation(world, &account, &conversation))?;
    Err(LateError::not_supported(
        "Editing messages is not supported on WhatsApp.",
    ))
}

/// `DELETE …/messages/{id}?accountId`: WhatsApp has no delete through the API.
pub async fn delete(
    State(shared): State<Arc<LateShared>>,
    Path((conversation, _message)): Path<(String, String)>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    shared
        .state
        .read(|world| params::conversation(world, &account, &conversation))?;
    Err(LateError::not_supported(
        "Deleting messages is not supported on WhatsApp.",
    ))
}
