//! Messages: list and send in a chat, get one, react, edit, delete, download an attachment.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::body::{Form, JsonBody};
use super::params::{Params, RawParams};
use crate::Shared;
use crate::data::attachment_bytes;
use crate::domain::{AttachmentId, ChatId, MessageId};
use crate::errors::ApiFailure;
use crate::paging::{Paging, SortKey};
use crate::state::{MessageRecord, NewMessage, Rejection};
use crate::wire::{self, List};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct MessageFilters {
    sender_id: Option<String>,
}

fn key(message: &MessageRecord) -> SortKey {
    SortKey::new(Some(message.timestamp), message.id.as_str())
}

/// `GET /chats/{id}/messages`, newest first.
pub async fn list(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    raw: RawParams,
) -> Result<Response, ApiFailure> {
    let params = Params::read(raw)?;
    let chat = ChatId::new(id);
    let paging = Paging::from_params(&params, &format!("messages:{chat}"), |p| {
        Ok(MessageFilters {
            sender_id: p.get("sender_id").map(str::to_owned),
        })
    })?;
    let now = shared.state.now();
    shared.state.write(|world| {
        if world.chat(&chat).is_none() {
            return Err(Rejection::UnknownChat(chat.clone()).into());
        }
        world.settle_reads(&chat, now, shared.seen_after);
        let sender = paging.filters.sender_id.as_deref();
        let newest_first: Vec<&MessageRecord> = world
            .messages(&chat)
            .iter()
            .rev()
            .filter(|m| sender.is_none_or(|s| m.sender_id == s))
            .collect();
        let (page, cursor) = paging.page(&newest_first, key);
        Ok(Json(List {
            object: "MessageList",
            items: page.into_iter().map(wire::message).collect(),
            cursor,
        })
        .into_response())
    })
}

/// `POST /chats/{id}/messages` (multipart).
pub async fn send(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, ApiFailure> {
    let request = NewMessage {
        account_id: form.text("account_id")?.map(Into::into),
        text: form.text("text")?,
        quote_id: form.text("quote_id")?.map(Into::into),
        uploads: form.uploads()?,
    };
    let chat = ChatId::new(id);
    let now = shared.state.now();
    let message_id = shared
        .state
        .write(|world| world.send_message(&chat, request, now))?;
    let body = json!({ "object": "MessageSent", "message_id": message_id });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /messages/{id}`.
pub async fn one(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let id = MessageId::new(id);
    let now = shared.state.now();
    shared.state.write(|world| {
        let chat = world
            .message(&id)
            .map(|m| m.chat_id.clone())
            .ok_or_else(|| Rejection::UnknownMessage(id.clone()))?;
        world.settle_reads(&chat, now, shared.seen_after);
        let message = world
            .message(&id)
            .ok_or_else(|| Rejection::UnknownMessage(id.clone()))?;
        Ok(Json(wire::message(message)).into_response())
    })
}

#[derive(Deserialize)]
pub struct ReactionBody {
    reaction: String,
}

/// `POST /messages/{id}/reaction` with `{"reaction": "👍"}`; `""` removes ours.
pub async fn react(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ReactionBody>,
) -> Result<Response, ApiFailure> {
    let id = MessageId::new(id);
    shared
        .state
        .write(|world| world.react(&id, &body.reaction))?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "object": "ReactionAdded" })),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct EditBody {
    text: String,
}

/// `PATCH /messages/{id}` with `{"text": "…"}`.
pub async fn edit(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<EditBody>,
) -> Result<Response, ApiFailure> {
    let id = MessageId::new(id);
    let now = shared.state.now();
    let outcome = shared
        .state
        .write(|world| world.edit_message(&id, &body.text, now));
    answer_unless_silent(&shared, outcome, json!({ "object": "MessageEdited" }))
}

/// `DELETE /messages/{id}`: delete for everyone.
pub async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let id = MessageId::new(id);
    let now = shared.state.now();
    let outcome = shared.state.write(|world| world.delete_message(&id, now));
    answer_unless_silent(&shared, outcome, json!({ "object": "MessageDeleted" }))
}

/// With `silent_rejections`, a change refused for being too late looks like a success.
fn answer_unless_silent(
    shared: &Shared,
    outcome: Result<(), Rejection>,
    success: serde_json::Value,
) -> Result<Response, ApiFailure> {
    match outcome {
        Err(rejection) if !(rejection.is_outside_window() && shared.faults.silent_rejections()) => {
            Err(rejection.into())
        }
        _ => Ok(Json(success).into_response()),
    }
}

/// `GET /messages/{id}/attachments/{attachment_id}`: the bytes, typed by the mimetype.
pub async fn attachment(
    State(shared): State<Arc<Shared>>,
    Path((message, attachment)): Path<(String, String)>,
) -> Result<Response, ApiFailure> {
    let (message, attachment) = (MessageId::new(message), AttachmentId::new(attachment));
    let found = shared.state.read(|world| {
        world
            .message(&message)
            .ok_or_else(|| Rejection::UnknownMessage(message.clone()))?;
        world
            .attachment(&message, &attachment)
            .cloned()
            .ok_or_else(|| Rejection::UnknownAttachment(attachment.clone()))
    })?;
    if found.unavailable {
        return Err(Rejection::AttachmentUnavailable.into());
    }
    let bytes = attachment_bytes(&found);
    Ok(([(CONTENT_TYPE, found.mimetype)], bytes).into_response())
}
