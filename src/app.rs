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
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::actions::{Actions, Destinations, OwnOrders};
use crate::capacity::Capacity;
use crate::channels::aliexpress::AliexpressMessages;
use crate::channels::ebay::EbayMessages;
use crate::channels::generic::GenericWebhook;
use crate::channels::lazada::LazadaIm;
use crate::channels::queue::ChannelQueue;
use crate::channels::shopee::ShopeeChat;
use crate::channels::shopify::ShopifyWebhooks;
use crate::channels::tiktok::TiktokShop;
use crate::channels::whatsapp::WhatsappCloud;
use crate::channels::worker::{Channels, Platforms, Retry};
use crate::channels::{PushReceiver, Sender};
use crate::config::{HubBackend, IndexBackend, Settings, StorageBackend};
use crate::console::{Console, ConsoleParts, Translator};
use crate::conversation::{ConversationSettings, Conversations};
use crate::domain::{Clock, Language};
use crate::erasure::{Eraser, Pruning};
use crate::gateway::limits::{AddressBuckets, IpLimits, LiveConversations};
use crate::gateway::serve::ConnectionLimits;
use crate::gateway::{self, AppState};
use crate::generation::openai::OpenAiGenerator;
use crate::generation::template::TemplateGenerator;
use crate::ingestion::{Ingestor, Warmup};
use crate::intent::linear::{self, LinearClassifier};
use crate::language::lingua::LinguaDetector;
use crate::lexicon::Countries;
use crate::lexicon::glossary::Glossary;
use crate::orders::{LazadaActions, OrderApi, ShopApiActions, ShopData, ShopeeActions, ShopifyActions, TiktokActions};
use crate::outbound::OutboundPolicy;
use crate::pipeline::actions::cues::Cues;
use crate::pipeline::{
    Generator, IntentClassifier, IntentJudge, LanguageDetector, Pipeline, Retriever, ShopFacts, Thresholds,
};
use crate::redis::{RedisRelay, RedisWorker};
use crate::retrieval::Embedder;
use crate::retrieval::attributes::{Centres, EmbeddedAttributes};
use crate::retrieval::fastembed::{FastembedE5, ModelFiles};
use crate::retrieval::hybrid::{HybridRetriever, KnowledgeBase, WordVectors};
use crate::retrieval::index::VectorIndex;
use crate::retrieval::index::exact::ExactIndex;
use crate::retrieval::index::qdrant::{QdrantIndex, QdrantTarget, collection_name};
use crate::retrieval::memo::MemoEmbedder;
use crate::secrets::Secrets;
use crate::shop::ShopDirectory;
use crate::storage::Store;
use crate::storage::postgres::{PgSettings, PgStore};
use crate::storage::sled::SledStore;
use crate::telemetry;
use crate::uploads::UploadStore;
use crate::wording::Templates;

/// Attribute names and values whose vectors are kept for answers by meaning (about 1.5 KiB
/// each, 75 MiB in all): names repeat across products, so this holds tens of thousands of
/// products' attributes before it starts over.
const ATTRIBUTE_TEXTS_KEPT: usize = 50_000;

/// What every command shares: conversations (with their pipeline) and ingestion.
pub struct Services {
    pub conversations: Arc<Conversations>,
    /// Confirmed actions on orders: the shop's list and its approvals.
    pub actions: Arc<Actions>,
    pub ingestor: Arc<Ingestor>,
    /// The retriever and language detector the pipeline uses, for evaluation.
    pub retriever: Arc<dyn Retriever>,
    pub detector: Arc<dyn LanguageDetector>,
    /// The agent console's use cases.
    pub console: Arc<Console>,
    pub uploads: Arc<dyn UploadStore>,
    pub knowledge: Arc<KnowledgeBase>,
    /// Marketplace and messaging channels; their workers start with the server.
    pub channels: Arc<Channels>,
    /// A buyer's erasure, everywhere kefu keeps their conversation.
    pub eraser: Arc<Eraser>,
}

