//! The knowledge store port: what ingestion leaves behind for retrieval — each shop's settings,
//! its passages with their vectors, and its orders — written atomically per shop.
//! `storage::sled` is the embedded adapter.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{LearnedFaq, Order, Product, ShippingOption};
use crate::domain::{Held, Language, ShopId, Source};

/// A passage as stored: the chunk and its embedding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPassage {
    pub id: String,
    pub source: Source,
    pub location: String,
    pub language: Language,
    pub text: String,
    pub hash: String,
    #[serde(skip)]
    pub vector: Vec<f32>,
}

/// A shop's header: its settings as written, and how its passages were embedded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopRecord {
    /// The text of shop.toml, parsed again on load (so newer fields survive older builds).
    pub shop_toml: String,
    /// The embedding model the vectors come from; another model means re-embedding all.
    pub model: String,
    pub dimension: usize,
    pub ingested_at_ms: u64,
    pub passages: usize,
    pub orders: usize,
    /// Whether a persistent vector index is known to hold exactly these passages' vectors.
    /// False from each commit until the index has been updated, so a crash or an index outage
    /// in between is repaired at the next start.
    #[serde(default)]
    pub indexed: bool,
    /// shipping.csv's rows: shipping questions are answered from them, not from passages.
    #[serde(default)]
    pub shipping: Vec<ShippingOption>,
    /// products.jsonl's records: availability, attribute and price questions are answered
    /// from them. Empty for a shop ingested before kefu kept them (ingest it again).
    #[serde(default)]
    pub products: Vec<Product>,
    /// FAQ entries saved by agents (passages `faq:learned#<question>`).
    #[serde(default)]
    pub learned: Vec<LearnedFaq>,
}

/// One ingestion's changes to one shop.
#[derive(Debug, Clone)]
pub struct Changes {
    pub record: ShopRecord,
    /// New or changed passages.
    pub upserts: Vec<StoredPassage>,
    /// Ids of passages that are gone.
    pub deletes: Vec<String>,
    /// Every order of the shop: they replace the stored ones.
    pub orders: Vec<Order>,
}

/// Everything stored for one shop.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub record: ShopRecord,
    pub passages: Vec<StoredPassage>,
    pub orders: Vec<Order>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage failed: {0}")]
    Storage(String),
    #[error("stored knowledge is unreadable: {0}; ingest the shop again")]
    Corrupt(String),
}

#[async_trait::async_trait]
pub trait KnowledgeStore: Send + Sync {
    async fn record(&self, shop: &ShopId) -> Result<Option<ShopRecord>, StoreError>;

    /// Passage id → content hash, for finding what changed.
    async fn hashes(&self, shop: &ShopId) -> Result<HashMap<String, String>, StoreError>;

    /// Applies all of `changes` or none, and makes them durable before returning.
    async fn commit(&self, shop: &ShopId, changes: Changes) -> Result<(), StoreError>;

    /// Records whether the vector index holds this shop's current vectors.
    async fn set_indexed(&self, shop: &ShopId, indexed: bool) -> Result<(), StoreError>;

    async fn snapshot(&self, shop: &ShopId) -> Result<Option<Snapshot>, StoreError>;

    /// Every shop with a record, sorted.
    async fn shops(&self) -> Result<Vec<ShopId>, StoreError>;

    /// Removes the shop's record, passages and orders (its deletion); whether it had a record.
    async fn remove(&self, shop: &ShopId) -> Result<bool, StoreError>;

    /// Holds the shop's write lock until the guard drops, for stores several processes share:
    /// two nodes never change one shop's knowledge at once. A store only one process opens
    /// needs nothing beyond the ingestor's own lock.
    async fn write_lock(&self, _shop: &ShopId) -> Result<Held, StoreError> {
        Ok(Held::default())
    }
}
