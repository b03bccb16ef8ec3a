//! `POST /v1/inbox/conversations/{id}/messages`: text, a quoted reply, a file (multipart) or a
//! template, under an optional `Idempotency-Key`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::params::{self, Body};
use crate::sandbox::late::errors::LateError;
use crate::sandbox::late::idempotency::{Claim, Fingerprint, StoredAnswer};
use crate::sandbox::late::sending::{self, Outgoing, Upload};
use crate::sandbox::late::shared::LateShared;
use crate::sandbox::late::wire;

/// Longest `Idempotency-Key` accepted.
pub const MAX_KEY_LEN: usize = 255;

pub async fn send(
    State(shared): State<Arc<LateShared>>,
    Path(conversation): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
) -> Response {
    let key = match idempotency_key(&headers) {
        Ok(key) => key,
        Err(error) => return error.into_response(),
    };
    let body = match params::body(&extensions) {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    if let Some(key) = &key {
        let fingerprint = fingerprint(&conversation, &body);
        let now = shared.state.now();
        match shared
            .state
            .write(|world| world.idempotency.claim(key, fingerprint, now))
        {
            Claim::Run => {}
            Claim::Replay(answer) => return replay(answer),
            Claim::InFlight => return LateError::key_in_flight().into_response(),
            Claim::DifferentBody => return LateError::key_reused().into_response(),
        }
    }
    let hold = shared.send_hold();
    if !hold.is_zero() {
        tokio::time::sleep(hold).await;
    }
    let answer = match attempt(&shared, &conversation, body) {
        Ok(body) => StoredAnswer { status: 200, body },
        Err(error) => StoredAnswer {
            status: error.status.as_u16(),
            body: error.body(),
        },
    };
    if let Some(key) = &key {
        shared
            .state
            .write(|world| world.idempotency.finish(key, answer.clone()));
    }
    answered(answer)
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, LateError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(key) if !key.trim().is_empty() && key.len() <= MAX_KEY_LEN => Ok(Some(key.to_owned())),
        _ => Err(LateError::invalid(
            "Idempotency-Key",
            format!("Idempotency-Key is 1 to {MAX_KEY_LEN} visible ASCII characters."),
        )),
    }
}

fn fingerprint(conversation: &str, body: &Body) -> Fingerprint {
    let path = conversation.to_owned();
    match body {
        Body::Json(value) => Fingerprint::Json {
            path,
            body: value.clone(),
        },
        Body::Form(parts) => Fingerprint::Multipart {
            path,
            parts: parts
                .iter()
                .map(|p| (p.name.clone(), p.file_name.clone(), p.bytes.clone()))
                .collect(),
        },
        Body::Empty => Fingerprint::Other { path },
    }
}

fn answered(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(answer.body)).into_response()
}

fn replay(answer: StoredAnswer) -> Response {
    let mut response = answered(answer);
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

fn attempt(shared: &LateShared, conversation: &str, body: Body) -> Result<Value, LateError> {
    let (account, outgoing) = match body {
        Body::Json(value) => from_json(&value)?,
        Body::Form(parts) => from_form(parts)?,
        Body::Empty => return Err(LateError::missing_field("accountId")),
    };
    let now = shared.state.now();
    let message = shared.state.write(|world| {
        params::conversation(world, &account, conversation)?;
        sending::send(world, conversation, outgoing, now)
    })?;
    let attachments: Vec<Value> = message
        .attachments
        .iter()
        .map(|a| json!({ "url": wire::media_url(shared.base(), a, &message.account_id) }))
        .collect();
    Ok(json!({
        "success": true,
        "data": {
            "messageId": message.id,
            "conversationId": message.conversation_id,
            "attachments": attachments,
        },
    }))
}

fn from_json(body: &Value) -> Result<(String, Outgoing), LateError> {
    if !body.is_object() {
        return Err(LateError::invalid_body("The body must be a JSON object."));
    }
    let account = params::account_in_body(body)?;
    if body.get("attachmentUrl").is_some_and(|v| !v.is_null()) {
        return Err(LateError::invalid(
            "attachmentUrl",
            "The sandbox takes files as multipart uploads, not by URL.",
        ));
    }
    if let Some(template) = body.get("template").filter(|v| !v.is_null()) {
        return Ok((account, template_reference(template)?));
    }
    let text = params::text_field(body, "message")?
        .filter(|text| !text.is_empty())
        .ok_or_else(|| LateError::missing_field("message"))?;
    let reply_to = params::text_field(body, "replyTo")?;
    Ok((account, Outgoing::Text { text, reply_to }))
}

/// `{"elements": [{"name", "language", "components": [{"type": "body", "parameters":
/// [{"type": "text", "text"}]}]}]}`: Meta's send shape.
fn template_reference(template: &Value) -> Result<Outgoing, LateError> {
    let element = template
        .get("elements")
        .and_then(Value::as_array)
        .and_then(|elements| elements.first())
        .ok_or_else(|| LateError::missing_field("template.elements"))?;
    let text = |field: &'static str| {
        element
            .get(field)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or(LateError::missing_field(field))
    };
    let (name, language) = (text("name")?, text("language")?);
    let mut values = Vec::new();
    let components = element
        .get("components")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for component in components {
        let is_body = component
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|kind| kind.eq_ignore_ascii_case("body"));
        if !is_body {
            continue;
        }
        let parameters = component
            .get("parameters")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for parameter in parameters {
            let value = parameter
                .get("text")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    LateError::invalid(
                        "components",
                        "Body parameters are {\"type\": \"text\", \"text\": …}.",
                    )
                })?;
            values.push(value.to_owned());
        }
    }
    Ok(Outgoing::Template {
        name,
        language,
        values,
    })
}

fn from_form(
    parts: Vec<crate::sandbox::write_log::FormPart>,
) -> Result<(String, Outgoing), LateError> {
    let field = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name && p.file_name.is_none())
            .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
    };
    if ["template", "templateName", "category", "linkPreview"]
        .iter()
        .any(|name| field(name).is_some())
    {
        return Err(LateError::invalid_body(
            "Template, category and linkPreview fields are accepted on JSON bodies only.",
        ));
    }
    let account = field("accountId")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| LateError::missing_field("accountId"))?;
    let caption = field("message").filter(|text| !text.is_empty());
    let reply_to = field("replyTo").filter(|id| !id.is_empty());
    let mut files = parts.iter().filter(|p| p.file_name.is_some());
    let outgoing = match (files.next(), files.next()) {
        (Some(_), Some(_)) => {
            return Err(LateError::invalid(
                "file",
                "WhatsApp carries one file per message.",
            ));
        }
        (Some(file), None) => Outgoing::File {
            caption,
            reply_to,
            upload: Upload {
                file_name: file.file_name.clone(),
                mimetype: file.content_type.clone().unwrap_or_else(|| {
                    mime_guess::from_path(file.file_name.as_deref().unwrap_or_default())
                        .first_or_octet_stream()
                        .to_string()
                }),
                bytes: file.bytes.clone(),
            },
        },
        (None, _) => Outgoing::Text {
            text: caption.ok_or_else(|| LateError::missing_field("message"))?,
            reply_to,
        },
    };
    Ok((account, outgoing))
}
