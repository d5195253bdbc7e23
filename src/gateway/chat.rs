//! `GET /v1/chat?shop=<id>`: the buyer websocket.
//!
//! One task per socket runs one `select!` loop (shutdown first, then live events, then the
//! client, then the heartbeat), so everything a connection does is visible in `Connection::run`.
//! Stored entries reach the client in seq order exactly once per connection: a connection
//! remembers the last seq it delivered and reads the log to fill any gap, so resume after a
//! reconnect and live delivery are the same code path. The socket's task is tracked by the
//! app's `TaskTracker` because axum does not wait for upgraded connections on shutdown.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::time::{Instant, MissedTickBehavior};

use super::AppState;
use super::error::ApiError;
use super::limits::TokenBucket;
use super::wire::{self, ClientFrame, ErrorCode, ServerFrame};
use crate::conversation::Unknown;
use crate::conversation::hub::{Event, Subscription};
use crate::domain::{Attachment, ConversationId, ConversationKey, Language, PageContext, ShopId};
use crate::telemetry::events;

/// Close codes (RFC 6455 §7.4.1).
mod close {
    pub const NORMAL: u16 = 1000;
    pub const GOING_AWAY: u16 = 1001;
    pub const POLICY: u16 = 1008;
    pub const TOO_BIG: u16 = 1009;
    pub const TRY_AGAIN_LATER: u16 = 1013;
}

/// How long a closing socket waits for the client's close frame.
const LINGER: std::time::Duration = std::time::Duration::from_secs(1);

/// Entries read from the log per round while catching a client up.
const CATCH_UP_PAGE: usize = 256;

/// How long a buyer's client waits before sending a message refused `busy` again.
const BUSY_RETRY_MS: u64 = 2000;

#[derive(Debug, Deserialize)]
pub struct ChatQuery {
    shop: Option<String>,
}

pub async fn chat(
    ws: WebSocketUpgrade,
    Query(query): Query<ChatQuery>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    State(state): State<Arc<AppState>>,
    headers: axum::http::HeaderMap,
) -> Response {
    if state.shutdown.is_cancelled() {
        let message = "kefu is shutting down; connect again in a moment".into();
        return ApiError::Unavailable { code: ErrorCode::ShuttingDown, message, cause: None }.into_response();
    }
    let settings = &state.chat;
    let ws = ws
        .read_buffer_size(settings.read_buffer_bytes)
        .write_buffer_size(settings.write_buffer_bytes)
        .max_write_buffer_size(settings.max_write_buffer_bytes)
        .max_message_size(settings.max_frame_bytes)
        .max_frame_size(settings.max_frame_bytes);
    let tracked = state.tracker.token();
    // Only the origin is kept for the socket's life, not the request's headers.
    let origin = super::widget::origin(&headers).map(str::to_owned);
    drop(headers);
    ws.on_upgrade(move |socket| async move {
        let _tracked = tracked;
        events::socket_opened();
        accept(socket, query.shop, origin, crate::net::client_key(peer.ip()), state).await;
        events::socket_closed();
    })
}

/// Checks the connection limit and the shop, then runs the connection.
async fn accept(mut socket: WebSocket, shop: Option<String>, origin: Option<String>, ip: IpAddr, state: Arc<AppState>) {
    let Some(_permit) = state.ip_limits.connect(ip) else {
        let message = "too many connections from your address; close some and retry";
        let _ = send_error(&mut socket, ErrorCode::TooManyConnections, message, None, None).await;
        let _ = send_close(&mut socket, close::TRY_AGAIN_LATER, "too many connections").await;
        return;
    };
    let shop = shop.as_deref().and_then(|raw| ShopId::parse(raw).ok());
    let Some(served) = shop.as_ref().and_then(|id| state.conversations.shop(id)) else {
        let message = "no such shop: connect to /v1/chat?shop=<shop id> with a shop this server serves";
        let _ = send_error(&mut socket, ErrorCode::UnknownShop, message, None, None).await;
        let _ = send_close(&mut socket, close::POLICY, "unknown shop").await;
        return;
    };
    if !served.widget.allows(origin.as_deref()) {
        let message = "this page may not chat with the shop: its origin is not in the shop's widget.allowed_origins";
        let _ = send_error(&mut socket, ErrorCode::OriginNotAllowed, message, None, None).await;
        let _ = send_close(&mut socket, close::POLICY, "origin not allowed").await;
        return;
    }
    let shop = served.id.clone();
    let now = Instant::now();
    let control_per_minute = state.chat.max_control_frames_per_minute;
    let mut connection = Connection {
        messages: TokenBucket::new(state.chat.messages_per_minute, state.chat.burst),
        control: TokenBucket::new(control_per_minute, (control_per_minute / 4).max(1)),
        socket,
        state,
        shop,
        ip,
        session: None,
        last_activity: now,
        last_heard: now,
        read_failed: false,
    };
    connection.run().await;
}

