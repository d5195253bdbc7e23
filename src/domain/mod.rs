//! Domain vocabulary shared by every layer: identifiers that are validated when made, languages,
//! intents and the sources a reply cites. Nothing here does IO or knows about the wire.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

mod action;
mod entry;
mod error;
mod order;

pub use action::{ActionDraft, ActionKind, ActionMode, Address, CancelReason, ItemExchange, OrderAction, Proposal};
pub use entry::{AgentRef, Entry, EntryBody, HandoffReason, Owner, Review, Ticket, TurnNotes, Verdict};
pub use error::StorageError;
pub use order::OrderStatus;

/// A shop's id: 1–64 characters of `a-z`, `0-9`, `-` and `_`, so it is safe in keys and paths.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShopId(Arc<str>);

/// A conversation's id within its shop: 1–64 characters of ASCII letters, digits, `-`, `_`,
/// `.` and `:`. The websocket hands out random ones; `kefu ask` takes the caller's.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConversationId(Arc<str>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("a shop id is 1-64 characters of a-z, 0-9, '-' and '_', got {0:?}")]
    Shop(String),
    #[error("a conversation id is 1-64 characters of A-Z, a-z, 0-9, '-', '_', '.' and ':', got {0:?}")]
    Conversation(String),
}

impl ShopId {
    pub fn parse(raw: &str) -> Result<ShopId, IdError> {
        let ok = (1..=64).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok { Ok(ShopId(raw.into())) } else { Err(IdError::Shop(truncate(raw))) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ConversationId {
    pub fn parse(raw: &str) -> Result<ConversationId, IdError> {
        let ok = (1..=64).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
        if ok { Ok(ConversationId(raw.into())) } else { Err(IdError::Conversation(truncate(raw))) }
    }

    /// A fresh, unguessable id (122 random bits): what a buyer socket is given.
    pub fn random() -> ConversationId {
        ConversationId(uuid::Uuid::new_v4().simple().to_string().into())
    }

    /// Whether this is an id `random` made (32 lower-case hex digits) — the only kind a buyer
    /// socket may resume. A marketplace conversation's id (`whatsapp.<phone>`, `generic.c-42`)
    /// and one `kefu ask` names are guessable, so no socket resumes them.
    pub fn is_unguessable(&self) -> bool {
        self.0.len() == 32 && self.0.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn truncate(raw: &str) -> String {
    raw.chars().take(80).collect()
}

impl TryFrom<String> for ShopId {
    type Error = IdError;
    fn try_from(raw: String) -> Result<Self, IdError> {
        ShopId::parse(&raw)
    }
}

impl From<ShopId> for String {
    fn from(id: ShopId) -> String {
        id.0.to_string()
    }
}

impl TryFrom<String> for ConversationId {
    type Error = IdError;
    fn try_from(raw: String) -> Result<Self, IdError> {
        ConversationId::parse(&raw)
    }
}

impl From<ConversationId> for String {
    fn from(id: ConversationId) -> String {
        id.0.to_string()
    }
}

impl fmt::Display for ShopId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ConversationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A conversation is always named together with its shop: the same id in two shops is two
/// conversations, and nothing can reach one shop's conversation through another shop.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConversationKey {
    pub shop: ShopId,
    pub id: ConversationId,
}

/// A language as a lower-case BCP-47 tag: "en", "zh", "zh-tw", "pt-br". Validated loosely
/// (letters, digits and '-', at most 16 bytes) because buyers' locales come in every shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Language(Arc<str>);

impl Language {
    pub fn parse(raw: &str) -> Option<Language> {
        let tag = raw.trim().replace('_', "-").to_ascii_lowercase();
        let ok = (2..=16).contains(&tag.len())
            && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && tag.as_bytes()[0].is_ascii_alphabetic();
        ok.then(|| Language(tag.into()))
    }

    /// The primary subtag: "zh" for "zh-tw".
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn english() -> Language {
        Language("en".into())
    }
}

impl TryFrom<String> for Language {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        Language::parse(&raw).ok_or_else(|| format!("{raw:?} is not a language tag like \"en\" or \"pt-BR\""))
    }
}

impl From<Language> for String {
    fn from(lang: Language) -> String {
        lang.0.to_string()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Order id, tracking number, country (ISO alpha-2), SKU and amount a message names, as written
/// (a tracking number upper-cased).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entities {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

impl Entities {
    /// `self` with the gaps filled from `earlier`: what this message names wins.
    pub fn or(mut self, earlier: &Entities) -> Entities {
        let fill = |field: &mut Option<String>, from: &Option<String>| {
            if field.is_none() {
                field.clone_from(from);
            }
        };
        fill(&mut self.order_id, &earlier.order_id);
        fill(&mut self.tracking_number, &earlier.tracking_number);
        fill(&mut self.country, &earlier.country);
        fill(&mut self.sku, &earlier.sku);
        fill(&mut self.amount, &earlier.amount);
        self
    }

    /// The order id, or else the tracking number: what finds an order.
    pub fn order_key(&self) -> Option<&str> {
        self.order_id.as_deref().or(self.tracking_number.as_deref())
    }
}

/// An order id or tracking number as kefu compares them: its ASCII letters and digits,
/// upper-cased. Platforms and buyers write one id many ways — `#W2611340`, `W2611340`,
/// `w-2611340`, `112-1234567-1234567`, `AA 2026 004217` — and all of a kind meet here, on the
/// shop's side and the buyer's.
pub fn order_key(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// The shorter forms buyers type for an order id, each a key (`order_key`): the id's trailing
/// parts ("2026-004217", "004217" of `AA-2026-004217`; "2611340" of `W2611340`, where letters
/// meet digits) and its last number without leading zeros ("4217"). Four characters at least,
/// the whole key excluded. A short form finds an order only when it is one order's alone.
pub fn order_short_forms(order_id: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in order_id.chars() {
        let boundary = !c.is_ascii_alphanumeric()
            || current.chars().last().is_some_and(|last| last.is_ascii_digit() != c.is_ascii_digit());
        if boundary && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_uppercase());
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    let whole = order_key(order_id);
    let mut forms: Vec<String> = (1..parts.len()).map(|from| parts[from..].concat()).collect();
    if let Some(last) = parts.last().filter(|p| p.chars().all(|c| c.is_ascii_digit())) {
        forms.push(last.trim_start_matches('0').to_owned());
    }
    forms.retain(|f| f.len() >= 4 && *f != whole && f.chars().any(|c| c.is_ascii_digit()));
    forms.sort();
    forms.dedup();
    forms
}

/// Something a reply needs and the buyer has not said yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// An order number (or tracking number).
    Order,
    /// A destination country.
    Country,
    /// A photo of a damaged or wrong item (and its order number).
    Photo,
    /// The e-mail, phone or postcode on an order, to show it is the buyer's.
    Contact,
    /// A new delivery address.
    Address,
    /// The option value wanted instead (a size, a colour) in an exchange.
    Option,
    /// A yes or no to the action the bot proposed.
    Confirmation,
    /// Which of an order's items (a return of some of them).
    Items,
}

/// A file sent with a buyer message. The bot only looks at its kind (a photo of a damaged item
/// goes to a person); keeping the file is the channel's job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub kind: AttachmentKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Image,
    File,
}

/// The page a buyer writes from: the product they are looking at (a SKU or the product page's
/// address) and the page's address. Set by the widget (`data-product`, the page's JSON-LD …)
/// or a marketplace product card; the latest one holds for the conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
}

impl PageContext {
    /// Longest product reference and page address kept.
    pub const MAX_PRODUCT: usize = 512;
    pub const MAX_URL: usize = 2048;

    /// Checks a context from outside: bounded lengths, no control characters. Empty fields are
    /// dropped; a context with nothing left is `None`.
    pub fn checked(self) -> Result<Option<PageContext>, &'static str> {
        let clean = |value: Option<String>, max: usize| -> Result<Option<String>, &'static str> {
            let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else { return Ok(None) };
            if value.len() > max || value.chars().any(char::is_control) {
                return Err(
                    "context fields are text without control characters, product ≤ 512 and page_url ≤ 2048 bytes",
                );
            }
            Ok(Some(value))
        };
        let context = PageContext {
            product: clean(self.product, Self::MAX_PRODUCT)?,
            page_url: clean(self.page_url, Self::MAX_URL)?,
        };
        Ok((context != PageContext::default()).then_some(context))
    }

    /// `checked` for a context a frame, a line or a delivery may or may not carry.
    pub fn check(context: Option<PageContext>) -> Result<Option<PageContext>, &'static str> {
        Ok(context.map(PageContext::checked).transpose()?.flatten())
    }

