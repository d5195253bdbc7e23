//! Marketplace and messaging channels (docs/channels.md): buyer messages that arrive by
//! webhook, and replies that leave through each platform's send API.
//!
//! A delivery is verified on its raw bytes before anything is parsed (`PushReceiver::receive`),
//! routed to a kefu shop only by what the verified payload says, stored in the persistent inbox
//! (de-duplicated by the platform's message id) and acknowledged at once; `worker` then answers
//! it through `Conversations` like any other buyer message and puts the reply in the persistent
//! outbox, which delivers with retries, back-off and a per-platform, per-shop pace. Nothing is
//! lost across a restart: both queues live in the store.
//!
//! **Invariant:** a shop's credentials are read, when used, from the deployment's secret
//! directory under the names its shop.toml gives (`secrets`), and never logged; kefu's own app
//! secrets on each platform are the deployment's (its config names their variables).

pub mod aliexpress;
pub mod ebay;
pub mod generic;
pub mod lazada;
pub mod queue;
pub mod shopee;
pub mod shopify;
pub mod tiktok;
pub mod whatsapp;
pub mod worker;

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::{Attachment, ShopId};
use crate::secrets::{CredentialName, Secrets};
use crate::shop::{Shop, ShopDirectory};

/// A platform kefu has a connector for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Any other platform, through kefu's own signed JSON webhook.
    Generic,
    /// WhatsApp Cloud API.
    Whatsapp,
    /// TikTok Shop customer service.
    Tiktok,
    /// Shopee Open Platform seller chat.
    Shopee,
    /// Lazada Open Platform IM.
    Lazada,
    /// Shopify's order and fulfilment webhooks.
    Shopify,
    /// eBay's Message API, polled.
    Ebay,
    /// AliExpress's message API, polled.
    Aliexpress,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Generic => "generic",
            Platform::Whatsapp => "whatsapp",
            Platform::Tiktok => "tiktok",
            Platform::Shopee => "shopee",
            Platform::Lazada => "lazada",
            Platform::Shopify => "shopify",
            Platform::Ebay => "ebay",
            Platform::Aliexpress => "aliexpress",
        }
    }

    pub fn parse(text: &str) -> Option<Platform> {
        match text {
            "generic" => Some(Platform::Generic),
            "whatsapp" => Some(Platform::Whatsapp),
            "tiktok" => Some(Platform::Tiktok),
            "shopee" => Some(Platform::Shopee),
            "lazada" => Some(Platform::Lazada),
            "shopify" => Some(Platform::Shopify),
            "ebay" => Some(Platform::Ebay),
            "aliexpress" => Some(Platform::Aliexpress),
            _ => None,
        }
    }
}

/// A buyer message from a platform, verified and routed to a kefu shop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbound {
    pub platform: Platform,
    pub shop: ShopId,
    /// The platform's conversation (session, chat) id.
    pub conversation: String,
    /// The platform's message id: a delivery seen twice is processed once.
    pub message_id: String,
    pub text: String,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The buyer's locale, when the platform says.
    #[serde(default)]
    pub locale: Option<String>,
    /// When the buyer wrote it (Unix ms): some platforms take replies only for a while after.
    #[serde(default)]
    pub at_ms: u64,
    /// The product the buyer wrote about (a marketplace product card), when the platform says.
    #[serde(default)]
    pub context: Option<crate::domain::PageContext>,
    /// The platform's id of the buyer who wrote it, from the verified delivery: an order that
    /// names this buyer (`Order::buyer_id`) is theirs.
    #[serde(default)]
    pub sender: Option<String>,
}

/// What a verified delivery carries.
#[derive(Debug, Default)]
pub struct Received {
    pub messages: Vec<Inbound>,
    /// Orders created or changed on the platform, for the shop's order source.
    pub orders: Vec<(ShopId, OrderUpdate)>,
    /// The platform's id of this delivery (Shopify's `X-Shopify-Webhook-Id`): a delivery seen
    /// before changes nothing.
    pub delivery_id: Option<String>,
}

/// What a platform says about an order.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderUpdate {
    /// The whole order, new or changed.
    Order(Box<crate::knowledge::Order>),
    /// A shipment of a known order.
    Fulfillment {
        order_id: String,
        carrier: Option<String>,
        tracking_number: Option<String>,
        shipped_at: Option<String>,
        delivered_at: Option<String>,
        /// When the shipment last changed (RFC 3339).
        updated_at: Option<String>,
    },
}

