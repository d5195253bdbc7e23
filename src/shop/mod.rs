//! Shops: who they are and how they want to be served, from their `shop.toml`.
//!
//! `ShopDirectory` holds the shops kefu serves; ingestion adds and replaces them while kefu runs.

mod hours;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde::Deserialize;

use crate::domain::{Intent, Language, ShopId};
use crate::secrets::CredentialName;

mod actions;

pub use actions::{ActionSettings, ActionTarget, Marketplace};

pub use hours::{BusinessHours, Opening};

/// One shop's settings. Field names follow `shop.toml` (see docs/knowledge-format.md).
#[derive(Debug, Clone)]
pub struct Shop {
    pub id: ShopId,
    pub name: String,
    pub default_language: Language,
    /// Reply languages allowed; empty means any.
    pub languages: Vec<Language>,
    pub currency: String,
    pub timezone: String,
    pub handoff: HandoffSettings,
    /// When the shop's people answer; `None` means always.
    pub business_hours: Option<BusinessHours>,
    /// Days after delivery within which an item may be returned (`[returns] window_days`).
    pub return_window_days: Option<u32>,
    /// Where order status comes from.
    pub orders: OrderSource,
    /// What a buyer shows before an order's tracking and dates are given (`[orders] verify`).
    pub order_verification: OrderVerification,
    /// Which actions on an order kefu takes, and the shop's rules for them (`[actions]`).
    pub actions: ActionSettings,
    /// Where a confirmed action goes (`[orders] actions_url`, else kefu's own orders).
    pub action_target: ActionTarget,
    /// Extra instructions for the language model, from the shop (`[assistant] instructions`).
    /// They add to kefu's rules and never replace them.
    pub instructions: String,
    /// The shop's own buyer phrasings per intent (`[intents.examples]`), added to the built-in
    /// examples when classifying this shop's messages.
    pub intent_examples: BTreeMap<Intent, Vec<String>>,
    /// The storefront widget's branding and the sites it may run on (`[widget]`).
    pub widget: WidgetSettings,
    /// Marketplace and messaging channels (`[channels]`).
    pub channels: ChannelSettings,
    /// How long a conversation is kept after its last message (`[retention] conversations`);
    /// `None`: until erased.
    pub conversation_retention: Option<Duration>,
    /// How long an answered marketplace message is kept to recognise a redelivery
    /// (`[retention] inbox`, default 7 days).
    pub inbox_retention: Duration,
    /// How long buyers' images are kept (`[retention] uploads`); `None`: the deployment's
    /// `widget.upload_retention`.
    pub upload_retention: Option<Duration>,
    /// How long the console's translations of buyers' messages are cached (`[retention]
    /// translations`, default 30 days).
    pub translation_retention: Duration,
    /// The shop's directory, where its knowledge files live.
    pub dir: PathBuf,
}

/// `[channels]`: where the shop's buyers also write from (docs/channels.md).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSettings {
    #[serde(default)]
    pub generic: Option<GenericChannel>,
    #[serde(default)]
    pub whatsapp: Option<WhatsappChannel>,
    #[serde(default)]
    pub tiktok: Option<TiktokChannel>,
    #[serde(default)]
    pub shopee: Option<ShopeeChannel>,
    #[serde(default)]
    pub lazada: Option<LazadaChannel>,
    #[serde(default)]
    pub shopify: Option<ShopifyChannel>,
    #[serde(default)]
    pub ebay: Option<EbayChannel>,
    #[serde(default)]
    pub aliexpress: Option<AliexpressChannel>,
}

impl ChannelSettings {
    /// The platform accounts the shop claims, by setting name (ids compared without case).
    pub fn accounts(&self) -> Vec<(&'static str, String)> {
        let mut accounts = Vec::new();
        let mut add = |key: &'static str, id: Option<&String>| {
            if let Some(id) = id {
                accounts.push((key, id.trim().to_lowercase()));
            }
        };
        add("channels.whatsapp.phone_number_id", self.whatsapp.as_ref().map(|c| &c.phone_number_id));
        add("channels.tiktok.shop_id", self.tiktok.as_ref().map(|c| &c.shop_id));
        add("channels.shopee.shop_id", self.shopee.as_ref().map(|c| &c.shop_id));
        add("channels.lazada.seller_id", self.lazada.as_ref().map(|c| &c.seller_id));
        add("channels.shopify.shop_domain", self.shopify.as_ref().map(|c| &c.shop_domain));
        add("channels.ebay.seller_username", self.ebay.as_ref().map(|c| &c.seller_username));
        add("channels.aliexpress.seller_login_id", self.aliexpress.as_ref().map(|c| &c.seller_login_id));
        accounts
    }
}

