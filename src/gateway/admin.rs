//! The admin API, authenticated with the bearer token from `admin.token` (401 without a valid
//! token; 403 when no token is configured); a shop's endpoints also take one of that shop's API
//! keys (`extract::{Operator, OperatorShop, ShopCaller}`). Errors are `ApiError`s:
//! - `POST /v1/admin/shops/{shop}/ingest`: the body carries the shop's files (`{"files":
//!   {"shop.toml": "...", "policies/returns.md": "..."}}`) or, with the admin token only, names
//!   the shop's own directory on the server (`{"dir": "..."}`: `knowledge.dir/<shop>` or inside
//!   it; 403 otherwise). 200 with the ingestion report; 422 with every problem.
//! - `GET /v1/admin/shops/{shop}/handoffs`: the shop's hand-off queue, oldest first.
//! - `POST /v1/admin/shops/{shop}/erase`: one buyer's conversation erased everywhere (and
//!   exported first on request).
//! - `POST /v1/admin/shops/{shop}/keys` (admin token only): `{"label"}` → 201 `{"key"}`, shown
//!   once: the shop's own systems use it instead of the admin token for that shop's endpoints.
//! - `GET /v1/admin/shops/{shop}/keys`, `DELETE /v1/admin/shops/{shop}/keys/{id}` (admin token
//!   only): the shop's keys (never the keys themselves), and revoking one.
//! - `POST /v1/admin/agents/{id}/disable` (or `enable`), `DELETE /v1/admin/agents/{id}`.
//! - `POST /v1/admin/agents`: creates (or replaces, by id) a console agent:
//!   `{"id", "name", "email", "password", "role"?, "language"?, "shops": [...]}`. 200 with the
//!   agent (without the password); 422 `invalid_agent` naming the field.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use super::extract::{Body, Caller, Operator, OperatorShop, ShopCaller};
use super::wire::ErrorCode;
use super::wire::admin::{ErasedOut, KeyOut, ReportOut, ShopDeletedOut};
use super::wire::console::{ActionOut, AgentOut, TicketOut};
use crate::console::store::Role;
use crate::console::{ConsoleError, NewAgent};
use crate::domain::{Language, ShopId};
use crate::ingestion::IngestError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestRequest {
    #[serde(default)]
    dir: Option<PathBuf>,
    #[serde(default)]
    files: Option<BTreeMap<String, String>>,
}

/// The shop's hand-off queue: `{"shop", "handoffs": [{"conversation", "seq", "at_ms", "reason",
/// "language", "intent"}]}`.
pub async fn handoffs(
    State(state): State<Arc<AppState>>,
    ShopCaller { shop, .. }: ShopCaller,
) -> Result<Json<serde_json::Value>, ApiError> {
    if state.conversations.shop(&shop).is_none() {
        return Err(ApiError::NotFound(ErrorCode::UnknownShop, format!("no shop {shop} is served here")));
    }
    let tickets = state
        .conversations
        .handoffs(&shop)
        .await
        .map_err(|err| ApiError::unavailable("the hand-off queue cannot be read; try again", err))?;
    let handoffs: Vec<TicketOut<'_>> = tickets.iter().map(TicketOut::of).collect();
    Ok(Json(json!({"shop": shop.as_str(), "handoffs": handoffs})))
}

pub async fn ingest(
    State(state): State<Arc<AppState>>,
    ShopCaller { shop, caller }: ShopCaller,
    Body(request): Body<IngestRequest>,
) -> Result<Response, ApiError> {
    let (dir, _scratch) = match (request.dir, request.files) {
        (Some(dir), None) => {
            let dir = shop_directory(&state.knowledge_dir, &shop, &dir, caller)
                .map_err(|message| ApiError::Forbidden(ErrorCode::DirNotAllowed, message))?;
            (dir, None)
        }
        (None, Some(files)) => {
            let scratch =
                write_files(&files).map_err(|message| ApiError::bad_request(ErrorCode::InvalidFiles, message))?;
            (scratch.path().to_owned(), Some(scratch))
        }
        _ => return Err(ApiError::bad_request(ErrorCode::InvalidBody, "give exactly one of \"dir\" and \"files\"")),
    };
    match state.ingestor.ingest(&shop, &dir).await {
        Ok(report) => Ok((StatusCode::OK, Json(ReportOut::of(&report))).into_response()),
        Err(IngestError::Invalid(problems)) => Err(ApiError::Invalid {
            code: ErrorCode::InvalidShop,
            message: "the shop was rejected whole; nothing was written".into(),
            problems: problems.iter().map(ToString::to_string).collect(),
        }),
        Err(err) => Err(ApiError::Internal {
            code: ErrorCode::IngestFailed,
            message: format!("ingesting {shop} failed; see the server log"),
            cause: err.into(),
        }),
    }
}

