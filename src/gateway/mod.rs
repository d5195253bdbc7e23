//! HTTP and websocket edge: the router, shared state, health and metrics endpoints. Only this
//! module knows axum, status codes and wire JSON.

pub mod admin;
pub mod chat;
pub mod console;
pub mod error;
pub mod extract;
pub mod limits;
pub mod serve;
pub mod webhooks;
pub mod widget;
pub mod wire;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use metrics_exporter_prometheus::PrometheusHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower_http::trace::TraceLayer;

use self::limits::IpLimits;
use crate::channels::worker::Channels;
use crate::config::{ChatSettings, Secret, WidgetConfig};
use crate::console::Console;
use crate::conversation::Conversations;
use crate::ingestion::Ingestor;
use crate::retrieval::hybrid::KnowledgeBase;
use crate::uploads::UploadStore;

/// What every handler can reach. Built once in `app.rs`.
pub struct AppState {
    pub conversations: Arc<Conversations>,
    pub channels: Arc<Channels>,
    pub console: Arc<Console>,
    pub uploads: Arc<dyn UploadStore>,
    /// A buyer's erasure (`admin::erase`).
    pub eraser: Arc<crate::erasure::Eraser>,
    /// Confirmed actions on orders (`admin::actions`).
    pub actions: Arc<crate::actions::Actions>,
    pub widget: WidgetConfig,
    /// Each shop's products, for the demo pages.
    pub knowledge: Arc<KnowledgeBase>,
    pub ingestor: Arc<Ingestor>,
    /// Where each shop's own directory is (`knowledge.dir/<shop>`): the only place an ingestion
    /// may name.
    pub knowledge_dir: std::path::PathBuf,
    pub admin_token: Secret,
    /// `console.secure_cookie`.
    pub console_secure_cookie: bool,
    pub chat: ChatSettings,
    pub ip_limits: IpLimits,
    /// `server.body_read_timeout`.
    pub body_read_timeout: std::time::Duration,
    /// Buyer-socket turns in flight, in all and per shop (`pipeline.max_turns`).
    pub turns: crate::capacity::Capacity,
    /// Image uploads per client address.
    pub upload_limits: limits::AddressBuckets,
    /// Conversations a buyer socket has open now.
    pub live: limits::LiveConversations,
    /// Cancelled when kefu begins to shut down.
    pub shutdown: CancellationToken,
    /// Sockets and turns, which shutdown waits for.
    pub tracker: TaskTracker,
    pub metrics: PrometheusHandle,
}

pub fn router(state: Arc<AppState>) -> Router {
    // The console: same-origin only, never cached, never framed (`console::guard`).
    let console = Router::new()
        .route("/console", get(console::page))
        .route("/v1/console/login", post(console::login))
        .route("/v1/console/logout", post(console::logout))
        .route("/v1/console/me", get(console::me))
        .route("/v1/console/queue", get(console::queue))
        .route("/v1/console/ws", get(console::socket))
        .route("/v1/console/shops/{shop}/audit", get(console::audit))
        .route("/v1/console/shops/{shop}/actions", get(console::actions))
        .route("/v1/console/shops/{shop}/actions/{key}/approve", post(console::approve_action))
        .route("/v1/console/shops/{shop}/actions/{key}/reject", post(console::reject_action))
        .route("/v1/console/shops/{shop}/conversations/{id}", get(console::conversation))
        .route("/v1/console/shops/{shop}/conversations/{id}/translate", post(console::translate))
        .route("/v1/console/shops/{shop}/conversations/{id}/claim", post(console::claim))
        .route("/v1/console/shops/{shop}/conversations/{id}/reply", post(console::reply))
        .route("/v1/console/shops/{shop}/conversations/{id}/notes", post(console::note))
        .route("/v1/console/shops/{shop}/conversations/{id}/transfer", post(console::transfer))
        .route("/v1/console/shops/{shop}/conversations/{id}/resolve", post(console::resolve))
        .route("/v1/console/shops/{shop}/conversations/{id}/canned", get(console::canned_for))
        .route("/v1/console/shops/{shop}/conversations/{id}/export", get(console::export))
        .route("/v1/console/shops/{shop}/canned", get(console::canned).post(console::add_canned))
        .route("/v1/console/shops/{shop}/canned/{id}", delete(console::delete_canned))
        .route("/v1/console/shops/{shop}/faq", post(console::learn))
        .route("/v1/console/shops/{shop}/reviews", get(console::reviews).post(console::review))
        .layer(axum::middleware::from_fn(console::guard));
    Router::new()
        .merge(console)
        .route("/v1/chat", get(chat::chat))
        .route("/v1/admin/shops/{shop}/ingest", post(admin::ingest))
        .route("/v1/admin/shops/{shop}/handoffs", get(admin::handoffs))
        .route("/v1/admin/shops/{shop}/erase", post(admin::erase))
        .route("/v1/admin/shops/{shop}/actions", get(admin::actions))
        .route("/v1/admin/shops/{shop}", delete(admin::delete_shop))
        .route("/v1/admin/agents", post(admin::add_agent))
        .route("/v1/admin/shops/{shop}/keys", post(admin::add_key).get(admin::list_keys))
        .route("/v1/admin/shops/{shop}/keys/{id}", delete(admin::revoke_key))
        .route("/v1/admin/agents/{id}", delete(admin::delete_agent))
        .route("/v1/admin/agents/{id}/disable", post(admin::disable_agent))
        .route("/v1/admin/agents/{id}/enable", post(admin::enable_agent))
        .route("/v1/webhooks/{platform}", post(webhooks::receive).get(webhooks::handshake))
        .route("/widget.js", get(widget::script))
        .route("/v1/widget/config", get(widget::config))
        .route(
            "/v1/uploads",
            post(widget::upload)
                .options(widget::preflight)
                .layer(DefaultBodyLimit::max(state.widget.max_upload_bytes.saturating_add(1))),
        )
        .route("/v1/uploads/{shop}/{id}", get(widget::image))
        .route("/demo/{shop}", get(widget::demo))
        .route("/demo/{shop}/products/{sku}", get(widget::demo_product))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(state.body_read_timeout))
        .layer(TraceLayer::new_for_http().make_span_with(http_span))
        .with_state(state)
}

/// A request's span: its method and the route it matched (never the raw path or query, which
/// can carry a buyer's conversation id or a token).
fn http_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str);
    tracing::info_span!("http", method = %request.method(), route)
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process takes new work: it is not shutting down and its store answers.
async fn readyz(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    if state.shutdown.is_cancelled() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    }
    match state.conversations.flush().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::error!(error.message = %err, "store not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable")
        }
    }
}

async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render())
}