    /// What names the product: the product reference, else the page's address.
    pub fn product_ref(&self) -> Option<&str> {
        self.product.as_deref().or(self.page_url.as_deref())
    }
}

/// What a buyer wants. The taxonomy is documented in docs/intents.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    OrderStatus,
    Shipping,
    CustomsDuties,
    ProductQuestion,
    StockAvailability,
    ReturnsRefunds,
    Exchange,
    CancelOrder,
    ModifyOrder,
    Payment,
    Discount,
    DamagedWrongItem,
    Complaint,
    ChargebackDispute,
    HumanRequest,
    Greeting,
    ThanksBye,
    Other,
}

impl Intent {
    /// What the intent means, in a few words (docs/intents.md), for a language model's prompt.
    pub fn meaning(self) -> &'static str {
        match self {
            Intent::OrderStatus => "where an order is; tracking not updating; delivered but not received",
            Intent::Shipping => "time, cost or methods to ship to a country",
            Intent::CustomsDuties => "import taxes, duties, customs clearance",
            Intent::ProductQuestion => "a product's material, size, specs",
            Intent::StockAvailability => "whether something is in stock",
            Intent::ReturnsRefunds => "to return an item or get money back",
            Intent::Exchange => "a different size or colour instead of an item received",
            Intent::CancelOrder => "to cancel an order",
            Intent::ModifyOrder => "to change an order's items or address before it ships",
            Intent::Payment => "payment methods, failed payments, invoices",
            Intent::Discount => "coupons, promotions, a better price",
            Intent::DamagedWrongItem => "something arrived broken, defective, incomplete or wrong",
            Intent::Complaint => "a complaint without a dispute or threat",
            Intent::ChargebackDispute => "a chargeback, payment dispute, legal action or bad-review threat",
            Intent::HumanRequest => "to talk to a person",
            Intent::Greeting => "hello",
            Intent::ThanksBye => "thanks or goodbye",
            Intent::Other => "something outside the shop's service",
        }
    }

    pub const ALL: [Intent; 18] = [
        Intent::OrderStatus,
        Intent::Shipping,
        Intent::CustomsDuties,
        Intent::ProductQuestion,
        Intent::StockAvailability,
        Intent::ReturnsRefunds,
        Intent::Exchange,
        Intent::CancelOrder,
        Intent::ModifyOrder,
        Intent::Payment,
        Intent::Discount,
        Intent::DamagedWrongItem,
        Intent::Complaint,
        Intent::ChargebackDispute,
        Intent::HumanRequest,
        Intent::Greeting,
        Intent::ThanksBye,
        Intent::Other,
    ];

    /// The snake_case name used on the wire, in config and in metrics labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::OrderStatus => "order_status",
            Intent::Shipping => "shipping",
            Intent::CustomsDuties => "customs_duties",
            Intent::ProductQuestion => "product_question",
            Intent::StockAvailability => "stock_availability",
            Intent::ReturnsRefunds => "returns_refunds",
            Intent::Exchange => "exchange",
            Intent::CancelOrder => "cancel_order",
            Intent::ModifyOrder => "modify_order",
            Intent::Payment => "payment",
            Intent::Discount => "discount",
            Intent::DamagedWrongItem => "damaged_wrong_item",
            Intent::Complaint => "complaint",
            Intent::ChargebackDispute => "chargeback_dispute",
            Intent::HumanRequest => "human_request",
            Intent::Greeting => "greeting",
            Intent::ThanksBye => "thanks_bye",
            Intent::Other => "other",
        }
    }
}

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which kind of shop data a passage comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Product,
    Order,
    Shipping,
    Policy,
    Faq,
}