/// Writes uploaded files into a scratch directory, refusing paths that leave it.
fn write_files(files: &BTreeMap<String, String>) -> Result<tempfile::TempDir, String> {
    let scratch = tempfile::tempdir().map_err(|e| format!("no scratch space: {e}"))?;
    for (name, text) in files {
        let relative = Path::new(name);
        let safe = relative.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe || name.is_empty() {
            return Err(format!("{name:?} is not a relative path inside the shop directory"));
        }
        let path = scratch.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{name}: {e}"))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(scratch)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentRequest {
    id: String,
    name: String,
    email: String,
    password: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    language: Option<String>,
    shops: Vec<String>,
}

pub async fn add_agent(
    State(state): State<Arc<AppState>>,
    _: Operator,
    Body(request): Body<AgentRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let invalid = |message: String| ApiError::invalid(ErrorCode::InvalidAgent, message);
    let role = request.role.as_deref().unwrap_or("agent");
    let role = Role::parse(role).ok_or_else(|| invalid(format!("role: agent or shop_admin, not {role:?}")))?;
    let language = request.language.as_deref().unwrap_or("en");
    let language =
        Language::parse(language).ok_or_else(|| invalid(format!("language: {language:?} is not a language tag")))?;
    let shops = request
        .shops
        .iter()
        .map(|shop| ShopId::parse(shop).map_err(|err| invalid(format!("shops: {err}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let new = NewAgent {
        id: request.id,
        name: request.name,
        email: request.email,
        password: request.password,
        role,
        language,
        shops,
    };
    match state.console.add_agent(new).await {
        Ok(agent) => Ok(Json(json!(AgentOut::of(&agent)))),
        Err(ConsoleError::Invalid(message)) => Err(invalid(message)),
        Err(err) => Err(ApiError::unavailable("the agent cannot be saved; try again", err)),
    }
}

/// The directory an ingestion names, when `caller` may name it: only the operator, and only
/// the shop's own directory under `knowledge.dir` (or one inside it) — never another shop's or
/// any other place on the server.
fn shop_directory(knowledge_dir: &Path, shop: &ShopId, dir: &Path, caller: Caller) -> Result<PathBuf, String> {
    if caller != Caller::Operator {
        return Err(
            "a shop's key uploads the shop's files ({\"files\": …}); only the operator's token names a directory"
                .into(),
        );
    }
    let outside = || format!("\"dir\" must be the shop's own directory, knowledge.dir/{shop} (or inside it)");
    let own = knowledge_dir.join(shop.as_str()).canonicalize().map_err(|_| outside())?;
    let given = if dir.is_relative() { knowledge_dir.join(dir) } else { dir.to_owned() };
    let given = given.canonicalize().map_err(|_| outside())?;
    if given.starts_with(&own) { Ok(given) } else { Err(outside()) }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRequest {
    label: String,
    /// Days the key works (1–3650); without it, until revoked.
    #[serde(default)]
    expires_in_days: Option<u32>,
}

/// `POST /v1/admin/shops/{shop}/keys` (admin token only): a key for the shop's own systems,
/// shown once.
pub async fn add_key(
    State(state): State<Arc<AppState>>,
    OperatorShop(shop): OperatorShop,
    Body(request): Body<KeyRequest>,
) -> Result<Response, ApiError> {
    let lifetime = request
        .expires_in_days
        .map(crate::console::key_lifetime)
        .transpose()
        .map_err(|err| ApiError::invalid(ErrorCode::InvalidKey, err.to_string()))?;
    match state.console.add_api_key(&shop, &request.label, lifetime).await {
        Ok(key) => Ok((StatusCode::CREATED, Json(json!({"shop": shop.as_str(), "key": key}))).into_response()),
        Err(ConsoleError::Invalid(message)) => Err(ApiError::invalid(ErrorCode::InvalidKey, message)),
        Err(err) => Err(ApiError::unavailable("the key cannot be saved; try again", err)),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraseRequest {
    #[serde(default)]
    conversation: Option<String>,
    #[serde(default)]
    platform: Option<String>,
    #[serde(default)]
    platform_conversation: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    /// Answer with everything erased, first.
    #[serde(default)]
    export: bool,
}

/// `POST /v1/admin/shops/{shop}/erase` (the admin token or the shop's key): erases one buyer's
/// conversation everywhere — `{"conversation"}`, `{"platform", "platform_conversation"}` or
/// `{"phone"}` (their WhatsApp conversation), with `"export": true` to get it back first. 200
/// with what was removed; 404 when the shop has no such conversation.
pub async fn erase(
    State(state): State<Arc<AppState>>,
    ShopCaller { shop, .. }: ShopCaller,
    Body(request): Body<EraseRequest>,
) -> Result<Response, ApiError> {
    let named = crate::erasure::Whose::named(
        request.conversation,
        request.platform,
        request.platform_conversation,
        request.phone,
    );
    let key = named
        .and_then(|whose| whose.key(&shop))
        .map_err(|message| ApiError::invalid(ErrorCode::InvalidErasure, message))?;
    match state.eraser.erase(&key, request.export).await {
        Ok(Some(erased)) => Ok(Json(ErasedOut::of(&erased)).into_response()),
        Ok(None) => Err(ApiError::not_found("the shop has no such conversation")),
        Err(err) => Err(ApiError::unavailable("the erasure failed; try again", err)),
    }
}

/// Most actions one listing returns.
const ACTIONS_LISTED: usize = 500;

/// `GET /v1/admin/shops/{shop}/actions` (the admin token or the shop's key): the actions on
/// orders the shop's buyers confirmed, newest first, at most 500 — each with its idempotency
/// key, exact arguments, state (awaiting_approval, executing, done, failed, refused, rejected,
/// expired), attempts and any error.
pub async fn actions(
    State(state): State<Arc<AppState>>,
    ShopCaller { shop, .. }: ShopCaller,
) -> Result<Json<serde_json::Value>, ApiError> {
    let settings = state.conversations.shop(&shop).ok_or_else(|| ApiError::not_found("kefu has no such shop"))?;
    let records = state
        .actions
        .list(&settings, ACTIONS_LISTED, jiff::Timestamp::now())
        .await
        .map_err(|err| ApiError::unavailable("the actions cannot be read right now; try again", err))?;
    Ok(Json(json!({ "actions": ActionOut::all(&records) })))
}

/// `DELETE /v1/admin/shops/{shop}` (admin token only): the shop and everything kefu keeps of
/// it (`erasure::delete_shop`); what was removed, or 404 for a shop kefu does not know.
pub async fn delete_shop(
    State(state): State<Arc<AppState>>,
    OperatorShop(shop): OperatorShop,
) -> Result<Response, ApiError> {
    match crate::erasure::delete_shop(&state.ingestor, &state.eraser, &shop).await {
        Ok(deleted) => {
            tracing::warn!(shop = %shop, conversations = deleted.conversations, "shop deleted");
            Ok(Json(ShopDeletedOut::of(&deleted)).into_response())
        }
        Err(crate::erasure::DeleteError::Unknown(_)) => Err(ApiError::not_found("kefu has no such shop")),
        Err(err) => Err(ApiError::unavailable("the deletion stopped part way; send it again to finish", err)),
    }
}

/// `GET /v1/admin/shops/{shop}/keys` (admin token only): the shop's keys — id, label, created,
/// expiry — never the keys.
pub async fn list_keys(
    State(state): State<Arc<AppState>>,
    OperatorShop(shop): OperatorShop,
) -> Result<Json<serde_json::Value>, ApiError> {
    let keys = state.console.api_keys(&shop).await.map_err(store_unavailable)?;
    Ok(Json(json!({"shop": shop.as_str(), "keys": KeyOut::all(&keys)})))
}

/// `DELETE /v1/admin/shops/{shop}/keys/{id}` (admin token only): revokes the key at once.
pub async fn revoke_key(
    State(state): State<Arc<AppState>>,
    OperatorShop(shop): OperatorShop,
    UrlPath((_, id)): UrlPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    match state.console.revoke_api_key(&shop, &id).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(ConsoleError::NotFound) => Err(ApiError::not_found("the shop has no key with that id")),
        Err(err) => Err(store_unavailable(err)),
    }
}

/// `POST /v1/admin/agents/{id}/disable` (admin token only): the agent's sessions end at once.
pub async fn disable_agent(
    State(state): State<Arc<AppState>>,
    _: Operator,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    set_disabled(&state, &id, true).await
}

/// `POST /v1/admin/agents/{id}/enable` (admin token only).
pub async fn enable_agent(
    State(state): State<Arc<AppState>>,
    _: Operator,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    set_disabled(&state, &id, false).await
}

async fn set_disabled(state: &AppState, id: &str, disabled: bool) -> Result<Json<serde_json::Value>, ApiError> {
    match state.console.set_disabled(id, disabled).await {
        Ok(agent) => Ok(Json(json!({"id": agent.id, "disabled": agent.disabled}))),
        Err(ConsoleError::NotFound) => Err(ApiError::not_found("no agent has that id")),
        Err(err) => Err(store_unavailable(err)),
    }
}

/// `DELETE /v1/admin/agents/{id}` (admin token only): the agent's sessions end at once.
pub async fn delete_agent(
    State(state): State<Arc<AppState>>,
    _: Operator,
    UrlPath(id): UrlPath<String>,
) -> Result<StatusCode, ApiError> {
    match state.console.remove_agent(&id).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(ConsoleError::NotFound) => Err(ApiError::not_found("no agent has that id")),
        Err(err) => Err(store_unavailable(err)),
    }
}

fn store_unavailable(err: ConsoleError) -> ApiError {
    ApiError::unavailable("the store cannot be reached; try again", err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_paths_stay_inside_the_scratch_directory() {
        for bad in ["../escape.md", "/etc/passwd", "policies/../../x", ""] {
            let files = BTreeMap::from([(bad.to_owned(), "x".to_owned())]);
            assert!(write_files(&files).is_err(), "{bad:?}");
        }
        let files = BTreeMap::from([("policies/returns.md".to_owned(), "## A\nb".to_owned())]);
        let dir = write_files(&files).unwrap();
        assert!(dir.path().join("policies/returns.md").is_file());
    }

    #[test]
    fn only_the_operator_names_a_directory_and_only_the_shops_own() {
        let knowledge = tempfile::tempdir().unwrap();
        for shop in ["shop-a", "shop-b", "shop-a/policies"] {
            std::fs::create_dir_all(knowledge.path().join(shop)).unwrap();
        }
        let (a, dir) = (ShopId::parse("shop-a").unwrap(), knowledge.path());
        let own = dir.join("shop-a").canonicalize().unwrap();
        assert_eq!(shop_directory(dir, &a, &dir.join("shop-a"), Caller::Operator), Ok(own.clone()));
        assert_eq!(shop_directory(dir, &a, Path::new("shop-a"), Caller::Operator), Ok(own.clone()));
        assert!(shop_directory(dir, &a, Path::new("shop-a/policies"), Caller::Operator).is_ok());
        for other in ["shop-b", "shop-a/../shop-b", ".", "/", "shop-a-copy", "../"] {
            assert!(shop_directory(dir, &a, Path::new(other), Caller::Operator).is_err(), "{other}");
        }
        let refused = shop_directory(dir, &a, &dir.join("shop-a"), Caller::ShopKey).unwrap_err();
        assert!(refused.contains("only the operator"), "{refused}");
    }
}
