//! The contract's error answers: `{"title","type":"errors/<slug>","status","detail"}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::state::Rejection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub slug: &'static str,
    pub title: &'static str,
    pub detail: Option<String>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    title: &'a str,
    #[serde(rename = "type")]
    kind: String,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
}

impl ApiFailure {
    pub fn new(status: StatusCode, slug: &'static str, title: &'static str) -> Self {
        Self {
            status,
            slug,
            title,
            detail: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "Resource not found.",
        )
        .detail(detail)
    }

    pub fn invalid_parameters(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameters",
            "One or more request parameters are invalid or missing.",
        )
        .detail(detail)
    }

    pub fn malformed_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "malformed_request",
            "The request could not be read.",
        )
        .detail(detail)
    }

    /// Never says which key was sent.
    pub fn missing_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "missing_credentials",
            "Some credentials are necessary to perform the request.",
        )
        .detail("send a valid API key in the X-API-KEY header")
    }

    pub fn content_too_large(limit: u64) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "content_too_large",
            "The request payload is too large.",
        )
        .detail(format!("a request body may hold at most {limit} bytes"))
    }

    pub fn unexpected() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "unexpected_error",
            "Something went wrong.",
        )
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            title: self.title,
            kind: format!("errors/{}", self.slug),
            status: self.status.as_u16(),
            detail: self.detail.as_deref(),
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<Rejection> for ApiFailure {
    fn from(rejection: Rejection) -> Self {
        use Rejection as R;
        let detail = rejection.to_string();
        let (status, slug, title) = match rejection {
            R::UnknownAccount(_)
            | R::UnknownChat(_)
            | R::UnknownMessage(_)
            | R::UnknownAttachment(_)
            | R::AttachmentUnavailable => (
                StatusCode::NOT_FOUND,
                "resource_not_found",
                "Resource not found.",
            ),
            R::AccountDisconnected(_) => (
                StatusCode::UNAUTHORIZED,
                "disconnected_account",
                "The account appears to be disconnected from the provider service.",
            ),
            R::AccountNotReady(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "no_client_session",
                "No client session is currently running.",
            ),
            R::AccountMismatch => (
                StatusCode::FORBIDDEN,
                "account_mismatch",
                "This action cannot be done with your account.",
            ),
            R::ReadOnlyChat | R::ReactionsDisabled => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "cant_send_message",
                "The message cannot be sent in this chat.",
            ),
            R::InvalidReaction(_) | R::InvalidParameter(_) => (
                StatusCode::BAD_REQUEST,
                "invalid_parameters",
                "One or more request parameters are invalid or missing.",
            ),
            R::MissingParameter(_) => (
                StatusCode::BAD_REQUEST,
                "missing_parameters",
                "One or more request parameters are missing.",
            ),
            R::NotOwnMessage => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_own_message",
                "Only messages sent by the account can be changed.",
            ),
            R::MessageDeleted => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "message_deleted",
                "The message was deleted.",
            ),
            R::NotTextMessage => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_text_message",
                "Only messages with text can be edited.",
            ),
            R::EventMessage => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable_entity",
                "The action is not possible on this message.",
            ),
            R::EditWindowClosed => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "edit_window_expired",
                "The message can no longer be edited.",
            ),
            R::DeleteWindowClosed => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "delete_window_expired",
                "The message can no longer be deleted for everyone.",
            ),
            R::InvalidRecipient(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_recipient",
                "The recipient is not valid.",
            ),
            R::FileTooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "file_too_large",
                "An attached file is too large.",
            ),
            R::TextTooLong(_) => (
                StatusCode::BAD_REQUEST,
                "too_many_characters",
                "The provided content exceeds the character limit.",
            ),
            R::ResyncNotImplemented => (
                StatusCode::NOT_IMPLEMENTED,
                "feature_not_implemented",
                "Requested feature is planned but has not been implemented yet.",
            ),
        };
        Self::new(status, slug, title).detail(detail)
    }
}
