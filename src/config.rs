//! Settings: loaded once at start from layered TOML and the environment, typed and validated.
//!
//! This is the only module that reads configuration files or `KEFU_*` environment variables;
//! everything else receives the sub-struct it needs (rust-analyzer: pass config, don't store it).
//! The layers, later ones winning, are documented at the top of `config/default.toml`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Env, Format, Toml};
use figment::value::{Dict, Map};
use figment::{Figment, Metadata, Profile, Provider};
use serde::Deserialize;

use crate::domain::Intent;

/// The compiled-in defaults, so a bare binary runs without a config directory.
const DEFAULT_TOML: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub admin: AdminSettings,
    pub storage: StorageSettings,
    pub hub: HubSettings,
    pub knowledge: KnowledgeSettings,
    pub embedding: EmbeddingSettings,
    pub index: IndexSettings,
    pub intents: IntentSettings,
    pub chat: ChatSettings,
    pub console: ConsoleSettings,
    pub widget: WidgetConfig,
    pub channels: ChannelsConfig,
    pub secrets: SecretsSettings,
    pub outbound: OutboundSettings,
    pub pipeline: PipelineSettings,
    pub llm: LlmSettings,
    pub telemetry: TelemetrySettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub listen: SocketAddr,
    #[serde(with = "humantime_serde")]
    pub shutdown_grace: Duration,
    /// A connection that has not sent a request's head this long after connecting (or after
    /// its last response) is closed.
    #[serde(with = "humantime_serde")]
    pub header_read_timeout: Duration,
    /// A request body that sends nothing for this long is dropped (the request fails).
    #[serde(with = "humantime_serde")]
    pub body_read_timeout: Duration,
    /// Open connections at most, in all and per client address (IPv6 by /64).
    pub max_connections: usize,
    pub max_connections_per_address: usize,
    /// New connections accepted per second at most; more wait in the kernel's backlog.
    pub accepts_per_second: u32,
    /// How often what is past its retention (images, conversations) is deleted.
    #[serde(with = "humantime_serde")]
    pub prune_interval: Duration,
    /// Reverse proxies (addresses or CIDR blocks) whose `X-Forwarded-For` names the client;
    /// from anyone else the header is ignored.
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminSettings {
    pub token: Secret,
}

/// A value that never appears in logs or debug output. Digits-only values from the
/// environment arrive as numbers, so any scalar is taken as its text.
#[derive(Clone, Default)]
pub struct Secret(String);

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        scalar_text(deserializer).map(Secret)
    }
}

/// Any scalar as its text: digits-only values from the environment arrive as numbers, and ids
/// (a partner id, an app key) are text all the same.
pub(crate) fn scalar_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Integer(i128),
        Float(f64),
    }
    Ok(match Raw::deserialize(deserializer)? {
        Raw::Text(text) => text,
        Raw::Integer(n) => n.to_string(),
        Raw::Float(x) => x.to_string(),
    })
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "Secret(empty)" } else { "Secret(***)" })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSettings {
    pub data_dir: PathBuf,
    pub backend: StorageBackend,
    pub postgres: PostgresSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    /// sled in the data directory: one process, no server.
    Sled,
    /// A PostgreSQL server several kefu nodes share.
    Postgres,
}

/// `[storage.postgres]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostgresSettings {
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE; it holds a password, so it never appears in
    /// logs or debug output.
    pub url: Secret,
    pub max_connections: u32,
    #[serde(with = "humantime_serde")]
    pub connect_timeout: Duration,
}

/// `[hub]`: how stored entries and live events reach sockets on other nodes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubSettings {
    pub backend: HubBackend,
    pub redis: RedisSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HubBackend {
    /// In this process only (one node).
    Local,
    /// Redis Streams between nodes.
    Redis,
}

/// `[hub.redis]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedisSettings {
    /// redis://[:PASSWORD@]HOST:PORT/ (rediss:// for TLS); never logged.
    pub url: Secret,
    /// Events kept per shop's stream (XADD MAXLEN ~): a node further behind than this catches
    /// up from the database instead.
    pub stream_length: u64,
    /// The start of every key kefu uses, so several deployments can share one Redis.
    pub prefix: String,
}