struct Connection {
    socket: WebSocket,
    state: Arc<AppState>,
    shop: ShopId,
    ip: IpAddr,
    /// Set by the client's hello.
    session: Option<Session>,
    messages: TokenBucket,
    /// Frames that are not messages: typing, ack, and frames that fail to parse.
    control: TokenBucket,
    /// Last hello, message, typing or ack: the idle timeout counts from here.
    last_activity: Instant,
    /// Last frame of any kind, pongs included: the heartbeat counts from here.
    last_heard: Instant,
    /// The read side returned an error; the stream yields nothing more.
    read_failed: bool,
}

struct Session {
    key: ConversationKey,
    /// The widget's locale, stored with the conversation's first message.
    locale: Option<Language>,
    /// The page the buyer is on (hello, or the latest message that said), stored with each
    /// message.
    context: Option<PageContext>,
    /// Live events; subscribed at hello for a stored conversation, else with the first message
    /// (a fresh conversation has no events before it).
    events: Option<Subscription>,
    /// The highest seq sent to this client.
    delivered: u64,
    /// The highest seq the client acknowledged seeing.
    seen: u64,
    seen_stored: u64,
    /// The conversation counts as open (an image may be uploaded to it) while this is held.
    _live: super::limits::LiveConversation,
}

/// What the loop does after a step.
enum Flow {
    Continue,
    /// Send this close frame and stop.
    Close(u16, &'static str),
    /// The client is gone: just stop.
    Stop,
}

/// A failed write: the client is gone.
struct Gone;

impl Connection {
    async fn run(&mut self) {
        let interval = self.state.chat.heartbeat_interval;
        let mut heartbeat = tokio::time::interval_at(Instant::now() + interval, interval);
        heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let shutdown = self.state.shutdown.clone();
        let flow = loop {
            let step = tokio::select! {
                biased;
                () = shutdown.cancelled() => Ok(Flow::Close(close::GOING_AWAY, "server shutting down")),
                // Handlers are boxed: an idle socket's task then holds only this loop's small
                // state, not the largest handler's (see docs/benchmarks.md, memory per session).
                event = next_event(&mut self.session) => Box::pin(self.on_event(event)).await,
                message = self.socket.recv() => Box::pin(self.on_message(message)).await,
                _ = heartbeat.tick() => Box::pin(self.on_heartbeat()).await,
            };
            match step {
                Ok(Flow::Continue) => {}
                Ok(flow) => break flow,
                Err(Gone) => break Flow::Stop,
            }
        };
        if let Flow::Close(code, reason) = flow
            && send_close(&mut self.socket, code, reason).await.is_ok()
        {
            linger(&mut self.socket, self.read_failed).await;
        }
        self.store_seen().await;
    }

    async fn on_event(&mut self, event: Option<Arc<Event>>) -> Result<Flow, Gone> {
        let Some(event) = event else {
            // The hub dropped us for falling behind; the client resumes from the log.
            return Ok(Flow::Close(close::TRY_AGAIN_LATER, "fell behind; reconnect and resume"));
        };
        let Some(session) = self.session.as_mut() else { return Ok(Flow::Continue) };
        match &*event {
            Event::Typing(on) => send(&mut self.socket, &ServerFrame::Typing { on: *on }).await?,
            Event::Delta { reply_to, text } => {
                send(&mut self.socket, &ServerFrame::ReplyDelta { seq: *reply_to, text }).await?;
            }
            Event::Entry(entry) if entry.seq <= session.delivered => {}
            Event::Entry(entry) if entry.seq == session.delivered + 1 => {
                if let Some(frame) = wire::entry_frame(entry) {
                    send(&mut self.socket, &frame).await?;
                }
                session.delivered = entry.seq;
            }
            Event::Entry(_) => return self.catch_up().await,
        }
        Ok(Flow::Continue)
    }