/// A piece of shop data a reply relied on: the SKU, the order id, or `file#heading`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub kind: SourceKind,
    pub id: String,
    pub title: String,
    pub score: f32,
}

/// What time it is for the decisions that depend on it (a turn's "delivered last week", a
/// session's or key's expiry, a retention): the system's; a fixed moment (an evaluation must
/// not depend on the day it runs); or the system's moved on by hand (a test of what expiry does
/// jumps ahead instead of sleeping). Timestamps stored with entries stay the system's.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(jiff::Timestamp),
    /// The system's time plus the milliseconds `advance` added.
    Shifted(std::sync::Arc<std::sync::atomic::AtomicU64>),
}

impl Clock {
    /// A clock at the system's time until `advance` moves it on.
    pub fn shifted() -> Clock {
        Clock::Shifted(Default::default())
    }

    pub fn now(&self) -> jiff::Timestamp {
        match self {
            Clock::System => jiff::Timestamp::now(),
            Clock::Fixed(at) => *at,
            Clock::Shifted(_) => {
                let ms = i64::try_from(self.now_ms()).unwrap_or(i64::MAX);
                jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::MAX)
            }
        }
    }

    /// Unix time in milliseconds.
    pub fn now_ms(&self) -> u64 {
        match self {
            Clock::System => now_ms(),
            Clock::Fixed(at) => u64::try_from(at.as_millisecond()).unwrap_or(0),
            Clock::Shifted(by) => now_ms().saturating_add(by.load(std::sync::atomic::Ordering::Relaxed)),
        }
    }

    /// Moves a shifted clock on by `by`; the system's and a fixed clock do not move (false).
    pub fn advance(&self, by: std::time::Duration) -> bool {
        match self {
            Clock::Shifted(shift) => {
                let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
                shift.fetch_add(ms, std::sync::atomic::Ordering::Relaxed);
                true
            }
            Clock::System | Clock::Fixed(_) => false,
        }
    }
}

