//! `POST /v1/webhooks/{platform}`: marketplace and messaging deliveries (docs/channels.md). The
//! raw body goes to the platform's connector, which verifies it before anything is parsed; a
//! verified delivery is stored and acknowledged at once with an empty 200 (platforms give up
//! or disable a webhook that answers slowly), and answered afterwards.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use super::wire::ErrorCode;
use crate::channels::worker::AcceptError;
use crate::channels::{Platform, Refused};
use crate::telemetry::events;

/// `GET /v1/webhooks/{platform}`: the platform's subscription check, where it has one.
pub async fn handshake(
    State(state): State<Arc<AppState>>,
    Path(platform): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    match state.channels.handshake(&platform, &query) {
        Some(Ok(challenge)) => challenge.into_response(),
        Some(Err(_)) => {
            ApiError::Forbidden(ErrorCode::InvalidSignature, "the subscription check failed".into()).into_response()
        }
        None => unknown_platform().into_response(),
    }
}

pub async fn receive(
    State(state): State<Arc<AppState>>,
    Path(platform): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    let headers: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_ascii_lowercase(), value.to_str().ok()?.to_owned())))
        .collect();
    let label = Platform::parse(&platform).map_or("unknown", Platform::as_str);
    match state.channels.accept(&platform, &headers, &body).await {
        Ok(_) => Ok(StatusCode::OK),
        Err(AcceptError::UnknownPlatform) => {
            events::webhook_refused(label, "unknown_platform");
            Err(unknown_platform())
        }
        Err(AcceptError::Refused(Refused::Signature | Refused::UnknownShop)) => {
            events::webhook_refused(label, "signature");
            Err(ApiError::Unauthenticated(ErrorCode::InvalidSignature, "missing or wrong signature".into()))
        }
        Err(AcceptError::Refused(Refused::Malformed(why))) => {
            events::webhook_refused(label, "malformed");
            Err(ApiError::bad_request(ErrorCode::InvalidBody, why))
        }
        Err(err @ AcceptError::Storage(_)) => {
            events::webhook_refused(label, "storage");
            Err(ApiError::unavailable("the delivery cannot be stored now; send it again", err))
        }
    }
}

fn unknown_platform() -> ApiError {
    ApiError::not_found("no such platform: see docs/channels.md")
}