/// `[channels.aliexpress]`: the shop's AliExpress seller account, whose messages are polled.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliexpressChannel {
    /// The seller's login id: messages from it are the shop's own.
    pub seller_login_id: String,
    /// The credential holding the seller's access token (`<secrets.dir>/<shop>/<name>`).
    pub token: CredentialName,
}

/// `[channels.ebay]`: the shop's eBay seller account, whose messages are polled.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EbayChannel {
    /// The seller's eBay user name: messages from it are the shop's own.
    pub seller_username: String,
    /// The credential holding the seller's access token (`<secrets.dir>/<shop>/<name>`).
    pub token: CredentialName,
}

/// `[channels.shopify]`: the shop's Shopify store, whose order webhooks keep its orders current.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopifyChannel {
    /// `example.myshopify.com`, as `X-Shopify-Shop-Domain` says it.
    pub shop_domain: String,
    /// The credential holding the client secret of the shop's Shopify app, which signs its
    /// webhooks (`<secrets.dir>/<shop>/<name>`).
    pub secret: CredentialName,
    /// The credential holding the app's Admin API access token: with it, kefu cancels orders
    /// and changes their delivery address on Shopify (`[actions]`).
    #[serde(default)]
    pub admin_token: Option<CredentialName>,
}

/// `[channels.lazada]`: the shop on Lazada.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LazadaChannel {
    /// Lazada's seller id, as pushes carry it.
    #[serde(deserialize_with = "crate::config::scalar_text")]
    pub seller_id: String,
    /// The credential holding the seller's access token (`<secrets.dir>/<shop>/<name>`).
    pub token: CredentialName,
}

/// `[channels.shopee]`: the shop on Shopee.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopeeChannel {
    /// Shopee's shop id, as pushes carry it.
    #[serde(deserialize_with = "crate::config::scalar_text")]
    pub shop_id: String,
    /// The credential holding the shop's access token (`<secrets.dir>/<shop>/<name>`).
    pub token: CredentialName,
}

/// `[channels.tiktok]`: the shop on TikTok Shop.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiktokChannel {
    /// The id webhooks carry.
    #[serde(deserialize_with = "crate::config::scalar_text")]
    pub shop_id: String,
    /// The cipher requests name the shop by.
    pub shop_cipher: String,
    /// The credential holding the shop's access token (`<secrets.dir>/<shop>/<name>`).
    pub token: CredentialName,
}

/// `[channels.whatsapp]`: the shop's WhatsApp Business number.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatsappChannel {
    /// The Cloud API's id of the number buyers write to.
    #[serde(deserialize_with = "crate::config::scalar_text")]
    pub phone_number_id: String,
    /// The credential holding the shop's access token (`<secrets.dir>/<shop>/<name>`).
    pub token: CredentialName,
}

/// `[channels.generic]`: kefu's own signed JSON webhook.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericChannel {
    /// The credential holding the HMAC secret (`<secrets.dir>/<shop>/<name>`).
    pub secret: CredentialName,
    /// Where replies are POSTed.
    pub reply_url: String,
    /// Replies per second the receiving end takes.
    #[serde(default = "default_generic_rate")]
    pub per_second: u32,
}

fn default_generic_rate() -> u32 {
    20
}

/// `[widget]`: how the chat widget looks on the shop's pages, and where it may run.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetSettings {
    /// `#rrggbb`; kefu's blue when absent.
    #[serde(default)]
    pub colour: Option<String>,
    /// The first thing the widget says, per language (`en`, `zh-CN` …).
    #[serde(default)]
    pub greeting: BTreeMap<String, String>,
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// Pages the widget may chat from (`https://shop.example.com`); empty means any.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
}

