//! `POST /v1/webhooks/{platform}`: marketplace and messaging deliveries (docs/channels.md). The
//! raw body goes to the platform's connector, which verifies it before anything is parsed; a
//! verified delivery is stored and acknowledged at once with an empty 200 (platforms give up
//! or disable a webhook that answers slowly), and answered afterwards.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::channels::Refused;
use crate::channels::worker::AcceptError;

/// `GET /v1/webhooks/{platform}`: the platform's subscription check, where it has one.
pub async fn handshake(
    State(state): State<Arc<AppState>>,
    Path(platform): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    match state.channels.handshake(&platform, &query) {
        Some(Ok(challenge)) => challenge.into_response(),
        Some(Err(_)) => StatusCode::FORBIDDEN.into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn receive(
    State(state): State<Arc<AppState>>,
    Path(platform): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let headers: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_ascii_lowercase(), value.to_str().ok()?.to_owned())))
        .collect();
    match state.channels.accept(&platform, &headers, &body).await {
        Ok(_) => StatusCode::OK.into_response(),
        Err(AcceptError::UnknownPlatform) => StatusCode::NOT_FOUND.into_response(),
        Err(AcceptError::Refused(Refused::Signature | Refused::UnknownShop)) => {
            tracing::warn!(platform, "a webhook delivery with a missing or wrong signature was refused");
            StatusCode::UNAUTHORIZED.into_response()
        }
        Err(AcceptError::Refused(Refused::Malformed(why))) => (StatusCode::BAD_REQUEST, why).into_response(),
        Err(AcceptError::Storage(err)) => {
            tracing::error!(platform, error.message = %err, "a webhook delivery cannot be stored");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
