//! The HTTP API's one error (console, admin, widget uploads, webhooks): a status decided by an
//! exhaustive match, and one body, `{"error": {"code", "message"}}`, with a stable code from
//! `wire::ErrorCode` (clients branch on the code, never on the message). A 5xx says only what
//! to do; its cause goes to the log, never to the client.
//!
//! The admin API and the widget's uploads answered `{"code", "message"}` before: for one release
//! every body also carries `code`, `message` (and `problems`) at the top level, so clients
//! reading the old shape keep working (docs/console.md, "Errors").

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::wire::ErrorCode;
use crate::console::ConsoleError;
use crate::domain::AgentRef;

/// A cause kept for the log.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the request cannot be read (its body, a name in its path).
    BadRequest(ErrorCode, String),
    /// 401: no valid session, token or key; or a wrong login.
    Unauthenticated(ErrorCode, String),
    /// 403: known, and not allowed.
    Forbidden(ErrorCode, String),
    /// 404: nothing there — or something of another shop, which must look the same.
    NotFound(ErrorCode, String),
    /// 409: the conversation is not in the state the request assumed; who holds it, if anyone.
    Conflict { code: ErrorCode, message: String, claimed_by: Option<AgentRef> },
    /// 413
    TooLarge(String),
    /// 415
    UnsupportedType(String),
    /// 422: read, and refused: every problem found.
    Invalid { code: ErrorCode, message: String, problems: Vec<String> },
    /// 429
    RateLimited(String),
    /// 502: a system kefu called (the translation model) answered wrongly.
    BadGateway(ErrorCode, String),
    /// 503: try again later. The cause, if any, is logged.
    Unavailable { code: ErrorCode, message: String, cause: Option<Cause> },
    /// 507: the shop's storage quota is full.
    QuotaExceeded(String),
    /// 500: kefu failed; the message says where to look, the cause is logged.
    Internal { code: ErrorCode, message: String, cause: Cause },
}

impl ApiError {
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest(code, message.into())
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::NotFound(ErrorCode::NotFound, message.into())
    }

    pub fn invalid(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::Invalid { code, message: message.into(), problems: Vec::new() }
    }

    /// A store or system that failed: the client is told to try again, the log gets `cause`.
    pub fn unavailable(message: impl Into<String>, cause: impl Into<Cause>) -> ApiError {
        ApiError::Unavailable { code: ErrorCode::Unavailable, message: message.into(), cause: Some(cause.into()) }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(..) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated(..) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(..) => StatusCode::FORBIDDEN,
            ApiError::NotFound(..) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::BadGateway(..) => StatusCode::BAD_GATEWAY,
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::QuotaExceeded(_) => StatusCode::INSUFFICIENT_STORAGE,
            ApiError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest(code, _)
            | ApiError::Unauthenticated(code, _)
            | ApiError::Forbidden(code, _)
            | ApiError::NotFound(code, _)
            | ApiError::BadGateway(code, _)
            | ApiError::Conflict { code, .. }
            | ApiError::Invalid { code, .. }
            | ApiError::Unavailable { code, .. }
            | ApiError::Internal { code, .. } => *code,
            ApiError::TooLarge(_) => ErrorCode::TooLarge,
            ApiError::UnsupportedType(_) => ErrorCode::UnsupportedType,
            ApiError::RateLimited(_) => ErrorCode::RateLimited,
            ApiError::QuotaExceeded(_) => ErrorCode::QuotaExceeded,
        }
    }

    fn message(&self) -> &str {
        match self {
            ApiError::BadRequest(_, message)
            | ApiError::Unauthenticated(_, message)
            | ApiError::Forbidden(_, message)
            | ApiError::NotFound(_, message)
            | ApiError::BadGateway(_, message)
            | ApiError::TooLarge(message)
            | ApiError::UnsupportedType(message)
            | ApiError::RateLimited(message)
            | ApiError::QuotaExceeded(message)
            | ApiError::Conflict { message, .. }
            | ApiError::Invalid { message, .. }
            | ApiError::Unavailable { message, .. }
            | ApiError::Internal { message, .. } => message,
        }
    }

    /// The cause behind a 5xx, for the log.
    fn cause(&self) -> Option<&Cause> {
        match self {
            ApiError::Unavailable { cause, .. } => cause.as_ref(),
            ApiError::Internal { cause, .. } => Some(cause),
            ApiError::BadRequest(..)
            | ApiError::Unauthenticated(..)
            | ApiError::Forbidden(..)
            | ApiError::NotFound(..)
            | ApiError::Conflict { .. }
            | ApiError::TooLarge(_)
            | ApiError::UnsupportedType(_)
            | ApiError::Invalid { .. }
            | ApiError::RateLimited(_)
            | ApiError::BadGateway(..)
            | ApiError::QuotaExceeded(_) => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code().as_str(), self.message())
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause().map(|cause| &**cause as &(dyn std::error::Error + 'static))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let Some(cause) = self.cause() {
            tracing::error!(code = self.code().as_str(), error.cause_chain = %chain(&**cause), "{}", self.message());
        }
        let (code, message) = (self.code().as_str(), self.message());
        let mut detail = json!({"code": code, "message": message});
        let mut body = json!({"error": null, "code": code, "message": message});
        if let ApiError::Conflict { claimed_by: Some(holder), .. } = &self {
            detail["claimed_by"] = json!(holder);
        }
        if let ApiError::Invalid { problems, .. } = &self
            && !problems.is_empty()
        {
            detail["problems"] = json!(problems);
            body["problems"] = json!(problems);
        }
        body["error"] = detail;
        (status, Json(body)).into_response()
    }
}

