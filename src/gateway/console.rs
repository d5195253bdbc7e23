//! The agent console's edge (docs/console.md): the page at `/console`, its JSON API under
//! `/v1/console`, and its live socket. Every handler takes the agent's session (`SignedIn`) and
//! answers errors as `ApiError`; what an agent may see is decided in `console::Console`, never
//! here.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::AppState;
use super::error::ApiError;
use super::extract::{Body, COOKIE, InConversation, InShop, SECURE_COOKIE, SignedIn, session_token};
use super::wire::ErrorCode;
use super::wire::console::{
    ActionOut, AgentOut, AuditOut, CannedOut, ConversationOut, EntryOut, QueueItemOut, ReviewOut, ReviewSummaryOut,
    SentOut,
};
use crate::console::ConsoleError;
use crate::console::store::Agent;
use crate::domain::{Entry, EntryBody};

const PAGE: &str = include_str!("console.html");

fn session_cookie(state: &AppState, value: &str, max_age: u64) -> String {
    if state.console_secure_cookie {
        format!("{SECURE_COOKIE}={value}; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}")
    } else {
        format!("{COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}")
    }
}

/// `GET /console`: the page.
pub async fn page() -> Html<&'static str> {
    Html(PAGE)
}

/// Every console request and response: a request a browser sends from another site (its
/// `Origin` is not this host) is refused before it reaches a handler, so another page can
/// neither act with an agent's cookie nor open the live socket; answers are never cached or
/// framed, and the page may run only its own script and style.
pub async fn guard(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let same_site = |origin: &str| {
        let authority = origin.split_once("://").map_or(origin, |(_, rest)| rest).trim_end_matches('/');
        host.is_some_and(|host| host.eq_ignore_ascii_case(authority))
    };
    if origin.is_some_and(|origin| !same_site(origin)) {
        let message = "the console answers only its own pages";
        return ApiError::Forbidden(ErrorCode::CrossOrigin, message.into()).into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Ok(policy) = HeaderValue::from_str(content_security_policy()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// The console page's policy: its one inline script and style by hash, requests to this host,
/// images from here or https, no framing.
fn content_security_policy() -> &'static str {
    static POLICY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| {
        let hash = |open: &str, close: &str| {
            let start = PAGE.find(open).map(|i| i + open.len()).unwrap_or(0);
            let end = PAGE[start..].find(close).map_or(start, |i| start + i);
            use base64::Engine;
            use sha2::Digest;
            let digest = sha2::Sha256::digest(&PAGE.as_bytes()[start..end]);
            format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        };
        format!(
            "default-src 'none'; script-src {}; style-src {}; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            hash("<script>", "</script>"),
            hash("<style>", "</style>"),
        )
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    email: String,
    password: String,
}

pub async fn login(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Body(login): Body<Login>,
) -> Result<Response, ApiError> {
    let (token, session, agent) =
        state.console.login(&login.email, &login.password, super::serve::client_key(peer.ip())).await?;
    let max_age = session.expires_at_ms.saturating_sub(crate::domain::now_ms()) / 1000;
    let cookie = session_cookie(&state, &token, max_age);
    let body = json!({"token": token, "expires_at_ms": session.expires_at_ms, "agent": AgentOut::of(&agent)});
    Ok((StatusCode::OK, [(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

pub async fn logout(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response, ApiError> {
    let token = session_token(&headers).ok_or(ConsoleError::Unauthenticated)?;
    state.console.logout(&token).await?;
    let expired = session_cookie(&state, "", 0);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)]).into_response())
}

pub async fn me(SignedIn { agent, .. }: SignedIn) -> Json<serde_json::Value> {
    Json(json!({"agent": AgentOut::of(&agent)}))
}

pub async fn queue(
    State(state): State<Arc<AppState>>,
    SignedIn { agent, .. }: SignedIn,
) -> Result<Json<serde_json::Value>, ApiError> {
    let items = state.console.queue(&agent).await?;
    Ok(Json(json!({"items": QueueItemOut::all(&items)})))
}

pub async fn conversation(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
) -> Result<Json<serde_json::Value>, ApiError> {
    let view = state.console.conversation(&scope).await?;
    Ok(Json(json!(ConversationOut::of(&view))))
}

/// `POST …/conversations/{id}/translate`: the buyer's messages in the agent's language.
pub async fn translate(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
) -> Result<Json<serde_json::Value>, ApiError> {
    let translations = state.console.translate(&scope).await?;
    Ok(Json(json!({"translations": translations})))
}

/// `POST …/conversations/{id}/claim`.
pub async fn claim(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
) -> Result<Json<serde_json::Value>, ApiError> {
    let holder = state.console.claim(&scope).await?;
    Ok(Json(json!({"claimed_by": holder})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    text: String,
    #[serde(default = "yes")]
    translate: bool,
}

fn yes() -> bool {
    true
}

/// `POST …/conversations/{id}/reply`: `{"text", "translate"?}`.
pub async fn reply(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
    Body(reply): Body<Reply>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let sent = state.console.reply(&scope, &reply.text, reply.translate).await?;
    Ok(Json(json!(SentOut::of(&sent))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    text: String,
}

/// `POST …/conversations/{id}/notes`: `{"text"}`, seen by people only.
pub async fn note(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
    Body(note): Body<Note>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let seq = state.console.note(&scope, &note.text).await?;
    Ok(Json(json!({"seq": seq})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    agent: String,
}

/// `POST …/conversations/{id}/transfer`: `{"agent"}`.
pub async fn transfer(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
    Body(transfer): Body<Transfer>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let to = state.console.transfer(&scope, &transfer.agent).await?;
    Ok(Json(json!({"claimed_by": to})))
}

/// `POST …/conversations/{id}/resolve`: back to the bot.
pub async fn resolve(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
) -> Result<Json<serde_json::Value>, ApiError> {
    let seq = state.console.resolve(&scope).await?;
    Ok(Json(json!({"seq": seq})))
}

/// `GET …/conversations/{id}/canned`: the shop's canned replies, filled in for this
/// conversation.
pub async fn canned_for(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
) -> Result<Json<serde_json::Value>, ApiError> {
    let replies = state.console.canned_for(&scope).await?;
    Ok(Json(json!({"replies": CannedOut::all(&replies)})))
}

/// `GET …/conversations/{id}/export`: the whole transcript, as a download.
pub async fn export(
    State(state): State<Arc<AppState>>,
    InConversation(scope): InConversation,
) -> Result<Response, ApiError> {
    let view = state.console.export(&scope).await?;
    let entries: Vec<EntryOut<'_>> = view.entries.iter().map(EntryOut::of).collect();
    let body = json!({"shop": view.shop, "conversation": view.conversation, "channel": view.channel,
        "exported_at_ms": crate::domain::now_ms(), "exported_by": scope.agent().id, "entries": entries});
    let file = format!("attachment; filename=\"kefu-{}-{}.json\"", view.shop, view.conversation);
    Ok(([(header::CONTENT_DISPOSITION, file)], Json(body)).into_response())
}

/// `GET /v1/console/shops/{shop}/canned`.
pub async fn canned(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
) -> Result<Json<serde_json::Value>, ApiError> {
    let replies = state.console.canned(&scope).await?;
    Ok(Json(json!({"replies": CannedOut::all(&replies)})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCanned {
    title: String,
    text: String,
}

/// `POST /v1/console/shops/{shop}/canned`: `{"title", "text"}` (shop admins).
pub async fn add_canned(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
    Body(new): Body<NewCanned>,
) -> Result<Response, ApiError> {
    let canned = state.console.add_canned(&scope, &new.title, &new.text).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": canned.id}))).into_response())
}

pub async fn delete_canned(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
    Path((_, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state.console.delete_canned(&scope, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    question: String,
    answer: String,
}

/// `POST /v1/console/shops/{shop}/faq`: an answer becomes one of the shop's FAQ entries.
pub async fn learn(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
    Body(faq): Body<Faq>,
) -> Result<Response, ApiError> {
    state.console.learn(&scope, &faq.question, &faq.answer).await?;
    Ok((StatusCode::CREATED, Json(json!({"question": faq.question.trim()}))).into_response())
}

/// `GET /v1/console/shops/{shop}/reviews`.
pub async fn reviews(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (items, summary) = state.console.reviews(&scope).await?;
    Ok(Json(json!({"items": ReviewOut::all(&items), "summary": ReviewSummaryOut::of(&summary)})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    conversation: String,
    seq: u64,
    verdict: crate::domain::Verdict,
}

/// `POST /v1/console/shops/{shop}/reviews`: `{"conversation", "seq", "verdict"}`.
pub async fn review(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
    Body(judged): Body<Judged>,
) -> Result<StatusCode, ApiError> {
    state.console.review(&scope, &judged.conversation, judged.seq, judged.verdict).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /v1/console/shops/{shop}/actions`: the shop's confirmed actions on orders, newest first;
/// those `awaiting_approval` are the cards to decide.
pub async fn actions(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
) -> Result<Json<serde_json::Value>, ApiError> {
    let items = state.console.actions(&scope).await?;
    Ok(Json(json!({"items": ActionOut::all(&items)})))
}

/// `POST /v1/console/shops/{shop}/actions/{key}/approve`: the shop carries out an action that
/// waited for it; the buyer is told.
pub async fn approve_action(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
    Path((_, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let record = state.console.decide_action(&scope, &key, true).await?;
    Ok(Json(ActionOut::of(&record)).into_response())
}

/// `POST /v1/console/shops/{shop}/actions/{key}/reject`: the shop refuses it; the buyer is told.
pub async fn reject_action(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
    Path((_, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let record = state.console.decide_action(&scope, &key, false).await?;
    Ok(Json(ActionOut::of(&record)).into_response())
}

pub async fn audit(
    State(state): State<Arc<AppState>>,
    InShop(scope): InShop,
) -> Result<Json<serde_json::Value>, ApiError> {
    let items = state.console.audit_log(&scope).await?;
    Ok(Json(json!({"items": AuditOut::all(&items)})))
}

/// `GET /v1/console/ws`: the live queue of the agent's shops.
pub async fn socket(
    State(state): State<Arc<AppState>>,
    SignedIn { agent, token }: SignedIn,
    upgrade: WebSocketUpgrade,
) -> Response {
    let tracker = state.tracker.clone();
    upgrade.on_upgrade(move |socket| tracker.track_future(live(state, agent, token, socket)))
}

/// How often a live console socket checks that its session still holds (logout, expiry, a
/// password or role change, an agent removed).
const SESSION_CHECK: std::time::Duration = std::time::Duration::from_secs(5);
/// The close code a console socket gets when its session ends: log in again.
const SESSION_ENDED: u16 = 4401;

/// Sends the queue, then every change to it and every entry of a conversation a person owns,
/// for the agent's shops only, until the socket closes or the server shuts down.
async fn live(state: Arc<AppState>, mut agent: Agent, token: String, mut socket: WebSocket) {
    let mut feed = state.conversations.watch();
    if send_queue(&state, &agent, &mut socket).await.is_err() {
        return;
    }
    let mut check = tokio::time::interval(SESSION_CHECK);
    check.tick().await;
    loop {
        tokio::select! {
            _ = state.shutdown.cancelled() => {
                let _closing = socket.send(Message::Close(None)).await;
                return;
            }
            _ = check.tick() => match state.console.authenticate(&token).await {
                // The agent as they are now: their shops may have changed.
                Ok(now) => agent = now,
                Err(_) => {
                    let close = axum::extract::ws::CloseFrame { code: SESSION_ENDED, reason: "session ended; log in again".into() };
                    let _closing = socket.send(Message::Close(Some(close))).await;
                    return;
                }
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            stored = feed.recv() => {
                let frame = match stored {
                    Ok(stored) if agent.serves(&stored.key.shop) => frame_for(&state, &stored.key, &stored.entry).await,
                    Ok(_) => None,
                    Err(RecvError::Lagged(_)) => {
                        if send_queue(&state, &agent, &mut socket).await.is_err() {
                            return;
                        }
                        None
                    }
                    Err(RecvError::Closed) => return,
                };
                if let Some(frame) = frame
                    && socket.send(Message::Text(frame.to_string().into())).await.is_err()
                {
                    return;
                }
            }
        }
    }
}

async fn send_queue(state: &AppState, agent: &Agent, socket: &mut WebSocket) -> Result<(), ()> {
    let items = state.console.queue(agent).await.map_err(|err| tracing::error!(error.message = %err, "queue"))?;
    let frame = json!({"type": "queue", "items": QueueItemOut::all(&items)});
    socket.send(Message::Text(frame.to_string().into())).await.map_err(|_| ())
}

/// What the console shows of a stored entry: a hand-off as a new queue item, claims and
/// resolves as changes to the queue, and entries of conversations a person owns.
async fn frame_for(state: &AppState, key: &crate::domain::ConversationKey, entry: &Entry) -> Option<serde_json::Value> {
    let (shop, conversation) = (key.shop.as_str(), key.id.as_str());
    match &entry.body {
        EntryBody::Handoff { .. } => {
            let ticket = state.conversations.ticket(key).await.ok()??;
            let item = state.console.item(&key.shop, ticket).await.ok()?;
            Some(json!({"type": "handoff", "item": QueueItemOut::of(&item)}))
        }
        EntryBody::Claimed { agent, .. } => {
            Some(json!({"type": "claimed", "shop": shop, "conversation": conversation, "claimed_by": agent}))
        }
        EntryBody::Resolved { .. } => Some(json!({"type": "resolved", "shop": shop, "conversation": conversation})),
        EntryBody::Bot { .. } => None,
        EntryBody::Buyer { .. } | EntryBody::Agent { .. } | EntryBody::Note { .. } => {
            state.conversations.ticket(key).await.ok()??;
            Some(json!({"type": "entry", "shop": shop, "conversation": conversation, "entry": EntryOut::of(entry)}))
        }
    }
}