impl From<Vec<Inbound>> for Received {
    fn from(messages: Vec<Inbound>) -> Received {
        Received { messages, orders: Vec::new(), delivery_id: None }
    }
}

/// A reply waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outbound {
    pub id: u64,
    pub platform: Platform,
    pub shop: ShopId,
    pub conversation: String,
    /// The buyer message it answers.
    pub reply_to: String,
    /// When the buyer last wrote (Unix ms), for platforms with a reply window.
    #[serde(default)]
    pub buyer_at_ms: u64,
    pub text: String,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// Not before this time (Unix ms).
    pub next_at_ms: u64,
    #[serde(default)]
    pub last_error: Option<String>,
    /// How many of the text's pieces (`Sender::pieces`) the platform already has.
    #[serde(default)]
    pub pieces_sent: u32,
}

/// Why a webhook delivery was refused before anything was stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the signature is missing or wrong")]
    Signature,
    #[error("the delivery names no shop kefu serves")]
    UnknownShop,
    #[error("the body is not a delivery: {0}")]
    Malformed(String),
}

/// What became of a delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later (the platform is down, busy, or rate-limited us).
    #[error("try again later: {0}")]
    Retry(String),
    /// Will never succeed as it is (bad credentials, a conversation the platform does not know).
    #[error("refused: {0}")]
    Permanent(String),
}

/// One platform's send API, to its documented contract: how a reply reaches the buyer.
#[async_trait::async_trait]
pub trait Sender: Send + Sync {
    fn platform(&self) -> Platform;

    /// Sends one reply; `Ok` only when the platform took it.
    async fn send(&self, shop: &Shop, message: &Outbound) -> Result<(), SendError>;

    /// The least time between two sends to this platform for `shop` (its rate limit).
    fn pace(&self, shop: &Shop) -> Duration;

    /// The reply's text as the platform accepts it: split or shortened to its limits.
    fn pieces(&self, text: &str) -> Vec<String> {
        vec![text.to_owned()]
    }
}

/// A platform that pushes its deliveries to kefu's webhook, to its documented contract.
pub trait PushReceiver: Send + Sync {
    fn platform(&self) -> Platform;

    /// Verifies a webhook delivery on its raw bytes (`headers` with lower-case names), then
    /// parses it into the buyer messages (or order updates) it carries, each routed to one of
    /// `shops`.
    fn receive(&self, headers: &[(String, String)], body: &[u8], shops: &ShopDirectory) -> Result<Received, Refused>;

    /// Answers a platform's subscription check (`GET` with query parameters), when it has one:
    /// `Some(Ok(body))` to echo, `Some(Err(_))` to refuse.
    fn handshake(&self, _query: &[(String, String)]) -> Option<Result<String, Refused>> {
        None
    }
}

/// A platform without push: its buyer messages are fetched in rounds, from a cursor kept per
/// shop (`ChannelQueue::cursor`).
#[async_trait::async_trait]
pub trait Poller: Send + Sync {
    fn platform(&self) -> Platform;
    /// Whether `shop` is on this platform.
    fn polls(&self, shop: &Shop) -> bool;
    /// The buyer messages after `cursor`, and the cursor to start from next time.
    async fn poll(&self, shop: &Shop, cursor: Option<&str>) -> Result<(Vec<Inbound>, Option<String>), SendError>;
}

/// The HTTP client a connector calls its platform with (rustls, a bounded wait).
pub(crate) fn http_client(timeout: Duration) -> reqwest::Client {
    crate::tls::init();
    reqwest::Client::builder().timeout(timeout).build().expect("an HTTP client")
}

/// A deployment secret (kefu's app secret on a platform) a send needs: while its variable is
/// unset the reply waits in the outbox.
pub(crate) fn env_for_send(name: &str) -> Result<String, SendError> {
    crate::config::deployment_secret(name).ok_or_else(|| SendError::Retry(format!("{name} is not set")))
}

/// A shop's credential a send needs, from the deployment's secret directory: while it is
/// missing the reply waits in the outbox.
pub(crate) fn credential(secrets: &Secrets, shop: &Shop, name: &CredentialName) -> Result<String, SendError> {
    secrets.read(&shop.id, name).map_err(|err| SendError::Retry(err.to_string()))
}

