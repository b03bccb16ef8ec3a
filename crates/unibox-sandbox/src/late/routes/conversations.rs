//! Conversations: the list (cursor pages, newest activity first), one conversation, starting
//! one with a template, marking one read, and archiving or activating one.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Extensions, StatusCode};
use serde_json::{Value, json};

use super::params::{self, Params};
use crate::late::cursor;
use crate::late::errors::LateError;
use crate::late::records::LateConversation;
use crate::late::sending::{self, Outgoing};
use crate::late::shared::LateShared;
use crate::late::templates;
use crate::late::wire::{self, ConversationView};
use crate::late::world::LateWorld;

/// A conversation's place in the list: its last activity (ms), then its id.
type SortKey = (i64, String);

fn sort_key(world: &LateWorld, conversation: &LateConversation) -> SortKey {
    (
        world
            .updated_time(&conversation.id)
            .map_or(i64::MIN, |at| at.timestamp_millis()),
        conversation.id.clone(),
    )
}

fn view<'a>(world: &'a LateWorld, conversation: &'a LateConversation) -> Option<Value> {
    let account = world.account(&conversation.account_id)?;
    Some(
        ConversationView {
            conversation,
            account,
            last: world.messages(&conversation.id).last(),
            unread: world.unread_count(&conversation.id),
        }
        .list_item(),
    )
}

fn decode_cursor(text: &str) -> Option<SortKey> {
    let key = cursor::decode(text, "c")?;
    let (millis, id) = key.split_once(':')?;
    Some((millis.parse().ok()?, id.to_owned()))
}

pub async fn list(
    State(shared): State<Arc<LateShared>>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let limit = params::limit(&query, 50, 100)?;
    let account = query.get("accountId").filter(|id| !id.is_empty()).cloned();
    let newest_first = match query.get("sortOrder").map(String::as_str) {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => return Err(LateError::invalid("sortOrder", "sortOrder is asc or desc.")),
    };
    let after = match query.get("cursor") {
        Some(text) => Some(decode_cursor(text).ok_or_else(LateError::invalid_cursor)?),
        None => None,
    };
    let now = shared.state.now();
    let (page, more, queried) = shared.state.read(|world| {
        if let Some(account) = &account {
            params::account(world, account)?;
        }
        let mut keyed: Vec<(SortKey, &LateConversation)> = world
            .conversations()
            .iter()
            .filter(|c| account.as_ref().is_none_or(|a| c.account_id == *a))
            .map(|c| (sort_key(world, c), c))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        if newest_first {
            keyed.reverse();
        }
        keyed.retain(|(key, _)| match &after {
            None => true,
            Some(after) if newest_first => key < after,
            Some(after) => key > after,
        });
        let more = keyed.len() > limit;
        keyed.truncate(limit);
        let page: Vec<(SortKey, Value)> = keyed
            .into_iter()
            .filter_map(|(key, c)| view(world, c).map(|v| (key, v)))
            .collect();
        let queried = if account.is_some() {
            1
        } else {
            world.accounts().len()
        };
        Ok::<_, LateError>((page, more, queried))
    })?;
    let next = more
        .then(|| {
            page.last()
                .map(|((millis, id), _)| cursor::encode(&format!("c:{millis}:{id}")))
        })
        .flatten();
    let data: Vec<Value> = page.into_iter().map(|(_, v)| v).collect();
    Ok(Json(json!({
        "data": data,
        "pagination": { "hasMore": more, "nextCursor": next },
        "meta": { "accountsQueried": queried, "accountsFailed": 0, "lastUpdated": wire::stamp(now) },
    })))
}

pub async fn one(
    State(shared): State<Arc<LateShared>>,
    Path(id): Path<String>,
    query: Params,
) -> Result<Json<Value>, LateError> {
    let query = params::query(query)?;
    let account = params::account_in(&query)?;
    let data = shared.state.read(|world| {
        let (account, conversation) = params::conversation(world, &account, &id)?;
        Ok::<_, LateError>(
            ConversationView {
                conversation: &conversation,
                account: &account,
                last: world.messages(&conversation.id).last(),
                unread: world.unread_count(&conversation.id),
            }
            .detail(),
        )
    })?;
    Ok(Json(json!({ "data": data })))
}

/// Digits only, with the country code: what WhatsApp accepts as a recipient.
fn is_phone_number(participant: &str) -> bool {
    (7..=15).contains(&participant.len()) && participant.bytes().all(|b| b.is_ascii_digit())
}

