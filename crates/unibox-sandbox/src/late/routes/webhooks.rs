//! `/v1/webhooks/settings`: create (`POST {name, url, secret?, events[]}`), list (`GET`) and
//! delete (`DELETE ?id=`) the webhooks the courier posts to.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::Extensions;
use serde_json::{Value, json};

use super::params::{self, Params};
use crate::late::errors::LateError;
use crate::late::shared::LateShared;

/// As published: at most 50 webhooks per user.
const MAX_WEBHOOKS: usize = 50;

pub async fn create(
    State(shared): State<Arc<LateShared>>,
    extensions: Extensions,
) -> Result<Json<Value>, LateError> {
    let body = params::json_object(&extensions)?;
    let name = params::text_field(&body, "name")?
        .filter(|n| (1..=50).contains(&n.chars().count()))
        .ok_or_else(|| LateError::invalid("name", "name must be 1 to 50 characters."))?;
    let url = params::text_field(&body, "url")?
        .map(|u| u.trim().to_owned())
        .filter(|u| reqwest::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https")))
        .ok_or_else(|| LateError::invalid("url", "url must be a valid URL."))?;
    let secret = params::text_field(&body, "secret")?.filter(|s| !s.is_empty());
    let events: Vec<String> = match body.get("events") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| LateError::invalid("events", "events must be strings."))?,
        _ => Vec::new(),
    };
    if events.is_empty() {
        return Err(LateError::invalid(
            "events",
            "events must contain at least one event.",
        ));
    }
    if shared.webhooks.all().len() >= MAX_WEBHOOKS {
        return Err(LateError::invalid(
            "webhooks",
            "At most 50 webhooks per user.",
        ));
    }
    let hook = shared.webhooks.add(name, url, secret, events);
    Ok(Json(json!({ "success": true, "webhook": hook.to_wire() })))
}

pub async fn list(State(shared): State<Arc<LateShared>>) -> Json<Value> {
    let hooks: Vec<Value> = shared
        .webhooks
        .all()
        .iter()
        .map(crate::late::webhooks::LateWebhook::to_wire)
        .collect();
    Json(json!({ "webhooks": hooks }))
}

pub async fn delete(
    State(shared): State<Arc<LateShared>>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let id = query
        .get("id")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| LateError::missing_field("id"))?;
    if shared.webhooks.remove(id) {
        Ok(Json(json!({ "success": true })))
    } else {
        Err(LateError::not_found(
            "webhook_not_found",
            "No such webhook.",
        ))
    }
}