/// An error and its causes, outermost first: "a: b: c".
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut next = err.source();
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

impl From<ConsoleError> for ApiError {
    fn from(err: ConsoleError) -> ApiError {
        let message = err.to_string();
        match err {
            ConsoleError::BadCredentials => ApiError::Unauthenticated(ErrorCode::BadCredentials, message),
            ConsoleError::RateLimited => ApiError::RateLimited(message),
            ConsoleError::Busy => ApiError::Unavailable { code: ErrorCode::Busy, message, cause: None },
            ConsoleError::Unauthenticated => ApiError::Unauthenticated(ErrorCode::Unauthenticated, message),
            ConsoleError::NotFound => ApiError::NotFound(ErrorCode::NotFound, message),
            ConsoleError::Forbidden => ApiError::Forbidden(ErrorCode::Forbidden, message),
            ConsoleError::AlreadyClaimed(holder) => {
                ApiError::Conflict { code: ErrorCode::AlreadyClaimed, message, claimed_by: Some(holder) }
            }
            ConsoleError::NotClaimed => ApiError::Conflict { code: ErrorCode::NotClaimed, message, claimed_by: None },
            ConsoleError::NotQueued => ApiError::Conflict { code: ErrorCode::NotQueued, message, claimed_by: None },
            ConsoleError::TranslationUnavailable => {
                ApiError::Unavailable { code: ErrorCode::TranslationUnavailable, message, cause: None }
            }
            ConsoleError::TranslationFailed(_) => ApiError::BadGateway(ErrorCode::TranslationFailed, message),
            ConsoleError::Invalid(_) => ApiError::invalid(ErrorCode::Invalid, message),
            storage @ ConsoleError::Storage(_) => {
                ApiError::unavailable("the console's store cannot be reached; try again", storage)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(err: ApiError) -> (StatusCode, serde_json::Value) {
        let response = err.into_response();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16).await.expect("a body");
        (status, serde_json::from_slice(&bytes).expect("JSON"))
    }

    #[tokio::test]
    async fn one_envelope_with_the_old_fields_beside_it() {
        let (status, json) = body(ApiError::bad_request(ErrorCode::InvalidShopId, "bad id")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(json["error"], json!({"code": "invalid_shop_id", "message": "bad id"}));
        assert_eq!((json["code"].as_str(), json["message"].as_str()), (Some("invalid_shop_id"), Some("bad id")));
    }

    #[tokio::test]
    async fn a_server_failure_says_what_to_do_and_keeps_its_cause_out_of_the_body() {
        let cause = std::io::Error::other("disk /var/secret full");
        let (status, json) = body(ApiError::unavailable("the store cannot be reached; try again", cause)).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(json["error"]["code"], "unavailable");
        assert!(!json.to_string().contains("secret"), "the cause is logged, not sent: {json}");
    }

    #[tokio::test]
    async fn a_conflict_names_the_holder_and_a_refusal_its_problems() {
        let holder = AgentRef { id: "alice".into(), name: "Alice".into() };
        let (status, json) = body(ConsoleError::AlreadyClaimed(holder).into()).await;
        assert_eq!((status, json["error"]["claimed_by"]["id"].as_str()), (StatusCode::CONFLICT, Some("alice")));
        let invalid =
            ApiError::Invalid { code: ErrorCode::InvalidShop, message: "rejected".into(), problems: vec!["a".into()] };
        let (status, json) = body(invalid).await;
        assert_eq!((status, json["error"]["problems"][0].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("a")));
    }
}