    async fn on_message(&mut self, message: Option<Result<Message, axum::Error>>) -> Result<Flow, Gone> {
        let now = Instant::now();
        let message = match message {
            None => return Ok(Flow::Stop),
            Some(Ok(message)) => message,
            Some(Err(err)) => return Ok(self.on_socket_error(err).await),
        };
        self.last_heard = now;
        match message {
            Message::Text(text) => self.on_text(text.as_str()).await,
            Message::Binary(_) => {
                self.control_frame().await?;
                self.error(ErrorCode::UnsupportedFrame, "send JSON text frames, not binary ones", None).await?;
                Ok(Flow::Continue)
            }
            Message::Ping(_) | Message::Pong(_) => Ok(Flow::Continue),
            Message::Close(_) => Ok(Flow::Stop),
        }
    }

    /// A read error ends the socket. When it was a frame over the limit, say so first.
    async fn on_socket_error(&mut self, err: axum::Error) -> Flow {
        self.read_failed = true;
        let text = err.to_string();
        if text.contains("too long")
            || text.contains("too big")
            || text.contains("Space limit")
            || text.contains("capacity")
        {
            let limit = self.state.chat.max_frame_bytes;
            let message = format!("frames are limited to {limit} bytes");
            let _ = self.error(ErrorCode::FrameTooLarge, &message, None).await;
            return Flow::Close(close::TOO_BIG, "frame too large");
        }
        tracing::debug!(error.message = %text, "socket read failed");
        Flow::Stop
    }

    async fn on_text(&mut self, text: &str) -> Result<Flow, Gone> {
        let frame = match wire::parse(text) {
            Ok(frame) => frame,
            Err(err) => {
                if let flow @ Flow::Close(..) = self.control_frame().await? {
                    return Ok(flow);
                }
                self.error(err.code, &err.message, None).await?;
                return Ok(Flow::Continue);
            }
        };
        match frame {
            ClientFrame::Hello { conversation_id, last_seq, locale, context } => {
                self.last_activity = Instant::now();
                match PageContext::check(context) {
                    Ok(context) => self.on_hello(conversation_id, last_seq, locale, context).await,
                    Err(problem) => self.error(ErrorCode::InvalidFrame, problem, None).await.map(|()| Flow::Continue),
                }
            }
            ClientFrame::Message { client_msg_id, text, attachments, context } => {
                self.last_activity = Instant::now();
                match PageContext::check(context) {
                    Ok(context) => self.on_buyer_message(&client_msg_id, &text, &attachments, context).await,
                    Err(problem) => self
                        .error(ErrorCode::InvalidFrame, problem, Some(&client_msg_id))
                        .await
                        .map(|()| Flow::Continue),
                }
            }
            ClientFrame::Typing {} => {
                self.last_activity = Instant::now();
                self.control_frame().await
            }
            ClientFrame::Ack { seq } => {
                self.last_activity = Instant::now();
                if let Some(session) = self.session.as_mut() {
                    session.seen = session.seen.max(seq.min(session.delivered));
                }
                self.control_frame().await
            }
        }
    }