/// `[secrets]`: where the operator keeps each shop's credentials (`<dir>/<shop>/<name>`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsSettings {
    pub dir: PathBuf,
}

/// `[outbound]`: where requests a shop's settings cause may go (`outbound::Outbound`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboundSettings {
    /// Hosts (`orders.example.com`, `*.example.com`) those requests may call; empty: any public host.
    pub allowed_hosts: Vec<String>,
    /// Whether they may reach loopback, private and link-local addresses.
    pub allow_private: bool,
    pub max_response_bytes: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeSettings {
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddingSettings {
    /// Resolved at load: never empty after `Settings::load`.
    pub model_dir: PathBuf,
    pub ort_library: PathBuf,
    pub intra_threads: usize,
    pub batch_size: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentSettings {
    /// Where the embedded intent examples are cached. Resolved at load: never empty after
    /// `Settings::load`.
    pub cache_dir: PathBuf,
}

/// Where passage vectors are searched.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSettings {
    pub backend: IndexBackend,
    pub qdrant: QdrantSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexBackend {
    /// An exact scan in this process, loaded from the store at start.
    Embedded,
    /// A Qdrant server over gRPC.
    Qdrant,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QdrantSettings {
    /// The gRPC address, e.g. http://127.0.0.1:6334.
    pub url: String,
    pub api_key: Secret,
    /// Collections are named `<prefix>_<model>`: one per embedding model, shared by all shops.
    pub collection_prefix: String,
    #[serde(with = "humantime_serde")]
    pub timeout: Duration,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelsConfig {
    /// The outbox's wait after a failed delivery; it doubles with each failure.
    #[serde(with = "humantime_serde")]
    pub retry_base: std::time::Duration,
    /// The longest wait between two delivery attempts.
    #[serde(with = "humantime_serde")]
    pub retry_max: std::time::Duration,
    pub whatsapp: WhatsappConfig,
    pub tiktok: TiktokConfig,
    pub shopee: ShopeeConfig,
    pub lazada: LazadaConfig,
    pub ebay: EbayConfig,
    pub aliexpress: AliexpressConfig,
    pub shopify: ShopifyConfig,
    /// How often platforms without push (eBay) are asked for new messages.
    #[serde(with = "humantime_serde")]
    pub poll_interval: std::time::Duration,
}

/// kefu's AliExpress app.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliexpressConfig {
    #[serde(deserialize_with = "scalar_text")]
    pub app_key: String,
    /// The environment variable holding the app secret.
    pub app_secret_env: String,
    /// The open-platform gateway.
    pub api_base: String,
}

/// Shopify's Admin API, which carries out actions on a Shopify store's orders.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopifyConfig {
    /// Where the Admin API is; empty: `https://<the shop's shop_domain>`.
    pub admin_api_base: String,
    /// The Admin API version kefu speaks (`/admin/api/<version>/graphql.json`).
    pub api_version: String,
}

/// kefu's eBay app.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EbayConfig {
    pub api_base: String,
}

/// kefu's Lazada app.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LazadaConfig {
    #[serde(deserialize_with = "scalar_text")]
    pub app_key: String,
    /// The environment variable holding the app secret.
    pub app_secret_env: String,
    /// The regional API address.
    pub api_base: String,
}

/// kefu's Shopee app.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopeeConfig {
    #[serde(deserialize_with = "scalar_text")]
    pub partner_id: String,
    /// The environment variable holding the partner key.
    pub partner_key_env: String,
    /// The push callback URL registered with Shopee (part of what Shopee signs).
    pub callback_url: String,
    pub api_base: String,
}

/// kefu's TikTok Shop app.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiktokConfig {
    #[serde(deserialize_with = "scalar_text")]
    pub app_key: String,
    /// The environment variable holding the app secret.
    pub app_secret_env: String,
    pub api_base: String,
}