/// The second opinion on intents, when `[llm]` names a model and the opinion is not turned off.
pub fn intent_judge(settings: &Settings) -> Option<Arc<dyn IntentJudge>> {
    judge_of(language_model(settings), settings)
}

fn judge_of(model: Option<Arc<OpenAiGenerator>>, settings: &Settings) -> Option<Arc<dyn IntentJudge>> {
    model.filter(|_| !settings.llm.second_opinion_timeout.is_zero()).map(|m| m as Arc<dyn IntentJudge>)
}

fn language_model(settings: &Settings) -> Option<Arc<OpenAiGenerator>> {
    settings.llm.enabled().then(|| {
        tracing::info!(base_url = %settings.llm.base_url, model = %settings.llm.model, "language model configured");
        Arc::new(OpenAiGenerator::new(&settings.llm))
    })
}

/// Loads the embedding model (about 2 s). One per process: pass it to `services`.
pub async fn load_embedder(settings: &Settings) -> anyhow::Result<Arc<dyn Embedder>> {
    let files = ModelFiles {
        model_dir: settings.embedding.model_dir.clone(),
        ort_library: settings.embedding.ort_library.clone(),
        intra_threads: settings.embedding.intra_threads,
        batch_size: settings.embedding.batch_size,
    };
    let model = tokio::task::spawn_blocking(move || FastembedE5::load(&files)).await.context("loading the model")??;
    Ok(Arc::new(model))
}

/// The language detector and the intent classifier (the fitted model compiled in; a fit at
/// start, cached in `intents.cache_dir`, only when the examples changed since it was fitted).
pub async fn understanding(
    settings: &Settings,
    embedder: Arc<dyn Embedder>,
) -> anyhow::Result<(Arc<dyn LanguageDetector>, Arc<dyn IntentClassifier>)> {
    let model = intent_model(settings, embedder.clone()).await?;
    understanding_with(model, embedder).await
}

/// The fitted intent model (built in, else cached, else fitted now).
async fn intent_model(settings: &Settings, embedder: Arc<dyn Embedder>) -> anyhow::Result<Arc<linear::Model>> {
    let cache_dir = settings.intents.cache_dir.clone();
    let model = tokio::task::spawn_blocking(move || linear::load(&*embedder, &cache_dir))
        .await
        .context("loading the intent model")??;
    Ok(model)
}

async fn understanding_with(
    model: Arc<linear::Model>,
    embedder: Arc<dyn Embedder>,
) -> anyhow::Result<(Arc<dyn LanguageDetector>, Arc<dyn IntentClassifier>)> {
    let detector = tokio::task::spawn_blocking(LinguaDetector::new).await.context("loading language models")?;
    let classifier = LinearClassifier::new(embedder, model, Arc::new(Countries::built_in()));
    Ok((Arc::new(detector), Arc::new(classifier)))
}

/// Fits the intent classifier on the built-in examples and writes it to `out`; returns what it
/// measured on the held-out folds.
pub async fn fit_intents(
    settings: &Settings,
    embedder: Arc<dyn Embedder>,
    out: &std::path::Path,
    options: linear::FitOptions,
) -> anyhow::Result<String> {
    let cache_dir = settings.intents.cache_dir.clone();
    let model = tokio::task::spawn_blocking(move || {
        let examples = linear::examples();
        linear::embed_and_train(&*embedder, &examples, &cache_dir, options, &|step| eprintln!("{step}"))
    })
    .await
    .context("fitting the intent model")??;
    linear::write_atomically(out, linear::to_file(&model).as_bytes())
        .with_context(|| format!("writing {}", out.display()))?;
    let folds: Vec<String> =
        model.held_out.iter().map(|(fold, (n, accuracy))| format!("{fold} {accuracy:.3} ({n})")).collect();
    Ok(format!(
        "intent model written to {} (temperature {}; held-out accuracy: {})",
        out.display(),
        model.temperature,
        folds.join(", ")
    ))
}

