//! The agent console's edge (docs/console.md): the page at `/console`, its JSON API under
//! `/v1/console`, and its live socket. Every handler starts by finding the session (cookie
//! `kefu_session` or `Authorization: Bearer`); what an agent may see is decided in
//! `console::Console`, never here.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::AppState;
use crate::console::ConsoleError;
use crate::console::store::Agent;
use crate::domain::{Entry, EntryBody};

const PAGE: &str = include_str!("console.html");
/// The session cookie: `__Host-` (Secure, this host only, path /) when served over HTTPS.
const COOKIE: &str = "kefu_session";
const SECURE_COOKIE: &str = "__Host-kefu_session";

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
        let body = json!({"error": {"code": "cross_origin", "message": "the console answers only its own pages"}});
        return (StatusCode::FORBIDDEN, Json(body)).into_response();
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
    body: axum::body::Bytes,
) -> Response {
    let login: Login = match parse(&body) {
        Ok(login) => login,
        Err(refusal) => return *refusal,
    };
    match state.console.login(&login.email, &login.password, super::serve::client_key(peer.ip())).await {
        Ok((token, session, agent)) => {
            let max_age = session.expires_at_ms.saturating_sub(crate::domain::now_ms()) / 1000;
            let cookie = session_cookie(&state, &token, max_age);
            let body = json!({"token": token, "expires_at_ms": session.expires_at_ms, "agent": AgentOut::of(&agent)});
            (StatusCode::OK, [(header::SET_COOKIE, cookie)], Json(body)).into_response()
        }
        Err(err) => refuse(err),
    }
}

pub async fn logout(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let Some(token) = token(&headers) else { return refuse(ConsoleError::Unauthenticated) };
    if let Err(err) = state.console.logout(&token).await {
        return refuse(err);
    }
    let expired = session_cookie(&state, "", 0);
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)]).into_response()
}

pub async fn me(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    match agent(&state, &headers).await {
        Ok(agent) => Json(json!({"agent": AgentOut::of(&agent)})).into_response(),
        Err(err) => refuse(err),
    }
}

pub async fn queue(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let result = async {
        let agent = agent(&state, &headers).await?;
        state.console.queue(&agent).await
    };
    match result.await {
        Ok(items) => Json(json!({"items": items})).into_response(),
        Err(err) => refuse(err),
    }
}

pub async fn conversation(
    State(state): State<Arc<AppState>>,
    Path((shop, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let agent = agent(&state, &headers).await?;
        state.console.conversation(&agent, &shop, &id).await
    };
    match result.await {
        Ok(view) => {
            let entries: Vec<EntryOut<'_>> = view.entries.iter().map(EntryOut::of).collect();
            Json(json!({
                "shop": view.shop,
                "conversation": view.conversation,
                "channel": view.channel,
                "owner": view.owner,
                "claimed_by": view.claimed_by,
                "buyer_language": view.buyer_language,
                "translation": view.translation,
                "entries": entries,
            }))
            .into_response()
        }
        Err(err) => refuse(err),
    }
}

/// The actions on one conversation: `translate`, `claim`, `reply`, `notes`, `transfer`,
/// `resolve`.
pub async fn act(
    State(state): State<Arc<AppState>>,
    Path((shop, id, action)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let agent = match agent(&state, &headers).await {
        Ok(agent) => agent,
        Err(err) => return refuse(err),
    };
    let console = &state.console;
    let result = match action.as_str() {
        "translate" => console.translate(&agent, &shop, &id).await.map(|t| json!({"translations": t})),
        "claim" => console.claim(&agent, &shop, &id).await.map(|holder| json!({"claimed_by": holder})),
        "reply" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Reply {
                text: String,
                #[serde(default = "yes")]
                translate: bool,
            }
            let reply: Reply = match parse(&body) {
                Ok(reply) => reply,
                Err(refusal) => return *refusal,
            };
            console.reply(&agent, &shop, &id, &reply.text, reply.translate).await.map(|sent| json!(sent))
        }
        "notes" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Note {
                text: String,
            }
            let note: Note = match parse(&body) {
                Ok(note) => note,
                Err(refusal) => return *refusal,
            };
            console.note(&agent, &shop, &id, &note.text).await.map(|seq| json!({"seq": seq}))
        }
        "transfer" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Transfer {
                agent: String,
            }
            let transfer: Transfer = match parse(&body) {
                Ok(transfer) => transfer,
                Err(refusal) => return *refusal,
            };
            console.transfer(&agent, &shop, &id, &transfer.agent).await.map(|to| json!({"claimed_by": to}))
        }
        "resolve" => console.resolve(&agent, &shop, &id).await.map(|seq| json!({"seq": seq})),
        _ => Err(ConsoleError::NotFound),
    };
    match result {
        Ok(body) => Json(body).into_response(),
        Err(err) => refuse(err),
    }
}

fn yes() -> bool {
    true
}

