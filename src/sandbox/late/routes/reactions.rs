//! Reactions: one per party per message; ours replaced by a new one, removed by an empty emoji
//! or the DELETE route. A reaction is a free-form message to WhatsApp, so it needs the
//! customer-service window open.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Extensions;
use serde_json::{Value, json};

use super::params::{self, Params};
use crate::sandbox::late::errors::LateError;
use crate::sandbox::late::records::LateReaction;
use crate::sandbox::late::shared::LateShared;
use crate::sandbox::late::window;

pub async fn add(
    State(shared): State<Arc<LateShared>>,
    Path((conversation, message)): Path<(String, String)>,
    extensions: Extensions,
) -> Result<Json<Value>, LateError> {
    let body = params::json_object(&extensions)?;
    let account = params::account_in_body(&body)?;
    let emoji =
        params::text_field(&body, "emoji")?.ok_or_else(|| LateError::missing_field("emoji"))?;
    react(&shared, &account, &conversation, &message, Some(emoji))
}

pub async fn remove(
    State(shared): State<Arc<LateShared>>,
    Path((conversation, message)): Path<(String, String)>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    react(&shared, &account, &conversation, &message, None)
}

/// Sets (or with `None` or an empty emoji, removes) our reaction on `message`.
fn react(
    shared: &LateShared,
    account: &str,
    conversation: &str,
    message: &str,
    emoji: Option<String>,
) -> Result<Json<Value>, LateError> {
    let now = shared.state.now();
    shared.state.write(|world| {
        params::conversation(world, account, conversation)?;
        if !world.messages(conversation).iter().any(|m| m.id == message) {
            return Err(LateError::not_found(
                "message_not_found",
                "No such message.",
            ));
        }
        if !window::is_open(world.messages(conversation), now) {
            return Err(LateError::window_closed());
        }
        let target = world
            .messages_mut(conversation)
            .and_then(|all| all.iter_mut().find(|m| m.id == message))
            .ok_or_else(|| LateError::not_found("message_not_found", "No such message."))?;
        target.reactions.retain(|r| !r.from_me);
        if let Some(emoji) = emoji.filter(|e| !e.is_empty()) {
            target.reactions.push(LateReaction {
                emoji,
                from_me: true,
                reacted_at: now,
            });
        }
        Ok(())
    })?;
    Ok(Json(json!({
        "success": true,
        "messageId": message,
        "platformMessageId": message,
    })))
}