/// kefu's Meta app, for every shop's WhatsApp number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatsappConfig {
    /// The environment variable holding the app secret that signs webhooks.
    pub app_secret_env: String,
    /// The environment variable holding the webhook subscription's verify token.
    pub verify_token_env: String,
    /// The Graph API base address, with its version.
    pub api_base: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetConfig {
    /// Largest image a buyer may attach, in bytes.
    pub max_upload_bytes: usize,
    /// Images one client address may upload per minute, and in a burst.
    pub uploads_per_minute: u32,
    pub upload_burst: u32,
    /// Bytes of images a shop may keep in all; past it new uploads are refused.
    pub upload_quota_bytes: u64,
    /// Images older than this are deleted.
    #[serde(with = "humantime_serde")]
    pub upload_retention: Duration,
    /// Serve a demo storefront page per shop at /demo/{shop}.
    pub demo_pages: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleSettings {
    /// How long a login lasts.
    #[serde(with = "humantime_serde")]
    pub session_ttl: Duration,
    /// The session cookie is `Secure` with the `__Host-` prefix (HTTPS only); off for
    /// development on plain http.
    pub secure_cookie: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatSettings {
    pub max_message_chars: usize,
    pub max_frame_bytes: usize,
    pub read_buffer_bytes: usize,
    pub write_buffer_bytes: usize,
    pub max_write_buffer_bytes: usize,
    #[serde(with = "humantime_serde")]
    pub idle_timeout: Duration,
    #[serde(with = "humantime_serde")]
    pub heartbeat_interval: Duration,
    #[serde(with = "humantime_serde")]
    pub heartbeat_timeout: Duration,
    pub messages_per_minute: u32,
    pub burst: u32,
    pub ip_messages_per_minute: u32,
    pub ip_burst: u32,
    pub max_connections_per_ip: u32,
    pub max_control_frames_per_minute: u32,
    pub history_entries: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSettings {
    #[serde(with = "humantime_serde")]
    pub turn_timeout: Duration,
    /// Buyer-socket turns admitted at once (running or waiting to run), in all and per shop;
    /// a message beyond them is refused `busy`, not stored.
    pub max_turns: usize,
    pub max_turns_per_shop: usize,
    /// Turns whose pipeline runs at once; admitted turns beyond it wait their turn in order.
    pub concurrent_turns: usize,
    pub handoff_threshold: f32,
    #[serde(default)]
    pub intent_thresholds: std::collections::BTreeMap<Intent, f32>,
}

/// `[llm]`: the optional OpenAI-compatible endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmSettings {
    pub base_url: String,
    pub model: String,
    pub api_key_env: String,
    #[serde(with = "humantime_serde")]
    pub timeout: Duration,
    pub max_tokens: u32,
    pub temperature: f32,
    pub retries: u32,
    #[serde(with = "humantime_serde")]
    pub second_opinion_timeout: Duration,
    /// Model calls at once, in all and per shop; a call beyond them is not made (the reply
    /// is the answer from data, the intent the classifier's).
    pub max_concurrent: usize,
    pub max_concurrent_per_shop: usize,
}

impl LlmSettings {
    pub fn enabled(&self) -> bool {
        !self.base_url.trim().is_empty()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySettings {
    pub format: LogFormat,
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// What the command line and the process environment contribute to loading.
#[derive(Debug, Default, Clone)]
pub struct LoadOptions {
    /// Directory holding `{env}.toml` and `local.toml`; `./config` when `None`.
    pub config_dir: Option<PathBuf>,
    /// `KEFU_ENV`; "development" when `None`.
    pub env_name: Option<String>,
    /// `--config FILE`: one more layer, above `local.toml`, below the environment.
    pub extra_file: Option<PathBuf>,
    /// `--data-dir`, which beats every layer.
    pub data_dir: Option<PathBuf>,
}

/// A configuration that cannot be used, with every problem found, each naming its key and source.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration:\n{}", .problems.join("\n"))]
pub struct ConfigError {
    pub problems: Vec<String>,
}

impl LoadOptions {
    /// Reads `KEFU_ENV` and `KEFU_CONFIG_DIR` from the process environment.
    pub fn from_env() -> LoadOptions {
        LoadOptions {
            config_dir: std::env::var_os("KEFU_CONFIG_DIR").map(PathBuf::from),
            env_name: std::env::var("KEFU_ENV").ok().filter(|s| !s.is_empty()),
            extra_file: None,
            data_dir: None,
        }
    }
}

impl Settings {
    /// Loads every layer, then validates. Environment variables `KEFU__SECTION__KEY` are read here.
    pub fn load(options: &LoadOptions) -> Result<Settings, ConfigError> {
        let config_dir = options.config_dir.clone().unwrap_or_else(|| PathBuf::from("config"));
        let env_name = options.env_name.as_deref().unwrap_or("development");
        if !env_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(ConfigError {
                problems: vec![format!("KEFU_ENV={env_name:?} is not a plain name (letters, digits, - and _)")],
            });
        }
        let mut figment = Figment::from(Builtin)
            .merge(Toml::file_exact(config_dir.join(format!("{env_name}.toml"))).nested_if_exists())
            .merge(Toml::file_exact(config_dir.join("local.toml")).nested_if_exists());
        if let Some(extra) = &options.extra_file {
            if !extra.is_file() {
                return Err(ConfigError { problems: vec![format!("--config {}: no such file", extra.display())] });
            }
            figment = figment.merge(Toml::file_exact(extra));
        }
        figment = figment.merge(Env::prefixed("KEFU__").split("__"));
        if let Some(dir) = &options.data_dir {
            figment = figment.merge(("storage.data_dir", dir));
        }
        Self::extract(&figment)
    }

    /// The compiled-in defaults alone: no files, no environment. For tests and benchmarks.
    pub fn defaults() -> Settings {
        Self::extract(&Figment::from(Builtin)).expect("config/default.toml is valid")
    }

    fn extract(figment: &Figment) -> Result<Settings, ConfigError> {
        let mut settings: Settings = figment
            .extract()
            .map_err(|err| ConfigError { problems: err.into_iter().map(describe_figment_error).collect() })?;
        settings.embedding.resolve_defaults();
        if settings.intents.cache_dir.as_os_str().is_empty() {
            settings.intents.cache_dir = default_cache_dir();
        }
        let problems = settings.problems();
        if problems.is_empty() {
            return Ok(settings);
        }
        Err(ConfigError {
            problems: problems
                .into_iter()
                .map(|(key, message)| format!("  {key} {}: {message}", source_of(figment, key)))
                .collect(),
        })
    }

    /// Checks what types alone cannot: ranges and relations between keys.
    fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let chat = &self.chat;
        let mut positive = |key: &'static str, value: u64| {
            if value == 0 {
                out.push((key, "must be greater than 0".to_owned()));
            }
        };
        positive("server.header_read_timeout", self.server.header_read_timeout.as_millis() as u64);
        positive("server.body_read_timeout", self.server.body_read_timeout.as_millis() as u64);
        positive("server.max_connections", self.server.max_connections as u64);
        positive("server.prune_interval", self.server.prune_interval.as_millis() as u64);
        positive("server.max_connections_per_address", self.server.max_connections_per_address as u64);
        positive("server.accepts_per_second", self.server.accepts_per_second.into());
        positive("widget.uploads_per_minute", self.widget.uploads_per_minute.into());
        positive("widget.upload_burst", self.widget.upload_burst.into());
        positive("widget.upload_retention", self.widget.upload_retention.as_millis() as u64);
        positive("chat.max_message_chars", chat.max_message_chars as u64);
        positive("chat.max_frame_bytes", chat.max_frame_bytes as u64);
        positive("chat.read_buffer_bytes", chat.read_buffer_bytes as u64);
        positive("chat.messages_per_minute", chat.messages_per_minute.into());
        positive("chat.burst", chat.burst.into());
        positive("chat.ip_messages_per_minute", chat.ip_messages_per_minute.into());
        positive("chat.ip_burst", chat.ip_burst.into());
        positive("chat.max_connections_per_ip", chat.max_connections_per_ip.into());
        positive("chat.max_control_frames_per_minute", chat.max_control_frames_per_minute.into());
        positive("chat.idle_timeout", chat.idle_timeout.as_millis() as u64);
        positive("chat.heartbeat_interval", chat.heartbeat_interval.as_millis() as u64);
        positive("pipeline.turn_timeout", self.pipeline.turn_timeout.as_millis() as u64);
        positive("pipeline.max_turns", self.pipeline.max_turns as u64);
        positive("pipeline.max_turns_per_shop", self.pipeline.max_turns_per_shop as u64);
        positive("pipeline.concurrent_turns", self.pipeline.concurrent_turns as u64);
        positive("llm.max_concurrent", self.llm.max_concurrent as u64);
        positive("llm.max_concurrent_per_shop", self.llm.max_concurrent_per_shop as u64);
        positive("embedding.intra_threads", self.embedding.intra_threads as u64);
        positive("embedding.batch_size", self.embedding.batch_size as u64);
        if self.storage.backend == StorageBackend::Postgres {
            positive("storage.postgres.max_connections", self.storage.postgres.max_connections.into());
            positive("storage.postgres.connect_timeout", self.storage.postgres.connect_timeout.as_millis() as u64);
        }
        if self.hub.backend == HubBackend::Redis {
            positive("hub.redis.stream_length", self.hub.redis.stream_length);
        }
        if self.index.backend == IndexBackend::Qdrant {
            positive("index.qdrant.timeout", self.index.qdrant.timeout.as_millis() as u64);
        }
        if chat.max_message_chars * 4 + 256 > chat.max_frame_bytes {
            out.push((
                "chat.max_frame_bytes",
                format!(
                    "must hold a message of chat.max_message_chars ({}) characters: at least {} bytes",
                    chat.max_message_chars,
                    chat.max_message_chars * 4 + 256
                ),
            ));
        }
        if chat.max_write_buffer_bytes <= chat.write_buffer_bytes {
            out.push(("chat.max_write_buffer_bytes", "must be greater than chat.write_buffer_bytes".to_owned()));
        }
        if chat.heartbeat_timeout <= chat.heartbeat_interval {
            out.push(("chat.heartbeat_timeout", "must be longer than chat.heartbeat_interval".to_owned()));
        }
        if !(0.0..=1.0).contains(&self.pipeline.handoff_threshold) {
            out.push(("pipeline.handoff_threshold", "must be between 0 and 1".to_owned()));
        }
        if self.pipeline.intent_thresholds.values().any(|t| !(0.0..=1.0).contains(t)) {
            out.push(("pipeline.intent_thresholds", "every value must be between 0 and 1".to_owned()));
        }
        if self.storage.backend == StorageBackend::Postgres {
            let url = self.storage.postgres.url.expose();
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                out.push((
                    "storage.postgres.url",
                    "must be a postgres://USER:PASSWORD@HOST:PORT/DATABASE URL".to_owned(),
                ));
            }
        }
        if self.hub.backend == HubBackend::Redis {
            let url = self.hub.redis.url.expose();
            if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                out.push(("hub.redis.url", "must be a redis://HOST:PORT/ or rediss:// URL".to_owned()));
            }
            let prefix = &self.hub.redis.prefix;
            if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                out.push(("hub.redis.prefix", "must be letters, digits, - and _".to_owned()));
            }
            if self.storage.backend != StorageBackend::Postgres {
                out.push((
                    "hub.backend",
                    "\"redis\" connects nodes that share one database: set storage.backend = \"postgres\" too"
                        .to_owned(),
                ));
            }
        }
        if self.index.backend == IndexBackend::Qdrant {
            let url = &self.index.qdrant.url;
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                out.push(("index.qdrant.url", format!("{url:?} is not an http:// or https:// address")));
            }
        }
        let prefix = &self.index.qdrant.collection_prefix;
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            out.push(("index.qdrant.collection_prefix", "must be letters, digits, - and _".to_owned()));
        }
        let token = self.admin.token.expose();
        if !token.is_empty() && token.len() < 16 {
            out.push(("admin.token", "must be at least 16 characters (or empty to disable the admin API)".to_owned()));
        }
        if let Err(err) = tracing_subscriber::EnvFilter::try_new(&self.telemetry.filter) {
            out.push(("telemetry.filter", format!("not a valid log filter: {err}")));
        }
        for proxy in &self.server.trusted_proxies {
            if crate::net::Network::parse(proxy).is_none() {
                out.push(("server.trusted_proxies", format!("{proxy:?} is not an address or a block like 10.0.0.0/8")));
            }
        }
        out
    }

    /// The data directory, made absolute against the working directory.
    pub fn data_dir(&self) -> PathBuf {
        absolute(&self.storage.data_dir)
    }
}