/// `GET …/conversations/{id}/canned`: the shop's canned replies, filled in for this
/// conversation; `GET …/conversations/{id}/export`: the whole transcript, as a download.
pub async fn look(
    State(state): State<Arc<AppState>>,
    Path((shop, id, what)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let agent = match agent(&state, &headers).await {
        Ok(agent) => agent,
        Err(err) => return refuse(err),
    };
    match what.as_str() {
        "canned" => match state.console.canned_for(&agent, &shop, &id).await {
            Ok(replies) => Json(json!({"replies": replies})).into_response(),
            Err(err) => refuse(err),
        },
        "export" => match state.console.export(&agent, &shop, &id).await {
            Ok(view) => {
                let entries: Vec<EntryOut<'_>> = view.entries.iter().map(EntryOut::of).collect();
                let body = json!({"shop": view.shop, "conversation": view.conversation, "channel": view.channel,
                    "exported_at_ms": crate::domain::now_ms(), "exported_by": agent.id, "entries": entries});
                let file = format!("attachment; filename=\"kefu-{}-{}.json\"", view.shop, view.conversation);
                ([(header::CONTENT_DISPOSITION, file)], Json(body)).into_response()
            }
            Err(err) => refuse(err),
        },
        _ => refuse(ConsoleError::NotFound),
    }
}

/// `GET` and `POST /v1/console/shops/{shop}/canned`.
pub async fn canned(
    State(state): State<Arc<AppState>>,
    Path(shop): Path<String>,
    method: axum::http::Method,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let agent = match agent(&state, &headers).await {
        Ok(agent) => agent,
        Err(err) => return refuse(err),
    };
    if method == axum::http::Method::GET {
        return match state.console.canned(&agent, &shop).await {
            Ok(replies) => Json(json!({"replies": replies})).into_response(),
            Err(err) => refuse(err),
        };
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NewCanned {
        title: String,
        text: String,
    }
    let new: NewCanned = match parse(&body) {
        Ok(new) => new,
        Err(refusal) => return *refusal,
    };
    match state.console.add_canned(&agent, &shop, &new.title, &new.text).await {
        Ok(canned) => (StatusCode::CREATED, Json(json!({"id": canned.id}))).into_response(),
        Err(err) => refuse(err),
    }
}

pub async fn delete_canned(
    State(state): State<Arc<AppState>>,
    Path((shop, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let agent = agent(&state, &headers).await?;
        state.console.delete_canned(&agent, &shop, &id).await
    };
    match result.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => refuse(err),
    }
}

/// `POST /v1/console/shops/{shop}/faq`: an answer becomes one of the shop's FAQ entries.
pub async fn learn(
    State(state): State<Arc<AppState>>,
    Path(shop): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Faq {
        question: String,
        answer: String,
    }
    let agent = match agent(&state, &headers).await {
        Ok(agent) => agent,
        Err(err) => return refuse(err),
    };
    let faq: Faq = match parse(&body) {
        Ok(faq) => faq,
        Err(refusal) => return *refusal,
    };
    match state.console.learn(&agent, &shop, &faq.question, &faq.answer).await {
        Ok(()) => (StatusCode::CREATED, Json(json!({"question": faq.question.trim()}))).into_response(),
        Err(err) => refuse(err),
    }
}

/// `GET` and `POST /v1/console/shops/{shop}/reviews`.
pub async fn reviews(
    State(state): State<Arc<AppState>>,
    Path(shop): Path<String>,
    method: axum::http::Method,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let agent = match agent(&state, &headers).await {
        Ok(agent) => agent,
        Err(err) => return refuse(err),
    };
    if method == axum::http::Method::GET {
        return match state.console.reviews(&agent, &shop).await {
            Ok((items, summary)) => Json(json!({"items": items, "summary": summary})).into_response(),
            Err(err) => refuse(err),
        };
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Judged {
        conversation: String,
        seq: u64,
        verdict: crate::domain::Verdict,
    }
    let judged: Judged = match parse(&body) {
        Ok(judged) => judged,
        Err(refusal) => return *refusal,
    };
    match state.console.review(&agent, &shop, &judged.conversation, judged.seq, judged.verdict).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => refuse(err),
    }
}

/// `GET /v1/console/shops/{shop}/actions`: the shop's confirmed actions on orders, newest first;
/// those `awaiting_approval` are the cards to decide.
pub async fn actions(State(state): State<Arc<AppState>>, Path(shop): Path<String>, headers: HeaderMap) -> Response {
    let result = async {
        let agent = agent(&state, &headers).await?;
        state.console.actions(&agent, &shop).await
    };
    match result.await {
        Ok(items) => Json(json!({"items": items})).into_response(),
        Err(err) => refuse(err),
    }
}

/// `POST /v1/console/shops/{shop}/actions/{key}/approve` or `…/reject`: the shop's decision on
/// an action waiting for it; the buyer is told the outcome.
pub async fn decide_action(
    State(state): State<Arc<AppState>>,
    Path((shop, key, decision)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return refuse(ConsoleError::NotFound),
    };
    let result = async {
        let agent = agent(&state, &headers).await?;
        state.console.decide_action(&agent, &shop, &key, approve).await
    };
    match result.await {
        Ok(record) => Json(record).into_response(),
        Err(err) => refuse(err),
    }
}

pub async fn audit(State(state): State<Arc<AppState>>, Path(shop): Path<String>, headers: HeaderMap) -> Response {
    let result = async {
        let agent = agent(&state, &headers).await?;
        state.console.audit_log(&agent, &shop).await
    };
    match result.await {
        Ok(items) => Json(json!({"items": items})).into_response(),
        Err(err) => refuse(err),
    }
}

/// `GET /v1/console/ws`: the live queue of the agent's shops.
pub async fn socket(State(state): State<Arc<AppState>>, headers: HeaderMap, upgrade: WebSocketUpgrade) -> Response {
    let agent = match agent(&state, &headers).await {
        Ok(agent) => agent,
        Err(err) => return refuse(err),
    };
    let Some(token) = token(&headers) else { return refuse(ConsoleError::Unauthenticated) };
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
    let frame = json!({"type": "queue", "items": items});
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
            Some(json!({"type": "handoff", "item": item}))
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

/// The agent as the console shows it (never the password hash).
#[derive(Serialize)]
struct AgentOut<'a> {
    id: &'a str,
    name: &'a str,
    email: &'a str,
    role: crate::console::store::Role,
    language: &'a str,
    shops: Vec<&'a str>,
}

impl AgentOut<'_> {
    fn of(agent: &Agent) -> AgentOut<'_> {
        AgentOut {
            id: &agent.id,
            name: &agent.name,
            email: &agent.email,
            role: agent.role,
            language: agent.language.as_str(),
            shops: agent.shops.iter().map(|s| s.as_str()).collect(),
        }
    }
}

