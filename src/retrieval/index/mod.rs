//! The vector index port: nearest-neighbour search over one shop's passage vectors. Two
//! adapters with the same semantics: `exact` (in-process, the embedded default) and `qdrant`
//! (a Qdrant server, for deployments that outgrow one machine). Every search names its shop
//! and is restricted to it inside the index; results are never filtered afterwards.

pub mod exact;
pub mod qdrant;

#[cfg(test)]
pub(crate) mod contract;
#[cfg(test)]
mod qdrant_fake;

use crate::domain::ShopId;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("vector index unavailable: {0}")]
    Unavailable(String),
    #[error("a vector has {got} dimensions, the index holds {expected}")]
    Dimension { expected: usize, got: usize },
}

/// A passage id and its similarity to the query (cosine: vectors are unit length).
pub type Hit = (String, f32);

#[async_trait::async_trait]
pub trait VectorIndex: Send + Sync {
    /// Adds points to `shop`, replacing any with the same id.
    async fn upsert(&self, shop: &ShopId, points: &[(String, Vec<f32>)]) -> Result<(), IndexError>;

    /// Removes points from `shop`; unknown ids are ignored.
    async fn delete(&self, shop: &ShopId, ids: &[String]) -> Result<(), IndexError>;

    /// The `limit` points of `shop` most similar to `query`, best first.
    async fn search(&self, shop: &ShopId, query: &[f32], limit: usize) -> Result<Vec<Hit>, IndexError>;

    /// Removes every point of `shop`.
    async fn clear(&self, shop: &ShopId) -> Result<(), IndexError>;

    /// How many points `shop` has.
    async fn len(&self, shop: &ShopId) -> Result<usize, IndexError>;

    /// Whether the index keeps its points across restarts. An index that does not is filled
    /// from the knowledge store at every start; one that does is checked and re-synced only
    /// when the store says it may be behind.
    fn persistent(&self) -> bool {
        false
    }
}
