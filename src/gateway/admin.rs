//! The admin API, authenticated with the bearer token from `admin.token` (401 without a valid
//! token; 403 when no token is configured); a shop's endpoints also take one of that shop's API
//! keys:
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
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::AppState;
use crate::console::store::Role;
use crate::console::{ConsoleError, NewAgent};
use crate::crypto::constant_time_eq;
use crate::domain::{Language, ShopId};
use crate::ingestion::{IngestError, IngestReport};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestRequest {
    #[serde(default)]
    dir: Option<PathBuf>,
    #[serde(default)]
    files: Option<BTreeMap<String, String>>,
}

#[derive(Serialize)]
struct ReportBody<'a> {
    shop: &'a str,
    passages: usize,
    embedded: usize,
    unchanged: usize,
    deleted: usize,
    orders: usize,
    warnings: Vec<String>,
    elapsed_ms: u128,
}

/// The shop's hand-off queue: `{"shop", "handoffs": [{"conversation", "seq", "at_ms", "reason",
/// "language", "intent"}]}`.
pub async fn handoffs(
    State(state): State<Arc<AppState>>,
    UrlPath(shop): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let shop = match authorized_shop(&state, &headers, &shop).await {
        Ok((shop, _)) => shop,
        Err(refusal) => return *refusal,
    };
    if state.conversations.shop(&shop).is_none() {
        return problem(StatusCode::NOT_FOUND, "unknown_shop", &format!("no shop {shop} is served here"));
    }
    match state.conversations.handoffs(&shop).await {
        Ok(tickets) => (StatusCode::OK, Json(json!({"shop": shop.as_str(), "handoffs": tickets}))).into_response(),
        Err(err) => {
            tracing::error!(error.message = %err, "cannot read the hand-off queue");
            problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "the hand-off queue cannot be read; try again")
        }
    }
}

pub async fn ingest(
    State(state): State<Arc<AppState>>,
    UrlPath(shop): UrlPath<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let (shop, caller) = match authorized_shop(&state, &headers, &shop).await {
        Ok(authorized) => authorized,
        Err(refusal) => return *refusal,
    };
    let request: IngestRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                &format!("expected {{\"dir\": …}} or {{\"files\": {{…}}}}: {err}"),
            );
        }
    };
    let (dir, _scratch) = match (request.dir, request.files) {
        (Some(dir), None) => match shop_directory(&state.knowledge_dir, &shop, &dir, caller) {
            Ok(dir) => (dir, None),
            Err(message) => return problem(StatusCode::FORBIDDEN, "dir_not_allowed", &message),
        },
        (None, Some(files)) => match write_files(&files) {
            Ok(scratch) => (scratch.path().to_owned(), Some(scratch)),
            Err(message) => return problem(StatusCode::BAD_REQUEST, "invalid_files", &message),
        },
        _ => return problem(StatusCode::BAD_REQUEST, "invalid_body", "give exactly one of \"dir\" and \"files\""),
    };
    match state.ingestor.ingest(&shop, &dir).await {
        Ok(report) => (StatusCode::OK, Json(report_body(&report))).into_response(),
        Err(IngestError::Invalid(problems)) => {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            let body = json!({"code": "invalid_shop", "message": "the shop was rejected whole; nothing was written", "problems": problems});
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
        Err(err) => {
            tracing::error!(shop = %shop, error.message = %err, "ingestion failed");
            problem(StatusCode::INTERNAL_SERVER_ERROR, "ingest_failed", "ingestion failed; see the server log")
        }
    }
}

/// The response refusing the request, or `None` when its token is right.
fn refusal(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    let expected = state.admin_token.expose();
    if expected.is_empty() {
        let message = "the admin API is off: set admin.token (KEFU__ADMIN__TOKEN)";
        return Some(problem(StatusCode::FORBIDDEN, "admin_disabled", message));
    }
    if constant_time_eq(bearer(headers).as_bytes(), expected.as_bytes()) {
        return None;
    }
    Some(problem(StatusCode::UNAUTHORIZED, "unauthorized", "send Authorization: Bearer <admin.token>"))
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

fn report_body(report: &IngestReport) -> ReportBody<'_> {
    ReportBody {
        shop: report.shop.as_str(),
        passages: report.passages,
        embedded: report.embedded,
        unchanged: report.unchanged,
        deleted: report.deleted,
        orders: report.orders,
        warnings: report.warnings.iter().map(ToString::to_string).collect(),
        elapsed_ms: report.elapsed.as_millis(),
    }
}

/// The shop a request names, once its token is accepted; otherwise the response refusing it.
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