impl WidgetSettings {
    /// Whether a page at `origin` (the `Origin` header) may chat; without a list, any may. A
    /// client that sends no origin is not a web page (`kefu chat`, a server) and may: the list
    /// keeps other sites' pages from using the shop's chat, and browsers always say where a
    /// page is from.
    pub fn allows(&self, origin: Option<&str>) -> bool {
        let listed = |o: &str| self.allowed_origins.iter().any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(o));
        self.allowed_origins.is_empty() || origin.is_none_or(listed)
    }

    fn check(&self) -> Result<(), String> {
        if let Some(colour) = &self.colour {
            let hex = colour.strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
            if hex.is_none() {
                return Err(format!("widget.colour {colour:?}: write it as #rrggbb"));
            }
        }
        if let Some(url) = &self.avatar_url
            && !url.starts_with("https://")
            && !url.starts_with("/")
        {
            return Err(format!("widget.avatar_url {url:?}: an https:// address (or a path on kefu)"));
        }
        for origin in &self.allowed_origins {
            let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
            if rest.is_none_or(|host| host.is_empty() || host.trim_end_matches('/').contains('/')) {
                return Err(format!(
                    "widget.allowed_origins: {origin:?} is not an origin like https://shop.example.com"
                ));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffSettings {
    /// Below this confidence the bot hands off; the deployment's default when absent.
    pub threshold: Option<f32>,
    #[serde(default = "default_wait_minutes")]
    pub expected_wait_minutes: u32,
    #[serde(default)]
    pub intent_thresholds: BTreeMap<Intent, f32>,
}

fn default_wait_minutes() -> u32 {
    15
}

/// A shop.toml without a `[handoff]` section gets the same values as an empty one.
impl Default for HandoffSettings {
    fn default() -> HandoffSettings {
        HandoffSettings {
            threshold: None,
            expected_wait_minutes: default_wait_minutes(),
            intent_thresholds: BTreeMap::new(),
        }
    }
}

impl HandoffSettings {
    pub fn expected_wait(&self) -> Duration {
        Duration::from_secs(u64::from(self.expected_wait_minutes) * 60)
    }
}

/// `[orders] verify`: what a buyer shows before kefu gives an order's tracking and dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderVerification {
    /// The order's e-mail, phone or postcode, in this conversation, or a platform identity
    /// that matches the order (the default).
    #[default]
    Contact,
    /// The order number is enough: the shop's choice.
    None,
}

/// `[orders]` as written: where order status comes from, and what a buyer shows for it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrdersFile {
    #[serde(default)]
    source: OrderSourceKind,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    token: Option<CredentialName>,
    #[serde(default, with = "humantime_serde")]
    timeout: Option<Duration>,
    #[serde(default)]
    verify: OrderVerification,
    #[serde(default)]
    actions_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
enum OrderSourceKind {
    #[default]
    File,
    Http,
}

impl OrdersFile {
    /// Where confirmed actions go: the shop's `actions_url`, else kefu's own copy of
    /// orders.jsonl, else (orders from an API that takes no actions) nowhere.
    fn target(&self, channels: &ChannelSettings) -> Result<ActionTarget, String> {
        let shopify = channels.shopify.as_ref().and_then(|s| Some((s.shop_domain.clone(), s.admin_token.clone()?)));
        match (&self.actions_url, &self.source) {
            (Some(url), _) => {
                let http = url.starts_with("http://") || url.starts_with("https://");
                if !http || !url.contains("{order_id}") || !url.contains("{action}") {
                    return Err(format!(
                        "orders.actions_url {url:?} must be an http(s) address containing {{order_id}} and {{action}}"
                    ));
                }
                let timeout = self.timeout.unwrap_or_else(default_order_timeout);
                Ok(ActionTarget::Http { url: url.clone(), token: self.token.clone(), timeout })
            }
            (None, _) if let Some((domain, token)) = shopify => Ok(ActionTarget::Shopify { domain, token }),
            (None, OrderSourceKind::File) => Ok(ActionTarget::Embedded),
            (None, OrderSourceKind::Http) => Ok(ActionTarget::None),
        }
    }

    fn source(self) -> Result<OrderSource, String> {
        match self.source {
            OrderSourceKind::File if self.url.is_some() || (self.token.is_some() && self.actions_url.is_none()) => {
                Err("orders.url and orders.token are for source = \"http\" (or token with actions_url)".into())
            }
            OrderSourceKind::File => Ok(OrderSource::File),
            OrderSourceKind::Http => {
                let url = self.url.ok_or("orders.url: source = \"http\" needs the API's address")?;
                let timeout = self.timeout.unwrap_or_else(default_order_timeout);
                Ok(OrderSource::Http { url, token: self.token, timeout })
            }
        }
    }
}

/// Where a shop's order status comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum OrderSource {
    /// The shop's ingested `orders.jsonl` (the default).
    #[default]
    File,
    /// The shop's own order API: `GET url` with `{order_id}` replaced, answering an order as in
    /// orders.jsonl (docs/knowledge-format.md), 404 for an unknown order.
    Http {
        url: String,
        /// The credential holding the bearer token, if the API needs one.
        token: Option<CredentialName>,
        timeout: Duration,
    },
}

fn default_order_timeout() -> Duration {
    Duration::from_secs(3)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReturnsFile {
    window_days: Option<u32>,
}

/// `[retention]`: how long the shop's buyers' data is kept.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RetentionFile {
    #[serde(default, with = "humantime_serde")]
    conversations: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    inbox: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    uploads: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    translations: Option<Duration>,
}

/// `[retention] inbox` when the shop sets none: platforms redeliver within hours, seldom days.
pub const INBOX_RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);
/// `[retention] translations` when the shop sets none.
pub const TRANSLATION_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssistantFile {
    #[serde(default)]
    instructions: String,
}

