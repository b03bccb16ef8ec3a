//! `GET /v1/accounts`: the connected WhatsApp numbers. Without `limit` or `cursor` the whole
//! list at once; with `limit`, pages ordered by `_id`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use chrono::TimeDelta;
use serde_json::{Value, json};

use super::params::{self, Params};
use crate::sandbox::late::cursor;
use crate::sandbox::late::errors::LateError;
use crate::sandbox::late::shared::LateShared;
use crate::sandbox::late::wire;

/// The numbers were connected this long before the data's "now".
const CONNECTED_DAYS_AGO: i64 = 400;

pub async fn list(
    State(shared): State<Arc<LateShared>>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let limit = match query.get("limit") {
        Some(_) => Some(params::limit(&query, 100, 100)?),
        None => None,
    };
    let after = match query.get("cursor") {
        None => None,
        // As published: a cursor without a limit is a server error.
        Some(_) if limit.is_none() => return Err(LateError::internal()),
        Some(text) => Some(cursor::decode(text, "a").ok_or_else(LateError::invalid_cursor)?),
    };
    let created = shared.state.anchor() - TimeDelta::days(CONNECTED_DAYS_AGO);
    let mut accounts = shared.state.read(|world| world.accounts().to_vec());
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    accounts.retain(|a| after.as_ref().is_none_or(|after| a.id > *after));
    let Some(limit) = limit else {
        let items: Vec<Value> = accounts.iter().map(|a| wire::account(a, created)).collect();
        return Ok(Json(
            json!({ "accounts": items, "hasAnalyticsAccess": false }),
        ));
    };
    let more = accounts.len() > limit;
    accounts.truncate(limit);
    let next = more
        .then(|| {
            accounts
                .last()
                .map(|a| cursor::encode(&format!("a:{}", a.id)))
        })
        .flatten();
    let items: Vec<Value> = accounts.iter().map(|a| wire::account(a, created)).collect();
    Ok(Json(json!({
        "accounts": items,
        "hasAnalyticsAccess": false,
        "pagination": { "limit": limit, "nextCursor": next },
    })))
}