/// Opens the store `storage.backend` names: sled in the data directory, or PostgreSQL (its
/// schema migrated first).
pub async fn open_store(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match settings.storage.backend {
        StorageBackend::Sled => Arc::new(SledStore::open(&settings.data_dir())?),
        StorageBackend::Postgres => {
            let postgres = &settings.storage.postgres;
            Arc::new(
                PgStore::open(&PgSettings {
                    url: postgres.url.expose().to_owned(),
                    max_connections: postgres.max_connections,
                    connect_timeout: postgres.connect_timeout,
                })
                .await?,
            )
        }
    })
}

/// Opens the store, loads every ingested shop, and builds the pipeline around `embedder`.
pub async fn services(settings: &Settings, embedder: Arc<dyn Embedder>) -> anyhow::Result<Services> {
    services_at(settings, embedder, Clock::System).await
}

/// `services` on `clock`'s time: turns (an evaluation's fixed moment), sessions, keys and
/// retentions (a test's shifted clock).
pub async fn services_at(settings: &Settings, embedder: Arc<dyn Embedder>, clock: Clock) -> anyhow::Result<Services> {
    let store = open_store(settings).await?;
    let index = vector_index(settings, &*embedder).await?;
    let knowledge = Arc::new(KnowledgeBase::default());
    let shops = Arc::new(ShopDirectory::default());
    let ingestor =
        Arc::new(Ingestor::new(store.clone(), index.clone(), embedder.clone(), knowledge.clone(), shops.clone()));
    // The classifier and retrieval often embed the same question: once is enough.
    let embedder: Arc<dyn Embedder> = Arc::new(MemoEmbedder::new(embedder, 64));
    let intents = intent_model(settings, embedder.clone()).await?;
    // Questions are centred on their language's mean question, the intent model's.
    let centres = Centres::new(embedder.model(), intents.language_means.clone());
    let attributes = Arc::new(EmbeddedAttributes::new(embedder.clone(), ATTRIBUTE_TEXTS_KEPT, centres));
    let glossary = Arc::new(Glossary::built_in());
    let words = Arc::new(WordVectors::new(embedder.clone()));
    let warmup = Arc::new(Warmups { attributes: attributes.clone(), words: words.clone(), glossary: glossary.clone() });
    ingestor.set_warmup(warmup.clone());
    load_shops(&*store, &ingestor, &knowledge, warmup).await?;
    let (detector, classifier) = understanding_with(intents, embedder.clone()).await?;
    let countries = Arc::new(Countries::built_in());
    let secrets = Secrets::new(settings.secrets.dir.clone());
    let outbound = OutboundPolicy::new(&settings.outbound);
    let order_api = Arc::new(OrderApi::new(secrets.clone(), outbound.clone()));
    let facts: Arc<dyn ShopFacts> = Arc::new(ShopData::new(knowledge.clone(), order_api.clone()));
    let destinations = destinations(settings, &ingestor, order_api, &secrets, &outbound);
    let actions = Arc::new(Actions::new(store.clone(), facts.clone(), destinations));
    let knowledge_for_pages = knowledge.clone();
    let facts_for_console = facts.clone();
    let retriever: Arc<dyn Retriever> = Arc::new(HybridRetriever {
        knowledge,
        glossary: glossary.clone(),
        countries: countries.clone(),
        index,
        embedder: embedder.clone(),
        words,
    });
    let templates = Arc::new(Templates::built_in());
    let model = language_model(settings);
    let llm = model.clone().map(|m| m as Arc<dyn Generator>);
    let translator = model.clone().map(|m| m as Arc<dyn Translator>);
    let judge = judge_of(model, settings);
    let pipeline = Pipeline {
        detector: detector.clone(),
        classifier,
        retriever: retriever.clone(),
        attributes,
        llm,
        extractive: Arc::new(TemplateGenerator { templates: templates.clone(), glossary: glossary.clone() }),
        llm_timeout: settings.llm.timeout,
        judge,
        judge_timeout: settings.llm.second_opinion_timeout,
        facts,
        templates,
        countries,
        glossary,
        thresholds: Thresholds {
            default: settings.pipeline.handoff_threshold,
            per_intent: settings.pipeline.intent_thresholds.clone(),
        },
        actions: Some(actions.clone()),
        cues: Arc::new(Cues::built_in()),
    };
    let conversation_settings = ConversationSettings {
        history_entries: settings.chat.history_entries,
        turn_timeout: settings.pipeline.turn_timeout,
        concurrent_turns: settings.pipeline.concurrent_turns,
        clock: clock.clone(),
    };
    let uploads: Arc<dyn UploadStore> = store.clone();
    let queue: Arc<dyn ChannelQueue> = store.clone();
    let eraser = Arc::new(Eraser {
        log: store.clone(),
        queue: queue.clone(),
        uploads: uploads.clone(),
        console: store.clone(),
        actions: store.clone(),
        clock: clock.clone(),
    });
    let conversations = Arc::new(Conversations::new(store.clone(), pipeline, shops, conversation_settings));
    let console = Arc::new(Console::new(ConsoleParts {
        store,
        conversations: conversations.clone(),
        ingestor: ingestor.clone(),
        facts: facts_for_console,
        translator,
        detector: detector.clone(),
        session_ttl: settings.console.session_ttl,
        actions: Some(actions.clone()),
        clock,
    }));
    let retry = Retry { base: settings.channels.retry_base, max: settings.channels.retry_max };
    let channels = Arc::new(Channels::new(
        queue,
        ingestor.clone(),
        conversations.clone(),
        platforms(settings, secrets, outbound),
        retry,
    ));
    Ok(Services {
        conversations,
        actions,
        ingestor,
        retriever,
        detector,
        console,
        uploads,
        knowledge: knowledge_for_pages,
        channels,
        eraser,
    })
}