/// `shop.toml` as written; sections kefu does not use yet (business hours, support contacts,
/// widget branding) are kept as plain TOML so newer files load in older builds.
#[derive(Debug, Deserialize)]
struct ShopFile {
    name: String,
    default_language: Language,
    #[serde(default)]
    languages: Vec<Language>,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    timezone: String,
    #[serde(default)]
    handoff: HandoffSettings,
    #[serde(default)]
    intents: IntentSettings,
    #[serde(default)]
    business_hours: Option<hours::HoursFile>,
    #[serde(default)]
    returns: ReturnsFile,
    #[serde(default)]
    retention: RetentionFile,
    #[serde(default)]
    orders: OrdersFile,
    #[serde(default)]
    actions: actions::ActionsFile,
    #[serde(default)]
    assistant: AssistantFile,
    #[serde(default)]
    widget: WidgetSettings,
    #[serde(default)]
    channels: ChannelSettings,
    #[serde(flatten)]
    _rest: BTreeMap<String, toml::Value>,
}

/// `[intents]`: how the shop extends the intent taxonomy (docs/intents.md).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IntentSettings {
    #[serde(default)]
    examples: BTreeMap<Intent, Vec<String>>,
}

/// Most examples a shop may add: each is embedded when the shop's first message arrives.
pub const MAX_INTENT_EXAMPLES: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// Every shop kefu serves, by id.
#[derive(Debug, Default)]
pub struct ShopDirectory {
    shops: RwLock<HashMap<ShopId, Arc<Shop>>>,
}

impl Shop {
    /// A shop that serves every language, with `default_language` as its default and nothing
    /// else set: for evaluations, benchmarks and tests that need a shop but not its knowledge.
    pub fn serving_any_language(id: &str, default_language: Language) -> Shop {
        Shop {
            id: ShopId::parse(id).expect("a valid shop id"),
            name: id.to_owned(),
            default_language,
            languages: Vec::new(),
            currency: "USD".into(),
            timezone: "UTC".into(),
            handoff: HandoffSettings::default(),
            business_hours: None,
            return_window_days: None,
            orders: OrderSource::File,
            order_verification: OrderVerification::Contact,
            actions: ActionSettings::default(),
            action_target: ActionTarget::Embedded,
            instructions: String::new(),
            intent_examples: BTreeMap::new(),
            widget: WidgetSettings::default(),
            channels: ChannelSettings::default(),
            conversation_retention: None,
            inbox_retention: INBOX_RETENTION,
            upload_retention: None,
            translation_retention: TRANSLATION_RETENTION,
            dir: PathBuf::new(),
        }
    }
}