    async fn on_hello(
        &mut self,
        conversation_id: Option<String>,
        last_seq: Option<u64>,
        locale: Option<String>,
        context: Option<PageContext>,
    ) -> Result<Flow, Gone> {
        if self.session.is_some() {
            self.error(
                ErrorCode::AlreadyStarted,
                "this socket already said hello; open a new socket for another conversation",
                None,
            )
            .await?;
            return Ok(Flow::Continue);
        }
        let requested = match conversation_id.map(|raw| ConversationId::parse(&raw)).transpose() {
            Ok(requested) => requested,
            Err(err) => {
                self.error(ErrorCode::InvalidConversationId, &err.to_string(), None).await?;
                return Ok(Flow::Continue);
            }
        };
        // Only an id a socket was given resumes: a marketplace conversation's id is guessable,
        // and is answered exactly like an id that does not exist.
        let requested = requested.filter(ConversationId::is_unguessable);
        let locale = locale.as_deref().and_then(Language::parse);
        let conversations = &self.state.conversations;
        let opened = match conversations.open(&self.shop, requested, locale.clone(), Unknown::StartFresh).await {
            Ok(opened) => opened,
            Err(err) => {
                tracing::error!(error.message = %err, "cannot open conversation");
                self.error(ErrorCode::Unavailable, "the conversation cannot be opened right now; retry shortly", None)
                    .await?;
                return Ok(Flow::Continue);
            }
        };
        // Subscribe before reading the log, so nothing stored in between is missed.
        let events = opened.resumed.then(|| conversations.subscribe(&opened.key));
        let last_seq_now = opened.meta.last_seq;
        let start = if opened.resumed { last_seq.unwrap_or(opened.meta.client_seen).min(last_seq_now) } else { 0 };
        // Open before the buyer hears of it: an image may be uploaded the moment the welcome lands.
        let live = self.state.live.hold(&opened.key);
        let welcome =
            ServerFrame::Welcome { conversation_id: &opened.key.id, resumed: opened.resumed, last_seq: last_seq_now };
        send(&mut self.socket, &welcome).await?;
        let key = opened.key.clone();
        self.session = Some(Session {
            key: key.clone(),
            locale,
            context,
            events,
            delivered: start,
            seen: start,
            seen_stored: opened.meta.client_seen,
            _live: live,
        });
        if opened.resumed && opened.meta.answered_through < last_seq_now {
            // A message stored before a crash may have lost its turn.
            let conversations = self.state.conversations.clone();
            self.state.tracker.spawn(async move {
                if let Err(err) = conversations.answer_pending(&key).await {
                    tracing::error!(error.message = %err, "cannot answer pending messages");
                }
            });
        }
        self.catch_up().await
    }

    async fn on_buyer_message(
        &mut self,
        client_msg_id: &str,
        text: &str,
        attachments: &[Attachment],
        context: Option<PageContext>,
    ) -> Result<Flow, Gone> {
        let Some(session) = self.session.as_ref() else {
            self.error(ErrorCode::HelloRequired, "send a hello frame before messages", Some(client_msg_id)).await?;
            return Ok(Flow::Continue);
        };
        let key = session.key.clone();
        let checked = check_message(client_msg_id, text, attachments, self.state.chat.max_message_chars);
        if let Err((code, message)) = checked {
            self.error(code, &message, Some(client_msg_id)).await?;
            return Ok(Flow::Continue);
        }
        let limited = self.messages.take().and_then(|()| self.state.ip_limits.message(self.ip));
        if let Err(wait) = limited {
            let frame = ServerFrame::Error {
                code: ErrorCode::RateLimited,
                message: "too many messages; wait and send again",
                client_msg_id: Some(client_msg_id),
                retry_after_ms: Some(wait.as_millis() as u64 + 1),
            };
            events::socket_error(ErrorCode::RateLimited.as_str());
            send(&mut self.socket, &frame).await?;
            return Ok(Flow::Continue);
        }
        // A place for the turn, or `busy` before anything is stored: the widget sends it again.
        let turn = match self.state.turns.try_take(&key.shop) {
            Ok(permit) => Some(permit),
            Err(_) if person_owns(&self.state, &key).await => None,
            Err(full) => {
                tracing::warn!(reason = %full, "turn refused");
                let message = "kefu is answering many buyers right now; send the message again after retry_after_ms";
                send_error(&mut self.socket, ErrorCode::Busy, message, Some(client_msg_id), Some(BUSY_RETRY_MS))
                    .await?;
                return Ok(Flow::Continue);
            }
        };
        let session = self.session.as_mut().expect("checked above");
        if session.events.is_none() {
            // Before storing, so the turn's events cannot be missed.
            session.events = Some(self.state.conversations.subscribe(&key));
        }
        if context.is_some() {
            session.context = context;
        }
        let locale = session.locale.clone();
        let context = session.context.clone();
        let submitted =
            self.state.conversations.submit(&key, client_msg_id, text, attachments, context.as_ref(), locale);
        let appended = match submitted.await {
            Ok(appended) => appended,
            Err(err) => {
                tracing::error!(error.message = %err, "cannot store buyer message");
                self.error(
                    ErrorCode::Unavailable,
                    "the message was not stored; send it again shortly",
                    Some(client_msg_id),
                )
                .await?;
                return Ok(Flow::Continue);
            }
        };
        let session = self.session.as_mut().expect("checked above");
        if appended.duplicate || appended.seq != session.delivered + 1 {
            // A resend gets its original ack again; a gap is filled from the log.
            if appended.duplicate {
                send(&mut self.socket, &ServerFrame::Ack { client_msg_id, seq: appended.seq }).await?;
            } else if let flow @ (Flow::Close(..) | Flow::Stop) = self.catch_up().await? {
                return Ok(flow);
            }
        } else {
            send(&mut self.socket, &ServerFrame::Ack { client_msg_id, seq: appended.seq }).await?;
            session.delivered = appended.seq;
        }
        // Answering is idempotent: a resend whose turn already ran gets no second reply.
        let conversations = self.state.conversations.clone();
        let seq = appended.seq;
        self.state.tracker.spawn(async move {
            if let Err(err) = conversations.answer(&key, seq).await {
                tracing::error!(error.message = %err, seq, "turn failed");
            }
            drop(turn);
        });
        Ok(Flow::Continue)
    }

