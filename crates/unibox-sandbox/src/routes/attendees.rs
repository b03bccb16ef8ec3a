//! `GET /chats/{id}/attendees` and `GET /chat_attendees?account_id=` (the people an account
//! knows: the only ones a chat may be started with).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::params::{Params, RawParams};
use crate::Shared;
use crate::domain::{AccountId, ChatId};
use crate::errors::ApiFailure;
use crate::paging::{Paging, SortKey};
use crate::state::{AttendeeRecord, Rejection};
use crate::wire::{self, List};

fn key(attendee: &AttendeeRecord) -> SortKey {
    SortKey::new(None, attendee.id.as_str())
}

fn page(
    paging: &Paging<impl Serialize + serde::de::DeserializeOwned + Clone>,
    mut attendees: Vec<&AttendeeRecord>,
) -> Response {
    attendees.sort_by_key(|a| std::cmp::Reverse(key(a)));
    let (page, cursor) = paging.page(&attendees, key);
    Json(List {
        object: "ChatAttendeeList",
        items: page.into_iter().map(wire::attendee).collect(),
        cursor,
    })
    .into_response()
}

pub async fn of_chat(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    raw: RawParams,
) -> Result<Response, ApiFailure> {
    let params = Params::read(raw)?;
    // The contract documents no query here; the sandbox takes back only the cursor it handed
    // out, and refuses anything else.
    params.only(&["cursor"])?;
    let chat = ChatId::new(id);
    let paging = Paging::from_params(&params, &format!("attendees:{chat}"), |_| Ok(()))?;
    shared.state.read(|world| {
        let record = world
            .chat(&chat)
            .ok_or_else(|| Rejection::UnknownChat(chat.clone()))?;
        Ok(page(&paging, world.members(record).collect()))
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AttendeeFilters {
    account_id: Option<String>,
}

pub async fn of_account(
    State(shared): State<Arc<Shared>>,
    raw: RawParams,
) -> Result<Response, ApiFailure> {
    let params = Params::read(raw)?;
    shared.state.read(|world| {
        let paging = Paging::from_params(&params, "chat_attendees", |p| {
            let account_id = p.get("account_id").map(str::to_owned);
            if let Some(id) = &account_id
                && world.account(&AccountId::new(id.as_str())).is_none()
            {
                return Err(ApiFailure::invalid_parameters(format!(
                    "account_id {id} is not an account of this key"
                )));
            }
            Ok(AttendeeFilters { account_id })
        })?;
        let attendees = world
            .attendees()
            .iter()
            .filter(|a| {
                paging
                    .filters
                    .account_id
                    .as_deref()
                    .is_none_or(|id| a.account_id.as_str() == id)
            })
            .collect();
        Ok(page(&paging, attendees))
    })
}