impl EmbeddingSettings {
    /// Fills empty paths with where scripts/install-model.sh puts things.
    fn resolve_defaults(&mut self) {
        let models = models_home();
        if self.model_dir.as_os_str().is_empty() {
            self.model_dir = models.join("multilingual-e5-small");
        }
        if self.ort_library.as_os_str().is_empty() {
            self.ort_library = models.join("onnxruntime").join("libonnxruntime.so");
        }
    }
}

/// `$KEFU_MODELS`, else `~/.cache/kefu/models` (the install script's default).
pub fn models_home() -> PathBuf {
    if let Some(dir) = std::env::var_os("KEFU_MODELS").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    home.join(".cache").join("kefu").join("models")
}

/// Where the intent classifier keeps its cache when `intents.cache_dir` is unset: `$KEFU_CACHE`,
/// else `~/.cache/kefu`, then `intents`.
pub fn default_cache_dir() -> PathBuf {
    let base = std::env::var_os("KEFU_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/kefu")))
        .unwrap_or_else(|| PathBuf::from(".kefu-cache"));
    base.join("intents")
}

/// A deployment secret from the environment variable `name` (a settings key names the variable:
/// `llm.api_key_env`, a platform's app secret, `KEFU_AGENT_PASSWORD`); unset or empty is none.
/// Read when used, so a rotated secret is taken without a restart; the one place besides the
/// settings' layers that reads the environment.
pub fn deployment_secret(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// "(from config/local.toml)" for the layer that set `key`.
fn source_of(figment: &Figment, key: &str) -> String {
    figment.find_metadata(key).map(describe_metadata).unwrap_or_default()
}

fn describe_metadata(metadata: &Metadata) -> String {
    match metadata.source.as_ref().and_then(|s| s.file_path()) {
        Some(path) => format!("(from {})", path.display()),
        None if metadata.name.starts_with("environment") => "(from the environment, KEFU__…)".to_owned(),
        None => format!("(from {})", metadata.name),
    }
}

fn describe_figment_error(err: figment::Error) -> String {
    let key = err.path.join(".");
    let source = err.metadata.as_ref().map(describe_metadata).unwrap_or_default();
    let key = if key.is_empty() { "configuration".to_owned() } else { key };
    format!("  {key} {source}: {}", err.kind)
}

/// The compiled-in `config/default.toml`, named so errors say where a bad default came from.
struct Builtin;

impl Provider for Builtin {
    fn metadata(&self) -> Metadata {
        Metadata::named("config/default.toml (built in)")
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Toml::string(DEFAULT_TOML).data()
    }
}

/// `Toml::file_exact` errors on a missing file; an optional layer should simply be absent.
trait OptionalFile {
    fn nested_if_exists(self) -> Figment;
}

impl OptionalFile for figment::providers::Data<Toml> {
    fn nested_if_exists(self) -> Figment {
        let exists = Provider::metadata(&self).source.as_ref().and_then(|s| s.file_path()).is_some_and(Path::is_file);
        if exists { Figment::from(self) } else { Figment::new() }
    }
}

#[cfg(test)]
mod tests;
