//! The composition root: the only place that names concrete adapters and wires them together.
//!
//! `services` builds what every command shares (store, shops, pipeline, conversations);
//! `Application::build` adds the listener and router for `kefu serve`, and
//! `run_until_stopped` serves until the given future completes, then shuts down in order:
//! stop accepting, close sockets with 1001, let in-flight turns finish within the grace period,
//! flush the store.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::config::Settings;
use crate::conversation::{ConversationSettings, Conversations};
use crate::gateway::limits::IpLimits;
use crate::gateway::{self, AppState};
use crate::generation::template::TemplateGenerator;
use crate::intent::keywords::KeywordClassifier;
use crate::language::script::ScriptDetector;
use crate::pipeline::{Pipeline, Thresholds};
use crate::retrieval::lexical::LexicalIndex;
use crate::shop::ShopDirectory;
use crate::storage::sled::SledStore;
use crate::telemetry;

/// Builds the store, the shops and the pipeline: everything a command needs to hold a
/// conversation. Fails with a message that says what to fix.
pub fn services(settings: &Settings) -> anyhow::Result<Arc<Conversations>> {
    let data_dir = settings.data_dir();
    let store = SledStore::open(&data_dir)?;
    let (shops, errors) = ShopDirectory::load(&settings.knowledge.dir);
    for err in &errors {
        tracing::error!(error.message = %err, "shop left out");
    }
    if shops.ids().is_empty() {
        tracing::warn!(dir = %settings.knowledge.dir.display(), "no shops found: every chat will be refused as unknown_shop");
    }
    let retriever = LexicalIndex::build(&shops);
    for id in shops.ids() {
        tracing::info!(shop = %id, passages = retriever.passages(&id), "shop loaded");
    }
    let pipeline = Pipeline {
        detector: Arc::new(ScriptDetector),
        classifier: Arc::new(KeywordClassifier),
        retriever: Arc::new(retriever),
        generator: Arc::new(TemplateGenerator),
        thresholds: Thresholds {
            default: settings.pipeline.handoff_threshold,
            per_intent: settings.pipeline.intent_thresholds.clone(),
        },
    };
    let conversation_settings = ConversationSettings {
        history_entries: settings.chat.history_entries,
        turn_timeout: settings.pipeline.turn_timeout,
    };
    Ok(Arc::new(Conversations::new(Arc::new(store), pipeline, Arc::new(shops), conversation_settings)))
}

/// A built server, bound to its address but not yet serving.
pub struct Application {
    listener: TcpListener,
    state: Arc<AppState>,
    settings: Settings,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let conversations = services(&settings)?;
        let listener = TcpListener::bind(settings.server.listen).await.with_context(|| {
            format!("cannot listen on {} (server.listen); is another server using it?", settings.server.listen)
        })?;
        let state = Arc::new(AppState {
            conversations,
            chat: settings.chat.clone(),
            ip_limits: IpLimits::new(&settings.chat),
            shutdown: CancellationToken::new(),
            tracker: TaskTracker::new(),
            metrics: telemetry::metrics_handle(),
        });
        Ok(Application { listener, state, settings })
    }

    /// The address the server is bound to (the real port when `server.listen` asked for 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// The shops this server answers for.
    pub fn shops(&self) -> Vec<crate::domain::ShopId> {
        self.state.conversations.shops().ids()
    }

    /// Serves until `shutdown` completes, then shuts down gracefully.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send) -> anyhow::Result<()> {
        let Application { listener, state, settings } = self;
        let token = state.shutdown.clone();
        let tracker = state.tracker.clone();
        let conversations = state.conversations.clone();
        let app = gateway::router(state).into_make_service_with_connect_info::<SocketAddr>();
        // Chat frames are small and latency matters: no Nagle delay.
        let listener = listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::debug!(error.message = %err, "cannot set TCP_NODELAY");
            }
        });
        let server = axum::serve(listener, app).with_graceful_shutdown(token.clone().cancelled_owned());
        let mut server = tokio::spawn(server.into_future());

        tokio::select! {
            () = shutdown => tracing::info!("shutdown requested"),
            result = &mut server => {
                token.cancel();
                return result.context("server task failed")?.context("server failed");
            }
        }
        token.cancel();
        let grace = settings.server.shutdown_grace;
        tracker.close();
        if tokio::time::timeout(grace, tracker.wait()).await.is_err() {
            tracing::warn!(
                remaining = tracker.len(),
                ?grace,
                "tasks still running after the grace period; stopping anyway"
            );
        }
        match tokio::time::timeout(grace, &mut server).await {
            Ok(result) => result.context("server task failed")?.context("server failed")?,
            Err(_) => {
                tracing::warn!("HTTP connections still open after the grace period; closing them");
                server.abort();
            }
        }
        conversations.flush().await.context("flushing the store at shutdown")?;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error.message = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error.message = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
