//! `GET /chats`, `POST /chats` (start a chat), `GET|PATCH /chats/{id}`, `GET /chats/{id}/sync`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::body::{Form, JsonBody};
use super::params::{Params, RawParams};
use crate::Shared;
use crate::domain::{AccountId, ChatId};
use crate::errors::ApiFailure;
use crate::paging::{Paging, SortKey};
use crate::state::{ChatRecord, NewChat, Rejection, World};
use crate::wire::{self, List};

/// The filters of `GET /chats`, carried in its cursors.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ChatFilters {
    account_ids: Vec<String>,
    unread: Option<bool>,
    /// Only `WHATSAPP` chats exist here; another type lists nothing.
    other_account_type: bool,
}

impl ChatFilters {
    fn read(params: &Params, world: &World) -> Result<Self, ApiFailure> {
        let account_ids: Vec<String> = params
            .get("account_id")
            .map(|ids| {
                ids.split(',')
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(unknown) = account_ids
            .iter()
            .find(|id| world.account(&AccountId::new(id.as_str())).is_none())
        {
            return Err(ApiFailure::invalid_parameters(format!(
                "account_id {unknown} is not an account of this key"
            )));
        }
        Ok(Self {
            account_ids,
            unread: params.boolean("unread")?,
            other_account_type: params.get("account_type").is_some_and(|t| t != "WHATSAPP"),
        })
    }

    fn admits(&self, chat: &ChatRecord) -> bool {
        !self.other_account_type
            && (self.account_ids.is_empty()
                || self
                    .account_ids
                    .iter()
                    .any(|id| id == chat.account_id.as_str()))
            && self
                .unread
                .is_none_or(|unread| unread == (chat.unread_count > 0))
    }
}

fn key(chat: &ChatRecord) -> SortKey {
    SortKey::new(chat.timestamp, chat.id.as_str())
}

pub async fn list(
    State(shared): State<Arc<Shared>>,
    raw: RawParams,
) -> Result<Response, ApiFailure> {
    let params = Params::read(raw)?;
    shared.state.read(|world| {
        let paging = Paging::from_params(&params, "chats", |p| ChatFilters::read(p, world))?;
        let mut chats: Vec<&ChatRecord> = world
            .chats()
            .iter()
            .filter(|c| paging.filters.admits(c))
            .collect();
        chats.sort_by_key(|c| std::cmp::Reverse(key(c)));
        let (page, cursor) = paging.page(&chats, key);
        Ok(Json(List {
            object: "ChatList",
            items: page.into_iter().map(wire::chat).collect(),
            cursor,
        })
        .into_response())
    })
}

pub async fn one(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let id = ChatId::new(id);
    let now = shared.state.now();
    shared.state.write(|world| {
        world.settle_reads(&id, now, shared.seen_after);
        let chat = world
            .chat(&id)
            .ok_or_else(|| Rejection::UnknownChat(id.clone()))?;
        let last = world.messages(&id).last();
        Ok(Json(wire::chat_with_last_message(chat, last)).into_response())
    })
}

#[derive(Deserialize)]
pub struct ChatPatch {
    action: String,
    value: bool,
}

/// The contract's `PATCH /chats/{id}` body is `{action, value}`. Its published enum names
/// `setReadStatus` only, while the operation says "changing the read status, muting the chat,
/// etc."; the sandbox also takes `setArchiveStatus` and `setMuteStatus`, with the same boolean
/// `value` (docs/providers/unipile.md, "What the sandbox assumes").
pub async fn patch(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    JsonBody(patch): JsonBody<ChatPatch>,
) -> Result<Response, ApiFailure> {
    let id = ChatId::new(id);
    match patch.action.as_str() {
        "setReadStatus" => shared
            .state
            .write(|world| world.set_read_status(&id, patch.value))?,
        "setArchiveStatus" => shared
            .state
            .write(|world| world.set_archive_status(&id, patch.value))?,
        "setMuteStatus" => shared
            .state
            .write(|world| world.set_mute_status(&id, patch.value))?,
        other => {
            return Err(ApiFailure::invalid_parameters(format!(
                "unsupported action {other:?}; this chat accepts setReadStatus, \
                 setArchiveStatus and setMuteStatus"
            )));
        }
    }
    Ok(Json(json!({ "object": "ChatPatched" })).into_response())
}

pub async fn sync(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    let id = ChatId::new(id);
    let status = shared.state.write(|world| world.poll_chat_sync(&id))?;
    Ok(
        Json(json!({ "object": "ChatHistorySync", "chat_id": id, "status": status }))
            .into_response(),
    )
}

pub async fn start(State(shared): State<Arc<Shared>>, form: Form) -> Result<Response, ApiFailure> {
    let account_id = form
        .text("account_id")?
        .ok_or(Rejection::MissingParameter("account_id"))?;
    let request = NewChat {
        account_id: AccountId::new(account_id),
        attendee_provider_ids: form.texts("attendees_ids")?,
        text: form.text("text")?,
        subject: form.text("subject")?,
        uploads: form.uploads()?,
    };
    let now = shared.state.now();
    let (chat_id, message_id) = shared.state.write(|world| world.start_chat(request, now))?;
    let body = json!({ "object": "ChatStarted", "chat_id": chat_id, "message_id": message_id });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