/// Brings every stored shop into memory (a shop that cannot be loaded is left out, and said),
/// then warms, in the background, the words questions are expanded with in their languages (2 s
/// a language on one core; done before serving, it took a start with three shops from 2 to 8 s)
/// and their attributes' vectors. Turns in those first seconds share the model with it.
async fn load_shops(
    store: &dyn Store,
    ingestor: &Ingestor,
    knowledge: &KnowledgeBase,
    warmup: Arc<Warmups>,
) -> anyhow::Result<()> {
    let mut catalogues = Vec::new();
    let mut languages = Vec::new();
    for shop in crate::knowledge::store::KnowledgeStore::shops(store).await? {
        match ingestor.load(&shop, true).await {
            Ok(()) => {
                let view = knowledge.get(&shop);
                tracing::info!(shop = %shop, passages = view.as_ref().map_or(0, |v| v.len()), "shop loaded");
                if let Some(view) = view {
                    catalogues.push(view.catalogue());
                    languages.push(view.language().clone());
                }
            }
            Err(err) => tracing::error!(shop = %shop, error.message = %err, "shop left out"),
        }
    }
    languages.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    languages.dedup();
    tokio::spawn(async move {
        for language in &languages {
            warmup.words.warm(&warmup.glossary, language).await;
        }
        for catalogue in catalogues {
            warmup.attributes.warm(&catalogue).await;
        }
    });
    Ok(())
}

/// Where confirmed actions on orders go: kefu's own orders, the shop's order API, or the
/// marketplace or Shopify store the order is on.
fn destinations(
    settings: &Settings,
    ingestor: &Arc<Ingestor>,
    order_api: Arc<OrderApi>,
    secrets: &Secrets,
    outbound: &OutboundPolicy,
) -> Destinations {
    // kefu's own apps on the marketplaces: the chat connectors use the same settings.
    let channels = &settings.channels;
    let shopify = &channels.shopify;
    Destinations {
        embedded: Arc::new(OwnOrders::new(ingestor.clone())),
        http: Arc::new(ShopApiActions::new(order_api)),
        shopify: Arc::new(ShopifyActions::new(
            secrets.clone(),
            outbound.clone(),
            shopify.admin_api_base.clone(),
            shopify.api_version.clone(),
        )),
        shopee: Arc::new(ShopeeActions::new(channels.shopee.clone(), secrets.clone(), outbound.clone())),
        lazada: Arc::new(LazadaActions::new(channels.lazada.clone(), secrets.clone(), outbound.clone())),
        tiktok: Arc::new(TiktokActions::new(channels.tiktok.clone(), secrets.clone(), outbound.clone())),
    }
}