/// `POST /v1/inbox/conversations`: a template to a phone number, into the existing thread
/// with that number if there is one.
pub async fn start(
    State(shared): State<Arc<LateShared>>,
    extensions: Extensions,
) -> Result<(StatusCode, Json<Value>), LateError> {
    let body = params::json_object(&extensions)?;
    let account = params::account_in_body(&body)?;
    let participant = params::text_field(&body, "participantId")?
        .ok_or_else(|| LateError::missing_field("participantId"))?;
    if !is_phone_number(&participant) {
        return Err(LateError::invalid(
            "participantId",
            "participantId is a phone number in international format, digits only.",
        ));
    }
    let Some(name) = params::text_field(&body, "templateName")? else {
        return Err(LateError::template_required());
    };
    let language = params::text_field(&body, "templateLanguage")?
        .ok_or_else(|| LateError::missing_field("templateLanguage"))?;
    let values = match body.get("templateParams") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(values)) => values
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| LateError::invalid("templateParams", "templateParams are strings."))?,
        Some(_) => {
            return Err(LateError::invalid(
                "templateParams",
                "templateParams is a list of strings.",
            ));
        }
    };
    let now = shared.state.now();
    let message = shared.state.write(|world| {
        let account = params::account(world, &account)?;
        let existing = world
            .conversation_with(&account.id, &participant)
            .map(|c| c.id.clone());
        let conversation = match existing {
            Some(id) => id,
            None => {
                // Checked before the conversation exists, so a refused template leaves none.
                let template = templates::sendable(world.templates(&account.id), &name, &language)
                    .map_err(|refusal| LateError::template_lookup(&refusal))?;
                templates::fill(template, &values)
                    .map_err(|refusal| LateError::template_lookup(&refusal))?;
                let id = world.ids.record();
                world.add_conversation(
                    LateConversation {
                        id: id.clone(),
                        account_id: account.id.clone(),
                        participant_id: participant.clone(),
                        participant_name: None,
                        archived: false,
                    },
                    Vec::new(),
                );
                id
            }
        };
        sending::send(
            world,
            &conversation,
            Outgoing::Template {
                name: name.clone(),
                language: language.clone(),
                values: values.clone(),
            },
            now,
        )
    })?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "success": true,
            "data": {
                "messageId": message.id,
                "conversationId": message.conversation_id,
                "participantId": participant,
            },
        })),
    ))
}

/// `POST …/read`: every unread incoming message of the conversation is read.
pub async fn read(
    State(shared): State<Arc<LateShared>>,
    Path(id): Path<String>,
    extensions: Extensions,
) -> Result<Json<Value>, LateError> {
    let body = params::json_object(&extensions)?;
    let account = params::account_in_body(&body)?;
    let marked = shared.state.write(|world| {
        params::conversation(world, &account, &id)?;
        let mut marked = 0;
        for message in world.messages_mut(&id).into_iter().flatten() {
            if message.is_incoming() && !message.read {
                message.read = true;
                marked += 1;
            }
        }
        Ok::<_, LateError>(marked)
    })?;
    Ok(Json(json!({ "success": true, "markedCount": marked })))
}

/// `PUT /v1/inbox/conversations/{id}` `{accountId, status}`: archives the conversation or makes
/// it active again. `status` is one of the published enum's two values; anything else is a 400.
pub async fn update_status(
    State(shared): State<Arc<LateShared>>,
    Path(id): Path<String>,
    extensions: Extensions,
) -> Result<Json<Value>, LateError> {
    let body = params::json_object(&extensions)?;
    let account = params::account_in_body(&body)?;
    let archived = match params::text_field(&body, "status")?.as_deref() {
        Some("archived") => true,
        Some("active") => false,
        Some(_) => {
            return Err(LateError::invalid(
                "status",
                "status must be one of: active, archived.",
            ));
        }
        None => return Err(LateError::missing_field("status")),
    };
    let now = shared.state.now();
    shared.state.write(|world| {
        params::conversation(world, &account, &id)?;
        if let Some(conversation) = world.conversation_mut(&id) {
            conversation.archived = archived;
        }
        Ok::<_, LateError>(())
    })?;
    Ok(Json(json!({
        "success": true,
        "data": {
            "id": id,
            "accountId": account,
            "status": if archived { "archived" } else { "active" },
            // Every number of the sandbox is a WhatsApp number.
            "platform": "whatsapp",
            "updatedAt": wire::stamp(now),
        },
    })))
}