pub async fn add_agent(State(state): State<Arc<AppState>>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Some(refusal) = refusal(&state, &headers) {
        return refusal;
    }
    let request: AgentRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => return problem(StatusCode::BAD_REQUEST, "invalid_body", &format!("expected an agent: {err}")),
    };
    let invalid = |message: String| problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_agent", &message);
    let role = request.role.as_deref().unwrap_or("agent");
    let Some(role) = Role::parse(role) else { return invalid(format!("role: agent or shop_admin, not {role:?}")) };
    let language = request.language.as_deref().unwrap_or("en");
    let Some(language) = Language::parse(language) else {
        return invalid(format!("language: {language:?} is not a language tag"));
    };
    let mut shops = Vec::new();
    for shop in &request.shops {
        match ShopId::parse(shop) {
            Ok(shop) => shops.push(shop),
            Err(err) => return invalid(format!("shops: {err}")),
        }
    }
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
        Ok(agent) => {
            let shops: Vec<&str> = agent.shops.iter().map(|s| s.as_str()).collect();
            let body = json!({"id": agent.id, "name": agent.name, "email": agent.email, "role": agent.role, "language": agent.language.as_str(), "shops": shops});
            (StatusCode::OK, Json(body)).into_response()
        }
        Err(ConsoleError::Invalid(message)) => invalid(message),
        Err(err) => {
            tracing::error!(error.message = %err, "cannot save the agent");
            problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "the agent cannot be saved; try again")
        }
    }
}

/// Who is asking: the deployment's operator (the admin token) or a shop's own systems (one of
/// its API keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Operator,
    ShopKey,
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

/// The shop of the path, when the request carries the admin token (a shop's key is refused).
fn operator_shop(state: &AppState, headers: &HeaderMap, shop: &str) -> Result<ShopId, Box<Response>> {
    if let Some(refusal) = refusal(state, headers) {
        return Err(Box::new(refusal));
    }
    ShopId::parse(shop).map_err(|err| Box::new(problem(StatusCode::BAD_REQUEST, "invalid_shop_id", &err.to_string())))
}

/// The shop of the path, when the request carries the admin token or one of that shop's API
/// keys (a key of another shop is refused like a wrong token).
async fn authorized_shop(state: &AppState, headers: &HeaderMap, shop: &str) -> Result<(ShopId, Caller), Box<Response>> {
    let shop = ShopId::parse(shop)
        .map_err(|err| Box::new(problem(StatusCode::BAD_REQUEST, "invalid_shop_id", &err.to_string())))?;
    let Some(refusal) = refusal(state, headers) else { return Ok((shop, Caller::Operator)) };
    let given = bearer(headers);
    if given.starts_with("kefu_") {
        match state.console.shop_of_key(given).await {
            Ok(Some(owner)) if owner == shop => return Ok((shop, Caller::ShopKey)),
            Ok(_) => {}
            Err(err) => {
                tracing::error!(error.message = %err, "cannot read API keys");
                let message = "the key cannot be checked right now; try again";
                return Err(Box::new(problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)));
            }
        }
        let message = "this key does not belong to this shop (or does not exist)";
        return Err(Box::new(problem(StatusCode::UNAUTHORIZED, "unauthorized", message)));
    }
    Err(Box::new(refusal))
}

fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
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
    UrlPath(shop): UrlPath<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let shop = match operator_shop(&state, &headers, &shop) {
        Ok(shop) => shop,
        Err(refusal) => return *refusal,
    };
    let request: KeyRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => return problem(StatusCode::BAD_REQUEST, "invalid_body", &format!("expected {{\"label\"}}: {err}")),
    };
    let lifetime = match request.expires_in_days.map(crate::console::key_lifetime).transpose() {
        Ok(lifetime) => lifetime,
        Err(err) => return problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_key", &err.to_string()),
    };
    match state.console.add_api_key(&shop, &request.label, lifetime).await {
        Ok(key) => (StatusCode::CREATED, Json(json!({"shop": shop.as_str(), "key": key}))).into_response(),
        Err(ConsoleError::Invalid(message)) => problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_key", &message),
        Err(err) => {
            tracing::error!(error.message = %err, "cannot save the key");
            problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "the key cannot be saved; try again")
        }
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
    UrlPath(shop): UrlPath<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let (shop, _) = match authorized_shop(&state, &headers, &shop).await {
        Ok(authorized) => authorized,
        Err(refusal) => return *refusal,
    };
    let request: EraseRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => return problem(StatusCode::BAD_REQUEST, "invalid_body", &format!("expected an erasure: {err}")),
    };
    let named = crate::erasure::Whose::named(
        request.conversation,
        request.platform,
        request.platform_conversation,
        request.phone,
    );
    let key = match named.and_then(|whose| whose.key(&shop)) {
        Ok(key) => key,
        Err(message) => return problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_erasure", &message),
    };
    match state.eraser.erase(&key, request.export).await {
        Ok(Some(erased)) => Json(erased).into_response(),
        Ok(None) => problem(StatusCode::NOT_FOUND, "not_found", "the shop has no such conversation"),
        Err(err) => {
            tracing::error!(error.message = %err, "erasure failed");
            problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "the erasure failed; try again")
        }
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
    UrlPath(shop): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let (shop, _) = match authorized_shop(&state, &headers, &shop).await {
        Ok(authorized) => authorized,
        Err(refusal) => return *refusal,
    };
    let Some(settings) = state.conversations.shop(&shop) else {
        return problem(StatusCode::NOT_FOUND, "not_found", "kefu has no such shop");
    };
    match state.actions.list(&settings, ACTIONS_LISTED, jiff::Timestamp::now()).await {
        Ok(records) => Json(json!({ "actions": records })).into_response(),
        Err(err) => {
            tracing::error!(error.message = %err, "cannot list actions");
            problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "the actions cannot be read right now; try again")
        }
    }
}

