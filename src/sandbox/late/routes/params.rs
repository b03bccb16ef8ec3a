//! Reading a request: query parameters, bodies (as the write log parsed them), and the
//! account and conversation they name.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::Extensions;
use serde_json::Value;

use crate::sandbox::late::errors::LateError;
use crate::sandbox::late::records::{LateAccount, LateConversation};
use crate::sandbox::late::world::LateWorld;
use crate::sandbox::write_log::{FormPart, ReceivedBody};

pub type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

pub fn query(params: Params) -> Result<HashMap<String, String>, LateError> {
    params
        .map(|Query(pairs)| pairs)
        .map_err(|rejection| LateError::invalid_body(rejection.body_text()))
}

/// `accountId` from the query (GET and DELETE).
pub fn account_in(query: &HashMap<String, String>) -> Result<String, LateError> {
    query
        .get("accountId")
        .filter(|id| !id.is_empty())
        .cloned()
        .ok_or_else(|| LateError::missing_field("accountId"))
}

/// `limit`: `default` when absent, at most `max`; anything but a positive number is refused.
pub fn limit(
    query: &HashMap<String, String>,
    default: usize,
    max: usize,
) -> Result<usize, LateError> {
    match query.get("limit") {
        None => Ok(default),
        Some(text) => match text.parse::<usize>() {
            Ok(limit) if limit > 0 => Ok(limit.min(max)),
            _ => Err(LateError::invalid(
                "limit",
                "limit must be a positive number.",
            )),
        },
    }
}

/// A write's body, as the write log read it.
pub enum Body {
    Empty,
    Json(Value),
    Form(Vec<FormPart>),
}

pub fn body(extensions: &Extensions) -> Result<Body, LateError> {
    let received = extensions
        .get::<Arc<ReceivedBody>>()
        .cloned()
        .ok_or_else(LateError::internal)?;
    match received.as_ref() {
        ReceivedBody::Empty => Ok(Body::Empty),
        ReceivedBody::Json(value) => Ok(Body::Json(value.clone())),
        ReceivedBody::Multipart(parts) => Ok(Body::Form(parts.clone())),
        ReceivedBody::Unreadable(why) => Err(LateError::invalid_body(why.clone())),
    }
}

/// A JSON object body; an empty body counts as `{}`.
pub fn json_object(extensions: &Extensions) -> Result<Value, LateError> {
    match body(extensions)? {
        Body::Empty => Ok(Value::Object(serde_json::Map::new())),
        Body::Json(value @ Value::Object(_)) => Ok(value),
        Body::Json(_) => Err(LateError::invalid_body("The body must be a JSON object.")),
        Body::Form(_) => Err(LateError::invalid_body(
            "This route takes a JSON body (application/json).",
        )),
    }
}

/// A string field of a JSON body; `None` when absent or null, refused when of another type.
pub fn text_field(body: &Value, name: &'static str) -> Result<Option<String>, LateError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(LateError::invalid(
            name,
            format!("{name} must be a string."),
        )),
    }
}

pub fn account_in_body(body: &Value) -> Result<String, LateError> {
    text_field(body, "accountId")?
        .filter(|id| !id.is_empty())
        .ok_or_else(|| LateError::missing_field("accountId"))
}

pub fn account(world: &LateWorld, id: &str) -> Result<LateAccount, LateError> {
    world
        .account(id)
        .cloned()
        .ok_or_else(|| LateError::not_found("account_not_found", "No such account."))
}

/// The conversation, when it exists and belongs to `account`.
pub fn conversation(
    world: &LateWorld,
    account: &str,
    id: &str,
) -> Result<(LateAccount, LateConversation), LateError> {
    let account = self::account(world, account)?;
    let conversation = world
        .conversation(id)
        .filter(|c| c.account_id == account.id)
        .cloned()
        .ok_or_else(|| LateError::not_found("conversation_not_found", "No such conversation."))?;
    Ok((account, conversation))
}
