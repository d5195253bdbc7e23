//! A shop's knowledge as kefu understands it: products, shipping options, orders, policies and
//! FAQ, read from `knowledge/<shop_id>/` (docs/knowledge-format.md) and validated whole.
//!
//! `parse` reads and validates a shop directory, reporting every problem as `file:line: field`;
//! `chunk` turns the records into passages for retrieval. Neither writes anything.

pub mod catalogue;
pub mod chunk;
pub mod parse;
pub mod store;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::OrderStatus;
use crate::shop::Shop;

/// An answer an agent saved from the console as one of the shop's FAQ entries. Kept with the
/// shop's record, so ingesting the shop's directory again keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnedFaq {
    pub question: String,
    pub answer: String,
    /// The agent who saved it.
    pub agent: String,
    pub at_ms: u64,
}

/// The marketplaces whose product cards kefu reads, by the names `listings` uses.
pub const LISTING_PLATFORMS: &[&str] = &["shopee", "lazada", "tiktok"];

/// A marketplace's id of a product as kefu takes it: 1–64 ASCII letters, digits, `-` and `_`.
/// Marketplace ids are numbers today; the bound keeps a card's id from carrying anything else.
pub fn is_listing_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Everything one shop directory holds, validated.
#[derive(Debug, Clone)]
pub struct ShopKnowledge {
    pub shop: Shop,
    pub products: Vec<Product>,
    pub shipping: Vec<ShippingOption>,
    pub orders: Vec<Order>,
    /// `policies/*.md`, sorted by file name.
    pub policies: Vec<Document>,
    pub faq: Option<Document>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub sku: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub price: f64,
    pub currency: String,
    #[serde(default)]
    pub attributes: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub variants: Vec<Variant>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The language the product is written in, when it is not the shop's `default_language`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The product's id on each marketplace that lists it (`"shopee"` → Shopee's item id), so
    /// a product card a buyer sends from that marketplace names this product.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub listings: BTreeMap<String, String>,
    /// 1-based line in products.jsonl.
    #[serde(skip)]
    pub line: usize,
}

/// How much of a long attribute value answers by meaning read ("included components" lists
/// run long).
const RANKED_VALUE_CHARS: usize = 200;

impl Product {
    /// Its attribute names and values as questions are compared with them in meaning
    /// ("item_weight" → "item weight"; a long value by its start), in `attributes` order.
    pub fn attribute_texts(&self) -> (Vec<String>, Vec<String>) {
        self.attributes
            .iter()
            .map(|(key, value)| {
                let value = chunk::scalar(value).chars().take(RANKED_VALUE_CHARS).collect();
                (key.replace(['_', '-'], " "), value)
            })
            .unzip()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub sku: String,
    #[serde(default)]
    pub options: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub price: Option<f64>,
    #[serde(default = "yes")]
    pub available: bool,
}

fn yes() -> bool {
    true
}

/// One row of `shipping.csv`: a way to ship to `country` ("*" for everywhere else).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShippingOption {
    pub country: String,
    pub carrier: String,
    pub service: String,
    pub cost: f64,
    pub currency: String,
    pub min_days: u32,
    pub max_days: u32,
    pub tracking_url: String,
    pub notes: String,
    /// 1-based line in shipping.csv.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub order_id: String,
    #[serde(default)]
    pub buyer: Option<String>,
    /// The platform's own id of the order (Shopify's `gid://shopify/Order/…`), which its API
    /// takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_order_id: Option<String>,
    /// The marketplace's id of the buyer who placed it: a conversation from that buyer's
    /// account shows the order is theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_id: Option<String>,
    /// How the buyer shows the order is theirs (`[orders] verify = "contact"`): any of these,
    /// as the order was placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    pub status: OrderStatus,
    pub items: Vec<OrderItem>,
    pub total: f64,
    pub currency: String,
    #[serde(default)]
    pub destination_country: Option<String>,
    /// Where it is delivered; what the address action changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<crate::domain::Address>,
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub shipped_at: Option<String>,
    #[serde(default)]
    pub delivered_at: Option<String>,
    #[serde(default)]
    pub eta_min: Option<String>,
    #[serde(default)]
    pub eta_max: Option<String>,
    #[serde(default)]
    pub events: Vec<TrackingEvent>,
    /// When the order last changed (RFC 3339), as its platform says: an update from the
    /// platform that is not newer is not applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// 1-based line in orders.jsonl.
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    /// The variant bought (or the product, when it has no variants).
    pub sku: String,
    #[serde(default)]
    pub title: String,
    pub qty: u32,
    pub price: f64,
    /// The product the variant belongs to: an exchange is for another variant of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_sku: Option<String>,
    /// The variant's options as bought ({"size": "M", "colour": "black"}).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingEvent {
    pub time: String,
    #[serde(default)]
    pub location: String,
    pub description: String,
}

/// A markdown file split at its `## ` headings.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Path inside the shop directory, e.g. `policies/returns.md`.
    pub file: String,
    /// The `# ` title, if any.
    pub title: Option<String>,
    /// Declared by a `<!-- language: xx -->` line before the first heading, when the file is
    /// not in the shop's `default_language`.
    pub language: Option<crate::domain::Language>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub body: String,
    /// 1-based line of the heading.
    pub line: usize,
}
