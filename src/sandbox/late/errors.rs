//! Late's error answers: `{"error", "code", "type", "param"?, "platform"?, "platformError"?,
//! "details"?}`. `code` is a stable string; a WhatsApp refusal also carries Meta's numeric code
//! in `platformError.code`.

use std::borrow::Cow;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::templates::TemplateRefusal;

#[derive(Debug, Clone, PartialEq)]
pub struct LateError {
    pub status: StatusCode,
    pub code: Cow<'static, str>,
    /// The envelope's `type`.
    pub kind: &'static str,
    pub message: String,
    pub param: Option<&'static str>,
    /// Meta's own error and the details, for refusals that come from WhatsApp (boxed: most
    /// answers have neither).
    pub platform: Option<Box<PlatformRefusal>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlatformRefusal {
    pub platform_error: Value,
    pub details: Option<Value>,
}

const INVALID_REQUEST: &str = "invalid_request_error";
const PLATFORM_ERROR: &str = "platform_error";

impl LateError {
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        kind: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code: code.into(),
            kind,
            message: message.into(),
            param: None,
            platform: None,
        }
    }

    fn param(mut self, param: &'static str) -> Self {
        self.param = Some(param);
        self
    }

    /// Never says which key was sent.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "authentication_error",
            "Missing or invalid API key: send Authorization: Bearer <key>.",
        )
    }

    pub fn missing_field(param: &'static str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "missing_required_field",
            INVALID_REQUEST,
            format!("{param} is required."),
        )
        .param(param)
    }

    pub fn invalid(param: &'static str, message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            INVALID_REQUEST,
            message,
        )
        .param(param)
    }

    pub fn invalid_body(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            INVALID_REQUEST,
            message,
        )
    }

    pub fn invalid_cursor() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_cursor",
            INVALID_REQUEST,
            "The cursor could not be read; pass pagination.nextCursor back verbatim.",
        )
        .param("cursor")
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, "not_found", message)
    }

    pub fn not_supported(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "PLATFORM_NOT_SUPPORTED",
            INVALID_REQUEST,
            message,
        )
    }

    pub fn template_required() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "TEMPLATE_REQUIRED",
            INVALID_REQUEST,
            "WhatsApp conversations must be opened with an approved template: pass templateName and templateLanguage.",
        )
        .param("templateName")
    }

    /// A refusal from WhatsApp with Meta's `code`, before anything was sent.
    pub fn whatsapp(code: u32, title: &str, message: &str) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            code.to_string(),
            PLATFORM_ERROR,
            message,
        );
        error.platform = Some(Box::new(PlatformRefusal {
            platform_error: json!({
                "code": code,
                "title": title,
                "message": message,
            }),
            details: None,
        }));
        error
    }

    /// 131047: more than 24 hours since the customer last wrote.
    pub fn window_closed() -> Self {
        Self::whatsapp(
            131_047,
            "Re-engagement message",
            "More than 24 hours have passed since the recipient last replied to the sender number; only a template message can be sent.",
        )
    }

    /// 131056: too many messages to this recipient in a short time.
    pub fn recipient_rate_limited() -> Self {
        Self::whatsapp(
            131_056,
            "(Business Account, Consumer Account) pair rate limit hit",
            "Too many messages sent from this phone number to the same recipient in a short period of time.",
        )
    }

    /// The template lookup before a send failed: nothing was sent.
    pub fn template_lookup(refusal: &TemplateRefusal) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            "platform_api_error",
            PLATFORM_ERROR,
            refusal.to_string(),
        );
        error.platform = Some(Box::new(PlatformRefusal {
            platform_error: json!({
                "code": refusal.meta_code(),
                "message": refusal.to_string(),
            }),
            details: Some(json!({ "phase": "template_lookup" })),
        }));
        error
    }

    pub fn key_in_flight() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "idempotency_key_in_progress",
            INVALID_REQUEST,
            "A request with this Idempotency-Key is still being processed.",
        )
    }

    pub fn key_reused() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            INVALID_REQUEST,
            "This Idempotency-Key was used with a different request body.",
        )
    }

    pub fn rate_limited() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limit_exceeded",
            "rate_limit_error",
            "Too many requests; slow down.",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "api_error",
            "An unexpected error occurred.",
        )
    }

    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            "api_error",
            "The service is temporarily unavailable.",
        )
    }

    pub fn gateway_timeout() -> Self {
        Self::new(
            StatusCode::GATEWAY_TIMEOUT,
            "gateway_timeout",
            "api_error",
            "The request timed out.",
        )
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            INVALID_REQUEST,
            format!("The request is larger than {limit} bytes."),
        )
    }

    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("error".into(), Value::from(self.message.clone()));
        body.insert("code".into(), Value::from(self.code.as_ref()));
        body.insert("type".into(), Value::from(self.kind));
        if let Some(param) = self.param {
            body.insert("param".into(), Value::from(param));
        }
        if let Some(platform) = &self.platform {
            body.insert("platform".into(), Value::from("whatsapp"));
            body.insert("platformError".into(), platform.platform_error.clone());
            if let Some(details) = &platform.details {
                body.insert("details".into(), details.clone());
            }
        }
        Value::Object(body)
    }
}

impl IntoResponse for LateError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}