impl ShopDirectory {
    /// Loads every `<dir>/<shop_id>/shop.toml`. Returns the shops that loaded and an error for
    /// each that did not. A missing `dir` is no shops, not an error.
    pub fn load(dir: &Path) -> (ShopDirectory, Vec<ShopError>) {
        let directory = ShopDirectory::default();
        let mut errors = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return (directory, errors);
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if !path.join("shop.toml").is_file() {
                continue;
            }
            match load_shop(&path) {
                Ok(shop) => directory.insert(shop),
                Err(err) => errors.push(err),
            }
        }
        (directory, errors)
    }

    /// Adds a shop, or replaces the one with its id.
    pub fn insert(&self, shop: Shop) {
        self.shops.write().expect("shops lock").insert(shop.id.clone(), Arc::new(shop));
    }

    /// Stops serving the shop; whether it was served.
    pub fn remove(&self, id: &ShopId) -> bool {
        self.shops.write().expect("shops lock").remove(id).is_some()
    }

    pub fn get(&self, id: &ShopId) -> Option<Arc<Shop>> {
        self.shops.read().expect("shops lock").get(id).cloned()
    }

    /// The one shop for which `matches` holds (a platform's account id in its shop.toml); none
    /// when two do — ingestion refuses a second claim, so only shops stored before that rule
    /// can, and a delivery for either is refused rather than guessed.
    pub fn find(&self, matches: impl Fn(&Shop) -> bool) -> Option<Arc<Shop>> {
        let shops = self.shops.read().expect("shops lock");
        let mut found = shops.values().filter(|shop| matches(shop));
        let first = found.next().cloned();
        if found.next().is_some() { None } else { first }
    }

    /// A platform account `shop` claims that another shop already holds, as a message naming
    /// both: a platform's id routes deliveries to one shop only.
    pub fn conflict(&self, shop: &Shop) -> Option<String> {
        let shops = self.shops.read().expect("shops lock");
        for (key, account) in shop.channels.accounts() {
            let holder = shops
                .values()
                .filter(|other| other.id != shop.id)
                .find(|other| other.channels.accounts().contains(&(key, account.clone())));
            if let Some(holder) = holder {
                return Some(format!(
                    "{key} {account:?} belongs to shop {}; a platform account routes to one shop only",
                    holder.id
                ));
            }
        }
        None
    }

    /// Shop ids, sorted.
    pub fn ids(&self) -> Vec<ShopId> {
        let mut ids: Vec<ShopId> = self.shops.read().expect("shops lock").keys().cloned().collect();
        ids.sort();
        ids
    }
}

fn load_shop(dir: &Path) -> Result<Shop, ShopError> {
    let dir_name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let id = ShopId::parse(dir_name).map_err(|e| ShopError::Invalid {
        path: dir.join("shop.toml"),
        message: format!("the directory name is the shop id: {e}"),
    })?;
    read_shop_toml(id, dir)
}