    /// Sends every stored entry after the last one delivered, in order.
    async fn catch_up(&mut self) -> Result<Flow, Gone> {
        let Some(session) = self.session.as_mut() else { return Ok(Flow::Continue) };
        loop {
            let entries =
                match self.state.conversations.entries_after(&session.key, session.delivered, CATCH_UP_PAGE).await {
                    Ok(entries) => entries,
                    Err(err) => {
                        tracing::error!(error.message = %err, "cannot read conversation");
                        return Ok(Flow::Close(close::TRY_AGAIN_LATER, "storage unavailable; reconnect and resume"));
                    }
                };
            let full_page = entries.len() == CATCH_UP_PAGE;
            for entry in &entries {
                if let Some(frame) = wire::entry_frame(entry) {
                    send(&mut self.socket, &frame).await?;
                }
                session.delivered = entry.seq;
            }
            if !full_page {
                return Ok(Flow::Continue);
            }
        }
    }

    async fn on_heartbeat(&mut self) -> Result<Flow, Gone> {
        let settings = &self.state.chat;
        if self.last_activity.elapsed() >= settings.idle_timeout {
            let message = format!("no activity for {}s; reconnect to continue", settings.idle_timeout.as_secs());
            self.error(ErrorCode::IdleTimeout, &message, None).await?;
            return Ok(Flow::Close(close::NORMAL, "idle"));
        }
        if self.last_heard.elapsed() >= settings.heartbeat_timeout {
            return Ok(Flow::Stop);
        }
        self.socket.send(Message::Ping(Default::default())).await.map_err(|_| Gone)?;
        Ok(Flow::Continue)
    }

    /// Counts a frame that is not a message; too many close the socket.
    async fn control_frame(&mut self) -> Result<Flow, Gone> {
        if self.control.take().is_ok() {
            return Ok(Flow::Continue);
        }
        self.error(ErrorCode::RateLimited, "too many frames; closing", None).await?;
        Ok(Flow::Close(close::POLICY, "too many frames"))
    }

    async fn error(&mut self, code: ErrorCode, message: &str, client_msg_id: Option<&str>) -> Result<(), Gone> {
        send_error(&mut self.socket, code, message, client_msg_id, None).await
    }