/// The marketplace and messaging platforms: who pushes, who takes replies, who is polled.
fn platforms(settings: &Settings, secrets: Secrets, outbound: OutboundPolicy) -> Platforms {
    let channels = &settings.channels;
    let generic = Arc::new(GenericWebhook::new(secrets.clone(), outbound));
    let whatsapp = Arc::new(WhatsappCloud::new(channels.whatsapp.clone(), secrets.clone()));
    let tiktok = Arc::new(TiktokShop::new(channels.tiktok.clone(), secrets.clone()));
    let shopee = Arc::new(ShopeeChat::new(channels.shopee.clone(), secrets.clone()));
    let lazada = Arc::new(LazadaIm::new(channels.lazada.clone(), secrets.clone()));
    let ebay = Arc::new(EbayMessages::new(channels.ebay.clone(), secrets.clone()));
    let aliexpress = Arc::new(AliexpressMessages::new(channels.aliexpress.clone(), secrets.clone()));
    let receivers: Vec<Arc<dyn PushReceiver>> = vec![
        generic.clone(),
        whatsapp.clone(),
        tiktok.clone(),
        shopee.clone(),
        Arc::new(ShopifyWebhooks::new(secrets)),
        lazada.clone(),
    ];
    let senders: Vec<Arc<dyn Sender>> =
        vec![generic, whatsapp, tiktok, shopee, lazada, ebay.clone(), aliexpress.clone()];
    Platforms { receivers, senders, pollers: vec![ebay, aliexpress], poll_interval: channels.poll_interval }
}

/// The vector index `index.backend` names.
async fn vector_index(settings: &Settings, embedder: &dyn Embedder) -> anyhow::Result<Arc<dyn VectorIndex>> {
    Ok(match settings.index.backend {
        IndexBackend::Embedded => Arc::new(ExactIndex::new(embedder.dimension())),
        IndexBackend::Qdrant => {
            let qdrant = &settings.index.qdrant;
            let target = QdrantTarget {
                url: qdrant.url.clone(),
                api_key: Some(qdrant.api_key.expose().to_owned()).filter(|k| !k.is_empty()),
                timeout: qdrant.timeout,
                collection: collection_name(&qdrant.collection_prefix, embedder.model()),
            };
            let index = QdrantIndex::connect(&target, embedder.dimension()).await?;
            tracing::info!(url = %target.url, collection = %target.collection, "vector index: Qdrant");
            Arc::new(index)
        }
    })
}

/// A built server, bound to its address but not yet serving.
pub struct Application {
    listener: TcpListener,
    state: Arc<AppState>,
    settings: Settings,
    /// Live delivery between nodes (`hub.backend = "redis"`), started with the server.
    relay: Option<RedisWorker>,
}

