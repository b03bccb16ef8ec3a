//! The parsed bodies of writes, as the write log received them (see `write_log`).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::errors::ApiFailure;
use crate::state::Upload;
use crate::write_log::{FormPart, ReceivedBody};

/// A multipart form.
pub struct Form(pub Vec<FormPart>);

/// A JSON body decoded into `T`.
pub struct JsonBody<T>(pub T);

fn received(parts: &Parts) -> Result<Arc<ReceivedBody>, ApiFailure> {
    parts
        .extensions
        .get::<Arc<ReceivedBody>>()
        .cloned()
        .ok_or_else(ApiFailure::unexpected)
}

impl<S: Send + Sync> FromRequestParts<S> for Form {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiFailure> {
        match received(parts)?.as_ref() {
            ReceivedBody::Multipart(form) => Ok(Self(form.clone())),
            ReceivedBody::Unreadable(why) => Err(ApiFailure::malformed_request(why.clone())),
            _ => Err(ApiFailure::malformed_request(
                "this route takes a multipart/form-data body",
            )),
        }
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for JsonBody<T> {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiFailure> {
        let value = match received(parts)?.as_ref() {
            ReceivedBody::Json(value) => value.clone(),
            ReceivedBody::Unreadable(why) => {
                return Err(ApiFailure::malformed_request(why.clone()));
            }
            _ => {
                return Err(ApiFailure::malformed_request(
                    "this route takes an application/json body",
                ));
            }
        };
        serde_json::from_value::<T>(value)
            .map(Self)
            .map_err(|e| ApiFailure::invalid_parameters(e.to_string()))
    }
}

impl Form {
    /// The first text field called `name`.
    pub fn text(&self, name: &str) -> Result<Option<String>, ApiFailure> {
        self.texts(name).map(|all| all.into_iter().next())
    }

    /// Every text field called `name`, in order.
    pub fn texts(&self, name: &str) -> Result<Vec<String>, ApiFailure> {
        self.0
            .iter()
            .filter(|part| part.name == name && part.file_name.is_none())
            .map(|part| {
                String::from_utf8(part.bytes.to_vec()).map_err(|_| {
                    ApiFailure::invalid_parameters(format!("{name} is not valid UTF-8"))
                })
            })
            .collect()
    }

    /// The `attachments` file parts.
    pub fn uploads(&self) -> Result<Vec<Upload>, ApiFailure> {
        self.0
            .iter()
            .filter(|part| part.name == "attachments")
            .map(|part| match &part.file_name {
                Some(file_name) => Ok(Upload {
                    file_name: file_name.clone(),
                    mimetype: part.content_type.clone(),
                    bytes: part.bytes.clone(),
                }),
                None => Err(ApiFailure::invalid_parameters(
                    "attachments must be file parts with a file name",
                )),
            })
            .collect()
    }
}