    async fn store_seen(&mut self) {
        let Some(session) = self.session.as_ref() else { return };
        if session.seen > session.seen_stored
            && let Err(err) = self.state.conversations.mark_seen(&session.key, session.seen).await
        {
            tracing::warn!(error.message = %err, "cannot record what the client has seen");
        }
    }
}

/// After our close frame, waits briefly for the client's, so the close frame is read before the
/// TCP connection goes away (closing with unread input makes the kernel reset the connection,
/// which can destroy the close frame in flight).
async fn linger(socket: &mut WebSocket, broken: bool) {
    if broken {
        // The read side failed (e.g. a frame over the limit) and cannot be drained; its unread
        // bytes would reset the connection at once, so hold it open for the client to read.
        tokio::time::sleep(LINGER).await;
        return;
    }
    let drain = async {
        while let Some(Ok(message)) = socket.recv().await {
            if let Message::Close(_) = message {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

/// The next live event of the session, or never when there is no session yet.
async fn next_event(session: &mut Option<Session>) -> Option<Arc<Event>> {
    match session {
        Some(Session { events: Some(subscription), .. }) => subscription.events.recv().await,
        Some(Session { events: None, .. }) | None => std::future::pending().await,
    }
}

/// Most files one message may carry.
const MAX_ATTACHMENTS: usize = 4;
/// Longest attachment address accepted.
const MAX_ATTACHMENT_URL: usize = 2048;

fn check_message(
    client_msg_id: &str,
    text: &str,
    attachments: &[Attachment],
    max_chars: usize,
) -> Result<(), (ErrorCode, String)> {
    let id_ok = (1..=64).contains(&client_msg_id.chars().count()) && !client_msg_id.chars().any(char::is_control);
    if !id_ok {
        return Err((
            ErrorCode::InvalidClientMsgId,
            "client_msg_id is 1-64 characters with no control characters".to_owned(),
        ));
    }
    if text.trim().is_empty() && attachments.is_empty() {
        return Err((ErrorCode::EmptyMessage, "the message has no text and no attachment".to_owned()));
    }
    if attachments.len() > MAX_ATTACHMENTS {
        return Err((ErrorCode::InvalidFrame, format!("at most {MAX_ATTACHMENTS} attachments per message")));
    }
    if attachments.iter().any(|a| a.url.as_ref().is_some_and(|u| u.len() > MAX_ATTACHMENT_URL)) {
        return Err((ErrorCode::InvalidFrame, format!("attachment urls are limited to {MAX_ATTACHMENT_URL} bytes")));
    }
    let chars = text.chars().count();
    if chars > max_chars {
        return Err((
            ErrorCode::MessageTooLong,
            format!("messages are limited to {max_chars} characters, this one has {chars}"),
        ));
    }
    Ok(())
}

async fn send(socket: &mut WebSocket, frame: &ServerFrame<'_>) -> Result<(), Gone> {
    socket.send(Message::Text(wire::render(frame).into())).await.map_err(|_| Gone)
}

/// Whether a person answers this conversation now (its messages need no turn).
async fn person_owns(state: &AppState, key: &ConversationKey) -> bool {
    let meta = state.conversations.meta(key).await;
    matches!(meta, Ok(Some(meta)) if meta.owner == crate::domain::Owner::Human)
}

async fn send_error(
    socket: &mut WebSocket,
    code: ErrorCode,
    message: &str,
    client_msg_id: Option<&str>,
    retry_after_ms: Option<u64>,
) -> Result<(), Gone> {
    events::socket_error(code.as_str());
    send(socket, &ServerFrame::Error { code, message, client_msg_id, retry_after_ms }).await
}

async fn send_close(socket: &mut WebSocket, code: u16, reason: &'static str) -> Result<(), Gone> {
    socket.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await.map_err(|_| Gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AttachmentKind;

    #[test]
    fn messages_are_checked_before_storing() {
        assert!(check_message("m1", "hola", &[], 10).is_ok());
        assert_eq!(check_message("", "hola", &[], 10).unwrap_err().0, ErrorCode::InvalidClientMsgId);
        assert_eq!(check_message("m\n1", "hola", &[], 10).unwrap_err().0, ErrorCode::InvalidClientMsgId);
        assert_eq!(check_message(&"m".repeat(65), "hola", &[], 10).unwrap_err().0, ErrorCode::InvalidClientMsgId);
        assert_eq!(check_message("m1", "  \n", &[], 10).unwrap_err().0, ErrorCode::EmptyMessage);
        assert_eq!(check_message("m1", "你好你好你好你好你好你", &[], 10).unwrap_err().0, ErrorCode::MessageTooLong);
        assert!(check_message("m1", "你好你好你好你好你好", &[], 10).is_ok(), "characters, not bytes");
        let photo = Attachment { kind: AttachmentKind::Image, url: None };
        assert!(check_message("m1", "", std::slice::from_ref(&photo), 10).is_ok(), "a photo alone is a message");
        let five = vec![photo; 5];
        assert_eq!(check_message("m1", "look", &five, 10).unwrap_err().0, ErrorCode::InvalidFrame);
    }
}