impl Application {
    /// Builds the server, loading the embedding model.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let embedder = load_embedder(&settings).await?;
        Application::build_with(settings, embedder).await
    }

    /// Builds the server around an already loaded model (tests share one).
    pub async fn build_with(settings: Settings, embedder: Arc<dyn Embedder>) -> anyhow::Result<Application> {
        Application::build_at(settings, embedder, Clock::System).await
    }

    /// `build_with` on `clock`'s time: turns, sessions, keys and retentions (a test moves a
    /// `Clock::shifted` on instead of waiting).
    pub async fn build_at(
        settings: Settings,
        embedder: Arc<dyn Embedder>,
        clock: Clock,
    ) -> anyhow::Result<Application> {
        let Services { conversations, actions, ingestor, console, uploads, knowledge, channels, eraser, .. } =
            services_at(&settings, embedder, clock).await?;
        if conversations.shops().ids().is_empty() {
            tracing::warn!(
                "no shops ingested yet: run `kefu ingest --all` (or --shop S DIR); chats are refused as unknown_shop until then"
            );
        }
        let relay = match settings.hub.backend {
            HubBackend::Local => None,
            HubBackend::Redis => {
                let (relay, worker) = RedisRelay::connect(&settings.hub.redis).await?;
                conversations.set_relay(relay.clone());
                ingestor.set_notice(relay);
                tracing::info!("hub: Redis Streams between nodes");
                Some(worker)
            }
        };
        let listener = TcpListener::bind(settings.server.listen).await.with_context(|| {
            format!("cannot listen on {} (server.listen); is another server using it?", settings.server.listen)
        })?;
        let state = Arc::new(AppState {
            conversations,
            channels,
            console,
            uploads,
            eraser,
            actions,
            widget: settings.widget.clone(),
            knowledge,
            ingestor,
            knowledge_dir: settings.knowledge.dir.clone(),
            admin_token: settings.admin.token.clone(),
            console_secure_cookie: settings.console.secure_cookie,
            chat: settings.chat.clone(),
            ip_limits: IpLimits::new(&settings.chat),
            body_read_timeout: settings.server.body_read_timeout,
            turns: Capacity::new("turns", settings.pipeline.max_turns, settings.pipeline.max_turns_per_shop),
            upload_limits: AddressBuckets::new(settings.widget.uploads_per_minute, settings.widget.upload_burst),
            live: LiveConversations::default(),
            shutdown: CancellationToken::new(),
            tracker: TaskTracker::new(),
            metrics: telemetry::metrics_handle(),
        });
        Ok(Application { listener, state, settings, relay })
    }

    /// The address the server is bound to (the real port when `server.listen` asked for 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// The shops this server answers for.
    pub fn shops(&self) -> Vec<crate::domain::ShopId> {
        self.state.conversations.shops().ids()
    }

    /// Ingestion into this server's store (tests ingest fixtures before serving).
    pub fn ingestor(&self) -> Arc<Ingestor> {
        self.state.ingestor.clone()
    }

    /// Serves until `shutdown` completes, then shuts down gracefully.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send) -> anyhow::Result<()> {
        let Application { listener, state, settings, relay } = self;
        let token = state.shutdown.clone();
        let tracker = state.tracker.clone();
        let conversations = state.conversations.clone();
        if let Some(relay) = relay {
            tracker.spawn(relay.run(conversations.clone(), state.ingestor.clone(), token.clone()));
        }
        state.channels.spawn(&tracker, token.clone());
        let pruning = Pruning {
            eraser: state.eraser.clone(),
            shops: state.conversations.shops_handle(),
            upload_retention: settings.widget.upload_retention,
            every: settings.server.prune_interval,
        };
        tracker.spawn(pruning.run(token.clone()));
        let limits = ConnectionLimits {
            max_connections: settings.server.max_connections,
            max_per_address: settings.server.max_connections_per_address,
            header_read_timeout: settings.server.header_read_timeout,
            accepts_per_second: settings.server.accepts_per_second,
            // Checked when the settings were loaded.
            trusted_proxies: settings
                .server
                .trusted_proxies
                .iter()
                .filter_map(|p| gateway::serve::Network::parse(p))
                .collect(),
        };
        let server = gateway::serve::serve(listener, gateway::router(state), limits, token.clone());
        let mut server = tokio::spawn(server);

        tokio::select! {
            () = shutdown => tracing::info!("shutdown requested"),
            result = &mut server => {
                token.cancel();
                return result.context("server task failed");
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
            Ok(result) => result.context("server task failed")?,
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

/// What the ingestor warms when a shop is ingested (its `Warmup` port): the words questions
/// are expanded with in the shop's language, and the catalogue's attributes.
struct Warmups {
    attributes: Arc<EmbeddedAttributes>,
    words: Arc<WordVectors>,
    glossary: Arc<Glossary>,
}

#[async_trait::async_trait]
impl Warmup for Warmups {
    async fn warm(&self, language: &Language, catalogue: &crate::knowledge::catalogue::Catalogue) {
        self.words.warm(&self.glossary, language).await;
        self.attributes.warm(catalogue).await;
    }
}