/// Unix time in milliseconds.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// A lock held somewhere else (a store's advisory lock), released when dropped: what the storage
/// ports' `turn_lock` and `write_lock` return. Empty for a store only one process opens, whose
/// callers' own in-process locks suffice.
#[derive(Default)]
pub struct Held {
    _held: Option<Box<dyn Send + Sync>>,
}

impl Held {
    pub fn new(held: Box<dyn Send + Sync>) -> Held {
        Held { _held: Some(held) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_moves_on_by_hand_and_the_others_do_not() {
        let day = std::time::Duration::from_secs(86_400);
        let clock = Clock::shifted();
        let before = clock.now_ms();
        assert!(clock.advance(day));
        let after = clock.now_ms();
        assert!(after >= before + 86_400_000 && after < before + 86_400_000 + 60_000, "{before} → {after}");
        assert!(clock.now().as_millisecond() >= after as i64);
        let fixed = Clock::Fixed(jiff::Timestamp::from_second(1_700_000_000).unwrap());
        assert!(!fixed.advance(day), "a fixed moment stays put");
        assert_eq!(fixed.now_ms(), 1_700_000_000_000);
        assert!(!Clock::System.advance(day));
        assert!(Clock::System.now_ms() < after, "the system's time did not move");
    }

    #[test]
    fn order_keys_and_short_forms() {
        assert_eq!(order_key("#W2611340"), "W2611340");
        assert_eq!(order_key(" aa 2026-004217 "), "AA2026004217");
        assert_eq!(order_short_forms("AA-2026-004217"), ["004217", "2026004217", "4217"]);
        assert_eq!(order_short_forms("#W2611340"), vec!["2611340".to_owned()]);
        assert!(order_short_forms("#1001").is_empty());
        assert!(order_short_forms("1042").is_empty());
    }

    #[test]
    fn ids_accept_the_documented_alphabet_only() {
        assert!(ShopId::parse("guilin-rattan").is_ok());
        assert!(ShopId::parse("Guilin").is_err());
        assert!(ShopId::parse("").is_err());
        assert!(ShopId::parse("a/../b").is_err());
        assert!(ShopId::parse(&"a".repeat(65)).is_err());
        assert!(ConversationId::parse("c1").is_ok());
        assert!(ConversationId::parse("web:3f2a.b_c-d").is_ok());
        assert!(ConversationId::parse("has space").is_err());
        assert!(ConversationId::parse("\u{0}").is_err());
    }

    #[test]
    fn random_conversation_ids_are_valid_and_distinct() {
        let a = ConversationId::random();
        assert!(ConversationId::parse(a.as_str()).is_ok());
        assert!(a.is_unguessable());
        for guessable in ["generic.c-42", "whatsapp.8613800000000", "c1", "0123456789ABCDEF0123456789abcdef"] {
            assert!(!ConversationId::parse(guessable).unwrap().is_unguessable(), "{guessable}");
        }
        assert_ne!(a, ConversationId::random());
    }

    #[test]
    fn languages_normalise_case_and_separator() {
        assert_eq!(Language::parse("pt_BR").unwrap().as_str(), "pt-br");
        assert_eq!(Language::parse("zh-TW").unwrap().primary(), "zh");
        assert!(Language::parse("").is_none());
        assert!(Language::parse("1x").is_none());
        assert!(Language::parse("en;drop").is_none());
    }

    #[test]
    fn intent_names_round_trip_through_serde() {
        for intent in Intent::ALL {
            let json = serde_json::to_string(&intent).unwrap();
            assert_eq!(json, format!("\"{}\"", intent.as_str()));
            assert_eq!(serde_json::from_str::<Intent>(&json).unwrap(), intent);
        }
    }
}