/// An entry with its kind's fields beside `seq` and `at_ms`.
#[derive(Serialize)]
struct EntryOut<'a> {
    seq: u64,
    at_ms: u64,
    #[serde(flatten)]
    body: &'a EntryBody,
}

impl EntryOut<'_> {
    fn of(entry: &Entry) -> EntryOut<'_> {
        EntryOut { seq: entry.seq, at_ms: entry.at_ms, body: &entry.body }
    }
}

/// The session token: the cookie, else the bearer token.
fn token(headers: &HeaderMap) -> Option<String> {
    let cookie =
        headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(
            |pair| {
                let pair = pair.trim();
                let value = pair.strip_prefix(SECURE_COOKIE).or_else(|| pair.strip_prefix(COOKIE))?;
                value.strip_prefix('=').map(str::to_owned)
            },
        );
    let bearer = || {
        let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        value.strip_prefix("Bearer ").map(|t| t.trim().to_owned())
    };
    cookie.filter(|t| !t.is_empty()).or_else(bearer)
}

async fn agent(state: &AppState, headers: &HeaderMap) -> Result<Agent, ConsoleError> {
    let token = token(headers).ok_or(ConsoleError::Unauthenticated)?;
    state.console.authenticate(&token).await
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Box<Response>> {
    serde_json::from_slice(body).map_err(|e| {
        let message = format!("the body is not the JSON expected: {e}");
        Box::new(error(StatusCode::BAD_REQUEST, "invalid_body", &message, None))
    })
}

fn refuse(err: ConsoleError) -> Response {
    let (status, code) = match &err {
        ConsoleError::BadCredentials => (StatusCode::UNAUTHORIZED, "bad_credentials"),
        ConsoleError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        ConsoleError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
        ConsoleError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
        ConsoleError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        ConsoleError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        ConsoleError::AlreadyClaimed(_) => (StatusCode::CONFLICT, "already_claimed"),
        ConsoleError::NotClaimed => (StatusCode::CONFLICT, "not_claimed"),
        ConsoleError::NotQueued => (StatusCode::CONFLICT, "not_queued"),
        ConsoleError::TranslationUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "translation_unavailable"),
        ConsoleError::TranslationFailed(_) => (StatusCode::BAD_GATEWAY, "translation_failed"),
        ConsoleError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        ConsoleError::Storage(_) => {
            tracing::error!(error.message = %err, "console storage failed");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    };
    let holder = if let ConsoleError::AlreadyClaimed(holder) = &err { Some(json!(holder)) } else { None };
    error(status, code, &err.to_string(), holder)
}

fn error(status: StatusCode, code: &str, message: &str, claimed_by: Option<serde_json::Value>) -> Response {
    let mut detail = json!({"code": code, "message": message});
    if let Some(holder) = claimed_by {
        detail["claimed_by"] = holder;
    }
    (status, Json(json!({"error": detail}))).into_response()
}