/// Whether a platform's refusal may pass: it is rate-limiting us, or failing itself.
pub(crate) fn transient(status: reqwest::StatusCode) -> bool {
    status.as_u16() == 429 || status.is_server_error()
}

/// Whether the `authorization` header is the hex HMAC-SHA256 (any case) under `secret` of
/// `prefix` followed by the raw body: the scheme of TikTok Shop, Lazada and Shopee, with their
/// own prefixes.
pub(crate) fn signed_hex(headers: &[(String, String)], secret: &str, prefix: &[u8], body: &[u8]) -> bool {
    let mut signed = prefix.to_vec();
    signed.extend_from_slice(body);
    let expected = crate::crypto::hmac_hex(secret.as_bytes(), &signed);
    let given = header(headers, "authorization").unwrap_or_default().to_ascii_lowercase();
    crate::crypto::constant_time_eq(given.as_bytes(), expected.as_bytes())
}

/// `sha256=<hex HMAC-SHA256(secret, body)>`: the signature of Meta's webhooks and kefu's own.
pub(crate) fn sha256_signature(secret: &str, body: &[u8]) -> String {
    format!("sha256={}", crate::crypto::hmac_hex(secret.as_bytes(), body))
}

/// When a platform says a message was sent (Unix seconds), in Unix ms; now when it does not say,
/// or says a time past what milliseconds can count.
pub(crate) fn sent_at_ms(secs: Option<u64>) -> u64 {
    secs.and_then(|s| s.checked_mul(1000)).unwrap_or_else(crate::domain::now_ms)
}

/// The page context a marketplace product card sets: the product as `<platform>:<id>`, the way
/// a shop's products.jsonl `listings` names it (`shopee:123456789`), so the catalogue finds the
/// product the buyer is looking at. A platform sends ids as JSON numbers or strings; an id that
/// is neither, or not 1–64 ASCII letters, digits, `-` and `_`, sets no context.
pub(crate) fn product_card(platform: Platform, id: &serde_json::Value) -> Option<crate::domain::PageContext> {
    let id = match id {
        serde_json::Value::String(id) => id.trim().to_owned(),
        serde_json::Value::Number(id) if id.is_u64() => id.to_string(),
        serde_json::Value::Null
        | serde_json::Value::Bool(_)
        | serde_json::Value::Number(_)
        | serde_json::Value::Array(_)
        | serde_json::Value::Object(_) => return None,
    };
    if !crate::knowledge::is_listing_id(&id) {
        return None;
    }
    let product = format!("{}:{id}", platform.as_str());
    crate::domain::PageContext { product: Some(product), page_url: None }.checked().ok().flatten()
}

/// A header's value, by lower-case name.
pub fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_round_trip_by_name() {
        assert_eq!(Platform::parse(Platform::Generic.as_str()), Some(Platform::Generic));
        assert_eq!(Platform::parse("myspace"), None);
        assert_eq!(header(&[("x-a".into(), "1".into())], "x-a"), Some("1"));
    }

    #[test]
    fn a_product_card_names_its_product_by_platform_and_id() {
        let product = |id: serde_json::Value| product_card(Platform::Shopee, &id).and_then(|c| c.product);
        assert_eq!(product(serde_json::json!(9112503530u64)).as_deref(), Some("shopee:9112503530"));
        assert_eq!(product(serde_json::json!(" 9112503530 ")).as_deref(), Some("shopee:9112503530"));
        for bad in [
            serde_json::json!(null),
            serde_json::json!(""),
            serde_json::json!(-5),
            serde_json::json!(1.5),
            serde_json::json!("12 34"),
            serde_json::json!("shopee:1"),
            serde_json::json!("9".repeat(65)),
            serde_json::json!({"id": 1}),
        ] {
            assert_eq!(product(bad.clone()), None, "{bad}");
        }
    }

    #[test]
    fn a_send_time_past_what_milliseconds_count_is_now() {
        assert_eq!(sent_at_ms(Some(1_700_000_000)), 1_700_000_000_000);
        // Seen while writing the webhook fuzz target: a signed delivery with this timestamp
        // overflowed the multiplication (a panic where overflow is checked, a wrong time where not).
        let before = crate::domain::now_ms();
        let at = sent_at_ms(Some(u64::MAX));
        assert!(at >= before && at <= crate::domain::now_ms(), "{at}");
        assert!(sent_at_ms(None) >= before);
    }
}