/// Reads `<dir>/shop.toml` as the settings of shop `id`.
pub fn read_shop_toml(id: ShopId, dir: &Path) -> Result<Shop, ShopError> {
    let path = dir.join("shop.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| ShopError::Read { path: path.clone(), source })?;
    parse_shop_toml(id, &text, dir)
}

/// Parses the text of a `shop.toml` as the settings of shop `id`, kept in `dir`.
pub fn parse_shop_toml(id: ShopId, text: &str, dir: &Path) -> Result<Shop, ShopError> {
    let path = dir.join("shop.toml");
    let invalid = |message: String| ShopError::Invalid { path: path.clone(), message };
    let raw: toml::Table = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
    if let Some(message) = variable_names(&raw) {
        return Err(invalid(message));
    }
    let file: ShopFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let handoff = file.handoff;
    let thresholds = handoff.threshold.iter().chain(handoff.intent_thresholds.values());
    if thresholds.into_iter().any(|t| !(0.0..=1.0).contains(t)) {
        return Err(invalid("handoff thresholds must be between 0 and 1".to_owned()));
    }
    let examples = file.intents.examples;
    if let Some((intent, _)) = examples.iter().find(|(_, texts)| texts.iter().any(|t| t.trim().is_empty())) {
        return Err(invalid(format!("intents.examples.{}: an example is empty", intent.as_str())));
    }
    let business_hours = match &file.business_hours {
        None => None,
        Some(_) if file.timezone.is_empty() => {
            return Err(invalid("business_hours needs the shop's timezone (e.g. timezone = \"Asia/Shanghai\")".into()));
        }
        Some(hours) => Some(BusinessHours::parse(hours, &file.timezone).map_err(invalid)?),
    };
    let order_verification = file.orders.verify;
    let action_target = file.orders.target(&file.channels).map_err(invalid)?;
    let actions = file.actions.settings(file.returns.window_days).map_err(invalid)?;
    if actions.any() && action_target == ActionTarget::None {
        return Err(invalid(
            "[actions]: the shop's orders come from its API (orders.source = \"http\"), so kefu needs orders.actions_url to act on them"
                .into(),
        ));
    }
    let orders = file.orders.source().map_err(invalid)?;
    if let OrderSource::Http { url, .. } = &orders {
        let http = url.starts_with("http://") || url.starts_with("https://");
        if !http || !url.contains("{order_id}") {
            return Err(invalid(format!("orders.url {url:?} must be an http(s) address containing {{order_id}}")));
        }
    }
    file.widget.check().map_err(invalid)?;
    let retention = &file.retention;
    for (key, value) in [
        ("conversations", retention.conversations),
        ("inbox", retention.inbox),
        ("uploads", retention.uploads),
        ("translations", retention.translations),
    ] {
        if value.is_some_and(|d| d < Duration::from_secs(1)) {
            return Err(invalid(format!(
                "retention.{key}: at least \"1s\" (e.g. \"30days\"), or leave it out for the default"
            )));
        }
    }
    if let Some(generic) = &file.channels.generic {
        let http = generic.reply_url.starts_with("https://") || generic.reply_url.starts_with("http://");
        if !http {
            return Err(invalid("channels.generic: reply_url must be an http(s) address".into()));
        }
    }
    let count: usize = examples.values().map(Vec::len).sum();
    if count > MAX_INTENT_EXAMPLES {
        return Err(invalid(format!(
            "intents.examples: {count} examples, at most {MAX_INTENT_EXAMPLES}; keep the phrasings the built-in examples miss"
        )));
    }
    Ok(Shop {
        id,
        name: file.name,
        default_language: file.default_language,
        languages: file.languages,
        currency: file.currency,
        timezone: file.timezone,
        handoff,
        business_hours,
        return_window_days: file.returns.window_days,
        orders,
        order_verification,
        actions,
        action_target,
        instructions: file.assistant.instructions,
        intent_examples: examples,
        widget: file.widget,
        channels: file.channels,
        conversation_retention: file.retention.conversations,
        inbox_retention: file.retention.inbox.unwrap_or(INBOX_RETENTION),
        upload_retention: file.retention.uploads,
        translation_retention: file.retention.translations.unwrap_or(TRANSLATION_RETENTION),
        dir: dir.to_owned(),
    })
}

/// The first `*_env` key of `[orders]` or `[channels.*]`, with what replaces it: shop.toml
/// named environment variables once, which let a shop read any of the deployment's.
fn variable_names(raw: &toml::Table) -> Option<String> {
    let orders = raw.get("orders").and_then(toml::Value::as_table).map(|t| ("orders".to_owned(), t));
    let channels = raw.get("channels").and_then(toml::Value::as_table).into_iter().flat_map(|channels| {
        channels.iter().filter_map(|(name, table)| table.as_table().map(|t| (format!("channels.{name}"), t)))
    });
    for (section, table) in orders.into_iter().chain(channels) {
        if let Some(key) = table.keys().find(|k| k.ends_with("_env")) {
            let replacement = if key == "secret_env" { "secret" } else { "token" };
            return Some(format!(
                "{section}.{key}: shop.toml no longer names environment variables; name a credential instead ({replacement} = \"{}\") and the operator puts its value in <secrets.dir>/<shop id>/{}",
                default_credential(&section),
                default_credential(&section),
            ));
        }
    }
    None
}

/// The credential name docs suggest for a section: `orders`, `webhook`, or the platform's name.
fn default_credential(section: &str) -> &str {
    match section {
        "orders" => "orders",
        "channels.generic" => "webhook",
        other => other.strip_prefix("channels.").unwrap_or(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, shop: &str, toml: &str) {
        std::fs::create_dir_all(dir.join(shop)).unwrap();
        std::fs::write(dir.join(shop).join("shop.toml"), toml).unwrap();
    }

    #[test]
    fn loads_good_shops_and_names_the_file_of_bad_ones() {
        let tmp = tempfile::tempdir().unwrap();
        write(
            tmp.path(),
            "good",
            "name = \"Good\"\ndefault_language = \"zh\"\ntimezone = \"Asia/Shanghai\"\n[handoff]\nthreshold = 0.6\n[handoff.intent_thresholds]\norder_status = 0.4\n[business_hours]\nopen = \"09:00\"\nclose = \"18:00\"\n",
        );
        write(tmp.path(), "bad", "name = \"Bad\"\n");
        write(tmp.path(), "Upper", "name = \"U\"\ndefault_language = \"en\"\n");
        std::fs::create_dir_all(tmp.path().join("not-a-shop")).unwrap();

        let (shops, errors) = ShopDirectory::load(tmp.path());

        assert_eq!(shops.ids(), vec![ShopId::parse("good").unwrap()]);
        let good = shops.get(&ShopId::parse("good").unwrap()).unwrap();
        assert_eq!(good.default_language.as_str(), "zh");
        assert_eq!(good.handoff.threshold, Some(0.6));
        assert_eq!(good.handoff.intent_thresholds[&Intent::OrderStatus], 0.4);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("bad/shop.toml") && m.contains("default_language")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("Upper/shop.toml")), "{messages:?}");
    }

    #[test]
    fn out_of_range_thresholds_are_rejected() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "s", "name = \"S\"\ndefault_language = \"en\"\n[handoff]\nthreshold = 7\n");
        let (shops, errors) = ShopDirectory::load(tmp.path());
        assert!(shops.ids().is_empty());
        assert!(errors[0].to_string().contains("between 0 and 1"));
    }

    #[test]
    fn a_shop_adds_intent_examples_and_bad_ones_are_named() {
        let tmp = tempfile::tempdir().unwrap();
        let base = "name = \"S\"\ndefault_language = \"en\"\n";
        write(tmp.path(), "s", &format!("{base}[intents.examples]\npayment = [\"send the PI\", \"PI?\"]\n"));
        write(tmp.path(), "empty", &format!("{base}[intents.examples]\npayment = [\" \"]\n"));
        write(tmp.path(), "typo", &format!("{base}[intents.examples]\npaymnet = [\"PI\"]\n"));
        let (shops, errors) = ShopDirectory::load(tmp.path());
        let shop = shops.get(&ShopId::parse("s").unwrap()).unwrap();
        assert_eq!(shop.intent_examples[&Intent::Payment], vec!["send the PI", "PI?"]);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(messages.iter().any(|m| m.contains("empty/shop.toml") && m.contains("intents.examples.payment")));
        assert!(messages.iter().any(|m| m.contains("typo/shop.toml") && m.contains("paymnet")), "{messages:?}");
    }

    #[test]
    fn shop_toml_names_credentials_never_variables() {
        let tmp = tempfile::tempdir().unwrap();
        let base = "name = \"S\"\ndefault_language = \"en\"\n";
        write(
            tmp.path(),
            "old-orders",
            &format!(
                "{base}[orders]\nsource = \"http\"\nurl = \"https://o.example/{{order_id}}\"\ntoken_env = \"KEFU__ADMIN__TOKEN\"\n"
            ),
        );
        write(
            tmp.path(),
            "old-generic",
            &format!("{base}[channels.generic]\nsecret_env = \"HOME\"\nreply_url = \"https://r.example\"\n"),
        );
        write(
            tmp.path(),
            "old-wa",
            &format!("{base}[channels.whatsapp]\nphone_number_id = \"1\"\naccess_token_env = \"X\"\n"),
        );
        write(
            tmp.path(),
            "path-name",
            &format!("{base}[channels.whatsapp]\nphone_number_id = \"1\"\ntoken = \"../other/whatsapp\"\n"),
        );
        write(
            tmp.path(),
            "good",
            &format!(
                "{base}[orders]\nsource = \"http\"\nurl = \"https://o.example/{{order_id}}\"\ntoken = \"orders\"\n[channels.generic]\nsecret = \"webhook\"\nreply_url = \"https://r.example\"\n"
            ),
        );
        let (shops, errors) = ShopDirectory::load(tmp.path());
        assert_eq!(shops.ids(), vec![ShopId::parse("good").unwrap()]);
        let good = shops.get(&ShopId::parse("good").unwrap()).unwrap();
        assert_eq!(good.channels.generic.as_ref().unwrap().secret.as_str(), "webhook");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let said = |shop: &str, words: &[&str]| {
            messages.iter().any(|m| m.contains(&format!("{shop}/shop.toml")) && words.iter().all(|w| m.contains(w)))
        };
        assert!(said("old-orders", &["orders.token_env", "token = \"orders\"", "secrets.dir"]), "{messages:?}");
        assert!(said("old-generic", &["channels.generic.secret_env", "secret = \"webhook\""]), "{messages:?}");
        assert!(said("old-wa", &["channels.whatsapp.access_token_env", "token = \"whatsapp\""]), "{messages:?}");
        assert!(said("path-name", &["not a credential name"]), "{messages:?}");
    }
}