/// `DELETE /v1/admin/shops/{shop}` (admin token only): the shop and everything kefu keeps of
/// it (`erasure::delete_shop`); what was removed, or 404 for a shop kefu does not know.
pub async fn delete_shop(
    State(state): State<Arc<AppState>>,
    UrlPath(shop): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let shop = match operator_shop(&state, &headers, &shop) {
        Ok(shop) => shop,
        Err(refusal) => return *refusal,
    };
    match crate::erasure::delete_shop(&state.ingestor, &state.eraser, &shop).await {
        Ok(deleted) => {
            tracing::warn!(shop = %shop, conversations = deleted.conversations, "shop deleted");
            Json(deleted).into_response()
        }
        Err(crate::erasure::DeleteError::Unknown(_)) => {
            problem(StatusCode::NOT_FOUND, "not_found", "kefu has no such shop")
        }
        Err(err) => {
            tracing::error!(error.message = %err, "deleting a shop failed");
            problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the deletion stopped part way; send it again to finish",
            )
        }
    }
}

/// `GET /v1/admin/shops/{shop}/keys` (admin token only): the shop's keys — id, label, created,
/// expiry — never the keys.
pub async fn list_keys(
    State(state): State<Arc<AppState>>,
    UrlPath(shop): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let shop = match operator_shop(&state, &headers, &shop) {
        Ok(shop) => shop,
        Err(refusal) => return *refusal,
    };
    match state.console.api_keys(&shop).await {
        Ok(keys) => Json(json!({"shop": shop.as_str(), "keys": keys})).into_response(),
        Err(err) => unavailable(&err),
    }
}

/// `DELETE /v1/admin/shops/{shop}/keys/{id}` (admin token only): revokes the key at once.
pub async fn revoke_key(
    State(state): State<Arc<AppState>>,
    UrlPath((shop, id)): UrlPath<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let shop = match operator_shop(&state, &headers, &shop) {
        Ok(shop) => shop,
        Err(refusal) => return *refusal,
    };
    match state.console.revoke_api_key(&shop, &id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(ConsoleError::NotFound) => problem(StatusCode::NOT_FOUND, "not_found", "the shop has no key with that id"),
        Err(err) => unavailable(&err),
    }
}

/// `POST /v1/admin/agents/{id}/{disable|enable}` and `DELETE /v1/admin/agents/{id}` (admin
/// token only): a disabled or deleted agent's sessions end at once.
pub async fn agent_action(
    State(state): State<Arc<AppState>>,
    UrlPath((id, action)): UrlPath<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(refusal) = refusal(&state, &headers) {
        return refusal;
    }
    let disabled = match action.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return problem(StatusCode::NOT_FOUND, "not_found", "agent actions: disable, enable"),
    };
    match state.console.set_disabled(&id, disabled).await {
        Ok(agent) => Json(json!({"id": agent.id, "disabled": agent.disabled})).into_response(),
        Err(ConsoleError::NotFound) => problem(StatusCode::NOT_FOUND, "not_found", "no agent has that id"),
        Err(err) => unavailable(&err),
    }
}

pub async fn delete_agent(
    State(state): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refusal) = refusal(&state, &headers) {
        return refusal;
    }
    match state.console.remove_agent(&id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(ConsoleError::NotFound) => problem(StatusCode::NOT_FOUND, "not_found", "no agent has that id"),
        Err(err) => unavailable(&err),
    }
}

fn unavailable(err: &ConsoleError) -> Response {
    tracing::error!(error.message = %err, "console store");
    problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "the store cannot be reached; try again")
}

fn problem(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"code": code, "message": message}))).into_response()
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
