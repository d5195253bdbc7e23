//! Who is asking, and what they sent, as typed extractors: each refuses with an `ApiError`
//! before the handler runs, so a handler that takes one cannot forget the check.
//! - `SignedIn`: an agent's console session (the `__Host-kefu_session` cookie — `kefu_session`
//!   in development — or `Authorization: Bearer`).
//! - `Operator`: the deployment's admin token (`admin.token`); 403 when none is configured.
//! - `OperatorShop`: the operator, for the shop the path names.
//! - `ShopCaller`: the operator or one of the path's shop's own API keys (a key of another shop
//!   is refused like a wrong token).
//! - `InShop`, `InConversation`: a signed-in agent, for a shop (or one of its conversations)
//!   the agent serves — the console's one check, `Console::shop_scope`.
//! - `Body<T>`: a JSON body of exactly `T`'s shape (unknown fields refused by `T`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use super::AppState;
use super::error::ApiError;
use super::wire::ErrorCode;
use crate::console::store::Agent;
use crate::console::{ConsoleError, ConversationScope, ShopScope};
use crate::crypto::constant_time_eq;
use crate::domain::ShopId;

/// The session cookie's names: `__Host-` (Secure, this host only, path /) over HTTPS.
pub const COOKIE: &str = "kefu_session";
pub const SECURE_COOKIE: &str = "__Host-kefu_session";

/// A signed-in agent and the session token they used.
pub struct SignedIn {
    pub agent: Agent,
    pub token: String,
}

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<SignedIn, ApiError> {
        let token = session_token(&parts.headers).ok_or(ConsoleError::Unauthenticated)?;
        let agent = state.console.authenticate(&token).await?;
        Ok(SignedIn { agent, token })
    }
}

/// The session token: the cookie, else the bearer token.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    let cookie =
        headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(
            |pair| {
                let pair = pair.trim();
                let value = pair.strip_prefix(SECURE_COOKIE).or_else(|| pair.strip_prefix(COOKIE))?;
                value.strip_prefix('=').map(str::to_owned)
            },
        );
    cookie.filter(|t| !t.is_empty()).or_else(|| Some(bearer(headers)?.trim().to_owned()))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

/// The request carries the deployment's admin token.
pub struct Operator;

impl FromRequestParts<Arc<AppState>> for Operator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Operator, ApiError> {
        operator(state, &parts.headers)
    }
}

fn operator(state: &AppState, headers: &HeaderMap) -> Result<Operator, ApiError> {
    let expected = state.admin_token.expose();
    if expected.is_empty() {
        let message = "the admin API is off: set admin.token (KEFU__ADMIN__TOKEN)";
        return Err(ApiError::Forbidden(ErrorCode::AdminDisabled, message.into()));
    }
    if constant_time_eq(bearer(headers).unwrap_or_default().as_bytes(), expected.as_bytes()) {
        return Ok(Operator);
    }
    Err(ApiError::Unauthenticated(ErrorCode::Unauthorized, "send Authorization: Bearer <admin.token>".into()))
}

/// The shop the path's `{shop}` names, valid or refused with 400.
async fn path_shop(parts: &mut Parts, state: &Arc<AppState>) -> Result<ShopId, ApiError> {
    let params = path_params(parts, state).await?;
    ShopId::parse(param(&params, "shop"))
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidShopId, err.to_string()))
}

/// The operator, for the shop the path names (a shop's key is refused).
pub struct OperatorShop(pub ShopId);

impl FromRequestParts<Arc<AppState>> for OperatorShop {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<OperatorShop, ApiError> {
        operator(state, &parts.headers)?;
        Ok(OperatorShop(path_shop(parts, state).await?))
    }
}

/// Who may act for the shop the path names: the deployment's operator or the shop's own
/// systems (one of its API keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Operator,
    ShopKey,
}

pub struct ShopCaller {
    pub shop: ShopId,
    pub caller: Caller,
}

impl FromRequestParts<Arc<AppState>> for ShopCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<ShopCaller, ApiError> {
        let shop = path_shop(parts, state).await?;
        let refusal = match operator(state, &parts.headers) {
            Ok(Operator) => return Ok(ShopCaller { shop, caller: Caller::Operator }),
            Err(refusal) => refusal,
        };
        let given = bearer(&parts.headers).unwrap_or_default();
        if !given.starts_with("kefu_") {
            return Err(refusal);
        }
        match state.console.shop_of_key(given).await {
            Ok(Some(owner)) if owner == shop => Ok(ShopCaller { shop, caller: Caller::ShopKey }),
            Ok(_) => Err(ApiError::Unauthenticated(
                ErrorCode::Unauthorized,
                "this key does not belong to this shop (or does not exist)".into(),
            )),
            Err(err) => Err(ApiError::unavailable("the key cannot be checked right now; try again", err)),
        }
    }
}

/// A JSON body of `T`'s shape; anything else is 400 `invalid_body`, saying what did not fit.
pub struct Body<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Body<T>, ApiError> {
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|err| {
            ApiError::bad_request(ErrorCode::InvalidBody, format!("the body cannot be read: {}", err.body_text()))
        })?;
        serde_json::from_slice(&bytes).map(Body).map_err(|err| {
            ApiError::bad_request(ErrorCode::InvalidBody, format!("the body is not the JSON expected: {err}"))
        })
    }
}

/// The signed-in agent, for the shop the path's `{shop}` names, checked by the console
/// (`Console::shop_scope`): another shop's is 404, like one that does not exist.
pub struct InShop(pub ShopScope);

impl FromRequestParts<Arc<AppState>> for InShop {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<InShop, ApiError> {
        let SignedIn { agent, .. } = SignedIn::from_request_parts(parts, state).await?;
        let params = path_params(parts, state).await?;
        Ok(InShop(state.console.shop_scope(agent, param(&params, "shop"))?))
    }
}

/// The signed-in agent, for the conversation the path's `{shop}` and `{id}` name
/// (`Console::conversation_scope`).
pub struct InConversation(pub ConversationScope);

impl FromRequestParts<Arc<AppState>> for InConversation {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<InConversation, ApiError> {
        let SignedIn { agent, .. } = SignedIn::from_request_parts(parts, state).await?;
        let params = path_params(parts, state).await?;
        Ok(InConversation(state.console.conversation_scope(agent, param(&params, "shop"), param(&params, "id"))?))
    }
}

async fn path_params(parts: &mut Parts, state: &Arc<AppState>) -> Result<HashMap<String, String>, ApiError> {
    let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidBody, err.body_text()))?;
    Ok(params)
}

fn param<'a>(params: &'a HashMap<String, String>, name: &str) -> &'a str {
    params.get(name).map(String::as_str).unwrap_or_default()
}
